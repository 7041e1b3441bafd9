// The billing invariants (billing_invariants.h).
#include "testing/simulator/billing_invariants.h"

#include <cstdint>
#include <string>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/time/time.h"
#include "engine/subscriptions.h"
#include "testing/simulator/money_invariants.h"
#include "testing/simulator/object_invariants.h"
#include "testing/simulator/simulation.h"

namespace paysim {
namespace testing {
namespace simulator_internal {

void ObserveSubscriptionEvent(Simulation& sim, const Event& event) {
  const Subscription& sub = event.data().object().subscription();
  ObserveObject(sim, sub, /*current=*/false);
  int64_t& last_start = sim.model().subscription_period_starts[sub.id()];
  int64_t& last_end = sim.model().subscription_period_ends[sub.id()];
  // A period's start never goes back. Its end comes closer only at cancel_at (which ends the
  // period there), or when a new cycle starts later, anchored at its start (a cycle restarted
  // on the 31st ends on the next month's last day, perhaps before the old period's end), or
  // at the same instant, dropping a billing_cycle_anchor_config whose day made the old
  // period longer (created June 30 with day_of_month 31: to July 31; restarted then with
  // billing_cycle_anchor=now: to July 30).
  const bool restarted =
      sub.billing_cycle_anchor() == sub.period_start() &&
      (sub.period_start() > last_start ||
       (sub.period_start() == last_start && !sub.has_billing_cycle_anchor_config()));
  if (sub.period_start() < last_start ||
      (sub.period_end() < last_end && !restarted &&
       !(sub.has_cancel_at() && sub.period_end() == sub.cancel_at()))) {
    sim.ReportViolation(absl::StrCat(sub.id(), ": its period went back (", last_start, "-",
                                     last_end, ", now ", sub.period_start(), "-",
                                     sub.period_end(), ")"));
  }
  if (sub.period_end() > last_end) sim.model().deadlines.push_back(sub.period_end());
  last_start = sub.period_start();
  last_end = sub.period_end();
  // Canceled, or asked to be at the period's end or at cancel_at: canceled_at says when it
  // was asked, never after it ended; a live subscription not asked to cancel has none.
  const bool asked =
      sub.status() == "canceled" || sub.cancel_at_period_end() || sub.has_cancel_at();
  if (asked != sub.has_canceled_at() && sub.status() != "incomplete_expired") {
    sim.ReportViolation(absl::StrCat(sub.id(), ": ", sub.status(), " with cancel_at_period_end ",
                                     sub.cancel_at_period_end(), " has canceled_at ",
                                     sub.has_canceled_at() ? "set" : "unset"));
  }
  // A pending update waits for its open invoice (latest_invoice) no longer than 23 hours and
  // never past the period's end; its applying or expiring event shows it gone.
  if (sub.has_pending_update()) {
    const int64_t expires_at = sub.pending_update().expires_at();
    // (A paused subscription's period ended where its trial did: only the 23 hours bound it.)
    const bool period_over = sub.period_end() <= event.created();
    if ((expires_at > sub.period_end() && !period_over) || expires_at < event.created() ||
        expires_at > event.created() + absl::ToInt64Seconds(kPendingUpdateLifetime)) {
      sim.ReportViolation(absl::StrCat(sub.id(), ": pending update expiring at ", expires_at,
                                       " seen at ", event.created(), " (period ends ",
                                       sub.period_end(), ")"));
    }
  }
  if (absl::StartsWith(event.type(), "customer.subscription.pending_update_") &&
      sub.has_pending_update()) {
    sim.ReportViolation(absl::StrCat(sub.id(), ": ", event.type(), " with a pending update"));
  }
  if (sub.has_canceled_at() && sub.has_ended_at() && sub.canceled_at() > sub.ended_at()) {
    sim.ReportViolation(absl::StrCat(sub.id(), ": canceled_at ", sub.canceled_at(),
                                     " after ended_at ", sub.ended_at()));
  }
  sim.pool(kSubscriptions).Add(sub.id(), sim.rng());
}

void ObserveInvoiceEvent(Simulation& sim, const Event& event) {
  const Invoice& invoice = event.data().object().invoice();
  ObserveObject(sim, invoice, /*current=*/false);
  if (!invoice.has_id()) return;  // a preview (invoice.upcoming)
  int64_t lines = 0;
  for (const InvoiceLineItem& line : invoice.lines().data()) lines += line.amount();
  const bool complete = !invoice.lines().has_more();
  if ((complete && lines != invoice.subtotal()) || invoice.amount_paid() < 0 ||
      invoice.amount_remaining() != invoice.amount_due() - invoice.amount_paid() ||
      (invoice.status() == "paid" && invoice.amount_remaining() != 0)) {
    sim.ReportViolation(absl::StrCat(invoice.id(), ": amounts do not add up (lines ", lines,
                                     ", subtotal ", invoice.subtotal(), ", due ",
                                     invoice.amount_due(), ", paid ", invoice.amount_paid(),
                                     ", remaining ", invoice.amount_remaining(), ", status ",
                                     invoice.status(), ")"));
  }
  CheckInvoicePayments(sim, invoice);
  if (invoice.has_next_payment_attempt()) {
    sim.model().deadlines.push_back(invoice.next_payment_attempt());
  }
  if (invoice.status() == "open" || invoice.status() == "draft" ||
      invoice.status() == "uncollectible") {
    sim.pool(kInvoices).Add(invoice.id(), sim.rng());
  }
  if (event.type() != "invoice.paid") return;
  // Paid through its PaymentIntent: that payment succeeded.
  if (invoice.amount_paid() > 0 && !invoice.payment_intent_id().empty() &&
      !invoice.paid_out_of_band()) {
    absl::StatusOr<PaymentIntent> pi = sim.CallBothEngines(
        [&](Engine& e) { return e.payment_intents().Retrieve(invoice.payment_intent_id()); });
    if (pi.ok() && pi->status() != "succeeded" && pi->status() != "canceled") {
      sim.ReportViolation(absl::StrCat(invoice.id(), ": paid, its PaymentIntent ", pi->id(),
                                       " is ", pi->status()));
    }
  }
  // A renewal period is paid once (an invoice is announced paid once).
  if (!sim.model().invoices_paid.insert(invoice.id()).second) return;
  if (invoice.billing_reason() == "subscription_cycle" && invoice.amount_paid() > 0 &&
      !sim.model()
           .renewals_paid
           .insert(absl::StrCat(invoice.subscription_id(), "@", invoice.period_start()))
           .second) {
    sim.ReportViolation(absl::StrCat(invoice.id(), ": the period from ", invoice.period_start(),
                                     " of ", invoice.subscription_id(), " was paid twice"));
  }
}

}  // namespace simulator_internal
}  // namespace testing
}  // namespace paysim
