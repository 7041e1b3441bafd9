// SystemClock: reads the wall clock (the only file in engine/ that does).
#include "engine/clock.h"

#include "absl/time/clock.h"

namespace paysim {

absl::Time SystemClock::Now() const { return absl::Now(); }

SystemClock* SystemClock::Default() {
  static SystemClock* clock = new SystemClock();
  return clock;
}

}  // namespace paysim
