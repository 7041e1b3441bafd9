// invoice_custom_text.h (internal): the text an invoice shows besides its amounts: its
// `footer` and its `custom_fields` (up to four name/value pairs on its page and PDF).
//
// A customer may hold defaults for both (`invoice_settings[footer]`,
// `invoice_settings[custom_fields]` on create or update; "" removes the footer,
// `invoice_settings[custom_fields]=` the fields). Every invoice made for the customer
// (one-off, a subscription's, a preview) takes the defaults when it is made; `footer` and
// `custom_fields` on `POST /v1/invoices` replace them ("" / `custom_fields=`: none), and
// `POST /v1/invoices/{id}` changes them while the invoice is a draft or open (a new list
// replaces the old one). Changing the customer's defaults later leaves the invoices already
// made as they are. No custom fields render as null, as Stripe renders them.
//
// Limits (Stripe's API reference; invalid_request_error about the param, nothing changed): a
// footer of at most kInvoiceFooterMaxLength characters; at most kInvoiceCustomFieldsMax custom
// fields, each with a `name` of at most kInvoiceCustomFieldNameMaxLength characters and a
// `value` of at most kInvoiceCustomFieldValueMaxLength, both required (parameter_missing).
//
// REQUIRES (every function taking a World): the world's lock held.
#ifndef PAYSIM_ENGINE_INTERNAL_INVOICE_CUSTOM_TEXT_H_
#define PAYSIM_ENGINE_INTERNAL_INVOICE_CUSTOM_TEXT_H_

#include "absl/status/status.h"
#include "absl/strings/string_view.h"
#include "engine/internal/world.h"
#include "google/protobuf/repeated_field.h"
#include "proto/billing.obj.h"
#include "proto/params.pb.h"

namespace paysim {
namespace internal {

constexpr int kInvoiceFooterMaxLength = 5000;
constexpr int kInvoiceCustomFieldsMax = 4;
constexpr int kInvoiceCustomFieldNameMaxLength = 40;
constexpr int kInvoiceCustomFieldValueMaxLength = 140;

using CustomFieldParams = google::protobuf::RepeatedPtrField<InvoiceCustomFieldParams>;

// OK, or the error about `param` for a footer over kInvoiceFooterMaxLength characters.
absl::Status CheckInvoiceFooter(absl::string_view footer, absl::string_view param);

// OK, or the error about the first custom field of `fields` (`<param>[i][name|value]`) that
// breaks the limits above, or about `param` when there are too many.
absl::Status CheckInvoiceCustomFields(const CustomFieldParams& fields, absl::string_view param);

// The custom fields `fields` (checked) describe.
obj::Repeated<InvoiceSettingCustomField> CustomFieldsOf(const CustomFieldParams& fields);

// Sets the footer and custom fields of `invoice` (being made) to its customer's defaults.
void TakeCustomerDefaults(World& world, Invoice& invoice);

}  // namespace internal
}  // namespace paysim

#endif  // PAYSIM_ENGINE_INTERNAL_INVOICE_CUSTOM_TEXT_H_
