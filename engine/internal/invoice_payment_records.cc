#include "engine/internal/invoice_payment_records.h"

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

}  // namespace

void OpenDefaultPayment(World& world, Invoice& invoice, const std::string& payment_intent) {
  InvoicePaymentList& list = *invoice.mutable_payments();
  list.set_object(PAYSIM_INTERNED("list"));
  list.set_has_more(false);
  list.set_url(absl::StrCat("/v1/invoice_payments?invoice=", invoice.id()));
  InvoicePayment& payment = *list.add_data();
  payment.set_id(world.ids().NewId("inpay_"));
  payment.set_object(PAYSIM_INTERNED("invoice_payment"));
  payment.set_amount_requested(invoice.amount_remaining());
  payment.set_created(world.created());
  payment.set_currency(invoice.currency_shared());
  payment.set_invoice(invoice.id_shared());
  payment.set_is_default(true);
  payment.set_livemode(false);
  payment.mutable_payment()->set_payment_intent(payment_intent);
  payment.mutable_payment()->set_type(PAYSIM_INTERNED("payment_intent"));
  payment.set_status(PAYSIM_INTERNED("open"));
  payment.mutable_status_transitions();
  list.set_total_count(list.data_size());
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
    payment->set_amount_paid(invoice.amount_paid());
    payment->set_status(PAYSIM_INTERNED("paid"));
    payment->mutable_status_transitions()->set_paid_at(world.created());
    return payment->id();
  }
  payment->set_status(PAYSIM_INTERNED("canceled"));
  payment->mutable_status_transitions()->set_canceled_at(world.created());
  return "";
}

}  // namespace internal
}  // namespace paysim
