// checkout_line_items.h (internal): the `line_items` of a request to create a Checkout Session
// (payment or subscription mode), checked as Stripe checks them: each a `price` or a
// `price_data` with a quantity, its `tax_rates` (checkout_discounts.h) and
// `dynamic_tax_rates` (checkout_dynamic_tax.h); one currency; in payment mode one-time prices
// only (at most kCheckoutMaxLineItems); in subscription mode at least one recurring price, one
// billing interval, at most kCheckoutMaxSubscriptionItems recurring and as many one-time.
//
// REQUIRES (every function taking a World): the world's lock held.
#ifndef PAYSIM_ENGINE_INTERNAL_CHECKOUT_LINE_ITEMS_H_
#define PAYSIM_ENGINE_INTERNAL_CHECKOUT_LINE_ITEMS_H_

#include <cstdint>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "engine/internal/checkout_session_request.h"
#include "engine/internal/world.h"
#include "proto/checkout_params.pb.h"

namespace paysim {
namespace internal {

// A line item's adjustable quantity bounds when not given (Stripe: "By default this value is
// 0" / "By default this value is 99").
constexpr int64_t kDefaultAdjustableMinimum = 0;
constexpr int64_t kDefaultAdjustableMaximum = 99;

// CheckAdjustableQuantity()
//
// line_items[i][adjustable_quantity] (Checkout Sessions, Payment Links): `enabled` required;
// when enabled, minimum (default kDefaultAdjustableMinimum) and maximum (default
// kDefaultAdjustableMaximum, at most 999999) bound the line's quantity (`plan.quantity`, which
// must lie between them), and `plan` takes them. Not on a metered price, which has no
// quantity. The first refusal, naming `<list>[i][...]`. UNCERTAIN: Stripe's wording of the
// refusals past the integer bounds.
absl::Status CheckAdjustableQuantity(const CheckoutAdjustableQuantityParams& given, bool metered,
                                     int i, LinePlan& plan,
                                     absl::string_view list = "line_items");

// CheckLineItem()
//
// One line item, `<list>[i]` (`line_items`, or `optional_items` built as one): a `price` or a
// `price_data`, its quantity, adjustable quantity and tax rates. Its plan, or the first refusal
// naming `<list>[i][...]`. Changes nothing.
absl::StatusOr<LinePlan> CheckLineItem(World& world, const CheckoutLineItemParams& item,
                                       absl::string_view list, int i);

// CheckLineItems()
//
// The line items of `params`, checked against its mode: one plan each, in order, or the first
// refusal (type, code, param, message). Changes nothing.
absl::StatusOr<std::vector<LinePlan>> CheckLineItems(World& world,
                                                     const CheckoutSessionCreateParams& params);

}  // namespace internal
}  // namespace paysim

#endif  // PAYSIM_ENGINE_INTERNAL_CHECKOUT_LINE_ITEMS_H_
