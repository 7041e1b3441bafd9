// Behaviour tests of Adaptive Pricing on Checkout Sessions (`adaptive_pricing[enabled]`): the
// fixed exchange rate table and its rounding (exchange_rates.h), the customer's country on the
// Checkout page picking the presentment currency, the two response shapes by the creating API
// version (`currency_conversion` before 2025-03-31.basil, `presentment_details` from basil on),
// the PaymentIntent that pays, the rate held while the table changes, the engine options (fee,
// table) and the refusals, which change nothing.
#include <string>

#include "absl/strings/str_cat.h"
#include "absl/time/time.h"
#include "engine/checkout_sessions.h"
#include "engine/exchange_rates.h"
#include "engine/json_render.h"
#include "testing/paysim_testing.h"

namespace paysim {
namespace {

using ::paysim::testing::FakeClock;
using ::paysim::testing::IsOk;
using ::paysim::testing::ParseParams;
using ::paysim::testing::StripeErrorWithParam;

constexpr char kBeforeBasil[] = "2025-02-24.acacia";
constexpr char kBasil[] = "2025-03-31.basil";

// ---- the table and its arithmetic ----

TEST(ExchangeRatesTest, QuotedRateBuildsTheFeeInAndRoundsToSixDecimals) {
  const ExchangeRateTable& table = DefaultExchangeRates();
  EXPECT_EQ(QuoteFxRate(table, "usd", "eur", 20000).value_or(0), 938400);  // 0.92 x 1.02
  EXPECT_EQ(QuoteFxRate(table, "usd", "eur", 0).value_or(0), 920000);
  EXPECT_EQ(QuoteFxRate(table, "usd", "jpy", 20000).value_or(0), 153000000);
  // Through USD: 0.79 / 0.92 x 1.02 = 0.875869565... rounded half up.
  EXPECT_EQ(QuoteFxRate(table, "eur", "gbp", 20000).value_or(0), 875870);
  EXPECT_THAT(QuoteFxRate(table, "usd", "nok", 20000),
              StripeErrorWithParam("invalid_request_error", "", "currency"));
  EXPECT_EQ(FormatFxRate(938400), "0.9384");
  EXPECT_EQ(FormatFxRate(153000000), "153");
  EXPECT_EQ(FormatFxRate(6800), "0.0068");
  EXPECT_EQ(FeePartsPerMillion(0.02), 20000);
  EXPECT_EQ(FeePartsPerMillion(-1), 0);
}

TEST(ExchangeRatesTest, ConversionRoundsHalfUpAndRespectsZeroDecimalCurrencies) {
  EXPECT_EQ(ConvertAmount(2000, "usd", "eur", 938400), 1877);       // 18.768 EUR
  EXPECT_EQ(ConvertAmount(2000, "usd", "jpy", 153000000), 3060);    // 20.00 USD -> 3060 JPY
  EXPECT_EQ(ConvertAmount(1000, "jpy", "usd", 6800), 680);          // 1000 JPY -> 6.80 USD
  EXPECT_EQ(ConvertAmount(1, "usd", "eur", 500000), 1);             // 0.5 rounds up
  EXPECT_EQ(ConvertAmount(1, "usd", "eur", 499999), 0);
}

TEST(ExchangeRatesTest, CountriesPickTheirCurrency) {
  const ExchangeRateTable& table = DefaultExchangeRates();
  EXPECT_EQ(LocalCurrency(table, "FR"), "eur");
  EXPECT_EQ(LocalCurrency(table, "de"), "eur");
  EXPECT_EQ(LocalCurrency(table, "GB"), "gbp");
  EXPECT_EQ(LocalCurrency(table, "JP"), "jpy");
  EXPECT_EQ(LocalCurrency(table, "ZZ"), "");
  EXPECT_THAT(ValidateExchangeRates(table), IsOk());
}

TEST(ExchangeRatesTest, InvalidTablesAreRefused) {
  ExchangeRateTable table = DefaultExchangeRates();
  table.usd_rate_micros["eur"] = 0;
  EXPECT_THAT(ValidateExchangeRates(table),
              StripeErrorWithParam("invalid_request_error", "", "exchange_rates"));
  table = DefaultExchangeRates();
  table.country_currency["NO"] = "nok";  // no rate for nok
  EXPECT_THAT(ValidateExchangeRates(table),
              StripeErrorWithParam("invalid_request_error", "", "exchange_rates"));
  table = DefaultExchangeRates();
  table.usd_rate_micros["xyz"] = 1000000;
  EXPECT_THAT(ValidateExchangeRates(table),
              StripeErrorWithParam("invalid_request_error", "", "exchange_rates"));
  EngineOptions options;
  options.exchange_rates = table;
  EXPECT_THAT(Engine::Create(options).status(),
              StripeErrorWithParam("invalid_request_error", "", "exchange_rates"));
}

// ---- sessions ----

class CheckoutAdaptivePricingTest : public ::testing::Test {
 protected:
  Price NewPrice(int64_t unit_amount, const std::string& currency = "usd") {
    absl::StatusOr<Price> price = engine_.prices().Create(ParseParams<PriceCreateParams>(
        absl::StrCat("currency: \"", currency, "\" unit_amount: ", unit_amount,
                     " product_data { name: \"thing\" }")));
    EXPECT_THAT(price, IsOk());
    return price.value_or(Price());
  }

  CheckoutSessionCreateParams Params(int64_t unit_amount = 2000, bool adaptive = true,
                                     const std::string& currency = "usd") {
    CheckoutSessionCreateParams params;
    params.set_mode("payment");
    params.set_success_url("https://example.com/success");
    CheckoutLineItemParams* item = params.add_line_items();
    item->set_price(NewPrice(unit_amount, currency).id());
    item->set_quantity(1);
    if (adaptive) params.mutable_adaptive_pricing()->set_enabled(true);
    return params;
  }

  CheckoutSession MustCreate(const CheckoutSessionCreateParams& params,
                             const std::string& version = "") {
    RequestOptions options;
    options.api_version = version;
    absl::StatusOr<CheckoutSession> session = engine_.checkout_sessions().Create(params, options);
    EXPECT_THAT(session, IsOk());
    return session.value_or(CheckoutSession());
  }

  CheckoutSession Retrieve(const std::string& id) {
    return engine_.checkout_sessions().Retrieve(id).value_or(CheckoutSession());
  }

  CheckoutPage ViewFrom(const std::string& id, const std::string& country) {
    CheckoutViewParams params;
    params.set_country(country);
    absl::StatusOr<CheckoutPage> page = engine_.checkout_page().View(id, params);
    EXPECT_THAT(page, IsOk());
    return page.value_or(CheckoutPage());
  }

  // The customer pays with a Visa (from `country` if given); returns the PaymentIntent.
  PaymentIntent PayWithVisa(const std::string& id, const std::string& country = "") {
    CheckoutPayParams pay;
    pay.set_payment_method("pm_card_visa");
    pay.set_email("jenny@example.com");
    if (!country.empty()) pay.set_country(country);
    EXPECT_THAT(engine_.checkout_page().Pay(id, pay), IsOk());
    return engine_.payment_intents()
        .Retrieve(Retrieve(id).payment_intent())
        .value_or(PaymentIntent());
  }

  FakeClock clock_;
  Engine engine_{{.clock = &clock_, .seed = 7}};
};

TEST_F(CheckoutAdaptivePricingTest, SessionsRenderAdaptivePricingDisabledByDefault) {
  const CheckoutSession session = MustCreate(Params(2000, /*adaptive=*/false));
  const Json json = ToJson(session);
  EXPECT_EQ(json["adaptive_pricing"], Json::parse(R"({"enabled": false})"));
  EXPECT_TRUE(json["currency_conversion"].is_null());
  EXPECT_FALSE(json.contains("presentment_details"));  // Stripe includes it only when used
  // A customer abroad still sees the merchant's currency.
  const CheckoutPage page = ViewFrom(session.id(), "FR");
  EXPECT_EQ(page.currency(), "usd");
  EXPECT_EQ(page.amount_total(), 2000);
  EXPECT_FALSE(Retrieve(session.id()).has_presentment_details());
}

TEST_F(CheckoutAdaptivePricingTest, FromBasilOnTheSessionKeepsItsCurrencyAndAddsPresentmentDetails) {
  const CheckoutSession created = MustCreate(Params(), kBasil);
  EXPECT_TRUE(created.adaptive_pricing().enabled());
  EXPECT_FALSE(created.has_presentment_details());  // no customer yet

  const CheckoutPage page = ViewFrom(created.id(), "FR");
  EXPECT_EQ(page.currency(), "eur");
  EXPECT_EQ(page.amount_total(), 1877);  // 20.00 USD x 0.9384

  const CheckoutSession session = Retrieve(created.id());
  EXPECT_EQ(session.currency(), "usd");
  EXPECT_EQ(session.amount_subtotal(), 2000);
  EXPECT_EQ(session.amount_total(), 2000);
  EXPECT_FALSE(session.has_currency_conversion());
  const Json json = ToJson(session);
  EXPECT_EQ(json["presentment_details"],
            Json::parse(R"({"presentment_amount": 1877, "presentment_currency": "eur"})"));
  EXPECT_TRUE(json["currency_conversion"].is_null());

  // The PaymentIntent charges the session's amount_total in its currency (the merchant's).
  const PaymentIntent pi = PayWithVisa(created.id());
  EXPECT_EQ(pi.currency(), "usd");
  EXPECT_EQ(pi.amount(), 2000);
  EXPECT_EQ(pi.status(), "succeeded");
  EXPECT_EQ(ToJson(pi)["presentment_details"],
            Json::parse(R"({"presentment_amount": 1877, "presentment_currency": "eur"})"));
  const CheckoutSession paid = Retrieve(created.id());
  EXPECT_EQ(paid.status(), "complete");
  EXPECT_EQ(paid.presentment_details().presentment_amount(), 1877);
}

TEST_F(CheckoutAdaptivePricingTest, BeforeBasilTheSessionTakesTheCustomersCurrency) {
  const CheckoutSession created = MustCreate(Params(), kBeforeBasil);
  ViewFrom(created.id(), "FR");
  const CheckoutSession session = Retrieve(created.id());
  EXPECT_EQ(session.currency(), "eur");
  EXPECT_EQ(session.amount_subtotal(), 1877);
  EXPECT_EQ(session.amount_total(), 1877);
  EXPECT_FALSE(session.has_presentment_details());
  const Json json = ToJson(session);
  EXPECT_EQ(json["currency_conversion"], Json::parse(R"({"amount_subtotal": 2000,
      "amount_total": 2000, "fx_rate": "0.9384", "source_currency": "usd"})"));

  // Paying in the presentment currency: the PaymentIntent is in euros.
  const PaymentIntent pi = PayWithVisa(created.id());
  EXPECT_EQ(pi.currency(), "eur");
  EXPECT_EQ(pi.amount(), 1877);
  EXPECT_EQ(pi.amount_received(), 1877);
  EXPECT_FALSE(ToJson(pi).contains("presentment_details"));
  const CheckoutSession paid = Retrieve(created.id());
  EXPECT_EQ(paid.status(), "complete");
  EXPECT_EQ(paid.payment_status(), "paid");
  EXPECT_EQ(paid.currency_conversion().amount_total(), 2000);
}

TEST_F(CheckoutAdaptivePricingTest, ZeroDecimalPresentmentCurrency) {
  const CheckoutSession created = MustCreate(Params(), kBeforeBasil);
  const CheckoutPage page = ViewFrom(created.id(), "JP");
  EXPECT_EQ(page.currency(), "jpy");
  EXPECT_EQ(page.amount_total(), 3060);  // 20.00 USD x 153
  EXPECT_EQ(Retrieve(created.id()).currency_conversion().fx_rate(), "153");
  const PaymentIntent pi = PayWithVisa(created.id());
  EXPECT_EQ(pi.currency(), "jpy");
  EXPECT_EQ(pi.amount(), 3060);
}

TEST_F(CheckoutAdaptivePricingTest, EuroMerchantConvertsThroughTheTable) {
  const CheckoutSession created = MustCreate(Params(1000, true, "eur"), kBasil);
  const CheckoutPage page = ViewFrom(created.id(), "GB");
  EXPECT_EQ(page.currency(), "gbp");
  EXPECT_EQ(page.amount_total(), 876);  // 10.00 EUR x 0.87587
  // A customer in another euro country pays in euros: nothing to convert.
  EXPECT_EQ(ViewFrom(created.id(), "DE").currency(), "eur");
  EXPECT_FALSE(Retrieve(created.id()).has_presentment_details());
}

TEST_F(CheckoutAdaptivePricingTest, CountriesWithoutAnotherCurrencyShowTheMerchantsOne) {
  const CheckoutSession created = MustCreate(Params(), kBeforeBasil);
  ViewFrom(created.id(), "FR");
  ASSERT_EQ(Retrieve(created.id()).currency(), "eur");
  // The customer comes back from the US, then from a country the table does not know.
  for (const char* country : {"US", "ZZ"}) {
    const CheckoutPage page = ViewFrom(created.id(), country);
    EXPECT_EQ(page.currency(), "usd") << country;
    EXPECT_EQ(page.amount_total(), 2000) << country;
    const CheckoutSession session = Retrieve(created.id());
    EXPECT_EQ(session.currency(), "usd");
    EXPECT_EQ(session.amount_total(), 2000);
    EXPECT_FALSE(session.has_currency_conversion());
  }
  // Another country, another currency.
  EXPECT_EQ(ViewFrom(created.id(), "gb").currency(), "gbp");
}

TEST_F(CheckoutAdaptivePricingTest, PayingFromACountryConvertsFirst) {
  const CheckoutSession created = MustCreate(Params(), kBeforeBasil);
  const PaymentIntent pi = PayWithVisa(created.id(), "GB");
  EXPECT_EQ(pi.currency(), "gbp");
  EXPECT_EQ(pi.amount(), 1612);  // 20.00 USD x 0.8058
  EXPECT_EQ(Retrieve(created.id()).currency_conversion().fx_rate(), "0.8058");
}

TEST_F(CheckoutAdaptivePricingTest, SubscriptionModeIsNotConverted) {
  absl::StatusOr<Price> monthly = engine_.prices().Create(ParseParams<PriceCreateParams>(
      R"pb(currency: "usd" unit_amount: 2000 recurring { interval: "month" }
           product_data { name: "plan" })pb"));
  ASSERT_THAT(monthly, IsOk());
  CheckoutSessionCreateParams params;
  params.set_mode("subscription");
  params.set_success_url("https://example.com/success");
  CheckoutLineItemParams* item = params.add_line_items();
  item->set_price(monthly->id());
  item->set_quantity(1);
  params.mutable_adaptive_pricing()->set_enabled(true);
  const CheckoutSession created = MustCreate(params, kBeforeBasil);
  EXPECT_TRUE(created.adaptive_pricing().enabled());
  EXPECT_EQ(ViewFrom(created.id(), "FR").currency(), "usd");
  EXPECT_EQ(Retrieve(created.id()).currency(), "usd");
}

TEST_F(CheckoutAdaptivePricingTest, APromotionCodeEnteredAfterConversionIsConvertedToo) {
  ASSERT_THAT(engine_.coupons().Create(
                  ParseParams<CouponCreateParams>(R"pb(id: "TEN" percent_off: 10)pb")),
              IsOk());
  // A minimum of 15.00 USD: checked against the merchant's subtotal (20.00), not the 18.77
  // EUR the customer sees.
  ASSERT_THAT(engine_.promotion_codes().Create(ParseParams<PromotionCodeCreateParams>(
                  R"pb(coupon: "TEN" code: "TENOFF"
                       restrictions { minimum_amount: 1500 minimum_amount_currency: "usd" })pb")),
              IsOk());
  CheckoutSessionCreateParams params = Params();
  params.set_allow_promotion_codes(true);
  const CheckoutSession created = MustCreate(params, kBeforeBasil);
  ViewFrom(created.id(), "FR");
  CheckoutPromotionCodeParams code;
  code.set_code("tenoff");
  absl::StatusOr<CheckoutPage> page = engine_.checkout_page().ApplyPromotionCode(created.id(), code);
  ASSERT_THAT(page, IsOk());
  EXPECT_EQ(page->currency(), "eur");
  EXPECT_EQ(page->amount_total(), 1689);  // 18.00 USD x 0.9384 = 16.8912
  const CheckoutSession session = Retrieve(created.id());
  EXPECT_EQ(session.amount_subtotal(), 1877);
  EXPECT_EQ(session.currency_conversion().amount_subtotal(), 2000);
  EXPECT_EQ(session.currency_conversion().amount_total(), 1800);
  EXPECT_EQ(PayWithVisa(created.id()).amount(), 1689);
}

TEST_F(CheckoutAdaptivePricingTest, ABankDebitPaysInTheMerchantsCurrency) {
  CheckoutSessionCreateParams params = Params();
  params.add_payment_method_types("card");
  params.add_payment_method_types("us_bank_account");
  const CheckoutSession created = MustCreate(params, kBeforeBasil);
  ASSERT_EQ(ViewFrom(created.id(), "FR").currency(), "eur");
  CheckoutPayParams pay;
  pay.set_payment_method("pm_usBankAccount_success");
  pay.set_email("jenny@example.com");
  pay.set_name("Jenny Rosen");
  ASSERT_THAT(engine_.checkout_page().Pay(created.id(), pay), IsOk());
  const CheckoutSession session = Retrieve(created.id());
  EXPECT_EQ(session.currency(), "usd");
  EXPECT_EQ(session.amount_total(), 2000);
  EXPECT_FALSE(session.has_currency_conversion());
  const PaymentIntent pi =
      engine_.payment_intents().Retrieve(session.payment_intent()).value_or(PaymentIntent());
  EXPECT_EQ(pi.currency(), "usd");
  EXPECT_EQ(pi.amount(), 2000);
}

TEST_F(CheckoutAdaptivePricingTest, PaymentLinksAlwaysEnableIt) {
  absl::StatusOr<PaymentLink> link =
      engine_.payment_links().Create(ParseParams<PaymentLinkCreateParams>(
          absl::StrCat("line_items { price: \"", NewPrice(2000).id(), "\" quantity: 1 }")));
  ASSERT_THAT(link, IsOk());
  absl::StatusOr<CheckoutSession> session = engine_.payment_links().Open(link->id());
  ASSERT_THAT(session, IsOk());
  EXPECT_TRUE(session->adaptive_pricing().enabled());
  const CheckoutPage page = ViewFrom(session->id(), "FR");
  EXPECT_EQ(page.currency(), "eur");
  EXPECT_EQ(page.amount_total(), 1877);
}

TEST_F(CheckoutAdaptivePricingTest, TheQuotedRateIsHeldWhileTheTableChanges) {
  const absl::Time start = clock_.Now();
  const CheckoutSession held = MustCreate(Params(), kBeforeBasil);
  ViewFrom(held.id(), "FR");  // quoted at `start`: 0.9384

  ExchangeRateTable moved = DefaultExchangeRates();
  moved.usd_rate_micros["eur"] = 500000;  // 0.50 per USD
  ASSERT_THAT(engine_.SetExchangeRates(moved), IsOk());

  // 24 hours - 1 s after the quote: the session keeps its rate, on the page and when paid.
  clock_.SetTime(start + kAdaptivePricingQuoteLifetime - absl::Seconds(1));
  EXPECT_EQ(ViewFrom(held.id(), "FR").amount_total(), 1877);
  // A session quoted now gets the new table's rate: 0.50 x 1.02.
  const CheckoutSession fresh = MustCreate(Params(), kBeforeBasil);
  EXPECT_EQ(ViewFrom(fresh.id(), "FR").amount_total(), 1020);
  EXPECT_EQ(Retrieve(fresh.id()).currency_conversion().fx_rate(), "0.51");
  const PaymentIntent pi = PayWithVisa(held.id());
  EXPECT_EQ(pi.amount(), 1877);
  EXPECT_EQ(Retrieve(held.id()).currency_conversion().fx_rate(), "0.9384");
}

TEST_F(CheckoutAdaptivePricingTest, AQuoteLastsAsLongAsTheLongestSession) {
  // A session lives at most 24 hours (expires_at), as long as its quote: at 24 hours - 1 s it
  // still shows the held rate; at 24 hours it has expired with it.
  const absl::Time start = clock_.Now();
  const CheckoutSession session = MustCreate(Params(), kBeforeBasil);
  ViewFrom(session.id(), "FR");
  ExchangeRateTable moved = DefaultExchangeRates();
  moved.usd_rate_micros["eur"] = 500000;
  ASSERT_THAT(engine_.SetExchangeRates(moved), IsOk());

  clock_.SetTime(start + kAdaptivePricingQuoteLifetime - absl::Seconds(1));
  CheckoutPage page = ViewFrom(session.id(), "FR");
  EXPECT_EQ(page.status(), "open");
  EXPECT_EQ(page.amount_total(), 1877);

  clock_.SetTime(start + kAdaptivePricingQuoteLifetime);
  page = ViewFrom(session.id(), "FR");
  EXPECT_EQ(page.status(), "expired");
  const CheckoutSession expired = Retrieve(session.id());
  EXPECT_EQ(expired.currency_conversion().fx_rate(), "0.9384");  // what the customer was shown
  EXPECT_EQ(expired.amount_total(), 1877);
}

TEST_F(CheckoutAdaptivePricingTest, APaymentAttemptFixesThePresentment) {
  const CheckoutSession created = MustCreate(Params(), kBeforeBasil);
  CheckoutPayParams pay;
  pay.set_payment_method("pm_card_chargeDeclined");
  pay.set_email("jenny@example.com");
  pay.set_country("FR");
  ASSERT_THAT(engine_.checkout_page().Pay(created.id(), pay), IsOk());  // declined on the page
  const CheckoutSession declined = Retrieve(created.id());
  ASSERT_EQ(declined.status(), "open");
  EXPECT_EQ(declined.currency(), "eur");
  // Its PaymentIntent exists in euros: another country no longer changes the session.
  EXPECT_EQ(ViewFrom(created.id(), "GB").currency(), "eur");
  const PaymentIntent pi = PayWithVisa(created.id(), "GB");
  EXPECT_EQ(pi.currency(), "eur");
  EXPECT_EQ(pi.amount(), 1877);
}

TEST_F(CheckoutAdaptivePricingTest, TheFeeAndTheTableAreEngineOptions) {
  FakeClock clock;
  ExchangeRateTable table;
  table.country_currency = {{"FR", "eur"}};
  table.usd_rate_micros = {{"usd", 1000000}, {"eur", 900000}};
  EngineOptions options;
  options.clock = &clock;
  options.seed = 7;
  options.adaptive_pricing_fee = 0.04;
  options.exchange_rates = table;
  absl::StatusOr<std::unique_ptr<Engine>> engine = Engine::Create(options);
  ASSERT_THAT(engine, IsOk());
  absl::StatusOr<Price> price = (*engine)->prices().Create(ParseParams<PriceCreateParams>(
      R"pb(currency: "usd" unit_amount: 2000 product_data { name: "thing" })pb"));
  ASSERT_THAT(price, IsOk());
  CheckoutSessionCreateParams params;
  params.set_mode("payment");
  params.set_success_url("https://example.com/success");
  params.add_line_items()->set_price(price->id());
  params.mutable_line_items(0)->set_quantity(1);
  params.mutable_adaptive_pricing()->set_enabled(true);
  absl::StatusOr<CheckoutSession> session = (*engine)->checkout_sessions().Create(params);
  ASSERT_THAT(session, IsOk());
  CheckoutViewParams view;
  view.set_country("FR");
  absl::StatusOr<CheckoutPage> page = (*engine)->checkout_page().View(session->id(), view);
  ASSERT_THAT(page, IsOk());
  EXPECT_EQ(page->amount_total(), 1872);  // 20.00 x 0.90 x 1.04 = 18.72
  view.set_country("GB");                 // not in this table
  EXPECT_EQ((*engine)->checkout_page().View(session->id(), view)->currency(), "usd");
}

TEST_F(CheckoutAdaptivePricingTest, RefusalsNameTheirParamAndChangeNothing) {
  // Setup mode prices nothing.
  CheckoutSessionCreateParams setup;
  setup.set_mode("setup");
  setup.set_currency("usd");
  setup.set_success_url("https://example.com/success");
  setup.mutable_adaptive_pricing()->set_enabled(true);
  EXPECT_THAT(engine_.checkout_sessions().Create(setup),
              StripeErrorWithParam("invalid_request_error", "", "adaptive_pricing[enabled]"));
  setup.mutable_adaptive_pricing()->set_enabled(false);
  EXPECT_THAT(engine_.checkout_sessions().Create(setup), IsOk());

  // Before 2024-11-20 the parameter does not exist.
  RequestOptions old;
  old.api_version = "2024-10-28.acacia";
  EXPECT_THAT(engine_.checkout_sessions().Create(Params(), old),
              StripeErrorWithParam("invalid_request_error", "parameter_unknown",
                                   "adaptive_pricing"));
  EXPECT_THAT(engine_.checkout_sessions().Create(Params(2000, false), old), IsOk());

  // A country that is not two letters, on the page or when paying.
  const CheckoutSession created = MustCreate(Params(), kBeforeBasil);
  CheckoutViewParams view;
  view.set_country("FRA");
  EXPECT_THAT(engine_.checkout_page().View(created.id(), view),
              StripeErrorWithParam("invalid_request_error", "", "country"));
  CheckoutPayParams pay;
  pay.set_payment_method("pm_card_visa");
  pay.set_email("jenny@example.com");
  pay.set_country("1");
  EXPECT_THAT(engine_.checkout_page().Pay(created.id(), pay),
              StripeErrorWithParam("invalid_request_error", "", "country"));
  const CheckoutSession after = Retrieve(created.id());
  EXPECT_EQ(RenderJson(after), RenderJson(created));
  EXPECT_FALSE(after.has_payment_intent());
}

}  // namespace
}  // namespace paysim
