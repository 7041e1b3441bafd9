// What PaymentIntents and SetupIntents share (intent_common.h).
#include "engine/internal/intent_common.h"
#include "engine/stripe_error.h"
#include "engine/internal/interned.h"

#include <utility>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "engine/internal/bank_debits.h"
#include "engine/internal/payment_method_lifecycle.h"
#include "engine/internal/status_macros.h"

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
  PAYSIM_ASSIGN_OR_RETURN(out.existing, PaymentMethodLifecycle::FindUsable(world, id, param));
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

bool PaymentNeedsAuthentication(const TestCard& card, const PaymentMethod& pm, bool off_session) {
  switch (card.three_d_secure) {
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

bool SetupNeedsAuthentication(const TestCard& card) {
  // UNCERTAIN: Stripe's docs describe these cards by their payments; a setup is an on-session
  // action, so paysim asks for authentication wherever an on-session payment would.
  switch (card.three_d_secure) {
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
  return absl::StrCat(id, "_secret_", world.ids().RandomString(24));
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
    bool allow_customer_balance) {
  for (int i = 0; i < types.size(); ++i) {
    if (types[i] != "card" && !(allow_bank_debits && IsBankDebitType(types[i])) &&
        !(allow_customer_balance && types[i] == "customer_balance")) {
      return InvalidRequestError(
          "", absl::StrCat("payment_method_types[", i, "]"),
          absl::StrCat("Invalid payment_method_types[", i, "]: ", types[i],
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

}  // namespace internal
}  // namespace paysim
