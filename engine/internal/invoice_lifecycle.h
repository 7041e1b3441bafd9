// invoice_lifecycle.h (internal): the Invoice lifecycle, the only writer of invoices.
//
//   from                 trigger                                   to             events
//   (new)                a subscription bills a period             draft          invoice.created
//   draft                finalize (at once for a subscription's    open           invoice.finalized
//                          first invoice, 1 hour later for a renewal)
//   open, uncollectible  paid (its PaymentIntent succeeds, a free  paid           invoice.paid, invoice.payment_succeeded
//                          invoice is finalized, or out of band)
//   open                 a payment attempt fails                   open           invoice.payment_failed, invoice.updated
//   open, uncollectible  void                                      void           invoice.voided
//   open                 mark_uncollectible                        uncollectible  invoice.marked_uncollectible
//
// Amounts: each line is its price's unit_amount times its quantity; subtotal = total =
// amount_due (no discounts, taxes or credit balance); amount_paid and amount_remaining move
// with payment. A charge_automatically invoice gets its PaymentIntent (`pi_...`, description
// "Subscription creation" or "Subscription update") when it is finalized; the PaymentIntent
// lifecycle charges it and reports success back (OnPaymentIntentSucceeded). Voiding cancels
// that PaymentIntent (reason void_invoice).
//
// REQUIRES (every function taking a World): the world's lock held.
#ifndef PAYSIM_ENGINE_INTERNAL_INVOICE_LIFECYCLE_H_
#define PAYSIM_ENGINE_INTERNAL_INVOICE_LIFECYCLE_H_

#include <cstdint>
#include <string>

#include "absl/status/status.h"
#include "absl/strings/string_view.h"
#include "absl/time/time.h"
#include "engine/internal/state_machine.h"
#include "engine/internal/world.h"
#include "engine/lifecycle.h"
#include "proto/billing.obj.h"
#include "proto/checkout.obj.h"
#include "proto/payment_intent.obj.h"

namespace paysim {

// Stripe finalizes a subscription's renewal invoice one hour after creating it (with no
// webhook endpoint to wait for).
constexpr absl::Duration kInvoiceFinalizationDelay = absl::Hours(1);

namespace internal {

enum class InvoiceState : uint8_t { kDraft, kOpen, kPaid, kVoid, kUncollectible };
enum class InvoiceTrigger : uint8_t {
  kCreate,
  kFinalize,
  kPay,
  kPaymentFails,
  kVoid,
  kMarkUncollectible,
};

class InvoiceLifecycle {
 public:
  using Machine = StateMachine<InvoiceState, InvoiceTrigger>;
  static const Machine& machine();
  static Lifecycle Published() { return machine().Publish(); }

  static InvoiceState StateOf(const Invoice& invoice);

  // A new invoice id, drawn before the invoice is made (the subscription names it first).
  static std::string NewId(World& world);

  // Stores a draft invoice `id` of `subscription`'s current period, one line per item.
  // Emits invoice.created. A renewal (billing_reason subscription_cycle) is finalized
  // kInvoiceFinalizationDelay later by its timer.
  static const Invoice& CreateDraft(World& world, const Subscription& subscription,
                                    absl::string_view billing_reason, const std::string& id);

  // draft -> open: number, due_date (send_invoice), the PaymentIntent (charge_automatically,
  // something to pay). A free invoice is paid at once.
  static const Invoice& Finalize(World& world, const Invoice& current, bool auto_advance);

  // Charges the invoice's PaymentIntent with `payment_method` ("" : none to use, a failed
  // attempt). Success reaches the invoice through OnPaymentIntentSucceeded; a failure counts
  // an attempt (payment_failed, with next_payment_attempt `next_attempt` or null when 0) and
  // returns the decline. REQUIRES: open or uncollectible, charge_automatically.
  static absl::Status AttemptPayment(World& world, const Invoice& current,
                                     const std::string& payment_method, bool off_session,
                                     int64_t next_attempt);

  // Paid outside Stripe (`paid_out_of_band`), or with nothing to pay.
  static const Invoice& MarkPaid(World& world, const Invoice& current);

  static const Invoice& Void(World& world, const Invoice& current);
  static const Invoice& MarkUncollectible(World& world, const Invoice& current);

  // The subscription ended: its invoices are no longer collected automatically
  // (auto_advance false, next_payment_attempt null).
  static void StopCollecting(World& world, absl::string_view subscription_id);

  // ---- what the PaymentIntent lifecycle reports ----
  static void OnPaymentIntentSucceeded(World& world, const PaymentIntent& pi);

 private:
  static WriteKey<InvoiceLifecycle> Key() { return {}; }
  static void Enter(World& world, Invoice& invoice, InvoiceTrigger trigger, const Invoice& before);
  static void Paid(World& world, Invoice& invoice);
};

}  // namespace internal
}  // namespace paysim

#endif  // PAYSIM_ENGINE_INTERNAL_INVOICE_LIFECYCLE_H_
