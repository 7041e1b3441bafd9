#include "cli/command_line.h"

#include <algorithm>

#include "absl/flags/commandlineflag.h"
#include "absl/flags/reflection.h"
#include "absl/status/status.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_replace.h"
#include "absl/strings/str_split.h"
#include "absl/strings/strip.h"

namespace paysim {
namespace cli {
namespace {

std::string Dashed(absl::string_view name) { return absl::StrReplaceAll(name, {{"_", "-"}}); }

// The flag of `command` called `name` (dashes or underscores), or nullptr.
absl::CommandLineFlag* FlagOf(const Command& command, absl::string_view name) {
  const std::string canonical = absl::StrReplaceAll(name, {{"-", "_"}});
  for (const CommandFlag& f : command.flags) {
    if (f.name == canonical) return absl::FindCommandLineFlag(f.name);
  }
  return nullptr;
}

absl::Status Set(absl::CommandLineFlag* flag, absl::string_view value) {
  std::string error;
  if (!flag->ParseFrom(value, &error)) return absl::InvalidArgumentError(error);
  return absl::OkStatus();
}

}  // namespace

absl::StatusOr<ParsedArgs> ParseCommandArgs(const Command& command,
                                            const std::vector<std::string>& args) {
  for (const CommandFlag& f : command.flags) {
    absl::CommandLineFlag* flag = absl::FindCommandLineFlag(f.name);
    if (flag == nullptr) return absl::InternalError(absl::StrCat("no flag ", f.name));
    if (absl::Status s = Set(flag, flag->DefaultValue()); !s.ok()) return s;
  }
  ParsedArgs parsed;
  for (size_t i = 0; i < args.size(); ++i) {
    absl::string_view arg = args[i];
    if (arg == "--") {
      parsed.positional.insert(parsed.positional.end(), args.begin() + i + 1, args.end());
      break;
    }
    if (arg.size() < 2 || arg[0] != '-') {
      parsed.positional.push_back(args[i]);
      continue;
    }
    absl::string_view body = arg;
    if (!absl::ConsumePrefix(&body, "--")) absl::ConsumePrefix(&body, "-");
    if (body == "help" || body == "h") {
      parsed.help = true;
      continue;
    }
    absl::string_view name = body;
    absl::string_view value;
    const bool has_value = body.find('=') != absl::string_view::npos;
    if (has_value) {
      name = body.substr(0, body.find('='));
      value = body.substr(body.find('=') + 1);
    }
    absl::CommandLineFlag* flag = FlagOf(command, name);
    if (flag == nullptr && !has_value && absl::StartsWith(name, "no")) {
      absl::CommandLineFlag* negated = FlagOf(command, name.substr(2));
      if (negated != nullptr && negated->IsOfType<bool>()) {
        if (absl::Status s = Set(negated, "false"); !s.ok()) return s;
        continue;
      }
    }
    if (flag == nullptr) {
      return absl::InvalidArgumentError(
          absl::StrCat("unknown flag --", name, " (see paysim ", command.name, " --help)"));
    }
    if (!has_value) {
      if (flag->IsOfType<bool>()) {
        value = "true";
      } else if (i + 1 < args.size()) {
        value = args[++i];
      } else {
        return absl::InvalidArgumentError(absl::StrCat("flag --", Dashed(name), " needs a value"));
      }
    }
    if (absl::Status s = Set(flag, value); !s.ok()) return s;
  }
  return parsed;
}

std::string CommandHelp(const Command& command) {
  std::string out = absl::StrCat(
      "usage: paysim ", command.name, command.flags.empty() ? "" : " [flags]",
      command.arguments.empty() ? "" : " ", command.arguments, "\n\n", command.summary, "\n");
  if (command.flags.empty()) return out;
  out += "\nflags:\n";
  for (const CommandFlag& f : command.flags) {
    const absl::CommandLineFlag* flag = absl::FindCommandLineFlag(f.name);
    if (flag == nullptr) continue;
    const std::string shown =
        f.shown_default.empty() ? flag->DefaultValue() : std::string(f.shown_default);
    absl::StrAppend(&out, "  --", Dashed(f.name));
    if (!flag->IsOfType<bool>()) absl::StrAppend(&out, "=", shown.empty() ? "\"\"" : shown);
    out += "\n";
    for (absl::string_view line : absl::StrSplit(flag->Help(), '\n')) {
      absl::StrAppend(&out, "      ", line, "\n");
    }
  }
  return out;
}

}  // namespace cli
}  // namespace paysim
