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

TEST(RestoredCopy, ContinuesFromTheStateThenRunsApart) {
  FakeClock clock;
  Engine engine({.clock = &clock, .seed = 7});
  absl::StatusOr<Charge> held = engine.charges().Create(ParseParams<ChargeCreateParams>(
      R"pb(amount: 999 currency: "usd" source: "tok_visa" capture: false)pb"));
  ASSERT_THAT(held, IsOk());
  FakeClock copy_clock;
  absl::StatusOr<std::unique_ptr<Engine>> copy = RestoredCopy(engine, {.clock = &copy_clock});
  ASSERT_THAT(copy, IsOk());
  EXPECT_THAT((*copy)->charges().Retrieve(held->id()), IsOk());
  // The copy draws the ids the original would draw next; then each goes its own way.
  absl::StatusOr<Customer> in_copy = (*copy)->customers().Create(CustomerCreateParams());
  absl::StatusOr<Customer> in_original = engine.customers().Create(CustomerCreateParams());
  ASSERT_THAT(in_copy, IsOk());
  ASSERT_THAT(in_original, IsOk());
  EXPECT_EQ(in_copy->id(), in_original->id());
  ASSERT_THAT(engine.charges().Capture(held->id(), ChargeCaptureParams()), IsOk());
  absl::StatusOr<Charge> still_held = (*copy)->charges().Retrieve(held->id());
  ASSERT_THAT(still_held, IsOk());
  EXPECT_FALSE(still_held->captured());
}

}  // namespace
}  // namespace paysim::testing
