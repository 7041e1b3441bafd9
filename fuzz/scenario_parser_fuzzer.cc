// scenario_parser_fuzzer: scenario files (proto/scenario.proto, testing/scenario_runner.h) from
// arbitrary text; a parsed scenario of a few steps is also run.
//
// Checks: no crash, no sanitizer report; a refusal is kInvalidArgument; a run answers OK or
// kFailedPrecondition / kInvalidArgument (a failed expectation or a bad step), never crashes.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>

#include "absl/status/status.h"
#include "absl/strings/string_view.h"
#include "proto/scenario.pb.h"
#include "testing/scenario_runner.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size > 8192) return 0;
  const absl::string_view text(reinterpret_cast<const char*>(data), size);
  absl::StatusOr<paysim::Scenario> scenario = paysim::testing::ParseScenario(text);
  if (!scenario.ok()) {
    if (scenario.status().code() != absl::StatusCode::kInvalidArgument) std::abort();
    return 0;
  }
  // Running costs an engine per input: only small scenarios.
  if (scenario->step_size() <= 8) {
    absl::Status run = paysim::testing::RunScenario(*scenario, "fuzz");
    (void)run;  // any status; the point is that running never crashes
  }
  return 0;
}
