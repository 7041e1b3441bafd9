// customer_tax.h: a customer's `tax` hash (Stripe's includable field, `expand[]=tax`): where
// Stripe Tax places the customer and whether automatic tax can be computed there.
//
// Where: the customer's shipping address when it is a valid tax location (`source`
// shipping_destination), else its address (`source` billing_address). A valid location has a
// country, and in the US a postal code (as Checkout's automatic tax asks). `automatic_tax`:
// unrecognized_location without one; supported where the account collects tax
// (EngineOptions::automatic_tax_table, tax_table.h); not_collecting elsewhere. `ip_address` is
// the last `tax[ip_address]` given. UNCERTAIN: Stripe also infers a location from the IP
// address; paysim has no map of IP addresses, so a customer known by its IP address alone is
// unrecognized.
//
// `tax[validate_location]` on a customer's create or update (customers.h): `deferred` (the
// default) checks nothing; `immediately` refuses a create or update that would leave the
// customer without a recognized location (customer_tax_location_invalid, HTTP 400, nothing
// changed); `auto` (update only, Stripe's default there) checks as `immediately` when the
// customer has a subscription with automatic tax that has not ended, else nothing.
//
// Example (C++): the hash Stripe renders for expand[]=tax.
//   CustomerTax tax = CustomerTaxOf(*customer, engine.options().automatic_tax_table);
//   if (tax.automatic_tax() == "supported") { ... }
//
// Thread safety: pure functions of their arguments.
#ifndef PAYSIM_ENGINE_CUSTOMER_TAX_H_
#define PAYSIM_ENGINE_CUSTOMER_TAX_H_

#include <vector>

#include "engine/tax_table.h"
#include "proto/customer.obj.h"

namespace paysim {

// The `tax` hash of `customer` under the account's tax `table`, by the rules above.
CustomerTax CustomerTaxOf(const Customer& customer, const std::vector<AutomaticTaxRate>& table);

}  // namespace paysim

#endif  // PAYSIM_ENGINE_CUSTOMER_TAX_H_
