// checkout_automatic_tax.h (internal): a Checkout Session's `automatic_tax[enabled]` and its
// `customer_update`: Stripe's checks at creation, where the customer is for tax, and the taxes
// of that place (engine/tax_table.h) on the session's line items and shipping.
//
// Stripe's rules (docs: "Automatically collect tax on Checkout sessions"):
//   - Every price, and every shipping rate, needs a tax_behavior (`exclusive`: the tax is
//     added; `inclusive`: it is part of the amount) unless the account has a default
//     (EngineOptions::default_tax_behavior); else the session is refused.
//   - Automatic tax and line_items[][tax_rates] or [dynamic_tax_rates] do not go together.
//   - The place taxed: the shipping address entered, when the session collects one; else, for
//     an existing Customer, its saved shipping address, else the billing address entered when
//     customer_update[address]=auto, else its saved address (refused at creation with
//     customer_tax_location_invalid when it has none); else (a new customer) the billing
//     address entered. A valid place has a country, and in the US a postal code. paysim finds
//     a US state by `state` (it has no table of ZIP codes).
//   - automatic_tax.status is `requires_location_inputs` until the place is known, then
//     `complete`; the amounts are computed again then (checkout_totals.h). Tax lines carry
//     taxability_reason `standard_rated`; where the account does not collect tax there is no
//     tax line and amount_tax is 0.
//   - customer_update (only with `customer`): address, name and shipping, each `auto` (save
//     what the customer enters to the Customer when the session completes) or `never`.
//
// REQUIRES (every function taking a World): the world's lock held.
#ifndef PAYSIM_ENGINE_INTERNAL_CHECKOUT_AUTOMATIC_TAX_H_
#define PAYSIM_ENGINE_INTERNAL_CHECKOUT_AUTOMATIC_TAX_H_

#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "engine/internal/checkout_session_request.h"
#include "engine/internal/world.h"
#include "proto/checkout.obj.h"
#include "proto/checkout_params.pb.h"
#include "proto/customer.obj.h"

namespace paysim {
namespace internal {

// CheckAutomaticTax()
//
// Checks automatic_tax and customer_update of a new session of `mode` with the line items
// `plans`, the shipping options `shipping` and `customer` (nullptr: none). Changes nothing.
absl::Status CheckAutomaticTax(World& world, const CheckoutSessionCreateParams& params,
                               const std::string& mode, const std::vector<LinePlan>& plans,
                               const std::vector<ShippingOptionPlan>& shipping,
                               const Customer* customer);

// Sets `session`'s customer_update from `params`.
void SetCustomerUpdate(const CheckoutSessionCreateParams& params, CheckoutSession& session);

// TaxLocation()
//
// The address `session` is taxed at by the rules above, or nullptr while it is not known:
// `customer` is the Customer the session was created with (nullptr: none); `billing` and
// `shipping` what the customer entered on the page (nullptr: nothing yet).
const Address* TaxLocation(const CheckoutSession& session, const Customer* customer,
                           const Address* billing, const Address* shipping);

// EnteredTaxAddress()
//
// Of what the customer entered (nullptr: nothing yet), the address a tax follows: `shipping`
// when `session` collects a shipping address, else `billing`. Shared with dynamic tax rates
// (checkout_dynamic_tax.h).
const Address* EnteredTaxAddress(const CheckoutSession& session, const Address* billing,
                                 const Address* shipping);

// EffectiveBehavior()
//
// The tax_behavior automatic tax uses for `own` (a price's or a shipping rate's): its own,
// else the account's default (EngineOptions::default_tax_behavior); "" when neither says.
std::string EffectiveBehavior(const World& world, absl::string_view own);

// CheckPriceTaxBehavior()
//
// OK when automatic tax can tax `price` (EffectiveBehavior says inclusive or exclusive); else
// Stripe's refusal naming `param`. Shared with subscriptions (subscription_automatic_tax.h).
absl::Status CheckPriceTaxBehavior(const World& world, const Price& price,
                                   const std::string& param);

// The first part of `address` a tax location lacks ("country", "postal_code"), or "".
std::string MissingTaxLocationPart(const Address& address);

// EnteredTaxLocation()
//
// TaxLocation once the customer pressed Pay having entered `billing` and `shipping` (nullptr:
// none): the place, or the parameter_missing naming what the page still needs
// (`shipping[address][...]` when the session collects a shipping address, else
// `billing_address[...]`).
absl::StatusOr<Address> EnteredTaxLocation(const CheckoutSession& session,
                                           const Customer* customer, const Address* billing,
                                           const Address* shipping);

// ApplyAutomaticTax()
//
// Gives `session`'s line items and shipping cost the rate of `location` in the engine's table
// (none where the account does not collect tax), inclusive or exclusive as their tax_behavior
// says; recomputes every amount; automatic_tax.status `complete`. REQUIRES: automatic tax
// enabled, a payment or subscription mode session.
void ApplyAutomaticTax(World& world, const Address& location, CheckoutSession& session);

// SaveToCustomer()
//
// What customer_update asks for: the billing address, name and shipping address the customer
// entered, saved to `customer` (customer.updated). Nothing when nothing changes.
void SaveToCustomer(World& world, const CheckoutSession& session, const Customer& customer);

}  // namespace internal
}  // namespace paysim

#endif  // PAYSIM_ENGINE_INTERNAL_CHECKOUT_AUTOMATIC_TAX_H_
