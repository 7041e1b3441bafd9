// TimerQueue: timers fire in (due time, sequence) order.
#include "engine/internal/timer_queue.h"

#include <cstdint>
#include <random>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "absl/time/time.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace paysim {
namespace {

using ::testing::ElementsAre;

const absl::Time kT0 = absl::FromUnixSeconds(1767225600);

std::vector<std::string> PopAll(TimerQueue& queue) {
  std::vector<std::string> targets;
  while (!queue.empty()) targets.push_back(std::string(queue.Pop().target.view()));
  return targets;
}

TEST(TimerQueueTest, EmptyQueueHasNothingDue) {
  TimerQueue queue;
  EXPECT_TRUE(queue.empty());
  EXPECT_EQ(queue.size(), 0u);
  EXPECT_FALSE(queue.HasDue(absl::InfiniteFuture()));
}

TEST(TimerQueueTest, TimersPopInDueOrder) {
  TimerQueue queue;
  queue.Schedule(kT0 + absl::Hours(3), TimerKind::kTokenExpiry, "c");
  queue.Schedule(kT0 + absl::Hours(1), TimerKind::kAuthorizationExpiry, "a");
  queue.Schedule(kT0 + absl::Hours(2), TimerKind::kFundsAvailable, "b");
  EXPECT_EQ(queue.size(), 3u);
  EXPECT_EQ(queue.NextDue(), kT0 + absl::Hours(1));
  EXPECT_THAT(PopAll(queue), ElementsAre("a", "b", "c"));
}

TEST(TimerQueueTest, TiesPopInScheduleOrder) {
  TimerQueue queue;
  for (const char* target : {"first", "second", "third", "fourth", "fifth"}) {
    queue.Schedule(kT0, TimerKind::kIdempotencyExpiry, target);
  }
  queue.Schedule(kT0 - absl::Seconds(1), TimerKind::kTokenExpiry, "earlier");
  EXPECT_THAT(PopAll(queue), ElementsAre("earlier", "first", "second", "third", "fourth", "fifth"));
}

TEST(TimerQueueTest, PopReturnsEveryField) {
  TimerQueue queue;
  queue.Schedule(kT0, TimerKind::kAuthorizationExpiry, "x");
  const uint64_t sequence = queue.Schedule(kT0 - absl::Minutes(1), TimerKind::kTokenExpiry, "tok");
  Timer timer = queue.Pop();
  EXPECT_EQ(timer.due, kT0 - absl::Minutes(1));
  EXPECT_EQ(timer.sequence, sequence);
  EXPECT_EQ(timer.kind, TimerKind::kTokenExpiry);
  EXPECT_EQ(timer.target.view(), "tok");
  EXPECT_EQ(queue.size(), 1u);
}

TEST(TimerQueueTest, SequenceNumbersIncrease) {
  TimerQueue queue;
  const uint64_t a = queue.Schedule(kT0 + absl::Hours(1), TimerKind::kTokenExpiry, "a");
  const uint64_t b = queue.Schedule(kT0, TimerKind::kTokenExpiry, "b");
  const uint64_t c = queue.Schedule(kT0, TimerKind::kTokenExpiry, "c");
  EXPECT_LT(a, b);
  EXPECT_LT(b, c);
}

TEST(TimerQueueTest, TimerIsDueAtItsDueTimeNotBefore) {
  TimerQueue queue;
  queue.Schedule(kT0, TimerKind::kTokenExpiry, "t");
  EXPECT_FALSE(queue.HasDue(kT0 - absl::Seconds(1)));
  EXPECT_FALSE(queue.HasDue(kT0 - absl::Nanoseconds(1)));
  EXPECT_TRUE(queue.HasDue(kT0));
  EXPECT_TRUE(queue.HasDue(kT0 + absl::Seconds(1)));
}

TEST(TimerQueueTest, FiringDueTimersStopsAtTheFirstFutureOne) {
  TimerQueue queue;
  queue.Schedule(kT0 + absl::Minutes(10), TimerKind::kTokenExpiry, "later");
  queue.Schedule(kT0, TimerKind::kTokenExpiry, "now");
  queue.Schedule(kT0 - absl::Minutes(10), TimerKind::kTokenExpiry, "before");
  std::vector<std::string> fired;
  while (queue.HasDue(kT0)) fired.push_back(std::string(queue.Pop().target.view()));
  EXPECT_THAT(fired, ElementsAre("before", "now"));
  EXPECT_EQ(queue.size(), 1u);
  EXPECT_EQ(queue.NextDue(), kT0 + absl::Minutes(10));
}

TEST(TimerQueueTest, TimerScheduledWhileFiringKeepsTheOrder) {
  TimerQueue queue;
  queue.Schedule(kT0, TimerKind::kTokenExpiry, "a");
  queue.Schedule(kT0 + absl::Seconds(2), TimerKind::kTokenExpiry, "c");
  std::vector<std::string> fired;
  while (queue.HasDue(kT0 + absl::Seconds(5))) {
    Timer timer = queue.Pop();
    fired.push_back(std::string(timer.target.view()));
    if (timer.target.view() == "a") queue.Schedule(kT0 + absl::Seconds(1), TimerKind::kTokenExpiry, "b");
  }
  EXPECT_THAT(fired, ElementsAre("a", "b", "c"));
}


// Thousands of timers with few distinct due times (many ties), scheduled and popped in an
// interleaved random order, pop exactly as a sorted list of (due, sequence) says.
TEST(TimerQueueTest, RandomSchedulesAndPopsMatchASortedReference) {
  std::mt19937_64 random(7);
  TimerQueue queue;
  std::set<std::pair<absl::Time, uint64_t>> reference;
  absl::Time now = kT0;
  for (int step = 0; step < 20000; ++step) {
    if (random() % 3 != 0 || reference.empty()) {
      const absl::Time due = now + absl::Seconds(static_cast<int64_t>(random() % 50)) +
                             absl::Nanoseconds(static_cast<int64_t>(random() % 2) * 250);
      const std::string target = "t" + std::to_string(step);
      const uint64_t sequence = queue.Schedule(due, TimerKind::kFundsAvailable, target);
      reference.emplace(due, sequence);
    } else {
      const Timer timer = queue.Pop();
      ASSERT_EQ(std::make_pair(timer.due, static_cast<uint64_t>(timer.sequence)),
                *reference.begin());
      reference.erase(reference.begin());
      now = timer.due;
    }
    ASSERT_EQ(queue.size(), reference.size());
  }
  while (!reference.empty()) {
    const Timer timer = queue.Pop();
    ASSERT_EQ(timer.sequence, reference.begin()->second);
    reference.erase(reference.begin());
  }
  EXPECT_TRUE(queue.empty());
}

// Timers scheduled fixed delays after a moving clock (as holds, renewals and drafts are), mixed
// with timers at random times and snapshots of the queue taken and restored midway, pop
// exactly as a sorted list of (due, sequence) says.
TEST(TimerQueueTest, FixedDelayStreamsAndRandomTimersMatchASortedReference) {
  std::mt19937_64 random(11);
  TimerQueue queue;
  std::set<std::pair<absl::Time, uint64_t>> reference;
  const absl::Duration kDelays[] = {absl::Hours(1), absl::Hours(24 * 7), absl::Hours(24 * 30),
                                    absl::Hours(24 * 27), absl::Seconds(30)};
  absl::Time now = kT0;
  for (int step = 0; step < 30000; ++step) {
    const uint64_t roll = random() % 10;
    if (roll < 6 || reference.empty()) {
      absl::Time due = now + kDelays[random() % 5];
      if (roll == 0) due = now + absl::Seconds(static_cast<int64_t>(random() % 100000));
      const uint64_t sequence =
          queue.Schedule(due, TimerKind::kFundsAvailable, "t" + std::to_string(step));
      reference.emplace(due, sequence);
    } else if (roll < 9) {
      const Timer timer = queue.Pop();
      ASSERT_EQ(std::make_pair(timer.due, static_cast<uint64_t>(timer.sequence)),
                *reference.begin());
      reference.erase(reference.begin());
    } else {
      now += absl::Seconds(static_cast<int64_t>(random() % 4000));
      if (step % 1000 == 999) {  // a snapshot: the pending timers in order, restored
        std::vector<Timer> pending = queue.Pending();
        ASSERT_EQ(pending.size(), reference.size());
        const uint64_t next = queue.next_sequence();
        queue.Restore(std::move(pending), next);
      }
    }
    ASSERT_EQ(queue.size(), reference.size());
    if (!reference.empty()) {
      ASSERT_EQ(queue.NextDue(), reference.begin()->first);
    }
  }
  while (!reference.empty()) {
    const Timer timer = queue.Pop();
    ASSERT_EQ(timer.sequence, reference.begin()->second);
    reference.erase(reference.begin());
  }
  EXPECT_TRUE(queue.empty());
  EXPECT_FALSE(queue.HasDue(absl::InfiniteFuture()));
}

TEST(TimerQueueTest, PendingListsEveryTimerInFiringOrderWithItsTarget) {
  TimerQueue queue;
  queue.Schedule(kT0 + absl::Hours(2), TimerKind::kTokenExpiry, "b");
  queue.Schedule(kT0 + absl::Hours(1), TimerKind::kAuthorizationExpiry, "a");
  queue.Schedule(kT0 + absl::Hours(3), TimerKind::kFundsAvailable,
                 "an_id_longer_than_thirty_one_characters_kept_whole");
  std::vector<std::string> targets;
  for (const Timer& timer : queue.Pending()) targets.push_back(std::string(timer.target.view()));
  EXPECT_THAT(targets,
              ElementsAre("a", "b", "an_id_longer_than_thirty_one_characters_kept_whole"));
  EXPECT_EQ(queue.size(), 3u);
  EXPECT_THAT(PopAll(queue),
              ElementsAre("a", "b", "an_id_longer_than_thirty_one_characters_kept_whole"));
}

}  // namespace
}  // namespace paysim
