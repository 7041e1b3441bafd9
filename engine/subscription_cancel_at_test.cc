// Behaviour tests of a subscription's `cancel_at`: a cancellation at a given time inside the
// current period (the period ends then, the rest credited as proration_behavior says), in a
// later period (that period's invoice bills the part it lasts), at creation (the first invoice
// prorated), removed (the time given back), replaced by cancel_at_period_end, on a paused
// subscription, each boundary one second either side, and the errors that change nothing.
#include <string>

#include "absl/strings/str_cat.h"
#include "engine/billing_test_fixture.h"

namespace paysim {
namespace {

using ::paysim::testing::IsOk;
using ::paysim::testing::ParseParams;
using ::paysim::testing::StripeErrorWithParam;
using ::testing::ElementsAre;
using ::testing::IsEmpty;

class SubscriptionCancelAtTest : public BillingTest {
 protected:
  // A monthly 1500 subscription from kStart (2026-01-01; its period ends kFeb1, 31 days).
  std::string Subscribed(const std::string& more = "") {
    customer_ = NewCustomer();
    absl::StatusOr<Subscription> sub = Subscribe(customer_, NewPrice(), more);
    EXPECT_THAT(sub, IsOk());
    return sub.ok() ? sub->id() : "";
  }

  absl::StatusOr<Subscription> Update(const std::string& id, const std::string& params) {
    return engine_.subscriptions().Update(id, ParseParams<SubscriptionChangeParams>(params));
  }

  static std::string CancelAt(int64_t t) { return absl::StrCat("cancel_at: \"", t, "\""); }

  static int64_t PeriodEndOf(const Subscription& s) {
    return s.items().data(0).current_period_end();
  }

  std::string customer_;
};

TEST_F(SubscriptionCancelAtTest, InsideThePeriodItEndsThenAndCreditsTheRest) {
  const std::string id = Subscribed();
  At(kStart + 10 * kDay);
  const size_t first = events_.size();
  absl::StatusOr<Subscription> s = Update(id, CancelAt(kStart + 20 * kDay));
  ASSERT_THAT(s, IsOk());
  EXPECT_EQ(s->status(), "active");
  EXPECT_EQ(s->cancel_at(), kStart + 20 * kDay);
  EXPECT_FALSE(s->cancel_at_period_end());
  EXPECT_EQ(s->canceled_at(), kStart + 10 * kDay);  // the request
  EXPECT_EQ(s->cancellation_details().reason(), "cancellation_requested");
  EXPECT_EQ(PeriodEndOf(*s), kStart + 20 * kDay);
  EXPECT_THAT(TypesSince(first),
              ElementsAre("customer.subscription.updated", "invoiceitem.created"));
  // The 11 days cut off a 31-day period of 1500: -532.
  const std::vector<InvoiceItem> items = InvoiceItemsOf(customer_);
  ASSERT_EQ(items.size(), 1u);
  EXPECT_EQ(items[0].amount(), -532);
  EXPECT_TRUE(items[0].proration());
  EXPECT_EQ(items[0].period().start(), kStart + 20 * kDay);
  EXPECT_EQ(items[0].period().end(), kFeb1);
  EXPECT_EQ(items[0].description(), "Unused time on 1 × Plan after 21 Jan 2026");

  At(kStart + 20 * kDay - 1);
  EXPECT_EQ(Sub(id).status(), "active");
  const size_t before_end = events_.size();
  At(kStart + 20 * kDay);
  const Subscription ended = Sub(id);
  EXPECT_EQ(ended.status(), "canceled");
  EXPECT_EQ(ended.ended_at(), kStart + 20 * kDay);
  EXPECT_EQ(ended.canceled_at(), kStart + 10 * kDay);
  EXPECT_EQ(ended.cancellation_details().reason(), "cancellation_requested");
  EXPECT_THAT(TypesSince(before_end, "customer.subscription"),
              ElementsAre("customer.subscription.deleted"));
  At(kFeb1 + 2 * kHour);
  EXPECT_EQ(InvoicesOf(id).size(), 1u);  // nothing renews
}

TEST_F(SubscriptionCancelAtTest, ProrationBehaviorDecidesTheCredit) {
  const std::string none = Subscribed();
  At(kStart + 10 * kDay);
  ASSERT_THAT(Update(none, CancelAt(kStart + 20 * kDay) + " proration_behavior: \"none\""),
              IsOk());
  EXPECT_THAT(InvoiceItemsOf(customer_), IsEmpty());
  EXPECT_EQ(PeriodEndOf(Sub(none)), kStart + 20 * kDay);

  // From Jan 11 (its period ends Feb 11) cut at Jan 21: 21 days of 31 credited, 1016.
  const std::string now = Subscribed();
  absl::StatusOr<Subscription> s =
      Update(now, CancelAt(kStart + 20 * kDay) + " proration_behavior: \"always_invoice\"");
  ASSERT_THAT(s, IsOk());
  const Invoice credit = Inv(s->latest_invoice());
  EXPECT_EQ(credit.billing_reason(), "subscription_update");
  EXPECT_EQ(credit.total(), -1016);
  EXPECT_EQ(credit.status(), "paid");
}

TEST_F(SubscriptionCancelAtTest, InALaterPeriodThatPeriodIsBilledForThePartItLasts) {
  const std::string id = Subscribed();
  At(kStart + 5 * kDay);
  absl::StatusOr<Subscription> s = Update(id, CancelAt(kFeb1 + 10 * kDay));
  ASSERT_THAT(s, IsOk());
  EXPECT_EQ(PeriodEndOf(*s), kFeb1);  // this period keeps its length
  EXPECT_THAT(InvoiceItemsOf(customer_), IsEmpty());

  At(kFeb1);
  const Subscription renewed = Sub(id);
  EXPECT_EQ(renewed.status(), "active");
  EXPECT_EQ(PeriodEndOf(renewed), kFeb1 + 10 * kDay);
  const Invoice last = Inv(renewed.latest_invoice());
  ASSERT_EQ(last.lines().data_size(), 1);
  // 10 days of February's 28: 1500 * 10 / 28 = 535.7.
  EXPECT_EQ(last.lines().data(0).amount(), 536);
  EXPECT_EQ(last.lines().data(0).period().start(), kFeb1);
  EXPECT_EQ(last.lines().data(0).period().end(), kFeb1 + 10 * kDay);

  At(kFeb1 + 10 * kDay - 1);
  EXPECT_EQ(Sub(id).status(), "active");
  At(kFeb1 + 10 * kDay);
  EXPECT_EQ(Sub(id).status(), "canceled");
  EXPECT_EQ(Sub(id).ended_at(), kFeb1 + 10 * kDay);
}

TEST_F(SubscriptionCancelAtTest, AtCreationTheFirstInvoiceIsProrated) {
  const std::string id = Subscribed(CancelAt(kStart + 15 * kDay));
  const Subscription s = Sub(id);
  EXPECT_EQ(s.status(), "active");
  EXPECT_EQ(s.cancel_at(), kStart + 15 * kDay);
  EXPECT_EQ(s.canceled_at(), kStart);
  EXPECT_EQ(PeriodEndOf(s), kStart + 15 * kDay);
  // 15 days of January's 31: 1500 * 15 / 31 = 725.8.
  EXPECT_EQ(Inv(s.latest_invoice()).amount_paid(), 726);
  At(kStart + 15 * kDay - 1);
  EXPECT_EQ(Sub(id).status(), "active");
  At(kStart + 15 * kDay);
  EXPECT_EQ(Sub(id).status(), "canceled");
}

TEST_F(SubscriptionCancelAtTest, RemovingItGivesTheTimeBack) {
  const std::string id = Subscribed();
  At(kStart + 10 * kDay);
  ASSERT_THAT(Update(id, CancelAt(kStart + 20 * kDay)), IsOk());
  absl::StatusOr<Subscription> kept = Update(id, "cancel_at: \"\"");
  ASSERT_THAT(kept, IsOk());
  EXPECT_FALSE(kept->has_cancel_at());
  EXPECT_FALSE(kept->has_canceled_at());
  EXPECT_FALSE(kept->cancellation_details().has_reason());
  EXPECT_EQ(PeriodEndOf(*kept), kFeb1);
  // The credit of the cut, then a debit of the same time given back.
  const std::vector<InvoiceItem> items = InvoiceItemsOf(customer_);
  ASSERT_EQ(items.size(), 2u);
  EXPECT_EQ(items[0].amount(), -532);
  EXPECT_EQ(items[1].amount(), 532);
  At(kStart + 20 * kDay);
  EXPECT_EQ(Sub(id).status(), "active");
  At(kFeb1);
  EXPECT_EQ(Sub(id).status(), "active");
  EXPECT_EQ(InvoicesOf(id).size(), 2u);  // it renewed
}

TEST_F(SubscriptionCancelAtTest, CancelAtPeriodEndReplacesItAndFalseWithdrawsIt) {
  const std::string id = Subscribed();
  ASSERT_THAT(Update(id, CancelAt(kStart + 20 * kDay) + " proration_behavior: \"none\""),
              IsOk());
  absl::StatusOr<Subscription> s =
      Update(id, "cancel_at_period_end: true proration_behavior: \"none\"");
  ASSERT_THAT(s, IsOk());
  EXPECT_TRUE(s->cancel_at_period_end());
  EXPECT_EQ(s->cancel_at(), kFeb1);
  EXPECT_EQ(PeriodEndOf(*s), kFeb1);

  ASSERT_THAT(Update(id, CancelAt(kStart + 20 * kDay) + " proration_behavior: \"none\""),
              IsOk());
  s = Update(id, "cancel_at_period_end: false proration_behavior: \"none\"");
  ASSERT_THAT(s, IsOk());
  EXPECT_FALSE(s->has_cancel_at());
  EXPECT_FALSE(s->has_canceled_at());
  EXPECT_EQ(PeriodEndOf(*s), kFeb1);
}

TEST_F(SubscriptionCancelAtTest, PeriodEndNamesResolveToTheCurrentPeriodsEnd) {
  const std::string id = Subscribed();
  absl::StatusOr<Subscription> s = Update(id, "cancel_at: \"min_period_end\"");
  ASSERT_THAT(s, IsOk());
  EXPECT_EQ(s->cancel_at(), kFeb1);
  EXPECT_FALSE(s->cancel_at_period_end());
  At(kFeb1 - 1);
  EXPECT_EQ(Sub(id).status(), "active");
  At(kFeb1);
  EXPECT_EQ(Sub(id).status(), "canceled");
  EXPECT_EQ(InvoicesOf(id).size(), 1u);

  // Before 2025-07-30 the names are not integers.
  Engine legacy({.clock = &clock_, .seed = 7, .api_version = "2025-06-30.basil"});
  absl::StatusOr<Customer> customer = legacy.customers().Create(CustomerCreateParams());
  ASSERT_THAT(customer, IsOk());
  absl::StatusOr<Price> price = legacy.prices().Create(ParseParams<PriceCreateParams>(
      "currency: \"usd\" unit_amount: 1500 product_data { name: \"Plan\" } "
      "recurring { interval: \"month\" }"));
  ASSERT_THAT(price, IsOk());
  EXPECT_THAT(legacy.subscriptions().Create(ParseParams<SubscriptionCreateParams>(absl::StrCat(
                  "customer: \"", customer->id(), "\" items { price: \"", price->id(),
                  "\" } cancel_at: \"max_period_end\" collection_method: \"send_invoice\" "
                  "days_until_due: 7"))),
              StripeErrorWithParam("invalid_request_error", "parameter_invalid_integer",
                                   "cancel_at"));
}

TEST_F(SubscriptionCancelAtTest, APausedSubscriptionIsCanceledThen) {
  customer_ = NewCustomer(/*alias=*/"");
  absl::StatusOr<Subscription> sub = Subscribe(
      customer_, NewPrice(),
      "trial_period_days: 7 trial_settings { end_behavior { missing_payment_method: \"pause\" } }");
  ASSERT_THAT(sub, IsOk());
  At(kStart + 7 * kDay);
  ASSERT_EQ(Sub(sub->id()).status(), "paused");
  ASSERT_THAT(Update(sub->id(), CancelAt(kStart + 10 * kDay)), IsOk());
  At(kStart + 10 * kDay - 1);
  EXPECT_EQ(Sub(sub->id()).status(), "paused");
  At(kStart + 10 * kDay);
  EXPECT_EQ(Sub(sub->id()).status(), "canceled");
  EXPECT_EQ(Sub(sub->id()).ended_at(), kStart + 10 * kDay);
}

TEST_F(SubscriptionCancelAtTest, BadValuesChangeNothing) {
  const std::string id = Subscribed();
  At(kStart + 3 * kDay);
  const size_t first = events_.size();
  EXPECT_THAT(Update(id, CancelAt(kStart + 3 * kDay)),  // now is not in the future
              StripeErrorWithParam("invalid_request_error", "", "cancel_at"));
  EXPECT_THAT(Update(id, CancelAt(kStart + 20 * kDay) + " cancel_at_period_end: true"),
              StripeErrorWithParam("invalid_request_error", "", "cancel_at"));
  EXPECT_THAT(Update(id, "cancel_at: \"soon\""),
              StripeErrorWithParam("invalid_request_error", "parameter_invalid_integer",
                                   "cancel_at"));
  EXPECT_THAT(Update(id, "cancel_at: \"-5\""),
              StripeErrorWithParam("invalid_request_error", "parameter_invalid_integer",
                                   "cancel_at"));
  EXPECT_THAT(Update(id, CancelAt(kStart + 3 * kDay + 1)), IsOk());  // a second ahead is fine
  EXPECT_EQ(events_.size(), first + 2);  // that update and its credit only
  EXPECT_THAT(engine_.subscriptions().Create(ParseParams<SubscriptionCreateParams>(absl::StrCat(
                  "customer: \"", NewCustomer(), "\" items { price: \"", NewPrice(), "\" } ",
                  CancelAt(kStart)))),
              StripeErrorWithParam("invalid_request_error", "", "cancel_at"));
}

}  // namespace
}  // namespace paysim
