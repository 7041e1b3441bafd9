#include "cli/socket_stream.h"

#include <sys/time.h>

namespace paysim {
namespace cli {

SocketStream::SocketStream(int fd, absl::Duration timeout) : fd_(fd) {
  const timeval tv = absl::ToTimeval(timeout);
  setsockopt(fd_, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof(tv));
  setsockopt(fd_, SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof(tv));
}

size_t SocketStream::Read(iovec* iov, int count, boost::system::error_code& ec) {
  ec = {};
  if (count == 0) return 0;
  if (deadline_ != absl::InfiniteFuture() && absl::Now() >= deadline_) {
    ec = boost::beast::error::timeout;
    return 0;
  }
  while (true) {
    msghdr message{};
    message.msg_iov = iov;
    message.msg_iovlen = static_cast<size_t>(count);
    const ssize_t n = recvmsg(fd_, &message, 0);
    if (n > 0) return static_cast<size_t>(n);
    if (n == 0) {
      ec = boost::asio::error::eof;
      return 0;
    }
    if (errno == EINTR) continue;
    if (errno == EAGAIN || errno == EWOULDBLOCK) {
      ec = boost::beast::error::timeout;
    } else {
      ec = boost::system::error_code(errno, boost::system::system_category());
    }
    return 0;
  }
}

bool SocketStream::WriteAll(absl::string_view bytes) {
  while (!bytes.empty()) {
    const ssize_t n = send(fd_, bytes.data(), bytes.size(), MSG_NOSIGNAL);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return false;
    bytes.remove_prefix(static_cast<size_t>(n));
  }
  return true;
}

}  // namespace cli
}  // namespace paysim
