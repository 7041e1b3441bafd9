// clock.h: the only source of time in paysim.
//
// The engine never reads the wall clock: it asks its Clock. SystemClock is the wall clock
// (`paysim serve --clock=system`); SimulatedClock (simulated_clock.h) moves only when told
// (`paysim serve`'s default, scenarios, and tests, which know it as testing::FakeClock).
//
// Thread safety: implementations must be safe to call from several threads.
#ifndef PAYSIM_ENGINE_CLOCK_H_
#define PAYSIM_ENGINE_CLOCK_H_

#include "absl/time/time.h"

namespace paysim {

class Clock {
 public:
  virtual ~Clock() = default;

  // Now()
  //
  // The current instant. Must never go backwards between two calls.
  virtual absl::Time Now() const = 0;
};

// SystemClock: the wall clock. The one place in paysim allowed to read it.
class SystemClock final : public Clock {
 public:
  absl::Time Now() const override;

  // A process-wide instance.
  static SystemClock* Default();
};

}  // namespace paysim

#endif  // PAYSIM_ENGINE_CLOCK_H_
