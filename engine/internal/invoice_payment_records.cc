#include "engine/internal/invoice_payment_records.h"

#include <cstdint>
#include <string>

#include "absl/strings/str_cat.h"
#include "engine/internal/interned.h"

namespace paysim {
namespace internal {
namespace {

// The invoice's open default payment, or nullptr.
InvoicePayment* OpenDefault(Invoice& invoice) {
  InvoicePaymentList& list = *invoice.mutable_payments();
  for (int i = 0; i < list.data_size(); ++i) {
    InvoicePayment* payment = list.mutable_data(i);
    if (payment->is_default() && payment->status() == "open") return payment;
  }
  return nullptr;
}

// A new open payment of `invoice` for its PaymentIntent `payment_intent`, asking `amount`.
InvoicePayment& AddPayment(World& world, Invoice& invoice, const obj::SharedString& payment_intent,
                           int64_t amount, bool is_default) {
  InvoicePaymentList& list = *invoice.mutable_payments();
  list.set_object(PAYSIM_INTERNED("list"));
  list.set_has_more(false);
  list.set_url(absl::StrCat("/v1/invoice_payments?invoice=", invoice.id()));
  InvoicePayment& payment = *list.add_data();
  payment.set_id(world.ids().NewId("inpay_"));
  payment.set_object(PAYSIM_INTERNED("invoice_payment"));
  payment.set_amount_requested(amount);
  payment.set_created(world.created());
  payment.set_currency(invoice.currency_shared());
  payment.set_invoice(invoice.id_shared());
  payment.set_is_default(is_default);
  payment.set_livemode(false);
  payment.mutable_payment()->set_payment_intent(payment_intent);
  payment.mutable_payment()->set_type(PAYSIM_INTERNED("payment_intent"));
  payment.set_status(PAYSIM_INTERNED("open"));
  payment.mutable_status_transitions();
  list.set_total_count(list.data_size());
  return payment;
}

}  // namespace

const InvoicePayment& OpenDefaultPayment(World& world, Invoice& invoice,
                                         const obj::SharedString& payment_intent) {
  return AddPayment(world, invoice, payment_intent, invoice.amount_remaining(), /*is_default=*/true);
}

const InvoicePayment& OpenAttachedPayment(World& world, Invoice& invoice,
                                          const PaymentIntent& pi) {
  return AddPayment(world, invoice, pi.id_shared(), pi.amount(), /*is_default=*/false);
}

InvoicePayment* OpenAttachedPayment(Invoice& invoice, absl::string_view payment_intent) {
  InvoicePaymentList& list = *invoice.mutable_payments();
  for (int i = 0; i < list.data_size(); ++i) {
    InvoicePayment* payment = list.mutable_data(i);
    if (!payment->is_default() && payment->status() == "open" &&
        payment->payment().payment_intent() == payment_intent) {
      return payment;
    }
  }
  return nullptr;
}

int64_t RequestedByAttachedPayments(const Invoice& invoice) {
  int64_t sum = 0;
  for (const InvoicePayment& payment : invoice.payments().data()) {
    if (!payment.is_default() && payment.status() == "open") sum += payment.amount_requested();
  }
  return sum;
}

bool HasAttachedPayments(const Invoice& invoice, bool or_paid) {
  for (const InvoicePayment& payment : invoice.payments().data()) {
    if (payment.is_default()) continue;
    if (payment.status() == "open" || (or_paid && payment.status() == "paid")) return true;
  }
  return false;
}

void PayPayment(World& world, InvoicePayment& payment, int64_t amount) {
  payment.set_amount_paid(amount);
  payment.set_status(PAYSIM_INTERNED("paid"));
  payment.mutable_status_transitions()->set_paid_at(world.created());
}

void CancelPayment(World& world, InvoicePayment& payment) {
  payment.set_status(PAYSIM_INTERNED("canceled"));
  payment.mutable_status_transitions()->set_canceled_at(world.created());
}

void SyncDefaultPayment(Invoice& invoice) {
  if (InvoicePayment* payment = OpenDefault(invoice)) {
    payment->set_amount_requested(invoice.amount_remaining());
  }
}

std::string CloseDefaultPayment(World& world, Invoice& invoice, bool by_payment_intent) {
  InvoicePayment* payment = OpenDefault(invoice);
  if (payment == nullptr) return "";
  if (by_payment_intent) {
    // What it asked for: what remained before this payment (attached payments may have paid
    // the rest).
    PayPayment(world, *payment, payment->amount_requested());
    return payment->id();
  }
  CancelPayment(world, *payment);
  return "";
}

}  // namespace internal
}  // namespace paysim
