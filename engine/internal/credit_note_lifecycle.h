// credit_note_lifecycle.h (internal): the CreditNote lifecycle, the only writer of credit
// notes, and of what a credit note moves elsewhere (it asks each owner for it).
//
//   from    trigger                               to      events
//   (new)   issue on an open invoice              issued  credit_note.created, invoice.updated
//             (pre_payment)                                 (then invoice.paid,
//                                                           invoice.payment_succeeded when
//                                                           nothing is left to pay)
//   (new)   issue on a paid invoice               issued  refund.created, charge.refunded (a
//             (post_payment)                                refund_amount), customer.updated (a
//                                                           credit_amount), credit_note.created,
//                                                           invoice.updated
//   issued  update memo or metadata               issued  credit_note.updated
//   issued  void                                  void    credit_note.voided, invoice.updated
//                                                           (customer.updated first when a
//                                                           credit_amount is taken back)
//
// Effects: a pre_payment note takes its amount off the invoice's amount_due and
// amount_remaining (InvoiceLifecycle::ApplyPrePaymentCredit); a post_payment note refunds
// `refund_amount` of the invoice's charge through the charge's refund lifecycle, credits
// `credit_amount` to the customer's `balance` (negative: credit; a `credit_note` customer
// balance transaction records it and `customer_balance_transaction` names it), and counts its
// whole amount in the invoice's post_payment_credit_notes_amount. Voiding undoes all but a
// refund (a note with a refund cannot be voided; the service refuses it first).
//
// REQUIRES (every function taking a World): the world's lock held; the caller has checked the
// note against its invoice (credit_notes.h).
#ifndef PAYSIM_ENGINE_INTERNAL_CREDIT_NOTE_LIFECYCLE_H_
#define PAYSIM_ENGINE_INTERNAL_CREDIT_NOTE_LIFECYCLE_H_

#include "engine/internal/ordinal_index.h"
#include "engine/internal/world.h"
#include "engine/lifecycle.h"
#include "proto/billing.obj.h"
#include "proto/credit_note.obj.h"

namespace paysim {
namespace internal {

class CreditNoteLifecycle {
 public:
  static Lifecycle Published();

  // A credit note's id and its lines' ids, drawn from the world's generator (`draft` made by
  // the service, its lines without ids).
  static void AssignIds(World& world, CreditNote& draft);

  // Stores `draft` (its ids assigned, fields checked and set) as issued on `invoice` and
  // applies its effects; emits the events of the table above.
  static const CreditNote& Issue(World& world, CreditNote draft, const Invoice& invoice);

  // Applies an update of memo or metadata; credit_note.updated with previous_attributes, or
  // nothing when nothing changed.
  static const CreditNote& Update(World& world, const CreditNote& current,
                                  const CreditNote& updated);

  // issued -> void, its effects undone (but a refund: REQUIRES refund_amount() == 0; for a
  // pre_payment note, REQUIRES its invoice still open).
  static const CreditNote& Void(World& world, const CreditNote& current);

  // The index of credit notes by invoice (for Store::ListAt; ordinal_index.h; a note's invoice
  // never changes and notes are never deleted), built first if this world has not built it.
  static const OrdinalIndex& ByInvoice(World& world);

 private:
  static WriteKey<CreditNoteLifecycle> Key() { return {}; }
};

}  // namespace internal
}  // namespace paysim

#endif  // PAYSIM_ENGINE_INTERNAL_CREDIT_NOTE_LIFECYCLE_H_
