// Behaviour tests of discounts and tax rates on subscriptions and invoices
// (engine/internal/invoice_totals.h): a one-off invoice's own discount and tax rates; `coupon`, `promotion_code` and `discounts[0]` on create,
// a coupon's duration across renewals (once, repeating to the second, forever), the customer's
// discount when the subscription has none, `default_tax_rates` and `items[][tax_rates]`
// (discounts before tax), both invoice shapes, Stripe's refusals, which change nothing, and
// an amount_off coupon's currency_options on invoices in another currency.
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "engine/billing_test_fixture.h"
#include "engine/internal/invoice_totals.h"

namespace paysim {
namespace {

using ::paysim::testing::IsOk;
using ::paysim::testing::ParseParams;
using ::paysim::testing::StripeErrorWithParam;

constexpr int64_t kApr1 = 1775001600;  // 2026-04-01T00:00:00Z
constexpr int64_t kMay1 = 1777593600;  // 2026-05-01T00:00:00Z

class SubscriptionDiscountsTest : public BillingTest {
 protected:
  void NewCoupon(const std::string& text) {
    ASSERT_THAT(engine_.coupons().Create(ParseParams<CouponCreateParams>(text)), IsOk());
  }

  // The amount_paid of each of the subscription's invoices, oldest first.
  std::vector<int64_t> Paid(const std::string& subscription) {
    std::vector<int64_t> paid;
    for (const Invoice& invoice : InvoicesOf(subscription)) paid.push_back(invoice.amount_paid());
    return paid;
  }

  // Renews through each first of the month in `firsts`, one hour past (finalized and paid).
  void RenewThrough(const std::vector<int64_t>& firsts) {
    for (int64_t first : firsts) {
      At(first);
      At(first + kHour);
    }
  }
};

TEST_F(SubscriptionDiscountsTest, ThreeMonthCouponTakesOffThreeInvoicesOfFour) {
  NewCoupon(R"pb(id: "Q1" percent_off: 25 duration: "repeating" duration_in_months: 3)pb");
  const std::string price = NewPrice(1500);
  absl::StatusOr<Subscription> sub = Subscribe(NewCustomer(), price, R"pb(coupon: "Q1")pb");
  ASSERT_THAT(sub, IsOk());
  ASSERT_TRUE(sub->has_discount());
  EXPECT_EQ(sub->discount().coupon().id(), "Q1");
  EXPECT_EQ(sub->discount().subscription(), sub->id());
  EXPECT_EQ(sub->discount().start(), kStart);
  EXPECT_EQ(sub->discount().end(), kApr1);
  ASSERT_EQ(sub->discounts_size(), 1);
  EXPECT_EQ(sub->discounts(0), sub->discount().id());

  RenewThrough({kFeb1, kMar1, kApr1, kMay1});
  EXPECT_EQ(Paid(sub->id()), (std::vector<int64_t>{1125, 1125, 1125, 1500, 1500}));
  const Invoice first = InvoicesOf(sub->id()).front();
  EXPECT_EQ(first.subtotal(), 1500);
  EXPECT_EQ(first.total(), 1125);
  ASSERT_EQ(first.total_discount_amounts_size(), 1);
  EXPECT_EQ(first.total_discount_amounts(0).amount(), 375);
  EXPECT_EQ(first.total_discount_amounts(0).discount(), sub->discount().id());
  ASSERT_EQ(first.discounts_size(), 1);
  EXPECT_EQ(first.lines().data(0).discount_amounts(0).amount(), 375);
  const Invoice april = InvoicesOf(sub->id())[3];
  EXPECT_EQ(april.total_discount_amounts_size(), 0);
  EXPECT_EQ(april.discounts_size(), 0);
}

TEST(DiscountLastsTest, RepeatingEndsAtItsEndToTheSecond) {
  Discount discount;
  discount.mutable_coupon()->set_duration("repeating");
  discount.mutable_coupon()->set_percent_off(10);
  discount.set_end(kApr1);
  EXPECT_TRUE(internal::DiscountLasts(discount, kApr1 - 1, "usd"));
  EXPECT_FALSE(internal::DiscountLasts(discount, kApr1, "usd"));
  EXPECT_FALSE(internal::DiscountLasts(discount, kApr1 + 1, "usd"));

  Discount amount_off;
  amount_off.mutable_coupon()->set_duration("forever");
  amount_off.mutable_coupon()->set_amount_off(500);
  amount_off.mutable_coupon()->set_currency("eur");
  EXPECT_TRUE(internal::DiscountLasts(amount_off, kMay1, "eur"));
  EXPECT_FALSE(internal::DiscountLasts(amount_off, kMay1, "usd"));
}

TEST(DiscountLastsTest, AmountOffLastsInItsCurrencyOptions) {
  Discount discount;
  discount.mutable_coupon()->set_duration("forever");
  discount.mutable_coupon()->set_amount_off(500);
  discount.mutable_coupon()->set_currency("usd");
  CouponCurrencyOption* eur = discount.mutable_coupon()->mutable_currency_options()->Add();
  eur->set_currency("eur");
  eur->set_amount_off(450);
  EXPECT_TRUE(internal::DiscountLasts(discount, kMay1, "usd"));
  EXPECT_TRUE(internal::DiscountLasts(discount, kMay1, "eur"));
  EXPECT_FALSE(internal::DiscountLasts(discount, kMay1, "gbp"));
}

TEST_F(SubscriptionDiscountsTest, AmountOffCouponTakesItsCurrencyOptionOffInvoicesInThatCurrency) {
  NewCoupon(R"pb(id: "FIVE" amount_off: 500 currency: "usd" duration: "forever"
                 currency_options {
                   key: "eur"
                   value { amount_off: 450 }
                 })pb");
  absl::StatusOr<Price> eur = engine_.prices().Create(ParseParams<PriceCreateParams>(
      R"pb(currency: "eur" unit_amount: 1500 product_data { name: "Plan" }
           recurring { interval: "month" })pb"));
  ASSERT_THAT(eur, IsOk());
  absl::StatusOr<Subscription> sub = Subscribe(NewCustomer(), eur->id(), R"pb(coupon: "FIVE")pb");
  ASSERT_THAT(sub, IsOk());
  RenewThrough({kFeb1});
  EXPECT_EQ(Paid(sub->id()), (std::vector<int64_t>{1050, 1050}));
  const Invoice first = InvoicesOf(sub->id()).front();
  EXPECT_EQ(first.currency(), "eur");
  ASSERT_EQ(first.total_discount_amounts_size(), 1);
  EXPECT_EQ(first.total_discount_amounts(0).amount(), 450);

  // A currency without an amount is still refused, and nothing is made.
  absl::StatusOr<Price> gbp = engine_.prices().Create(ParseParams<PriceCreateParams>(
      R"pb(currency: "gbp" unit_amount: 1500 product_data { name: "Plan" }
           recurring { interval: "month" })pb"));
  ASSERT_THAT(gbp, IsOk());
  const size_t subscriptions = engine_.subscriptions().List(SubscriptionListParams())->data.size();
  EXPECT_THAT(Subscribe(NewCustomer(), gbp->id(), R"pb(coupon: "FIVE")pb"),
              StripeErrorWithParam("invalid_request_error", "", "coupon"));
  EXPECT_EQ(engine_.subscriptions().List(SubscriptionListParams())->data.size(), subscriptions);
  EXPECT_EQ(engine_.coupons().Retrieve("FIVE")->times_redeemed(), 1);
}

TEST_F(SubscriptionDiscountsTest, OnceCouponTakesOffTheFirstInvoiceOnly) {
  NewCoupon(R"pb(id: "FIRST" amount_off: 1000 currency: "usd" duration: "once")pb");
  absl::StatusOr<Subscription> sub =
      Subscribe(NewCustomer(), NewPrice(1500), R"pb(discounts { coupon: "FIRST" })pb");
  ASSERT_THAT(sub, IsOk());
  RenewThrough({kFeb1, kMar1});
  EXPECT_EQ(Paid(sub->id()), (std::vector<int64_t>{500, 1500, 1500}));
  EXPECT_EQ(engine_.coupons().Retrieve("FIRST")->times_redeemed(), 1);
}

TEST_F(SubscriptionDiscountsTest, ForeverPromotionCodeAndItsRedemption) {
  NewCoupon(R"pb(id: "LOYAL" percent_off: 10 duration: "forever")pb");
  absl::StatusOr<PromotionCode> code = engine_.promotion_codes().Create(
      ParseParams<PromotionCodeCreateParams>(R"pb(coupon: "LOYAL" code: "LOYAL10")pb"));
  ASSERT_THAT(code, IsOk());
  absl::StatusOr<Subscription> sub = Subscribe(
      NewCustomer(), NewPrice(1500), absl::StrCat("promotion_code: \"", code->id(), "\""));
  ASSERT_THAT(sub, IsOk());
  EXPECT_EQ(sub->discount().promotion_code(), code->id());
  RenewThrough({kFeb1, kMar1});
  EXPECT_EQ(Paid(sub->id()), (std::vector<int64_t>{1350, 1350, 1350}));
  EXPECT_EQ(engine_.promotion_codes().Retrieve(code->id())->times_redeemed(), 1);
}

TEST_F(SubscriptionDiscountsTest, CustomerDiscountAppliesWhenTheSubscriptionHasNone) {
  NewCoupon(R"pb(id: "VIP" percent_off: 20 duration: "forever")pb");
  NewCoupon(R"pb(id: "SUB" percent_off: 50 duration: "forever")pb");
  const std::string customer = NewCustomer();
  CustomerUpdateParams update;
  update.set_coupon("VIP");
  ASSERT_THAT(engine_.customers().Update(customer, update), IsOk());
  const std::string price = NewPrice(1000);
  absl::StatusOr<Subscription> plain = Subscribe(customer, price);
  ASSERT_THAT(plain, IsOk());
  absl::StatusOr<Subscription> own = Subscribe(customer, price, R"pb(coupon: "SUB")pb");
  ASSERT_THAT(own, IsOk());
  EXPECT_EQ(Paid(plain->id()), (std::vector<int64_t>{800}));
  EXPECT_EQ(Paid(own->id()), (std::vector<int64_t>{500}));  // its own discount comes first
}

TEST_F(SubscriptionDiscountsTest, TaxRatesTaxWhatTheDiscountLeaves) {
  NewCoupon(R"pb(id: "Q" percent_off: 25 duration: "forever")pb");
  const std::string sales = NewTaxRate(10, /*inclusive=*/false);
  absl::StatusOr<Subscription> sub = Subscribe(
      NewCustomer(), NewPrice(1500),
      absl::StrCat("coupon: \"Q\" default_tax_rates: \"", sales, "\""));
  ASSERT_THAT(sub, IsOk());
  ASSERT_EQ(sub->default_tax_rates_size(), 1);
  const Invoice invoice = InvoicesOf(sub->id()).front();
  // 1500 - 25% = 1125; 10% of 1125 = 112.5, rounded half up.
  EXPECT_EQ(invoice.subtotal(), 1500);
  EXPECT_EQ(invoice.total_excluding_tax(), 1125);
  EXPECT_EQ(invoice.total(), 1238);
  EXPECT_EQ(invoice.amount_paid(), 1238);
  ASSERT_EQ(invoice.total_taxes_size(), 1);  // basil's shape
  EXPECT_EQ(invoice.total_taxes(0).amount(), 113);
  EXPECT_EQ(invoice.total_taxes(0).tax_behavior(), "exclusive");
  EXPECT_EQ(invoice.total_taxes(0).tax_rate_details().tax_rate(), sales);
  EXPECT_EQ(invoice.total_taxes(0).taxable_amount(), 1125);
  EXPECT_EQ(invoice.total_tax_amounts_size(), 0);
  EXPECT_FALSE(invoice.has_tax());
  ASSERT_EQ(invoice.lines().data(0).taxes_size(), 1);
  EXPECT_EQ(invoice.lines().data(0).taxes(0).amount(), 113);

  // An item's own rates replace the defaults; an inclusive rate does not change the total.
  const std::string vat = NewTaxRate(20, /*inclusive=*/true);
  const std::string cheap = NewPrice(1200);
  absl::StatusOr<Subscription> own =
      engine_.subscriptions().Create(ParseParams<SubscriptionCreateParams>(absl::StrCat(
          "customer: \"", NewCustomer(), "\" default_tax_rates: \"", sales,
          "\" items { price: \"", cheap, "\" tax_rates: \"", vat, "\" }")));
  ASSERT_THAT(own, IsOk());
  const Invoice inclusive = InvoicesOf(own->id()).front();
  EXPECT_EQ(inclusive.total(), 1200);  // 20% included: 200 of it is tax, none added
  EXPECT_EQ(inclusive.total_excluding_tax(), 1000);
  EXPECT_EQ(inclusive.subtotal_excluding_tax(), 1000);
  ASSERT_EQ(inclusive.total_taxes_size(), 1);
  EXPECT_EQ(inclusive.total_taxes(0).amount(), 200);
  EXPECT_EQ(inclusive.total_taxes(0).tax_behavior(), "inclusive");
}

TEST_F(SubscriptionDiscountsTest, BeforeBasilInvoicesShowTaxAndTotalTaxAmounts) {
  testing::FakeClock clock;
  Engine legacy({.clock = &clock, .seed = 7, .api_version = "2024-06-20"});
  absl::StatusOr<Customer> customer = legacy.customers().Create(CustomerCreateParams());
  ASSERT_THAT(customer, IsOk());
  PaymentMethodAttachParams attach;
  attach.set_customer(customer->id());
  ASSERT_THAT(legacy.payment_methods().Attach("pm_card_visa", attach), IsOk());
  absl::StatusOr<Price> price = legacy.prices().Create(ParseParams<PriceCreateParams>(
      R"pb(currency: "usd" unit_amount: 1000 product_data { name: "Plan" }
           recurring { interval: "month" })pb"));
  ASSERT_THAT(price, IsOk());
  TaxRateCreateParams rate_params;
  rate_params.set_display_name("Sales tax");
  rate_params.set_percentage(8.25);
  rate_params.set_inclusive(false);
  absl::StatusOr<TaxRate> rate = legacy.tax_rates().Create(rate_params);
  ASSERT_THAT(rate, IsOk());
  SubscriptionCreateParams params;
  params.set_customer(customer->id());
  params.add_items()->set_price(price->id());
  params.add_default_tax_rates(rate->id());
  params.set_default_payment_method(
      legacy.payment_methods().List(ParseParams<PaymentMethodListParams>(
          absl::StrCat("customer: \"", customer->id(), "\"")))->data[0].id());
  absl::StatusOr<Subscription> sub = legacy.subscriptions().Create(params);
  ASSERT_THAT(sub, IsOk());
  const Invoice invoice = *legacy.invoices().Retrieve(sub->latest_invoice());
  EXPECT_EQ(invoice.tax(), 83);  // 8.25% of 1000 = 82.5
  EXPECT_EQ(invoice.total(), 1083);
  ASSERT_EQ(invoice.total_tax_amounts_size(), 1);
  EXPECT_EQ(invoice.total_tax_amounts(0).tax_rate(), rate->id());
  EXPECT_FALSE(invoice.total_tax_amounts(0).inclusive());
  EXPECT_EQ(invoice.total_taxes_size(), 0);
  ASSERT_EQ(invoice.lines().data(0).tax_rates_size(), 1);
  EXPECT_EQ(invoice.lines().data(0).tax_amounts(0).amount(), 83);
}

TEST_F(SubscriptionDiscountsTest, CheckoutSubscriptionKeepsItsCouponAndTaxRatesForRenewals) {
  NewCoupon(R"pb(id: "TWO" percent_off: 50 duration: "repeating" duration_in_months: 2)pb");
  const std::string sales = NewTaxRate(10, /*inclusive=*/false);
  CheckoutSessionCreateParams params;
  params.set_mode("subscription");
  params.set_success_url("https://example.com/ok");
  CheckoutLineItemParams* item = params.add_line_items();
  item->set_price(NewPrice(1000));
  item->set_quantity(1);
  item->add_tax_rates(sales);
  params.add_discounts()->set_coupon("TWO");
  absl::StatusOr<CheckoutSession> session = engine_.checkout_sessions().Create(params);
  ASSERT_THAT(session, IsOk());
  EXPECT_EQ(session->amount_total(), 550);  // 1000 - 50% + 10% tax
  CheckoutPayParams pay;
  pay.set_payment_method("pm_card_visa");
  pay.set_email("jenny@example.com");
  ASSERT_THAT(engine_.checkout_page().Pay(session->id(), pay), IsOk());
  const std::string sub_id = engine_.checkout_sessions().Retrieve(session->id())->subscription();
  const Subscription sub = Sub(sub_id);
  EXPECT_EQ(sub.discount().coupon().id(), "TWO");
  EXPECT_EQ(sub.discount().end(), kMar1);
  ASSERT_EQ(sub.items().data(0).tax_rates_size(), 1);

  RenewThrough({kFeb1, kMar1});
  // January's invoice (the session's payment), February (still discounted), then March.
  EXPECT_EQ(Paid(sub_id), (std::vector<int64_t>{550, 550, 1100}));
  EXPECT_EQ(engine_.coupons().Retrieve("TWO")->times_redeemed(), 1);
}

TEST_F(SubscriptionDiscountsTest, OneOffInvoiceTakesItsOwnDiscountAndTaxRates) {
  NewCoupon(R"pb(id: "TEN" percent_off: 10)pb");
  const std::string customer = NewCustomer();
  const std::string ten = NewTaxRate(10, false);
  const std::string five = NewTaxRate(5, false);
  ASSERT_THAT(engine_.invoice_items().Create(ParseParams<InvoiceItemCreateParams>(absl::StrCat(
                  "customer: \"", customer, "\" amount: 1000 currency: \"usd\" tax_rates: \"",
                  ten, "\""))),
              IsOk());
  ASSERT_THAT(engine_.invoice_items().Create(ParseParams<InvoiceItemCreateParams>(absl::StrCat(
                  "customer: \"", customer, "\" amount: 500 currency: \"usd\""))),
              IsOk());
  const size_t coupons_before = engine_.coupons().Retrieve("TEN")->times_redeemed();
  EXPECT_THAT(engine_.invoices().Create(ParseParams<InvoiceCreateParams>(absl::StrCat(
                  "customer: \"", customer, "\" pending_invoice_items_behavior: \"include\" ",
                  "discounts { coupon: \"NOPE\" }"))),
              StripeErrorWithParam("invalid_request_error", "resource_missing",
                                   "discounts[0][coupon]"));
  absl::StatusOr<Invoice> invoice = engine_.invoices().Create(
      ParseParams<InvoiceCreateParams>(absl::StrCat(
          "customer: \"", customer, "\" pending_invoice_items_behavior: \"include\" ",
          "default_tax_rates: \"", five, "\" discounts { coupon: \"TEN\" }")));
  ASSERT_THAT(invoice, IsOk());
  // 1000 - 10% = 900 + 10% tax = 90; 500 - 10% = 450 + 5% (the default) = 22.5 -> 23.
  EXPECT_EQ(invoice->subtotal(), 1500);
  EXPECT_EQ(invoice->total_discount_amounts(0).amount(), 150);
  EXPECT_EQ(invoice->total_taxes_size(), 2);
  EXPECT_EQ(invoice->total(), 1463);
  EXPECT_EQ(invoice->amount_due(), 1463);
  ASSERT_EQ(invoice->discounts_size(), 1);
  EXPECT_EQ(engine_.coupons().Retrieve("TEN")->times_redeemed(), coupons_before + 1);
}

TEST_F(SubscriptionDiscountsTest, RefusalsNameTheParamAndChangeNothing) {
  NewCoupon(R"pb(id: "EUR5" amount_off: 500 currency: "eur" duration: "once")pb");
  NewCoupon(R"pb(id: "TEN" percent_off: 10)pb");
  const std::string customer = NewCustomer();
  const std::string price = NewPrice(1500);
  const std::string archived = NewTaxRate(5, false);
  TaxRateUpdateParams off;
  off.set_active(false);
  ASSERT_THAT(engine_.tax_rates().Update(archived, off), IsOk());

  EXPECT_THAT(Subscribe(customer, price, R"pb(coupon: "NOPE")pb"),
              StripeErrorWithParam("invalid_request_error", "resource_missing", "coupon"));
  EXPECT_THAT(Subscribe(customer, price, R"pb(discounts { coupon: "NOPE" })pb"),
              StripeErrorWithParam("invalid_request_error", "resource_missing",
                                   "discounts[0][coupon]"));
  EXPECT_THAT(Subscribe(customer, price, R"pb(discounts { promotion_code: "promo_nope" })pb"),
              StripeErrorWithParam("invalid_request_error", "resource_missing",
                                   "discounts[0][promotion_code]"));
  EXPECT_THAT(Subscribe(customer, price, R"pb(coupon: "TEN" discounts { coupon: "TEN" })pb"),
              StripeErrorWithParam("invalid_request_error", "", "discounts"));
  EXPECT_THAT(Subscribe(customer, price, R"pb(discounts { coupon: "TEN" } discounts { coupon: "TEN" })pb"),
              StripeErrorWithParam("invalid_request_error", "", "discounts"));
  EXPECT_THAT(Subscribe(customer, price, R"pb(discounts {})pb"),
              StripeErrorWithParam("invalid_request_error", "", "discounts[0]"));
  EXPECT_THAT(Subscribe(customer, price, R"pb(coupon: "EUR5")pb"),
              StripeErrorWithParam("invalid_request_error", "", "coupon"));
  EXPECT_THAT(Subscribe(customer, price, R"pb(default_tax_rates: "txr_nope")pb"),
              StripeErrorWithParam("invalid_request_error", "resource_missing",
                                   "default_tax_rates[0]"));
  EXPECT_THAT(Subscribe(customer, price,
                        absl::StrCat("items { price: \"", price, "\" tax_rates: \"", archived,
                                     "\" }")),
              StripeErrorWithParam("invalid_request_error", "", "items[1][tax_rates][0]"));
  EXPECT_EQ(engine_.coupons().Retrieve("TEN")->times_redeemed(), 0);
  EXPECT_TRUE(engine_.subscriptions().List(SubscriptionListParams())->data.empty());
}

}  // namespace
}  // namespace paysim
