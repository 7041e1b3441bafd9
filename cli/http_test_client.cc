#include "cli/http_test_client.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/socket.h>
#include <unistd.h>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "boost/beast/core/flat_buffer.hpp"
#include "boost/beast/http/parser.hpp"
#include "boost/beast/http/read.hpp"
#include "boost/beast/http/string_body.hpp"
#include "cli/socket_stream.h"

namespace paysim {
namespace cli {

namespace http = boost::beast::http;

struct HttpTestClient::Connection {
  Connection(int fd, absl::Duration timeout) : fd(fd), stream(fd, timeout) {}
  ~Connection() { close(fd); }

  int fd;
  SocketStream stream;
  boost::beast::flat_buffer buffer;
};

std::string HttpTestClient::Response::Header(absl::string_view name) const {
  for (const auto& [n, v] : headers) {
    if (absl::EqualsIgnoreCase(n, name)) return v;
  }
  return "";
}

bool HttpTestClient::Response::HasHeader(absl::string_view name) const {
  for (const auto& [n, v] : headers) {
    if (absl::EqualsIgnoreCase(n, name)) return true;
  }
  return false;
}

HttpTestClient::HttpTestClient(int port, absl::Duration timeout) {
  const int fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_port = htons(static_cast<uint16_t>(port));
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  if (fd < 0 || connect(fd, reinterpret_cast<sockaddr*>(&address), sizeof(address)) != 0) {
    status_ = absl::UnavailableError(absl::StrCat("cannot connect to 127.0.0.1:", port));
    if (fd >= 0) close(fd);
    return;
  }
  int yes = 1;
  setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &yes, sizeof(yes));
  connection_ = std::make_unique<Connection>(fd, timeout);
}

HttpTestClient::~HttpTestClient() = default;

absl::Status HttpTestClient::Write(absl::string_view bytes) {
  if (!status_.ok()) return status_;
  if (!connection_->stream.WriteAll(bytes)) return absl::UnavailableError("write failed");
  return absl::OkStatus();
}

absl::StatusOr<HttpTestClient::Response> HttpTestClient::Send(absl::string_view method,
                                                              absl::string_view target,
                                                              const Headers& headers,
                                                              absl::string_view body) {
  std::string request = absl::StrCat(method, " ", target, " HTTP/1.1\r\nHost: 127.0.0.1\r\n");
  bool chunked = false;
  for (const auto& [name, value] : headers) {
    absl::StrAppend(&request, name, ": ", value, "\r\n");
    chunked = chunked || absl::EqualsIgnoreCase(name, "Transfer-Encoding");
  }
  if (!chunked && (!body.empty() || method == "POST")) {
    absl::StrAppend(&request, "Content-Length: ", body.size(), "\r\n");
  }
  absl::StrAppend(&request, "\r\n", body);
  if (absl::Status s = Write(request); !s.ok()) return s;
  return Read(method == "HEAD");
}

absl::StatusOr<HttpTestClient::Response> HttpTestClient::Read(bool head) {
  if (!status_.ok()) return status_;
  http::response_parser<http::string_body> parser;
  parser.body_limit(size_t{64} << 20);
  parser.skip(head);
  boost::beast::error_code ec;
  http::read(connection_->stream, connection_->buffer, parser, ec);
  if (ec) {
    if (ec.category() == http::make_error_code(http::error::bad_version).category() &&
        ec != http::error::end_of_stream && ec != http::error::partial_message) {
      return absl::DataLossError(ec.message());
    }
    return absl::UnavailableError(absl::StrCat("no response: ", ec.message()));
  }
  const http::response<http::string_body>& message = parser.get();
  Response response;
  response.status = static_cast<int>(message.result_int());
  for (const auto& field : message) {
    response.headers.emplace_back(std::string(field.name_string()), std::string(field.value()));
  }
  response.body = message.body();
  return response;
}

std::string HttpTestClient::ReadToEnd() {
  if (!status_.ok()) return "";
  std::string out(static_cast<const char*>(connection_->buffer.data().data()),
                  connection_->buffer.size());
  connection_->buffer.clear();
  char chunk[16384];
  boost::beast::error_code ec;
  while (true) {
    const size_t n = connection_->stream.read_some(boost::asio::buffer(chunk), ec);
    if (ec) break;
    out.append(chunk, n);
  }
  return out;
}

void HttpTestClient::ShutdownWrite() {
  if (status_.ok()) shutdown(connection_->fd, SHUT_WR);
}

}  // namespace cli
}  // namespace paysim
