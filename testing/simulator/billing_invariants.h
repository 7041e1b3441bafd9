// billing_invariants.h: what each subscription and invoice event must show (internal to the
// simulator; billing_operations.cc registers them as the events' observers).
#ifndef PAYSIM_TESTING_SIMULATOR_BILLING_INVARIANTS_H_
#define PAYSIM_TESTING_SIMULATOR_BILLING_INVARIANTS_H_

#include "absl/strings/string_view.h"
#include "engine/engine.h"

namespace paysim {
namespace testing {
namespace simulator_internal {

class Simulation;

// The pools of subscriptions and of invoices that may still be paid (open, draft,
// uncollectible) the billing operations pick from.
inline constexpr absl::string_view kSubscriptions = "subscriptions";
inline constexpr absl::string_view kInvoices = "invoices";

// ObserveSubscriptionEvent()
//
// Each version of a subscription an event carries: its period's start never goes back and its
// end comes closer only at cancel_at or a restarted cycle (the new end joins the deadlines);
// canceled_at is set exactly when a cancellation was asked, never after ended_at; a pending
// update expires within 23 hours and not past the period's end, and the events that apply or
// expire it show it gone. Adds the subscription to its pool.
void ObserveSubscriptionEvent(Simulation& sim, const Event& event);

// ObserveInvoiceEvent()
//
// Each version of an invoice (draft, open, paid...), so that its lifecycle is checked move by
// move rather than between two reads far apart: its lines add up to its subtotal, amount_paid
// and amount_remaining to amount_due, a paid one has nothing remaining, its payments agree
// (CheckInvoicePayments); next_payment_attempt joins the deadlines. When announced paid: paid
// through a PaymentIntent, that payment succeeded; a renewal period is paid once.
void ObserveInvoiceEvent(Simulation& sim, const Event& event);

}  // namespace simulator_internal
}  // namespace testing
}  // namespace paysim

#endif  // PAYSIM_TESTING_SIMULATOR_BILLING_INVARIANTS_H_
