// extra_routes.h: the routes `paysim serve` answers beside WireApi's: the things that live
// outside the Engine (its clock, and webhook endpoints that POST over HTTP).
//
//   GET    /v1/test_helpers/clock            the clock: {"object": "test_helpers.paysim_clock",
//                                            "frozen_time": <Unix seconds>}
//   POST   /v1/test_helpers/clock/advance    `seconds=N` or `to=<Unix seconds>`: moves the
//                                            simulated clock forward, firing what falls due
//   POST   /v1/webhook_endpoints             create (url, enabled_events[], description,
//                                            metadata); the only response with `secret`
//   GET    /v1/webhook_endpoints             list (limit, starting_after, ending_before)
//   GET    /v1/webhook_endpoints/{id}        retrieve
//   POST   /v1/webhook_endpoints/{id}        update (also `disabled`)
//   DELETE /v1/webhook_endpoints/{id}        delete
//
// Why here and not in routes.cc: WireApi's routes call Engine services; the clock and the
// webhook endpoints are owned by the server (webhooks/webhook_endpoints.h), so the server asks
// ExtraRoutes first and hands every request it does not claim to WireApi. Test helpers that
// are engine operations (the 3D Secure customer actions under
// /v1/test_helpers/payment_intents/{id}/... and /v1/test_helpers/setup_intents/{id}/...) are
// ordinary routes in routes.cc: ExtraRoutes claims only the exact paths above, so they reach
// WireApi.
//
// Requests are checked as WireApi checks them, in the same order and with the same errors:
// API key (401), Stripe-Version (400), params (form_decoder.h: unknown, duplicate, malformed),
// then the call; responses carry Content-Type, Request-Id and Stripe-Version. Idempotency-Key
// and expand are not supported here (expand is an unknown parameter; a key is ignored).
// Request-Ids have their own sequence, "req_X" + 13 base62 digits (req_X0000000000001, ...),
// so they never repeat WireApi's "req_0...".
//
// Advancing the clock: the clock moves to each due time of a queued webhook delivery in turn
// (firing the engine's timers, then delivering what is due), then to the target; when the call
// returns, every timer and delivery due by the target has run, retries included, each at its
// own simulated time. A moment without a timer or delivery is skipped, so an advance of
// years costs what falls due in it. The advance is refused on the system clock, and capped at
// kMaxClockAdvance (as Stripe's test clocks: at most two years ahead).
//
// Thread safety: thread-safe; advances run one at a time.
#ifndef PAYSIM_ENGINE_WIRE_EXTRA_ROUTES_H_
#define PAYSIM_ENGINE_WIRE_EXTRA_ROUTES_H_

#include <atomic>
#include <cstdint>

#include "absl/status/status.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/time.h"
#include "absl/types/optional.h"
#include "engine/engine.h"
#include "engine/simulated_clock.h"
#include "engine/webhooks/webhook_endpoints.h"
#include "engine/wire/wire.h"

namespace paysim {
namespace wire {

// The furthest one advance may move the clock.
inline constexpr absl::Duration kMaxClockAdvance = absl::Hours(24 * 365 * 2);

struct ExtraRoutesOptions {
  // The engine. Not owned; required.
  Engine* engine = nullptr;
  // The engine's clock when it is simulated (not owned); nullptr when the engine runs on the
  // system clock (then the clock cannot be advanced).
  SimulatedClock* clock = nullptr;
  // Webhook endpoints over `engine` (not owned); nullptr: no /v1/webhook_endpoints routes.
  webhooks::WebhookEndpoints* webhooks = nullptr;
};

class ExtraRoutes {
 public:
  explicit ExtraRoutes(ExtraRoutesOptions options);

  // Handle()
  //
  // The response to a request for one of the routes above; nullopt for any other request
  // (hand it to WireApi). Arguments as WireApi::Handle's.
  absl::optional<WireApi::Response> Handle(absl::string_view method,
                                           absl::string_view path_and_query,
                                           const WireApi::Headers& headers,
                                           absl::string_view body);

  // AdvanceClockTo()
  //
  // What POST /v1/test_helpers/clock/advance does, for C++ callers: moves the simulated clock
  // to `target` as described above. invalid_request_error if the clock is the system clock or
  // `target` is not after now or more than kMaxClockAdvance ahead (param `param`).
  absl::Status AdvanceClockTo(absl::Time target, absl::string_view param = "to");

 private:
  struct Exchange;

  ExtraRoutesOptions options_;
  std::atomic<uint64_t> requests_{0};
  absl::Mutex advance_mu_;
};

}  // namespace wire
}  // namespace paysim

#endif  // PAYSIM_ENGINE_WIRE_EXTRA_ROUTES_H_
