// Behaviour tests of a subscription's canceled_at and cancellation_details: cancel now with
// feedback, a cancellation scheduled with cancel_at_period_end (canceled_at at the request,
// kept when the period ends one second later than the last moment it is still active), its
// withdrawal, dunning's payment_failed, and the errors of bad feedback and long comments.
#include <string>

#include "engine/billing_test_fixture.h"

namespace paysim {
namespace {

using ::paysim::testing::IsOk;
using ::paysim::testing::ParseParams;
using ::paysim::testing::StripeErrorWithParam;
using ::testing::ElementsAre;
using ::testing::HasSubstr;

class SubscriptionCancellationTest : public BillingTest {
 protected:
  // A monthly subscription from kStart, paid with its customer's card.
  std::string Subscribed(const std::string& more = "") {
    absl::StatusOr<Subscription> sub = Subscribe(NewCustomer(), NewPrice(), more);
    EXPECT_THAT(sub, IsOk());
    return sub.ok() ? sub->id() : "";
  }

  absl::StatusOr<Subscription> Update(const std::string& id, const std::string& params) {
    return engine_.subscriptions().Update(id, ParseParams<SubscriptionChangeParams>(params));
  }

  absl::StatusOr<Subscription> Cancel(const std::string& id, const std::string& params) {
    return engine_.subscriptions().Cancel(id, ParseParams<SubscriptionCancelNowParams>(params));
  }
};

TEST_F(SubscriptionCancellationTest, ALiveSubscriptionHasEmptyDetails) {
  const Subscription s = Sub(Subscribed());
  EXPECT_TRUE(s.has_cancellation_details());
  EXPECT_FALSE(s.cancellation_details().has_reason());
  EXPECT_FALSE(s.cancellation_details().has_feedback());
  EXPECT_FALSE(s.cancellation_details().has_comment());
  EXPECT_FALSE(s.has_canceled_at());
}

TEST_F(SubscriptionCancellationTest, CancelNowIsARequestWithTheGivenFeedback) {
  const std::string id = Subscribed();
  At(kStart + 5 * kDay);
  const size_t first = events_.size();
  absl::StatusOr<Subscription> canceled =
      Cancel(id, "cancellation_details { feedback: \"too_expensive\" comment: \"Over budget\" }");
  ASSERT_THAT(canceled, IsOk());
  EXPECT_EQ(canceled->status(), "canceled");
  EXPECT_EQ(canceled->canceled_at(), kStart + 5 * kDay);
  EXPECT_EQ(canceled->cancellation_details().reason(), "cancellation_requested");
  EXPECT_EQ(canceled->cancellation_details().feedback(), "too_expensive");
  EXPECT_EQ(canceled->cancellation_details().comment(), "Over budget");
  // The event carries the same details.
  ASSERT_THAT(TypesSince(first, "customer.subscription"),
              ElementsAre("customer.subscription.deleted"));
  EXPECT_EQ(Sub(id).cancellation_details().feedback(), "too_expensive");
}

TEST_F(SubscriptionCancellationTest, CancelAtPeriodEndStampsTheRequestAndKeepsItAtTheEnd) {
  const std::string id = Subscribed();
  At(kStart + 10 * kDay);
  const size_t first = events_.size();
  absl::StatusOr<Subscription> scheduled =
      Update(id, "cancel_at_period_end: true cancellation_details { feedback: \"unused\" }");
  ASSERT_THAT(scheduled, IsOk());
  EXPECT_EQ(scheduled->status(), "active");
  EXPECT_EQ(scheduled->canceled_at(), kStart + 10 * kDay);
  EXPECT_FALSE(scheduled->has_ended_at());
  EXPECT_EQ(scheduled->cancellation_details().reason(), "cancellation_requested");
  EXPECT_EQ(scheduled->cancellation_details().feedback(), "unused");
  ASSERT_THAT(TypesSince(first), ElementsAre("customer.subscription.updated"));
  EXPECT_THAT(events_.back().data().previous_attributes(),
              HasSubstr(R"("cancellation_details":{"feedback":null,"reason":null})"));
  EXPECT_THAT(events_.back().data().previous_attributes(), HasSubstr(R"("canceled_at":null)"));

  At(kFeb1 - 1);
  EXPECT_EQ(Sub(id).status(), "active");
  At(kFeb1);
  const Subscription ended = Sub(id);
  EXPECT_EQ(ended.status(), "canceled");
  EXPECT_EQ(ended.canceled_at(), kStart + 10 * kDay);  // the request, not the period's end
  EXPECT_EQ(ended.ended_at(), kFeb1);
  EXPECT_EQ(ended.cancellation_details().reason(), "cancellation_requested");
  EXPECT_EQ(ended.cancellation_details().feedback(), "unused");
}

TEST_F(SubscriptionCancellationTest, TheLatestRequestSetsCanceledAt) {
  const std::string id = Subscribed();
  At(kStart + kDay);
  ASSERT_THAT(Update(id, "cancel_at_period_end: true"), IsOk());
  At(kStart + 2 * kDay);
  absl::StatusOr<Subscription> again = Update(id, "cancel_at_period_end: true");
  ASSERT_THAT(again, IsOk());
  EXPECT_EQ(again->canceled_at(), kStart + 2 * kDay);
}

TEST_F(SubscriptionCancellationTest, WithdrawingTheRequestClearsEverything) {
  const std::string id = Subscribed();
  ASSERT_THAT(Update(id, "cancel_at_period_end: true cancellation_details { comment: \"x\" }"),
              IsOk());
  absl::StatusOr<Subscription> kept = Update(id, "cancel_at_period_end: false");
  ASSERT_THAT(kept, IsOk());
  EXPECT_FALSE(kept->has_canceled_at());
  EXPECT_FALSE(kept->has_cancel_at());
  EXPECT_FALSE(kept->cancellation_details().has_reason());
  EXPECT_FALSE(kept->cancellation_details().has_comment());
  At(kFeb1 + kHour);
  EXPECT_EQ(Sub(id).status(), "active");
}

TEST_F(SubscriptionCancellationTest, CreatedToCancelAtPeriodEndIsARequestAtCreation) {
  const Subscription s = Sub(Subscribed("cancel_at_period_end: true"));
  EXPECT_EQ(s.canceled_at(), kStart);
  EXPECT_EQ(s.cancel_at(), kFeb1);
  EXPECT_EQ(s.cancellation_details().reason(), "cancellation_requested");
}

TEST_F(SubscriptionCancellationTest, FeedbackAloneIsKeptAndEmptyUnsetsIt) {
  const std::string id = Subscribed();
  absl::StatusOr<Subscription> s = Update(id, "cancellation_details { feedback: \"other\" }");
  ASSERT_THAT(s, IsOk());
  EXPECT_EQ(s->cancellation_details().feedback(), "other");
  EXPECT_FALSE(s->cancellation_details().has_reason());
  s = Update(id, "cancellation_details { feedback: \"\" }");
  ASSERT_THAT(s, IsOk());
  EXPECT_FALSE(s->cancellation_details().has_feedback());
}

TEST_F(SubscriptionCancellationTest, DunningCancelsForAFailedPayment) {
  const std::string customer = NewCustomer();
  absl::StatusOr<Subscription> sub = Subscribe(customer, NewPrice());
  ASSERT_THAT(sub, IsOk());
  SetDefaultCard(customer, AttachCard(customer, "pm_card_chargeCustomerFail"));
  At(kFeb1 + kHour + 7 * kDay - 1);  // the last retry is due a second later
  EXPECT_EQ(Sub(sub->id()).status(), "past_due");
  EXPECT_FALSE(Sub(sub->id()).has_canceled_at());
  At(kFeb1 + kHour + 7 * kDay);
  const Subscription s = Sub(sub->id());
  EXPECT_EQ(s.status(), "canceled");
  EXPECT_EQ(s.canceled_at(), kFeb1 + kHour + 7 * kDay);
  EXPECT_EQ(s.cancellation_details().reason(), "payment_failed");
}

TEST_F(SubscriptionCancellationTest, BadFeedbackOrALongCommentChangesNothing) {
  const std::string id = Subscribed();
  const size_t first = events_.size();
  EXPECT_THAT(Cancel(id, "cancellation_details { feedback: \"bored\" }"),
              StripeErrorWithParam("invalid_request_error", "", "cancellation_details[feedback]"));
  EXPECT_THAT(Update(id, "cancel_at_period_end: true cancellation_details { comment: \"" +
                             std::string(5001, 'a') + "\" }"),
              StripeErrorWithParam("invalid_request_error", "", "cancellation_details[comment]"));
  EXPECT_THAT(Update(id, "cancellation_details { comment: \"" + std::string(5000, 'a') + "\" }"),
              IsOk());
  const Subscription s = Sub(id);
  EXPECT_EQ(s.status(), "active");
  EXPECT_FALSE(s.cancel_at_period_end());
  EXPECT_FALSE(s.has_canceled_at());
  EXPECT_EQ(events_.size(), first + 1);  // the valid comment's update only
}

}  // namespace
}  // namespace paysim
