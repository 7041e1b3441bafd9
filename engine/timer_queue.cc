#include "engine/timer_queue.h"

#include <utility>

namespace paysim {

uint64_t TimerQueue::Schedule(absl::Time due, TimerKind kind, std::string target) {
  const uint64_t sequence = next_sequence_++;
  heap_.push(Timer{due, sequence, kind, std::move(target)});
  return sequence;
}

Timer TimerQueue::Pop() {
  // priority_queue::top() is const; moving out is safe because pop() follows at once.
  Timer timer = std::move(const_cast<Timer&>(heap_.top()));
  heap_.pop();
  return timer;
}

}  // namespace paysim
