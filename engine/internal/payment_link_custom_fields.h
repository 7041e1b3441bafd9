// payment_link_custom_fields.h (internal): a Payment Link's `custom_fields`, the fields each
// session it opens asks the customer to fill in (checkout_custom_fields.h has the rules).
//
// Given on create, or on update (the new list replaces the old; `custom_fields=` removes them
// all), checked as Checkout checks a session's (at most 3; keys, labels, types, options and
// lengths; refusals name `custom_fields[i][...]`). The link renders each field as Stripe's
// link does: a session's field without its `value` (the customer's entry belongs to the
// session); `[]` without fields. Each session the link opens takes the fields; what the
// customer enters becomes that session's values.
#ifndef PAYSIM_ENGINE_INTERNAL_PAYMENT_LINK_CUSTOM_FIELDS_H_
#define PAYSIM_ENGINE_INTERNAL_PAYMENT_LINK_CUSTOM_FIELDS_H_

#include "absl/status/status.h"
#include "google/protobuf/repeated_field.h"
#include "proto/checkout_params.pb.h"
#include "proto/payment_link.obj.h"

namespace paysim {
namespace internal {

using CustomFieldParamsList = google::protobuf::RepeatedPtrField<CheckoutCustomFieldParams>;

// CheckPaymentLinkCustomFields()
//
// `fields` checked as a session's: the first refusal, or OK.
absl::Status CheckPaymentLinkCustomFields(const CustomFieldParamsList& fields);

// SetPaymentLinkCustomFields()
//
// Replaces the link's custom fields by `fields` (checked).
void SetPaymentLinkCustomFields(const CustomFieldParamsList& fields, PaymentLink& link);

// PaymentLinkCustomFieldParams()
//
// The parameters that describe the link's custom fields (what it passes to its sessions).
CustomFieldParamsList PaymentLinkCustomFieldParams(const PaymentLink& link);

}  // namespace internal
}  // namespace paysim

#endif  // PAYSIM_ENGINE_INTERNAL_PAYMENT_LINK_CUSTOM_FIELDS_H_
