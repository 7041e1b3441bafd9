// The randomized simulator's run: epochs of steps, each step one drawn operation and the checks
// after it (the parts live in testing/simulator/, see simulator.h).
#include "testing/simulator.h"

#include <algorithm>
#include <random>

#include "absl/strings/str_cat.h"
#include "testing/simulator/invariants.h"
#include "testing/simulator/registry.h"
#include "testing/simulator/simulation.h"

namespace paysim {
namespace testing {
namespace {

using simulator_internal::CheckAfterStep;
using simulator_internal::Operation;
using simulator_internal::ResourceRegistry;
using simulator_internal::Simulation;

// One step: draw an operation, run it, check what happened; maybe end or start a side-by-side
// run of a restored snapshot.
void RunStep(Simulation& sim, int64_t step) {
  sim.StartStep(step);
  const ResourceRegistry& resources = sim.resources();
  const Operation& operation =
      resources.OperationAt(static_cast<int>(sim.Rand(resources.total_weight())));
  ++sim.result().op_counts[operation.name];
  if (sim.trace() != nullptr) *sim.trace() << "step " << step << ": " << operation.name << "\n";
  operation.run(sim);
  CheckAfterStep(sim);

  if (sim.side_by_side() && step >= sim.side_by_side_until()) sim.EndSideBySide();
  if (!sim.side_by_side() && sim.options().snapshot_rate > 0 &&
      std::uniform_real_distribution<double>(0, 1)(sim.rng()) < sim.options().snapshot_rate) {
    sim.StartSideBySide();
  }
}

// Steps [first, last) of epoch `epoch`, on a fresh engine; then the audit.
void RunEpoch(Simulation& sim, int64_t epoch, int64_t first, int64_t last) {
  sim.StartEpoch(epoch);
  ++sim.result().epochs;
  for (int64_t step = first; step < last; ++step) RunStep(sim, step);
  if (sim.side_by_side()) sim.EndSideBySide();
  if (sim.options().audit_epochs) {
    absl::Status audit = AuditEngine(sim.engine());
    if (!audit.ok()) sim.ReportViolation(absl::StrCat("audit: ", audit.message()));
  }
}

}  // namespace

SimulatorResult RunSimulation(const SimulatorOptions& options) {
  SimulatorResult result;
  Simulation sim(options, &result, simulator_internal::SimulatedResources());
  const int64_t epoch_steps = std::max<int64_t>(1, options.epoch_steps);
  for (int64_t start = 0, epoch = 0; start < options.steps; start += epoch_steps, ++epoch) {
    const int64_t end = std::min(options.steps, start + epoch_steps);
    if (end <= options.first_step) continue;
    RunEpoch(sim, epoch, start, end);
  }
  return result;
}

}  // namespace testing
}  // namespace paysim
