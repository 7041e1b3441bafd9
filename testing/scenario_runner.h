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
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/time/time.h"
#include "proto/scenario.pb.h"

namespace paysim {
namespace testing {

// One step as it ran, as data (for pictures of a scenario: cli/timeline_svg.h).
struct ScenarioStepRecord {
  int number = 0;      // 1, 2, ... in file order
  std::string name;    // the step's name; "" if it has none
  std::string action;  // as the timeline prints it: "POST /v1/charges amount=999 ...", "advance
                       // the clock by 168h", "the customer completes 3D Secure for pi_..."
  bool advance = false;  // a clock advance (no request, no response)
  absl::Time before;     // the simulated time when the step began
  absl::Time after;      // ... and when it ended (later than `before` only for an advance)
  int status = 0;        // the HTTP status of the response; 0 for an advance
  std::string response;  // the response's JSON text; "" for an advance
  // The events emitted during the step, in order, each as Stripe's JSON (an event's `created`
  // is when it happened: a clock advance fires timers at their own due times).
  std::vector<std::string> events;
};

struct ScenarioOutput {
  // A readable timeline (simulated time, request, status, events). nullptr: none.
  std::ostream* timeline = nullptr;
  // One JSON object per line for every step (request, status, response, events). nullptr: none.
  std::ostream* json_lines = nullptr;
  // Every step that ran, appended in order (also the failing one). nullptr: none.
  std::vector<ScenarioStepRecord>* steps = nullptr;
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
