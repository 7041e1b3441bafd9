// Behaviour tests of the Subscription Items API: each call changes the item's subscription
// (one owner: the subscription lifecycle), prorated like an update, announced by
// customer.subscription.updated; its errors change nothing.
#include <string>
#include <vector>

#include "engine/billing_test_fixture.h"

namespace paysim {
namespace {

using ::paysim::testing::IsOk;
using ::paysim::testing::ParseParams;
using ::paysim::testing::HttpStatusIs;
using ::paysim::testing::StripeErrorIs;
using ::paysim::testing::StripeErrorWithParam;
using ::testing::ElementsAre;

class SubscriptionItemsTest : public BillingTest {
 protected:
  static constexpr int64_t kJan22 = kStart + 21 * kDay;

  void SetUp() override {
    customer_ = NewCustomer();
    absl::StatusOr<Subscription> sub = Subscribe(customer_, NewPrice(3100));
    ASSERT_THAT(sub, IsOk());
    sub_ = sub->id();
    item_ = sub->items().data(0).id();
  }

  std::vector<InvoiceItem> Items() { return InvoiceItemsOf(customer_); }

  std::string customer_, sub_, item_;
};

TEST_F(SubscriptionItemsTest, CreateAddsAProratedItem) {
  const std::string seats = NewPrice(620);
  At(kJan22);
  const size_t first = events_.size();
  absl::StatusOr<SubscriptionItem> item =
      engine_.subscription_items().Create(ParseParams<SubscriptionItemCreateParams>(
          absl::StrCat("subscription: \"", sub_, "\" price: \"", seats,
                       "\" quantity: 2 metadata { key: \"k\" value: \"v\" }")));
  ASSERT_THAT(item, IsOk());
  EXPECT_EQ(item->object(), "subscription_item");
  EXPECT_EQ(item->subscription(), sub_);
  EXPECT_EQ(item->quantity(), 2);
  EXPECT_EQ(item->metadata().at("k"), "v");
  EXPECT_EQ(item->current_period_end(), kFeb1);
  EXPECT_EQ(Sub(sub_).items().data_size(), 2);
  EXPECT_THAT(TypesSince(first),
              ElementsAre("customer.subscription.updated", "invoiceitem.created"));
  std::vector<InvoiceItem> items = Items();
  ASSERT_EQ(items.size(), 1u);
  EXPECT_EQ(items[0].amount(), 400);
  EXPECT_EQ(items[0].subscription_item(), item->id());
}

TEST_F(SubscriptionItemsTest, RetrieveUpdateDeleteList) {
  absl::StatusOr<SubscriptionItem> got = engine_.subscription_items().Retrieve(item_);
  ASSERT_THAT(got, IsOk());
  EXPECT_EQ(got->id(), item_);
  At(kJan22);
  absl::StatusOr<SubscriptionItem> updated = engine_.subscription_items().Update(
      item_, ParseParams<SubscriptionItemUpdateParams>("quantity: 3"));
  ASSERT_THAT(updated, IsOk());
  EXPECT_EQ(updated->quantity(), 3);
  EXPECT_EQ(Sub(sub_).items().data(0).quantity(), 3);
  std::vector<InvoiceItem> items = Items();
  ASSERT_EQ(items.size(), 2u);
  EXPECT_EQ(items[0].amount(), -1000);
  EXPECT_EQ(items[1].amount(), 3000);

  absl::StatusOr<SubscriptionItem> added = engine_.subscription_items().Create(
      ParseParams<SubscriptionItemCreateParams>(absl::StrCat(
          "subscription: \"", sub_, "\" price: \"", NewPrice(620),
          "\" proration_behavior: \"none\"")));
  ASSERT_THAT(added, IsOk());
  EXPECT_EQ(Items().size(), 2u);  // none: no proration

  SubscriptionItemListParams list;
  list.set_subscription(sub_);
  absl::StatusOr<ListResult<SubscriptionItem>> page = engine_.subscription_items().List(list);
  ASSERT_THAT(page, IsOk());
  ASSERT_EQ(page->data.size(), 2u);
  EXPECT_EQ(page->data[0].id(), item_);
  EXPECT_EQ(page->data[1].id(), added->id());
  EXPECT_FALSE(page->has_more);

  absl::StatusOr<DeletedObject> deleted = engine_.subscription_items().Delete(added->id());
  ASSERT_THAT(deleted, IsOk());
  EXPECT_EQ(deleted->object(), "subscription_item");
  EXPECT_TRUE(deleted->deleted());
  EXPECT_EQ(Sub(sub_).items().data_size(), 1);
  EXPECT_THAT(engine_.subscription_items().Retrieve(added->id()),
              StripeErrorIs("invalid_request_error", "resource_missing"));
}

TEST_F(SubscriptionItemsTest, ErrorsChangeNothing) {
  const std::string yearly = NewPrice(100, "year");
  const Subscription before = Sub(sub_);
  const size_t first = events_.size();
  auto& items = engine_.subscription_items();
  EXPECT_THAT(items.Create(ParseParams<SubscriptionItemCreateParams>("price: \"price_x\"")),
              StripeErrorWithParam("invalid_request_error", "parameter_missing", "subscription"));
  EXPECT_THAT(items.Create(ParseParams<SubscriptionItemCreateParams>(
                  "subscription: \"sub_nope\" price: \"price_x\"")),
              StripeErrorWithParam("invalid_request_error", "resource_missing", "subscription"));
  EXPECT_THAT(items.Create(ParseParams<SubscriptionItemCreateParams>(
                  absl::StrCat("subscription: \"", sub_, "\""))),
              StripeErrorWithParam("invalid_request_error", "parameter_missing", "price"));
  EXPECT_THAT(items.Create(ParseParams<SubscriptionItemCreateParams>(
                  absl::StrCat("subscription: \"", sub_, "\" price: \"price_nope\""))),
              StripeErrorWithParam("invalid_request_error", "resource_missing", "price"));
  EXPECT_THAT(items.Create(ParseParams<SubscriptionItemCreateParams>(absl::StrCat(
                  "subscription: \"", sub_, "\" price: \"", yearly, "\""))),
              StripeErrorWithParam("invalid_request_error", "", "price"));
  absl::StatusOr<SubscriptionItem> missing = items.Retrieve("si_nope");
  EXPECT_THAT(missing, StripeErrorWithParam("invalid_request_error", "resource_missing", "id"));
  EXPECT_THAT(missing, HttpStatusIs(404));
  EXPECT_THAT(items.Update(item_, ParseParams<SubscriptionItemUpdateParams>("quantity: -2")),
              StripeErrorWithParam("invalid_request_error", "parameter_invalid_integer",
                                   "quantity"));
  EXPECT_THAT(items.Update(item_, ParseParams<SubscriptionItemUpdateParams>(
                                      "quantity: 2 proration_behavior: \"later\"")),
              StripeErrorWithParam("invalid_request_error", "", "proration_behavior"));
  // The last item cannot be deleted: the subscription is canceled instead.
  absl::StatusOr<DeletedObject> last = items.Delete(item_);
  EXPECT_THAT(last, StripeErrorIs("invalid_request_error", ""));
  EXPECT_THAT(last, HttpStatusIs(400));
  EXPECT_THAT(items.List(SubscriptionItemListParams()),
              StripeErrorWithParam("invalid_request_error", "parameter_missing", "subscription"));
  EXPECT_EQ(Sub(sub_).DebugString(), before.DebugString());
  EXPECT_EQ(events_.size(), first);
}

TEST_F(SubscriptionItemsTest, CanceledSubscriptionRefuses) {
  ASSERT_THAT(engine_.subscriptions().Cancel(sub_), IsOk());
  EXPECT_THAT(engine_.subscription_items().Update(
                  item_, ParseParams<SubscriptionItemUpdateParams>("quantity: 2")),
              StripeErrorIs("invalid_request_error", ""));
  EXPECT_EQ(Sub(sub_).items().data(0).quantity(), 1);
}

TEST_F(SubscriptionItemsTest, OnATestClockProratesAtTheClocksTime) {
  // February 2026 has 28 days; the engine's own clock stays on January 1st.
  absl::StatusOr<TestClock> clock = engine_.test_clocks().Create(
      ParseParams<TestClockCreateParams>(absl::StrCat("frozen_time: ", kFeb1)));
  ASSERT_THAT(clock, IsOk());
  absl::StatusOr<Customer> customer = engine_.customers().Create(
      ParseParams<CustomerCreateParams>(absl::StrCat("test_clock: \"", clock->id(), "\"")));
  ASSERT_THAT(customer, IsOk());
  SetDefaultCard(customer->id(), AttachCard(customer->id(), "pm_card_visa"));
  absl::StatusOr<Subscription> sub = Subscribe(customer->id(), NewPrice(2800));
  ASSERT_THAT(sub, IsOk());
  ASSERT_THAT(engine_.test_clocks().Advance(clock->id(), ParseParams<TestClockAdvanceParams>(
                                                             absl::StrCat("frozen_time: ",
                                                                          kFeb1 + 21 * kDay))),
              IsOk());
  ASSERT_THAT(engine_.subscription_items().Update(
                  sub->items().data(0).id(), ParseParams<SubscriptionItemUpdateParams>("quantity: 2")),
              IsOk());
  InvoiceItemListParams params;
  params.set_customer(customer->id());
  absl::StatusOr<ListResult<InvoiceItem>> page = engine_.invoice_items().List(params);
  ASSERT_THAT(page, IsOk());
  ASSERT_EQ(page->data.size(), 2u);
  EXPECT_EQ(page->data[1].amount(), -700);  // 2800 x 7/28 days
  EXPECT_EQ(page->data[0].amount(), 1400);
  EXPECT_EQ(page->data[0].date(), kFeb1 + 21 * kDay);
  EXPECT_EQ(page->data[0].period().start(), kFeb1 + 21 * kDay);
}

}  // namespace
}  // namespace paysim
