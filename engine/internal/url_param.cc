#include "engine/internal/url_param.h"

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "engine/stripe_error.h"

namespace paysim {
namespace internal {

absl::Status CheckUrlParam(absl::string_view url, absl::string_view param) {
  if (url.size() > kUrlParamMaxLength) {
    return InvalidRequestError(
        "url_invalid", param,
        absl::StrCat("Invalid URL: URL must be ", kUrlParamMaxLength, " characters or less."));
  }
  if (!(absl::StartsWith(url, "https://") || absl::StartsWith(url, "http://")) ||
      url.size() <= 8 || absl::StrContains(url, ' ')) {
    return InvalidRequestError("url_invalid", param, "Not a valid URL");
  }
  return absl::OkStatus();
}

}  // namespace internal
}  // namespace paysim
