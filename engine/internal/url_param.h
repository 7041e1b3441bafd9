// A URL given as a request parameter (Checkout's success/cancel/return URLs, a Payment Link's
// redirect, the customer portal's return and policy URLs): one check, one set of messages.
#ifndef PAYSIM_ENGINE_INTERNAL_URL_PARAM_H_
#define PAYSIM_ENGINE_INTERNAL_URL_PARAM_H_

#include <cstddef>

#include "absl/status/status.h"
#include "absl/strings/string_view.h"

namespace paysim {
namespace internal {

// The longest URL Stripe takes in these parameters.
inline constexpr size_t kUrlParamMaxLength = 5000;

// OK for an absolute http(s) URL with a host and no spaces, at most kUrlParamMaxLength long.
// Otherwise invalid_request_error `url_invalid` naming `param`: "Invalid URL: URL must be 5000
// characters or less." for a long one, "Not a valid URL" for any other.
// UNCERTAIN: Stripe checks URLs beyond their scheme; paysim asks for an absolute http(s) URL.
absl::Status CheckUrlParam(absl::string_view url, absl::string_view param);

}  // namespace internal
}  // namespace paysim

#endif  // PAYSIM_ENGINE_INTERNAL_URL_PARAM_H_
