// subscription_schedule_discounts.h (internal): a schedule phase's discount: checked when the
// schedule is stored or updated (`phases[i][discounts]`), and what it sets on the
// subscription when the phase starts (PhaseTerms' discount).
//
// A phase names at most one discount (paysim applies one): a coupon or a promotion code,
// redeemed into the subscription's discount when the phase starts (or kept, when the
// subscription's discount already is of it), or `discount`, the discount the schedule's
// subscription has (how `from_subscription` copies it), kept while the phase runs. A phase
// without one ends the discount a phase before it set: its invoices then take the customer's
// discount, as any subscription's without one of its own.
//
// REQUIRES (every function): the world's lock held.
#ifndef PAYSIM_ENGINE_INTERNAL_SUBSCRIPTION_SCHEDULE_DISCOUNTS_H_
#define PAYSIM_ENGINE_INTERNAL_SUBSCRIPTION_SCHEDULE_DISCOUNTS_H_

#include <string>

#include "absl/status/status.h"
#include "engine/internal/subscription_lifecycle.h"
#include "engine/internal/world.h"
#include "proto/billing.obj.h"
#include "proto/subscription_schedule_params.pb.h"

namespace paysim {
namespace internal {

// CheckPhaseDiscounts()
//
// Checks `params.discounts` of phase `i` (in `phase.currency()`, for `customer`) and writes
// them onto `phase`. `subscription` is the schedule's subscription (nullptr when it has none):
// the only discount a phase may name by id. Refused, naming `phases[i][discounts]...`: more
// than one discount; an entry with none or more than one of coupon, discount and
// promotion_code; a coupon or promotion code that cannot be redeemed (customer_discounts.h,
// billing_params.h); a discount that is not the subscription's (resource_missing).
absl::Status CheckPhaseDiscounts(World& world, const SubscriptionSchedulePhaseParams& params,
                                 int i, const std::string& customer,
                                 const Subscription* subscription,
                                 SubscriptionSchedulePhase& phase);

// The phase's discount when it starts, into `terms`: a coupon or promotion code still
// redeemable then (UNCERTAIN: one no longer redeemable, expired or used up since, is passed
// over), or the subscription's discount named by id.
void PhaseDiscountTerms(World& world, const SubscriptionSchedule& schedule,
                        const SubscriptionSchedulePhase& phase, PhaseTerms& terms);

}  // namespace internal
}  // namespace paysim

#endif  // PAYSIM_ENGINE_INTERNAL_SUBSCRIPTION_SCHEDULE_DISCOUNTS_H_
