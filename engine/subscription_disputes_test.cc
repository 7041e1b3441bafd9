// Behaviour tests of a disputed subscription payment (EngineOptions::
// cancel_subscription_on_dispute): with the setting on, the dispute of a charge that paid one of
// a subscription's invoices cancels the subscription at once, cancellation_details.reason
// `payment_disputed`, after the dispute's events; by default the subscription goes on. The
// test cards open their dispute at the charge's own instant (kDisputeOpenDelay), so each case
// looks one second before and at that instant.
#include <string>

#include "engine/billing_test_fixture.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace paysim {
namespace {

using ::paysim::testing::IsOk;
using ::testing::ElementsAre;
using ::testing::IsEmpty;

EngineOptions CancelOnDispute() {
  EngineOptions options;
  options.cancel_subscription_on_dispute = true;
  return options;
}

// The renewal of 2026-02-01 is finalized and charged an hour after the period ends.
constexpr int64_t kRenewalCharge = 1769904000 + 3600;

class CancelOnDisputeTest : public BillingTest {
 protected:
  CancelOnDisputeTest() : BillingTest(CancelOnDispute()) {}
};

TEST_F(CancelOnDisputeTest, ADisputedFirstPaymentCancelsTheSubscription) {
  const std::string customer = NewCustomer("pm_card_createDispute");
  absl::StatusOr<Subscription> sub = Subscribe(customer, NewPrice());
  ASSERT_THAT(sub, IsOk());
  // The create's answer: paid, the dispute not open yet.
  EXPECT_EQ(sub->status(), "active");
  const size_t first = events_.size();
  At(kStart);
  const Subscription canceled = Sub(sub->id());
  EXPECT_EQ(canceled.status(), "canceled");
  EXPECT_EQ(canceled.cancellation_details().reason(), "payment_disputed");
  EXPECT_EQ(canceled.canceled_at(), kStart);
  EXPECT_EQ(canceled.ended_at(), kStart);
  // The dispute's events, then the subscription's end.
  EXPECT_THAT(TypesSince(first, "charge.dispute."),
              ElementsAre("charge.dispute.created", "charge.dispute.funds_withdrawn"));
  EXPECT_EQ(events_.back().type(), "customer.subscription.deleted");
  // The paid invoice stays paid; nothing renews (the dispute goes on: it closes, lost, when
  // its evidence is due).
  EXPECT_EQ(Inv(canceled.latest_invoice()).status(), "paid");
  const size_t after = events_.size();
  At(kFeb1 + kHour);
  EXPECT_THAT(TypesSince(after, "invoice."), IsEmpty());
  EXPECT_THAT(TypesSince(after, "customer.subscription."), IsEmpty());
  EXPECT_THAT(TypesSince(after, "charge.dispute."), ElementsAre("charge.dispute.closed"));
}

TEST_F(CancelOnDisputeTest, ADisputedRenewalCancelsItWhenTheRenewalIsCharged) {
  const std::string customer = NewCustomer();
  absl::StatusOr<Subscription> sub = Subscribe(customer, NewPrice());
  ASSERT_THAT(sub, IsOk());
  SetDefaultCard(customer, AttachCard(customer, "pm_card_createDispute"));
  At(kRenewalCharge - 1);
  EXPECT_EQ(Sub(sub->id()).status(), "active");
  EXPECT_THAT(TypesSince(0, "charge.dispute."), IsEmpty());

  At(kRenewalCharge);
  const Subscription canceled = Sub(sub->id());
  EXPECT_EQ(canceled.status(), "canceled");
  EXPECT_EQ(canceled.cancellation_details().reason(), "payment_disputed");
  EXPECT_EQ(canceled.ended_at(), kRenewalCharge);
  EXPECT_EQ(Inv(canceled.latest_invoice()).status(), "paid");
  EXPECT_EQ(events_.back().type(), "customer.subscription.deleted");
}

TEST_F(CancelOnDisputeTest, AnInquiryCancelsItToo) {
  const std::string customer = NewCustomer("pm_card_createDisputeInquiry");
  absl::StatusOr<Subscription> sub = Subscribe(customer, NewPrice());
  ASSERT_THAT(sub, IsOk());
  At(kStart);
  EXPECT_EQ(Sub(sub->id()).status(), "canceled");
  EXPECT_EQ(Sub(sub->id()).cancellation_details().reason(), "payment_disputed");
}

TEST_F(BillingTest, ByDefaultADisputedPaymentLeavesTheSubscriptionAsItIs) {
  const std::string customer = NewCustomer("pm_card_createDispute");
  absl::StatusOr<Subscription> sub = Subscribe(customer, NewPrice());
  ASSERT_THAT(sub, IsOk());
  const size_t first = events_.size();
  At(kStart);
  EXPECT_THAT(TypesSince(first, "charge.dispute.created"), ElementsAre("charge.dispute.created"));
  EXPECT_THAT(TypesSince(first, "customer.subscription."), IsEmpty());
  Subscription s = Sub(sub->id());
  EXPECT_EQ(s.status(), "active");
  EXPECT_FALSE(s.cancellation_details().has_reason());
  At(kFeb1);
  EXPECT_EQ(Sub(sub->id()).status(), "active");
  EXPECT_NE(Sub(sub->id()).latest_invoice(), s.latest_invoice());
}

}  // namespace
}  // namespace paysim
