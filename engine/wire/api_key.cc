#include "engine/wire/api_key.h"

#include <utility>

#include "absl/strings/ascii.h"
#include "absl/strings/escaping.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "engine/stripe_error.h"
#include "engine/wire/form_decoder.h"
#include "proto/error.obj.h"

namespace paysim {
namespace wire {
namespace {

constexpr size_t kMaskShown = 6;

absl::Status Unauthorized(std::string message) {
  StripeError error;
  error.set_type("invalid_request_error");
  error.set_message(std::move(message));
  error.set_http_status(401);
  return MakeStripeError(std::move(error));
}

absl::Status NoKey() {
  return Unauthorized(
      "You did not provide an API key. You need to provide your API key in the Authorization "
      "header, using Bearer auth (e.g. 'Authorization: Bearer YOUR_SECRET_KEY'). See "
      "https://stripe.com/docs/api#authentication for details, or we can help at "
      "https://support.stripe.com/.");
}

bool ValidKeyBody(absl::string_view body) {
  if (body.empty()) return false;
  for (char c : body) {
    if (!absl::ascii_isalnum(static_cast<unsigned char>(c)) && c != '_') return false;
  }
  return true;
}

absl::StatusOr<ApiKeyKind> CheckKey(absl::string_view key) {
  if (key.empty()) return NoKey();
  for (absl::string_view live : {"sk_live_", "rk_live_", "pk_live_"}) {
    if (absl::StartsWith(key, live)) {
      return Unauthorized(
          absl::StrCat("paysim is a test-mode simulator and refuses live API keys (", live,
                       "...). Use a test key (sk_test_...)."));
    }
  }
  for (absl::string_view test : {"sk_test_", "rk_test_"}) {
    if (absl::StartsWith(key, test) && ValidKeyBody(key.substr(test.size()))) {
      return ApiKeyKind::kSecret;
    }
  }
  constexpr absl::string_view kPublishable = "pk_test_";
  if (absl::StartsWith(key, kPublishable) && ValidKeyBody(key.substr(kPublishable.size()))) {
    return ApiKeyKind::kPublishable;
  }
  return Unauthorized(absl::StrCat("Invalid API Key provided: ", MaskApiKey(key)));
}

// Splits "Scheme credentials" (the scheme compared case-insensitively).
bool HasScheme(absl::string_view value, absl::string_view scheme, absl::string_view* rest) {
  if (value.size() <= scheme.size() || !absl::StartsWithIgnoreCase(value, scheme) ||
      value[scheme.size()] != ' ') {
    return false;
  }
  *rest = absl::StripAsciiWhitespace(value.substr(scheme.size() + 1));
  return true;
}

}  // namespace

std::string MaskApiKey(absl::string_view key) {
  return absl::StrCat(Utf8OrEscaped(key.substr(0, kMaskShown)), "***");
}

absl::Status CheckAuthorization(absl::optional<absl::string_view> authorization) {
  return ReadApiKey(authorization).status();
}

absl::StatusOr<ApiKeyKind> ReadApiKey(absl::optional<absl::string_view> authorization) {
  if (!authorization.has_value()) return NoKey();
  absl::string_view value = absl::StripAsciiWhitespace(*authorization);
  absl::string_view credentials;
  if (HasScheme(value, "Bearer", &credentials)) return CheckKey(credentials);
  if (HasScheme(value, "Basic", &credentials)) {
    std::string decoded;
    if (!absl::Base64Unescape(credentials, &decoded)) {
      return Unauthorized("Invalid API Key provided: the Basic credentials are not base64.");
    }
    // "key:password"; Stripe's key is the user name and the password is empty.
    const size_t colon = decoded.find(':');
    return CheckKey(absl::string_view(decoded).substr(0, colon));
  }
  return NoKey();
}

}  // namespace wire
}  // namespace paysim
