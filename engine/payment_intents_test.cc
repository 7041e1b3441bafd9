// Behaviour tests of the PaymentIntents lifecycle: create and validation, confirmation,
// declines and recovery, 3D Secure on- and off-session for each test card, manual capture
// (full, partial, by API version) and the 7-day hold, cancel, every illegal transition,
// update, setup_future_usage, saved cards charged off-session, events, idempotency, JSON and
// determinism.
#include <string>
#include <vector>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "engine/json_render.h"
#include "testing/paysim_testing.h"

namespace paysim {
namespace {

using ::paysim::testing::FakeClock;
using ::paysim::testing::HttpStatusIs;
using ::paysim::testing::IsOk;
using ::paysim::testing::IsOkAndHolds;
using ::paysim::testing::StripeErrorIs;
using ::paysim::testing::StripeErrorWithParam;
using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::IsEmpty;
using ::testing::Property;
using ::testing::SizeIs;
using ::testing::StartsWith;

constexpr int64_t kStart = 1767225600;  // FakeClock's default: 2026-01-01T00:00:00Z
constexpr int64_t kSevenDays = 7 * 24 * 3600;
constexpr absl::Duration kDay = absl::Hours(24);
constexpr char kPreBasil[] = "2024-06-20";
constexpr char kUnexpected[] = "payment_intent_unexpected_state";
constexpr char kAuthRequiredMessage[] =
    "Your card was declined. This transaction requires authentication.";

PaymentIntentCreateParams PiParams(int64_t amount, const std::string& payment_method = "",
                                   const std::string& capture_method = "", bool confirm = false) {
  PaymentIntentCreateParams params;
  params.set_amount(amount);
  params.set_currency("usd");
  if (!payment_method.empty()) params.set_payment_method(payment_method);
  if (!capture_method.empty()) params.set_capture_method(capture_method);
  if (confirm) params.set_confirm(true);
  return params;
}

PaymentIntentConfirmParams ConfirmWith(const std::string& payment_method = "",
                                       bool off_session = false) {
  PaymentIntentConfirmParams params;
  if (!payment_method.empty()) params.set_payment_method(payment_method);
  if (off_session) params.set_off_session(true);
  return params;
}

PaymentIntentCaptureParams CaptureAmount(int64_t amount) {
  PaymentIntentCaptureParams params;
  params.set_amount_to_capture(amount);
  return params;
}

PaymentIntentCancelParams CancelFor(const std::string& reason = "") {
  PaymentIntentCancelParams params;
  if (!reason.empty()) params.set_cancellation_reason(reason);
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

// The types of the events emitted after the first `skip`.
std::vector<std::string> EventTypesAfter(Engine& engine, size_t skip) {
  std::vector<std::string> types = EventTypes(engine);
  return std::vector<std::string>(types.begin() + std::min(skip, types.size()), types.end());
}

std::vector<Charge> AllCharges(Engine& engine) {
  ChargeListParams params;
  params.set_limit(100);
  absl::StatusOr<ListResult<Charge>> page = engine.charges().List(params);
  EXPECT_THAT(page, IsOk());
  return page.ok() ? page->data : std::vector<Charge>();
}

std::vector<PaymentIntent> AllIntents(Engine& engine) {
  PaymentIntentListParams params;
  params.set_limit(100);
  absl::StatusOr<ListResult<PaymentIntent>> page = engine.payment_intents().List(params);
  EXPECT_THAT(page, IsOk());
  return page.ok() ? page->data : std::vector<PaymentIntent>();
}

std::vector<Refund> RefundsOf(Engine& engine, const std::string& charge_id) {
  RefundListParams params;
  params.set_charge(charge_id);
  absl::StatusOr<ListResult<Refund>> page = engine.refunds().List(params);
  EXPECT_THAT(page, IsOk());
  return page.ok() ? page->data : std::vector<Refund>();
}

MATCHER_P(PiStatusIs, status, std::string("is a PaymentIntent with status ") + status) {
  *result_listener << "PaymentIntent " << arg.id() << " has status " << arg.status();
  return arg.status() == std::string(status);
}

class PaymentIntentsTest : public ::testing::Test {
 protected:
  PaymentIntent MustCreate(const PaymentIntentCreateParams& params,
                           const RequestOptions& options = {}) {
    absl::StatusOr<PaymentIntent> pi = engine_.payment_intents().Create(params, options);
    EXPECT_THAT(pi, IsOk());
    return pi.value_or(PaymentIntent());
  }

  PaymentIntent MustRetrieve(const std::string& id) {
    absl::StatusOr<PaymentIntent> pi = engine_.payment_intents().Retrieve(id);
    EXPECT_THAT(pi, IsOk());
    return pi.value_or(PaymentIntent());
  }

  Charge MustRetrieveCharge(const std::string& id) {
    absl::StatusOr<Charge> charge = engine_.charges().Retrieve(id);
    EXPECT_THAT(charge, IsOk());
    return charge.value_or(Charge());
  }

  PaymentMethod MustRetrievePm(const std::string& id) {
    absl::StatusOr<PaymentMethod> pm = engine_.payment_methods().Retrieve(id);
    EXPECT_THAT(pm, IsOk());
    return pm.value_or(PaymentMethod());
  }

  std::string NewCustomer() {
    absl::StatusOr<Customer> customer = engine_.customers().Create({});
    EXPECT_THAT(customer, IsOk());
    return customer.ok() ? customer->id() : "";
  }

  // A `pm_card_*` card saved on `customer`; returns the new pm_... id.
  std::string SavedCard(const std::string& customer, const std::string& card) {
    PaymentMethodAttachParams attach;
    attach.set_customer(customer);
    absl::StatusOr<PaymentMethod> pm = engine_.payment_methods().Attach(card, attach);
    EXPECT_THAT(pm, IsOk());
    return pm.ok() ? pm->id() : "";
  }

  // customer + payment_method + off_session + confirm: a merchant-initiated payment.
  absl::StatusOr<PaymentIntent> ChargeOffSession(const std::string& customer, const std::string& pm,
                                                 int64_t amount = 1500) {
    PaymentIntentCreateParams params = PiParams(amount, pm, "", /*confirm=*/true);
    params.set_customer(customer);
    params.set_off_session(true);
    return engine_.payment_intents().Create(params);
  }

  // A create rejected with an invalid_request_error that changes nothing.
  void ExpectCreateRejected(const PaymentIntentCreateParams& params, const std::string& code,
                            const std::string& param, int http_status = 400) {
    const size_t events_before = engine_.events().size();
    absl::StatusOr<PaymentIntent> result = engine_.payment_intents().Create(params);
    EXPECT_THAT(result, StripeErrorWithParam("invalid_request_error", code, param));
    EXPECT_THAT(result, HttpStatusIs(http_status));
    EXPECT_THAT(AllIntents(engine_), IsEmpty());
    EXPECT_EQ(engine_.events().size(), events_before);
  }

  // `call` fails with payment_intent_unexpected_state and leaves intent `id` and the events
  // as they were. Returns the error.
  template <typename Call>
  StripeError ExpectUnexpectedState(const std::string& id, Call call) {
    const PaymentIntent before = MustRetrieve(id);
    const size_t events_before = engine_.events().size();
    const size_t charges_before = AllCharges(engine_).size();
    absl::StatusOr<PaymentIntent> result = call();
    EXPECT_THAT(result, StripeErrorIs("invalid_request_error", kUnexpected));
    EXPECT_THAT(result, HttpStatusIs(400));
    EXPECT_THAT(result, ::paysim::testing::StatusIs(absl::StatusCode::kFailedPrecondition));
    EXPECT_EQ(MustRetrieve(id).SerializeAsString(), before.SerializeAsString());
    EXPECT_EQ(engine_.events().size(), events_before);
    EXPECT_EQ(AllCharges(engine_).size(), charges_before);
    StripeError error = ErrorOf(result.status());
    EXPECT_EQ(error.payment_intent(), id);
    return error;
  }

  // Intents in each status, for the transition tests.
  PaymentIntent InRequiresPaymentMethod() { return MustCreate(PiParams(1000)); }
  PaymentIntent InRequiresConfirmation() { return MustCreate(PiParams(1000, "pm_card_visa")); }
  PaymentIntent InRequiresAction() {
    return MustCreate(PiParams(1000, "pm_card_authenticationRequired", "", true));
  }
  PaymentIntent InRequiresCapture() {
    return MustCreate(PiParams(1000, "pm_card_visa", "manual", true));
  }
  PaymentIntent InSucceeded() { return MustCreate(PiParams(1000, "pm_card_visa", "", true)); }
  PaymentIntent InCanceled() {
    PaymentIntent pi = InRequiresConfirmation();
    EXPECT_THAT(engine_.payment_intents().Cancel(pi.id(), {}), IsOk());
    return MustRetrieve(pi.id());
  }

  FakeClock clock_;
  Engine engine_{{.clock = &clock_, .seed = 7}};
};

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

// ---- 3D Secure, on-session ----

TEST_F(PaymentIntentsTest, AuthenticationRequiredAsksForAction) {
  PaymentIntent pi = InRequiresAction();

  EXPECT_EQ(pi.status(), "requires_action");
  EXPECT_FALSE(pi.has_latest_charge());
  EXPECT_THAT(pi.payment_method(), StartsWith("pm_"));
  ASSERT_TRUE(pi.has_next_action());
  EXPECT_EQ(pi.next_action().type(), "use_stripe_sdk");
  EXPECT_EQ(pi.next_action().use_stripe_sdk().type(), "three_d_secure_redirect");
  EXPECT_THAT(pi.next_action().use_stripe_sdk().stripe_js(),
              StartsWith("https://hooks.stripe.com/3d_secure_2/hosted?"));
  EXPECT_THAT(pi.next_action().use_stripe_sdk().stripe_js(), HasSubstr(pi.id()));
  EXPECT_FALSE(pi.next_action().has_redirect_to_url());
  EXPECT_THAT(AllCharges(engine_), IsEmpty());
  std::vector<Event> events = AllEvents(engine_);
  ASSERT_THAT(events, SizeIs(2));
  EXPECT_EQ(events[0].type(), "payment_intent.created");
  EXPECT_EQ(events[1].type(), "payment_intent.requires_action");
  EXPECT_EQ(events[1].data().object().payment_intent().status(), "requires_action");
}

TEST_F(PaymentIntentsTest, ReturnUrlGivesARedirect) {
  PaymentIntentCreateParams params = PiParams(1000, "pm_card_authenticationRequired", "", true);
  params.set_return_url("https://shop.example/done");
  PaymentIntent pi = MustCreate(params);
  ASSERT_EQ(pi.status(), "requires_action");
  EXPECT_EQ(pi.next_action().type(), "redirect_to_url");
  EXPECT_EQ(pi.next_action().redirect_to_url().return_url(), "https://shop.example/done");
  EXPECT_THAT(pi.next_action().redirect_to_url().url(),
              StartsWith("https://hooks.stripe.com/3d_secure_2/hosted?"));
  EXPECT_THAT(pi.next_action().redirect_to_url().url(), HasSubstr(pi.id()));
  EXPECT_FALSE(pi.next_action().has_use_stripe_sdk());
}

TEST_F(PaymentIntentsTest, CustomerCompletesThreeDSecureAndThePaymentSucceeds) {
  PaymentIntent pi = InRequiresAction();
  const size_t events_before = engine_.events().size();
  clock_.Advance(absl::Minutes(2));

  absl::StatusOr<PaymentIntent> done = engine_.payment_intents().CompleteThreeDSecure(pi.id());
  ASSERT_THAT(done, IsOk());
  EXPECT_EQ(done->status(), "succeeded");
  EXPECT_FALSE(done->has_next_action());
  EXPECT_EQ(done->amount_received(), 1000);
  Charge charge = MustRetrieveCharge(done->latest_charge());
  EXPECT_EQ(charge.status(), "succeeded");
  EXPECT_EQ(charge.created(), kStart + 120);
  EXPECT_EQ(charge.payment_method_details().card().three_d_secure(), "authenticated");
  EXPECT_EQ(charge.payment_method(), pi.payment_method());
  EXPECT_THAT(EventTypesAfter(engine_, events_before),
              ElementsAre("charge.succeeded", "payment_intent.succeeded"));
  EXPECT_EQ(MustRetrieve(pi.id()).SerializeAsString(), done->SerializeAsString());
}

TEST_F(PaymentIntentsTest, ThreeDSecureWithManualCaptureHoldsTheAmount) {
  PaymentIntent pi = MustCreate(PiParams(1000, "pm_card_authenticationRequired", "manual", true));
  ASSERT_EQ(pi.status(), "requires_action");
  absl::StatusOr<PaymentIntent> done = engine_.payment_intents().CompleteThreeDSecure(pi.id());
  ASSERT_THAT(done, IsOk());
  EXPECT_EQ(done->status(), "requires_capture");
  EXPECT_EQ(done->amount_capturable(), 1000);
  EXPECT_THAT(engine_.payment_intents().Capture(pi.id(), {}),
              IsOkAndHolds(PiStatusIs("succeeded")));
}

TEST_F(PaymentIntentsTest, CustomerFailsThreeDSecure) {
  PaymentIntent pi = InRequiresAction();
  const size_t events_before = engine_.events().size();

  absl::StatusOr<PaymentIntent> failed = engine_.payment_intents().FailThreeDSecure(pi.id());
  ASSERT_THAT(failed, IsOk());
  EXPECT_EQ(failed->status(), "requires_payment_method");
  EXPECT_FALSE(failed->has_payment_method());
  EXPECT_FALSE(failed->has_next_action());
  EXPECT_FALSE(failed->has_latest_charge());
  ASSERT_TRUE(failed->has_last_payment_error());
  EXPECT_EQ(failed->last_payment_error().code(), "payment_intent_authentication_failure");
  EXPECT_EQ(failed->last_payment_error().type(), "invalid_request_error");
  EXPECT_EQ(failed->last_payment_error().payment_method(), pi.payment_method());
  EXPECT_FALSE(failed->last_payment_error().has_payment_intent());
  EXPECT_THAT(AllCharges(engine_), IsEmpty());
  EXPECT_THAT(EventTypesAfter(engine_, events_before),
              ElementsAre("payment_intent.payment_failed"));

  // The customer then pays with another card.
  absl::StatusOr<PaymentIntent> retried =
      engine_.payment_intents().Confirm(pi.id(), ConfirmWith("pm_card_visa"));
  ASSERT_THAT(retried, IsOk());
  EXPECT_EQ(retried->status(), "succeeded");
  EXPECT_FALSE(retried->has_last_payment_error());
}

TEST_F(PaymentIntentsTest, ThreeDSecureHelpersNeedRequiresAction) {
  for (const PaymentIntent& pi : {InRequiresPaymentMethod(), InRequiresConfirmation(),
                                  InRequiresCapture(), InSucceeded(), InCanceled()}) {
    SCOPED_TRACE(pi.status());
    StripeError error = ExpectUnexpectedState(
        pi.id(), [&] { return engine_.payment_intents().CompleteThreeDSecure(pi.id()); });
    EXPECT_THAT(error.message(), HasSubstr(absl::StrCat("status of ", pi.status())));
    ExpectUnexpectedState(pi.id(),
                          [&] { return engine_.payment_intents().FailThreeDSecure(pi.id()); });
  }
  EXPECT_THAT(engine_.payment_intents().CompleteThreeDSecure("pi_missing"),
              StripeErrorIs("invalid_request_error", "resource_missing"));
}

TEST_F(PaymentIntentsTest, ReconfirmingInRequiresActionAsksAgain) {
  PaymentIntent pi = InRequiresAction();
  absl::StatusOr<PaymentIntent> again = engine_.payment_intents().Confirm(pi.id(), ConfirmWith());
  ASSERT_THAT(again, IsOk());
  EXPECT_EQ(again->status(), "requires_action");
  EXPECT_THAT(EventTypes(engine_),
              ElementsAre("payment_intent.created", "payment_intent.requires_action",
                          "payment_intent.requires_action"));
}

TEST_F(PaymentIntentsTest, ErrorOnRequiresActionFailsInsteadOfAsking) {
  PaymentIntentCreateParams params = PiParams(1000, "pm_card_authenticationRequired", "", true);
  params.set_error_on_requires_action(true);
  absl::StatusOr<PaymentIntent> result = engine_.payment_intents().Create(params);
  EXPECT_THAT(result, StripeErrorIs("card_error", "authentication_required",
                                     "authentication_not_handled"));
  EXPECT_THAT(result, HttpStatusIs(402));
  StripeError error = ErrorOf(result.status());
  EXPECT_THAT(error.message(), HasSubstr("but `error_on_requires_action` was set"));
  PaymentIntent pi = MustRetrieve(error.payment_intent());
  EXPECT_EQ(pi.status(), "requires_payment_method");
  EXPECT_EQ(pi.last_payment_error().code(), "authentication_required");
  EXPECT_EQ(pi.last_payment_error().decline_code(), "authentication_not_handled");
  EXPECT_FALSE(pi.has_next_action());
  EXPECT_THAT(AllCharges(engine_), IsEmpty());
  EXPECT_THAT(EventTypes(engine_),
              ElementsAre("payment_intent.created", "payment_intent.payment_failed"));

  // A card that needs no authentication is unaffected.
  PaymentIntentCreateParams visa = PiParams(1000, "pm_card_visa", "", true);
  visa.set_error_on_requires_action(true);
  EXPECT_THAT(engine_.payment_intents().Create(visa), IsOkAndHolds(PiStatusIs("succeeded")));
}

TEST_F(PaymentIntentsTest, ManualConfirmationReturnsToRequiresConfirmationAfterThreeDSecure) {
  PaymentIntentCreateParams params = PiParams(1000, "pm_card_authenticationRequired", "", true);
  params.set_confirmation_method("manual");
  PaymentIntent pi = MustCreate(params);
  ASSERT_EQ(pi.status(), "requires_action");

  absl::StatusOr<PaymentIntent> done = engine_.payment_intents().CompleteThreeDSecure(pi.id());
  ASSERT_THAT(done, IsOk());
  EXPECT_EQ(done->status(), "requires_confirmation");
  EXPECT_FALSE(done->has_next_action());
  EXPECT_THAT(AllCharges(engine_), IsEmpty());

  absl::StatusOr<PaymentIntent> confirmed =
      engine_.payment_intents().Confirm(pi.id(), ConfirmWith());
  ASSERT_THAT(confirmed, IsOk());
  EXPECT_EQ(confirmed->status(), "succeeded");
  EXPECT_EQ(MustRetrieveCharge(confirmed->latest_charge())
                .payment_method_details()
                .card()
                .three_d_secure(),
            "authenticated");
}

// ---- 3D Secure, card by card, on- and off-session ----

TEST_F(PaymentIntentsTest, VisaNeverAsksOnOrOffSession) {
  EXPECT_THAT(engine_.payment_intents().Create(PiParams(1000, "pm_card_visa", "", true)),
              IsOkAndHolds(PiStatusIs("succeeded")));
  const std::string customer = NewCustomer();
  EXPECT_THAT(ChargeOffSession(customer, SavedCard(customer, "pm_card_visa")),
              IsOkAndHolds(PiStatusIs("succeeded")));
}

TEST_F(PaymentIntentsTest, AuthenticationRequiredOffSessionIsDeclined) {
  const std::string customer = NewCustomer();
  const std::string pm = SavedCard(customer, "pm_card_authenticationRequired");
  const size_t events_before = engine_.events().size();

  absl::StatusOr<PaymentIntent> result = ChargeOffSession(customer, pm);
  EXPECT_THAT(result,
              StripeErrorIs("card_error", "authentication_required", "authentication_required"));
  EXPECT_THAT(result, HttpStatusIs(402));
  StripeError error = ErrorOf(result.status());
  EXPECT_EQ(error.message(), kAuthRequiredMessage);
  EXPECT_EQ(error.doc_url(), "https://stripe.com/docs/error-codes/authentication-required");
  EXPECT_EQ(error.payment_method(), pm);

  PaymentIntent pi = MustRetrieve(error.payment_intent());
  EXPECT_EQ(pi.status(), "requires_payment_method");
  EXPECT_FALSE(pi.has_payment_method());
  EXPECT_FALSE(pi.has_next_action());
  EXPECT_EQ(pi.last_payment_error().code(), "authentication_required");
  EXPECT_EQ(pi.last_payment_error().decline_code(), "authentication_required");
  Charge charge = MustRetrieveCharge(error.charge());
  EXPECT_EQ(charge.status(), "failed");
  EXPECT_EQ(charge.failure_code(), "authentication_required");
  EXPECT_EQ(charge.outcome().reason(), "authentication_required");
  EXPECT_THAT(
      EventTypesAfter(engine_, events_before),
      ElementsAre("payment_intent.created", "charge.failed", "payment_intent.payment_failed"));

  // The customer comes back on-session and authenticates.
  absl::StatusOr<PaymentIntent> on_session =
      engine_.payment_intents().Confirm(pi.id(), ConfirmWith(pm));
  ASSERT_THAT(on_session, IsOk());
  EXPECT_EQ(on_session->status(), "requires_action");
  EXPECT_THAT(engine_.payment_intents().CompleteThreeDSecure(pi.id()),
              IsOkAndHolds(PiStatusIs("succeeded")));
}

TEST_F(PaymentIntentsTest, AuthenticationRequiredAsksEvenAfterSetup) {
  const std::string customer = NewCustomer();
  SetupIntentCreateParams setup;
  setup.set_customer(customer);
  setup.set_payment_method("pm_card_authenticationRequired");
  setup.set_confirm(true);
  absl::StatusOr<SetupIntent> si = engine_.setup_intents().Create(setup);
  ASSERT_THAT(si, IsOk());
  ASSERT_THAT(engine_.setup_intents().CompleteThreeDSecure(si->id()), IsOk());

  EXPECT_THAT(ChargeOffSession(customer, si->payment_method()),
              StripeErrorIs("card_error", "authentication_required", "authentication_required"));
  PaymentIntentCreateParams on_session = PiParams(1000, si->payment_method(), "", true);
  on_session.set_customer(customer);
  EXPECT_THAT(engine_.payment_intents().Create(on_session),
              IsOkAndHolds(PiStatusIs("requires_action")));
}

TEST_F(PaymentIntentsTest, AuthenticationRequiredOnSetupBeforeAndAfterASetupIntent) {
  const std::string customer = NewCustomer();
  const std::string pm = SavedCard(customer, "pm_card_authenticationRequiredOnSetup");

  // Before any setup: on-session asks, off-session is declined.
  PaymentIntentCreateParams on_session = PiParams(1000, pm, "", true);
  on_session.set_customer(customer);
  EXPECT_THAT(engine_.payment_intents().Create(on_session),
              IsOkAndHolds(PiStatusIs("requires_action")));
  EXPECT_THAT(ChargeOffSession(customer, pm),
              StripeErrorIs("card_error", "authentication_required", "authentication_required"));

  // The customer sets the card up (authenticating once).
  SetupIntentCreateParams setup;
  setup.set_customer(customer);
  setup.set_payment_method(pm);
  setup.set_confirm(true);
  absl::StatusOr<SetupIntent> si = engine_.setup_intents().Create(setup);
  ASSERT_THAT(si, IsOk());
  EXPECT_EQ(si->status(), "requires_action");
  ASSERT_THAT(engine_.setup_intents().CompleteThreeDSecure(si->id()),
              IsOkAndHolds(Property(&SetupIntent::status, "succeeded")));

  // After setup: off-session succeeds; on-session still asks.
  absl::StatusOr<PaymentIntent> off = ChargeOffSession(customer, pm);
  ASSERT_THAT(off, IsOk());
  EXPECT_EQ(off->status(), "succeeded");
  EXPECT_EQ(MustRetrieveCharge(off->latest_charge()).customer(), customer);
  EXPECT_THAT(engine_.payment_intents().Create(on_session),
              IsOkAndHolds(PiStatusIs("requires_action")));
}

TEST_F(PaymentIntentsTest, SetupFutureUsageOffSessionSetsTheCardUp) {
  // Paying on-session with setup_future_usage=off_session authenticates and saves the card;
  // later off-session payments then go through.
  const std::string customer = NewCustomer();
  PaymentIntentCreateParams params =
      PiParams(1000, "pm_card_authenticationRequiredOnSetup", "", true);
  params.set_customer(customer);
  params.set_setup_future_usage("off_session");
  PaymentIntent pi = MustCreate(params);
  ASSERT_EQ(pi.status(), "requires_action");
  const size_t events_before = engine_.events().size();
  ASSERT_THAT(engine_.payment_intents().CompleteThreeDSecure(pi.id()),
              IsOkAndHolds(PiStatusIs("succeeded")));
  EXPECT_THAT(
      EventTypesAfter(engine_, events_before),
      ElementsAre("charge.succeeded", "payment_method.attached", "payment_intent.succeeded"));
  PaymentMethod saved = MustRetrievePm(pi.payment_method());
  EXPECT_EQ(saved.customer(), customer);
  EXPECT_TRUE(saved.setup_for_off_session());

  EXPECT_THAT(ChargeOffSession(customer, saved.id()), IsOkAndHolds(PiStatusIs("succeeded")));
}

TEST_F(PaymentIntentsTest, SetupFutureUsageOnSessionSavesWithoutOffSessionSetup) {
  const std::string customer = NewCustomer();
  PaymentIntentCreateParams params = PiParams(1000, "pm_card_visa", "", true);
  params.set_customer(customer);
  params.set_setup_future_usage("on_session");
  PaymentIntent pi = MustCreate(params);
  ASSERT_EQ(pi.status(), "succeeded");
  PaymentMethod saved = MustRetrievePm(pi.payment_method());
  EXPECT_EQ(saved.customer(), customer);
  EXPECT_FALSE(saved.setup_for_off_session());
}

TEST_F(PaymentIntentsTest, SetupFutureUsageWithoutCustomerSavesNothing) {
  PaymentIntentCreateParams params = PiParams(1000, "pm_card_visa", "", true);
  params.set_setup_future_usage("off_session");
  PaymentIntent pi = MustCreate(params);
  EXPECT_FALSE(MustRetrievePm(pi.payment_method()).has_customer());
  EXPECT_THAT(EventTypes(engine_), ElementsAre("payment_intent.created", "charge.succeeded",
                                               "payment_intent.succeeded"));
}

TEST_F(PaymentIntentsTest, SetupForOffSessionCardAsksOnSessionOnly) {
  PaymentIntent on_session =
      MustCreate(PiParams(1000, "pm_card_authenticationRequiredSetupForOffSession", "", true));
  EXPECT_EQ(on_session.status(), "requires_action");
  EXPECT_THAT(engine_.payment_intents().CompleteThreeDSecure(on_session.id()),
              IsOkAndHolds(PiStatusIs("succeeded")));

  const std::string customer = NewCustomer();
  EXPECT_THAT(
      ChargeOffSession(customer,
                       SavedCard(customer, "pm_card_authenticationRequiredSetupForOffSession")),
      IsOkAndHolds(PiStatusIs("succeeded")));
}

TEST_F(PaymentIntentsTest, ThreeDSecureRequiredChargeDeclinedDeclinesAfterAuthentication) {
  PaymentIntent pi =
      MustCreate(PiParams(1000, "pm_card_threeDSecureRequiredChargeDeclined", "", true));
  ASSERT_EQ(pi.status(), "requires_action");
  EXPECT_THAT(AllCharges(engine_), IsEmpty());
  const size_t events_before = engine_.events().size();

  absl::StatusOr<PaymentIntent> done = engine_.payment_intents().CompleteThreeDSecure(pi.id());
  ASSERT_THAT(done, IsOk());  // the answer went to the customer's browser
  EXPECT_EQ(done->status(), "requires_payment_method");
  EXPECT_FALSE(done->has_payment_method());
  EXPECT_EQ(done->last_payment_error().code(), "card_declined");
  EXPECT_EQ(done->last_payment_error().decline_code(), "generic_decline");
  EXPECT_EQ(done->last_payment_error().charge(), done->latest_charge());
  Charge charge = MustRetrieveCharge(done->latest_charge());
  EXPECT_EQ(charge.status(), "failed");
  EXPECT_EQ(charge.payment_method_details().card().three_d_secure(), "authenticated");
  EXPECT_THAT(EventTypesAfter(engine_, events_before),
              ElementsAre("charge.failed", "payment_intent.payment_failed"));

  // Off-session it cannot authenticate at all.
  PaymentIntentCreateParams off =
      PiParams(1000, "pm_card_threeDSecureRequiredChargeDeclined", "", true);
  off.set_off_session(true);
  EXPECT_THAT(engine_.payment_intents().Create(off),
              StripeErrorIs("card_error", "authentication_required", "authentication_required"));
}

TEST_F(PaymentIntentsTest, AuthenticationThenInsufficientFunds) {
  PaymentIntent pi = MustCreate(
      PiParams(1000, "pm_card_authenticationRequiredChargeDeclinedInsufficientFunds", "", true));
  ASSERT_EQ(pi.status(), "requires_action");
  absl::StatusOr<PaymentIntent> done = engine_.payment_intents().CompleteThreeDSecure(pi.id());
  ASSERT_THAT(done, IsOk());
  EXPECT_EQ(done->status(), "requires_payment_method");
  EXPECT_EQ(done->last_payment_error().decline_code(), "insufficient_funds");
}

TEST_F(PaymentIntentsTest, ThreeDSecureOptionalAndNotSupportedCardsNeverAsk) {
  for (const char* card : {"pm_card_threeDSecureOptional", "pm_card_amex_threeDSecureNotSupported",
                           "pm_card_threeDSecureOptionalProcessingError"}) {
    SCOPED_TRACE(card);
    EXPECT_THAT(engine_.payment_intents().Create(PiParams(1000, card, "", true)),
                IsOkAndHolds(PiStatusIs("succeeded")));
  }
}

// ---- saved cards charged off-session ----

TEST_F(PaymentIntentsTest, SavedCardChargedOffSessionSucceeds) {
  const std::string customer = NewCustomer();
  const std::string pm = SavedCard(customer, "pm_card_visa");
  const size_t events_before = engine_.events().size();
  absl::StatusOr<PaymentIntent> pi = ChargeOffSession(customer, pm, 4200);
  ASSERT_THAT(pi, IsOk());
  EXPECT_EQ(pi->status(), "succeeded");
  EXPECT_EQ(pi->customer(), customer);
  EXPECT_EQ(pi->payment_method(), pm);
  Charge charge = MustRetrieveCharge(pi->latest_charge());
  EXPECT_EQ(charge.customer(), customer);
  EXPECT_EQ(charge.amount(), 4200);
  EXPECT_THAT(
      EventTypesAfter(engine_, events_before),
      ElementsAre("payment_intent.created", "charge.succeeded", "payment_intent.succeeded"));
}

TEST_F(PaymentIntentsTest, SavedCardChargedOffSessionFails) {
  const std::string customer = NewCustomer();
  const std::string pm = SavedCard(customer, "pm_card_chargeCustomerFail");
  absl::StatusOr<PaymentIntent> result = ChargeOffSession(customer, pm);
  EXPECT_THAT(result, StripeErrorIs("card_error", "card_declined"));
  EXPECT_THAT(result, HttpStatusIs(402));
  PaymentIntent pi = MustRetrieve(ErrorOf(result.status()).payment_intent());
  EXPECT_EQ(pi.status(), "requires_payment_method");
  EXPECT_EQ(pi.customer(), customer);
  EXPECT_FALSE(pi.has_payment_method());
  EXPECT_EQ(pi.last_payment_error().payment_method(), pm);
  // The card stays saved on the customer.
  EXPECT_EQ(MustRetrievePm(pm).customer(), customer);
}

TEST_F(PaymentIntentsTest, PaymentMethodOfAnotherCustomerIsRejected) {
  const std::string owner = NewCustomer();
  const std::string pm = SavedCard(owner, "pm_card_visa");
  PaymentIntentCreateParams other = PiParams(1000, pm);
  other.set_customer(NewCustomer());
  ExpectCreateRejected(other, "", "payment_method");
  ExpectCreateRejected(PiParams(1000, pm), "", "payment_method");  // no customer at all
}

TEST_F(PaymentIntentsTest, DetachedPaymentMethodCannotPay) {
  const std::string customer = NewCustomer();
  const std::string pm = SavedCard(customer, "pm_card_visa");
  ASSERT_THAT(engine_.payment_methods().Detach(pm), IsOk());
  PaymentIntentCreateParams params = PiParams(1000, pm);
  params.set_customer(customer);
  ExpectCreateRejected(params, "", "payment_method");
}

// ---- manual capture ----

TEST_F(PaymentIntentsTest, ManualCaptureInFull) {
  PaymentIntent pi = InRequiresCapture();
  EXPECT_EQ(pi.status(), "requires_capture");
  EXPECT_EQ(pi.capture_method(), "manual");
  EXPECT_EQ(pi.amount_capturable(), 1000);
  EXPECT_EQ(pi.amount_received(), 0);
  Charge held = MustRetrieveCharge(pi.latest_charge());
  EXPECT_FALSE(held.captured());
  EXPECT_EQ(held.status(), "succeeded");
  EXPECT_EQ(held.payment_method_details().card().capture_before(), kStart + kSevenDays);
  EXPECT_FALSE(held.has_balance_transaction());
  EXPECT_THAT(EventTypes(engine_), ElementsAre("payment_intent.created", "charge.succeeded",
                                               "payment_intent.amount_capturable_updated"));

  clock_.Advance(absl::Hours(5));
  absl::StatusOr<PaymentIntent> captured = engine_.payment_intents().Capture(pi.id(), {});
  ASSERT_THAT(captured, IsOk());
  EXPECT_EQ(captured->status(), "succeeded");
  EXPECT_EQ(captured->amount_capturable(), 0);
  EXPECT_EQ(captured->amount_received(), 1000);
  Charge charge = MustRetrieveCharge(pi.latest_charge());
  EXPECT_TRUE(charge.captured());
  EXPECT_EQ(charge.amount_captured(), 1000);
  EXPECT_EQ(charge.amount_refunded(), 0);
  EXPECT_TRUE(charge.has_balance_transaction());
  EXPECT_THAT(RefundsOf(engine_, charge.id()), IsEmpty());
  EXPECT_THAT(EventTypesAfter(engine_, 3),
              ElementsAre("charge.captured", "payment_intent.succeeded"));
}

TEST_F(PaymentIntentsTest, PartialCaptureFromBasilOnReleasesWithoutRefund) {
  PaymentIntent pi = InRequiresCapture();
  absl::StatusOr<PaymentIntent> captured =
      engine_.payment_intents().Capture(pi.id(), CaptureAmount(600));
  ASSERT_THAT(captured, IsOk());
  EXPECT_EQ(captured->status(), "succeeded");
  EXPECT_EQ(captured->amount_received(), 600);
  EXPECT_EQ(captured->amount_capturable(), 0);
  EXPECT_EQ(captured->amount(), 1000);
  Charge charge = MustRetrieveCharge(pi.latest_charge());
  EXPECT_EQ(charge.amount_captured(), 600);
  EXPECT_EQ(charge.amount_refunded(), 0);
  EXPECT_FALSE(charge.refunded());
  EXPECT_THAT(RefundsOf(engine_, charge.id()), IsEmpty());
  EXPECT_THAT(EventTypesAfter(engine_, 3),
              ElementsAre("charge.captured", "payment_intent.succeeded"));
}

TEST(PaymentIntentsPreBasil, PartialCaptureBeforeBasilRefundsTheRemainder) {
  FakeClock clock;
  Engine engine({.clock = &clock, .seed = 7, .api_version = kPreBasil});
  absl::StatusOr<PaymentIntent> pi =
      engine.payment_intents().Create(PiParams(1000, "pm_card_visa", "manual", true));
  ASSERT_THAT(pi, IsOk());
  absl::StatusOr<PaymentIntent> captured =
      engine.payment_intents().Capture(pi->id(), CaptureAmount(600));
  ASSERT_THAT(captured, IsOk());
  EXPECT_EQ(captured->amount_received(), 600);
  absl::StatusOr<Charge> charge = engine.charges().Retrieve(pi->latest_charge());
  ASSERT_THAT(charge, IsOk());
  EXPECT_EQ(charge->amount_captured(), 600);
  EXPECT_EQ(charge->amount_refunded(), 400);
  std::vector<Refund> refunds = RefundsOf(engine, charge->id());
  ASSERT_THAT(refunds, SizeIs(1));
  EXPECT_EQ(refunds[0].amount(), 400);
  EXPECT_EQ(refunds[0].payment_intent(), pi->id());
  EXPECT_THAT(EventTypesAfter(engine, 3),
              ElementsAre("charge.captured", "refund.created", "charge.refunded",
                          "payment_intent.succeeded"));
}

TEST(PaymentIntentsPreBasil, FullCaptureBeforeBasilCreatesNoRefund) {
  FakeClock clock;
  Engine engine({.clock = &clock, .seed = 7, .api_version = kPreBasil});
  absl::StatusOr<PaymentIntent> pi =
      engine.payment_intents().Create(PiParams(1000, "pm_card_visa", "manual", true));
  ASSERT_THAT(pi, IsOk());
  EXPECT_THAT(engine.payment_intents().Capture(pi->id(), {}),
              IsOkAndHolds(PiStatusIs("succeeded")));
  EXPECT_THAT(RefundsOf(engine, pi->latest_charge()), IsEmpty());
  EXPECT_THAT(EventTypesAfter(engine, 3),
              ElementsAre("charge.captured", "payment_intent.succeeded"));
}

TEST_F(PaymentIntentsTest, PartialCapturePinnedBeforeBasilRefundsTheRemainder) {
  PaymentIntent pi = InRequiresCapture();
  RequestOptions pinned;
  pinned.api_version = kPreBasil;
  ASSERT_THAT(engine_.payment_intents().Capture(pi.id(), CaptureAmount(250), pinned), IsOk());
  EXPECT_EQ(MustRetrieveCharge(pi.latest_charge()).amount_refunded(), 750);
}

TEST_F(PaymentIntentsTest, CaptureMoreThanCapturableIsRejected) {
  PaymentIntent pi = InRequiresCapture();
  const size_t events_before = engine_.events().size();
  absl::StatusOr<PaymentIntent> result =
      engine_.payment_intents().Capture(pi.id(), CaptureAmount(1001));
  EXPECT_THAT(result, StripeErrorWithParam("invalid_request_error", "amount_too_large",
                                           "amount_to_capture"));
  EXPECT_THAT(result, HttpStatusIs(400));
  EXPECT_EQ(MustRetrieve(pi.id()).SerializeAsString(), pi.SerializeAsString());
  EXPECT_EQ(engine_.events().size(), events_before);
  EXPECT_THAT(
      engine_.payment_intents().Capture(pi.id(), CaptureAmount(10)),
      StripeErrorWithParam("invalid_request_error", "amount_too_small", "amount_to_capture"));
  EXPECT_THAT(engine_.payment_intents().Capture(pi.id(), CaptureAmount(1000)), IsOk());
}

TEST_F(PaymentIntentsTest, CaptureSetsMetadataAndDescriptorSuffix) {
  PaymentIntent pi = InRequiresCapture();
  PaymentIntentCaptureParams params;
  params.set_statement_descriptor_suffix("SHIPPED");
  (*params.mutable_metadata())["shipment"] = "s1";
  absl::StatusOr<PaymentIntent> captured = engine_.payment_intents().Capture(pi.id(), params);
  ASSERT_THAT(captured, IsOk());
  EXPECT_EQ(captured->metadata().at("shipment"), "s1");
  EXPECT_EQ(captured->statement_descriptor_suffix(), "SHIPPED");
  EXPECT_EQ(MustRetrieveCharge(pi.latest_charge()).calculated_statement_descriptor(),
            "PAYSIM* SHIPPED");
}

// ---- the 7-day hold ----

TEST_F(PaymentIntentsTest, CaptureOneSecondBeforeSevenDaysSucceeds) {
  PaymentIntent pi = InRequiresCapture();
  clock_.Advance(7 * kDay - absl::Seconds(1));
  absl::StatusOr<PaymentIntent> captured = engine_.payment_intents().Capture(pi.id(), {});
  ASSERT_THAT(captured, IsOk());
  EXPECT_EQ(captured->status(), "succeeded");
  clock_.Advance(kDay);
  EXPECT_THAT(engine_.payment_intents().Retrieve(pi.id()), IsOkAndHolds(PiStatusIs("succeeded")));
  EXPECT_THAT(EventTypesAfter(engine_, 3),
              ElementsAre("charge.captured", "payment_intent.succeeded"));
}

TEST_F(PaymentIntentsTest, AtSevenDaysTheIntentIsCanceledAsExpired) {
  PaymentIntent pi = InRequiresCapture();
  clock_.Advance(7 * kDay);

  StripeError error = ExpectUnexpectedState(
      pi.id(), [&] { return engine_.payment_intents().Capture(pi.id(), {}); });
  EXPECT_EQ(error.message(),
            "This PaymentIntent could not be captured because it has a status of canceled. Only "
            "a PaymentIntent with one of the following statuses may be captured: "
            "requires_capture.");
  PaymentIntent after = MustRetrieve(pi.id());
  EXPECT_EQ(after.status(), "canceled");
  EXPECT_EQ(after.cancellation_reason(), "expired");
  EXPECT_EQ(after.canceled_at(), kStart + kSevenDays);
  EXPECT_EQ(after.amount_capturable(), 0);
  EXPECT_EQ(after.amount_received(), 0);
  Charge charge = MustRetrieveCharge(pi.latest_charge());
  EXPECT_FALSE(charge.captured());
  EXPECT_EQ(charge.amount_refunded(), 0);
  EXPECT_THAT(RefundsOf(engine_, charge.id()), IsEmpty());

  std::vector<Event> events = AllEvents(engine_);
  ASSERT_THAT(events, SizeIs(5));
  EXPECT_EQ(events[3].type(), "charge.expired");
  EXPECT_EQ(events[4].type(), "payment_intent.canceled");
  EXPECT_EQ(events[4].created(), kStart + kSevenDays);
  EXPECT_FALSE(events[4].request().has_id());  // automatic
  EXPECT_EQ(events[4].data().object().payment_intent().cancellation_reason(), "expired");
}

TEST(PaymentIntentsPreBasil, AtSevenDaysTheIntentIsCanceledAsAutomatic) {
  FakeClock clock;
  Engine engine({.clock = &clock, .seed = 7, .api_version = kPreBasil});
  absl::StatusOr<PaymentIntent> pi =
      engine.payment_intents().Create(PiParams(1000, "pm_card_visa", "manual", true));
  ASSERT_THAT(pi, IsOk());
  clock.Advance(7 * kDay - absl::Seconds(1));
  EXPECT_THAT(engine.payment_intents().Retrieve(pi->id()),
              IsOkAndHolds(PiStatusIs("requires_capture")));
  clock.Advance(absl::Seconds(1));

  EXPECT_THAT(engine.payment_intents().Capture(pi->id(), {}),
              StripeErrorIs("invalid_request_error", kUnexpected));
  absl::StatusOr<PaymentIntent> after = engine.payment_intents().Retrieve(pi->id());
  ASSERT_THAT(after, IsOk());
  EXPECT_EQ(after->status(), "canceled");
  EXPECT_EQ(after->cancellation_reason(), "automatic");
  EXPECT_EQ(after->canceled_at(), kStart + kSevenDays);
  absl::StatusOr<Charge> charge = engine.charges().Retrieve(pi->latest_charge());
  ASSERT_THAT(charge, IsOk());
  EXPECT_EQ(charge->amount_refunded(), 1000);
  EXPECT_THAT(EventTypesAfter(engine, 3),
              ElementsAre("charge.expired", "refund.created", "charge.refunded",
                          "payment_intent.canceled"));
}

TEST_F(PaymentIntentsTest, ExpiryFiresWithoutAnApiCall) {
  std::vector<std::string> delivered;
  engine_.events().Subscribe({"payment_intent.canceled", "charge.expired"},
                             [&](const Event& e) { delivered.push_back(e.type()); });
  InRequiresCapture();
  clock_.Advance(7 * kDay);
  engine_.FireDueTimers();
  EXPECT_THAT(delivered, ElementsAre("charge.expired", "payment_intent.canceled"));
}

TEST_F(PaymentIntentsTest, ExpiryLeavesAnIntentThatWasCanceledAlone) {
  PaymentIntent pi = InRequiresCapture();
  ASSERT_THAT(engine_.payment_intents().Cancel(pi.id(), {}), IsOk());
  clock_.Advance(8 * kDay);
  PaymentIntent after = MustRetrieve(pi.id());
  EXPECT_FALSE(after.has_cancellation_reason());
  EXPECT_EQ(after.canceled_at(), kStart);
  EXPECT_THAT(EventTypesAfter(engine_, 3), ElementsAre("payment_intent.canceled"));
}

// ---- cancel ----

TEST_F(PaymentIntentsTest, CancelFromEachOpenStatus) {
  for (const PaymentIntent& pi : {InRequiresPaymentMethod(), InRequiresConfirmation(),
                                  InRequiresAction(), InRequiresCapture()}) {
    SCOPED_TRACE(pi.status());
    const size_t events_before = engine_.events().size();
    absl::StatusOr<PaymentIntent> canceled =
        engine_.payment_intents().Cancel(pi.id(), CancelFor("requested_by_customer"));
    ASSERT_THAT(canceled, IsOk());
    EXPECT_EQ(canceled->status(), "canceled");
    EXPECT_EQ(canceled->cancellation_reason(), "requested_by_customer");
    EXPECT_EQ(canceled->canceled_at(), kStart);
    EXPECT_EQ(canceled->amount_capturable(), 0);
    EXPECT_FALSE(canceled->has_next_action());
    EXPECT_THAT(EventTypesAfter(engine_, events_before), ElementsAre("payment_intent.canceled"));
  }
}

TEST_F(PaymentIntentsTest, CancelWithoutReasonLeavesItNull) {
  PaymentIntent pi = InRequiresConfirmation();
  absl::StatusOr<PaymentIntent> canceled = engine_.payment_intents().Cancel(pi.id(), {});
  ASSERT_THAT(canceled, IsOk());
  EXPECT_FALSE(canceled->has_cancellation_reason());
  EXPECT_TRUE(canceled->has_canceled_at());
}

TEST_F(PaymentIntentsTest, CancelReleasesTheHold) {
  PaymentIntent pi = InRequiresCapture();
  ASSERT_THAT(engine_.payment_intents().Cancel(pi.id(), CancelFor("abandoned")), IsOk());
  Charge charge = MustRetrieveCharge(pi.latest_charge());
  EXPECT_FALSE(charge.captured());
  EXPECT_EQ(charge.amount_refunded(), 0);
  EXPECT_FALSE(charge.refunded());
  EXPECT_THAT(RefundsOf(engine_, charge.id()), IsEmpty());
  EXPECT_THAT(engine_.charges().Capture(charge.id(), {}),
              StripeErrorIs("invalid_request_error", "charge_already_refunded"));
}

TEST(PaymentIntentsPreBasil, CancelBeforeBasilRefundsTheHold) {
  FakeClock clock;
  Engine engine({.clock = &clock, .seed = 7, .api_version = kPreBasil});
  absl::StatusOr<PaymentIntent> pi =
      engine.payment_intents().Create(PiParams(1000, "pm_card_visa", "manual", true));
  ASSERT_THAT(pi, IsOk());
  ASSERT_THAT(engine.payment_intents().Cancel(pi->id(), CancelFor("duplicate")), IsOk());
  std::vector<Refund> refunds = RefundsOf(engine, pi->latest_charge());
  ASSERT_THAT(refunds, SizeIs(1));
  EXPECT_EQ(refunds[0].amount(), 1000);
  EXPECT_EQ(refunds[0].reason(), "duplicate");
  EXPECT_THAT(EventTypesAfter(engine, 3),
              ElementsAre("refund.created", "charge.refunded", "payment_intent.canceled"));
}

TEST_F(PaymentIntentsTest, CancelWithAnInvalidReasonIsRejected) {
  PaymentIntent pi = InRequiresConfirmation();
  EXPECT_THAT(engine_.payment_intents().Cancel(pi.id(), CancelFor("expired")),
              StripeErrorWithParam("invalid_request_error", "", "cancellation_reason"));
  EXPECT_THAT(engine_.payment_intents().Retrieve(pi.id()),
              IsOkAndHolds(PiStatusIs("requires_confirmation")));
}

// ---- illegal transitions: each fails, and changes nothing ----

TEST_F(PaymentIntentsTest, ConfirmingASucceededIntentIsRefused) {
  PaymentIntent pi = InSucceeded();
  StripeError error = ExpectUnexpectedState(
      pi.id(), [&] { return engine_.payment_intents().Confirm(pi.id(), ConfirmWith()); });
  EXPECT_EQ(error.message(),
            "You cannot confirm this PaymentIntent because it has already succeeded after being "
            "previously confirmed.");
}

TEST_F(PaymentIntentsTest, ConfirmingACanceledOrCapturableIntentIsRefused) {
  PaymentIntent canceled = InCanceled();
  StripeError error = ExpectUnexpectedState(canceled.id(), [&] {
    return engine_.payment_intents().Confirm(canceled.id(), ConfirmWith());
  });
  EXPECT_EQ(error.message(),
            "You cannot confirm this PaymentIntent because it has a status of canceled.");
  error = ExpectUnexpectedState(canceled.id(), [&] {
    return engine_.payment_intents().Confirm(canceled.id(), ConfirmWith("pm_card_visa"));
  });
  EXPECT_EQ(error.param(), "payment_method");
  EXPECT_THAT(error.message(), StartsWith("This PaymentIntent's payment_method could not be "
                                          "updated because it has a status of canceled."));
  PaymentIntent capturable = InRequiresCapture();
  ExpectUnexpectedState(capturable.id(), [&] {
    return engine_.payment_intents().Confirm(capturable.id(), ConfirmWith());
  });
}

TEST_F(PaymentIntentsTest, CapturingOutsideRequiresCaptureIsRefused) {
  for (const PaymentIntent& pi : {InRequiresPaymentMethod(), InRequiresConfirmation(),
                                  InRequiresAction(), InSucceeded(), InCanceled()}) {
    SCOPED_TRACE(pi.status());
    StripeError error = ExpectUnexpectedState(
        pi.id(), [&] { return engine_.payment_intents().Capture(pi.id(), {}); });
    EXPECT_EQ(error.message(),
              absl::StrCat("This PaymentIntent could not be captured because it has a status of ",
                           pi.status(),
                           ". Only a PaymentIntent with one of the following statuses may be "
                           "captured: requires_capture."));
  }
}

TEST_F(PaymentIntentsTest, CapturingTwiceIsRefused) {
  PaymentIntent pi = InRequiresCapture();
  ASSERT_THAT(engine_.payment_intents().Capture(pi.id(), {}), IsOk());
  ExpectUnexpectedState(pi.id(), [&] { return engine_.payment_intents().Capture(pi.id(), {}); });
  EXPECT_THAT(AllCharges(engine_), SizeIs(1));
}

TEST_F(PaymentIntentsTest, CancelingASucceededOrCanceledIntentIsRefused) {
  for (const PaymentIntent& pi : {InSucceeded(), InCanceled()}) {
    SCOPED_TRACE(pi.status());
    StripeError error = ExpectUnexpectedState(
        pi.id(), [&] { return engine_.payment_intents().Cancel(pi.id(), {}); });
    EXPECT_EQ(error.message(),
              absl::StrCat("You cannot cancel this PaymentIntent because it has a status of ",
                           pi.status(),
                           ". Only a PaymentIntent with one of the following statuses may be "
                           "canceled: requires_payment_method, requires_capture, "
                           "requires_confirmation, requires_action, processing."));
  }
}

TEST_F(PaymentIntentsTest, ChangingTheAmountAfterSuccessIsRefused) {
  PaymentIntent pi = InSucceeded();
  PaymentIntentUpdateParams params;
  params.set_amount(2000);
  StripeError error = ExpectUnexpectedState(
      pi.id(), [&] { return engine_.payment_intents().Update(pi.id(), params); });
  EXPECT_EQ(error.param(), "amount");
  EXPECT_EQ(error.message(),
            "This PaymentIntent's amount could not be updated because it has a status of "
            "succeeded. You may only update the amount of a PaymentIntent with one of the "
            "following statuses: requires_payment_method, requires_confirmation, "
            "requires_action.");
  PaymentIntentUpdateParams pm;
  pm.set_payment_method("pm_card_visa");
  const size_t pms_before = engine_.payment_methods().List({})->data.size();
  ExpectUnexpectedState(pi.id(), [&] { return engine_.payment_intents().Update(pi.id(), pm); });
  EXPECT_EQ(engine_.payment_methods().List({})->data.size(), pms_before);  // nothing minted
  PaymentIntent capturable = InRequiresCapture();
  ExpectUnexpectedState(capturable.id(),
                        [&] { return engine_.payment_intents().Update(capturable.id(), params); });
}

TEST_F(PaymentIntentsTest, UnknownIntentIsNotFound) {
  EXPECT_THAT(engine_.payment_intents().Retrieve("pi_missing"),
              StripeErrorWithParam("invalid_request_error", "resource_missing", "id"));
  EXPECT_THAT(engine_.payment_intents().Retrieve("pi_missing"), HttpStatusIs(404));
  EXPECT_THAT(engine_.payment_intents().Confirm("pi_missing", {}), HttpStatusIs(404));
  EXPECT_THAT(engine_.payment_intents().Capture("pi_missing", {}), HttpStatusIs(404));
  EXPECT_THAT(engine_.payment_intents().Cancel("pi_missing", {}), HttpStatusIs(404));
  EXPECT_THAT(engine_.payment_intents().Update("pi_missing", {}), HttpStatusIs(404));
}

// ---- update ----

TEST_F(PaymentIntentsTest, UpdateBeforePaymentChangesAmountAndDetailsWithoutEvents) {
  PaymentIntent pi = InRequiresConfirmation();
  PaymentIntentUpdateParams params;
  params.set_amount(2500);
  params.set_description("bigger order");
  (*params.mutable_metadata())["k"] = "v";
  params.set_capture_method("manual");
  absl::StatusOr<PaymentIntent> updated = engine_.payment_intents().Update(pi.id(), params);
  ASSERT_THAT(updated, IsOk());
  EXPECT_EQ(updated->amount(), 2500);
  EXPECT_EQ(updated->description(), "bigger order");
  EXPECT_EQ(updated->metadata().at("k"), "v");
  EXPECT_EQ(updated->status(), "requires_confirmation");
  EXPECT_EQ(updated->capture_method(), "manual");
  EXPECT_THAT(EventTypes(engine_), ElementsAre("payment_intent.created"));

  absl::StatusOr<PaymentIntent> confirmed =
      engine_.payment_intents().Confirm(pi.id(), ConfirmWith());
  ASSERT_THAT(confirmed, IsOk());
  EXPECT_EQ(confirmed->status(), "requires_capture");
  EXPECT_EQ(confirmed->amount_capturable(), 2500);
}

TEST_F(PaymentIntentsTest, UpdateAfterSuccessCanStillChangeDescriptionAndMetadata) {
  PaymentIntent pi = InSucceeded();
  PaymentIntentUpdateParams params;
  params.set_description("note");
  (*params.mutable_metadata())["k"] = "v";
  absl::StatusOr<PaymentIntent> updated = engine_.payment_intents().Update(pi.id(), params);
  ASSERT_THAT(updated, IsOk());
  EXPECT_EQ(updated->status(), "succeeded");
  EXPECT_EQ(updated->description(), "note");
}

TEST_F(PaymentIntentsTest, UpdatePaymentMethodAfterADeclineRequiresConfirmation) {
  absl::StatusOr<PaymentIntent> declined =
      engine_.payment_intents().Create(PiParams(1000, "pm_card_visa_chargeDeclined", "", true));
  const std::string id = ErrorOf(declined.status()).payment_intent();
  PaymentIntentUpdateParams params;
  params.set_payment_method("pm_card_visa");
  absl::StatusOr<PaymentIntent> updated = engine_.payment_intents().Update(id, params);
  ASSERT_THAT(updated, IsOk());
  EXPECT_EQ(updated->status(), "requires_confirmation");
  EXPECT_THAT(updated->payment_method(), StartsWith("pm_"));
  EXPECT_FALSE(updated->has_last_payment_error());  // cleared by any update
  EXPECT_THAT(engine_.payment_intents().Confirm(id, ConfirmWith()),
              IsOkAndHolds(PiStatusIs("succeeded")));
}

TEST_F(PaymentIntentsTest, UpdatePaymentMethodInRequiresActionDropsTheChallenge) {
  PaymentIntent pi = InRequiresAction();
  PaymentIntentUpdateParams params;
  params.set_payment_method("pm_card_visa");
  absl::StatusOr<PaymentIntent> updated = engine_.payment_intents().Update(pi.id(), params);
  ASSERT_THAT(updated, IsOk());
  EXPECT_EQ(updated->status(), "requires_confirmation");
  EXPECT_FALSE(updated->has_next_action());
  EXPECT_THAT(engine_.payment_intents().Confirm(pi.id(), ConfirmWith()),
              IsOkAndHolds(PiStatusIs("succeeded")));
}

TEST_F(PaymentIntentsTest, UpdateWithBadValuesChangesNothing) {
  PaymentIntent pi = InRequiresConfirmation();
  PaymentIntentUpdateParams small;
  small.set_amount(10);
  EXPECT_THAT(engine_.payment_intents().Update(pi.id(), small),
              StripeErrorWithParam("invalid_request_error", "amount_too_small", "amount"));
  PaymentIntentUpdateParams currency;
  currency.set_currency("czk");  // 1000 is below czk's minimum of 1500
  EXPECT_THAT(engine_.payment_intents().Update(pi.id(), currency),
              StripeErrorWithParam("invalid_request_error", "amount_too_small", "amount"));
  PaymentIntentUpdateParams method;
  method.set_capture_method("never");
  EXPECT_THAT(engine_.payment_intents().Update(pi.id(), method),
              StripeErrorWithParam("invalid_request_error", "", "capture_method"));
  EXPECT_EQ(MustRetrieve(pi.id()).SerializeAsString(), pi.SerializeAsString());
}

// ---- list, idempotency ----

TEST_F(PaymentIntentsTest, ListIsNewestFirstAndFiltersByCustomer) {
  const std::string customer = NewCustomer();
  PaymentIntentCreateParams mine = PiParams(1000);
  mine.set_customer(customer);
  PaymentIntent first = MustCreate(mine);
  PaymentIntent other = MustCreate(PiParams(1000));
  PaymentIntent second = MustCreate(mine);
  std::vector<PaymentIntent> all = AllIntents(engine_);
  ASSERT_THAT(all, SizeIs(3));
  EXPECT_EQ(all[0].id(), second.id());
  EXPECT_EQ(all[2].id(), first.id());
  PaymentIntentListParams params;
  params.set_customer(customer);
  absl::StatusOr<ListResult<PaymentIntent>> page = engine_.payment_intents().List(params);
  ASSERT_THAT(page, IsOk());
  ASSERT_THAT(page->data, SizeIs(2));
  EXPECT_EQ(page->data[0].id(), second.id());
  EXPECT_EQ(page->data[1].id(), first.id());
  EXPECT_EQ(page->url, "/v1/payment_intents");
  params.set_limit(0);
  EXPECT_THAT(engine_.payment_intents().List(params),
              StripeErrorWithParam("invalid_request_error", "", "limit"));
}

TEST_F(PaymentIntentsTest, SameKeyReplaysTheCreate) {
  RequestOptions options;
  options.idempotency_key = "order-1";
  PaymentIntent first = MustCreate(PiParams(1000, "pm_card_visa", "", true), options);
  bool replayed = false;
  options.idempotent_replayed = &replayed;
  PaymentIntent second = MustCreate(PiParams(1000, "pm_card_visa", "", true), options);
  EXPECT_TRUE(replayed);
  EXPECT_EQ(first.SerializeAsString(), second.SerializeAsString());
  EXPECT_THAT(AllIntents(engine_), SizeIs(1));
  EXPECT_THAT(AllCharges(engine_), SizeIs(1));
  EXPECT_THAT(engine_.payment_intents().Create(PiParams(2000), options),
              StripeErrorIs("idempotency_error", ""));
}

TEST_F(PaymentIntentsTest, DeclinedConfirmWithKeyReplaysThe402) {
  PaymentIntent pi = MustCreate(PiParams(1000, "pm_card_visa_chargeDeclined"));
  RequestOptions options;
  options.idempotency_key = "confirm-1";
  absl::StatusOr<PaymentIntent> first =
      engine_.payment_intents().Confirm(pi.id(), ConfirmWith(), options);
  absl::StatusOr<PaymentIntent> second =
      engine_.payment_intents().Confirm(pi.id(), ConfirmWith(), options);
  EXPECT_THAT(second, StripeErrorIs("card_error", "card_declined", "generic_decline"));
  EXPECT_EQ(ErrorOf(first.status()).charge(), ErrorOf(second.status()).charge());
  EXPECT_THAT(AllCharges(engine_), SizeIs(1));
}

// ---- JSON ----

TEST_F(PaymentIntentsTest, LastPaymentErrorRendersAsStripeErrorBody) {
  absl::StatusOr<PaymentIntent> declined =
      engine_.payment_intents().Create(PiParams(1000, "pm_card_visa_chargeDeclined", "", true));
  PaymentIntent pi = MustRetrieve(ErrorOf(declined.status()).payment_intent());
  Json json = ToJson(pi);
  ASSERT_TRUE(json["last_payment_error"].is_object());
  const Json& error = json["last_payment_error"];
  EXPECT_EQ(error["type"], "card_error");
  EXPECT_EQ(error["code"], "card_declined");
  EXPECT_EQ(error["decline_code"], "generic_decline");
  EXPECT_EQ(error["charge"], pi.latest_charge());
  EXPECT_FALSE(error.contains("payment_intent"));
  EXPECT_FALSE(error.contains("param"));
  EXPECT_FALSE(error.contains("http_status"));
  EXPECT_TRUE(json["payment_method"].is_null());
  EXPECT_TRUE(json["next_action"].is_null());
  EXPECT_FALSE(json.contains("off_session"));
  EXPECT_FALSE(json.contains("three_d_secure_authenticated"));

  PaymentIntent fresh = InRequiresPaymentMethod();
  EXPECT_TRUE(ToJson(fresh)["last_payment_error"].is_null());
}

// ---- determinism ----

std::vector<std::string> RunScenario(uint64_t seed) {
  FakeClock clock;
  Engine engine({.clock = &clock, .seed = seed});
  std::vector<std::string> out;
  auto& intents = engine.payment_intents();
  intents.Create(PiParams(1000, "pm_card_visa", "", true)).IgnoreError();
  absl::StatusOr<PaymentIntent> held =
      intents.Create(PiParams(2000, "pm_card_visa", "manual", true));
  absl::StatusOr<PaymentIntent> action =
      intents.Create(PiParams(3000, "pm_card_authenticationRequired", "", true));
  intents.Create(PiParams(3000, "pm_card_visa_chargeDeclined", "", true)).IgnoreError();
  clock.Advance(absl::Hours(1));
  if (action.ok()) intents.CompleteThreeDSecure(action->id()).IgnoreError();
  if (held.ok()) intents.Capture(held->id(), CaptureAmount(1500)).IgnoreError();
  intents.Create(PiParams(700, "pm_card_mastercard", "manual", true)).IgnoreError();
  clock.Advance(8 * kDay);
  for (const PaymentIntent& pi : AllIntents(engine)) out.push_back(pi.SerializeAsString());
  for (const Charge& charge : AllCharges(engine)) out.push_back(charge.SerializeAsString());
  for (const Event& event : AllEvents(engine)) out.push_back(event.SerializeAsString());
  return out;
}

TEST(PaymentIntentsDeterminismTest, SameSeedSameIntentsChargesAndEvents) {
  std::vector<std::string> first = RunScenario(42);
  std::vector<std::string> second = RunScenario(42);
  ASSERT_THAT(first, SizeIs(::testing::Gt(15u)));
  EXPECT_EQ(first, second);
}

TEST(PaymentIntentsDeterminismTest, DifferentSeedsGiveDifferentIds) {
  std::vector<std::string> first = RunScenario(42);
  std::vector<std::string> second = RunScenario(43);
  ASSERT_EQ(first.size(), second.size());
  EXPECT_NE(first, second);
}

}  // namespace
}  // namespace paysim
