// paysim: the command line.
//
//   paysim demo [--seed=N]     a built-in scenario, printed as a timeline
#include <cstdint>
#include <iostream>
#include <string>

#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "cli/demo.h"

namespace {

constexpr char kUsage[] =
    "usage: paysim <command> [options]\n"
    "\n"
    "commands:\n"
    "  demo [--seed=N]   run the built-in scenario on the simulated clock and print its\n"
    "                    timeline (charges, partial capture, refund, declines, funds\n"
    "                    available on day 2, a hold expiring on day 7)\n";

}  // namespace

int main(int argc, char** argv) {
  if (argc < 2) {
    std::cerr << kUsage;
    return 2;
  }
  const std::string command = argv[1];
  uint64_t seed = 42;
  for (int i = 2; i < argc; ++i) {
    const std::string arg = argv[i];
    if (absl::StartsWith(arg, "--seed=")) {
      if (!absl::SimpleAtoi(arg.substr(7), &seed)) {
        std::cerr << "paysim: --seed takes a non-negative integer\n";
        return 2;
      }
    } else {
      std::cerr << "paysim: unknown option " << arg << "\n" << kUsage;
      return 2;
    }
  }
  if (command == "demo") return paysim::cli::RunDemo(seed, std::cout);
  if (command == "help" || command == "--help" || command == "-h") {
    std::cout << kUsage;
    return 0;
  }
  std::cerr << "paysim: unknown command " << command << "\n" << kUsage;
  return 2;
}
