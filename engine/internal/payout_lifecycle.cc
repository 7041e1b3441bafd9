#include "engine/internal/payout_lifecycle.h"

#include <string>
#include <utility>

#include "absl/strings/match.h"
#include "absl/time/civil_time.h"
#include "engine/internal/balance_ledger.h"
#include "engine/internal/business_days.h"
#include "engine/internal/interned.h"
#include "engine/internal/payout_destinations.h"

namespace paysim {
namespace internal {
namespace {

using Machine = PayoutLifecycle::Machine;
using S = PayoutState;
using T = PayoutTrigger;

// A row that keeps the state (metadata updated): one per state.
constexpr Machine::Row Stay(S state) {
  return {Machine::From({state}), T::kUpdateMetadata, state, "payout.updated"};
}

// UNCERTAIN: the order of payout.updated and the specific event when a payout's status moves;
// paysim announces the change first, then what it means.
constexpr Machine::Row kRows[] = {
    {Machine::kCreated, T::kCreate, S::kPending, "payout.created"},
    {Machine::kCreated, T::kCreateInstant, S::kInTransit, "payout.created"},
    {Machine::From({S::kPending}), T::kSubmit, S::kInTransit, "payout.updated"},
    {Machine::From({S::kInTransit}), T::kArrive, S::kPaid, "payout.updated, payout.paid"},
    {Machine::From({S::kInTransit}), T::kFail, S::kFailed, "payout.updated, payout.failed"},
    {Machine::From({S::kPending}), T::kCancel, S::kCanceled, "payout.updated, payout.canceled"},
    Stay(S::kPending),
    Stay(S::kInTransit),
    Stay(S::kPaid),
    Stay(S::kFailed),
    Stay(S::kCanceled),
};
constexpr absl::string_view kStates[] = {"pending", "in_transit", "paid", "failed", "canceled"};
constexpr absl::string_view kTriggers[] = {
    "a standard payout is created (the available balance covers it)",
    "an instant payout is created (the available balance covers it)",
    "submitted to the bank (1 hour later)",
    "arrival_date comes",
    "arrival_date comes, to a failing test bank account",
    "cancel",
    "metadata updated",
};

}  // namespace

const Machine& PayoutLifecycle::machine() {
  static constexpr Machine kMachine(kRows, {"payout", "status", kStates, kStates, kTriggers});
  return kMachine;
}

PayoutState PayoutLifecycle::StateOf(const Payout& payout) {
  for (size_t s = 0; s < sizeof(kStates) / sizeof(kStates[0]); ++s) {
    if (payout.status() == kStates[s]) return static_cast<S>(s);
  }
  return S::kCanceled;
}

absl::Time PayoutLifecycle::ArrivalDate(absl::Time created, absl::string_view method) {
  if (method == "instant") return created + kInstantPayoutArrivalDelay;
  return StartOfBusinessDayAfter(created, kPayoutStandardBusinessDays);
}

void PayoutLifecycle::Enter(World& world, Payout& payout, PayoutTrigger trigger,
                            const Payout& before) {
  const Machine::Row* row = machine().Find(StateOf(before), trigger);
  if (row == nullptr) return;
  payout.set_status(Interned(machine().Rendered(row->to)));
  ForEachEvent(row->events, [&](absl::string_view type) {
    // Only payout.updated carries previous_attributes.
    if (type == "payout.updated") {
      world.EmitChange(type, payout, before);
    } else {
      world.Emit(type, payout);
    }
  });
}

const Payout& PayoutLifecycle::Create(World& world, Payout draft) {
  draft.set_id(world.ids().NewId("po_"));
  draft.set_object(PAYSIM_INTERNED("payout"));
  const absl::Time arrival = ArrivalDate(world.now(), draft.method());
  draft.set_arrival_date(absl::ToUnixSeconds(arrival));
  draft.set_created(world.created());
  draft.set_livemode(false);
  draft.set_reconciliation_status(draft.automatic() ? PAYSIM_INTERNED("in_progress")
                                                    : PAYSIM_INTERNED("not_applicable"));
  // UNCERTAIN: Stripe's trace id of a test-mode payout; paysim's test banks report none.
  draft.mutable_trace_id()->set_status(PAYSIM_INTERNED("unsupported"));
  draft.set_type(PAYSIM_INTERNED("bank_account"));
  const bool instant = draft.method() == "instant";
  const Machine::Row* row = machine().FindCreate(instant ? T::kCreateInstant : T::kCreate);
  draft.set_status(Interned(machine().Rendered(row->to)));
  draft.set_balance_transaction(BalanceLedger::RecordPayout(world, draft).id_shared());
  const Payout& stored = world.payouts().Insert(Key(), std::move(draft));
  if (!instant) {
    world.timers().Schedule(world.now() + kPayoutSubmissionDelay, TimerKind::kPayoutSubmission,
                            stored.id());
  }
  world.timers().Schedule(arrival, TimerKind::kPayoutArrival, stored.id());
  ForEachEvent(row->events, [&](absl::string_view type) { world.Emit(type, stored); });
  return stored;
}

const Payout& PayoutLifecycle::Update(World& world, const Payout& current, const Payout& updated) {
  Payout& payout = *world.payouts().Mutable(Key(), current.id());
  const Payout before = payout;
  payout = updated;
  if (payout == before) return payout;  // nothing changed: no event
  Enter(world, payout, T::kUpdateMetadata, before);
  return payout;
}

const Payout& PayoutLifecycle::Cancel(World& world, const Payout& current) {
  Payout& payout = *world.payouts().Mutable(Key(), current.id());
  const Payout before = payout;
  payout.set_failure_balance_transaction(
      BalanceLedger::RecordPayoutReturn(world, payout, /*canceled=*/true).id());
  Enter(world, payout, T::kCancel, before);
  return payout;
}

void PayoutLifecycle::OnSubmission(World& world, absl::string_view payout_id) {
  Payout* payout = world.payouts().Mutable(Key(), payout_id);
  if (payout == nullptr || StateOf(*payout) != S::kPending) return;  // canceled meanwhile
  const Payout before = *payout;
  Enter(world, *payout, T::kSubmit, before);
}

absl::Time PayoutLifecycle::NextAutomaticPayouts(absl::Time now) {
  const absl::CivilDay today = absl::ToCivilDay(now, absl::UTCTimeZone());
  return absl::FromCivil(today + 1, absl::UTCTimeZone());
}

void PayoutLifecycle::OnAutomaticPayouts(World& world) {
  const Balance balance = BalanceLedger::CurrentBalance(world);
  for (const BalanceAmount& available : balance.available()) {
    if (available.amount() <= 0) continue;
    Payout draft;
    draft.set_amount(available.amount());
    draft.set_currency(std::string(available.currency()));
    draft.set_automatic(true);
    draft.set_description(PAYSIM_INTERNED("STRIPE PAYOUT"));
    draft.set_destination(std::string(kDefaultPayoutDestination));
    draft.set_method(PAYSIM_INTERNED("standard"));
    draft.set_source_type(PAYSIM_INTERNED("card"));
    Create(world, std::move(draft));
  }
  world.timers().Schedule(NextAutomaticPayouts(world.now()), TimerKind::kAutomaticPayouts, "");
}

void PayoutLifecycle::OnArrival(World& world, absl::string_view payout_id) {
  Payout* payout = world.payouts().Mutable(Key(), payout_id);
  if (payout == nullptr || StateOf(*payout) != S::kInTransit) return;
  const Payout before = *payout;
  const PayoutDestination* destination = FindPayoutDestination(payout->destination());
  if (destination == nullptr || destination->failure_code.empty()) {
    Enter(world, *payout, T::kArrive, before);
    if (payout->automatic()) {
      payout->set_reconciliation_status(PAYSIM_INTERNED("completed"));
      world.Emit("payout.reconciliation_completed", *payout);
    }
    return;
  }
  // The bank returns the payout: the money comes back.
  payout->set_failure_code(Interned(destination->failure_code));
  payout->set_failure_message(Interned(destination->failure_message));
  payout->set_failure_balance_transaction(
      BalanceLedger::RecordPayoutReturn(world, *payout, /*canceled=*/false).id());
  Enter(world, *payout, T::kFail, before);
}

}  // namespace internal
}  // namespace paysim
