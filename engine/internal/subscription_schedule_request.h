// subscription_schedule_request.h (internal): what a `POST /v1/subscription_schedules` (or an
// update of one) asks for, checked and made into the schedule's phases, with their dates.
//
// Reads the world and writes nothing (but MakePhasePrices): every refusal is decided here,
// before anything changes.
//
// REQUIRES (every function taking a World): the world's lock held.
#ifndef PAYSIM_ENGINE_INTERNAL_SUBSCRIPTION_SCHEDULE_REQUEST_H_
#define PAYSIM_ENGINE_INTERNAL_SUBSCRIPTION_SCHEDULE_REQUEST_H_

#include <cstdint>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "engine/internal/subscription_lifecycle.h"
#include "engine/internal/world.h"
#include "google/protobuf/repeated_field.h"
#include "proto/checkout.obj.h"
#include "proto/params.pb.h"
#include "proto/subscription_schedule.obj.h"
#include "proto/subscription_schedule_params.pb.h"

namespace paysim {

// Stripe: subscription_schedule.expiring "7 days before a subscription schedule will expire".
constexpr absl::Duration kScheduleExpiringNotice = absl::Hours(7 * 24);
// Stripe: at most 10 phases on a schedule. UNCERTAIN: the limit.
constexpr int kScheduleMaxPhases = 10;

namespace internal {

// A Price a phase gives inline (`items[j][price_data]` or `add_invoice_items[j][price_data]`),
// drafted without an id: made by MakePhasePrices when the schedule is stored.
struct PhasePrice {
  int phase = 0;
  int index = 0;                  // into the phase's items, or its add_invoice_items
  bool add_invoice_item = false;  // which of the two
  Price price;
};

// A checked create: the schedule without its id, status or subscription.
struct SubscriptionScheduleRequest {
  SubscriptionSchedule schedule;
  const Subscription* from_subscription = nullptr;  // `from_subscription`, if given
  std::vector<PhasePrice> inline_prices;            // for MakePhasePrices
};

// The schedule `params` describe, or Stripe's error for the first bad parameter.
absl::StatusOr<SubscriptionScheduleRequest> CheckScheduleCreate(
    World& world, const SubscriptionScheduleCreateParams& params);

// `phases[]` of `customer`'s schedule, the first starting at `start` (Unix seconds), each next
// one where the previous ends; `subscription` is the schedule's (nullptr: none yet). The prices
// the phases give inline are drafted into `*inline_prices` (their items and add_invoice_items
// name no price until MakePhasePrices).
absl::StatusOr<std::vector<SubscriptionSchedulePhase>> CheckPhases(
    World& world,
    const google::protobuf::RepeatedPtrField<SubscriptionSchedulePhaseParams>& params,
    int64_t start, const std::string& customer, const Subscription* subscription,
    std::vector<PhasePrice>* inline_prices);

// The one function here that writes: stores the prices CheckPhases drafted (ad hoc, inactive,
// no event) and names them in `schedule`'s phases. Call when the schedule is committed.
void MakePhasePrices(World& world, std::vector<PhasePrice> prices, SubscriptionSchedule& schedule);

// A phase's add_invoice_items as the params of a subscription's (price_data for a price made
// inline, which only its phase may bill).
google::protobuf::RepeatedPtrField<SubscriptionAddInvoiceItemParams> AddInvoiceItemsOf(
    World& world, const SubscriptionSchedulePhase& phase);

// A Unix time parameter given as text ("now" when `allow_now`, returned as `now`).
absl::StatusOr<int64_t> ParseTime(const World& world, const std::string& text,
                                  absl::string_view param, bool allow_now);

// `invoice_settings[days_until_due]` (named `param`): 0..kMaxDaysUntilDue, or Stripe's
// refusal (parameter_invalid_integer).
absl::Status CheckDaysUntilDue(int64_t days, const std::string& param);

// What `phase` of `schedule` sets besides its items: its own settings, else the schedule's
// default_settings (a default payment method no longer usable by the customer is left out).
PhaseTerms PhaseTermsOf(World& world, const SubscriptionSchedule& schedule,
                        const SubscriptionSchedulePhase& phase);

// The params of the subscription a schedule starts with (or moves to) `phase`.
SubscriptionCreateParams SubscriptionParamsFor(World& world, const SubscriptionSchedule& schedule,
                                               const SubscriptionSchedulePhase& phase);

}  // namespace internal
}  // namespace paysim

#endif  // PAYSIM_ENGINE_INTERNAL_SUBSCRIPTION_SCHEDULE_REQUEST_H_
