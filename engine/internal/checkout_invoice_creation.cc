// A Checkout Session's invoice_creation (checkout_invoice_creation.h).
#include "engine/internal/checkout_invoice_creation.h"

#include "engine/internal/intent_common.h"
#include "engine/internal/interned.h"
#include "engine/internal/invoice_custom_text.h"
#include "engine/internal/status_macros.h"
#include "engine/metadata.h"
#include "engine/stripe_error.h"

namespace paysim {
namespace internal {
namespace {

absl::Status CheckInvoiceData(const CheckoutInvoiceDataParams& data) {
  if (data.description().size() > static_cast<size_t>(kCheckoutInvoiceDescriptionMaxLength)) {
    return StringTooLong("invoice_creation[invoice_data][description]",
                         kCheckoutInvoiceDescriptionMaxLength);
  }
  PAYSIM_RETURN_IF_ERROR(
      CheckInvoiceFooter(data.footer(), "invoice_creation[invoice_data][footer]"));
  PAYSIM_RETURN_IF_ERROR(CheckInvoiceCustomFields(
      data.custom_fields(), "invoice_creation[invoice_data][custom_fields]"));
  PAYSIM_RETURN_IF_ERROR(ValidateMetadata(data.metadata()));
  const std::string& display = data.rendering_options().amount_tax_display();
  if (!display.empty()) {
    PAYSIM_RETURN_IF_ERROR(
        ValidateEnum(display, {"exclude_tax", "include_inclusive_tax"},
                     "invoice_creation[invoice_data][rendering_options][amount_tax_display]"));
  }
  return absl::OkStatus();
}

}  // namespace

absl::Status CheckInvoiceCreation(const CheckoutInvoiceCreationParams& given,
                                  absl::string_view mode) {
  if (!given.has_enabled()) return ParameterMissing("invoice_creation[enabled]");
  if (given.enabled() && mode != "payment") {
    return InvalidRequestError(
        "", "invoice_creation[enabled]",
        "You can only enable invoice creation when `mode` is set to `payment`. Invoices are "
        "created automatically when `mode` is set to `subscription`, and are unsupported when "
        "set to `setup`. To learn more visit "
        "https://stripe.com/docs/payments/checkout/post-payment-invoices.");
  }
  if (given.has_invoice_data()) PAYSIM_RETURN_IF_ERROR(CheckInvoiceData(given.invoice_data()));
  return absl::OkStatus();
}

CheckoutInvoiceCreation InvoiceCreationFrom(const CheckoutInvoiceCreationParams& given) {
  CheckoutInvoiceCreation creation;
  creation.set_enabled(given.enabled());
  CheckoutInvoiceData* out = creation.mutable_invoice_data();
  const CheckoutInvoiceDataParams& data = given.invoice_data();
  if (data.has_description()) out->set_description(data.description());
  if (data.has_footer()) out->set_footer(data.footer());
  if (!data.metadata().empty()) *out->mutable_metadata() = data.metadata();
  if (!data.custom_fields().empty()) {
    *out->mutable_custom_fields() = CustomFieldsOf(data.custom_fields());
  }
  const std::string& display = data.rendering_options().amount_tax_display();
  if (!display.empty()) {
    out->mutable_rendering_options()->set_amount_tax_display(
        display == "exclude_tax" ? PAYSIM_INTERNED("exclude_tax")
                                 : PAYSIM_INTERNED("include_inclusive_tax"));
  }
  return creation;
}

CheckoutInvoiceCreationParams InvoiceCreationParams(const CheckoutInvoiceCreation& creation) {
  CheckoutInvoiceCreationParams given;
  given.set_enabled(creation.enabled());
  const CheckoutInvoiceData& data = creation.invoice_data();
  CheckoutInvoiceDataParams* out = given.mutable_invoice_data();
  if (data.has_description()) out->set_description(data.description());
  if (data.has_footer()) out->set_footer(data.footer());
  data.metadata().CopyTo(out->mutable_metadata());
  for (const InvoiceSettingCustomField& field : data.custom_fields()) {
    InvoiceCustomFieldParams* param = out->add_custom_fields();
    param->set_name(field.name());
    param->set_value(field.value());
  }
  if (data.rendering_options().has_amount_tax_display()) {
    out->mutable_rendering_options()->set_amount_tax_display(
        data.rendering_options().amount_tax_display());
  }
  return given;
}

}  // namespace internal
}  // namespace paysim
