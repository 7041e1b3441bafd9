// invoice_footer.h (internal): an invoice's `footer`, the text shown at the foot of its page
// and PDF.
//
// A customer may hold a default (`invoice_settings[footer]` on create or update; "" removes
// it). Every invoice made for the customer (one-off, a subscription's, a preview) takes that
// default when it is made; `footer` on `POST /v1/invoices` replaces it, and
// `POST /v1/invoices/{id}` changes it while the invoice is a draft or open ("" removes it).
// Changing the customer's default later leaves the invoices already made as they are.
// At most kInvoiceFooterMaxLength characters (Stripe's API reference), else
// invalid_request_error about the param, nothing changed.
//
// REQUIRES (every function taking a World): the world's lock held.
#ifndef PAYSIM_ENGINE_INTERNAL_INVOICE_FOOTER_H_
#define PAYSIM_ENGINE_INTERNAL_INVOICE_FOOTER_H_

#include "absl/status/status.h"
#include "absl/strings/string_view.h"
#include "engine/internal/world.h"
#include "proto/billing.obj.h"

namespace paysim {
namespace internal {

constexpr int kInvoiceFooterMaxLength = 5000;

// OK, or the error about `param` for a footer over kInvoiceFooterMaxLength characters.
absl::Status CheckInvoiceFooter(absl::string_view footer, absl::string_view param);

// Sets the footer of `invoice` (being made) to its customer's default, if it has one.
void TakeCustomerFooter(World& world, Invoice& invoice);

}  // namespace internal
}  // namespace paysim

#endif  // PAYSIM_ENGINE_INTERNAL_INVOICE_FOOTER_H_
