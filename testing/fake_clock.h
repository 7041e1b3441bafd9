// fake_clock.h: a deterministic clock for tests and scenarios that moves only when told.
//
// FakeClock is the engine's SimulatedClock (engine/simulated_clock.h) under the name tests
// know: the same contract (Now, Advance, SetTime; never backwards; thread-safe), and a
// FakeClock may be passed wherever a SimulatedClock or a Clock is expected.
//
// Example:
//   paysim::testing::FakeClock clock(absl::FromCivil(absl::CivilSecond(2026, 1, 1),
//                                                    absl::UTCTimeZone()));
//   paysim::Engine engine({.clock = &clock, .seed = 42});
//   clock.Advance(absl::Hours(24 * 7));  // the next engine call fires what fell due
//
// Thread safety: thread-safe.
#ifndef PAYSIM_TESTING_FAKE_CLOCK_H_
#define PAYSIM_TESTING_FAKE_CLOCK_H_

#include "absl/time/time.h"
#include "engine/simulated_clock.h"

namespace paysim {
namespace testing {

class FakeClock final : public SimulatedClock {
 public:
  // Starts at `start` (default: 2026-01-01T00:00:00Z).
  using SimulatedClock::SimulatedClock;
};

}  // namespace testing
}  // namespace paysim

#endif  // PAYSIM_TESTING_FAKE_CLOCK_H_
