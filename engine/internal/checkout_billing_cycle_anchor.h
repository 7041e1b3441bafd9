// checkout_billing_cycle_anchor.h (internal): the first billing date a subscription-mode
// Checkout Session gives the subscription it starts (`subscription_data[billing_cycle_anchor]`,
// `subscription_data[proration_behavior]`). Stripe: "the billing cycle anchor determines the
// first full invoice date"; up to it a stub runs from the payment, billed in proportion to the
// whole interval that ends at the anchor (`create_prorations`, the default) or free (`none`).
//
// What the session shows and charges: while the anchor is ahead, each recurring line's
// amounts are its stub share at the time the session was last priced (its creation, then each
// payment attempt, which reprices the session and its waiting PaymentIntent); with `none`
// they are 0 (one-time lines are paid in full either way; nothing due: the card is only saved,
// payment_status `no_payment_required`, as with a trial). An anchor that has passed by the
// payment is ignored: the whole first period is charged and the cycle starts at the payment
// (Stripe charges "the full period starting with the billing cycle anchor"; UNCERTAIN).
//
// The subscription: billing_cycle_anchor the anchor, its first period the stub from the
// pricing (the payment) to the anchor, then whole intervals on from the anchor
// (billing_cycle_anchor.h). Its first invoice bills the stub; a free stub with no one-time
// lines makes no invoice at all (Stripe: "unlike a trial, no 0 USD invoice is generated"; the
// session's and the subscription's `invoice`/`latest_invoice` stay null until the anchor).
//
// Refused (invalid_request_error, nothing created): an anchor not after now, or later than
// the natural billing date, one interval of the first recurring line from now (param
// `subscription_data[billing_cycle_anchor]`); an anchor with a trial (the same param;
// UNCERTAIN: Stripe's wording, and that it refuses); proration_behavior outside
// create_prorations and none (`subscription_data[proration_behavior]`); either in
// setup_intent_data (parameter_unknown).
//
// Thread safety: pure functions of their arguments.
#ifndef PAYSIM_ENGINE_INTERNAL_CHECKOUT_BILLING_CYCLE_ANCHOR_H_
#define PAYSIM_ENGINE_INTERNAL_CHECKOUT_BILLING_CYCLE_ANCHOR_H_

#include <cstdint>

#include "absl/status/status.h"
#include "proto/catalog.obj.h"
#include "proto/checkout.obj.h"
#include "proto/params.pb.h"

namespace paysim {
namespace internal {

// Checks the anchor of `subscription_data` (`setup_intent_data`: none may be given) at `now`
// against `recurring`, the interval of the session's first recurring line (unused without an
// anchor).
absl::Status CheckCheckoutAnchor(const CheckoutIntentDataParams& subscription_data,
                                 const CheckoutIntentDataParams& setup_intent_data,
                                 const PriceRecurring& recurring, int64_t now);

// Copies the checked anchor of `params` onto the session's `data`, priced at `now`.
void SetCheckoutAnchor(const CheckoutIntentDataParams& params, int64_t now,
                       CheckoutIntentData& data);

// True if the session's subscription starts with a stub before its anchor, as last priced.
bool InCheckoutStub(const CheckoutSession& session);

// What a recurring `line` of the session costs now: its stub share as last priced (0 when the
// stub is free). REQUIRES: InCheckoutStub(session).
int64_t CheckoutStubAmount(const CheckoutSession& session, const LineItem& line);

}  // namespace internal
}  // namespace paysim

#endif  // PAYSIM_ENGINE_INTERNAL_CHECKOUT_BILLING_CYCLE_ANCHOR_H_
