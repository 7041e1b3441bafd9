#include "engine/webhooks/delivery_queue.h"

#include <string>
#include <vector>

#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace paysim {
namespace webhooks {
namespace {

const absl::Time kT0 = absl::FromUnixSeconds(1767225600);

Delivery To(std::string endpoint, std::string event) {
  return Delivery{std::move(endpoint), std::move(event), "charge.succeeded", nullptr, 0};
}

std::vector<std::string> Drain(DeliveryQueue& queue, absl::Time now) {
  std::vector<std::string> out;
  while (absl::optional<Delivery> d = queue.PopDue(now)) {
    out.push_back(d->endpoint_id + "/" + d->event_id);
  }
  return out;
}

TEST(DeliveryQueueTest, DueTimeThenArrivalOrder) {
  DeliveryQueue queue;
  queue.Push(kT0 + absl::Seconds(5), To("we_a", "evt_3"));
  queue.Push(kT0, To("we_a", "evt_1"));
  queue.Push(kT0, To("we_b", "evt_1"));
  queue.Push(kT0, To("we_a", "evt_2"));
  EXPECT_EQ(queue.NextDue(), kT0);
  EXPECT_EQ(queue.PopDue(kT0 - absl::Seconds(1)), absl::nullopt);
  EXPECT_THAT(Drain(queue, kT0), ::testing::ElementsAre("we_a/evt_1", "we_b/evt_1", "we_a/evt_2"));
  EXPECT_EQ(queue.NextDue(), kT0 + absl::Seconds(5));
  EXPECT_THAT(Drain(queue, kT0 + absl::Seconds(5)), ::testing::ElementsAre("we_a/evt_3"));
  EXPECT_EQ(queue.NextDue(), absl::nullopt);
}

TEST(DeliveryQueueTest, EraseEndpoint) {
  DeliveryQueue queue;
  queue.Push(kT0, To("we_a", "evt_1"));
  queue.Push(kT0, To("we_b", "evt_1"));
  queue.Push(kT0 + absl::Hours(1), To("we_a", "evt_2"));
  EXPECT_EQ(queue.EraseEndpoint("we_a"), 2u);
  EXPECT_EQ(queue.size(), 1u);
  EXPECT_THAT(Drain(queue, kT0 + absl::Hours(2)), ::testing::ElementsAre("we_b/evt_1"));
}

TEST(DeliveryQueueTest, SandboxScheduleIsThreeRetriesOverAFewHours) {
  const std::vector<absl::Duration> delays(std::begin(kSandboxRetryDelays),
                                           std::end(kSandboxRetryDelays));
  ASSERT_EQ(delays.size(), 3u);
  EXPECT_EQ(NextAttempt(delays, 1, kT0), kT0 + absl::Minutes(1));
  EXPECT_EQ(NextAttempt(delays, 2, kT0), kT0 + absl::Hours(1));
  EXPECT_EQ(NextAttempt(delays, 3, kT0), kT0 + absl::Hours(3));
  EXPECT_EQ(NextAttempt(delays, 4, kT0), absl::nullopt);
  EXPECT_EQ(NextAttempt(delays, 0, kT0), absl::nullopt);
  EXPECT_EQ(NextAttempt({}, 1, kT0), absl::nullopt);
}

}  // namespace
}  // namespace webhooks
}  // namespace paysim
