// topup_lifecycle.h (internal): the Topup lifecycle, the only writer of top-ups.
//
//   from     trigger                                          to         events
//   (new)    a top-up is created                              pending    topup.created
//   pending  expected_availability_date comes                 succeeded  topup.succeeded
//   pending  expected_availability_date comes, from a failing failed     topup.failed
//            test bank (payout_destinations.h)
//   pending  cancel                                           canceled   topup.canceled
//   any      description or metadata updated                  (same)     (none: Stripe has
//                                                                         no topup.updated)
//
// Money: a succeeded top-up adds its amount to the available balance (a `topup` balance
// transaction, available at once, the top-up's balance_transaction); a pending, failed or
// canceled one has none (Stripe: "may not be specified depending on status of top-up").
// `reversed` (Stripe reverses a succeeded top-up whose bank debit is returned) never happens
// here: the test banks fail before the funds are available.
//
// Timing (UNCERTAIN: Stripe's guide says a top-up "may take a few business days" and
// documents no test-mode rule): expected_availability_date is 00:00:00 UTC of the
// kTopupAvailabilityBusinessDays-th business day (business_days.h) after the day the top-up is
// created, and the top-up succeeds, or fails, then.
//
// REQUIRES (every function taking a World): the world's lock held.
#ifndef PAYSIM_ENGINE_INTERNAL_TOPUP_LIFECYCLE_H_
#define PAYSIM_ENGINE_INTERNAL_TOPUP_LIFECYCLE_H_

#include <cstdint>

#include "absl/strings/string_view.h"
#include "engine/internal/state_machine.h"
#include "engine/internal/world.h"
#include "engine/lifecycle.h"
#include "proto/topup.obj.h"

namespace paysim {

// A top-up's funds are expected (and arrive) at the start of the 4th business day after the
// day it is created: the settlement time of an ACH debit, which a top-up is.
constexpr int kTopupAvailabilityBusinessDays = 4;

namespace internal {

enum class TopupState : uint8_t { kPending, kSucceeded, kFailed, kCanceled };
enum class TopupTrigger : uint8_t { kCreate, kSucceed, kFail, kCancel, kUpdate };

class TopupLifecycle {
 public:
  using Machine = StateMachine<TopupState, TopupTrigger>;
  static const Machine& machine();
  static Lifecycle Published() { return machine().Publish(); }

  // The state of `topup` (its status). REQUIRES: a status this lifecycle wrote.
  static TopupState StateOf(const Topup& topup);

  // Stores `draft` (amount, currency, description, metadata, statement_descriptor,
  // transfer_group and its internal `bank` checked and set) as a new pending top-up: gives it
  // its id, dates and Stripe's constant fields, schedules its outcome at
  // expected_availability_date, emits topup.created.
  static const Topup& Create(World& world, Topup draft);

  // Description or metadata changed (`updated` is the top-up with them): no event.
  static const Topup& Update(World& world, const Topup& current, const Topup& updated);

  // pending -> canceled. REQUIRES: machine().Allows(StateOf(current), kCancel).
  static const Topup& Cancel(World& world, const Topup& current);

  // Timer: expected_availability_date came; the top-up succeeds (its funds available) or, from
  // a failing test bank, fails with that bank's failure_code and failure_message.
  static void OnAvailability(World& world, absl::string_view topup_id);

 private:
  static WriteKey<TopupLifecycle> Key() { return {}; }
  static void Enter(World& world, Topup& topup, TopupTrigger trigger);
};

}  // namespace internal
}  // namespace paysim

#endif  // PAYSIM_ENGINE_INTERNAL_TOPUP_LIFECYCLE_H_
