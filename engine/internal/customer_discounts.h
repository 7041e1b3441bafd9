// customer_discounts.h (internal): a coupon or promotion code given to a customer
// (`coupon` / `promotion_code` on customer create and update): the checks Stripe makes before
// redeeming it, the Discount it becomes, and the redemption counts it moves. The customer's
// `discount` field itself is written by customer_lifecycle.h, which announces it.
//
// REQUIRES (every function taking a World): the world's lock held.
#ifndef PAYSIM_ENGINE_INTERNAL_CUSTOMER_DISCOUNTS_H_
#define PAYSIM_ENGINE_INTERNAL_CUSTOMER_DISCOUNTS_H_

#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/time/time.h"
#include "absl/types/optional.h"
#include "engine/internal/world.h"
#include "proto/coupon.obj.h"
#include "proto/discount.obj.h"
#include "proto/promotion_code.obj.h"

namespace paysim {
namespace internal {

// What a request asks of a customer's discount.
struct DiscountRequest {
  absl::optional<std::string> coupon;          // the `coupon` param as given ("" removes)
  absl::optional<std::string> promotion_code;  // the `promotion_code` param as given
  // Where the params are: "" (`coupon`, `promotion_code`) or e.g. "discounts[0]"
  // (`discounts[0][coupon]`); errors name them so.
  std::string param_prefix;
  bool given() const { return coupon.has_value() || promotion_code.has_value(); }
  // Both absent would keep the discount; an empty one removes it.
  bool removes() const {
    return (coupon.has_value() && coupon->empty()) ||
           (promotion_code.has_value() && promotion_code->empty());
  }
};

// A redeemable coupon, and the promotion code it came through (or nullptr).
struct DiscountChoice {
  const Coupon* coupon = nullptr;
  const PromotionCode* promotion_code = nullptr;
};

// Checks `request` for the customer `customer_id` ("" for a customer being created):
//   - both coupon and promotion_code given: invalid_request_error (param coupon);
//   - an unknown coupon or promotion code: resource_missing with its param;
//   - a coupon no longer valid: invalid_request_error `coupon_expired` (param coupon);
//   - a promotion code inactive, past its expires_at, used max_redemptions times, restricted
//     to another customer, whose coupon is no longer valid, or restricted to a first
//     transaction of a customer who already paid: invalid_request_error (param
//     promotion_code).
// REQUIRES: request.given() && !request.removes().
absl::StatusOr<DiscountChoice> CheckDiscount(World& world, const DiscountRequest& request,
                                             absl::string_view customer_id);

// When a discount of a `repeating` coupon lasting `months` that starts at `start` ends.
int64_t RepeatingDiscountEnd(absl::Time start, int64_t months);

// The Discount `choice` becomes for `customer_id`, starting now (a new `di_` id); ends after
// duration_in_months for a repeating coupon. Redeems it: the coupon's and the promotion code's
// times_redeemed + 1 (the coupon turns invalid at its max_redemptions).
Discount RedeemDiscount(World& world, const DiscountChoice& choice,
                        const std::string& customer_id);

// EmitDiscountChange()
//
// customer.discount.created / updated / deleted for a customer's or a subscription's discount
// set, replaced (another id) or removed: `before` and `after` are the discounts (nullptr:
// none). For the owners of the `discount` fields (customer_lifecycle.h,
// subscription_lifecycle.h).
void EmitDiscountChange(World& world, const Discount* before, const Discount* after);

}  // namespace internal
}  // namespace paysim

#endif  // PAYSIM_ENGINE_INTERNAL_CUSTOMER_DISCOUNTS_H_
