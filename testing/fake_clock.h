// fake_clock.h: a deterministic clock for tests and scenarios that moves only when told.
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

#include "absl/base/thread_annotations.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/time.h"
#include "engine/clock.h"

namespace paysim {
namespace testing {

class FakeClock final : public Clock {
 public:
  // Starts at `start` (default: 2026-01-01T00:00:00Z).
  explicit FakeClock(absl::Time start = absl::FromUnixSeconds(1767225600)) : now_(start) {}

  absl::Time Now() const override {
    absl::MutexLock lock(&mu_);
    return now_;
  }

  // Moves the clock forward by `d`. REQUIRES: d >= 0 (a negative d is ignored: time never
  // goes backwards).
  void Advance(absl::Duration d) {
    absl::MutexLock lock(&mu_);
    if (d > absl::ZeroDuration()) now_ += d;
  }

  // Moves the clock to `t` if `t` is later than now; otherwise does nothing.
  void SetTime(absl::Time t) {
    absl::MutexLock lock(&mu_);
    if (t > now_) now_ = t;
  }

 private:
  mutable absl::Mutex mu_;
  absl::Time now_ ABSL_GUARDED_BY(mu_);
};

}  // namespace testing
}  // namespace paysim

#endif  // PAYSIM_TESTING_FAKE_CLOCK_H_
