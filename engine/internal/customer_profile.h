// customer_profile.h (internal): the customer parameters that only describe the customer and
// move no money: preferred_locales, tax_exempt, invoice_prefix, next_invoice_sequence,
// invoice_settings[footer] and [custom_fields] (the defaults of its invoices:
// invoice_custom_text.h) and
// cash_balance[settings][reconciliation_mode], shared by create and update.
//
// Stripe's rules: tax_exempt is none, exempt or reverse ("" is none); invoice_prefix is 3 to
// 12 uppercase letters or digits (the customer's invoice numbers are `<prefix>-<sequence>`);
// next_invoice_sequence is at least 1 and numbers the customer's next invoice;
// reconciliation_mode is automatic, manual or merchant_default (cash_balances.h).
// `preferred_locales` replaces the list (`preferred_locales=` empties it on update).
// `tax[ip_address]` is an IPv4 or IPv6 address ("" removes it on update); `tax[validate_location]`
// is deferred or immediately (and auto on update), checked by CheckTaxLocation
// (customer_tax.h has the rules).
#ifndef PAYSIM_ENGINE_INTERNAL_CUSTOMER_PROFILE_H_
#define PAYSIM_ENGINE_INTERNAL_CUSTOMER_PROFILE_H_

#include "absl/status/status.h"
#include "absl/strings/string_view.h"
#include "engine/internal/world.h"
#include "proto/customer.obj.h"
#include "proto/params.pb.h"

namespace paysim {
namespace internal {

// ValidateProfile()
//
// OK if the profile parameters of `params` follow the rules above; else invalid_request_error
// naming the parameter. Changes nothing.
absl::Status ValidateProfile(const CustomerCreateParams& params);
absl::Status ValidateProfile(const CustomerUpdateParams& params);

// ApplyProfile()
//
// Writes the profile parameters given in `params` (already validated) to `customer`, a copy
// the customer lifecycle then stores.
void ApplyProfile(const CustomerCreateParams& params, Customer& customer);
void ApplyProfile(const CustomerUpdateParams& params, Customer& customer);

// CheckTaxLocation()
//
// `tax[validate_location]` (customer_tax.h): OK, or customer_tax_location_invalid when
// `validate_location` asks for a check and `after` (the customer as the create or update would
// leave it, its id set on update) has no recognized tax location. Changes nothing.
// REQUIRES: the world's lock held.
absl::Status CheckTaxLocation(World& world, const Customer& after,
                              absl::string_view validate_location);

// TaxLocationInvalid()
//
// Stripe's customer_tax_location_invalid (invalid_request_error, 400) naming `param` ("" for
// none): the customer has no recognized tax location (customer_tax.h). Shared with automatic
// tax on subscriptions (subscription_automatic_tax.h).
absl::Status TaxLocationInvalid(absl::string_view param);

}  // namespace internal
}  // namespace paysim

#endif  // PAYSIM_ENGINE_INTERNAL_CUSTOMER_PROFILE_H_
