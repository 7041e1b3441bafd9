// Operations on credit notes: issue one on an invoice the billing operations have seen (open,
// paid, or by now void or uncollectible, which is refused): by `amount`, by a line of the
// invoice (a quantity or an amount of it) or by a custom line; on a paid invoice split between
// a refund, the customer's balance and out of band (sometimes a split that does not add up,
// which is refused); void one. And the credit note invariant: its amounts add up (the lines
// make the subtotal, total = subtotal - discounts + exclusive taxes = amount, the taxes are
// the lines' by rate, a post_payment note's split is its total).
#include <string>

#include "absl/strings/str_cat.h"
#include "absl/strings/string_view.h"
#include "engine/credit_notes.h"
#include "testing/simulator/object_invariants.h"
#include "testing/simulator/simulation.h"

namespace paysim {
namespace testing {
namespace simulator_internal {
namespace {

constexpr absl::string_view kInvoices = "invoices";  // billing_operations.cc's pool
constexpr absl::string_view kCreditNotes = "credit_notes";

// The note's lines: an amount, a line of the invoice, or a custom line.
void ChooseLines(Simulation& sim, const Invoice& invoice, CreditNoteCreateParams& params) {
  const int64_t remaining = invoice.status() == "open"
                                ? invoice.amount_remaining()
                                : invoice.total() - invoice.post_payment_credit_notes_amount();
  const uint64_t how = sim.Rand(3);
  if (how == 0 || invoice.lines().data().empty()) {
    // One more than what is left sometimes: refused.
    params.set_amount(1 + static_cast<int64_t>(sim.Rand(remaining > 0 ? remaining + 1 : 2)));
    return;
  }
  CreditNoteLineParams* line = params.add_lines();
  if (how == 1) {
    const InvoiceLineItem& credited =
        invoice.lines().data(static_cast<int>(sim.Rand(invoice.lines().data_size())));
    line->set_type("invoice_line_item");
    line->set_invoice_line_item(credited.id());
    if (sim.Chance(40) && credited.quantity() > 0) {
      line->set_quantity(1 + static_cast<int64_t>(sim.Rand(credited.quantity())));
    } else if (sim.Chance(60) && credited.amount() > 0) {
      line->set_amount(1 + static_cast<int64_t>(sim.Rand(credited.amount())));
    }
    return;
  }
  line->set_type("custom_line_item");
  line->set_description("simulated credit");
  line->set_unit_amount(1 + static_cast<int64_t>(sim.Rand(remaining > 0 ? remaining : 1)));
}

void CreateCreditNote(Simulation& sim) {
  const std::string id = sim.PickId(kInvoices, "in_");
  const absl::StatusOr<Invoice> invoice =
      sim.CallBothEngines([&](Engine& e) { return e.invoices().Retrieve(id); });
  CreditNoteCreateParams params;
  params.set_invoice(id);
  if (sim.Chance(20)) params.set_reason("order_change");
  if (!invoice.ok()) {
    params.set_amount(100);
    sim.ExpectRefusal("an unknown invoice");
    sim.RunCheckedCall("", [&](Engine& e) { return e.credit_notes().Create(params); });
    return;
  }
  ChooseLines(sim, *invoice, params);
  if (invoice->status() == "paid") {
    // The split of a paid invoice's note must add up to its total, taxes included.
    const absl::StatusOr<CreditNote> preview =
        sim.CallBothEngines([&](Engine& e) { return e.credit_notes().Preview(params); });
    if (preview.ok()) {
      const int64_t total = preview->total();
      const int64_t refund = static_cast<int64_t>(sim.Rand(total + 1));
      const int64_t credit = static_cast<int64_t>(sim.Rand(total - refund + 1));
      params.set_refund_amount(refund);
      params.set_credit_amount(credit);
      params.set_out_of_band_amount(total - refund - credit);
      if (sim.Chance(5)) {
        params.set_out_of_band_amount(params.out_of_band_amount() + 1);
        sim.ExpectRefusal("a split that does not add up to the note's total");
      }
    }
  } else if (invoice->status() != "open") {
    sim.ExpectRefusal(absl::StrCat("a credit note on a ", invoice->status(), " invoice"));
  }
  sim.RunCheckedCall(id, [&](Engine& e) { return e.credit_notes().Create(params); });
}

void VoidCreditNote(Simulation& sim) {
  const std::string id = sim.PickId(kCreditNotes, "cn_");
  const absl::StatusOr<CreditNote> note =
      sim.CallBothEngines([&](Engine& e) { return e.credit_notes().Retrieve(id); });
  if (!note.ok()) sim.ExpectRefusal("an unknown credit note");
  if (note.ok() && note->status() == "void") sim.ExpectRefusal("a void credit note");
  sim.RunCheckedCall(id, [&](Engine& e) { return e.credit_notes().Void(id); });
}

// `what` of `note` is `actual`; it must be `expected`.
void Check(Simulation& sim, const CreditNote& note, absl::string_view what, int64_t actual,
           int64_t expected) {
  if (actual == expected) return;
  sim.ReportViolation(absl::StrCat(note.id(), ": ", what, " is ", actual, ", expected ",
                                   expected, " (subtotal ", note.subtotal(), ", discounts ",
                                   note.discount_amount(), ", total ", note.total(), ")"));
}

void ObserveCreditNoteEvent(Simulation& sim, const Event& event) {
  const CreditNote& note = event.data().object().credit_note();
  ObserveObject(sim, note, /*current=*/false);
  sim.pool(kCreditNotes).Add(note.id(), sim.rng());
  int64_t lines = 0;
  int64_t line_discounts = 0;
  int64_t exclusive = 0;
  int64_t taxes = 0;
  for (const CreditNoteLineItem& line : note.lines().data()) {
    lines += line.amount();
    line_discounts += line.discount_amount();
    for (const InvoiceTax& tax : line.taxes()) {
      taxes += tax.amount();
      if (tax.tax_behavior() == "exclusive") exclusive += tax.amount();
    }
    for (const InvoiceTaxAmount& tax : line.tax_amounts()) {
      taxes += tax.amount();
      if (!tax.inclusive()) exclusive += tax.amount();
    }
  }
  if (note.lines().data_size() > 0) Check(sim, note, "subtotal", note.subtotal(), lines);
  Check(sim, note, "discount_amount", note.discount_amount(), line_discounts);
  Check(sim, note, "total", note.total(), note.subtotal() - note.discount_amount() + exclusive);
  Check(sim, note, "amount", note.amount(), note.total());
  Check(sim, note, "total_excluding_tax", note.total_excluding_tax(), note.total() - taxes);
  if (note.type() == "post_payment") {
    Check(sim, note, "refund + credit + out of band",
          note.refund_amount() + note.credit_amount() + note.out_of_band_amount(), note.total());
  }
  sim.Touch(note.id());
  sim.Touch(note.invoice());
}

}  // namespace

void RegisterCreditNoteOperations(ResourceRegistry& registry) {
  registry.AddOperation("credit_note_create", 2, CreateCreditNote);
  registry.AddOperation("credit_note_void", 1, VoidCreditNote);
  registry.AddRetriever("cn_", [](Simulation& sim, const std::string& id) {
    return OwnedOrNull(
        sim.CallBothEngines([&](Engine& e) { return e.credit_notes().Retrieve(id); }));
  });
  registry.AddEventObserver(StripeObject::kCreditNote, ObserveCreditNoteEvent);
  registry.AddLifecycle(CreditNote::descriptor(), StatusFromEngine("credit_note"));
}

}  // namespace simulator_internal
}  // namespace testing
}  // namespace paysim
