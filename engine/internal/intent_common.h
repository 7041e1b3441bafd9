// intent_common.h (internal): what PaymentIntents and SetupIntents share — the PaymentMethod
// an intent is confirmed with, when 3D Secure asks for authentication, the `next_action` it
// shows, client secrets, ACH microdeposit answers and their errors, and the checks of enum and
// confirm-only parameters.
//
// REQUIRES (every function taking a World): world.mu held.
#ifndef PAYSIM_ENGINE_INTERNAL_INTENT_COMMON_H_
#define PAYSIM_ENGINE_INTERNAL_INTENT_COMMON_H_

#include <cstdint>
#include <initializer_list>
#include <memory>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "engine/card_catalog.h"
#include "engine/internal/world.h"
#include "google/protobuf/repeated_field.h"
#include "proto/params.pb.h"
#include "proto/payment_intent.obj.h"

namespace paysim {
namespace internal {

struct BankTestAccount;  // bank_debits.h

// A `payment_method` parameter, resolved and checked but not yet committed.
struct IntentPaymentMethod {
  const PaymentMethod* existing = nullptr;  // a stored pm_..., or `source_view`
  // A customer's saved card (card_...) as a PaymentMethod (card_source_payment_method.h).
  std::shared_ptr<const PaymentMethod> source_view;
  const TestCard* mint = nullptr;     // a pm_card_* name: a new PaymentMethod on commit
  const TestCard* card = nullptr;     // the test card behind it (null for a bank debit)
  const BankTestAccount* bank = nullptr;  // a bank debit's test account (null for a card)

  // True once resolved: a card or a bank debit to pay with.
  bool resolved() const { return card != nullptr || bank != nullptr; }
  // The PaymentMethod's type: "card", "sepa_debit" or "us_bank_account".
  absl::string_view type() const {
    if (existing != nullptr) return existing->type();
    return "card";
  }
};

// Resolves `id` (pm_..., a pm_card_* test name, or a saved card_... as its PaymentMethod view:
// card_source_payment_method.h) for an intent (`object`: "PaymentIntent" or "SetupIntent") of
// `customer` (empty: none). Bank debit PaymentMethods only with `allow_bank_debits`
// (PaymentIntents). Errors: resource_missing (param `param`); a detached PaymentMethod; a
// PaymentMethod (or card) attached to another customer (or to one while the intent has none).
absl::StatusOr<IntentPaymentMethod> ResolveIntentPaymentMethod(World& world, absl::string_view id,
                                                               absl::string_view customer,
                                                               absl::string_view object,
                                                               absl::string_view param,
                                                               bool allow_bank_debits = false);

// The PaymentMethod to use: the stored one, or a new one minted for a test name.
const PaymentMethod& CommitIntentPaymentMethod(World& world, const IntentPaymentMethod& resolved);

// The test card behind a stored PaymentMethod (nullptr if its number is not a test card).
const TestCard* TestCardOf(const PaymentMethod& pm);

// True if paying with `card` (PaymentMethod `pm`) needs the customer to authenticate:
// kRequired always; kRequiredOnSetup and kRequiredThenDeclined on-session, and off-session
// unless the PaymentMethod was set up for off-session use; kSetupForOffSession on-session only;
// kPromptsWhenRequested when the intent asks for 3D Secure (`requested`: its
// request_three_d_secure is any or challenge, three_d_secure_request.h), on- or off-session.
bool PaymentNeedsAuthentication(const TestCard& card, const PaymentMethod& pm, bool off_session,
                                bool requested);

// True if setting up `card` for later use asks for authentication (the cards that require it
// on-session: kRequired, kRequiredOnSetup, kSetupForOffSession, kRequiredThenDeclined; and
// kPromptsWhenRequested when `requested`).
bool SetupNeedsAuthentication(const TestCard& card, bool requested);

// "<id>_secret_<24 base62>".
std::string NewClientSecret(World& world, const std::string& id);

// The 3D Secure challenge of intent `id` (`kind` "payment_intent" or "setup_intent"):
// redirect_to_url with `return_url` when one was given, else use_stripe_sdk.
NextAction ThreeDSecureNextAction(absl::string_view kind, const std::string& id,
                                  const std::string& client_secret, const std::string* return_url);

// OK if `value` is one of `allowed`; else Stripe's "Invalid <param>: must be one of a, b, or c".
absl::Status ValidateEnum(absl::string_view value, std::initializer_list<absl::string_view> allowed,
                          absl::string_view param);

// paysim's intents take cards, with `allow_bank_debits` also sepa_debit and us_bank_account,
// with `allow_customer_balance` (PaymentIntents) also customer_balance: every entry must be one
// of those. Errors name `param`[i].
absl::Status ValidatePaymentMethodTypes(
    const google::protobuf::RepeatedPtrField<std::string>& types, bool allow_bank_debits = false,
    bool allow_customer_balance = false, absl::string_view param = "payment_method_types");

// ---- ACH microdeposits (SetupIntents and PaymentIntents alike) ----

// OK if `params` answers microdeposits with two `amounts` or a `descriptor_code` (not both);
// else the 400 naming the parameter.
absl::Status CheckMicrodepositAnswer(const VerifyMicrodepositsParams& params);

// payment_method_options[us_bank_account][verification_method] (automatic | instant |
// microdeposits), checked; null when not given. Error: the 400 naming the parameter.
absl::StatusOr<const std::string*> CheckVerificationMethod(
    const UsBankAccountOptionsParams& options);

// The same for a PaymentIntent's create (`on_confirm` false) or confirm, whose options take
// only us_bank_account: customer_balance options on confirm are refused (400, param
// payment_method_options[customer_balance]).
absl::StatusOr<const std::string*> PaymentIntentVerificationMethod(
    const PaymentIntentPaymentMethodOptionsParams& options, bool on_confirm);

// What an answer to the microdeposits does, by Stripe's test values: 32 and 45 or SM11AA
// verify; 10 and 11 or SM33CC exceed the attempts; 40 and 41 or SM44DD time out; any other
// answer is a mismatch. `descriptor_code` null: the answer is `amounts`.
enum class MicrodepositAnswer { kVerified, kAttemptsExceeded, kTimeout, kMismatch };
MicrodepositAnswer ClassifyMicrodepositAnswer(const std::vector<int64_t>& amounts,
                                              const std::string* descriptor_code);

// The microdeposit errors (invalid_request_error, HTTP 400), without the intent's id: a
// mismatch of the descriptor code or of the amounts (by `descriptor_code`), attempts exceeded,
// the verification window over; and the account whose microdeposits fail
// (bank_account_verification_failed).
StripeError MicrodepositMismatchError(bool descriptor_code);
StripeError MicrodepositAttemptsExceededError();
StripeError MicrodepositTimeoutError();
StripeError BankAccountVerificationFailedError();

// The next_action of intent `id` waiting for microdeposits sent now: verify_with_microdeposits,
// arriving kMicrodepositArrivalDelay later (setup_intents.h).
NextAction MicrodepositNextAction(World& world, const std::string& id);

// True once kMicrodepositVerificationWindow has passed since the microdeposits of `next_action`
// (a verify_with_microdeposits one) were sent: a timer of an earlier confirmation is not yet
// due for the current one.
bool MicrodepositWindowOver(World& world, const NextAction& next_action);

// The 400 for a create parameter that Stripe accepts only together with confirm=true.
absl::Status OnlyWithConfirm(absl::string_view object, absl::string_view param);

// A copy of `error` as an intent keeps it in last_payment_error / last_setup_error: without
// the intent's own id and the HTTP status.
StripeError AsLastError(StripeError error);

// The unexpected-state error (`code`, HTTP 400) in Stripe's words: "This <object> could not be
// <verb> because it has a status of <status>. Only a <object> with one of the following
// statuses may be <verb>: <allowed>." The caller sets the intent's id and wraps it
// (MakeStripeError(error, /*state_conflict=*/true)).
StripeError UnexpectedStateError(absl::string_view object, absl::string_view code,
                                 absl::string_view status, absl::string_view verb,
                                 std::initializer_list<absl::string_view> allowed);

// UnexpectedStateError for a PaymentIntent (payment_intent_unexpected_state, carrying the
// intent's id), as a status.
absl::Status PaymentIntentUnexpectedState(const PaymentIntent& pi, absl::string_view verb,
                                          std::initializer_list<absl::string_view> allowed);

// A PaymentIntent's `statement_descriptor` (`param`: create's, or Checkout's and Payment Links'
// `payment_intent_data[statement_descriptor]`): for non-card payments only. Stripe: "Setting
// this value for a card charge returns an error", in its words; else as charges check one.
absl::Status CheckIntentStatementDescriptor(absl::string_view descriptor, bool takes_cards,
                                            absl::string_view param);

// True if `status` is one of `allowed`.
bool StatusIn(absl::string_view status, std::initializer_list<absl::string_view> allowed);

}  // namespace internal
}  // namespace paysim

#endif  // PAYSIM_ENGINE_INTERNAL_INTENT_COMMON_H_
