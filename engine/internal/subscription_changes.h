// subscription_changes.h (internal): a live subscription's items change (a new price, a new
// quantity, an item added or removed), or it is canceled now with prorate / invoice_now, and
// what that bills. Writes nothing itself: the subscription lifecycle applies the change, the
// invoice item lifecycle stores the prorations, the invoice lifecycle bills them.
//
// A change within the same interval (proration_behavior):
//   create_prorations (default)  a credit invoice item for the unused time of what changed
//                                (negative, "Unused time on ...") and a debit for the remaining
//                                time of what replaces it ("Remaining time on ..."), both
//                                proration=true, pending on the subscription until its next
//                                invoice (the renewal takes them).
//   always_invoice               the same items, invoiced now (billing_reason
//                                subscription_update), finalized and charged.
//   none                         no items.
// A change to another interval restarts the billing cycle (as Stripe's prorations guide
// describes: the anchor resets and an invoice is made at once): billing_cycle_anchor now, a new period,
// and an invoice now for the new period's items plus the credit for the old items' unused time
// (unless none). Only an active or past_due subscription is prorated: a trial, an unpaid
// first period or a pause billed nothing to credit.
//
// Events, in order: customer.subscription.updated (previous_attributes), invoiceitem.created
// for each proration, then the invoice's own (invoice.created, invoice.finalized, ...).
// UNCERTAIN: Stripe does not document the order of these events.
//
// REQUIRES (every function taking a World): the world's lock held.
#ifndef PAYSIM_ENGINE_INTERNAL_SUBSCRIPTION_CHANGES_H_
#define PAYSIM_ENGINE_INTERNAL_SUBSCRIPTION_CHANGES_H_

#include <cstdint>
#include <string>

#include "absl/status/status.h"
#include "absl/types/optional.h"
#include "engine/internal/world.h"
#include "proto/billing.obj.h"
#include "proto/checkout.obj.h"

namespace paysim {
namespace internal {

struct SubscriptionChange {
  // The subscription as it should be: its fields, and its items (a new item has no id yet).
  Subscription updated;
  std::string proration_behavior = "create_prorations";  // | always_invoice | none
  int64_t proration_date = 0;                             // 0: now
  bool new_cycle = false;  // the items' interval differs from the current one
  // allow_incomplete | default_incomplete | error_if_incomplete | pending_if_incomplete: what
  // a change billed now does when its invoice is not paid (subscription_pending_update.h).
  std::string payment_behavior = "allow_incomplete";
  // pending_if_incomplete from 2026-05-27.dahlia: the request's `metadata`, held in the pending
  // update (and merged when it applies) if the change waits for its invoice.
  obj::StringMap pending_metadata;
};

class SubscriptionChanges {
 public:
  // Applies `change` to the live `current` (checked by the caller) and bills it as the banner
  // says, its invoice's payment handled as change.payment_behavior says. A change to the
  // items or the trial first discards a pending update (subscription_pending_update.h).
  // Returns the subscription after the change (unchanged, or holding a pending update, when
  // the change waits for its invoice). With error_if_incomplete and an invoice not paid,
  // `decline` (REQUIRES: not null then) receives the request's error.
  static const Subscription& Apply(World& world, const Subscription& current,
                                   SubscriptionChange change, absl::Status* decline = nullptr);

  // CheckUpFront()
  //
  // The refusals Apply gives before it changes anything, for a caller that commits other
  // parts of the request first (add_invoice_items, a discount), for a change of a
  // charge_automatically subscription that is invoiced now: error_if_incomplete or
  // pending_if_incomplete when a bank debit would pay it (its payment completes days later:
  // param payment_behavior); error_if_incomplete with no payment method to charge, or with
  // one outside the subscription's payment_method_types. OK otherwise. Changes nothing.
  static absl::Status CheckUpFront(World& world, const Subscription& current,
                                   const SubscriptionChange& change);

  // Preview()
  //
  // What Apply(current, change) would bill, computed as Apply computes it (the same
  // prorations, dated the same) and changing nothing (no id drawn, no event, no timer):
  //   - a change invoiced now (always_invoice with prorations, a new interval): the invoice
  //     Apply would create now, with its prorations;
  //   - otherwise (create_prorations, none, always_invoice with nothing to prorate): the next
  //     renewal's invoice of the changed subscription, its prorations among the pending items
  //     it bills; nullopt when the changed subscription will not renew (cancel_at_period_end).
  // Its lines' ids are temporary (InvoiceLifecycle::Preview); billing_reason `upcoming`.
  static absl::optional<Invoice> Preview(World& world, const Subscription& current,
                                         const SubscriptionChange& change);

  // Cancels `current` now (REQUIRES: it may be canceled). With `prorate`, a credit item for
  // each item's unused time (from now to the period's end); with `invoice_now`, the
  // subscription's pending items (those credits included) and its metered items' usage so far
  // are invoiced now (InvoiceEnded).
  // `feedback`: the request's cancellation_details, if any (subscription_cancellation.h).
  static const Subscription& CancelNow(
      World& world, const Subscription& current, bool prorate, bool invoice_now,
      const SubscriptionCancellationDetailsParams* feedback = nullptr);

  // Resumes the paused `current` with billing_cycle_anchor=unchanged: the period of its cycle
  // that contains now (SubscriptionLifecycle::SurroundingPeriod), the rest of it from
  // `proration_date` (0: now) billed as `proration_behavior` says: create_prorations, debit
  // proration items ("Remaining time on ...") pending until the next renewal; always_invoice,
  // those items invoiced now (billing_reason subscription_update: UNCERTAIN) and charged
  // on-session (a failure makes it past_due, retried as a renewal's); none, nothing. Events:
  // customer.subscription.updated, customer.subscription.resumed, then the items' and the
  // invoice's. UNCERTAIN: Stripe does not say when create_prorations items of a resumption
  // are invoiced ("only invoiced immediately under certain conditions").
  static const Subscription& ResumeUnchanged(World& world, const Subscription& current,
                                             const std::string& proration_behavior,
                                             int64_t proration_date);

  // The final invoice of `ended`, a subscription just canceled (now with invoice_now, or at
  // its period's end): its metered items' usage over [period_start, until) and its pending
  // invoice items, finalized and, with something to pay, charged (billing_reason
  // subscription_update: UNCERTAIN). None when it has neither metered items nor pending items.
  static void InvoiceEnded(World& world, const Subscription& ended, int64_t until);
};

}  // namespace internal
}  // namespace paysim

#endif  // PAYSIM_ENGINE_INTERNAL_SUBSCRIPTION_CHANGES_H_
