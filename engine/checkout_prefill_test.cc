// The Checkout page's saved-card prefill (each of Stripe's conditions failing alone, which
// card, the 30-minute window one second either side) and the payment methods it offers.
#include <string>
#include <vector>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "engine/checkout_sessions_test_fixture.h"
#include "engine/json_render.h"
#include "testing/paysim_testing.h"

namespace paysim {
namespace checkout_sessions_test {
namespace {

// ======================= prefill =======================

class PrefillTest : public CheckoutTest {
 protected:
  CheckoutSession SessionFor(const std::string& customer, const std::string& mode = "payment",
                             const std::string& billing_address_collection = "") {
    CheckoutSessionCreateParams params =
        mode == "subscription" ? SubscriptionParams(customer) : PaymentParams();
    params.set_customer(customer);
    if (!billing_address_collection.empty()) {
      params.set_billing_address_collection(billing_address_collection);
    }
    return MustCreate(params);
  }

  std::string PrefilledCard(const CheckoutSession& s) {
    return View(s.id()).prefill().payment_method();
  }
};

TEST_F(PrefillTest, EveryConditionHolds) {
  const std::string customer = NewCustomer();
  const std::string card = SavedCard(customer);
  CheckoutPage page = View(SessionFor(customer).id());
  EXPECT_EQ(page.prefill().payment_method(), card);
  EXPECT_EQ(page.prefill().card_brand(), "visa");
  EXPECT_EQ(page.prefill().card_last4(), "4242");
  EXPECT_EQ(page.prefill().email(), "jenny@example.com");
  EXPECT_EQ(page.prefill().name(), "Jenny Rosen");
  EXPECT_EQ(page.prefill().billing_address().postal_code(), "94107");
}

TEST_F(PrefillTest, NeverInSetupMode) {
  const std::string customer = NewCustomer();
  SavedCard(customer);
  CheckoutSession s = MustCreate(SetupParams(customer));
  EXPECT_FALSE(View(s.id()).prefill().has_payment_method());
}

TEST_F(PrefillTest, NoSavedCardNoPrefill) {
  const std::string customer = NewCustomer();
  CheckoutPage page = View(SessionFor(customer).id());
  EXPECT_FALSE(page.prefill().has_payment_method());
  EXPECT_EQ(page.prefill().email(), "jenny@example.com");  // the customer's email still is
}

TEST_F(PrefillTest, AllowRedisplayMustBeShown) {
  for (const char* value : {"limited", "unspecified"}) {
    SCOPED_TRACE(value);
    const std::string customer = NewCustomer();
    const std::string card = SavedCard(customer, {}, value);
    EXPECT_EQ(PrefilledCard(SessionFor(customer)), "");
    // ...unless the session's filters show it.
    CheckoutSessionCreateParams params = PaymentParams();
    params.set_customer(customer);
    params.mutable_saved_payment_method_options()->add_allow_redisplay_filters("always");
    params.mutable_saved_payment_method_options()->add_allow_redisplay_filters(value);
    EXPECT_EQ(PrefilledCard(MustCreate(params)), card);
  }
}

TEST_F(PrefillTest, AutoCollectionNeedsEmailNameCountryAndPostalCodeWhereUsed) {
  struct Case {
    const char* name;
    Billing billing;
    bool prefilled;
  };
  Billing no_email;
  no_email.email = "";
  Billing no_name;
  no_name.name = "";
  Billing no_country;
  no_country.country = "";
  Billing us_no_postal;
  us_no_postal.postal_code = "";
  Billing gb_no_postal;
  gb_no_postal.country = "GB";
  gb_no_postal.postal_code = "";
  Billing ca_no_postal;
  ca_no_postal.country = "CA";
  ca_no_postal.postal_code = "";
  Billing de_no_postal;
  de_no_postal.country = "DE";
  de_no_postal.postal_code = "";
  Billing minimal;  // auto needs no street
  minimal.line1 = minimal.city = minimal.state = "";
  const Case cases[] = {{"complete", Billing(), true},  {"no email", no_email, false},
                        {"no name", no_name, false},     {"no country", no_country, false},
                        {"US, no postal code", us_no_postal, false},
                        {"GB, no postal code", gb_no_postal, false},
                        {"CA, no postal code", ca_no_postal, false},
                        {"DE, no postal code", de_no_postal, true},
                        {"country and postal code only", minimal, true}};
  for (const Case& c : cases) {
    SCOPED_TRACE(c.name);
    const std::string customer = NewCustomer("");
    const std::string card = SavedCard(customer, c.billing);
    EXPECT_EQ(PrefilledCard(SessionFor(customer)), c.prefilled ? card : "");
  }
}

TEST_F(PrefillTest, RequiredCollectionNeedsTheWholeAddress) {
  const std::string complete_customer = NewCustomer();
  const std::string card = SavedCard(complete_customer);
  EXPECT_EQ(PrefilledCard(SessionFor(complete_customer, "payment", "required")), card);
  for (const char* missing : {"line1", "city", "state", "postal_code"}) {
    SCOPED_TRACE(missing);
    Billing billing;
    if (std::string(missing) == "line1") billing.line1 = "";
    if (std::string(missing) == "city") billing.city = "";
    if (std::string(missing) == "state") billing.state = "";
    if (std::string(missing) == "postal_code") billing.postal_code = "";
    const std::string customer = NewCustomer();
    SavedCard(customer, billing);
    EXPECT_EQ(PrefilledCard(SessionFor(customer, "payment", "required")), "");
    if (std::string(missing) != "postal_code") {  // auto needs a US postal code too
      EXPECT_NE(PrefilledCard(SessionFor(customer, "payment", "auto")), "");
    }
  }
}

TEST_F(PrefillTest, WhichCard) {
  const std::string customer = NewCustomer();
  const std::string older = SavedCard(customer, {}, "always", "pm_card_mastercard");
  const std::string newer = SavedCard(customer);
  EXPECT_EQ(PrefilledCard(SessionFor(customer, "payment")), newer);
  // Subscription mode: the newest card, until the customer has a default payment method.
  EXPECT_EQ(PrefilledCard(SessionFor(customer, "subscription")), newer);
  CustomerUpdateParams update;
  update.mutable_invoice_settings()->set_default_payment_method(older);
  ASSERT_THAT(engine_.customers().Update(customer, update), IsOk());
  EXPECT_EQ(PrefilledCard(SessionFor(customer, "subscription")), older);
  EXPECT_EQ(PrefilledCard(SessionFor(customer, "payment")), newer);
  // The newest card is chosen first: one that may not be shown prevents the prefill.
  SavedCard(customer, {}, "limited");
  EXPECT_EQ(PrefilledCard(SessionFor(customer, "payment")), "");
}

TEST_F(PrefillTest, ThirtyMinuteWindowOneSecondEitherSide) {
  const std::string customer = NewCustomer();
  const std::string card = SavedCard(customer);
  CheckoutSession s = SessionFor(customer);
  clock_.SetTime(absl::FromUnixSeconds(kStart + 30 * 60 - 1));
  EXPECT_EQ(View(s.id()).prefill().payment_method(), card);
  clock_.SetTime(absl::FromUnixSeconds(kStart + 30 * 60));
  CheckoutPage late = View(s.id());
  EXPECT_FALSE(late.prefill().has_payment_method());
  EXPECT_FALSE(late.prefill().has_name());
  EXPECT_EQ(late.prefill().email(), "jenny@example.com");
  // The saved card can still be picked by hand.
  CheckoutPayParams pay;
  pay.set_payment_method(card);
  EXPECT_EQ(MustPay(s.id(), pay).status(), "complete");
}

TEST_F(PrefillTest, ShippingAddressFromAnAllowedCountry) {
  CustomerCreateParams params = ParseParams<CustomerCreateParams>(R"pb(
    email: "jenny@example.com"
    shipping { name: "Jenny" address { line1: "1 Main St" country: "US" } })pb");
  absl::StatusOr<Customer> customer = engine_.customers().Create(params);
  ASSERT_THAT(customer, IsOk());
  CheckoutSessionCreateParams session = PaymentParams();
  session.set_customer(customer->id());
  session.mutable_shipping_address_collection()->add_allowed_countries("US");
  CheckoutPage page = View(MustCreate(session).id());
  EXPECT_EQ(page.prefill().shipping_address().line1(), "1 Main St");
  EXPECT_EQ(page.prefill().shipping_name(), "Jenny");

  session.mutable_shipping_address_collection()->set_allowed_countries(0, "CA");
  EXPECT_FALSE(View(MustCreate(session).id()).prefill().has_shipping_address());
  session.clear_shipping_address_collection();
  EXPECT_FALSE(View(MustCreate(session).id()).prefill().has_shipping_address());
}

TEST_F(PrefillTest, PayingWithASavedCardTheSessionDoesNotShow) {
  const std::string customer = NewCustomer();
  const std::string hidden = SavedCard(customer, {}, "limited");
  const std::string other = SavedCard(NewCustomer(), {}, "always");
  CheckoutSession s = SessionFor(customer);
  CheckoutPayParams pay;
  pay.set_payment_method(hidden);
  EXPECT_THAT(engine_.checkout_page().Pay(s.id(), pay),
              StripeErrorWithParam("invalid_request_error", "", "payment_method"));
  pay.set_payment_method(other);
  EXPECT_THAT(engine_.checkout_page().Pay(s.id(), pay),
              StripeErrorWithParam("invalid_request_error", "", "payment_method"));
  EXPECT_EQ(MustRetrieve(s.id()).status(), "open");
}

// ======================= offered payment methods =======================

TEST_F(CheckoutTest, WalletsFollowTheSettings) {
  CheckoutSession s = MustCreate(PaymentParams());
  EXPECT_THAT(View(s.id()).payment_methods(), ElementsAre("card", "apple_pay"));
  CheckoutPayParams google = PayWith("pm_card_visa");
  google.set_wallet("google_pay");
  EXPECT_THAT(engine_.checkout_page().Pay(s.id(), google),
              StripeErrorWithParam("invalid_request_error", "", "wallet"));

  ASSERT_THAT(engine_.checkout_page().UpdatePaymentMethodSettings(
                  ParseParams<PaymentMethodSettingsParams>(R"pb(google_pay: "on")pb")),
              IsOk());
  EXPECT_THAT(View(s.id()).payment_methods(), ElementsAre("card", "apple_pay", "google_pay"));

  CheckoutSessionCreateParams taxed = PaymentParams();
  taxed.mutable_line_items(0)->clear_price();
  *taxed.mutable_line_items(0)->mutable_price_data() = ParseParams<CheckoutPriceDataParams>(
      R"pb(currency: "usd" unit_amount: 2000 product_data { name: "x" }
           tax_behavior: "exclusive")pb");
  taxed.mutable_automatic_tax()->set_enabled(true);
  CheckoutSession t = MustCreate(taxed);
  EXPECT_THAT(View(t.id()).payment_methods(), ElementsAre("card", "apple_pay"));
  taxed.mutable_shipping_address_collection()->add_allowed_countries("US");
  EXPECT_THAT(View(MustCreate(taxed).id()).payment_methods(),
              ElementsAre("card", "apple_pay", "google_pay"));

  ASSERT_THAT(engine_.checkout_page().UpdatePaymentMethodSettings(
                  ParseParams<PaymentMethodSettingsParams>(R"pb(apple_pay: "off")pb")),
              IsOk());
  EXPECT_THAT(View(s.id()).payment_methods(), ElementsAre("card", "google_pay"));
  EXPECT_EQ(MustPay(s.id(), google).status(), "complete");
  EXPECT_THAT(engine_.checkout_page().UpdatePaymentMethodSettings(
                  ParseParams<PaymentMethodSettingsParams>(R"pb(apple_pay: "maybe")pb")),
              StripeErrorWithParam("invalid_request_error", "", "apple_pay"));
}

TEST_F(CheckoutTest, BankAccountsByCurrencyAndSettings) {
  EXPECT_THAT(MustCreate(PaymentParams()).payment_method_types(), ElementsAre("card"));
  ASSERT_THAT(engine_.checkout_page().UpdatePaymentMethodSettings(
                  ParseParams<PaymentMethodSettingsParams>(R"pb(us_bank_account: "on")pb")),
              IsOk());
  CheckoutSession usd = MustCreate(PaymentParams());
  EXPECT_THAT(usd.payment_method_types(), ElementsAre("card", "us_bank_account"));
  EXPECT_THAT(View(usd.id()).payment_methods(),
              ElementsAre("card", "apple_pay", "us_bank_account"));
  CheckoutSessionCreateParams eur = PaymentParams();
  eur.mutable_line_items(0)->set_price(OneTimePrice(2000, "eur"));
  EXPECT_THAT(MustCreate(eur).payment_method_types(), ElementsAre("card"));
  eur.add_payment_method_types("us_bank_account");
  ExpectRejected(eur, "", "payment_method_types[0]");
  CheckoutSessionCreateParams setup = SetupParams();
  setup.set_currency("eur");
  setup.add_payment_method_types("us_bank_account");
  ExpectRejected(setup, "", "payment_method_types[0]");
}

}  // namespace
}  // namespace checkout_sessions_test
}  // namespace paysim
