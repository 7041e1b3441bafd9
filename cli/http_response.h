// http_response.h: the bytes of an HTTP/1.1 response as `paysim serve` writes them, and the
// Stripe-shaped errors it answers for requests that never reach the API (malformed or too
// large).
//
// Header order: every header, the server's own included (Connection, Content-Length,
// Keep-Alive), sorted by name without regard to case, ties in the order given. This is the
// order paysim's first server (cpp-httplib, which keeps headers in a case-insensitive map)
// sent, kept so that the wire stays byte-identical. No Date and no Server header: a Date
// would make the same seed and requests give different bytes (and on the simulated clock,
// which date?), and Stripe's own Server header names its proxy, which paysim is not.
//
// Example:
//   HttpResponse r{.status = 200, .headers = {{"Content-Type", "application/json"}}, .body = "{}"};
//   std::string bytes;
//   AppendResponseBytes(r, {.keep_alive = true}, &bytes);
//   // "HTTP/1.1 200 OK\r\nContent-Length: 2\r\nContent-Type: application/json\r\n"
//   // "Keep-Alive: timeout=5, max=100000\r\n\r\n{}"
//
// Thread safety: functions of their arguments only.
#ifndef PAYSIM_CLI_HTTP_RESPONSE_H_
#define PAYSIM_CLI_HTTP_RESPONSE_H_

#include <string>
#include <utility>
#include <vector>

#include "absl/strings/string_view.h"

namespace paysim {
namespace cli {

struct HttpResponse {
  using Headers = std::vector<std::pair<std::string, std::string>>;

  int status = 200;
  Headers headers;  // Content-Length is added
  std::string body;
};

// How the connection goes on after a response.
struct ConnectionHeaders {
  // true: "Keep-Alive: timeout=T, max=M"; false: "Connection: close".
  bool keep_alive = true;
  int timeout_seconds = 5;    // T: how long an idle connection stays open
  int max_requests = 100000;  // M: how many requests a connection may carry
  // A HEAD request: the headers of the response (Content-Length included), no body.
  bool head = false;
};

// AppendResponseBytes()
//
// Appends to `*out` the status line ("HTTP/1.1 402 Payment Required"), the headers in the
// order described above, an empty line and the body. Header names and values are written as
// given. REQUIRES: `response.headers` has no Content-Length, Connection or Keep-Alive.
void AppendResponseBytes(const HttpResponse& response, const ConnectionHeaders& connection,
                         std::string* out);

// The reason phrase of an HTTP status ("Not Found"); "Unknown" for codes without one.
absl::string_view ReasonPhrase(int status);

// TransportError()
//
// A response for a request refused before the API saw it: `status` (400 malformed request or
// headers too large, 413 body too large, 429 too many connections), Content-Type
// application/json and Stripe's error JSON, type invalid_request_error, with `code` (may be
// empty) and `message`, rendered as every other paysim error is (engine/json_render.h). It
// has no Request-Id: it never became a request of the API.
HttpResponse TransportError(int status, absl::string_view code, absl::string_view message);

}  // namespace cli
}  // namespace paysim

#endif  // PAYSIM_CLI_HTTP_RESPONSE_H_
