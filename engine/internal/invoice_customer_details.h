// invoice_customer_details.h (internal): what an invoice copies from its customer and what it
// gains when finalized, written only by the Invoice lifecycle (invoice_lifecycle.h) through
// these functions, on the invoice it is changing.
//
// Stripe: "Until the invoice is finalized, this field will equal customer.email. Once the
// invoice is finalized, this field will no longer be updated" (and the same for the address,
// name, phone and shipping). paysim copies them when a draft is built or recomputed (an item
// added, changed or removed), when the customer's details change (InvoiceLifecycle::
// OnCustomerDetailsChanged) and at finalization, after which they stay as they were. A tax ID
// added to or removed from the customer shows in a draft at its next change or at
// finalization. `test_clock` is the customer's clock (a customer keeps its clock).
//
// A finalized invoice has its page and PDF: `hosted_invoice_url`
// (https://invoice.stripe.com/i/acct_paysim/test_<id>) and `invoice_pdf`
// (https://pay.stripe.com/invoice/acct_paysim/test_<id>/pdf); null while a draft. UNCERTAIN:
// Stripe's URLs carry an opaque token; paysim's name the invoice.
//
// REQUIRES: the world's lock held.
#ifndef PAYSIM_ENGINE_INTERNAL_INVOICE_CUSTOMER_DETAILS_H_
#define PAYSIM_ENGINE_INTERNAL_INVOICE_CUSTOMER_DETAILS_H_

#include "engine/internal/world.h"
#include "proto/billing.obj.h"

namespace paysim {
namespace internal {

// Copies the customer's address, email, name, phone, shipping and test clock onto `invoice`
// (the customer named by invoice.customer(); nothing when it is gone).
void CopyCustomerDetails(World& world, Invoice& invoice);

// Sets `hosted_invoice_url` and `invoice_pdf` of the invoice being finalized.
void SetFinalizedUrls(Invoice& invoice);

}  // namespace internal
}  // namespace paysim

#endif  // PAYSIM_ENGINE_INTERNAL_INVOICE_CUSTOMER_DETAILS_H_
