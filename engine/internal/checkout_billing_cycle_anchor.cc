// A subscription-mode Checkout Session's billing cycle anchor
// (checkout_billing_cycle_anchor.h).
#include "engine/internal/checkout_billing_cycle_anchor.h"

#include "absl/strings/str_cat.h"
#include "engine/internal/billing_cycle_anchor.h"
#include "engine/internal/intent_common.h"
#include "engine/internal/price_tiers.h"
#include "engine/internal/prorations.h"
#include "engine/internal/status_macros.h"
#include "engine/stripe_error.h"
#include "engine/subscriptions.h"

namespace paysim {
namespace internal {

absl::Status CheckCheckoutAnchor(const CheckoutIntentDataParams& subscription_data,
                                 const CheckoutIntentDataParams& setup_intent_data,
                                 const PriceRecurring& recurring, int64_t now) {
  if (setup_intent_data.has_billing_cycle_anchor()) {
    return ParameterUnknown("setup_intent_data[billing_cycle_anchor]");
  }
  if (setup_intent_data.has_proration_behavior()) {
    return ParameterUnknown("setup_intent_data[proration_behavior]");
  }
  const CheckoutIntentDataParams& d = subscription_data;
  if (d.has_proration_behavior()) {
    PAYSIM_RETURN_IF_ERROR(ValidateEnum(d.proration_behavior(), {"create_prorations", "none"},
                                        "subscription_data[proration_behavior]"));
  }
  if (!d.has_billing_cycle_anchor()) return absl::OkStatus();
  constexpr char kParam[] = "subscription_data[billing_cycle_anchor]";
  if (d.billing_cycle_anchor() <= now) {
    return InvalidRequestError("", kParam,
                               "Invalid timestamp: must be an integer Unix timestamp in the "
                               "future.");
  }
  if (d.has_trial_end() || d.has_trial_period_days()) {
    // UNCERTAIN: Stripe's wording, and that Checkout refuses the two together.
    return InvalidRequestError("", kParam,
                               "You cannot set subscription_data[billing_cycle_anchor] together "
                               "with a trial (trial_end or trial_period_days).");
  }
  const int64_t natural = PeriodEnd(now, recurring.interval(), recurring.interval_count());
  if (d.billing_cycle_anchor() > natural) {
    return InvalidRequestError("", kParam,
                               absl::StrCat("billing_cycle_anchor cannot be later than next "
                                            "natural billing date (",
                                            natural, ") for plan"));
  }
  return absl::OkStatus();
}

void SetCheckoutAnchor(const CheckoutIntentDataParams& params, int64_t now,
                       CheckoutIntentData& data) {
  if (!params.has_billing_cycle_anchor()) return;
  data.set_billing_cycle_anchor(params.billing_cycle_anchor());
  data.set_free_stub(params.proration_behavior() == "none");
  data.set_priced_at(now);
}

bool InCheckoutStub(const CheckoutSession& session) {
  const CheckoutIntentData& data = session.subscription_data();
  return data.has_billing_cycle_anchor() && data.priced_at() < data.billing_cycle_anchor();
}

int64_t CheckoutStubAmount(const CheckoutSession& session, const LineItem& line) {
  const CheckoutIntentData& data = session.subscription_data();
  if (data.free_stub()) return 0;
  const int64_t anchor = data.billing_cycle_anchor();
  const int64_t whole = IntervalEndingAt(anchor, line.price().recurring());
  // Part by part, as the subscription's first invoice prorates its lines (price_tiers.h).
  int64_t amount = 0;
  for (const PricePart& part : PriceParts(line.price(), line.quantity())) {
    amount += ProratedAmount(part.amount, anchor - data.priced_at(), whole);
  }
  return amount;
}

}  // namespace internal
}  // namespace paysim
