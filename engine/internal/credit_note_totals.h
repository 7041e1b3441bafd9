// credit_note_totals.h (internal): a credit note's amounts from its lines and the invoice
// lines they credit. Pure arithmetic on minor units (no World): the credit note request fills
// a new note's amounts through FillCreditNoteTotals before checking them against the invoice.
//
// A line of type `invoice_line_item` credits a share of the invoice line it names: its
// `amount` (a quantity's worth, or the amount asked) out of that line's amount. It takes the
// same share of each of the invoice line's discounts (rounded half up; all of them when it
// credits the whole line) and is taxed at the invoice line's rates on what remains: an
// inclusive rate's tax is inside the amount, an exclusive rate's is added, as Stripe splits a
// credit on a taxed invoice between the net amount and the tax. A `custom_line_item` takes no
// discount and is taxed at its own `tax_rates` (none unless the request gave some).
//
// The note's amounts, as an invoice's (invoice_totals.h): subtotal = the lines' amounts;
// discount_amount = their discounts; total = amount = subtotal - discounts + exclusive taxes;
// subtotal_excluding_tax = subtotal less inclusive taxes; total_excluding_tax = total less
// every tax; pre_payment_amount or post_payment_amount (by the note's type) = total. A note
// of an `amount` and no lines credits that amount, untaxed.
//
// Shapes by version (the note's and its lines' `legacy_shape`): before 2025-03-31.basil
// `tax_amounts` (note and lines), the lines' `amount_excluding_tax` and
// `unit_amount_excluding_tax`; from basil on `total_taxes`, the lines' `taxes`, and
// `pretax_credit_amounts` (note and lines). Both: `discount_amounts` and the lines'
// `tax_rates`.
#ifndef PAYSIM_ENGINE_INTERNAL_CREDIT_NOTE_TOTALS_H_
#define PAYSIM_ENGINE_INTERNAL_CREDIT_NOTE_TOTALS_H_

#include <cstdint>

#include "proto/billing.obj.h"
#include "proto/credit_note.obj.h"

namespace paysim {
namespace internal {

// Recomputes every amount of `note` (its lines' amounts, quantities, invoice_line_item and a
// custom line's tax_rates set; its type set) from the lines of `invoice` they credit, by the rules above, in the shape
// `legacy` says. `amount_without_lines` is the note's amount when it has no lines.
// REQUIRES: each invoice_line_item of `note` names a line of `invoice`.
void FillCreditNoteTotals(const Invoice& invoice, bool legacy, int64_t amount_without_lines,
                          CreditNote& note);

}  // namespace internal
}  // namespace paysim

#endif  // PAYSIM_ENGINE_INTERNAL_CREDIT_NOTE_TOTALS_H_
