// SimulatedClock: moves only when told, never backwards, from any thread.
#include "engine/simulated_clock.h"

#include <cstdint>
#include <limits>
#include <thread>
#include <vector>

#include "absl/time/time.h"
#include "gtest/gtest.h"

namespace paysim {
namespace {

TEST(SimulatedClockTest, StartsOnNewYear2026ByDefault) {
  SimulatedClock clock;
  EXPECT_EQ(clock.Now(), absl::FromCivil(absl::CivilSecond(2026, 1, 1), absl::UTCTimeZone()));
  EXPECT_EQ(SimulatedClock(absl::FromUnixSeconds(5)).Now(), absl::FromUnixSeconds(5));
}

TEST(SimulatedClockTest, MovesOnlyWhenTold) {
  SimulatedClock clock(absl::FromUnixSeconds(100));
  EXPECT_EQ(clock.Now(), clock.Now());
  clock.Advance(absl::Seconds(5));
  EXPECT_EQ(clock.Now(), absl::FromUnixSeconds(105));
  clock.SetTime(absl::FromUnixSeconds(200));
  EXPECT_EQ(clock.Now(), absl::FromUnixSeconds(200));
}

TEST(SimulatedClockTest, NeverGoesBackwards) {
  SimulatedClock clock(absl::FromUnixSeconds(100));
  clock.Advance(-absl::Seconds(5));
  clock.Advance(absl::ZeroDuration());
  clock.SetTime(absl::FromUnixSeconds(99));
  clock.SetTime(absl::FromUnixSeconds(100));
  EXPECT_EQ(clock.Now(), absl::FromUnixSeconds(100));
}

TEST(SimulatedClockTest, KeepsInstantsNanosecondsCannotHold) {
  // Now() reads a count of Unix nanoseconds when the instant is one (1677-2262); any other
  // instant is kept exactly too.
  const absl::Time year_3000 = absl::FromCivil(absl::CivilSecond(3000, 1, 1), absl::UTCTimeZone());
  SimulatedClock far(year_3000);
  EXPECT_EQ(far.Now(), year_3000);
  far.Advance(absl::Seconds(1));
  EXPECT_EQ(far.Now(), year_3000 + absl::Seconds(1));

  SimulatedClock clock(absl::FromUnixSeconds(100));
  const absl::Time quarter_nano = absl::FromUnixSeconds(100) + absl::Nanoseconds(0.25);
  clock.SetTime(quarter_nano);
  EXPECT_EQ(clock.Now(), quarter_nano);
  clock.Advance(absl::Nanoseconds(0.75));  // a whole nanosecond again
  EXPECT_EQ(clock.Now(), absl::FromUnixNanos(100'000'000'001));

  SimulatedClock last(absl::FromUnixNanos(std::numeric_limits<int64_t>::max() - 1));
  last.Advance(absl::Nanoseconds(1));  // the largest count of nanoseconds
  EXPECT_EQ(last.Now(), absl::FromUnixNanos(std::numeric_limits<int64_t>::max()));
  last.Advance(absl::Nanoseconds(1));  // beyond it
  EXPECT_EQ(last.Now(), absl::FromUnixNanos(std::numeric_limits<int64_t>::max()) +
                            absl::Nanoseconds(1));
  EXPECT_EQ(SimulatedClock(absl::InfiniteFuture()).Now(), absl::InfiniteFuture());
}

TEST(SimulatedClockTest, AdvancesFromSeveralThreadsAddUp) {
  SimulatedClock clock(absl::FromUnixSeconds(0));
  std::vector<std::thread> threads;
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&clock] {
      for (int i = 0; i < 1000; ++i) clock.Advance(absl::Seconds(1));
    });
  }
  // A reader meanwhile sees whole seconds only, never going backwards.
  std::thread reader([&clock] {
    absl::Time last = absl::UnixEpoch();
    for (int i = 0; i < 10000; ++i) {
      const absl::Time now = clock.Now();
      EXPECT_GE(now, last);
      EXPECT_EQ(absl::ToUnixNanos(now) % 1'000'000'000, 0);
      last = now;
    }
  });
  for (std::thread& t : threads) t.join();
  reader.join();
  EXPECT_EQ(clock.Now(), absl::FromUnixSeconds(4000));
}

}  // namespace
}  // namespace paysim
