// subscription_lifecycle.h (internal): the Subscription lifecycle, the only writer of
// subscriptions. The Subscriptions API (subscriptions.cc), Checkout, the invoices it bills
// (invoice_lifecycle.h) and the renewal timers (renewals.h) move a subscription through these
// functions.
//
//   from                   trigger                                  to                  events
//   (new)                  created, first invoice not paid yet      incomplete          customer.subscription.created
//   (new)                  created with a trial                     trialing            customer.subscription.created
//   (new)                  created with nothing to collect now      active              customer.subscription.created
//                            (send_invoice, a free first invoice,
//                            a completed Checkout Session)
//   incomplete             its first invoice is paid                active              customer.subscription.updated
//   incomplete             23 hours pass unpaid (invoice voided)    incomplete_expired  customer.subscription.updated
//   trialing               the trial ends (a new period starts)     active              customer.subscription.updated
//   trialing               the trial ends with nothing to pay and   paused              customer.subscription.updated,
//                            trial_settings says pause                                    customer.subscription.paused
//   trialing               the trial ends with nothing to pay and   canceled            customer.subscription.deleted
//                            trial_settings says cancel
//   paused                 resume (a new period starts now)         active              customer.subscription.updated,
//                                                                                         customer.subscription.resumed
//   active, past_due       the period ends: the next one starts     (same)              customer.subscription.updated
//   active                 a renewal payment fails                  past_due            customer.subscription.updated
//   active                 an update bills now with                 past_due            customer.subscription.updated
//                            payment_behavior=default_incomplete
//   past_due               its latest invoice is paid               active              customer.subscription.updated
//   past_due               the last retry fails (or a send_invoice  canceled            customer.subscription.deleted
//                            invoice is long past due) and the
//                            engine's settings say cancel
//   past_due               the same, the settings say mark unpaid   unpaid              customer.subscription.updated
//   unpaid                 its latest invoice is paid               active              customer.subscription.updated
//   unpaid                 the period ends: the next one starts,    unpaid              customer.subscription.updated
//                            its invoice left a draft
//   trialing, active,      the period ends with                     canceled            customer.subscription.deleted
//     past_due, unpaid       cancel_at_period_end, or cancel_at
//                            comes (the period that contains it
//                            ends then)
//   incomplete, paused     cancel_at comes                          canceled            customer.subscription.deleted
//   incomplete, trialing,  cancel (DELETE)                          canceled            customer.subscription.deleted
//     active, past_due,
//     paused, unpaid
//   (the same)             a charge that paid one of its invoices   canceled            customer.subscription.deleted
//                            is disputed, and the engine's
//                            cancel_subscription_on_dispute is set
//   (live states)          updated                                  (same)              customer.subscription.updated
//                            (a pending update held, applied or
//                            discarded: subscription_pending_update.h)
//
// customer.subscription.updated carries previous_attributes. UNCERTAIN: Stripe documents no
// event for incomplete -> incomplete_expired; paysim announces it as an update (the
// subscription never started, so not as a deletion). UNCERTAIN: the order of the two events
// of a pause and of a resume (Stripe does not document it; paysim sends the update first).
//
// customer.subscription.trial_will_end (no state change) comes 3 days before trial_end, at
// once when fewer remain at creation or when trial_end is moved, and on trial_end=now.
//
// REQUIRES (every function taking a World): the world's lock held.
#ifndef PAYSIM_ENGINE_INTERNAL_SUBSCRIPTION_LIFECYCLE_H_
#define PAYSIM_ENGINE_INTERNAL_SUBSCRIPTION_LIFECYCLE_H_

#include <cstdint>
#include <string>
#include <vector>

#include "absl/functional/function_ref.h"
#include "absl/strings/string_view.h"
#include "absl/time/time.h"
#include "absl/types/optional.h"
#include "engine/engine_options.h"
#include "engine/internal/customer_discounts.h"
#include "engine/internal/ordinal_index.h"
#include "engine/internal/state_machine.h"
#include "engine/internal/world.h"
#include "engine/lifecycle.h"
#include "proto/billing.obj.h"
#include "proto/checkout.obj.h"
#include "proto/subscription_item_params.pb.h"

namespace paysim {

// Stripe: "If the first invoice is not paid within 23 hours, the subscription transitions to
// incomplete_expired."
constexpr absl::Duration kSubscriptionIncompleteWindow = absl::Hours(23);

namespace internal {

enum class SubscriptionState : uint8_t {
  kIncomplete,
  kIncompleteExpired,
  kTrialing,
  kActive,
  kPastDue,
  kPaused,
  kCanceled,
  kUnpaid,
};
enum class SubscriptionTrigger : uint8_t {
  kCreateIncomplete,
  kCreateTrialing,
  kCreateActive,
  kFirstInvoicePaid,
  kIncompleteExpires,
  kTrialEnds,
  kRenew,
  kRenewalPaymentFails,
  kInvoicePaid,
  kRetriesExhausted,
  kPeriodEndCancel,
  kCancel,
  kUpdate,
  kTrialEndsPaused,
  kTrialEndsCanceled,
  kResume,
  kInvoiceOverdue,
  kMarkUnpaid,
  kUpdateAwaitsPayment,
  kPaymentDisputed,
};

// Stripe: customer.subscription.trial_will_end "three days before the trial period ends".
constexpr absl::Duration kTrialWillEndNotice = absl::Hours(72);

// What a subscription schedule's phase sets on its subscription besides the items
// (subscription_schedule_request.h: PhaseTermsOf).
struct PhaseTerms {
  std::vector<TaxRate> default_tax_rates;
  std::string collection_method;               // charge_automatically | send_invoice
  absl::optional<int64_t> days_until_due;      // send_invoice only
  absl::optional<std::string> default_payment_method;  // unset: the subscription's stays
  absl::optional<std::string> description;     // unset: none
  // The phase's discount: a coupon (or promotion code) redeemed when the phase starts, unless
  // the subscription's discount already is of it; or the id of the subscription's own discount,
  // kept. Neither: the subscription's discount ends with the phase before.
  absl::optional<DiscountChoice> discount;
  absl::optional<std::string> kept_discount;
};

class SubscriptionLifecycle {
 public:
  using Machine = StateMachine<SubscriptionState, SubscriptionTrigger>;
  static const Machine& machine();
  static Lifecycle Published() { return machine().Publish(); }

  static SubscriptionState StateOf(const Subscription& subscription);

  // Calls `visit` on each subscription of `customer_id`, oldest first (an index lookup,
  // ordinal_index.h; subscriptions are never deleted nor change customer). `visit` must not
  // create subscriptions.
  static void ForEachOf(World& world, absl::string_view customer_id,
                        absl::FunctionRef<void(const Subscription&)> visit);
  // That index (for Store::ListAt), built first if this world has not built it.
  static const OrdinalIndex& ByCustomer(World& world);

  // Stores `draft` (customer, items with their period, collection settings, metadata set by
  // the caller) as a new subscription entering by `trigger` (one of the kCreate* triggers),
  // with `latest_invoice` when not empty. Schedules its period end (and, incomplete, its
  // expiry). Emits customer.subscription.created.
  static const Subscription& Create(World& world, Subscription draft, SubscriptionTrigger trigger,
                                    const std::string& latest_invoice);

  // The subscription Create would make of `draft` now, not stored (a preview of a new
  // subscription): no id, its items without ids; draws no id, schedules and emits nothing.
  static Subscription Prospective(World& world, Subscription draft, SubscriptionTrigger trigger);

  // The Subscription a completed subscription-mode session starts, paid by `payment_method`:
  // its recurring line items, current period from now, latest_invoice `first_invoice` (the
  // caller makes it: InvoiceLifecycle::CreatePaidByCheckout). It renews on the clock like any
  // other.
  static const Subscription& StartFromCheckout(World& world, const CheckoutSession& session,
                                               const std::string& payment_method,
                                               const std::string& first_invoice);

  // `updated` is the subscription with its new metadata, description, default_payment_method,
  // cancel_at_period_end or items (an item without an id is new: it gets its `si_...` id here;
  // every item takes the current period): customer.subscription.updated, or nothing if nothing
  // changed. With `new_cycle_invoice` (a change of interval) the billing cycle restarts now
  // (billing_cycle_anchor now, a new period of the new interval), billed by that invoice.
  // The prorations of the change are the caller's (subscription_changes.h).
  static const Subscription& Update(World& world, const Subscription& current,
                                    const Subscription& updated,
                                    const std::string& new_cycle_invoice = "");

  // Projected()
  //
  // The subscription Update(current, updated, <an invoice if new_cycle>) would store, not
  // stored: the same period, items, cancel_at and discounts, but a new item takes a
  // placeholder id `si_tmp_<index>` and latest_invoice is unchanged. Draws no id, schedules
  // nothing, emits nothing (a preview, subscription_changes.h).
  static Subscription Projected(World& world, const Subscription& current, Subscription updated,
                                bool new_cycle);

  // Moves a trialing subscription's trial (and so its period) to end at `trial_end` (not
  // before now): the period end and trial_will_end timers follow. No event by itself: the
  // caller's update or the trial's end announces it.
  static void MoveTrialEnd(World& world, const Subscription& current, int64_t trial_end);

  // The trial ended with nothing to pay the first period: paused or canceled, as
  // trial_settings.end_behavior.missing_payment_method says (pause | cancel).
  static void EndTrialUnpaid(World& world, const Subscription& current);

  // Resumes a paused subscription (REQUIRES: paused): a new period from now
  // (billing_cycle_anchor=now), or with `keep_anchor` (billing_cycle_anchor=unchanged) the
  // period around now counted from its anchor (SurroundingPeriod); latest_invoice
  // `invoice_id` unless empty.
  static const Subscription& Resume(World& world, const Subscription& current,
                                    const std::string& invoice_id, bool keep_anchor = false);
  // The period of `subscription`'s cycle (from its billing_cycle_anchor, at its items'
  // interval) that contains `at`: [start, end), and how many periods it is from the anchor
  // (the first: 1). REQUIRES: at >= billing_cycle_anchor.
  struct CyclePeriod {
    int64_t start = 0;
    int64_t end = 0;
    int64_t number = 0;
  };
  static CyclePeriod SurroundingPeriod(const Subscription& subscription, int64_t at);

  // A schedule's next phase starts (subscription_schedule_lifecycle.h): the items become
  // `items` (price, quantity, metadata, tax rates; an item keeps its id when its price stays),
  // in the current period, and the phase's `terms` apply (default tax rates, collection
  // method, days until due, default payment method, description, discount).
  // customer.subscription.updated, then customer.discount.* when the discount changes.
  // REQUIRES: a live subscription.
  static const Subscription& ReplaceItems(World& world, const Subscription& current,
                                          const std::vector<SubscriptionItem>& items,
                                          const PhaseTerms& terms);

  // The version ReplaceItems stores, not stored: for a phase change the caller bills with
  // prorations (subscription_changes.h) instead. Redeems the phase's new discount, if any.
  static Subscription PhaseShaped(World& world, const Subscription& current,
                                  const std::vector<SubscriptionItem>& items,
                                  const PhaseTerms& terms);

  // What `current` would be after its period ends and it renews (Renew's new period), not
  // stored: what the upcoming invoice bills (renewals.h).
  static Subscription NextPeriod(World& world, const Subscription& current);

  // ---- a cancellation at a given time (subscription_cancellation.h) ----
  // The end the current period has at its full length: the trial's end during a trial, else
  // the anchor plus as many intervals as periods were billed.
  static int64_t FullPeriodEnd(const Subscription& subscription);
  // The end the current period has given `subscription`'s cancel_at: FullPeriodEnd, cut at
  // cancel_at when that falls inside the period (and cancel_at_period_end is not set).
  static int64_t CutPeriodEnd(const Subscription& subscription);
  // Whether the subscription ends, rather than renews, when its current period ends:
  // cancel_at_period_end, or a cancel_at at or before the period's end.
  static bool EndsWithPeriod(const Subscription& subscription);

  // The instant invoice.upcoming announces the renewal at `period_end` (Unix seconds):
  // EngineOptions::upcoming_invoice_days before it; nullopt when that option is 0 or less.
  static absl::optional<absl::Time> UpcomingNoticeAt(World& world, int64_t period_end);

  // invoice.upcoming was sent for the current period's end: a second notice timer of the same
  // instant (a period end moved away and back) sends nothing. No event.
  static void MarkUpcomingNoticeSent(World& world, const Subscription& current);

  // Cancels now (REQUIRES: machine().Allows(StateOf(current), kCancel)), keeping `feedback`'s
  // comment and feedback when given (subscription_cancellation.h; REQUIRES: checked).
  static const Subscription& Cancel(
      World& world, const Subscription& current,
      const SubscriptionCancellationDetailsParams* feedback = nullptr);

  // The period ended: a new one of each item's interval starts now, billed by `invoice_id`
  // (trialing -> active). Schedules the next period end.
  static void Renew(World& world, const Subscription& current, const std::string& invoice_id);

  // The period ended with cancel_at_period_end, or cancel_at came: canceled.
  static void CancelAtPeriodEnd(World& world, const Subscription& current);

  // Its discount is over (invoice_totals.h DiscountEnded): removed
  // (customer.subscription.updated, customer.discount.deleted).
  static void EndDiscount(World& world, const Subscription& current);

  // ---- what its invoices report ----
  // An invoice the subscription's `once` discount took an amount off was finalized: the
  // discount is spent (invoice_totals.h). No event.
  static void CountDiscountedInvoice(World& world, const Subscription& subscription);

  static void OnInvoicePaid(World& world, const Invoice& invoice);
  static void OnRenewalPaymentFailed(World& world, const Invoice& invoice);
  // An update billed `invoice` now with payment_behavior=default_incomplete: it awaits the
  // customer, and an active subscription is past_due until it is paid.
  static void OnUpdateAwaitsPayment(World& world, const Invoice& invoice);
  // Automatic collection of `invoice` gave up (its last retry failed, or, send_invoice, it is
  // EngineOptions::send_invoice_overdue_days past due) while the subscription is past_due:
  // canceled, marked unpaid, or left past_due, as `outcome` says. Its latest invoice is no
  // longer collected automatically (except when left past_due).
  static void OnCollectionGivenUp(World& world, const Invoice& invoice,
                                  EngineOptions::OverdueSettings::Outcome outcome);
  // A charge that paid `invoice` was disputed and EngineOptions::cancel_subscription_on_dispute
  // is set: a live subscription is canceled now (reason payment_disputed), its pending update
  // dropped and its invoices no longer collected automatically. Otherwise nothing.
  static void OnPaymentDisputed(World& world, const Invoice& invoice);
  // Its latest invoice (send_invoice) reached its due date unpaid: active -> past_due (paying
  // it later makes it active again, as OnInvoicePaid does).
  static void OnInvoiceOverdue(World& world, const Invoice& invoice);

  // ---- pending updates (subscription_pending_update.h) ----
  // `updated` as Update(current, updated, <an invoice if new_cycle>) would store it (new items
  // get their ids, a new cycle its period), not stored: what a change waiting for its invoice
  // bills. Emits nothing.
  static Subscription Staged(World& world, const Subscription& current, Subscription updated,
                             bool new_cycle);
  // The change to `staged` waits for `invoice_id` (open) to be paid: pending_update holds it
  // (and `metadata`, the request's, merged into the subscription's when it applies),
  // latest_invoice names the invoice; customer.subscription.updated. Schedules its expiry.
  static const Subscription& HoldPendingUpdate(World& world, const Subscription& current,
                                               const Subscription& staged,
                                               const std::string& invoice_id, bool new_cycle,
                                               const obj::StringMap& metadata);
  // Discards `current`'s pending update, if any: customer.subscription.pending_update_expired,
  // then its invoice is voided (when still open).
  static void ExpirePendingUpdate(World& world, const Subscription& current);
  // Its invoice was voided: the pending update it carried (if any) is discarded
  // (customer.subscription.updated).
  static void OnInvoiceVoided(World& world, const Invoice& invoice);

  // ---- timers ----
  static void OnPendingUpdateExpiry(World& world, absl::string_view subscription_id);
  static void OnIncompleteExpiry(World& world, absl::string_view subscription_id);
  static void OnTrialWillEnd(World& world, absl::string_view subscription_id);
  // resumes_at of its pause_collection comes: the pause ends (customer.subscription.updated).
  // Defined in subscription_pause_collection.cc.
  static void OnPauseCollectionEnds(World& world, absl::string_view subscription_id);

 private:
  // ReplaceItems' discount: the phase's (terms.discount), the subscription's kept
  // (terms.kept_discount), or none; `discounts` follows.
  static void ApplyPhaseDiscount(World& world, const PhaseTerms& terms,
                                 Subscription& subscription);
  static WriteKey<SubscriptionLifecycle> Key() { return {}; }
  // Moves `subscription` along (its state before: `before`), emitting the row's events.
  static void Enter(World& world, Subscription& subscription, SubscriptionTrigger trigger,
                    const Subscription& before);
  // Sets the current period (on the items, and on the subscription before basil).
  static void SetPeriod(World& world, Subscription& subscription, int64_t start);
  // What Create and Prospective do to a draft (its ids, if any, already drawn): its dates,
  // period, list, settings and status as `trigger` enters. Returns the entering row.
  static const Machine::Row* Shape(World& world, Subscription& draft, SubscriptionTrigger trigger);
  // Schedules the current period's end and, when still ahead, its invoice.upcoming notice
  // (UpcomingNoticeAt) on the current timeline.
  static void SchedulePeriodEnd(World& world, const Subscription& subscription);
  // Schedules trial_will_end 3 days before the trial's end, or announces it now when fewer
  // remain.
  static void ScheduleTrialWillEnd(World& world, const Subscription& subscription);
  // Gives the items that have no id yet their id, object, created and subscription, and
  // every item the subscription's current period; the currency follows the first item.
  // A preview draws no id: a new item is named `si_tmp_<index>`.
  static void StampItems(World& world, Subscription& subscription, bool preview = false);
  // The trial now ends at subscription.trial_end(): the anchor, the period's end (and its
  // timer) follow.
  static void RetimeTrial(World& world, Subscription& subscription);
  // RetimeTrial's fields, without the timer.
  static void RetimeTrialPeriod(Subscription& subscription);
  // Sets the current period's end (the subscription's and its items') to CutPeriodEnd.
  static void FitPeriodEnd(Subscription& subscription);
  // Schedules the timer of cancel_at when set (cancel_at_period_end's is the period end's):
  // a subscription that does not renew (paused, incomplete) is still canceled then.
  static void ScheduleCancelAt(World& world, const Subscription& subscription);
  // What Update makes of `subscription` (`updated`, changed from `before`) apart from storing
  // and timers: the new cycle's period, item ids and periods, the trial's period, cancel_at,
  // discounts. `preview`: StampItems' preview.
  static void Reshape(World& world, const Subscription& before, Subscription& subscription,
                      bool new_cycle, bool preview);
  // Its pending update's invoice was paid: the update applies (customer.subscription.updated,
  // customer.subscription.pending_update_applied).
  static void ApplyPendingUpdate(World& world, const Subscription& current);
};

}  // namespace internal
}  // namespace paysim

#endif  // PAYSIM_ENGINE_INTERNAL_SUBSCRIPTION_LIFECYCLE_H_
