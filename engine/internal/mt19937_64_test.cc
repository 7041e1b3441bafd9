// Mt19937_64: std::mt19937_64's numbers and state text, number for number.
#include "engine/internal/mt19937_64.h"

#include <random>
#include <sstream>
#include <string>

#include "gtest/gtest.h"

namespace paysim {
namespace {

std::string StdState(const std::mt19937_64& engine) {
  std::ostringstream out;
  out << engine;
  return out.str();
}

TEST(Mt19937_64Test, SameNumbersAsTheStandardEngine) {
  for (uint64_t seed : {uint64_t{0}, uint64_t{1}, uint64_t{42}, uint64_t{5489},
                        ~uint64_t{0}}) {
    Mt19937_64 ours(seed);
    std::mt19937_64 reference(seed);
    // Several blocks of 312, so every twist boundary is crossed more than once.
    for (int i = 0; i < 5000; ++i) ASSERT_EQ(ours(), reference()) << "seed " << seed << " i " << i;
  }
}

TEST(Mt19937_64Test, TenThousandthNumberIsTheStandardsWitness) {
  // [rand.predef]: the 10000th consecutive invocation of a default-constructed mt19937_64
  // (seed 5489) produces 9981545732273789042.
  Mt19937_64 ours(5489);
  uint64_t value = 0;
  for (int i = 0; i < 10000; ++i) value = ours();
  EXPECT_EQ(value, 9981545732273789042ULL);
}

TEST(Mt19937_64Test, StateTextIsTheStandardEnginesAtEveryPosition) {
  Mt19937_64 ours(7);
  std::mt19937_64 reference(7);
  EXPECT_EQ(ours.State(), StdState(reference));
  for (int drawn : {1, 310, 1, 1, 1, 400}) {  // positions 1, 311, 312, 313 (next block), 314, 714
    for (int i = 0; i < drawn; ++i) {
      ours();
      reference();
    }
    EXPECT_EQ(ours.State(), StdState(reference)) << "after " << drawn;
  }
}

TEST(Mt19937_64Test, SetStateContinuesTheStandardEnginesSequence) {
  for (int drawn : {0, 5, 311, 312, 313, 1000}) {
    std::mt19937_64 reference(99);
    for (int i = 0; i < drawn; ++i) reference();
    Mt19937_64 ours(1);
    ASSERT_TRUE(ours.SetState(StdState(reference) + "\n")) << drawn;
    EXPECT_EQ(ours.State(), StdState(reference));
    for (int i = 0; i < 700; ++i) ASSERT_EQ(ours(), reference()) << drawn << " " << i;
  }
}

TEST(Mt19937_64Test, SetStateRefusesOtherTextAndKeepsTheState) {
  Mt19937_64 ours(3);
  ours();
  const std::string before = ours.State();
  std::mt19937_64 reference(3);
  const std::string good = StdState(reference);
  for (const std::string& bad :
       {std::string(""), std::string("12 34"), std::string("not a state"),
        good + " 17", good.substr(0, good.size() / 2)}) {
    EXPECT_FALSE(ours.SetState(bad)) << bad.substr(0, 40);
    EXPECT_EQ(ours.State(), before);
  }
  Mt19937_64 again(3);
  again();
  EXPECT_EQ(ours(), again());
}

}  // namespace
}  // namespace paysim
