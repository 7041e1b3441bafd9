// Behaviour tests of the SetupIntents lifecycle: create and validation, confirmation with and
// without a customer, usage, 3D Secure on setup for each card, declines and recovery, cancel,
// every illegal transition, list, events, idempotency and determinism.
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
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
constexpr char kUnexpected[] = "setup_intent_unexpected_state";

SetupIntentCreateParams SiParams(const std::string& payment_method = "",
                                 const std::string& customer = "", bool confirm = false) {
  SetupIntentCreateParams params;
  if (!payment_method.empty()) params.set_payment_method(payment_method);
  if (!customer.empty()) params.set_customer(customer);
  if (confirm) params.set_confirm(true);
  return params;
}

SetupIntentConfirmParams ConfirmWith(const std::string& payment_method = "") {
  SetupIntentConfirmParams params;
  if (!payment_method.empty()) params.set_payment_method(payment_method);
  return params;
}

StripeError ErrorOf(const absl::Status& status) {
  absl::optional<StripeError> error = GetStripeError(status);
  EXPECT_TRUE(error.has_value()) << status;
  return error.value_or(StripeError());
}

std::vector<std::string> EventTypes(Engine& engine) {
  EventListParams params;
  params.set_limit(100);
  absl::StatusOr<ListResult<Event>> page = engine.events().List(params);
  EXPECT_THAT(page, IsOk());
  std::vector<std::string> types;
  if (!page.ok()) return types;
  for (auto it = page->data.rbegin(); it != page->data.rend(); ++it) types.push_back(it->type());
  return types;
}

std::vector<std::string> EventTypesAfter(Engine& engine, size_t skip) {
  std::vector<std::string> types = EventTypes(engine);
  return std::vector<std::string>(types.begin() + std::min(skip, types.size()), types.end());
}

std::vector<SetupIntent> AllIntents(Engine& engine) {
  SetupIntentListParams params;
  params.set_limit(100);
  absl::StatusOr<ListResult<SetupIntent>> page = engine.setup_intents().List(params);
  EXPECT_THAT(page, IsOk());
  return page.ok() ? page->data : std::vector<SetupIntent>();
}

MATCHER_P(SiStatusIs, status, std::string("is a SetupIntent with status ") + status) {
  *result_listener << "SetupIntent " << arg.id() << " has status " << arg.status();
  return arg.status() == std::string(status);
}

class SetupIntentsTest : public ::testing::Test {
 protected:
  SetupIntent MustCreate(const SetupIntentCreateParams& params,
                         const RequestOptions& options = {}) {
    absl::StatusOr<SetupIntent> si = engine_.setup_intents().Create(params, options);
    EXPECT_THAT(si, IsOk());
    return si.value_or(SetupIntent());
  }

  SetupIntent MustRetrieve(const std::string& id) {
    absl::StatusOr<SetupIntent> si = engine_.setup_intents().Retrieve(id);
    EXPECT_THAT(si, IsOk());
    return si.value_or(SetupIntent());
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

  void ExpectCreateRejected(const SetupIntentCreateParams& params, const std::string& code,
                            const std::string& param) {
    const size_t events_before = engine_.events().size();
    absl::StatusOr<SetupIntent> result = engine_.setup_intents().Create(params);
    EXPECT_THAT(result, StripeErrorWithParam("invalid_request_error", code, param));
    EXPECT_THAT(result, HttpStatusIs(400));
    EXPECT_THAT(AllIntents(engine_), IsEmpty());
    EXPECT_EQ(engine_.events().size(), events_before);
  }

  // `call` fails with setup_intent_unexpected_state and changes nothing. Returns the error.
  template <typename Call>
  StripeError ExpectUnexpectedState(const std::string& id, Call call) {
    const SetupIntent before = MustRetrieve(id);
    const size_t events_before = engine_.events().size();
    absl::StatusOr<SetupIntent> result = call();
    EXPECT_THAT(result, StripeErrorIs("invalid_request_error", kUnexpected));
    EXPECT_THAT(result, HttpStatusIs(400));
    EXPECT_EQ(MustRetrieve(id).SerializeAsString(), before.SerializeAsString());
    EXPECT_EQ(engine_.events().size(), events_before);
    StripeError error = ErrorOf(result.status());
    EXPECT_EQ(error.setup_intent(), id);
    return error;
  }

  SetupIntent InRequiresPaymentMethod() { return MustCreate(SiParams()); }
  SetupIntent InRequiresConfirmation() { return MustCreate(SiParams("pm_card_visa")); }
  SetupIntent InRequiresAction() {
    return MustCreate(SiParams("pm_card_authenticationRequired", "", true));
  }
  SetupIntent InSucceeded() { return MustCreate(SiParams("pm_card_visa", "", true)); }
  SetupIntent InCanceled() {
    SetupIntent si = InRequiresConfirmation();
    EXPECT_THAT(engine_.setup_intents().Cancel(si.id(), {}), IsOk());
    return MustRetrieve(si.id());
  }

  FakeClock clock_;
  Engine engine_{{.clock = &clock_, .seed = 11}};
};

// ---- create ----

TEST_F(SetupIntentsTest, CreateWithoutPaymentMethodRequiresOne) {
  SetupIntentCreateParams params = SiParams();
  params.set_description("save a card");
  (*params.mutable_metadata())["k"] = "v";
  SetupIntent si = MustCreate(params);

  EXPECT_THAT(si.id(), StartsWith("seti_"));
  EXPECT_EQ(si.id().size(), 5u + 24u);
  EXPECT_EQ(si.object(), "setup_intent");
  EXPECT_THAT(si.client_secret(), StartsWith(si.id() + "_secret_"));
  EXPECT_EQ(si.client_secret().size(), si.id().size() + 8u + 24u);
  EXPECT_EQ(si.status(), "requires_payment_method");
  EXPECT_EQ(si.usage(), "off_session");
  EXPECT_EQ(si.created(), kStart);
  EXPECT_THAT(si.payment_method_types(), ElementsAre("card"));
  EXPECT_EQ(si.description(), "save a card");
  EXPECT_EQ(si.metadata().at("k"), "v");
  EXPECT_FALSE(si.livemode());
  EXPECT_FALSE(si.has_payment_method());
  EXPECT_FALSE(si.has_last_setup_error());
  EXPECT_FALSE(si.has_next_action());
  EXPECT_FALSE(si.has_cancellation_reason());
  EXPECT_THAT(engine_.setup_intents().Retrieve(si.id()),
              IsOkAndHolds(Property(&SetupIntent::SerializeAsString, si.SerializeAsString())));
  EXPECT_THAT(EventTypes(engine_), ElementsAre("setup_intent.created"));
}

TEST_F(SetupIntentsTest, PmCardNameMintsAPaymentMethodAndRequiresConfirmation) {
  SetupIntent si = InRequiresConfirmation();
  EXPECT_EQ(si.status(), "requires_confirmation");
  EXPECT_THAT(si.payment_method(), StartsWith("pm_"));
  EXPECT_EQ(MustRetrievePm(si.payment_method()).card().last4(), "4242");
}

TEST_F(SetupIntentsTest, ValidationRejectsAndCreatesNothing) {
  SetupIntentCreateParams usage = SiParams();
  usage.set_usage("sometimes");
  ExpectCreateRejected(usage, "", "usage");
  SetupIntentCreateParams url = SiParams("pm_card_visa");
  url.set_return_url("https://shop.example/done");
  ExpectCreateRejected(url, "", "return_url");
  ExpectCreateRejected(SiParams("", "cus_missing"), "resource_missing", "customer");
  ExpectCreateRejected(SiParams("pm_missing"), "resource_missing", "payment_method");
  {
    const size_t events_before = engine_.events().size();
    absl::StatusOr<SetupIntent> result = engine_.setup_intents().Create(SiParams("", "", true));
    EXPECT_THAT(result, StripeErrorIs("invalid_request_error", kUnexpected));
    EXPECT_THAT(result, HttpStatusIs(400));
    EXPECT_THAT(result.status().ToString(), HasSubstr("missing a payment method"));
    EXPECT_THAT(AllIntents(engine_), IsEmpty());
    EXPECT_EQ(engine_.events().size(), events_before);
  }
  SetupIntentCreateParams types = SiParams();
  types.add_payment_method_types("card");
  types.add_payment_method_types("ideal");
  ExpectCreateRejected(types, "", "payment_method_types[1]");
  SetupIntentCreateParams metadata = SiParams();
  (*metadata.mutable_metadata())["a[b]"] = "v";
  ExpectCreateRejected(metadata, "", "metadata[a[b]]");
}

// ---- confirm ----

TEST_F(SetupIntentsTest, ConfirmWithCustomerAttachesAndSetsUpForOffSession) {
  const std::string customer = NewCustomer();
  const size_t events_before = engine_.events().size();
  SetupIntent si = MustCreate(SiParams("pm_card_visa", customer, true));

  EXPECT_EQ(si.status(), "succeeded");
  EXPECT_EQ(si.customer(), customer);
  EXPECT_FALSE(si.has_next_action());
  PaymentMethod pm = MustRetrievePm(si.payment_method());
  EXPECT_EQ(pm.customer(), customer);
  EXPECT_TRUE(pm.setup_for_off_session());
  EXPECT_EQ(pm.card().checks().cvc_check(), "pass");
  EXPECT_THAT(
      EventTypesAfter(engine_, events_before),
      ElementsAre("setup_intent.created", "payment_method.attached", "setup_intent.succeeded"));
  // No money moves on setup.
  EXPECT_TRUE(engine_.charges().List({})->data.empty());
}

TEST_F(SetupIntentsTest, CreateThenConfirm) {
  SetupIntent si = InRequiresConfirmation();
  absl::StatusOr<SetupIntent> confirmed = engine_.setup_intents().Confirm(si.id(), ConfirmWith());
  ASSERT_THAT(confirmed, IsOk());
  EXPECT_EQ(confirmed->status(), "succeeded");
  EXPECT_EQ(confirmed->payment_method(), si.payment_method());
  EXPECT_THAT(EventTypes(engine_), ElementsAre("setup_intent.created", "setup_intent.succeeded"));
}

TEST_F(SetupIntentsTest, ConfirmCanGiveThePaymentMethod) {
  SetupIntent si = InRequiresPaymentMethod();
  EXPECT_THAT(engine_.setup_intents().Confirm(si.id(), ConfirmWith("pm_card_mastercard")),
              IsOkAndHolds(SiStatusIs("succeeded")));
}

TEST_F(SetupIntentsTest, WithoutCustomerNothingIsAttached) {
  SetupIntent si = InSucceeded();
  PaymentMethod pm = MustRetrievePm(si.payment_method());
  EXPECT_FALSE(pm.has_customer());
  EXPECT_TRUE(pm.setup_for_off_session());
  EXPECT_THAT(EventTypes(engine_), ElementsAre("setup_intent.created", "setup_intent.succeeded"));
}

TEST_F(SetupIntentsTest, OnSessionUsageDoesNotSetUpForOffSession) {
  const std::string customer = NewCustomer();
  SetupIntentCreateParams params = SiParams("pm_card_visa", customer, true);
  params.set_usage("on_session");
  SetupIntent si = MustCreate(params);
  EXPECT_EQ(si.usage(), "on_session");
  EXPECT_EQ(si.status(), "succeeded");
  PaymentMethod pm = MustRetrievePm(si.payment_method());
  EXPECT_EQ(pm.customer(), customer);
  EXPECT_FALSE(pm.setup_for_off_session());
}

TEST_F(SetupIntentsTest, AlreadyAttachedPaymentMethodIsNotAttachedAgain) {
  const std::string customer = NewCustomer();
  PaymentMethodAttachParams attach;
  attach.set_customer(customer);
  absl::StatusOr<PaymentMethod> pm = engine_.payment_methods().Attach("pm_card_visa", attach);
  ASSERT_THAT(pm, IsOk());
  const size_t events_before = engine_.events().size();
  SetupIntent si = MustCreate(SiParams(pm->id(), customer, true));
  EXPECT_EQ(si.status(), "succeeded");
  EXPECT_THAT(EventTypesAfter(engine_, events_before),
              ElementsAre("setup_intent.created", "setup_intent.succeeded"));
  // Another customer's card is refused.
  EXPECT_THAT(engine_.setup_intents().Create(SiParams(pm->id(), NewCustomer())),
              StripeErrorWithParam("invalid_request_error", "", "payment_method"));
  EXPECT_THAT(AllIntents(engine_), SizeIs(1));
}

// ---- 3D Secure on setup ----

class SetupThreeDSecureTest : public SetupIntentsTest,
                              public ::testing::WithParamInterface<std::string> {};

TEST_P(SetupThreeDSecureTest, CardAsksForAuthenticationOnSetup) {
  const std::string customer = NewCustomer();
  SetupIntent si = MustCreate(SiParams(GetParam(), customer, true));
  EXPECT_EQ(si.status(), "requires_action");
  ASSERT_TRUE(si.has_next_action());
  EXPECT_EQ(si.next_action().type(), "use_stripe_sdk");
  EXPECT_THAT(si.next_action().use_stripe_sdk().stripe_js(), HasSubstr(si.id()));
  EXPECT_FALSE(MustRetrievePm(si.payment_method()).has_customer());
  EXPECT_THAT(EventTypesAfter(engine_, 1),
              ElementsAre("setup_intent.created", "setup_intent.requires_action"));

  absl::StatusOr<SetupIntent> done = engine_.setup_intents().CompleteThreeDSecure(si.id());
  ASSERT_THAT(done, IsOk());
  EXPECT_EQ(done->status(), "succeeded");
  EXPECT_FALSE(done->has_next_action());
  PaymentMethod pm = MustRetrievePm(si.payment_method());
  EXPECT_EQ(pm.customer(), customer);
  EXPECT_TRUE(pm.setup_for_off_session());
  EXPECT_THAT(EventTypesAfter(engine_, 3),
              ElementsAre("payment_method.attached", "setup_intent.succeeded"));
}

INSTANTIATE_TEST_SUITE_P(
    Cards, SetupThreeDSecureTest,
    ::testing::Values("pm_card_authenticationRequired", "pm_card_authenticationRequiredOnSetup",
                      "pm_card_authenticationRequiredSetupForOffSession",
                      "pm_card_threeDSecure2Required",
                      "pm_card_authenticationRequiredChargeDeclinedInsufficientFunds"));

TEST_F(SetupIntentsTest, CardsWithoutRequiredAuthenticationSucceedAtOnce) {
  for (const char* card : {"pm_card_visa", "pm_card_threeDSecureOptional",
                           "pm_card_amex_threeDSecureNotSupported", "pm_card_chargeCustomerFail"}) {
    SCOPED_TRACE(card);
    EXPECT_THAT(engine_.setup_intents().Create(SiParams(card, NewCustomer(), true)),
                IsOkAndHolds(SiStatusIs("succeeded")));
  }
}

TEST_F(SetupIntentsTest, ReturnUrlGivesARedirect) {
  SetupIntentCreateParams params = SiParams("pm_card_authenticationRequired", "", true);
  params.set_return_url("https://shop.example/saved");
  SetupIntent si = MustCreate(params);
  EXPECT_EQ(si.next_action().type(), "redirect_to_url");
  EXPECT_EQ(si.next_action().redirect_to_url().return_url(), "https://shop.example/saved");
  EXPECT_THAT(si.next_action().redirect_to_url().url(),
              StartsWith("https://hooks.stripe.com/3d_secure_2/hosted?"));
}

TEST_F(SetupIntentsTest, CustomerFailsThreeDSecure) {
  SetupIntent si = InRequiresAction();
  absl::StatusOr<SetupIntent> failed = engine_.setup_intents().FailThreeDSecure(si.id());
  ASSERT_THAT(failed, IsOk());
  EXPECT_EQ(failed->status(), "requires_payment_method");
  EXPECT_FALSE(failed->has_payment_method());
  EXPECT_FALSE(failed->has_next_action());
  EXPECT_EQ(failed->last_setup_error().code(), "setup_intent_authentication_failure");
  EXPECT_EQ(failed->last_setup_error().payment_method(), si.payment_method());
  EXPECT_FALSE(failed->last_setup_error().has_setup_intent());
  EXPECT_FALSE(MustRetrievePm(si.payment_method()).setup_for_off_session());
  EXPECT_THAT(EventTypes(engine_),
              ElementsAre("setup_intent.created", "setup_intent.requires_action",
                          "setup_intent.setup_failed"));

  absl::StatusOr<SetupIntent> retried =
      engine_.setup_intents().Confirm(si.id(), ConfirmWith("pm_card_visa"));
  ASSERT_THAT(retried, IsOk());
  EXPECT_EQ(retried->status(), "succeeded");
  EXPECT_FALSE(retried->has_last_setup_error());
}

TEST_F(SetupIntentsTest, PaymentMethodDetachedDuringAuthenticationFailsTheSetup) {
  const std::string customer = NewCustomer();
  PaymentMethodCreateParams card;
  card.set_type("card");
  card.mutable_card()->set_number("4000002760003184");  // always asks for authentication
  card.mutable_card()->set_exp_month(12);
  card.mutable_card()->set_exp_year(2030);
  absl::StatusOr<PaymentMethod> pm = engine_.payment_methods().Create(card);
  ASSERT_THAT(pm, IsOk());
  PaymentMethodAttachParams attach;
  attach.set_customer(customer);
  ASSERT_THAT(engine_.payment_methods().Attach(pm->id(), attach), IsOk());
  SetupIntent si = MustCreate(SiParams(pm->id(), customer, true));
  ASSERT_EQ(si.status(), "requires_action");
  ASSERT_THAT(engine_.payment_methods().Detach(pm->id()), IsOk());

  absl::StatusOr<SetupIntent> completed = engine_.setup_intents().CompleteThreeDSecure(si.id());
  ASSERT_THAT(completed, IsOk());
  EXPECT_EQ(completed->status(), "requires_payment_method");
  EXPECT_EQ(completed->last_setup_error().param(), "payment_method");
  EXPECT_THAT(completed->last_setup_error().message(), HasSubstr("may not be used again"));
  PaymentMethod after = MustRetrievePm(pm->id());
  EXPECT_FALSE(after.has_customer());
  EXPECT_TRUE(after.detached());
}

TEST_F(SetupIntentsTest, ThreeDSecureRequiredChargeDeclinedFailsAfterAuthentication) {
  SetupIntent si = MustCreate(SiParams("pm_card_threeDSecureRequiredChargeDeclined", "", true));
  ASSERT_EQ(si.status(), "requires_action");
  absl::StatusOr<SetupIntent> done = engine_.setup_intents().CompleteThreeDSecure(si.id());
  ASSERT_THAT(done, IsOk());
  EXPECT_EQ(done->status(), "requires_payment_method");
  EXPECT_EQ(done->last_setup_error().code(), "card_declined");
  EXPECT_EQ(done->last_setup_error().decline_code(), "generic_decline");
  EXPECT_THAT(EventTypesAfter(engine_, 2), ElementsAre("setup_intent.setup_failed"));
}

TEST_F(SetupIntentsTest, ThreeDSecureHelpersNeedRequiresAction) {
  for (const SetupIntent& si :
       {InRequiresPaymentMethod(), InRequiresConfirmation(), InSucceeded(), InCanceled()}) {
    SCOPED_TRACE(si.status());
    ExpectUnexpectedState(si.id(),
                          [&] { return engine_.setup_intents().CompleteThreeDSecure(si.id()); });
    ExpectUnexpectedState(si.id(),
                          [&] { return engine_.setup_intents().FailThreeDSecure(si.id()); });
  }
}

// ---- declines ----

TEST_F(SetupIntentsTest, DecliningCardFailsTheSetup) {
  const std::string customer = NewCustomer();
  SetupIntent si = MustCreate(SiParams("pm_card_visa_chargeDeclinedInsufficientFunds", customer));
  const std::string pm = si.payment_method();
  const size_t events_before = engine_.events().size();

  absl::StatusOr<SetupIntent> result = engine_.setup_intents().Confirm(si.id(), ConfirmWith());
  EXPECT_THAT(result, StripeErrorIs("card_error", "card_declined", "insufficient_funds"));
  EXPECT_THAT(result, HttpStatusIs(402));
  StripeError error = ErrorOf(result.status());
  EXPECT_EQ(error.setup_intent(), si.id());
  EXPECT_EQ(error.payment_method(), pm);
  EXPECT_EQ(error.doc_url(), "https://stripe.com/docs/error-codes/card-declined");
  EXPECT_FALSE(error.has_charge());

  SetupIntent after = MustRetrieve(si.id());
  EXPECT_EQ(after.status(), "requires_payment_method");
  EXPECT_FALSE(after.has_payment_method());
  EXPECT_EQ(after.last_setup_error().code(), "card_declined");
  EXPECT_EQ(after.last_setup_error().decline_code(), "insufficient_funds");
  EXPECT_EQ(after.last_setup_error().payment_method(), pm);
  EXPECT_FALSE(after.last_setup_error().has_setup_intent());
  EXPECT_EQ(after.last_setup_error().http_status(), 0);
  EXPECT_FALSE(MustRetrievePm(pm).has_customer());
  EXPECT_THAT(EventTypesAfter(engine_, events_before), ElementsAre("setup_intent.setup_failed"));

  // Another card then succeeds.
  absl::StatusOr<SetupIntent> retried =
      engine_.setup_intents().Confirm(si.id(), ConfirmWith("pm_card_visa"));
  ASSERT_THAT(retried, IsOk());
  EXPECT_EQ(retried->status(), "succeeded");
  EXPECT_EQ(MustRetrievePm(retried->payment_method()).customer(), customer);
}

TEST_F(SetupIntentsTest, DeclineOnCreateKeepsTheIntent) {
  absl::StatusOr<SetupIntent> result =
      engine_.setup_intents().Create(SiParams("pm_card_radarBlock", "", true));
  EXPECT_THAT(result, StripeErrorIs("card_error", "card_declined", "fraudulent"));
  std::vector<SetupIntent> all = AllIntents(engine_);
  ASSERT_THAT(all, SizeIs(1));
  EXPECT_EQ(all[0].id(), ErrorOf(result.status()).setup_intent());
  EXPECT_EQ(all[0].status(), "requires_payment_method");
  EXPECT_THAT(EventTypes(engine_),
              ElementsAre("setup_intent.created", "setup_intent.setup_failed"));
}

// ---- cancel and illegal transitions ----

TEST_F(SetupIntentsTest, CancelFromEachOpenStatus) {
  for (const SetupIntent& si :
       {InRequiresPaymentMethod(), InRequiresConfirmation(), InRequiresAction()}) {
    SCOPED_TRACE(si.status());
    const size_t events_before = engine_.events().size();
    SetupIntentCancelParams params;
    params.set_cancellation_reason("abandoned");
    absl::StatusOr<SetupIntent> canceled = engine_.setup_intents().Cancel(si.id(), params);
    ASSERT_THAT(canceled, IsOk());
    EXPECT_EQ(canceled->status(), "canceled");
    EXPECT_EQ(canceled->cancellation_reason(), "abandoned");
    EXPECT_FALSE(canceled->has_next_action());
    EXPECT_THAT(EventTypesAfter(engine_, events_before), ElementsAre("setup_intent.canceled"));
  }
}

TEST_F(SetupIntentsTest, CancelWithAnInvalidReasonIsRejected) {
  SetupIntent si = InRequiresConfirmation();
  SetupIntentCancelParams params;
  params.set_cancellation_reason("fraudulent");
  EXPECT_THAT(engine_.setup_intents().Cancel(si.id(), params),
              StripeErrorWithParam("invalid_request_error", "", "cancellation_reason"));
  EXPECT_EQ(MustRetrieve(si.id()).status(), "requires_confirmation");
}

TEST_F(SetupIntentsTest, CancelingASucceededOrCanceledIntentIsRefused) {
  for (const SetupIntent& si : {InSucceeded(), InCanceled()}) {
    SCOPED_TRACE(si.status());
    StripeError error =
        ExpectUnexpectedState(si.id(), [&] { return engine_.setup_intents().Cancel(si.id(), {}); });
    EXPECT_EQ(error.message(),
              absl::StrCat("You cannot cancel this SetupIntent because it has a status of ",
                           si.status(),
                           ". Only a SetupIntent with one of the following statuses may be "
                           "canceled: requires_payment_method, requires_confirmation, "
                           "requires_action."));
  }
}

TEST_F(SetupIntentsTest, ConfirmingASucceededOrCanceledIntentIsRefused) {
  for (const SetupIntent& si : {InSucceeded(), InCanceled()}) {
    SCOPED_TRACE(si.status());
    const StripeError error = ExpectUnexpectedState(
        si.id(), [&] { return engine_.setup_intents().Confirm(si.id(), ConfirmWith()); });
    EXPECT_EQ(error.message(),
              si.status() == "succeeded"
                  ? "You cannot confirm this SetupIntent because it has already succeeded."
                  : "You cannot confirm this SetupIntent because it has a status of canceled.");
    ExpectUnexpectedState(si.id(), [&] {
      return engine_.setup_intents().Confirm(si.id(), ConfirmWith("pm_card_visa"));
    });
  }
}

TEST_F(SetupIntentsTest, ConfirmWithoutAnyPaymentMethodIsRefused) {
  SetupIntent si = InRequiresPaymentMethod();
  StripeError error = ExpectUnexpectedState(
      si.id(), [&] { return engine_.setup_intents().Confirm(si.id(), ConfirmWith()); });
  EXPECT_THAT(error.message(), HasSubstr("missing a payment method"));
}

TEST_F(SetupIntentsTest, UnknownIntentIsNotFound) {
  EXPECT_THAT(engine_.setup_intents().Retrieve("seti_missing"), HttpStatusIs(404));
  EXPECT_THAT(engine_.setup_intents().Confirm("seti_missing", {}), HttpStatusIs(404));
  EXPECT_THAT(engine_.setup_intents().Cancel("seti_missing", {}), HttpStatusIs(404));
  EXPECT_THAT(engine_.setup_intents().CompleteThreeDSecure("seti_missing"), HttpStatusIs(404));
}

// ---- list, idempotency, determinism ----

TEST_F(SetupIntentsTest, ListFiltersByCustomerAndPaymentMethod) {
  const std::string customer = NewCustomer();
  SetupIntent first = MustCreate(SiParams("pm_card_visa", customer));
  SetupIntent other = MustCreate(SiParams("pm_card_visa"));
  SetupIntent second = MustCreate(SiParams("", customer));
  SetupIntentListParams by_customer;
  by_customer.set_customer(customer);
  absl::StatusOr<ListResult<SetupIntent>> page = engine_.setup_intents().List(by_customer);
  ASSERT_THAT(page, IsOk());
  ASSERT_THAT(page->data, SizeIs(2));
  EXPECT_EQ(page->data[0].id(), second.id());
  EXPECT_EQ(page->data[1].id(), first.id());
  EXPECT_EQ(page->url, "/v1/setup_intents");
  SetupIntentListParams by_pm;
  by_pm.set_payment_method(other.payment_method());
  page = engine_.setup_intents().List(by_pm);
  ASSERT_THAT(page, IsOk());
  ASSERT_THAT(page->data, SizeIs(1));
  EXPECT_EQ(page->data[0].id(), other.id());
}

TEST_F(SetupIntentsTest, SameKeyReplaysTheCreate) {
  RequestOptions options;
  options.idempotency_key = "setup-1";
  SetupIntent first = MustCreate(SiParams("pm_card_visa", "", true), options);
  SetupIntent second = MustCreate(SiParams("pm_card_visa", "", true), options);
  EXPECT_EQ(first.SerializeAsString(), second.SerializeAsString());
  EXPECT_THAT(AllIntents(engine_), SizeIs(1));
}

std::vector<std::string> RunScenario(uint64_t seed) {
  FakeClock clock;
  Engine engine({.clock = &clock, .seed = seed});
  absl::StatusOr<Customer> customer = engine.customers().Create({});
  const std::string cus = customer.ok() ? customer->id() : "";
  engine.setup_intents().Create(SiParams("pm_card_visa", cus, true)).IgnoreError();
  absl::StatusOr<SetupIntent> action =
      engine.setup_intents().Create(SiParams("pm_card_authenticationRequiredOnSetup", cus, true));
  engine.setup_intents().Create(SiParams("pm_card_visa_chargeDeclined", "", true)).IgnoreError();
  clock.Advance(absl::Minutes(5));
  if (action.ok()) engine.setup_intents().CompleteThreeDSecure(action->id()).IgnoreError();
  std::vector<std::string> out;
  for (const SetupIntent& si : AllIntents(engine)) out.push_back(si.SerializeAsString());
  EventListParams params;
  params.set_limit(100);
  absl::StatusOr<ListResult<Event>> events = engine.events().List(params);
  if (events.ok()) {
    for (const Event& e : events->data) out.push_back(e.SerializeAsString());
  }
  return out;
}

TEST(SetupIntentsDeterminismTest, SameSeedSameIntentsAndEvents) {
  std::vector<std::string> first = RunScenario(5);
  ASSERT_THAT(first, SizeIs(::testing::Gt(8u)));
  EXPECT_EQ(first, RunScenario(5));
  EXPECT_NE(first, RunScenario(6));
}

}  // namespace
}  // namespace paysim
