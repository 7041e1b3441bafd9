// payment_intent_checks.h (internal): the checks PaymentIntentService's calls share
// (payment_intents.cc): the refusals of a call the intent's status does not allow, and the
// checks of the fields create, update and confirm take alike. Each returns OK or Stripe's
// error (type, code, param, message as Stripe words them) and changes nothing.
//
// Thread safety: pure functions of their arguments.
#ifndef PAYSIM_ENGINE_INTERNAL_PAYMENT_INTENT_CHECKS_H_
#define PAYSIM_ENGINE_INTERNAL_PAYMENT_INTENT_CHECKS_H_

#include <initializer_list>
#include <string>

#include "absl/status/status.h"
#include "absl/strings/string_view.h"
#include "engine/internal/intent_common.h"
#include "engine/internal/params_util.h"
#include "engine/internal/status_macros.h"
#include "engine/internal/world.h"
#include "engine/metadata.h"

namespace paysim {
namespace internal {

// The statuses in which the payment can still be set up and confirmed.
inline constexpr std::initializer_list<absl::string_view> kIntentBeforePayment = {
    "requires_payment_method", "requires_confirmation", "requires_action"};

// "This PaymentIntent's <field> could not be updated because it has a status of ...":
// payment_intent_unexpected_state naming `field`.
absl::Status IntentFieldNotUpdatable(const PaymentIntent& pi, absl::string_view field);

// Confirming `pi` in its status is refused: already succeeded, or not before payment.
absl::Status CannotConfirmIntent(const PaymentIntent& pi);

// Confirming `pi` (or creating it with confirm=true: `pi` without an id) with no payment
// method to pay with.
absl::Status IntentMissingPaymentMethod(const PaymentIntent& pi);

// The checks of the fields create and update share: metadata, receipt_email, capture_method,
// setup_future_usage.
template <typename Params>
absl::Status ValidateIntentFields(const Params& params) {
  PAYSIM_RETURN_IF_ERROR(ValidateMetadata(params.metadata()));
  if (params.has_receipt_email()) {
    PAYSIM_RETURN_IF_ERROR(ValidateEmail(params.receipt_email(), "receipt_email"));
  }
  if (params.has_capture_method()) {
    PAYSIM_RETURN_IF_ERROR(ValidateEnum(
        params.capture_method(), {"automatic", "automatic_async", "manual"}, "capture_method"));
  }
  if (params.has_setup_future_usage()) {
    PAYSIM_RETURN_IF_ERROR(ValidateEnum(params.setup_future_usage(),
                                        {"on_session", "off_session"}, "setup_future_usage"));
  }
  return absl::OkStatus();
}

// `shipping` as given to create (`allow_unset` false: Stripe's create has no empty form) or to
// update and confirm, where `shipping=` removes it.
absl::Status ValidateIntentShipping(const ShippingParams& shipping, bool allow_unset);

// statement_descriptor_suffix against the account's prefix (EngineOptions).
absl::Status ValidateIntentSuffix(const World& w, const std::string& suffix);

}  // namespace internal
}  // namespace paysim

#endif  // PAYSIM_ENGINE_INTERNAL_PAYMENT_INTENT_CHECKS_H_
