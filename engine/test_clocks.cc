// Test clocks: create, retrieve, advance, delete, list.
#include "engine/test_clocks.h"

#include <string>
#include <utility>

#include "absl/strings/str_cat.h"
#include "engine/internal/interned.h"
#include "engine/internal/status_macros.h"
#include "engine/internal/test_clock_lifecycle.h"
#include "engine/internal/world.h"

namespace paysim {
namespace {

using internal::TestClockLifecycle;
using internal::World;

}  // namespace

absl::StatusOr<TestClock> TestClockService::Create(const TestClockCreateParams& params,
                                                   const RequestOptions& options) {
  World& w = *world_;
  return w.RunIdempotent<TestClock>(
      options, "POST /v1/test_helpers/test_clocks", params, [&]() -> absl::StatusOr<TestClock> {
        if (!params.has_frozen_time()) return ParameterMissing("frozen_time");
        TestClock draft;
        // Stripe: the first frozen_time may be in the past or the future.
        draft.set_frozen_time(params.frozen_time());
        if (params.has_name()) {
          if (static_cast<int>(params.name().size()) > kTestClockNameMaxLength) {
            // UNCERTAIN: Stripe's wording (its API reference gives the 300-character limit).
            return InvalidRequestError(
                "", "name",
                absl::StrCat("Invalid string: must be at most ", kTestClockNameMaxLength,
                             " characters"));
          }
          if (!params.name().empty()) draft.set_name(params.name());
        }
        return TestClockLifecycle::Create(w, std::move(draft));
      });
}

absl::StatusOr<TestClock> TestClockService::Retrieve(absl::string_view id,
                                                     const RequestOptions& options) {
  World& w = *world_;
  return w.Run(options, [&]() -> absl::StatusOr<TestClock> {
    PAYSIM_ASSIGN_OR_RETURN(const TestClock* clock, w.test_clocks().Get(id));
    return *clock;
  });
}

absl::StatusOr<TestClock> TestClockService::Advance(absl::string_view id,
                                                    const TestClockAdvanceParams& params,
                                                    const RequestOptions& options) {
  World& w = *world_;
  return w.RunIdempotent<TestClock>(
      options, [&] { return absl::StrCat("POST /v1/test_helpers/test_clocks/", id, "/advance"); },
      params, [&]() -> absl::StatusOr<TestClock> {
        PAYSIM_ASSIGN_OR_RETURN(const TestClock* clock, w.test_clocks().Get(id));
        if (clock->status() != "ready") {
          // UNCERTAIN: Stripe's wording; unreachable from outside (an advance completes
          // within its call), kept for the rule.
          return StateError("", "", "The test clock is not ready; wait for it to finish advancing.");
        }
        if (!params.has_frozen_time()) return ParameterMissing("frozen_time");
        if (params.frozen_time() <= clock->frozen_time()) {
          // UNCERTAIN: Stripe's wording (its API reference states the rule).
          return InvalidRequestError(
              "", "frozen_time",
              absl::StrCat("The frozen_time must be after the test clock's current frozen_time (",
                           clock->frozen_time(), ")."));
        }
        const int64_t limit = TestClockLifecycle::AdvanceLimit(w, *clock);
        if (params.frozen_time() > limit) {
          // UNCERTAIN: Stripe's wording (its API reference states the rule).
          return InvalidRequestError(
              "", "frozen_time",
              absl::StrCat("Cannot advance the test clock past ", limit,
                           ": at most two intervals of the shortest subscription on this test "
                           "clock (two years without a subscription) in one advance."));
        }
        return TestClockLifecycle::Advance(w, *clock, params.frozen_time());
      });
}

absl::StatusOr<DeletedObject> TestClockService::Delete(absl::string_view id,
                                                       const RequestOptions& options) {
  World& w = *world_;
  return w.Run(options, [&]() -> absl::StatusOr<DeletedObject> {
    PAYSIM_ASSIGN_OR_RETURN(const TestClock* clock, w.test_clocks().Get(id));
    DeletedObject deleted;
    deleted.set_id(clock->id());
    deleted.set_object(PAYSIM_INTERNED("test_helpers.test_clock"));
    deleted.set_deleted(true);
    TestClockLifecycle::Delete(w, *clock);
    return deleted;
  });
}

absl::StatusOr<ListResult<TestClock>> TestClockService::List(const TestClockListParams& params,
                                                             const RequestOptions& options) {
  World& w = *world_;
  return w.Run(options, [&]() -> absl::StatusOr<ListResult<TestClock>> {
    ListWindow window;
    PAYSIM_RETURN_IF_ERROR(MakeListWindow(params, &window));
    return w.test_clocks().List(window, "/v1/test_helpers/test_clocks",
                                [](const TestClock&) { return true; });
  });
}

}  // namespace paysim
