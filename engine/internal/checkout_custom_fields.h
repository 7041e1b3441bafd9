// checkout_custom_fields.h (internal): a Checkout Session's `custom_fields`, the fields the
// page asks the customer to fill in (Stripe's "Add custom fields" guide and reference).
//
// At creation, each field has a `key` (alphanumeric, unique, at most 200 characters), a
// `label` (`type=custom`, `custom` at most 50 characters), a `type` and its settings:
//   dropdown  `options` (1 to 200, each a `label` and an alphanumeric, unique `value` of at
//             most 100 characters), `default_value` one of the values;
//   numeric   digits only; `minimum_length`/`maximum_length` (1-255, minimum <= maximum),
//             `default_value`;
//   text      the same lengths and `default_value`.
// At most 3 fields, not with ui_mode custom/elements ("You can't set this parameter if
// `ui_mode` is `custom`"). `optional` (default false) lets the customer leave a field empty.
//
// On the page (CheckoutPayParams.custom_fields, by key), a field left out takes its
// default_value; a required field without a value, a dropdown value that is no option, a
// numeric entry that is not digits, an entry outside the field's lengths and an unknown key
// are refused (400, param `custom_fields[<key>]`). The entries are kept with the session and
// become each field's `value` when it completes (null until then, and for a field left
// empty).
//
// UNCERTAIN: Stripe's wording of every refusal here.
//
// REQUIRES (every function taking a World): the world's lock held.
#ifndef PAYSIM_ENGINE_INTERNAL_CHECKOUT_CUSTOM_FIELDS_H_
#define PAYSIM_ENGINE_INTERNAL_CHECKOUT_CUSTOM_FIELDS_H_

#include <map>
#include <string>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "proto/checkout.obj.h"
#include "proto/checkout_params.pb.h"
#include "proto/params.pb.h"

namespace paysim {
namespace internal {

// Stripe's limits.
constexpr int kCheckoutMaxCustomFields = 3;

// CheckCustomFields()
//
// The `custom_fields` of a create request checked (`elements`: the session's ui_mode is
// custom/elements, named `ui_name` as the request's version names it): the first refusal,
// naming `custom_fields[i][...]`.
absl::Status CheckCustomFields(const CheckoutSessionCreateParams& params, bool elements,
                               absl::string_view ui_name);

// FillCustomField()
//
// `field` (a session's CheckoutCustomField, or a Payment Link's PaymentLinkCustomField, which
// has no value) as `given` (checked) describes it.
template <typename Entry>
void FillCustomFieldEntry(const CheckoutCustomFieldLengthParams& given, Entry& entry) {
  if (given.has_default_value()) entry.set_default_value(given.default_value());
  if (given.has_maximum_length()) entry.set_maximum_length(given.maximum_length());
  if (given.has_minimum_length()) entry.set_minimum_length(given.minimum_length());
}
template <typename Field>
void FillCustomField(const CheckoutCustomFieldParams& given, Field& field) {
  field.set_key(given.key());
  field.mutable_label()->set_custom(given.label().custom());
  field.mutable_label()->set_type(given.label().type());
  field.set_optional(given.has_optional() && given.optional());
  field.set_type(given.type());
  if (given.type() == "dropdown") {
    auto* dropdown = field.mutable_dropdown();
    if (given.dropdown().has_default_value()) {
      dropdown->set_default_value(given.dropdown().default_value());
    }
    for (const CheckoutCustomFieldOptionParams& option : given.dropdown().options()) {
      CheckoutCustomFieldOption* added = dropdown->add_options();
      added->set_label(option.label());
      added->set_value(option.value());
    }
  } else if (given.type() == "numeric") {
    FillCustomFieldEntry(given.numeric(), *field.mutable_numeric());
  } else {
    FillCustomFieldEntry(given.text(), *field.mutable_text());
  }
}

// SetCustomFields()
//
// The session's `custom_fields` as created (checked), with no values.
void SetCustomFields(const CheckoutSessionCreateParams& params, CheckoutSession& session);

// CheckEnteredCustomFields()
//
// What the customer fills in (`entered`, by key) checked against the session's fields: the
// entries to keep (defaults taken, empty ones left out), or the first refusal.
absl::StatusOr<std::map<std::string, std::string>> CheckEnteredCustomFields(
    const CheckoutSession& session, const google::protobuf::Map<std::string, std::string>& entered);

// FillCustomFieldValues()
//
// On completion: each field's `value` from the entries kept (`entered_custom_fields`).
void FillCustomFieldValues(CheckoutSession& session);

}  // namespace internal
}  // namespace paysim

#endif  // PAYSIM_ENGINE_INTERNAL_CHECKOUT_CUSTOM_FIELDS_H_
