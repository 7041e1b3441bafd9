#include "engine/internal/params_util.h"

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "engine/stripe_error.h"

namespace paysim {
namespace internal {

void ApplyAddress(const AddressParams& params, Address* address) {
  if (params.has_city()) address->set_city(params.city());
  if (params.has_country()) address->set_country(params.country());
  if (params.has_line1()) address->set_line1(params.line1());
  if (params.has_line2()) address->set_line2(params.line2());
  if (params.has_postal_code()) address->set_postal_code(params.postal_code());
  if (params.has_state()) address->set_state(params.state());
}

void ApplyBillingDetails(const BillingDetailsParams& params, BillingDetails* details) {
  details->mutable_address();  // always present
  if (params.has_address()) ApplyAddress(params.address(), details->mutable_address());
  if (params.has_email()) details->set_email(params.email());
  if (params.has_name()) details->set_name(params.name());
  if (params.has_phone()) details->set_phone(params.phone());
}

void ApplyShipping(const ShippingParams& params, Shipping* shipping) {
  if (params.has_address()) ApplyAddress(params.address(), shipping->mutable_address());
  if (params.has_carrier()) shipping->set_carrier(params.carrier());
  if (params.has_name()) shipping->set_name(params.name());
  if (params.has_phone()) shipping->set_phone(params.phone());
  if (params.has_tracking_number()) shipping->set_tracking_number(params.tracking_number());
}

BillingDetails EmptyBillingDetails() {
  // One version shared by every caller (copy-on-write: setting a field copies it first).
  static const BillingDetails& kEmpty = *[] {
    auto* details = new BillingDetails();
    details->mutable_address();
    return details;
  }();
  return kEmpty;
}

absl::Status ValidateEmail(absl::string_view email, absl::string_view param) {
  const size_t at = email.find('@');
  const bool ok = at != absl::string_view::npos && at > 0 && at + 1 < email.size() &&
                  email.find('@', at + 1) == absl::string_view::npos &&
                  !absl::StrContains(email, " ") &&
                  absl::StrContains(email.substr(at + 1), ".") && email.size() <= 512;
  if (ok) return absl::OkStatus();
  return InvalidRequestError("email_invalid", param,
                             absl::StrCat("Invalid email address: ", email));
}

absl::Status ValidateShipping(const ShippingParams& params, absl::string_view param) {
  if (params.name().empty()) return ParameterMissing(absl::StrCat(param, "[name]"));
  if (!params.has_address()) return ParameterMissing(absl::StrCat(param, "[address]"));
  if (params.address().line1().empty()) {
    return ParameterMissing(absl::StrCat(param, "[address][line1]"));
  }
  return absl::OkStatus();
}

bool IsUnsetRequest(const ShippingParams& params) { return params.ByteSizeLong() == 0; }

Shipping ShippingFrom(const ShippingParams& params) {
  Shipping shipping;
  shipping.mutable_address();
  ApplyShipping(params, &shipping);
  return shipping;
}

absl::Status CannotUnset(absl::string_view param) {
  return InvalidRequestError(
      "", param,
      absl::StrCat("You passed an empty string for '", param,
                   "'. We assume empty values are an attempt to unset a parameter; however '",
                   param, "' cannot be unset. You should remove '", param,
                   "' from your request or supply a non-empty value."));
}

absl::Status CheckTransferGroupUpdate(bool has_current, absl::string_view current,
                                      absl::string_view given) {
  if (!has_current || current == given) return absl::OkStatus();
  return InvalidRequestError("", "transfer_group",
                             "You can only provide `transfer_group` if it hasn't been set.");
}

}  // namespace internal
}  // namespace paysim
