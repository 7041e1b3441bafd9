// renewals.h (internal): subscriptions on the clock. At a subscription's period end it
// renews (a new period and its draft invoice, finalized an hour later and charged off-session)
// or, with cancel_at_period_end, ends; a failed automatic payment is retried on the engine's
// fixed schedule (EngineOptions::invoice_retry_schedule) and, when the last retry fails, the
// subscription is canceled. Renewals writes nothing itself: it asks the subscription and
// invoice lifecycles for each transition.
//
// Which payment method pays (Stripe's order, without the legacy sources): the subscription's
// default_payment_method, else the customer's invoice_settings.default_payment_method, read
// at each attempt (so updating the customer's default before a retry is what recovers a
// past_due subscription).
//
// Timeline of a renewal whose payments fail (default schedule; T = period end):
//   T            customer.subscription.updated (new period), invoice.created (draft)
//   T + 1h       invoice.finalized, attempt 1 fails: invoice.payment_failed, past_due
//   T + 1h + 3d  attempt 2;  T + 1h + 5d  attempt 3;  T + 1h + 7d  attempt 4 (the last)
//   last fails   what EngineOptions::after_last_retry says: by default
//                customer.subscription.deleted (canceled) and the invoice stays open, no
//                longer collected automatically (Stripe's defaults); or unpaid
//                (customer.subscription.updated; later invoices stay drafts), or left past_due;
//                the invoice optionally marked uncollectible first.
// An unpaid subscription renews as a past_due one does, but its invoice is left a draft
// (auto_advance false: not finalized, not charged) and no invoice.upcoming is sent; paying its
// latest invoice makes it active.
//
// invoice.upcoming (EngineOptions::upcoming_invoice_days before a period end, scheduled with
// it by the subscription lifecycle): its object is the invoice the renewal would create
// (Upcoming), sent only for a charge_automatically subscription that will renew then (Stripe:
// "an invoice that is automatically charged"; none with cancel_at_period_end). A period that
// moves (trial end moved, billing cycle restarted) schedules its own notice; the old one
// finds the period end changed and does nothing.
//
// A trial that ends while nothing can pay (no default_payment_method on the subscription or
// the customer) with trial_settings.end_behavior.missing_payment_method pause or cancel
// pauses or cancels the subscription instead (create_invoice, the default: the renewal runs
// and its payment fails).
//
// A period that ends while the previous renewal is still being retried stops that invoice's
// automatic collection (it stays open; paying it by hand still works) and bills the new
// period. UNCERTAIN: Stripe keeps retrying each invoice on its own schedule.
//
// REQUIRES (every function taking a World): the world's lock held.
#ifndef PAYSIM_ENGINE_INTERNAL_RENEWALS_H_
#define PAYSIM_ENGINE_INTERNAL_RENEWALS_H_

#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/string_view.h"
#include "absl/types/optional.h"
#include "engine/engine_options.h"
#include "engine/internal/subscription_request.h"
#include "engine/internal/world.h"
#include "proto/billing.obj.h"
#include "proto/checkout.obj.h"

namespace paysim {
namespace internal {

class Renewals {
 public:
  // Starts the subscription `request` describes (checked by CheckSubscriptionCreate): stored,
  // its first invoice finalized and, charge_automatically unless default_incomplete, paid.
  // Returns its id. A declined payment with payment_behavior error_if_incomplete ends it at
  // once and is returned in `*decline` (left ok otherwise).
  static std::string Start(World& world, SubscriptionRequest request, absl::Status* decline);

  // trial_end=now on a trialing subscription: its trial ends now (trial_will_end, then what a
  // trial's end does: the first paid period and its invoice, or a pause or cancellation).
  static void EndTrialNow(World& world, const Subscription& subscription);

  // Resumes a paused subscription (billing_cycle_anchor=now): a new period from now, its
  // invoice finalized at once and charged on-session; a failed payment makes it past_due and
  // is retried as a renewal's.
  static const Subscription& Resume(World& world, const Subscription& subscription);

  // An automatic attempt to collect `invoice` (open, charge_automatically): charges it, and on
  // failure schedules the next retry or, after the last, cancels the subscription. A renewal's
  // first failure makes the subscription past_due. Returns the decline, if any.
  static absl::Status Collect(World& world, const Invoice& invoice, bool off_session);

  // The bank debit of `pi_id`, the PaymentIntent of open invoice `invoice_id`, was returned
  // after processing (called by the PaymentIntent lifecycle): the attempt fails as a declined
  // one does (invoice.payment_failed; a renewal's subscription past_due and retried on the
  // schedule, or given up after the last). A first invoice's incomplete subscription whose
  // kSubscriptionIncompleteWindow has passed expires at once.
  static void OnDebitReturned(World& world, const std::string& invoice_id,
                              const std::string& pi_id);

  // Automatic collection of `invoice` (of a past_due subscription) gives up, as `settings`
  // say: the invoice marked uncollectible or left open, then the subscription canceled,
  // marked unpaid or left past_due (SubscriptionLifecycle::OnCollectionGivenUp).
  static void GiveUp(World& world, const Invoice& invoice,
                     const EngineOptions::OverdueSettings& settings);

  // A send_invoice subscription's invoice is EngineOptions::send_invoice_overdue_days past
  // due: if still open and unpaid, GiveUp with EngineOptions::send_invoice_overdue.
  static void OnSendInvoiceOverdue(World& world, absl::string_view invoice_id);

  // The invoice `subscription`'s next renewal would create (InvoiceLifecycle::Preview of
  // its next period), as it stands now; nullopt when its period's end renews nothing (ended,
  // paused, incomplete, cancel_at_period_end, or a trial ending unpaid into a pause or a
  // cancellation).
  // `unstored`: invoice items the renewal would bill too (InvoiceLifecycle::Preview).
  static absl::optional<Invoice> Upcoming(World& world, const Subscription& subscription,
                                          const std::vector<InvoiceItem>& unstored = {});

  // ---- timers ----
  static void OnUpcomingNotice(World& world, absl::string_view subscription_id);
  static void OnPeriodEnd(World& world, absl::string_view subscription_id);
  static void OnFinalization(World& world, absl::string_view invoice_id);
  static void OnPaymentRetry(World& world, absl::string_view invoice_id);

 private:
  // A renewal's failed attempt: its subscription past_due, the retry at `next_attempt` (Unix
  // seconds), or, after the last, the engine's after_last_retry settings.
  static void AfterFailedAttempt(World& world, const Invoice& invoice, int64_t next_attempt);
};

}  // namespace internal
}  // namespace paysim

#endif  // PAYSIM_ENGINE_INTERNAL_RENEWALS_H_
