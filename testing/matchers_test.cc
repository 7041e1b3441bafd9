#include "testing/paysim_testing.h"

namespace paysim::testing {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

TEST(StatusMatchers, MatchOkAndErrors) {
  EXPECT_THAT(absl::OkStatus(), IsOk());
  EXPECT_THAT(absl::StatusOr<int>(3), IsOkAndHolds(3));
  EXPECT_THAT(absl::StatusOr<int>(absl::NotFoundError("gone")),
              StatusIs(absl::StatusCode::kNotFound, HasSubstr("gone")));
  EXPECT_THAT(absl::NotFoundError("gone"), Not(IsOk()));
}

TEST(StripeMatchers, MatchTypeCodeParamAndHttpStatus) {
  absl::Status missing = ParameterMissing("amount");
  EXPECT_THAT(missing, StripeErrorIs("invalid_request_error", "parameter_missing"));
  EXPECT_THAT(missing, StripeErrorWithParam("invalid_request_error", "parameter_missing", "amount"));
  EXPECT_THAT(missing, HttpStatusIs(400));
  EXPECT_THAT(missing, Not(StripeErrorIs("card_error", "parameter_missing")));
  EXPECT_THAT(absl::InternalError("x"), Not(StripeErrorIs("api_error", "")));
}

TEST(FakeClock, MovesOnlyForward) {
  FakeClock clock(absl::FromUnixSeconds(100));
  clock.Advance(absl::Seconds(5));
  EXPECT_EQ(clock.Now(), absl::FromUnixSeconds(105));
  clock.Advance(absl::Seconds(-50));
  clock.SetTime(absl::FromUnixSeconds(10));
  EXPECT_EQ(clock.Now(), absl::FromUnixSeconds(105));
}

TEST(ParseParams, ReadsTextFormat) {
  auto params = ParseParams<ChargeCreateParams>(R"pb(amount: 999 currency: "usd")pb");
  EXPECT_EQ(params.amount(), 999);
  EXPECT_EQ(params.currency(), "usd");
}

}  // namespace
}  // namespace paysim::testing
