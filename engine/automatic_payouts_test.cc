// Behaviour tests of EngineOptions::automatic_payouts: at 00:00 UTC each day the available
// balance is paid out (automatic, reconciliation in_progress, then completed with
// payout.reconciliation_completed once paid), one second either side; nothing on a day
// without funds; and none at all without the option.
#include <string>
#include <vector>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "testing/paysim_testing.h"

namespace paysim {
namespace {

using ::paysim::testing::IsOk;
using ::paysim::testing::ParseParams;
using ::testing::ElementsAre;
using ::testing::IsEmpty;

constexpr int64_t kStart = 1767225600;  // 2026-01-01T00:00:00Z, a Thursday
constexpr int64_t kDay = 86400;
constexpr int64_t kHour = 3600;

class AutomaticPayoutsTest : public ::testing::Test {
 protected:
  explicit AutomaticPayoutsTest(bool automatic = true)
      : engine_([&] {
          EngineOptions options;
          options.clock = &clock_;
          options.seed = 7;
          options.automatic_payouts = automatic;
          return options;
        }()) {
    engine_.events().Subscribe({"payout.*"}, [this](const Event& e) { types_.push_back(e.type()); });
  }

  void At(int64_t t) {
    clock_.SetTime(absl::FromUnixSeconds(t));
    engine_.FireDueTimers();
  }

  std::vector<Payout> Payouts() {
    absl::StatusOr<ListResult<Payout>> page = engine_.payouts().List(PayoutListParams());
    EXPECT_THAT(page, IsOk());
    return page.ok() ? page->data : std::vector<Payout>();
  }

  testing::FakeClock clock_;
  Engine engine_;
  std::vector<std::string> types_;
};

TEST_F(AutomaticPayoutsTest, TheAvailableBalanceIsPaidOutAtMidnight) {
  At(kStart + kHour);
  ASSERT_THAT(engine_.charges().Create(ParseParams<ChargeCreateParams>(
                  R"pb(amount: 1000 currency: "usd" source: "tok_visa")pb")),
              IsOk());
  // Available 2 days later (01:00 on the 3rd): the run of the 3rd finds nothing, the 4th's
  // pays it out.
  At(kStart + 2 * kDay);
  EXPECT_THAT(Payouts(), IsEmpty());
  At(kStart + 3 * kDay - 1);
  EXPECT_THAT(Payouts(), IsEmpty());
  At(kStart + 3 * kDay);
  std::vector<Payout> payouts = Payouts();
  ASSERT_EQ(payouts.size(), 1u);
  const Payout payout = payouts[0];
  EXPECT_EQ(payout.amount(), 1000 - 59);  // the charge less its fee
  EXPECT_EQ(payout.currency(), "usd");
  EXPECT_TRUE(payout.automatic());
  EXPECT_EQ(payout.method(), "standard");
  EXPECT_EQ(payout.status(), "pending");
  EXPECT_EQ(payout.reconciliation_status(), "in_progress");
  EXPECT_EQ(payout.created(), kStart + 3 * kDay);
  EXPECT_THAT(types_, ElementsAre("payout.created"));
  absl::StatusOr<Balance> balance = engine_.balance().Retrieve();
  ASSERT_THAT(balance, IsOk());
  for (const BalanceAmount& amount : balance->available()) EXPECT_EQ(amount.amount(), 0);

  // Paid at its arrival date; its reconciliation completes with it.
  At(payout.arrival_date() - 1);
  EXPECT_EQ(engine_.payouts().Retrieve(payout.id())->status(), "in_transit");
  types_.clear();
  At(payout.arrival_date());
  const absl::StatusOr<Payout> paid = engine_.payouts().Retrieve(payout.id());
  ASSERT_THAT(paid, IsOk());
  EXPECT_EQ(paid->status(), "paid");
  EXPECT_EQ(paid->reconciliation_status(), "completed");
  EXPECT_THAT(types_, ElementsAre("payout.updated", "payout.paid",
                                  "payout.reconciliation_completed"));
  // No second payout: nothing is available.
  At(payout.arrival_date() + 3 * kDay);
  EXPECT_EQ(Payouts().size(), 1u);
}

TEST_F(AutomaticPayoutsTest, AManualPayoutStaysManual) {
  At(kStart + kHour);
  ASSERT_THAT(engine_.charges().Create(ParseParams<ChargeCreateParams>(
                  R"pb(amount: 1000 currency: "usd" source: "tok_visa")pb")),
              IsOk());
  At(kStart + 2 * kDay + 2 * kHour);
  absl::StatusOr<Payout> manual = engine_.payouts().Create(
      ParseParams<PayoutCreateParams>(R"pb(amount: 500 currency: "usd")pb"));
  ASSERT_THAT(manual, IsOk());
  EXPECT_FALSE(manual->automatic());
  EXPECT_EQ(manual->reconciliation_status(), "not_applicable");
  At(kStart + 3 * kDay);
  std::vector<Payout> payouts = Payouts();
  ASSERT_EQ(payouts.size(), 2u);
  EXPECT_EQ(payouts[0].amount(), 1000 - 59 - 500);  // the rest, automatically
  EXPECT_TRUE(payouts[0].automatic());
}

class WithoutAutomaticPayoutsTest : public AutomaticPayoutsTest {
 protected:
  WithoutAutomaticPayoutsTest() : AutomaticPayoutsTest(false) {}
};

TEST_F(WithoutAutomaticPayoutsTest, NoPayoutIsMade) {
  ASSERT_THAT(engine_.charges().Create(ParseParams<ChargeCreateParams>(
                  R"pb(amount: 1000 currency: "usd" source: "tok_visa")pb")),
              IsOk());
  At(kStart + 30 * kDay);
  EXPECT_THAT(Payouts(), IsEmpty());
}

}  // namespace
}  // namespace paysim
