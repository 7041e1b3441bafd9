// http_test_client.h: a blocking HTTP/1.1 client on one keep-alive connection, for tests of
// `paysim serve` and its webhooks (Beast's response parser over a plain socket).
//
// Example:
//   HttpTestClient client(server.port());
//   absl::StatusOr<HttpTestClient::Response> r =
//       client.Send("POST", "/v1/charges", {{"Authorization", "Bearer sk_test_1"}},
//                   "amount=999&currency=usd&source=tok_visa");
//   // r->status, r->Header("Request-Id"), r->body
//
// It never reconnects: a request after the server closed the connection fails, which is how
// tests see that one connection carried every request. Errors: kUnavailable when the
// connection is refused, closed or timed out; kDataLoss for a response that does not parse.
// Thread safety: one thread at a time.
#ifndef PAYSIM_CLI_HTTP_TEST_CLIENT_H_
#define PAYSIM_CLI_HTTP_TEST_CLIENT_H_

#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/time/time.h"

namespace paysim {
namespace cli {

class HttpTestClient {
 public:
  using Headers = std::vector<std::pair<std::string, std::string>>;

  struct Response {
    int status = 0;
    Headers headers;  // as received, in order
    std::string body;

    // The first header called `name` (any case); "" if none.
    std::string Header(absl::string_view name) const;
    bool HasHeader(absl::string_view name) const;
  };

  // Connects to 127.0.0.1:`port`. Each read or write gives up after `timeout`.
  explicit HttpTestClient(int port, absl::Duration timeout = absl::Seconds(10));
  ~HttpTestClient();

  HttpTestClient(const HttpTestClient&) = delete;
  HttpTestClient& operator=(const HttpTestClient&) = delete;

  // OK once connected; kUnavailable otherwise.
  absl::Status status() const { return status_; }

  // Sends one request (adding Host, and Content-Length unless a Transfer-Encoding header is
  // given and for any body or POST) and reads its response.
  absl::StatusOr<Response> Send(absl::string_view method, absl::string_view target,
                                const Headers& headers = {}, absl::string_view body = "");

  // Writes `bytes` as they are (several requests, a half request...).
  absl::Status Write(absl::string_view bytes);

  // Reads one response (of a HEAD request if `head`: no body follows its headers).
  absl::StatusOr<Response> Read(bool head = false);

  // Every byte until the server closes the connection (or the timeout passes), raw.
  std::string ReadToEnd();

  // Shuts down the sending side: the server sees the end of the stream.
  void ShutdownWrite();

 private:
  struct Connection;
  std::unique_ptr<Connection> connection_;
  absl::Status status_;
};

}  // namespace cli
}  // namespace paysim

#endif  // PAYSIM_CLI_HTTP_TEST_CLIENT_H_
