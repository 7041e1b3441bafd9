// clock_helpers.h: paysim's clock test helpers on the wire, and moving a served engine's
// simulated clock with the webhook deliveries that fall due on the way.
//
//   GET  /v1/test_helpers/clock           the clock: {"object": "test_helpers.paysim_clock",
//                                         "frozen_time": <Unix seconds>}
//   POST /v1/test_helpers/clock/advance   `seconds=N` or `to=<Unix seconds>`: moves the
//                                         simulated clock forward, firing what falls due, and
//                                         answers the clock
//
// Both are routes of a RouteTable (Routes()) that a server hands to WireApi, so they go
// through the preamble of every route (wire.h): Request-Id, API key, Stripe-Version,
// Idempotency-Key, params, expand[] (the clock has no expandable field: any path is refused),
// errors rendered as every error. Test helpers that are engine operations (the 3D Secure and
// Checkout customer actions under /v1/test_helpers/...) are the engine's own routes
// (routes.cc).
//
// Advancing: the clock moves to each due time of a queued webhook delivery in turn (firing the
// engine's timers, then delivering what is due), then to the target; when the call returns,
// every timer and delivery due by the target has run, retries included, each at its own
// simulated time. A moment without a timer or delivery is skipped, so an advance of years
// costs what falls due in it. The advance is refused on the system clock, and capped at
// kMaxClockAdvance (as Stripe's test clocks: at most two years ahead).
//
// Errors of an advance (invalid_request_error, HTTP 400; the clock does not move):
//   - no `seconds` nor `to` (parameter_missing, param `seconds`); both (param `to`);
//   - `seconds` below 1 or above kMaxClockAdvance (param `seconds`);
//   - a target not after now, or more than kMaxClockAdvance ahead (param `to` or `seconds`);
//   - the engine runs on the system clock (no param).
//
// Idempotency-Key: an advance with a key replays its first answer (the clock it moved to)
// without moving the clock again, and the key is refused with other params or on another
// endpoint, by the engine's rules (Engine::RunIdempotent). Keys live 24 simulated hours, so an
// advance of more than a day outlives its own key: a retry after it advances again.
//
// Thread safety: thread-safe; advances (and their idempotent replays) run one at a time.
#ifndef PAYSIM_ENGINE_WIRE_CLOCK_HELPERS_H_
#define PAYSIM_ENGINE_WIRE_CLOCK_HELPERS_H_

#include <string>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/time.h"
#include "engine/engine.h"
#include "engine/simulated_clock.h"
#include "engine/webhooks/webhook_endpoints.h"
#include "engine/wire/wire.h"

namespace paysim {
namespace wire {

// The furthest one advance may move the clock.
inline constexpr absl::Duration kMaxClockAdvance = absl::Hours(24 * 365 * 2);

class ClockAdvanceParams;  // clock.proto
struct RouteCall;          // routes.h

class ClockHelpers {
 public:
  // `engine` is required. `clock` is the engine's clock when it is simulated, or nullptr when
  // the engine runs on the system clock (which cannot be advanced). `webhooks` (may be
  // nullptr) holds the deliveries an advance runs on its way. None is owned; all must outlive
  // this object.
  ClockHelpers(Engine* engine, SimulatedClock* clock,
               webhooks::WebhookEndpoints* webhooks = nullptr);

  ClockHelpers(const ClockHelpers&) = delete;
  ClockHelpers& operator=(const ClockHelpers&) = delete;

  // AdvanceTo()
  //
  // What POST /v1/test_helpers/clock/advance does, for C++ callers: moves the simulated clock
  // to `target` as described above. invalid_request_error (naming `param`) if the clock is the
  // system clock, or `target` is not after now or is more than kMaxClockAdvance ahead.
  absl::Status AdvanceTo(absl::Time target, absl::string_view param = "to");

  // Routes()
  //
  // The two routes above, over this object, for WireApi's extra_routes.
  RouteTable Routes();

 private:
  static absl::Status Get(ClockHelpers& self, const RouteCall& call, std::string* json);
  static absl::Status Advance(ClockHelpers& self, const RouteCall& call, std::string* json);

  // The instant `params` ask for, checked as above. REQUIRES: mu_ held.
  absl::StatusOr<absl::Time> Target(const ClockAdvanceParams& params) const
      ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_);
  // OK if the clock may move to `target`; the error naming `param` otherwise.
  absl::Status CheckTarget(absl::Time target, absl::string_view param) const
      ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_);
  // Moves the clock to `target`, running timers and deliveries on the way. REQUIRES: a
  // simulated clock, and CheckTarget(target) passed under the same hold of mu_.
  void MoveTo(absl::Time target) ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_);

  Engine* const engine_;
  SimulatedClock* const clock_;
  webhooks::WebhookEndpoints* const webhooks_;
  absl::Mutex mu_;  // held through an advance: one at a time
};

}  // namespace wire
}  // namespace paysim

#endif  // PAYSIM_ENGINE_WIRE_CLOCK_HELPERS_H_
