// The billing meter lifecycle (meter_lifecycle.h).
#include "engine/internal/meter_lifecycle.h"

#include <string>
#include <utility>

#include "engine/internal/interned.h"

namespace paysim {
namespace internal {
namespace {

using Machine = MeterLifecycle::Machine;
using S = MeterState;
using T = MeterTrigger;

constexpr Machine::Row kRows[] = {
    {Machine::kCreated, T::kCreate, S::kActive, "billing.meter.created"},
    {Machine::From({S::kActive}), T::kRename, S::kActive, "billing.meter.updated"},
    {Machine::From({S::kInactive}), T::kRename, S::kInactive, "billing.meter.updated"},
    {Machine::From({S::kActive}), T::kDeactivate, S::kInactive, "billing.meter.deactivated"},
    {Machine::From({S::kInactive}), T::kReactivate, S::kActive, "billing.meter.reactivated"},
};
constexpr absl::string_view kStates[] = {"active", "inactive"};
constexpr absl::string_view kTriggers[] = {"created", "display_name updated", "deactivated",
                                           "reactivated"};

// Writes the row's state and announces it; `*.updated` carries previous_attributes.
void Enter(World& world, BillingMeter& meter, const BillingMeter& before,
           const Machine::Row& row) {
  meter.set_status(Interned(MeterLifecycle::machine().Rendered(row.to)));
  meter.set_updated(world.created());
  ForEachEvent(row.events, [&](absl::string_view type) {
    if (type == "billing.meter.updated") {
      world.EmitChange(type, meter, before);
    } else {
      world.Emit(type, meter);
    }
  });
}

}  // namespace

const Machine& MeterLifecycle::machine() {
  static constexpr Machine kMachine(kRows,
                                    {"billing.meter", "status", kStates, kStates, kTriggers});
  return kMachine;
}

MeterState MeterLifecycle::StateOf(const BillingMeter& meter) {
  return meter.status() == "inactive" ? S::kInactive : S::kActive;
}

const BillingMeter& MeterLifecycle::Create(World& world, BillingMeter draft) {
  const Machine::Row* row = machine().FindCreate(T::kCreate);
  draft.set_id(world.ids().NewId("mtr_"));
  draft.set_object(PAYSIM_INTERNED("billing.meter"));
  draft.set_created(world.created());
  draft.set_livemode(false);
  draft.set_status(Interned(machine().Rendered(row->to)));
  draft.mutable_status_transitions();
  draft.set_updated(world.created());
  const BillingMeter& stored = world.billing_meters().Insert(Key(), std::move(draft));
  ForEachEvent(row->events, [&](absl::string_view type) { world.Emit(type, stored); });
  return stored;
}

const BillingMeter& MeterLifecycle::Rename(World& world, const BillingMeter& current,
                                           absl::string_view display_name) {
  BillingMeter& meter = *world.billing_meters().Mutable(Key(), current.id());
  const BillingMeter before = meter;
  meter.set_display_name(display_name);
  Enter(world, meter, before, *machine().Find(StateOf(meter), T::kRename));
  return meter;
}

const BillingMeter& MeterLifecycle::Move(World& world, const BillingMeter& current,
                                         MeterTrigger trigger) {
  BillingMeter& meter = *world.billing_meters().Mutable(Key(), current.id());
  const BillingMeter before = meter;
  if (trigger == T::kDeactivate) {
    meter.mutable_status_transitions()->set_deactivated_at(world.created());
  } else {
    meter.mutable_status_transitions()->clear_deactivated_at();
  }
  Enter(world, meter, before, *machine().Find(StateOf(meter), trigger));
  return meter;
}

const BillingMeter* MeterLifecycle::ActiveFor(World& world, absl::string_view event_name) {
  const BillingMeter* found = nullptr;
  world.billing_meters().ForEach([&](const BillingMeter& meter) {
    if (found == nullptr && meter.event_name() == event_name && StateOf(meter) == S::kActive) {
      found = &meter;
    }
  });
  return found;
}

}  // namespace internal
}  // namespace paysim
