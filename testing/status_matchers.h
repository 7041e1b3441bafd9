// status_matchers.h: gMock matchers for absl::Status and absl::StatusOr<T>.
//
//   EXPECT_THAT(engine.charges().Retrieve(id), IsOk());
//   EXPECT_THAT(engine.charges().Retrieve(id), IsOkAndHolds(ChargeStatusIs("succeeded")));
//   EXPECT_THAT(engine.charges().Retrieve("ch_x"), StatusIs(absl::StatusCode::kNotFound));
//
// There is no NotOk(): assert the specific error (StatusIs, or StripeErrorIs in
// stripe_matchers.h).
#ifndef PAYSIM_TESTING_STATUS_MATCHERS_H_
#define PAYSIM_TESTING_STATUS_MATCHERS_H_

#include <ostream>
#include <string>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "gmock/gmock.h"

namespace paysim {
namespace testing {
namespace status_internal {

inline const absl::Status& GetStatus(const absl::Status& status) { return status; }
template <typename T>
const absl::Status& GetStatus(const absl::StatusOr<T>& status_or) {
  return status_or.status();
}

}  // namespace status_internal

MATCHER(IsOk, "is OK") {
  const absl::Status& status = status_internal::GetStatus(arg);
  if (!status.ok()) *result_listener << "status is " << status;
  return status.ok();
}

MATCHER_P(IsOkAndHolds, matcher, "is OK and holds a value that matches") {
  if (!arg.ok()) {
    *result_listener << "status is " << arg.status();
    return false;
  }
  return ::testing::ExplainMatchResult(matcher, *arg, result_listener);
}

MATCHER_P(StatusIs, code, "has status code " + absl::StatusCodeToString(code)) {
  const absl::Status& status = status_internal::GetStatus(arg);
  *result_listener << "status is " << status;
  return status.code() == code;
}

MATCHER_P2(StatusIs, code, message_matcher,
           "has status code " + absl::StatusCodeToString(code) + " and a message that " +
               ::testing::DescribeMatcher<std::string>(message_matcher)) {
  const absl::Status& status = status_internal::GetStatus(arg);
  *result_listener << "status is " << status;
  return status.code() == code &&
         ::testing::ExplainMatchResult(message_matcher, std::string(status.message()),
                                       result_listener);
}

}  // namespace testing
}  // namespace paysim

#endif  // PAYSIM_TESTING_STATUS_MATCHERS_H_
