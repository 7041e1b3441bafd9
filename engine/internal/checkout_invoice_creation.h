// checkout_invoice_creation.h (internal): a payment-mode Checkout Session's
// `invoice_creation`, the invoice Stripe makes once the session is paid (Stripe's
// "post-payment invoices" guide).
//
// At creation: `invoice_creation[enabled]` is required when `invoice_creation` is given;
// `true` only in payment mode (Stripe: "You can only enable invoice creation when `mode` is
// set to `payment`..."; subscription mode invoices anyway, setup mode never). `invoice_data`
// holds what the invoice shows: `description` (at most 1500 characters), `footer` (at most
// 5000), `metadata`, `custom_fields` (at most 4 name/value pairs, as an invoice's own,
// invoice_custom_text.h) and `rendering_options[amount_tax_display]` (`exclude_tax` |
// `include_inclusive_tax`; "" leaves it null). A payment-mode session renders
// `invoice_creation` as given (`enabled` false and empty `invoice_data` by default).
//
// An enabled session needs a customer (Stripe: payment mode sessions "with post-purchase
// invoices enabled require a Customer"): a guest who pays becomes one, as with
// customer_creation=always. On completion the invoice is made for that customer
// (InvoiceLifecycle::CreateAfterCheckout): a line per line item, the session's discount, tax
// rates and shipping, finalized and paid by the session's PaymentIntent at once (an intent not
// through yet, a bank debit processing or a hold awaiting capture, pays it when it succeeds);
// the session names it in `invoice`. Events: invoice.created, invoice.finalized, invoice.paid,
// invoice.payment_succeeded before checkout.session.completed.
//
// Not supported yet: `invoice_data[account_tax_ids]` and `invoice_data[issuer]` (unknown
// parameters here; their fields render null).
//
// UNCERTAIN: the wording of the refusals other than the mode's; the invoice's billing_reason
// (`manual`, as a one-off invoice's).
#ifndef PAYSIM_ENGINE_INTERNAL_CHECKOUT_INVOICE_CREATION_H_
#define PAYSIM_ENGINE_INTERNAL_CHECKOUT_INVOICE_CREATION_H_

#include "absl/status/status.h"
#include "absl/strings/string_view.h"
#include "proto/checkout.obj.h"
#include "proto/checkout_params.pb.h"

namespace paysim {
namespace internal {

// Stripe's limit on `invoice_data[description]`.
constexpr int kCheckoutInvoiceDescriptionMaxLength = 1500;

// CheckInvoiceCreation()
//
// `invoice_creation` given to a session or Payment Link that sells in `mode`, checked: the
// first refusal (invalid_request_error naming `invoice_creation[...]`), or OK.
absl::Status CheckInvoiceCreation(const CheckoutInvoiceCreationParams& given,
                                  absl::string_view mode);

// InvoiceCreationFrom()
//
// The `invoice_creation` that `given` (checked) describes.
CheckoutInvoiceCreation InvoiceCreationFrom(const CheckoutInvoiceCreationParams& given);

// InvoiceCreationParams()
//
// The parameters that describe `creation` (what a Payment Link passes to its sessions).
CheckoutInvoiceCreationParams InvoiceCreationParams(const CheckoutInvoiceCreation& creation);

// True if completing `session` makes an invoice (and so needs a customer).
inline bool MakesInvoiceAfterPayment(const CheckoutSession& session) {
  return session.mode() == "payment" && session.invoice_creation().enabled();
}

}  // namespace internal
}  // namespace paysim

#endif  // PAYSIM_ENGINE_INTERNAL_CHECKOUT_INVOICE_CREATION_H_
