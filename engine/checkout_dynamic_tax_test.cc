// Behaviour tests of Checkout's `line_items[][dynamic_tax_rates]`
// (engine/internal/checkout_dynamic_tax.h): Stripe's refusals at creation (which create
// nothing), the rate matching a US state or a country, no match, the shipping address before
// the billing address, an inclusive rate, a discount, a second attempt from another place, the
// PaymentIntent charging the taxed total (made at Pay, or before 2022-08-01 with the session),
// and the subscription keeping the matched rate for its renewals.
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/time/time.h"
#include "engine/checkout_sessions.h"
#include "testing/checkout_fixture.h"
#include "testing/paysim_testing.h"

namespace paysim {
namespace {

using ::paysim::testing::IsOk;
using ::paysim::testing::ParseParams;
using ::paysim::testing::StripeErrorWithParam;
using ::testing::HasSubstr;

constexpr absl::string_view kNewYork =
    R"pb(billing_address { country: "US" state: "NY" postal_code: "10001" })pb";
constexpr absl::string_view kLondon =
    R"pb(billing_address { country: "GB" postal_code: "SW1A 1AA" })pb";

class CheckoutDynamicTaxTest : public testing::CheckoutFixture {
 protected:
  explicit CheckoutDynamicTaxTest(EngineOptions options = {}) : CheckoutFixture(options) {}

  // A tax rate from TaxRateCreateParams text added to `percentage` and `inclusive`.
  TaxRate NewRate(double percentage, absl::string_view extra, bool inclusive = false) {
    TaxRateCreateParams params = ParseParams<TaxRateCreateParams>(extra);
    params.set_display_name(params.has_country() ? "Sales tax" : "Tax");
    params.set_percentage(percentage);
    params.set_inclusive(inclusive);
    absl::StatusOr<TaxRate> rate = engine_.tax_rates().Create(params);
    EXPECT_THAT(rate, IsOk());
    return rate.value_or(TaxRate());
  }

  // The account's rates for California (7.25%), New York (4%) and the UK (20% VAT).
  void SetUp() override {
    california_ = NewRate(7.25, R"pb(country: "US" state: "CA")pb");
    new_york_ = NewRate(4, R"pb(country: "US" state: "NY")pb");
    uk_ = NewRate(20, R"pb(country: "GB")pb");
  }

  // A payment-mode session of `price` whose line item has `rates` as dynamic_tax_rates.
  CheckoutSessionCreateParams DynamicParams(const Price& price,
                                            const std::vector<TaxRate>& rates,
                                            absl::string_view mode = "payment") {
    CheckoutSessionCreateParams params = SessionParams(price, mode);
    for (const TaxRate& rate : rates) params.mutable_line_items(0)->add_dynamic_tax_rates(rate.id());
    return params;
  }
  CheckoutSessionCreateParams DynamicParams(const Price& price) {
    return DynamicParams(price, {california_, new_york_, uk_});
  }

  CheckoutSession Get(const std::string& id) {
    return engine_.checkout_sessions().Retrieve(id).value_or(CheckoutSession());
  }

  PaymentIntent PaymentIntentOf(const CheckoutSession& session) {
    return engine_.payment_intents().Retrieve(session.payment_intent()).value_or(PaymentIntent());
  }

  // Creates a session from `params` and pays it with a Visa after entering `entered`.
  CheckoutSession CreateAndPay(const CheckoutSessionCreateParams& params,
                               absl::string_view entered) {
    absl::StatusOr<CheckoutSession> session = engine_.checkout_sessions().Create(params);
    EXPECT_THAT(session, IsOk());
    if (!session.ok()) return CheckoutSession();
    EXPECT_EQ(session->total_details().amount_tax(), 0);  // the place is not known yet
    EXPECT_THAT(Pay(session->id(), "pm_card_visa", entered), IsOk());
    return Get(session->id());
  }

  TaxRate california_;
  TaxRate new_york_;
  TaxRate uk_;
};

TEST_F(CheckoutDynamicTaxTest, UsAddressMatchesTheRateOfItsState) {
  const CheckoutSession paid = CreateAndPay(DynamicParams(NewPrice(2000)), kNewYork);
  EXPECT_EQ(paid.status(), "complete");
  EXPECT_EQ(paid.amount_subtotal(), 2000);
  EXPECT_EQ(paid.total_details().amount_tax(), 80);  // 4% of 2000
  EXPECT_EQ(paid.amount_total(), 2080);
  ASSERT_EQ(paid.line_items_size(), 1);
  const LineItem& item = paid.line_items(0);
  EXPECT_EQ(item.amount_tax(), 80);
  EXPECT_EQ(item.amount_total(), 2080);
  EXPECT_EQ(item.dynamic_tax_rate().id(), new_york_.id());
  ASSERT_EQ(item.taxes_size(), 1);
  EXPECT_EQ(item.taxes(0).rate().id(), new_york_.id());
  EXPECT_FALSE(item.taxes(0).has_taxability_reason());  // a manual rate
  ASSERT_EQ(paid.total_details().breakdown().taxes_size(), 1);
  EXPECT_EQ(paid.total_details().breakdown().taxes(0).amount(), 80);
  EXPECT_EQ(paid.total_details().breakdown().taxes(0).taxable_amount(), 2000);
  EXPECT_EQ(PaymentIntentOf(paid).amount(), 2080);
  EXPECT_EQ(PaymentIntentOf(paid).status(), "succeeded");
}

TEST_F(CheckoutDynamicTaxTest, AddressElsewhereMatchesTheFirstRateOfItsCountry) {
  const TaxRate second_uk = NewRate(5, R"pb(country: "GB")pb");
  const CheckoutSession paid = CreateAndPay(
      DynamicParams(NewPrice(2000), {california_, uk_, second_uk}), kLondon);
  EXPECT_EQ(paid.line_items(0).dynamic_tax_rate().id(), uk_.id());
  EXPECT_EQ(paid.total_details().amount_tax(), 400);  // 20% of 2000
  EXPECT_EQ(paid.amount_total(), 2400);
  EXPECT_EQ(PaymentIntentOf(paid).amount(), 2400);
}

TEST_F(CheckoutDynamicTaxTest, NoMatchingRateMeansNoTaxOnThatLine) {
  // Texas: no rate of the line's state; France: none of its country; no address at all.
  for (absl::string_view entered :
       {R"pb(billing_address { country: "US" state: "TX" postal_code: "73301" })pb",
        R"pb(billing_address { country: "FR" postal_code: "75001" })pb", ""}) {
    const CheckoutSession paid = CreateAndPay(DynamicParams(NewPrice(2000)), entered);
    EXPECT_EQ(paid.status(), "complete") << entered;
    EXPECT_FALSE(paid.line_items(0).has_dynamic_tax_rate()) << entered;
    EXPECT_EQ(paid.total_details().amount_tax(), 0) << entered;
    EXPECT_EQ(paid.total_details().breakdown().taxes_size(), 0) << entered;
    EXPECT_EQ(paid.amount_total(), 2000) << entered;
    EXPECT_EQ(PaymentIntentOf(paid).amount(), 2000) << entered;
  }
}

TEST_F(CheckoutDynamicTaxTest, WithNoAddressTheCountryTheCustomerSaysIsMatched) {
  const CheckoutSession paid = CreateAndPay(DynamicParams(NewPrice(2000)), R"pb(country: "GB")pb");
  EXPECT_EQ(paid.line_items(0).dynamic_tax_rate().id(), uk_.id());
  EXPECT_EQ(paid.amount_total(), 2400);
  // An address entered counts before it.
  const CheckoutSession billed = CreateAndPay(DynamicParams(NewPrice(2000)),
                                              absl::StrCat(kNewYork, R"pb( country: "GB")pb"));
  EXPECT_EQ(billed.line_items(0).dynamic_tax_rate().id(), new_york_.id());
}

TEST_F(CheckoutDynamicTaxTest, OnlyTheLinesWithDynamicRatesAreTaxed) {
  const Price taxed = NewPrice(2000);
  const Price plain = NewPrice(1000);
  CheckoutSessionCreateParams params = DynamicParams(taxed);
  CheckoutLineItemParams* second = params.add_line_items();
  second->set_price(plain.id());
  second->set_quantity(1);
  const CheckoutSession paid = CreateAndPay(params, kLondon);
  EXPECT_EQ(paid.line_items(0).amount_tax(), 400);
  EXPECT_EQ(paid.line_items(1).amount_tax(), 0);
  EXPECT_EQ(paid.amount_total(), 3400);
}

TEST_F(CheckoutDynamicTaxTest, ShippingAddressCountsWhenTheSessionCollectsOne) {
  CheckoutSessionCreateParams params = DynamicParams(NewPrice(2000));
  params.mutable_shipping_address_collection()->add_allowed_countries("US");
  // Billed to London (20%), shipped to California (7.25%): the shipping address counts.
  const CheckoutSession paid = CreateAndPay(params, R"pb(
    billing_address { country: "GB" postal_code: "SW1A 1AA" }
    shipping {
      name: "Jenny"
      address {
        line1: "1 Market St"
        city: "San Francisco"
        state: "CA"
        postal_code: "94107"
        country: "US"
      }
    })pb");
  EXPECT_EQ(paid.line_items(0).dynamic_tax_rate().id(), california_.id());
  EXPECT_EQ(paid.total_details().amount_tax(), 145);  // 7.25% of 2000
  EXPECT_EQ(paid.amount_total(), 2145);

  // Without shipping address collection the billing address counts.
  const CheckoutSession billed = CreateAndPay(DynamicParams(NewPrice(2000)), kLondon);
  EXPECT_EQ(billed.line_items(0).dynamic_tax_rate().id(), uk_.id());
}

TEST_F(CheckoutDynamicTaxTest, DeclinedThenPaidFromElsewhereMatchesAgain) {
  absl::StatusOr<CheckoutSession> session =
      engine_.checkout_sessions().Create(DynamicParams(NewPrice(2000)));
  ASSERT_THAT(session, IsOk());
  absl::StatusOr<CheckoutPage> declined =
      Pay(session->id(), "pm_card_visa_chargeDeclinedInsufficientFunds", kLondon);
  ASSERT_THAT(declined, IsOk());
  EXPECT_EQ(declined->status(), "open");
  const CheckoutSession open = Get(session->id());
  EXPECT_EQ(open.line_items(0).dynamic_tax_rate().id(), uk_.id());
  EXPECT_EQ(open.amount_total(), 2400);
  EXPECT_EQ(PaymentIntentOf(open).amount(), 2400);

  ASSERT_THAT(Pay(session->id(), "pm_card_visa", kNewYork), IsOk());
  const CheckoutSession paid = Get(session->id());
  EXPECT_EQ(paid.status(), "complete");
  EXPECT_EQ(paid.line_items(0).dynamic_tax_rate().id(), new_york_.id());
  ASSERT_EQ(paid.total_details().breakdown().taxes_size(), 1);  // London's rate is gone
  EXPECT_EQ(paid.amount_total(), 2080);
  EXPECT_EQ(PaymentIntentOf(paid).amount(), 2080);  // the same intent, asking for the new total
  EXPECT_EQ(PaymentIntentOf(paid).status(), "succeeded");
}

TEST_F(CheckoutDynamicTaxTest, InclusiveRateIsPartOfThePrice) {
  const TaxRate uk_inclusive = NewRate(20, R"pb(country: "GB")pb", /*inclusive=*/true);
  const CheckoutSession paid =
      CreateAndPay(DynamicParams(NewPrice(2400), {uk_inclusive}), kLondon);
  EXPECT_EQ(paid.amount_subtotal(), 2400);
  EXPECT_EQ(paid.total_details().amount_tax(), 400);  // 2400 - 2400 / 1.2
  EXPECT_EQ(paid.amount_total(), 2400);
  ASSERT_EQ(paid.line_items(0).taxes_size(), 1);
  EXPECT_EQ(paid.line_items(0).taxes(0).taxable_amount(), 2000);
  EXPECT_EQ(PaymentIntentOf(paid).amount(), 2400);
}

TEST_F(CheckoutDynamicTaxTest, DiscountComesOffBeforeTheMatchedRate) {
  absl::StatusOr<Coupon> coupon = engine_.coupons().Create(
      ParseParams<CouponCreateParams>(R"pb(percent_off: 25 duration: "once")pb"));
  ASSERT_THAT(coupon, IsOk());
  CheckoutSessionCreateParams params = DynamicParams(NewPrice(2000));
  params.add_discounts()->set_coupon(coupon->id());
  const CheckoutSession paid = CreateAndPay(params, kLondon);
  EXPECT_EQ(paid.total_details().amount_discount(), 500);
  EXPECT_EQ(paid.total_details().amount_tax(), 300);  // 20% of 1500
  EXPECT_EQ(paid.amount_total(), 1800);
}

TEST_F(CheckoutDynamicTaxTest, SubscriptionKeepsTheMatchedRateOnItsItem) {
  absl::StatusOr<Price> monthly = engine_.prices().Create(ParseParams<PriceCreateParams>(
      R"pb(currency: "usd" unit_amount: 1000 recurring { interval: "month" }
           product_data { name: "plan" })pb"));
  ASSERT_THAT(monthly, IsOk());
  const CheckoutSession paid =
      CreateAndPay(DynamicParams(*monthly, {california_, new_york_, uk_}, "subscription"),
                   kNewYork);
  EXPECT_EQ(paid.status(), "complete");
  EXPECT_EQ(paid.amount_total(), 1040);
  absl::StatusOr<Subscription> subscription =
      engine_.subscriptions().Retrieve(paid.subscription());
  ASSERT_THAT(subscription, IsOk());
  ASSERT_EQ(subscription->items().data_size(), 1);
  const SubscriptionItem& item = subscription->items().data(0);
  ASSERT_EQ(item.tax_rates_size(), 1);
  EXPECT_EQ(item.tax_rates(0).id(), new_york_.id());
  // The first invoice, paid by the session, is taxed at it as the session was.
  absl::StatusOr<Invoice> first = engine_.invoices().Retrieve(paid.invoice());
  ASSERT_THAT(first, IsOk());
  EXPECT_EQ(first->total(), 1040);
  EXPECT_EQ(first->amount_paid(), 1040);
  EXPECT_EQ(first->status(), "paid");

  // The renewal a month later is taxed at it too (finalized and paid an hour after it opens).
  clock_.Advance(absl::Hours(24 * 32));
  ASSERT_THAT(engine_.subscriptions().Retrieve(subscription->id()), IsOk());
  clock_.Advance(absl::Hours(2));
  absl::StatusOr<Subscription> renewed = engine_.subscriptions().Retrieve(subscription->id());
  ASSERT_THAT(renewed, IsOk());
  absl::StatusOr<Invoice> renewal = engine_.invoices().Retrieve(renewed->latest_invoice());
  ASSERT_THAT(renewal, IsOk());
  EXPECT_EQ(renewal->total(), 1040);
  EXPECT_EQ(renewal->amount_paid(), 1040);
}

TEST_F(CheckoutDynamicTaxTest, CreationRefusalsCreateNothing) {
  const Price price = NewPrice(2000);
  const size_t before = SessionCount();
  auto refused = [&](const CheckoutSessionCreateParams& params) {
    return engine_.checkout_sessions().Create(params);
  };

  CheckoutSessionCreateParams both = DynamicParams(price);
  both.mutable_line_items(0)->add_tax_rates(uk_.id());
  EXPECT_THAT(refused(both), StripeErrorWithParam("invalid_request_error", "",
                                                  "line_items[0][dynamic_tax_rates]"));

  CheckoutSessionCreateParams automatic =
      DynamicParams(NewPrice(2000, "usd", R"pb(tax_behavior: "exclusive")pb"));
  automatic.mutable_automatic_tax()->set_enabled(true);
  absl::StatusOr<CheckoutSession> with_automatic = refused(automatic);
  EXPECT_THAT(with_automatic, StripeErrorWithParam("invalid_request_error", "",
                                                   "line_items[0][dynamic_tax_rates]"));
  EXPECT_THAT(with_automatic.status().message(), HasSubstr("automatic_tax[enabled]"));

  CheckoutSessionCreateParams missing = DynamicParams(price, {california_});
  missing.mutable_line_items(0)->add_dynamic_tax_rates("txr_missing");
  EXPECT_THAT(refused(missing),
              StripeErrorWithParam("invalid_request_error", "resource_missing",
                                   "line_items[0][dynamic_tax_rates][1]"));

  TaxRateUpdateParams archive;
  archive.set_active(false);
  const TaxRate archived = NewRate(10, R"pb(country: "AU")pb");
  ASSERT_THAT(engine_.tax_rates().Update(archived.id(), archive), IsOk());
  absl::StatusOr<CheckoutSession> inactive = refused(DynamicParams(price, {archived}));
  EXPECT_THAT(inactive, StripeErrorWithParam("invalid_request_error", "",
                                             "line_items[0][dynamic_tax_rates][0]"));
  EXPECT_THAT(inactive.status().message(), HasSubstr("inactive"));

  const TaxRate nowhere = NewRate(10, "");
  const TaxRate canada = NewRate(5, R"pb(country: "CA")pb");
  const TaxRate us_without_state = NewRate(5, R"pb(country: "US")pb");
  for (const TaxRate& rate : {nowhere, canada, us_without_state}) {
    absl::StatusOr<CheckoutSession> unusable = refused(DynamicParams(price, {uk_, rate}));
    EXPECT_THAT(unusable, StripeErrorWithParam("invalid_request_error", "",
                                               "line_items[0][dynamic_tax_rates][1]"))
        << rate.id();
    EXPECT_THAT(unusable.status().message(), HasSubstr("dynamic tax rate")) << rate.id();
  }
  EXPECT_EQ(SessionCount(), before);
}

TEST_F(CheckoutDynamicTaxTest, AtMostAHundredRatesALineItem) {
  const Price price = NewPrice(2000);
  CheckoutSessionCreateParams params = SessionParams(price);
  for (int i = 0; i < kCheckoutMaxDynamicTaxRates; ++i) {
    params.mutable_line_items(0)->add_dynamic_tax_rates(uk_.id());
  }
  EXPECT_THAT(engine_.checkout_sessions().Create(params), IsOk());
  const size_t before = SessionCount();
  params.mutable_line_items(0)->add_dynamic_tax_rates(uk_.id());
  EXPECT_THAT(engine_.checkout_sessions().Create(params),
              StripeErrorWithParam("invalid_request_error", "",
                                   "line_items[0][dynamic_tax_rates]"));
  EXPECT_EQ(SessionCount(), before);
}

// Before 2022-08-01 the session's PaymentIntent is made with it, before the place is known.
class CheckoutDynamicTaxLegacyTest : public CheckoutDynamicTaxTest {
 protected:
  static EngineOptions Options() {
    EngineOptions options;
    options.seed = 7;
    options.api_version = "2022-01-01";
    return options;
  }
  CheckoutDynamicTaxLegacyTest() : CheckoutDynamicTaxTest(Options()) {}
};

TEST_F(CheckoutDynamicTaxLegacyTest, EarlyPaymentIntentAsksForTheTaxedTotal) {
  absl::StatusOr<CheckoutSession> session =
      engine_.checkout_sessions().Create(DynamicParams(NewPrice(2000)));
  ASSERT_THAT(session, IsOk());
  ASSERT_TRUE(session->has_payment_intent());
  EXPECT_EQ(PaymentIntentOf(*session).amount(), 2000);
  ASSERT_THAT(Pay(session->id(), "pm_card_visa", kNewYork), IsOk());
  const PaymentIntent pi = PaymentIntentOf(Get(session->id()));
  EXPECT_EQ(pi.amount(), 2080);
  EXPECT_EQ(pi.amount_received(), 2080);
  EXPECT_EQ(pi.status(), "succeeded");
}

}  // namespace
}  // namespace paysim
