#include "cli/http_server.h"

#include <netdb.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/types/optional.h"
#include "boost/beast/core/flat_buffer.hpp"
#include "boost/beast/http/error.hpp"
#include "boost/beast/http/parser.hpp"
#include "boost/beast/http/read.hpp"
#include "boost/beast/http/string_body.hpp"
#include "cli/socket_stream.h"

namespace paysim {
namespace cli {
namespace {

namespace beast = boost::beast;
namespace http = boost::beast::http;

constexpr char kContinue[] = "HTTP/1.1 100 Continue\r\n\r\n";
// After refusing a request, how long the server reads (and drops) what the client still
// sends, so that closing does not reset the connection before the client read the answer.
constexpr absl::Duration kLingerTime = absl::Seconds(1);

absl::string_view View(beast::string_view s) { return absl::string_view(s.data(), s.size()); }

// Closes after the response: no more writes, drain what comes (up to kLingerTime), close.
void LingeringClose(int fd, SocketStream& stream) {
  shutdown(fd, SHUT_WR);
  stream.set_deadline(absl::Now() + kLingerTime);
  char sink[4096];
  beast::error_code ec;
  while (!ec) stream.read_some(boost::asio::buffer(sink), ec);
}

// Binds and listens on host:port. The socket, or -1 with `error` set.
int Listen(const std::string& host, int port, std::string* error) {
  addrinfo hints{};
  hints.ai_family = AF_UNSPEC;
  hints.ai_socktype = SOCK_STREAM;
  hints.ai_flags = AI_PASSIVE | AI_NUMERICSERV;
  addrinfo* addresses = nullptr;
  const std::string service = absl::StrCat(port);
  if (int rc = getaddrinfo(host.c_str(), service.c_str(), &hints, &addresses); rc != 0) {
    *error = gai_strerror(rc);
    return -1;
  }
  int fd = -1;
  for (addrinfo* a = addresses; a != nullptr && fd < 0; a = a->ai_next) {
    fd = socket(a->ai_family, a->ai_socktype | SOCK_CLOEXEC, a->ai_protocol);
    if (fd < 0) continue;
    // SO_REUSEADDR only (not SO_REUSEPORT, with which a second server on a busy port would
    // bind too and take half the connections): a busy port is an error.
    int yes = 1;
    setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &yes, sizeof(yes));
    if (bind(fd, a->ai_addr, a->ai_addrlen) != 0 || listen(fd, SOMAXCONN) != 0) {
      *error = std::strerror(errno);
      close(fd);
      fd = -1;
    }
  }
  freeaddrinfo(addresses);
  return fd;
}

int BoundPort(int fd) {
  sockaddr_storage address{};
  socklen_t size = sizeof(address);
  if (getsockname(fd, reinterpret_cast<sockaddr*>(&address), &size) != 0) return 0;
  if (address.ss_family == AF_INET6) {
    return ntohs(reinterpret_cast<sockaddr_in6*>(&address)->sin6_port);
  }
  return ntohs(reinterpret_cast<sockaddr_in*>(&address)->sin_port);
}

// The answer to a request the parser refused, or nullopt when the connection just ends
// (closed by the client, timed out, cut).
absl::optional<HttpResponse> RefusalFor(const beast::error_code& ec,
                                        const HttpServerOptions& options) {
  if (ec == http::error::header_limit) {
    return TransportError(400, "",
                          absl::StrCat("Request line and headers too large: the limit is ",
                                       options.max_header_bytes, " bytes."));
  }
  if (ec == http::error::body_limit) {
    return TransportError(
        413, "",
        absl::StrCat("Request body too large: the limit is ", options.max_body_bytes, " bytes."));
  }
  if (ec.category() != http::make_error_code(http::error::bad_method).category() ||
      ec == http::error::end_of_stream || ec == http::error::partial_message) {
    return absl::nullopt;
  }
  return TransportError(400, "", absl::StrCat("Malformed HTTP request: ", ec.message(), "."));
}

}  // namespace

HttpServer::HttpServer(HttpServerOptions options, HttpHandler handler)
    : options_(std::move(options)), handler_(std::move(handler)) {}

HttpServer::~HttpServer() { Stop(); }

int HttpServer::open_connections() const {
  absl::MutexLock lock(&mu_);
  return static_cast<int>(open_.size());
}

absl::Status HttpServer::Start() {
  if (started_) return absl::FailedPreconditionError("already started");
  std::string error;
  listen_fd_ = Listen(options_.host, options_.port, &error);
  if (listen_fd_ < 0) {
    return absl::UnavailableError(
        absl::StrCat("cannot listen on ", options_.host, ":", options_.port, ": ", error));
  }
  port_ = BoundPort(listen_fd_);
  started_ = true;
  acceptor_ = std::thread([this] { Accept(); });
  return absl::OkStatus();
}

void HttpServer::Accept() {
  while (true) {
    {
      absl::MutexLock lock(&mu_);
      auto room = [this]() ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_) {
        return stopping_ || static_cast<int>(open_.size()) < options_.max_connections;
      };
      mu_.Await(absl::Condition(&room));
      if (stopping_) return;
    }
    const int fd = accept4(listen_fd_, nullptr, nullptr, SOCK_CLOEXEC);
    if (fd < 0) {
      absl::MutexLock lock(&mu_);
      if (stopping_) return;
      // EMFILE and the like: wait a little rather than spin.
      if (errno != EINTR && errno != ECONNABORTED) {
        mu_.AwaitWithTimeout(absl::Condition(&stopping_), absl::Milliseconds(10));
      }
      continue;
    }
    int yes = 1;  // small responses on keep-alive connections: no Nagle delay
    setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &yes, sizeof(yes));
    absl::MutexLock lock(&mu_);
    if (stopping_) {
      close(fd);
      return;
    }
    Reap();
    const int id = next_id_++;
    open_[id] = fd;
    threads_[id] = std::thread([this, id, fd] { Serve(id, fd); });
  }
}

void HttpServer::Reap() {
  for (int id : finished_) {
    auto it = threads_.find(id);
    if (it == threads_.end()) continue;
    it->second.join();
    threads_.erase(it);
  }
  finished_.clear();
}

void HttpServer::Serve(int id, int fd) {
  SocketStream stream(fd, options_.idle_timeout);
  beast::flat_buffer buffer;
  std::vector<std::pair<std::string, std::string>> headers;
  std::string out;
  ConnectionHeaders connection;
  connection.timeout_seconds = static_cast<int>(absl::ToInt64Seconds(options_.idle_timeout));
  connection.max_requests = options_.max_requests_per_connection;
  bool linger = false;
  for (int served = 1;; ++served) {
    http::request_parser<http::string_body> parser;
    parser.header_limit(static_cast<std::uint32_t>(options_.max_header_bytes));
    parser.body_limit(options_.max_body_bytes);
    stream.set_deadline(absl::Now() + options_.request_timeout);
    beast::error_code ec;
    http::read_header(stream, buffer, parser, ec);
    if (!ec && !parser.is_done()) {
      const absl::string_view expect = View(parser.get()[http::field::expect]);
      if (absl::EqualsIgnoreCase(expect, "100-continue") && !stream.WriteAll(kContinue)) break;
      http::read(stream, buffer, parser, ec);
    }
    out.clear();
    if (ec) {
      absl::optional<HttpResponse> refusal = RefusalFor(ec, options_);
      if (!refusal.has_value()) break;
      connection.keep_alive = false;
      connection.head = false;
      AppendResponseBytes(*refusal, connection, &out);
      stream.WriteAll(out);
      linger = true;
      break;
    }

    const http::request<http::string_body>& message = parser.get();
    headers.clear();
    for (const auto& field : message) {
      headers.emplace_back(std::string(View(field.name_string())),
                           std::string(View(field.value())));
    }
    HttpRequest request;
    request.method = View(message.method_string());
    request.target = View(message.target());
    request.headers = &headers;
    request.body = message.body();
    const HttpResponse response = handler_(request);

    connection.keep_alive = message.keep_alive() && served < options_.max_requests_per_connection &&
                            !stopping_flag_.load(std::memory_order_relaxed);
    connection.head = message.method() == http::verb::head;
    AppendResponseBytes(response, connection, &out);
    if (!stream.WriteAll(out)) break;
    if (!connection.keep_alive) {
      linger = true;
      break;
    }
  }
  if (linger) LingeringClose(fd, stream);
  {
    absl::MutexLock lock(&mu_);
    open_.erase(id);
    finished_.push_back(id);
  }
  close(fd);
}

void HttpServer::Stop() {
  if (!started_) return;
  {
    absl::MutexLock lock(&mu_);
    if (stopping_) return;
    stopping_ = true;
    stopping_flag_ = true;
    // Ends idle connections (their read sees the end of the stream); a request being handled
    // still writes its answer.
    for (const auto& [id, fd] : open_) shutdown(fd, SHUT_RD);
  }
  shutdown(listen_fd_, SHUT_RDWR);  // wakes accept()
  acceptor_.join();
  close(listen_fd_);
  listen_fd_ = -1;
  std::map<int, std::thread> threads;
  {
    absl::MutexLock lock(&mu_);
    auto idle = [this]() ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_) { return open_.empty(); };
    if (!mu_.AwaitWithTimeout(absl::Condition(&idle), options_.stop_grace)) {
      for (const auto& [id, fd] : open_) shutdown(fd, SHUT_RDWR);
    }
    threads.swap(threads_);
    finished_.clear();
  }
  for (auto& [id, thread] : threads) thread.join();
}

}  // namespace cli
}  // namespace paysim
