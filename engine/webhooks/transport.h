// transport.h: how webhook deliveries leave paysim.
//
// WebhookEndpoints (webhook_endpoints.h) hands each delivery attempt to a Transport: an HTTP
// POST in `paysim serve` (http_transport.h), an in-memory fake in tests (fake_transport.h).
//
// Thread safety: Post may be called from any thread, one call at a time per WebhookEndpoints.
#ifndef PAYSIM_ENGINE_WEBHOOKS_TRANSPORT_H_
#define PAYSIM_ENGINE_WEBHOOKS_TRANSPORT_H_

#include <string>
#include <utility>
#include <vector>

namespace paysim {
namespace webhooks {

// One delivery attempt: a POST of `body` to `url` with `headers` (Content-Type and
// Stripe-Signature among them).
struct WebhookRequest {
  std::string url;
  std::vector<std::pair<std::string, std::string>> headers;
  std::string body;
};

struct WebhookResponse {
  // The receiver's HTTP status; 0 when there was none (connection refused, timeout, bad URL).
  int status = 0;
  // Why there was no response (status 0), for logs; empty otherwise.
  std::string error;

  bool ok() const { return status >= 200 && status < 300; }
};

class Transport {
 public:
  virtual ~Transport() = default;

  // Post()
  //
  // Sends one attempt and waits for the answer. A 2xx status is a delivery; anything else
  // (status 0 included) is retried on WebhookEndpoints' schedule. Must not call back into the
  // WebhookEndpoints that called it (DeliverDue would deadlock).
  virtual WebhookResponse Post(const WebhookRequest& request) = 0;
};

}  // namespace webhooks
}  // namespace paysim

#endif  // PAYSIM_ENGINE_WEBHOOKS_TRANSPORT_H_
