// Behaviour tests of the Charges lifecycle, creation: payment sources (tokens, test names,
// customers' default cards and payment methods) and every decline of the test cards. The other
// parts: charges_validation_test, charges_capture_test, charges_list_test.
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_replace.h"
#include "engine/charges_test_fixture.h"
#include "testing/paysim_testing.h"

namespace paysim {
namespace charges_test {
namespace {

// ---- create: payment sources ----

TEST_F(ChargesTest, TokVisaChargeSucceedsCaptured) {
  ChargeCreateParams params = ChargeParams(1000, "tok_visa");
  params.set_description("Order 42");
  Charge charge = MustCreate(params);

  EXPECT_THAT(charge.id(), HasSubstr("ch_"));
  EXPECT_EQ(charge.id().size(), 3u + 24u);
  EXPECT_EQ(charge.object(), "charge");
  EXPECT_EQ(charge.amount(), 1000);
  EXPECT_EQ(charge.currency(), "usd");
  EXPECT_EQ(charge.created(), kStart);
  EXPECT_EQ(charge.status(), "succeeded");
  EXPECT_TRUE(charge.paid());
  EXPECT_TRUE(charge.captured());
  EXPECT_EQ(charge.amount_captured(), 1000);
  EXPECT_EQ(charge.amount_refunded(), 0);
  EXPECT_FALSE(charge.refunded());
  EXPECT_FALSE(charge.livemode());
  EXPECT_EQ(charge.description(), "Order 42");
  EXPECT_FALSE(charge.has_failure_code());
  EXPECT_TRUE(charge.has_balance_transaction());
  EXPECT_THAT(charge.balance_transaction(), HasSubstr("txn_"));
  EXPECT_EQ(charge.calculated_statement_descriptor(), "PAYSIM TEST");

  EXPECT_EQ(charge.outcome().type(), "authorized");
  EXPECT_EQ(charge.outcome().network_status(), "approved_by_network");
  EXPECT_EQ(charge.outcome().risk_level(), "normal");
  EXPECT_EQ(charge.outcome().seller_message(), "Payment complete.");
  EXPECT_FALSE(charge.outcome().has_reason());

  const PaymentMethodDetails& details = charge.payment_method_details();
  EXPECT_EQ(details.type(), "card");
  EXPECT_EQ(details.card().brand(), "visa");
  EXPECT_EQ(details.card().last4(), "4242");
  EXPECT_EQ(details.card().exp_month(), 1);
  EXPECT_EQ(details.card().exp_year(), 2029);
  EXPECT_EQ(details.card().funding(), "credit");
  EXPECT_EQ(details.card().country(), "US");
  EXPECT_EQ(details.card().network(), "visa");
  EXPECT_EQ(details.card().amount_authorized(), 1000);
  EXPECT_EQ(details.card().checks().cvc_check(), "pass");
  EXPECT_FALSE(details.card().has_capture_before());

  const Card& source = charge.source();
  EXPECT_THAT(source.id(), HasSubstr("card_"));
  EXPECT_EQ(source.object(), "card");
  EXPECT_EQ(source.brand(), "Visa");
  EXPECT_EQ(source.last4(), "4242");
  EXPECT_EQ(source.exp_month(), 1);
  EXPECT_EQ(source.exp_year(), 2029);
  EXPECT_EQ(source.cvc_check(), "pass");
  EXPECT_EQ(charge.payment_method(), source.id());

  EXPECT_THAT(engine_.charges().Retrieve(charge.id()),
              IsOkAndHolds(Property(&Charge::SerializeAsString, charge.SerializeAsString())));
  std::vector<Event> events = AllEvents(engine_);
  ASSERT_THAT(events, SizeIs(1));
  EXPECT_EQ(events[0].type(), "charge.succeeded");
  EXPECT_EQ(events[0].data().object().charge().id(), charge.id());
  EXPECT_EQ(events[0].created(), kStart);
}

TEST_F(ChargesTest, EachUseOfATestTokenNameMintsANewCard) {
  Charge first = MustCreate(ChargeParams(1000, "tok_visa"));
  Charge second = MustCreate(ChargeParams(1000, "tok_visa"));
  EXPECT_NE(first.source().id(), second.source().id());
  EXPECT_EQ(first.source().fingerprint(), second.source().fingerprint());
}

TEST_F(ChargesTest, PmCardVisaMintsAPaymentMethod) {
  Charge charge = MustCreate(ChargeParams(1000, "pm_card_visa"));

  EXPECT_EQ(charge.status(), "succeeded");
  EXPECT_TRUE(charge.captured());
  EXPECT_FALSE(charge.has_source());
  EXPECT_THAT(charge.payment_method(), HasSubstr("pm_"));
  EXPECT_NE(charge.payment_method(), "pm_card_visa");
  EXPECT_EQ(charge.payment_method_details().card().brand(), "visa");
  EXPECT_EQ(charge.payment_method_details().card().last4(), "4242");
  absl::StatusOr<PaymentMethod> pm = engine_.payment_methods().Retrieve(charge.payment_method());
  ASSERT_THAT(pm, IsOk());
  EXPECT_EQ(pm->card().last4(), "4242");
  EXPECT_FALSE(pm->has_customer());
}

TEST_F(ChargesTest, CreatedTokenIsUsedUpByTheCharge) {
  TokenCreateParams token_params = ParseParams<TokenCreateParams>(
      R"pb(card { number: "4242424242424242" exp_month: 12 exp_year: 2030 cvc: "123" })pb");
  absl::StatusOr<Token> token = engine_.tokens().Create(token_params);
  ASSERT_THAT(token, IsOk());

  Charge charge = MustCreate(ChargeParams(1000, token->id()));
  EXPECT_EQ(charge.source().id(), token->card().id());
  EXPECT_EQ(charge.source().exp_month(), 12);
  EXPECT_EQ(charge.source().exp_year(), 2030);
  EXPECT_EQ(charge.payment_method_details().card().exp_year(), 2030);
  EXPECT_THAT(engine_.tokens().Retrieve(token->id()), IsOkAndHolds(Property(&Token::used, true)));
}

TEST_F(ChargesTest, CardHolderNameAndAddressBecomeBillingDetails) {
  absl::StatusOr<Token> token = engine_.tokens().Create(ParseParams<TokenCreateParams>(
      R"pb(card {
             number: "4242424242424242"
             exp_month: 12
             exp_year: 2030
             name: "Jenny Rosen"
             address_line1: "1 Main St"
             address_zip: "94107"
             address_country: "US"
           })pb"));
  ASSERT_THAT(token, IsOk());
  Charge charge = MustCreate(ChargeParams(1000, token->id()));
  EXPECT_EQ(charge.billing_details().name(), "Jenny Rosen");
  EXPECT_EQ(charge.billing_details().address().line1(), "1 Main St");
  EXPECT_EQ(charge.billing_details().address().postal_code(), "94107");
  EXPECT_EQ(charge.billing_details().address().country(), "US");
  EXPECT_FALSE(charge.billing_details().address().has_city());
  EXPECT_FALSE(charge.billing_details().has_email());

  Charge plain = MustCreate(ChargeParams(1000, "tok_visa"));
  EXPECT_TRUE(plain.billing_details().has_address());
  EXPECT_FALSE(plain.billing_details().has_name());
  EXPECT_FALSE(plain.billing_details().address().has_postal_code());
}

TEST_F(ChargesTest, TokenCannotBeUsedTwice) {
  absl::StatusOr<Token> token = engine_.tokens().Create(ParseParams<TokenCreateParams>(
      R"pb(card { number: "4242424242424242" exp_month: 12 exp_year: 2030 })pb"));
  ASSERT_THAT(token, IsOk());
  MustCreate(ChargeParams(1000, token->id()));
  const size_t events_before = engine_.events().size();

  absl::StatusOr<Charge> again = engine_.charges().Create(ChargeParams(1000, token->id()));
  EXPECT_THAT(again, StripeErrorWithParam("invalid_request_error", "token_already_used", "source"));
  EXPECT_THAT(again, HttpStatusIs(400));
  EXPECT_THAT(ErrorOf(again.status()).message(), HasSubstr(token->id()));
  EXPECT_THAT(AllCharges(engine_), SizeIs(1));
  EXPECT_EQ(engine_.events().size(), events_before);
}

TEST_F(ChargesTest, CustomerDefaultSourcePays) {
  absl::StatusOr<Customer> customer =
      engine_.customers().Create(ParseParams<CustomerCreateParams>(R"pb(source: "tok_visa")pb"));
  ASSERT_THAT(customer, IsOk());
  ASSERT_THAT(customer->default_source(), HasSubstr("card_"));

  ChargeCreateParams params;
  params.set_amount(2000);
  params.set_currency("usd");
  params.set_customer(customer->id());
  Charge charge = MustCreate(params);

  EXPECT_EQ(charge.status(), "succeeded");
  EXPECT_EQ(charge.customer(), customer->id());
  EXPECT_EQ(charge.source().id(), customer->default_source());
  EXPECT_EQ(charge.source().customer(), customer->id());
  EXPECT_EQ(charge.payment_method(), customer->default_source());
  EXPECT_EQ(charge.payment_method_details().card().last4(), "4242");

  ChargeListParams by_customer;
  by_customer.set_customer(customer->id());
  EXPECT_THAT(engine_.charges().List(by_customer),
              IsOkAndHolds(::testing::Field(&ListResult<Charge>::data, SizeIs(1))));
}

TEST_F(ChargesTest, CustomerSavedCardCanBeNamedAsSource) {
  absl::StatusOr<Customer> customer = engine_.customers().Create(
      ParseParams<CustomerCreateParams>(R"pb(source: "tok_mastercard")pb"));
  ASSERT_THAT(customer, IsOk());
  ChargeCreateParams params = ChargeParams(1500, customer->default_source());
  params.set_customer(customer->id());
  Charge charge = MustCreate(params);
  EXPECT_EQ(charge.source().id(), customer->default_source());
  EXPECT_EQ(charge.payment_method_details().card().brand(), "mastercard");
}

TEST_F(ChargesTest, CustomerDefaultPaymentMethodPays) {
  absl::StatusOr<Customer> customer = engine_.customers().Create(ParseParams<CustomerCreateParams>(
      R"pb(payment_method: "pm_card_visa"
           invoice_settings { default_payment_method: "pm_card_visa" })pb"));
  ASSERT_THAT(customer, IsOk());
  const std::string pm = customer->invoice_settings().default_payment_method();
  ASSERT_THAT(pm, HasSubstr("pm_"));

  ChargeCreateParams params;
  params.set_amount(2000);
  params.set_currency("usd");
  params.set_customer(customer->id());
  Charge charge = MustCreate(params);

  EXPECT_EQ(charge.status(), "succeeded");
  EXPECT_EQ(charge.customer(), customer->id());
  EXPECT_EQ(charge.payment_method(), pm);
  EXPECT_FALSE(charge.has_source());
  EXPECT_EQ(charge.payment_method_details().card().last4(), "4242");
}

TEST_F(ChargesTest, CustomerWithoutCardIsRejected) {
  absl::StatusOr<Customer> customer = engine_.customers().Create({});
  ASSERT_THAT(customer, IsOk());
  ChargeCreateParams params;
  params.set_amount(2000);
  params.set_currency("usd");
  params.set_customer(customer->id());
  ExpectCreateRejected(params, "missing", "card");
}

TEST_F(ChargesTest, CustomerWithTestTokenSourceIsRejected) {
  absl::StatusOr<Customer> customer = engine_.customers().Create({});
  ASSERT_THAT(customer, IsOk());
  ChargeCreateParams params = ChargeParams(2000, "tok_visa");
  params.set_customer(customer->id());
  const size_t events_before = engine_.events().size();

  absl::StatusOr<Charge> result = engine_.charges().Create(params);
  EXPECT_THAT(result, StripeErrorWithParam("invalid_request_error", "", "source"));
  EXPECT_THAT(result, HttpStatusIs(400));
  EXPECT_EQ(ErrorOf(result.status()).message(),
            absl::StrCat("Customer ", customer->id(),
                         " does not have a linked source with ID tok_visa."));
  EXPECT_THAT(AllCharges(engine_), IsEmpty());
  EXPECT_EQ(engine_.events().size(), events_before);
}

TEST_F(ChargesTest, UnknownCustomerIsRejected) {
  ChargeCreateParams params;
  params.set_amount(2000);
  params.set_currency("usd");
  params.set_customer("cus_doesnotexist");
  ExpectCreateRejected(params, "resource_missing", "customer", 400);
}

// ---- create: declines ----

struct DeclineCase {
  std::string source;
  std::string code;
  std::string decline_code;
  std::string param;  // "" when none
  std::string message;
  std::string outcome_type;
  std::string network_status;
  std::string outcome_reason;
};

void PrintTo(const DeclineCase& c, std::ostream* os) { *os << c.source; }

class DeclineTest : public ChargesTest, public ::testing::WithParamInterface<DeclineCase> {};

TEST_P(DeclineTest, DeclinedChargeIsKeptAsFailedAndAnswers402) {
  const DeclineCase& c = GetParam();
  absl::StatusOr<Charge> result = engine_.charges().Create(ChargeParams(1000, c.source));

  EXPECT_THAT(result, StripeErrorIs("card_error", c.code, c.decline_code));
  EXPECT_THAT(result, HttpStatusIs(402));
  EXPECT_THAT(result, ::paysim::testing::StatusIs(absl::StatusCode::kFailedPrecondition));
  const StripeError error = ErrorOf(result.status());
  EXPECT_EQ(error.param(), c.param);
  EXPECT_EQ(error.message(), c.message);
  EXPECT_EQ(error.doc_url(), absl::StrCat("https://stripe.com/docs/error-codes/",
                                          absl::StrReplaceAll(c.code, {{"_", "-"}})));
  ASSERT_THAT(error.charge(), HasSubstr("ch_"));

  absl::StatusOr<Charge> stored = engine_.charges().Retrieve(error.charge());
  ASSERT_THAT(stored, IsOk());
  EXPECT_EQ(stored->status(), "failed");
  EXPECT_FALSE(stored->paid());
  EXPECT_FALSE(stored->captured());
  EXPECT_EQ(stored->amount(), 1000);
  EXPECT_EQ(stored->amount_captured(), 0);
  EXPECT_FALSE(stored->has_balance_transaction());
  EXPECT_EQ(stored->failure_code(), c.code);
  EXPECT_EQ(stored->failure_message(), c.message);
  EXPECT_EQ(stored->outcome().type(), c.outcome_type);
  EXPECT_EQ(stored->outcome().network_status(), c.network_status);
  EXPECT_EQ(stored->outcome().reason(), c.outcome_reason);
  EXPECT_THAT(AllCharges(engine_), SizeIs(1));

  std::vector<Event> events = AllEvents(engine_);
  ASSERT_THAT(events, SizeIs(1));
  EXPECT_EQ(events[0].type(), "charge.failed");
  EXPECT_EQ(events[0].data().object().charge().id(), error.charge());
  EXPECT_EQ(events[0].data().object().charge().status(), "failed");
  EXPECT_TRUE(engine_.balance().ListTransactions({})->data.empty());
}

constexpr char kDeclined[] = "Your card was declined.";
constexpr char kIssuer[] = "issuer_declined";
constexpr char kByNetwork[] = "declined_by_network";

// An issuer decline: the outcome's reason repeats the decline code.
DeclineCase Issuer(const char* source, const char* code, const char* decline_code,
                   const char* param, const char* message) {
  return {source, code, decline_code, param, message, kIssuer, kByNetwork, decline_code};
}

// A Radar block.
DeclineCase Blocked(const char* source) {
  return {source,    "card_declined", "fraudulent",          "",
          kDeclined, "blocked",       "not_sent_to_network", "highest_risk_level"};
}

INSTANTIATE_TEST_SUITE_P(
    Cards, DeclineTest,
    ::testing::Values(
        Issuer("tok_chargeDeclined", "card_declined", "generic_decline", "", kDeclined),
        Issuer("pm_card_visa_chargeDeclined", "card_declined", "generic_decline", "", kDeclined),
        Issuer("tok_chargeDeclinedInsufficientFunds", "card_declined", "insufficient_funds", "",
               "Your card has insufficient funds."),
        Issuer("tok_visa_chargeDeclinedLostCard", "card_declined", "lost_card", "", kDeclined),
        Issuer("tok_visa_chargeDeclinedStolenCard", "card_declined", "stolen_card", "", kDeclined),
        Issuer("tok_chargeDeclinedExpiredCard", "expired_card", "expired_card", "exp_month",
               "Your card has expired."),
        Issuer("tok_chargeDeclinedIncorrectCvc", "incorrect_cvc", "incorrect_cvc", "cvc",
               "Your card's security code is incorrect."),
        Issuer("tok_chargeDeclinedProcessingError", "processing_error", "processing_error", "",
               "An error occurred while processing your card. Try again in a little bit."),
        Blocked("tok_radarBlock"), Blocked("pm_card_chargeDeclinedFraudulent")),
    [](const ::testing::TestParamInfo<DeclineCase>& info) { return info.param.source; });

TEST_F(ChargesTest, DeclineCarriesAdviceAndNetworkCodes) {
  absl::StatusOr<Charge> result =
      engine_.charges().Create(ChargeParams(1000, "tok_chargeDeclinedInsufficientFunds"));
  const StripeError error = ErrorOf(result.status());
  EXPECT_EQ(error.advice_code(), "try_again_later");
  EXPECT_EQ(error.network_advice_code(), "02");
  EXPECT_EQ(error.network_decline_code(), "51");
  absl::StatusOr<Charge> stored = engine_.charges().Retrieve(error.charge());
  ASSERT_THAT(stored, IsOk());
  EXPECT_EQ(stored->outcome().advice_code(), "try_again_later");
  EXPECT_EQ(stored->outcome().network_decline_code(), "51");
}

TEST_F(ChargesTest, RadarBlockHasHighestRisk) {
  absl::StatusOr<Charge> result = engine_.charges().Create(ChargeParams(1000, "tok_radarBlock"));
  absl::StatusOr<Charge> stored = engine_.charges().Retrieve(ErrorOf(result.status()).charge());
  ASSERT_THAT(stored, IsOk());
  EXPECT_EQ(stored->outcome().risk_level(), "highest");
  EXPECT_GE(stored->outcome().risk_score(), 75);
  EXPECT_LE(stored->outcome().risk_score(), 99);
  EXPECT_EQ(stored->outcome().reason(), "highest_risk_level");
}

TEST_F(ChargesTest, ChargeCustomerFailAttachesThenDeclines) {
  absl::StatusOr<Customer> customer = engine_.customers().Create(ParseParams<CustomerCreateParams>(
      R"pb(payment_method: "pm_card_chargeCustomerFail"
           invoice_settings { default_payment_method: "pm_card_chargeCustomerFail" })pb"));
  ASSERT_THAT(customer, IsOk());
  const std::string pm = customer->invoice_settings().default_payment_method();

  ChargeCreateParams params;
  params.set_amount(1000);
  params.set_currency("usd");
  params.set_customer(customer->id());
  absl::StatusOr<Charge> result = engine_.charges().Create(params);

  EXPECT_THAT(result, StripeErrorIs("card_error", "card_declined", "generic_decline"));
  EXPECT_THAT(result, HttpStatusIs(402));
  absl::StatusOr<Charge> stored = engine_.charges().Retrieve(ErrorOf(result.status()).charge());
  ASSERT_THAT(stored, IsOk());
  EXPECT_EQ(stored->status(), "failed");
  EXPECT_EQ(stored->customer(), customer->id());
  EXPECT_EQ(stored->payment_method(), pm);
  EXPECT_EQ(stored->outcome().type(), "issuer_declined");
  EXPECT_THAT(EventsOfType(engine_, "charge.failed"), SizeIs(1));
}

TEST_F(ChargesTest, ChargeCustomerFailTokenOnCustomerDeclines) {
  absl::StatusOr<Customer> customer = engine_.customers().Create(
      ParseParams<CustomerCreateParams>(R"pb(source: "tok_chargeCustomerFail")pb"));
  ASSERT_THAT(customer, IsOk());
  ChargeCreateParams params;
  params.set_amount(1000);
  params.set_currency("usd");
  params.set_customer(customer->id());
  EXPECT_THAT(engine_.charges().Create(params),
              StripeErrorIs("card_error", "card_declined", "generic_decline"));
}

}  // namespace
}  // namespace charges_test
}  // namespace paysim
