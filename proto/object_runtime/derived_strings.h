// derived_strings.h: the string fields an object derives from its own id instead of storing
// them (a charge's receipt page, an invoice's page and PDF, a Checkout Session's page). A field
// is derived when its trailing comment in the .proto is `// derived: <Function>(id)`, naming
// one of the functions below: objgen gives it a has-bit and no storage, and its accessor, JSON, protobuf copy,
// ObjectRef and previous_attributes compute `Function(id())` whenever it is read.
//
// Example (proto/charge.proto):
//   optional string receipt_url = 38;  // derived: ReceiptUrl(id)
// then `charge.set_receipt_url_from_id()` sets it; `charge.receipt_url()` is
// "https://pay.stripe.com/receipts/payment/Y2hf...?s=ap" while `charge.id()` is "ch_...".
//
// Thread safety: pure functions.
#ifndef PAYSIM_PROTO_OBJECT_RUNTIME_DERIVED_STRINGS_H_
#define PAYSIM_PROTO_OBJECT_RUNTIME_DERIVED_STRINGS_H_

#include <string>

#include "absl/strings/string_view.h"

namespace paysim {
namespace obj {
namespace derived {

// Stripe's receipt page of a charge: the id in web-safe base64 without padding,
// "https://pay.stripe.com/receipts/payment/<base64>?s=ap".
std::string ReceiptUrl(absl::string_view charge_id);

// A finalized invoice's page: "https://invoice.stripe.com/i/acct_paysim/test_<id>".
std::string HostedInvoiceUrl(absl::string_view invoice_id);

// A finalized invoice's PDF: "https://pay.stripe.com/invoice/acct_paysim/test_<id>/pdf".
std::string InvoicePdfUrl(absl::string_view invoice_id);

// A hosted Checkout Session's page: "https://checkout.stripe.com/c/pay/<id>".
std::string CheckoutSessionUrl(absl::string_view session_id);

}  // namespace derived
}  // namespace obj
}  // namespace paysim

#endif  // PAYSIM_PROTO_OBJECT_RUNTIME_DERIVED_STRINGS_H_
