// checkout_dynamic_tax.h (internal): a Checkout Session's `line_items[][dynamic_tax_rates]`:
// Stripe's checks at creation, and the rate of each line item that matches where the customer
// is, found when the customer pays.
//
// Stripe's rules (docs: "Use manual Tax Rates" in Checkout; API reference of
// line_items.dynamic_tax_rates: "The tax rates that will be applied to this line item
// depending on the customer's billing/shipping address. We currently support the following
// countries: US, GB, AU, and all countries in the EU."):
//   - Each rate is an existing, active tax rate with a supported `country`, and for the US a
//     `state`. UNCERTAIN (wording of every refusal below; Stripe's are not documented).
//   - Not with `tax_rates` on the same line item, nor with `automatic_tax[enabled]`
//     (checkout_automatic_tax.h). Only line items with `price` or `price_data`: paysim's
//     Checkout takes no other kind.
//   - At most kCheckoutMaxDynamicTaxRates a line item (checkout_sessions.h).
//   - The place matched: the shipping address the customer enters when the session collects
//     one, else the billing address entered (or the saved card's); with neither, the country
//     the customer says it is in on the page (CheckoutPayParams.country; Stripe: "your
//     customer's country"). A rate matches a US place of its `state`, or a place elsewhere in
//     its `country`; the first matching rate of the line item's list applies, and none (no
//     tax on that line) when none matches. UNCERTAIN: the fallback when nothing is entered
//     (Stripe's page always asks for some address with a card; it says no more).
//   - The matched rate is a manual tax rate like tax_rates (checkout_totals.h: inclusive or
//     exclusive as the rate says); a subscription made from the session keeps it on its item.
//
// REQUIRES (every function taking a World): the world's lock held.
#ifndef PAYSIM_ENGINE_INTERNAL_CHECKOUT_DYNAMIC_TAX_H_
#define PAYSIM_ENGINE_INTERNAL_CHECKOUT_DYNAMIC_TAX_H_

#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/types/optional.h"
#include "engine/internal/world.h"
#include "proto/checkout.obj.h"
#include "proto/checkout_params.pb.h"
#include "proto/customer.obj.h"

namespace paysim {
namespace internal {

// CheckDynamicTaxRates()
//
// `line_items[index][dynamic_tax_rates]` of `item`, checked by the rules above (all but
// automatic tax): the rates in order, or the first refusal. Changes nothing.
absl::StatusOr<std::vector<const TaxRate*>> CheckDynamicTaxRates(
    World& world, const CheckoutLineItemParams& item, int index);

// PayingTaxLocation()
//
// Where `session` (created with `customer`, nullptr: none) taxes the customer who pressed Pay
// having entered `billing` and `shipping` (nullptr: none) and said it is in `country` (""
// when not said): with automatic tax, EnteredTaxLocation (checkout_automatic_tax.h: the place,
// or the parameter_missing the page still needs); with dynamic tax rates, the place they are
// matched against by the rules above (an empty one, which matches nothing, when there is
// none); else nullopt.
absl::StatusOr<absl::optional<Address>> PayingTaxLocation(const CheckoutSession& session,
                                                          const Customer* customer,
                                                          const Address* billing,
                                                          const Address* shipping,
                                                          const std::string& country);

// MatchDynamicTaxRates()
//
// Sets each line item's dynamic_tax_rate to the first of its dynamic_tax_rates matching
// `location` (cleared when none does). The caller recomputes the amounts (checkout_totals.h).
void MatchDynamicTaxRates(const Address& location, CheckoutSession& session);

}  // namespace internal
}  // namespace paysim

#endif  // PAYSIM_ENGINE_INTERNAL_CHECKOUT_DYNAMIC_TAX_H_
