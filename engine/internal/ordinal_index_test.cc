// OrdinalIndex: ordinals kept ascending whatever order they arrive in, duplicates and missing
// ones ignored, keys left empty forgotten, and Rebuild starting over.
#include "engine/internal/ordinal_index.h"

#include <cstdint>
#include <vector>

#include "absl/types/span.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace paysim {
namespace internal {
namespace {

using ::testing::ElementsAre;
using ::testing::IsEmpty;

std::vector<int64_t> Of(const OrdinalIndex& index, absl::string_view key) {
  const absl::Span<const int64_t> ordinals = index.Of(key);
  return std::vector<int64_t>(ordinals.begin(), ordinals.end());
}

TEST(OrdinalIndexTest, OrdinalsStayAscendingWhateverTheOrderTheyArriveIn) {
  OrdinalIndex index;
  EXPECT_FALSE(index.built());
  index.Rebuild();
  EXPECT_TRUE(index.built());
  for (int64_t ordinal : {7, 2, 9, 2, 5}) index.Add("cus_a", ordinal);
  index.Add("cus_b", 3);
  EXPECT_THAT(Of(index, "cus_a"), ElementsAre(2, 5, 7, 9));  // the second 2 ignored
  EXPECT_THAT(Of(index, "cus_b"), ElementsAre(3));
  EXPECT_THAT(Of(index, "cus_c"), IsEmpty());
}

TEST(OrdinalIndexTest, RemovingLeavesTheRestAndForgetsAnEmptyKey) {
  OrdinalIndex index;
  index.Rebuild();
  index.Add("cus_a", 1);
  index.Add("cus_a", 4);
  index.Remove("cus_a", 3);  // not there: nothing
  index.Remove("cus_z", 1);  // no such key: nothing
  EXPECT_THAT(Of(index, "cus_a"), ElementsAre(1, 4));
  index.Remove("cus_a", 1);
  EXPECT_THAT(Of(index, "cus_a"), ElementsAre(4));
  index.Remove("cus_a", 4);
  EXPECT_THAT(Of(index, "cus_a"), IsEmpty());
  index.Add("cus_a", 6);  // the key comes back
  EXPECT_THAT(Of(index, "cus_a"), ElementsAre(6));
}

TEST(OrdinalIndexTest, RebuildStartsOver) {
  OrdinalIndex index;
  index.Rebuild();
  index.Add("cus_a", 1);
  index.Rebuild();
  EXPECT_TRUE(index.built());
  EXPECT_THAT(Of(index, "cus_a"), IsEmpty());
}

}  // namespace
}  // namespace internal
}  // namespace paysim
