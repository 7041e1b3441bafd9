// A Checkout Session's or Payment Link's custom text (checkout_custom_text.h).
#include "engine/internal/checkout_custom_text.h"

#include <string>

#include "absl/strings/str_cat.h"
#include "absl/strings/string_view.h"
#include "engine/internal/status_macros.h"
#include "engine/stripe_error.h"

namespace paysim {
namespace internal {
namespace {

// One position given to ApplyCustomText: a message replaces the old one; empty, removed.
template <typename Clear, typename Mutable>
void ApplyPosition(bool has, const CheckoutCustomTextPositionParams& given, Clear clear,
                   Mutable mutable_position) {
  if (!has) return;
  if (given.message().empty()) {
    clear();
  } else {
    mutable_position()->set_message(given.message());
  }
}

// The error about one position given, or OK.
absl::Status CheckPosition(bool has, const CheckoutCustomTextPositionParams& given,
                           absl::string_view name) {
  if (!has || given.ByteSizeLong() == 0) return absl::OkStatus();
  const std::string param = absl::StrCat("custom_text[", name, "][message]");
  if (!given.has_message()) return ParameterMissing(param);
  if (given.message().size() > static_cast<size_t>(kCheckoutCustomTextMaxLength)) {
    return StringTooLong(param, kCheckoutCustomTextMaxLength);
  }
  return absl::OkStatus();
}

}  // namespace

absl::Status CheckCustomText(const CheckoutCustomTextParams& given) {
  PAYSIM_RETURN_IF_ERROR(
      CheckPosition(given.has_after_submit(), given.after_submit(), "after_submit"));
  PAYSIM_RETURN_IF_ERROR(
      CheckPosition(given.has_shipping_address(), given.shipping_address(), "shipping_address"));
  PAYSIM_RETURN_IF_ERROR(CheckPosition(given.has_submit(), given.submit(), "submit"));
  return CheckPosition(given.has_terms_of_service_acceptance(),
                       given.terms_of_service_acceptance(), "terms_of_service_acceptance");
}

void ApplyCustomText(const CheckoutCustomTextParams& given, CheckoutCustomText& text) {
  ApplyPosition(
      given.has_after_submit(), given.after_submit(), [&] { text.clear_after_submit(); },
      [&] { return text.mutable_after_submit(); });
  ApplyPosition(
      given.has_shipping_address(), given.shipping_address(),
      [&] { text.clear_shipping_address(); }, [&] { return text.mutable_shipping_address(); });
  ApplyPosition(
      given.has_submit(), given.submit(), [&] { text.clear_submit(); },
      [&] { return text.mutable_submit(); });
  ApplyPosition(
      given.has_terms_of_service_acceptance(), given.terms_of_service_acceptance(),
      [&] { text.clear_terms_of_service_acceptance(); },
      [&] { return text.mutable_terms_of_service_acceptance(); });
}

CheckoutCustomTextParams CustomTextParams(const CheckoutCustomText& text) {
  CheckoutCustomTextParams given;
  if (text.has_after_submit()) {
    given.mutable_after_submit()->set_message(text.after_submit().message());
  }
  if (text.has_shipping_address()) {
    given.mutable_shipping_address()->set_message(text.shipping_address().message());
  }
  if (text.has_submit()) given.mutable_submit()->set_message(text.submit().message());
  if (text.has_terms_of_service_acceptance()) {
    given.mutable_terms_of_service_acceptance()->set_message(
        text.terms_of_service_acceptance().message());
  }
  return given;
}

}  // namespace internal
}  // namespace paysim
