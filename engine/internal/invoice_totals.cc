// An invoice's amounts (invoice_totals.h).
#include "engine/internal/invoice_totals.h"

#include <algorithm>
#include <vector>

#include "absl/strings/str_cat.h"
#include "engine/internal/checkout_totals.h"
#include "engine/internal/currency_options.h"
#include "engine/internal/interned.h"
#include "engine/internal/prorations.h"
#include "engine/internal/tax_shapes.h"

namespace paysim {
namespace internal {
namespace {

const std::string& LineProduct(const InvoiceLineItem& line) {
  return line.has_price() ? line.price().product() : line.pricing().price_details().product();
}

}  // namespace

bool DiscountLasts(const Discount& discount, int64_t at, const std::string& currency) {
  const Coupon& coupon = discount.coupon();
  if (!CouponAppliesIn(coupon, currency)) return false;
  if (coupon.duration() == "once") return discount.invoices_discounted() == 0;
  if (coupon.duration() == "repeating") return !discount.has_end() || at < discount.end();
  return true;  // forever
}

bool DiscountEnded(const Discount& discount, int64_t at) {
  const Coupon& coupon = discount.coupon();
  if (coupon.duration() == "once") return discount.invoices_discounted() > 0;
  if (coupon.duration() == "repeating") return discount.has_end() && at >= discount.end();
  return false;  // forever
}

const Discount* InvoiceDiscount(const Invoice& invoice, const Subscription* subscription,
                                const Customer* customer) {
  if (invoice.has_own_discount()) return &invoice.own_discount();
  if (invoice.inherits_no_discount()) return nullptr;
  if (subscription != nullptr && subscription->has_discount() &&
      DiscountLasts(subscription->discount(), invoice.created(), invoice.currency())) {
    return &subscription->discount();
  }
  if (customer != nullptr && customer->has_discount() &&
      DiscountLasts(customer->discount(), invoice.created(), invoice.currency())) {
    return &customer->discount();
  }
  return nullptr;
}

void FillInvoiceTotals(const Discount* discount, Invoice& invoice) {
  // An amount_off coupon takes its amount in the invoice's currency (currency_options.h).
  const Coupon coupon =
      discount != nullptr ? CouponForCurrency(discount->coupon(), invoice.currency()) : Coupon();
  InvoiceLineList& lines = *invoice.mutable_lines();
  const int n = lines.data_size();
  std::vector<int64_t> amounts(n);
  std::vector<bool> eligible(n, false);
  for (int i = 0; i < n; ++i) {
    const InvoiceLineItem& line = lines.data(i);
    amounts[i] = std::max<int64_t>(line.amount(), 0);
    eligible[i] = discount != nullptr && line.discountable() && line.amount() > 0 &&
                  CouponCovers(discount->coupon(), LineProduct(line));
  }
  const std::vector<int64_t> discounts =
      discount != nullptr ? AllocateDiscount(coupon, amounts, eligible)
                          : std::vector<int64_t>(n, 0);
  const bool legacy = invoice.legacy_shape();
  int64_t subtotal = 0;
  int64_t discount_total = 0;
  int64_t exclusive_tax = 0;
  int64_t inclusive_tax = 0;
  // The invoice's taxes by rate, in the order the rates first appear.
  std::vector<LineItemTaxAmount> by_rate;
  for (int i = 0; i < n; ++i) {
    InvoiceLineItem& line = *lines.mutable_data(i);
    line.set_legacy_shape(legacy);  // the invoice's shape is its lines' too
    subtotal += line.amount();
    discount_total += discounts[i];
    line.clear_discount_amounts();
    line.clear_discounts();
    line.clear_pretax_credit_amounts();
    if (discount != nullptr && eligible[i]) {
      InvoiceDiscountAmount* share = line.add_discount_amounts();
      share->set_amount(discounts[i]);
      share->set_discount(discount->id_shared());
      line.add_discounts(discount->id());
      if (!legacy) *line.add_pretax_credit_amounts() = PretaxCreditOf(*share);
    }
    if (legacy) {
      line.clear_quantity_decimal();
      line.clear_subtotal();
    } else {
      // From basil on: the amount before discounts and taxes, and the quantity as a decimal
      // (an invoice item's own, else the integer one).
      line.set_subtotal(line.amount());
      if (!line.has_quantity_decimal()) {
        if (const obj::InternedString* text = InternedDecimal(line.quantity())) {
          line.set_quantity_decimal(*text);
        } else {
          line.set_quantity_decimal(absl::StrCat(line.quantity()));
        }
      }
    }
    line.clear_tax_amounts();
    line.clear_tax_rates();
    line.clear_taxes();
    const std::vector<TaxRate> rates(line.rates().begin(), line.rates().end());
    int64_t line_inclusive = 0;
    for (const LineItemTaxAmount& tax : SignedLineTaxes(line.amount() - discounts[i], rates)) {
      (tax.rate().inclusive() ? inclusive_tax : exclusive_tax) += tax.amount();
      if (tax.rate().inclusive()) line_inclusive += tax.amount();
      if (legacy) {
        line.add_tax_amounts(LegacyTaxShape(tax));
      } else {
        line.add_taxes(BasilTaxShape(tax));
      }
      AddByRate(tax, by_rate);
    }
    if (legacy) {
      *line.mutable_tax_rates() = line.rates();
      line.set_amount_excluding_tax(line.amount() - line_inclusive);
      // A tier's flat amount (quantity 0, an amount) has none.
      if (line.quantity() == 0 && line.amount() != 0) {
        line.clear_unit_amount_excluding_tax();
      } else {
        line.set_unit_amount_excluding_tax(
            UnitAmountDecimal(line.amount_excluding_tax(), line.quantity()));
      }
    } else {
      line.clear_amount_excluding_tax();
      line.clear_unit_amount_excluding_tax();
    }
  }
  lines.set_total_count(n);
  invoice.clear_discounts();
  invoice.clear_total_discount_amounts();
  invoice.clear_total_pretax_credit_amounts();
  if (discount != nullptr && discount_total > 0) {
    invoice.add_discounts(discount->id());
    InvoiceDiscountAmount* all = invoice.add_total_discount_amounts();
    all->set_amount(discount_total);
    all->set_discount(discount->id_shared());
    if (!legacy) *invoice.add_total_pretax_credit_amounts() = PretaxCreditOf(*all);
  }
  invoice.clear_total_tax_amounts();
  invoice.clear_total_taxes();
  for (const LineItemTaxAmount& tax : by_rate) {
    if (legacy) {
      invoice.add_total_tax_amounts(LegacyTaxShape(tax));
    } else {
      invoice.add_total_taxes(BasilTaxShape(tax));
    }
  }
  const int64_t total = subtotal - discount_total + exclusive_tax;
  invoice.set_subtotal(subtotal);
  invoice.set_subtotal_excluding_tax(subtotal - inclusive_tax);
  if (legacy && !by_rate.empty()) {
    invoice.set_tax(exclusive_tax + inclusive_tax);
  } else {
    invoice.clear_tax();
  }
  invoice.set_total(total);
  invoice.set_total_excluding_tax(total - exclusive_tax - inclusive_tax);
  const int64_t due = total + invoice.starting_balance();  // the customer's balance applied
  invoice.set_amount_due(due > 0 ? due : 0);
  invoice.set_amount_remaining(invoice.amount_due() - invoice.amount_paid());
}

}  // namespace internal
}  // namespace paysim
