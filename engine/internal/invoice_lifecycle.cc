#include "engine/internal/invoice_lifecycle.h"

#include <string>
#include <utility>
#include <vector>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "engine/api_version.h"
#include "engine/internal/bank_debit_params.h"
#include "engine/internal/customer_balance_lifecycle.h"
#include "engine/internal/customer_lifecycle.h"
#include "engine/internal/intent_common.h"
#include "engine/internal/interned.h"
#include "engine/internal/invoice_customer_details.h"
#include "engine/internal/invoice_totals.h"
#include "engine/internal/invoice_item_lifecycle.h"
#include "engine/internal/invoice_payment_method.h"
#include "engine/internal/invoice_payment_records.h"
#include "engine/internal/payment_intent_lifecycle.h"
#include "engine/internal/subscription_lifecycle.h"
#include "engine/internal/subscription_pause_collection.h"

namespace paysim {
namespace internal {
namespace {

using Machine = InvoiceLifecycle::Machine;
using S = InvoiceState;
using T = InvoiceTrigger;

constexpr Machine::Row kRows[] = {
    {Machine::kCreated, T::kCreate, S::kDraft, "invoice.created"},
    {Machine::From({S::kDraft}), T::kFinalize, S::kOpen, "invoice.finalized"},
    {Machine::From({S::kOpen, S::kUncollectible}), T::kPay, S::kPaid,
     "invoice.paid, invoice.payment_succeeded"},
    // UNCERTAIN: the order of invoice.payment_failed and invoice.updated.
    {Machine::From({S::kOpen}), T::kPaymentFails, S::kOpen,
     "invoice.payment_failed, invoice.updated"},
    {Machine::From({S::kOpen, S::kUncollectible}), T::kVoid, S::kVoid, "invoice.voided"},
    {Machine::From({S::kOpen}), T::kMarkUncollectible, S::kUncollectible,
     "invoice.marked_uncollectible"},
    {Machine::kCreated, T::kCreateOneOff, S::kDraft, "invoice.created"},
    {Machine::From({S::kDraft}), T::kUpdate, S::kDraft, "invoice.updated"},
    {Machine::From({S::kOpen}), T::kUpdate, S::kOpen, "invoice.updated"},
    {Machine::From({S::kDraft}), T::kDelete, S::kDeleted, "invoice.deleted"},
    {Machine::From({S::kOpen}), T::kSend, S::kOpen, "invoice.sent"},
    {Machine::From({S::kOpen}), T::kCreditNote, S::kOpen, "invoice.updated"},
    {Machine::From({S::kPaid}), T::kCreditNote, S::kPaid, "invoice.updated"},
    {Machine::From({S::kOpen}), T::kAttachPayment, S::kOpen, ""},
    {Machine::From({S::kOpen}), T::kPartialPayment, S::kOpen, "invoice.updated"},
};
constexpr absl::string_view kStates[] = {"draft", "open", "paid", "void", "uncollectible",
                                         "deleted"};
constexpr absl::string_view kTriggers[] = {
    "a subscription bills a period",
    "finalize (at once for a first invoice, 1 hour later for a renewal)",
    "paid (its PaymentIntent succeeds, free, or out of band)",
    "a payment attempt fails",
    "void",
    "mark_uncollectible",
    "create (one-off, with pending items)",
    "update, or an item added, changed or removed",
    "delete (one-off)",
    "send (a draft is finalized first)",
    "a credit note issued or voided",
    "attach_payment",
    "an attached PaymentIntent pays part of it",
};

bool Legacy(const Invoice& invoice) { return invoice.legacy_shape(); }

// A `once` coupon's discount is spent by the first invoice it took an amount off: its owner
// (the subscription, else the customer) counts the finalized invoice (invoice_totals.h).
void CountOnceDiscount(World& world, const Invoice& invoice, const Subscription* subscription) {
  const std::string& id = invoice.discounts(0);
  if (subscription != nullptr && subscription->discount().id() == id) {
    if (subscription->discount().coupon().duration() == "once") {
      SubscriptionLifecycle::CountDiscountedInvoice(world, *subscription);
    }
    return;
  }
  const Customer* customer = world.customers().Find(invoice.customer());
  if (customer != nullptr && customer->discount().id() == id &&
      customer->discount().coupon().duration() == "once") {
    CustomerLifecycle::CountDiscountedInvoice(world, *customer);
  }
}

// Moves the customer's balance by `delta` for `invoice` (its owner announces it:
// customer.updated) and records it as a `type` transaction (customer_balance_lifecycle.h).
void MoveCustomerBalance(World& world, const Invoice& invoice, int64_t delta,
                         absl::string_view type) {
  const Customer* customer = world.customers().Find(invoice.customer());
  if (customer == nullptr || delta == 0) return;
  BalanceMove move;
  move.amount = delta;
  move.type = type;
  // A balance in another currency than the invoice's stays in its own (the transaction too).
  move.currency = customer->has_currency() ? customer->currency() : invoice.currency();
  move.invoice = invoice.id();
  CustomerBalanceLifecycle::Move(world, *customer, std::move(move));
}

// Finalization applies the customer's balance (Stripe's "customer credit balance"): a credit
// lowers amount_due (never under 0) and what is left of it stays the customer's, as does the
// credit of an invoice whose total is negative; an amount owed is added. starting_balance and
// ending_balance record it; the customer's balance becomes ending_balance.
void ApplyCustomerBalance(World& world, Invoice& invoice) {
  const Customer* customer = world.customers().Find(invoice.customer());
  const int64_t balance = customer != nullptr ? customer->balance() : 0;
  const int64_t sum = invoice.total() + balance;
  invoice.set_starting_balance(balance);
  invoice.set_ending_balance(sum < 0 ? sum : 0);
  invoice.set_amount_due(sum > 0 ? sum : 0);
  invoice.set_amount_remaining(invoice.amount_due() - invoice.amount_paid());
  // UNCERTAIN: the credit of a negative total is recorded as applied_to_invoice too.
  MoveCustomerBalance(world, invoice, invoice.ending_balance() - balance, "applied_to_invoice");
}

}  // namespace

const Machine& InvoiceLifecycle::machine() {
  static constexpr Machine kMachine(kRows, {"invoice", "status", kStates, kStates, kTriggers});
  return kMachine;
}

InvoiceState InvoiceLifecycle::StateOf(const Invoice& invoice) {
  for (size_t s = 0; s < sizeof(kStates) / sizeof(kStates[0]); ++s) {
    if (invoice.status() == kStates[s]) return static_cast<S>(s);
  }
  return S::kVoid;
}

std::string InvoiceLifecycle::NewId(World& world) { return world.ids().NewId("in_"); }

void InvoiceLifecycle::Enter(World& world, Invoice& invoice, T trigger, const Invoice& before) {
  const Machine::Row* row = machine().Find(StateOf(before), trigger);
  if (row == nullptr) return;
  invoice.set_status(Interned(machine().Rendered(row->to)));
  ForEachEvent(row->events, [&](absl::string_view type) {
    // Only invoice.updated carries previous_attributes.
    if (type == "invoice.updated") {
      world.EmitChange(type, invoice, before);
    } else {
      world.Emit(type, invoice);
    }
  });
}

const Invoice& InvoiceLifecycle::CreateDraft(World& world, const Subscription& subscription,
                                             absl::string_view billing_reason,
                                             const std::string& id, bool bill_period,
                                             int64_t usage_end) {
  std::vector<const InvoiceItem*> pending;
  Invoice invoice = BuildDraft(world, subscription, billing_reason, id, bill_period,
                               world.created(), &pending, /*unstored=*/nullptr, usage_end);
  // An unpaid subscription's invoices stay drafts (Stripe: they "remain in draft state");
  // turning auto_advance on before the finalization timer fires lets it finalize them.
  if (SubscriptionLifecycle::StateOf(subscription) == SubscriptionState::kUnpaid) {
    invoice.set_auto_advance(false);
  }
  // So do a renewal's while collection is paused with keep_as_draft (no attempt planned).
  if (billing_reason == "subscription_cycle" &&
      PausedCollectionBehavior(subscription, world.created()) == "keep_as_draft") {
    invoice.set_auto_advance(false);
    invoice.clear_next_payment_attempt();
  }
  if (billing_reason == "subscription_cycle") {
    const absl::Time finalize_at = world.now() + kInvoiceFinalizationDelay;
    world.timers().Schedule(finalize_at, TimerKind::kInvoiceFinalization, id);
    if (invoice.auto_advance()) {
      invoice.set_automatically_finalizes_at(absl::ToUnixSeconds(finalize_at));
    }
  }
  const Machine::Row* row = machine().FindCreate(T::kCreate);
  for (const InvoiceItem* item : pending) InvoiceItemLifecycle::Take(world, *item, id);
  const Invoice& stored = Insert(world, std::move(invoice));
  ForEachEvent(row->events, [&](absl::string_view type) { world.Emit(type, stored); });
  return stored;
}

void InvoiceLifecycle::StampFinalized(World& world, Invoice& invoice) {
  const int64_t now = world.created();
  invoice.set_effective_at(now);
  invoice.mutable_status_transitions()->set_finalized_at(now);
  if (!invoice.has_number()) {
    invoice.set_number(CustomerLifecycle::TakeInvoiceNumber(world, invoice.customer()));
  }
  CopyCustomerDetails(world, invoice);  // frozen from now on
  SetFinalizedUrls(invoice);
  invoice.clear_automatically_finalizes_at();
}

const Invoice& InvoiceLifecycle::Finalize(World& world, const Invoice& current,
                                          bool auto_advance) {
  Invoice& invoice = *world.invoices().Mutable(Key(), current.id());
  const Invoice before = invoice;
  const int64_t now = world.created();
  invoice.set_auto_advance(auto_advance);
  const Subscription* subscription = world.subscriptions().Find(invoice.subscription_id());
  if (invoice.billing_reason() == "subscription_cycle" && subscription != nullptr) {
    RefreshUsage(world, invoice, *subscription);
  }
  StampFinalized(world, invoice);
  const bool one_off = invoice.subscription_id().empty();
  if (invoice.collection_method() == "send_invoice" && subscription != nullptr) {
    invoice.set_due_date(now + subscription->days_until_due() * 86400);
    if (invoice.amount_due() > 0) {  // unpaid at its due date, the subscription is past_due
      world.timers().Schedule(absl::FromUnixSeconds(invoice.due_date()), TimerKind::kInvoiceDue,
                              invoice.id());
    }
  }
  if (!invoice.discounts().empty()) CountOnceDiscount(world, invoice, subscription);
  ApplyCustomerBalance(world, invoice);
  if (invoice.collection_method() == "send_invoice" && one_off && !invoice.has_due_date()) {
    invoice.set_due_date(now + invoice.days_until_due() * 86400);
  }
  if (invoice.has_due_date() && invoice.amount_due() > 0) ScheduleDueTimers(world, invoice);
  if (invoice.collection_method() == "charge_automatically" && invoice.amount_due() > 0) {
    PaymentIntent pi;
    pi.set_id(world.ids().NewId("pi_"));
    pi.set_object(PAYSIM_INTERNED("payment_intent"));
    pi.set_amount(invoice.amount_due());
    pi.set_amount_capturable(0);
    pi.set_amount_received(0);
    pi.set_capture_method(PAYSIM_INTERNED("automatic"));
    pi.set_client_secret(NewClientSecret(world, pi.id()));
    pi.set_confirmation_method(PAYSIM_INTERNED("automatic"));
    pi.set_created(now);
    pi.set_currency(invoice.currency_shared());
    pi.set_customer(invoice.customer_shared());
    // UNCERTAIN: a one-off invoice's PaymentIntent description.
    pi.set_description(one_off ? PAYSIM_INTERNED("Payment for Invoice")
                       : invoice.billing_reason() == "subscription_create"
                           ? PAYSIM_INTERNED("Subscription creation")
                           : PAYSIM_INTERNED("Subscription update"));
    pi.set_livemode(false);
    for (const std::string& type : PaymentMethodTypesFor(world, invoice)) {
      pi.add_payment_method_types(type);
    }
    PassCardOptions(invoice, pi);
    // The first payment saves the card for the renewals (Stripe's subscription intents do).
    if (invoice.billing_reason() == "subscription_create") {
      pi.set_setup_future_usage(PAYSIM_INTERNED("off_session"));
    }
    pi.set_invoice_id(invoice.id_shared());
    invoice.set_payment_intent_id(pi.id_shared());
    if (Legacy(invoice)) invoice.set_payment_intent(pi.id_shared());
    const obj::SharedString pi_id = pi.id_shared();
    PaymentIntentLifecycle::Create(world, std::move(pi));
    IndexPayment(world, invoice, OpenDefaultPayment(world, invoice, pi_id).id());
  }
  if (one_off && auto_advance && invoice.collection_method() == "charge_automatically" &&
      invoice.amount_due() > 0) {
    // Stripe attempts an auto-advancing invoice's payment about an hour after finalization.
    const absl::Time attempt_at = world.now() + kInvoiceFinalizationDelay;
    invoice.set_next_payment_attempt(absl::ToUnixSeconds(attempt_at));
    world.timers().Schedule(attempt_at, TimerKind::kInvoicePaymentRetry, invoice.id());
  }
  Enter(world, invoice, T::kFinalize, before);
  if (invoice.amount_due() == 0) {
    Paid(world, invoice);
    SubscriptionLifecycle::OnInvoicePaid(world, invoice);
  }
  return invoice;
}

absl::Status InvoiceLifecycle::AttemptPayment(World& world, const Invoice& current,
                                              const std::string& payment_method,
                                              bool off_session, int64_t next_attempt) {
  const PaymentIntent* pi = world.payment_intents().Find(current.payment_intent_id());
  absl::Status result = absl::OkStatus();
  bool authentication_required = false;
  if (pi == nullptr) return absl::InternalError("invoice without its PaymentIntent");
  if (pi->status() == "processing") {
    // A bank debit on its way: nothing is attempted until it settles or is returned.
    // UNCERTAIN: Stripe's wording.
    return InvalidRequestError(
        "", "", absl::StrCat("Invoice ", current.id(),
                             " has a payment processing: it can be paid again only if that "
                             "payment fails."));
  }
  if (payment_method.empty()) {
    // UNCERTAIN: Stripe's wording when an invoice has no payment method to charge.
    result = InvalidRequestError(
        "", "",
        "This customer has no attached payment source or default payment method.");
  } else if (const std::vector<std::string> allowed =
                 PaymentMethodTypesFor(world, current, payment_method);
             // Only types the invoice was given can refuse one (the automatic choice takes it).
             !PaymentMethodAllowed(world, allowed, payment_method)) {
    result = CheckTypeAllowed(allowed, PaymentMethodTypeOf(world, payment_method),
                              "payment_method", "PaymentIntent");
  } else {
    FollowPaymentMethodTypes(world, current, allowed);
    pi = world.payment_intents().Find(current.payment_intent_id());
    PaymentIntentLifecycle::Confirmation confirmation;
    confirmation.payment_method.Set(payment_method);
    confirmation.off_session = off_session;
    result = PaymentIntentLifecycle::Confirm(world, *pi, confirmation);
    pi = world.payment_intents().Find(current.payment_intent_id());
    if (pi->status() == "succeeded") return absl::OkStatus();  // paid by OnPaymentIntentSucceeded
    if (result.ok()) {
      // Waiting for the customer (3D Secure on-session, or a bank debit): not a failure yet.
      if (pi->status() == "requires_action") {
        world.Emit("invoice.payment_action_required", *world.invoices().Find(current.id()));
      }
      return result;
    }
    authentication_required = pi->last_payment_error().code() == "authentication_required";
  }
  RecordFailedAttempt(world, current, next_attempt, authentication_required);
  return result;
}

void InvoiceLifecycle::RecordFailedAttempt(World& world, const Invoice& current,
                                           int64_t next_attempt, bool authentication_required) {
  Invoice& invoice = *world.invoices().Mutable(Key(), current.id());
  const Invoice before = invoice;
  invoice.set_attempt_count(invoice.attempt_count() + 1);
  invoice.set_attempted(true);
  if (invoice.first_attempt_at() == 0) invoice.set_first_attempt_at(world.created());
  if (next_attempt > 0) {
    invoice.set_next_payment_attempt(next_attempt);
  } else {
    invoice.clear_next_payment_attempt();
  }
  Enter(world, invoice, T::kPaymentFails, before);
  // An off-session attempt the card refused for want of authentication: the customer must
  // come back on-session. UNCERTAIN: Stripe announces it as well as the failure.
  if (authentication_required) {
    world.Emit("invoice.payment_action_required", invoice);
  }
}

void InvoiceLifecycle::Paid(World& world, Invoice& invoice) {
  const Invoice before = invoice;
  // From basil on what is paid outside Stripe shows as amount_paid_off_stripe.
  if (invoice.paid_out_of_band() && !Legacy(invoice)) {
    invoice.set_amount_paid_off_stripe(invoice.amount_due() - invoice.amount_paid());
  }
  invoice.set_amount_paid(invoice.amount_due());
  invoice.set_amount_remaining(0);
  invoice.set_attempted(true);
  if (invoice.amount_due() > 0 && invoice.collection_method() == "charge_automatically") {
    invoice.set_attempt_count(invoice.attempt_count() + 1);
  }
  invoice.clear_next_payment_attempt();
  invoice.mutable_status_transitions()->set_paid_at(world.created());
  if (Legacy(invoice)) invoice.set_paid(true);
  // The charge that paid it (rendered before basil), and its invoice payment.
  const PaymentIntent* pi = world.payment_intents().Find(invoice.payment_intent_id());
  const bool by_intent = pi != nullptr && pi->status() == "succeeded";
  if (by_intent && pi->has_latest_charge()) invoice.set_charge(pi->latest_charge_shared());
  const std::string paid_payment = CloseDefaultPayment(world, invoice, by_intent);
  Enter(world, invoice, T::kPay, before);
  // UNCERTAIN: Stripe does not document the order; paysim announces the payment after the
  // invoice's own events.
  for (const InvoicePayment& payment : invoice.payments().data()) {
    if (payment.id() == paid_payment) world.Emit("invoice_payment.paid", payment);
  }
}

const Invoice& InvoiceLifecycle::MarkPaid(World& world, const Invoice& current,
                                          bool out_of_band) {
  Invoice& invoice = *world.invoices().Mutable(Key(), current.id());
  invoice.set_paid_out_of_band(out_of_band);
  Paid(world, invoice);
  SubscriptionLifecycle::OnInvoicePaid(world, invoice);
  return invoice;
}

void InvoiceLifecycle::OnPaymentIntentSucceeded(World& world, const PaymentIntent& pi) {
  Invoice* invoice = world.invoices().Mutable(Key(), pi.invoice_id());
  if (invoice == nullptr || !machine().Allows(StateOf(*invoice), T::kPay)) return;
  if (invoice->first_attempt_at() == 0) invoice->set_first_attempt_at(world.created());
  Paid(world, *invoice);
  SubscriptionLifecycle::OnInvoicePaid(world, *invoice);
}

const Invoice& InvoiceLifecycle::Void(World& world, const Invoice& current) {
  Invoice& invoice = *world.invoices().Mutable(Key(), current.id());
  const Invoice before = invoice;
  if (const PaymentIntent* pi = world.payment_intents().Find(invoice.payment_intent_id())) {
    if (PaymentIntentLifecycle::machine().Allows(PaymentIntentLifecycle::StateOf(*pi),
                                                 PaymentIntentTrigger::kCancel)) {
      PaymentIntentLifecycle::Cancel(world, *pi, "void_invoice");
    }
  }
  invoice.set_auto_advance(false);
  invoice.clear_next_payment_attempt();
  invoice.mutable_status_transitions()->set_voided_at(world.created());
  CloseDefaultPayment(world, invoice, /*by_payment_intent=*/false);
  // The balance it applied goes back to the customer (its credit, or the amount owed).
  if (invoice.has_ending_balance()) {
    MoveCustomerBalance(world, invoice, invoice.starting_balance() - invoice.ending_balance(),
                        "unapplied_from_invoice");
  }
  Enter(world, invoice, T::kVoid, before);
  SubscriptionLifecycle::OnInvoiceVoided(world, invoice);
  return invoice;
}

const Invoice& InvoiceLifecycle::CloseUncollected(World& world, const Invoice& current,
                                                   bool void_it) {
  Invoice& invoice = *world.invoices().Mutable(Key(), current.id());
  const Invoice before = invoice;
  invoice.set_auto_advance(false);
  invoice.clear_next_payment_attempt();
  StampFinalized(world, invoice);
  // Stripe: such invoices "won't use the customer credit balance".
  invoice.set_starting_balance(0);
  invoice.set_ending_balance(0);
  invoice.set_amount_due(invoice.total() > 0 ? invoice.total() : 0);
  invoice.set_amount_remaining(invoice.amount_due() - invoice.amount_paid());
  Enter(world, invoice, T::kFinalize, before);
  return void_it ? Void(world, invoice) : MarkUncollectible(world, invoice);
}

const Invoice& InvoiceLifecycle::MarkUncollectible(World& world, const Invoice& current) {
  Invoice& invoice = *world.invoices().Mutable(Key(), current.id());
  const Invoice before = invoice;
  invoice.set_auto_advance(false);
  invoice.clear_next_payment_attempt();
  invoice.mutable_status_transitions()->set_marked_uncollectible_at(world.created());
  Enter(world, invoice, T::kMarkUncollectible, before);
  return invoice;
}

const Invoice& InvoiceLifecycle::ApplyPrePaymentCredit(World& world, const Invoice& current,
                                                       int64_t amount) {
  Invoice& invoice = *world.invoices().Mutable(Key(), current.id());
  const Invoice before = invoice;
  invoice.set_amount_due(invoice.amount_due() - amount);
  invoice.set_amount_remaining(invoice.amount_remaining() - amount);
  invoice.set_pre_payment_credit_notes_amount(invoice.pre_payment_credit_notes_amount() + amount);
  SyncDefaultPayment(invoice);
  Enter(world, invoice, T::kCreditNote, before);
  FollowRemaining(world, invoice);
  return invoice;
}

void InvoiceLifecycle::FollowRemaining(World& world, Invoice& invoice) {
  const PaymentIntent* pi = world.payment_intents().Find(invoice.payment_intent_id());
  const PaymentIntentState pi_state =
      pi == nullptr ? PaymentIntentState::kCanceled : PaymentIntentLifecycle::StateOf(*pi);
  const bool awaiting = pi_state == PaymentIntentState::kRequiresPaymentMethod ||
                        pi_state == PaymentIntentState::kRequiresConfirmation;
  if (invoice.amount_remaining() == 0) {
    // UNCERTAIN: Stripe marks an open invoice with nothing left to pay (credited, or paid by
    // attached payments) paid; what becomes of its PaymentIntent is not documented. paysim
    // cancels it (reason automatic) so it cannot be charged afterwards.
    if (pi != nullptr && PaymentIntentLifecycle::machine().Allows(
                             pi_state, PaymentIntentTrigger::kCancel)) {
      PaymentIntentLifecycle::Cancel(world, *pi, "automatic");
    }
    Paid(world, invoice);
    SubscriptionLifecycle::OnInvoicePaid(world, invoice);
  } else if (pi != nullptr && awaiting) {
    PaymentIntent updated = *pi;
    updated.set_amount(invoice.amount_remaining());
    PaymentIntentLifecycle::Update(world, *pi, updated, /*needs_confirmation=*/false);
  }
}

const Invoice& InvoiceLifecycle::ApplyPostPaymentCredit(World& world, const Invoice& current,
                                                        int64_t amount) {
  Invoice& invoice = *world.invoices().Mutable(Key(), current.id());
  const Invoice before = invoice;
  invoice.set_post_payment_credit_notes_amount(invoice.post_payment_credit_notes_amount() +
                                               amount);
  Enter(world, invoice, T::kCreditNote, before);
  return invoice;
}

void InvoiceLifecycle::StopCollecting(World& world, absl::string_view subscription_id) {
  const Subscription* subscription = world.subscriptions().Find(subscription_id);
  if (subscription == nullptr) return;
  // Only its latest invoice can still be collected (earlier ones were paid, voided or
  // stopped when it became the latest's turn).
  Invoice* invoice = world.invoices().Mutable(Key(), subscription->latest_invoice());
  if (invoice == nullptr) return;
  const S state = StateOf(*invoice);
  if (state != S::kDraft && state != S::kOpen) return;
  if (!invoice->auto_advance() && !invoice->has_next_payment_attempt()) return;
  const Invoice before = *invoice;
  invoice->set_auto_advance(false);
  invoice->clear_next_payment_attempt();
  Enter(world, *invoice, T::kUpdate, before);  // invoice.updated
}

}  // namespace internal
}  // namespace paysim
