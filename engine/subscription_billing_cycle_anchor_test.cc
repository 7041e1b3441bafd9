// Behaviour tests of a subscription created with a future billing_cycle_anchor
// (engine/internal/billing_cycle_anchor.h): the first invoice bills the stub up to the anchor as
// its share of the interval that ends there (nothing with proration_behavior=none), the anchor
// renews it one second either side, later periods are whole intervals from the anchor; after a
// trial the stub runs from the trial's end (kept when the trial ends early, dropped when it
// moves past the anchor); and the anchor's limits (after now, not inside the trial, at most one
// interval ahead) one second either side.
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

class BillingCycleAnchorTest : public BillingTest {
 protected:
  // The anchor 14 days after 2026-01-01: the interval ending there (2025-12-15 to 2026-01-15)
  // has 31 days, so the stub bills 14/31 of the price.
  static constexpr int64_t kAnchor = kStart + 14 * kDay;
  static constexpr int64_t kSecondEnd = kAnchor + 31 * kDay;  // 2026-02-15

  void SetUp() override {
    customer_ = NewCustomer();
    price_ = NewPrice(3100);
  }

  absl::StatusOr<Subscription> Create(const std::string& more) {
    return Subscribe(customer_, price_, more);
  }

  std::string customer_;
  std::string price_;
};

TEST_F(BillingCycleAnchorTest, TheStubIsProratedAndTheAnchorRenewsIt) {
  absl::StatusOr<Subscription> sub = Create(absl::StrCat("billing_cycle_anchor: ", kAnchor));
  ASSERT_THAT(sub, IsOk());
  EXPECT_EQ(sub->status(), "active");
  EXPECT_EQ(sub->billing_cycle_anchor(), kAnchor);
  EXPECT_EQ(sub->items().data(0).current_period_start(), kStart);
  EXPECT_EQ(sub->items().data(0).current_period_end(), kAnchor);
  const Invoice first = Inv(sub->latest_invoice());
  EXPECT_EQ(first.status(), "paid");
  EXPECT_EQ(first.amount_paid(), 1400);  // 3100 * 14 / 31
  ASSERT_EQ(first.lines().data_size(), 1);
  EXPECT_EQ(first.lines().data(0).period().end(), kAnchor);

  size_t from = events_.size();
  At(kAnchor - 1);
  EXPECT_THAT(TypesSince(from, "invoice.created"), IsEmpty());
  At(kAnchor);
  EXPECT_THAT(TypesSince(from, "invoice.created"), ElementsAre("invoice.created"));
  Subscription renewed = Sub(sub->id());
  EXPECT_EQ(renewed.items().data(0).current_period_start(), kAnchor);
  EXPECT_EQ(renewed.items().data(0).current_period_end(), kSecondEnd);
  const std::string second = renewed.latest_invoice();
  EXPECT_EQ(Inv(second).amount_due(), 3100);
  At(kAnchor + kHour);
  EXPECT_EQ(Inv(second).status(), "paid");

  from = events_.size();
  At(kSecondEnd - 1);
  EXPECT_THAT(TypesSince(from, "invoice.created"), IsEmpty());
  At(kSecondEnd);
  EXPECT_THAT(TypesSince(from, "invoice.created"), ElementsAre("invoice.created"));
}

TEST_F(BillingCycleAnchorTest, ProrationBehaviorNoneLeavesTheStubFree) {
  absl::StatusOr<Subscription> sub = Create(
      absl::StrCat("billing_cycle_anchor: ", kAnchor, " proration_behavior: \"none\""));
  ASSERT_THAT(sub, IsOk());
  EXPECT_EQ(sub->status(), "active");
  const Invoice first = Inv(sub->latest_invoice());
  EXPECT_EQ(first.total(), 0);
  EXPECT_EQ(first.status(), "paid");
  At(kAnchor);
  EXPECT_EQ(Inv(Sub(sub->id()).latest_invoice()).amount_due(), 3100);
}

TEST_F(BillingCycleAnchorTest, AChangeDuringTheStubProratesOverTheWholeInterval) {
  absl::StatusOr<Subscription> sub = Create(absl::StrCat("billing_cycle_anchor: ", kAnchor));
  ASSERT_THAT(sub, IsOk());
  // A week in, the quantity doubles: the 7 days left of the stub cost 7/31 of 3100 more.
  At(kStart + 7 * kDay);
  absl::StatusOr<Subscription> changed = engine_.subscriptions().Update(
      sub->id(),
      testing::ParseParams<SubscriptionChangeParams>(absl::StrCat(
          "items { id: \"", sub->items().data(0).id(),
          "\" quantity: 2 } proration_behavior: \"always_invoice\"")));
  ASSERT_THAT(changed, IsOk());
  EXPECT_EQ(changed->items().data(0).current_period_end(), kAnchor);
  EXPECT_EQ(Inv(changed->latest_invoice()).amount_due(), 700);
}

TEST_F(BillingCycleAnchorTest, TheAnchorsLimitsOneSecondEitherSide) {
  EXPECT_THAT(Create(absl::StrCat("billing_cycle_anchor: ", kStart)),
              StripeErrorWithParam("invalid_request_error", "", "billing_cycle_anchor"));
  EXPECT_THAT(Create(absl::StrCat("billing_cycle_anchor: ", kStart + 1)), IsOk());
  // The first natural billing date is 2026-02-01.
  EXPECT_THAT(Create(absl::StrCat("billing_cycle_anchor: ", kFeb1 + 1)),
              StripeErrorWithParam("invalid_request_error", "", "billing_cycle_anchor"));
  absl::StatusOr<Subscription> whole = Create(absl::StrCat("billing_cycle_anchor: ", kFeb1));
  ASSERT_THAT(whole, IsOk());
  EXPECT_EQ(Inv(whole->latest_invoice()).amount_due(), 3100);
  // With a trial: not before its end, at most an interval after it.
  EXPECT_THAT(Create(absl::StrCat("billing_cycle_anchor: ", kStart + 3 * kDay - 1,
                                  " trial_period_days: 3")),
              StripeErrorWithParam("invalid_request_error", "", "billing_cycle_anchor"));
  EXPECT_THAT(Create(absl::StrCat("billing_cycle_anchor: ", kStart + 3 * kDay,
                                  " trial_period_days: 3")),
              IsOk());
  EXPECT_THAT(Create(absl::StrCat("billing_cycle_anchor: ", kFeb1 + 3 * kDay + 1,
                                  " trial_period_days: 3")),
              StripeErrorWithParam("invalid_request_error", "", "billing_cycle_anchor"));
  EXPECT_THAT(Create(absl::StrCat("billing_cycle_anchor: ", kFeb1 + 3 * kDay,
                                  " trial_period_days: 3")),
              IsOk());
  EXPECT_THAT(Create(absl::StrCat("billing_cycle_anchor: ", kAnchor,
                                  " proration_behavior: \"sometimes\"")),
              StripeErrorWithParam("invalid_request_error", "", "proration_behavior"));
}

TEST_F(BillingCycleAnchorTest, AfterATrialTheStubRunsFromItsEndToTheAnchor) {
  const int64_t trial_end = kStart + 3 * kDay;
  absl::StatusOr<Subscription> sub =
      Create(absl::StrCat("billing_cycle_anchor: ", kAnchor, " trial_period_days: 3"));
  ASSERT_THAT(sub, IsOk());
  EXPECT_EQ(sub->status(), "trialing");
  EXPECT_EQ(sub->billing_cycle_anchor(), kAnchor);
  EXPECT_EQ(sub->items().data(0).current_period_end(), trial_end);
  EXPECT_EQ(Inv(sub->latest_invoice()).total(), 0);

  At(trial_end - 1);
  EXPECT_EQ(Sub(sub->id()).status(), "trialing");
  At(trial_end);
  Subscription stub = Sub(sub->id());
  EXPECT_EQ(stub.status(), "active");
  EXPECT_EQ(stub.items().data(0).current_period_start(), trial_end);
  EXPECT_EQ(stub.items().data(0).current_period_end(), kAnchor);
  // The 11 days from the trial's end to the anchor, of the 31 of the interval ending there.
  const Invoice stub_invoice = Inv(stub.latest_invoice());
  EXPECT_EQ(stub_invoice.amount_due(), 1100);
  At(trial_end + kHour);
  EXPECT_EQ(Inv(stub.latest_invoice()).status(), "paid");

  At(kAnchor);
  Subscription whole = Sub(sub->id());
  EXPECT_EQ(whole.items().data(0).current_period_end(), kSecondEnd);
  EXPECT_EQ(Inv(whole.latest_invoice()).amount_due(), 3100);
}

TEST_F(BillingCycleAnchorTest, ATrialEndedEarlyKeepsTheAnchorAheadAndAFreeStubStaysFree) {
  absl::StatusOr<Subscription> sub = Create(absl::StrCat(
      "billing_cycle_anchor: ", kAnchor, " trial_period_days: 7 proration_behavior: \"none\""));
  ASSERT_THAT(sub, IsOk());
  At(kStart + kDay);
  absl::StatusOr<Subscription> ended = engine_.subscriptions().Update(
      sub->id(), testing::ParseParams<SubscriptionChangeParams>("trial_end: \"now\""));
  ASSERT_THAT(ended, IsOk());
  EXPECT_EQ(ended->status(), "active");
  EXPECT_EQ(ended->billing_cycle_anchor(), kAnchor);
  EXPECT_EQ(ended->items().data(0).current_period_start(), kStart + kDay);
  EXPECT_EQ(ended->items().data(0).current_period_end(), kAnchor);
  EXPECT_EQ(Inv(ended->latest_invoice()).total(), 0);  // proration_behavior=none
  At(kAnchor);
  EXPECT_EQ(Inv(Sub(sub->id()).latest_invoice()).amount_due(), 3100);

  // A trial moved past the anchor drops it: the cycle starts at the trial's end.
  absl::StatusOr<Subscription> other =
      Create(absl::StrCat("billing_cycle_anchor: ", kAnchor + kAnchor - kStart,
                          " trial_period_days: 7"));
  ASSERT_THAT(other, IsOk());
  const int64_t later = kAnchor + 30 * kDay;
  absl::StatusOr<Subscription> moved = engine_.subscriptions().Update(
      other->id(),
      testing::ParseParams<SubscriptionChangeParams>(absl::StrCat("trial_end: \"", later, "\"")));
  ASSERT_THAT(moved, IsOk());
  EXPECT_EQ(moved->billing_cycle_anchor(), later);
  EXPECT_EQ(moved->items().data(0).current_period_end(), later);
}

TEST_F(BillingCycleAnchorTest, PausedAtTheTrialsEndAndResumedUnchangedTheStubGoesOn) {
  const std::string customer = NewCustomer(/*alias=*/"");
  absl::StatusOr<Subscription> sub = Subscribe(
      customer, price_,
      absl::StrCat("billing_cycle_anchor: ", kAnchor, " trial_period_days: 3 trial_settings { "
                   "end_behavior { missing_payment_method: \"pause\" } }"));
  ASSERT_THAT(sub, IsOk());
  At(kStart + 3 * kDay);
  ASSERT_EQ(Sub(sub->id()).status(), "paused");
  At(kStart + 5 * kDay);
  SetDefaultCard(customer, AttachCard(customer, "pm_card_visa"));
  SubscriptionResumeParams unchanged;
  unchanged.set_billing_cycle_anchor("unchanged");
  unchanged.set_proration_behavior("always_invoice");
  absl::StatusOr<Subscription> resumed = engine_.subscriptions().Resume(sub->id(), unchanged);
  ASSERT_THAT(resumed, IsOk());
  EXPECT_EQ(resumed->status(), "active");
  EXPECT_EQ(resumed->billing_cycle_anchor(), kAnchor);
  EXPECT_EQ(resumed->items().data(0).current_period_start(), kStart + 5 * kDay);
  EXPECT_EQ(resumed->items().data(0).current_period_end(), kAnchor);
  // The 9 days left of the stub, of the 31 of the interval ending at the anchor.
  EXPECT_EQ(Inv(resumed->latest_invoice()).amount_due(), 900);
  At(kAnchor);
  EXPECT_EQ(Sub(sub->id()).items().data(0).current_period_end(), kSecondEnd);
}

}  // namespace
}  // namespace paysim
