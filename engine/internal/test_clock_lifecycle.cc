#include "engine/internal/test_clock_lifecycle.h"

#include <algorithm>
#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "absl/time/time.h"
#include "engine/internal/customer_lifecycle.h"
#include "engine/internal/event_log.h"
#include "engine/internal/interned.h"
#include "engine/internal/subscription_lifecycle.h"
#include "engine/subscriptions.h"
#include "engine/test_clocks.h"

namespace paysim {
namespace internal {

Lifecycle TestClockLifecycle::Published() {
  Lifecycle out;
  out.resource = "test_helpers.test_clock";
  out.field = "status";
  out.states = {"ready", "advancing", "deleted"};
  out.rendered_status = {"ready", "advancing", "deleted: true"};
  out.transitions = {
      {"", "create", "ready", "test_helpers.test_clock.created"},
      {"ready", "advance (start)", "advancing", "test_helpers.test_clock.advancing"},
      {"advancing", "every timer up to the target has fired", "ready",
       "test_helpers.test_clock.ready"},
      {"ready", "delete", "deleted", "test_helpers.test_clock.deleted"},
  };
  return out;
}

const TestClock& TestClockLifecycle::Create(World& world, TestClock draft) {
  draft.set_id(world.ids().NewId("clock_"));
  draft.set_object(PAYSIM_INTERNED("test_helpers.test_clock"));
  draft.set_created(world.created());
  draft.set_deletes_after(world.created() + absl::ToInt64Seconds(kTestClockLifetime));
  draft.set_livemode(false);
  draft.set_status(PAYSIM_INTERNED("ready"));
  draft.mutable_status_details();
  const TestClock& stored = world.test_clocks().Insert(Key(), std::move(draft));
  world.Emit("test_helpers.test_clock.created", stored);
  return stored;
}

TestClock TestClockLifecycle::Advance(World& world, const TestClock& current, int64_t target) {
  const std::string id = current.id();
  TestClock* clock = world.test_clocks().Mutable(Key(), id);
  // UNCERTAIN: while advancing, Stripe's frozen_time is taken to be the old one (the target is
  // in status_details.advancing.target_frozen_time).
  clock->set_status(PAYSIM_INTERNED("advancing"));
  clock->mutable_status_details()->mutable_advancing()->set_target_frozen_time(target);
  const TestClock advancing = *clock;
  world.Emit("test_helpers.test_clock.advancing", advancing);
  world.ClearRequest();  // what follows is Stripe's asynchronous work
  {
    TimerQueue& timers = world.clock_timers(id);
    World::TimelineScope scope(&world, &timers, absl::FromUnixSeconds(current.frozen_time()));
    const absl::Time until = absl::FromUnixSeconds(target);
    while (timers.HasDue(until)) world.FireTimer(timers.Pop());
  }
  clock = world.test_clocks().Mutable(Key(), id);
  clock->set_frozen_time(target);
  clock->set_status(PAYSIM_INTERNED("ready"));
  clock->mutable_status_details()->clear_advancing();
  world.Emit("test_helpers.test_clock.ready", *clock);
  return advancing;
}

void TestClockLifecycle::Delete(World& world, const TestClock& current) {
  const TestClock clock = current;
  std::vector<std::string> customers;
  // Their live subscriptions, in the order they were made (all customers' together).
  std::vector<std::pair<int64_t, std::string>> subscriptions;
  CustomerLifecycle::ForEachOnClock(world, clock.id(), [&](const Customer& customer) {
    customers.push_back(customer.id());
    SubscriptionLifecycle::ForEachOf(world, customer.id(), [&](const Subscription& subscription) {
      if (SubscriptionLifecycle::machine().Allows(SubscriptionLifecycle::StateOf(subscription),
                                                  SubscriptionTrigger::kCancel)) {
        subscriptions.emplace_back(world.subscriptions().OrdinalOf(subscription.id()),
                                   subscription.id());
      }
    });
  });
  std::sort(subscriptions.begin(), subscriptions.end());
  {
    // Their subscriptions end on the clock's time.
    World::TimelineScope scope = EnterClockTimeline(world, clock.id());
    for (const auto& [ordinal, id] : subscriptions) {
      SubscriptionLifecycle::Cancel(world, *world.subscriptions().Find(id));
    }
    for (const std::string& id : customers) {
      CustomerLifecycle::Delete(world, *world.customers().Find(id));
    }
  }
  world.Emit("test_helpers.test_clock.deleted", clock);
  world.test_clocks().Delete(Key(), clock.id());
  world.EraseClockTimers(clock.id());
}

int TestClockLifecycle::CustomerCount(World& world, absl::string_view clock_id) {
  return CustomerLifecycle::CountOnClock(world, clock_id);
}

int64_t TestClockLifecycle::AdvanceLimit(World& world, const TestClock& clock) {
  const int64_t from = clock.frozen_time();
  int64_t limit = PeriodEnd(from, "year", 2);
  bool any = false;
  auto visit = [&](const Subscription& subscription) {
    if (subscription.status() == "canceled" || subscription.status() == "incomplete_expired") {
      return;
    }
    for (const SubscriptionItem& item : subscription.items().data()) {
      const PriceRecurring& recurring = item.price().recurring();
      const int64_t count = std::max<int64_t>(1, recurring.interval_count());
      const int64_t two = PeriodEnd(from, recurring.interval(), 2 * count);
      limit = any ? std::min(limit, two) : two;
      any = true;
    }
  };
  CustomerLifecycle::ForEachOnClock(world, clock.id(), [&](const Customer& customer) {
    SubscriptionLifecycle::ForEachOf(world, customer.id(), visit);
  });
  return limit;
}

World::TimelineScope TestClockLifecycle::EnterCustomerTimeline(World& world,
                                                              absl::string_view customer_id) {
  const Customer* customer = world.customers().Find(customer_id);
  if (customer == nullptr || !customer->has_test_clock()) return World::TimelineScope();
  if (world.test_clocks().Find(customer->test_clock()) == nullptr) return World::TimelineScope();
  return EnterClockTimeline(world, customer->test_clock());
}

World::TimelineScope TestClockLifecycle::EnterClockTimeline(World& world,
                                                           absl::string_view clock_id) {
  if (clock_id.empty()) return World::TimelineScope();
  const TestClock* clock = world.test_clocks().Find(clock_id);
  return World::TimelineScope(&world, &world.clock_timers(clock_id),
                              absl::FromUnixSeconds(clock->frozen_time()));
}

}  // namespace internal
}  // namespace paysim
