#include "engine/internal/invoice_footer.h"

#include "engine/stripe_error.h"

namespace paysim {
namespace internal {

absl::Status CheckInvoiceFooter(absl::string_view footer, absl::string_view param) {
  if (footer.size() > static_cast<size_t>(kInvoiceFooterMaxLength)) {
    return StringTooLong(param, kInvoiceFooterMaxLength);
  }
  return absl::OkStatus();
}

void TakeCustomerFooter(World& world, Invoice& invoice) {
  const Customer* customer = world.customers().Find(invoice.customer());
  if (customer != nullptr && customer->invoice_settings().has_footer()) {
    invoice.set_footer(customer->invoice_settings().footer());
  }
}

}  // namespace internal
}  // namespace paysim
