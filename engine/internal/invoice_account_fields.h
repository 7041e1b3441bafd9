// invoice_account_fields.h (internal): what an invoice says of the account that issues it and
// of how it is presented, written when the Invoice lifecycle (invoice_lifecycle.h) makes one.
//
//   account_country  "US" (paysim's test account is a US account); account_name and
//                    account_tax_ids null (it has no business name or tax IDs).
//   issuer           {"type": "self"} (no Connect).
//   payment_settings {"default_mandate": null, "payment_method_options": null,
//                    "payment_method_types": null}: the PaymentIntent takes the customer's cards.
//   rendering        {"amount_tax_display": null, "pdf": {"page_size": "auto"}, "template": null,
//                    "template_version": null}. UNCERTAIN: page_size "auto" as Stripe's default.
//   webhooks_delivered_at  the moment the invoice was made: paysim finalizes without waiting
//                    for webhook deliveries (Stripe: "If the invoice had no webhooks to deliver,
//                    this will be set while the invoice is being created"); null on a preview.
//   subscription_details   before basil, a subscription's invoice: the subscription's metadata
//                    as the invoice was made (from basil on, parent.subscription_details).
// The other fields of this kind (application, custom_fields, footer, from_invoice, on_behalf_of,
// quote, receipt_number, shipping_cost, statement_descriptor, threshold_reason, transfer_data...)
// are always null here, and amount_shipping and amount_overpaid always 0.
//
// Thread safety: the shared constant parts are immutable; REQUIRES: the world's lock held.
#ifndef PAYSIM_ENGINE_INTERNAL_INVOICE_ACCOUNT_FIELDS_H_
#define PAYSIM_ENGINE_INTERNAL_INVOICE_ACCOUNT_FIELDS_H_

#include "proto/billing.obj.h"
#include "proto/checkout.obj.h"

namespace paysim {
namespace internal {

// Writes the account and presentation fields of a new `invoice` (its `created` and, for one
// that is stored, `id` already set).
void StampAccountFields(Invoice& invoice);

// Writes, on an invoice of the shape before basil, `subscription_details` from `subscription`.
void StampLegacySubscriptionDetails(const Subscription& subscription, Invoice& invoice);

}  // namespace internal
}  // namespace paysim

#endif  // PAYSIM_ENGINE_INTERNAL_INVOICE_ACCOUNT_FIELDS_H_
