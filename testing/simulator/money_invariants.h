// money_invariants.h: money adds up: each charge's captured, released, held and refunded
// amounts, each balance transaction against its source, the balance against the transactions,
// an invoice's payments against what it was paid (internal to the simulator).
#ifndef PAYSIM_TESTING_SIMULATOR_MONEY_INVARIANTS_H_
#define PAYSIM_TESTING_SIMULATOR_MONEY_INVARIANTS_H_

#include "engine/engine.h"

namespace paysim {
namespace testing {
namespace simulator_internal {

class Simulation;

// CheckCharge()
//
// `charge`, read back from the engine, against its model (model.h, ChargeModel): captured +
// released + still held = amount; refunds of captured funds at most amount_captured and equal
// to refunded_from_captured; amount_refunded the sum of its refunds; `refunded` consistent; no
// open hold past capture_before (whose deadline joins the model's); a failed or pending charge
// moved no money; once, the capture's balance transaction (amount, fee = CardFee, net).
void CheckCharge(Simulation& sim, const Charge& charge);

// CheckRefundTransaction()
//
// REQUIRES: refund.has_balance_transaction(). The transaction of a refund of captured funds is
// negative, without fee, of type refund, and names the refund.
void CheckRefundTransaction(Simulation& sim, const Refund& refund);

// ReadNewTransactions()
//
// Reads the balance transactions made since the last read, oldest first: each is available
// iff its available_on has passed, its net is amount - fee, its source a charge or a refund
// (touched: re-read after the step); adds each net to the balance model, pending ones (whose
// available_on joins the deadlines) until available_on.
void ReadNewTransactions(Simulation& sim);

// CheckBalance()
//
// The engine's balance, per currency, available and pending, is the model's: the sum of the
// transactions' nets, available once available_on has passed.
void CheckBalance(Simulation& sim);

// CheckInvoicePayments()
//
// `invoice` (as an event announced it) against its payments: each is the invoice's, a paid
// one paid no more than it asked; an open invoice's amount_paid is what its paid payments paid
// (only attached payments pay an invoice that stays open), a paid one's at least that.
void CheckInvoicePayments(Simulation& sim, const Invoice& invoice);

}  // namespace simulator_internal
}  // namespace testing
}  // namespace paysim

#endif  // PAYSIM_TESTING_SIMULATOR_MONEY_INVARIANTS_H_
