// checkout_optional_items.h (internal): a Checkout Session's `optional_items`, prices the
// customer may add to the order on the page (Stripe's "optional items", 2025-03-31.basil).
//
// On create (from 2025-03-31.basil on; before, an unknown parameter), `optional_items[i]`
// takes a `price` (no `price_data`) and a `quantity`, both required, and an
// `adjustable_quantity` as a line item's; each is checked as a line item is (an active price,
// its quantity and bounds; with automatic tax, a price with a tax_behavior), named
// `optional_items[i][...]`. Refused besides: more than kCheckoutMaxOptionalItems; setup mode
// and `ui_mode=custom` (Stripe: "You can't set this parameter if ui_mode is custom"); a price
// given twice among them; a currency other than the line items'; a recurring price in payment
// mode, or one billed on another interval than the line items' in subscription mode; more
// items than the mode takes, line items and optional items counted together
// (kCheckoutMaxLineItems in payment mode, kCheckoutMaxSubscriptionItems recurring and as many
// one-time in subscription mode).
//
// The session renders `optional_items` as given (null when none) and keeps each built as the
// line item it becomes (`li_...`, its price, quantity, bounds). When the simulated customer adds
// one (CheckoutPageService::AddOptionalItem) it joins `line_items` with its quantity, and the
// totals (and the PaymentIntent's amount) follow; with an adjustable quantity the customer may
// then change it as any adjustable line item's (0 takes it out of the order). Nothing else
// changes: `optional_items` stays as given, no event. UNCERTAIN: that a price may be both a line
// item and an optional item; the wording of the refusals (Stripe documents the limits, not its
// messages).
//
// REQUIRES (every function taking a World): the world's lock held.
#ifndef PAYSIM_ENGINE_INTERNAL_CHECKOUT_OPTIONAL_ITEMS_H_
#define PAYSIM_ENGINE_INTERNAL_CHECKOUT_OPTIONAL_ITEMS_H_

#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "engine/internal/checkout_session_lifecycle.h"
#include "engine/internal/checkout_session_request.h"
#include "engine/internal/world.h"
#include "proto/checkout.pb.h"
#include "proto/checkout_params.pb.h"

namespace paysim {
namespace internal {

// CheckOptionalItems()
//
// The optional items of `params` (mode and ui already checked), against the session's line
// items `lines` (their plans, in order): one plan each, in order, or the first refusal.
// Changes nothing.
absl::StatusOr<std::vector<LinePlan>> CheckOptionalItems(World& world,
                                                         const CheckoutSessionCreateParams& params,
                                                         CheckoutUi ui,
                                                         absl::string_view ui_name,
                                                         const std::vector<LinePlan>& lines);

// RenderOptionalItems()
//
// The session's `optional_items` as the request gave them.
void RenderOptionalItems(const CheckoutSessionCreateParams& params, CheckoutSession& session);

}  // namespace internal
}  // namespace paysim

#endif  // PAYSIM_ENGINE_INTERNAL_CHECKOUT_OPTIONAL_ITEMS_H_
