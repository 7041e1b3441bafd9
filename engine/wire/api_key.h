// api_key.h: the `Authorization` header of a wire request, checked as Stripe's test mode does.
//
// Accepted: `Bearer sk_test_...` and `Basic base64("sk_test_...:")` (what `curl -u sk_test_...:`
// sends); restricted test keys (`rk_test_...`) too, and publishable test keys (`pk_test_...`,
// what Stripe.js sends), which only some routes take (routes.h, publishable_key.h). Any
// non-empty key body of letters, digits and '_' is valid: paysim has one account and no key
// registry.
//
// Refused with HTTP 401 (type invalid_request_error, no code, as Stripe answers):
//   - no header, an empty key, or a scheme other than Bearer/Basic: "You did not provide an API
//     key. ..." (Stripe's text);
//   - a live key (`sk_live_...`, `rk_live_...`, `pk_live_...`): paysim is a test-mode simulator;
//   - anything else: "Invalid API Key provided: <first 6 characters>***". Stripe masks the
//     key too; showing 6 characters and no tail is paysim's choice (it never echoes a whole
//     key, which may be a real one pasted by mistake).
//
// Example:
//   CheckAuthorization("Bearer sk_test_123").ok() == true
//   *ReadApiKey("Bearer pk_test_123") == ApiKeyKind::kPublishable
//   HttpStatus(CheckAuthorization(absl::nullopt)) == 401
//
// Thread safety: thread-safe (pure functions).
#ifndef PAYSIM_ENGINE_WIRE_API_KEY_H_
#define PAYSIM_ENGINE_WIRE_API_KEY_H_

#include <string>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/types/optional.h"

namespace paysim {
namespace wire {

// What a usable key may do: everything (a secret or restricted key), or only what Stripe lets
// a browser do (a publishable key).
enum class ApiKeyKind { kSecret, kPublishable };

// ReadApiKey()
//
// The kind of test key that `authorization` (the header's value, nullopt when absent)
// carries; otherwise a 401 Stripe error.
absl::StatusOr<ApiKeyKind> ReadApiKey(absl::optional<absl::string_view> authorization);

// OK if `authorization` carries a usable test key of either kind; otherwise ReadApiKey's error.
absl::Status CheckAuthorization(absl::optional<absl::string_view> authorization);

// The key as shown in "Invalid API Key provided: ..." ("sk_foobar" -> "sk_foo***").
std::string MaskApiKey(absl::string_view key);

}  // namespace wire
}  // namespace paysim

#endif  // PAYSIM_ENGINE_WIRE_API_KEY_H_
