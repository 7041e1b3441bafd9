#include "engine/wire/clock_helpers.h"

#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/types/optional.h"
#include "engine/internal/status_macros.h"
#include "engine/stripe_error.h"
#include "engine/wire/clock.pb.h"
#include "engine/wire/form_decoder.h"
#include "engine/wire/routes.h"
#include "engine/wire/wire_params.pb.h"

namespace paysim {
namespace wire {
namespace {

constexpr absl::string_view kClockObject = "test_helpers.paysim_clock";
constexpr absl::string_view kAdvanceEndpoint = "POST /v1/test_helpers/clock/advance";

PaysimClock ClockAt(absl::Time now) {
  PaysimClock clock;
  clock.set_object(std::string(kClockObject));
  clock.set_frozen_time(absl::ToUnixSeconds(now));
  return clock;
}

}  // namespace

ClockHelpers::ClockHelpers(Engine* engine, SimulatedClock* clock,
                           webhooks::WebhookEndpoints* webhooks)
    : engine_(engine), clock_(clock), webhooks_(webhooks) {}

RouteTable ClockHelpers::Routes() {
  static const auto* routes = new std::vector<Route>{
      {"GET", "/v1/test_helpers/clock", kClockObject, false,
       &ContextHandler<ClockHelpers, &ClockHelpers::Get>, ""},
      {"POST", "/v1/test_helpers/clock/advance", kClockObject, false,
       &ContextHandler<ClockHelpers, &ClockHelpers::Advance>, ""},
  };
  return RouteTable{routes, this};
}

absl::Status ClockHelpers::Get(ClockHelpers& self, const RouteCall& call, std::string* json) {
  NoParams none;
  PAYSIM_RETURN_IF_ERROR(DecodeParams(call.params, &none));
  WriteObject(call, ClockAt(self.engine_->Now()), json);
  return absl::OkStatus();
}

absl::Status ClockHelpers::Advance(ClockHelpers& self, const RouteCall& call,
                                   std::string* json) {
  ClockAdvanceParams params;
  PAYSIM_RETURN_IF_ERROR(DecodeParams(call.params, &params));
  absl::MutexLock lock(&self.mu_);
  // The check and the answer run in the engine's idempotent call frame (so a replay neither
  // checks nor moves anything); the clock moves after it, outside the engine's lock (firing
  // timers and delivering webhooks are engine calls of their own).
  absl::optional<absl::Time> move_to;
  absl::StatusOr<PaysimClock> clock = call.engine->RunIdempotent<PaysimClock>(
      call.options, kAdvanceEndpoint, params, [&]() -> absl::StatusOr<PaysimClock> {
        self.mu_.AssertHeld();  // (run within the lock above)
        PAYSIM_ASSIGN_OR_RETURN(absl::Time target, self.Target(params));
        move_to = target;
        return ClockAt(target);
      });
  if (!clock.ok()) return clock.status();
  if (move_to.has_value()) self.MoveTo(*move_to);
  WriteObject(call, *clock, json);
  return absl::OkStatus();
}

absl::StatusOr<absl::Time> ClockHelpers::Target(const ClockAdvanceParams& params) const {
  if (params.has_seconds() && params.has_to()) {
    return InvalidRequestError("", "to", "Pass either seconds or to, not both.");
  }
  if (params.has_to()) {
    const absl::Time target = absl::FromUnixSeconds(params.to());
    PAYSIM_RETURN_IF_ERROR(CheckTarget(target, "to"));
    return target;
  }
  if (!params.has_seconds()) {
    return InvalidRequestError("parameter_missing", "seconds",
                               "Missing required param: seconds (or to).");
  }
  if (params.seconds() < 1 || params.seconds() > absl::ToInt64Seconds(kMaxClockAdvance)) {
    return InvalidRequestError("", "seconds",
                               absl::StrCat("Invalid seconds: must be between 1 and ",
                                            absl::ToInt64Seconds(kMaxClockAdvance), "."));
  }
  const absl::Time target = engine_->Now() + absl::Seconds(params.seconds());
  PAYSIM_RETURN_IF_ERROR(CheckTarget(target, "seconds"));
  return target;
}

absl::Status ClockHelpers::CheckTarget(absl::Time target, absl::string_view param) const {
  if (clock_ == nullptr) {
    return InvalidRequestError(
        "", "",
        "paysim is running on the system clock (--clock=system): its time cannot be advanced. "
        "Start paysim serve with --clock=simulated to move time.");
  }
  const absl::Time now = clock_->Now();
  if (target <= now) {
    return InvalidRequestError(
        "", param,
        absl::StrCat("Invalid ", param, ": the clock only moves forward, and it is at ",
                     absl::ToUnixSeconds(now), " (frozen_time)."));
  }
  if (target - now > kMaxClockAdvance) {
    return InvalidRequestError(
        "", param,
        absl::StrCat("Invalid ", param, ": the clock cannot move more than ",
                     absl::ToInt64Seconds(kMaxClockAdvance), " seconds (two years) at once."));
  }
  return absl::OkStatus();
}

absl::Status ClockHelpers::AdvanceTo(absl::Time target, absl::string_view param) {
  absl::MutexLock lock(&mu_);
  PAYSIM_RETURN_IF_ERROR(CheckTarget(target, param));
  MoveTo(target);
  return absl::OkStatus();
}

void ClockHelpers::MoveTo(absl::Time target) {
  while (webhooks_ != nullptr) {
    absl::optional<absl::Time> next = webhooks_->NextDue();
    if (!next.has_value() || *next > target) break;
    clock_->SetTime(*next);
    engine_->FireDueTimers();
    webhooks_->DeliverDue();
  }
  clock_->SetTime(target);
  engine_->FireDueTimers();
  if (webhooks_ != nullptr) webhooks_->DeliverDue();
}

}  // namespace wire
}  // namespace paysim
