// A Payment Link's custom fields (payment_link_custom_fields.h).
#include "engine/internal/payment_link_custom_fields.h"

#include "engine/internal/checkout_custom_fields.h"

namespace paysim {
namespace internal {
namespace {

CheckoutCustomFieldLengthParams LengthParams(const PaymentLinkCustomFieldEntry& entry) {
  CheckoutCustomFieldLengthParams given;
  if (entry.has_default_value()) given.set_default_value(entry.default_value());
  if (entry.has_maximum_length()) given.set_maximum_length(entry.maximum_length());
  if (entry.has_minimum_length()) given.set_minimum_length(entry.minimum_length());
  return given;
}

}  // namespace

absl::Status CheckPaymentLinkCustomFields(const CustomFieldParamsList& fields) {
  CheckoutSessionCreateParams session;
  *session.mutable_custom_fields() = fields;
  return CheckCustomFields(session, /*elements=*/false, "hosted");
}

void SetPaymentLinkCustomFields(const CustomFieldParamsList& fields, PaymentLink& link) {
  link.clear_custom_fields();
  for (const CheckoutCustomFieldParams& given : fields) {
    FillCustomField(given, *link.add_custom_fields());
  }
}

CustomFieldParamsList PaymentLinkCustomFieldParams(const PaymentLink& link) {
  CustomFieldParamsList list;
  for (const PaymentLinkCustomField& field : link.custom_fields()) {
    CheckoutCustomFieldParams* given = list.Add();
    given->set_key(field.key());
    given->mutable_label()->set_custom(field.label().custom());
    given->mutable_label()->set_type(field.label().type());
    if (field.optional()) given->set_optional(true);
    given->set_type(field.type());
    if (field.has_dropdown()) {
      CheckoutCustomFieldDropdownParams* dropdown = given->mutable_dropdown();
      if (field.dropdown().has_default_value()) {
        dropdown->set_default_value(field.dropdown().default_value());
      }
      for (const CheckoutCustomFieldOption& option : field.dropdown().options()) {
        CheckoutCustomFieldOptionParams* added = dropdown->add_options();
        added->set_label(option.label());
        added->set_value(option.value());
      }
    }
    if (field.has_numeric()) *given->mutable_numeric() = LengthParams(field.numeric());
    if (field.has_text()) *given->mutable_text() = LengthParams(field.text());
  }
  return list;
}

}  // namespace internal
}  // namespace paysim
