// ShortId: ids up to 31 characters inline, longer ones on the heap; copies and moves between
// the two keep the text.
#include "engine/internal/short_id.h"

#include <cstdint>
#include <string>
#include <utility>

#include "gtest/gtest.h"

namespace paysim {
namespace internal {
namespace {

const std::string kInline31(31, 'a');   // the longest id held inline
const std::string kHeap32(32, 'b');     // the shortest one on the heap
const std::string kSession = "cs_test_" + std::string(58, 'c');

TEST(ShortIdTest, FitsInThirtyTwoBytes) {
  EXPECT_EQ(sizeof(ShortId), 32u);
  EXPECT_EQ(alignof(ShortId), 1u);
}

// Whether `id`'s text lies within the ShortId itself.
bool TextIsInside(const ShortId& id) {
  const auto begin = reinterpret_cast<uintptr_t>(&id);
  const auto text = reinterpret_cast<uintptr_t>(id.view().data());
  return text >= begin && text < begin + sizeof(ShortId);
}

TEST(ShortIdTest, StripeIdsAreInlineAndLongerOnesOnTheHeap) {
  EXPECT_TRUE(TextIsInside(ShortId("evt_" + std::string(24, 'e'))));
  EXPECT_TRUE(TextIsInside(ShortId(kInline31)));
  EXPECT_FALSE(TextIsInside(ShortId(kHeap32)));
  EXPECT_FALSE(TextIsInside(ShortId(kSession)));
}

TEST(ShortIdTest, HoldsEmptyInlineAndHeapIds) {
  EXPECT_EQ(ShortId().view(), "");
  EXPECT_EQ(ShortId("evt_1").view(), "evt_1");
  EXPECT_EQ(ShortId(kInline31).view(), kInline31);
  EXPECT_EQ(ShortId(kHeap32).view(), kHeap32);
  EXPECT_EQ(ShortId(kSession).view(), kSession);
}

TEST(ShortIdTest, CopiesKeepBothTexts) {
  for (const std::string& text : {std::string("ch_1"), kInline31, kHeap32}) {
    ShortId original(text);
    ShortId copy(original);
    EXPECT_EQ(copy.view(), text);
    EXPECT_EQ(original.view(), text);
    EXPECT_NE(copy.view().data(), original.view().data());
  }
}

TEST(ShortIdTest, AssignmentReplacesInlineByHeapAndBack) {
  ShortId id("pi_1");
  id = ShortId(kSession);  // move-assign a heap id over an inline one
  EXPECT_EQ(id.view(), kSession);
  const ShortId short_one("re_1");
  id = short_one;  // copy-assign an inline id over a heap one
  EXPECT_EQ(id.view(), "re_1");
  const ShortId long_one(kHeap32);
  id = long_one;
  EXPECT_EQ(id.view(), kHeap32);
  const ShortId& same = id;
  id = same;  // self-assignment keeps the text
  EXPECT_EQ(id.view(), kHeap32);
}

TEST(ShortIdTest, MovingAHeapIdTakesItsBufferAndEmptiesTheSource) {
  ShortId source(kSession);
  const char* buffer = source.view().data();
  ShortId target(std::move(source));
  EXPECT_EQ(target.view(), kSession);
  EXPECT_EQ(target.view().data(), buffer);
  EXPECT_EQ(source.view(), "");  // NOLINT(bugprone-use-after-move): moved-from is empty
}

}  // namespace
}  // namespace internal
}  // namespace paysim
