// Behaviour tests of shipping in Checkout: `shipping_options[][shipping_rate]` and
// `[shipping_rate_data]` at creation, the session's shipping_options and shipping_cost (the
// first option), shipping in amount_total and total_details.amount_shipping (not discounted,
// not taxed), the PaymentIntent charging the total, and Stripe's refusals (mode, count,
// currency, inactive or unknown rates, one of the two params) that create nothing; a rate's
// fixed_amount[currency_options] in a session of another currency.
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "engine/checkout_sessions.h"
#include "engine/json_render.h"
#include "testing/checkout_fixture.h"
#include "testing/paysim_testing.h"

namespace paysim {
namespace {

using ::paysim::testing::IsOk;
using ::paysim::testing::ParseParams;
using ::paysim::testing::StripeErrorWithParam;
using ::testing::HasSubstr;

class CheckoutShippingTest : public testing::CheckoutFixture {
 protected:
  absl::StatusOr<CheckoutSession> Create(const CheckoutSessionCreateParams& params) {
    return engine_.checkout_sessions().Create(params);
  }

  size_t Rates() {
    return engine_.shipping_rates()
        .List(ShippingRateListParams())
        .value_or(ListResult<ShippingRate>())
        .data.size();
  }
};

TEST_F(CheckoutShippingTest, FirstOptionIsChosenAndAddedToTheTotal) {
  const Price price = NewPrice(2000);
  const ShippingRate ground = NewShippingRate(500);
  const ShippingRate express = NewShippingRate(1500);
  CheckoutSessionCreateParams params = SessionParams(price);
  params.add_shipping_options()->set_shipping_rate(ground.id());
  params.add_shipping_options()->set_shipping_rate(express.id());
  absl::StatusOr<CheckoutSession> session = Create(params);
  ASSERT_THAT(session, IsOk());

  ASSERT_EQ(session->shipping_options_size(), 2);
  EXPECT_EQ(session->shipping_options(0).shipping_rate(), ground.id());
  EXPECT_EQ(session->shipping_options(0).shipping_amount(), 500);
  EXPECT_EQ(session->shipping_options(1).shipping_rate(), express.id());
  EXPECT_EQ(session->shipping_options(1).shipping_amount(), 1500);
  EXPECT_EQ(session->shipping_cost().shipping_rate(), ground.id());
  EXPECT_EQ(session->shipping_cost().amount_subtotal(), 500);
  EXPECT_EQ(session->shipping_cost().amount_tax(), 0);
  EXPECT_EQ(session->shipping_cost().amount_total(), 500);
  EXPECT_EQ(session->amount_subtotal(), 2000);
  EXPECT_EQ(session->amount_total(), 2500);
  EXPECT_EQ(session->total_details().amount_shipping(), 500);

  const std::string json = RenderJson(*session);
  EXPECT_THAT(json, HasSubstr(R"("shipping_cost": {)"));
  EXPECT_THAT(json, HasSubstr(absl::StrCat(R"("shipping_rate": ")", express.id(), R"(")")));
}

TEST_F(CheckoutShippingTest, WithoutOptionsShippingCostIsNullAndAmountShippingZero) {
  absl::StatusOr<CheckoutSession> session = Create(SessionParams(NewPrice(2000)));
  ASSERT_THAT(session, IsOk());
  EXPECT_FALSE(session->has_shipping_cost());
  EXPECT_EQ(session->total_details().amount_shipping(), 0);
  EXPECT_EQ(session->amount_total(), 2000);
  const std::string json = RenderJson(*session);
  EXPECT_THAT(json, HasSubstr(R"("shipping_cost": null)"));
  EXPECT_THAT(json, HasSubstr(R"("shipping_options": [])"));
}

TEST_F(CheckoutShippingTest, ShippingRateDataMakesARateOfItsOwn) {
  CheckoutSessionCreateParams params = SessionParams(NewPrice(2000));
  *params.add_shipping_options()->mutable_shipping_rate_data() =
      ParseParams<ShippingRateCreateParams>(R"pb(
        display_name: "Next day"
        fixed_amount { amount: 900 currency: "usd" }
        delivery_estimate { maximum { unit: "day" value: 1 } }
      )pb");
  absl::StatusOr<CheckoutSession> session = Create(params);
  ASSERT_THAT(session, IsOk());
  const std::string rate_id = session->shipping_cost().shipping_rate();
  absl::StatusOr<ShippingRate> rate = engine_.shipping_rates().Retrieve(rate_id);
  ASSERT_THAT(rate, IsOk());
  EXPECT_EQ(rate->display_name(), "Next day");
  EXPECT_EQ(rate->fixed_amount().amount(), 900);
  EXPECT_EQ(rate->delivery_estimate().maximum().unit(), "day");
  EXPECT_EQ(session->amount_total(), 2900);
}

TEST_F(CheckoutShippingTest, ShippingIsNeitherDiscountedNorTaxed) {
  const Price price = NewPrice(2000);
  CouponCreateParams coupon_params;
  coupon_params.set_percent_off(50);
  absl::StatusOr<Coupon> coupon = engine_.coupons().Create(coupon_params);
  ASSERT_THAT(coupon, IsOk());
  TaxRateCreateParams tax_params;
  tax_params.set_display_name("Sales tax");
  tax_params.set_percentage(10);
  tax_params.set_inclusive(false);
  absl::StatusOr<TaxRate> tax = engine_.tax_rates().Create(tax_params);
  ASSERT_THAT(tax, IsOk());

  CheckoutSessionCreateParams params = SessionParams(price);
  params.mutable_line_items(0)->add_tax_rates(tax->id());
  params.add_discounts()->set_coupon(coupon->id());
  params.add_shipping_options()->set_shipping_rate(NewShippingRate(500).id());
  absl::StatusOr<CheckoutSession> session = Create(params);
  ASSERT_THAT(session, IsOk());
  // 2000 - 50% = 1000, + 10% tax = 1100, + 500 shipping.
  EXPECT_EQ(session->total_details().amount_discount(), 1000);
  EXPECT_EQ(session->total_details().amount_tax(), 100);
  EXPECT_EQ(session->total_details().amount_shipping(), 500);
  EXPECT_EQ(session->amount_total(), 1600);
}

TEST_F(CheckoutShippingTest, ThePaymentIntentChargesTheTotalWithShipping) {
  CheckoutSessionCreateParams params = SessionParams(NewPrice(2000));
  params.add_shipping_options()->set_shipping_rate(NewShippingRate(500).id());
  absl::StatusOr<CheckoutSession> session = Create(params);
  ASSERT_THAT(session, IsOk());
  CheckoutPayParams pay;
  pay.set_payment_method("pm_card_visa");
  pay.set_email("jenny@example.com");
  ASSERT_THAT(engine_.checkout_page().Pay(session->id(), pay), IsOk());
  absl::StatusOr<CheckoutSession> paid = engine_.checkout_sessions().Retrieve(session->id());
  ASSERT_THAT(paid, IsOk());
  EXPECT_EQ(paid->status(), "complete");
  absl::StatusOr<PaymentIntent> intent = engine_.payment_intents().Retrieve(paid->payment_intent());
  ASSERT_THAT(intent, IsOk());
  EXPECT_EQ(intent->amount(), 2500);
  EXPECT_EQ(intent->amount_received(), 2500);
}

TEST_F(CheckoutShippingTest, ARateCostsItsCurrencyOptionInASessionOfThatCurrency) {
  absl::StatusOr<ShippingRate> rate =
      engine_.shipping_rates().Create(ParseParams<ShippingRateCreateParams>(R"pb(
        display_name: "Ground"
        fixed_amount {
          amount: 500
          currency: "usd"
          currency_options {
            key: "eur"
            value { amount: 400 }
          }
        }
      )pb"));
  ASSERT_THAT(rate, IsOk());
  CheckoutSessionCreateParams params = SessionParams(NewPrice(2000, "eur"));
  params.add_shipping_options()->set_shipping_rate(rate->id());
  *params.add_shipping_options()->mutable_shipping_rate_data() =
      ParseParams<ShippingRateCreateParams>(R"pb(
        display_name: "Next day"
        fixed_amount {
          amount: 900
          currency: "usd"
          currency_options {
            key: "eur"
            value { amount: 800 }
          }
        }
      )pb");
  absl::StatusOr<CheckoutSession> session = Create(params);
  ASSERT_THAT(session, IsOk());
  ASSERT_EQ(session->shipping_options_size(), 2);
  EXPECT_EQ(session->shipping_options(0).shipping_amount(), 400);
  EXPECT_EQ(session->shipping_options(1).shipping_amount(), 800);
  EXPECT_EQ(session->shipping_cost().amount_subtotal(), 400);
  EXPECT_EQ(session->total_details().amount_shipping(), 400);
  EXPECT_EQ(session->amount_total(), 2400);

  // A currency with no amount: refused as before, nothing made.
  const size_t rates = Rates();
  CheckoutSessionCreateParams gbp = SessionParams(NewPrice(2000, "gbp"));
  gbp.add_shipping_options()->set_shipping_rate(rate->id());
  EXPECT_THAT(Create(gbp), StripeErrorWithParam("invalid_request_error", "",
                                                "shipping_options[0][shipping_rate]"));
  EXPECT_EQ(Rates(), rates);
}

TEST_F(CheckoutShippingTest, RefusalsNameTheirParamAndCreateNothing) {
  const Price price = NewPrice(2000);
  const ShippingRate usd = NewShippingRate(500);
  const ShippingRate eur = NewShippingRate(500, "eur");
  const ShippingRate archived = NewShippingRate(500);
  ASSERT_THAT(engine_.shipping_rates().Update(
                  archived.id(), ParseParams<ShippingRateUpdateParams>("active: false")),
              IsOk());
  const size_t rates_before = Rates();

  struct Case {
    std::string name;
    CheckoutSessionCreateParams params;
    std::string code;
    std::string param;
  };
  std::vector<Case> cases;
  {
    CheckoutSessionCreateParams p = SessionParams(price);
    for (int i = 0; i < 6; ++i) p.add_shipping_options()->set_shipping_rate(usd.id());
    cases.push_back({"six options", p, "", "shipping_options"});
  }
  {
    CheckoutSessionCreateParams p = SessionParams(price);
    p.add_shipping_options()->set_shipping_rate(eur.id());
    cases.push_back({"currency", p, "", "shipping_options[0][shipping_rate]"});
  }
  {
    CheckoutSessionCreateParams p = SessionParams(price);
    p.add_shipping_options()->set_shipping_rate(usd.id());
    p.add_shipping_options()->set_shipping_rate(archived.id());
    cases.push_back({"inactive", p, "", "shipping_options[1][shipping_rate]"});
  }
  {
    CheckoutSessionCreateParams p = SessionParams(price);
    p.add_shipping_options();
    cases.push_back({"neither", p, "", "shipping_options[0]"});
  }
  {
    CheckoutSessionCreateParams p = SessionParams(price);
    CheckoutShippingOptionParams* option = p.add_shipping_options();
    option->set_shipping_rate(usd.id());
    option->mutable_shipping_rate_data()->set_display_name("Both");
    cases.push_back({"both", p, "", "shipping_options[0][shipping_rate]"});
  }
  {
    CheckoutSessionCreateParams p = SessionParams(price);
    p.add_shipping_options()->set_shipping_rate(usd.id());
    *p.add_shipping_options()->mutable_shipping_rate_data() =
        ParseParams<ShippingRateCreateParams>(R"pb(fixed_amount { amount: 1 currency: "usd" })pb");
    cases.push_back({"data without display_name", p, "parameter_missing",
                     "shipping_options[1][shipping_rate_data][display_name]"});
  }
  {
    CheckoutSessionCreateParams p = SessionParams(price);
    *p.add_shipping_options()->mutable_shipping_rate_data() =
        ParseParams<ShippingRateCreateParams>(
            R"pb(display_name: "EU" fixed_amount { amount: 1 currency: "eur" })pb");
    cases.push_back({"data currency", p, "",
                     "shipping_options[0][shipping_rate_data][fixed_amount][currency]"});
  }
  {
    CheckoutSessionCreateParams p = SessionParams(price, "subscription");
    cases.push_back({"subscription mode", p, "", "shipping_options"});
  }
  for (Case& c : cases) {
    SCOPED_TRACE(c.name);
    if (c.name == "subscription mode") {
      // A recurring price, so that only shipping_options is wrong.
      absl::StatusOr<Price> monthly = engine_.prices().Create(ParseParams<PriceCreateParams>(
          R"pb(currency: "usd" unit_amount: 1000 recurring { interval: "month" }
               product_data { name: "plan" })pb"));
      ASSERT_THAT(monthly, IsOk());
      c.params.mutable_line_items(0)->set_price(monthly->id());
      c.params.add_shipping_options()->set_shipping_rate(usd.id());
    }
    EXPECT_THAT(Create(c.params), StripeErrorWithParam("invalid_request_error", c.code, c.param));
  }
  EXPECT_THAT(Create([&] {
                CheckoutSessionCreateParams p = SessionParams(price);
                p.add_shipping_options()->set_shipping_rate("shr_missing");
                return p;
              }()),
              StripeErrorWithParam("invalid_request_error", "resource_missing",
                                   "shipping_options[0][shipping_rate]"));
  EXPECT_EQ(SessionCount(), 0u);
  EXPECT_EQ(Rates(), rates_before);
}

TEST_F(CheckoutShippingTest, TheCustomerPicksAnotherOptionAndPaysForIt) {
  const ShippingRate ground = NewShippingRate(500, "usd", R"pb(tax_behavior: "exclusive")pb");
  const ShippingRate express = NewShippingRate(1500, "usd", R"pb(tax_behavior: "exclusive")pb");
  const ShippingRate elsewhere = NewShippingRate(900);
  CheckoutSessionCreateParams params =
      SessionParams(NewPrice(2000, "usd", R"pb(tax_behavior: "exclusive")pb"));
  params.add_shipping_options()->set_shipping_rate(ground.id());
  params.add_shipping_options()->set_shipping_rate(express.id());
  absl::StatusOr<CheckoutSession> session = Create(params);
  ASSERT_THAT(session, IsOk());
  CheckoutShippingChoiceParams choice;
  choice.set_shipping_rate(elsewhere.id());
  EXPECT_THAT(engine_.checkout_page().ChooseShippingOption(session->id(), choice),
              StripeErrorWithParam("invalid_request_error", "", "shipping_rate"));
  EXPECT_THAT(engine_.checkout_page().ChooseShippingOption(session->id(),
                                                           CheckoutShippingChoiceParams()),
              StripeErrorWithParam("invalid_request_error", "parameter_missing",
                                   "shipping_rate"));
  choice.set_shipping_rate(express.id());
  ASSERT_THAT(engine_.checkout_page().ChooseShippingOption(session->id(), choice), IsOk());
  absl::StatusOr<CheckoutSession> chosen = engine_.checkout_sessions().Retrieve(session->id());
  EXPECT_EQ(chosen->shipping_cost().shipping_rate(), express.id());
  EXPECT_EQ(chosen->shipping_cost().amount_total(), 1500);
  EXPECT_EQ(chosen->total_details().amount_shipping(), 1500);
  EXPECT_EQ(chosen->amount_total(), 3500);
  ASSERT_THAT(Pay(session->id(), "pm_card_visa"), IsOk());
  absl::StatusOr<CheckoutSession> paid = engine_.checkout_sessions().Retrieve(session->id());
  EXPECT_EQ(engine_.payment_intents().Retrieve(paid->payment_intent())->amount(), 3500);
  EXPECT_THAT(engine_.checkout_page().ChooseShippingOption(session->id(), choice),
              StripeErrorWithParam("invalid_request_error", "", ""));
}

TEST_F(CheckoutShippingTest, AnotherOptionIsWhatAnEarlyPaymentIntentCharges) {
  // Before 2022-08-01 the session's PaymentIntent is made with it: it follows the choice.
  const ShippingRate ground = NewShippingRate(500);
  const ShippingRate express = NewShippingRate(1500);
  CheckoutSessionCreateParams params = SessionParams(NewPrice(2000));
  params.add_shipping_options()->set_shipping_rate(ground.id());
  params.add_shipping_options()->set_shipping_rate(express.id());
  RequestOptions early;
  early.api_version = "2022-07-01";
  absl::StatusOr<CheckoutSession> session = engine_.checkout_sessions().Create(params, early);
  ASSERT_THAT(session, IsOk());
  ASSERT_EQ(engine_.payment_intents().Retrieve(session->payment_intent())->amount(), 2500);
  CheckoutShippingChoiceParams choice;
  choice.set_shipping_rate(express.id());
  ASSERT_THAT(engine_.checkout_page().ChooseShippingOption(session->id(), choice), IsOk());
  EXPECT_EQ(engine_.payment_intents().Retrieve(session->payment_intent())->amount(), 3500);
  ASSERT_THAT(Pay(session->id(), "pm_card_visa"), IsOk());
  EXPECT_EQ(engine_.payment_intents().Retrieve(session->payment_intent())->amount_received(),
            3500);
}

TEST_F(CheckoutShippingTest, AnotherOptionIsTaxedAgainWhereTheCustomerIs) {
  const Customer texan = NewCustomer(
      R"pb(address { country: "US" state: "TX" postal_code: "73301" })pb");
  const ShippingRate ground = NewShippingRate(500, "usd", R"pb(tax_behavior: "exclusive")pb");
  const ShippingRate express = NewShippingRate(1600, "usd", R"pb(tax_behavior: "exclusive")pb");
  CheckoutSessionCreateParams params =
      SessionParams(NewPrice(2000, "usd", R"pb(tax_behavior: "exclusive")pb"));
  params.set_customer(texan.id());
  params.mutable_automatic_tax()->set_enabled(true);
  params.add_shipping_options()->set_shipping_rate(ground.id());
  params.add_shipping_options()->set_shipping_rate(express.id());
  absl::StatusOr<CheckoutSession> session = Create(params);
  ASSERT_THAT(session, IsOk());
  EXPECT_EQ(session->shipping_cost().amount_tax(), 31);  // 6.25% of 500 = 31.25
  CheckoutShippingChoiceParams choice;
  choice.set_shipping_rate(express.id());
  ASSERT_THAT(engine_.checkout_page().ChooseShippingOption(session->id(), choice), IsOk());
  absl::StatusOr<CheckoutSession> chosen = engine_.checkout_sessions().Retrieve(session->id());
  EXPECT_EQ(chosen->shipping_cost().amount_tax(), 100);  // 6.25% of 1600
  EXPECT_EQ(chosen->total_details().amount_tax(), 225);  // and 125 on the 2000
  EXPECT_EQ(chosen->amount_total(), 3825);
}

}  // namespace
}  // namespace paysim
