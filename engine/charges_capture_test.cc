// Charges with authorization holds: the 7-day hold one second either side and its expiry by
// API version, full and partial captures, every refused capture.
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_replace.h"
#include "engine/charges_test_fixture.h"
#include "testing/paysim_testing.h"

namespace paysim {
namespace charges_test {
namespace {

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

}  // namespace
}  // namespace charges_test
}  // namespace paysim
