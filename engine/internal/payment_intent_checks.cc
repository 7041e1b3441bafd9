// The checks PaymentIntentService's calls share (payment_intent_checks.h).
#include "engine/internal/payment_intent_checks.h"

#include <string>
#include <utility>

#include "absl/strings/str_cat.h"
#include "engine/internal/interned.h"
#include "engine/statement_descriptor.h"
#include "engine/stripe_error.h"

namespace paysim {
namespace internal {

absl::Status IntentFieldNotUpdatable(const PaymentIntent& pi, absl::string_view field) {
  StripeError error;
  error.set_type(PAYSIM_INTERNED("invalid_request_error"));
  error.set_code(PAYSIM_INTERNED("payment_intent_unexpected_state"));
  error.set_param(std::string(field));
  error.set_message(absl::StrCat(
      "This PaymentIntent's ", field, " could not be updated because it has a status of ",
      pi.status(), ". You may only update the ", field,
      " of a PaymentIntent with one of the following statuses: requires_payment_method, "
      "requires_confirmation, requires_action."));
  error.set_payment_intent(pi.id());
  error.set_http_status(400);
  return MakeStripeError(std::move(error), /*state_conflict=*/true);
}

absl::Status CannotConfirmIntent(const PaymentIntent& pi) {
  if (pi.status() == "succeeded") {
    StripeError error;
    error.set_type(PAYSIM_INTERNED("invalid_request_error"));
    error.set_code(PAYSIM_INTERNED("payment_intent_unexpected_state"));
    error.set_message(
        "You cannot confirm this PaymentIntent because it has already succeeded after being "
        "previously confirmed.");
    error.set_payment_intent(pi.id());
    error.set_http_status(400);
    return MakeStripeError(std::move(error), /*state_conflict=*/true);
  }
  return PaymentIntentUnexpectedState(pi, "confirmed", kIntentBeforePayment);
}

absl::Status IntentMissingPaymentMethod(const PaymentIntent& pi) {
  StripeError error;
  error.set_type(PAYSIM_INTERNED("invalid_request_error"));
  error.set_code(PAYSIM_INTERNED("payment_intent_unexpected_state"));
  error.set_message(
      "You cannot confirm this PaymentIntent because it's missing a payment method. You can "
      "either update the PaymentIntent with a payment method and then confirm it again, or "
      "confirm it again directly with a payment method or ConfirmationToken.");
  if (!pi.id().empty()) error.set_payment_intent(pi.id());  // none on a refused create
  error.set_http_status(400);
  return MakeStripeError(std::move(error), /*state_conflict=*/true);
}

absl::Status ValidateIntentShipping(const ShippingParams& shipping, bool allow_unset) {
  if (IsUnsetRequest(shipping)) return allow_unset ? absl::OkStatus() : CannotUnset("shipping");
  return ValidateShipping(shipping, "shipping");
}

absl::Status ValidateIntentSuffix(const World& w, const std::string& suffix) {
  return ValidateStatementDescriptorSuffix(suffix, w.options().statement_descriptor_prefix,
                                           "statement_descriptor_suffix");
}

}  // namespace internal
}  // namespace paysim
