// call_invariants.h: the rules every call the simulator makes must obey: an error carries a
// Stripe error, the step's expectation is met, a refusal changes nothing, an idempotent replay
// answers the first response byte for byte and changes nothing (internal to the simulator).
#ifndef PAYSIM_TESTING_SIMULATOR_CALL_INVARIANTS_H_
#define PAYSIM_TESTING_SIMULATOR_CALL_INVARIANTS_H_

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "absl/status/status.h"
#include "google/protobuf/message.h"
#include "testing/simulator/model.h"

namespace paysim {
namespace testing {
namespace simulator_internal {

class Simulation;

// Engine::StateSummary(): what a refused call may not change.
using StateSummary = std::vector<std::pair<std::string, int64_t>>;

// How a call was answered.
enum class Outcome {
  kOk,
  kDeclined,  // 402: Stripe keeps what the call made (a failed charge), so it may change state
  kRejected,  // any other error: nothing may change
};

// What a step expects of its call (the operation decides it from what it built).
enum class Expectation { kAny, kOk, kRefused };

// The outcome of a call answered `status`, counted in the result. Reports an error without a
// Stripe error, or a 500.
Outcome CountOutcome(Simulation& sim, const absl::Status& status);

// Reports a call whose outcome is not what the step expected.
void CheckExpectation(Simulation& sim, Outcome outcome, const absl::Status& status);

// Reports a refused call (answered `status`) that changed the engine's state summary (from
// `before`) or its target object (`target`, read before the call as `target_before`; both may
// be empty / nullptr).
void CheckRefusalChangedNothing(Simulation& sim, const StateSummary& before,
                                const std::string& target,
                                const google::protobuf::Message* target_before,
                                const absl::Status& status);

// CheckReplay()
//
// A request sent again with its idempotency key, answered `answer` (`replayed`: the engine said
// so), with the same params as the first time (`same_params`) or other ones, while the engine
// still remembers the key: the same params must answer the first answer byte for byte and be
// marked replayed; other params must be an idempotency_error. Either way the state summary
// must be as `before`.
void CheckReplay(Simulation& sim, const IdempotentRequest& request, bool same_params,
                 const std::string& answer, bool replayed, const StateSummary& before);

}  // namespace simulator_internal
}  // namespace testing
}  // namespace paysim

#endif  // PAYSIM_TESTING_SIMULATOR_CALL_INVARIANTS_H_
