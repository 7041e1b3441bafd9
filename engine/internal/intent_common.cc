// What PaymentIntents and SetupIntents share (intent_common.h).
#include "engine/internal/intent_common.h"
#include "engine/stripe_error.h"
#include "engine/internal/interned.h"

#include <cstring>
#include <utility>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/time/time.h"
#include "engine/internal/bank_debits.h"
#include "engine/internal/card_source_payment_method.h"
#include "engine/internal/payment_method_lifecycle.h"
#include "engine/internal/status_macros.h"
#include "engine/setup_intents.h"
#include "engine/statement_descriptor.h"

namespace paysim {
namespace internal {

absl::StatusOr<IntentPaymentMethod> ResolveIntentPaymentMethod(World& world, absl::string_view id,
                                                               absl::string_view customer,
                                                               absl::string_view object,
                                                               absl::string_view param,
                                                               bool allow_bank_debits) {
  IntentPaymentMethod out;
  if (absl::StartsWith(id, "pm_card_")) {
    out.mint = FindTestCardByAlias(id);
    if (out.mint == nullptr) return ResourceMissing("PaymentMethod", id, param);
    out.card = out.mint;
    return out;
  }
  if (IsCardSourceId(id)) {
    const Card* card = FindSavedCard(world, id);
    if (card == nullptr) return ResourceMissing("PaymentMethod", id, param);
    out.source_view = std::make_shared<const PaymentMethod>(PaymentMethodOfCard(*card));
    out.existing = out.source_view.get();
  } else {
    PAYSIM_ASSIGN_OR_RETURN(out.existing, PaymentMethodLifecycle::FindUsable(world, id, param));
  }
  if (out.existing->has_customer() && out.existing->customer() != customer) {
    return InvalidRequestError(
        "", param,
        absl::StrCat("The PaymentMethod ", id, " belongs to the Customer ",
                     out.existing->customer(), ". Please include the Customer in the `customer` ",
                     "parameter on the ", object, "."));
  }
  if (allow_bank_debits && IsBankDebitType(out.existing->type())) {
    out.bank = BankTestAccountOf(world, *out.existing);
    if (out.bank == nullptr) return ResourceMissing("PaymentMethod", id, param);  // never expected
    return out;
  }
  out.card = TestCardOf(*out.existing);
  if (out.card == nullptr) {
    return InvalidRequestError("", param, "The card on this PaymentMethod is not a test card.");
  }
  return out;
}

const PaymentMethod& CommitIntentPaymentMethod(World& world, const IntentPaymentMethod& resolved) {
  if (resolved.existing != nullptr) return *resolved.existing;
  return PaymentMethodLifecycle::Mint(world, *resolved.mint);
}

const TestCard* TestCardOf(const PaymentMethod& pm) {
  return FindTestCardByNumber(pm.card().number());
}

bool PaymentNeedsAuthentication(const TestCard& card, const PaymentMethod& pm, bool off_session,
                                bool requested) {
  switch (card.three_d_secure) {
    case ThreeDSecure::kPromptsWhenRequested:
      return requested;
    case ThreeDSecure::kRequired:
      return true;
    case ThreeDSecure::kRequiredOnSetup:
      return !off_session || !pm.setup_for_off_session();
    case ThreeDSecure::kSetupForOffSession:
      return !off_session;
    case ThreeDSecure::kRequiredThenDeclined:
      // UNCERTAIN: Stripe documents these cards for on-session payments ("requires
      // authentication, then declined") and, for 4000008260003178, "declined even after
      // successful authentication or setup". Off-session paysim treats them as
      // kRequiredOnSetup: authentication_required unless set up, then the decline.
      return !off_session || !pm.setup_for_off_session();
    case ThreeDSecure::kNotSupported:
    case ThreeDSecure::kOptional:
    case ThreeDSecure::kOptionalProcessingError:
      return false;
  }
  return false;
}

bool SetupNeedsAuthentication(const TestCard& card, bool requested) {
  // UNCERTAIN: Stripe's docs describe these cards by their payments; a setup is an on-session
  // action, so paysim asks for authentication wherever an on-session payment would.
  switch (card.three_d_secure) {
    case ThreeDSecure::kPromptsWhenRequested:
      return requested;
    case ThreeDSecure::kRequired:
    case ThreeDSecure::kRequiredOnSetup:
    case ThreeDSecure::kSetupForOffSession:
    case ThreeDSecure::kRequiredThenDeclined:
      return true;
    case ThreeDSecure::kNotSupported:
    case ThreeDSecure::kOptional:
    case ThreeDSecure::kOptionalProcessingError:
      return false;
  }
  return false;
}

std::string NewClientSecret(World& world, const std::string& id) {
  // One string, written in place: the id, "_secret_", 24 random characters.
  constexpr absl::string_view kSecret = "_secret_";
  constexpr int kRandom = 24;
  std::string secret(id.size() + kSecret.size() + kRandom, '\0');
  std::memcpy(&secret[0], id.data(), id.size());
  std::memcpy(&secret[id.size()], kSecret.data(), kSecret.size());
  world.ids().WriteRandom(kRandom, &secret[id.size() + kSecret.size()]);
  return secret;
}

NextAction ThreeDSecureNextAction(absl::string_view kind, const std::string& id,
                                  const std::string& client_secret, const std::string* return_url) {
  // Stripe's hosted 3D Secure page; paysim has no page: the customer's answer comes through
  // CompleteThreeDSecure / FailThreeDSecure. UNCERTAIN: which next_action type a server-side
  // confirm gets; paysim answers redirect_to_url when a return_url was given, else
  // use_stripe_sdk. The URL's query is paysim's own (deterministic: ids only).
  const std::string url =
      absl::StrCat("https://hooks.stripe.com/3d_secure_2/hosted?merchant=acct_paysim&", kind, "=",
                   id, "&", kind, "_client_secret=", client_secret);
  NextAction action;
  if (return_url != nullptr) {
    action.set_type(PAYSIM_INTERNED("redirect_to_url"));
    action.mutable_redirect_to_url()->set_return_url(*return_url);
    action.mutable_redirect_to_url()->set_url(url);
  } else {
    action.set_type(PAYSIM_INTERNED("use_stripe_sdk"));
    action.mutable_use_stripe_sdk()->set_type(PAYSIM_INTERNED("three_d_secure_redirect"));
    action.mutable_use_stripe_sdk()->set_stripe_js(url);
  }
  return action;
}

absl::Status ValidateEnum(absl::string_view value, std::initializer_list<absl::string_view> allowed,
                          absl::string_view param) {
  for (absl::string_view a : allowed) {
    if (value == a) return absl::OkStatus();
  }
  std::string list;
  size_t i = 0;
  for (absl::string_view a : allowed) {
    absl::StrAppend(&list, i == 0 ? "" : (i + 1 == allowed.size() ? ", or " : ", "), a);
    ++i;
  }
  return InvalidRequestError("", param, absl::StrCat("Invalid ", param, ": must be one of ", list));
}

absl::Status ValidatePaymentMethodTypes(
    const google::protobuf::RepeatedPtrField<std::string>& types, bool allow_bank_debits,
    bool allow_customer_balance, absl::string_view param) {
  for (int i = 0; i < types.size(); ++i) {
    if (types[i] != "card" && !(allow_bank_debits && IsBankDebitType(types[i])) &&
        !(allow_customer_balance && types[i] == "customer_balance")) {
      return InvalidRequestError(
          "", absl::StrCat(param, "[", i, "]"),
          absl::StrCat("Invalid ", param, "[", i, "]: ", types[i],
                       allow_customer_balance
                           ? ". paysim supports PaymentMethods of type card, sepa_debit, "
                             "us_bank_account and customer_balance."
                       : allow_bank_debits
                           ? ". paysim supports PaymentMethods of type card, sepa_debit and "
                             "us_bank_account."
                           : ". paysim supports PaymentMethods of type card."));
    }
  }
  return absl::OkStatus();
}

absl::Status OnlyWithConfirm(absl::string_view object, absl::string_view param) {
  return InvalidRequestError(
      "", param,
      absl::StrCat("The parameter `", param, "` cannot be passed when creating a ", object,
                   " unless `confirm` is set to true."));
}

StripeError AsLastError(StripeError error) {
  error.clear_payment_intent();
  error.clear_setup_intent();
  error.clear_http_status();
  return error;
}

// Stripe's wording by verb. Capture: "This PaymentIntent could not be captured because it has a
// status of succeeded. Only a PaymentIntent with one of the following statuses may be captured:
// requires_capture." Cancel: "You cannot cancel this PaymentIntent because it has a status of
// canceled. Only a PaymentIntent with one of the following statuses may be canceled: ...".
// Confirm: "You cannot confirm this PaymentIntent because it has a status of processing."
// (Stripe's message names no list.) For the test helpers' verbs ("authenticated"), which have
// no Stripe counterpart, the capture pattern (UNCERTAIN).
StripeError UnexpectedStateError(absl::string_view object, absl::string_view code,
                                 absl::string_view status, absl::string_view verb,
                                 std::initializer_list<absl::string_view> allowed) {
  StripeError error;
  error.set_type(PAYSIM_INTERNED("invalid_request_error"));
  error.set_code(std::string(code));
  const std::string list = absl::StrCat(". Only a ", object,
                                        " with one of the following statuses may be ", verb, ": ",
                                        absl::StrJoin(allowed, ", "), ".");
  if (verb == "canceled") {
    error.set_message(absl::StrCat("You cannot cancel this ", object,
                                   " because it has a status of ", status, list));
  } else if (verb == "confirmed") {
    error.set_message(absl::StrCat("You cannot confirm this ", object,
                                   " because it has a status of ", status, "."));
  } else {
    error.set_message(absl::StrCat("This ", object, " could not be ", verb,
                                   " because it has a status of ", status, list));
  }
  error.set_http_status(400);
  return error;
}

absl::Status CheckMicrodepositAnswer(const VerifyMicrodepositsParams& params) {
  if (params.has_descriptor_code()) {
    if (params.amounts_size() > 0) {
      return InvalidRequestError("", "descriptor_code",
                                 "You may pass either amounts or descriptor_code, not both.");
    }
    return absl::OkStatus();
  }
  if (params.amounts_size() == 0) return ParameterMissing("amounts");
  if (params.amounts_size() != 2) {
    return InvalidRequestError("", "amounts", "Please provide exactly two microdeposit amounts.");
  }
  return absl::OkStatus();
}

absl::StatusOr<const std::string*> CheckVerificationMethod(
    const UsBankAccountOptionsParams& options) {
  if (!options.has_verification_method()) return nullptr;
  const std::string& method = options.verification_method();
  PAYSIM_RETURN_IF_ERROR(
      ValidateEnum(method, {"automatic", "instant", "microdeposits"},
                   "payment_method_options[us_bank_account][verification_method]"));
  return &method;
}

absl::StatusOr<const std::string*> PaymentIntentVerificationMethod(
    const PaymentIntentPaymentMethodOptionsParams& options, bool on_confirm) {
  if (on_confirm && options.has_customer_balance()) {
    // UNCERTAIN: Stripe takes these options on confirm too; paysim only on create.
    return InvalidRequestError("", "payment_method_options[customer_balance]",
                               "paysim takes payment_method_options[customer_balance] only when "
                               "the PaymentIntent is created.");
  }
  // UNCERTAIN: Stripe may refuse us_bank_account options on an intent that cannot pay with
  // us_bank_account; paysim keeps them (they matter only to an ACH account).
  return CheckVerificationMethod(options.us_bank_account());
}

MicrodepositAnswer ClassifyMicrodepositAnswer(const std::vector<int64_t>& amounts,
                                              const std::string* descriptor_code) {
  if (descriptor_code != nullptr) {
    if (*descriptor_code == "SM11AA") return MicrodepositAnswer::kVerified;
    if (*descriptor_code == "SM33CC") return MicrodepositAnswer::kAttemptsExceeded;
    if (*descriptor_code == "SM44DD") return MicrodepositAnswer::kTimeout;
    return MicrodepositAnswer::kMismatch;
  }
  auto is = [&](int64_t a, int64_t b) {
    return amounts.size() == 2 && ((amounts[0] == a && amounts[1] == b) ||
                                   (amounts[0] == b && amounts[1] == a));
  };
  if (is(32, 45)) return MicrodepositAnswer::kVerified;
  if (is(10, 11)) return MicrodepositAnswer::kAttemptsExceeded;
  if (is(40, 41)) return MicrodepositAnswer::kTimeout;
  return MicrodepositAnswer::kMismatch;
}

namespace {

StripeError MicrodepositError(absl::string_view code, absl::string_view message) {
  StripeError error;
  error.set_type(PAYSIM_INTERNED("invalid_request_error"));
  error.set_code(Interned(code));
  error.set_doc_url(ErrorDocUrl(code));
  error.set_message(std::string(message));
  error.set_http_status(400);
  return error;
}

}  // namespace

StripeError MicrodepositMismatchError(bool descriptor_code) {
  return descriptor_code
             ? MicrodepositError(
                   "payment_method_microdeposit_verification_descriptor_code_mismatch",
                   "The verification code provided does not match the code on the bank "
                   "statement.")
             : MicrodepositError("payment_method_microdeposit_verification_amounts_mismatch",
                                 "The amounts provided do not match the amounts that were sent "
                                 "to the bank account.");
}

StripeError MicrodepositAttemptsExceededError() {
  return MicrodepositError("payment_method_microdeposit_verification_attempts_exceeded",
                           "You have exceeded the number of allowed verification attempts.");
}

StripeError MicrodepositTimeoutError() {
  return MicrodepositError(
      "payment_method_microdeposit_verification_timeout",
      "Microdeposit verification timed out: the microdeposits were not verified within the "
      "required 10 days.");
}

// UNCERTAIN: Stripe's code and wording for an intent that fails verification; paysim uses the
// error code Stripe lists for a bank account that cannot be verified.
StripeError BankAccountVerificationFailedError() {
  return MicrodepositError("bank_account_verification_failed",
                           "The bank account could not be verified: its microdeposits failed.");
}

// UNCERTAIN: microdeposit_type descriptor_code (Stripe's usual one); either answer is accepted.
// The hosted page's URL is paysim's own (deterministic: the intent's id).
NextAction MicrodepositNextAction(World& world, const std::string& id) {
  NextAction next;
  next.set_type(PAYSIM_INTERNED("verify_with_microdeposits"));
  VerifyWithMicrodeposits* verify = next.mutable_verify_with_microdeposits();
  verify->set_arrival_date(absl::ToUnixSeconds(world.now() + kMicrodepositArrivalDelay));
  verify->set_hosted_verification_url(
      absl::StrCat("https://payments.stripe.com/microdeposit/sacs_test_", id));
  verify->set_microdeposit_type(PAYSIM_INTERNED("descriptor_code"));
  return next;
}

bool MicrodepositWindowOver(World& world, const NextAction& next_action) {
  const absl::Time sent =
      absl::FromUnixSeconds(next_action.verify_with_microdeposits().arrival_date()) -
      kMicrodepositArrivalDelay;
  return world.now() >= sent + kMicrodepositVerificationWindow;
}

absl::Status PaymentIntentUnexpectedState(const PaymentIntent& pi, absl::string_view verb,
                                          std::initializer_list<absl::string_view> allowed) {
  StripeError error = UnexpectedStateError("PaymentIntent", "payment_intent_unexpected_state",
                                           pi.status(), verb, allowed);
  error.set_payment_intent(pi.id());
  return MakeStripeError(std::move(error), /*state_conflict=*/true);
}

bool StatusIn(absl::string_view status, std::initializer_list<absl::string_view> allowed) {
  for (absl::string_view a : allowed) {
    if (status == a) return true;
  }
  return false;
}

absl::Status CheckIntentStatementDescriptor(absl::string_view descriptor, bool takes_cards,
                                            absl::string_view param) {
  if (takes_cards) {
    return InvalidRequestError(
        "", param,
        "The statement_descriptor parameter is not supported for the payment_method_type "
        "`card`. To continue supporting payment_method_type `card`, please pass in "
        "`statement_descriptor_suffix` or remove the `statement_descriptor` parameter "
        "altogether.");
  }
  return ValidateStatementDescriptor(descriptor, param);
}

}  // namespace internal
}  // namespace paysim
