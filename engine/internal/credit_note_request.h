// credit_note_request.h (internal): a credit note request (create or preview) checked against
// its invoice and made into the CreditNote it describes, not yet stored and without ids.
//
// REQUIRES (every function taking a World): the world's lock held.
#ifndef PAYSIM_ENGINE_INTERNAL_CREDIT_NOTE_REQUEST_H_
#define PAYSIM_ENGINE_INTERNAL_CREDIT_NOTE_REQUEST_H_

#include "absl/status/statusor.h"
#include "engine/internal/world.h"
#include "proto/billing.obj.h"
#include "proto/credit_note.obj.h"
#include "proto/credit_note_params.pb.h"

namespace paysim {
namespace internal {

struct CreditNoteRequest {
  CreditNote note;                  // every field but the ids, status issued
  const Invoice* invoice = nullptr;  // the invoice credited
};

// Checks `params` as Stripe checks a new credit note (credit_notes.h lists the errors) and
// builds it. Changes nothing.
absl::StatusOr<CreditNoteRequest> CheckCreditNoteRequest(World& world,
                                                         const CreditNoteCreateParams& params);

// How much of `invoice` can still be credited: its amount_remaining while open; once paid,
// its total less the credit notes already issued on it (0 when that is negative).
int64_t CreditableAmount(const Invoice& invoice);

}  // namespace internal
}  // namespace paysim

#endif  // PAYSIM_ENGINE_INTERNAL_CREDIT_NOTE_REQUEST_H_
