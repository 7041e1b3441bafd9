// checkout_discounts.h (internal): the coupon or promotion code a Checkout Session applies
// (`discounts[0]` at creation, or a code the customer enters on the page with
// allow_promotion_codes), checked as Stripe checks it, and its redemption when the session
// completes; and the tax rates of its line items. The counts (times_redeemed) are written by coupon_lifecycle.h and
// promotion_code_lifecycle.h only; the session by checkout_session_lifecycle.h.
//
// Refusals (all invalid_request_error, HTTP 400; nothing changes):
//   - `discounts` with allow_promotion_codes=true (param allow_promotion_codes);
//   - more than one discount (param discounts); a discount with both or neither of coupon and
//     promotion_code (param discounts[0]);
//   - an unknown coupon or promotion code: resource_missing, param discounts[0][coupon] /
//     discounts[0][promotion_code];
//   - a coupon no longer valid (redeem_by come, max_redemptions reached): coupon_expired;
//     an amount_off coupon in another currency than the session's that has no amount in
//     the session's currency either (currency_options; currency_options.h);
//   - a promotion code inactive, at or past its expires_at, used max_redemptions times,
//     restricted to another customer, to a first transaction of a customer who has paid, or
//     to a minimum amount the subtotal does not reach (minimum_amount in
//     minimum_amount_currency, or restrictions.currency_options' in the session's currency;
//     a session in a currency with neither is refused), or whose coupon is refused as above.
//
// REQUIRES (every function taking a World): the world's lock held.
#ifndef PAYSIM_ENGINE_INTERNAL_CHECKOUT_DISCOUNTS_H_
#define PAYSIM_ENGINE_INTERNAL_CHECKOUT_DISCOUNTS_H_

#include <cstdint>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "engine/internal/world.h"
#include "proto/checkout.obj.h"
#include "proto/checkout_params.pb.h"
#include "proto/coupon.obj.h"
#include "proto/discount.obj.h"
#include "proto/promotion_code.obj.h"
#include "proto/tax_rate.obj.h"

namespace paysim {
namespace internal {

// A discount that passed every check (both nullptr: none).
struct CheckoutDiscountChoice {
  const Coupon* coupon = nullptr;
  const PromotionCode* promotion_code = nullptr;
  bool given() const { return coupon != nullptr; }
};

// What a session is, for the checks: its customer ("" if none), currency and subtotal.
struct CheckoutDiscountContext {
  std::string customer;
  std::string currency;
  int64_t subtotal = 0;
};

// CheckCreateDiscounts()
//
// `params`' discounts and allow_promotion_codes, checked for a session as `context` says.
absl::StatusOr<CheckoutDiscountChoice> CheckCreateDiscounts(
    World& world, const CheckoutSessionCreateParams& params,
    const CheckoutDiscountContext& context);

// CheckEnteredCode()
//
// The promotion code whose `code` is `entered` (case-insensitive; an active one first),
// checked for `session` as CheckCreateDiscounts checks one; `param` names the error's param.
absl::StatusOr<CheckoutDiscountChoice> CheckEnteredCode(World& world,
                                                        const CheckoutSession& session,
                                                        absl::string_view entered,
                                                        absl::string_view param);

// The Discount (`di_...`, a new id) `choice` makes on the session `session_id`, starting now.
// REQUIRES: choice.given().
Discount NewCheckoutDiscount(World& world, const CheckoutDiscountChoice& choice,
                             const std::string& session_id);

// CheckLineTaxRates()
//
// `line_items[index][tax_rates]`: each an existing (resource_missing), active tax rate.
absl::StatusOr<std::vector<const TaxRate*>> CheckLineTaxRates(
    World& world, const CheckoutLineItemParams& item, int index);

// The account's tax rate `id` if it may be applied to a new line item: it exists (else
// resource_missing for `param`; automatic tax's rates are not the account's) and is active.
absl::StatusOr<const TaxRate*> FindApplicableTaxRate(World& world, const std::string& id,
                                                     const std::string& param);

// RedeemCheckoutDiscount()
//
// The session applying `discount` completed: its coupon's and promotion code's times_redeemed
// + 1 (the coupon turns invalid at its max_redemptions). A coupon or code deleted since is
// skipped. UNCERTAIN: Stripe's behaviour when the coupon ran out between the session's
// creation and its completion; paysim completes the session with its discount and counts it.
void RedeemCheckoutDiscount(World& world, const Discount& discount);

}  // namespace internal
}  // namespace paysim

#endif  // PAYSIM_ENGINE_INTERNAL_CHECKOUT_DISCOUNTS_H_
