// The randomized simulator: a short run over several seeds finds no violation, and a run is
// reproducible from its seed.
#include "testing/simulator.h"

#include <sstream>

#include "absl/strings/str_join.h"
#include "testing/paysim_testing.h"

namespace paysim {
namespace testing {
namespace {

using ::testing::IsEmpty;

// Four seeds of 5,000 steps each (20,000 in all), one case per seed so that the test's shards
// (BUILD.bazel) run them side by side.
class SimulatorSeedTest : public ::testing::TestWithParam<uint64_t> {};

TEST_P(SimulatorSeedTest, FiveThousandStepsHoldEveryInvariant) {
  SimulatorOptions options;
  options.seed = GetParam();
  options.steps = 5000;
  options.epoch_steps = 2500;
  options.snapshot_rate = 1.0 / 400;  // several side-by-side runs per seed
  SimulatorResult result = RunSimulation(options);
  EXPECT_EQ(result.violations, 0) << absl::StrJoin(result.reports, "\n");
  EXPECT_THAT(result.reports, IsEmpty());
  EXPECT_EQ(result.steps, 5000);
  EXPECT_GT(result.ok, 0);
  EXPECT_GT(result.declined, 0);
  EXPECT_GT(result.rejected, 0);
  EXPECT_GT(result.replays, 0);
  EXPECT_GT(result.snapshots, 0);
}

INSTANTIATE_TEST_SUITE_P(Seeds, SimulatorSeedTest, ::testing::Values(1, 2, 3, 4));

TEST(SimulatorTest, TheSameSeedReplaysTheSameRun) {
  std::ostringstream first_trace;
  std::ostringstream second_trace;
  SimulatorOptions options;
  options.seed = 99;
  options.steps = 1500;
  options.epoch_steps = 1000;
  options.trace = &first_trace;
  SimulatorResult first = RunSimulation(options);
  options.trace = &second_trace;
  SimulatorResult second = RunSimulation(options);
  EXPECT_EQ(first_trace.str(), second_trace.str());
  EXPECT_EQ(first.op_counts, second.op_counts);
  EXPECT_EQ(first.ok, second.ok);
}

TEST(SimulatorTest, FirstStepSkipsEarlierEpochs) {
  std::ostringstream full_trace;
  std::ostringstream skipped_trace;
  SimulatorOptions options;
  options.seed = 5;
  options.steps = 600;
  options.epoch_steps = 300;
  options.trace = &full_trace;
  RunSimulation(options);
  options.first_step = 450;  // in the second epoch: the first is skipped
  options.trace = &skipped_trace;
  SimulatorResult skipped = RunSimulation(options);
  EXPECT_EQ(skipped.epochs, 1);
  EXPECT_EQ(skipped.steps, 300);
  // The second epoch is the same run in both.
  const std::string& full = full_trace.str();
  EXPECT_EQ(full.substr(full.find("step 300:")), skipped_trace.str());
}

TEST(SimulatorTest, AuditOfAFreshEngineIsClean) {
  FakeClock clock;
  Engine engine({.clock = &clock, .seed = 1});
  EXPECT_THAT(AuditEngine(engine), IsOk());
}

}  // namespace
}  // namespace testing
}  // namespace paysim
