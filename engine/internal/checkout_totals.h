// checkout_totals.h (internal): a Checkout Session's amounts, line by line: the discount
// taken off each line item, then the taxes of each line item's tax rates on what remains.
// Pure arithmetic on minor units (no World, no clock): the session's builder and the
// promotion code entry both fill a session's amounts through FillCheckoutTotals.
//
// paysim's rules (Stripe documents that discounts apply before tax and that tax is computed
// and rounded per line item; the rest is marked UNCERTAIN where it is decided):
//   - percent_off: each eligible line item's discount is its subtotal x percent_off, rounded
//     half up to the minor unit.
//   - amount_off (in the session's currency: the coupon's own, or its currency_options';
//     currency_options.h): min(amount_off, the eligible subtotal), shared among the eligible
//     line items
//     in proportion to their subtotals, rounded down; the cents left over go one each to the
//     line items with the largest remainders (the earlier line item first on a tie).
//   - eligible: every line item, or those whose price's product is in the coupon's
//     applies_to.products.
//   - exclusive tax rate: tax = (subtotal - discount) x percentage, rounded half up.
//   - inclusive tax rates: the amount without tax is (subtotal - discount) / (1 + the sum of
//     the inclusive percentages), rounded half up; each inclusive rate's tax is that amount x
//     its percentage, rounded half up, the last inclusive rate taking the rounding difference
//     so that the taxes add up to what the customer pays above the amount without tax.
//     Exclusive rates on the same line item are computed on the amount without inclusive tax.
//   - a line item's rates are its tax_rates, then its automatic_tax_rates (automatic tax,
//     checkout_automatic_tax.h), then its dynamic_tax_rate (the one of its dynamic_tax_rates
//     matching the customer's address, checkout_dynamic_tax.h); automatic rates' taxes carry
//     taxability_reason `standard_rated`.
//   - shipping is not discounted; it is taxed only by automatic tax (shipping_cost's
//     automatic_tax_rates), on its whole amount as above: shipping_cost.amount_tax, and
//     shipping_cost.amount_total = its amount + exclusive tax.
//   - amount_tax counts inclusive and exclusive taxes of line items and shipping; amount_total
//     = subtotal - discount + exclusive taxes + shipping_cost.amount_total
//     (checkout_shipping.h), and total_details.amount_shipping is the shipping's amount.
#ifndef PAYSIM_ENGINE_INTERNAL_CHECKOUT_TOTALS_H_
#define PAYSIM_ENGINE_INTERNAL_CHECKOUT_TOTALS_H_

#include <cstdint>
#include <string>
#include <vector>

#include "proto/checkout.obj.h"
#include "proto/coupon.obj.h"
#include "proto/discount.obj.h"
#include "proto/tax_rate.obj.h"

namespace paysim {
namespace internal {

// The percentage `percent` (at most 4 decimals, as Stripe takes them) of `amount`, rounded half
// up to the minor unit. REQUIRES: amount >= 0, 0 <= percent.
int64_t PercentOf(int64_t amount, double percent);

// The discount of `coupon` on each of `subtotals` (line items' unit_amount x quantity), for
// line items whose `eligible` flag is set. Returns one amount per line item.
// REQUIRES: subtotals.size() == eligible.size(); amounts >= 0.
std::vector<int64_t> AllocateDiscount(const Coupon& coupon, const std::vector<int64_t>& subtotals,
                                      const std::vector<bool>& eligible);

// One line item's taxes on `taxable` (its subtotal less its discount), one per rate of
// `rates`, in order. REQUIRES: taxable >= 0.
std::vector<LineItemTaxAmount> LineTaxes(int64_t taxable, const std::vector<TaxRate>& rates);

// True if `coupon` may take an amount off a line of `product`: it has no
// applies_to.products, or `product` is one of them.
bool CouponCovers(const Coupon& coupon, const std::string& product);

// Adds `tax` to `by_rate`, the taxes of a session or an invoice by rate in the order the
// rates first appear: to its rate's entry (amount and taxable_amount), else as a new one.
void AddByRate(const LineItemTaxAmount& tax, std::vector<LineItemTaxAmount>& by_rate);

// FillCheckoutTotals()
//
// Recomputes every amount of `session` (payment or subscription mode), in its merchant's
// currency, from its line items' prices, quantities, tax_rates, automatic tax rates and
// matched dynamic tax rate, the amount of its chosen shipping option, and `discount` (nullptr:
// none): each line item's amount_subtotal, amount_discount, amount_tax, amount_total,
// discounts and taxes; the
// session's amount_subtotal, amount_total and total_details (amount_discount, amount_tax,
// breakdown). The session's `discounts` and `applied_discount` are the caller's.
void FillCheckoutTotals(const Discount* discount, CheckoutSession& session);

}  // namespace internal
}  // namespace paysim

#endif  // PAYSIM_ENGINE_INTERNAL_CHECKOUT_TOTALS_H_
