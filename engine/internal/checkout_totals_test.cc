// The arithmetic of a Checkout Session's amounts (checkout_totals.h): percent_off per line
// item, amount_off split in proportion with its remainder, exclusive and inclusive taxes on
// the discounted amount, half-up rounding per line item.
#include "engine/internal/checkout_totals.h"

#include <vector>

#include "testing/paysim_testing.h"

namespace paysim {
namespace internal {
namespace {

using ::testing::ElementsAre;

Coupon PercentOff(double percent) {
  Coupon coupon;
  coupon.set_id("C");
  coupon.set_percent_off(percent);
  return coupon;
}

Coupon AmountOff(int64_t amount) {
  Coupon coupon;
  coupon.set_id("C");
  coupon.set_amount_off(amount);
  coupon.set_currency("usd");
  return coupon;
}

TaxRate Rate(const std::string& id, double percentage, bool inclusive) {
  TaxRate rate;
  rate.set_id(id);
  rate.set_percentage(percentage);
  rate.set_inclusive(inclusive);
  rate.set_active(true);
  return rate;
}

TEST(CheckoutTotalsTest, PercentOfRoundsHalfUp) {
  EXPECT_EQ(PercentOf(1000, 8.25), 83);  // 82.5
  EXPECT_EQ(PercentOf(999, 10), 100);    // 99.9
  EXPECT_EQ(PercentOf(1049, 10), 105);   // 104.9
  EXPECT_EQ(PercentOf(1044, 10), 104);   // 104.4
  EXPECT_EQ(PercentOf(1, 50), 1);        // 0.5
  EXPECT_EQ(PercentOf(1, 49.9999), 0);
}

TEST(CheckoutTotalsTest, PercentOffIsRoundedPerLineItem) {
  EXPECT_THAT(AllocateDiscount(PercentOff(15), {1005, 333, 2000}, {true, true, true}),
              ElementsAre(151, 50, 300));
}

TEST(CheckoutTotalsTest, AmountOffIsSplitInProportionWithItsRemainder) {
  // 100 over three equal lines: 33.33 each; the leftover cent goes to the first.
  EXPECT_THAT(AllocateDiscount(AmountOff(100), {1000, 1000, 1000}, {true, true, true}),
              ElementsAre(34, 33, 33));
  // 500 over 1000 and 3000: 125 and 375 exactly.
  EXPECT_THAT(AllocateDiscount(AmountOff(500), {1000, 3000}, {true, true}),
              ElementsAre(125, 375));
  // 100 over 299 and 701: 29.9 and 70.1, the leftover cent to the larger remainder.
  EXPECT_THAT(AllocateDiscount(AmountOff(100), {299, 701}, {true, true}),
              ElementsAre(30, 70));
}

TEST(CheckoutTotalsTest, AmountOffNeverExceedsWhatItAppliesTo) {
  EXPECT_THAT(AllocateDiscount(AmountOff(5000), {1000, 3000}, {true, false}),
              ElementsAre(1000, 0));
}

TEST(CheckoutTotalsTest, ExclusiveAndInclusiveTaxes) {
  const std::vector<LineItemTaxAmount> exclusive = LineTaxes(1000, {Rate("txr_a", 8.25, false)});
  ASSERT_EQ(exclusive.size(), 1u);
  EXPECT_EQ(exclusive[0].amount(), 83);
  EXPECT_EQ(exclusive[0].taxable_amount(), 1000);

  const std::vector<LineItemTaxAmount> inclusive = LineTaxes(1200, {Rate("txr_b", 20, true)});
  ASSERT_EQ(inclusive.size(), 1u);
  EXPECT_EQ(inclusive[0].amount(), 200);
  EXPECT_EQ(inclusive[0].taxable_amount(), 1000);

  // Two inclusive rates: the taxes add up to what is paid above the amount without tax.
  const std::vector<LineItemTaxAmount> two =
      LineTaxes(1000, {Rate("txr_c", 5, true), Rate("txr_d", 9.975, true)});
  ASSERT_EQ(two.size(), 2u);
  EXPECT_EQ(two[0].taxable_amount(), 870);  // 1000 / 1.14975 = 869.75
  EXPECT_EQ(two[0].amount() + two[1].amount(), 130);
  EXPECT_EQ(two[0].amount(), 44);  // 43.5
}

TEST(CheckoutTotalsTest, DiscountComesBeforeTax) {
  CheckoutSession session;
  LineItem* a = session.add_line_items();
  a->mutable_price()->set_unit_amount(1000);
  a->mutable_price()->set_product("prod_a");
  a->set_quantity(1);
  a->add_tax_rates(Rate("txr_x", 10, false));
  LineItem* b = session.add_line_items();
  b->mutable_price()->set_unit_amount(600);
  b->mutable_price()->set_product("prod_b");
  b->set_quantity(2);
  b->add_tax_rates(Rate("txr_x", 10, false));
  Discount discount;
  *discount.mutable_coupon() = PercentOff(10);
  discount.mutable_coupon()->mutable_applies_to()->add_products("prod_a");
  FillCheckoutTotals(&discount, session);

  EXPECT_EQ(session.line_items(0).amount_subtotal(), 1000);
  EXPECT_EQ(session.line_items(0).amount_discount(), 100);
  EXPECT_EQ(session.line_items(0).amount_tax(), 90);
  EXPECT_EQ(session.line_items(0).amount_total(), 990);
  EXPECT_EQ(session.line_items(0).discounts_size(), 1);
  EXPECT_EQ(session.line_items(1).amount_discount(), 0);  // not in applies_to
  EXPECT_EQ(session.line_items(1).discounts_size(), 0);
  EXPECT_EQ(session.line_items(1).amount_tax(), 120);
  EXPECT_EQ(session.line_items(1).amount_total(), 1320);
  EXPECT_EQ(session.amount_subtotal(), 2200);
  EXPECT_EQ(session.total_details().amount_discount(), 100);
  EXPECT_EQ(session.total_details().amount_tax(), 210);
  EXPECT_EQ(session.amount_total(), 2310);
  ASSERT_EQ(session.total_details().breakdown().taxes_size(), 1);  // one rate, summed
  EXPECT_EQ(session.total_details().breakdown().taxes(0).amount(), 210);
  EXPECT_EQ(session.total_details().breakdown().taxes(0).taxable_amount(), 2100);
  ASSERT_EQ(session.total_details().breakdown().discounts_size(), 1);
  EXPECT_EQ(session.total_details().breakdown().discounts(0).amount(), 100);
}

TEST(CheckoutTotalsTest, InclusiveTaxIsPartOfTheTotalNotAdded) {
  CheckoutSession session;
  LineItem* a = session.add_line_items();
  a->mutable_price()->set_unit_amount(1200);
  a->set_quantity(1);
  a->add_tax_rates(Rate("txr_vat", 20, true));
  FillCheckoutTotals(nullptr, session);
  EXPECT_EQ(session.line_items(0).amount_tax(), 200);
  EXPECT_EQ(session.line_items(0).amount_total(), 1200);
  EXPECT_EQ(session.amount_total(), 1200);
  EXPECT_EQ(session.total_details().amount_tax(), 200);
  EXPECT_EQ(session.total_details().amount_discount(), 0);
}

}  // namespace
}  // namespace internal
}  // namespace paysim
