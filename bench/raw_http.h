// raw_http.h: the bare-socket pieces of bench/http_bench.cc: the one client every case uses,
// and the servers that give the ceiling (the same answer with no work behind it).
//
// RawHttpClient: one keep-alive connection, one request at a time (no pipelining): send the
// request bytes, read one response framed by its Content-Length.
// FixedResponseServer: a thread per connection, blocking reads, the same response bytes for
// every request: what a server costs with nothing but sockets.
// AsioFixedResponseServer: the same answers from Boost.Asio's reactor (async reads and writes
// on an io_context run by a small pool of threads), to compare threading models.
//
// Thread safety: a client is used by one thread; the servers serve many connections and stop
// in their destructors (every thread joined).
#ifndef PAYSIM_BENCH_RAW_HTTP_H_
#define PAYSIM_BENCH_RAW_HTTP_H_

#include <atomic>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

namespace paysim {
namespace bench {

class RawHttpClient {
 public:
  // Connects to 127.0.0.1:`port` (TCP_NODELAY); ok() tells whether it did.
  explicit RawHttpClient(int port);
  ~RawHttpClient();

  RawHttpClient(const RawHttpClient&) = delete;
  RawHttpClient& operator=(const RawHttpClient&) = delete;

  bool ok() const { return fd_ >= 0; }

  // Sends `request` and reads one response; its status, or 0 on a broken connection or a
  // response without Content-Length. The response's bytes stay in response() until the next
  // call.
  int RoundTrip(const std::string& request);
  const std::string& response() const { return buffer_; }

 private:
  bool ReadMore();

  int fd_ = -1;
  std::string buffer_;
};

// Binds 127.0.0.1 on a free port and listens; the socket, or -1.
int ListenOnLoopback(int* port);

class FixedResponseServer {
 public:
  // Answers every request (read up to its Content-Length body) with `response`, as is.
  explicit FixedResponseServer(std::string response);
  ~FixedResponseServer();

  int port() const { return port_; }

 private:
  void Serve(int fd);

  const std::string response_;
  int listen_fd_ = -1;
  int port_ = 0;
  std::atomic<bool> stopping_{false};
  std::thread acceptor_;
  std::mutex mu_;
  std::vector<int> fds_;              // guarded by mu_
  std::vector<std::thread> threads_;  // guarded by mu_
};

class AsioFixedResponseServer {
 public:
  // Answers every request with `response` from an io_context run by `threads` threads.
  AsioFixedResponseServer(std::string response, int threads);
  ~AsioFixedResponseServer();

  int port() const { return port_; }

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
  int port_ = 0;
};

}  // namespace bench
}  // namespace paysim

#endif  // PAYSIM_BENCH_RAW_HTTP_H_
