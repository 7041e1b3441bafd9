// A credit note's amounts (credit_note_totals.h).
#include "engine/internal/credit_note_totals.h"

#include <utility>
#include <vector>

#include "engine/internal/checkout_totals.h"
#include "engine/internal/prorations.h"
#include "engine/internal/tax_shapes.h"

namespace paysim {
namespace internal {
namespace {

const InvoiceLineItem* CreditedLine(const Invoice& invoice, const CreditNoteLineItem& line) {
  if (!line.has_invoice_line_item()) return nullptr;
  for (const InvoiceLineItem& candidate : invoice.lines().data()) {
    if (candidate.id() == line.invoice_line_item()) return &candidate;
  }
  return nullptr;
}

// `part` of `whole` of `amount`, rounded half up. REQUIRES: whole > 0, 0 <= part <= whole.
int64_t ShareOf(int64_t amount, int64_t part, int64_t whole) {
  if (part == whole) return amount;
  const bool negative = amount < 0;
  const int64_t magnitude = negative ? -amount : amount;
  // In 128 bits: the product of two large amounts passes 64.
  const __int128 doubled = static_cast<__int128>(2) * magnitude * part + whole;
  const int64_t share = static_cast<int64_t>(doubled / (static_cast<__int128>(2) * whole));
  return negative ? -share : share;
}

// Adds `share` to the note's discount entry of its discount, or appends one.
void AddByDiscount(const InvoiceDiscountAmount& share, CreditNote& note) {
  for (int i = 0; i < note.discount_amounts_size(); ++i) {
    if (note.discount_amounts(i).discount() == share.discount()) {
      InvoiceDiscountAmount& entry = *note.mutable_discount_amounts(i);
      entry.set_amount(entry.amount() + share.amount());
      return;
    }
  }
  *note.add_discount_amounts() = share;
}

// One line's discounts and taxes (the rules above); adds them to the note's by discount and
// to `by_rate`. Returns the line's exclusive and inclusive taxes.
std::pair<int64_t, int64_t> FillLine(const InvoiceLineItem* credited, bool legacy,
                                     CreditNoteLineItem& line, CreditNote& note,
                                     std::vector<LineItemTaxAmount>& by_rate) {
  line.set_legacy_shape(legacy);
  line.clear_discount_amounts();
  line.clear_pretax_credit_amounts();
  line.clear_tax_amounts();
  line.clear_taxes();
  int64_t discount = 0;
  std::vector<TaxRate> rates;
  if (credited != nullptr) {
    for (const InvoiceDiscountAmount& whole : credited->discount_amounts()) {
      InvoiceDiscountAmount share;
      share.set_amount(credited->amount() > 0
                           ? ShareOf(whole.amount(), line.amount(), credited->amount())
                           : 0);
      share.set_discount(whole.discount_shared());
      discount += share.amount();
      if (!legacy) *line.add_pretax_credit_amounts() = PretaxCreditOf(share);
      AddByDiscount(share, note);
      *line.add_discount_amounts() = std::move(share);
    }
    *line.mutable_tax_rates() = credited->rates();
  }
  // An invoice line's rates, or a custom line's own.
  rates.assign(line.tax_rates().begin(), line.tax_rates().end());
  line.set_discount_amount(discount);
  int64_t exclusive = 0;
  int64_t inclusive = 0;
  for (const LineItemTaxAmount& tax : SignedLineTaxes(line.amount() - discount, rates)) {
    (tax.rate().inclusive() ? inclusive : exclusive) += tax.amount();
    if (legacy) {
      line.add_tax_amounts(LegacyTaxShape(tax));
    } else {
      line.add_taxes(BasilTaxShape(tax));
    }
    AddByRate(tax, by_rate);
  }
  if (legacy) {
    line.set_amount_excluding_tax(line.amount() - inclusive);
    if (line.has_quantity() && line.quantity() > 0) {
      line.set_unit_amount_excluding_tax(
          UnitAmountDecimal(line.amount_excluding_tax(), line.quantity()));
    } else {
      line.clear_unit_amount_excluding_tax();
    }
  } else {
    line.clear_amount_excluding_tax();
    line.clear_unit_amount_excluding_tax();
  }
  return {exclusive, inclusive};
}

}  // namespace

void FillCreditNoteTotals(const Invoice& invoice, bool legacy, int64_t amount_without_lines,
                          CreditNote& note) {
  note.set_legacy_shape(legacy);
  note.clear_discount_amounts();
  note.clear_pretax_credit_amounts();
  note.clear_tax_amounts();
  note.clear_total_taxes();
  int64_t subtotal = 0;
  int64_t discount = 0;
  int64_t exclusive = 0;
  int64_t inclusive = 0;
  // The note's taxes by rate, in the order the rates first appear.
  std::vector<LineItemTaxAmount> by_rate;
  CreditNoteLineList& lines = *note.mutable_lines();
  for (int i = 0; i < lines.data_size(); ++i) {
    CreditNoteLineItem& line = *lines.mutable_data(i);
    const auto [line_exclusive, line_inclusive] =
        FillLine(CreditedLine(invoice, line), legacy, line, note, by_rate);
    subtotal += line.amount();
    discount += line.discount_amount();
    exclusive += line_exclusive;
    inclusive += line_inclusive;
  }
  if (lines.data_size() == 0) subtotal = amount_without_lines;
  if (!legacy) {
    for (const InvoiceDiscountAmount& share : note.discount_amounts()) {
      *note.add_pretax_credit_amounts() = PretaxCreditOf(share);
    }
  }
  for (const LineItemTaxAmount& tax : by_rate) {
    if (legacy) {
      note.add_tax_amounts(LegacyTaxShape(tax));
    } else {
      note.add_total_taxes(BasilTaxShape(tax));
    }
  }
  const int64_t total = subtotal - discount + exclusive;
  note.set_subtotal(subtotal);
  note.set_subtotal_excluding_tax(subtotal - inclusive);
  note.set_discount_amount(discount);
  note.set_total(total);
  note.set_amount(total);
  note.set_total_excluding_tax(total - exclusive - inclusive);
  const bool pre_payment = note.type() == "pre_payment";
  note.set_pre_payment_amount(pre_payment ? total : 0);
  note.set_post_payment_amount(pre_payment ? 0 : total);
}

}  // namespace internal
}  // namespace paysim
