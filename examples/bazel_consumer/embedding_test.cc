// embedding_test.cc: the README's example of paysim embedded in a user's tests, verbatim
// (README.md, "Embedding paysim in your tests"): keep the two the same.
#include "testing/paysim_testing.h"   // Engine, FakeClock, matchers, ParseParams

using paysim::testing::FakeClock;
using paysim::testing::IsOkAndHolds;
using paysim::testing::ParseParams;
using paysim::testing::StripeErrorIs;

TEST(Checkout, UncapturedHoldExpiresAfterSevenDays) {
  FakeClock clock;                                     // 2026-01-01T00:00:00Z, moves only when told
  paysim::Engine engine({.clock = &clock, .seed = 42});
  auto charge = engine.charges().Create(ParseParams<paysim::ChargeCreateParams>(
      R"pb(amount: 999 currency: "usd" source: "tok_visa" capture: false)pb"));
  ASSERT_TRUE(charge.ok());

  clock.Advance(absl::Hours(24 * 7) - absl::Seconds(1));
  // still capturable here ...
  clock.Advance(absl::Seconds(1));                     // exactly 7 days: the hold expires
  EXPECT_THAT(engine.charges().Capture(charge->id(), {}),
              StripeErrorIs("invalid_request_error", "charge_expired_for_capture"));
}

TEST(Checkout, DeclinedCard) {
  paysim::Engine engine;
  EXPECT_THAT(engine.charges().Create(ParseParams<paysim::ChargeCreateParams>(
                  R"pb(amount: 999 currency: "usd" source: "tok_chargeDeclinedInsufficientFunds")pb")),
              StripeErrorIs("card_error", "card_declined", "insufficient_funds"));
}
