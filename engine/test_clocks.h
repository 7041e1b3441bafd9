// test_clocks.h: Stripe's Test Clocks (/v1/test_helpers/test_clocks): a time of its own for
// some customers and everything billed to them.
//
// A clock starts at any frozen_time (past or future) and only moves forward, when advanced.
// A customer created with `test_clock=clock_...` (CustomerCreateParams.test_clock; at most
// kTestClockMaxCustomers per clock) lives on that clock: its subscriptions, their invoices,
// renewals, trials and retries, its invoices and invoice items, and the payments they make are
// created at the clock's frozen_time, and their timers fire when the clock advances (each at
// its own due time, in order, with that time as "now"), not when the engine's clock moves.
// Everything else keeps following the engine's clock. The clock itself (created,
// deletes_after, its events) is on the engine's clock.
//
// Lifecycle (engine/internal/test_clock_lifecycle.h): ready -> advancing -> ready, deleted.
// Stripe advances asynchronously ("Advancement is done when status changes to Ready"); paysim
// does the whole advance inside the Advance call. Advance answers as Stripe's API does: the
// clock with status `advancing`, its old frozen_time and status_details.advancing.
// target_frozen_time; by the time it returns the work is done, so a Retrieve right after (or
// any call) sees it `ready` at the new frozen_time, and the events are Stripe's in Stripe's
// order: .advancing (with the request), what the clock's objects did, then .ready (no
// request). The Stripe CLI's fixtures create and advance without polling.
//
// Example:
//   auto clock = engine.test_clocks().Create(ParseParams<TestClockCreateParams>(
//       R"pb(frozen_time: 1767225600 name: "monthly renewal")pb"));
//   auto customer = engine.customers().Create(ParseParams<CustomerCreateParams>(
//       absl::StrCat("test_clock: '", clock->id(), "'")));
//   // ... a monthly subscription for the customer ...
//   engine.test_clocks().Advance(clock->id(), ParseParams<TestClockAdvanceParams>(
//       "frozen_time: 1769904000"));   // 2026-02-01: the subscription has renewed
//
// Errors (invalid_request_error, HTTP 400 unless stated; a refused call changes nothing):
//   - create: frozen_time missing (parameter_missing, frozen_time); name over
//     kTestClockNameMaxLength (name);
//   - advance: frozen_time missing (parameter_missing); not after the clock's frozen_time
//     (frozen_time); past the advance limit (frozen_time): two intervals of the shortest
//     subscription on the clock, or two years without one; the clock not ready;
//   - an unknown or deleted clock: resource_missing (404, param id); a customer created with
//     one: resource_missing (param test_clock); a fourth customer on a clock (test_clock).
// Events: test_helpers.test_clock.created, .advancing, .ready, .deleted.
// Thread safety: thread-safe.
#ifndef PAYSIM_ENGINE_TEST_CLOCKS_H_
#define PAYSIM_ENGINE_TEST_CLOCKS_H_

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/time/time.h"
#include "engine/list.h"
#include "engine/request_options.h"
#include "proto/common.obj.h"
#include "proto/test_clock.obj.h"
#include "proto/test_clock_params.pb.h"

namespace paysim {
namespace internal {
class World;
}  // namespace internal

// Stripe deletes a test clock 30 days after its creation (deletes_after).
// UNCERTAIN: paysim shows deletes_after but does not delete the clock when it comes.
inline constexpr absl::Duration kTestClockLifetime = absl::Hours(24 * 30);
// Stripe's limit on a test clock's name.
inline constexpr int kTestClockNameMaxLength = 300;
// Stripe's limit of customers per test clock.
inline constexpr int kTestClockMaxCustomers = 3;

class TestClockService {
 public:
  explicit TestClockService(internal::World* world) : world_(world) {}

  // Create()
  //
  // frozen_time (required), name. Event test_helpers.test_clock.created.
  absl::StatusOr<TestClock> Create(const TestClockCreateParams& params,
                                   const RequestOptions& options = {});

  absl::StatusOr<TestClock> Retrieve(absl::string_view id, const RequestOptions& options = {});

  // Advance()
  //
  // Moves the clock to params.frozen_time, firing its objects' timers on the way (see the
  // file comment for what is returned). Events .advancing, then the objects' own, then .ready.
  absl::StatusOr<TestClock> Advance(absl::string_view id, const TestClockAdvanceParams& params,
                                    const RequestOptions& options = {});

  // Delete()
  //
  // Deletes the clock and, as Stripe does, what is attached to it: its customers (their
  // subscriptions canceled first; customer.subscription.deleted, customer.deleted) and the
  // clock's pending timers. Event test_helpers.test_clock.deleted.
  absl::StatusOr<DeletedObject> Delete(absl::string_view id, const RequestOptions& options = {});

  // Newest first.
  absl::StatusOr<ListResult<TestClock>> List(const TestClockListParams& params,
                                             const RequestOptions& options = {});

 private:
  internal::World* world_;
};

}  // namespace paysim

#endif  // PAYSIM_ENGINE_TEST_CLOCKS_H_
