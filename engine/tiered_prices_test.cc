// Tiered prices and plans (`billing_scheme=tiered`) and `transform_quantity`: what creating
// them checks, and what subscriptions, their renewals and prorations, and Checkout bill for
// them (price_tiers.h).
#include <string>
#include <vector>

#include "engine/billing_test_fixture.h"
#include "engine/internal/prorations.h"

namespace paysim {
namespace {

using ::paysim::testing::IsOk;
using ::paysim::testing::ParseParams;
using ::paysim::testing::StripeErrorWithParam;

// 1-5 at 500 + 1000 flat, 6-10 at 400 + 2000 flat, 11 and up at 300.
constexpr char kTiers[] =
    R"pb(tiers { up_to: "5" unit_amount: 500 flat_amount: 1000 }
         tiers { up_to: "10" unit_amount: 400 flat_amount: 2000 }
         tiers { up_to: "inf" unit_amount: 300 })pb";

class TieredPricesTest : public BillingTest {
 protected:
  absl::StatusOr<Price> CreatePrice(const std::string& text) {
    return engine_.prices().Create(ParseParams<PriceCreateParams>(
        absl::StrCat("currency: \"usd\" product_data { name: \"Seats\" } ", text)));
  }

  std::string TieredPrice(const std::string& mode) {
    absl::StatusOr<Price> price =
        CreatePrice(absl::StrCat("billing_scheme: \"tiered\" tiers_mode: \"", mode,
                                 "\" recurring { interval: \"month\" } ", kTiers));
    EXPECT_THAT(price, IsOk());
    return price.ok() ? price->id() : "";
  }

  size_t PriceCount() {
    PriceListParams all;
    all.set_limit(100);
    absl::StatusOr<ListResult<Price>> page = engine_.prices().List(all);
    return page.ok() ? page->data.size() : 0;
  }

  void ExpectRejected(const std::string& text, const std::string& code,
                      const std::string& param) {
    const size_t events = events_.size();
    const size_t prices = PriceCount();
    EXPECT_THAT(CreatePrice(text), StripeErrorWithParam("invalid_request_error", code, param))
        << text;
    EXPECT_EQ(events_.size(), events) << text;
    EXPECT_EQ(PriceCount(), prices) << text;
  }

  absl::StatusOr<Subscription> SubscribeTo(const std::string& customer, const std::string& price,
                                           int64_t quantity) {
    return engine_.subscriptions().Create(ParseParams<SubscriptionCreateParams>(absl::StrCat(
        "customer: \"", customer, "\" items { price: \"", price, "\" quantity: ", quantity,
        " }")));
  }

  // The subscription's first invoice's lines.
  std::vector<InvoiceLineItem> FirstLines(const std::string& subscription) {
    const std::vector<Invoice> invoices = InvoicesOf(subscription);
    if (invoices.empty()) return {};
    return {invoices[0].lines().data().begin(), invoices[0].lines().data().end()};
  }
};

TEST_F(TieredPricesTest, CreateKeepsTheTiersAndHasNoUnitAmount) {
  absl::StatusOr<Price> price = CreatePrice(
      absl::StrCat("billing_scheme: \"tiered\" tiers_mode: \"graduated\" "
                   "recurring { interval: \"month\" } ",
                   R"pb(tiers { up_to: "5" unit_amount_decimal: "0.5" }
                        tiers { up_to: "inf" flat_amount: 2000 })pb"));
  ASSERT_THAT(price, IsOk());
  EXPECT_EQ(price->billing_scheme(), "tiered");
  EXPECT_EQ(price->tiers_mode(), "graduated");
  EXPECT_FALSE(price->has_unit_amount());
  EXPECT_FALSE(price->has_unit_amount_decimal());
  ASSERT_EQ(price->tiers_size(), 2);
  EXPECT_EQ(price->tiers(0).up_to(), 5);
  EXPECT_FALSE(price->tiers(0).has_unit_amount());  // given as a decimal only
  EXPECT_EQ(price->tiers(0).unit_amount_decimal(), "0.5");
  EXPECT_FALSE(price->tiers(0).has_flat_amount());
  EXPECT_FALSE(price->tiers(1).has_up_to());  // "inf"
  EXPECT_EQ(price->tiers(1).flat_amount(), 2000);
  EXPECT_EQ(price->tiers(1).flat_amount_decimal(), "2000");
  EXPECT_FALSE(price->has_transform_quantity());
}

TEST_F(TieredPricesTest, BadTiersAreRefusedAndMakeNothing) {
  const std::string recurring = "recurring { interval: \"month\" } ";
  const std::string tiered = "billing_scheme: \"tiered\" " + recurring;
  const std::string graduated = tiered + "tiers_mode: \"graduated\" ";
  ExpectRejected(tiered + kTiers, "parameter_missing", "tiers_mode");
  ExpectRejected(graduated, "parameter_missing", "tiers");
  ExpectRejected(tiered + "tiers_mode: \"stepped\" " + kTiers, "", "tiers_mode");
  ExpectRejected("billing_scheme: \"banded\" " + recurring + "unit_amount: 1", "",
                 "billing_scheme");
  ExpectRejected(graduated + "unit_amount: 100 " + kTiers, "", "unit_amount");
  ExpectRejected(recurring + "unit_amount: 100 " + kTiers, "", "tiers");
  ExpectRejected(recurring + "unit_amount: 100 tiers_mode: \"volume\"", "", "tiers_mode");
  ExpectRejected("billing_scheme: \"tiered\" tiers_mode: \"volume\" " + std::string(kTiers), "",
                 "billing_scheme");  // a one-time price
  ExpectRejected(graduated + kTiers + " transform_quantity { divide_by: 2 round: \"up\" }", "",
                 "tiers");
  ExpectRejected(graduated + R"pb(tiers { up_to: "5" unit_amount: 1 }
                                  tiers { up_to: "9" unit_amount: 1 })pb",
                 "", "tiers[1][up_to]");  // the last tier must be "inf"
  ExpectRejected(graduated + R"pb(tiers { up_to: "inf" unit_amount: 1 }
                                  tiers { up_to: "inf" unit_amount: 1 })pb",
                 "", "tiers[0][up_to]");
  ExpectRejected(graduated + R"pb(tiers { up_to: "5" unit_amount: 1 }
                                  tiers { up_to: "5" unit_amount: 1 }
                                  tiers { up_to: "inf" unit_amount: 1 })pb",
                 "", "tiers[1][up_to]");  // not above the previous tier
  ExpectRejected(graduated + R"pb(tiers { up_to: "0" unit_amount: 1 }
                                  tiers { up_to: "inf" unit_amount: 1 })pb",
                 "", "tiers[0][up_to]");
  ExpectRejected(graduated + R"pb(tiers { up_to: "five" unit_amount: 1 }
                                  tiers { up_to: "inf" unit_amount: 1 })pb",
                 "parameter_invalid_integer", "tiers[0][up_to]");
  ExpectRejected(graduated + R"pb(tiers { unit_amount: 1 })pb", "parameter_missing",
                 "tiers[0][up_to]");
  ExpectRejected(graduated + R"pb(tiers { up_to: "inf" })pb", "", "amount");
  ExpectRejected(
      graduated + R"pb(tiers { up_to: "inf" unit_amount: 1 unit_amount_decimal: "1" })pb", "",
      "tiers[0][unit_amount]");
  ExpectRejected(
      graduated + R"pb(tiers { up_to: "inf" flat_amount: 1 flat_amount_decimal: "1" })pb", "",
      "tiers[0][flat_amount]");
  ExpectRejected(graduated + R"pb(tiers { up_to: "inf" unit_amount: -1 })pb",
                 "parameter_invalid_integer", "tiers[0][unit_amount]");
  ExpectRejected(graduated + R"pb(tiers { up_to: "inf" flat_amount: 100000000 })pb",
                 "parameter_invalid_integer", "tiers[0][flat_amount]");
  ExpectRejected(graduated + R"pb(tiers { up_to: "inf" unit_amount_decimal: "0.1234567890123" })pb",
                 "parameter_invalid_decimal", "tiers[0][unit_amount_decimal]");
  ExpectRejected(recurring + "unit_amount: 100 transform_quantity { round: \"up\" }",
                 "parameter_missing", "transform_quantity[divide_by]");
  ExpectRejected(recurring + "unit_amount: 100 transform_quantity { divide_by: 0 round: \"up\" }",
                 "parameter_invalid_integer", "transform_quantity[divide_by]");
  ExpectRejected(recurring + "unit_amount: 100 transform_quantity { divide_by: 5 }",
                 "parameter_missing", "transform_quantity[round]");
  ExpectRejected(recurring + "unit_amount: 100 transform_quantity { divide_by: 5 round: \"x\" }",
                 "", "transform_quantity[round]");
}

TEST_F(TieredPricesTest, GraduatedBillsALinePerTierPartAndRenewsTheSame) {
  const std::string customer = NewCustomer();
  absl::StatusOr<Subscription> sub =
      SubscribeTo(customer, TieredPrice("graduated"), 7);
  ASSERT_THAT(sub, IsOk());
  std::vector<InvoiceLineItem> lines = FirstLines(sub->id());
  ASSERT_EQ(lines.size(), 4u);
  EXPECT_EQ(lines[0].description(), "5 × Seats (Tier 1 at 500 / month)");
  EXPECT_EQ(lines[1].description(), "Seats (Tier 1 at 1000 / month)");
  EXPECT_EQ(lines[0].quantity(), 5);
  EXPECT_EQ(lines[0].amount(), 2500);
  EXPECT_EQ(lines[0].pricing().unit_amount_decimal(), "500");
  EXPECT_EQ(lines[1].quantity(), 0);  // tier 1's flat amount
  EXPECT_EQ(lines[1].amount(), 1000);
  EXPECT_FALSE(lines[1].pricing().has_unit_amount_decimal());
  EXPECT_EQ(lines[2].quantity(), 2);
  EXPECT_EQ(lines[2].amount(), 800);
  EXPECT_EQ(lines[3].amount(), 2000);
  for (const InvoiceLineItem& line : lines) {
    EXPECT_EQ(line.parent().subscription_item_details().subscription_item(),
              sub->items().data(0).id());
  }
  Invoice first = InvoicesOf(sub->id())[0];
  EXPECT_EQ(first.total(), 6300);
  EXPECT_EQ(first.amount_paid(), 6300);

  // The renewal at the period's end (one second early: nothing) bills the same parts.
  At(kFeb1 - 1);
  EXPECT_EQ(InvoicesOf(sub->id()).size(), 1u);
  At(kFeb1);
  std::vector<Invoice> invoices = InvoicesOf(sub->id());
  ASSERT_EQ(invoices.size(), 2u);
  EXPECT_EQ(invoices[1].lines().data_size(), 4);
  EXPECT_EQ(invoices[1].total(), 6300);
}

TEST_F(TieredPricesTest, VolumeBillsOneLineAtTheTierOfTheWholeQuantity) {
  const std::string customer = NewCustomer();
  absl::StatusOr<Subscription> sub =
      SubscribeTo(customer, TieredPrice("volume"), 12);
  ASSERT_THAT(sub, IsOk());
  std::vector<InvoiceLineItem> lines = FirstLines(sub->id());
  ASSERT_EQ(lines.size(), 1u);
  EXPECT_EQ(lines[0].quantity(), 12);
  EXPECT_EQ(lines[0].amount(), 12 * 300);
  EXPECT_EQ(lines[0].pricing().unit_amount_decimal(), "300");
  EXPECT_THAT(lines[0].description(), ::testing::EndsWith(" (Tier 3 at 300 / month)"));
}

TEST_F(TieredPricesTest, AQuantityChangeProratesTheTieredTotals) {
  const std::string customer = NewCustomer();
  absl::StatusOr<Subscription> sub =
      SubscribeTo(customer, TieredPrice("volume"), 5);
  ASSERT_THAT(sub, IsOk());
  const int64_t change = kStart + 10 * kDay;
  At(change);
  SubscriptionChangeParams params;
  SubscriptionUpdateItemParams* item = params.add_items();
  item->set_id(sub->items().data(0).id());
  item->set_quantity(6);
  ASSERT_THAT(engine_.subscriptions().Update(sub->id(), params), IsOk());
  const std::vector<InvoiceItem> items = InvoiceItemsOf(customer);
  ASSERT_EQ(items.size(), 2u);
  const int64_t remaining = kFeb1 - change;
  const int64_t period = kFeb1 - kStart;
  // 5 at tier 1 (5 x 500 + 1000) credited; 6 at tier 2 (6 x 400 + 2000) debited.
  EXPECT_EQ(items[0].amount(), -internal::ProratedAmount(3500, remaining, period));
  EXPECT_EQ(items[1].amount(), internal::ProratedAmount(4400, remaining, period));
  EXPECT_EQ(items[1].quantity(), 6);
}

TEST_F(TieredPricesTest, TransformQuantityBillsTheRoundedGroups) {
  const std::string customer = NewCustomer();
  absl::StatusOr<Price> price = CreatePrice(
      "unit_amount: 1000 recurring { interval: \"month\" } "
      "transform_quantity { divide_by: 5 round: \"up\" }");
  ASSERT_THAT(price, IsOk());
  EXPECT_EQ(price->billing_scheme(), "per_unit");
  EXPECT_EQ(price->transform_quantity().divide_by(), 5);
  EXPECT_EQ(price->transform_quantity().round(), "up");
  absl::StatusOr<Subscription> sub = SubscribeTo(customer, price->id(), 6);
  ASSERT_THAT(sub, IsOk());
  std::vector<InvoiceLineItem> lines = FirstLines(sub->id());
  ASSERT_EQ(lines.size(), 1u);
  EXPECT_EQ(lines[0].quantity(), 6);
  EXPECT_EQ(lines[0].amount(), 2000);
  EXPECT_THAT(lines[0].description(), ::testing::EndsWith(" (at 1000 per 5 / month)"));
}

TEST_F(TieredPricesTest, PlansTakeTiersByTheirOwnNames) {
  absl::StatusOr<Plan> plan = engine_.plans().Create(ParseParams<PlanCreateParams>(
      absl::StrCat(R"pb(currency: "usd" interval: "month" product { name: "Seats" }
                        billing_scheme: "tiered" tiers_mode: "volume")pb",
                   kTiers)));
  ASSERT_THAT(plan, IsOk());
  EXPECT_FALSE(plan->has_amount());
  EXPECT_EQ(plan->billing_scheme(), "tiered");
  EXPECT_EQ(plan->tiers_mode(), "volume");
  ASSERT_EQ(plan->tiers_size(), 3);
  EXPECT_EQ(plan->tiers(1).up_to(), 10);
  EXPECT_EQ(plan->tiers(1).flat_amount(), 2000);
  absl::StatusOr<Price> price = engine_.prices().Retrieve(plan->id());
  ASSERT_THAT(price, IsOk());
  EXPECT_EQ(price->tiers_size(), 3);

  absl::StatusOr<Plan> transformed = engine_.plans().Create(ParseParams<PlanCreateParams>(
      R"pb(currency: "usd" interval: "month" product { name: "Seats" } amount: 100
           transform_usage { divide_by: 10 round: "down" })pb"));
  ASSERT_THAT(transformed, IsOk());
  EXPECT_EQ(transformed->transform_usage().divide_by(), 10);
  EXPECT_THAT(engine_.plans().Create(ParseParams<PlanCreateParams>(
                  R"pb(currency: "usd" interval: "month" product { name: "Seats" } amount: 100
                       transform_usage { divide_by: 0 round: "down" })pb")),
              StripeErrorWithParam("invalid_request_error", "parameter_invalid_integer",
                                   "transform_usage[divide_by]"));
}

TEST_F(TieredPricesTest, CheckoutChargesTheTieredTotal) {
  CheckoutSessionCreateParams params;
  params.set_mode("subscription");
  params.add_line_items()->set_price(TieredPrice("graduated"));
  params.mutable_line_items(0)->set_quantity(7);
  params.set_success_url("https://example.com/done");
  absl::StatusOr<CheckoutSession> session = engine_.checkout_sessions().Create(params);
  ASSERT_THAT(session, IsOk());
  EXPECT_EQ(session->amount_subtotal(), 6300);
  EXPECT_EQ(session->amount_total(), 6300);
  CheckoutPayParams pay;
  pay.set_payment_method("pm_card_visa");
  pay.set_email("buyer@example.com");
  ASSERT_THAT(engine_.checkout_page().Pay(session->id(), pay), IsOk());
  absl::StatusOr<CheckoutSession> done = engine_.checkout_sessions().Retrieve(session->id());
  ASSERT_THAT(done, IsOk());
  ASSERT_TRUE(done->has_subscription());
  const std::vector<Invoice> invoices = InvoicesOf(done->subscription());
  ASSERT_EQ(invoices.size(), 1u);
  EXPECT_EQ(invoices[0].lines().data_size(), 4);
  EXPECT_EQ(invoices[0].total(), 6300);
  EXPECT_EQ(invoices[0].amount_paid(), 6300);
}

}  // namespace
}  // namespace paysim
