// PaymentIntents: update, list, idempotent replays, the JSON of last_payment_error, and
// determinism (same seed, same intents, charges and events).
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
}  // namespace payment_intents_test
}  // namespace paysim
