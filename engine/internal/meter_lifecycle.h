// meter_lifecycle.h (internal): the billing meter lifecycle, the only writer of meters
// (`mtr_...`). Its state is the meter's `status`:
//
//   from       trigger                      to        events
//   (new)      created                      active    billing.meter.created
//   active     display_name updated         active    billing.meter.updated
//   inactive   display_name updated         inactive  billing.meter.updated
//   active     deactivated                  inactive  billing.meter.deactivated
//   inactive   reactivated                  active    billing.meter.reactivated
//
// An inactive meter takes no events (they are dropped, meter_usage.h) and no new price; its
// `status_transitions.deactivated_at` is when it was last deactivated (null once reactivated).
//
// REQUIRES (every function taking a World): the world's lock held.
#ifndef PAYSIM_ENGINE_INTERNAL_METER_LIFECYCLE_H_
#define PAYSIM_ENGINE_INTERNAL_METER_LIFECYCLE_H_

#include <cstdint>

#include "absl/strings/string_view.h"
#include "engine/internal/state_machine.h"
#include "engine/internal/world.h"
#include "engine/lifecycle.h"
#include "proto/meter.obj.h"

namespace paysim {
namespace internal {

enum class MeterState : uint8_t { kActive, kInactive };
enum class MeterTrigger : uint8_t { kCreate, kRename, kDeactivate, kReactivate };

class MeterLifecycle {
 public:
  using Machine = StateMachine<MeterState, MeterTrigger>;
  static const Machine& machine();
  static Lifecycle Published() { return machine().Publish(); }

  static MeterState StateOf(const BillingMeter& meter);

  // Stores `draft` (checked by MeterService) as a new active meter; emits billing.meter.created.
  static const BillingMeter& Create(World& world, BillingMeter draft);

  // Renames `meter`; billing.meter.updated with the previous display_name.
  static const BillingMeter& Rename(World& world, const BillingMeter& meter,
                                    absl::string_view display_name);

  // active -> inactive or inactive -> active, as `trigger` (kDeactivate or kReactivate) says.
  // REQUIRES: machine().Allows(StateOf(meter), trigger).
  static const BillingMeter& Move(World& world, const BillingMeter& meter, MeterTrigger trigger);

  // The active meter whose event_name is `event_name`, or null (at most one: MeterService
  // refuses a second).
  static const BillingMeter* ActiveFor(World& world, absl::string_view event_name);

 private:
  static WriteKey<MeterLifecycle> Key() { return {}; }
};

}  // namespace internal
}  // namespace paysim

#endif  // PAYSIM_ENGINE_INTERNAL_METER_LIFECYCLE_H_
