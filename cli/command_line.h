// command_line.h: one command's arguments parsed onto Abseil flags (absl/flags), and its help.
//
// The flags are ordinary ABSL_FLAGs (cli/flags.h); a Command names the ones it takes. Abseil
// parses and checks each value (absl::CommandLineFlag::ParseFrom: the flag's type and its
// AbslParseFlag); this file decides which flags a command accepts and how they are spelled,
// so that `paysim demo --port=1` is refused though `port` is a flag of the binary.
//
// Spellings: `--name=value` and `--name value` (one dash works too); a boolean flag alone
// (`--json`) is true, `--nojson` false, `--json=false` too, and never takes the next argument;
// `-` and `_` in names are the same (`--api-version`, `--api_version`); `--` ends the flags.
// Arguments that are not flags are returned in order. `--help`, `-h` and `-help` ask for help.
//
// Example:
//   absl::StatusOr<ParsedArgs> parsed = ParseCommandArgs(kServe, args);
//   if (!parsed.ok()) { std::cerr << "paysim serve: " << parsed.status().message() << "\n"; }
//   else if (parsed->help) { std::cout << CommandHelp(kServe); }
//   else { int port = absl::GetFlag(FLAGS_port).value; ... }
//
// Thread safety: flags are process-wide; parse on one thread, before reading them elsewhere.
#ifndef PAYSIM_CLI_COMMAND_LINE_H_
#define PAYSIM_CLI_COMMAND_LINE_H_

#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"

namespace paysim {
namespace cli {

// A flag a command takes.
struct CommandFlag {
  absl::string_view name;  // the ABSL_FLAG's name: "port", "api_version"
  // What --help shows as the default; empty: the flag's own default value.
  absl::string_view shown_default = {};
};

struct Command {
  absl::string_view name;       // "serve"
  absl::string_view arguments;  // after the flags in the usage line: "FILE...", ""
  absl::string_view summary;    // what it does: a paragraph, lines of up to 78 characters
  std::vector<CommandFlag> flags;
};

struct ParsedArgs {
  std::vector<std::string> positional;  // the arguments that are not flags, in order
  bool help = false;                    // --help was given: show CommandHelp, run nothing
};

// ParseCommandArgs()
//
// Resets every flag of `command` to its default, then sets the ones given in `args` (the
// arguments after the command's name). kInvalidArgument with a one-line message naming the
// flag for an unknown flag ("unknown flag --verbose"), a flag of another command, a flag
// without its value ("flag --port needs a value") and a bad value (Abseil's "Illegal value
// 'x' specified for flag 'port'", with the type's reason). REQUIRES: every name in
// command.flags is an ABSL_FLAG linked into the binary.
absl::StatusOr<ParsedArgs> ParseCommandArgs(const Command& command,
                                            const std::vector<std::string>& args);

// CommandHelp()
//
// "usage: paysim NAME [flags] ARGUMENTS", the summary, and each flag as `--name=<default>`
// (with dashes) followed by its help text, indented.
std::string CommandHelp(const Command& command);

}  // namespace cli
}  // namespace paysim

#endif  // PAYSIM_CLI_COMMAND_LINE_H_
