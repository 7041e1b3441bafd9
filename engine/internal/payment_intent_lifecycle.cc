// The PaymentIntent lifecycle: its table, creation, updates, capture and cancellation. The
// payment attempts (confirmation, 3D Secure, bank debits) are in payment_intent_attempts.cc.
#include "engine/internal/payment_intent_lifecycle.h"
#include "engine/internal/invoice_lifecycle.h"
#include "engine/internal/renewals.h"
#include "engine/internal/interned.h"

#include <utility>

#include "absl/algorithm/container.h"
#include "engine/api_version.h"
#include "engine/internal/charge_lifecycle.h"
#include "engine/internal/shared_values.h"

namespace paysim {
namespace internal {
namespace {

using Machine = PaymentIntentLifecycle::Machine;
using S = PaymentIntentState;
using T = PaymentIntentTrigger;

constexpr Machine::StateSet kBeforePayment =
    Machine::From({S::kRequiresPaymentMethod, S::kRequiresConfirmation, S::kRequiresAction});

constexpr Machine::Row kRows[] = {
    {Machine::kCreated, T::kCreate, S::kRequiresPaymentMethod, "payment_intent.created"},
    {Machine::kCreated, T::kCreateWithPaymentMethod, S::kRequiresConfirmation,
     "payment_intent.created"},
    {kBeforePayment, T::kNewPaymentMethod, S::kRequiresConfirmation, ""},
    {kBeforePayment, T::kRequireAction, S::kRequiresAction, "payment_intent.requires_action"},
    {kBeforePayment, T::kSucceed, S::kSucceeded, "payment_intent.succeeded"},
    {kBeforePayment, T::kHold, S::kRequiresCapture, "payment_intent.amount_capturable_updated"},
    {kBeforePayment, T::kFail, S::kRequiresPaymentMethod, "payment_intent.payment_failed"},
    {kBeforePayment, T::kSubmitDebit, S::kProcessing, "payment_intent.processing"},
    {kBeforePayment, T::kRefuseDebit, S::kRequiresPaymentMethod, "payment_intent.payment_failed"},
    {kBeforePayment, T::kSessionExpired, S::kCanceled, "payment_intent.canceled"},
    {Machine::From({S::kRequiresAction}), T::kAwaitConfirmation, S::kRequiresConfirmation, ""},
    {Machine::From({S::kProcessing}), T::kDebitSettles, S::kSucceeded, "payment_intent.succeeded"},
    {Machine::From({S::kProcessing}), T::kDebitReturned, S::kRequiresPaymentMethod,
     "payment_intent.payment_failed"},
    {Machine::From({S::kRequiresCapture}), T::kCapture, S::kSucceeded, "payment_intent.succeeded"},
    {Machine::From({S::kRequiresCapture}), T::kHoldExpires, S::kCanceled,
     "payment_intent.canceled"},
    // Stripe also cancels `processing` intents of some payment methods; a bank debit already
    // submitted cannot be canceled, and paysim's only processing intents are bank debits.
    {kBeforePayment | Machine::From({S::kRequiresCapture}), T::kCancel, S::kCanceled,
     "payment_intent.canceled"},
    {Machine::From({S::kRequiresAction}), T::kPartiallyFunded, S::kRequiresAction,
     "payment_intent.partially_funded"},
};
constexpr absl::string_view kStates[] = {
    "requires_payment_method", "requires_confirmation", "requires_action", "processing",
    "requires_capture",        "succeeded",             "canceled"};
constexpr absl::string_view kTriggers[] = {
    "create",
    "create with a payment_method",
    "a new payment_method (or a new amount while requires_action)",
    "confirm: the card asks for 3D Secure, or the ACH account awaits microdeposits",
    "confirm: authorized and captured",
    "confirm: authorized, held (capture_method manual)",
    "confirm declined (402), off-session authentication, error_on_requires_action, failed "
    "3D Secure, or microdeposits not verified (attempts exceeded, timeout)",
    "a bank debit is submitted (confirm, or its microdeposits verified)",
    "a bank debit is refused at once",
    "its Checkout Session expires",
    "3D Secure completed, confirmation_method manual",
    "the bank debit settles",
    "the bank returns the debit",
    "capture",
    "the hold expires (7 days)",
    "cancel",
    "a bank transfer pays part of what remains (customer_balance)",
};

}  // namespace

const Machine& PaymentIntentLifecycle::machine() {
  static constexpr Machine kMachine(
      kRows, {"payment_intent", "status", kStates, kStates, kTriggers});
  return kMachine;
}

PaymentIntentState PaymentIntentLifecycle::StateOf(const PaymentIntent& pi) {
  const std::string& status = pi.status();
  for (size_t s = 0; s < sizeof(kStates) / sizeof(kStates[0]); ++s) {
    if (status == kStates[s]) return static_cast<S>(s);
  }
  return S::kRequiresPaymentMethod;  // never expected: every intent has a status
}

PaymentIntent& PaymentIntentLifecycle::Mutable(World& world, const PaymentIntent& pi) {
  return *world.payment_intents().Mutable(Key(), pi.id());
}

void PaymentIntentLifecycle::Enter(World& world, PaymentIntent& pi, PaymentIntentTrigger trigger) {
  const Machine::Row* row = machine().Find(StateOf(pi), trigger);
  if (row == nullptr) return;  // not a move of this lifecycle: nothing changes
  pi.set_status(Interned(machine().Rendered(row->to)));
  ForEachEvent(row->events, [&](absl::string_view type) { world.Emit(type, pi); });
  // An invoice's intent that succeeds pays the invoice (after payment_intent.succeeded).
  if (row->to == S::kSucceeded && !pi.invoice_id().empty()) {
    InvoiceLifecycle::OnPaymentIntentSucceeded(world, pi);
  }
  // One whose bank debit was returned fails the invoice's attempt (after the intent's events).
  if (trigger == T::kDebitReturned && !pi.invoice_id().empty()) {
    const std::string invoice_id = pi.invoice_id();
    const std::string pi_id = pi.id();
    Renewals::OnDebitReturned(world, invoice_id, pi_id);
  }
  // One attached to an invoice pays part of it, or its payment is canceled.
  if (!pi.attached_invoice().empty() && row->to == S::kSucceeded) {
    InvoiceLifecycle::OnAttachedPaymentSucceeded(world, pi);
  } else if (!pi.attached_invoice().empty() && row->to == S::kCanceled) {
    InvoiceLifecycle::OnAttachedPaymentCanceled(world, pi);
  }
}

PaymentIntentLifecycle::Defaults::Defaults() {
  amount_details.mutable_tip();
  managed_payments.set_enabled(false);
  card_options.mutable_card()->set_request_three_d_secure(PAYSIM_INTERNED("automatic"));
}

const PaymentIntent& PaymentIntentLifecycle::Create(World& world, PaymentIntent pi) {
  const Machine::Row* row =
      machine().FindCreate(pi.has_payment_method() ? T::kCreateWithPaymentMethod : T::kCreate);
  pi.set_status(Interned(machine().Rendered(row->to)));
  // Most intents' parts below are the defaults: one rep each for all of them, given to an
  // intent that has none of its own (no rep built only to be compared); the others are built
  // and shared when alike.
  thread_local const Defaults defaults;
  if (!pi.has_amount_details()) {
    pi.set_amount_details(defaults.amount_details);
  } else {
    pi.mutable_amount_details()->mutable_tip();
  }
  if (!pi.has_managed_payments()) {
    pi.set_managed_payments(defaults.managed_payments);
  } else {
    pi.mutable_managed_payments()->set_enabled(false);
  }
  const bool card = absl::c_linear_search(pi.payment_method_types(), "card");
  if (!pi.has_payment_method_options()) {
    pi.set_payment_method_options(card ? defaults.card_options : defaults.no_options);
  } else if (card && pi.payment_method_options().card().request_three_d_secure().empty()) {
    pi.mutable_payment_method_options()->mutable_card()->set_request_three_d_secure(
        PAYSIM_INTERNED("automatic"));
  }
  thread_local SharedValues<PaymentIntentPaymentMethodOptions> method_options;
  method_options.Share(0, *pi.mutable_payment_method_options());
  thread_local SharedValues<obj::Repeated<std::string>> method_types;
  method_types.Share(0, *pi.mutable_payment_method_types());
  const PaymentIntent& stored = world.payment_intents().Insert(Key(), std::move(pi));
  if (stored.has_customer()) {
    world.customer_payment_intents(Key()).Enter(stored.customer(), world.payment_intents(),
                                                stored);
  }
  ForEachEvent(row->events, [&](absl::string_view type) { world.Emit(type, stored); });
  return stored;
}

const PaymentIntent& PaymentIntentLifecycle::Update(World& world, const PaymentIntent& current,
                                                    const PaymentIntent& updated,
                                                    bool needs_confirmation) {
  PaymentIntent& pi = Mutable(world, current);
  const std::string status = pi.status();
  OrdinalIndex& index = world.customer_payment_intents(Key());
  if (pi.has_customer()) index.Leave(pi.customer(), world.payment_intents(), pi);
  pi = updated;
  if (pi.has_customer()) index.Enter(pi.customer(), world.payment_intents(), pi);
  pi.set_status(status);
  // "It will be cleared if the PaymentIntent is later updated for any reason."
  pi.clear_last_payment_error();
  if (needs_confirmation) {
    pi.clear_next_action();
    ForgetMicrodeposits(pi);
    pi.set_three_d_secure_authenticated(false);
    Enter(world, pi, T::kNewPaymentMethod);
  }
  return pi;
}

void PaymentIntentLifecycle::Capture(World& world, const PaymentIntent& current, int64_t amount,
                                     const PaymentIntent& with_capture_fields) {
  PaymentIntent& pi = Mutable(world, current);
  const Charge* charge = world.charges().Find(pi.latest_charge());
  if (charge == nullptr || StateOf(pi) != S::kRequiresCapture) return;  // checked by the caller
  // metadata lives in the block every version shares: rewritten (so copied) only if it changed.
  if (pi.metadata() != with_capture_fields.metadata()) {
    *pi.mutable_metadata() = with_capture_fields.metadata();
  }
  ChargeLifecycle::CaptureDetails details;
  if (with_capture_fields.has_statement_descriptor_suffix()) {
    pi.set_statement_descriptor_suffix(with_capture_fields.statement_descriptor_suffix());
    details.statement_descriptor_suffix = &pi.statement_descriptor_suffix();
  }
  // The charge first (charge.captured), then the intent.
  ChargeLifecycle::Capture(world, *charge, amount, details);
  pi.set_amount_capturable(0);
  pi.set_amount_received(amount);
  Enter(world, pi, T::kCapture);
}

void PaymentIntentLifecycle::Cancel(World& world, const PaymentIntent& current,
                                    absl::string_view reason) {
  PaymentIntent& pi = Mutable(world, current);
  // An open hold is released first (a Refund before basil).
  if (StateOf(pi) == S::kRequiresCapture) {
    if (const Charge* charge = world.charges().Find(pi.latest_charge())) {
      // Refunds take duplicate / fraudulent / requested_by_customer; `abandoned` has none.
      ChargeLifecycle::CancelHold(world, *charge, reason == "abandoned" ? "" : reason);
    }
  }
  pi.set_canceled_at(world.created());
  if (!reason.empty()) pi.set_cancellation_reason(std::string(reason));
  pi.set_amount_capturable(0);
  pi.clear_next_action();
  ForgetMicrodeposits(pi);
  pi.set_three_d_secure_authenticated(false);
  Enter(world, pi, T::kCancel);
}

void PaymentIntentLifecycle::SetCustomer(World& world, const PaymentIntent& pi,
                                         const std::string& customer_id) {
  PaymentIntent& intent = Mutable(world, pi);
  OrdinalIndex& index = world.customer_payment_intents(Key());
  if (intent.has_customer()) index.Leave(intent.customer(), world.payment_intents(), intent);
  intent.set_customer(customer_id);
  index.Enter(customer_id, world.payment_intents(), intent);
}

void PaymentIntentLifecycle::AttachToInvoice(World& world, const PaymentIntent& pi,
                                             const std::string& invoice_id) {
  Mutable(world, pi).set_attached_invoice(invoice_id);
}

void PaymentIntentLifecycle::BelongsToInvoice(World& world, const PaymentIntent& pi,
                                              const std::string& invoice_id) {
  Mutable(world, pi).set_invoice_id(invoice_id);
}

void PaymentIntentLifecycle::OnSessionExpired(World& world, const PaymentIntent& current) {
  PaymentIntent& pi = Mutable(world, current);
  if (!machine().Allows(StateOf(pi), T::kSessionExpired)) return;
  // UNCERTAIN: the reason Stripe gives (it documents `automatic` for cancellations Stripe
  // makes itself) and the event order (the intent before the session).
  pi.set_canceled_at(world.created());
  pi.set_cancellation_reason(PAYSIM_INTERNED("automatic"));
  pi.clear_next_action();
  ForgetMicrodeposits(pi);
  pi.set_three_d_secure_authenticated(false);
  Enter(world, pi, T::kSessionExpired);
}

void PaymentIntentLifecycle::OnHoldExpired(World& world, const Charge& charge) {
  PaymentIntent* pi = world.payment_intents().Mutable(Key(), charge.payment_intent());
  if (pi == nullptr || StateOf(*pi) != S::kRequiresCapture || pi->latest_charge() != charge.id()) {
    return;
  }
  pi->set_canceled_at(world.created());
  pi->set_cancellation_reason(
      std::string(ExpiredAuthorizationCancellationReason(world.api_version())));
  pi->set_amount_capturable(0);
  Enter(world, *pi, T::kHoldExpires);
}

}  // namespace internal
}  // namespace paysim
