// Charges: list pagination, idempotent replays, determinism (same seed, same charges and
// events) and update.
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_replace.h"
#include "engine/charges_test_fixture.h"
#include "testing/paysim_testing.h"

namespace paysim {
namespace charges_test {
namespace {

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

TEST_F(ChargesTest, TransferGroupOnCreateOrOnceByUpdate) {
  ChargeCreateParams params = ChargeParams(1000, "tok_visa");
  params.set_transfer_group("order_9");
  EXPECT_EQ(MustCreate(params).transfer_group(), "order_9");
  const Charge charge = MustCreate(ChargeParams(1000, "tok_visa"));
  EXPECT_FALSE(charge.has_transfer_group());
  ChargeUpdateParams update;
  update.set_transfer_group("order_10");
  EXPECT_THAT(engine_.charges().Update(charge.id(), update),
              IsOkAndHolds(Property(&Charge::transfer_group, "order_10")));
  update.set_transfer_group("order_11");  // set once only
  EXPECT_THAT(engine_.charges().Update(charge.id(), update),
              StripeErrorWithParam("invalid_request_error", "", "transfer_group"));
  EXPECT_THAT(engine_.charges().Retrieve(charge.id()),
              IsOkAndHolds(Property(&Charge::transfer_group, "order_10")));
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
}  // namespace charges_test
}  // namespace paysim
