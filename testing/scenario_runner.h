// scenario_runner.h: runs scenario files (proto/scenario.proto) against a fresh engine on a
// simulated clock, through the wire API, and checks their expectations.
//
// Example:
//   absl::StatusOr<paysim::Scenario> scenario = paysim::testing::LoadScenario(path);
//   paysim::testing::ScenarioOutput output{.timeline = &std::cout};
//   absl::Status result = paysim::testing::RunScenario(*scenario, path, output);
//   // OK when every expectation held; otherwise the message names the file, the step, the
//   // path, what was expected and what came.
//
// Deterministic: the same scenario gives the same responses, events and timeline, byte for
// byte. Thread safety: each call runs its own engine; calls may run in parallel.
#ifndef PAYSIM_TESTING_SCENARIO_RUNNER_H_
#define PAYSIM_TESTING_SCENARIO_RUNNER_H_

#include <ostream>
#include <string>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "proto/scenario.pb.h"

namespace paysim {
namespace testing {

struct ScenarioOutput {
  // A readable timeline (simulated time, request, status, events). nullptr: none.
  std::ostream* timeline = nullptr;
  // One JSON object per line for every step (request, status, response, events). nullptr: none.
  std::ostream* json_lines = nullptr;
};

// Reads a scenario from a `.textproto` file. kNotFound / kInvalidArgument with the parser's
// line and column on failure.
absl::StatusOr<Scenario> LoadScenario(const std::string& path);

// Parses a scenario from text format.
absl::StatusOr<Scenario> ParseScenario(absl::string_view text);

// Runs `scenario` (`file` names it in messages). OK if every expectation holds; the first
// failure is kFailedPrecondition "FILE: step N (NAME): WHAT: expected X, got Y".
absl::Status RunScenario(const Scenario& scenario, absl::string_view file,
                         const ScenarioOutput& output = {});

}  // namespace testing
}  // namespace paysim

#endif  // PAYSIM_TESTING_SCENARIO_RUNNER_H_
