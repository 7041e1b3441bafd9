#include "cli/flags.h"

#include "absl/flags/flag.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"

ABSL_FLAG(absl::optional<uint64_t>, seed, absl::nullopt,
          "the engine's seed: the same seed and the same requests give the same ids and bytes");
ABSL_FLAG(bool, json, false, "print one JSON object per step and its events instead of a timeline");
ABSL_FLAG(std::string, svg, "",
          "also draw the scenario as a picture (one lane per object, state changes and events\n"
          "at their simulated times) into this SVG file; one FILE only");
ABSL_FLAG(paysim::cli::PortFlag, port, paysim::cli::PortFlag{12111},
          "TCP port to listen on (0: any free port; 12111 is stripe-mock's)");
ABSL_FLAG(std::string, host, "127.0.0.1",
          "address to listen on; anything but loopback exposes the simulator to the network");
ABSL_FLAG(std::string, api_version, "",
          "the account's Stripe API version (e.g. 2024-06-20); empty: the newest paysim knows");
ABSL_FLAG(absl::Duration, event_retention, absl::Hours(24 * 30),
          "how long events stay retrievable and listed (Stripe: 30 days = 720h); inf keeps\n"
          "every event");
ABSL_FLAG(paysim::cli::ClockFlag, clock, paysim::cli::ClockFlag::kSimulated,
          "simulated: starts at 2026-01-01T00:00:00Z and moves only with\n"
          "POST /v1/test_helpers/clock/advance (seconds=N or to=T); system: the wall clock");

namespace paysim {
namespace cli {

bool AbslParseFlag(absl::string_view text, PortFlag* port, std::string* error) {
  int value = 0;
  if (!absl::SimpleAtoi(text, &value) || value < 0 || value > 65535) {
    *error = "a port is a number from 0 to 65535";
    return false;
  }
  port->value = value;
  return true;
}

std::string AbslUnparseFlag(const PortFlag& port) { return absl::StrCat(port.value); }

bool AbslParseFlag(absl::string_view text, ClockFlag* clock, std::string* error) {
  if (text == "simulated") {
    *clock = ClockFlag::kSimulated;
  } else if (text == "system") {
    *clock = ClockFlag::kSystem;
  } else {
    *error = "the clock is simulated or system";
    return false;
  }
  return true;
}

std::string AbslUnparseFlag(ClockFlag clock) {
  return clock == ClockFlag::kSystem ? "system" : "simulated";
}

const Command kDemoCommand = {
    "demo",
    "",
    "Runs the built-in scenario on the simulated clock and prints its timeline: charges, a\n"
    "partial capture, a refund, declines, funds available on day 2, a hold expiring on day 7.",
    {{"seed", "42"}},
};

const Command kRunCommand = {
    "run",
    "FILE...",
    "Runs scenario files (.textproto, see proto/scenario.proto) and prints each timeline;\n"
    "exits 0 if every expectation holds, 1 at the first that does not.",
    {{"json"}, {"svg"}},
};

const Command kServeCommand = {
    "serve",
    "",
    "Serves Stripe's HTTP API on HOST:PORT until SIGINT or SIGTERM; prints\n"
    "\"paysim listening on http://HOST:PORT\" when ready. Webhooks: /v1/webhook_endpoints.\n"
    "Keys: any sk_test_... secret key (e.g. sk_test_paysim); any pk_test_... publishable key\n"
    "(e.g. pk_test_paysim) on the routes Stripe.js calls (tokens, payment_methods, intent\n"
    "retrieve/confirm with client_secret).",
    {{"port"}, {"host"}, {"seed", "0"}, {"api_version"}, {"clock"}, {"event_retention"}},
};

const Command kDiagramCommand = {
    "diagram",
    "[RESOURCE]",
    "Writes the lifecycle of RESOURCE (charge, payment_intent, checkout.session...) as\n"
    "Graphviz dot, from the transition table the engine runs; without RESOURCE, lists them.\n"
    "Render with: paysim diagram payment_intent | dot -Tsvg > payment_intent.svg",
    {},
};

const Command kVersionCommand = {
    "version",
    "",
    "Prints paysim's version and the newest Stripe API version it knows.",
    {},
};

const std::vector<const Command*>& Commands() {
  static const auto* all = new std::vector<const Command*>{
      &kDemoCommand, &kRunCommand, &kServeCommand, &kDiagramCommand, &kVersionCommand};
  return *all;
}

std::string MainHelp() {
  std::string out = "usage: paysim <command> [flags] [arguments]\n\ncommands:\n";
  for (const Command* command : Commands()) {
    std::string usage = absl::StrCat(command->name, command->flags.empty() ? "" : " [flags]",
                                     command->arguments.empty() ? "" : " ", command->arguments);
    absl::StrAppend(&out, "  ", usage, "\n");
    for (absl::string_view line : absl::StrSplit(command->summary, '\n')) {
      absl::StrAppend(&out, "      ", line, "\n");
    }
  }
  out += "\n'paysim COMMAND --help' shows a command's flags.\n";
  return out;
}

}  // namespace cli
}  // namespace paysim
