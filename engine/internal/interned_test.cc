// Tests of Interned(): one node per text, and the right node for text whose memory held other
// text before (a request's string, freed and reused); InternedDecimal's range.
#include "engine/internal/interned.h"

#include <cstring>
#include <string>
#include <thread>

#include "gtest/gtest.h"

namespace paysim {
namespace internal {
namespace {

TEST(InternedTest, OneNodePerText) {
  const obj::InternedString& a = Interned("succeeded");
  const std::string copy = "succeeded";
  EXPECT_EQ(&InternedCopy(copy), &a);
  EXPECT_EQ(absl::string_view(a), "succeeded");
}

TEST(InternedTest, EveryThreadGetsTheSameNode) {
  // InternedCopy answers from a per-thread cache once a thread has seen the text.
  const obj::InternedString* here = &InternedCopy("threaded text");
  EXPECT_EQ(&InternedCopy(std::string("threaded text")), here);  // cached, other memory
  const obj::InternedString* there = nullptr;
  const obj::InternedString* there_again = nullptr;
  std::thread other([&] {
    there = &InternedCopy(std::string("threaded text"));
    there_again = &InternedCopy("threaded text");
  });
  other.join();
  EXPECT_EQ(there, here);
  EXPECT_EQ(there_again, here);
  EXPECT_EQ(absl::string_view(*here), "threaded text");
}

TEST(InternedTest, MemoryThatHeldOtherTextGetsTheNodeOfItsText) {
  char buffer[8];
  std::memcpy(buffer, "count", 5);
  EXPECT_EQ(absl::string_view(Interned(absl::string_view(buffer, 5))), "count");
  // The same address and length, other text: a cache keyed by the address alone would answer
  // "count" again.
  std::memcpy(buffer, "other", 5);
  EXPECT_EQ(absl::string_view(Interned(absl::string_view(buffer, 5))), "other");
  std::memcpy(buffer, "count", 5);
  EXPECT_EQ(&Interned(absl::string_view(buffer, 5)), &InternedCopy("count"));
}

TEST(InternedTest, SmallDecimalsAreInternedAndLargerOnesAreNot) {
  ASSERT_NE(InternedDecimal(0), nullptr);
  EXPECT_EQ(absl::string_view(*InternedDecimal(0)), "0");
  EXPECT_EQ(absl::string_view(*InternedDecimal(1)), "1");
  EXPECT_EQ(absl::string_view(*InternedDecimal(999)), "999");
  EXPECT_EQ(InternedDecimal(7), &InternedCopy("7"));  // the same node as any other "7"
  EXPECT_EQ(InternedDecimal(1000), nullptr);
  EXPECT_EQ(InternedDecimal(-1), nullptr);
}

}  // namespace
}  // namespace internal
}  // namespace paysim
