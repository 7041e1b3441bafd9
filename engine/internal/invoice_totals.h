// invoice_totals.h (internal): an invoice's amounts from its lines, the discount it takes and
// the tax rates of its lines. Pure arithmetic on minor units (no World): the invoice
// lifecycle fills an invoice's amounts through FillInvoiceTotals whenever its lines change.
//
// Which discount (InvoiceDiscount): a one-off invoice's own (`discounts[0]`), else the
// subscription's while it lasts, else the customer's (Stripe applies the subscription's
// discount before the customer's). A discount lasts for a
// `forever` coupon; for a `repeating` one until its `end` (an invoice created at `end` or
// later pays in full: a 3-month coupon from 1 January takes off the invoices of January,
// February and March); for a `once` one until an invoice it discounted was finalized. An
// `amount_off` coupon only takes off invoices in its currency or in one of its
// currency_options (that option's amount_off; currency_options.h).
//
// The amounts (checkout_totals.h's arithmetic, as Stripe documents: discounts before tax,
// tax per line):
//   - the discount goes to the lines that are discountable, positive, and of a product in the
//     coupon's applies_to.products when it has any (percent_off: per line, rounded half up;
//     amount_off: at most the eligible amount, shared in proportion);
//   - each line's tax rates (its `rates`) tax what remains of it; a negative line (a
//     proration's credit) is taxed as its positive amount would be, negated;
//   - subtotal = the lines; subtotal_excluding_tax = subtotal less inclusive taxes; total =
//     subtotal - discounts + exclusive taxes; total_excluding_tax = total - all taxes;
//     amount_due = total when positive, else 0; amount_remaining = amount_due - amount_paid.
//   - shapes by the invoice's version: before basil `tax` (null without tax rates),
//     `total_tax_amounts` and lines' `tax_amounts`/`tax_rates`; from basil on `total_taxes` and lines' `taxes`. Both:
//     `discounts`, `total_discount_amounts`, lines' `discounts`/`discount_amounts`.
#ifndef PAYSIM_ENGINE_INTERNAL_INVOICE_TOTALS_H_
#define PAYSIM_ENGINE_INTERNAL_INVOICE_TOTALS_H_

#include <cstdint>
#include <string>

#include "proto/billing.obj.h"
#include "proto/checkout.obj.h"
#include "proto/customer.obj.h"
#include "proto/discount.obj.h"

namespace paysim {
namespace internal {

// True if `discount` still takes an amount off an invoice in `currency` created at `at`
// (Unix seconds), by the rules above.
bool DiscountLasts(const Discount& discount, int64_t at, const std::string& currency);

// True if `discount` is over at `at` whatever the currency: a `once` discount that took an
// amount off an invoice, a `repeating` one at or past its end.
bool DiscountEnded(const Discount& discount, int64_t at);

// The discount `invoice` takes (rules above): its own, else (unless it was given
// `discounts=""`) `subscription`'s (nullptr for a one-off invoice), else `customer`'s
// (nullptr: none known); nullptr when none lasts.
const Discount* InvoiceDiscount(const Invoice& invoice, const Subscription* subscription,
                                const Customer* customer);

// Recomputes every amount of `invoice` from its lines' amount, discountable flag and rates
// and from `discount` (nullptr: none); amount_due also applies its starting_balance (the
// customer's balance: a credit lowers it, never under 0).
void FillInvoiceTotals(const Discount* discount, Invoice& invoice);

}  // namespace internal
}  // namespace paysim

#endif  // PAYSIM_ENGINE_INTERNAL_INVOICE_TOTALS_H_
