// invoice_payment_records.h (internal): the invoice payments an invoice holds (its `payments`,
// engine/invoice_payments.h), written only by the Invoice lifecycle (invoice_lifecycle.h)
// through these functions, on the invoice it is changing.
//
// An invoice gets its default payment (is_default, status open, amount_requested its
// amount_remaining) when it gets its PaymentIntent; the payment follows amount_remaining while
// open, is paid (amount_paid, status_transitions.paid_at) when the PaymentIntent pays the
// invoice, and is canceled (status_transitions.canceled_at) when the invoice is voided or paid
// another way (out of band, or by a credit note). UNCERTAIN: Stripe documents the default
// payment's synchronization, not what becomes of it when the invoice is paid out of band.
//
// REQUIRES: the world's lock held.
#ifndef PAYSIM_ENGINE_INTERNAL_INVOICE_PAYMENT_RECORDS_H_
#define PAYSIM_ENGINE_INTERNAL_INVOICE_PAYMENT_RECORDS_H_

#include <string>

#include "engine/internal/world.h"
#include "proto/billing.obj.h"

namespace paysim {
namespace internal {

// Opens `invoice`'s default payment for its PaymentIntent `payment_intent`.
void OpenDefaultPayment(World& world, Invoice& invoice, const std::string& payment_intent);

// The open default payment asks for the invoice's amount_remaining.
void SyncDefaultPayment(Invoice& invoice);

// The invoice is paid (`by_payment_intent`: by the default payment's PaymentIntent, which is
// then paid for the invoice's amount_paid) or voided (`by_payment_intent` false: the open
// default payment is canceled). Returns the id of the payment it paid ("" if none), which the
// caller announces (invoice_payment.paid) once the invoice's own events are out.
std::string CloseDefaultPayment(World& world, Invoice& invoice, bool by_payment_intent);

}  // namespace internal
}  // namespace paysim

#endif  // PAYSIM_ENGINE_INTERNAL_INVOICE_PAYMENT_RECORDS_H_
