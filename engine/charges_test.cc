// Behaviour tests of the Charges lifecycle: create (sources, customers, declines), validation,
// authorization holds and their expiry by API version, capture, pagination, idempotency,
// determinism and update.
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_replace.h"
#include "testing/paysim_testing.h"

namespace paysim {
namespace {

using ::paysim::testing::FakeClock;
using ::paysim::testing::HttpStatusIs;
using ::paysim::testing::IsOk;
using ::paysim::testing::IsOkAndHolds;
using ::paysim::testing::ParseParams;
using ::paysim::testing::StripeErrorIs;
using ::paysim::testing::StripeErrorWithParam;
using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::IsEmpty;
using ::testing::Not;
using ::testing::Property;
using ::testing::SizeIs;

constexpr int64_t kStart = 1767225600;  // FakeClock's default: 2026-01-01T00:00:00Z
constexpr int64_t kSevenDays = 7 * 24 * 3600;
constexpr absl::Duration kDay = absl::Hours(24);
constexpr char kPreBasil[] = "2024-06-20";

ChargeCreateParams ChargeParams(int64_t amount, const std::string& source, bool capture = true) {
  ChargeCreateParams params;
  params.set_amount(amount);
  params.set_currency("usd");
  params.set_source(source);
  if (!capture) params.set_capture(false);
  return params;
}

ChargeCaptureParams CaptureAmount(int64_t amount) {
  ChargeCaptureParams params;
  params.set_amount(amount);
  return params;
}

StripeError ErrorOf(const absl::Status& status) {
  absl::optional<StripeError> error = GetStripeError(status);
  EXPECT_TRUE(error.has_value()) << status;
  return error.value_or(StripeError());
}

// Every event, oldest first.
std::vector<Event> AllEvents(Engine& engine) {
  EventListParams params;
  params.set_limit(100);
  absl::StatusOr<ListResult<Event>> page = engine.events().List(params);
  EXPECT_THAT(page, IsOk());
  if (!page.ok()) return {};
  return std::vector<Event>(page->data.rbegin(), page->data.rend());
}

std::vector<std::string> EventTypes(Engine& engine) {
  std::vector<std::string> types;
  for (const Event& event : AllEvents(engine)) types.push_back(event.type());
  return types;
}

std::vector<Event> EventsOfType(Engine& engine, const std::string& type) {
  std::vector<Event> out;
  for (Event& event : AllEvents(engine)) {
    if (event.type() == type) out.push_back(std::move(event));
  }
  return out;
}

std::vector<Charge> AllCharges(Engine& engine) {
  ChargeListParams params;
  params.set_limit(100);
  absl::StatusOr<ListResult<Charge>> page = engine.charges().List(params);
  EXPECT_THAT(page, IsOk());
  return page.ok() ? page->data : std::vector<Charge>();
}

std::vector<Refund> RefundsOf(Engine& engine, const std::string& charge_id) {
  RefundListParams params;
  params.set_charge(charge_id);
  absl::StatusOr<ListResult<Refund>> page = engine.refunds().List(params);
  EXPECT_THAT(page, IsOk());
  return page.ok() ? page->data : std::vector<Refund>();
}

std::vector<std::string> Ids(const std::vector<Charge>& charges) {
  std::vector<std::string> ids;
  for (const Charge& charge : charges) ids.push_back(charge.id());
  return ids;
}

class ChargesTest : public ::testing::Test {
 protected:
  // Creates a charge that must succeed.
  Charge MustCreate(const ChargeCreateParams& params, const RequestOptions& options = {}) {
    absl::StatusOr<Charge> charge = engine_.charges().Create(params, options);
    EXPECT_THAT(charge, IsOk());
    return charge.value_or(Charge());
  }

  // A create rejected with an invalid_request_error that changes nothing.
  void ExpectCreateRejected(const ChargeCreateParams& params, const std::string& code,
                            const std::string& param, int http_status = 400) {
    const size_t events_before = engine_.events().size();
    absl::StatusOr<Charge> result = engine_.charges().Create(params);
    EXPECT_THAT(result, StripeErrorWithParam("invalid_request_error", code, param));
    EXPECT_THAT(result, HttpStatusIs(http_status));
    EXPECT_THAT(AllCharges(engine_), IsEmpty());
    EXPECT_EQ(engine_.events().size(), events_before);
  }

  FakeClock clock_;
  Engine engine_{{.clock = &clock_, .seed = 7}};
};

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

// ---- create: validation ----

TEST_F(ChargesTest, MissingAmountIsRejected) {
  ChargeCreateParams params = ChargeParams(1000, "tok_visa");
  params.clear_amount();
  ExpectCreateRejected(params, "parameter_missing", "amount");
}

TEST_F(ChargesTest, MissingCurrencyIsRejected) {
  ChargeCreateParams params = ChargeParams(1000, "tok_visa");
  params.clear_currency();
  ExpectCreateRejected(params, "parameter_missing", "currency");
}

TEST_F(ChargesTest, InvalidCurrencyIsRejected) {
  ChargeCreateParams params = ChargeParams(1000, "tok_visa");
  params.set_currency("xyz");
  ExpectCreateRejected(params, "", "currency");
  EXPECT_THAT(engine_.charges().Create(params).status().message(),
              HasSubstr("Invalid currency: xyz"));
}

TEST_F(ChargesTest, MissingSourceAndCustomerIsRejected) {
  ChargeCreateParams params = ChargeParams(1000, "tok_visa");
  params.clear_source();
  ExpectCreateRejected(params, "parameter_missing", "source");
}

TEST_F(ChargesTest, AmountBelowCurrencyMinimumIsRejected) {
  ExpectCreateRejected(ChargeParams(49, "tok_visa"), "amount_too_small", "amount");
  EXPECT_EQ(engine_.charges().Create(ChargeParams(49, "tok_visa")).status().message(),
            "Amount must be at least $0.50 usd");
  EXPECT_THAT(engine_.charges().Create(ChargeParams(50, "tok_visa")),
              IsOkAndHolds(Property(&Charge::amount, 50)));
}

TEST_F(ChargesTest, AmountMinimumFollowsTheCurrency) {
  ChargeCreateParams params = ChargeParams(1499, "tok_visa");
  params.set_currency("czk");
  ExpectCreateRejected(params, "amount_too_small", "amount");
  params.set_amount(1500);
  EXPECT_THAT(engine_.charges().Create(params), IsOk());
}

TEST_F(ChargesTest, AmountAboveEightDigitsIsRejected) {
  ExpectCreateRejected(ChargeParams(100000000, "tok_visa"), "amount_too_large", "amount");
  EXPECT_THAT(engine_.charges().Create(ChargeParams(99999999, "tok_visa")),
              IsOkAndHolds(Property(&Charge::amount, 99999999)));
}

TEST_F(ChargesTest, NegativeAmountIsRejected) {
  ExpectCreateRejected(ChargeParams(-100, "tok_visa"), "amount_too_small", "amount");
}

TEST_F(ChargesTest, MetadataWith51KeysIsRejected) {
  ChargeCreateParams params = ChargeParams(1000, "tok_visa");
  for (int i = 0; i < 51; ++i) (*params.mutable_metadata())[absl::StrCat("k", i)] = "v";
  ExpectCreateRejected(params, "", "metadata");
  params.mutable_metadata()->erase("k50");
  EXPECT_THAT(engine_.charges().Create(params),
              IsOkAndHolds(Property(&Charge::metadata, SizeIs(50))));
}

TEST_F(ChargesTest, MetadataKeyOf41CharactersIsRejected) {
  ChargeCreateParams params = ChargeParams(1000, "tok_visa");
  const std::string key(41, 'k');
  (*params.mutable_metadata())[key] = "v";
  ExpectCreateRejected(params, "", absl::StrCat("metadata[", key, "]"));
  params.mutable_metadata()->clear();
  (*params.mutable_metadata())[std::string(40, 'k')] = "v";
  EXPECT_THAT(engine_.charges().Create(params), IsOk());
}

TEST_F(ChargesTest, MetadataValueOf501CharactersIsRejected) {
  ChargeCreateParams params = ChargeParams(1000, "tok_visa");
  (*params.mutable_metadata())["note"] = std::string(501, 'v');
  ExpectCreateRejected(params, "", "metadata[note]");
  (*params.mutable_metadata())["note"] = std::string(500, 'v');
  EXPECT_THAT(engine_.charges().Create(params), IsOk());
}

TEST_F(ChargesTest, MetadataKeyWithSquareBracketIsRejected) {
  ChargeCreateParams params = ChargeParams(1000, "tok_visa");
  (*params.mutable_metadata())["order[id]"] = "42";
  ExpectCreateRejected(params, "", "metadata[order[id]]");
}

TEST_F(ChargesTest, MetadataIsStored) {
  ChargeCreateParams params = ChargeParams(1000, "tok_visa");
  (*params.mutable_metadata())["order_id"] = "42";
  Charge charge = MustCreate(params);
  EXPECT_EQ(charge.metadata().at("order_id"), "42");
}

TEST_F(ChargesTest, StatementDescriptorLengthIsFiveToTwentyTwo) {
  ChargeCreateParams params = ChargeParams(1000, "tok_visa");
  params.set_statement_descriptor("ABCD");
  ExpectCreateRejected(params, "", "statement_descriptor");
  params.set_statement_descriptor(std::string(23, 'A'));
  ExpectCreateRejected(params, "", "statement_descriptor");

  params.set_statement_descriptor("ABCDE");
  Charge five = MustCreate(params);
  EXPECT_EQ(five.statement_descriptor(), "ABCDE");
  params.set_statement_descriptor(std::string(22, 'A'));
  Charge twenty_two = MustCreate(params);
  EXPECT_EQ(twenty_two.statement_descriptor(), std::string(22, 'A'));
}

TEST_F(ChargesTest, StatementDescriptorNeedsALetter) {
  ChargeCreateParams params = ChargeParams(1000, "tok_visa");
  params.set_statement_descriptor("12345 678");
  ExpectCreateRejected(params, "", "statement_descriptor");
}

TEST_F(ChargesTest, StatementDescriptorForbiddenCharactersAreRejected) {
  for (const char* descriptor :
       {"SHOP<ONE", "SHOP>ONE", "SHOP\\ONE", "SHOP'ONE", "SHOP\"ONE", "SHOP*ONE"}) {
    SCOPED_TRACE(descriptor);
    ChargeCreateParams params = ChargeParams(1000, "tok_visa");
    params.set_statement_descriptor(descriptor);
    ExpectCreateRejected(params, "", "statement_descriptor");
  }
}

TEST_F(ChargesTest, StatementDescriptorSuffixFitsAfterThePrefix) {
  // "PAYSIM* " takes 8 of the 22 characters: the suffix may have 14.
  ChargeCreateParams params = ChargeParams(1000, "tok_visa");
  params.set_statement_descriptor_suffix(std::string(15, 'S'));
  ExpectCreateRejected(params, "", "statement_descriptor_suffix");
  EXPECT_THAT(engine_.charges().Create(params).status().message(), HasSubstr("PAYSIM"));

  params.set_statement_descriptor_suffix("order 12345678");
  Charge charge = MustCreate(params);
  EXPECT_EQ(charge.statement_descriptor_suffix(), "order 12345678");
  EXPECT_EQ(charge.calculated_statement_descriptor(), "PAYSIM* ORDER 12345678");
}

TEST_F(ChargesTest, StatementDescriptorSuffixNeedsALetter) {
  ChargeCreateParams params = ChargeParams(1000, "tok_visa");
  params.set_statement_descriptor_suffix("1234");
  ExpectCreateRejected(params, "", "statement_descriptor_suffix");
}

TEST_F(ChargesTest, CardChargeUsesStatementDescriptorAsSuffixWithinTwentyTwo) {
  ChargeCreateParams params = ChargeParams(1000, "tok_visa");
  params.set_statement_descriptor("Run Club");
  EXPECT_EQ(MustCreate(params).calculated_statement_descriptor(), "PAYSIM* RUN CLUB");

  params.set_statement_descriptor("Spring Marathon Entry");
  Charge long_one = MustCreate(params);
  EXPECT_EQ(long_one.calculated_statement_descriptor(), "PAYSIM* SPRING MARATHO");
  EXPECT_EQ(long_one.calculated_statement_descriptor().size(), 22u);
}

TEST_F(ChargesTest, BadReceiptEmailIsRejected) {
  ChargeCreateParams params = ChargeParams(1000, "tok_visa");
  params.set_receipt_email("not-an-email");
  ExpectCreateRejected(params, "email_invalid", "receipt_email");
  params.set_receipt_email("jenny@example.com");
  EXPECT_THAT(engine_.charges().Create(params),
              IsOkAndHolds(Property(&Charge::receipt_email, "jenny@example.com")));
}

TEST_F(ChargesTest, UnknownTokenIsRejected) {
  // An id given as a parameter is a 400 (404 is for the object the URL names).
  ExpectCreateRejected(ChargeParams(1000, "tok_doesnotexist"), "resource_missing", "source", 400);
  EXPECT_EQ(engine_.charges().Create(ChargeParams(1000, "tok_doesnotexist")).status().message(),
            "No such token: 'tok_doesnotexist'");
}

TEST_F(ChargesTest, UnknownSourceIsRejected) {
  ExpectCreateRejected(ChargeParams(1000, "src_doesnotexist"), "resource_missing", "source", 400);
  ExpectCreateRejected(ChargeParams(1000, "pm_card_doesnotexist"), "resource_missing", "source",
                       400);
  ExpectCreateRejected(ChargeParams(1000, "pm_doesnotexist"), "resource_missing", "source", 400);
}

TEST_F(ChargesTest, ShippingNeedsNameAddressAndLine1) {
  ChargeCreateParams params = ChargeParams(1000, "tok_visa");
  params.mutable_shipping()->set_name("Jenny Rosen");
  ExpectCreateRejected(params, "parameter_missing", "shipping[address]");
  params.mutable_shipping()->mutable_address()->set_city("Paris");
  ExpectCreateRejected(params, "parameter_missing", "shipping[address][line1]");
}

// ---- authorization holds ----

TEST_F(ChargesTest, UncapturedChargeHoldsForSevenDays) {
  Charge charge = MustCreate(ChargeParams(1000, "tok_visa", /*capture=*/false));
  EXPECT_EQ(charge.status(), "succeeded");
  EXPECT_TRUE(charge.paid());
  EXPECT_FALSE(charge.captured());
  EXPECT_EQ(charge.amount_captured(), 0);
  EXPECT_FALSE(charge.has_balance_transaction());
  EXPECT_EQ(charge.payment_method_details().card().capture_before(), kStart + kSevenDays);
  EXPECT_EQ(charge.payment_method_details().card().amount_authorized(), 1000);
  EXPECT_THAT(EventTypes(engine_), ElementsAre("charge.succeeded"));
  EXPECT_TRUE(engine_.balance().ListTransactions({})->data.empty());
}

TEST_F(ChargesTest, CaptureOneSecondBeforeSevenDaysSucceeds) {
  Charge charge = MustCreate(ChargeParams(1000, "tok_visa", /*capture=*/false));
  clock_.Advance(7 * kDay - absl::Seconds(1));

  absl::StatusOr<Charge> captured = engine_.charges().Capture(charge.id(), {});
  ASSERT_THAT(captured, IsOk());
  EXPECT_TRUE(captured->captured());
  EXPECT_EQ(captured->amount_captured(), 1000);
  EXPECT_TRUE(captured->has_balance_transaction());
  EXPECT_THAT(EventTypes(engine_), ElementsAre("charge.succeeded", "charge.captured"));

  // The expiry timer later finds the charge captured and does nothing.
  clock_.Advance(absl::Hours(1));
  EXPECT_THAT(engine_.charges().Retrieve(charge.id()),
              IsOkAndHolds(testing::ChargeIs("succeeded", true)));
  EXPECT_THAT(EventTypes(engine_), ElementsAre("charge.succeeded", "charge.captured"));
}

TEST_F(ChargesTest, CaptureAtExactlySevenDaysFailsAsExpired) {
  Charge charge = MustCreate(ChargeParams(1000, "tok_visa", /*capture=*/false));
  clock_.Advance(7 * kDay);

  absl::StatusOr<Charge> captured = engine_.charges().Capture(charge.id(), {});
  EXPECT_THAT(captured, StripeErrorIs("invalid_request_error", "charge_expired_for_capture"));
  EXPECT_THAT(captured, HttpStatusIs(400));
  std::vector<Event> expired = EventsOfType(engine_, "charge.expired");
  ASSERT_THAT(expired, SizeIs(1));
  EXPECT_EQ(expired[0].created(), kStart + kSevenDays);
  EXPECT_EQ(expired[0].data().object().charge().id(), charge.id());
  EXPECT_FALSE(expired[0].request().has_id());
  EXPECT_THAT(engine_.charges().Retrieve(charge.id()),
              IsOkAndHolds(testing::ChargeIs("succeeded", false)));
}

TEST_F(ChargesTest, CaptureAfterSevenDaysFailsAndExpiryKeepsItsOwnTime) {
  Charge charge = MustCreate(ChargeParams(1000, "tok_visa", /*capture=*/false));
  clock_.Advance(7 * kDay + absl::Seconds(1));

  EXPECT_THAT(engine_.charges().Capture(charge.id(), {}),
              StripeErrorIs("invalid_request_error", "charge_expired_for_capture"));
  std::vector<Event> expired = EventsOfType(engine_, "charge.expired");
  ASSERT_THAT(expired, SizeIs(1));
  EXPECT_EQ(expired[0].created(), kStart + kSevenDays);
}

TEST_F(ChargesTest, ExpiryFromBasilOnReleasesWithoutRefund) {
  Charge charge = MustCreate(ChargeParams(1000, "tok_visa", /*capture=*/false));
  clock_.Advance(8 * kDay);

  absl::StatusOr<Charge> after = engine_.charges().Retrieve(charge.id());
  ASSERT_THAT(after, IsOk());
  EXPECT_THAT(*after, testing::ChargeRefundedIs(false, 0));
  EXPECT_FALSE(after->captured());
  EXPECT_EQ(after->amount_captured(), 0);
  EXPECT_THAT(RefundsOf(engine_, charge.id()), IsEmpty());
  EXPECT_THAT(EventTypes(engine_), ElementsAre("charge.succeeded", "charge.expired"));
  EXPECT_THAT(engine_.refunds().Create(
                  ParseParams<RefundCreateParams>(absl::StrCat("charge: \"", charge.id(), "\""))),
              StripeErrorIs("invalid_request_error", "charge_already_refunded"));
}

TEST(ChargesPreBasilTest, ExpiryBeforeBasilRefundsTheHold) {
  FakeClock clock;
  Engine engine({.clock = &clock, .seed = 7, .api_version = kPreBasil});
  absl::StatusOr<Charge> charge = engine.charges().Create(ChargeParams(1000, "tok_visa", false));
  ASSERT_THAT(charge, IsOk());
  clock.Advance(7 * kDay);

  absl::StatusOr<Charge> after = engine.charges().Retrieve(charge->id());
  ASSERT_THAT(after, IsOk());
  EXPECT_THAT(*after, testing::ChargeRefundedIs(true, 1000));
  EXPECT_FALSE(after->captured());
  std::vector<Refund> refunds = RefundsOf(engine, charge->id());
  ASSERT_THAT(refunds, SizeIs(1));
  EXPECT_EQ(refunds[0].amount(), 1000);
  EXPECT_EQ(refunds[0].reason(), "expired_uncaptured_charge");
  EXPECT_EQ(refunds[0].status(), "succeeded");
  EXPECT_EQ(refunds[0].created(), kStart + kSevenDays);
  EXPECT_FALSE(refunds[0].has_balance_transaction());
  EXPECT_THAT(EventTypes(engine), ElementsAre("charge.succeeded", "charge.expired",
                                              "refund.created", "charge.refunded"));
  std::vector<Event> refunded = EventsOfType(engine, "charge.refunded");
  ASSERT_THAT(refunded, SizeIs(1));
  EXPECT_EQ(refunded[0].created(), kStart + kSevenDays);
  EXPECT_EQ(refunded[0].api_version(), kPreBasil);
  EXPECT_THAT(engine.charges().Capture(charge->id(), {}),
              StripeErrorIs("invalid_request_error", "charge_expired_for_capture"));
  EXPECT_TRUE(engine.balance().ListTransactions({})->data.empty());
}

TEST_F(ChargesTest, ExpiryFiresOnFireDueTimersWithoutAnApiCall) {
  std::vector<std::string> delivered;
  engine_.events().Subscribe({"charge.*"}, [&](const Event& e) { delivered.push_back(e.type()); });
  Charge charge = MustCreate(ChargeParams(1000, "tok_visa", /*capture=*/false));
  ASSERT_THAT(delivered, ElementsAre("charge.succeeded"));
  const size_t timers = engine_.pending_timers();

  clock_.Advance(7 * kDay);
  EXPECT_EQ(engine_.events().size(), 1u);  // nothing fires until asked
  engine_.FireDueTimers();

  EXPECT_THAT(delivered, ElementsAre("charge.succeeded", "charge.expired"));
  EXPECT_EQ(engine_.events().size(), 2u);
  EXPECT_EQ(engine_.pending_timers(), timers - 1);
}

TEST_F(ChargesTest, OnlyDueHoldsExpire) {
  Charge first = MustCreate(ChargeParams(1000, "tok_visa", /*capture=*/false));
  clock_.Advance(kDay);
  Charge second = MustCreate(ChargeParams(2000, "tok_visa", /*capture=*/false));
  clock_.Advance(6 * kDay);  // first at 7d, second at 6d

  EXPECT_THAT(engine_.charges().Capture(first.id(), {}),
              StripeErrorIs("invalid_request_error", "charge_expired_for_capture"));
  EXPECT_THAT(engine_.charges().Capture(second.id(), {}),
              IsOkAndHolds(testing::ChargeIs("succeeded", true)));
}

// ---- capture ----

TEST_F(ChargesTest, FullCapture) {
  Charge charge = MustCreate(ChargeParams(1000, "tok_visa", /*capture=*/false));
  clock_.Advance(absl::Hours(1));
  absl::StatusOr<Charge> captured = engine_.charges().Capture(charge.id(), {});
  ASSERT_THAT(captured, IsOk());
  EXPECT_THAT(*captured, testing::ChargeIs("succeeded", true));
  EXPECT_EQ(captured->amount_captured(), 1000);
  EXPECT_THAT(*captured, testing::ChargeRefundedIs(false, 0));

  absl::StatusOr<BalanceTransaction> txn =
      engine_.balance().RetrieveTransaction(captured->balance_transaction());
  ASSERT_THAT(txn, IsOk());
  EXPECT_EQ(txn->amount(), 1000);
  EXPECT_EQ(txn->source(), charge.id());
  EXPECT_EQ(txn->created(), kStart + 3600);

  std::vector<Event> events = EventsOfType(engine_, "charge.captured");
  ASSERT_THAT(events, SizeIs(1));
  EXPECT_TRUE(events[0].data().object().charge().captured());
  EXPECT_EQ(events[0].data().object().charge().amount_captured(), 1000);
}

TEST_F(ChargesTest, PartialCaptureFromBasilOnReleasesRemainderWithoutRefund) {
  Charge charge = MustCreate(ChargeParams(1000, "tok_visa", /*capture=*/false));
  absl::StatusOr<Charge> captured = engine_.charges().Capture(charge.id(), CaptureAmount(600));
  ASSERT_THAT(captured, IsOk());
  EXPECT_TRUE(captured->captured());
  EXPECT_EQ(captured->amount(), 1000);
  EXPECT_EQ(captured->amount_captured(), 600);
  EXPECT_THAT(*captured, testing::ChargeRefundedIs(false, 0));
  EXPECT_THAT(RefundsOf(engine_, charge.id()), IsEmpty());
  EXPECT_THAT(EventTypes(engine_), ElementsAre("charge.succeeded", "charge.captured"));

  absl::StatusOr<ListResult<BalanceTransaction>> txns = engine_.balance().ListTransactions({});
  ASSERT_THAT(txns, IsOk());
  ASSERT_THAT(txns->data, SizeIs(1));
  EXPECT_EQ(txns->data[0].amount(), 600);
  EXPECT_EQ(txns->data[0].id(), captured->balance_transaction());
}

TEST(ChargesPreBasilTest, PartialCaptureBeforeBasilRefundsRemainder) {
  FakeClock clock;
  Engine engine({.clock = &clock, .seed = 7, .api_version = kPreBasil});
  absl::StatusOr<Charge> charge = engine.charges().Create(ChargeParams(1000, "tok_visa", false));
  ASSERT_THAT(charge, IsOk());

  absl::StatusOr<Charge> captured = engine.charges().Capture(charge->id(), CaptureAmount(600));
  ASSERT_THAT(captured, IsOk());
  EXPECT_EQ(captured->amount_captured(), 600);
  EXPECT_THAT(*captured, testing::ChargeRefundedIs(false, 400));
  std::vector<Refund> refunds = RefundsOf(engine, charge->id());
  ASSERT_THAT(refunds, SizeIs(1));
  EXPECT_EQ(refunds[0].amount(), 400);
  EXPECT_EQ(refunds[0].status(), "succeeded");
  EXPECT_FALSE(refunds[0].has_reason());
  EXPECT_FALSE(refunds[0].has_balance_transaction());
  EXPECT_THAT(EventTypes(engine), ElementsAre("charge.succeeded", "charge.captured",
                                              "refund.created", "charge.refunded"));

  absl::StatusOr<ListResult<BalanceTransaction>> txns = engine.balance().ListTransactions({});
  ASSERT_THAT(txns, IsOk());
  ASSERT_THAT(txns->data, SizeIs(1));
  EXPECT_EQ(txns->data[0].amount(), 600);
}

TEST_F(ChargesTest, PartialCapturePinnedBeforeBasilRefundsRemainder) {
  Charge charge = MustCreate(ChargeParams(1000, "tok_visa", /*capture=*/false));
  RequestOptions options;
  options.api_version = kPreBasil;

  absl::StatusOr<Charge> captured =
      engine_.charges().Capture(charge.id(), CaptureAmount(600), options);
  ASSERT_THAT(captured, IsOk());
  EXPECT_EQ(captured->amount_captured(), 600);
  EXPECT_THAT(*captured, testing::ChargeRefundedIs(false, 400));
  std::vector<Refund> refunds = RefundsOf(engine_, charge.id());
  ASSERT_THAT(refunds, SizeIs(1));
  EXPECT_EQ(refunds[0].amount(), 400);

  // A later request on the account's version reads the same stored state.
  EXPECT_THAT(engine_.charges().Retrieve(charge.id()),
              IsOkAndHolds(testing::ChargeRefundedIs(false, 400)));
}

TEST_F(ChargesTest, FullCaptureBeforeBasilCreatesNoRefund) {
  Charge charge = MustCreate(ChargeParams(1000, "tok_visa", /*capture=*/false));
  RequestOptions options;
  options.api_version = kPreBasil;
  EXPECT_THAT(engine_.charges().Capture(charge.id(), {}, options),
              IsOkAndHolds(testing::ChargeRefundedIs(false, 0)));
  EXPECT_THAT(RefundsOf(engine_, charge.id()), IsEmpty());
}

TEST_F(ChargesTest, InvalidApiVersionIsRejected) {
  Charge charge = MustCreate(ChargeParams(1000, "tok_visa", /*capture=*/false));
  RequestOptions options;
  options.api_version = "2099-01-01";
  EXPECT_THAT(engine_.charges().Capture(charge.id(), {}, options),
              StripeErrorWithParam("invalid_request_error", "", "Stripe-Version"));
  EXPECT_THAT(engine_.charges().Retrieve(charge.id()),
              IsOkAndHolds(testing::ChargeIs("succeeded", false)));
}

TEST_F(ChargesTest, SecondCaptureIsRejected) {
  Charge charge = MustCreate(ChargeParams(1000, "tok_visa", /*capture=*/false));
  ASSERT_THAT(engine_.charges().Capture(charge.id(), {}), IsOk());
  absl::StatusOr<Charge> again = engine_.charges().Capture(charge.id(), {});
  EXPECT_THAT(again, StripeErrorIs("invalid_request_error", "charge_already_captured"));
  EXPECT_THAT(again, HttpStatusIs(400));
  EXPECT_THAT(EventsOfType(engine_, "charge.captured"), SizeIs(1));
}

TEST_F(ChargesTest, CaptureOfACapturedChargeIsRejected) {
  Charge charge = MustCreate(ChargeParams(1000, "tok_visa"));
  EXPECT_THAT(engine_.charges().Capture(charge.id(), {}),
              StripeErrorIs("invalid_request_error", "charge_already_captured"));
}

TEST_F(ChargesTest, CaptureMoreThanTheAmountIsRejected) {
  Charge charge = MustCreate(ChargeParams(1000, "tok_visa", /*capture=*/false));
  const size_t events_before = engine_.events().size();
  absl::StatusOr<Charge> result = engine_.charges().Capture(charge.id(), CaptureAmount(1001));
  EXPECT_THAT(result, StripeErrorWithParam("invalid_request_error", "amount_too_large", "amount"));
  EXPECT_THAT(result, HttpStatusIs(400));
  EXPECT_EQ(engine_.events().size(), events_before);
  EXPECT_THAT(engine_.charges().Retrieve(charge.id()),
              IsOkAndHolds(testing::ChargeIs("succeeded", false)));
  EXPECT_THAT(engine_.charges().Capture(charge.id(), CaptureAmount(1000)), IsOk());
}

TEST_F(ChargesTest, CaptureOfAFailedChargeIsRejected) {
  absl::StatusOr<Charge> declined =
      engine_.charges().Create(ChargeParams(1000, "tok_chargeDeclined", /*capture=*/false));
  const std::string id = ErrorOf(declined.status()).charge();
  absl::StatusOr<Charge> result = engine_.charges().Capture(id, {});
  EXPECT_THAT(result, StripeErrorIs("invalid_request_error", "capture_unauthorized_payment"));
  EXPECT_THAT(result, HttpStatusIs(400));
  EXPECT_THAT(engine_.charges().Retrieve(id), IsOkAndHolds(testing::ChargeIs("failed", false)));
}

TEST_F(ChargesTest, CaptureAfterRefundingTheHoldIsRejected) {
  Charge charge = MustCreate(ChargeParams(1000, "tok_visa", /*capture=*/false));
  ASSERT_THAT(engine_.refunds().Create(
                  ParseParams<RefundCreateParams>(absl::StrCat("charge: \"", charge.id(), "\""))),
              IsOk());
  absl::StatusOr<Charge> result = engine_.charges().Capture(charge.id(), {});
  EXPECT_THAT(result, StripeErrorIs("invalid_request_error", "charge_already_refunded"));
  EXPECT_THAT(result, HttpStatusIs(400));
}

TEST_F(ChargesTest, CaptureOfUnknownChargeIsNotFound) {
  absl::StatusOr<Charge> result = engine_.charges().Capture("ch_doesnotexist", {});
  EXPECT_THAT(result, StripeErrorWithParam("invalid_request_error", "resource_missing", "id"));
  EXPECT_THAT(result, HttpStatusIs(404));
}

TEST_F(ChargesTest, CaptureCanSetDescriptorSuffixAndReceiptEmail) {
  Charge charge = MustCreate(ChargeParams(1000, "tok_visa", /*capture=*/false));
  ChargeCaptureParams params;
  params.set_statement_descriptor_suffix("Ticket 7");
  params.set_receipt_email("jenny@example.com");
  absl::StatusOr<Charge> captured = engine_.charges().Capture(charge.id(), params);
  ASSERT_THAT(captured, IsOk());
  EXPECT_EQ(captured->calculated_statement_descriptor(), "PAYSIM* TICKET 7");
  EXPECT_EQ(captured->receipt_email(), "jenny@example.com");

  Charge other = MustCreate(ChargeParams(1000, "tok_visa", /*capture=*/false));
  ChargeCaptureParams bad;
  bad.set_statement_descriptor_suffix(std::string(15, 'S'));
  EXPECT_THAT(engine_.charges().Capture(other.id(), bad),
              StripeErrorWithParam("invalid_request_error", "", "statement_descriptor_suffix"));
  EXPECT_THAT(engine_.charges().Retrieve(other.id()),
              IsOkAndHolds(testing::ChargeIs("succeeded", false)));
}

// ---- list pagination ----

class ChargeListTest : public ChargesTest {
 protected:
  void SetUp() override {
    for (int i = 0; i < 15; ++i) ids_.push_back(MustCreate(ChargeParams(100 + i, "tok_visa")).id());
  }
  absl::StatusOr<ListResult<Charge>> List(const std::string& text) {
    return engine_.charges().List(ParseParams<ChargeListParams>(text));
  }
  std::vector<std::string> ids_;  // oldest first
};

TEST_F(ChargeListTest, DefaultLimitIsTenNewestFirst) {
  absl::StatusOr<ListResult<Charge>> page = List("");
  ASSERT_THAT(page, IsOk());
  EXPECT_TRUE(page->has_more);
  EXPECT_EQ(page->url, "/v1/charges");
  EXPECT_THAT(Ids(page->data), ElementsAre(ids_[14], ids_[13], ids_[12], ids_[11], ids_[10],
                                           ids_[9], ids_[8], ids_[7], ids_[6], ids_[5]));
}

TEST_F(ChargeListTest, StartingAfterGivesTheNextPage) {
  absl::StatusOr<ListResult<Charge>> page = List(absl::StrCat("starting_after: \"", ids_[5], "\""));
  ASSERT_THAT(page, IsOk());
  EXPECT_FALSE(page->has_more);
  EXPECT_THAT(Ids(page->data), ElementsAre(ids_[4], ids_[3], ids_[2], ids_[1], ids_[0]));

  page = List(absl::StrCat("limit: 2 starting_after: \"", ids_[10], "\""));
  ASSERT_THAT(page, IsOk());
  EXPECT_TRUE(page->has_more);
  EXPECT_THAT(Ids(page->data), ElementsAre(ids_[9], ids_[8]));

  page = List(absl::StrCat("starting_after: \"", ids_[0], "\""));
  ASSERT_THAT(page, IsOk());
  EXPECT_FALSE(page->has_more);
  EXPECT_THAT(page->data, IsEmpty());
}

TEST_F(ChargeListTest, EndingBeforeGivesThePreviousPage) {
  absl::StatusOr<ListResult<Charge>> page =
      List(absl::StrCat("limit: 3 ending_before: \"", ids_[4], "\""));
  ASSERT_THAT(page, IsOk());
  EXPECT_TRUE(page->has_more);
  EXPECT_THAT(Ids(page->data), ElementsAre(ids_[7], ids_[6], ids_[5]));

  page = List(absl::StrCat("ending_before: \"", ids_[4], "\""));
  ASSERT_THAT(page, IsOk());
  EXPECT_FALSE(page->has_more);
  EXPECT_THAT(page->data, SizeIs(10));
  EXPECT_EQ(page->data.front().id(), ids_[14]);
  EXPECT_EQ(page->data.back().id(), ids_[5]);

  page = List(absl::StrCat("ending_before: \"", ids_[14], "\""));
  ASSERT_THAT(page, IsOk());
  EXPECT_FALSE(page->has_more);
  EXPECT_THAT(page->data, IsEmpty());
}

TEST_F(ChargeListTest, LimitMustBeOneToHundred) {
  for (const char* text : {"limit: 0", "limit: 101", "limit: -1"}) {
    SCOPED_TRACE(text);
    absl::StatusOr<ListResult<Charge>> page = List(text);
    EXPECT_THAT(page, StripeErrorWithParam("invalid_request_error", "", "limit"));
    EXPECT_THAT(page, HttpStatusIs(400));
  }
  absl::StatusOr<ListResult<Charge>> one = List("limit: 1");
  ASSERT_THAT(one, IsOk());
  EXPECT_THAT(Ids(one->data), ElementsAre(ids_[14]));
  absl::StatusOr<ListResult<Charge>> hundred = List("limit: 100");
  ASSERT_THAT(hundred, IsOk());
  EXPECT_THAT(hundred->data, SizeIs(15));
  EXPECT_FALSE(hundred->has_more);
}

TEST_F(ChargeListTest, BothCursorsAreExclusive) {
  absl::StatusOr<ListResult<Charge>> page =
      List(absl::StrCat("starting_after: \"", ids_[5], "\" ending_before: \"", ids_[9], "\""));
  EXPECT_THAT(page, StripeErrorIs("invalid_request_error", "parameters_exclusive"));
  EXPECT_THAT(page, HttpStatusIs(400));
}

TEST_F(ChargeListTest, UnknownCursorIsResourceMissing) {
  absl::StatusOr<ListResult<Charge>> page = List("starting_after: \"ch_nope\"");
  EXPECT_THAT(page,
              StripeErrorWithParam("invalid_request_error", "resource_missing", "starting_after"));
  EXPECT_THAT(page, HttpStatusIs(400));
  EXPECT_THAT(page.status().message(), HasSubstr("ch_nope"));

  page = List("ending_before: \"ch_nope\"");
  EXPECT_THAT(page,
              StripeErrorWithParam("invalid_request_error", "resource_missing", "ending_before"));
  EXPECT_THAT(page, HttpStatusIs(400));
}

TEST_F(ChargeListTest, FailedChargesAreListedToo) {
  absl::StatusOr<Charge> declined =
      engine_.charges().Create(ChargeParams(100, "tok_chargeDeclined"));
  absl::StatusOr<ListResult<Charge>> page = List("limit: 1");
  ASSERT_THAT(page, IsOk());
  EXPECT_THAT(Ids(page->data), ElementsAre(ErrorOf(declined.status()).charge()));
}

// ---- idempotency ----

TEST_F(ChargesTest, SameKeySameParamsReplaysTheCharge) {
  bool replayed = false;
  RequestOptions options;
  options.idempotency_key = "order-42";
  options.idempotent_replayed = &replayed;
  Charge first = MustCreate(ChargeParams(1000, "tok_visa"), options);
  EXPECT_FALSE(replayed);

  clock_.Advance(absl::Minutes(5));
  absl::StatusOr<Charge> second = engine_.charges().Create(ChargeParams(1000, "tok_visa"), options);
  ASSERT_THAT(second, IsOk());
  EXPECT_TRUE(replayed);
  EXPECT_EQ(second->SerializeAsString(), first.SerializeAsString());
  EXPECT_THAT(AllCharges(engine_), SizeIs(1));
  std::vector<Event> succeeded = EventsOfType(engine_, "charge.succeeded");
  ASSERT_THAT(succeeded, SizeIs(1));
  EXPECT_EQ(succeeded[0].request().idempotency_key(), "order-42");
  EXPECT_THAT(succeeded[0].request().id(), HasSubstr("req_"));
}

TEST_F(ChargesTest, SameKeyOtherParamsIsAnIdempotencyError) {
  RequestOptions options;
  options.idempotency_key = "order-42";
  MustCreate(ChargeParams(1000, "tok_visa"), options);
  const size_t events_before = engine_.events().size();

  absl::StatusOr<Charge> other = engine_.charges().Create(ChargeParams(2000, "tok_visa"), options);
  EXPECT_THAT(other, StripeErrorIs("idempotency_error", ""));
  EXPECT_THAT(other, HttpStatusIs(400));
  EXPECT_THAT(other.status().message(), HasSubstr("'order-42'"));
  EXPECT_THAT(AllCharges(engine_), SizeIs(1));
  EXPECT_EQ(engine_.events().size(), events_before);
}

TEST_F(ChargesTest, DeclinedChargeWithKeyReplaysThe402) {
  bool replayed = false;
  RequestOptions options;
  options.idempotency_key = "declined-1";
  options.idempotent_replayed = &replayed;
  absl::StatusOr<Charge> first =
      engine_.charges().Create(ChargeParams(1000, "tok_chargeDeclined"), options);
  EXPECT_FALSE(replayed);
  absl::StatusOr<Charge> second =
      engine_.charges().Create(ChargeParams(1000, "tok_chargeDeclined"), options);
  EXPECT_TRUE(replayed);

  EXPECT_THAT(second, StripeErrorIs("card_error", "card_declined", "generic_decline"));
  EXPECT_THAT(second, HttpStatusIs(402));
  EXPECT_EQ(ErrorOf(second.status()).charge(), ErrorOf(first.status()).charge());
  EXPECT_THAT(AllCharges(engine_), SizeIs(1));
  EXPECT_THAT(EventsOfType(engine_, "charge.failed"), SizeIs(1));
}

TEST_F(ChargesTest, ValidationErrorIsNotSavedForTheKey) {
  RequestOptions options;
  options.idempotency_key = "retry-me";
  EXPECT_THAT(engine_.charges().Create(ChargeParams(10, "tok_visa"), options),
              StripeErrorIs("invalid_request_error", "amount_too_small"));
  EXPECT_THAT(engine_.charges().Create(ChargeParams(1000, "tok_visa"), options), IsOk());
}

TEST_F(ChargesTest, IdempotencyKeyIsForgottenAfter24Hours) {
  RequestOptions options;
  options.idempotency_key = "daily";
  Charge first = MustCreate(ChargeParams(1000, "tok_visa"), options);

  clock_.Advance(kDay - absl::Seconds(1));
  absl::StatusOr<Charge> replay = engine_.charges().Create(ChargeParams(1000, "tok_visa"), options);
  ASSERT_THAT(replay, IsOk());
  EXPECT_EQ(replay->id(), first.id());

  clock_.Advance(absl::Seconds(1));
  absl::StatusOr<Charge> fresh = engine_.charges().Create(ChargeParams(1000, "tok_visa"), options);
  ASSERT_THAT(fresh, IsOk());
  EXPECT_NE(fresh->id(), first.id());
  EXPECT_EQ(fresh->created(), kStart + 24 * 3600);
  EXPECT_THAT(AllCharges(engine_), SizeIs(2));
  EXPECT_THAT(EventsOfType(engine_, "charge.succeeded"), SizeIs(2));
}

TEST_F(ChargesTest, IdempotencyKeyLongerThan255IsRejected) {
  RequestOptions options;
  options.idempotency_key = std::string(256, 'k');
  EXPECT_THAT(engine_.charges().Create(ChargeParams(1000, "tok_visa"), options),
              StripeErrorWithParam("invalid_request_error", "", "Idempotency-Key"));
  EXPECT_THAT(AllCharges(engine_), IsEmpty());
}

// Every POST takes a key, not only creates: a retried capture replays the captured charge
// instead of answering charge_already_captured.
TEST_F(ChargesTest, SameKeyReplaysACapture) {
  Charge hold = MustCreate(ChargeParams(1000, "tok_visa", /*capture=*/false));
  bool replayed = false;
  RequestOptions options;
  options.idempotency_key = "capture-7";
  options.idempotent_replayed = &replayed;
  ChargeCaptureParams params;
  params.set_amount(600);
  absl::StatusOr<Charge> first = engine_.charges().Capture(hold.id(), params, options);
  ASSERT_THAT(first, IsOk());
  EXPECT_FALSE(replayed);
  const size_t events_before = engine_.events().size();

  absl::StatusOr<Charge> retry = engine_.charges().Capture(hold.id(), params, options);
  ASSERT_THAT(retry, IsOk());
  EXPECT_TRUE(replayed);
  EXPECT_EQ(retry->SerializeAsString(), first->SerializeAsString());
  EXPECT_EQ(engine_.events().size(), events_before);

  // Without the key the second capture is refused, as before.
  EXPECT_THAT(engine_.charges().Capture(hold.id(), params),
              StripeErrorIs("invalid_request_error", "charge_already_captured"));
  // The key with other params, or on another endpoint, is an idempotency error.
  params.set_amount(700);
  EXPECT_THAT(engine_.charges().Capture(hold.id(), params, options),
              StripeErrorIs("idempotency_error", ""));
  EXPECT_THAT(engine_.charges().Create(ChargeParams(1000, "tok_visa"), options),
              StripeErrorIs("idempotency_error", ""));
  EXPECT_EQ(engine_.events().size(), events_before);
}

TEST_F(ChargesTest, SameKeyOnAnotherChargeIsAnIdempotencyError) {
  Charge a = MustCreate(ChargeParams(1000, "tok_visa", /*capture=*/false));
  Charge b = MustCreate(ChargeParams(1000, "tok_visa", /*capture=*/false));
  RequestOptions options;
  options.idempotency_key = "capture-a";
  ASSERT_THAT(engine_.charges().Capture(a.id(), {}, options), IsOk());
  EXPECT_THAT(engine_.charges().Capture(b.id(), {}, options),
              StripeErrorIs("idempotency_error", ""));
  absl::StatusOr<Charge> b_now = engine_.charges().Retrieve(b.id());
  ASSERT_THAT(b_now, IsOk());
  EXPECT_FALSE(b_now->captured());
}

// ---- determinism ----

// A little of everything, returning every charge (serialized) and every event id.
std::vector<std::string> RunScenario(uint64_t seed) {
  FakeClock clock;
  Engine engine({.clock = &clock, .seed = seed});
  std::vector<std::string> out;
  absl::StatusOr<Charge> captured = engine.charges().Create(ChargeParams(1000, "tok_visa"));
  absl::StatusOr<Charge> held = engine.charges().Create(ChargeParams(2000, "pm_card_visa", false));
  absl::StatusOr<Charge> declined =
      engine.charges().Create(ChargeParams(3000, "tok_chargeDeclinedInsufficientFunds"));
  absl::StatusOr<Charge> blocked = engine.charges().Create(ChargeParams(3000, "tok_radarBlock"));
  clock.Advance(absl::Hours(1));
  engine.charges().Capture(held->id(), CaptureAmount(1500)).IgnoreError();
  engine.refunds()
      .Create(ParseParams<RefundCreateParams>(
          absl::StrCat("amount: 300 charge: \"", captured->id(), "\"")))
      .IgnoreError();
  engine.charges().Create(ChargeParams(700, "tok_visa", false)).IgnoreError();
  clock.Advance(8 * kDay);
  for (const Charge& charge : AllCharges(engine)) out.push_back(charge.SerializeAsString());
  for (const Event& event : AllEvents(engine)) out.push_back(event.id());
  return out;
}

TEST(ChargesDeterminismTest, SameSeedSameChargesAndEvents) {
  std::vector<std::string> first = RunScenario(42);
  std::vector<std::string> second = RunScenario(42);
  ASSERT_THAT(first, SizeIs(::testing::Gt(5u)));
  EXPECT_EQ(first, second);
}

TEST(ChargesDeterminismTest, DifferentSeedsDiffer) {
  std::vector<std::string> first = RunScenario(42);
  std::vector<std::string> second = RunScenario(43);
  ASSERT_EQ(first.size(), second.size());
  for (size_t i = 0; i < first.size(); ++i) EXPECT_NE(first[i], second[i]) << i;
}

// ---- update ----

TEST_F(ChargesTest, UpdateChangesDescriptionAndMetadataWithPreviousAttributes) {
  ChargeCreateParams params = ChargeParams(1000, "tok_visa");
  params.set_description("first");
  (*params.mutable_metadata())["a"] = "1";
  (*params.mutable_metadata())["b"] = "2";
  Charge charge = MustCreate(params);
  clock_.Advance(absl::Minutes(1));

  ChargeUpdateParams update;
  update.set_description("second");
  (*update.mutable_metadata())["a"] = "";   // removes a
  (*update.mutable_metadata())["c"] = "3";  // adds c
  absl::StatusOr<Charge> updated = engine_.charges().Update(charge.id(), update);
  ASSERT_THAT(updated, IsOk());
  EXPECT_EQ(updated->description(), "second");
  EXPECT_THAT(updated->metadata(), SizeIs(2));
  EXPECT_EQ(updated->metadata().at("b"), "2");
  EXPECT_EQ(updated->metadata().at("c"), "3");
  EXPECT_EQ(updated->metadata().count("a"), 0u);

  std::vector<Event> events = EventsOfType(engine_, "charge.updated");
  ASSERT_THAT(events, SizeIs(1));
  EXPECT_EQ(events[0].created(), kStart + 60);
  EXPECT_EQ(events[0].data().object().charge().description(), "second");
  // The former values: description, metadata.a (removed) and metadata.c (new, so null).
  const std::string& previous = events[0].data().previous_attributes();
  EXPECT_THAT(previous, HasSubstr(R"("description":"first")"));
  EXPECT_THAT(previous, HasSubstr(R"("a":"1")"));
  EXPECT_THAT(previous, HasSubstr(R"("c":null)"));
  EXPECT_THAT(previous, Not(HasSubstr(R"("b")")));
  EXPECT_THAT(previous, Not(HasSubstr("second")));
  EXPECT_THAT(engine_.charges().Retrieve(charge.id()),
              IsOkAndHolds(Property(&Charge::description, "second")));
}

TEST_F(ChargesTest, UpdateWithoutChangesEmitsNothing) {
  ChargeCreateParams params = ChargeParams(1000, "tok_visa");
  params.set_description("same");
  Charge charge = MustCreate(params);
  ChargeUpdateParams update;
  update.set_description("same");
  EXPECT_THAT(engine_.charges().Update(charge.id(), update), IsOk());
  EXPECT_THAT(EventsOfType(engine_, "charge.updated"), IsEmpty());
}

TEST_F(ChargesTest, UpdateWithBadMetadataChangesNothing) {
  Charge charge = MustCreate(ChargeParams(1000, "tok_visa"));
  ChargeUpdateParams update;
  update.set_description("changed");
  (*update.mutable_metadata())[std::string(41, 'k')] = "v";
  EXPECT_THAT(engine_.charges().Update(charge.id(), update),
              StripeErrorIs("invalid_request_error", ""));
  EXPECT_THAT(engine_.charges().Retrieve(charge.id()),
              IsOkAndHolds(Property(&Charge::has_description, false)));
  EXPECT_THAT(EventsOfType(engine_, "charge.updated"), IsEmpty());
}

TEST_F(ChargesTest, RetrieveUnknownChargeIsNotFound) {
  absl::StatusOr<Charge> result = engine_.charges().Retrieve("ch_missing");
  EXPECT_THAT(result, StripeErrorWithParam("invalid_request_error", "resource_missing", "id"));
  EXPECT_THAT(result, HttpStatusIs(404));
  EXPECT_EQ(result.status().message(), "No such charge: 'ch_missing'");
}

}  // namespace
}  // namespace paysim
