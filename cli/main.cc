// paysim: the command line.
//
//   paysim demo [--seed=N]          a built-in scenario, printed as a timeline
//   paysim run [--json] FILE...     run scenario files (proto/scenario.proto); exit 0 when
//                                   every expectation holds, 1 at the first that does not
//   paysim serve [--port=N] ...     Stripe's HTTP API on 127.0.0.1 until SIGINT/SIGTERM
#include <cstdint>
#include <iostream>
#include <string>
#include <vector>

#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "cli/demo.h"
#include "cli/serve.h"
#include "testing/scenario_runner.h"

namespace {

constexpr char kUsage[] =
    "usage: paysim <command> [options]\n"
    "\n"
    "commands:\n"
    "  demo [--seed=N]         run the built-in scenario on the simulated clock and print its\n"
    "                          timeline (charges, partial capture, refund, declines, funds\n"
    "                          available on day 2, a hold expiring on day 7)\n"
    "  run [--json] FILE...    run scenario files (.textproto, see proto/scenario.proto):\n"
    "                          print each timeline (--json: one JSON object per step and its\n"
    "                          events); exit 0 if every expectation holds, 1 at the first\n"
    "                          that does not\n"
    "  serve [--port=N] [--host=H] [--seed=N] [--api-version=V] [--clock=simulated|system]\n"
    "                          serve Stripe's HTTP API (default 127.0.0.1:12111; --port=0\n"
    "                          picks a free port) until SIGINT/SIGTERM; prints \"paysim\n"
    "                          listening on http://HOST:PORT\" when ready. The simulated\n"
    "                          clock (default) starts at 2026-01-01T00:00:00Z and moves\n"
    "                          with POST /v1/test_helpers/clock/advance (seconds=N or to=T);\n"
    "                          webhooks: /v1/webhook_endpoints. Keys: any sk_test_... secret\n"
    "                          key (e.g. sk_test_paysim); any pk_test_... publishable key\n"
    "                          (e.g. pk_test_paysim) on the routes Stripe.js calls (tokens,\n"
    "                          payment_methods, intent retrieve/confirm with client_secret)\n";

int Demo(const std::vector<std::string>& args) {
  uint64_t seed = 42;
  for (const std::string& arg : args) {
    if (absl::StartsWith(arg, "--seed=") && absl::SimpleAtoi(arg.substr(7), &seed)) continue;
    std::cerr << "paysim demo: unknown option " << arg << "\n" << kUsage;
    return 2;
  }
  return paysim::cli::RunDemo(seed, std::cout);
}

int Serve(const std::vector<std::string>& args) {
  absl::StatusOr<paysim::cli::ServeOptions> options = paysim::cli::ParseServeArgs(args);
  if (!options.ok()) {
    std::cerr << "paysim serve: " << options.status().message() << "\n" << kUsage;
    return 2;
  }
  return paysim::cli::RunServe(*options, std::cout, std::cerr);
}

int Run(const std::vector<std::string>& args) {
  bool json = false;
  std::vector<std::string> files;
  for (const std::string& arg : args) {
    if (arg == "--json") {
      json = true;
    } else if (absl::StartsWith(arg, "--")) {
      std::cerr << "paysim run: unknown option " << arg << "\n" << kUsage;
      return 2;
    } else {
      files.push_back(arg);
    }
  }
  if (files.empty()) {
    std::cerr << "paysim run: no scenario files given\n" << kUsage;
    return 2;
  }
  for (const std::string& file : files) {
    absl::StatusOr<paysim::Scenario> scenario = paysim::testing::LoadScenario(file);
    if (!scenario.ok()) {
      std::cerr << "paysim run: " << scenario.status().message() << "\n";
      return 1;
    }
    paysim::testing::ScenarioOutput output;
    (json ? output.json_lines : output.timeline) = &std::cout;
    absl::Status result = paysim::testing::RunScenario(*scenario, file, output);
    if (!result.ok()) {
      std::cerr << "FAILED " << result.message() << "\n";
      return 1;
    }
  }
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 2) {
    std::cerr << kUsage;
    return 2;
  }
  const std::string command = argv[1];
  const std::vector<std::string> args(argv + 2, argv + argc);
  if (command == "demo") return Demo(args);
  if (command == "run") return Run(args);
  if (command == "serve") return Serve(args);
  if (command == "help" || command == "--help" || command == "-h") {
    std::cout << kUsage;
    return 0;
  }
  std::cerr << "paysim: unknown command " << command << "\n" << kUsage;
  return 2;
}
