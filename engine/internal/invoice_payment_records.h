// invoice_payment_records.h (internal): the invoice payments an invoice holds (its `payments`,
// engine/invoice_payments.h), written only by the Invoice lifecycle (invoice_lifecycle.h)
// through these functions, on the invoice it is changing.
//
// An invoice gets its default payment (is_default, status open, amount_requested its
// amount_remaining) when it gets its PaymentIntent; the payment follows amount_remaining while
// open, is paid (amount_paid, status_transitions.paid_at) when the PaymentIntent pays the
// invoice, and is canceled (status_transitions.canceled_at) when the invoice is voided or paid
// another way (out of band, or by a credit note). A PaymentIntent attached to the invoice
// (attach_payment: a partial payment) is a payment of its own (is_default false,
// amount_requested the intent's amount), paid when the intent succeeds and canceled when it is
// canceled. UNCERTAIN: Stripe documents the default
// payment's synchronization, not what becomes of it when the invoice is paid out of band.
//
// REQUIRES: the world's lock held.
#ifndef PAYSIM_ENGINE_INTERNAL_INVOICE_PAYMENT_RECORDS_H_
#define PAYSIM_ENGINE_INTERNAL_INVOICE_PAYMENT_RECORDS_H_

#include <cstdint>
#include <string>

#include "absl/strings/string_view.h"

#include "engine/internal/world.h"
#include "proto/billing.obj.h"
#include "proto/payment_intent.obj.h"

namespace paysim {
namespace internal {

// Opens `invoice`'s default payment for its PaymentIntent `payment_intent`; returns it (valid
// until the invoice's payments next change).
const InvoicePayment& OpenDefaultPayment(World& world, Invoice& invoice,
                                         const obj::SharedString& payment_intent);

// The open default payment asks for the invoice's amount_remaining.
void SyncDefaultPayment(Invoice& invoice);

// The invoice is paid (`by_payment_intent`: by the default payment's PaymentIntent, which is
// then paid for the invoice's amount_paid) or voided (`by_payment_intent` false: the open
// default payment is canceled). Returns the id of the payment it paid ("" if none), which the
// caller announces (invoice_payment.paid) once the invoice's own events are out.
std::string CloseDefaultPayment(World& world, Invoice& invoice, bool by_payment_intent);

// Adds the open payment of the attached PaymentIntent `pi` to `invoice`; returns it (valid
// until the invoice's payments next change).
const InvoicePayment& OpenAttachedPayment(World& world, Invoice& invoice, const PaymentIntent& pi);

// `invoice`'s open payment of the attached PaymentIntent `payment_intent`, or nullptr.
InvoicePayment* OpenAttachedPayment(Invoice& invoice, absl::string_view payment_intent);

// What the invoice's open attached payments ask for, together.
int64_t RequestedByAttachedPayments(const Invoice& invoice);

// Whether `invoice` has attached (not default) payments that are open, or (with `or_paid`)
// open or paid.
bool HasAttachedPayments(const Invoice& invoice, bool or_paid);

// The open `payment` is paid `amount` now, or canceled now.
void PayPayment(World& world, InvoicePayment& payment, int64_t amount);
void CancelPayment(World& world, InvoicePayment& payment);

}  // namespace internal
}  // namespace paysim

#endif  // PAYSIM_ENGINE_INTERNAL_INVOICE_PAYMENT_RECORDS_H_
