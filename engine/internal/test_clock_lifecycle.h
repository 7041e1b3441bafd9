// test_clock_lifecycle.h (internal): the TestClock lifecycle, the only writer of test clocks and
// the owner of their timelines (a frozen_time and a timer queue per clock, World::clock_timers).
//
//   from       trigger                         to         events
//   (new)      create                          ready      test_helpers.test_clock.created
//   ready      advance (start)                 advancing  test_helpers.test_clock.advancing
//   advancing  every timer up to the target    ready      test_helpers.test_clock.ready
//              has fired
//   ready      delete                          deleted    test_helpers.test_clock.deleted
//
// A customer created with `test_clock` lives on the clock's timeline, and so does every object
// made for it inside a customer's timeline scope (EnterCustomerTimeline): their `created` and
// period timestamps are the clock's frozen_time, and their timers go to the clock's queue,
// which fires only when the clock advances (each timer at its own due time, in (due, sequence)
// order), never when the engine's clock moves. `internal_failure` is never entered: paysim's
// advance cannot fail half-way.
//
// REQUIRES (every function taking a World): the world's lock held.
#ifndef PAYSIM_ENGINE_INTERNAL_TEST_CLOCK_LIFECYCLE_H_
#define PAYSIM_ENGINE_INTERNAL_TEST_CLOCK_LIFECYCLE_H_

#include <cstdint>

#include "absl/strings/string_view.h"
#include "engine/internal/world.h"
#include "engine/lifecycle.h"
#include "proto/test_clock.obj.h"

namespace paysim {
namespace internal {

class TestClockLifecycle {
 public:
  static Lifecycle Published();

  // Stores `draft` (frozen_time and name checked and set): id, object, created (the engine's
  // now), deletes_after, status ready; emits test_helpers.test_clock.created.
  static const TestClock& Create(World& world, TestClock draft);

  // Moves `clock` (REQUIRES: ready, target after its frozen_time) to `target`: emits
  // .advancing, fires every timer of the clock due up to `target` in order (now() is each
  // timer's due time), sets frozen_time to `target`, then emits .ready (automatic, no request).
  // Returns the clock as it was while advancing (status advancing, status_details.advancing).
  static TestClock Advance(World& world, const TestClock& clock, int64_t target);

  // Deletes `clock` with what is attached to it: its customers' subscriptions canceled, the
  // customers deleted, the clock's timers dropped; .deleted carries the clock as it was.
  static void Delete(World& world, const TestClock& clock);

  // The customers attached to `clock_id` (live ones).
  static int CustomerCount(World& world, absl::string_view clock_id);

  // The latest instant `clock` may advance to in one step: two intervals of the shortest
  // subscription of its customers, or two years without one.
  static int64_t AdvanceLimit(World& world, const TestClock& clock);

  // Makes the timeline of `customer_id`'s test clock current while the scope lives; an empty
  // scope (the engine's timeline) when the customer has no clock or does not exist.
  static World::TimelineScope EnterCustomerTimeline(World& world, absl::string_view customer_id);

  // The same for a clock itself: an empty scope when `clock_id` is empty. REQUIRES: otherwise
  // `clock_id` is a live clock.
  static World::TimelineScope EnterClockTimeline(World& world, absl::string_view clock_id);

 private:
  static WriteKey<TestClockLifecycle> Key() { return {}; }
};

}  // namespace internal
}  // namespace paysim

#endif  // PAYSIM_ENGINE_INTERNAL_TEST_CLOCK_LIFECYCLE_H_
