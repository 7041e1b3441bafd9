// Behaviour tests of billing_cycle_anchor=now on a subscription's update: a new billing cycle
// from now, the unused time credited (create_prorations, the default) or not (none), the new
// period billed and charged at once; the next renewal a whole interval later, one second either
// side; held as a pending update (pending_if_incomplete) until paid; the refusals.
#include <string>

#include "absl/strings/str_cat.h"
#include "engine/billing_test_fixture.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace paysim {
namespace {

using ::paysim::testing::IsOk;
using ::paysim::testing::ParseParams;
using ::paysim::testing::StripeErrorWithParam;
using ::testing::ElementsAre;
using ::testing::IsEmpty;

class AnchorUpdateTest : public BillingTest {
 protected:
  // 10 days into January (31 days): 21 days unused.
  static constexpr int64_t kJan11 = kStart + 10 * kDay;
  static constexpr int64_t kFeb11 = kJan11 + 31 * kDay;

  void SetUp() override {
    absl::StatusOr<Subscription> sub = Subscribe(NewCustomer(), NewPrice(3100));
    ASSERT_THAT(sub, IsOk());
    sub_ = sub->id();
  }

  absl::StatusOr<Subscription> Update(const std::string& text) {
    return engine_.subscriptions().Update(sub_, ParseParams<SubscriptionChangeParams>(text));
  }

  std::string sub_;
};

TEST_F(AnchorUpdateTest, NowStartsANewCycleBilledAtOnceWithTheUnusedTimeCredited) {
  At(kJan11);
  const std::string first = Sub(sub_).latest_invoice();
  absl::StatusOr<Subscription> updated = Update("billing_cycle_anchor: \"now\"");
  ASSERT_THAT(updated, IsOk());
  EXPECT_EQ(updated->billing_cycle_anchor(), kJan11);
  EXPECT_EQ(updated->items().data(0).current_period_start(), kJan11);
  EXPECT_EQ(updated->items().data(0).current_period_end(), kFeb11);
  ASSERT_NE(updated->latest_invoice(), first);
  const Invoice invoice = Inv(updated->latest_invoice());
  EXPECT_EQ(invoice.status(), "paid");
  EXPECT_EQ(invoice.amount_paid(), 3100 - 2100);  // the new month less 21/31 of the old

  size_t from = events_.size();
  At(kFeb11 - 1);
  EXPECT_THAT(TypesSince(from, "invoice.created"), IsEmpty());
  At(kFeb11);
  EXPECT_THAT(TypesSince(from, "invoice.created"), ElementsAre("invoice.created"));
  EXPECT_EQ(Inv(Sub(sub_).latest_invoice()).amount_due(), 3100);
}

TEST_F(AnchorUpdateTest, WithoutProrationsTheNewPeriodIsBilledWhole) {
  At(kJan11);
  absl::StatusOr<Subscription> updated =
      Update("billing_cycle_anchor: \"now\" proration_behavior: \"none\"");
  ASSERT_THAT(updated, IsOk());
  EXPECT_EQ(Inv(updated->latest_invoice()).amount_paid(), 3100);
}

TEST_F(AnchorUpdateTest, PendingIfIncompleteHoldsTheNewCycleUntilItsInvoiceIsPaid) {
  const std::string customer = Sub(sub_).customer();
  SetDefaultCard(customer, AttachCard(customer, "pm_card_chargeCustomerFail"));
  At(kJan11);
  absl::StatusOr<Subscription> held =
      Update("billing_cycle_anchor: \"now\" payment_behavior: \"pending_if_incomplete\"");
  ASSERT_THAT(held, IsOk());
  EXPECT_EQ(held->items().data(0).current_period_start(), kStart);  // the old cycle stands
  ASSERT_TRUE(held->has_pending_update());
  EXPECT_EQ(held->pending_update().billing_cycle_anchor(), kJan11);

  SetDefaultCard(customer, AttachCard(customer, "pm_card_visa"));
  InvoicePayParams pay;
  ASSERT_THAT(engine_.invoices().Pay(held->latest_invoice(), pay), IsOk());
  const Subscription applied = Sub(sub_);
  EXPECT_FALSE(applied.has_pending_update());
  EXPECT_EQ(applied.billing_cycle_anchor(), kJan11);
  EXPECT_EQ(applied.items().data(0).current_period_end(), kFeb11);
}

TEST_F(AnchorUpdateTest, UnchangedChangesNothingAndOtherValuesAreRefused) {
  At(kJan11);
  const Subscription before = Sub(sub_);
  absl::StatusOr<Subscription> same = Update("billing_cycle_anchor: \"unchanged\"");
  ASSERT_THAT(same, IsOk());
  EXPECT_EQ(same->latest_invoice(), before.latest_invoice());
  EXPECT_EQ(same->billing_cycle_anchor(), before.billing_cycle_anchor());
  EXPECT_THAT(Update("billing_cycle_anchor: \"later\""),
              StripeErrorWithParam("invalid_request_error", "", "billing_cycle_anchor"));

  absl::StatusOr<Subscription> trialing =
      Subscribe(NewCustomer(), NewPrice(3100), "trial_period_days: 7");
  ASSERT_THAT(trialing, IsOk());
  EXPECT_THAT(engine_.subscriptions().Update(
                  trialing->id(),
                  ParseParams<SubscriptionChangeParams>("billing_cycle_anchor: \"now\"")),
              StripeErrorWithParam("invalid_request_error", "", "billing_cycle_anchor"));
}

}  // namespace
}  // namespace paysim
