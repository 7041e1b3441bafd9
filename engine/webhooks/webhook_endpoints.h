// webhook_endpoints.h: webhook endpoints (`we_...`) and the delivery of events to them.
//
// A WebhookEndpoint names a URL and the event types it wants (`enabled_events`: exact types,
// or "*" for all). WebhookEndpoints subscribes to the engine's events (Engine::events()),
// active while at least one endpoint exists (with none, the engine builds no event for it);
// each event emitted while an enabled endpoint wants it is queued for that endpoint, rendered once
// as Stripe's event JSON (RenderJson). DeliverDue() then POSTs every delivery that is due
// through the Transport, with
//   Content-Type: application/json
//   Stripe-Signature: t=<the engine clock's now, Unix seconds>,v1=<hex HMAC-SHA256>
// (signature.h), signed with the endpoint's secret; each attempt gets a fresh timestamp and
// signature, the body stays the same.
//
// Timing: a delivery is first due at its event's `created` time. A failed attempt (no 2xx) is
// retried on the engine's clock, `retry_delays` after the attempt (default: Stripe's sandbox
// "3 times over a few hours", kSandboxRetryDelays: +1 min, +1 h, +3 h), then abandoned.
// Nothing happens on its own: the owner calls DeliverDue() when time may have passed or
// events may have come (`paysim serve` does when `on_queued` says deliveries were queued, at
// each NextDue() while it advances its clock, and every second on the system clock).
//
// Order: deliveries due at the same instant go out in event order, so an endpoint that
// answers 2xx receives its events in the order they were emitted. A failing delivery does not
// hold back later events (Stripe does not guarantee order either); its retry comes when due.
//
// Deleting or disabling an endpoint drops its pending deliveries; it receives nothing more.
//
// Pending webhooks: an event's `pending_webhooks` counts its deliveries that have not yet
// succeeded (EventService::AdjustPendingWebhooks): the number of endpoints it was queued for,
// less one for each 2xx answer. The payload itself carries the count at queueing (all of
// them). Abandoned deliveries, and those an endpoint's deletion or disabling dropped, stay
// counted (Stripe: "webhooks that haven't been successfully delivered"), so
// `GET /v1/events?delivery_success=false` lists them.
//
// Decisions (not documented by Stripe; each decided here):
//   - Ids and secrets come from a generator of their own, seeded from the engine's seed, so
//     creating endpoints never changes the engine's object ids, and the same seed and calls
//     give the same `we_` ids and `whsec_` secrets.
//   - `url` must be http:// or https:// with a host; localhost is allowed (test mode only).
//   - `enabled_events` entries are "*" or event-type shaped ("charge.succeeded":
//     lowercase words and '_' joined by '.'); the type list itself is not checked.
//   - At most kMaxWebhookEndpoints live endpoints (Stripe's documented account limit is 16).
//   - `api_version` is the engine's version (events are rendered in it); it cannot be chosen.
//
// Example:
//   FakeTransport transport;                               // fake_transport.h
//   WebhookEndpoints webhooks(&engine, &transport);
//   WebhookEndpointCreateParams params;
//   params.set_url("http://127.0.0.1:4242/hook");
//   params.add_enabled_events("charge.succeeded");
//   absl::StatusOr<WebhookEndpoint> endpoint = webhooks.Create(params);  // has secret()
//   engine.charges().Create(...);                          // charge.succeeded is queued
//   webhooks.DeliverDue();                                 // POSTed through `transport`
//
// Thread safety: thread-safe. DeliverDue calls run one at a time (a second caller waits);
// the Transport is called without the registry's lock, so the API stays usable meanwhile.
// REQUIRES: no engine call is in flight when a WebhookEndpoints is destroyed.
#ifndef PAYSIM_ENGINE_WEBHOOKS_WEBHOOK_ENDPOINTS_H_
#define PAYSIM_ENGINE_WEBHOOKS_WEBHOOK_ENDPOINTS_H_

#include <cstddef>
#include <atomic>
#include <functional>
#include <iterator>
#include <string>
#include <vector>

#include "absl/base/thread_annotations.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/time.h"
#include "absl/types/optional.h"
#include "engine/engine.h"
#include "engine/internal/id_generator.h"
#include "engine/list.h"
#include "engine/internal/object_store.h"
#include "engine/webhooks/delivery_queue.h"
#include "engine/webhooks/transport.h"
#include "engine/webhooks/webhook_endpoint.pb.h"
#include "proto/common.obj.h"

namespace paysim {
namespace webhooks {

// Stripe's limit of webhook endpoints per account.
inline constexpr int kMaxWebhookEndpoints = 16;
// Longest `url` and `description` accepted (Stripe's maxLength for both).
inline constexpr size_t kMaxUrlLength = 5000;
inline constexpr size_t kMaxDescriptionLength = 5000;
// Most `enabled_events` entries (there are about 265 event types).
inline constexpr int kMaxEnabledEvents = 300;

// What one attempt did, for logs.
struct DeliveryAttempt {
  std::string endpoint_id;
  std::string url;
  std::string event_id;
  std::string event_type;
  int attempt = 1;  // 1 for the first
  absl::Time at;    // the engine clock's reading (the signature's `t`)
  WebhookResponse response;
  // When it will be tried again; nullopt if delivered or abandoned.
  absl::optional<absl::Time> next_attempt;
};

struct WebhookEndpointsOptions {
  // Waits before each retry of a failing delivery; its size is the number of retries.
  std::vector<absl::Duration> retry_delays{std::begin(kSandboxRetryDelays),
                                           std::end(kSandboxRetryDelays)};
  // Called after every attempt, on the thread running DeliverDue (nullptr: none). Must not
  // call DeliverDue.
  std::function<void(const DeliveryAttempt&)> on_attempt;
  // Called, without locks held, after an event queued deliveries (nullptr: none): e.g. to wake
  // a thread that runs DeliverDue. Runs on the thread handing out the engine's events.
  std::function<void()> on_queued;
};

class WebhookEndpoints {
 public:
  // `engine` and `transport` are not owned and must outlive this object.
  WebhookEndpoints(Engine* engine, Transport* transport, WebhookEndpointsOptions options = {});
  ~WebhookEndpoints();

  WebhookEndpoints(const WebhookEndpoints&) = delete;
  WebhookEndpoints& operator=(const WebhookEndpoints&) = delete;

  // Create()
  //
  // `url` and `enabled_events` are required (parameter_missing). The result is the only one
  // that carries `secret`.
  absl::StatusOr<WebhookEndpoint> Create(const WebhookEndpointCreateParams& params);

  // 404 resource_missing ("No such webhook endpoint: 'we_...'") if unknown or deleted.
  absl::StatusOr<WebhookEndpoint> Retrieve(absl::string_view id) const;

  // Changes the given fields; `disabled` sets `status` ("disabled" drops pending deliveries).
  absl::StatusOr<WebhookEndpoint> Update(absl::string_view id,
                                         const WebhookEndpointUpdateParams& params);

  // `{"id", "object": "webhook_endpoint", "deleted": true}`; pending deliveries are dropped.
  absl::StatusOr<DeletedObject> Delete(absl::string_view id);

  // Newest first, with Stripe's pagination.
  absl::StatusOr<ListResult<WebhookEndpoint>> List(const WebhookEndpointListParams& params) const;

  // DeliverDue()
  //
  // Attempts, in order, every delivery due at the engine clock's now (including retries that
  // fell due and deliveries queued meanwhile). Returns the number of attempts made.
  size_t DeliverDue();

  // When the next queued delivery is due; nullopt if none is queued.
  absl::optional<absl::Time> NextDue() const;

  // Deliveries queued (first attempts and retries).
  size_t pending() const;

 private:
  void OnEvent(const Event& event);
  absl::Status Validate(const std::string* url, const google::protobuf::RepeatedPtrField<
                                                    std::string>* enabled_events,
                        const std::string* description) const;

  Engine* const engine_;
  Transport* const transport_;
  const WebhookEndpointsOptions options_;
  int subscription_ = 0;

  mutable absl::Mutex mu_;
  IdGenerator ids_ ABSL_GUARDED_BY(mu_);
  ObjectStore<WebhookEndpoint> endpoints_ ABSL_GUARDED_BY(mu_){"webhook endpoint"};
  int live_endpoints_ ABSL_GUARDED_BY(mu_) = 0;
  // live_endpoints_ > 0, written under mu_; read by the subscription's `active` under the
  // engine's lock, which must not wait for mu_ (the API's routes hold the engine's lock
  // around Create and Delete).
  std::atomic<bool> any_endpoint_{false};
  DeliveryQueue queue_ ABSL_GUARDED_BY(mu_);

  absl::Mutex deliver_mu_;  // held through DeliverDue: one deliverer at a time
};

}  // namespace webhooks
}  // namespace paysim

#endif  // PAYSIM_ENGINE_WEBHOOKS_WEBHOOK_ENDPOINTS_H_
