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

absl::Status CheckInvoiceCreation(const CheckoutSessionCreateParams& params,
                                  absl::string_view mode) {
  if (!params.has_invoice_creation()) return absl::OkStatus();
  const CheckoutInvoiceCreationParams& creation = params.invoice_creation();
  if (!creation.has_enabled()) return ParameterMissing("invoice_creation[enabled]");
  if (creation.enabled() && mode != "payment") {
    return InvalidRequestError(
        "", "invoice_creation[enabled]",
        "You can only enable invoice creation when `mode` is set to `payment`. Invoices are "
        "created automatically when `mode` is set to `subscription`, and are unsupported when "
        "set to `setup`. To learn more visit "
        "https://stripe.com/docs/payments/checkout/post-payment-invoices.");
  }
  if (creation.has_invoice_data()) {
    PAYSIM_RETURN_IF_ERROR(CheckInvoiceData(creation.invoice_data()));
  }
  return absl::OkStatus();
}

void SetInvoiceCreation(const CheckoutSessionCreateParams& params, CheckoutSession& session) {
  CheckoutInvoiceCreation* creation = session.mutable_invoice_creation();
  CheckoutInvoiceData* out = creation->mutable_invoice_data();
  if (!params.has_invoice_creation()) return;
  const CheckoutInvoiceCreationParams& given = params.invoice_creation();
  creation->set_enabled(given.enabled());
  const CheckoutInvoiceDataParams& data = given.invoice_data();
  if (data.has_description()) out->set_description(data.description());
  if (data.has_footer()) out->set_footer(data.footer());
  *out->mutable_metadata() = data.metadata();
  *out->mutable_custom_fields() = CustomFieldsOf(data.custom_fields());
  const std::string& display = data.rendering_options().amount_tax_display();
  if (!display.empty()) {
    out->mutable_rendering_options()->set_amount_tax_display(
        display == "exclude_tax" ? PAYSIM_INTERNED("exclude_tax")
                                 : PAYSIM_INTERNED("include_inclusive_tax"));
  }
}

}  // namespace internal
}  // namespace paysim
