// billing_cycle_anchor.h (internal): a subscription created with a future
// `billing_cycle_anchor` (Stripe: "a future timestamp to anchor the subscription's billing
// cycle"). Its first period runs from its start to the anchor: a stub billed in proportion to
// the whole interval that ends at the anchor (proration_behavior create_prorations, the
// default, or always_invoice), or not charged at all (none). Each later period is a whole
// interval on from the anchor, as any subscription's from its own. With a trial the stub runs
// from the trial's end to the anchor, billed by the invoice at the trial's end (the trial
// itself is free as ever); moving the trial's end (trial_end=now) keeps the anchor while it is
// still ahead (`Subscription.stub_after_trial`).
//
// `billing_cycle_anchor_config` (monthly and yearly prices) asks for the anchor by its values:
// the next time, UTC, from now (or from the trial's end) on `day_of_month` (a shorter month's
// last day) of `month` (yearly prices; default: any month) at `hour`:`minute`:`second` (each
// defaulting to that start's own, UNCERTAIN). A time equal to that start begins the cycle
// there (no stub). The config stays on the subscription, and its periods return to
// `day_of_month` whenever a month has it (an anchor on November 30 for day 31 renews on
// December 31); `billing_cycle_anchor=now` (a new cycle) clears it.
//
// Refused (invalid_request_error, param `billing_cycle_anchor`, nothing changed): an anchor not
// after now; one before the trial's end (UNCERTAIN); one later than the first natural billing
// date, a whole interval from now or from the trial's end (Stripe's "cannot be later than next
// natural billing date"). proration_behavior outside the three values (param
// `proration_behavior`). The config: both it and billing_cycle_anchor (param
// `billing_cycle_anchor_config`), a daily or weekly price (the same), a missing day_of_month
// or a value out of its range (param `billing_cycle_anchor_config[FIELD]`), `month` with a
// monthly price (`billing_cycle_anchor_config[month]`, UNCERTAIN).
#ifndef PAYSIM_ENGINE_INTERNAL_BILLING_CYCLE_ANCHOR_H_
#define PAYSIM_ENGINE_INTERNAL_BILLING_CYCLE_ANCHOR_H_

#include <cstdint>

#include "absl/status/statusor.h"
#include "engine/internal/world.h"
#include "proto/catalog.obj.h"
#include "proto/checkout.obj.h"
#include "proto/params.pb.h"

namespace paysim {
namespace internal {

struct AnchorAsk {
  int64_t anchor = 0;      // Unix seconds; 0: none asked (the cycle starts now)
  bool free_stub = false;  // proration_behavior=none
  // The billing_cycle_anchor_config asked for (it sets `anchor`, or none when that is now).
  bool configured = false;
  SubscriptionBillingCycleAnchorConfig config;
};

// The create's billing_cycle_anchor and proration_behavior, checked against its first item's
// `recurring` interval and its `trial_end` (0: no trial), at the world's now.
absl::StatusOr<AnchorAsk> CheckBillingCycleAnchor(World& world,
                                                  const SubscriptionCreateParams& params,
                                                  int64_t trial_end,
                                                  const PriceRecurring& recurring);

// The length in seconds of the whole interval of `recurring` that ends at `anchor` (a month
// before the anchor's day, or the month's last day when shorter, up to the anchor). With
// `day_of_month` (1-31; 0: the anchor's own day), the interval starts on that day instead.
int64_t IntervalEndingAt(int64_t anchor, const PriceRecurring& recurring, int day_of_month = 0);

// The end of `subscription`'s `periods`th whole period from its billing_cycle_anchor (negative:
// before it) at its first item's interval: PeriodEnd (subscriptions.h), but on the day of its
// billing_cycle_anchor_config, if any, whenever a month has that day.
int64_t CycleEnd(const Subscription& subscription, int64_t periods);

// True while `subscription` is in the stub period before a future anchor (after its trial,
// if any).
bool InAnchorStub(const Subscription& subscription);

}  // namespace internal
}  // namespace paysim

#endif  // PAYSIM_ENGINE_INTERNAL_BILLING_CYCLE_ANCHOR_H_
