// IdGenerator: Stripe-shaped ids from a seed, the same on every run.
#include "engine/internal/id_generator.h"

#include <random>
#include <set>
#include <string>

#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace paysim {
namespace {

using ::testing::MatchesRegex;

TEST(IdGeneratorTest, IdIsPrefixAndTwentyFourBase62Characters) {
  IdGenerator ids(1);
  EXPECT_THAT(ids.NewId("ch_"), MatchesRegex("ch_[0-9A-Za-z]{24}"));
  EXPECT_THAT(ids.NewId("tok_"), MatchesRegex("tok_[0-9A-Za-z]{24}"));
  EXPECT_THAT(ids.NewId("pm_"), MatchesRegex("pm_[0-9A-Za-z]{24}"));
  EXPECT_THAT(ids.NewId("evt_"), MatchesRegex("evt_[0-9A-Za-z]{24}"));
}

TEST(IdGeneratorTest, CustomerIdHasFourteenCharacters) {
  IdGenerator ids(1);
  EXPECT_THAT(ids.NewId("cus_"), MatchesRegex("cus_[0-9A-Za-z]{14}"));
}

TEST(IdGeneratorTest, SameSeedGivesTheSameSequence) {
  IdGenerator first(42);
  IdGenerator second(42);
  for (const char* prefix : {"cus_", "ch_", "tok_", "cus_", "evt_"}) {
    EXPECT_EQ(first.NewId(prefix), second.NewId(prefix));
  }
  EXPECT_EQ(first.RandomString(8), second.RandomString(8));
  EXPECT_EQ(first.Uniform(1000), second.Uniform(1000));
}

TEST(IdGeneratorTest, SequenceIsFixedAcrossBuildsAndMachines) {
  // std::mt19937_64 is fully specified, so a seed's first ids are part of the contract:
  // scenario files and snapshots written today must replay the same tomorrow.
  IdGenerator ids(0);
  const std::string first = ids.NewId("ch_");
  IdGenerator again(0);
  EXPECT_EQ(again.NewId("ch_"), first);
  std::mt19937_64 reference(0);
  const uint64_t draw = reference();
  constexpr char kBase62[] = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
  EXPECT_EQ(first[3], kBase62[draw % 62]);
  EXPECT_EQ(first[4], kBase62[(draw / 62) % 62]);
}

// The characters of an id as first specified: each draw's base62 digits, least significant
// first, 10 to a draw. Ids already written (scenarios, snapshots, the golden transcript) hold
// NewId to this, whatever arithmetic it uses.
std::string ReferenceId(std::mt19937_64& rng, const std::string& prefix, size_t length) {
  constexpr char kBase62[] = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
  std::string id = prefix;
  for (size_t i = 0; i < length; i += 10) {
    uint64_t bits = rng();
    for (size_t k = i; k < length && k < i + 10; ++k, bits /= 62) id.push_back(kBase62[bits % 62]);
  }
  return id;
}

TEST(IdGeneratorTest, IdsAreTheDrawsBase62Digits) {
  for (uint64_t seed : {0u, 1u, 7u, 42u, 123456789u}) {
    IdGenerator ids(seed);
    std::mt19937_64 reference(seed);
    for (int i = 0; i < 2000; ++i) {
      ASSERT_EQ(ids.NewId("ch_"), ReferenceId(reference, "ch_", 24)) << seed << " " << i;
      ASSERT_EQ(ids.NewId("cus_"), ReferenceId(reference, "cus_", 14)) << seed << " " << i;
    }
  }
}

TEST(IdGeneratorTest, DifferentSeedsGiveDifferentIds) {
  IdGenerator first(1);
  IdGenerator second(2);
  EXPECT_NE(first.NewId("ch_"), second.NewId("ch_"));
}

TEST(IdGeneratorTest, IdsDoNotRepeat) {
  IdGenerator ids(3);
  std::set<std::string> seen;
  for (int i = 0; i < 10000; ++i) {
    EXPECT_TRUE(seen.insert(ids.NewId("ch_")).second);
    EXPECT_TRUE(seen.insert(ids.NewId("cus_")).second);
  }
}

TEST(IdGeneratorTest, RandomStringHasTheLengthAndAlphabet) {
  IdGenerator ids(4);
  EXPECT_THAT(ids.RandomString(8), MatchesRegex("[0-9A-Za-z]{8}"));
  EXPECT_EQ(ids.RandomString(0), "");
}

TEST(IdGeneratorTest, UniformStaysBelowItsBound) {
  IdGenerator ids(5);
  std::set<uint64_t> values;
  for (int i = 0; i < 1000; ++i) {
    const uint64_t v = ids.Uniform(10);
    EXPECT_LT(v, 10u);
    values.insert(v);
  }
  EXPECT_EQ(values.size(), 10u);
  EXPECT_EQ(ids.Uniform(0), 0u);
  EXPECT_EQ(ids.Uniform(1), 0u);
}

}  // namespace
}  // namespace paysim
