// Tests of SharedValues: equal values come to share one rep, unequal ones take the slot, and a
// change through one sharer never shows in another; of Memo: a value is built once per key
// and handed out while its key holds the slot; and, through the engine, the charges of one
// card and amount share their card details until one of them changes.
#include "engine/internal/shared_values.h"

#include <utility>

#include "engine/engine.h"
#include "gtest/gtest.h"
#include "proto/charge.obj.h"
#include "testing/fake_clock.h"

namespace paysim {
namespace internal {
namespace {

ChargeOutcome Outcome(int32_t risk_score) {
  ChargeOutcome outcome;
  outcome.set_type("authorized");
  outcome.set_risk_score(risk_score);
  return outcome;
}

TEST(SharedValuesTest, AnEqualValueSharesTheKeptRep) {
  SharedValues<ChargeOutcome, 4> values;
  ChargeOutcome first = Outcome(7);
  values.Share(1, first);
  ChargeOutcome second = Outcome(7);
  ASSERT_FALSE(second.SharesRepWith(first));
  values.Share(1, second);
  EXPECT_TRUE(second.SharesRepWith(first));
  EXPECT_EQ(second, Outcome(7));
}

TEST(SharedValuesTest, AnUnequalValueTakesTheSlot) {
  SharedValues<ChargeOutcome, 4> values;
  ChargeOutcome first = Outcome(7);
  values.Share(1, first);
  ChargeOutcome other = Outcome(8);
  values.Share(1, other);  // the same slot, another value: kept instead
  EXPECT_FALSE(other.SharesRepWith(first));
  ChargeOutcome third = Outcome(8);
  values.Share(1, third);
  EXPECT_TRUE(third.SharesRepWith(other));
  ChargeOutcome again = Outcome(7);
  values.Share(1, again);  // 7 was pushed out of the slot
  EXPECT_FALSE(again.SharesRepWith(first));
  EXPECT_EQ(again, first);
}

TEST(SharedValuesTest, ChangingOneSharerLeavesTheOthersAsTheyWere) {
  SharedValues<ChargeOutcome> values;
  ChargeOutcome first = Outcome(7);
  values.Share(0, first);
  ChargeOutcome second = Outcome(7);
  values.Share(0, second);
  ASSERT_TRUE(second.SharesRepWith(first));
  second.set_risk_score(9);
  EXPECT_EQ(first.risk_score(), 7);
  EXPECT_EQ(second.risk_score(), 9);
  ChargeOutcome third = Outcome(7);
  values.Share(0, third);
  EXPECT_TRUE(third.SharesRepWith(first));
  EXPECT_EQ(third.risk_score(), 7);
}

TEST(MemoTest, BuildsOncePerKeyWhileTheKeyHoldsItsSlot) {
  Memo<int, ChargeOutcome, 4> memo;
  int builds = 0;
  auto make = [&](int score) {
    return [&builds, score] {
      ++builds;
      return Outcome(score);
    };
  };
  const ChargeOutcome first = memo.Get(1, 7, make(7));
  const ChargeOutcome again = memo.Get(1, 7, make(7));
  EXPECT_EQ(builds, 1);
  EXPECT_TRUE(again.SharesRepWith(first));
  // Another key in the same slot (hash 5 % 4 == 1) is built and takes it; 7 is then rebuilt.
  EXPECT_EQ(memo.Get(5, 8, make(8)).risk_score(), 8);
  EXPECT_EQ(builds, 2);
  const ChargeOutcome rebuilt = memo.Get(1, 7, make(7));
  EXPECT_EQ(builds, 3);
  EXPECT_EQ(rebuilt, first);
  EXPECT_FALSE(rebuilt.SharesRepWith(first));
  // Keys in other slots do not disturb it.
  EXPECT_EQ(memo.Get(2, 9, make(9)).risk_score(), 9);
  EXPECT_TRUE(memo.Get(1, 7, make(7)).SharesRepWith(rebuilt));
  EXPECT_EQ(builds, 4);
}

TEST(MemoTest, AnObjectInTheKeyIsMatchedByValue) {
  using Key = std::pair<ChargeOutcome, int64_t>;
  Memo<Key, ChargeOutcome, 1> memo;
  int builds = 0;
  auto derive = [&](const Key& key) {
    return [&builds, &key] {
      ++builds;
      ChargeOutcome derived = key.first;
      derived.set_risk_level("normal");
      return derived;
    };
  };
  const Key key(Outcome(7), 100);
  const ChargeOutcome a = memo.Get(0, key, derive(key));
  const Key equal(Outcome(7), 100);  // equal, another rep
  const ChargeOutcome b = memo.Get(0, equal, derive(equal));
  EXPECT_EQ(builds, 1);
  EXPECT_TRUE(b.SharesRepWith(a));
  EXPECT_EQ(b.risk_level(), "normal");
  const Key later(Outcome(7), 101);
  EXPECT_FALSE(memo.Get(0, later, derive(later)).SharesRepWith(a));
  EXPECT_EQ(builds, 2);
}

TEST(SharedValuesTest, ChargesOfOneCardAndAmountShareTheirCardDetailsUntilOneChanges) {
  testing::FakeClock clock;
  EngineOptions options;
  options.clock = &clock;
  Engine engine(options);
  ChargeCreateParams params;
  params.set_amount(1500);
  params.set_currency("usd");
  params.set_source("tok_visa");
  params.set_capture(false);
  const absl::StatusOr<Charge> a = engine.charges().Create(params);
  const absl::StatusOr<Charge> b = engine.charges().Create(params);
  ASSERT_TRUE(a.ok() && b.ok());
  EXPECT_NE(a->id(), b->id());
  // Uncaptured: each has its own capture_before, set after the details were shared.
  EXPECT_EQ(a->payment_method_details().card().capture_before(),
            b->payment_method_details().card().capture_before());
  EXPECT_EQ(a->payment_method_details().card().last4(), "4242");
  params.set_capture(true);
  const absl::StatusOr<Charge> c = engine.charges().Create(params);
  const absl::StatusOr<Charge> d = engine.charges().Create(params);
  ASSERT_TRUE(c.ok() && d.ok());
  EXPECT_TRUE(d->payment_method_details().SharesRepWith(c->payment_method_details()));
  EXPECT_FALSE(c->payment_method_details().card().has_capture_before());
  EXPECT_EQ(c->payment_method_details(), d->payment_method_details());
  // Capturing an authorized charge changes only that charge.
  ChargeCaptureParams capture;
  const absl::StatusOr<Charge> captured = engine.charges().Capture(a->id(), capture);
  ASSERT_TRUE(captured.ok());
  EXPECT_EQ(engine.charges().Retrieve(b->id())->status(), "succeeded");
  EXPECT_FALSE(engine.charges().Retrieve(b->id())->captured());
  EXPECT_EQ(engine.charges().Retrieve(c->id())->payment_method_details(),
            d->payment_method_details());
}

}  // namespace
}  // namespace internal
}  // namespace paysim
