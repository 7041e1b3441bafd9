// Behaviour tests of billing_cycle_anchor_config on subscription create
// (engine/internal/billing_cycle_anchor.h): the anchor is the next time on the day (and month)
// at the time of day asked for, one second either side of now; the periods return to the day
// asked for whenever a month has it (a stub to January 31, then February 28, then March 31);
// a yearly anchor on February 29; after a trial, counted from its end; the config's refusals
// (nothing created); and a new cycle clearing it.
#include <string>

#include "absl/strings/str_cat.h"
#include "engine/billing_test_fixture.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace paysim {
namespace {

using ::paysim::testing::IsOk;
using ::paysim::testing::StripeErrorWithParam;
using ::testing::ElementsAre;
using ::testing::IsEmpty;

class AnchorConfigTest : public BillingTest {
 protected:
  static constexpr int64_t kJan31 = kStart + 30 * kDay;
  static constexpr int64_t kFeb28 = kStart + 58 * kDay;
  static constexpr int64_t kMar31 = kStart + 89 * kDay;
  static constexpr int64_t kFeb28Next = kFeb28 + 365 * kDay;  // 2027-02-28
  static constexpr int64_t kFeb29Leap = kFeb28Next + 366 * kDay;  // 2028-02-29

  void SetUp() override {
    customer_ = NewCustomer();
    price_ = NewPrice(3100);
  }

  absl::StatusOr<Subscription> Create(const std::string& config,
                                      const std::string& price = "") {
    return Subscribe(customer_, price.empty() ? price_ : price,
                     absl::StrCat("billing_cycle_anchor_config { ", config, " }"));
  }

  int64_t PeriodEnd(const std::string& id) {
    return Sub(id).items().data(0).current_period_end();
  }

  std::string customer_;
  std::string price_;
};

TEST_F(AnchorConfigTest, DayThirtyOneReturnsWheneverTheMonthHasIt) {
  absl::StatusOr<Subscription> sub = Create("day_of_month: 31");
  ASSERT_THAT(sub, IsOk());
  EXPECT_EQ(sub->billing_cycle_anchor(), kJan31);
  EXPECT_EQ(sub->billing_cycle_anchor_config().day_of_month(), 31);
  EXPECT_FALSE(sub->billing_cycle_anchor_config().has_hour());
  EXPECT_FALSE(sub->billing_cycle_anchor_config().has_month());
  EXPECT_EQ(sub->items().data(0).current_period_end(), kJan31);
  // The stub: 30 days of the 31 from December 31 to January 31.
  EXPECT_EQ(Inv(sub->latest_invoice()).amount_paid(), 3000);

  At(kJan31);
  EXPECT_EQ(PeriodEnd(sub->id()), kFeb28);
  EXPECT_EQ(Inv(Sub(sub->id()).latest_invoice()).amount_due(), 3100);
  At(kFeb28);
  // Back to the 31st, not the 28th the anchor's February would give.
  EXPECT_EQ(PeriodEnd(sub->id()), kMar31);
  size_t from = events_.size();
  At(kMar31 - 1);
  EXPECT_THAT(TypesSince(from, "invoice.created"), IsEmpty());
  At(kMar31);
  EXPECT_THAT(TypesSince(from, "invoice.created"), ElementsAre("invoice.created"));
  EXPECT_EQ(PeriodEnd(sub->id()), kMar31 + 30 * kDay);  // April 30
}

TEST_F(AnchorConfigTest, TheTimeOfDayOneSecondEitherSideOfNow) {
  const int64_t now = kStart + kHour;  // 2026-01-01T01:00:00Z
  At(now);
  // 00:59:59 on the 1st has passed: February's.
  absl::StatusOr<Subscription> passed =
      Create("day_of_month: 1 hour: 0 minute: 59 second: 59");
  ASSERT_THAT(passed, IsOk());
  EXPECT_EQ(passed->billing_cycle_anchor(), kFeb1 + kHour - 1);
  EXPECT_EQ(passed->billing_cycle_anchor_config().minute(), 59);
  // 01:00:00 is now: the cycle starts now, a whole month billed.
  absl::StatusOr<Subscription> now_sub = Create("day_of_month: 1 hour: 1");
  ASSERT_THAT(now_sub, IsOk());
  EXPECT_EQ(now_sub->billing_cycle_anchor(), now);
  EXPECT_EQ(now_sub->items().data(0).current_period_end(), kFeb1 + kHour);
  EXPECT_EQ(Inv(now_sub->latest_invoice()).amount_paid(), 3100);
  EXPECT_EQ(now_sub->billing_cycle_anchor_config().hour(), 1);
  // The time of day not given is the creation's: also now.
  absl::StatusOr<Subscription> defaulted = Create("day_of_month: 1");
  ASSERT_THAT(defaulted, IsOk());
  EXPECT_EQ(defaulted->billing_cycle_anchor(), now);
  // 01:00:01: a one-second stub.
  absl::StatusOr<Subscription> ahead = Create("day_of_month: 1 hour: 1 second: 1");
  ASSERT_THAT(ahead, IsOk());
  EXPECT_EQ(ahead->billing_cycle_anchor(), now + 1);
  EXPECT_EQ(ahead->items().data(0).current_period_end(), now + 1);
}

TEST_F(AnchorConfigTest, AYearlyAnchorOnFebruaryTwentyNinth) {
  const std::string yearly = NewPrice(36500, "year");
  absl::StatusOr<Subscription> sub = Create("day_of_month: 29 month: 2", yearly);
  ASSERT_THAT(sub, IsOk());
  EXPECT_EQ(sub->billing_cycle_anchor(), kFeb28);  // 2026 has no February 29
  // The stub: 58 days of the 365 since 2025-02-28.
  EXPECT_EQ(Inv(sub->latest_invoice()).amount_paid(), 5800);
  At(kFeb28);
  EXPECT_EQ(PeriodEnd(sub->id()), kFeb28Next);
  At(kFeb28Next - 1);
  EXPECT_EQ(PeriodEnd(sub->id()), kFeb28Next);
  At(kFeb28Next);
  EXPECT_EQ(PeriodEnd(sub->id()), kFeb29Leap);
}

TEST_F(AnchorConfigTest, RefusalsNameTheParamAndCreateNothing) {
  EXPECT_THAT(Subscribe(customer_, price_,
                        absl::StrCat("billing_cycle_anchor: ", kJan31,
                                     " billing_cycle_anchor_config { day_of_month: 31 }")),
              StripeErrorWithParam("invalid_request_error", "", "billing_cycle_anchor_config"));
  EXPECT_THAT(Create("hour: 3"),
              StripeErrorWithParam("invalid_request_error", "parameter_missing",
                                   "billing_cycle_anchor_config[day_of_month]"));
  for (const char* bad : {"day_of_month: 0", "day_of_month: 32"}) {
    EXPECT_THAT(Create(bad), StripeErrorWithParam("invalid_request_error", "",
                                                  "billing_cycle_anchor_config[day_of_month]"))
        << bad;
  }
  EXPECT_THAT(Create("day_of_month: 5 hour: 24"),
              StripeErrorWithParam("invalid_request_error", "",
                                   "billing_cycle_anchor_config[hour]"));
  EXPECT_THAT(Create("day_of_month: 5 minute: 60"),
              StripeErrorWithParam("invalid_request_error", "",
                                   "billing_cycle_anchor_config[minute]"));
  EXPECT_THAT(Create("day_of_month: 5 second: -1"),
              StripeErrorWithParam("invalid_request_error", "",
                                   "billing_cycle_anchor_config[second]"));
  EXPECT_THAT(Create("day_of_month: 5 month: 13", NewPrice(100, "year")),
              StripeErrorWithParam("invalid_request_error", "",
                                   "billing_cycle_anchor_config[month]"));
  // `month` only for yearly prices; the config only for monthly and yearly ones.
  EXPECT_THAT(Create("day_of_month: 5 month: 3"),
              StripeErrorWithParam("invalid_request_error", "",
                                   "billing_cycle_anchor_config[month]"));
  EXPECT_THAT(Create("day_of_month: 5", NewPrice(100, "week")),
              StripeErrorWithParam("invalid_request_error", "", "billing_cycle_anchor_config"));
  absl::StatusOr<ListResult<Subscription>> none =
      engine_.subscriptions().List(SubscriptionListParams());
  ASSERT_THAT(none, IsOk());
  EXPECT_THAT(none->data, IsEmpty());
}

TEST_F(AnchorConfigTest, WithATrialTheDayIsCountedFromItsEnd) {
  absl::StatusOr<Subscription> sub =
      Subscribe(customer_, price_,
                "trial_period_days: 3 billing_cycle_anchor_config { day_of_month: 20 }");
  ASSERT_THAT(sub, IsOk());
  const int64_t jan20 = kStart + 19 * kDay;
  EXPECT_EQ(sub->status(), "trialing");
  EXPECT_EQ(sub->billing_cycle_anchor(), jan20);
  At(kStart + 3 * kDay);
  // The 16 days from January 4 to 20, of the 31 since December 20.
  EXPECT_EQ(Inv(Sub(sub->id()).latest_invoice()).amount_due(), 1600);
  At(jan20);
  EXPECT_EQ(PeriodEnd(sub->id()), jan20 + 31 * kDay);
}

TEST_F(AnchorConfigTest, ANewCycleClearsTheConfig) {
  absl::StatusOr<Subscription> sub = Create("day_of_month: 31");
  ASSERT_THAT(sub, IsOk());
  At(kStart + 10 * kDay);
  absl::StatusOr<Subscription> changed = engine_.subscriptions().Update(
      sub->id(), testing::ParseParams<SubscriptionChangeParams>(
                     "billing_cycle_anchor: \"now\" proration_behavior: \"none\""));
  ASSERT_THAT(changed, IsOk());
  EXPECT_EQ(changed->billing_cycle_anchor(), kStart + 10 * kDay);
  EXPECT_FALSE(changed->has_billing_cycle_anchor_config());
  EXPECT_EQ(changed->items().data(0).current_period_end(), kFeb1 + 10 * kDay);
}

}  // namespace
}  // namespace paysim
