#include "engine/internal/invoice_customer_details.h"

#include <string>
#include <vector>

#include "engine/internal/interned.h"
#include "engine/internal/invoice_lifecycle.h"
#include "engine/internal/tax_id_lifecycle.h"

namespace paysim {
namespace internal {

void CopyCustomerDetails(World& world, Invoice& invoice) {
  const Customer* customer = world.customers().Find(invoice.customer());
  if (customer == nullptr) return;
  if (customer->has_address()) {
    *invoice.mutable_customer_address() = customer->address();
  } else {
    invoice.clear_customer_address();
  }
  if (customer->has_email()) {
    invoice.set_customer_email(customer->email_shared());
  } else {
    invoice.clear_customer_email();
  }
  if (customer->has_name()) {
    invoice.set_customer_name(customer->name_shared());
  } else {
    invoice.clear_customer_name();
  }
  if (customer->has_phone()) {
    invoice.set_customer_phone(customer->phone_shared());
  } else {
    invoice.clear_customer_phone();
  }
  if (customer->has_shipping()) {
    *invoice.mutable_customer_shipping() = customer->shipping();
  } else {
    invoice.clear_customer_shipping();
  }
  invoice.set_customer_tax_exempt(customer->tax_exempt().empty()
                                      ? PAYSIM_INTERNED("none")
                                      : Interned(customer->tax_exempt()));
  invoice.clear_customer_tax_ids();
  if (world.tax_ids().size() > 0) {
    TaxIdLifecycle::ForEachOf(world, customer->id(), [&](const TaxId& tax_id) {
      InvoiceCustomerTaxId* copied = invoice.add_customer_tax_ids();
      copied->set_type(tax_id.type_shared());
      copied->set_value(tax_id.value_shared());
    });
  }
  if (customer->has_test_clock()) invoice.set_test_clock(customer->test_clock_shared());
}

void InvoiceLifecycle::OnCustomerDetailsChanged(World& world, const Customer& customer) {
  std::vector<std::string> drafts;
  ForEachOf(world, customer.id(), [&](const Invoice& invoice) {
    if (StateOf(invoice) == InvoiceState::kDraft) drafts.push_back(invoice.id());
  });
  for (const std::string& id : drafts) {
    CopyCustomerDetails(world, *world.invoices().Mutable(Key(), id));
  }
}

void SetFinalizedUrls(Invoice& invoice) {
  // Derived from the id when read (proto/billing.proto): no storage.
  invoice.set_hosted_invoice_url_from_id();
  invoice.set_invoice_pdf_from_id();
}

}  // namespace internal
}  // namespace paysim
