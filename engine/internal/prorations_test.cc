#include "engine/internal/prorations.h"

#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace paysim {
namespace internal {
namespace {

constexpr int64_t kDay = 86400;
constexpr int64_t kStart = 1767225600;  // 2026-01-01T00:00:00Z
constexpr int64_t kEnd = kStart + 31 * kDay;

ProratedItem Item(const std::string& id, const std::string& price, int64_t unit, int64_t qty) {
  return ProratedItem{id, price, "Gold", unit, qty, unit * qty};
}

TEST(ProratedAmountTest, ToTheSecond) {
  EXPECT_EQ(ProratedAmount(1000, 15 * kDay, 30 * kDay), 500);
  EXPECT_EQ(ProratedAmount(1000, 30 * kDay, 30 * kDay), 1000);
  EXPECT_EQ(ProratedAmount(1000, 0, 30 * kDay), 0);
  EXPECT_EQ(ProratedAmount(1000, 1, 30 * kDay), 0);
  // 1000 x 10 / 31 days = 322.58... -> 323; 2000 x 21/31 = 1354.83... -> 1355
  EXPECT_EQ(ProratedAmount(1000, 10 * kDay, 31 * kDay), 323);
  EXPECT_EQ(ProratedAmount(2000, 21 * kDay, 31 * kDay), 1355);
  // halves round away from zero
  EXPECT_EQ(ProratedAmount(1, 1, 2), 1);
  EXPECT_EQ(ProratedAmount(-1, 1, 2), -1);
  EXPECT_EQ(ProratedAmount(3, 1, 2), 2);
  // no overflow with large amounts
  EXPECT_EQ(ProratedAmount(int64_t{1} << 50, kDay, 2 * kDay), int64_t{1} << 49);
}

TEST(ComputeProrationsTest, UpgradeCreditsOldAndChargesNew) {
  const int64_t date = kStart + 21 * kDay;  // 10 days remain
  auto p = ComputeProrations({Item("si_1", "price_a", 1000, 1)}, {Item("si_1", "price_b", 2000, 1)},
                             date, kStart, kEnd);
  ASSERT_EQ(p.size(), 2u);
  EXPECT_TRUE(p[0].credit);
  EXPECT_EQ(p[0].amount, -323);
  EXPECT_EQ(p[0].item.price, "price_a");
  EXPECT_EQ(p[0].description, "Unused time on 1 × Gold after 22 Jan 2026");
  EXPECT_FALSE(p[1].credit);
  EXPECT_EQ(p[1].amount, 645);
  EXPECT_EQ(p[1].description, "Remaining time on 1 × Gold after 22 Jan 2026");
}

TEST(ComputeProrationsTest, QuantityChangeAddAndRemove) {
  const int64_t date = kStart + 11 * kDay;  // 20 of 31 days remain
  auto p = ComputeProrations(
      {Item("si_1", "price_a", 1000, 1), Item("si_2", "price_c", 500, 1),
       Item("si_3", "price_d", 300, 2)},
      {Item("si_1", "price_a", 1000, 3), Item("si_3", "price_d", 300, 2),
       Item("si_4", "price_e", 700, 1)},
      date, kStart, kEnd);
  ASSERT_EQ(p.size(), 4u);
  EXPECT_EQ(p[0].amount, -645);   // 1000 x 20/31
  EXPECT_EQ(p[1].amount, -323);   // si_2 removed: 500 x 20/31 = 322.58
  EXPECT_EQ(p[2].amount, 1935);   // 3000 x 20/31 = 1935.48
  EXPECT_EQ(p[3].amount, 452);    // si_4 added: 700 x 20/31 = 451.6
  EXPECT_EQ(p[3].item.id, "si_4");
}

TEST(ComputeProrationsTest, Boundaries) {
  const std::vector<ProratedItem> before = {Item("si_1", "price_a", 3100, 1)};
  const std::vector<ProratedItem> after = {Item("si_1", "price_b", 6200, 1)};
  EXPECT_TRUE(ComputeProrations(before, after, kStart - 1, kStart, kEnd).empty());
  EXPECT_TRUE(ComputeProrations(before, after, kEnd, kStart, kEnd).empty());
  auto at_start = ComputeProrations(before, after, kStart, kStart, kEnd);
  ASSERT_EQ(at_start.size(), 2u);
  EXPECT_EQ(at_start[0].amount, -3100);  // the whole period
  EXPECT_EQ(at_start[1].amount, 6200);
  auto just_after = ComputeProrations(before, after, kStart + 1, kStart, kEnd);
  ASSERT_EQ(just_after.size(), 2u);
  EXPECT_EQ(just_after[0].amount, -3100);  // 3100 x (period - 1) / period rounds to 3100
  EXPECT_EQ(just_after[1].amount, 6200);
  auto just_before_end = ComputeProrations(before, after, kEnd - 1, kStart, kEnd);
  ASSERT_EQ(just_before_end.size(), 2u);
  EXPECT_EQ(just_before_end[0].amount, 0);
  EXPECT_EQ(just_before_end[1].amount, 0);
}

TEST(ComputeProrationsTest, NothingChangedNothingProrated) {
  const std::vector<ProratedItem> items = {Item("si_1", "price_a", 1000, 2)};
  EXPECT_TRUE(ComputeProrations(items, items, kStart + kDay, kStart, kEnd).empty());
}

TEST(ComputeCreditsTest, EveryItemCredited) {
  auto p = ComputeCredits({Item("si_1", "price_a", 3100, 1), Item("si_2", "price_b", 620, 2)},
                          kStart + 21 * kDay, kStart, kEnd);
  ASSERT_EQ(p.size(), 2u);
  EXPECT_EQ(p[0].amount, -1000);
  EXPECT_EQ(p[1].amount, -400);
}

TEST(ComputeCreditsTest, ACutPeriodIsProratedOutOfItsFullLength) {
  // The period [kStart, kEnd) was cut 10 days short: a credit on day 11 covers the 10 days
  // left of the cut period, out of its full 31.
  auto p = ComputeCredits({Item("si_1", "price_a", 3100, 1)}, kStart + 11 * kDay, kStart,
                          kEnd - 10 * kDay, kEnd - kStart);
  ASSERT_EQ(p.size(), 1u);
  EXPECT_EQ(p[0].amount, -1000);
  EXPECT_EQ(p[0].period_start, kStart + 11 * kDay);
  EXPECT_EQ(p[0].period_end, kEnd - 10 * kDay);
}

TEST(ComputeSpanTest, CreditsTimeCutOffAndBillsTimeGivenBack) {
  const std::vector<ProratedItem> items = {Item("si_1", "price_a", 3100, 2)};
  auto cut = ComputeSpan(items, /*credit=*/true, kEnd - 10 * kDay, kEnd, kEnd - kStart);
  ASSERT_EQ(cut.size(), 1u);
  EXPECT_EQ(cut[0].amount, -2000);
  EXPECT_TRUE(cut[0].credit);
  EXPECT_EQ(cut[0].description, "Unused time on 2 × Gold after 22 Jan 2026");
  EXPECT_EQ(cut[0].period_start, kEnd - 10 * kDay);
  EXPECT_EQ(cut[0].period_end, kEnd);
  auto back = ComputeSpan(items, /*credit=*/false, kEnd - 10 * kDay, kEnd, kEnd - kStart);
  ASSERT_EQ(back.size(), 1u);
  EXPECT_EQ(back[0].amount, 2000);
  EXPECT_EQ(back[0].description, "Remaining time on 2 × Gold after 22 Jan 2026");
  EXPECT_TRUE(ComputeSpan(items, true, kEnd, kEnd, kEnd - kStart).empty());
  EXPECT_TRUE(ComputeSpan(items, true, kEnd, kEnd - 1, kEnd - kStart).empty());
}

}  // namespace
}  // namespace internal
}  // namespace paysim
