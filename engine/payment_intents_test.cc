// Behaviour tests of the PaymentIntents lifecycle, creation: the create and its validation,
// confirmation, declines and recovery. The other parts: payment_intents_authentication_test
// (3D Secure, off-session, setup_future_usage), payment_intents_capture_test (manual
// capture, the 7-day hold, cancel, illegal transitions), payment_intents_update_test (update,
// list, idempotency, JSON, determinism).
#include <string>
#include <vector>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "engine/json_render.h"
#include "engine/payment_intents_test_fixture.h"
#include "testing/paysim_testing.h"

namespace paysim {
namespace payment_intents_test {
namespace {

// ---- create ----

TEST_F(PaymentIntentsTest, CreateWithoutPaymentMethodRequiresOne) {
  PaymentIntentCreateParams params = PiParams(1000);
  params.set_description("Order 7");
  (*params.mutable_metadata())["order"] = "7";
  PaymentIntent pi = MustCreate(params);

  EXPECT_THAT(pi.id(), StartsWith("pi_"));
  EXPECT_EQ(pi.id().size(), 3u + 24u);
  EXPECT_EQ(pi.object(), "payment_intent");
  EXPECT_THAT(pi.client_secret(), StartsWith(pi.id() + "_secret_"));
  EXPECT_EQ(pi.client_secret().size(), pi.id().size() + 8u + 24u);
  EXPECT_EQ(pi.status(), "requires_payment_method");
  EXPECT_EQ(pi.amount(), 1000);
  EXPECT_EQ(pi.amount_capturable(), 0);
  EXPECT_EQ(pi.amount_received(), 0);
  EXPECT_EQ(pi.currency(), "usd");
  EXPECT_EQ(pi.capture_method(), "automatic_async");
  EXPECT_EQ(pi.confirmation_method(), "automatic");
  EXPECT_EQ(pi.created(), kStart);
  EXPECT_THAT(pi.payment_method_types(), ElementsAre("card"));
  EXPECT_FALSE(pi.livemode());
  EXPECT_EQ(pi.description(), "Order 7");
  EXPECT_EQ(pi.metadata().at("order"), "7");
  EXPECT_FALSE(pi.has_payment_method());
  EXPECT_FALSE(pi.has_latest_charge());
  EXPECT_FALSE(pi.has_last_payment_error());
  EXPECT_FALSE(pi.has_next_action());
  EXPECT_FALSE(pi.has_canceled_at());
  EXPECT_FALSE(pi.has_cancellation_reason());
  EXPECT_THAT(engine_.payment_intents().Retrieve(pi.id()),
              IsOkAndHolds(Property(&PaymentIntent::SerializeAsString, pi.SerializeAsString())));

  std::vector<Event> events = AllEvents(engine_);
  ASSERT_THAT(events, SizeIs(1));
  EXPECT_EQ(events[0].type(), "payment_intent.created");
  EXPECT_EQ(events[0].data().object().payment_intent().id(), pi.id());
  EXPECT_TRUE(events[0].request().has_id());
}

TEST_F(PaymentIntentsTest, DefaultCaptureMethodFollowsTheApiVersion) {
  RequestOptions since;
  since.api_version = "2024-04-10";
  EXPECT_EQ(MustCreate(PiParams(1000), since).capture_method(), "automatic_async");
  RequestOptions before;
  before.api_version = "2024-04-09";
  EXPECT_EQ(MustCreate(PiParams(1000), before).capture_method(), "automatic");
  before.api_version = "2023-10-16";
  EXPECT_EQ(MustCreate(PiParams(1000), before).capture_method(), "automatic");
  EXPECT_EQ(MustCreate(PiParams(1000, "", "automatic"), since).capture_method(), "automatic");
  EXPECT_EQ(MustCreate(PiParams(1000, "", "manual"), before).capture_method(), "manual");
}

TEST_F(PaymentIntentsTest, PmCardNameMintsAPaymentMethodAndRequiresConfirmation) {
  PaymentIntent pi = MustCreate(PiParams(1000, "pm_card_visa"));

  EXPECT_EQ(pi.status(), "requires_confirmation");
  EXPECT_THAT(pi.payment_method(), StartsWith("pm_"));
  EXPECT_FALSE(absl::StartsWith(pi.payment_method(), "pm_card_"));
  PaymentMethod pm = MustRetrievePm(pi.payment_method());
  EXPECT_EQ(pm.card().last4(), "4242");
  EXPECT_FALSE(pm.has_customer());
  EXPECT_THAT(AllCharges(engine_), IsEmpty());
  EXPECT_THAT(EventTypes(engine_), ElementsAre("payment_intent.created"));
}

TEST_F(PaymentIntentsTest, CreateAndConfirmSucceeds) {
  PaymentIntent pi = MustCreate(PiParams(2000, "pm_card_mastercard", "", /*confirm=*/true));

  EXPECT_EQ(pi.status(), "succeeded");
  EXPECT_EQ(pi.amount_received(), 2000);
  EXPECT_EQ(pi.amount_capturable(), 0);
  ASSERT_TRUE(pi.has_latest_charge());
  EXPECT_FALSE(pi.has_next_action());
  EXPECT_FALSE(pi.has_last_payment_error());

  Charge charge = MustRetrieveCharge(pi.latest_charge());
  EXPECT_EQ(charge.status(), "succeeded");
  EXPECT_TRUE(charge.captured());
  EXPECT_TRUE(charge.paid());
  EXPECT_EQ(charge.amount(), 2000);
  EXPECT_EQ(charge.amount_captured(), 2000);
  EXPECT_EQ(charge.payment_intent(), pi.id());
  EXPECT_EQ(charge.payment_method(), pi.payment_method());
  EXPECT_EQ(charge.payment_method_details().card().brand(), "mastercard");
  EXPECT_FALSE(charge.payment_method_details().card().has_three_d_secure());
  EXPECT_TRUE(charge.has_balance_transaction());
  EXPECT_FALSE(charge.has_source());

  std::vector<Event> events = AllEvents(engine_);
  ASSERT_THAT(events, SizeIs(3));
  EXPECT_EQ(events[0].type(), "payment_intent.created");
  EXPECT_EQ(events[0].data().object().payment_intent().status(), "requires_confirmation");
  EXPECT_EQ(events[1].type(), "charge.succeeded");
  EXPECT_EQ(events[1].data().object().charge().id(), charge.id());
  EXPECT_EQ(events[2].type(), "payment_intent.succeeded");
  EXPECT_EQ(events[2].data().object().payment_intent().status(), "succeeded");
  // One API call: one request id on all three.
  EXPECT_EQ(events[0].request().id(), events[2].request().id());
}

TEST_F(PaymentIntentsTest, CreateThenConfirmSucceeds) {
  PaymentIntent created = MustCreate(PiParams(1000, "pm_card_visa"));
  absl::StatusOr<PaymentIntent> confirmed =
      engine_.payment_intents().Confirm(created.id(), ConfirmWith());
  ASSERT_THAT(confirmed, IsOk());
  EXPECT_EQ(confirmed->status(), "succeeded");
  EXPECT_EQ(confirmed->payment_method(), created.payment_method());
  EXPECT_EQ(confirmed->amount_received(), 1000);
  EXPECT_THAT(EventTypes(engine_), ElementsAre("payment_intent.created", "charge.succeeded",
                                               "payment_intent.succeeded"));
}

TEST_F(PaymentIntentsTest, ConfirmCanGiveThePaymentMethod) {
  PaymentIntent created = InRequiresPaymentMethod();
  absl::StatusOr<PaymentIntent> confirmed =
      engine_.payment_intents().Confirm(created.id(), ConfirmWith("pm_card_amex"));
  ASSERT_THAT(confirmed, IsOk());
  EXPECT_EQ(confirmed->status(), "succeeded");
  EXPECT_EQ(MustRetrievePm(confirmed->payment_method()).card().brand(), "amex");
}

TEST_F(PaymentIntentsTest, CurrencyIsStoredLowercase) {
  PaymentIntentCreateParams params = PiParams(1000);
  params.set_currency("EUR");
  EXPECT_EQ(MustCreate(params).currency(), "eur");
}

// ---- create: validation ----

TEST_F(PaymentIntentsTest, MissingAmountIsRejected) {
  PaymentIntentCreateParams params = PiParams(1000);
  params.clear_amount();
  ExpectCreateRejected(params, "parameter_missing", "amount");
}

TEST_F(PaymentIntentsTest, MissingCurrencyIsRejected) {
  PaymentIntentCreateParams params = PiParams(1000);
  params.clear_currency();
  ExpectCreateRejected(params, "parameter_missing", "currency");
}

TEST_F(PaymentIntentsTest, InvalidCurrencyIsRejected) {
  PaymentIntentCreateParams params = PiParams(1000);
  params.set_currency("xyz");
  ExpectCreateRejected(params, "", "currency");
}

TEST_F(PaymentIntentsTest, AmountOutsideTheLimitsIsRejected) {
  ExpectCreateRejected(PiParams(49), "amount_too_small", "amount");
  ExpectCreateRejected(PiParams(0), "amount_too_small", "amount");
  ExpectCreateRejected(PiParams(-5), "amount_too_small", "amount");
  ExpectCreateRejected(PiParams(100000000), "amount_too_large", "amount");
  EXPECT_THAT(engine_.payment_intents().Create(PiParams(50)), IsOk());
}

TEST_F(PaymentIntentsTest, BadMetadataIsRejected) {
  PaymentIntentCreateParams params = PiParams(1000);
  for (int i = 0; i < 51; ++i) (*params.mutable_metadata())[absl::StrCat("k", i)] = "v";
  ExpectCreateRejected(params, "", "metadata");
  PaymentIntentCreateParams long_key = PiParams(1000);
  (*long_key.mutable_metadata())[std::string(41, 'k')] = "v";
  ExpectCreateRejected(long_key, "", absl::StrCat("metadata[", std::string(41, 'k'), "]"));
}

TEST_F(PaymentIntentsTest, StatementDescriptorIsRefusedForCards) {
  PaymentIntentCreateParams params = PiParams(1000);
  params.set_statement_descriptor("MY SHOP");
  ExpectCreateRejected(params, "", "statement_descriptor");
  absl::StatusOr<PaymentIntent> result = engine_.payment_intents().Create(params);
  EXPECT_THAT(ErrorOf(result.status()).message(), HasSubstr("statement_descriptor_suffix"));
}

TEST_F(PaymentIntentsTest, ABankDebitTakesAFullStatementDescriptor) {
  PaymentIntentCreateParams params = PiParams(1000);
  params.add_payment_method_types("us_bank_account");
  params.set_statement_descriptor("<MY SHOP>");  // checked as a charge's
  ExpectCreateRejected(params, "", "statement_descriptor");
  params.set_statement_descriptor("MY SHOP");
  EXPECT_EQ(MustCreate(params).statement_descriptor(), "MY SHOP");
}

TEST_F(PaymentIntentsTest, TransferGroupGoesToTheCharge) {
  PaymentIntentCreateParams params = PiParams(1000, "pm_card_visa", "", true);
  params.set_transfer_group("ORDER_7");
  const PaymentIntent pi = MustCreate(params);
  EXPECT_EQ(pi.transfer_group(), "ORDER_7");
  EXPECT_EQ(MustRetrieveCharge(pi.latest_charge()).transfer_group(), "ORDER_7");
  EXPECT_FALSE(MustCreate(PiParams(1000)).has_transfer_group());  // null unless given
}

TEST_F(PaymentIntentsTest, StatementDescriptorSuffixGoesToTheCharge) {
  PaymentIntentCreateParams params = PiParams(1000, "pm_card_visa", "", true);
  params.set_statement_descriptor_suffix("ORDER 7");
  PaymentIntent pi = MustCreate(params);
  EXPECT_EQ(pi.statement_descriptor_suffix(), "ORDER 7");
  EXPECT_EQ(MustRetrieveCharge(pi.latest_charge()).calculated_statement_descriptor(),
            "PAYSIM* ORDER 7");
  PaymentIntentCreateParams bad = PiParams(1000);
  bad.set_statement_descriptor_suffix("12345");
  EXPECT_THAT(engine_.payment_intents().Create(bad),
              StripeErrorWithParam("invalid_request_error", "", "statement_descriptor_suffix"));
}

TEST_F(PaymentIntentsTest, EnumsAreChecked) {
  PaymentIntentCreateParams capture = PiParams(1000);
  capture.set_capture_method("later");
  ExpectCreateRejected(capture, "", "capture_method");
  absl::StatusOr<PaymentIntent> result = engine_.payment_intents().Create(capture);
  EXPECT_EQ(ErrorOf(result.status()).message(),
            "Invalid capture_method: must be one of automatic, automatic_async, or manual");

  PaymentIntentCreateParams usage = PiParams(1000);
  usage.set_setup_future_usage("sometimes");
  ExpectCreateRejected(usage, "", "setup_future_usage");

  PaymentIntentCreateParams confirmation = PiParams(1000);
  confirmation.set_confirmation_method("semi");
  ExpectCreateRejected(confirmation, "", "confirmation_method");

  PaymentIntentCreateParams types = PiParams(1000);
  types.add_payment_method_types("ideal");  // a type paysim does not simulate
  ExpectCreateRejected(types, "", "payment_method_types[0]");
}

TEST_F(PaymentIntentsTest, ConfirmOnlyParamsNeedConfirmTrue) {
  PaymentIntentCreateParams off = PiParams(1000, "pm_card_visa");
  off.set_off_session(true);
  ExpectCreateRejected(off, "", "off_session");
  PaymentIntentCreateParams url = PiParams(1000, "pm_card_visa");
  url.set_return_url("https://shop.example/done");
  ExpectCreateRejected(url, "", "return_url");
  PaymentIntentCreateParams error = PiParams(1000, "pm_card_visa");
  error.set_error_on_requires_action(true);
  ExpectCreateRejected(error, "", "error_on_requires_action");
  PaymentIntentCreateParams confirm_false = PiParams(1000, "pm_card_visa");
  confirm_false.set_confirm(false);
  confirm_false.set_off_session(true);
  ExpectCreateRejected(confirm_false, "", "off_session");
  EXPECT_THAT(AllCharges(engine_), IsEmpty());
}

TEST_F(PaymentIntentsTest, UnknownCustomerAndPaymentMethodAreRejected) {
  PaymentIntentCreateParams customer = PiParams(1000);
  customer.set_customer("cus_missing");
  ExpectCreateRejected(customer, "resource_missing", "customer");
  ExpectCreateRejected(PiParams(1000, "pm_missing"), "resource_missing", "payment_method");
  ExpectCreateRejected(PiParams(1000, "pm_card_noSuchCard"), "resource_missing", "payment_method");
}

TEST_F(PaymentIntentsTest, BadReceiptEmailIsRejected) {
  PaymentIntentCreateParams params = PiParams(1000);
  params.set_receipt_email("not an email");
  ExpectCreateRejected(params, "email_invalid", "receipt_email");
}

TEST_F(PaymentIntentsTest, ConfirmTrueWithoutPaymentMethodIsRejected) {
  absl::StatusOr<PaymentIntent> result =
      engine_.payment_intents().Create(PiParams(1000, "", "", true));
  EXPECT_THAT(result, StripeErrorIs("invalid_request_error", "payment_intent_unexpected_state"));
  EXPECT_THAT(result, HttpStatusIs(400));
  const StripeError error = ErrorOf(result.status());
  EXPECT_EQ(error.message(),
            "You cannot confirm this PaymentIntent because it's missing a payment method. You "
            "can either update the PaymentIntent with a payment method and then confirm it "
            "again, or confirm it again directly with a payment method or ConfirmationToken.");
  EXPECT_FALSE(error.has_param());
  EXPECT_FALSE(error.has_payment_intent());
  EXPECT_THAT(AllIntents(engine_), IsEmpty());
  EXPECT_EQ(engine_.events().size(), 0u);
}

TEST_F(PaymentIntentsTest, ConfirmWithoutAnyPaymentMethodIsUnexpectedState) {
  PaymentIntent pi = InRequiresPaymentMethod();
  StripeError error = ExpectUnexpectedState(
      pi.id(), [&] { return engine_.payment_intents().Confirm(pi.id(), ConfirmWith()); });
  EXPECT_THAT(error.message(), HasSubstr("missing a payment method"));
}

// ---- declines ----

struct DeclineCase {
  std::string payment_method;
  std::string code;
  std::string decline_code;
  std::string message;
};

void PrintTo(const DeclineCase& c, std::ostream* os) { *os << c.payment_method; }

class PaymentIntentDeclineTest : public PaymentIntentsTest,
                                 public ::testing::WithParamInterface<DeclineCase> {};

TEST_P(PaymentIntentDeclineTest, DeclineAnswers402AndAsksForAnotherPaymentMethod) {
  const DeclineCase& c = GetParam();
  PaymentIntentCreateParams params = PiParams(1000, c.payment_method, "manual");
  params.set_customer(NewCustomer());
  params.set_setup_future_usage("off_session");
  PaymentIntent created = MustCreate(params);
  const std::string pm_id = created.payment_method();
  const size_t events_before = engine_.events().size();

  absl::StatusOr<PaymentIntent> result =
      engine_.payment_intents().Confirm(created.id(), ConfirmWith());
  EXPECT_THAT(result, StripeErrorIs("card_error", c.code, c.decline_code));
  EXPECT_THAT(result, HttpStatusIs(402));
  StripeError error = ErrorOf(result.status());
  EXPECT_EQ(error.message(), c.message);
  EXPECT_EQ(error.payment_intent(), created.id());
  EXPECT_EQ(error.payment_method(), pm_id);
  ASSERT_THAT(error.charge(), StartsWith("ch_"));

  PaymentIntent pi = MustRetrieve(created.id());
  EXPECT_EQ(pi.status(), "requires_payment_method");
  EXPECT_FALSE(pi.has_payment_method());
  EXPECT_EQ(pi.latest_charge(), error.charge());
  EXPECT_EQ(pi.amount_capturable(), 0);
  EXPECT_EQ(pi.amount_received(), 0);
  ASSERT_TRUE(pi.has_last_payment_error());
  const StripeError& last = pi.last_payment_error();
  EXPECT_EQ(last.type(), "card_error");
  EXPECT_EQ(last.code(), c.code);
  EXPECT_EQ(last.decline_code(), c.decline_code);
  EXPECT_EQ(last.message(), c.message);
  EXPECT_EQ(last.charge(), error.charge());
  EXPECT_EQ(last.payment_method(), pm_id);
  EXPECT_EQ(last.doc_url(), error.doc_url());
  EXPECT_FALSE(last.has_payment_intent());
  EXPECT_EQ(last.http_status(), 0);

  Charge charge = MustRetrieveCharge(error.charge());
  EXPECT_EQ(charge.status(), "failed");
  EXPECT_EQ(charge.payment_intent(), created.id());
  EXPECT_EQ(charge.payment_method(), pm_id);
  EXPECT_EQ(charge.failure_code(), c.code);
  // A declined card is not saved, even with setup_future_usage.
  EXPECT_FALSE(MustRetrievePm(pm_id).has_customer());
  EXPECT_THAT(EventTypesAfter(engine_, events_before),
              ElementsAre("charge.failed", "payment_intent.payment_failed"));
}

INSTANTIATE_TEST_SUITE_P(
    Cards, PaymentIntentDeclineTest,
    ::testing::Values(DeclineCase{"pm_card_visa_chargeDeclined", "card_declined", "generic_decline",
                                  "Your card was declined."},
                      DeclineCase{"pm_card_visa_chargeDeclinedInsufficientFunds", "card_declined",
                                  "insufficient_funds", "Your card has insufficient funds."},
                      DeclineCase{"pm_card_visa_chargeDeclinedLostCard", "card_declined",
                                  "lost_card", "Your card was declined."},
                      DeclineCase{"pm_card_chargeDeclinedExpiredCard", "expired_card",
                                  "expired_card", "Your card has expired."},
                      DeclineCase{"pm_card_chargeDeclinedIncorrectCvc", "incorrect_cvc",
                                  "incorrect_cvc", "Your card's security code is incorrect."},
                      DeclineCase{
                          "pm_card_visa_chargeDeclinedVelocityLimitExceeded", "card_declined",
                          "card_velocity_exceeded",
                          "Your card was declined for making repeated attempts too frequently or "
                          "exceeding its amount limit."},
                      DeclineCase{"pm_card_radarBlock", "card_declined", "fraudulent",
                                  "Your card was declined."}),
    [](const ::testing::TestParamInfo<DeclineCase>& info) { return info.param.payment_method; });

TEST_F(PaymentIntentsTest, DeclineOnCreateKeepsTheIntent) {
  absl::StatusOr<PaymentIntent> result = engine_.payment_intents().Create(
      PiParams(1000, "pm_card_visa_chargeDeclined", "", /*confirm=*/true));
  EXPECT_THAT(result, StripeErrorIs("card_error", "card_declined", "generic_decline"));
  StripeError error = ErrorOf(result.status());
  std::vector<PaymentIntent> intents = AllIntents(engine_);
  ASSERT_THAT(intents, SizeIs(1));
  EXPECT_EQ(intents[0].id(), error.payment_intent());
  EXPECT_EQ(intents[0].status(), "requires_payment_method");
  EXPECT_THAT(EventTypes(engine_), ElementsAre("payment_intent.created", "charge.failed",
                                               "payment_intent.payment_failed"));
}

TEST_F(PaymentIntentsTest, AfterADeclineAnotherCardSucceeds) {
  absl::StatusOr<PaymentIntent> declined = engine_.payment_intents().Create(
      PiParams(1000, "pm_card_visa_chargeDeclinedInsufficientFunds", "", true));
  const std::string id = ErrorOf(declined.status()).payment_intent();
  const std::string failed_charge = ErrorOf(declined.status()).charge();

  absl::StatusOr<PaymentIntent> retried =
      engine_.payment_intents().Confirm(id, ConfirmWith("pm_card_visa"));
  ASSERT_THAT(retried, IsOk());
  EXPECT_EQ(retried->status(), "succeeded");
  EXPECT_FALSE(retried->has_last_payment_error());
  EXPECT_NE(retried->latest_charge(), failed_charge);
  EXPECT_EQ(retried->amount_received(), 1000);
  EXPECT_THAT(AllCharges(engine_), SizeIs(2));
  EXPECT_THAT(EventTypes(engine_), ElementsAre("payment_intent.created", "charge.failed",
                                               "payment_intent.payment_failed", "charge.succeeded",
                                               "payment_intent.succeeded"));
}

TEST_F(PaymentIntentsTest, DeclinedIntentCannotBeConfirmedWithoutANewPaymentMethod) {
  absl::StatusOr<PaymentIntent> declined =
      engine_.payment_intents().Create(PiParams(1000, "pm_card_visa_chargeDeclined", "", true));
  const std::string id = ErrorOf(declined.status()).payment_intent();
  ExpectUnexpectedState(id, [&] { return engine_.payment_intents().Confirm(id, ConfirmWith()); });
}

}  // namespace
}  // namespace payment_intents_test
}  // namespace paysim
