// simulate: runs the randomized simulator (testing/simulator.h) and prints its figures.
//
//   ./bazelw run -c opt //bench:simulate -- --seed=S --steps=10000000
//   ./bazelw run //bench:simulate -- --seed=S --steps=N --first_step=K --trace   # replay a step
//
// Flags: --seed (default 1), --steps (alias --ops; default 100000), --epoch_steps (20000),
// --first_step (0), --snapshot_rate (1/3000), --threads (1: runs seeds seed..seed+threads-1 in
// parallel, steps split between them), --trace (every step on stdout). Prints steps/s and the
// violations; exits 1 if there were any.
#include <chrono>
#include <cstdint>
#include <cstdlib>
#include <iostream>
#include <string>
#include <thread>
#include <vector>

#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "testing/simulator.h"

namespace {

bool Flag(const std::string& arg, const std::string& name, std::string* value) {
  const std::string prefix = "--" + name + "=";
  if (!absl::StartsWith(arg, prefix)) return false;
  *value = arg.substr(prefix.size());
  return true;
}

}  // namespace

int main(int argc, char** argv) {
  paysim::testing::SimulatorOptions options;
  options.steps = 100000;
  int threads = 1;
  bool trace = false;
  for (int i = 1; i < argc; ++i) {
    const std::string arg = argv[i];
    std::string value;
    bool ok = true;
    if (Flag(arg, "seed", &value)) {
      ok = absl::SimpleAtoi(value, &options.seed);
    } else if (Flag(arg, "steps", &value) || Flag(arg, "ops", &value)) {
      ok = absl::SimpleAtoi(value, &options.steps);
    } else if (Flag(arg, "epoch_steps", &value)) {
      ok = absl::SimpleAtoi(value, &options.epoch_steps);
    } else if (Flag(arg, "first_step", &value)) {
      ok = absl::SimpleAtoi(value, &options.first_step);
    } else if (Flag(arg, "snapshot_rate", &value)) {
      ok = absl::SimpleAtod(value, &options.snapshot_rate);
    } else if (Flag(arg, "threads", &value)) {
      ok = absl::SimpleAtoi(value, &threads) && threads >= 1;
    } else if (arg == "--trace") {
      trace = true;
    } else {
      ok = false;
    }
    if (!ok) {
      std::cerr << "simulate: bad flag " << arg << "\n";
      return 2;
    }
  }
  if (trace) options.trace = &std::cout;
  options.log = &std::cerr;

  const auto start = std::chrono::steady_clock::now();
  std::vector<paysim::testing::SimulatorResult> results(threads);
  std::vector<std::thread> workers;
  for (int t = 0; t < threads; ++t) {
    paysim::testing::SimulatorOptions mine = options;
    mine.seed = options.seed + t;
    mine.steps = options.steps / threads + (t < options.steps % threads ? 1 : 0);
    workers.emplace_back(
        [mine, t, &results] { results[t] = paysim::testing::RunSimulation(mine); });
  }
  for (std::thread& worker : workers) worker.join();
  const double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();

  paysim::testing::SimulatorResult total;
  for (const auto& r : results) {
    total.steps += r.steps;
    total.ok += r.ok;
    total.declined += r.declined;
    total.rejected += r.rejected;
    total.replays += r.replays;
    total.snapshots += r.snapshots;
    total.epochs += r.epochs;
    total.violations += r.violations;
    for (const auto& report : r.reports) total.reports.push_back(report);
    for (const auto& [op, n] : r.op_counts) total.op_counts[op] += n;
  }
  std::cout << "seed " << options.seed
            << (threads > 1 ? absl::StrCat("..", options.seed + threads - 1) : "") << ": "
            << total.steps << " steps in " << seconds
            << " s = " << static_cast<int64_t>(total.steps / seconds) << " steps/s (" << threads
            << " thread" << (threads > 1 ? "s" : "") << ")\n"
            << "  calls: " << total.ok << " ok, " << total.declined << " declined (402), "
            << total.rejected << " rejected; " << total.replays << " idempotent replays; "
            << total.snapshots << " snapshot/restore comparisons; " << total.epochs << " epochs\n";
  std::cout << "  operations:";
  for (const auto& [op, n] : total.op_counts) std::cout << " " << op << "=" << n;
  std::cout << "\n";
  std::cout << "violations: " << total.violations << "\n";
  for (const auto& report : total.reports) std::cout << "  " << report << "\n";
  return total.violations == 0 ? 0 : 1;
}
