// A future billing_cycle_anchor on a subscription's create (billing_cycle_anchor.h).
#include "engine/internal/billing_cycle_anchor.h"

#include "absl/strings/str_cat.h"
#include "engine/internal/intent_common.h"
#include "engine/internal/status_macros.h"
#include "engine/stripe_error.h"
#include "engine/subscriptions.h"

namespace paysim {
namespace internal {

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
  if (!params.has_billing_cycle_anchor()) return ask;
  const int64_t now = world.created();
  const int64_t anchor = params.billing_cycle_anchor();
  if (anchor <= now) {
    return InvalidRequestError("", "billing_cycle_anchor",
                               "Invalid timestamp: must be an integer Unix timestamp in the "
                               "future.");
  }
  const int64_t natural = PeriodEnd(now, recurring.interval(), recurring.interval_count());
  if (anchor > natural) {
    return InvalidRequestError("", "billing_cycle_anchor",
                               absl::StrCat("billing_cycle_anchor cannot be later than next "
                                            "natural billing date (",
                                            natural, ") for plan"));
  }
  if (trial_end > 0) {
    return InvalidRequestError("", "billing_cycle_anchor",
                               "paysim does not simulate a billing_cycle_anchor with a trial "
                               "yet.");
  }
  ask.anchor = anchor;
  ask.free_stub = params.has_proration_behavior() && params.proration_behavior() == "none";
  return ask;
}

int64_t IntervalEndingAt(int64_t anchor, const PriceRecurring& recurring) {
  return anchor - PeriodEnd(anchor, recurring.interval(), -recurring.interval_count());
}

bool InAnchorStub(const Subscription& subscription) {
  return !subscription.has_trial_end() && subscription.periods_billed() == 0 &&
         subscription.period_start() < subscription.billing_cycle_anchor();
}

}  // namespace internal
}  // namespace paysim
