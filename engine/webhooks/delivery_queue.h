// delivery_queue.h: webhook deliveries waiting for their first or next attempt.
//
// Ordered by (due time, order of Push): deliveries due at the same instant come out in the
// order they were queued, so an endpoint gets its events in emission order. The queue holds
// no I/O and no clock; WebhookEndpoints (webhook_endpoints.h) pops what is due and retries
// failures on the schedule below.
//
// Example:
//   DeliveryQueue queue;
//   queue.Push(t0, Delivery{.endpoint_id = "we_1", .event_id = "evt_1", ...});
//   queue.PopDue(t0 - absl::Seconds(1));   // nullopt: not due yet
//   queue.PopDue(t0);                      // the delivery
//
// Thread safety: not thread-safe; WebhookEndpoints uses it under its own lock.
#ifndef PAYSIM_ENGINE_WEBHOOKS_DELIVERY_QUEUE_H_
#define PAYSIM_ENGINE_WEBHOOKS_DELIVERY_QUEUE_H_

#include <cstddef>
#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "absl/strings/string_view.h"
#include "absl/time/time.h"
#include "absl/types/optional.h"

namespace paysim {
namespace webhooks {

// Stripe's sandbox retries a failed delivery "3 times over a few hours" (shared/stripe facts
// §4.3; live mode retries for up to 3 days). The exact times are not documented; paysim's
// choice: retry 1 minute, 1 hour and 3 hours after the previous attempt, i.e. 4 attempts at
// +0, +1 min, +1 h 1 min and +4 h 1 min, then give up.
inline constexpr absl::Duration kSandboxRetryDelays[] = {absl::Minutes(1), absl::Hours(1),
                                                         absl::Hours(3)};

// One event on its way to one endpoint.
struct Delivery {
  std::string endpoint_id;
  std::string event_id;
  std::string event_type;
  // The event's JSON (RenderJson), the body of every attempt; shared by the event's endpoints.
  std::shared_ptr<const std::string> payload;
  // Attempts made so far (0 before the first).
  int attempts = 0;
};

class DeliveryQueue {
 public:
  // Queues `delivery` for an attempt at `due`.
  void Push(absl::Time due, Delivery delivery);

  // The earliest due time, or nullopt if empty.
  absl::optional<absl::Time> NextDue() const;

  // Removes and returns the first delivery due at or before `now`; nullopt if none is.
  absl::optional<Delivery> PopDue(absl::Time now);

  // Drops every delivery to `endpoint_id` (deleted or disabled). Returns how many.
  size_t EraseEndpoint(absl::string_view endpoint_id);

  size_t size() const { return queue_.size(); }

 private:
  std::map<std::pair<absl::Time, uint64_t>, Delivery> queue_;
  uint64_t next_sequence_ = 0;
};

// NextAttempt()
//
// When to try again after the `attempts_made`-th attempt (1 for the first) failed at
// `failed_at`: failed_at + delays[attempts_made - 1], or nullopt when the delays are used up
// (the delivery is abandoned).
absl::optional<absl::Time> NextAttempt(const std::vector<absl::Duration>& delays,
                                       int attempts_made, absl::Time failed_at);

}  // namespace webhooks
}  // namespace paysim

#endif  // PAYSIM_ENGINE_WEBHOOKS_DELIVERY_QUEUE_H_
