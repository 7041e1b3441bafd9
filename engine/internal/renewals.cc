#include "engine/internal/renewals.h"

#include <cstdint>
#include <string>
#include <vector>

#include "absl/time/time.h"
#include "engine/internal/card_source_payment_method.h"
#include "engine/internal/customer_lifecycle.h"
#include "engine/internal/invoice_item_request.h"
#include "engine/internal/invoice_lifecycle.h"
#include "engine/internal/invoice_payment_method.h"
#include "engine/internal/invoice_totals.h"
#include "engine/internal/meter_usage.h"
#include "engine/internal/subscription_changes.h"
#include "engine/internal/subscription_lifecycle.h"
#include "engine/internal/subscription_pause_collection.h"
#include "engine/internal/subscription_schedule_lifecycle.h"

namespace paysim {
namespace internal {
namespace {

// Cancels `subscription` as its period (or cancel_at) ends; one with metered items then bills
// the usage of that period on a final invoice (SubscriptionChanges::InvoiceEnded).
void EndWithPeriod(World& world, const Subscription& subscription) {
  const std::string id = subscription.id();
  SubscriptionLifecycle::CancelAtPeriodEnd(world, subscription);
  const Subscription* ended = world.subscriptions().Find(id);
  for (const SubscriptionItem& item : ended->items().data()) {
    if (BillsUsage(item.price())) {
      SubscriptionChanges::InvoiceEnded(world, *ended, absl::ToUnixSeconds(world.now()));
      return;
    }
  }
}

// The period's end bills (a renewal), rather than ending the subscription or its trial.
bool Renews(World& world, const Subscription& subscription) {
  const SubscriptionState state = SubscriptionLifecycle::StateOf(subscription);
  if (state != SubscriptionState::kTrialing && state != SubscriptionState::kActive &&
      state != SubscriptionState::kPastDue && state != SubscriptionState::kUnpaid) {
    return false;
  }
  if (SubscriptionLifecycle::EndsWithPeriod(subscription)) return false;
  return !(state == SubscriptionState::kTrialing &&
           subscription.collection_method() == "charge_automatically" &&
           subscription.trial_settings().end_behavior().missing_payment_method() !=
               "create_invoice" &&
           PaymentMethodFor(world, subscription).empty());
}

}  // namespace

std::string Renewals::Start(World& world, SubscriptionRequest request, absl::Status* decline) {
  const bool automatic = request.draft.collection_method() == "charge_automatically";
  const std::string behavior = request.draft.payment_behavior();
  SubscriptionTrigger trigger = SubscriptionTrigger::kCreateIncomplete;
  if (request.draft.has_trial_end()) {
    trigger = SubscriptionTrigger::kCreateTrialing;
  } else if (!automatic || request.first_amount == 0) {
    trigger = SubscriptionTrigger::kCreateActive;
  }
  if (request.discount.has_value()) {
    *request.draft.mutable_discount() =
        RedeemDiscount(world, *request.discount, request.draft.customer());
  }
  // items[i][price_data]: each item's inline price, drafted by the check, made now (ad hoc:
  // inactive, no price.created).
  MakeInlinePrices(world, request.draft);
  const std::string invoice_id = InvoiceLifecycle::NewId(world);
  const std::string id =
      SubscriptionLifecycle::Create(world, std::move(request.draft), trigger, invoice_id).id();
  // add_invoice_items: pending items of the subscription, which its first invoice takes.
  for (InvoiceItem& item : request.add_invoice_items) {
    item.set_subscription(id);
    CommitNewItem(world, std::move(item), nullptr);
  }
  const Invoice& draft = InvoiceLifecycle::CreateDraft(world, *world.subscriptions().Find(id),
                                                       "subscription_create", invoice_id);
  const Invoice& invoice = InvoiceLifecycle::Finalize(world, draft, /*auto_advance=*/true);
  if (invoice.status() == "open" && automatic && behavior != "default_incomplete") {
    absl::Status paid = InvoiceLifecycle::AttemptPayment(
        world, invoice, request.payment_method, request.off_session, /*next_attempt=*/0);
    if (!paid.ok() && behavior == "error_if_incomplete") {
      // UNCERTAIN (see subscriptions.h): the subscription ends at once.
      SubscriptionLifecycle::OnIncompleteExpiry(world, id);
      *decline = paid;
    }
  }
  return id;
}

void Renewals::EndTrialNow(World& world, const Subscription& subscription) {
  const std::string id = subscription.id();
  SubscriptionLifecycle::MoveTrialEnd(world, subscription, world.created());
  OnPeriodEnd(world, id);
}

const Subscription& Renewals::Resume(World& world, const Subscription& subscription) {
  const std::string id = subscription.id();
  const std::string invoice_id = InvoiceLifecycle::NewId(world);
  SubscriptionLifecycle::Resume(world, subscription, invoice_id);
  // UNCERTAIN: the resumption invoice's billing_reason (paysim: a new cycle).
  const Invoice& draft = InvoiceLifecycle::CreateDraft(world, *world.subscriptions().Find(id),
                                                       "subscription_cycle", invoice_id);
  const Invoice& invoice = InvoiceLifecycle::Finalize(world, draft, /*auto_advance=*/true);
  if (invoice.status() == "open" && invoice.collection_method() == "charge_automatically") {
    Collect(world, invoice, /*off_session=*/false).IgnoreError();
  }
  return *world.subscriptions().Find(id);
}

namespace {

// What follows the failure of the attempt being made on an invoice now.
struct AttemptPlan {
  int64_t failures_after = 0;  // the invoice's attempt_count once it failed
  bool retried = false;        // a renewal's: retried on the schedule, then given up
  int64_t next_attempt = 0;    // Unix seconds; 0: none (the last one, or never retried)
};

AttemptPlan PlanAttempt(World& world, const Invoice& invoice) {
  const std::vector<absl::Duration>& schedule = world.options().invoice_retry_schedule;
  AttemptPlan plan;
  // The attempt being made now is attempt_count + 1; after it fails, retry number
  // attempt_count + 1 (1-based) comes at first attempt + schedule[attempt_count].
  plan.failures_after = invoice.attempt_count() + 1;
  const int64_t first = invoice.first_attempt_at() != 0 ? invoice.first_attempt_at()
                                                        : world.created();
  // Only renewals are retried: a first invoice waits for the customer (incomplete).
  // A one-off invoice (no subscription) is attempted once.
  plan.retried = !invoice.subscription_id().empty() &&
                 invoice.billing_reason() != "subscription_create";
  if (plan.retried && plan.failures_after <= static_cast<int64_t>(schedule.size())) {
    plan.next_attempt =
        absl::ToUnixSeconds(absl::FromUnixSeconds(first) + schedule[plan.failures_after - 1]);
    // A retry whose time passed while a bank debit processed comes the schedule's first
    // interval after the failure (UNCERTAIN: Stripe's Smart Retries choose their own time).
    if (plan.next_attempt <= world.created()) {
      plan.next_attempt = absl::ToUnixSeconds(world.now() + schedule[0]);
    }
  }
  return plan;
}

}  // namespace

void Renewals::AfterFailedAttempt(World& world, const Invoice& invoice, int64_t next_attempt) {
  SubscriptionLifecycle::OnRenewalPaymentFailed(world, invoice);
  if (next_attempt > 0) {
    world.timers().Schedule(absl::FromUnixSeconds(next_attempt), TimerKind::kInvoicePaymentRetry,
                            invoice.id());
  } else {
    GiveUp(world, invoice, world.options().after_last_retry);
  }
}

absl::Status Renewals::Collect(World& world, const Invoice& invoice, bool off_session) {
  const AttemptPlan plan = PlanAttempt(world, invoice);
  const std::string invoice_id = invoice.id();
  absl::Status result = InvoiceLifecycle::AttemptPayment(
      world, invoice, PaymentMethodFor(world, invoice), off_session, plan.next_attempt);
  const Invoice* after = world.invoices().Find(invoice_id);
  if (after == nullptr || after->status() != "open" ||
      after->attempt_count() < plan.failures_after) {
    return result;  // paid, or waiting for the customer
  }
  if (plan.retried) AfterFailedAttempt(world, *after, plan.next_attempt);
  return result;
}

void Renewals::OnDebitReturned(World& world, const std::string& invoice_id,
                               const std::string& pi_id) {
  const Invoice* invoice = world.invoices().Find(invoice_id);
  if (invoice == nullptr || invoice->status() != "open" ||
      invoice->payment_intent_id() != pi_id) {
    return;
  }
  const AttemptPlan plan = PlanAttempt(world, *invoice);
  InvoiceLifecycle::RecordFailedAttempt(world, *invoice, plan.next_attempt,
                                        /*authentication_required=*/false);
  invoice = world.invoices().Find(invoice_id);
  if (plan.retried) {
    AfterFailedAttempt(world, *invoice, plan.next_attempt);
    return;
  }
  // A first invoice: its subscription, incomplete while the debit processed, expires now if
  // its 23 hours have passed (else at their end, as any incomplete subscription).
  const Subscription* subscription = world.subscriptions().Find(invoice->subscription_id());
  if (subscription != nullptr &&
      SubscriptionLifecycle::StateOf(*subscription) == SubscriptionState::kIncomplete &&
      world.now() >= absl::FromUnixSeconds(subscription->created()) +
                         kSubscriptionIncompleteWindow) {
    SubscriptionLifecycle::OnIncompleteExpiry(world, subscription->id());
  }
}

void Renewals::GiveUp(World& world, const Invoice& invoice,
                      const EngineOptions::OverdueSettings& settings) {
  const std::string invoice_id = invoice.id();
  if (settings.mark_invoice_uncollectible) InvoiceLifecycle::MarkUncollectible(world, invoice);
  SubscriptionLifecycle::OnCollectionGivenUp(world, *world.invoices().Find(invoice_id),
                                             settings.subscription);
}

absl::optional<Invoice> Renewals::Upcoming(World& world, const Subscription& subscription,
                                           const std::vector<InvoiceItem>& unstored) {
  if (!Renews(world, subscription)) return absl::nullopt;
  return InvoiceLifecycle::Preview(world, SubscriptionLifecycle::NextPeriod(world, subscription),
                                   unstored);
}

void Renewals::OnUpcomingNotice(World& world, absl::string_view subscription_id) {
  const Subscription* subscription = world.subscriptions().Find(subscription_id);
  // An unpaid subscription's invoices are not charged: no notice.
  if (subscription == nullptr || subscription->collection_method() != "charge_automatically" ||
      SubscriptionLifecycle::StateOf(*subscription) == SubscriptionState::kUnpaid) {
    return;
  }
  // A notice of an earlier period, of one whose end moved meanwhile, or already sent.
  if (SubscriptionLifecycle::UpcomingNoticeAt(world, subscription->period_end()) !=
          world.now() ||
      subscription->upcoming_notice_for() == subscription->period_end()) {
    return;
  }
  // Stripe sends no upcoming notice of an invoice that falls in a pause of collection.
  if (!PausedCollectionBehavior(*subscription, subscription->period_end()).empty()) return;
  absl::optional<Invoice> upcoming = Upcoming(world, *subscription);
  if (!upcoming.has_value()) return;
  SubscriptionLifecycle::MarkUpcomingNoticeSent(world, *subscription);
  world.Emit("invoice.upcoming", *upcoming);
}

void Renewals::OnPeriodEnd(World& world, absl::string_view subscription_id) {
  const Subscription* subscription = world.subscriptions().Find(subscription_id);
  if (subscription == nullptr) return;
  if (subscription->has_schedule()) {
    // Its schedule's phase ending now comes first, so that the renewal bills the next phase,
    // also when the schedule's timer was set after this one (a schedule made from, or whose
    // phases were updated on, a running subscription). Nothing when no phase ends now.
    SubscriptionScheduleLifecycle::OnPhaseEnd(world, std::string(subscription->schedule()));
    subscription = world.subscriptions().Find(subscription_id);
    if (subscription == nullptr) return;
  }
  // A pending update expires no later than the period's end: first, when both come at once.
  if (subscription->has_pending_update() &&
      subscription->pending_update().expires_at() <= absl::ToUnixSeconds(world.now())) {
    SubscriptionLifecycle::ExpirePendingUpdate(world, *subscription);
  }
  const SubscriptionState state = SubscriptionLifecycle::StateOf(*subscription);
  // cancel_at comes (the end of the period it cut short, or of a subscription that does not
  // renew: paused, incomplete).
  if (!subscription->cancel_at_period_end() && subscription->has_cancel_at() &&
      subscription->cancel_at() == absl::ToUnixSeconds(world.now()) &&
      SubscriptionLifecycle::machine().Allows(state, SubscriptionTrigger::kPeriodEndCancel)) {
    EndWithPeriod(world, *subscription);
    return;
  }
  if (state != SubscriptionState::kTrialing && state != SubscriptionState::kActive &&
      state != SubscriptionState::kPastDue && state != SubscriptionState::kUnpaid) {
    return;  // ended meanwhile
  }
  // A period end the subscription has moved past (a timer of an earlier period).
  if (absl::ToUnixSeconds(world.now()) != subscription->period_end()) return;
  if (SubscriptionLifecycle::EndsWithPeriod(*subscription)) {
    EndWithPeriod(world, *subscription);
    return;
  }
  if (state == SubscriptionState::kTrialing &&
      subscription->collection_method() == "charge_automatically" &&
      subscription->trial_settings().end_behavior().missing_payment_method() !=
          "create_invoice" &&
      PaymentMethodFor(world, *subscription).empty()) {
    SubscriptionLifecycle::EndTrialUnpaid(world, *subscription);  // paused or canceled
    return;
  }
  // A discount that is over leaves the subscription before the next period is billed.
  if (subscription->has_discount() &&
      DiscountEnded(subscription->discount(), absl::ToUnixSeconds(world.now()))) {
    SubscriptionLifecycle::EndDiscount(world, *subscription);
    subscription = world.subscriptions().Find(subscription_id);
  }
  // So does the customer's own discount (a customer's discount ends only here: at the next
  // renewal of one of its subscriptions after it is over).
  const Customer* customer = world.customers().Find(subscription->customer());
  if (customer != nullptr && customer->has_discount() &&
      DiscountEnded(customer->discount(), absl::ToUnixSeconds(world.now()))) {
    CustomerLifecycle::EndDiscount(world, *customer);
    subscription = world.subscriptions().Find(subscription_id);
  }
  // The previous renewal's invoice, if still collected, is overtaken by the new one.
  InvoiceLifecycle::StopCollecting(world, subscription->id());
  const std::string invoice_id = InvoiceLifecycle::NewId(world);
  SubscriptionLifecycle::Renew(world, *subscription, invoice_id);
  subscription = world.subscriptions().Find(subscription_id);
  const Invoice& draft =
      InvoiceLifecycle::CreateDraft(world, *subscription, "subscription_cycle", invoice_id);
  const absl::string_view paused =
      PausedCollectionBehavior(*subscription, absl::ToUnixSeconds(world.now()));
  if (paused == "void" || paused == "mark_uncollectible") {
    InvoiceLifecycle::CloseUncollected(world, draft, /*void_it=*/paused == "void");
  }
}

void Renewals::OnFinalization(World& world, absl::string_view invoice_id) {
  const Invoice* invoice = world.invoices().Find(invoice_id);
  if (invoice == nullptr || invoice->status() != "draft" || !invoice->auto_advance()) return;
  InvoiceLifecycle::Finalize(world, *invoice, /*auto_advance=*/true);
  invoice = world.invoices().Find(invoice_id);
  // A one-off invoice's attempt comes an hour after finalization (its Finalize scheduled it).
  if (invoice->status() == "open" && invoice->collection_method() == "charge_automatically" &&
      !invoice->subscription_id().empty()) {
    Collect(world, *invoice, /*off_session=*/true).IgnoreError();
  }
}

void Renewals::OnSendInvoiceOverdue(World& world, absl::string_view invoice_id) {
  const Invoice* invoice = world.invoices().Find(invoice_id);
  if (invoice == nullptr || invoice->status() != "open" || invoice->amount_remaining() <= 0) {
    return;
  }
  GiveUp(world, *invoice, world.options().send_invoice_overdue);
}

void Renewals::OnPaymentRetry(World& world, absl::string_view invoice_id) {
  const Invoice* invoice = world.invoices().Find(invoice_id);
  if (invoice == nullptr || invoice->status() != "open" || !invoice->auto_advance() ||
      !invoice->has_next_payment_attempt() ||
      invoice->next_payment_attempt() != absl::ToUnixSeconds(world.now())) {
    return;  // paid, voided, stopped, or rescheduled meanwhile
  }
  Collect(world, *invoice, /*off_session=*/true).IgnoreError();
}

}  // namespace internal
}  // namespace paysim
