// simulator.h: a seeded, randomized simulator (in the style of TigerBeetle's VOPR) that drives
// an Engine through random sequences of every operation, valid and invalid, and checks
// paysim's invariants after every step.
//
// Each step is one operation: tokens, customers, payment methods (attach, detach), charges
// (create with every test card alias, capture, update), refunds, PaymentIntents (create,
// confirm, capture, cancel, 3D Secure helpers), SetupIntents, balance, events, lists with
// cursors, idempotent retries, Checkout customer actions, and clock advances that land on timer
// deadlines or move by the engine's limits (kAuthorizationWindow, kFundsAvailableDelay,
// kTokenLifetime, kIdempotencyKeyLifetime), each minus one second, exactly, and plus one
// second. After each step:
//   - every touched charge: amount_captured + released + still held = amount (captured +
//     released = authorized); refunds of captured funds <= amount_captured; amount_refunded is
//     the sum of its refunds; no hold outlives its capture_before; balance transactions match;
//   - the balance per currency (available, pending) equals the sum of the balance
//     transactions' nets (available once available_on has passed);
//   - no object leaves a terminal state (failed charge, captured or released hold, succeeded
//     or canceled intent, detached PaymentMethod, used or expired token, deleted customer);
//   - the newest event of each object touched in the step carries the object's current state;
//   - an idempotent replay answers the first response byte for byte and changes nothing;
//   - a rejected call (non-OK, other than a 402 decline, which Stripe keeps) changed nothing:
//     Engine::StateSummary() and the target object are as before;
//   - every error carries a Stripe error (never a bare 500), and a call built to be invalid is
//     refused;
//   - at random points the engine is snapshotted, restored into a second engine, and both run
//     the next steps side by side: every response must be identical.
// Checks cost O(objects touched by the step), so long runs stay fast. Worlds are bounded: every
// `epoch_steps` steps a fresh engine starts (with a seed derived from the run's seed and the
// epoch number), so memory stays flat over 10,000,000 steps.
//
// A violation names the seed and the step; the same options replay it exactly (`first_step`
// skips the epochs before it).
//
// Example:
//   paysim::testing::SimulatorOptions options{.seed = 7, .steps = 20000};
//   paysim::testing::SimulatorResult result = paysim::testing::RunSimulation(options);
//   // result.violations == 0; result.reports has the first few otherwise.
//
// Layout: this header is the simulator's whole public API. Its parts live in testing/simulator/
// (namespace simulator_internal, private to the //testing:simulator target): simulation.h (a
// run's state and the step frame, CheckedCall), registry.h and resources.cc (the resources and
// their operations), one <resource>_operations.cc per resource, model.h, invariants.h (the
// checks after each step, and where each invariant lives), lifecycles.h, side_by_side.h;
// AuditEngine, run after each epoch, is public apart (testing/audit.h, //testing:audit). The
// simulator reads the engine's own limits (kTokenLifetime, kAuthorizationWindow,
// kFundsAvailableDelay, kIdempotencyKeyLifetime, kCheckoutPrefillWindow, CardFee, ...), never
// copies of them.
//
// Extending: adding a resource is adding one file and one line.
//   1. testing/simulator/<resource>_operations.cc defines Register<Resource>Operations
//      (registry.h), which registers:
//        - its operations: a name, a weight, a function that builds params from the random
//          choices and the model's pools (Simulation::PickId, TestCardAlias, ...) and sends
//          its one call through Simulation::CheckedCall;
//        - a retriever per id prefix, so the step's checks can re-read its objects (events must
//          carry their current state; a refusal must not change them);
//        - an event observer, if its events teach the model something (new ids for a pool;
//          then ObserveObject(object) to check the object);
//        - its terminal states (AddLifecycle: StatusIs("..."), FlagSet("..."),
//          GoneAfterEvent(...)), which the "no state regresses" invariant reads.
//      Pools are named (model.h): a resource may keep its own.
//   2. testing/simulator/resources.cc lists Register<Resource>Operations in
//      PAYSIM_SIMULATED_RESOURCES (testing/BUILD.bazel compiles every file of the folder).
// Consistency rules of the resource's own fields, beyond its terminal states, may be added to
// object_invariants.cc (optional). Snapshots need nothing: a store listed in World::Stores()
// (engine/world.cc) is saved, and the side-by-side runs cover it.
//
// Thread safety: RunSimulation is self-contained; separate calls may run in parallel.
#ifndef PAYSIM_TESTING_SIMULATOR_H_
#define PAYSIM_TESTING_SIMULATOR_H_

#include <cstdint>
#include <map>
#include <ostream>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "engine/engine.h"
#include "testing/audit.h"

namespace paysim {
namespace testing {

struct SimulatorOptions {
  // Seeds every choice. The same options give the same run, step for step.
  uint64_t seed = 1;
  // Steps to run (operations, including clock advances and replays).
  int64_t steps = 10000;
  // A fresh engine every this many steps (bounds memory; each epoch has its own derived seed).
  int64_t epoch_steps = 20000;
  // Skips the epochs that end before this step (to replay a violation quickly).
  int64_t first_step = 0;
  // Chance per step of starting a snapshot/restore comparison, and how many steps the
  // restored engine then runs beside the original (at most).
  double snapshot_rate = 1.0 / 3000;
  int64_t side_by_side_steps = 200;
  // Runs AuditEngine (O(world)) at the end of every epoch.
  bool audit_epochs = true;
  // Violation reports kept in SimulatorResult::reports.
  int max_reports = 20;
  // If set: every step (operation, outcome) is written here.
  std::ostream* trace = nullptr;
  // If set: every violation is written here as it happens.
  std::ostream* log = nullptr;
};

struct SimulatorResult {
  int64_t steps = 0;      // steps run
  int64_t ok = 0;         // calls answered OK
  int64_t declined = 0;   // 402 answers (card declines)
  int64_t rejected = 0;   // other errors
  int64_t replays = 0;    // idempotent replays checked
  int64_t snapshots = 0;  // snapshot/restore comparisons started
  int64_t epochs = 0;
  int64_t violations = 0;
  std::vector<std::string> reports;          // "seed S step N (epoch E): what"
  std::map<std::string, int64_t> op_counts;  // steps per operation name
};

// Runs the simulation described by `options`.
SimulatorResult RunSimulation(const SimulatorOptions& options);

}  // namespace testing
}  // namespace paysim

#endif  // PAYSIM_TESTING_SIMULATOR_H_
