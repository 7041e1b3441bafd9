// A future billing_cycle_anchor on a subscription's create (billing_cycle_anchor.h).
#include "engine/internal/billing_cycle_anchor.h"

#include <algorithm>

#include "absl/strings/str_cat.h"
#include "absl/time/civil_time.h"
#include "absl/time/time.h"
#include "engine/internal/intent_common.h"
#include "engine/internal/status_macros.h"
#include "engine/stripe_error.h"
#include "engine/subscriptions.h"

namespace paysim {
namespace internal {
namespace {

bool Monthly(const PriceRecurring& recurring) {
  return recurring.interval() == "month" || recurring.interval() == "year";
}

int LastDay(absl::CivilMonth month) { return (absl::CivilDay(month + 1) - 1).day(); }

// `day` of `month` (its last day when shorter) at the time of day of `clock`, Unix seconds.
int64_t OnDay(absl::CivilMonth month, int day, const absl::CivilSecond& clock) {
  const absl::CivilSecond at(month.year(), month.month(), std::min(day, LastDay(month)),
                             clock.hour(), clock.minute(), clock.second());
  return absl::ToUnixSeconds(absl::FromCivil(at, absl::UTCTimeZone()));
}

// One of billing_cycle_anchor_config's values: in [low, high] when given.
absl::Status CheckRange(bool given, int64_t value, int64_t low, int64_t high,
                        absl::string_view name) {
  const std::string param = absl::StrCat("billing_cycle_anchor_config[", name, "]");
  if (given && value < low) {
    return InvalidRequestError("", param,
                               absl::StrCat("This value must be greater than or equal to ", low,
                                            "."));
  }
  if (given && value > high) {
    return InvalidRequestError("", param,
                               absl::StrCat("This value must be less than or equal to ", high,
                                            "."));
  }
  return absl::OkStatus();
}

// The config's values checked, and the anchor they give from `from` (now, or the trial's end):
// the first time not before it on the day (of the month, if given) at the time of day (its own
// where not given).
absl::StatusOr<int64_t> ConfiguredAnchor(const SubscriptionBillingCycleAnchorConfigParams& ask,
                                         const PriceRecurring& recurring, int64_t from,
                                         SubscriptionBillingCycleAnchorConfig& config) {
  if (!Monthly(recurring)) {
    return InvalidRequestError("", "billing_cycle_anchor_config",
                               "billing_cycle_anchor_config is only valid with monthly and "
                               "yearly price intervals.");
  }
  if (!ask.has_day_of_month()) {
    return ParameterMissing("billing_cycle_anchor_config[day_of_month]");
  }
  PAYSIM_RETURN_IF_ERROR(CheckRange(true, ask.day_of_month(), 1, 31, "day_of_month"));
  PAYSIM_RETURN_IF_ERROR(CheckRange(ask.has_hour(), ask.hour(), 0, 23, "hour"));
  PAYSIM_RETURN_IF_ERROR(CheckRange(ask.has_minute(), ask.minute(), 0, 59, "minute"));
  PAYSIM_RETURN_IF_ERROR(CheckRange(ask.has_month(), ask.month(), 1, 12, "month"));
  PAYSIM_RETURN_IF_ERROR(CheckRange(ask.has_second(), ask.second(), 0, 59, "second"));
  if (ask.has_month() && recurring.interval() != "year") {
    return InvalidRequestError("", "billing_cycle_anchor_config[month]",
                               "billing_cycle_anchor_config[month] is only valid with yearly "
                               "price intervals.");
  }
  config.set_day_of_month(ask.day_of_month());
  if (ask.has_hour()) config.set_hour(ask.hour());
  if (ask.has_minute()) config.set_minute(ask.minute());
  if (ask.has_month()) config.set_month(ask.month());
  if (ask.has_second()) config.set_second(ask.second());

  const absl::CivilSecond today = absl::ToCivilSecond(absl::FromUnixSeconds(from),
                                                      absl::UTCTimeZone());
  const absl::CivilSecond clock(2000, 1, 1, ask.has_hour() ? ask.hour() : today.hour(),
                                ask.has_minute() ? ask.minute() : today.minute(),
                                ask.has_second() ? ask.second() : today.second());
  const int day = static_cast<int>(ask.day_of_month());
  if (ask.has_month()) {
    int64_t at = OnDay(absl::CivilMonth(today.year(), ask.month()), day, clock);
    if (at < from) at = OnDay(absl::CivilMonth(today.year() + 1, ask.month()), day, clock);
    return at;
  }
  int64_t at = OnDay(absl::CivilMonth(today), day, clock);
  if (at < from) at = OnDay(absl::CivilMonth(today) + 1, day, clock);
  return at;
}

// PeriodEnd (subscriptions.h) from `start` by `months` months, on `day` when the month has it.
int64_t MonthsOnDay(int64_t start, int64_t months, int day) {
  const absl::CivilSecond begin = absl::ToCivilSecond(absl::FromUnixSeconds(start),
                                                      absl::UTCTimeZone());
  return OnDay(absl::CivilMonth(begin) + months, day, begin);
}

}  // namespace

absl::StatusOr<AnchorAsk> CheckBillingCycleAnchor(World& world,
                                                  const SubscriptionCreateParams& params,
                                                  int64_t trial_end,
                                                  const PriceRecurring& recurring) {
  AnchorAsk ask;
  if (params.has_proration_behavior()) {
    PAYSIM_RETURN_IF_ERROR(ValidateEnum(params.proration_behavior(),
                                        {"always_invoice", "create_prorations", "none"},
                                        "proration_behavior"));
  }
  const int64_t now = world.created();
  const int64_t from = trial_end > 0 ? trial_end : now;  // where the first paid period starts
  int64_t anchor = params.billing_cycle_anchor();
  if (params.has_billing_cycle_anchor_config()) {
    if (params.has_billing_cycle_anchor()) {
      return InvalidRequestError("", "billing_cycle_anchor_config",
                                 "You may only specify one of these parameters: "
                                 "billing_cycle_anchor, billing_cycle_anchor_config.");
    }
    PAYSIM_ASSIGN_OR_RETURN(anchor, ConfiguredAnchor(params.billing_cycle_anchor_config(),
                                                     recurring, from, ask.config));
    ask.configured = true;
    if (anchor == from) return ask;  // the cycle starts then, on the day asked for
  } else if (!params.has_billing_cycle_anchor()) {
    return ask;
  }
  if (anchor <= now) {
    return InvalidRequestError("", "billing_cycle_anchor",
                               "Invalid timestamp: must be an integer Unix timestamp in the "
                               "future.");
  }
  if (anchor < from) {
    // UNCERTAIN: Stripe's wording; an anchor inside the trial.
    return InvalidRequestError("", "billing_cycle_anchor",
                               "billing_cycle_anchor cannot be earlier than trial_end.");
  }
  const int64_t natural = PeriodEnd(from, recurring.interval(), recurring.interval_count());
  if (anchor > natural) {
    return InvalidRequestError("", "billing_cycle_anchor",
                               absl::StrCat("billing_cycle_anchor cannot be later than next "
                                            "natural billing date (",
                                            natural, ") for plan"));
  }
  ask.anchor = anchor;
  ask.free_stub = params.has_proration_behavior() && params.proration_behavior() == "none";
  return ask;
}

int64_t IntervalEndingAt(int64_t anchor, const PriceRecurring& recurring, int day_of_month) {
  if (day_of_month > 0 && Monthly(recurring)) {
    const int64_t months = (recurring.interval() == "year" ? 12 : 1) * recurring.interval_count();
    return anchor - MonthsOnDay(anchor, -months, day_of_month);
  }
  return anchor - PeriodEnd(anchor, recurring.interval(), -recurring.interval_count());
}

int64_t CycleEnd(const Subscription& subscription, int64_t periods) {
  const PriceRecurring& recurring = subscription.items().data(0).price().recurring();
  const int64_t anchor = subscription.billing_cycle_anchor();
  if (subscription.has_billing_cycle_anchor_config() && Monthly(recurring)) {
    const int64_t months = (recurring.interval() == "year" ? 12 : 1) * recurring.interval_count();
    return MonthsOnDay(anchor, months * periods,
                       static_cast<int>(subscription.billing_cycle_anchor_config().day_of_month()));
  }
  return PeriodEnd(anchor, recurring.interval(), recurring.interval_count() * periods);
}

bool InAnchorStub(const Subscription& subscription) {
  return subscription.periods_billed() == 0 &&
         subscription.period_start() < subscription.billing_cycle_anchor() &&
         !(subscription.has_trial_end() &&
           subscription.period_start() < subscription.trial_end());
}

}  // namespace internal
}  // namespace paysim
