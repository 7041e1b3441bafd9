// Snapshots: a restored engine continues byte-identically to one that never stopped (random
// operations before and after, every response and the event log compared), pending timers and
// idempotency keys survive, every store is saved, subscriptions are not, and a malformed
// snapshot is refused.
#include "engine/snapshot.h"

#include <functional>
#include <memory>
#include <random>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "engine/json_render.h"
#include "testing/paysim_testing.h"

namespace paysim {
namespace {

using ::paysim::testing::FakeClock;
using ::paysim::testing::IsOk;
using ::paysim::testing::ParseParams;
using ::paysim::testing::StatusIs;
using ::testing::HasSubstr;
using ::testing::IsEmpty;
using ::testing::Not;

std::string StatusText(const absl::Status& status) {
  if (status.ok()) return "OK";
  absl::optional<StripeError> error = GetStripeError(status);
  return absl::StrCat(HttpStatus(status), " ",
                      error.has_value() ? ErrorToJson(*error).dump() : status.ToString());
}

template <typename T>
std::string Render(const absl::StatusOr<T>& result) {
  return result.ok() ? RenderJson(*result) : StatusText(result.status());
}

template <typename T>
std::string Render(const absl::StatusOr<ListResult<T>>& result) {
  if (!result.ok()) return StatusText(result.status());
  std::string out = absl::StrCat("has_more=", result->has_more, "\n");
  for (const T& item : result->data) absl::StrAppend(&out, RenderJson(item), "\n");
  return out;
}

// Every event, oldest first, rendered.
std::vector<std::string> EventLog(Engine& engine) {
  std::vector<std::string> out;
  std::string after;
  for (;;) {
    EventListParams params;
    params.set_limit(100);
    if (!after.empty()) params.set_starting_after(after);
    absl::StatusOr<ListResult<Event>> page = engine.events().List(params);
    EXPECT_THAT(page, IsOk());
    if (!page.ok() || page->data.empty()) break;
    for (const Event& event : page->data) out.push_back(RenderJson(event));
    after = page->data.back().id();
    if (!page->has_more) break;
  }
  return std::vector<std::string>(out.rbegin(), out.rend());
}

// Random operations over every resource, applied alike to one or more engines (each with its
// own clock). Ids for later operations come from the first engine's responses.
class Driver {
 public:
  explicit Driver(uint64_t seed) : rng_(seed) {}

  // One operation on every engine; returns each engine's rendered response.
  std::vector<std::string> Step(const std::vector<Engine*>& engines,
                                const std::vector<FakeClock*>& clocks) {
    std::vector<std::string> out;
    auto each = [&](auto call) {
      for (size_t i = 0; i < engines.size(); ++i) {
        auto result = call(*engines[i]);
        if (i == 0) Remember(result);
        out.push_back(Render(result));
      }
    };
    static const char* kSources[] = {"tok_visa",
                                     "tok_mastercard",
                                     "pm_card_visa",
                                     "tok_chargeDeclined",
                                     "tok_chargeDeclinedInsufficientFunds",
                                     "tok_bypassPending",
                                     "pm_card_amex"};
    switch (Rand(14)) {
      case 0:
      case 1: {
        ChargeCreateParams params;
        params.set_amount(50 + static_cast<int64_t>(Rand(100000)));
        params.set_currency(Rand(4) == 0 ? "eur" : "usd");
        params.set_source(kSources[Rand(std::size(kSources))]);
        if (Rand(2) == 0) params.set_capture(false);
        if (Rand(3) == 0) (*params.mutable_metadata())["order"] = absl::StrCat(Rand(100));
        RequestOptions options;
        if (Rand(4) == 0) options.idempotency_key = absl::StrCat("key", Rand(8));
        each([&](Engine& e) { return e.charges().Create(params, options); });
        break;
      }
      case 2: {
        ChargeCaptureParams params;
        if (Rand(2) == 0) params.set_amount(50 + static_cast<int64_t>(Rand(500)));
        const std::string id = Pick(charges_);
        each([&](Engine& e) { return e.charges().Capture(id, params); });
        break;
      }
      case 3: {
        RefundCreateParams params;
        params.set_charge(Pick(charges_));
        if (Rand(2) == 0) params.set_amount(1 + static_cast<int64_t>(Rand(300)));
        each([&](Engine& e) { return e.refunds().Create(params); });
        break;
      }
      case 4: {
        CustomerCreateParams params;
        params.set_email(absl::StrCat("c", Rand(10), "@example.com"));
        if (Rand(2) == 0) params.set_source("tok_visa");
        if (Rand(3) == 0) params.set_payment_method("pm_card_mastercard");
        each([&](Engine& e) { return e.customers().Create(params); });
        break;
      }
      case 5: {
        PaymentIntentCreateParams params;
        params.set_amount(100 + static_cast<int64_t>(Rand(10000)));
        params.set_currency("usd");
        static const char* kMethods[] = {"pm_card_visa", "pm_card_threeDSecure2Required",
                                         "pm_card_chargeDeclined",
                                         "pm_card_authenticationRequired"};
        params.set_payment_method(kMethods[Rand(std::size(kMethods))]);
        if (Rand(2) == 0) params.set_capture_method("manual");
        if (Rand(3) != 0) params.set_confirm(true);
        if (!customers_.empty() && Rand(3) == 0) {
          params.set_customer(Pick(customers_));
          params.set_setup_future_usage("off_session");
        }
        each([&](Engine& e) { return e.payment_intents().Create(params); });
        break;
      }
      case 6: {
        const std::string id = Pick(intents_);
        switch (Rand(4)) {
          case 0:
            each([&](Engine& e) { return e.payment_intents().Capture(id, {}); });
            break;
          case 1:
            each([&](Engine& e) { return e.payment_intents().Cancel(id, {}); });
            break;
          case 2:
            each([&](Engine& e) { return e.payment_intents().CompleteThreeDSecure(id); });
            break;
          default:
            each([&](Engine& e) { return e.payment_intents().Confirm(id, {}); });
            break;
        }
        break;
      }
      case 7: {
        TokenCreateParams params;
        params.mutable_card()->set_number("4242424242424242");
        params.mutable_card()->set_exp_month(12);
        params.mutable_card()->set_exp_year(2030);
        params.mutable_card()->set_cvc("123");
        each([&](Engine& e) { return e.tokens().Create(params); });
        break;
      }
      case 8: {
        SetupIntentCreateParams params;
        params.set_payment_method(Rand(2) == 0 ? "pm_card_visa" : "pm_card_threeDSecure2Required");
        params.set_confirm(true);
        if (!customers_.empty()) params.set_customer(Pick(customers_));
        each([&](Engine& e) { return e.setup_intents().Create(params); });
        break;
      }
      case 9: {
        static constexpr int64_t kAdvances[] = {600,           3600,      86400,        2 * 86400,
                                                7 * 86400 - 1, 7 * 86400, 7 * 86400 + 1};
        const absl::Duration d = absl::Seconds(kAdvances[Rand(std::size(kAdvances))]);
        for (FakeClock* clock : clocks) clock->Advance(d);
        out.push_back(absl::StrCat("advanced ", absl::FormatDuration(d)));
        break;
      }
      case 10:
        each([&](Engine& e) { return e.balance().Retrieve(); });
        break;
      case 11: {
        EventListParams params;
        params.set_limit(1 + static_cast<int64_t>(Rand(20)));
        each([&](Engine& e) { return e.events().List(params); });
        break;
      }
      case 12: {
        ChargeListParams params;
        params.set_limit(1 + static_cast<int64_t>(Rand(10)));
        if (!charges_.empty() && Rand(2) == 0) params.set_starting_after(Pick(charges_));
        each([&](Engine& e) { return e.charges().List(params); });
        break;
      }
      default: {
        const std::string id = Pick(charges_);
        each([&](Engine& e) { return e.charges().Retrieve(id); });
        break;
      }
    }
    return out;
  }

 private:
  uint64_t Rand(uint64_t n) { return rng_() % n; }
  std::string Pick(const std::vector<std::string>& ids) {
    return ids.empty() ? "ch_none" : ids[Rand(ids.size())];
  }
  template <typename T>
  void Remember(const absl::StatusOr<T>& result) {
    if (!result.ok()) {
      absl::optional<StripeError> error = GetStripeError(result.status());
      if (error.has_value() && error->has_charge()) charges_.push_back(error->charge());
      if (error.has_value() && error->has_payment_intent()) {
        intents_.push_back(error->payment_intent());
      }
      return;
    }
    if constexpr (std::is_same_v<T, Charge>) charges_.push_back(result->id());
    if constexpr (std::is_same_v<T, Customer>) customers_.push_back(result->id());
    if constexpr (std::is_same_v<T, PaymentIntent>) {
      intents_.push_back(result->id());
      if (result->has_latest_charge()) charges_.push_back(result->latest_charge());
    }
  }

  std::mt19937_64 rng_;
  std::vector<std::string> charges_, customers_, intents_;
};

// Restores `engine`'s snapshot (through its bytes) onto `clock`.
std::unique_ptr<Engine> SnapshotAndRestore(Engine& engine, FakeClock* clock) {
  absl::StatusOr<EngineSnapshot> snapshot = engine.Snapshot();
  EXPECT_THAT(snapshot, IsOk());
  EngineSnapshot parsed;
  EXPECT_TRUE(parsed.ParseFromString(snapshot->SerializeAsString()));
  absl::StatusOr<std::unique_ptr<Engine>> restored = Engine::Restore(parsed, {.clock = clock});
  EXPECT_THAT(restored, IsOk());
  return restored.ok() ? *std::move(restored) : nullptr;
}

class SnapshotTest : public ::testing::TestWithParam<uint64_t> {};

TEST_P(SnapshotTest, RestoredEngineContinuesByteIdentically) {
  const uint64_t seed = GetParam();
  FakeClock clock;
  Engine original({.clock = &clock, .seed = seed});
  Driver driver(seed);
  for (int i = 0; i < 400; ++i) driver.Step({&original}, {&clock});

  FakeClock restored_clock(clock.Now());
  std::unique_ptr<Engine> restored = SnapshotAndRestore(original, &restored_clock);
  ASSERT_NE(restored, nullptr);
  EXPECT_EQ(restored->StateSummary(), original.StateSummary());
  EXPECT_EQ(EventLog(*restored), EventLog(original));

  for (int i = 0; i < 400; ++i) {
    std::vector<std::string> answers =
        driver.Step({&original, restored.get()}, {&clock, &restored_clock});
    for (size_t j = 1; j < answers.size(); ++j) {
      ASSERT_EQ(answers[j], answers[0]) << "operation " << i << " after the restore";
    }
  }
  EXPECT_EQ(EventLog(*restored), EventLog(original));
  EXPECT_EQ(restored->StateSummary(), original.StateSummary());
  EXPECT_EQ(restored->pending_timers(), original.pending_timers());
}

INSTANTIATE_TEST_SUITE_P(Seeds, SnapshotTest, ::testing::Values(1, 2, 3, 42));

TEST(SnapshotTimersTest, HoldRestoredBeforeItsExpiryExpiresOnTime) {
  FakeClock clock;
  Engine engine({.clock = &clock, .seed = 7});
  absl::StatusOr<Charge> hold = engine.charges().Create(ParseParams<ChargeCreateParams>(
      R"pb(amount: 999 currency: "usd" source: "tok_visa" capture: false)pb"));
  ASSERT_THAT(hold, IsOk());
  clock.Advance(absl::Hours(24 * 6));

  FakeClock restored_clock(clock.Now());
  std::unique_ptr<Engine> restored = SnapshotAndRestore(engine, &restored_clock);
  ASSERT_NE(restored, nullptr);
  restored_clock.Advance(absl::Hours(24) - absl::Seconds(1));
  EXPECT_THAT(restored->charges().Retrieve(hold->id()),
              testing::IsOkAndHolds(::testing::Property(&Charge::authorization_released, false)));
  restored_clock.Advance(absl::Seconds(1));  // exactly 7 days after the hold
  restored->FireDueTimers();
  EventListParams params;
  params.set_type("charge.expired");
  absl::StatusOr<ListResult<Event>> expired = restored->events().List(params);
  ASSERT_THAT(expired, IsOk());
  ASSERT_EQ(expired->data.size(), 1u);
  EXPECT_EQ(expired->data[0].created(), hold->created() + 7 * 24 * 3600);
}

TEST(SnapshotIdempotencyTest, KeysAreRememberedAcrossARestoreThenForgotten) {
  FakeClock clock;
  Engine engine({.clock = &clock, .seed = 8});
  const ChargeCreateParams params = ParseParams<ChargeCreateParams>(
      R"pb(amount: 999 currency: "usd" source: "tok_chargeDeclined")pb");
  absl::StatusOr<Charge> first = engine.charges().Create(params, {.idempotency_key = "k1"});
  ASSERT_FALSE(first.ok());  // a decline is remembered too

  FakeClock restored_clock(clock.Now());
  std::unique_ptr<Engine> restored = SnapshotAndRestore(engine, &restored_clock);
  ASSERT_NE(restored, nullptr);
  bool replayed = false;
  absl::StatusOr<Charge> again = restored->charges().Create(
      params, {.idempotency_key = "k1", .idempotent_replayed = &replayed});
  EXPECT_TRUE(replayed);
  EXPECT_EQ(StatusText(again.status()), StatusText(first.status()));
  EXPECT_EQ(GetStripeError(again.status())->charge(), GetStripeError(first.status())->charge());

  restored_clock.Advance(absl::Hours(24));
  replayed = true;
  absl::StatusOr<Charge> later = restored->charges().Create(
      params, {.idempotency_key = "k1", .idempotent_replayed = &replayed});
  EXPECT_FALSE(replayed);  // forgotten after 24 hours: a new charge
  EXPECT_NE(GetStripeError(later.status())->charge(), GetStripeError(first.status())->charge());
}

TEST(SnapshotContentsTest, EveryStoreWithObjectsIsSaved) {
  FakeClock clock;
  Engine engine({.clock = &clock, .seed = 9});
  ASSERT_THAT(engine.tokens().Create(ParseParams<TokenCreateParams>(
                  R"pb(card { number: "4242424242424242" exp_month: 12 exp_year: 2030 })pb")),
              IsOk());
  absl::StatusOr<Customer> customer = engine.customers().Create(ParseParams<CustomerCreateParams>(
      R"pb(source: "tok_visa" payment_method: "pm_card_visa")pb"));
  ASSERT_THAT(customer, IsOk());
  absl::StatusOr<Charge> charge = engine.charges().Create(
      ParseParams<ChargeCreateParams>(R"pb(amount: 999 currency: "usd" source: "tok_visa")pb"));
  ASSERT_THAT(charge, IsOk());
  RefundCreateParams refund;
  refund.set_charge(charge->id());
  ASSERT_THAT(engine.refunds().Create(refund), IsOk());
  ASSERT_THAT(engine.payment_intents().Create(
                  ParseParams<PaymentIntentCreateParams>(R"pb(amount: 999 currency: "usd")pb")),
              IsOk());
  ASSERT_THAT(engine.setup_intents().Create(SetupIntentCreateParams()), IsOk());
  ASSERT_THAT(engine.customers().Delete(customer->id()), IsOk());

  absl::StatusOr<EngineSnapshot> snapshot = engine.Snapshot();
  ASSERT_THAT(snapshot, IsOk());
  EXPECT_EQ(snapshot->format(), kSnapshotFormat);
  for (const char* name : {"tokens", "cards", "customers", "payment_methods", "charges", "refunds",
                           "payment_intents", "setup_intents", "balance_transactions"}) {
    bool found = false;
    for (const ObjectStoreSnapshot& store : snapshot->stores()) {
      if (store.name() == name) found = !store.objects().empty();
    }
    EXPECT_TRUE(found) << name;
  }
  for (const ObjectStoreSnapshot& store : snapshot->stores()) {
    if (store.name() != "customers") continue;
    ASSERT_EQ(store.objects_size(), 1);
    EXPECT_TRUE(store.objects(0).deleted());
  }
  EXPECT_THAT(snapshot->events(), Not(IsEmpty()));
  EXPECT_THAT(snapshot->timers(), Not(IsEmpty()));
  EXPECT_THAT(snapshot->ids().mt19937_64(), Not(IsEmpty()));
  EXPECT_GT(snapshot->calls(), 0u);

  // The deleted customer stays deleted, and keeps its place for pagination.
  FakeClock restored_clock(clock.Now());
  std::unique_ptr<Engine> restored = SnapshotAndRestore(engine, &restored_clock);
  ASSERT_NE(restored, nullptr);
  EXPECT_THAT(restored->customers().Retrieve(customer->id()),
              StatusIs(absl::StatusCode::kNotFound));
}

TEST(SnapshotOptionsTest, RestoreTakesTheClockFromOptionsAndTheRestFromTheSnapshot) {
  FakeClock clock;
  EngineOptions options{.clock = &clock, .seed = 11, .api_version = "2024-06-20"};
  options.default_currency = "eur";
  Engine engine(options);
  FakeClock other_clock(clock.Now() + absl::Hours(1));
  absl::StatusOr<EngineSnapshot> snapshot = engine.Snapshot();
  ASSERT_THAT(snapshot, IsOk());
  absl::StatusOr<std::unique_ptr<Engine>> restored =
      Engine::Restore(*snapshot, {.clock = &other_clock, .seed = 99, .api_version = ""});
  ASSERT_THAT(restored, IsOk());
  EXPECT_EQ((*restored)->options().api_version, "2024-06-20");
  EXPECT_EQ((*restored)->options().seed, 11u);
  EXPECT_EQ((*restored)->options().default_currency, "eur");
  EXPECT_EQ((*restored)->Now(), other_clock.Now());
}

TEST(SnapshotSubscriptionsTest, SubscriptionsAreNotSaved) {
  FakeClock clock;
  Engine engine({.clock = &clock, .seed = 12});
  int delivered = 0;
  engine.events().Subscribe({"*"}, [&](const Event&) { ++delivered; });
  FakeClock restored_clock(clock.Now());
  std::unique_ptr<Engine> restored = SnapshotAndRestore(engine, &restored_clock);
  ASSERT_NE(restored, nullptr);
  ASSERT_THAT(
      restored->charges().Create(ParseParams<ChargeCreateParams>(R"pb(amount: 999
                                                                      currency: "usd"
                                                                      source: "tok_visa")pb")),
      IsOk());
  EXPECT_EQ(delivered, 0);
  int restored_delivered = 0;
  restored->events().Subscribe({"*"}, [&](const Event&) { ++restored_delivered; });
  ASSERT_THAT(
      restored->charges().Create(ParseParams<ChargeCreateParams>(R"pb(amount: 999
                                                                      currency: "usd"
                                                                      source: "tok_visa")pb")),
      IsOk());
  EXPECT_EQ(restored_delivered, 1);
}

class MalformedSnapshotTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_THAT(engine_.charges().Create(ParseParams<ChargeCreateParams>(R"pb(amount: 999
                                                                              currency: "usd"
                                                                              source: "tok_visa"
                                                                              capture: false)pb")),
                IsOk());
    absl::StatusOr<EngineSnapshot> snapshot = engine_.Snapshot();
    ASSERT_THAT(snapshot, IsOk());
    snapshot_ = *snapshot;
  }

  absl::Status RestoreStatus(const EngineSnapshot& snapshot) {
    return Engine::Restore(snapshot, {.clock = &clock_}).status();
  }

  ObjectStoreSnapshot* Store(const std::string& name) {
    for (ObjectStoreSnapshot& store : *snapshot_.mutable_stores()) {
      if (store.name() == name) return &store;
    }
    return nullptr;
  }

  FakeClock clock_;
  Engine engine_{{.clock = &clock_, .seed = 13}};
  EngineSnapshot snapshot_;
};

TEST_F(MalformedSnapshotTest, TheUnchangedSnapshotRestores) {
  EXPECT_THAT(RestoreStatus(snapshot_), IsOk());
}

TEST_F(MalformedSnapshotTest, AnotherFormatIsRefused) {
  snapshot_.set_format(kSnapshotFormat + 1);
  EXPECT_THAT(RestoreStatus(snapshot_), StatusIs(absl::StatusCode::kInvalidArgument));
}

TEST_F(MalformedSnapshotTest, AnUnknownStoreIsRefused) {
  snapshot_.add_stores()->set_name("spaceships");
  EXPECT_THAT(RestoreStatus(snapshot_), StatusIs(absl::StatusCode::kInvalidArgument,
                                                 HasSubstr("unknown store 'spaceships'")));
}

TEST_F(MalformedSnapshotTest, AStoreGivenTwiceIsRefused) {
  *snapshot_.add_stores() = *Store("charges");
  EXPECT_THAT(RestoreStatus(snapshot_), StatusIs(absl::StatusCode::kInvalidArgument));
}

TEST_F(MalformedSnapshotTest, ADuplicateObjectIdIsRefused) {
  ObjectStoreSnapshot* charges = Store("charges");
  ASSERT_NE(charges, nullptr);
  *charges->add_objects() = charges->objects(0);
  EXPECT_THAT(RestoreStatus(snapshot_),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("duplicate")));
}

TEST_F(MalformedSnapshotTest, ObjectBytesThatDoNotParseAreRefused) {
  Store("charges")->mutable_objects(0)->set_object("\xff\xff\xff");
  EXPECT_THAT(RestoreStatus(snapshot_), StatusIs(absl::StatusCode::kInvalidArgument));
}

TEST_F(MalformedSnapshotTest, ABadGeneratorStateIsRefused) {
  snapshot_.mutable_ids()->set_mt19937_64("1 2 3");
  EXPECT_THAT(RestoreStatus(snapshot_), StatusIs(absl::StatusCode::kInvalidArgument));
}

TEST_F(MalformedSnapshotTest, AnUnknownTimerKindIsRefused) {
  ASSERT_GT(snapshot_.timers_size(), 0);
  snapshot_.mutable_timers(0)->set_kind("alarm_clock");
  EXPECT_THAT(RestoreStatus(snapshot_), StatusIs(absl::StatusCode::kInvalidArgument));
}

TEST_F(MalformedSnapshotTest, ATimerSequenceAheadOfTheCounterIsRefused) {
  snapshot_.set_next_timer_sequence(0);
  EXPECT_THAT(RestoreStatus(snapshot_), StatusIs(absl::StatusCode::kInvalidArgument));
}

TEST_F(MalformedSnapshotTest, ADuplicateEventIdIsRefused) {
  ASSERT_GT(snapshot_.events_size(), 0);
  *snapshot_.add_events() = snapshot_.events(0);
  EXPECT_THAT(RestoreStatus(snapshot_), StatusIs(absl::StatusCode::kInvalidArgument));
}

TEST_F(MalformedSnapshotTest, AMissingStoreStartsEmpty) {
  // A snapshot written before a store existed restores with that store empty.
  auto* stores = snapshot_.mutable_stores();
  for (int i = 0; i < stores->size(); ++i) {
    if (stores->Get(i).name() == "setup_intents") {
      stores->DeleteSubrange(i, 1);
      break;
    }
  }
  EXPECT_THAT(RestoreStatus(snapshot_), IsOk());
}

}  // namespace
}  // namespace paysim
