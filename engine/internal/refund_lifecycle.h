// refund_lifecycle.h (internal): the Refund lifecycle, the only writer of refunds.
//
//   from       trigger                                   to         events
//   (new)      a refund of a charge (or of the released  succeeded  refund.created
//              part of a hold, before 2025-03-31.basil)
//   (new)      a refund of a pendingRefund test card's   pending    refund.created
//              payment
//   (new)      a refund of a bank debit not yet settled  pending    refund.created
//              (held: pending_reason charge_pending)
//   pending    the held refund's bank debit settles      succeeded  charge.refund.updated,
//                                                                   refund.updated
//   pending    the held refund's bank debit is returned  canceled   charge.refund.updated,
//                                                                   refund.updated
//   pending    kRefundOutcomeDelay passes                succeeded  charge.refund.updated,
//                                                                   refund.updated
//   succeeded  kRefundOutcomeDelay passes (refundFail    failed     charge.refund.updated,
//              test card)                                           refund.updated, refund.failed
//                                                                   (then the charge's
//                                                                   charge.updated)
//   pending    cancel                                    canceled   charge.refund.updated,
//                                                                   refund.updated (then
//                                                                   charge.updated)
//
// A refund's charge moves with it (charge_lifecycle.h asks for the refund, then records it on
// the charge). A failed or canceled refund gives its money back: a `refund_failure` balance
// transaction (failure_balance_transaction), and the charge's amount_refunded goes down.
// Updates of metadata change no state (refund.updated).
//
// REQUIRES (every function taking a World): the world's lock held.
#ifndef PAYSIM_ENGINE_INTERNAL_REFUND_LIFECYCLE_H_
#define PAYSIM_ENGINE_INTERNAL_REFUND_LIFECYCLE_H_

#include <cstdint>
#include <string>

#include "absl/strings/string_view.h"
#include "absl/time/time.h"
#include "engine/internal/ordinal_index.h"
#include "engine/internal/state_machine.h"
#include "engine/internal/world.h"
#include "engine/lifecycle.h"
#include "google/protobuf/map.h"
#include "proto/charge.obj.h"
#include "proto/refund.obj.h"

namespace paysim {

// UNCERTAIN: Stripe's testing docs say a pendingRefund card's refund "later" succeeds and a
// refundFail card's refund "later" fails, without a delay; paysim moves both 30 minutes after
// the refund (the window in which test-mode card refunds can be canceled).
constexpr absl::Duration kRefundOutcomeDelay = absl::Minutes(30);

namespace internal {

enum class RefundState : uint8_t { kPending, kSucceeded, kFailed, kCanceled };
enum class RefundTrigger : uint8_t {
  kCreate,
  kCreatePending,
  kSettle,
  kFail,
  kCancel,
  kCreateHeld,
  kSubmitHeld,
  kCancelHeld,
};

class RefundLifecycle {
 public:
  using Machine = StateMachine<RefundState, RefundTrigger>;
  static const Machine& machine();
  static Lifecycle Published() { return machine().Publish(); }

  // Stores a Refund of `amount` on `charge`, with its balance transaction when
  // `of_captured_funds` (money that was received; a released hold has none): succeeded, or
  // pending for a pendingRefund test card (a refundFail card's refund fails later). Not announced:
  // the charge's lifecycle calls Announce where Stripe's event order puts refund.created.
  static const Refund& Record(World& world, const Charge& charge, int64_t amount,
                              absl::string_view reason,
                              const google::protobuf::Map<std::string, std::string>& metadata,
                              bool of_captured_funds);

  // Stores a Refund of `amount` on a bank debit's `charge` that has not settled: pending, held
  // (no balance transaction yet; pending_reason charge_pending where the API version shows
  // it) until SubmitHeld or CancelHeld. Not announced, as Record.
  static const Refund& RecordHeld(World& world, const Charge& charge, int64_t amount,
                                  absl::string_view reason,
                                  const google::protobuf::Map<std::string, std::string>& metadata);

  // The held refund's debit settled: pending -> succeeded, with its balance transaction.
  // Nothing if the refund is no longer pending (canceled meanwhile).
  static void SubmitHeld(World& world, absl::string_view refund_id);

  // The held refund's debit was returned: pending -> canceled (no money moved). The caller,
  // the charge's lifecycle, takes the amount off the charge. Nothing if no longer pending.
  static void CancelHeld(World& world, absl::string_view refund_id);

  // Emits the refund's creation events (refund.created).
  static void Announce(World& world, const Refund& refund);

  // Applies an update (fields already checked) and emits refund.updated with what changed.
  static const Refund& Update(World& world, const Refund& refund, const Refund& updated);

  static RefundState StateOf(const Refund& refund);

  // pending -> canceled: the money goes back to the balance and the charge.
  // REQUIRES: StateOf(refund) == kPending.
  static const Refund& Cancel(World& world, const Refund& refund);

  // Timer: a pending refund succeeds, or a refundFail card's refund fails.
  static void OnOutcome(World& world, absl::string_view refund_id);

  // The index of refunds by charge (for Store::ListAt; ordinal_index.h; a refund's charge is
  // set when it is recorded, never changed), built first if this world has not built it
  // (payment_indexes.cc).
  static const OrdinalIndex& ByCharge(World& world);

 private:
  static WriteKey<RefundLifecycle> Key() { return {}; }
  static void Enter(World& world, Refund& refund, RefundTrigger trigger, const Refund& before);
  // failed or canceled: the money back to the balance (failure_reason, the balance
  // transaction); then, after the refund's events, to the charge (its amount_refunded).
  static void GiveBack(World& world, Refund& refund, absl::string_view failure_reason);
  static void ReturnToCharge(World& world, const Refund& refund);
};

}  // namespace internal
}  // namespace paysim

#endif  // PAYSIM_ENGINE_INTERNAL_REFUND_LIFECYCLE_H_
