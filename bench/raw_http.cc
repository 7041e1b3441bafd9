#include "bench/raw_http.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cstdlib>
#include <cstring>

#include "boost/asio/buffer.hpp"
#include "boost/asio/io_context.hpp"
#include "boost/asio/ip/tcp.hpp"
#include "boost/asio/write.hpp"

namespace paysim {
namespace bench {
namespace {

constexpr char kContentLength[] = "Content-Length: ";
constexpr size_t kContentLengthSize = sizeof(kContentLength) - 1;

// If `buffer` holds a whole request or response (headers and Content-Length body), its size;
// 0 otherwise (or if it has no Content-Length, when `length_required`).
size_t MessageSize(const std::string& buffer, bool length_required) {
  const size_t header_end = buffer.find("\r\n\r\n");
  if (header_end == std::string::npos) return 0;
  size_t body = 0;
  const size_t at = buffer.find(kContentLength);
  if (at != std::string::npos && at < header_end) {
    body = std::strtoul(buffer.c_str() + at + kContentLengthSize, nullptr, 10);
  } else if (length_required) {
    return 0;
  }
  const size_t size = header_end + 4 + body;
  return buffer.size() >= size ? size : 0;
}

}  // namespace

RawHttpClient::RawHttpClient(int port) {
  fd_ = socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_port = htons(static_cast<uint16_t>(port));
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  if (connect(fd_, reinterpret_cast<sockaddr*>(&address), sizeof(address)) != 0) {
    close(fd_);
    fd_ = -1;
    return;
  }
  int yes = 1;
  setsockopt(fd_, IPPROTO_TCP, TCP_NODELAY, &yes, sizeof(yes));
}

RawHttpClient::~RawHttpClient() {
  if (fd_ >= 0) close(fd_);
}

bool RawHttpClient::ReadMore() {
  char chunk[16384];
  const ssize_t n = recv(fd_, chunk, sizeof(chunk), 0);
  if (n <= 0) return false;
  buffer_.append(chunk, static_cast<size_t>(n));
  return true;
}

int RawHttpClient::RoundTrip(const std::string& request) {
  if (fd_ < 0 || send(fd_, request.data(), request.size(), MSG_NOSIGNAL) !=
                     static_cast<ssize_t>(request.size())) {
    return 0;
  }
  buffer_.clear();
  while (MessageSize(buffer_, /*length_required=*/true) == 0) {
    if (!ReadMore()) return 0;
  }
  return std::atoi(buffer_.c_str() + 9);  // "HTTP/1.1 200 OK"
}

int ListenOnLoopback(int* port) {
  const int fd = socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  socklen_t size = sizeof(address);
  if (bind(fd, reinterpret_cast<sockaddr*>(&address), sizeof(address)) != 0 ||
      listen(fd, SOMAXCONN) != 0 ||
      getsockname(fd, reinterpret_cast<sockaddr*>(&address), &size) != 0) {
    close(fd);
    return -1;
  }
  *port = ntohs(address.sin_port);
  return fd;
}

// ---- FixedResponseServer ----

FixedResponseServer::FixedResponseServer(std::string response) : response_(std::move(response)) {
  listen_fd_ = ListenOnLoopback(&port_);
  acceptor_ = std::thread([this] {
    while (true) {
      const int fd = accept(listen_fd_, nullptr, nullptr);
      if (fd < 0) return;  // stopping (or out of descriptors: the bench fails visibly)
      int yes = 1;
      setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &yes, sizeof(yes));
      std::lock_guard<std::mutex> lock(mu_);
      fds_.push_back(fd);
      threads_.emplace_back([this, fd] { Serve(fd); });
    }
  });
}

FixedResponseServer::~FixedResponseServer() {
  stopping_ = true;
  shutdown(listen_fd_, SHUT_RDWR);
  acceptor_.join();
  close(listen_fd_);
  std::lock_guard<std::mutex> lock(mu_);
  for (int fd : fds_) shutdown(fd, SHUT_RDWR);
  for (std::thread& t : threads_) t.join();
  for (int fd : fds_) close(fd);
}

void FixedResponseServer::Serve(int fd) {
  std::string buffer;
  char chunk[16384];
  while (true) {
    size_t size;
    while ((size = MessageSize(buffer, /*length_required=*/false)) == 0) {
      const ssize_t n = recv(fd, chunk, sizeof(chunk), 0);
      if (n <= 0) return;
      buffer.append(chunk, static_cast<size_t>(n));
    }
    buffer.erase(0, size);
    if (send(fd, response_.data(), response_.size(), MSG_NOSIGNAL) <= 0) return;
  }
}

// ---- AsioFixedResponseServer ----

namespace asio = boost::asio;
using tcp = asio::ip::tcp;

struct AsioFixedResponseServer::Impl {
  // One connection: read until a request is whole, write the response, again. One operation
  // at a time, so no strand is needed even with several threads running the context.
  struct Session : std::enable_shared_from_this<Session> {
    Session(tcp::socket socket, const std::string& response)
        : socket(std::move(socket)), response(response) {}

    void Read() {
      auto self = shared_from_this();
      socket.async_read_some(asio::buffer(chunk), [self](boost::system::error_code ec, size_t n) {
        if (ec) return;
        self->buffer.append(self->chunk, n);
        const size_t size = MessageSize(self->buffer, /*length_required=*/false);
        if (size == 0) return self->Read();
        self->buffer.erase(0, size);
        asio::async_write(self->socket, asio::buffer(self->response),
                          [self](boost::system::error_code ec, size_t) {
                            if (!ec) self->Read();
                          });
      });
    }

    tcp::socket socket;
    const std::string& response;
    std::string buffer;
    char chunk[16384];
  };

  Impl(std::string response, int threads)
      : response(std::move(response)),
        acceptor(io, tcp::endpoint(asio::ip::address_v4::loopback(), 0)) {
    Accept();
    for (int i = 0; i < threads; ++i) pool.emplace_back([this] { io.run(); });
  }

  ~Impl() {
    io.stop();
    for (std::thread& t : pool) t.join();
  }

  void Accept() {
    acceptor.async_accept([this](boost::system::error_code ec, tcp::socket socket) {
      if (ec) return;
      socket.set_option(tcp::no_delay(true));
      std::make_shared<Session>(std::move(socket), response)->Read();
      Accept();
    });
  }

  const std::string response;
  asio::io_context io;
  tcp::acceptor acceptor;
  std::vector<std::thread> pool;
};

AsioFixedResponseServer::AsioFixedResponseServer(std::string response, int threads)
    : impl_(std::make_unique<Impl>(std::move(response), threads)) {
  port_ = impl_->acceptor.local_endpoint().port();
}

AsioFixedResponseServer::~AsioFixedResponseServer() = default;

}  // namespace bench
}  // namespace paysim
