// params_util.h (internal): copying request sub-params onto object shapes, and the small
// checks every resource shares.
#ifndef PAYSIM_ENGINE_INTERNAL_PARAMS_UTIL_H_
#define PAYSIM_ENGINE_INTERNAL_PARAMS_UTIL_H_

#include "absl/status/status.h"
#include "absl/strings/string_view.h"
#include "proto/common.obj.h"
#include "proto/params.pb.h"

namespace paysim {
namespace internal {

// Sets the fields given in `params` on `address` (others keep their value).
void ApplyAddress(const AddressParams& params, Address* address);
void ApplyBillingDetails(const BillingDetailsParams& params, BillingDetails* details);
void ApplyShipping(const ShippingParams& params, Shipping* shipping);

// An empty BillingDetails as Stripe renders one: every address field present and null.
BillingDetails EmptyBillingDetails();

// email_invalid (param `param`) unless `email` looks like an address.
absl::Status ValidateEmail(absl::string_view email, absl::string_view param);

// Checks a `shipping` hash as given: parameter_missing for `param[name]` (absent or empty),
// then `param[address]`, then `param[address][line1]`.
// Stripe's OpenAPI lists only name and address as required; Stripe's mobile SDKs treat line1
// as required too (UNCERTAIN: paysim requires it, as Checkout's payment_intent_data does).
absl::Status ValidateShipping(const ShippingParams& params, absl::string_view param);

// `shipping=`: the hash given empty, Stripe's way of asking to remove it (on the calls that
// allow removal; elsewhere CannotUnset answers).
bool IsUnsetRequest(const ShippingParams& params);

// A Shipping from checked params: every field given, the rest null (address always present).
Shipping ShippingFrom(const ShippingParams& params);

// Stripe's answer to an empty value for a parameter that cannot be unset.
absl::Status CannotUnset(absl::string_view param);

// `transfer_group` on the update of a PaymentIntent or a charge: Stripe takes it only while the
// object has none ("You can only provide transfer_group if it hasn't been set"); the value it
// already has is accepted and changes nothing. UNCERTAIN: Stripe's error wording.
absl::Status CheckTransferGroupUpdate(bool has_current, absl::string_view current,
                                      absl::string_view given);

}  // namespace internal
}  // namespace paysim

#endif  // PAYSIM_ENGINE_INTERNAL_PARAMS_UTIL_H_
