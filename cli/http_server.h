// http_server.h: a small HTTP/1.1 server for `paysim serve`: Boost.Beast's parser over
// blocking sockets, one thread per connection.
//
// Requests: HTTP/1.1 and 1.0, keep-alive (1.1 by default, 1.0 when asked), pipelined requests
// answered in order, bodies by Content-Length or chunked, `Expect: 100-continue`. A request
// whose request line and headers exceed `max_header_bytes` is answered 400, one whose body
// exceeds `max_body_bytes` 413 (at once when Content-Length says so), a malformed one 400;
// those answers carry Stripe's error JSON (http_response.h: TransportError) and close the
// connection, since the rest of the stream can no longer be trusted. Every other request goes
// to the handler, whose response is written as AppendResponseBytes writes it.
//
// Threading model: an acceptor thread, and a thread for each open connection, which reads a
// request, calls the handler and writes the response, then reads the next. The handler runs on
// that thread and may block (a clock advance delivers webhooks before it answers) without
// delaying any other connection; a slow, silent or half-closed client holds only its own
// thread. A connection is closed when idle for `idle_timeout`, when a read or a write makes no
// progress for that long, when a request takes longer than `request_timeout` to arrive, after
// `max_requests_per_connection` requests, and when the client asks. At most `max_connections`
// are open at once; more wait in the listen backlog until one closes.
//
// Why threads and not an io_context with a small pool (bench/http_bench.cc measures both on
// the same fixed answer): a blocked connection thread costs one recv and one send a request,
// the least there is; a reactor on a pool of 2 threads adds epoll_wait, epoll_ctl and futex
// wake-ups between its threads (about 8 more system calls a request, counted with strace) and
// answered 0.6 to 0.9 as many requests on one keep-alive connection. SDKs and test suites open
// a handful of connections, so a thread each is cheap, and a handler that blocks (a clock
// advance delivering webhooks) cannot stall the others.
//
// Example:
//   HttpServer server({.port = 0}, [](const HttpRequest& r) {
//     return HttpResponse{200, {{"Content-Type", "text/plain"}}, "hello"};
//   });
//   if (absl::Status s = server.Start(); !s.ok()) ...
//   // http://127.0.0.1:<server.port()>/
//   server.Stop();   // or the destructor
//
// Thread safety: the handler is called from many threads at once. Start and Stop from one
// thread; port() and open_connections() from any.
#ifndef PAYSIM_CLI_HTTP_SERVER_H_
#define PAYSIM_CLI_HTTP_SERVER_H_

#include <atomic>
#include <cstddef>
#include <functional>
#include <map>
#include <string>
#include <thread>
#include <utility>
#include <vector>

#include "absl/base/thread_annotations.h"
#include "absl/status/status.h"
#include "absl/strings/string_view.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/time.h"
#include "cli/http_response.h"

namespace paysim {
namespace cli {

// One request, valid for the duration of the handler's call.
struct HttpRequest {
  absl::string_view method;  // as sent: "GET", "POST"...
  absl::string_view target;  // as sent: path and query string, "/v1/charges?limit=3"
  // In the order sent, names as sent.
  const std::vector<std::pair<std::string, std::string>>* headers = nullptr;
  absl::string_view body;  // decoded from chunks if it came chunked
};

using HttpHandler = std::function<HttpResponse(const HttpRequest&)>;

struct HttpServerOptions {
  // Address to listen on (a name or a numeric address). Anything but loopback exposes the
  // server to the network.
  std::string host = "127.0.0.1";
  // TCP port; 0 picks a free one (see port()).
  int port = 0;
  // Request line and headers; more is answered 400.
  size_t max_header_bytes = size_t{64} << 10;
  // Request body; more is answered 413.
  size_t max_body_bytes = size_t{2} << 20;
  // An idle keep-alive connection, and any read or write that makes no progress, ends after
  // this long (announced as `Keep-Alive: timeout=`, in whole seconds).
  absl::Duration idle_timeout = absl::Seconds(5);
  // A request must arrive whole within this long.
  absl::Duration request_timeout = absl::Seconds(30);
  // After this many requests a connection is closed (announced as `Keep-Alive: max=`).
  int max_requests_per_connection = 100000;
  // Connections open at once; more wait to be accepted.
  int max_connections = 1024;
  // Stop() lets requests in progress finish for this long, then cuts the connections.
  absl::Duration stop_grace = absl::Seconds(2);
};

class HttpServer {
 public:
  HttpServer(HttpServerOptions options, HttpHandler handler);
  ~HttpServer();  // Stop()s

  HttpServer(const HttpServer&) = delete;
  HttpServer& operator=(const HttpServer&) = delete;

  // Start()
  //
  // Binds and listens, then accepts on a thread of its own; returns once connections are
  // accepted. kUnavailable naming the address if it cannot be bound (in use, not local, not
  // an address); kFailedPrecondition if called twice.
  absl::Status Start();

  // The bound port (the chosen one when options.port was 0); 0 before Start().
  int port() const { return port_.load(); }

  // Connections open now.
  int open_connections() const;

  // Stop()
  //
  // Stops accepting, ends idle connections, lets requests in progress finish and answer
  // (with `Connection: close`) for up to options.stop_grace, then closes what is left and
  // joins every thread. Idempotent.
  void Stop();

 private:
  void Accept();
  void Serve(int id, int fd);
  // Joins the threads of connections that have ended. REQUIRES: mu_ held.
  void Reap() ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_);

  const HttpServerOptions options_;
  const HttpHandler handler_;
  int listen_fd_ = -1;
  std::atomic<int> port_{0};
  std::thread acceptor_;
  bool started_ = false;

  mutable absl::Mutex mu_;
  bool stopping_ ABSL_GUARDED_BY(mu_) = false;
  std::atomic<bool> stopping_flag_{false};  // stopping_, read without the lock per request
  int next_id_ ABSL_GUARDED_BY(mu_) = 0;
  // Open connections: id -> socket. A connection's thread removes itself before it closes its
  // socket, so Stop() never shuts down a descriptor that was reused.
  std::map<int, int> open_ ABSL_GUARDED_BY(mu_);
  std::map<int, std::thread> threads_ ABSL_GUARDED_BY(mu_);
  std::vector<int> finished_ ABSL_GUARDED_BY(mu_);
};

}  // namespace cli
}  // namespace paysim

#endif  // PAYSIM_CLI_HTTP_SERVER_H_
