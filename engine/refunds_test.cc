// Behaviour tests of Refunds: full and partial refunds of captured charges, the limits and
// errors, reasons and metadata, canceling an uncaptured hold, listing, and the events.
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "testing/paysim_testing.h"

namespace paysim {
namespace {

using ::paysim::testing::ChargeRefundedIs;
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
using ::testing::SizeIs;

constexpr int64_t kStart = 1767225600;  // FakeClock's default: 2026-01-01T00:00:00Z
constexpr char kPreBasil[] = "2024-06-20";

ChargeCreateParams ChargeParams(int64_t amount, const std::string& source, bool capture = true) {
  ChargeCreateParams params;
  params.set_amount(amount);
  params.set_currency("usd");
  params.set_source(source);
  if (!capture) params.set_capture(false);
  return params;
}

RefundCreateParams RefundOf(const std::string& charge_id) {
  RefundCreateParams params;
  params.set_charge(charge_id);
  return params;
}

RefundCreateParams RefundOf(const std::string& charge_id, int64_t amount) {
  RefundCreateParams params = RefundOf(charge_id);
  params.set_amount(amount);
  return params;
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

std::vector<std::string> Ids(const std::vector<Refund>& refunds) {
  std::vector<std::string> ids;
  for (const Refund& refund : refunds) ids.push_back(refund.id());
  return ids;
}

class RefundsTest : public ::testing::Test {
 protected:
  Charge MustCharge(const ChargeCreateParams& params) {
    absl::StatusOr<Charge> charge = engine_.charges().Create(params);
    EXPECT_THAT(charge, IsOk());
    return charge.value_or(Charge());
  }
  Refund MustRefund(const RefundCreateParams& params) {
    absl::StatusOr<Refund> refund = engine_.refunds().Create(params);
    EXPECT_THAT(refund, IsOk());
    return refund.value_or(Refund());
  }
  Charge Current(const std::string& charge_id) {
    absl::StatusOr<Charge> charge = engine_.charges().Retrieve(charge_id);
    EXPECT_THAT(charge, IsOk());
    return charge.value_or(Charge());
  }
  std::vector<Refund> RefundsOfCharge(const std::string& charge_id) {
    RefundListParams params;
    params.set_charge(charge_id);
    absl::StatusOr<ListResult<Refund>> page = engine_.refunds().List(params);
    EXPECT_THAT(page, IsOk());
    return page.ok() ? page->data : std::vector<Refund>();
  }

  FakeClock clock_;
  Engine engine_{{.clock = &clock_, .seed = 11}};
};

// ---- refunds of captured charges ----

TEST_F(RefundsTest, FullRefund) {
  Charge charge = MustCharge(ChargeParams(1000, "tok_visa"));
  clock_.Advance(absl::Hours(2));
  Refund refund = MustRefund(RefundOf(charge.id()));

  EXPECT_THAT(refund.id(), HasSubstr("re_"));
  EXPECT_EQ(refund.id().size(), 3u + 24u);
  EXPECT_EQ(refund.object(), "refund");
  EXPECT_EQ(refund.amount(), 1000);
  EXPECT_EQ(refund.charge(), charge.id());
  EXPECT_EQ(refund.currency(), "usd");
  EXPECT_EQ(refund.status(), "succeeded");
  EXPECT_EQ(refund.created(), kStart + 7200);
  EXPECT_FALSE(refund.has_reason());
  EXPECT_FALSE(refund.has_payment_intent());
  EXPECT_THAT(refund.balance_transaction(), HasSubstr("txn_"));

  Charge after = Current(charge.id());
  EXPECT_THAT(after, ChargeRefundedIs(true, 1000));
  EXPECT_TRUE(after.captured());
  EXPECT_EQ(after.amount_captured(), 1000);
  EXPECT_EQ(after.status(), "succeeded");
  EXPECT_THAT(engine_.refunds().Retrieve(refund.id()),
              IsOkAndHolds(::testing::Property(&Refund::amount, 1000)));
}

TEST_F(RefundsTest, PartialRefundsUpToTheCapturedAmount) {
  Charge charge = MustCharge(ChargeParams(1000, "tok_visa"));

  MustRefund(RefundOf(charge.id(), 300));
  EXPECT_THAT(Current(charge.id()), ChargeRefundedIs(false, 300));
  MustRefund(RefundOf(charge.id(), 300));
  EXPECT_THAT(Current(charge.id()), ChargeRefundedIs(false, 600));
  Refund last = MustRefund(RefundOf(charge.id()));  // the rest
  EXPECT_EQ(last.amount(), 400);
  EXPECT_THAT(Current(charge.id()), ChargeRefundedIs(true, 1000));
  EXPECT_THAT(RefundsOfCharge(charge.id()), SizeIs(3));
}

TEST_F(RefundsTest, RefundMoreThanRemainsIsRejected) {
  Charge charge = MustCharge(ChargeParams(1000, "tok_visa"));
  MustRefund(RefundOf(charge.id(), 300));
  const size_t events_before = engine_.events().size();

  absl::StatusOr<Refund> over = engine_.refunds().Create(RefundOf(charge.id(), 701));
  EXPECT_THAT(over, StripeErrorWithParam("invalid_request_error", "amount_too_large", "amount"));
  EXPECT_THAT(over, HttpStatusIs(400));
  EXPECT_EQ(over.status().message(),
            "Refund amount ($7.01) is greater than unrefunded amount on charge ($7.00)");
  EXPECT_THAT(Current(charge.id()), ChargeRefundedIs(false, 300));
  EXPECT_THAT(RefundsOfCharge(charge.id()), SizeIs(1));
  EXPECT_EQ(engine_.events().size(), events_before);

  EXPECT_THAT(engine_.refunds().Create(RefundOf(charge.id(), 700)), IsOk());
}

TEST_F(RefundsTest, RefundOfFullyRefundedChargeIsRejected) {
  Charge charge = MustCharge(ChargeParams(1000, "tok_visa"));
  MustRefund(RefundOf(charge.id()));

  for (const RefundCreateParams& params : {RefundOf(charge.id()), RefundOf(charge.id(), 100)}) {
    absl::StatusOr<Refund> again = engine_.refunds().Create(params);
    EXPECT_THAT(again, StripeErrorIs("invalid_request_error", "charge_already_refunded"));
    EXPECT_THAT(again, HttpStatusIs(400));
  }
  EXPECT_THAT(RefundsOfCharge(charge.id()), SizeIs(1));
}

TEST_F(RefundsTest, RefundAmountMustBePositive) {
  Charge charge = MustCharge(ChargeParams(1000, "tok_visa"));
  for (int64_t amount : {0, -5}) {
    absl::StatusOr<Refund> result = engine_.refunds().Create(RefundOf(charge.id(), amount));
    EXPECT_THAT(result, StripeErrorWithParam("invalid_request_error", "parameter_invalid_integer",
                                             "amount"));
    EXPECT_THAT(result, HttpStatusIs(400));
  }
  EXPECT_THAT(RefundsOfCharge(charge.id()), IsEmpty());
}

TEST_F(RefundsTest, RefundNeedsACharge) {
  absl::StatusOr<Refund> result = engine_.refunds().Create({});
  EXPECT_THAT(result, StripeErrorWithParam("invalid_request_error", "parameter_missing", "charge"));
  EXPECT_THAT(result, HttpStatusIs(400));
}

TEST_F(RefundsTest, RefundOfUnknownChargeIsResourceMissing) {
  absl::StatusOr<Refund> result = engine_.refunds().Create(RefundOf("ch_doesnotexist"));
  EXPECT_THAT(result, StripeErrorWithParam("invalid_request_error", "resource_missing", "charge"));
  EXPECT_THAT(result, HttpStatusIs(400));
  EXPECT_EQ(result.status().message(), "No such charge: 'ch_doesnotexist'");
}

TEST_F(RefundsTest, RefundOfFailedChargeIsRejected) {
  absl::StatusOr<Charge> declined =
      engine_.charges().Create(ChargeParams(1000, "tok_chargeDeclined"));
  const std::string charge_id = GetStripeError(declined.status())->charge();
  absl::StatusOr<Refund> result = engine_.refunds().Create(RefundOf(charge_id));
  EXPECT_THAT(result,
              StripeErrorWithParam("invalid_request_error", "charge_not_refundable", "charge"));
  EXPECT_THAT(result, HttpStatusIs(400));
  EXPECT_THAT(RefundsOfCharge(charge_id), IsEmpty());
}

// ---- refunds named by PaymentIntent ----

class RefundsOfPaymentIntentsTest : public RefundsTest {
 protected:
  PaymentIntent MustIntent(const std::string& text) {
    absl::StatusOr<PaymentIntent> intent =
        engine_.payment_intents().Create(ParseParams<PaymentIntentCreateParams>(text));
    EXPECT_THAT(intent, IsOk());
    return intent.value_or(PaymentIntent());
  }
  RefundCreateParams RefundOfIntent(const std::string& intent_id) {
    RefundCreateParams params;
    params.set_payment_intent(intent_id);
    return params;
  }
};

TEST_F(RefundsOfPaymentIntentsTest, RefundsTheIntentsCharge) {
  PaymentIntent intent = MustIntent(
      R"pb(amount: 1500 currency: "usd" payment_method: "pm_card_visa" confirm: true)pb");
  ASSERT_EQ(intent.status(), "succeeded");
  RefundCreateParams params = RefundOfIntent(intent.id());
  params.set_amount(500);
  Refund refund = MustRefund(params);
  EXPECT_EQ(refund.charge(), intent.latest_charge());
  EXPECT_EQ(refund.payment_intent(), intent.id());
  EXPECT_EQ(refund.amount(), 500);
  EXPECT_THAT(Current(intent.latest_charge()), ChargeRefundedIs(false, 500));

  // Without an amount: the rest.
  EXPECT_THAT(engine_.refunds().Create(RefundOfIntent(intent.id())),
              IsOkAndHolds(::testing::Property(&Refund::amount, 1000)));
  EXPECT_THAT(Current(intent.latest_charge()), ChargeRefundedIs(true, 1500));
  EXPECT_THAT(engine_.refunds().Create(RefundOfIntent(intent.id())),
              StripeErrorWithParam("invalid_request_error", "charge_already_refunded", "charge"));
}

TEST_F(RefundsOfPaymentIntentsTest, BothNamesMustAgree) {
  PaymentIntent intent = MustIntent(
      R"pb(amount: 1500 currency: "usd" payment_method: "pm_card_visa" confirm: true)pb");
  Charge other = MustCharge(ChargeParams(1000, "tok_visa"));
  RefundCreateParams params = RefundOfIntent(intent.id());
  params.set_charge(other.id());
  absl::StatusOr<Refund> mismatch = engine_.refunds().Create(params);
  EXPECT_THAT(mismatch, StripeErrorWithParam("invalid_request_error", "", "charge"));
  EXPECT_THAT(mismatch, HttpStatusIs(400));
  EXPECT_THAT(Current(other.id()), ChargeRefundedIs(false, 0));

  params.set_charge(intent.latest_charge());
  EXPECT_THAT(engine_.refunds().Create(params),
              IsOkAndHolds(::testing::Property(&Refund::amount, 1500)));
}

TEST_F(RefundsOfPaymentIntentsTest, UnknownIntentIsResourceMissing) {
  absl::StatusOr<Refund> result = engine_.refunds().Create(RefundOfIntent("pi_doesnotexist"));
  EXPECT_THAT(result,
              StripeErrorWithParam("invalid_request_error", "resource_missing", "payment_intent"));
  EXPECT_THAT(result, HttpStatusIs(400));
  EXPECT_EQ(result.status().message(), "No such payment_intent: 'pi_doesnotexist'");
}

TEST_F(RefundsOfPaymentIntentsTest, AnIntentThatHasNotSucceededHasNothingToRefund) {
  PaymentIntent unconfirmed = MustIntent(R"pb(amount: 1500 currency: "usd")pb");
  PaymentIntent held = MustIntent(
      R"pb(amount: 1500 currency: "usd" payment_method: "pm_card_visa" confirm: true
           capture_method: "manual")pb");
  ASSERT_EQ(held.status(), "requires_capture");
  for (const PaymentIntent& intent : {unconfirmed, held}) {
    absl::StatusOr<Refund> result = engine_.refunds().Create(RefundOfIntent(intent.id()));
    EXPECT_THAT(result, StripeErrorWithParam("invalid_request_error",
                                             "payment_intent_unexpected_state", "payment_intent"));
    EXPECT_THAT(result, HttpStatusIs(400));
    EXPECT_EQ(result.status().message(),
              absl::StrCat("This PaymentIntent (", intent.id(),
                           ") does not have a successful charge to refund."));
  }
  EXPECT_THAT(Current(held.latest_charge()), ChargeRefundedIs(false, 0));
  EXPECT_FALSE(Current(held.latest_charge()).authorization_released());
}

// ---- reason and metadata ----

TEST_F(RefundsTest, ReasonMustBeOneOfStripes) {
  Charge charge = MustCharge(ChargeParams(1000, "tok_visa"));
  for (const char* reason : {"changed_mind", "expired_uncaptured_charge", ""}) {
    SCOPED_TRACE(reason);
    RefundCreateParams params = RefundOf(charge.id(), 100);
    params.set_reason(reason);
    absl::StatusOr<Refund> result = engine_.refunds().Create(params);
    EXPECT_THAT(result, StripeErrorWithParam("invalid_request_error", "", "reason"));
    EXPECT_THAT(result, HttpStatusIs(400));
  }
  EXPECT_THAT(RefundsOfCharge(charge.id()), IsEmpty());

  for (const char* reason : {"duplicate", "fraudulent", "requested_by_customer"}) {
    RefundCreateParams params = RefundOf(charge.id(), 100);
    params.set_reason(reason);
    EXPECT_THAT(engine_.refunds().Create(params),
                IsOkAndHolds(::testing::Property(&Refund::reason, reason)));
  }
}

TEST_F(RefundsTest, MetadataIsStoredAndUpdated) {
  Charge charge = MustCharge(ChargeParams(1000, "tok_visa"));
  RefundCreateParams params = RefundOf(charge.id(), 100);
  (*params.mutable_metadata())["ticket"] = "T-1";
  (*params.mutable_metadata())["agent"] = "sam";
  Refund refund = MustRefund(params);
  EXPECT_EQ(refund.metadata().at("ticket"), "T-1");
  EXPECT_EQ(refund.metadata().at("agent"), "sam");

  RefundUpdateParams update;
  (*update.mutable_metadata())["ticket"] = "T-2";
  (*update.mutable_metadata())["agent"] = "";
  absl::StatusOr<Refund> updated = engine_.refunds().Update(refund.id(), update);
  ASSERT_THAT(updated, IsOk());
  EXPECT_THAT(updated->metadata(), SizeIs(1));
  EXPECT_EQ(updated->metadata().at("ticket"), "T-2");

  std::vector<Event> charge_events = EventsOfType(engine_, "charge.refund.updated");
  ASSERT_THAT(charge_events, SizeIs(1));
  EXPECT_EQ(charge_events[0].data().object().refund().metadata().at("ticket"), "T-2");
  EXPECT_THAT(charge_events[0].data().previous_attributes(), HasSubstr(R"("ticket":"T-1")"));

  std::vector<Event> events = EventsOfType(engine_, "refund.updated");
  ASSERT_THAT(events, SizeIs(1));
  EXPECT_EQ(events[0].data().object().refund().metadata().at("ticket"), "T-2");
  EXPECT_THAT(events[0].data().previous_attributes(), HasSubstr(R"("ticket":"T-1")"));
  EXPECT_THAT(events[0].data().previous_attributes(), HasSubstr(R"("agent":"sam")"));
}

TEST_F(RefundsTest, MetadataLimitsApply) {
  Charge charge = MustCharge(ChargeParams(1000, "tok_visa"));
  RefundCreateParams params = RefundOf(charge.id(), 100);
  (*params.mutable_metadata())["note"] = std::string(501, 'x');
  EXPECT_THAT(engine_.refunds().Create(params),
              StripeErrorWithParam("invalid_request_error", "", "metadata[note]"));
  EXPECT_THAT(RefundsOfCharge(charge.id()), IsEmpty());
  EXPECT_THAT(Current(charge.id()), ChargeRefundedIs(false, 0));
}

// ---- refunds of uncaptured charges ----

TEST_F(RefundsTest, RefundOfUncapturedChargeCancelsTheHold) {
  Charge charge = MustCharge(ChargeParams(1000, "tok_visa", /*capture=*/false));
  clock_.Advance(absl::Hours(1));
  Refund refund = MustRefund(RefundOf(charge.id()));

  EXPECT_EQ(refund.amount(), 1000);
  EXPECT_EQ(refund.status(), "succeeded");
  EXPECT_FALSE(refund.has_balance_transaction());  // no money had moved
  Charge after = Current(charge.id());
  EXPECT_FALSE(after.captured());
  EXPECT_EQ(after.amount_captured(), 0);
  EXPECT_THAT(after, ChargeRefundedIs(true, 1000));
  EXPECT_THAT(EventTypes(engine_),
              ElementsAre("charge.succeeded", "refund.created", "charge.refunded"));
  EXPECT_TRUE(engine_.balance().ListTransactions({})->data.empty());

  EXPECT_THAT(engine_.charges().Capture(charge.id(), {}),
              StripeErrorIs("invalid_request_error", "charge_already_refunded"));
  EXPECT_THAT(engine_.refunds().Create(RefundOf(charge.id())),
              StripeErrorIs("invalid_request_error", "charge_already_refunded"));

  // The canceled hold does not expire later.
  clock_.Advance(absl::Hours(24 * 8));
  EXPECT_THAT(EventsOfType(engine_, "charge.expired"), IsEmpty());
}

TEST_F(RefundsTest, RefundOfUncapturedChargeWithFullAmountCancelsTheHold) {
  Charge charge = MustCharge(ChargeParams(1000, "tok_visa", /*capture=*/false));
  EXPECT_THAT(engine_.refunds().Create(RefundOf(charge.id(), 1000)),
              IsOkAndHolds(::testing::Property(&Refund::amount, 1000)));
}

TEST_F(RefundsTest, PartialRefundOfUncapturedChargeIsRejected) {
  Charge charge = MustCharge(ChargeParams(1000, "tok_visa", /*capture=*/false));
  const size_t events_before = engine_.events().size();
  absl::StatusOr<Refund> result = engine_.refunds().Create(RefundOf(charge.id(), 500));
  EXPECT_THAT(result, StripeErrorWithParam("invalid_request_error", "", "amount"));
  EXPECT_THAT(result, HttpStatusIs(400));
  EXPECT_EQ(engine_.events().size(), events_before);
  EXPECT_THAT(Current(charge.id()), ChargeRefundedIs(false, 0));
  EXPECT_THAT(engine_.charges().Capture(charge.id(), {}), IsOk());
}

// ---- refunds after a partial capture ----

TEST_F(RefundsTest, PartialCaptureFromBasilOnRefundsOnlyTheCapturedAmount) {
  Charge charge = MustCharge(ChargeParams(1000, "tok_visa", /*capture=*/false));
  ChargeCaptureParams capture;
  capture.set_amount(600);
  ASSERT_THAT(engine_.charges().Capture(charge.id(), capture), IsOk());

  EXPECT_THAT(engine_.refunds().Create(RefundOf(charge.id(), 601)),
              StripeErrorWithParam("invalid_request_error", "amount_too_large", "amount"));
  Refund refund = MustRefund(RefundOf(charge.id()));
  EXPECT_EQ(refund.amount(), 600);
  EXPECT_THAT(Current(charge.id()), ChargeRefundedIs(true, 600));
  EXPECT_THAT(engine_.refunds().Create(RefundOf(charge.id())),
              StripeErrorIs("invalid_request_error", "charge_already_refunded"));
}

TEST(RefundsPreBasilTest, PartialCaptureThenRefundOfTheRest) {
  FakeClock clock;
  Engine engine({.clock = &clock, .seed = 11, .api_version = kPreBasil});
  absl::StatusOr<Charge> charge = engine.charges().Create(ChargeParams(1000, "tok_visa", false));
  ASSERT_THAT(charge, IsOk());
  ChargeCaptureParams capture;
  capture.set_amount(600);
  ASSERT_THAT(engine.charges().Capture(charge->id(), capture),
              IsOkAndHolds(ChargeRefundedIs(false, 400)));

  absl::StatusOr<Refund> refund = engine.refunds().Create(RefundOf(charge->id()));
  ASSERT_THAT(refund, IsOk());
  EXPECT_EQ(refund->amount(), 600);
  EXPECT_THAT(refund->balance_transaction(), HasSubstr("txn_"));
  EXPECT_THAT(engine.charges().Retrieve(charge->id()), IsOkAndHolds(ChargeRefundedIs(true, 1000)));
  RefundListParams list;
  list.set_charge(charge->id());
  EXPECT_THAT(engine.refunds().List(list)->data, SizeIs(2));
}

// ---- listing ----

TEST_F(RefundsTest, ListByChargeNewestFirst) {
  Charge first = MustCharge(ChargeParams(1000, "tok_visa"));
  Charge second = MustCharge(ChargeParams(2000, "tok_visa"));
  Refund a1 = MustRefund(RefundOf(first.id(), 100));
  Refund b1 = MustRefund(RefundOf(second.id(), 200));
  Refund a2 = MustRefund(RefundOf(first.id(), 300));

  EXPECT_THAT(Ids(RefundsOfCharge(first.id())), ElementsAre(a2.id(), a1.id()));
  EXPECT_THAT(Ids(RefundsOfCharge(second.id())), ElementsAre(b1.id()));
  absl::StatusOr<ListResult<Refund>> all = engine_.refunds().List({});
  ASSERT_THAT(all, IsOk());
  EXPECT_EQ(all->url, "/v1/refunds");
  EXPECT_THAT(Ids(all->data), ElementsAre(a2.id(), b1.id(), a1.id()));

  RefundListParams page;
  page.set_limit(1);
  page.set_starting_after(a2.id());
  absl::StatusOr<ListResult<Refund>> next = engine_.refunds().List(page);
  ASSERT_THAT(next, IsOk());
  EXPECT_TRUE(next->has_more);
  EXPECT_THAT(Ids(next->data), ElementsAre(b1.id()));
}

TEST_F(RefundsTest, RetrieveUnknownRefundIsNotFound) {
  absl::StatusOr<Refund> result = engine_.refunds().Retrieve("re_missing");
  EXPECT_THAT(result, StripeErrorWithParam("invalid_request_error", "resource_missing", "id"));
  EXPECT_THAT(result, HttpStatusIs(404));
}

// ---- events ----

TEST_F(RefundsTest, RefundEmitsRefundCreatedThenChargeRefundedWithTheirState) {
  Charge charge = MustCharge(ChargeParams(1000, "tok_visa"));
  clock_.Advance(absl::Minutes(10));
  Refund refund = MustRefund(RefundOf(charge.id(), 250));

  std::vector<Event> events = AllEvents(engine_);
  ASSERT_THAT(events, SizeIs(3));
  EXPECT_EQ(events[1].type(), "refund.created");
  EXPECT_EQ(events[1].created(), kStart + 600);
  const Refund& in_event = events[1].data().object().refund();
  EXPECT_EQ(in_event.id(), refund.id());
  EXPECT_EQ(in_event.amount(), 250);
  EXPECT_EQ(in_event.status(), "succeeded");
  EXPECT_EQ(in_event.balance_transaction(), refund.balance_transaction());

  EXPECT_EQ(events[2].type(), "charge.refunded");
  const Charge& refunded = events[2].data().object().charge();
  EXPECT_EQ(refunded.id(), charge.id());
  EXPECT_EQ(refunded.amount_refunded(), 250);
  EXPECT_FALSE(refunded.refunded());

  MustRefund(RefundOf(charge.id()));
  std::vector<Event> charge_refunded = EventsOfType(engine_, "charge.refunded");
  ASSERT_THAT(charge_refunded, SizeIs(2));
  EXPECT_EQ(charge_refunded[0].data().object().charge().amount_refunded(), 250);  // as it was
  EXPECT_EQ(charge_refunded[1].data().object().charge().amount_refunded(), 1000);
  EXPECT_TRUE(charge_refunded[1].data().object().charge().refunded());
}

TEST_F(RefundsTest, RejectedRefundEmitsNothing) {
  Charge charge = MustCharge(ChargeParams(1000, "tok_visa"));
  const size_t events_before = engine_.events().size();
  engine_.refunds().Create(RefundOf(charge.id(), 5000)).IgnoreError();
  EXPECT_EQ(engine_.events().size(), events_before);
}

// ---- idempotency ----

TEST_F(RefundsTest, SameKeyReplaysTheRefund) {
  Charge charge = MustCharge(ChargeParams(1000, "tok_visa"));
  bool replayed = false;
  RequestOptions options;
  options.idempotency_key = "refund-1";
  options.idempotent_replayed = &replayed;
  absl::StatusOr<Refund> first = engine_.refunds().Create(RefundOf(charge.id(), 400), options);
  ASSERT_THAT(first, IsOk());
  absl::StatusOr<Refund> second = engine_.refunds().Create(RefundOf(charge.id(), 400), options);
  ASSERT_THAT(second, IsOk());
  EXPECT_TRUE(replayed);
  EXPECT_EQ(second->id(), first->id());
  EXPECT_THAT(Current(charge.id()), ChargeRefundedIs(false, 400));
  EXPECT_THAT(RefundsOfCharge(charge.id()), SizeIs(1));
}

}  // namespace
}  // namespace paysim
