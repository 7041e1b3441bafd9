// SimulatedClock: moves only when told, never backwards, from any thread.
#include "engine/simulated_clock.h"

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

TEST(SimulatedClockTest, AdvancesFromSeveralThreadsAddUp) {
  SimulatedClock clock(absl::FromUnixSeconds(0));
  std::vector<std::thread> threads;
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&clock] {
      for (int i = 0; i < 1000; ++i) clock.Advance(absl::Seconds(1));
    });
  }
  for (std::thread& t : threads) t.join();
  EXPECT_EQ(clock.Now(), absl::FromUnixSeconds(4000));
}

}  // namespace
}  // namespace paysim
