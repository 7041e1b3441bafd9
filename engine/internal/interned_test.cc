// Tests of Interned(): one node per text, and the right node for text whose memory held other
// text before (a request's string, freed and reused).
#include "engine/internal/interned.h"

#include <cstring>
#include <string>

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

}  // namespace
}  // namespace internal
}  // namespace paysim
