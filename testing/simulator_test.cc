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

TEST(SimulatorTest, TwentyThousandStepsOverSeveralSeedsHoldEveryInvariant) {
  int64_t steps = 0;
  int64_t snapshots = 0;
  for (uint64_t seed : {1, 2, 3, 4}) {
    SimulatorOptions options;
    options.seed = seed;
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
    steps += result.steps;
    snapshots += result.snapshots;
  }
  EXPECT_EQ(steps, 20000);
  EXPECT_GT(snapshots, 0);
}

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
