// balance_ledger.h (internal): balance transactions and the balance, the only writer of both.
//
//   from      trigger                                       to         events
//   (new)     a capture (card or settled bank debit)        pending    -
//   (new)     a capture by a card that bypasses pending,    available  -
//             a refund of captured funds, a refund's failure
//             or cancellation, a dispute's withdrawal or
//             reinstatement, a payout, a payout's failure
//             or cancellation
//   pending   available_on comes (kFundsAvailableDelay)     available  balance.available
//
// balance.available carries the whole Balance (Stripe's event object is the balance).
//
// REQUIRES (every function taking a World): the world's lock held.
#ifndef PAYSIM_ENGINE_INTERNAL_BALANCE_LEDGER_H_
#define PAYSIM_ENGINE_INTERNAL_BALANCE_LEDGER_H_

#include <cstdint>
#include <string>

#include "engine/internal/state_machine.h"
#include "engine/internal/world.h"
#include "engine/lifecycle.h"
#include "proto/balance.obj.h"
#include "proto/dispute.obj.h"
#include "proto/payout.obj.h"
#include "proto/topup.obj.h"

namespace paysim {
namespace internal {

enum class BalanceTransactionState : uint8_t { kPending, kAvailable };
enum class BalanceTransactionTrigger : uint8_t {
  kRecordPending,
  kRecordAvailable,
  kFundsArrive,
  kRecordBypassingPending,  // a charge whose funds are available at once: balance.available
};

class BalanceLedger {
 public:
  using Machine = StateMachine<BalanceTransactionState, BalanceTransactionTrigger>;
  static const Machine& machine();
  static Lifecycle Published() { return machine().Publish(); }

  // The `charge` transaction for `amount` captured on `charge`: pending until
  // kFundsAvailableDelay from now, or available at once when `bypass_pending`.
  static const BalanceTransaction& RecordCharge(World& world, const Charge& charge,
                                                int64_t amount, bool bypass_pending);

  // The `refund` transaction of `refund` (negative, available at once).
  static const BalanceTransaction& RecordRefund(World& world, const Refund& refund);

  // The `refund_failure` transaction giving a failed or canceled refund's money back
  // (positive, available at once).
  static const BalanceTransaction& RecordRefundFailure(World& world, const Refund& refund);

  // A chargeback's `adjustment` withdrawing `amount` and `fee` (reporting category `dispute`),
  // and, when the dispute is won, the one reinstating them (`dispute_reversal`). Available at
  // once.
  static const BalanceTransaction& RecordDisputeWithdrawal(World& world, const Dispute& dispute,
                                                           int64_t amount, int64_t fee);
  static const BalanceTransaction& RecordDisputeReinstatement(World& world,
                                                              const Dispute& dispute,
                                                              int64_t amount, int64_t fee);

  // The `payout` transaction taking `payout`'s amount from the available balance (negative,
  // available at once), and the one giving it back when the payout fails (`payout_failure`)
  // or is canceled (`payout_cancel`), positive. Reporting categories `payout` and
  // `payout_reversal`.
  static const BalanceTransaction& RecordPayout(World& world, const Payout& payout);
  static const BalanceTransaction& RecordPayoutReturn(World& world, const Payout& payout,
                                                      bool canceled);

  // The `topup` transaction adding a succeeded top-up's amount to the available balance
  // (positive, available at once; reporting category `topup`).
  static const BalanceTransaction& RecordTopup(World& world, const Topup& topup);

  // The available balance in `currency` now (0 if the account never held that currency).
  static int64_t Available(const World& world, absl::string_view currency);

  // The balance now: per currency (the default one always listed), available and pending.
  static Balance CurrentBalance(World& world);

  // Timer: the transaction's funds become available.
  static void OnFundsAvailable(World& world, absl::string_view transaction_id);

 private:
  static WriteKey<BalanceLedger> Key() { return {}; }
  static const BalanceTransaction& Record(World& world, BalanceTransaction txn,
                                          BalanceTransactionTrigger trigger);
};

}  // namespace internal
}  // namespace paysim

#endif  // PAYSIM_ENGINE_INTERNAL_BALANCE_LEDGER_H_
