#include "engine/internal/invoice_account_fields.h"

#include "engine/internal/interned.h"

namespace paysim {
namespace internal {
namespace {

// Shared by every invoice (copy on write: an invoice holds a reference, never a copy).
const InvoiceIssuer& SelfIssuer() {
  static const InvoiceIssuer* issuer = [] {
    auto* made = new InvoiceIssuer();
    made->set_type(Interned("self"));
    return made;
  }();
  return *issuer;
}

const InvoiceRendering& DefaultRendering() {
  static const InvoiceRendering* rendering = [] {
    auto* made = new InvoiceRendering();
    made->mutable_pdf()->set_page_size(Interned("auto"));
    return made;
  }();
  return *rendering;
}

}  // namespace

void StampAccountFields(Invoice& invoice) {
  invoice.set_account_country(PAYSIM_INTERNED("US"));
  *invoice.mutable_issuer() = SelfIssuer();
  invoice.mutable_payment_settings();  // every field null
  *invoice.mutable_rendering() = DefaultRendering();
  invoice.set_amount_shipping(0);
  invoice.set_amount_overpaid(0);
  if (!invoice.id().empty()) invoice.set_webhooks_delivered_at(invoice.created());
}

void StampLegacySubscriptionDetails(const Subscription& subscription, Invoice& invoice) {
  *invoice.mutable_subscription_details()->mutable_metadata() = subscription.metadata();
}

}  // namespace internal
}  // namespace paysim
