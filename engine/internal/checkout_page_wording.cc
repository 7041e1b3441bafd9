// A Checkout Session's locale and submit_type (checkout_page_wording.h).
#include "engine/internal/checkout_page_wording.h"

#include "absl/algorithm/container.h"
#include "absl/strings/str_join.h"
#include "engine/internal/intent_common.h"
#include "engine/internal/status_macros.h"
#include "engine/stripe_error.h"

namespace paysim {
namespace internal {
namespace {

// Stripe's Checkout locales.
constexpr absl::string_view kCheckoutLocales[] = {
    "auto", "bg", "cs", "da",    "de",    "el",     "en",    "en-GB", "es", "es-419", "et",
    "fi",   "fil", "fr", "fr-CA", "hr",    "hu",     "id",    "it",    "ja", "ko",     "lt",
    "lv",   "ms", "mt", "nb",    "nl",    "pl",     "pt",    "pt-BR", "ro", "ru",     "sk",
    "sl",   "sv", "th", "tr",    "vi",    "zh",     "zh-HK", "zh-TW"};

}  // namespace

absl::Status CheckPageWording(const CheckoutSessionCreateParams& params,
                              absl::string_view mode) {
  if (params.has_locale() && !absl::c_linear_search(kCheckoutLocales, params.locale())) {
    return InvalidRequestError(
        "", "locale",
        absl::StrCat("Invalid locale: must be one of ", absl::StrJoin(kCheckoutLocales, ", ")));
  }
  if (!params.has_submit_type()) return absl::OkStatus();
  if (mode == "setup") {
    return InvalidRequestError("", "submit_type",
                               "`submit_type` can only be specified on Checkout Sessions in "
                               "`payment` or `subscription` mode.");
  }
  if (mode == "subscription") {
    return ValidateEnum(params.submit_type(), {"auto", "subscribe"}, "submit_type");
  }
  return ValidateEnum(params.submit_type(), {"auto", "book", "donate", "pay", "subscribe"},
                      "submit_type");
}

void SetPageWording(const CheckoutSessionCreateParams& params, CheckoutSession& session) {
  if (params.has_locale()) session.set_locale(params.locale());
  if (params.has_submit_type()) session.set_submit_type(params.submit_type());
}

}  // namespace internal
}  // namespace paysim
