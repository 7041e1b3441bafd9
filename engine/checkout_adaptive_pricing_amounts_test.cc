// Adaptive Pricing's amounts on a Checkout Session with a discount, tax and shipping: before
// 2025-03-31.basil every amount the session shows (line items, shipping_cost, total_details and
// its breakdown, subtotal, total) is the customer's and they add up; from basil on the
// merchant's stay and presentment_details carries the same converted total; a customer back
// in the merchant's country sees the merchant's amounts again.
#include <string>

#include "engine/checkout_page.h"
#include "engine/checkout_sessions.h"
#include "testing/checkout_fixture.h"
#include "testing/paysim_testing.h"

namespace paysim {
namespace {

using ::paysim::testing::IsOk;
using ::paysim::testing::ParseParams;

constexpr char kBeforeBasil[] = "2025-02-24.acacia";
constexpr char kBasil[] = "2025-03-31.basil";

class AdaptivePricingAmountsTest : public testing::CheckoutFixture {
 protected:
  void SetUp() override {
    ASSERT_THAT(engine_.coupons().Create(
                    ParseParams<CouponCreateParams>(R"pb(id: "TEN" percent_off: 10)pb")),
                IsOk());
    absl::StatusOr<TaxRate> rate = engine_.tax_rates().Create(ParseParams<TaxRateCreateParams>(
        R"pb(display_name: "Sales tax" percentage: 8.25 inclusive: false)pb"));
    ASSERT_THAT(rate, IsOk());
    rate_ = *rate;
  }

  // 20.00 USD less 10%, taxed 8.25% (148.5 -> 1.49), with 5.00 USD shipping: 24.49 USD.
  CheckoutSession Create(const std::string& version) {
    CheckoutSessionCreateParams params = SessionParams(NewPrice(2000));
    params.mutable_line_items(0)->add_tax_rates(rate_.id());
    params.add_discounts()->set_coupon("TEN");
    params.add_shipping_options()->set_shipping_rate(NewShippingRate(500).id());
    params.mutable_adaptive_pricing()->set_enabled(true);
    RequestOptions options;
    options.api_version = version;
    absl::StatusOr<CheckoutSession> session = engine_.checkout_sessions().Create(params, options);
    EXPECT_THAT(session, IsOk());
    return session.value_or(CheckoutSession());
  }

  CheckoutSession ViewFrom(const std::string& id, const std::string& country) {
    CheckoutViewParams params;
    params.set_country(country);
    EXPECT_THAT(engine_.checkout_page().View(id, params), IsOk());
    return engine_.checkout_sessions().Retrieve(id).value_or(CheckoutSession());
  }

  TaxRate rate_;
};

TEST_F(AdaptivePricingAmountsTest, BeforeBasilEveryAmountIsTheCustomers) {
  const CheckoutSession created = Create(kBeforeBasil);
  EXPECT_EQ(created.amount_total(), 2449);
  // FR: EUR at 0.9384 (0.92 with the 2% fee).
  const CheckoutSession session = ViewFrom(created.id(), "FR");
  EXPECT_EQ(session.currency(), "eur");
  ASSERT_EQ(session.line_items_size(), 1);
  const LineItem& item = session.line_items(0);
  EXPECT_EQ(item.currency(), "eur");
  EXPECT_EQ(item.amount_subtotal(), 1877);  // 18.768
  EXPECT_EQ(item.amount_discount(), 188);   // 1.8768
  EXPECT_EQ(item.amount_tax(), 140);        // 1.39822
  EXPECT_EQ(item.amount_total(), 1877 - 188 + 140);
  ASSERT_EQ(item.discounts_size(), 1);
  EXPECT_EQ(item.discounts(0).amount(), 188);
  ASSERT_EQ(item.taxes_size(), 1);
  EXPECT_EQ(item.taxes(0).amount(), 140);
  EXPECT_EQ(session.shipping_cost().amount_subtotal(), 469);  // 4.692
  EXPECT_EQ(session.shipping_cost().amount_total(), 469);
  EXPECT_EQ(session.total_details().amount_shipping(), 469);
  EXPECT_EQ(session.total_details().amount_discount(), 188);
  EXPECT_EQ(session.total_details().amount_tax(), 140);
  EXPECT_EQ(session.total_details().breakdown().discounts(0).amount(), 188);
  EXPECT_EQ(session.total_details().breakdown().taxes(0).amount(), 140);
  EXPECT_EQ(session.amount_subtotal(), 1877);
  EXPECT_EQ(session.amount_total(), 1829 + 469);
  // The merchant's subtotal and total, unchanged.
  EXPECT_EQ(session.currency_conversion().source_currency(), "usd");
  EXPECT_EQ(session.currency_conversion().amount_subtotal(), 2000);
  EXPECT_EQ(session.currency_conversion().amount_total(), 2449);

  // Viewed again: converted from the merchant's amounts, not twice.
  EXPECT_EQ(ViewFrom(created.id(), "FR").amount_total(), 2298);

  ASSERT_THAT(Pay(created.id(), "pm_card_visa", R"pb(country: "FR")pb"), IsOk());
  const CheckoutSession paid = engine_.checkout_sessions().Retrieve(created.id()).value();
  const PaymentIntent pi = engine_.payment_intents().Retrieve(paid.payment_intent()).value();
  EXPECT_EQ(pi.amount(), 2298);
  EXPECT_EQ(pi.currency(), "eur");
}

TEST_F(AdaptivePricingAmountsTest, FromBasilTheMerchantsAmountsStay) {
  const CheckoutSession created = Create(kBasil);
  const CheckoutSession session = ViewFrom(created.id(), "FR");
  EXPECT_EQ(session.currency(), "usd");
  EXPECT_EQ(session.line_items(0).currency(), "usd");
  EXPECT_EQ(session.line_items(0).amount_total(), 1949);
  EXPECT_EQ(session.shipping_cost().amount_total(), 500);
  EXPECT_EQ(session.amount_total(), 2449);
  // The same converted total as before basil.
  EXPECT_EQ(session.presentment_details().presentment_amount(), 2298);
  EXPECT_EQ(session.presentment_details().presentment_currency(), "eur");
}

TEST_F(AdaptivePricingAmountsTest, BackInTheMerchantsCountryTheMerchantsAmounts) {
  const CheckoutSession created = Create(kBeforeBasil);
  ViewFrom(created.id(), "FR");
  const CheckoutSession session = ViewFrom(created.id(), "US");
  EXPECT_FALSE(session.has_currency_conversion());
  EXPECT_EQ(session.currency(), "usd");
  EXPECT_EQ(session.line_items(0).currency(), "usd");
  EXPECT_EQ(session.line_items(0).amount_subtotal(), 2000);
  EXPECT_EQ(session.shipping_cost().amount_subtotal(), 500);
  EXPECT_EQ(session.total_details().amount_shipping(), 500);
  EXPECT_EQ(session.total_details().breakdown().taxes(0).amount(), 149);
  EXPECT_EQ(session.amount_total(), 2449);
}

}  // namespace
}  // namespace paysim
