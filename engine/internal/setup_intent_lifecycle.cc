#include "engine/internal/setup_intent_lifecycle.h"
#include "engine/internal/interned.h"

#include <string>
#include <utility>
#include <vector>

#include "absl/algorithm/container.h"
#include "engine/internal/timer_queue.h"

#include "engine/internal/bank_debits.h"
#include "engine/internal/card_source_payment_method.h"
#include "engine/internal/customer_lifecycle.h"
#include "engine/internal/intent_common.h"
#include "engine/internal/mandate_lifecycle.h"
#include "engine/internal/payment_method_lifecycle.h"
#include "engine/internal/three_d_secure_request.h"
#include "engine/stripe_error.h"

namespace paysim {
namespace internal {
namespace {

using Machine = SetupIntentLifecycle::Machine;
using S = SetupIntentState;
using T = SetupIntentTrigger;

constexpr Machine::StateSet kOpen =
    Machine::From({S::kRequiresPaymentMethod, S::kRequiresConfirmation, S::kRequiresAction});

constexpr Machine::Row kRows[] = {
    {Machine::kCreated, T::kCreate, S::kRequiresPaymentMethod, "setup_intent.created"},
    {Machine::kCreated, T::kCreateWithPaymentMethod, S::kRequiresConfirmation,
     "setup_intent.created"},
    {kOpen, T::kRequireAction, S::kRequiresAction, "setup_intent.requires_action"},
    {kOpen, T::kSucceed, S::kSucceeded, "setup_intent.succeeded"},
    {kOpen, T::kFail, S::kRequiresPaymentMethod, "setup_intent.setup_failed"},
    {kOpen, T::kCancel, S::kCanceled, "setup_intent.canceled"},
    {kOpen, T::kNewPaymentMethod, S::kRequiresConfirmation, ""},
};
constexpr absl::string_view kStates[] = {"requires_payment_method", "requires_confirmation",
                                         "requires_action", "succeeded", "canceled"};
constexpr absl::string_view kTriggers[] = {
    "create",
    "create with a payment_method",
    "confirm: the card asks for 3D Secure, or the bank account awaits microdeposits",
    "confirm, 3D Secure completed or microdeposits verified: the card or bank account is saved",
    "the card declines, 3D Secure fails, the bank account cannot be verified or is blocked, "
    "microdeposit attempts are exceeded or time out, or the PaymentMethod was detached",
    "cancel, or its Checkout Session expires",
    "update with a new payment_method",
};

// What the customer's failed 3D Secure leaves in last_setup_error.
StripeError AuthenticationFailureError() {
  StripeError error;
  error.set_type(PAYSIM_INTERNED("invalid_request_error"));
  error.set_code(PAYSIM_INTERNED("setup_intent_authentication_failure"));
  error.set_doc_url(ErrorDocUrl("setup_intent_authentication_failure"));
  error.set_message(
      "The latest attempt to set up the payment method has failed because authentication "
      "failed.");
  error.set_http_status(400);
  return error;
}

// The intent no longer waits for microdeposits.
void ForgetMicrodeposits(SetupIntent& si) {
  si.clear_microdeposit_failures();
  si.clear_microdeposit_mandate();
  si.clear_microdeposit_acceptance();
}

}  // namespace

const Machine& SetupIntentLifecycle::machine() {
  static constexpr Machine kMachine(kRows, {"setup_intent", "status", kStates, kStates, kTriggers});
  return kMachine;
}

SetupIntentState SetupIntentLifecycle::StateOf(const SetupIntent& si) {
  const std::string& status = si.status();
  for (size_t s = 0; s < sizeof(kStates) / sizeof(kStates[0]); ++s) {
    if (status == kStates[s]) return static_cast<S>(s);
  }
  return S::kRequiresPaymentMethod;  // never expected: every intent has a status
}

void SetupIntentLifecycle::Enter(World& world, SetupIntent& si, SetupIntentTrigger trigger) {
  const Machine::Row* row = machine().Find(StateOf(si), trigger);
  if (row == nullptr) return;
  si.set_status(Interned(machine().Rendered(row->to)));
  ForEachEvent(row->events, [&](absl::string_view type) { world.Emit(type, si); });
}

const SetupIntent& SetupIntentLifecycle::Create(World& world, SetupIntent si) {
  const Machine::Row* row =
      machine().FindCreate(si.has_payment_method() ? T::kCreateWithPaymentMethod : T::kCreate);
  si.set_status(Interned(machine().Rendered(row->to)));
  SetupIntentPaymentMethodOptions* options = si.mutable_payment_method_options();
  if (absl::c_linear_search(si.payment_method_types(), "card") &&
      options->card().request_three_d_secure().empty()) {
    options->mutable_card()->set_request_three_d_secure(PAYSIM_INTERNED("automatic"));
  }
  const SetupIntent& stored = world.setup_intents().Insert(Key(), std::move(si));
  if (stored.has_customer()) {
    world.customer_setup_intents(Key()).Enter(stored.customer(), world.setup_intents(), stored);
  }
  ForEachEvent(row->events, [&](absl::string_view type) { world.Emit(type, stored); });
  return stored;
}

// The setup failed: back to requires_payment_method. Returns the error to answer (with the
// intent's id); the intent keeps it, without the id, as last_setup_error.
absl::Status SetupIntentLifecycle::Fail(World& world, SetupIntent& si, StripeError error) {
  if (si.has_payment_method()) error.set_payment_method(si.payment_method());
  *si.mutable_last_setup_error() = AsLastError(error);
  si.clear_payment_method();
  si.clear_next_action();
  ForgetMicrodeposits(si);
  Enter(world, si, T::kFail);
  error.set_setup_intent(si.id());
  return MakeStripeError(std::move(error));
}

// The card is saved (or declines, as attaching it would). UNCERTAIN (event order):
// payment_method.attached comes before setup_intent.succeeded, as for PaymentIntents.
absl::Status SetupIntentLifecycle::Finish(World& world, SetupIntent& si) {
  PaymentMethod source_view;
  const PaymentMethod* found = FindPaymentMethodOrCard(world, si.payment_method(), &source_view);
  if (found == nullptr) {  // a card source deleted while the customer authenticated
    return Fail(world, si,
                *GetStripeError(ResourceMissing("PaymentMethod", si.payment_method(),
                                                "payment_method")));
  }
  const PaymentMethod& pm = *found;
  const TestCard& card = *TestCardOf(pm);
  si.clear_next_action();
  if (absl::Status attachable = PaymentMethodLifecycle::CheckAttachable(card); !attachable.ok()) {
    return Fail(world, si, *GetStripeError(attachable));
  }
  if (PaymentMethodLifecycle::StateOf(pm) == PaymentMethodState::kDetached) {
    // Detached while the customer was authenticating: it may not be used again.
    return Fail(world, si,
                *GetStripeError(PaymentMethodLifecycle::NotReusable("payment_method")));
  }
  si.clear_last_setup_error();
  if (const Card* source = FindSavedCard(world, pm.id())) {
    // Saved on its customer already: only its off-session set-up is new.
    if (si.usage() == "off_session") CustomerLifecycle::SetUpCardForOffSession(world, *source);
  } else {
    PaymentMethodLifecycle::SaveForCustomer(world, pm, si.customer(),
                                            si.usage() == "off_session");
  }
  Enter(world, si, T::kSucceed);
  return absl::OkStatus();
}

// A bank debit PaymentMethod is saved at once (test accounts need no verification), or after
// its microdeposits are verified, unless its account fails verification or Radar blocks it.
absl::Status SetupIntentLifecycle::SetUpBankAccount(World& world, SetupIntent& si,
                                                    const PaymentMethod& pm,
                                                    const MandateChoice& mandate,
                                                    bool microdeposits) {
  const BankTestAccount* account = BankTestAccountOf(world, pm);
  if (account == nullptr) {  // every caller resolved the payment method first
    return absl::InternalError("a SetupIntent was confirmed without a usable bank account");
  }
  si.clear_next_action();
  if (account->outcome == BankDebitOutcome::kCannotVerify) {
    return Fail(world, si, BankAccountVerificationFailedError());
  }
  if (account->outcome == BankDebitOutcome::kBlocked) {
    StripeError blocked = DebitError(*account, pm.id());
    blocked.set_http_status(400);
    return Fail(world, si, std::move(blocked));
  }
  if (PaymentMethodLifecycle::StateOf(pm) == PaymentMethodState::kDetached) {
    return Fail(world, si,
                *GetStripeError(PaymentMethodLifecycle::NotReusable("payment_method")));
  }
  if (microdeposits && pm.type() == "us_bank_account") {
    AwaitMicrodeposits(world, si, mandate);
    return absl::OkStatus();
  }
  return SaveBankAccount(world, si, pm, mandate);
}

// -> requires_action until the customer verifies the microdeposits; the mandate is made then.
void SetupIntentLifecycle::AwaitMicrodeposits(World& world, SetupIntent& si,
                                              const MandateChoice& mandate) {
  si.set_microdeposit_failures(0);
  si.set_microdeposit_mandate(mandate.existing);
  si.clear_microdeposit_acceptance();
  if (mandate.acceptance.has_value()) *si.mutable_microdeposit_acceptance() = *mandate.acceptance;
  *si.mutable_next_action() = MicrodepositNextAction(world, si.id());
  Enter(world, si, T::kRequireAction);
  world.timers().Schedule(world.now() + kMicrodepositVerificationWindow,
                          TimerKind::kSetupIntentMicrodepositTimeout, si.id());
}

// The bank account is saved under the customer's mandate. UNCERTAIN (event order): as for
// cards, payment_method.attached before setup_intent.succeeded.
absl::Status SetupIntentLifecycle::SaveBankAccount(World& world, SetupIntent& si,
                                                   const PaymentMethod& pm,
                                                   const MandateChoice& mandate) {
  si.clear_next_action();
  std::string mandate_id = mandate.existing;
  if (mandate_id.empty() && mandate.acceptance.has_value()) {
    mandate_id = MandateLifecycle::Create(world, pm, *mandate.acceptance, nullptr).id();
  }
  if (mandate_id.empty()) {
    const Mandate* saved = MandateLifecycle::ActiveFor(world, pm);
    if (saved != nullptr) mandate_id = saved->id();
  }
  if (!mandate_id.empty()) si.set_mandate(mandate_id);
  si.clear_last_setup_error();
  PaymentMethodLifecycle::SaveForCustomer(world, pm, si.customer(), si.usage() == "off_session");
  Enter(world, si, T::kSucceed);
  return absl::OkStatus();
}

absl::Status SetupIntentLifecycle::VerifyMicrodeposits(World& world, const SetupIntent& current,
                                                       const std::vector<int64_t>& amounts,
                                                       const std::string* descriptor_code) {
  SetupIntent& si = *world.setup_intents().Mutable(Key(), current.id());
  const MicrodepositAnswer answer = ClassifyMicrodepositAnswer(amounts, descriptor_code);
  if (answer == MicrodepositAnswer::kTimeout) return Fail(world, si, MicrodepositTimeoutError());
  if (answer == MicrodepositAnswer::kMismatch &&
      si.microdeposit_failures() + 1 < kMicrodepositAttempts) {
    si.set_microdeposit_failures(si.microdeposit_failures() + 1);
    StripeError error = MicrodepositMismatchError(descriptor_code != nullptr);
    error.set_setup_intent(si.id());
    return MakeStripeError(std::move(error));
  }
  if (answer != MicrodepositAnswer::kVerified) {
    return Fail(world, si, MicrodepositAttemptsExceededError());
  }
  const PaymentMethod& pm = *world.payment_methods().Find(si.payment_method());
  MandateChoice mandate;
  mandate.existing = si.microdeposit_mandate();
  if (si.has_microdeposit_acceptance()) mandate.acceptance = si.microdeposit_acceptance();
  ForgetMicrodeposits(si);
  if (PaymentMethodLifecycle::StateOf(pm) == PaymentMethodState::kDetached) {
    return Fail(world, si,
                *GetStripeError(PaymentMethodLifecycle::NotReusable("payment_method")));
  }
  return SaveBankAccount(world, si, pm, mandate);
}

void SetupIntentLifecycle::OnMicrodepositTimeout(World& world, absl::string_view id) {
  SetupIntent* si = world.setup_intents().Mutable(Key(), id);
  if (si == nullptr || StateOf(*si) != S::kRequiresAction ||
      !si->next_action().has_verify_with_microdeposits()) {
    return;  // verified, failed or canceled meanwhile
  }
  // A timer of an earlier confirmation: the current one has its own.
  if (!MicrodepositWindowOver(world, si->next_action())) return;
  Fail(world, *si, MicrodepositTimeoutError()).IgnoreError();
}

// One confirmation attempt with the intent's payment_method.
absl::Status SetupIntentLifecycle::Attempt(World& world, SetupIntent& si, bool authenticated) {
  PaymentMethod source_view;
  const PaymentMethod* pm = FindPaymentMethodOrCard(world, si.payment_method(), &source_view);
  // A card source deleted while the customer authenticated: Finish fails the intent.
  if (pm == nullptr && IsCardSourceId(si.payment_method())) return Finish(world, si);
  const TestCard* card = pm == nullptr ? nullptr : TestCardOf(*pm);
  if (card == nullptr) {  // every caller resolved the payment method first
    return absl::InternalError("a SetupIntent was confirmed without a usable PaymentMethod");
  }
  const bool requested =
      ThreeDSecureRequested(si.payment_method_options().card().request_three_d_secure());
  if (!authenticated && ThreeDSecureRequestFails(*card, requested)) {
    return Fail(world, si,
                *GetStripeError(PaymentMethodLifecycle::CheckAttachable(RequestFailedCard(*card))));
  }
  if (!authenticated && SetupNeedsAuthentication(*card, requested)) {
    *si.mutable_next_action() =
        ThreeDSecureNextAction("setup_intent", si.id(), si.client_secret(),
                               si.has_return_url() ? &si.return_url() : nullptr);
    Enter(world, si, T::kRequireAction);
    return absl::OkStatus();
  }
  return Finish(world, si);
}

absl::Status SetupIntentLifecycle::Confirm(World& world, const SetupIntent& current,
                                           const std::string& payment_method,
                                           const std::string* return_url,
                                           const MandateChoice& mandate,
                                           const std::string* verification_method,
                                           const std::string* request_three_d_secure) {
  SetupIntent& si = *world.setup_intents().Mutable(Key(), current.id());
  si.set_payment_method(payment_method);
  if (return_url != nullptr) {
    si.set_return_url(*return_url);
  } else {
    si.clear_return_url();
  }
  si.clear_last_setup_error();
  ForgetMicrodeposits(si);
  if (verification_method != nullptr) {
    si.mutable_payment_method_options()->mutable_us_bank_account()->set_verification_method(
        *verification_method);
  }
  if (request_three_d_secure != nullptr) {
    si.mutable_payment_method_options()->mutable_card()->set_request_three_d_secure(
        *request_three_d_secure);
  }
  const PaymentMethod* pm = world.payment_methods().Find(payment_method);
  if (pm != nullptr && IsBankDebitType(pm->type())) {
    return SetUpBankAccount(
        world, si, *pm, mandate,
        si.payment_method_options().us_bank_account().verification_method() == "microdeposits");
  }
  return Attempt(world, si, /*authenticated=*/false);
}

void SetupIntentLifecycle::CompleteThreeDSecure(World& world, const SetupIntent& current) {
  SetupIntent& si = *world.setup_intents().Mutable(Key(), current.id());
  if (StateOf(si) != S::kRequiresAction) return;  // checked by the caller
  // A decline shows on the intent (requires_payment_method, last_setup_error).
  Attempt(world, si, /*authenticated=*/true).IgnoreError();
}

void SetupIntentLifecycle::FailThreeDSecure(World& world, const SetupIntent& current) {
  SetupIntent& si = *world.setup_intents().Mutable(Key(), current.id());
  if (StateOf(si) != S::kRequiresAction) return;  // checked by the caller
  Fail(world, si, AuthenticationFailureError()).IgnoreError();
}

const SetupIntent& SetupIntentLifecycle::Update(World& world, const SetupIntent& current,
                                                const SetupIntent& updated,
                                                bool new_payment_method) {
  SetupIntent& si = *world.setup_intents().Mutable(Key(), current.id());
  const std::string status = si.status();
  OrdinalIndex& index = world.customer_setup_intents(Key());
  if (si.has_customer()) index.Leave(si.customer(), world.setup_intents(), si);
  si = updated;
  si.set_status(status);
  if (si.has_customer()) index.Enter(si.customer(), world.setup_intents(), si);
  SetupIntentPaymentMethodOptions* options = si.mutable_payment_method_options();
  if (!absl::c_linear_search(si.payment_method_types(), "card")) {
    options->clear_card();  // only an intent that takes cards has card options
  } else if (options->card().request_three_d_secure().empty()) {
    options->mutable_card()->set_request_three_d_secure(PAYSIM_INTERNED("automatic"));
  }
  if (new_payment_method) {
    si.clear_last_setup_error();  // UNCERTAIN: Stripe may keep it until the next attempt
    si.clear_next_action();
    ForgetMicrodeposits(si);
    Enter(world, si, T::kNewPaymentMethod);
  }
  return si;
}

void SetupIntentLifecycle::SetCustomer(World& world, const SetupIntent& si,
                                       const std::string& customer_id) {
  SetupIntent& intent = *world.setup_intents().Mutable(Key(), si.id());
  OrdinalIndex& index = world.customer_setup_intents(Key());
  if (intent.has_customer()) index.Leave(intent.customer(), world.setup_intents(), intent);
  intent.set_customer(customer_id);
  index.Enter(customer_id, world.setup_intents(), intent);
}

void SetupIntentLifecycle::Cancel(World& world, const SetupIntent& current,
                                  absl::string_view reason) {
  SetupIntent& si = *world.setup_intents().Mutable(Key(), current.id());
  if (!machine().Allows(StateOf(si), T::kCancel)) return;
  if (!reason.empty()) si.set_cancellation_reason(std::string(reason));
  si.clear_next_action();
  ForgetMicrodeposits(si);
  Enter(world, si, T::kCancel);
}

}  // namespace internal
}  // namespace paysim
