// A scenario file as a test: `scenario_test FILE` runs FILE and passes when every
// expectation holds (see proto/scenario.proto). Each scenario in this folder is one test target
// running this binary (scenario.bzl).
#include <iostream>
#include <string>

#include "gtest/gtest.h"
#include "testing/scenario_runner.h"

namespace {

std::string* scenario_path = nullptr;

TEST(Scenario, EveryExpectationHolds) {
  ASSERT_NE(scenario_path, nullptr) << "usage: scenario_test FILE.textproto";
  absl::StatusOr<paysim::Scenario> scenario = paysim::testing::LoadScenario(*scenario_path);
  ASSERT_TRUE(scenario.ok()) << scenario.status();
  paysim::testing::ScenarioOutput output;
  output.timeline = &std::cout;
  absl::Status result = paysim::testing::RunScenario(*scenario, *scenario_path, output);
  EXPECT_TRUE(result.ok()) << result.message();
}

}  // namespace

int main(int argc, char** argv) {
  ::testing::InitGoogleTest(&argc, argv);
  if (argc > 1) scenario_path = new std::string(argv[1]);
  return RUN_ALL_TESTS();
}
