// invoice_payments.h: Invoice payments (`inpay_...`): the payments made toward an invoice,
// read-only (Stripe's Invoice Payments API, /v1/invoice_payments).
//
// An invoice that gets a PaymentIntent (charge_automatically, something to pay) gets its
// default payment: `is_default` true, `payment` {type: payment_intent, payment_intent}, status
// `open`, `amount_requested` following the invoice's `amount_remaining`. When the
// PaymentIntent pays the invoice the payment is `paid` (`amount_paid`,
// `status_transitions.paid_at`); voiding the invoice, or paying it another way (out of band, a
// credit note covering it), cancels it (`status_transitions.canceled_at`). A Checkout
// subscription's first invoice has one for the session's payment. A PaymentIntent attached
// to an open invoice (invoices.h AttachPayment: a partial payment) is a payment of its own:
// `is_default` false, `amount_requested` the intent's amount, paid (`amount_paid` what the
// intent received, at most what was left) when the intent succeeds, canceled when it is. From
// 2025-03-31.basil an invoice lists them under `payments` when asked for (expand[]=payments);
// basil removed the invoice's `payment_intent`, so this is how to find it.
//
// Example:
//   ListResult<InvoicePayment> paid = *engine.invoice_payments().List(
//       ParseParams<InvoicePaymentListParams>(R"pb(invoice: "in_..." status: "paid")pb"));
//   // paid.data[0].payment().payment_intent() is the PaymentIntent that paid it
//
// Errors (invalid_request_error, HTTP 400 unless said; nothing changes):
//   - retrieve of an unknown id: resource_missing, 404;
//   - list: `status` not open | paid | canceled, `payment[type]` not payment_intent |
//     payment_record, bad pagination (see list.h).
// Events: invoice_payment.paid, after the invoice's invoice.paid and invoice.payment_succeeded
// (or, for a partial payment, its invoice.updated).
// Not yet: `payment_record` payments (out of band).
// Thread safety: thread-safe.
#ifndef PAYSIM_ENGINE_INVOICE_PAYMENTS_H_
#define PAYSIM_ENGINE_INVOICE_PAYMENTS_H_

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "engine/list.h"
#include "engine/request_options.h"
#include "proto/billing.obj.h"
#include "proto/invoice_params.pb.h"

namespace paysim {
namespace internal {
class World;
}  // namespace internal

class InvoicePaymentService {
 public:
  explicit InvoicePaymentService(internal::World* world) : world_(world) {}

  absl::StatusOr<InvoicePayment> Retrieve(absl::string_view id,
                                          const RequestOptions& options = {});

  // Newest first, filtered by `invoice`, `status`, `payment` (its payment_intent or type) and
  // `created` (the payment's creation: created=T or created[gt|gte|lt|lte]=T).
  absl::StatusOr<ListResult<InvoicePayment>> List(const InvoicePaymentListParams& params,
                                                  const RequestOptions& options = {});

 private:
  internal::World* world_;
};

}  // namespace paysim

#endif  // PAYSIM_ENGINE_INVOICE_PAYMENTS_H_
