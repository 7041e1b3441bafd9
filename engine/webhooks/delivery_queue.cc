#include "engine/webhooks/delivery_queue.h"

namespace paysim {
namespace webhooks {

void DeliveryQueue::Push(absl::Time due, Delivery delivery) {
  queue_.emplace(std::make_pair(due, next_sequence_++), std::move(delivery));
}

absl::optional<absl::Time> DeliveryQueue::NextDue() const {
  if (queue_.empty()) return absl::nullopt;
  return queue_.begin()->first.first;
}

absl::optional<Delivery> DeliveryQueue::PopDue(absl::Time now) {
  if (queue_.empty() || queue_.begin()->first.first > now) return absl::nullopt;
  Delivery delivery = std::move(queue_.begin()->second);
  queue_.erase(queue_.begin());
  return delivery;
}

size_t DeliveryQueue::EraseEndpoint(absl::string_view endpoint_id) {
  size_t erased = 0;
  for (auto it = queue_.begin(); it != queue_.end();) {
    if (it->second.endpoint_id == endpoint_id) {
      it = queue_.erase(it);
      ++erased;
    } else {
      ++it;
    }
  }
  return erased;
}

absl::optional<absl::Time> NextAttempt(const std::vector<absl::Duration>& delays,
                                       int attempts_made, absl::Time failed_at) {
  if (attempts_made < 1 || attempts_made > static_cast<int>(delays.size())) return absl::nullopt;
  return failed_at + delays[attempts_made - 1];
}

}  // namespace webhooks
}  // namespace paysim
