// stripe_error.h: Stripe API errors as absl::Status values.
//
// A Stripe error (type, code, decline_code, message, param, charge, HTTP status) travels as a
// StripeError proto payload on a non-OK absl::Status. The status code tells the C++ caller the
// kind of failure; the payload carries exactly what Stripe would answer.
//
//   HTTP 400 invalid param   -> kInvalidArgument     HTTP 404 -> kNotFound
//   HTTP 400 state conflict  -> kFailedPrecondition  HTTP 401 -> kUnauthenticated
//   HTTP 402 card_error      -> kFailedPrecondition  HTTP 409 -> kAborted
//   HTTP 400 idempotency     -> kInvalidArgument     HTTP 500 -> kInternal
//
// Example:
//   absl::Status s = ParameterMissing("amount");
//   GetStripeError(s)->param() == "amount"; HttpStatus(s) == 400
#ifndef PAYSIM_ENGINE_STRIPE_ERROR_H_
#define PAYSIM_ENGINE_STRIPE_ERROR_H_

#include <cstdint>
#include <string>

#include "absl/status/status.h"
#include "absl/strings/string_view.h"
#include "absl/types/optional.h"
#include "proto/error.obj.h"

namespace paysim {

// Wraps `error` in a status whose code follows `error.http_status()` (400 when unset).
// `state_conflict` selects kFailedPrecondition for a 400 that is about object state.
absl::Status MakeStripeError(StripeError error, bool state_conflict = false);

// The Stripe error carried by `status`, or nullopt (OK status, or a status from elsewhere).
absl::optional<StripeError> GetStripeError(const absl::Status& status);

// The HTTP status Stripe would answer for `status`: 200 for OK, the payload's status for a
// Stripe error, 500 for any other error.
int HttpStatus(const absl::Status& status);

// `https://stripe.com/docs/error-codes/<code with dashes>`.
std::string ErrorDocUrl(absl::string_view code);

// ---- builders for the errors paysim gives (all HTTP 400 unless stated) ----

// invalid_request_error with `code` (may be empty: Stripe omits some codes) and `param`.
absl::Status InvalidRequestError(absl::string_view code, absl::string_view param,
                                 absl::string_view message);

// invalid_request_error about object state (charge_already_captured, ...): kFailedPrecondition.
absl::Status StateError(absl::string_view code, absl::string_view param,
                        absl::string_view message);

// "Missing required param: <param>." (parameter_missing).
absl::Status ParameterMissing(absl::string_view param);

// "Received unknown parameter: <param>" (parameter_unknown).
absl::Status ParameterUnknown(absl::string_view param);

// "Invalid <param>: must be at most <limit> characters" (a string over the limit Stripe's API
// reference gives; the wording is paysim's).
absl::Status StringTooLong(absl::string_view param, int64_t limit);

// resource_missing: "No such <kind>: '<id>'", with `param`. HTTP 404 when `param` is "id"
// (the object the URL names), 400 when the id came in a request parameter.
absl::Status ResourceMissing(absl::string_view kind, absl::string_view id,
                             absl::string_view param = "id");

// 400 idempotency_error for a key reused with other parameters.
absl::Status IdempotencyKeyReused(absl::string_view key);

}  // namespace paysim

#endif  // PAYSIM_ENGINE_STRIPE_ERROR_H_
