#include "engine/webhooks/http_transport.h"

#include <openssl/ssl.h>

#include <chrono>
#include <memory>
#include <string>
#include <utility>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/string_view.h"
#include "absl/strings/strip.h"
#include "boost/asio/connect.hpp"
#include "boost/asio/io_context.hpp"
#include "boost/asio/ip/tcp.hpp"
#include "boost/asio/ssl/context.hpp"
#include "boost/asio/ssl/host_name_verification.hpp"
#include "boost/beast/core/flat_buffer.hpp"
#include "boost/beast/core/tcp_stream.hpp"
#include "boost/beast/http/empty_body.hpp"
#include "boost/beast/http/message.hpp"
#include "boost/beast/http/parser.hpp"
#include "boost/beast/http/read.hpp"
#include "boost/beast/http/string_body.hpp"
#include "boost/beast/http/write.hpp"
#include "boost/beast/ssl/ssl_stream.hpp"

namespace paysim {
namespace webhooks {
namespace {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = boost::beast::http;
using tcp = boost::asio::ip::tcp;

// UNCERTAIN: the headers Stripe's webhook deliveries carry beside Content-Type and
// Stripe-Signature are not in shared/stripe/; these are the ones receivers report seeing.
constexpr char kUserAgent[] = "Stripe/1.0 (+https://stripe.com/docs/webhooks)";
constexpr char kAccept[] = "*/*; q=0.5, application/xml";
// A receiver's answer body is not needed (only its status); more than this is not read.
constexpr uint64_t kMaxAnswerBytes = uint64_t{1} << 20;

struct Url {
  bool https = false;
  std::string host;       // without brackets for IPv6
  std::string port;       // "80", "443" or as given
  std::string authority;  // the Host header: host[:port] as the URL gave it
  std::string target;     // "/path?query" ("/" if none); a fragment is never sent
};

// Parses "http[s]://host[:port][/path][?query][#fragment]".
bool ParseUrl(absl::string_view url, Url* out) {
  absl::string_view rest = url;
  const size_t scheme_end = rest.find("://");
  if (scheme_end == absl::string_view::npos) return false;
  const std::string scheme = absl::AsciiStrToLower(rest.substr(0, scheme_end));
  if (scheme != "http" && scheme != "https") return false;
  out->https = scheme == "https";
  rest.remove_prefix(scheme_end + 3);
  const size_t path_start = rest.find_first_of("/?#");
  absl::string_view authority = rest.substr(0, path_start);
  absl::string_view target =
      path_start == absl::string_view::npos ? absl::string_view() : rest.substr(path_start);
  target = target.substr(0, target.find('#'));
  if (authority.empty() || authority.find('@') != absl::string_view::npos) return false;
  out->authority = std::string(authority);
  absl::string_view host = authority;
  absl::string_view port;
  if (absl::StartsWith(authority, "[")) {  // [::1]:8080
    const size_t close = authority.find(']');
    if (close == absl::string_view::npos) return false;
    host = authority.substr(1, close - 1);
    absl::string_view after = authority.substr(close + 1);
    if (!after.empty() && !absl::ConsumePrefix(&after, ":")) return false;
    port = after;
  } else if (const size_t colon = authority.rfind(':'); colon != absl::string_view::npos) {
    host = authority.substr(0, colon);
    port = authority.substr(colon + 1);
  }
  int number = 0;
  if (!port.empty() && (!absl::SimpleAtoi(port, &number) || number <= 0 || number > 65535)) {
    return false;
  }
  if (host.empty()) return false;
  out->host = std::string(host);
  out->port = port.empty() ? (out->https ? "443" : "80") : std::string(port);
  out->target = target.empty()          ? "/"
                : target.front() == '?' ? absl::StrCat("/", target)
                                        : std::string(target);
  return true;
}

std::chrono::steady_clock::duration ToChrono(absl::Duration d) {
  return std::chrono::microseconds(absl::ToInt64Microseconds(d));
}

// One POST and its answer on `Stream` (a beast::tcp_stream, or an ssl_stream over one), run on
// `ioc` by the caller. Each step is bounded by the stream's expiry.
template <typename Stream>
class Exchange {
 public:
  Exchange(asio::io_context& ioc, Stream& stream, const Url& url,
           http::request<http::string_body> request, const HttpTransportOptions& options,
           WebhookResponse* response)
      : resolver_(ioc),
        stream_(stream),
        url_(url),
        request_(std::move(request)),
        options_(options),
        response_(response) {}

  void Start() {
    resolver_.async_resolve(url_.host, url_.port,
                            [this](beast::error_code ec, tcp::resolver::results_type results) {
                              if (ec) return Fail("cannot resolve the host", ec);
                              Connect(results);
                            });
  }

 private:
  void Connect(const tcp::resolver::results_type& results) {
    Lowest().expires_after(ToChrono(options_.connect_timeout));
    Lowest().async_connect(results, [this](beast::error_code ec, const tcp::endpoint&) {
      if (ec) return Fail("cannot connect", ec);
      Handshake();
    });
  }

  void Handshake();

  void Write() {
    Lowest().expires_after(ToChrono(options_.read_timeout));
    http::async_write(stream_, request_, [this](beast::error_code ec, size_t) {
      if (ec) return Fail("cannot send", ec);
      parser_.body_limit(kMaxAnswerBytes);
      http::async_read(stream_, buffer_, parser_, [this](beast::error_code ec, size_t) {
        // A status line and headers are an answer, whatever happens to the body.
        if (ec && !parser_.is_header_done()) return Fail("no answer", ec);
        response_->status = static_cast<int>(parser_.get().result_int());
        Lowest().close();
      });
    });
  }

  void Fail(absl::string_view what, const beast::error_code& ec) {
    response_->status = 0;
    response_->error = ec == beast::error::timeout ? absl::StrCat(what, ": timed out")
                                                   : absl::StrCat(what, ": ", ec.message());
    Lowest().close();
  }

  beast::tcp_stream& Lowest() { return beast::get_lowest_layer(stream_); }

  tcp::resolver resolver_;
  Stream& stream_;
  const Url& url_;
  http::request<http::string_body> request_;
  const HttpTransportOptions& options_;
  WebhookResponse* response_;
  beast::flat_buffer buffer_;
  http::response_parser<http::string_body> parser_;
};

template <>
void Exchange<beast::tcp_stream>::Handshake() {
  Write();
}

template <>
void Exchange<beast::ssl_stream<beast::tcp_stream>>::Handshake() {
  // SNI, and the certificate must name the host.
  SSL_set_tlsext_host_name(stream_.native_handle(), url_.host.c_str());
  stream_.set_verify_callback(asio::ssl::host_name_verification(url_.host));
  stream_.async_handshake(asio::ssl::stream_base::client, [this](beast::error_code ec) {
    if (ec) return Fail("TLS handshake failed", ec);
    Write();
  });
}

}  // namespace

WebhookResponse HttpTransport::Post(const WebhookRequest& request) {
  WebhookResponse response;
  Url url;
  if (!ParseUrl(request.url, &url)) {
    response.error = "not an http(s) URL";
    return response;
  }
  http::request<http::string_body> message(http::verb::post, url.target, 11);
  message.set(http::field::host, url.authority);
  message.set(http::field::user_agent, kUserAgent);
  message.set(http::field::accept, kAccept);
  message.set(http::field::connection, "close");  // one attempt, one connection
  for (const auto& [name, value] : request.headers) message.set(name, value);
  message.body() = request.body;
  message.prepare_payload();

  asio::io_context ioc;
  if (url.https) {
    asio::ssl::context tls(asio::ssl::context::tls_client);
    tls.set_default_verify_paths();
    tls.set_verify_mode(asio::ssl::verify_peer);
    beast::ssl_stream<beast::tcp_stream> stream(ioc, tls);
    Exchange<beast::ssl_stream<beast::tcp_stream>> exchange(ioc, stream, url, std::move(message),
                                                            options_, &response);
    exchange.Start();
    ioc.run();
  } else {
    beast::tcp_stream stream(ioc);
    Exchange<beast::tcp_stream> exchange(ioc, stream, url, std::move(message), options_, &response);
    exchange.Start();
    ioc.run();
  }
  return response;
}

}  // namespace webhooks
}  // namespace paysim
