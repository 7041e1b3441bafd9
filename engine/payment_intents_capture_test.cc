// PaymentIntents with manual capture: full and partial captures by API version, the 7-day
// hold one second either side, cancel from each status, every illegal transition.
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

TEST_F(PaymentIntentsTest, CaptureKeepsMetadataItIsNotGivenAndMergesWhatItIs) {
  PaymentIntentCreateParams create = PiParams(1000, "pm_card_visa", "manual", true);
  (*create.mutable_metadata())["order"] = "o1";
  (*create.mutable_metadata())["gift"] = "yes";
  PaymentIntent first = MustCreate(create);
  absl::StatusOr<PaymentIntent> captured = engine_.payment_intents().Capture(first.id(), {});
  ASSERT_THAT(captured, IsOk());
  EXPECT_EQ(captured->status(), "succeeded");
  EXPECT_EQ(captured->metadata().size(), 2u);
  EXPECT_EQ(captured->metadata().at("order"), "o1");

  PaymentIntent second = MustCreate(create);
  PaymentIntentCaptureParams params;
  (*params.mutable_metadata())["gift"] = "";  // an empty value removes the key
  (*params.mutable_metadata())["shipment"] = "s2";
  captured = engine_.payment_intents().Capture(second.id(), params);
  ASSERT_THAT(captured, IsOk());
  EXPECT_EQ(captured->metadata().size(), 2u);
  EXPECT_EQ(captured->metadata().at("order"), "o1");
  EXPECT_EQ(captured->metadata().at("shipment"), "s2");
  EXPECT_EQ(captured->metadata().count("gift"), 0u);
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

}  // namespace
}  // namespace payment_intents_test
}  // namespace paysim
