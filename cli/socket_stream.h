// socket_stream.h: a connected TCP socket as a Beast SyncReadStream, with read timeouts and a
// per-request deadline, for a server that gives each connection a thread of its own.
//
// Boost.Asio's synchronous socket operations wait without a timeout (they poll again when the
// kernel's SO_RCVTIMEO fires). This stream reads with one recv() per call on a blocking socket
// whose SO_RCVTIMEO is `read_timeout`, so a read costs one system call and never waits longer
// than the timeout; and it refuses to read past a deadline, so a client trickling a request
// byte by byte cannot hold its thread for ever. Beast's parsers (http::read_header,
// http::read) read through it; responses are written whole with WriteAll().
//
// Example:
//   SocketStream stream(fd, absl::Seconds(5));
//   boost::beast::flat_buffer buffer;
//   boost::beast::http::request_parser<boost::beast::http::string_body> parser;
//   stream.set_deadline(absl::Now() + absl::Seconds(30));
//   boost::beast::http::read(stream, buffer, parser, ec);
//   stream.WriteAll(response_bytes);
//
// Errors: read_some reports asio::error::eof when the peer closed its side (or shut it down),
// beast::error::timeout when the read timeout or the deadline passed, and the system's error
// otherwise. Thread safety: one thread at a time; ShutdownRead may be called from any thread.
// Does not own the descriptor.
#ifndef PAYSIM_CLI_SOCKET_STREAM_H_
#define PAYSIM_CLI_SOCKET_STREAM_H_

#include <sys/socket.h>
#include <sys/uio.h>

#include <cerrno>
#include <cstddef>

#include "absl/strings/string_view.h"
#include "absl/time/clock.h"
#include "absl/time/time.h"
#include "boost/asio/buffer.hpp"
#include "boost/asio/error.hpp"
#include "boost/beast/core/error.hpp"
#include "boost/system/error_code.hpp"

namespace paysim {
namespace cli {

class SocketStream {
 public:
  // Sets SO_RCVTIMEO and SO_SNDTIMEO of `fd` to `timeout` (a blocked recv or send gives up
  // after that long without progress). `fd` must be a connected, blocking socket.
  SocketStream(int fd, absl::Duration timeout);

  SocketStream(const SocketStream&) = delete;
  SocketStream& operator=(const SocketStream&) = delete;

  // No read may start after `deadline` (absl::InfiniteFuture(): none).
  void set_deadline(absl::Time deadline) { deadline_ = deadline; }

  // SyncReadStream: reads what is available (at least one byte) into `buffers`.
  template <typename MutableBufferSequence>
  size_t read_some(const MutableBufferSequence& buffers, boost::system::error_code& ec) {
    iovec iov[kMaxBuffers];
    int count = 0;
    for (auto it = boost::asio::buffer_sequence_begin(buffers);
         it != boost::asio::buffer_sequence_end(buffers) && count < kMaxBuffers; ++it) {
      boost::asio::mutable_buffer b(*it);
      if (b.size() == 0) continue;
      iov[count++] = {b.data(), b.size()};
    }
    return Read(iov, count, ec);
  }

  template <typename MutableBufferSequence>
  size_t read_some(const MutableBufferSequence& buffers) {
    boost::system::error_code ec;
    const size_t n = read_some(buffers, ec);
    if (ec) throw boost::system::system_error(ec);
    return n;
  }

  // Writes every byte of `bytes`. False if the peer is gone or did not read for the timeout.
  bool WriteAll(absl::string_view bytes);

 private:
  static constexpr int kMaxBuffers = 8;

  size_t Read(iovec* iov, int count, boost::system::error_code& ec);

  const int fd_;
  absl::Time deadline_ = absl::InfiniteFuture();
};

}  // namespace cli
}  // namespace paysim

#endif  // PAYSIM_CLI_SOCKET_STREAM_H_
