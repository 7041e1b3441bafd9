// A Checkout Session's or Payment Link's custom text (checkout_custom_text.h).
#include "engine/internal/checkout_custom_text.h"

#include <string>
#include <utility>

#include "absl/strings/str_cat.h"
#include "absl/strings/string_view.h"
#include "engine/internal/status_macros.h"
#include "engine/stripe_error.h"

namespace paysim {
namespace internal {
namespace {

// Calls `f(name, given position, has it, mutable rendered position)` for each position.
template <typename F>
void ForEachPosition(const CheckoutCustomTextParams& given, CheckoutCustomText* text, F f) {
  f("after_submit", given.after_submit(), given.has_after_submit(),
    text != nullptr ? text->mutable_after_submit() : nullptr);
  f("shipping_address", given.shipping_address(), given.has_shipping_address(),
    text != nullptr ? text->mutable_shipping_address() : nullptr);
  f("submit", given.submit(), given.has_submit(),
    text != nullptr ? text->mutable_submit() : nullptr);
  f("terms_of_service_acceptance", given.terms_of_service_acceptance(),
    given.has_terms_of_service_acceptance(),
    text != nullptr ? text->mutable_terms_of_service_acceptance() : nullptr);
}

}  // namespace

absl::Status CheckCustomText(const CheckoutCustomTextParams& given) {
  absl::Status status;
  ForEachPosition(given, nullptr,
                  [&](absl::string_view name, const CheckoutCustomTextPositionParams& position,
                      bool has, CheckoutCustomTextMessage*) {
                    if (!status.ok() || !has || position.ByteSizeLong() == 0) return;
                    const std::string param = absl::StrCat("custom_text[", name, "][message]");
                    if (!position.has_message()) {
                      status = ParameterMissing(param);
                    } else if (position.message().size() >
                               static_cast<size_t>(kCheckoutCustomTextMaxLength)) {
                      status = StringTooLong(param, kCheckoutCustomTextMaxLength);
                    }
                  });
  return status;
}

void ApplyCustomText(const CheckoutCustomTextParams& given, CheckoutCustomText& text) {
  CheckoutCustomText updated = text;
  ForEachPosition(given, &updated,
                  [&](absl::string_view, const CheckoutCustomTextPositionParams& position,
                      bool has, CheckoutCustomTextMessage* out) {
                    if (!has) return;
                    if (position.has_message() && !position.message().empty()) {
                      out->set_message(position.message());
                    } else {
                      out->set_message("");
                    }
                  });
  // Positions left without a message are null.
  if (updated.after_submit().message().empty()) updated.clear_after_submit();
  if (updated.shipping_address().message().empty()) updated.clear_shipping_address();
  if (updated.submit().message().empty()) updated.clear_submit();
  if (updated.terms_of_service_acceptance().message().empty()) {
    updated.clear_terms_of_service_acceptance();
  }
  text = std::move(updated);
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
