// credit_notes.h: Credit notes (`cn_...`): money taken off an invoice after it was finalized.
//
// On an `open` invoice a credit note is `pre_payment`: its amount comes off the invoice's
// amount_due and amount_remaining (pre_payment_credit_notes_amount grows; the invoice's
// PaymentIntent asks for less; an invoice left with nothing to pay is paid). On a `paid`
// invoice it is `post_payment` and its amount is split among `refund_amount` (a real refund of
// the invoice's charge, refunds.h: refund.created, charge.refunded), `credit_amount` (the
// customer's `balance` goes down by it: a credit, recorded as a `credit_note` customer balance
// transaction that `customer_balance_transaction` names; the next invoice finalized uses it)
// and `out_of_band_amount`; given none of the three, the whole amount is credited
// (UNCERTAIN). The invoice's post_payment_credit_notes_amount grows.
//
// The amount is `amount`, or the total of `lines[]`: `invoice_line_item` lines credit a line
// of the invoice (whole, `quantity` of its units, or an `amount` of it) with the same share of
// that line's discounts, taxed at its tax rates; `custom_line_item` lines an `unit_amount` x
// `quantity` with a `description`, taxed at their own `tax_rates` if given. `effective_at`
// sets the date of issue (default now); `email_type` (credit_note | none) is checked, and no
// email is sent. The total is the lines' amounts less their
// discounts plus their exclusive taxes (engine/internal/credit_note_totals.h). Given both
// `amount` and lines, they must agree. A note made before 2025-03-31.basil shows `refund` and
// `tax_amounts`; from basil on `refunds[]`, `total_taxes` and `pretax_credit_amounts`. Numbers are
// `<invoice number>-CN-01`, `-02`, ... per invoice. A note is `issued`, then possibly `void`
// (its effects undone: the invoice's amounts and the customer's balance restored).
//
// Example:
//   auto note = engine.credit_notes().Create(ParseParams<CreditNoteCreateParams>(
//       R"pb(invoice: "in_..." amount: 500 reason: "order_change")pb"));
//   // the open invoice's amount_due is 500 less; credit_note.created, invoice.updated
//
// Errors (invalid_request_error, HTTP 400; a refused call changes nothing):
//   - invoice missing (parameter_missing) or unknown (resource_missing); an invoice that is
//     neither open nor paid;
//   - neither amount nor lines; a line without type, an unknown type; an invoice_line_item
//     line naming no line of this invoice (resource_missing), a quantity or amount beyond the
//     line's; a custom_line_item without unit_amount or description; tax_rates on an
//     invoice_line_item, an unknown or inactive rate (resource_missing); a negative amount or
//     quantity below 1; amount and the lines' total disagreeing; a total above what can still be
//     credited (amount_remaining while open; total less earlier credit notes once paid);
//   - refund_amount, credit_amount or out_of_band_amount on an open invoice; on a paid one,
//     their sum differing from the amount, a refund_amount above what the charge can still
//     refund (or no charge: paid out of band);
//   - reason not among duplicate | fraudulent | order_change | product_unsatisfactory;
//     email_type not among credit_note | none; a negative effective_at;
//     metadata beyond Stripe's limits;
//   - void of a note already void, of one with a refund, or of a pre_payment note whose
//     invoice is no longer open; an unknown credit note id (resource_missing, 404).
// Events: credit_note.created, credit_note.updated (previous_attributes), credit_note.voided,
// and what the note moves: invoice.updated (and invoice.paid), refund.created,
// charge.refunded, customer.updated.
// Thread safety: thread-safe.
#ifndef PAYSIM_ENGINE_CREDIT_NOTES_H_
#define PAYSIM_ENGINE_CREDIT_NOTES_H_

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "engine/list.h"
#include "engine/request_options.h"
#include "proto/credit_note.obj.h"
#include "proto/credit_note_params.pb.h"

namespace paysim {
namespace internal {
class World;
}  // namespace internal

class CreditNoteService {
 public:
  explicit CreditNoteService(internal::World* world) : world_(world) {}

  // Issues a credit note on an open or paid invoice (see the file comment).
  absl::StatusOr<CreditNote> Create(const CreditNoteCreateParams& params,
                                    const RequestOptions& options = {});

  // The credit note Create would issue, stored nowhere and announced by no event (its ids are
  // drawn from the generator: UNCERTAIN what ids Stripe's previews carry).
  absl::StatusOr<CreditNote> Preview(const CreditNoteCreateParams& params,
                                     const RequestOptions& options = {});

  // The lines of that preview, paginated.
  absl::StatusOr<ListResult<CreditNoteLineItem>> PreviewLines(
      const CreditNotePreviewLinesParams& params, const RequestOptions& options = {});

  absl::StatusOr<CreditNote> Retrieve(absl::string_view id, const RequestOptions& options = {});

  // memo (empty unsets) and metadata; credit_note.updated.
  absl::StatusOr<CreditNote> Update(absl::string_view id, const CreditNoteUpdateParams& params,
                                    const RequestOptions& options = {});

  // issued -> void; credit_note.voided.
  absl::StatusOr<CreditNote> Void(absl::string_view id, const RequestOptions& options = {});

  // Newest first, filtered by customer and invoice.
  absl::StatusOr<ListResult<CreditNote>> List(const CreditNoteListParams& params,
                                              const RequestOptions& options = {});

  // A credit note's lines, paginated.
  absl::StatusOr<ListResult<CreditNoteLineItem>> ListLines(absl::string_view id,
                                                           const CreditNoteLinesParams& params,
                                                           const RequestOptions& options = {});

 private:
  internal::World* world_;
};

}  // namespace paysim

#endif  // PAYSIM_ENGINE_CREDIT_NOTES_H_
