// payout_lifecycle.h (internal): the Payout lifecycle, the only writer of payouts.
//
//   from        trigger                                  to          events
//   (new)       a standard payout is created             pending     payout.created
//   (new)       an instant payout is created (sent at    in_transit  payout.created
//               once)
//   pending     the bank submission (kPayoutSubmission-  in_transit  payout.updated
//               Delay after creation)
//   in_transit  arrival_date comes                       paid        payout.updated, payout.paid
//   in_transit  arrival_date comes, to a failing test    failed      payout.updated, payout.failed
//               bank account (payout_destinations.h)
//   pending     cancel                                   canceled    payout.updated,
//                                                                    payout.canceled
//   any         metadata updated                         (same)      payout.updated
//
// payout.updated carries previous_attributes (the status, and the failure fields that move
// with it). Money: creating a payout takes its amount from the available balance (a `payout`
// balance transaction, negative); a failed payout gives it back (`payout_failure`), a canceled
// one too (`payout_cancel`); either is the payout's failure_balance_transaction.
//
// Timing (UNCERTAIN: Stripe documents "typically within 2 business days" for manual payouts and
// no test-mode rule): a standard payout's arrival_date is 00:00:00 UTC of the
// kPayoutStandardBusinessDays-th business day (Monday to Friday; no bank holidays) after the
// day it was created; an instant payout's is kInstantPayoutArrivalDelay after its creation, and
// it is in transit from the start (so it cannot be canceled, as Stripe's instant payouts
// cannot). Manual payouts are `not_applicable`
// to reconciliation; automatic payouts (EngineOptions::automatic_payouts) are `in_progress`
// and become `completed` when paid (payout.reconciliation_completed after payout.paid;
// UNCERTAIN: Stripe completes it some time after the payout is paid).
//
// REQUIRES (every function taking a World): the world's lock held.
#ifndef PAYSIM_ENGINE_INTERNAL_PAYOUT_LIFECYCLE_H_
#define PAYSIM_ENGINE_INTERNAL_PAYOUT_LIFECYCLE_H_

#include <cstdint>

#include "absl/strings/string_view.h"
#include "absl/time/time.h"
#include "engine/internal/state_machine.h"
#include "engine/internal/world.h"
#include "engine/lifecycle.h"
#include "proto/payout.obj.h"

namespace paysim {

// A standard payout arrives at the start of the 2nd business day after the day it is created.
constexpr int kPayoutStandardBusinessDays = 2;
// UNCERTAIN: when Stripe submits a manual standard payout to the bank (it stays `pending`, and
// cancelable, until then). paysim submits it one hour after its creation.
constexpr absl::Duration kPayoutSubmissionDelay = absl::Hours(1);
// Stripe: instant payouts "typically arrive within 30 minutes".
constexpr absl::Duration kInstantPayoutArrivalDelay = absl::Minutes(30);

namespace internal {

enum class PayoutState : uint8_t { kPending, kInTransit, kPaid, kFailed, kCanceled };
enum class PayoutTrigger : uint8_t {
  kCreate,
  kCreateInstant,
  kSubmit,
  kArrive,
  kFail,
  kCancel,
  kUpdateMetadata,
};

class PayoutLifecycle {
 public:
  using Machine = StateMachine<PayoutState, PayoutTrigger>;
  static const Machine& machine();
  static Lifecycle Published() { return machine().Publish(); }

  // The state of `payout` (its status). REQUIRES: a status this lifecycle wrote.
  static PayoutState StateOf(const Payout& payout);

  // The arrival_date of a payout created at `created` with `method`.
  static absl::Time ArrivalDate(absl::Time created, absl::string_view method);

  // Stores `draft` (amount, currency, description, destination, metadata, method, source_type,
  // statement_descriptor checked and set) as a new payout, pending (in_transit if instant):
  // gives it its id, dates and Stripe's constant fields, takes its amount from the available
  // balance, schedules its submission and arrival, emits payout.created.
  // REQUIRES: the available balance in its currency covers the amount.
  static const Payout& Create(World& world, Payout draft);

  // Metadata changed (`updated` is the payout with the new metadata): payout.updated with
  // previous_attributes, or nothing if nothing changed.
  static const Payout& Update(World& world, const Payout& current, const Payout& updated);

  // Cancels a pending payout and gives its amount back.
  // REQUIRES: machine().Allows(StateOf(current), kCancel).
  static const Payout& Cancel(World& world, const Payout& current);

  // ---- timers ----
  static void OnSubmission(World& world, absl::string_view payout_id);
  static void OnArrival(World& world, absl::string_view payout_id);

  // EngineOptions::automatic_payouts. The first run after `now`: the next 00:00 UTC.
  static absl::Time NextAutomaticPayouts(absl::Time now);
  // A run (00:00 UTC): each currency's available balance, if any, paid out by an automatic
  // standard payout to the default bank account; the next run scheduled a day later.
  static void OnAutomaticPayouts(World& world);

 private:
  static WriteKey<PayoutLifecycle> Key() { return {}; }
  static void Enter(World& world, Payout& payout, PayoutTrigger trigger, const Payout& before);
};

}  // namespace internal
}  // namespace paysim

#endif  // PAYSIM_ENGINE_INTERNAL_PAYOUT_LIFECYCLE_H_
