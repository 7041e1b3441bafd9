// The arithmetic of tiered and transformed prices (price_tiers.h) and of decimal amounts
// (amount_decimal.h), on Prices built in place.
#include "engine/internal/price_tiers.h"

#include <vector>

#include "engine/internal/amount_decimal.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace paysim {
namespace internal {
namespace {

// Tiers 1-5 at 500 + 1000 flat, 6-10 at 400 + 2000 flat, 11+ at 300 + 3000 flat, per month.
Price Tiered(const char* mode) {
  Price price;
  price.set_billing_scheme("tiered");
  price.set_tiers_mode(mode);
  price.mutable_recurring()->set_interval("month");
  const int64_t up_to[] = {5, 10, 0};
  const int64_t unit[] = {500, 400, 300};
  const int64_t flat[] = {1000, 2000, 3000};
  for (int i = 0; i < 3; ++i) {
    PriceTier* tier = price.add_tiers();
    if (up_to[i] > 0) tier->set_up_to(up_to[i]);
    tier->set_unit_amount(unit[i]);
    tier->set_unit_amount_decimal(std::to_string(unit[i]));
    tier->set_flat_amount(flat[i]);
    tier->set_flat_amount_decimal(std::to_string(flat[i]));
  }
  return price;
}

TEST(PriceTiersTest, GraduatedPricesEachTiersUnitsAndAddsEachReachedTiersFlatAmount) {
  const Price price = Tiered("graduated");
  EXPECT_EQ(PriceAmount(price, 12), (5 * 500 + 1000) + (5 * 400 + 2000) + (2 * 300 + 3000));
  const std::vector<PricePart> parts = PriceParts(price, 12);
  ASSERT_EQ(parts.size(), 6u);
  EXPECT_EQ(parts[0].tier, 1);
  EXPECT_FALSE(parts[0].flat);
  EXPECT_EQ(parts[0].quantity, 5);
  EXPECT_EQ(parts[0].amount, 2500);
  EXPECT_EQ(parts[0].rate, "500");
  EXPECT_TRUE(parts[1].flat);
  EXPECT_EQ(parts[1].quantity, 0);
  EXPECT_EQ(parts[1].amount, 1000);
  EXPECT_EQ(parts[4].quantity, 2);
  EXPECT_EQ(parts[4].amount, 600);
  EXPECT_EQ(PartRateText(price, parts[4]), "(Tier 3 at 300 / month)");
}

TEST(PriceTiersTest, GraduatedTierBoundariesAreInclusive) {
  const Price price = Tiered("graduated");
  // 5 units stay in tier 1; the 6th reaches tier 2 (and its flat amount).
  EXPECT_EQ(PriceAmount(price, 5), 5 * 500 + 1000);
  EXPECT_EQ(PriceParts(price, 5).size(), 2u);
  EXPECT_EQ(PriceAmount(price, 6), 5 * 500 + 1000 + 400 + 2000);
  EXPECT_EQ(PriceParts(price, 6).size(), 4u);
  EXPECT_EQ(PriceAmount(price, 4), 4 * 500 + 1000);
}

TEST(PriceTiersTest, QuantityZeroBillsTheFirstTiersFlatAmount) {
  const std::vector<PricePart> parts = PriceParts(Tiered("graduated"), 0);
  ASSERT_EQ(parts.size(), 1u);
  EXPECT_TRUE(parts[0].flat);
  EXPECT_EQ(parts[0].amount, 1000);
  EXPECT_EQ(PriceAmount(Tiered("volume"), 0), 1000);
}

TEST(PriceTiersTest, VolumePricesEveryUnitAtTheTierTheWholeQuantityFallsIn) {
  const Price price = Tiered("volume");
  EXPECT_EQ(PriceAmount(price, 5), 5 * 500 + 1000);
  EXPECT_EQ(PriceAmount(price, 6), 6 * 400 + 2000);
  EXPECT_EQ(PriceAmount(price, 10), 10 * 400 + 2000);
  EXPECT_EQ(PriceAmount(price, 11), 11 * 300 + 3000);
  const std::vector<PricePart> parts = PriceParts(price, 12);
  ASSERT_EQ(parts.size(), 1u);
  EXPECT_EQ(parts[0].tier, 3);
  EXPECT_EQ(parts[0].quantity, 12);
  EXPECT_EQ(PartRateText(price, parts[0]), "(Tier 3 at 300 / month)");
}

TEST(PriceTiersTest, DecimalTierAmountsRoundEachLineHalfUp) {
  Price price;
  price.set_billing_scheme("tiered");
  price.set_tiers_mode("graduated");
  PriceTier* first = price.add_tiers();
  first->set_up_to(1000);
  first->set_unit_amount(0);
  first->set_unit_amount_decimal("0");
  first->set_flat_amount(900);
  first->set_flat_amount_decimal("900");
  price.add_tiers()->set_unit_amount_decimal("3.6");
  const std::vector<PricePart> parts = PriceParts(price, 1031);
  ASSERT_EQ(parts.size(), 3u);
  EXPECT_EQ(parts[0].amount, 0);
  EXPECT_EQ(parts[1].amount, 900);
  EXPECT_EQ(parts[2].quantity, 31);
  EXPECT_EQ(parts[2].amount, 112);  // 111.6
  EXPECT_EQ(parts[2].rate, "3.6");
  EXPECT_EQ(PriceAmount(price, 1031), 1012);
}

TEST(PriceTiersTest, TransformQuantityDividesThenRounds) {
  Price price;
  price.set_billing_scheme("per_unit");
  price.set_unit_amount(1000);
  price.mutable_recurring()->set_interval("month");
  price.mutable_transform_quantity()->set_divide_by(5);
  price.mutable_transform_quantity()->set_round("up");
  EXPECT_EQ(PriceAmount(price, 5), 1000);
  EXPECT_EQ(PriceAmount(price, 6), 2000);
  EXPECT_EQ(PriceAmount(price, 0), 0);
  const std::vector<PricePart> parts = PriceParts(price, 6);
  ASSERT_EQ(parts.size(), 1u);
  EXPECT_EQ(parts[0].quantity, 6);  // the line shows the quantity given
  EXPECT_EQ(PartRateText(price, parts[0]), "(at 1000 per 5 / month)");
  price.mutable_transform_quantity()->set_round("down");
  EXPECT_EQ(PriceAmount(price, 9), 1000);
  EXPECT_EQ(PriceAmount(price, 10), 2000);
  EXPECT_EQ(PriceAmount(price, 4), 0);
}

TEST(PriceTiersTest, PerUnitIsUnitAmountTimesQuantity) {
  Price price;
  price.set_billing_scheme("per_unit");
  price.set_unit_amount(1500);
  price.mutable_recurring()->set_interval("month");
  EXPECT_EQ(PriceAmount(price, 3), 4500);
  ASSERT_EQ(PriceParts(price, 3).size(), 1u);
  EXPECT_EQ(PartRateText(price, PriceParts(price, 3)[0]), "(at 1500 / month)");
}

TEST(AmountDecimalTest, ParsesAtMostTwelvePlacesExactly) {
  EXPECT_EQ(*ParseAmountDecimal("1000", "p"), PicoOf(1000));
  EXPECT_EQ(*ParseAmountDecimal("0.000000000001", "p"), 1);
  EXPECT_EQ(PicoText(*ParseAmountDecimal("3.600", "p")), "3.6");
  EXPECT_EQ(PicoText(*ParseAmountDecimal("12", "p")), "12");
  for (const char* bad : {"", "-1", "+1", "1.0000000000001", "abc", "1.2.3", "1e3",
                          "1234567890123"}) {
    absl::StatusOr<PicoAmount> parsed = ParseAmountDecimal(bad, "tiers[0][unit_amount_decimal]");
    EXPECT_FALSE(parsed.ok()) << bad;
  }
}

TEST(AmountDecimalTest, TimesRoundsHalfUp) {
  EXPECT_EQ(PicoTimes(*ParseAmountDecimal("0.5", "p"), 1), 1);
  EXPECT_EQ(PicoTimes(*ParseAmountDecimal("0.49", "p"), 1), 0);
  EXPECT_EQ(PicoTimes(*ParseAmountDecimal("0.25", "p"), 6), 2);  // 1.5
  EXPECT_EQ(*DecimalTimes("2.5", 3, "p"), 8);                    // 7.5
}

}  // namespace
}  // namespace internal
}  // namespace paysim
