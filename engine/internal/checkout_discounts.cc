// Checking and redeeming a Checkout Session's discount (checkout_discounts.h).
#include "engine/internal/checkout_discounts.h"
#include "engine/internal/checkout_adaptive_pricing.h"

#include <string>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "engine/internal/charge_lifecycle.h"
#include "engine/internal/coupon_lifecycle.h"
#include "engine/internal/currency_options.h"
#include "engine/internal/interned.h"
#include "engine/internal/promotion_code_lifecycle.h"
#include "engine/internal/status_macros.h"
#include "engine/stripe_error.h"

namespace paysim {
namespace internal {
namespace {

// UNCERTAIN: Stripe's wording of every promotion code refusal (as customer_discounts.cc).
absl::Status NotRedeemable(absl::string_view param, absl::string_view why) {
  return InvalidRequestError("", param,
                             absl::StrCat("This promotion code cannot be redeemed: ", why, "."));
}

absl::Status CheckCoupon(const Coupon& coupon, const CheckoutDiscountContext& context,
                         absl::string_view param) {
  // `valid` turns false at redeem_by (the engine clock's timer) and at max_redemptions.
  if (!coupon.valid()) {
    return InvalidRequestError("coupon_expired", param,
                               absl::StrCat("Coupon expired: ", coupon.id()));
  }
  if (!CouponAppliesIn(coupon, context.currency)) {
    // UNCERTAIN (wording).
    return InvalidRequestError(
        "", param,
        absl::StrCat("The coupon's currency (", coupon.currency(),
                     ") must match the Checkout Session's currency (", context.currency,
                     ") or be one of its currency_options."));
  }
  return absl::OkStatus();
}

absl::StatusOr<CheckoutDiscountChoice> CheckCode(World& world, const PromotionCode& code,
                                                 const CheckoutDiscountContext& context,
                                                 absl::string_view param) {
  if (!code.active()) return NotRedeemable(param, "it is inactive");
  if (code.has_expires_at() && world.created() >= code.expires_at()) {
    return NotRedeemable(param, "it has expired");
  }
  if (code.has_max_redemptions() && code.times_redeemed() >= code.max_redemptions()) {
    return NotRedeemable(param, "it has reached its max_redemptions");
  }
  if (code.has_customer() && code.customer() != context.customer) {
    return NotRedeemable(param, "it is restricted to another customer");
  }
  if (code.restrictions().first_time_transaction() && !context.customer.empty() &&
      ChargeLifecycle::HasSucceeded(world, context.customer)) {
    return NotRedeemable(param, "it is only for a customer's first transaction");
  }
  if (code.restrictions().has_minimum_amount()) {
    // The minimum in the session's currency: minimum_amount in minimum_amount_currency, or
    // restrictions.currency_options'. UNCERTAIN: a session in a currency with neither is
    // refused.
    const absl::optional<int64_t> minimum =
        PromotionMinimumIn(code.restrictions(), context.currency);
    if (!minimum.has_value()) {
      return NotRedeemable(param, absl::StrCat("it has no minimum amount in ", context.currency));
    }
    if (context.subtotal < *minimum) {
      return NotRedeemable(param, absl::StrCat("the order must amount to at least ", *minimum,
                                               " ", context.currency));
    }
  }
  const Coupon* coupon = world.coupons().Find(code.coupon().id());
  if (coupon == nullptr || !coupon->valid()) {
    return NotRedeemable(param, "its coupon is no longer valid");
  }
  PAYSIM_RETURN_IF_ERROR(CheckCoupon(*coupon, context, param));
  CheckoutDiscountChoice choice;
  choice.coupon = coupon;
  choice.promotion_code = &code;
  return choice;
}

}  // namespace

absl::StatusOr<CheckoutDiscountChoice> CheckCreateDiscounts(
    World& world, const CheckoutSessionCreateParams& params,
    const CheckoutDiscountContext& context) {
  CheckoutDiscountChoice choice;
  if (params.discounts().empty()) return choice;
  if (params.allow_promotion_codes()) {
    // UNCERTAIN (wording and param): Stripe refuses the two together.
    return InvalidRequestError("", "allow_promotion_codes",
                               "You may only specify one of these parameters: "
                               "allow_promotion_codes, discounts.");
  }
  if (params.discounts_size() > 1) {
    // UNCERTAIN (wording).
    return InvalidRequestError("", "discounts",
                               "You may only specify one discount for a Checkout Session.");
  }
  const CheckoutDiscountParams& d = params.discounts(0);
  if (d.has_coupon() && d.has_promotion_code()) {
    return InvalidRequestError("", "discounts[0]",
                               "You may only specify one of these parameters: coupon, "
                               "promotion_code.");
  }
  if (d.has_coupon()) {
    constexpr absl::string_view kParam = "discounts[0][coupon]";
    PAYSIM_ASSIGN_OR_RETURN(const Coupon* coupon, world.coupons().Get(d.coupon(), kParam));
    PAYSIM_RETURN_IF_ERROR(CheckCoupon(*coupon, context, kParam));
    choice.coupon = coupon;
    return choice;
  }
  if (d.has_promotion_code()) {
    constexpr absl::string_view kParam = "discounts[0][promotion_code]";
    PAYSIM_ASSIGN_OR_RETURN(const PromotionCode* code,
                            world.promotion_codes().Get(d.promotion_code(), kParam));
    return CheckCode(world, *code, context, kParam);
  }
  // UNCERTAIN (wording).
  return InvalidRequestError("", "discounts[0]",
                             "You must specify either coupon or promotion_code for a discount.");
}

absl::StatusOr<CheckoutDiscountChoice> CheckEnteredCode(World& world,
                                                        const CheckoutSession& session,
                                                        absl::string_view entered,
                                                        absl::string_view param) {
  const PromotionCode* found = nullptr;
  world.promotion_codes().ForEach([&](const PromotionCode& code) {
    if (!absl::EqualsIgnoreCase(code.code(), entered)) return;
    if (found == nullptr || (!found->active() && code.active())) found = &code;
  });
  if (found == nullptr) {
    // UNCERTAIN (wording): what the page shows for a code it does not know.
    return InvalidRequestError("", param, "This code is invalid.");
  }
  CheckoutDiscountContext context;
  context.customer = session.customer();
  // The merchant's currency and subtotal, whatever Adaptive Pricing shows the customer.
  context.currency = CheckoutSourceCurrency(session);
  context.subtotal = session.has_currency_conversion()
                         ? session.currency_conversion().amount_subtotal()
                         : session.amount_subtotal();
  return CheckCode(world, *found, context, param);
}

Discount NewCheckoutDiscount(World& world, const CheckoutDiscountChoice& choice,
                             const std::string& session_id) {
  Discount discount;
  discount.set_id(world.ids().NewId("di_"));
  discount.set_object(PAYSIM_INTERNED("discount"));
  discount.set_checkout_session(session_id);
  *discount.mutable_coupon() = *choice.coupon;
  if (choice.promotion_code != nullptr) {
    discount.set_promotion_code(choice.promotion_code->id());
  }
  discount.set_start(world.created());
  return discount;
}

absl::StatusOr<std::vector<const TaxRate*>> CheckLineTaxRates(
    World& world, const CheckoutLineItemParams& item, int index) {
  std::vector<const TaxRate*> rates;
  for (int j = 0; j < item.tax_rates_size(); ++j) {
    const std::string param = absl::StrCat("line_items[", index, "][tax_rates][", j, "]");
    PAYSIM_ASSIGN_OR_RETURN(const TaxRate* rate,
                            FindApplicableTaxRate(world, item.tax_rates(j), param));
    rates.push_back(rate);
  }
  return rates;
}

absl::StatusOr<const TaxRate*> FindApplicableTaxRate(World& world, const std::string& id,
                                                     const std::string& param) {
  PAYSIM_ASSIGN_OR_RETURN(const TaxRate* rate, world.tax_rates().Get(id, param));
  if (rate->automatic()) return ResourceMissing("tax_rate", rate->id(), param);
  if (!rate->active()) {
    // UNCERTAIN (wording).
    return InvalidRequestError(
        "", param,
        absl::StrCat("The tax rate ", rate->id(),
                     " is inactive and cannot be applied to new line items."));
  }
  return rate;
}

void RedeemCheckoutDiscount(World& world, const Discount& discount) {
  if (discount.has_promotion_code()) {
    const PromotionCode* code = world.promotion_codes().Find(discount.promotion_code());
    if (code != nullptr) PromotionCodeLifecycle::Redeem(world, *code);
  }
  const Coupon* coupon = world.coupons().Find(discount.coupon().id());
  if (coupon != nullptr) CouponLifecycle::Redeem(world, *coupon);
}

}  // namespace internal
}  // namespace paysim
