// Behaviour tests of Checkout's automatic tax (`automatic_tax[enabled]`, engine/tax_table.h)
// and `customer_update`: Stripe's refusals at creation (which create nothing), where the
// customer is taxed (billing address, shipping address, an existing customer's saved
// addresses), exclusive and inclusive prices and shipping, discounts before tax, places where
// the account does not collect tax, the PaymentIntent charging the taxed total, and what
// customer_update saves to the Customer.
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "engine/checkout_sessions.h"
#include "engine/exchange_rates.h"
#include "engine/tax_table.h"
#include "testing/checkout_fixture.h"
#include "testing/paysim_testing.h"

namespace paysim {
namespace {

using ::paysim::testing::IsOk;
using ::paysim::testing::ParseParams;
using ::paysim::testing::StripeErrorWithParam;
using ::testing::HasSubstr;

constexpr absl::string_view kCalifornia =
    R"pb(billing_address { country: "US" state: "CA" postal_code: "94107" })pb";

class CheckoutAutomaticTaxTest : public testing::CheckoutFixture {
 protected:
  explicit CheckoutAutomaticTaxTest(EngineOptions options = {}) : CheckoutFixture(options) {}

  // A payment-mode session of `price` with automatic tax on.
  CheckoutSessionCreateParams TaxedParams(const Price& price) {
    CheckoutSessionCreateParams params = SessionParams(price);
    params.mutable_automatic_tax()->set_enabled(true);
    return params;
  }

  CheckoutSession Get(const std::string& id) {
    return engine_.checkout_sessions().Retrieve(id).value_or(CheckoutSession());
  }

  PaymentIntent PaymentIntentOf(const CheckoutSession& session) {
    return engine_.payment_intents().Retrieve(session.payment_intent()).value_or(PaymentIntent());
  }

  std::vector<std::string> EventTypes() {
    std::vector<std::string> types;
    for (const Event& e : engine_.events().List(EventListParams()).value_or(ListResult<Event>()).data) {
      types.push_back(e.type());
    }
    return types;
  }
};

TEST_F(CheckoutAutomaticTaxTest, ExclusiveTaxIsAddedOnceTheBillingAddressIsEntered) {
  const Price price = NewPrice(2000, "usd", R"pb(tax_behavior: "exclusive")pb");
  absl::StatusOr<CheckoutSession> session = engine_.checkout_sessions().Create(TaxedParams(price));
  ASSERT_THAT(session, IsOk());
  EXPECT_TRUE(session->automatic_tax().enabled());
  EXPECT_EQ(session->automatic_tax().status(), "requires_location_inputs");
  EXPECT_EQ(session->amount_total(), 2000);
  EXPECT_EQ(session->total_details().amount_tax(), 0);

  ASSERT_THAT(Pay(session->id(), "pm_card_visa", kCalifornia), IsOk());
  const CheckoutSession paid = Get(session->id());
  EXPECT_EQ(paid.status(), "complete");
  EXPECT_EQ(paid.automatic_tax().status(), "complete");
  EXPECT_EQ(paid.amount_subtotal(), 2000);
  EXPECT_EQ(paid.total_details().amount_tax(), 145);  // 7.25% of 2000
  EXPECT_EQ(paid.amount_total(), 2145);
  ASSERT_EQ(paid.line_items_size(), 1);
  EXPECT_EQ(paid.line_items(0).amount_tax(), 145);
  EXPECT_EQ(paid.line_items(0).amount_total(), 2145);
  ASSERT_EQ(paid.total_details().breakdown().taxes_size(), 1);
  const LineItemTaxAmount& tax = paid.total_details().breakdown().taxes(0);
  EXPECT_EQ(tax.amount(), 145);
  EXPECT_EQ(tax.taxable_amount(), 2000);
  EXPECT_EQ(tax.taxability_reason(), "standard_rated");
  EXPECT_EQ(tax.rate().percentage(), 7.25);
  EXPECT_EQ(tax.rate().jurisdiction(), "CA");
  EXPECT_EQ(tax.rate().jurisdiction_level(), "state");
  EXPECT_EQ(tax.rate().tax_type(), "sales_tax");
  EXPECT_FALSE(tax.rate().inclusive());
  const PaymentIntent pi = PaymentIntentOf(paid);
  EXPECT_EQ(pi.amount(), 2145);
  EXPECT_EQ(pi.status(), "succeeded");
}

TEST_F(CheckoutAutomaticTaxTest, InclusiveTaxIsPartOfThePrice) {
  const Price price = NewPrice(2380, "eur", R"pb(tax_behavior: "inclusive")pb");
  absl::StatusOr<CheckoutSession> session = engine_.checkout_sessions().Create(TaxedParams(price));
  ASSERT_THAT(session, IsOk());
  ASSERT_THAT(Pay(session->id(), "pm_card_visa", R"pb(billing_address { country: "DE" })pb"),
              IsOk());
  const CheckoutSession paid = Get(session->id());
  EXPECT_EQ(paid.total_details().amount_tax(), 380);  // 2380 - 2380 / 1.19
  EXPECT_EQ(paid.amount_total(), 2380);
  ASSERT_EQ(paid.line_items(0).taxes_size(), 1);
  EXPECT_TRUE(paid.line_items(0).taxes(0).rate().inclusive());
  EXPECT_EQ(paid.line_items(0).taxes(0).taxable_amount(), 2000);
  EXPECT_EQ(paid.line_items(0).taxes(0).rate().jurisdiction_level(), "country");
  EXPECT_EQ(PaymentIntentOf(paid).amount(), 2380);
}

TEST_F(CheckoutAutomaticTaxTest, NoTaxWhereTheAccountDoesNotCollect) {
  const Price price = NewPrice(2000, "usd", R"pb(tax_behavior: "exclusive")pb");
  for (absl::string_view address :
       {R"pb(billing_address { country: "US" state: "OR" postal_code: "97201" })pb",
        R"pb(billing_address { country: "BR" })pb"}) {
    absl::StatusOr<CheckoutSession> session =
        engine_.checkout_sessions().Create(TaxedParams(price));
    ASSERT_THAT(session, IsOk());
    ASSERT_THAT(Pay(session->id(), "pm_card_visa", address), IsOk());
    const CheckoutSession paid = Get(session->id());
    EXPECT_EQ(paid.automatic_tax().status(), "complete") << address;
    EXPECT_EQ(paid.total_details().amount_tax(), 0) << address;
    EXPECT_EQ(paid.total_details().breakdown().taxes_size(), 0) << address;
    EXPECT_EQ(paid.amount_total(), 2000) << address;
  }
}

TEST_F(CheckoutAutomaticTaxTest, DiscountComesOffBeforeTaxAndEachLineRoundsHalfUp) {
  ASSERT_THAT(engine_.coupons().Create(
                  ParseParams<CouponCreateParams>(R"pb(id: "TEN" percent_off: 10)pb")),
              IsOk());
  const Price price = NewPrice(2000, "usd", R"pb(tax_behavior: "exclusive")pb");
  CheckoutSessionCreateParams params = TaxedParams(price);
  params.add_discounts()->set_coupon("TEN");
  absl::StatusOr<CheckoutSession> session = engine_.checkout_sessions().Create(params);
  ASSERT_THAT(session, IsOk());
  ASSERT_THAT(Pay(session->id(), "pm_card_visa", kCalifornia), IsOk());
  const CheckoutSession paid = Get(session->id());
  EXPECT_EQ(paid.total_details().amount_discount(), 200);
  EXPECT_EQ(paid.total_details().amount_tax(), 131);  // 7.25% of 1800 = 130.5
  EXPECT_EQ(paid.amount_total(), 1931);
  EXPECT_EQ(PaymentIntentOf(paid).amount(), 1931);
}

TEST_F(CheckoutAutomaticTaxTest, ShippingInACurrencyOptionIsTaxedByThatOptionsTaxBehavior) {
  const Price price = NewPrice(2000, "eur", R"pb(tax_behavior: "exclusive")pb");
  absl::StatusOr<ShippingRate> rate =
      engine_.shipping_rates().Create(ParseParams<ShippingRateCreateParams>(R"pb(
        display_name: "Ground"
        fixed_amount {
          amount: 500
          currency: "usd"
          currency_options {
            key: "eur"
            value { amount: 400 tax_behavior: "exclusive" }
          }
        }
      )pb"));
  ASSERT_THAT(rate, IsOk());
  CheckoutSessionCreateParams params = TaxedParams(price);
  params.add_shipping_options()->set_shipping_rate(rate->id());
  // The rate's own tax_behavior is unspecified; its eur option's is exclusive.
  absl::StatusOr<CheckoutSession> session = engine_.checkout_sessions().Create(params);
  ASSERT_THAT(session, IsOk());
  ASSERT_THAT(Pay(session->id(), "pm_card_visa", R"pb(billing_address { country: "DE" })pb"),
              IsOk());
  const CheckoutSession paid = Get(session->id());
  EXPECT_EQ(paid.shipping_cost().amount_subtotal(), 400);
  EXPECT_EQ(paid.shipping_cost().amount_tax(), 76);  // 19% of 400
  EXPECT_EQ(paid.line_items(0).amount_tax(), 380);   // 19% of 2000
  EXPECT_EQ(paid.amount_total(), 2856);
}

TEST_F(CheckoutAutomaticTaxTest, ShippingAddressIsTaxedAndShippingByItsTaxBehavior) {
  const Price price = NewPrice(2000, "usd", R"pb(tax_behavior: "exclusive")pb");
  const ShippingRate ground = NewShippingRate(500, "usd", R"pb(tax_behavior: "exclusive")pb");
  CheckoutSessionCreateParams params = TaxedParams(price);
  params.mutable_shipping_address_collection()->add_allowed_countries("US");
  params.add_shipping_options()->set_shipping_rate(ground.id());
  absl::StatusOr<CheckoutSession> session = engine_.checkout_sessions().Create(params);
  ASSERT_THAT(session, IsOk());
  // Billed to New York (4%), shipped to California (7.25%): the shipping address counts.
  ASSERT_THAT(Pay(session->id(), "pm_card_visa",
                  R"pb(billing_address { country: "US" state: "NY" postal_code: "10001" }
                       shipping {
                         name: "Jenny"
                         address {
                           line1: "1 Market St"
                           city: "San Francisco"
                           state: "CA"
                           postal_code: "94107"
                           country: "US"
                         }
                       })pb"),
              IsOk());
  const CheckoutSession paid = Get(session->id());
  EXPECT_EQ(paid.line_items(0).amount_tax(), 145);
  EXPECT_EQ(paid.shipping_cost().amount_subtotal(), 500);
  EXPECT_EQ(paid.shipping_cost().amount_tax(), 36);  // 7.25% of 500 = 36.25
  EXPECT_EQ(paid.shipping_cost().amount_total(), 536);
  EXPECT_EQ(paid.total_details().amount_shipping(), 500);
  EXPECT_EQ(paid.total_details().amount_tax(), 181);
  EXPECT_EQ(paid.amount_total(), 2681);
  ASSERT_EQ(paid.total_details().breakdown().taxes_size(), 1);  // one rate: CA
  EXPECT_EQ(paid.total_details().breakdown().taxes(0).amount(), 181);
  EXPECT_EQ(paid.total_details().breakdown().taxes(0).taxable_amount(), 2500);
  EXPECT_EQ(PaymentIntentOf(paid).amount(), 2681);
}

TEST_F(CheckoutAutomaticTaxTest, ExistingCustomerIsTaxedAtItsSavedAddressFromCreation) {
  const Price price = NewPrice(1000, "usd", R"pb(tax_behavior: "exclusive")pb");
  const Customer at_home =
      NewCustomer(R"pb(address { country: "US" state: "TX" postal_code: "73301" })pb");
  CheckoutSessionCreateParams params = TaxedParams(price);
  params.set_customer(at_home.id());
  absl::StatusOr<CheckoutSession> session = engine_.checkout_sessions().Create(params);
  ASSERT_THAT(session, IsOk());
  EXPECT_EQ(session->automatic_tax().status(), "complete");
  EXPECT_EQ(session->total_details().amount_tax(), 63);  // 6.25% of 1000 = 62.5
  EXPECT_EQ(session->amount_total(), 1063);

  // Its saved shipping address comes first.
  const Customer shipped = NewCustomer(
      R"pb(address { country: "US" state: "TX" postal_code: "73301" }
           shipping {
             name: "J"
             address { line1: "1 Pike St" country: "US" state: "WA" postal_code: "98101" }
           })pb");
  params.set_customer(shipped.id());
  session = engine_.checkout_sessions().Create(params);
  ASSERT_THAT(session, IsOk());
  EXPECT_EQ(session->total_details().amount_tax(), 65);  // 6.5%
}

TEST_F(CheckoutAutomaticTaxTest, CustomerUpdateAutoTaxesAndSavesWhatIsEntered) {
  const Price price = NewPrice(1000, "usd", R"pb(tax_behavior: "exclusive")pb");
  const Customer customer = NewCustomer(R"pb(email: "jenny@example.com")pb");
  CheckoutSessionCreateParams params = TaxedParams(price);
  params.set_customer(customer.id());
  params.mutable_customer_update()->set_address("auto");
  params.mutable_customer_update()->set_name("auto");
  absl::StatusOr<CheckoutSession> session = engine_.checkout_sessions().Create(params);
  ASSERT_THAT(session, IsOk());
  EXPECT_EQ(session->automatic_tax().status(), "requires_location_inputs");

  ASSERT_THAT(Pay(session->id(), "pm_card_visa",
                  R"pb(name: "Jenny Rosen"
                       billing_address { country: "US" state: "NY" postal_code: "10001" })pb"),
              IsOk());
  EXPECT_EQ(Get(session->id()).total_details().amount_tax(), 40);  // 4%
  const Customer saved = engine_.customers().Retrieve(customer.id()).value_or(Customer());
  EXPECT_EQ(saved.address().state(), "NY");
  EXPECT_EQ(saved.address().postal_code(), "10001");
  EXPECT_EQ(saved.name(), "Jenny Rosen");
  const std::vector<std::string> types = EventTypes();  // newest first
  const auto completed = std::find(types.begin(), types.end(), "checkout.session.completed");
  const auto updated = std::find(types.begin(), types.end(), "customer.updated");
  ASSERT_NE(updated, types.end());
  EXPECT_LT(completed, updated);  // customer.updated comes first
}

TEST_F(CheckoutAutomaticTaxTest, CustomerUpdateNeverLeavesTheCustomer) {
  const Price price = NewPrice(1000, "usd", R"pb(tax_behavior: "exclusive")pb");
  const Customer customer =
      NewCustomer(R"pb(name: "Old" address { country: "US" state: "TX" postal_code: "73301" })pb");
  CheckoutSessionCreateParams params = TaxedParams(price);
  params.set_customer(customer.id());
  params.mutable_customer_update()->set_name("never");
  absl::StatusOr<CheckoutSession> session = engine_.checkout_sessions().Create(params);
  ASSERT_THAT(session, IsOk());
  ASSERT_THAT(Pay(session->id(), "pm_card_visa", R"pb(name: "New" billing_address { country: "DE" })pb"),
              IsOk());
  // Taxed where the Customer's saved address says (Texas), not where the card is billed.
  EXPECT_EQ(Get(session->id()).total_details().amount_tax(), 63);
  EXPECT_EQ(engine_.customers().Retrieve(customer.id())->name(), "Old");
}

TEST_F(CheckoutAutomaticTaxTest, PayRefusesAnIncompletePlaceAndChangesNothing) {
  const Price price = NewPrice(2000, "usd", R"pb(tax_behavior: "exclusive")pb");
  absl::StatusOr<CheckoutSession> session = engine_.checkout_sessions().Create(TaxedParams(price));
  ASSERT_THAT(session, IsOk());
  EXPECT_THAT(Pay(session->id(), "pm_card_visa"),
              StripeErrorWithParam("invalid_request_error", "parameter_missing", "billing_address[country]"));
  EXPECT_THAT(Pay(session->id(), "pm_card_visa",
                  R"pb(billing_address { country: "US" state: "CA" })pb"),
              StripeErrorWithParam("invalid_request_error", "parameter_missing", "billing_address[postal_code]"));
  const CheckoutSession unchanged = Get(session->id());
  EXPECT_EQ(unchanged.status(), "open");
  EXPECT_EQ(unchanged.automatic_tax().status(), "requires_location_inputs");
  EXPECT_EQ(unchanged.amount_total(), 2000);
  EXPECT_FALSE(unchanged.has_payment_intent());
}

TEST_F(CheckoutAutomaticTaxTest, CreationRefusalsCreateNothing) {
  const Price unspecified = NewPrice(2000);
  const Price exclusive = NewPrice(2000, "usd", R"pb(tax_behavior: "exclusive")pb");
  const size_t before = SessionCount();

  absl::StatusOr<CheckoutSession> refused =
      engine_.checkout_sessions().Create(TaxedParams(unspecified));
  EXPECT_THAT(refused, StripeErrorWithParam("invalid_request_error", "", "line_items[0][price]"));
  EXPECT_THAT(refused.status().message(), HasSubstr("does not have a `tax_behavior` set"));

  CheckoutSessionCreateParams data = TaxedParams(exclusive);
  data.mutable_line_items(0)->clear_price();
  *data.mutable_line_items(0)->mutable_price_data() = ParseParams<CheckoutPriceDataParams>(
      R"pb(currency: "usd" unit_amount: 500 product_data { name: "x" })pb");
  EXPECT_THAT(engine_.checkout_sessions().Create(data),
              StripeErrorWithParam("invalid_request_error", "",
                                   "line_items[0][price_data][tax_behavior]"));

  absl::StatusOr<TaxRate> manual = engine_.tax_rates().Create(ParseParams<TaxRateCreateParams>(
      R"pb(display_name: "VAT" percentage: 20 inclusive: false)pb"));
  ASSERT_THAT(manual, IsOk());
  CheckoutSessionCreateParams with_rates = TaxedParams(exclusive);
  with_rates.mutable_line_items(0)->add_tax_rates(manual->id());
  EXPECT_THAT(engine_.checkout_sessions().Create(with_rates),
              StripeErrorWithParam("invalid_request_error", "", "line_items[0][tax_rates]"));

  const ShippingRate untaxed = NewShippingRate(500);
  CheckoutSessionCreateParams shipped = TaxedParams(exclusive);
  shipped.add_shipping_options()->set_shipping_rate(untaxed.id());
  EXPECT_THAT(engine_.checkout_sessions().Create(shipped),
              StripeErrorWithParam("invalid_request_error", "", "shipping_options[0][shipping_rate]"));

  const Customer nowhere = NewCustomer();
  CheckoutSessionCreateParams existing = TaxedParams(exclusive);
  existing.set_customer(nowhere.id());
  absl::StatusOr<CheckoutSession> no_place = engine_.checkout_sessions().Create(existing);
  EXPECT_THAT(no_place, StripeErrorWithParam("invalid_request_error", "customer_tax_location_invalid", ""));
  EXPECT_THAT(no_place.status().message(), HasSubstr("requires a valid address on the Customer"));

  CheckoutSessionCreateParams no_customer = SessionParams(exclusive);
  no_customer.mutable_customer_update()->set_address("auto");
  EXPECT_THAT(engine_.checkout_sessions().Create(no_customer),
              StripeErrorWithParam("invalid_request_error", "", "customer_update"));
  existing.mutable_customer_update()->set_address("sometimes");
  EXPECT_THAT(engine_.checkout_sessions().Create(existing),
              StripeErrorWithParam("invalid_request_error", "", "customer_update[address]"));

  EXPECT_EQ(SessionCount(), before);
  // Without automatic tax the same unspecified price sells.
  EXPECT_THAT(engine_.checkout_sessions().Create(SessionParams(unspecified)), IsOk());
}

TEST_F(CheckoutAutomaticTaxTest, AutomaticRatesAreNotTheAccountsRates) {
  const Price price = NewPrice(2000, "usd", R"pb(tax_behavior: "exclusive")pb");
  absl::StatusOr<CheckoutSession> session = engine_.checkout_sessions().Create(TaxedParams(price));
  ASSERT_THAT(session, IsOk());
  ASSERT_THAT(Pay(session->id(), "pm_card_visa", kCalifornia), IsOk());
  const std::string rate_id = Get(session->id()).total_details().breakdown().taxes(0).rate().id();

  EXPECT_TRUE(engine_.tax_rates().List(TaxRateListParams())->data.empty());
  absl::StatusOr<TaxRate> retrieved = engine_.tax_rates().Retrieve(rate_id);
  ASSERT_THAT(retrieved, IsOk());
  EXPECT_EQ(retrieved->effective_percentage(), 7.25);
  EXPECT_THAT(engine_.tax_rates().Update(rate_id, TaxRateUpdateParams()),
              StripeErrorWithParam("invalid_request_error", "resource_missing", "id"));
  CheckoutSessionCreateParams manual = SessionParams(price);
  manual.mutable_line_items(0)->add_tax_rates(rate_id);
  EXPECT_THAT(engine_.checkout_sessions().Create(manual),
              StripeErrorWithParam("invalid_request_error", "resource_missing", "line_items[0][tax_rates][0]"));

  // A second session in the same place shares the rate.
  session = engine_.checkout_sessions().Create(TaxedParams(price));
  ASSERT_THAT(session, IsOk());
  ASSERT_THAT(Pay(session->id(), "pm_card_visa", kCalifornia), IsOk());
  EXPECT_EQ(Get(session->id()).total_details().breakdown().taxes(0).rate().id(), rate_id);
}

// An account whose default tax behavior is inclusive, collecting 10% everywhere in the US.
class CheckoutAutomaticTaxOptionsTest : public CheckoutAutomaticTaxTest {
 protected:
  static EngineOptions Options() {
    EngineOptions options;
    options.seed = 7;
    options.default_tax_behavior = "inclusive";
    options.automatic_tax_table = {{"US", "", 10, "sales_tax", "Sales Tax"}};
    return options;
  }
  CheckoutAutomaticTaxOptionsTest() : CheckoutAutomaticTaxTest(Options()) {}
};

TEST_F(CheckoutAutomaticTaxOptionsTest, DefaultBehaviorAndOwnTableApply) {
  const Price unspecified = NewPrice(1100);
  absl::StatusOr<CheckoutSession> session =
      engine_.checkout_sessions().Create(TaxedParams(unspecified));
  ASSERT_THAT(session, IsOk());
  ASSERT_THAT(Pay(session->id(), "pm_card_visa", kCalifornia), IsOk());
  const CheckoutSession paid = Get(session->id());
  EXPECT_EQ(paid.total_details().amount_tax(), 100);  // 1100 - 1100 / 1.1
  EXPECT_EQ(paid.amount_total(), 1100);
  EXPECT_EQ(paid.total_details().breakdown().taxes(0).rate().jurisdiction(), "US");
}

TEST_F(CheckoutAutomaticTaxTest, TaxedTotalIsWhatAdaptivePricingConverts) {
  const Price price = NewPrice(2000, "usd", R"pb(tax_behavior: "exclusive")pb");
  CheckoutSessionCreateParams params = TaxedParams(price);
  params.mutable_adaptive_pricing()->set_enabled(true);
  absl::StatusOr<CheckoutSession> session = engine_.checkout_sessions().Create(params);
  ASSERT_THAT(session, IsOk());
  ASSERT_THAT(Pay(session->id(), "pm_card_visa",
                  R"pb(country: "FR" billing_address { country: "FR" })pb"),
              IsOk());
  const CheckoutSession paid = Get(session->id());
  EXPECT_EQ(paid.total_details().amount_tax(), 400);  // French VAT, 20%
  EXPECT_EQ(paid.amount_total(), 2400);                // the merchant's (basil's shape)
  ASSERT_TRUE(paid.has_presentment_details());
  EXPECT_EQ(paid.presentment_details().presentment_currency(), "eur");
  const int64_t rate = *QuoteFxRate(DefaultExchangeRates(), "usd", "eur",
                                    FeePartsPerMillion(EngineOptions().adaptive_pricing_fee));
  EXPECT_EQ(paid.presentment_details().presentment_amount(),
            ConvertAmount(2400, "usd", "eur", rate));
  EXPECT_EQ(PaymentIntentOf(paid).amount(), 2400);
}

TEST(AutomaticTaxTable, LooksUpStateThenCountry) {
  const std::vector<AutomaticTaxRate>& table = DefaultAutomaticTaxTable();
  ASSERT_NE(AutomaticTaxRateFor(table, "us", "ca"), nullptr);
  EXPECT_EQ(AutomaticTaxRateFor(table, "us", "ca")->percentage, 7.25);
  EXPECT_EQ(AutomaticTaxRateFor(table, "US", "OR"), nullptr);
  EXPECT_EQ(AutomaticTaxRateFor(table, "US", ""), nullptr);
  EXPECT_EQ(AutomaticTaxRateFor(table, "CA", "ON")->percentage, 13);
  EXPECT_EQ(AutomaticTaxRateFor(table, "CA", "BC")->percentage, 5);
  EXPECT_EQ(AutomaticTaxRateFor(table, "FR", "")->tax_type, "vat");
  EXPECT_EQ(AutomaticTaxRateFor(table, "BR", ""), nullptr);
}


// Before 2022-08-01 the session's PaymentIntent is made with it, before the tax is known.
class CheckoutAutomaticTaxLegacyTest : public CheckoutAutomaticTaxTest {
 protected:
  static EngineOptions Options() {
    EngineOptions options;
    options.seed = 7;
    options.api_version = "2022-01-01";
    return options;
  }
  CheckoutAutomaticTaxLegacyTest() : CheckoutAutomaticTaxTest(Options()) {}
};

TEST_F(CheckoutAutomaticTaxLegacyTest, EarlyPaymentIntentAsksForTheTaxedTotal) {
  const Price price = NewPrice(2000, "usd", R"pb(tax_behavior: "exclusive")pb");
  absl::StatusOr<CheckoutSession> session = engine_.checkout_sessions().Create(TaxedParams(price));
  ASSERT_THAT(session, IsOk());
  ASSERT_TRUE(session->has_payment_intent());
  EXPECT_EQ(PaymentIntentOf(*session).amount(), 2000);
  ASSERT_THAT(Pay(session->id(), "pm_card_visa", kCalifornia), IsOk());
  const PaymentIntent pi = PaymentIntentOf(Get(session->id()));
  EXPECT_EQ(pi.amount(), 2145);
  EXPECT_EQ(pi.amount_received(), 2145);
  EXPECT_EQ(pi.status(), "succeeded");
}

TEST_F(CheckoutAutomaticTaxTest, PaymentLinkWithAutomaticTaxOpensTaxedSessions) {
  const Price unspecified = NewPrice(1000);
  EXPECT_THAT(engine_.payment_links().Create(ParseParams<PaymentLinkCreateParams>(absl::StrCat(
                  "line_items { price: \"", unspecified.id(),
                  "\" quantity: 1 } automatic_tax { enabled: true }"))),
              StripeErrorWithParam("invalid_request_error", "", "line_items[0][price]"));

  const Price price = NewPrice(1000, "usd", R"pb(tax_behavior: "exclusive")pb");
  absl::StatusOr<PaymentLink> link =
      engine_.payment_links().Create(ParseParams<PaymentLinkCreateParams>(absl::StrCat(
          "line_items { price: \"", price.id(), "\" quantity: 1 } automatic_tax { enabled: true }")));
  ASSERT_THAT(link, IsOk());
  absl::StatusOr<CheckoutSession> session = engine_.payment_links().Open(link->id());
  ASSERT_THAT(session, IsOk());
  EXPECT_EQ(session->automatic_tax().status(), "requires_location_inputs");
  ASSERT_THAT(Pay(session->id(), "pm_card_visa", kCalifornia), IsOk());
  EXPECT_EQ(Get(session->id()).amount_total(), 1073);  // 7.25% of 1000 = 72.5
}

}  // namespace
}  // namespace paysim
