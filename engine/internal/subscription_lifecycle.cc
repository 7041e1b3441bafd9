#include "engine/internal/subscription_lifecycle.h"

#include <string>
#include <utility>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "engine/api_version.h"
#include "engine/checkout_sessions.h"
#include "engine/internal/billing_cycle_anchor.h"
#include "engine/internal/checkout_billing_cycle_anchor.h"
#include "engine/internal/checkout_subscription_trial.h"
#include "engine/internal/customer_discounts.h"
#include "engine/internal/interned.h"
#include "engine/internal/meter_usage.h"
#include "engine/internal/invoice_lifecycle.h"
#include "engine/internal/subscription_cancellation.h"
#include "engine/internal/subscription_default_settings.h"
#include "engine/internal/subscription_pause_collection.h"
#include "engine/internal/subscription_schedule_lifecycle.h"
#include "engine/subscriptions.h"

namespace paysim {
namespace internal {
namespace {

using Machine = SubscriptionLifecycle::Machine;
using S = SubscriptionState;
using T = SubscriptionTrigger;

constexpr Machine::StateSet kLive = Machine::From({S::kIncomplete, S::kTrialing, S::kActive,
                                                   S::kPastDue, S::kPaused, S::kUnpaid});
constexpr char kUpdated[] = "customer.subscription.updated";
constexpr char kDeleted[] = "customer.subscription.deleted";

constexpr Machine::Row kRows[] = {
    {Machine::kCreated, T::kCreateIncomplete, S::kIncomplete, "customer.subscription.created"},
    {Machine::kCreated, T::kCreateTrialing, S::kTrialing, "customer.subscription.created"},
    {Machine::kCreated, T::kCreateActive, S::kActive, "customer.subscription.created"},
    {Machine::From({S::kIncomplete}), T::kFirstInvoicePaid, S::kActive, kUpdated},
    {Machine::From({S::kIncomplete}), T::kIncompleteExpires, S::kIncompleteExpired, kUpdated},
    {Machine::From({S::kTrialing}), T::kTrialEnds, S::kActive, kUpdated},
    {Machine::From({S::kActive}), T::kRenew, S::kActive, kUpdated},
    {Machine::From({S::kPastDue}), T::kRenew, S::kPastDue, kUpdated},
    {Machine::From({S::kUnpaid}), T::kRenew, S::kUnpaid, kUpdated},
    {Machine::From({S::kActive}), T::kRenewalPaymentFails, S::kPastDue, kUpdated},
    {Machine::From({S::kPastDue, S::kUnpaid}), T::kInvoicePaid, S::kActive, kUpdated},
    {Machine::From({S::kPastDue}), T::kRetriesExhausted, S::kCanceled, kDeleted},
    {kLive, T::kPeriodEndCancel, S::kCanceled, kDeleted},
    {kLive, T::kCancel, S::kCanceled, kDeleted},
    {kLive, T::kPaymentDisputed, S::kCanceled, kDeleted},
    {Machine::From({S::kIncomplete}), T::kUpdate, S::kIncomplete, kUpdated},
    {Machine::From({S::kTrialing}), T::kUpdate, S::kTrialing, kUpdated},
    {Machine::From({S::kActive}), T::kUpdate, S::kActive, kUpdated},
    {Machine::From({S::kPastDue}), T::kUpdate, S::kPastDue, kUpdated},
    {Machine::From({S::kPaused}), T::kUpdate, S::kPaused, kUpdated},
    {Machine::From({S::kUnpaid}), T::kUpdate, S::kUnpaid, kUpdated},
    {Machine::From({S::kTrialing}), T::kTrialEndsPaused, S::kPaused,
     "customer.subscription.updated, customer.subscription.paused"},
    {Machine::From({S::kTrialing}), T::kTrialEndsCanceled, S::kCanceled, kDeleted},
    {Machine::From({S::kPaused}), T::kResume, S::kActive,
     "customer.subscription.updated, customer.subscription.resumed"},
    {Machine::From({S::kActive}), T::kInvoiceOverdue, S::kPastDue, kUpdated},
    {Machine::From({S::kPastDue}), T::kMarkUnpaid, S::kUnpaid, kUpdated},
    {Machine::From({S::kActive}), T::kUpdateAwaitsPayment, S::kPastDue, kUpdated},
};
constexpr absl::string_view kStates[] = {"incomplete", "incomplete_expired", "trialing", "active",
                                         "past_due",   "paused",             "canceled",
                                         "unpaid"};
constexpr absl::string_view kTriggers[] = {
    "created; its first invoice is not paid yet",
    "created with a trial",
    "created with nothing to collect now (send_invoice, a free first invoice, Checkout)",
    "its first invoice is paid",
    "23 hours pass with the first invoice unpaid (the invoice is voided)",
    "the trial ends: the first paid period starts",
    "the period ends: the next one starts, with its invoice",
    "a renewal payment fails",
    "its latest invoice is paid",
    "the last payment retry fails, or a send_invoice invoice is past due for the engine's "
    "send_invoice_overdue_days; the settings say cancel",
    "the period ends with cancel_at_period_end, or cancel_at comes",
    "cancel",
    "updated (metadata, description, default_payment_method, cancel_at_period_end, trial_end, "
    "trial_settings)",
    "the trial ends with no payment method; trial_settings says pause",
    "the trial ends with no payment method; trial_settings says cancel",
    "resume: a new period starts now, with its invoice",
    "its latest invoice (send_invoice) reaches its due date unpaid",
    "the last payment retry fails, or a send_invoice invoice is past due for the engine's "
    "send_invoice_overdue_days; the settings say mark unpaid",
    "an update bills now with payment_behavior=default_incomplete: its invoice awaits the "
    "customer",
    "a charge that paid one of its invoices is disputed; the engine's "
    "cancel_subscription_on_dispute is set",
};

}  // namespace

const Machine& SubscriptionLifecycle::machine() {
  static constexpr Machine kMachine(kRows,
                                    {"subscription", "status", kStates, kStates, kTriggers});
  return kMachine;
}

SubscriptionState SubscriptionLifecycle::StateOf(const Subscription& subscription) {
  for (size_t s = 0; s < sizeof(kStates) / sizeof(kStates[0]); ++s) {
    if (subscription.status() == kStates[s]) return static_cast<S>(s);
  }
  return S::kCanceled;
}

void SubscriptionLifecycle::Enter(World& world, Subscription& subscription, T trigger,
                                  const Subscription& before) {
  const Machine::Row* row = machine().Find(StateOf(before), trigger);
  if (row == nullptr) return;
  subscription.set_status(Interned(machine().Rendered(row->to)));
  if (row->to == S::kCanceled) {
    StampCanceled(world, subscription, trigger);
    subscription.set_ended_at(world.created());
  }
  if (row->to == S::kIncompleteExpired) subscription.set_ended_at(world.created());
  ForEachEvent(row->events, [&](absl::string_view type) {
    // Only customer.subscription.updated carries previous_attributes.
    if (type == kUpdated) {
      world.EmitChange(type, subscription, before);
    } else {
      world.Emit(type, subscription);
    }
  });
  // Canceled outside its schedule (the schedule itself ends first when it cancels).
  if (row->to == S::kCanceled && subscription.has_schedule()) {
    SubscriptionScheduleLifecycle::OnSubscriptionCanceled(world, subscription.schedule());
  }
}

const Subscription& SubscriptionLifecycle::Create(World& world, Subscription draft, T trigger,
                                                  const std::string& latest_invoice) {
  draft.set_id(world.ids().NewId("sub_"));
  for (int i = 0; i < draft.items().data_size(); ++i) {
    draft.mutable_items()->mutable_data(i)->set_id(
        absl::StrCat("si_", world.ids().RandomString(14)));
  }
  if (!latest_invoice.empty()) draft.set_latest_invoice(latest_invoice);
  const Machine::Row* row = Shape(world, draft, trigger);
  const Subscription& stored = world.subscriptions().Insert(Key(), std::move(draft));
  world.customer_subscriptions(Key()).Enter(stored.customer(), world.subscriptions(), stored);
  SchedulePeriodEnd(world, stored);
  ScheduleCancelAt(world, stored);
  if (row->to == S::kIncomplete) {
    world.timers().Schedule(world.now() + kSubscriptionIncompleteWindow,
                            TimerKind::kSubscriptionIncompleteExpiry, stored.id());
  }
  ForEachEvent(row->events, [&](absl::string_view type) { world.Emit(type, stored); });
  EmitDiscountChange(world, nullptr, stored.has_discount() ? &stored.discount() : nullptr);
  if (row->to == S::kTrialing) ScheduleTrialWillEnd(world, stored);
  return stored;
}

Subscription SubscriptionLifecycle::Prospective(World& world, Subscription draft,
                                                T trigger) {
  Shape(world, draft, trigger);
  return draft;
}

const SubscriptionLifecycle::Machine::Row* SubscriptionLifecycle::Shape(World& world,
                                                                        Subscription& draft,
                                                                        T trigger) {
  const int64_t now = world.created();
  draft.set_object(PAYSIM_INTERNED("subscription"));
  draft.set_created(now);
  draft.set_start_date(now);
  draft.set_livemode(false);
  draft.mutable_automatic_tax();  // rendered even when disabled
  const Customer* customer = world.customers().Find(draft.customer());
  if (customer != nullptr && customer->has_test_clock()) {
    draft.set_test_clock(customer->test_clock_shared());  // it lives on its customer's clock
  }
  if (draft.has_trial_end() && draft.billing_cycle_anchor() <= draft.trial_end()) {
    draft.set_billing_cycle_anchor(draft.trial_end());  // else a stub follows the trial
  } else if (draft.billing_cycle_anchor() <= now) {
    draft.set_billing_cycle_anchor(now);  // else a future anchor (billing_cycle_anchor.h)
  }
  if (draft.has_trial_end()) draft.set_trial_start(now);
  SubscriptionItemList* items = draft.mutable_items();
  items->set_object(PAYSIM_INTERNED("list"));
  items->set_has_more(false);
  items->set_url(absl::StrCat("/v1/subscription_items?subscription=", draft.id()));
  for (int i = 0; i < items->data_size(); ++i) {
    SubscriptionItem* item = items->mutable_data(i);
    item->set_object(PAYSIM_INTERNED("subscription_item"));
    item->set_created(now);
    item->set_subscription(draft.id_shared());
  }
  // A Checkout stub priced at the payment starts then (checkout_billing_cycle_anchor.h).
  SetPeriod(world, draft, draft.stub_start() > 0 ? draft.stub_start() : now);
  if (draft.has_discount()) {
    draft.mutable_discount()->set_subscription(draft.id_shared());
    draft.add_discounts(draft.discount().id());
  }
  if (draft.cancel_at_period_end()) draft.set_cancel_at(draft.period_end());
  draft.mutable_cancellation_details();  // rendered, its fields null, before any cancellation
  StampDefaultSettings(draft);
  StampScheduledCancellation(world, draft);
  SubscriptionTrialEndBehavior* end_behavior =
      draft.mutable_trial_settings()->mutable_end_behavior();
  if (end_behavior->missing_payment_method().empty()) {
    end_behavior->set_missing_payment_method(PAYSIM_INTERNED("create_invoice"));
  }
  const Machine::Row* row = machine().FindCreate(trigger);
  draft.set_status(Interned(machine().Rendered(row->to)));
  return row;
}

const Subscription& SubscriptionLifecycle::Resume(World& world, const Subscription& current,
                                                  const std::string& invoice_id,
                                                  bool keep_anchor) {
  Subscription& subscription = *world.subscriptions().Mutable(Key(), current.id());
  const Subscription before = subscription;
  if (keep_anchor && world.created() < subscription.billing_cycle_anchor()) {
    // billing_cycle_anchor=unchanged before a future anchor (a trial then a stub, paused at
    // the trial's end): the stub from now to the anchor.
    subscription.set_periods_billed(0);
    SetPeriod(world, subscription, world.created());
  } else if (keep_anchor) {
    // billing_cycle_anchor=unchanged: the period of the cycle that contains now.
    const CyclePeriod period = SurroundingPeriod(subscription, world.created());
    subscription.set_periods_billed(period.number - 1);
    SetPeriod(world, subscription, period.start);
  } else {
    // billing_cycle_anchor=now: the periods count again from now.
    subscription.set_billing_cycle_anchor(world.created());
    subscription.clear_billing_cycle_anchor_config();
    subscription.set_periods_billed(0);
    SetPeriod(world, subscription, world.created());
  }
  if (!invoice_id.empty()) subscription.set_latest_invoice(invoice_id);
  SchedulePeriodEnd(world, subscription);
  Enter(world, subscription, T::kResume, before);
  return subscription;
}

const Subscription& SubscriptionLifecycle::StartFromCheckout(World& world,
                                                             const CheckoutSession& session,
                                                             const std::string& payment_method,
                                                             const std::string& first_invoice) {
  Subscription subscription;
  subscription.set_cancel_at_period_end(false);
  subscription.set_collection_method(PAYSIM_INTERNED("charge_automatically"));
  subscription.set_currency(session.currency_shared());
  subscription.set_customer(session.customer_shared());
  if (!payment_method.empty()) subscription.set_default_payment_method(payment_method);
  if (session.subscription_data().has_description()) {
    subscription.set_description(session.subscription_data().description());
  }
  *subscription.mutable_metadata() = session.subscription_data().metadata();
  *subscription.mutable_default_tax_rates() = session.subscription_data().default_tax_rates();
  subscription.set_payment_behavior(PAYSIM_INTERNED("allow_incomplete"));
  if (session.automatic_tax().enabled()) {
    // Its items carry the rates of the place the session taxed (not the customer's).
    subscription.mutable_automatic_tax()->set_enabled(true);
    subscription.mutable_automatic_tax()->mutable_liability()->set_type(PAYSIM_INTERNED("self"));
  }
  for (const LineItem& line : session.line_items()) {
    if (line.price().type() != "recurring") continue;  // one-time items are paid once
    SubscriptionItem* item = subscription.mutable_items()->add_data();
    *item->mutable_price() = line.price();
    if (!BillsUsage(line.price())) item->set_quantity(line.quantity());
    *item->mutable_tax_rates() = line.tax_rates();
    *item->mutable_automatic_tax_rates() = line.automatic_tax_rates();
    // The dynamic tax rate matched at payment is the item's own rate from then on.
    if (line.has_dynamic_tax_rate()) item->add_tax_rates(line.dynamic_tax_rate());
  }
  if (session.has_applied_discount()) {
    // The session's coupon goes on with the subscription for the rest of its duration; the
    // first period, paid by the session, was its first discounted payment.
    Discount discount = session.applied_discount();
    discount.clear_checkout_session();
    discount.set_customer(session.customer_shared());
    if (discount.coupon().duration() == "repeating") {
      discount.set_end(RepeatingDiscountEnd(absl::FromUnixSeconds(discount.start()),
                                            discount.coupon().duration_in_months()));
    }
    discount.set_invoices_discounted(1);
    *subscription.mutable_discount() = std::move(discount);
  }
  if (InCheckoutStub(session) &&
      world.created() < session.subscription_data().billing_cycle_anchor()) {
    // The stub from its pricing (the payment) to the anchor (checkout_billing_cycle_anchor.h).
    subscription.set_billing_cycle_anchor(session.subscription_data().billing_cycle_anchor());
    subscription.set_free_first_period(session.subscription_data().free_stub());
    subscription.set_stub_start(session.subscription_data().priced_at());
  }
  if (HasCheckoutTrial(session)) {
    subscription.set_trial_end(CheckoutTrialEnd(session, world.created()));
    subscription.mutable_trial_settings()->mutable_end_behavior()->set_missing_payment_method(
        session.subscription_data().has_trial_end_behavior()
            ? session.subscription_data().trial_end_behavior()
            : "create_invoice");
    return Create(world, std::move(subscription), T::kCreateTrialing, first_invoice);
  }
  return Create(world, std::move(subscription), T::kCreateActive, first_invoice);
}

void SubscriptionLifecycle::StampItems(World& world, Subscription& subscription, bool preview) {
  SubscriptionItemList* list = subscription.mutable_items();
  for (int i = 0; i < list->data_size(); ++i) {
    SubscriptionItem* item = list->mutable_data(i);
    if (item->id().empty()) {
      // UNCERTAIN: how Stripe names a previewed new item; paysim draws no id for it.
      item->set_id(preview ? absl::StrCat("si_tmp_", i)
                           : absl::StrCat("si_", world.ids().RandomString(14)));
      item->set_object(PAYSIM_INTERNED("subscription_item"));
      item->set_created(world.created());
      item->set_subscription(subscription.id_shared());
    }
    item->set_current_period_start(subscription.period_start());
    item->set_current_period_end(subscription.period_end());
  }
  if (list->data_size() > 0) subscription.set_currency(list->data(0).price().currency());
}

void SubscriptionLifecycle::Reshape(World& world, const Subscription& before,
                                    Subscription& subscription, bool new_cycle, bool preview) {
  if (new_cycle) {
    // A new interval: the periods count again from now, and the new period is billed now.
    subscription.set_billing_cycle_anchor(world.created());
    subscription.clear_billing_cycle_anchor_config();
    subscription.set_periods_billed(0);
    SetPeriod(world, subscription, world.created());
  }
  if (subscription.trial_end() != before.trial_end()) RetimeTrialPeriod(subscription);
  // cancel_at (set, moved or removed by the caller) cuts the period, or gives it back its
  // full length.
  FitPeriodEnd(subscription);
  StampItems(world, subscription, preview);
  if (subscription.cancel_at_period_end()) subscription.set_cancel_at(subscription.period_end());
  if (subscription.has_discount()) {
    subscription.clear_discounts();
    subscription.add_discounts(subscription.discount().id());
  } else {
    subscription.clear_discounts();
  }
}

Subscription SubscriptionLifecycle::Projected(World& world, const Subscription& current,
                                              Subscription updated, bool new_cycle) {
  Reshape(world, current, updated, new_cycle, /*preview=*/true);
  return updated;
}

const Subscription& SubscriptionLifecycle::Update(World& world, const Subscription& current,
                                                  const Subscription& updated,
                                                  const std::string& new_cycle_invoice) {
  Subscription& subscription = *world.subscriptions().Mutable(Key(), current.id());
  const Subscription before = subscription;
  subscription = updated;
  SchedulePauseCollectionEnd(world, before, subscription);
  const bool new_cycle = !new_cycle_invoice.empty();
  Reshape(world, before, subscription, new_cycle, /*preview=*/false);
  if (new_cycle) subscription.set_latest_invoice(new_cycle_invoice);
  const bool trial_moved = subscription.trial_end() != before.trial_end();
  if (new_cycle || trial_moved || subscription.period_end() != before.period_end()) {
    SchedulePeriodEnd(world, subscription);
  }
  if (subscription.cancel_at() != before.cancel_at()) ScheduleCancelAt(world, subscription);
  if (subscription == before) return subscription;
  Enter(world, subscription, T::kUpdate, before);
  EmitDiscountChange(world, before.has_discount() ? &before.discount() : nullptr,
                     subscription.has_discount() ? &subscription.discount() : nullptr);
  if (trial_moved) ScheduleTrialWillEnd(world, subscription);
  return subscription;
}

const Subscription& SubscriptionLifecycle::Cancel(
    World& world, const Subscription& current,
    const SubscriptionCancellationDetailsParams* feedback) {
  ExpirePendingUpdate(world, current);  // the update it waited for will not come
  Subscription& subscription = *world.subscriptions().Mutable(Key(), current.id());
  const Subscription before = subscription;
  if (feedback != nullptr) {
    MergeCancellationFeedback(*feedback, subscription.mutable_cancellation_details());
  }
  Enter(world, subscription, T::kCancel, before);
  InvoiceLifecycle::StopCollecting(world, subscription.id());
  return subscription;
}

void SubscriptionLifecycle::Renew(World& world, const Subscription& current,
                                  const std::string& invoice_id) {
  Subscription& subscription = *world.subscriptions().Mutable(Key(), current.id());
  const Subscription before = subscription;
  SetPeriod(world, subscription, subscription.period_end());
  subscription.set_latest_invoice(invoice_id);
  SchedulePeriodEnd(world, subscription);
  Enter(world, subscription, StateOf(before) == S::kTrialing ? T::kTrialEnds : T::kRenew, before);
}

void SubscriptionLifecycle::CancelAtPeriodEnd(World& world, const Subscription& current) {
  Subscription& subscription = *world.subscriptions().Mutable(Key(), current.id());
  const Subscription before = subscription;
  Enter(world, subscription, T::kPeriodEndCancel, before);
  InvoiceLifecycle::StopCollecting(world, subscription.id());
}

void SubscriptionLifecycle::CountDiscountedInvoice(World& world, const Subscription& current) {
  Discount* discount =
      world.subscriptions().Mutable(Key(), current.id())->mutable_discount();
  discount->set_invoices_discounted(discount->invoices_discounted() + 1);
}

void SubscriptionLifecycle::EndDiscount(World& world, const Subscription& current) {
  Subscription updated = current;
  updated.clear_discount();
  Update(world, current, updated, "");
}

void SubscriptionLifecycle::OnIncompleteExpiry(World& world, absl::string_view subscription_id) {
  Subscription* subscription = world.subscriptions().Mutable(Key(), subscription_id);
  if (subscription == nullptr || StateOf(*subscription) != S::kIncomplete) return;
  const Invoice* invoice = world.invoices().Find(subscription->latest_invoice());
  const PaymentIntent* pi =
      invoice == nullptr ? nullptr : world.payment_intents().Find(invoice->payment_intent_id());
  if (pi != nullptr && pi->status() == "processing") {
    // A first payment still processing (a bank debit) keeps the subscription incomplete
    // (Stripe: "incomplete if there's a pending payment"). UNCERTAIN: when a debit that
    // outlasts the 23 hours fails, the subscription expires then; paysim looks again once a
    // settlement's time has passed.
    world.timers().Schedule(world.now() + kBankDebitSettlementDelay,
                            TimerKind::kSubscriptionIncompleteExpiry, subscription->id());
    return;
  }
  // The open first invoice is voided first (Stripe: "the open invoice will be voided").
  if (invoice != nullptr) InvoiceLifecycle::Void(world, *invoice);
  subscription = world.subscriptions().Mutable(Key(), subscription_id);
  const Subscription before = *subscription;
  Enter(world, *subscription, T::kIncompleteExpires, before);
}

}  // namespace internal
}  // namespace paysim
