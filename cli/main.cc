// paysim: the command line (cli/flags.h lists the commands and their flags).
//
//   paysim demo [--seed N]                    a built-in scenario, printed as a timeline
//   paysim run [--json] [--svg OUT] FILE...   run scenario files (proto/scenario.proto); exit 0
//                                             when every expectation holds, 1 at the first that
//                                             does not
//   paysim serve [--port N] ...               Stripe's HTTP API on 127.0.0.1 until SIGINT/SIGTERM
//   paysim diagram [RESOURCE]                 a lifecycle as Graphviz dot
//   paysim version
//
// Exit status 2 for a usage error (unknown command or flag, bad value), with a one-line message
// on stderr naming it.
#include <fstream>
#include <iostream>
#include <string>
#include <vector>

#include "absl/flags/flag.h"
#include "absl/strings/str_cat.h"
#include "absl/synchronization/mutex.h"
#include "cli/command_line.h"
#include "cli/demo.h"
#include "cli/diagram.h"
#include "cli/flags.h"
#include "cli/huge_page_heap.h"
#include "cli/serve.h"
#include "cli/timeline_svg.h"
#include "cli/version.h"
#include "testing/scenario_runner.h"

namespace paysim {
namespace cli {
namespace {

constexpr int kUsageError = 2;

int UsageError(const Command& command, absl::string_view message) {
  std::cerr << "paysim " << command.name << ": " << message << "\n";
  return kUsageError;
}

// Parses `args` for `command`. Returns -1 to go on, or the exit status (help shown: 0).
int Parse(const Command& command, const std::vector<std::string>& args, ParsedArgs* parsed) {
  absl::StatusOr<ParsedArgs> result = ParseCommandArgs(command, args);
  if (!result.ok()) return UsageError(command, result.status().message());
  if (result->help) {
    std::cout << CommandHelp(command);
    return 0;
  }
  *parsed = *std::move(result);
  return -1;
}

int Demo(const std::vector<std::string>& args) {
  ParsedArgs parsed;
  if (int rc = Parse(kDemoCommand, args, &parsed); rc >= 0) return rc;
  if (!parsed.positional.empty()) {
    return UsageError(kDemoCommand, absl::StrCat("unexpected argument ", parsed.positional[0]));
  }
  return RunDemo(absl::GetFlag(FLAGS_seed).value_or(42), std::cout);
}

int Run(const std::vector<std::string>& args) {
  ParsedArgs parsed;
  if (int rc = Parse(kRunCommand, args, &parsed); rc >= 0) return rc;
  const std::vector<std::string>& files = parsed.positional;
  if (files.empty()) return UsageError(kRunCommand, "no scenario files given");
  const std::string svg = absl::GetFlag(FLAGS_svg);
  if (!svg.empty() && files.size() != 1) {
    return UsageError(kRunCommand, "--svg draws one scenario: give one FILE");
  }
  const bool json = absl::GetFlag(FLAGS_json);
  for (const std::string& file : files) {
    absl::StatusOr<paysim::Scenario> scenario = testing::LoadScenario(file);
    if (!scenario.ok()) {
      std::cerr << "paysim run: " << scenario.status().message() << "\n";
      return 1;
    }
    testing::ScenarioOutput output;
    (json ? output.json_lines : output.timeline) = &std::cout;
    std::vector<testing::ScenarioStepRecord> steps;
    if (!svg.empty()) output.steps = &steps;
    absl::Status result = testing::RunScenario(*scenario, file, output);
    // The picture is drawn even when an expectation failed: it shows the steps up to there.
    if (!svg.empty()) {
      std::ofstream out(svg, std::ios::binary | std::ios::trunc);
      out << DrawTimeline(scenario->name().empty() ? file : scenario->name(), steps).text;
      if (!out.good()) {
        std::cerr << "paysim run: cannot write " << svg << "\n";
        return 1;
      }
    }
    if (!result.ok()) {
      std::cerr << "FAILED " << result.message() << "\n";
      return 1;
    }
  }
  return 0;
}

int Serve(const std::vector<std::string>& args) {
  absl::StatusOr<ServeOptions> options = ParseServeArgs(args);
  if (absl::IsCancelled(options.status())) {
    std::cout << CommandHelp(kServeCommand);
    return 0;
  }
  if (!options.ok()) return UsageError(kServeCommand, options.status().message());
  return RunServe(*options, std::cout, std::cerr);
}

int Diagram(const std::vector<std::string>& args) {
  ParsedArgs parsed;
  if (int rc = Parse(kDiagramCommand, args, &parsed); rc >= 0) return rc;
  if (parsed.positional.size() > 1) {
    return UsageError(kDiagramCommand, "give one RESOURCE (or none to list them)");
  }
  if (parsed.positional.empty()) {
    std::cout << LifecycleList();
    return 0;
  }
  absl::StatusOr<std::string> dot = LifecycleDot(parsed.positional[0]);
  if (!dot.ok()) return UsageError(kDiagramCommand, dot.status().message());
  std::cout << *dot;
  return 0;
}

int Version(const std::vector<std::string>& args) {
  ParsedArgs parsed;
  if (int rc = Parse(kVersionCommand, args, &parsed); rc >= 0) return rc;
  if (!parsed.positional.empty()) {
    return UsageError(kVersionCommand, absl::StrCat("unexpected argument ", parsed.positional[0]));
  }
  std::cout << VersionText();
  return 0;
}

int Main(int argc, char** argv) {
  // Debian's Abseil is built as a debug build, so every absl::Mutex acquisition would update a
  // process-wide lock graph (under one global spinlock) to detect lock-order cycles: half of
  // the cost of an engine call's locking, and a point every connection's thread meets. The
  // tests keep the check; the program does not need it.
  absl::SetMutexDeadlockDetectionMode(absl::OnDeadlockCycle::kIgnore);
  if (argc < 2) {
    std::cerr << MainHelp();
    return kUsageError;
  }
  const std::string command = argv[1];
  std::vector<std::string> args(argv + 2, argv + argc);
  if (command == "demo") return Demo(args);
  if (command == "run") return Run(args);
  if (command == "serve") {
    ReexecWithHugePageHeap(argv);  // a server's heap only grows: see huge_page_heap.h
    return Serve(args);
  }
  if (command == "diagram") return Diagram(args);
  if (command == "version" || command == "--version") return Version(args);
  if (command == "help" || command == "--help" || command == "-h") {
    if (args.empty()) {
      std::cout << MainHelp();
      return 0;
    }
    for (const Command* c : Commands()) {  // `paysim help serve`
      if (c->name == args[0]) {
        std::cout << CommandHelp(*c);
        return 0;
      }
    }
    std::cerr << "paysim: unknown command " << args[0] << " (see paysim --help)\n";
    return kUsageError;
  }
  std::cerr << "paysim: unknown command " << command << " (see paysim --help)\n";
  return kUsageError;
}

}  // namespace
}  // namespace cli
}  // namespace paysim

int main(int argc, char** argv) { return paysim::cli::Main(argc, argv); }
