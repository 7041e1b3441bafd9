#include "engine/internal/invoice_custom_text.h"

#include "absl/strings/str_cat.h"
#include "engine/stripe_error.h"

namespace paysim {
namespace internal {

absl::Status CheckInvoiceFooter(absl::string_view footer, absl::string_view param) {
  if (footer.size() > static_cast<size_t>(kInvoiceFooterMaxLength)) {
    return StringTooLong(param, kInvoiceFooterMaxLength);
  }
  return absl::OkStatus();
}

absl::Status CheckInvoiceCustomFields(const CustomFieldParams& fields, absl::string_view param) {
  if (fields.size() > kInvoiceCustomFieldsMax) {
    // UNCERTAIN: Stripe's wording (its API reference gives the limit).
    return InvalidRequestError(
        "", param,
        absl::StrCat("Invalid ", param, ": must have at most ", kInvoiceCustomFieldsMax,
                     " custom fields"));
  }
  for (int i = 0; i < fields.size(); ++i) {
    const InvoiceCustomFieldParams& field = fields[i];
    const std::string name = absl::StrCat(param, "[", i, "][name]");
    const std::string value = absl::StrCat(param, "[", i, "][value]");
    if (!field.has_name()) return ParameterMissing(name);
    if (!field.has_value()) return ParameterMissing(value);
    if (field.name().size() > static_cast<size_t>(kInvoiceCustomFieldNameMaxLength)) {
      return StringTooLong(name, kInvoiceCustomFieldNameMaxLength);
    }
    if (field.value().size() > static_cast<size_t>(kInvoiceCustomFieldValueMaxLength)) {
      return StringTooLong(value, kInvoiceCustomFieldValueMaxLength);
    }
  }
  return absl::OkStatus();
}

obj::Repeated<InvoiceSettingCustomField> CustomFieldsOf(const CustomFieldParams& fields) {
  obj::Repeated<InvoiceSettingCustomField> out;
  for (const InvoiceCustomFieldParams& field : fields) {
    InvoiceSettingCustomField& added = *out.Add();
    added.set_name(field.name());
    added.set_value(field.value());
  }
  return out;
}

void TakeCustomerDefaults(World& world, Invoice& invoice) {
  const Customer* customer = world.customers().Find(invoice.customer());
  if (customer == nullptr) return;
  if (customer->invoice_settings().has_footer()) {
    invoice.set_footer(customer->invoice_settings().footer());
  }
  if (!invoice.custom_fields().empty() || !customer->invoice_settings().custom_fields().empty()) {
    *invoice.mutable_custom_fields() = customer->invoice_settings().custom_fields();
  }
}

}  // namespace internal
}  // namespace paysim
