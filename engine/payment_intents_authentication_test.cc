// PaymentIntents and authentication: 3D Secure on and off session for each test card,
// setup_future_usage, saved cards charged off-session.
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

}  // namespace
}  // namespace payment_intents_test
}  // namespace paysim
