// http_transport.h: the Transport of `paysim serve`: a real HTTP POST (Boost.Beast client).
//
// Each attempt opens its own connection to the URL's host (http:// or https://; https
// verifies the receiver's certificate against the system's CAs and that it names the host)
// and waits at most `connect_timeout` to connect and `read_timeout` to send and get the
// answer's status line and headers (name resolution is the system resolver's, not bounded by
// these). Redirects are not followed (a 3xx is a failed attempt, as on Stripe). The request
// carries Host, User-Agent and Accept as Stripe's deliveries do, `Connection: close`,
// Content-Length, and the request's own headers (Content-Type, Stripe-Signature).
//
// Thread safety: thread-safe (no shared state between calls).
#ifndef PAYSIM_ENGINE_WEBHOOKS_HTTP_TRANSPORT_H_
#define PAYSIM_ENGINE_WEBHOOKS_HTTP_TRANSPORT_H_

#include "absl/time/time.h"
#include "engine/webhooks/transport.h"

namespace paysim {
namespace webhooks {

struct HttpTransportOptions {
  absl::Duration connect_timeout = absl::Seconds(5);
  absl::Duration read_timeout = absl::Seconds(10);
};

class HttpTransport final : public Transport {
 public:
  explicit HttpTransport(HttpTransportOptions options = {}) : options_(options) {}

  WebhookResponse Post(const WebhookRequest& request) override;

 private:
  const HttpTransportOptions options_;
};

}  // namespace webhooks
}  // namespace paysim

#endif  // PAYSIM_ENGINE_WEBHOOKS_HTTP_TRANSPORT_H_
