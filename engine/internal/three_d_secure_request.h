// three_d_secure_request.h (internal): `payment_method_options[card][request_three_d_secure]`
// of PaymentIntents and SetupIntents: whether the integration asks for 3D Secure itself.
//
//   automatic (the default): Stripe decides; each test card's own rule (card_catalog.h).
//   any | challenge: 3D Secure is asked for whenever the card supports it. What the test
//     cards do then (Stripe's testing docs): 4000000000003055 (kPromptsWhenRequested) asks
//     the customer (requires_action; off-session: the authentication_required decline);
//     4000000000003097 (kOptionalProcessingError) fails the attempt with its processing_error
//     (a PaymentIntent's charge fails, a SetupIntent's setup error); 4242424242424242 and the
//     other test cards are not enrolled, so nobody is asked and the payment proceeds; cards
//     that require 3D Secure ask as they always do; a card without 3D Secure proceeds.
//     UNCERTAIN: paysim makes no difference between any and challenge (Stripe's challenge asks
//     for a challenge even where a frictionless flow would do; the test cards show none).
#ifndef PAYSIM_ENGINE_INTERNAL_THREE_D_SECURE_REQUEST_H_
#define PAYSIM_ENGINE_INTERNAL_THREE_D_SECURE_REQUEST_H_

#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "engine/card_catalog.h"
#include "proto/params.pb.h"

namespace paysim {
namespace internal {

// The value an intent renders when none was asked for.
inline constexpr char kThreeDSecureAutomatic[] = "automatic";

// request_three_d_secure of `options` (one of automatic, any, challenge), or null when not
// given. `takes_card`: card is among the intent's payment_method_types. Errors
// (invalid_request_error): another value, naming
// payment_method_options[card][request_three_d_secure]; card options on an intent that cannot
// be paid by card, naming payment_method_options[card] (UNCERTAIN: Stripe's wording).
// `prefix`: the parameter holding the options ("payment_settings" names
// payment_settings[payment_method_options][card][request_three_d_secure]).
absl::StatusOr<const std::string*> CheckThreeDSecureRequest(
    const CardIntentOptionsParams& options, bool takes_card, absl::string_view prefix = "");

// True for `any` and `challenge`: the intent asks for 3D Secure.
bool ThreeDSecureRequested(absl::string_view request_three_d_secure);

// True if asking `card` for 3D Secure fails the attempt (kOptionalProcessingError, when
// `requested`): the attempt then fails as RequestFailedCard(card) declines.
bool ThreeDSecureRequestFails(const TestCard& card, bool requested);

// `card` declining with its own error (the processing error of a failed 3D Secure request).
TestCard RequestFailedCard(const TestCard& card);

}  // namespace internal
}  // namespace paysim

#endif  // PAYSIM_ENGINE_INTERNAL_THREE_D_SECURE_REQUEST_H_
