#include "engine/internal/topup_lifecycle.h"

#include <utility>

#include "engine/internal/balance_ledger.h"
#include "engine/internal/business_days.h"
#include "engine/internal/interned.h"
#include "engine/internal/payout_destinations.h"

namespace paysim {
namespace internal {
namespace {

using Machine = TopupLifecycle::Machine;
using S = TopupState;
using T = TopupTrigger;

// A row that keeps the state (description or metadata updated): one per state.
constexpr Machine::Row Stay(S state) { return {Machine::From({state}), T::kUpdate, state, ""}; }

constexpr Machine::Row kTopupRows[] = {
    {Machine::kCreated, T::kCreate, S::kPending, "topup.created"},
    {Machine::From({S::kPending}), T::kSucceed, S::kSucceeded, "topup.succeeded"},
    {Machine::From({S::kPending}), T::kFail, S::kFailed, "topup.failed"},
    {Machine::From({S::kPending}), T::kCancel, S::kCanceled, "topup.canceled"},
    Stay(S::kPending),
    Stay(S::kSucceeded),
    Stay(S::kFailed),
    Stay(S::kCanceled),
};
constexpr absl::string_view kTopupStates[] = {"pending", "succeeded", "failed", "canceled"};
constexpr absl::string_view kTopupTriggers[] = {
    "a top-up is created",
    "expected_availability_date comes (4 business days)",
    "expected_availability_date comes, from a failing test bank",
    "cancel",
    "description or metadata updated",
};

}  // namespace

const Machine& TopupLifecycle::machine() {
  static constexpr Machine kMachine(kTopupRows,
                                    {"topup", "status", kTopupStates, kTopupStates,
                                     kTopupTriggers});
  return kMachine;
}

TopupState TopupLifecycle::StateOf(const Topup& topup) {
  for (size_t s = 0; s < sizeof(kTopupStates) / sizeof(kTopupStates[0]); ++s) {
    if (topup.status() == kTopupStates[s]) return static_cast<S>(s);
  }
  return S::kCanceled;
}

void TopupLifecycle::Enter(World& world, Topup& topup, TopupTrigger trigger) {
  const Machine::Row* row = machine().Find(StateOf(topup), trigger);
  if (row == nullptr) return;
  topup.set_status(Interned(machine().Rendered(row->to)));
  ForEachEvent(row->events, [&](absl::string_view type) { world.Emit(type, topup); });
}

const Topup& TopupLifecycle::Create(World& world, Topup draft) {
  draft.set_id(world.ids().NewId("tu_"));
  draft.set_object(PAYSIM_INTERNED("topup"));
  draft.set_created(world.created());
  const absl::Time available =
      StartOfBusinessDayAfter(world.now(), kTopupAvailabilityBusinessDays);
  draft.set_expected_availability_date(absl::ToUnixSeconds(available));
  draft.set_livemode(false);
  const Machine::Row* row = machine().FindCreate(T::kCreate);
  draft.set_status(Interned(machine().Rendered(row->to)));
  const Topup& stored = world.topups().Insert(Key(), std::move(draft));
  world.timers().Schedule(available, TimerKind::kTopupAvailability, stored.id());
  ForEachEvent(row->events, [&](absl::string_view type) { world.Emit(type, stored); });
  return stored;
}

const Topup& TopupLifecycle::Update(World& world, const Topup& current, const Topup& updated) {
  Topup& topup = *world.topups().Mutable(Key(), current.id());
  topup = updated;
  Enter(world, topup, T::kUpdate);
  return topup;
}

const Topup& TopupLifecycle::Cancel(World& world, const Topup& current) {
  Topup& topup = *world.topups().Mutable(Key(), current.id());
  Enter(world, topup, T::kCancel);
  return topup;
}

void TopupLifecycle::OnAvailability(World& world, absl::string_view topup_id) {
  Topup* topup = world.topups().Mutable(Key(), topup_id);
  if (topup == nullptr || StateOf(*topup) != S::kPending) return;  // canceled meanwhile
  const PayoutDestination* bank =
      topup->bank().empty() ? nullptr : FindPayoutDestination(topup->bank());
  if (bank != nullptr && !bank->failure_code.empty()) {
    // UNCERTAIN: Stripe's failure_message for a top-up; paysim uses the test bank's own, as
    // for a payout to it.
    topup->set_failure_code(Interned(bank->failure_code));
    topup->set_failure_message(Interned(bank->failure_message));
    Enter(world, *topup, T::kFail);
    return;
  }
  topup->set_balance_transaction(BalanceLedger::RecordTopup(world, *topup).id_shared());
  Enter(world, *topup, T::kSucceed);
}

}  // namespace internal
}  // namespace paysim
