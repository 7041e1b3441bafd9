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
// Thread safety: thread-safe; every method may be called from any thread. Now() takes no lock
// (the engine reads the clock on every call); moving the clock does.
#ifndef PAYSIM_ENGINE_SIMULATED_CLOCK_H_
#define PAYSIM_ENGINE_SIMULATED_CLOCK_H_

#include <atomic>
#include <cstdint>
#include <limits>

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
      : now_(start) {
    absl::MutexLock lock(&mu_);
    Publish();
  }

  SimulatedClock(const SimulatedClock&) = delete;
  SimulatedClock& operator=(const SimulatedClock&) = delete;

  // Reads without a lock whenever the instant is a whole number of nanoseconds between 1677
  // and 2262 (every instant a test sets in practice); otherwise under the clock's lock.
  absl::Time Now() const override {
    const int64_t nanos = unix_nanos_.load(std::memory_order_acquire);
    if (nanos != kNotInNanos) return absl::FromUnixNanos(nanos);
    absl::MutexLock lock(&mu_);
    return now_;
  }

  // Advance()
  //
  // Moves the clock forward by `d`. A negative `d` is ignored: time never goes backwards.
  void Advance(absl::Duration d) {
    absl::MutexLock lock(&mu_);
    if (d > absl::ZeroDuration()) now_ += d;
    Publish();
  }

  // SetTime()
  //
  // Moves the clock to `t` if `t` is later than now; otherwise does nothing.
  void SetTime(absl::Time t) {
    absl::MutexLock lock(&mu_);
    if (t > now_) now_ = t;
    Publish();
  }

 private:
  static constexpr int64_t kNotInNanos = std::numeric_limits<int64_t>::min();

  // Makes now_ readable without the lock when it is exactly a count of Unix nanoseconds.
  void Publish() ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_) {
    const int64_t nanos = absl::ToUnixNanos(now_);  // saturates outside its range
    const bool exact = nanos != kNotInNanos && absl::FromUnixNanos(nanos) == now_;
    unix_nanos_.store(exact ? nanos : kNotInNanos, std::memory_order_release);
  }

  mutable absl::Mutex mu_;
  absl::Time now_ ABSL_GUARDED_BY(mu_);
  // now_ in Unix nanoseconds, or kNotInNanos: written under mu_, read by Now() without it.
  std::atomic<int64_t> unix_nanos_{kNotInNanos};
};

}  // namespace paysim

#endif  // PAYSIM_ENGINE_SIMULATED_CLOCK_H_
