// Behaviour tests of a subscription's discount and default tax rates changed after creation:
// `coupon`, `promotion_code` and `discounts[0]` on update (checked as at creation, redeemed,
// applied from the next invoice), `coupon=""` and DELETE .../discount removing it, the
// customer.discount.* events, `default_tax_rates` and an item's `tax_rates` replaced or emptied,
// and refusals that change nothing.
#include <algorithm>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "engine/billing_test_fixture.h"

namespace paysim {
namespace {

using ::paysim::testing::IsOk;
using ::paysim::testing::ParseParams;
using ::paysim::testing::StripeErrorWithParam;
using ::testing::ElementsAre;

class SubscriptionDiscountUpdatesTest : public BillingTest {
 protected:
  void SetUp() override {
    ASSERT_THAT(engine_.coupons().Create(ParseParams<CouponCreateParams>(
                    R"pb(id: "HALF" percent_off: 50 duration: "forever")pb")),
                IsOk());
    absl::StatusOr<Subscription> sub = Subscribe(NewCustomer(), NewPrice(2000));
    ASSERT_THAT(sub, IsOk());
    sub_ = sub->id();
  }

  absl::StatusOr<Subscription> Update(const std::string& text) {
    return engine_.subscriptions().Update(sub_, ParseParams<SubscriptionChangeParams>(text));
  }

  int64_t PaidAt(int64_t first_of_month) {
    At(first_of_month);
    At(first_of_month + kHour);
    return InvoicesOf(sub_).back().amount_paid();
  }

  std::string sub_;
};

TEST_F(SubscriptionDiscountUpdatesTest, CouponAddedAppliesFromTheNextInvoice) {
  At(kStart + 10 * kDay);
  const size_t first = events_.size();
  absl::StatusOr<Subscription> updated = Update(R"pb(coupon: "HALF")pb");
  ASSERT_THAT(updated, IsOk());
  ASSERT_TRUE(updated->has_discount());
  EXPECT_EQ(updated->discount().coupon().id(), "HALF");
  EXPECT_EQ(updated->discount().subscription(), sub_);
  EXPECT_EQ(updated->discount().start(), kStart + 10 * kDay);
  ASSERT_EQ(updated->discounts_size(), 1);
  EXPECT_EQ(updated->discounts(0), updated->discount().id());
  EXPECT_THAT(TypesSince(first),
              ElementsAre("customer.subscription.updated", "customer.discount.created"));
  EXPECT_EQ(engine_.coupons().Retrieve("HALF")->times_redeemed(), 1);
  EXPECT_EQ(InvoicesOf(sub_).front().amount_paid(), 2000);  // the paid invoice stays
  EXPECT_EQ(PaidAt(kFeb1), 1000);
  EXPECT_EQ(PaidAt(kMar1), 1000);
}

TEST_F(SubscriptionDiscountUpdatesTest, ReplacedThenRemoved) {
  ASSERT_THAT(engine_.coupons().Create(ParseParams<CouponCreateParams>(
                  R"pb(id: "FIVE" amount_off: 500 currency: "usd" duration: "forever")pb")),
              IsOk());
  ASSERT_THAT(Update(R"pb(discounts { coupon: "HALF" })pb"), IsOk());
  const std::string half = Sub(sub_).discount().id();
  size_t first = events_.size();
  ASSERT_THAT(Update(R"pb(coupon: "FIVE")pb"), IsOk());
  EXPECT_THAT(TypesSince(first),
              ElementsAre("customer.subscription.updated", "customer.discount.updated"));
  EXPECT_NE(Sub(sub_).discount().id(), half);
  EXPECT_EQ(PaidAt(kFeb1), 1500);

  first = events_.size();
  absl::StatusOr<Subscription> removed = Update(R"pb(coupon: "")pb");
  ASSERT_THAT(removed, IsOk());
  EXPECT_FALSE(removed->has_discount());
  EXPECT_EQ(removed->discounts_size(), 0);
  EXPECT_THAT(TypesSince(first),
              ElementsAre("customer.subscription.updated", "customer.discount.deleted"));
  EXPECT_EQ(PaidAt(kMar1), 2000);
}

TEST_F(SubscriptionDiscountUpdatesTest, DeleteDiscount) {
  EXPECT_THAT(engine_.subscriptions().DeleteDiscount(sub_),
              StripeErrorWithParam("invalid_request_error", "resource_missing", ""));
  ASSERT_THAT(Update(R"pb(coupon: "HALF")pb"), IsOk());
  const size_t first = events_.size();
  absl::StatusOr<Discount> deleted = engine_.subscriptions().DeleteDiscount(sub_);
  ASSERT_THAT(deleted, IsOk());
  EXPECT_TRUE(deleted->deleted());
  EXPECT_EQ(deleted->coupon().id(), "HALF");
  EXPECT_FALSE(Sub(sub_).has_discount());
  EXPECT_THAT(TypesSince(first),
              ElementsAre("customer.subscription.updated", "customer.discount.deleted"));
  EXPECT_EQ(PaidAt(kFeb1), 2000);
}

TEST_F(SubscriptionDiscountUpdatesTest, RefusalsChangeNothing) {
  const Subscription before = Sub(sub_);
  const size_t first = events_.size();
  EXPECT_THAT(Update(R"pb(coupon: "NOPE")pb"),
              StripeErrorWithParam("invalid_request_error", "resource_missing", "coupon"));
  EXPECT_THAT(Update(R"pb(coupon: "HALF" promotion_code: "promo_x")pb"),
              StripeErrorWithParam("invalid_request_error", "", "coupon"));
  EXPECT_THAT(Update(R"pb(discounts { coupon: "HALF" } discounts { coupon: "HALF" })pb"),
              StripeErrorWithParam("invalid_request_error", "", "discounts"));
  EXPECT_THAT(Update(R"pb(coupon: "" discounts { coupon: "HALF" })pb"),
              StripeErrorWithParam("invalid_request_error", "", "coupon"));
  EXPECT_THAT(Update(R"pb(default_tax_rates: "txr_missing")pb"),
              StripeErrorWithParam("invalid_request_error", "resource_missing",
                                   "default_tax_rates[0]"));
  // A good discount with a bad item change: the coupon is not redeemed.
  EXPECT_THAT(Update(R"pb(coupon: "HALF" items { id: "si_missing" quantity: 2 })pb"),
              ::testing::Not(IsOk()));
  EXPECT_EQ(engine_.coupons().Retrieve("HALF")->times_redeemed(), 0);
  EXPECT_EQ(Sub(sub_), before);
  EXPECT_EQ(events_.size(), first);
}

TEST_F(SubscriptionDiscountUpdatesTest, DefaultTaxRatesReplaced) {
  TaxRateCreateParams params;
  params.set_display_name("Sales tax");
  params.set_percentage(10);
  params.set_inclusive(false);
  absl::StatusOr<TaxRate> rate = engine_.tax_rates().Create(params);
  ASSERT_THAT(rate, IsOk());
  absl::StatusOr<Subscription> updated =
      Update(absl::StrCat("default_tax_rates: \"", rate->id(), "\""));
  ASSERT_THAT(updated, IsOk());
  ASSERT_EQ(updated->default_tax_rates_size(), 1);
  EXPECT_EQ(updated->default_tax_rates(0).id(), rate->id());
  EXPECT_EQ(PaidAt(kFeb1), 2200);
}

TEST_F(SubscriptionDiscountUpdatesTest, DefaultTaxRatesEmptiedRemovesThem) {
  TaxRateCreateParams params;
  params.set_display_name("Sales tax");
  params.set_percentage(10);
  params.set_inclusive(false);
  absl::StatusOr<TaxRate> rate = engine_.tax_rates().Create(params);
  ASSERT_THAT(rate, IsOk());
  ASSERT_THAT(Update(absl::StrCat("default_tax_rates: \"", rate->id(), "\"")), IsOk());
  // An update that names no rates leaves them.
  ASSERT_EQ(Update(R"pb(description: "x")pb")->default_tax_rates_size(), 1);
  const size_t first = events_.size();
  // `default_tax_rates=` on the wire: an empty list.
  absl::StatusOr<Subscription> updated = Update("default_tax_rates_emptied: true");
  ASSERT_THAT(updated, IsOk());
  EXPECT_EQ(updated->default_tax_rates_size(), 0);
  EXPECT_THAT(TypesSince(first), ElementsAre("customer.subscription.updated"));
  EXPECT_THAT(events_.back().data().previous_attributes(),
              ::testing::HasSubstr("\"default_tax_rates\":[{\"id\":\"" + rate->id()));
  EXPECT_EQ(PaidAt(kFeb1), 2000);
  // Given with rates, the rates win.
  updated = Update(absl::StrCat("default_tax_rates_emptied: true default_tax_rates: \"",
                                rate->id(), "\""));
  ASSERT_THAT(updated, IsOk());
  EXPECT_EQ(updated->default_tax_rates_size(), 1);
}

TEST_F(SubscriptionDiscountUpdatesTest, ItemTaxRatesReplacedThenEmptied) {
  TaxRateCreateParams params;
  params.set_display_name("Sales tax");
  params.set_percentage(10);
  params.set_inclusive(false);
  absl::StatusOr<TaxRate> rate = engine_.tax_rates().Create(params);
  ASSERT_THAT(rate, IsOk());
  const std::string item = Sub(sub_).items().data(0).id();
  absl::StatusOr<Subscription> updated = Update(
      absl::StrCat("items { id: \"", item, "\" tax_rates: \"", rate->id(), "\" }"));
  ASSERT_THAT(updated, IsOk());
  ASSERT_EQ(updated->items().data(0).tax_rates_size(), 1);
  EXPECT_EQ(PaidAt(kFeb1), 2200);
  // `items[0][tax_rates]=` on the wire: an empty list.
  updated = Update(absl::StrCat("items { id: \"", item, "\" tax_rates_emptied: true }"));
  ASSERT_THAT(updated, IsOk());
  EXPECT_EQ(updated->items().data(0).tax_rates_size(), 0);
  EXPECT_EQ(PaidAt(kMar1), 2000);
  // An unknown rate is refused and changes nothing.
  const Subscription before = Sub(sub_);
  EXPECT_THAT(Update(absl::StrCat("items { id: \"", item, "\" tax_rates: \"txr_missing\" }")),
              StripeErrorWithParam("invalid_request_error", "resource_missing",
                                   "items[0][tax_rates][0]"));
  EXPECT_EQ(Sub(sub_), before);
}

TEST_F(SubscriptionDiscountUpdatesTest, CreatedWithACouponAnnouncesTheDiscount) {
  const size_t first = events_.size();
  ASSERT_THAT(Subscribe(NewCustomer(), NewPrice(1000), R"pb(coupon: "HALF")pb"), IsOk());
  const std::vector<std::string> types = TypesSince(first, "customer.");
  EXPECT_NE(std::find(types.begin(), types.end(), "customer.discount.created"), types.end());
}

TEST_F(SubscriptionDiscountUpdatesTest, AnEndedDiscountLeavesAtTheNextRenewal) {
  ASSERT_THAT(engine_.coupons().Create(ParseParams<CouponCreateParams>(
                  R"pb(id: "ONCE" percent_off: 20 duration: "once")pb")),
              IsOk());
  ASSERT_THAT(Update(R"pb(coupon: "ONCE")pb"), IsOk());
  EXPECT_EQ(PaidAt(kFeb1), 1600);  // the once discount's invoice
  EXPECT_TRUE(Sub(sub_).has_discount());
  const size_t first = events_.size();
  At(kMar1);
  EXPECT_FALSE(Sub(sub_).has_discount());
  EXPECT_EQ(Sub(sub_).discounts_size(), 0);
  const std::vector<std::string> types = TypesSince(first, "customer.discount.");
  EXPECT_THAT(types, ElementsAre("customer.discount.deleted"));
  At(kMar1 + kHour);
  EXPECT_EQ(InvoicesOf(sub_).back().amount_paid(), 2000);
}

TEST_F(SubscriptionDiscountUpdatesTest, TheCustomersEndedDiscountLeavesAtARenewal) {
  ASSERT_THAT(engine_.coupons().Create(ParseParams<CouponCreateParams>(
                  R"pb(id: "ONCE" percent_off: 20 duration: "once")pb")),
              IsOk());
  const std::string customer = Sub(sub_).customer();
  ASSERT_THAT(engine_.customers().Update(customer, ParseParams<CustomerUpdateParams>(
                                                       R"pb(coupon: "ONCE")pb")),
              IsOk());
  EXPECT_EQ(PaidAt(kFeb1), 1600);  // the customer's once discount
  EXPECT_TRUE(engine_.customers().Retrieve(customer)->has_discount());
  const size_t first = events_.size();
  At(kMar1 - 1);
  EXPECT_TRUE(engine_.customers().Retrieve(customer)->has_discount());
  At(kMar1);
  EXPECT_FALSE(engine_.customers().Retrieve(customer)->has_discount());
  EXPECT_THAT(TypesSince(first, "customer."),
              ElementsAre("customer.updated", "customer.discount.deleted",
                          "customer.subscription.updated"));
  At(kMar1 + kHour);
  EXPECT_EQ(InvoicesOf(sub_).back().amount_paid(), 2000);
}

}  // namespace
}  // namespace paysim
