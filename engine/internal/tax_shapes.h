// tax_shapes.h (internal): a billing document's taxes and discounts as Stripe renders them, for
// invoices (invoice_totals.h) and credit notes (credit_note_totals.h) alike. Versions before
// 2025-03-31.basil show a tax as `tax_amounts[]` ({amount, inclusive, tax_rate,
// taxable_amount}); basil shows it as `taxes[]` / `total_taxes[]` ({amount, tax_behavior,
// tax_rate_details, taxability_reason, taxable_amount, type}) and a discount's share also as a
// pretax credit (`pretax_credit_amounts[]`).
//
// Thread safety: pure functions.
#ifndef PAYSIM_ENGINE_INTERNAL_TAX_SHAPES_H_
#define PAYSIM_ENGINE_INTERNAL_TAX_SHAPES_H_

#include <cstdint>
#include <vector>

#include "proto/billing.obj.h"
#include "proto/checkout.obj.h"
#include "proto/tax_rate.obj.h"

namespace paysim {
namespace internal {

// checkout_totals.h's LineTaxes for any sign of `taxable`: a credit is taxed as its positive
// amount would be, negated.
std::vector<LineItemTaxAmount> SignedLineTaxes(int64_t taxable, const std::vector<TaxRate>& rates);

// `tax` as versions before basil show it.
InvoiceTaxAmount LegacyTaxShape(const LineItemTaxAmount& tax);

// `tax` as basil shows it (taxability_reason `not_available`: tax rates, not automatic tax).
InvoiceTax BasilTaxShape(const LineItemTaxAmount& tax);

// A discount's `share` as a pretax credit (from basil on).
InvoicePretaxCreditAmount PretaxCreditOf(const InvoiceDiscountAmount& share);

}  // namespace internal
}  // namespace paysim

#endif  // PAYSIM_ENGINE_INTERNAL_TAX_SHAPES_H_
