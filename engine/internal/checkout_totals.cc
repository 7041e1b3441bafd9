// A Checkout Session's amounts (checkout_totals.h).
#include "engine/internal/checkout_totals.h"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <map>
#include <numeric>
#include <string>
#include <vector>

#include "engine/internal/checkout_billing_cycle_anchor.h"
#include "engine/internal/checkout_subscription_trial.h"
#include "engine/internal/currency_options.h"
#include "engine/internal/price_tiers.h"

namespace paysim {
namespace internal {
namespace {

// Percentages carry at most 4 decimals: 8.25% is 82500 millionths of the whole.
constexpr int64_t kMillion = 1000000;

int64_t Millionths(double percent) { return std::llround(percent * 10000.0); }

// numerator / denominator rounded half up. REQUIRES: numerator >= 0, denominator > 0.
int64_t DivideHalfUp(__int128 numerator, __int128 denominator) {
  return static_cast<int64_t>((2 * numerator + denominator) / (2 * denominator));
}

// Adds `taxes` (of one line item or of the shipping) to `shown` and to the session's taxes
// by rate `by_rate`; counts their exclusive part into `exclusive`. Returns their sum.
int64_t AddTaxes(const std::vector<LineItemTaxAmount>& taxes,
                 obj::Repeated<LineItemTaxAmount>& shown,
                 std::vector<LineItemTaxAmount>& by_rate, int64_t& exclusive) {
  int64_t sum = 0;
  for (LineItemTaxAmount tax : taxes) {
    if (tax.rate().automatic()) tax.set_taxability_reason("standard_rated");
    shown.Add(tax);
    sum += tax.amount();
    if (!tax.rate().inclusive()) exclusive += tax.amount();
    AddByRate(tax, by_rate);
  }
  return sum;
}

}  // namespace

bool CouponCovers(const Coupon& coupon, const std::string& product) {
  const auto& products = coupon.applies_to().products();
  return products.empty() ||
         std::find(products.begin(), products.end(), product) != products.end();
}

void AddByRate(const LineItemTaxAmount& tax, std::vector<LineItemTaxAmount>& by_rate) {
  auto same = std::find_if(by_rate.begin(), by_rate.end(), [&](const LineItemTaxAmount& t) {
    return t.rate().id() == tax.rate().id();
  });
  if (same == by_rate.end()) {
    by_rate.push_back(tax);
  } else {
    same->set_amount(same->amount() + tax.amount());
    same->set_taxable_amount(same->taxable_amount() + tax.taxable_amount());
  }
}

int64_t PercentOf(int64_t amount, double percent) {
  return DivideHalfUp(static_cast<__int128>(amount) * Millionths(percent), kMillion);
}

std::vector<int64_t> AllocateDiscount(const Coupon& coupon, const std::vector<int64_t>& subtotals,
                                      const std::vector<bool>& eligible) {
  const size_t n = subtotals.size();
  std::vector<int64_t> discounts(n, 0);
  if (coupon.has_percent_off()) {
    for (size_t i = 0; i < n; ++i) {
      if (eligible[i]) discounts[i] = std::min(subtotals[i], PercentOf(subtotals[i], coupon.percent_off()));
    }
    return discounts;
  }
  int64_t base = 0;
  for (size_t i = 0; i < n; ++i) base += eligible[i] ? subtotals[i] : 0;
  const int64_t total = std::min<int64_t>(std::max<int64_t>(coupon.amount_off(), 0), base);
  if (total == 0 || base == 0) return discounts;
  // UNCERTAIN: Stripe documents a proportional split of an amount_off coupon but not where
  // its rounding remainder goes; paysim gives it to the largest remainders.
  std::vector<int64_t> remainders(n, -1);
  int64_t given = 0;
  for (size_t i = 0; i < n; ++i) {
    if (!eligible[i]) continue;
    const __int128 share = static_cast<__int128>(total) * subtotals[i];
    discounts[i] = static_cast<int64_t>(share / base);
    remainders[i] = static_cast<int64_t>(share % base);
    given += discounts[i];
  }
  std::vector<size_t> order(n);
  std::iota(order.begin(), order.end(), 0);
  std::stable_sort(order.begin(), order.end(),
                   [&](size_t a, size_t b) { return remainders[a] > remainders[b]; });
  for (size_t k = 0; given < total && k < n; ++k) {
    const size_t i = order[k];
    if (!eligible[i] || discounts[i] >= subtotals[i]) continue;
    ++discounts[i];
    ++given;
  }
  return discounts;
}

std::vector<LineItemTaxAmount> LineTaxes(int64_t taxable, const std::vector<TaxRate>& rates) {
  std::vector<LineItemTaxAmount> taxes(rates.size());
  int64_t inclusive_millionths = 0;
  int last_inclusive = -1;
  for (size_t i = 0; i < rates.size(); ++i) {
    if (rates[i].inclusive()) {
      inclusive_millionths += Millionths(rates[i].percentage());
      last_inclusive = static_cast<int>(i);
    }
  }
  // The amount without inclusive tax.
  const int64_t net =
      last_inclusive < 0
          ? taxable
          : DivideHalfUp(static_cast<__int128>(taxable) * kMillion,
                         kMillion + inclusive_millionths);
  int64_t inclusive_left = taxable - net;
  for (size_t i = 0; i < rates.size(); ++i) {
    LineItemTaxAmount& tax = taxes[i];
    *tax.mutable_rate() = rates[i];
    tax.set_taxable_amount(net);
    int64_t amount = PercentOf(net, rates[i].percentage());
    if (rates[i].inclusive()) {
      if (static_cast<int>(i) == last_inclusive) amount = inclusive_left;
      inclusive_left -= amount;
    }
    tax.set_amount(amount);
  }
  return taxes;
}

void FillCheckoutTotals(const Discount* discount, CheckoutSession& session) {
  // An amount_off coupon takes its amount in the merchant's currency (currency_options.h),
  // which Adaptive Pricing keeps in currency_conversion before basil.
  const std::string& currency = session.has_currency_conversion()
                                    ? session.currency_conversion().source_currency()
                                    : session.currency();
  const Coupon coupon =
      discount != nullptr ? CouponForCurrency(discount->coupon(), currency) : Coupon();
  const int n = session.line_items_size();
  const bool trial = HasCheckoutTrial(session);
  const bool stub = InCheckoutStub(session);
  std::vector<int64_t> subtotals(n);
  std::vector<bool> eligible(n, false);
  for (int i = 0; i < n; ++i) {
    const LineItem& item = session.line_items(i);
    // During a trial the recurring items are free (checkout_subscription_trial.h); before a
    // future anchor they cost their stub's share (checkout_billing_cycle_anchor.h).
    const bool recurring = item.price().type() == "recurring";
    subtotals[i] = trial && recurring  ? 0
                   : stub && recurring ? CheckoutStubAmount(session, item)
                                       : PriceAmount(item.price(), item.quantity());
    eligible[i] =
        discount != nullptr && CouponCovers(discount->coupon(), item.price().product());
  }
  const std::vector<int64_t> discounts =
      discount != nullptr ? AllocateDiscount(coupon, subtotals, eligible)
                          : std::vector<int64_t>(n, 0);
  int64_t subtotal = 0;
  int64_t total = 0;
  int64_t discount_total = 0;
  int64_t tax_total = 0;
  // The session's taxes by rate, in the order the rates first appear.
  std::vector<LineItemTaxAmount> by_rate;
  for (int i = 0; i < n; ++i) {
    LineItem& item = *session.mutable_line_items(i);
    item.set_currency(item.price().currency());  // Adaptive Pricing may have shown another
    item.set_amount_subtotal(subtotals[i]);
    item.set_amount_discount(discounts[i]);
    item.clear_discounts();
    if (discount != nullptr && eligible[i]) {
      LineItemDiscountAmount* share = item.add_discounts();
      share->set_amount(discounts[i]);
      *share->mutable_discount() = *discount;
    }
    std::vector<TaxRate> rates(item.tax_rates().begin(), item.tax_rates().end());
    rates.insert(rates.end(), item.automatic_tax_rates().begin(),
                 item.automatic_tax_rates().end());
    if (item.has_dynamic_tax_rate()) rates.push_back(item.dynamic_tax_rate());
    if (rates.empty()) {  // subscription_data[default_tax_rates], if any
      const auto& defaults = session.subscription_data().default_tax_rates();
      rates.assign(defaults.begin(), defaults.end());
    }
    int64_t exclusive_tax = 0;
    item.clear_taxes();
    const int64_t line_tax = AddTaxes(LineTaxes(subtotals[i] - discounts[i], rates),
                                      *item.mutable_taxes(), by_rate, exclusive_tax);
    item.set_amount_tax(line_tax);
    item.set_amount_total(subtotals[i] - discounts[i] + exclusive_tax);
    subtotal += subtotals[i];
    discount_total += discounts[i];
    tax_total += line_tax;
    total += item.amount_total();
  }
  session.set_amount_subtotal(subtotal);
  CheckoutTotalDetails* details = session.mutable_total_details();
  details->set_amount_discount(discount_total);
  details->set_amount_tax(tax_total);
  if (session.has_shipping_cost()) {
    CheckoutShippingCost& shipping = *session.mutable_shipping_cost();
    for (const CheckoutShippingOption& option : session.shipping_options()) {
      if (option.shipping_rate() == shipping.shipping_rate()) {  // in the session's currency
        shipping.set_amount_subtotal(option.shipping_amount());
      }
    }
    const std::vector<TaxRate> rates(shipping.automatic_tax_rates().begin(),
                                     shipping.automatic_tax_rates().end());
    int64_t exclusive_tax = 0;
    shipping.clear_taxes();
    shipping.set_amount_tax(
        AddTaxes(LineTaxes(shipping.amount_subtotal(), rates), *shipping.mutable_taxes(),
                 by_rate, exclusive_tax));
    shipping.set_amount_total(shipping.amount_subtotal() + exclusive_tax);
    details->set_amount_tax(details->amount_tax() + shipping.amount_tax());
    total += shipping.amount_total();
    details->set_amount_shipping(session.shipping_cost().amount_subtotal());
  } else if (!details->has_amount_shipping()) {
    details->set_amount_shipping(0);
  }
  session.set_amount_total(total);
  CheckoutTotalDetailsBreakdown* breakdown = details->mutable_breakdown();
  breakdown->clear_discounts();
  breakdown->clear_taxes();
  if (discount != nullptr) {
    LineItemDiscountAmount* all = breakdown->add_discounts();
    all->set_amount(discount_total);
    *all->mutable_discount() = *discount;
  }
  for (const LineItemTaxAmount& tax : by_rate) breakdown->add_taxes(tax);
}

}  // namespace internal
}  // namespace paysim
