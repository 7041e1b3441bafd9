// The Invoice lifecycle's partial payments (invoice_lifecycle.h): PaymentIntents attached to
// an open invoice with attach_payment, and what their success or cancellation does to it.
#include <algorithm>
#include <cstdint>

#include "engine/internal/invoice_lifecycle.h"
#include "engine/internal/invoice_payment_records.h"
#include "engine/internal/payment_intent_lifecycle.h"

namespace paysim {
namespace internal {

using T = InvoiceTrigger;

const Invoice& InvoiceLifecycle::AttachPayment(World& world, const Invoice& current,
                                               const PaymentIntent& pi) {
  Invoice& invoice = *world.invoices().Mutable(Key(), current.id());
  const Invoice before = invoice;
  IndexPayment(world, invoice, OpenAttachedPayment(world, invoice, pi).id());
  PaymentIntentLifecycle::AttachToInvoice(world, pi, invoice.id());
  Enter(world, invoice, T::kAttachPayment, before);
  // An intent that already succeeded pays at once.
  if (PaymentIntentLifecycle::StateOf(pi) == PaymentIntentState::kSucceeded) {
    OnAttachedPaymentSucceeded(world, *world.payment_intents().Find(pi.id()));
  }
  return *world.invoices().Find(current.id());
}

void InvoiceLifecycle::OnAttachedPaymentSucceeded(World& world, const PaymentIntent& pi) {
  Invoice* found = world.invoices().Mutable(Key(), pi.attached_invoice());
  if (found == nullptr) return;
  Invoice& invoice = *found;
  InvoicePayment* payment = OpenAttachedPayment(invoice, pi.id());
  if (payment == nullptr) return;
  // UNCERTAIN: what an intent receives beyond what its payment asked (its amount raised after
  // it was attached) or beyond what is left (the invoice paid another way meanwhile) is not
  // applied to the invoice; Stripe does not document it.
  const bool open = StateOf(invoice) == InvoiceState::kOpen;
  const int64_t amount =
      open ? std::min({pi.amount_received(), payment->amount_requested(),
                       invoice.amount_remaining()})
           : 0;
  PayPayment(world, *payment, amount);
  const std::string paid = payment->id();
  if (open) {
    const Invoice before = invoice;
    invoice.set_amount_paid(invoice.amount_paid() + amount);
    invoice.set_amount_remaining(invoice.amount_remaining() - amount);
    invoice.set_attempted(true);
    SyncDefaultPayment(invoice);
    if (invoice.amount_remaining() > 0) Enter(world, invoice, T::kPartialPayment, before);
    FollowRemaining(world, invoice);
  }
  // UNCERTAIN: as for the default payment, the payment is announced after the invoice's own
  // events.
  for (const InvoicePayment& each : invoice.payments().data()) {
    if (each.id() == paid) world.Emit("invoice_payment.paid", each);
  }
}

void InvoiceLifecycle::OnAttachedPaymentCanceled(World& world, const PaymentIntent& pi) {
  Invoice* invoice = world.invoices().Mutable(Key(), pi.attached_invoice());
  if (invoice == nullptr) return;
  if (InvoicePayment* payment = OpenAttachedPayment(*invoice, pi.id())) {
    CancelPayment(world, *payment);
  }
}

}  // namespace internal
}  // namespace paysim
