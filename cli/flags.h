// flags.h: paysim's flags (Abseil flags) and its commands (which flags each takes, and help).
//
//   paysim demo [--seed N]
//   paysim run [--json] [--svg OUT.svg] FILE...
//   paysim serve [--port N] [--host H] [--seed N] [--api-version V] [--clock simulated|system]
//   paysim diagram [RESOURCE]
//   paysim version
//
// Values are checked as they are parsed (command_line.h): a port outside 0..65535, a clock
// other than simulated or system, a seed that is not a non-negative integer are refused with
// the flag's name. Read them with absl::GetFlag(FLAGS_port) after ParseCommandArgs.
#ifndef PAYSIM_CLI_FLAGS_H_
#define PAYSIM_CLI_FLAGS_H_

#include <cstdint>
#include <string>
#include <vector>

#include "absl/flags/declare.h"
#include "absl/strings/string_view.h"
#include "absl/time/time.h"
#include "absl/types/optional.h"
#include "cli/command_line.h"

namespace paysim {
namespace cli {

// A TCP port: 0 to 65535 (0: any free port).
struct PortFlag {
  int value = 0;
};
bool AbslParseFlag(absl::string_view text, PortFlag* port, std::string* error);
std::string AbslUnparseFlag(const PortFlag& port);

// Which clock `paysim serve` runs on.
enum class ClockFlag { kSimulated, kSystem };
bool AbslParseFlag(absl::string_view text, ClockFlag* clock, std::string* error);
std::string AbslUnparseFlag(ClockFlag clock);

// The commands, in the order `paysim --help` lists them.
extern const Command kDemoCommand;
extern const Command kRunCommand;
extern const Command kServeCommand;
extern const Command kDiagramCommand;
extern const Command kVersionCommand;
const std::vector<const Command*>& Commands();

// `paysim --help`: every command's usage line and the first sentence of its summary.
std::string MainHelp();

}  // namespace cli
}  // namespace paysim

ABSL_DECLARE_FLAG(absl::optional<uint64_t>, seed);  // unset: the command's own default
ABSL_DECLARE_FLAG(bool, json);
ABSL_DECLARE_FLAG(std::string, svg);
ABSL_DECLARE_FLAG(paysim::cli::PortFlag, port);
ABSL_DECLARE_FLAG(std::string, host);
ABSL_DECLARE_FLAG(std::string, api_version);
ABSL_DECLARE_FLAG(paysim::cli::ClockFlag, clock);
ABSL_DECLARE_FLAG(absl::Duration, event_retention);

#endif  // PAYSIM_CLI_FLAGS_H_
