// A Checkout Session's custom fields (checkout_custom_fields.h).
#include "engine/internal/checkout_custom_fields.h"

#include <map>
#include <set>
#include <string>
#include <tuple>
#include <utility>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "engine/internal/intent_common.h"
#include "engine/internal/status_macros.h"
#include "engine/stripe_error.h"

namespace paysim {
namespace internal {
namespace {

constexpr int kMaxKeyLength = 200;
constexpr int kMaxLabelLength = 50;
constexpr int kMaxOptions = 200;
constexpr int kMaxOptionLength = 100;
constexpr int kMaxEntryLength = 255;

std::string FieldParam(int i, absl::string_view field) {
  return absl::StrCat("custom_fields[", i, "][", field, "]");
}

bool IsAlphanumeric(absl::string_view text) {
  if (text.empty()) return false;
  for (char c : text) {
    if (!absl::ascii_isalnum(static_cast<unsigned char>(c))) return false;
  }
  return true;
}

bool IsDigits(absl::string_view text) {
  for (char c : text) {
    if (!absl::ascii_isdigit(static_cast<unsigned char>(c))) return false;
  }
  return true;
}

absl::Status CheckLabel(const CheckoutCustomFieldParams& field, int i) {
  if (!field.has_label()) return ParameterMissing(FieldParam(i, "label"));
  const std::string param = FieldParam(i, "label");
  if (!field.label().has_type()) return ParameterMissing(absl::StrCat(param, "[type]"));
  PAYSIM_RETURN_IF_ERROR(ValidateEnum(field.label().type(), {"custom"},
                                      absl::StrCat(param, "[type]")));
  if (!field.label().has_custom()) return ParameterMissing(absl::StrCat(param, "[custom]"));
  if (field.label().custom().size() > static_cast<size_t>(kMaxLabelLength)) {
    return StringTooLong(absl::StrCat(param, "[custom]"), kMaxLabelLength);
  }
  return absl::OkStatus();
}

absl::Status CheckDropdown(const CheckoutCustomFieldDropdownParams& dropdown, int i) {
  const std::string param = FieldParam(i, "dropdown");
  if (dropdown.options().empty()) return ParameterMissing(absl::StrCat(param, "[options]"));
  if (dropdown.options_size() > kMaxOptions) {
    return InvalidRequestError("", absl::StrCat(param, "[options]"),
                               absl::StrCat("A dropdown may have at most ", kMaxOptions,
                                            " options."));
  }
  std::set<std::string> values;
  for (int j = 0; j < dropdown.options_size(); ++j) {
    const CheckoutCustomFieldOptionParams& option = dropdown.options(j);
    const std::string at = absl::StrCat(param, "[options][", j, "]");
    if (!option.has_label()) return ParameterMissing(absl::StrCat(at, "[label]"));
    if (!option.has_value()) return ParameterMissing(absl::StrCat(at, "[value]"));
    if (option.label().size() > static_cast<size_t>(kMaxOptionLength)) {
      return StringTooLong(absl::StrCat(at, "[label]"), kMaxOptionLength);
    }
    if (option.value().size() > static_cast<size_t>(kMaxOptionLength)) {
      return StringTooLong(absl::StrCat(at, "[value]"), kMaxOptionLength);
    }
    if (!IsAlphanumeric(option.value()) || !values.insert(option.value()).second) {
      return InvalidRequestError("", absl::StrCat(at, "[value]"),
                                 "An option's value must be alphanumeric and unique to it.");
    }
  }
  if (dropdown.has_default_value() && values.count(dropdown.default_value()) == 0) {
    return InvalidRequestError("", absl::StrCat(param, "[default_value]"),
                               "The default_value must be the value of one of the options.");
  }
  return absl::OkStatus();
}

absl::Status CheckLengths(const CheckoutCustomFieldLengthParams& entry, int i,
                          absl::string_view type) {
  const std::string param = FieldParam(i, type);
  for (const auto& [name, given, value] :
       {std::make_tuple("minimum_length", entry.has_minimum_length(), entry.minimum_length()),
        std::make_tuple("maximum_length", entry.has_maximum_length(), entry.maximum_length())}) {
    if (given && (value < 1 || value > kMaxEntryLength)) {
      return InvalidRequestError("parameter_invalid_integer",
                                 absl::StrCat(param, "[", name, "]"),
                                 absl::StrCat("This value must be between 1 and ",
                                              kMaxEntryLength, "."));
    }
  }
  if (entry.has_minimum_length() && entry.has_maximum_length() &&
      entry.minimum_length() > entry.maximum_length()) {
    return InvalidRequestError("", absl::StrCat(param, "[minimum_length]"),
                               "The minimum_length must be less than or equal to the "
                               "maximum_length.");
  }
  if (entry.has_default_value()) {
    const std::string at = absl::StrCat(param, "[default_value]");
    if (entry.default_value().size() > static_cast<size_t>(kMaxEntryLength)) {
      return StringTooLong(at, kMaxEntryLength);
    }
    if (type == "numeric" && !IsDigits(entry.default_value())) {
      return InvalidRequestError("", at, "A numeric field's default_value may hold digits only.");
    }
  }
  return absl::OkStatus();
}

// The settings of the other types must be absent.
absl::Status CheckOnlyItsType(const CheckoutCustomFieldParams& field, int i) {
  const std::string& type = field.type();
  for (const auto& [name, given] : {std::make_pair("dropdown", field.has_dropdown()),
                                    std::make_pair("numeric", field.has_numeric()),
                                    std::make_pair("text", field.has_text())}) {
    if (given && type != name) {
      return InvalidRequestError("", FieldParam(i, name),
                                 absl::StrCat("`", name, "` can only be set when `type` is `",
                                              name, "`."));
    }
  }
  return absl::OkStatus();
}

absl::Status CheckField(const CheckoutCustomFieldParams& field, int i,
                        std::set<std::string>& keys) {
  if (!field.has_key()) return ParameterMissing(FieldParam(i, "key"));
  if (field.key().size() > static_cast<size_t>(kMaxKeyLength)) {
    return StringTooLong(FieldParam(i, "key"), kMaxKeyLength);
  }
  if (!IsAlphanumeric(field.key()) || !keys.insert(field.key()).second) {
    return InvalidRequestError("", FieldParam(i, "key"),
                               "A custom field's key must be alphanumeric and unique to it.");
  }
  PAYSIM_RETURN_IF_ERROR(CheckLabel(field, i));
  if (!field.has_type()) return ParameterMissing(FieldParam(i, "type"));
  PAYSIM_RETURN_IF_ERROR(
      ValidateEnum(field.type(), {"dropdown", "numeric", "text"}, FieldParam(i, "type")));
  PAYSIM_RETURN_IF_ERROR(CheckOnlyItsType(field, i));
  if (field.type() == "dropdown") {
    if (!field.has_dropdown()) return ParameterMissing(FieldParam(i, "dropdown"));
    return CheckDropdown(field.dropdown(), i);
  }
  return CheckLengths(field.type() == "numeric" ? field.numeric() : field.text(), i,
                      field.type());
}

// The entry of `field`, checked; "" when left empty (an optional field).
absl::StatusOr<std::string> CheckEntry(const CheckoutCustomField& field,
                                       const std::string* given) {
  const std::string param = absl::StrCat("custom_fields[", field.key(), "]");
  std::string value;
  if (given != nullptr) {
    value = *given;
  } else if (field.type() == "dropdown") {
    value = field.dropdown().default_value();
  } else {
    value = (field.type() == "numeric" ? field.numeric() : field.text()).default_value();
  }
  if (value.empty()) {
    if (field.optional()) return value;
    return InvalidRequestError("", param,
                               absl::StrCat("The field \"", field.label().custom(),
                                            "\" is required."));
  }
  if (field.type() == "dropdown") {
    for (const CheckoutCustomFieldOption& option : field.dropdown().options()) {
      if (option.value() == value) return value;
    }
    return InvalidRequestError("", param,
                               absl::StrCat("\"", value, "\" is not an option of the field \"",
                                            field.label().custom(), "\"."));
  }
  const CheckoutCustomFieldEntry& entry =
      field.type() == "numeric" ? field.numeric() : field.text();
  if (field.type() == "numeric" && !IsDigits(value)) {
    return InvalidRequestError("", param,
                               absl::StrCat("The field \"", field.label().custom(),
                                            "\" takes digits only."));
  }
  const int64_t length = static_cast<int64_t>(value.size());
  const int64_t minimum = entry.has_minimum_length() ? entry.minimum_length() : 1;
  const int64_t maximum = entry.has_maximum_length() ? entry.maximum_length() : kMaxEntryLength;
  if (length < minimum || length > maximum) {
    return InvalidRequestError("", param,
                               absl::StrCat("The field \"", field.label().custom(),
                                            "\" takes ", minimum, " to ", maximum,
                                            " characters."));
  }
  return value;
}

}  // namespace

absl::Status CheckCustomFields(const CheckoutSessionCreateParams& params, bool elements,
                               absl::string_view ui_name) {
  if (params.custom_fields().empty()) return absl::OkStatus();
  if (elements) {
    return InvalidRequestError("", "custom_fields",
                               absl::StrCat("You can't set `custom_fields` when `ui_mode` is `",
                                            ui_name, "`."));
  }
  if (params.custom_fields_size() > kCheckoutMaxCustomFields) {
    return InvalidRequestError("", "custom_fields",
                               absl::StrCat("You can pass up to ", kCheckoutMaxCustomFields,
                                            " custom fields."));
  }
  std::set<std::string> keys;
  for (int i = 0; i < params.custom_fields_size(); ++i) {
    PAYSIM_RETURN_IF_ERROR(CheckField(params.custom_fields(i), i, keys));
  }
  return absl::OkStatus();
}

void SetCustomFields(const CheckoutSessionCreateParams& params, CheckoutSession& session) {
  for (const CheckoutCustomFieldParams& given : params.custom_fields()) {
    FillCustomField(given, *session.add_custom_fields());
  }
}

absl::StatusOr<std::map<std::string, std::string>> CheckEnteredCustomFields(
    const CheckoutSession& session,
    const google::protobuf::Map<std::string, std::string>& entered) {
  for (const auto& [key, value] : entered) {
    bool known = false;
    for (const CheckoutCustomField& field : session.custom_fields()) known |= field.key() == key;
    if (!known) {
      return InvalidRequestError("", absl::StrCat("custom_fields[", key, "]"),
                                 absl::StrCat("This Checkout Session has no custom field ",
                                              key, "."));
    }
  }
  std::map<std::string, std::string> kept;
  for (const CheckoutCustomField& field : session.custom_fields()) {
    const auto it = entered.find(field.key());
    PAYSIM_ASSIGN_OR_RETURN(std::string value,
                            CheckEntry(field, it != entered.end() ? &it->second : nullptr));
    if (!value.empty()) kept[field.key()] = std::move(value);
  }
  return kept;
}

void FillCustomFieldValues(CheckoutSession& session) {
  const obj::StringMap& entered = session.entered_custom_fields();
  for (int i = 0; i < session.custom_fields_size(); ++i) {
    CheckoutCustomField& field = *session.mutable_custom_fields(i);
    const auto it = entered.find(field.key());
    if (it == entered.end()) continue;
    const std::string& value = it->second;
    if (field.type() == "dropdown") {
      field.mutable_dropdown()->set_value(value);
    } else if (field.type() == "numeric") {
      field.mutable_numeric()->set_value(value);
    } else {
      field.mutable_text()->set_value(value);
    }
  }
}

}  // namespace internal
}  // namespace paysim
