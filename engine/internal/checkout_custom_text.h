// checkout_custom_text.h (internal): the `custom_text` of a Checkout Session or a Payment Link:
// texts the page shows beside the shipping address (`shipping_address`), above and below the
// pay button (`submit`, `after_submit`) and in place of the terms of service agreement
// (`terms_of_service_acceptance`).
//
// Each position takes `{message}` (required; at most kCheckoutCustomTextMaxLength
// characters, Stripe's "Text can be up to 1200 characters in length"); an empty position
// (`custom_text[submit]=`) leaves it null at creation and removes it on a Payment Link's
// update. Each renders `{"message": ...}`, or null when not given. A Payment Link passes its
// texts to the sessions it opens.
//
// UNCERTAIN: whether Stripe refuses `terms_of_service_acceptance` without
// `consent_collection[terms_of_service]=required` (paysim takes it either way).
#ifndef PAYSIM_ENGINE_INTERNAL_CHECKOUT_CUSTOM_TEXT_H_
#define PAYSIM_ENGINE_INTERNAL_CHECKOUT_CUSTOM_TEXT_H_

#include "absl/status/status.h"
#include "proto/checkout.obj.h"
#include "proto/checkout_params.pb.h"

namespace paysim {
namespace internal {

// Stripe's limit on each message.
constexpr int kCheckoutCustomTextMaxLength = 1200;

// CheckCustomText()
//
// `custom_text` checked: the first refusal (invalid_request_error naming
// `custom_text[<position>][message]`), or OK.
absl::Status CheckCustomText(const CheckoutCustomTextParams& given);

// ApplyCustomText()
//
// Sets the positions `given` (checked) names on `text`: a message replaces the old one, an
// empty position removes it; the positions not named stay as they are.
void ApplyCustomText(const CheckoutCustomTextParams& given, CheckoutCustomText& text);

// CustomTextParams()
//
// The parameters that describe `text` (what a Payment Link passes to its sessions).
CheckoutCustomTextParams CustomTextParams(const CheckoutCustomText& text);

}  // namespace internal
}  // namespace paysim

#endif  // PAYSIM_ENGINE_INTERNAL_CHECKOUT_CUSTOM_TEXT_H_
