// events.h: Events (`evt_...`) and in-process subscribers.
//
// Every state change emits Stripe's event type with `data.object` (the object at that
// instant) and, on `*.updated`, `data.previous_attributes`. Subscribers (in-process webhook
// endpoints) receive the events whose types they enabled, in order, after the call that
// caused them returns (so a handler may call the engine).
//
// Events are kept for EngineOptions::event_retention (Stripe: 30 days): once the engine's
// time is that far past an event, Retrieve answers 404 resource_missing for it and List no
// longer returns it (nor takes it as a cursor: 404 naming `starting_after`/`ending_before`).
//
// Thread safety: thread-safe. Handlers run one at a time, in emission order, on the thread
// that is delivering (usually the one whose call emitted the events), never under the
// engine lock.
#ifndef PAYSIM_ENGINE_EVENTS_H_
#define PAYSIM_ENGINE_EVENTS_H_

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "engine/event_handler.h"
#include "engine/list.h"
#include "engine/request_options.h"
#include "proto/event.obj.h"
#include "proto/params.pb.h"

namespace paysim {
namespace internal {
class World;
}  // namespace internal

// The most types GET /v1/events takes in `types` (Stripe: up to 20).
inline constexpr int kMaxEventTypesFilter = 20;

class EventService {
 public:
  explicit EventService(internal::World* world) : world_(world) {}

  absl::StatusOr<Event> Retrieve(absl::string_view id, const RequestOptions& options = {});

  // Newest first; `type` filters by exact type or a "prefix.*" pattern, `types` by up to
  // kMaxEventTypesFilter of them (an event of any); `delivery_success` keeps the events every
  // webhook endpoint received (true) or those still pending at some endpoint or whose
  // deliveries were all refused (false). Errors (invalid_request_error, param `types`): both
  // `type` and `types` given; more than kMaxEventTypesFilter types.
  absl::StatusOr<ListResult<Event>> List(const EventListParams& params,
                                         const RequestOptions& options = {});

  // Subscribe()
  //
  // `enabled_events`: exact types, "prefix.*" patterns, or "*". Returns a subscription id.
  // `active`, if given, is asked before each event of those types is built for this
  // subscriber; while it answers false the subscriber gets nothing and costs nothing (the
  // webhook endpoints' registry with no endpoint). It is called under the engine's lock: it
  // must not call the engine, and should be cheap (an atomic read).
  int Subscribe(std::vector<std::string> enabled_events, EventHandler handler,
                std::function<bool()> active = nullptr);
  void Unsubscribe(int subscription);

  // AdjustPendingWebhooks()
  //
  // For webhook endpoint implementations (engine/webhooks/webhook_endpoints.h calls it): adds
  // `delta` to the deliveries of event `event_id` that have not (yet) succeeded, which the
  // event shows as `pending_webhooks` and `delivery_success` filters on: +N when the event is
  // queued for N endpoints, -1 when one of them answers 2xx. An event no longer kept is
  // ignored. In-process subscribers (Subscribe) receive their events before the call that
  // emitted them returns and are not counted, except in the Event their handlers receive.
  void AdjustPendingWebhooks(absl::string_view event_id, int delta);

  // Number of events kept (retrievable and listed) as of the engine's last call.
  size_t size() const;

  // Number of events emitted since the engine was created (or restored from a snapshot: the
  // restored events), kept or not. Never decreases: `emitted() - before` is how many events
  // the calls since `before` emitted.
  uint64_t emitted() const;

 private:
  internal::World* world_;
};

}  // namespace paysim

#endif  // PAYSIM_ENGINE_EVENTS_H_
