// A PaymentIntent's payment attempts: confirmation (3D Secure or the card's charge), the
// customer's answer to 3D Secure, bank debits and the ACH microdeposits before them. Each
// outcome is a row of the table in payment_intent_lifecycle.cc, entered through
// PaymentIntentLifecycle::Enter.
#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "absl/types/optional.h"
#include "engine/checkout_sessions.h"
#include "engine/internal/bank_debits.h"
#include "engine/internal/interned.h"
#include "engine/internal/card_details.h"
#include "engine/internal/card_source_payment_method.h"
#include "engine/internal/charge_lifecycle.h"
#include "engine/internal/intent_common.h"
#include "engine/internal/mandate_lifecycle.h"
#include "engine/internal/payment_intent_lifecycle.h"
#include "engine/internal/payment_method_lifecycle.h"
#include "engine/internal/three_d_secure_request.h"
#include "engine/setup_intents.h"
#include "engine/stripe_error.h"

namespace paysim {
namespace internal {

using S = PaymentIntentState;
using T = PaymentIntentTrigger;

// The attempts, as a friend of the lifecycle (they enter its rows).
class PaymentAttempt {
 public:
  // One confirmation attempt with the intent's payment_method: 3D Secure if the card asks for
  // it (requires_action on-session; a decline off-session), else the charge. `authenticated`:
  // the customer already completed 3D Secure for this attempt.
  static absl::Status Attempt(World& w, PaymentIntent& pi, bool authenticated,
                              bool error_on_requires_action,
                              const PaymentIntentLifecycle::Confirmation* confirmation = nullptr);

  // The attempt failed: back to requires_payment_method. Returns the error to answer (with
  // the intent's id); the intent keeps it, without the id, as last_payment_error.
  static absl::Status Fail(World& w, PaymentIntent& pi, StripeError error, T trigger);

 private:
  static absl::Status ChargeCard(World& w, PaymentIntent& pi, const PaymentMethod& pm,
                                 const TestCard& card, bool authenticated);
  // Submits a bank debit of `pm` under its mandate (`mandate`, or one made now if the customer
  // accepted a new one (`acceptance`, null: none), else the PaymentMethod's saved one):
  // processing, settled by the intent's own timer kBankDebitSettlementDelay later; or refused
  // at once (the error answered).
  static absl::Status DebitBank(World& w, PaymentIntent& pi, const PaymentMethod& pm,
                                const std::string& mandate,
                                const MandateCustomerAcceptance* acceptance);
  // The ACH account `pm` waits for its microdeposits (requires_action, next_action
  // verify_with_microdeposits, the timeout timer); the debit is submitted under the mandate
  // (`mandate` / `acceptance`, kept on the intent) once they are verified. The account whose
  // microdeposits fail fails the payment at once (400).
  static absl::Status AwaitMicrodeposits(World& w, PaymentIntent& pi, const PaymentMethod& pm,
                                         const std::string& mandate,
                                         const MandateCustomerAcceptance* acceptance);

  friend class PaymentIntentLifecycle;
};

namespace {

// A confirmation with error_on_requires_action=true that meets a card needing authentication:
// Stripe fails the attempt with a card_error, code authentication_required and decline code
// authentication_not_handled, and this fixed message.
StripeError ActionRequiredError() {
  StripeError error;
  error.set_type(PAYSIM_INTERNED("card_error"));
  error.set_code(PAYSIM_INTERNED("authentication_required"));
  error.set_decline_code(PAYSIM_INTERNED("authentication_not_handled"));
  error.set_doc_url(ErrorDocUrl("authentication_required"));
  error.set_message(
      "This payment required an authentication action to complete, but "
      "`error_on_requires_action` was set. When you're ready, you can upgrade your integration "
      "to handle actions at "
      "https://stripe.com/docs/payments/payment-intents/upgrade-to-handle-actions.");
  error.set_http_status(402);
  return error;
}

// What the customer's failed 3D Secure leaves in last_payment_error.
StripeError AuthenticationFailureError() {
  StripeError error;
  error.set_type(PAYSIM_INTERNED("invalid_request_error"));
  error.set_code(PAYSIM_INTERNED("payment_intent_authentication_failure"));
  error.set_doc_url(ErrorDocUrl("payment_intent_authentication_failure"));
  error.set_message(
      "The provided PaymentMethod has failed authentication. You can provide "
      "payment_method_data or a new PaymentMethod to attempt to fulfill this PaymentIntent "
      "again.");
  error.set_http_status(400);
  return error;
}

// The card as its issuer answers an off-session payment that needs authentication: a soft
// decline. UNCERTAIN: Stripe's docs say the request fails with 402 and decline_code
// authentication_required; paysim also records the failed charge, as for any issuer decline.
TestCard AuthenticationRequiredCard(const TestCard& card) {
  TestCard declined = card;
  declined.charge_outcome = CardOutcome::kDeclined;
  declined.code = "authentication_required";
  declined.decline_code = "authentication_required";
  declined.message = "Your card was declined. This transaction requires authentication.";
  declined.param = "";
  declined.advice_code = "";
  declined.network_advice_code = "";
  declined.network_decline_code = "";
  return declined;
}

// A successful payment with setup_future_usage saves the PaymentMethod on the customer.
// UNCERTAIN (event order): payment_method.attached is emitted before the intent's
// payment_intent.succeeded / amount_capturable_updated.
void SaveForFutureUsage(World& w, const PaymentIntent& pi, const PaymentMethod& pm) {
  if (!pi.has_setup_future_usage() || !pi.has_customer()) return;
  if (IsCardSourceId(pm.id())) return;  // a card source is saved on its customer already
  PaymentMethodLifecycle::SaveForCustomer(w, pm, pi.customer(),
                                          pi.setup_future_usage() == "off_session");
}

}  // namespace

absl::Status PaymentAttempt::Fail(World& w, PaymentIntent& pi, StripeError error, T trigger) {
  if (pi.has_payment_method()) error.set_payment_method(pi.payment_method());
  *pi.mutable_last_payment_error() = AsLastError(error);
  pi.clear_payment_method();
  pi.clear_next_action();
  PaymentIntentLifecycle::ForgetMicrodeposits(pi);
  pi.set_amount_capturable(0);
  pi.set_three_d_secure_authenticated(false);
  PaymentIntentLifecycle::Enter(w, pi, trigger);
  error.set_payment_intent(pi.id());
  return MakeStripeError(std::move(error));
}

absl::Status PaymentAttempt::ChargeCard(World& w, PaymentIntent& pi, const PaymentMethod& pm,
                                        const TestCard& card, bool authenticated) {
  Charge charge =
      ChargeLifecycle::NewCardCharge(w, card, pi.amount(), pm.card().exp_month(),
                                     pm.card().exp_year(), pm.card().cvc_provided());
  // The ids and codes the charge takes from the intent and the method share their nodes.
  charge.set_currency(pi.currency_shared());
  charge.set_payment_intent(pi.id_shared());
  charge.set_payment_method(pm.id_shared());
  pi.set_payment_method(pm.id_shared());  // the same id: one node for both
  if (const Card* source = FindSavedCard(w, pm.id())) *charge.mutable_source() = *source;
  *charge.mutable_billing_details() = pm.billing_details();
  if (pi.has_customer()) charge.set_customer(pi.customer_shared());
  if (pi.has_description()) charge.set_description(pi.description_shared());
  *charge.mutable_metadata() = pi.metadata();
  if (pi.has_receipt_email()) charge.set_receipt_email(pi.receipt_email());
  if (pi.has_shipping()) *charge.mutable_shipping() = pi.shipping();
  if (pi.has_statement_descriptor_suffix()) {
    charge.set_statement_descriptor_suffix(pi.statement_descriptor_suffix());
  }
  if (pi.has_transfer_group()) charge.set_transfer_group(pi.transfer_group());
  if (authenticated) {
    charge.mutable_payment_method_details()->mutable_card()->set_three_d_secure(PAYSIM_INTERNED("authenticated"));
  }
  const bool capture = pi.capture_method() != "manual";
  const Charge& stored = ChargeLifecycle::SettleCard(w, std::move(charge), card, capture);
  pi.set_latest_charge(stored.id_shared());
  pi.clear_next_action();
  pi.set_three_d_secure_authenticated(false);
  if (ChargeLifecycle::StateOf(stored) == ChargeState::kFailed) {
    absl::optional<StripeError> declined = GetStripeError(CardDeclinedError(card, stored.id()));
    return Fail(w, pi, *declined, T::kFail);
  }
  pi.clear_last_payment_error();
  if (capture) {
    pi.set_amount_received(pi.amount());
  } else {
    pi.set_amount_capturable(pi.amount());
  }
  SaveForFutureUsage(w, pi, pm);
  PaymentIntentLifecycle::Enter(w, pi, capture ? T::kSucceed : T::kHold);
  return absl::OkStatus();
}

absl::Status PaymentAttempt::DebitBank(World& w, PaymentIntent& pi, const PaymentMethod& pm,
                                       const std::string& existing_mandate,
                                       const MandateCustomerAcceptance* acceptance) {
  const BankTestAccount* account = BankTestAccountOf(w, pm);
  if (account == nullptr) {  // every caller resolved the payment method first
    return absl::InternalError("a PaymentIntent was confirmed without a usable bank account");
  }
  std::string mandate = existing_mandate;
  if (mandate.empty() && acceptance != nullptr) {
    // UNCERTAIN: a payment that saves its PaymentMethod (setup_future_usage) gets a multi-use
    // mandate, any other a single-use one for its amount.
    const MandateLifecycle::SingleUse single_use{pi.amount(), pi.currency()};
    mandate = MandateLifecycle::Create(w, pm, *acceptance,
                                       pi.has_setup_future_usage() ? nullptr : &single_use)
                  .id();
  }
  if (mandate.empty()) {
    const Mandate* saved = MandateLifecycle::ActiveFor(w, pm);
    if (saved != nullptr) mandate = saved->id();
  }
  if (!PaymentIntentLifecycle::StartBankDebit(w, pi, pm, *account, mandate)) {
    StripeError error = DebitError(*account, pm.id());
    error.set_payment_intent(pi.id());
    if (pi.has_latest_charge()) error.set_charge(pi.latest_charge());
    return MakeStripeError(std::move(error));
  }
  if (account->outcome != BankDebitOutcome::kStaysProcessing) {
    w.timers().Schedule(w.now() + kBankDebitSettlementDelay,
                        TimerKind::kPaymentIntentDebitSettlement, pi.id());
  }
  return absl::OkStatus();
}

absl::Status PaymentAttempt::AwaitMicrodeposits(World& w, PaymentIntent& pi,
                                                const PaymentMethod& pm,
                                                const std::string& mandate,
                                                const MandateCustomerAcceptance* acceptance) {
  const BankTestAccount* account = BankTestAccountOf(w, pm);
  if (account == nullptr) {  // every caller resolved the payment method first
    return absl::InternalError("a PaymentIntent was confirmed without a usable bank account");
  }
  pi.set_three_d_secure_authenticated(false);
  if (account->outcome == BankDebitOutcome::kCannotVerify) {
    // UNCERTAIN: when Stripe fails a payment whose microdeposits cannot be sent; paysim fails
    // it at confirmation, as it fails the SetupIntent.
    return Fail(w, pi, BankAccountVerificationFailedError(), T::kFail);
  }
  pi.set_microdeposit_failures(0);
  pi.set_microdeposit_mandate(mandate);
  pi.clear_microdeposit_acceptance();
  if (acceptance != nullptr) *pi.mutable_microdeposit_acceptance() = *acceptance;
  *pi.mutable_next_action() = MicrodepositNextAction(w, pi.id());
  PaymentIntentLifecycle::Enter(w, pi, T::kRequireAction);
  w.timers().Schedule(w.now() + kMicrodepositVerificationWindow,
                      TimerKind::kPaymentIntentMicrodepositTimeout, pi.id());
  return absl::OkStatus();
}

absl::Status PaymentAttempt::Attempt(World& w, PaymentIntent& pi, bool authenticated,
                                     bool error_on_requires_action,
                                     const PaymentIntentLifecycle::Confirmation* confirmation) {
  PaymentMethod source_view;
  const PaymentMethod* pm = FindPaymentMethodOrCard(w, pi.payment_method(), &source_view);
  if (pm == nullptr && IsCardSourceId(pi.payment_method())) {
    // A card source deleted while the customer authenticated.
    return Fail(w, pi,
                *GetStripeError(ResourceMissing("PaymentMethod", pi.payment_method(),
                                                "payment_method")),
                T::kFail);
  }
  if (pm != nullptr && IsBankDebitType(pm->type())) {
    const std::string mandate = confirmation != nullptr ? confirmation->mandate : "";
    const MandateCustomerAcceptance* acceptance =
        confirmation != nullptr && confirmation->mandate_acceptance
            ? &*confirmation->mandate_acceptance
            : nullptr;
    // UNCERTAIN: Stripe skips microdeposits for an account it verified before (a saved
    // PaymentMethod); paysim asks for them whenever the intent asks, as for SetupIntents.
    if (pm->type() == "us_bank_account" &&
        pi.payment_method_options().us_bank_account().verification_method() == "microdeposits") {
      return AwaitMicrodeposits(w, pi, *pm, mandate, acceptance);
    }
    return DebitBank(w, pi, *pm, mandate, acceptance);
  }
  if (pm != nullptr && pm->type() == "customer_balance") {
    return PaymentIntentLifecycle::PayWithCashBalance(w, pi);
  }
  const TestCard* card = pm == nullptr ? nullptr : TestCardOf(*pm);
  if (card == nullptr) {  // every caller resolved the payment method first
    return absl::InternalError("a PaymentIntent was confirmed without a usable PaymentMethod");
  }
  const bool requested =
      ThreeDSecureRequested(pi.payment_method_options().card().request_three_d_secure());
  if (!authenticated && ThreeDSecureRequestFails(*card, requested)) {
    return ChargeCard(w, pi, *pm, RequestFailedCard(*card), false);
  }
  if (!authenticated && PaymentNeedsAuthentication(*card, *pm, pi.off_session(), requested)) {
    if (pi.off_session()) return ChargeCard(w, pi, *pm, AuthenticationRequiredCard(*card), false);
    if (error_on_requires_action) return Fail(w, pi, ActionRequiredError(), T::kFail);
    *pi.mutable_next_action() =
        ThreeDSecureNextAction("payment_intent", pi.id(), pi.client_secret(),
                               pi.has_return_url() ? &pi.return_url() : nullptr);
    PaymentIntentLifecycle::Enter(w, pi, T::kRequireAction);
    return absl::OkStatus();
  }
  return ChargeCard(w, pi, *pm, *card, authenticated);
}

absl::Status PaymentIntentLifecycle::Confirm(World& world, const PaymentIntent& current,
                                             const Confirmation& confirmation) {
  PaymentIntent& pi = Mutable(world, current);
  bool authenticated = pi.three_d_secure_authenticated();
  if (confirmation.payment_method.get() != pi.payment_method()) authenticated = false;
  if (pi.payment_method() != confirmation.payment_method.get()) {
    pi.set_payment_method(confirmation.payment_method);
  }
  pi.set_off_session(confirmation.off_session);
  if (confirmation.return_url != nullptr) {
    pi.set_return_url(*confirmation.return_url);
  } else {
    pi.clear_return_url();
  }
  if (confirmation.setup_future_usage != nullptr) {
    pi.set_setup_future_usage(*confirmation.setup_future_usage);
  }
  if (confirmation.receipt_email != nullptr) pi.set_receipt_email(*confirmation.receipt_email);
  if (confirmation.verification_method != nullptr) {
    pi.mutable_payment_method_options()->mutable_us_bank_account()->set_verification_method(
        *confirmation.verification_method);
  }
  if (confirmation.request_three_d_secure != nullptr) {
    pi.mutable_payment_method_options()->mutable_card()->set_request_three_d_secure(
        *confirmation.request_three_d_secure);
  }
  ForgetMicrodeposits(pi);
  if (confirmation.shipping != nullptr) {
    if (confirmation.shipping->has_address()) {
      *pi.mutable_shipping() = *confirmation.shipping;
    } else {
      pi.clear_shipping();
    }
  }
  pi.clear_last_payment_error();
  return PaymentAttempt::Attempt(world, pi, authenticated, confirmation.error_on_requires_action,
                                 &confirmation);
}

void PaymentIntentLifecycle::CompleteThreeDSecure(World& world, const PaymentIntent& current) {
  PaymentIntent& pi = Mutable(world, current);
  if (StateOf(pi) != S::kRequiresAction) return;  // checked by the caller
  if (pi.confirmation_method() == "manual") {
    // "After next_action is handled, the PaymentIntent returns to requires_confirmation."
    pi.clear_next_action();
    pi.set_three_d_secure_authenticated(true);
    Enter(world, pi, T::kAwaitConfirmation);
    return;
  }
  // A decline shows on the intent (requires_payment_method, last_payment_error): the
  // customer's browser, not the merchant's request, received the answer.
  PaymentAttempt::Attempt(world, pi, /*authenticated=*/true, /*error_on_requires_action=*/false)
      .IgnoreError();
}

void PaymentIntentLifecycle::FailThreeDSecure(World& world, const PaymentIntent& current) {
  PaymentIntent& pi = Mutable(world, current);
  if (StateOf(pi) != S::kRequiresAction) return;  // checked by the caller
  PaymentAttempt::Fail(world, pi, AuthenticationFailureError(), T::kFail).IgnoreError();
}

void PaymentIntentLifecycle::ForgetMicrodeposits(PaymentIntent& pi) {
  pi.clear_microdeposit_failures();
  pi.clear_microdeposit_mandate();
  pi.clear_microdeposit_acceptance();
}

bool PaymentIntentLifecycle::AwaitsMicrodeposits(const PaymentIntent& pi) {
  return StateOf(pi) == S::kRequiresAction && pi.next_action().has_verify_with_microdeposits();
}

absl::Status PaymentIntentLifecycle::VerifyMicrodeposits(World& world,
                                                         const PaymentIntent& current,
                                                         const std::vector<int64_t>& amounts,
                                                         const std::string* descriptor_code) {
  PaymentIntent& pi = Mutable(world, current);
  if (!AwaitsMicrodeposits(pi)) {  // checked by the caller
    return absl::InternalError("the PaymentIntent does not wait for microdeposits");
  }
  const MicrodepositAnswer answer = ClassifyMicrodepositAnswer(amounts, descriptor_code);
  if (answer == MicrodepositAnswer::kTimeout) {
    return PaymentAttempt::Fail(world, pi, MicrodepositTimeoutError(), T::kFail);
  }
  if (answer == MicrodepositAnswer::kMismatch &&
      pi.microdeposit_failures() + 1 < kMicrodepositAttempts) {
    pi.set_microdeposit_failures(pi.microdeposit_failures() + 1);
    StripeError error = MicrodepositMismatchError(descriptor_code != nullptr);
    error.set_payment_intent(pi.id());
    return MakeStripeError(std::move(error));
  }
  if (answer != MicrodepositAnswer::kVerified) {
    return PaymentAttempt::Fail(world, pi, MicrodepositAttemptsExceededError(), T::kFail);
  }
  const PaymentMethod* pm = world.payment_methods().Find(pi.payment_method());
  if (pm == nullptr) return absl::InternalError("a waiting PaymentIntent lost its PaymentMethod");
  const std::string mandate = pi.microdeposit_mandate();
  absl::optional<MandateCustomerAcceptance> acceptance;
  if (pi.has_microdeposit_acceptance()) acceptance = pi.microdeposit_acceptance();
  ForgetMicrodeposits(pi);
  if (PaymentMethodLifecycle::StateOf(*pm) == PaymentMethodState::kDetached) {
    // Detached while the customer was verifying: it may not be used again.
    return PaymentAttempt::Fail(
        world, pi, *GetStripeError(PaymentMethodLifecycle::NotReusable("payment_method")),
        T::kFail);
  }
  // UNCERTAIN: Radar's block and the weekly limit come when the debit is submitted, after the
  // verification (the answer is then that refusal's 400).
  return PaymentAttempt::DebitBank(world, pi, *pm, mandate,
                                   acceptance.has_value() ? &*acceptance : nullptr);
}

void PaymentIntentLifecycle::OnMicrodepositTimeout(World& world, absl::string_view pi_id) {
  const PaymentIntent* current = world.payment_intents().Find(pi_id);
  if (current == nullptr || !AwaitsMicrodeposits(*current)) {
    return;  // verified, failed, updated or canceled meanwhile
  }
  // A timer of an earlier confirmation: the current one has its own.
  if (!MicrodepositWindowOver(world, current->next_action())) return;
  PaymentAttempt::Fail(world, Mutable(world, *current), MicrodepositTimeoutError(), T::kFail)
      .IgnoreError();
}

bool PaymentIntentLifecycle::StartBankDebit(World& world, const PaymentIntent& current,
                                            const PaymentMethod& pm,
                                            const BankTestAccount& account,
                                            const std::string& mandate_id) {
  PaymentIntent& pi = Mutable(world, current);
  Charge draft = NewDebitCharge(world, pi, pm, account, mandate_id);
  pi.set_payment_method(pm.id_shared());
  pi.clear_last_payment_error();
  pi.clear_next_action();  // a card's 3D Secure challenge, if the customer switched
  pi.set_three_d_secure_authenticated(false);
  const bool refused = RefusedAtOnce(account);
  const DebitFailure failure = FailureOf(account);
  const Charge& charge =
      ChargeLifecycle::SubmitDebit(world, std::move(draft), refused ? &failure : nullptr);
  pi.set_latest_charge(charge.id_shared());
  if (refused) {
    *pi.mutable_last_payment_error() = DebitError(account, pi.payment_method());
    pi.clear_payment_method();
    Enter(world, pi, T::kRefuseDebit);
    return false;
  }
  Enter(world, pi, T::kSubmitDebit);
  return true;
}

void PaymentIntentLifecycle::OnDebitSettlement(World& world, absl::string_view pi_id) {
  const PaymentIntent* pi = world.payment_intents().Find(pi_id);
  if (pi == nullptr || StateOf(*pi) != S::kProcessing) return;
  SettleBankDebit(world, *pi);
}

bool PaymentIntentLifecycle::SettleBankDebit(World& world, const PaymentIntent& current) {
  PaymentIntent& pi = Mutable(world, current);
  const Charge* charge = world.charges().Find(pi.latest_charge());
  const PaymentMethod* pm = world.payment_methods().Find(pi.payment_method());
  const BankTestAccount* account = pm == nullptr ? nullptr : BankTestAccountOf(world, *pm);
  if (charge == nullptr || account == nullptr || StateOf(pi) != S::kProcessing) {
    return false;  // not a bank debit
  }
  // The mandate the debit was made under learns the outcome after the intent's own events.
  const PaymentMethodDetails& details = charge->payment_method_details();
  const std::string mandate = details.has_sepa_debit() ? details.sepa_debit().mandate()
                                                       : details.us_bank_account().mandate();
  // A Checkout payment from the account whose microdeposits fail (checkout_bank_payment.h)
  // fails as a returned debit does. UNCERTAIN: Stripe keeps such a payment waiting for
  // verification, without a charge, until the microdeposits fail; paysim runs it through the
  // debit and fails it when the debit would settle, with Stripe's code for the failure.
  if (account->outcome == BankDebitOutcome::kReturned ||
      account->outcome == BankDebitOutcome::kCannotVerify) {
    const DebitFailure failure = FailureOf(*account);
    ChargeLifecycle::ReturnDebit(world, *charge, failure);
    *pi.mutable_last_payment_error() = DebitError(*account, pi.payment_method());
    pi.clear_payment_method();
    Enter(world, pi, T::kDebitReturned);
    MandateLifecycle::OnDebitOutcome(world, mandate, failure.code);
    return false;
  }
  ChargeLifecycle::SettleDebit(world, *charge);
  pi.set_amount_received(pi.amount());
  // As for cards: a saved payment method is attached before the intent's success event.
  SaveForFutureUsage(world, pi, *pm);
  Enter(world, pi, T::kDebitSettles);
  MandateLifecycle::OnDebitOutcome(world, mandate, "");
  return true;
}

}  // namespace internal
}  // namespace paysim
