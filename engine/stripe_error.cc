#include "engine/stripe_error.h"

#include <utility>

#include "absl/strings/cord.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_replace.h"

namespace paysim {
namespace {

constexpr absl::string_view kPayloadUrl = "type.googleapis.com/paysim.StripeError";

absl::StatusCode CodeFor(int http_status, bool state_conflict) {
  switch (http_status) {
    case 401:
      return absl::StatusCode::kUnauthenticated;
    case 402:
      return absl::StatusCode::kFailedPrecondition;
    case 403:
      return absl::StatusCode::kPermissionDenied;
    case 404:
      return absl::StatusCode::kNotFound;
    case 409:
      return absl::StatusCode::kAborted;
    case 429:
      return absl::StatusCode::kResourceExhausted;
    case 400:
      return state_conflict ? absl::StatusCode::kFailedPrecondition
                            : absl::StatusCode::kInvalidArgument;
    default:
      return absl::StatusCode::kInternal;
  }
}

}  // namespace

absl::Status MakeStripeError(StripeError error, bool state_conflict) {
  if (error.http_status() == 0) error.set_http_status(400);
  if (error.has_code() && !error.has_doc_url()) error.set_doc_url(ErrorDocUrl(error.code()));
  absl::Status status(CodeFor(error.http_status(), state_conflict), error.message());
  status.SetPayload(kPayloadUrl, absl::Cord(error.SerializeAsString()));
  return status;
}

absl::optional<StripeError> GetStripeError(const absl::Status& status) {
  if (status.ok()) return absl::nullopt;
  absl::optional<absl::Cord> payload = status.GetPayload(kPayloadUrl);
  if (!payload.has_value()) return absl::nullopt;
  StripeError error;
  if (!error.ParseFromString(std::string(*payload))) return absl::nullopt;
  return error;
}

int HttpStatus(const absl::Status& status) {
  if (status.ok()) return 200;
  absl::optional<StripeError> error = GetStripeError(status);
  return error.has_value() ? error->http_status() : 500;
}

std::string ErrorDocUrl(absl::string_view code) {
  return absl::StrCat("https://stripe.com/docs/error-codes/",
                      absl::StrReplaceAll(code, {{"_", "-"}}));
}

absl::Status InvalidRequestError(absl::string_view code, absl::string_view param,
                                 absl::string_view message) {
  StripeError error;
  error.set_type("invalid_request_error");
  if (!code.empty()) error.set_code(std::string(code));
  if (!param.empty()) error.set_param(std::string(param));
  error.set_message(std::string(message));
  error.set_http_status(400);
  return MakeStripeError(std::move(error));
}

absl::Status StateError(absl::string_view code, absl::string_view param,
                        absl::string_view message) {
  StripeError error;
  error.set_type("invalid_request_error");
  if (!code.empty()) error.set_code(std::string(code));
  if (!param.empty()) error.set_param(std::string(param));
  error.set_message(std::string(message));
  error.set_http_status(400);
  return MakeStripeError(std::move(error), /*state_conflict=*/true);
}

absl::Status ParameterMissing(absl::string_view param) {
  return InvalidRequestError("parameter_missing", param,
                             absl::StrCat("Missing required param: ", param, "."));
}

absl::Status StringTooLong(absl::string_view param, int64_t limit) {
  // UNCERTAIN: Stripe's wording (its API reference gives the limits).
  return InvalidRequestError(
      "", param, absl::StrCat("Invalid ", param, ": must be at most ", limit, " characters"));
}

absl::Status ParameterUnknown(absl::string_view param) {
  return InvalidRequestError("parameter_unknown", param,
                             absl::StrCat("Received unknown parameter: ", param));
}

absl::Status ResourceMissing(absl::string_view kind, absl::string_view id,
                             absl::string_view param) {
  StripeError error;
  error.set_type("invalid_request_error");
  error.set_code("resource_missing");
  error.set_param(std::string(param));
  error.set_message(absl::StrCat("No such ", kind, ": '", id, "'"));
  // 404 for the object named by the URL; 400 for an id given as a request parameter.
  error.set_http_status(param == "id" ? 404 : 400);
  return MakeStripeError(std::move(error));
}

absl::Status IdempotencyKeyReused(absl::string_view key) {
  StripeError error;
  error.set_type("idempotency_error");
  error.set_message(absl::StrCat(
      "Keys for idempotent requests can only be used with the same parameters they were first "
      "used with. Try using a key other than '",
      key, "' if you meant to execute a different request."));
  error.set_http_status(400);
  return MakeStripeError(std::move(error));
}

}  // namespace paysim
