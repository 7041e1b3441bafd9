// simulated_clock.h: paysim's simulated time: a Clock that moves only when told.
//
// The engine runs on it whenever time must be data rather than the wall clock: `paysim serve
// --clock=simulated` (moved by POST /v1/test_helpers/clock/advance), scenario files, and
// users' tests (which know it as paysim::testing::FakeClock, testing/fake_clock.h).
//
// Contract:
//   - Now() returns the instant the clock was last set to; nothing else moves it.
//   - It never goes backwards: Advance() by a negative duration and SetTime() to an instant
//     not after Now() do nothing (and are not errors).
//   - Moving the clock fires nothing by itself: an Engine fires the timers that fell due at the
//     start of its next call (or Engine::FireDueTimers()).
//
// Example:
//   paysim::SimulatedClock clock;                  // 2026-01-01T00:00:00Z
//   paysim::Engine engine({.clock = &clock, .seed = 42});
//   clock.Advance(absl::Hours(24 * 7));            // the next engine call fires what fell due
//
// Thread safety: thread-safe; every method may be called from any thread.
#ifndef PAYSIM_ENGINE_SIMULATED_CLOCK_H_
#define PAYSIM_ENGINE_SIMULATED_CLOCK_H_

#include "absl/base/thread_annotations.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/time.h"
#include "engine/clock.h"

namespace paysim {

// Where a SimulatedClock starts unless told otherwise: 2026-01-01T00:00:00Z.
inline constexpr int64_t kSimulatedClockStartUnixSeconds = 1767225600;

class SimulatedClock : public Clock {
 public:
  // Starts at `start` (default: 2026-01-01T00:00:00Z).
  explicit SimulatedClock(
      absl::Time start = absl::FromUnixSeconds(kSimulatedClockStartUnixSeconds))
      : now_(start) {}

  SimulatedClock(const SimulatedClock&) = delete;
  SimulatedClock& operator=(const SimulatedClock&) = delete;

  absl::Time Now() const override {
    absl::MutexLock lock(&mu_);
    return now_;
  }

  // Advance()
  //
  // Moves the clock forward by `d`. A negative `d` is ignored: time never goes backwards.
  void Advance(absl::Duration d) {
    absl::MutexLock lock(&mu_);
    if (d > absl::ZeroDuration()) now_ += d;
  }

  // SetTime()
  //
  // Moves the clock to `t` if `t` is later than now; otherwise does nothing.
  void SetTime(absl::Time t) {
    absl::MutexLock lock(&mu_);
    if (t > now_) now_ = t;
  }

 private:
  mutable absl::Mutex mu_;
  absl::Time now_ ABSL_GUARDED_BY(mu_);
};

}  // namespace paysim

#endif  // PAYSIM_ENGINE_SIMULATED_CLOCK_H_
