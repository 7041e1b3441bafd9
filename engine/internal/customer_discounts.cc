#include "engine/internal/customer_discounts.h"

#include "absl/strings/str_cat.h"
#include "absl/time/civil_time.h"
#include "engine/internal/charge_lifecycle.h"
#include "engine/internal/coupon_lifecycle.h"
#include "engine/internal/interned.h"
#include "engine/internal/promotion_code_lifecycle.h"
#include "engine/internal/status_macros.h"
#include "engine/stripe_error.h"

namespace paysim {
namespace internal {
namespace {

// The param `name` ("coupon", "promotion_code") of `request`, under its param_prefix.
std::string Param(const DiscountRequest& request, absl::string_view name) {
  return request.param_prefix.empty() ? std::string(name)
                                      : absl::StrCat(request.param_prefix, "[", name, "]");
}

// UNCERTAIN: Stripe's wording of every promotion code refusal below.
absl::Status NotRedeemable(const DiscountRequest& request, absl::string_view why) {
  return InvalidRequestError("", Param(request, "promotion_code"),
                             absl::StrCat("This promotion code cannot be redeemed: ", why, "."));
}

absl::StatusOr<const Coupon*> RedeemableCoupon(World& world, absl::string_view id,
                                              const std::string& param) {
  PAYSIM_ASSIGN_OR_RETURN(const Coupon* coupon, world.coupons().Get(id, param));
  if (!coupon->valid()) {
    return InvalidRequestError("coupon_expired", param,
                               absl::StrCat("Coupon expired: ", coupon->id()));
  }
  return coupon;
}

}  // namespace

absl::StatusOr<DiscountChoice> CheckDiscount(World& world, const DiscountRequest& request,
                                             absl::string_view customer_id) {
  DiscountChoice choice;
  if (request.coupon.has_value() && request.promotion_code.has_value()) {
    // UNCERTAIN: Stripe's wording.
    return InvalidRequestError("", Param(request, "coupon"),
                               "You may only specify one of these parameters: coupon, "
                               "promotion_code.");
  }
  if (request.coupon.has_value()) {
    PAYSIM_ASSIGN_OR_RETURN(choice.coupon,
                            RedeemableCoupon(world, *request.coupon, Param(request, "coupon")));
    return choice;
  }
  PAYSIM_ASSIGN_OR_RETURN(const PromotionCode* code,
                          world.promotion_codes().Get(*request.promotion_code,
                                                      Param(request, "promotion_code")));
  if (!code->active()) return NotRedeemable(request, "it is inactive");
  if (code->has_expires_at() && world.created() >= code->expires_at()) {
    return NotRedeemable(request, "it has expired");
  }
  if (code->has_max_redemptions() && code->times_redeemed() >= code->max_redemptions()) {
    return NotRedeemable(request, "it has reached its max_redemptions");
  }
  if (code->has_customer() && code->customer() != customer_id) {
    return NotRedeemable(request, "it is restricted to another customer");
  }
  if (code->restrictions().first_time_transaction() && !customer_id.empty() &&
      ChargeLifecycle::HasSucceeded(world, customer_id)) {
    return NotRedeemable(request, "it is only for a customer's first transaction");
  }
  const Coupon* coupon = world.coupons().Find(code->coupon().id());
  if (coupon == nullptr || !coupon->valid()) {
    return NotRedeemable(request, "its coupon is no longer valid");
  }
  choice.coupon = coupon;
  choice.promotion_code = code;
  return choice;
}

int64_t RepeatingDiscountEnd(absl::Time start, int64_t months) {
  // UNCERTAIN: how Stripe ends a discount started on a day the end month lacks; paysim lets
  // absl normalize (January 31 + 1 month = March 3).
  const absl::CivilSecond from = absl::ToCivilSecond(start, absl::UTCTimeZone());
  const absl::CivilSecond end(from.year(), from.month() + months, from.day(), from.hour(),
                              from.minute(), from.second());
  return absl::ToUnixSeconds(absl::FromCivil(end, absl::UTCTimeZone()));
}

Discount RedeemDiscount(World& world, const DiscountChoice& choice,
                        const std::string& customer_id) {
  Discount discount;
  discount.set_id(world.ids().NewId("di_"));
  discount.set_object(PAYSIM_INTERNED("discount"));
  discount.set_customer(customer_id);
  discount.set_start(world.created());
  if (choice.coupon->duration() == "repeating") {
    discount.set_end(RepeatingDiscountEnd(world.now(), choice.coupon->duration_in_months()));
  }
  if (choice.promotion_code != nullptr) {
    discount.set_promotion_code(choice.promotion_code->id());
    PromotionCodeLifecycle::Redeem(world, *choice.promotion_code);
  }
  *discount.mutable_coupon() = CouponLifecycle::Redeem(world, *choice.coupon);
  return discount;
}

void EmitDiscountChange(World& world, const Discount* before, const Discount* after) {
  if (before == nullptr && after != nullptr) {
    world.Emit("customer.discount.created", *after);
  } else if (before != nullptr && after != nullptr && before->id() != after->id()) {
    world.Emit("customer.discount.updated", *after);
  } else if (before != nullptr && after == nullptr) {
    world.Emit("customer.discount.deleted", *before);
  }
}

}  // namespace internal
}  // namespace paysim
