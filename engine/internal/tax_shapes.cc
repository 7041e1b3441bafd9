// Taxes and discounts as Stripe renders them (tax_shapes.h).
#include "engine/internal/tax_shapes.h"

#include "engine/internal/checkout_totals.h"
#include "engine/internal/interned.h"

namespace paysim {
namespace internal {

std::vector<LineItemTaxAmount> SignedLineTaxes(int64_t taxable,
                                               const std::vector<TaxRate>& rates) {
  std::vector<LineItemTaxAmount> taxes = LineTaxes(taxable < 0 ? -taxable : taxable, rates);
  if (taxable < 0) {
    for (LineItemTaxAmount& tax : taxes) {
      tax.set_amount(-tax.amount());
      tax.set_taxable_amount(-tax.taxable_amount());
    }
  }
  return taxes;
}

InvoiceTaxAmount LegacyTaxShape(const LineItemTaxAmount& tax) {
  InvoiceTaxAmount shown;
  shown.set_amount(tax.amount());
  shown.set_inclusive(tax.rate().inclusive());
  shown.set_tax_rate(tax.rate().id());
  shown.set_taxable_amount(tax.taxable_amount());
  return shown;
}

InvoiceTax BasilTaxShape(const LineItemTaxAmount& tax) {
  InvoiceTax shown;
  shown.set_amount(tax.amount());
  shown.set_tax_behavior(tax.rate().inclusive() ? PAYSIM_INTERNED("inclusive")
                                                : PAYSIM_INTERNED("exclusive"));
  shown.mutable_tax_rate_details()->set_tax_rate(tax.rate().id());
  shown.set_taxability_reason(PAYSIM_INTERNED("not_available"));
  shown.set_taxable_amount(tax.taxable_amount());
  shown.set_type(PAYSIM_INTERNED("tax_rate_details"));
  return shown;
}

InvoicePretaxCreditAmount PretaxCreditOf(const InvoiceDiscountAmount& share) {
  InvoicePretaxCreditAmount credit;
  credit.set_amount(share.amount());
  credit.set_discount(share.discount_shared());
  credit.set_type(PAYSIM_INTERNED("discount"));
  return credit;
}

}  // namespace internal
}  // namespace paysim
