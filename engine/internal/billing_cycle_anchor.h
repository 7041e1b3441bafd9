// billing_cycle_anchor.h (internal): a subscription created with a future
// `billing_cycle_anchor` (Stripe: "a future timestamp to anchor the subscription's billing
// cycle"). Its first period runs from its start to the anchor: a stub billed in proportion to
// the whole interval that ends at the anchor (proration_behavior create_prorations, the
// default, or always_invoice), or not charged at all (none). Each later period is a whole
// interval on from the anchor, as any subscription's from its own.
//
// Refused (invalid_request_error, param `billing_cycle_anchor`, nothing changed): an anchor not
// after now; one later than the first natural billing date, a whole interval from now
// (Stripe's "cannot be later than next natural billing date"); one with a trial (UNCERTAIN:
// Stripe bills a stub after the trial; paysim does not yet). proration_behavior outside the
// three values (param `proration_behavior`).
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
};

// The create's billing_cycle_anchor and proration_behavior, checked against its first item's
// `recurring` interval and its `trial_end` (0: no trial), at the world's now.
absl::StatusOr<AnchorAsk> CheckBillingCycleAnchor(World& world,
                                                  const SubscriptionCreateParams& params,
                                                  int64_t trial_end,
                                                  const PriceRecurring& recurring);

// The length in seconds of the whole interval of `recurring` that ends at `anchor` (a month
// before the anchor's day, or the month's last day when shorter, up to the anchor).
int64_t IntervalEndingAt(int64_t anchor, const PriceRecurring& recurring);

// True while `subscription` is in the stub period before a future anchor (no trial).
bool InAnchorStub(const Subscription& subscription);

}  // namespace internal
}  // namespace paysim

#endif  // PAYSIM_ENGINE_INTERNAL_BILLING_CYCLE_ANCHOR_H_
