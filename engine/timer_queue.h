// timer_queue.h: the one ordered queue of everything that happens later.
//
// Authorization holds expiring, tokens lapsing, funds becoming available, idempotency keys
// being forgotten: each is a Timer keyed by (due time, sequence). Timers fire in that order;
// popping the k due timers of n pending costs O(k log n), and asking whether anything is due
// is O(1).
//
// A timer is never removed early: when its target no longer needs it (a hold captured before
// it expired), the handler sees that and does nothing.
//
// Thread safety: not thread-safe; the engine uses it under its own lock.
#ifndef PAYSIM_ENGINE_TIMER_QUEUE_H_
#define PAYSIM_ENGINE_TIMER_QUEUE_H_

#include <cstdint>
#include <queue>
#include <string>
#include <vector>

#include "absl/time/time.h"

namespace paysim {

enum class TimerKind : uint8_t {
  kAuthorizationExpiry,  // an uncaptured charge's hold expires
  kTokenExpiry,          // an unused token lapses
  kFundsAvailable,       // a balance transaction turns pending -> available
  kIdempotencyExpiry,    // an idempotency key is forgotten
};

struct Timer {
  absl::Time due;
  uint64_t sequence = 0;
  TimerKind kind = TimerKind::kAuthorizationExpiry;
  std::string target;  // id of the object the timer acts on
};

class TimerQueue {
 public:
  // Schedules a timer; returns its sequence number (increasing with every call).
  uint64_t Schedule(absl::Time due, TimerKind kind, std::string target);

  // True if the earliest timer is due at or before `now`. O(1).
  bool HasDue(absl::Time now) const { return !heap_.empty() && heap_.top().due <= now; }

  // Removes and returns the earliest timer. REQUIRES: !empty().
  Timer Pop();

  // Due time of the earliest timer. REQUIRES: !empty().
  absl::Time NextDue() const { return heap_.top().due; }

  bool empty() const { return heap_.empty(); }
  size_t size() const { return heap_.size(); }

 private:
  struct Later {
    bool operator()(const Timer& a, const Timer& b) const {
      if (a.due != b.due) return a.due > b.due;
      return a.sequence > b.sequence;
    }
  };
  std::priority_queue<Timer, std::vector<Timer>, Later> heap_;
  uint64_t next_sequence_ = 0;
};

}  // namespace paysim

#endif  // PAYSIM_ENGINE_TIMER_QUEUE_H_
