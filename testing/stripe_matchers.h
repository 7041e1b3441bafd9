// stripe_matchers.h: gMock matchers for Stripe errors and objects.
//
//   EXPECT_THAT(engine.charges().Create(declined),
//               StripeErrorIs("card_error", "card_declined", "insufficient_funds"));
//   EXPECT_THAT(engine.charges().Create(no_amount),
//               StripeErrorWithParam("invalid_request_error", "parameter_missing", "amount"));
//   EXPECT_THAT(engine.charges().Retrieve(id),
//               IsOkAndHolds(ChargeIs("succeeded", /*captured=*/true)));
//
// Each works on an absl::Status or an absl::StatusOr<T>.
#ifndef PAYSIM_TESTING_STRIPE_MATCHERS_H_
#define PAYSIM_TESTING_STRIPE_MATCHERS_H_

#include <string>

#include "absl/types/optional.h"
#include "engine/stripe_error.h"
#include "gmock/gmock.h"
#include "testing/status_matchers.h"

namespace paysim {
namespace testing {
namespace stripe_internal {

inline absl::optional<StripeError> ErrorOf(const absl::Status& status,
                                           ::testing::MatchResultListener* listener) {
  absl::optional<StripeError> error = GetStripeError(status);
  if (!error.has_value()) *listener << "status " << status << " carries no Stripe error";
  return error;
}

inline void Describe(const StripeError& e, ::testing::MatchResultListener* listener) {
  *listener << "Stripe error {type: " << e.type() << ", code: " << e.code()
            << ", decline_code: " << e.decline_code() << ", param: " << e.param()
            << ", http: " << e.http_status() << ", message: " << e.message() << "}";
}

}  // namespace stripe_internal

// The status carries a Stripe error of `type` and `code` (an empty `code` requires none).
MATCHER_P2(StripeErrorIs, type, code,
           std::string("is a Stripe ") + type + " with code '" + code + "'") {
  auto e = stripe_internal::ErrorOf(status_internal::GetStatus(arg), result_listener);
  if (!e.has_value()) return false;
  stripe_internal::Describe(*e, result_listener);
  return e->type() == type && e->code() == std::string(code);
}

// ...and its decline_code.
MATCHER_P3(StripeErrorIs, type, code, decline_code,
           std::string("is a Stripe ") + type + " with code '" + code + "' and decline_code '" +
               decline_code + "'") {
  auto e = stripe_internal::ErrorOf(status_internal::GetStatus(arg), result_listener);
  if (!e.has_value()) return false;
  stripe_internal::Describe(*e, result_listener);
  return e->type() == type && e->code() == std::string(code) &&
         e->decline_code() == std::string(decline_code);
}

// A Stripe error of `type` and `code` that names `param`.
MATCHER_P3(StripeErrorWithParam, type, code, param,
           std::string("is a Stripe ") + type + " with code '" + code + "' about param '" +
               param + "'") {
  auto e = stripe_internal::ErrorOf(status_internal::GetStatus(arg), result_listener);
  if (!e.has_value()) return false;
  stripe_internal::Describe(*e, result_listener);
  return e->type() == type && e->code() == std::string(code) && e->param() == std::string(param);
}

// The Stripe error's HTTP status.
MATCHER_P(HttpStatusIs, http_status, "answers HTTP " + ::testing::PrintToString(http_status)) {
  const int actual = HttpStatus(status_internal::GetStatus(arg));
  *result_listener << "HTTP status is " << actual;
  return actual == http_status;
}

// A Charge with this `status` and `captured`.
MATCHER_P2(ChargeIs, status, captured,
           std::string("is a charge with status '") + status + "', captured " +
               (captured ? "true" : "false")) {
  *result_listener << "charge " << arg.id() << " status '" << arg.status() << "' captured "
                   << arg.captured() << " amount_captured " << arg.amount_captured()
                   << " amount_refunded " << arg.amount_refunded();
  return arg.status() == std::string(status) && arg.captured() == captured;
}

// A Charge whose `refunded` flag and `amount_refunded` are as given.
MATCHER_P2(ChargeRefundedIs, refunded, amount_refunded,
           "is a charge with refunded " + ::testing::PrintToString(refunded) +
               " and amount_refunded " + ::testing::PrintToString(amount_refunded)) {
  *result_listener << "charge " << arg.id() << " refunded " << arg.refunded()
                   << " amount_refunded " << arg.amount_refunded();
  return arg.refunded() == refunded && arg.amount_refunded() == amount_refunded;
}

}  // namespace testing
}  // namespace paysim

#endif  // PAYSIM_TESTING_STRIPE_MATCHERS_H_
