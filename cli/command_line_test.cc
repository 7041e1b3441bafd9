// ParseCommandArgs over paysim's own flags (cli/flags.h): spellings, per-command flag sets,
// one-line errors naming the flag, defaults restored on every parse, --help.
#include "cli/command_line.h"

#include <string>
#include <vector>

#include "absl/flags/flag.h"
#include "cli/flags.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace paysim {
namespace cli {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;

absl::Status ErrorOf(const Command& command, std::vector<std::string> args) {
  return ParseCommandArgs(command, args).status();
}

TEST(CommandLineTest, BothSpellingsAndPositionals) {
  absl::StatusOr<ParsedArgs> p = ParseCommandArgs(
      kServeCommand,
      {"--port", "8080", "--api-version=2024-06-20", "-seed", "3", "--clock=system"});
  ASSERT_TRUE(p.ok()) << p.status();
  EXPECT_FALSE(p->help);
  EXPECT_TRUE(p->positional.empty());
  EXPECT_EQ(absl::GetFlag(FLAGS_port).value, 8080);
  EXPECT_EQ(absl::GetFlag(FLAGS_api_version), "2024-06-20");
  EXPECT_EQ(absl::GetFlag(FLAGS_seed), absl::optional<uint64_t>(3));
  EXPECT_EQ(absl::GetFlag(FLAGS_clock), ClockFlag::kSystem);

  p = ParseCommandArgs(kRunCommand, {"a.textproto", "--json", "--svg", "out.svg", "--", "--b"});
  ASSERT_TRUE(p.ok()) << p.status();
  EXPECT_THAT(p->positional, ElementsAre("a.textproto", "--b"));
  EXPECT_TRUE(absl::GetFlag(FLAGS_json));
  EXPECT_EQ(absl::GetFlag(FLAGS_svg), "out.svg");
}

TEST(CommandLineTest, BooleansNeverTakeTheNextArgument) {
  absl::StatusOr<ParsedArgs> p = ParseCommandArgs(kRunCommand, {"--json", "false"});
  ASSERT_TRUE(p.ok());
  EXPECT_TRUE(absl::GetFlag(FLAGS_json));
  EXPECT_THAT(p->positional, ElementsAre("false"));
  ASSERT_TRUE(ParseCommandArgs(kRunCommand, {"--json", "--nojson"}).ok());
  EXPECT_FALSE(absl::GetFlag(FLAGS_json));
  ASSERT_TRUE(ParseCommandArgs(kRunCommand, {"--json=true"}).ok());
  EXPECT_TRUE(absl::GetFlag(FLAGS_json));
}

TEST(CommandLineTest, EveryParseStartsFromTheDefaults) {
  ASSERT_TRUE(ParseCommandArgs(kServeCommand, {"--port=1", "--seed=5", "--host=::1"}).ok());
  ASSERT_TRUE(ParseCommandArgs(kServeCommand, {}).ok());
  EXPECT_EQ(absl::GetFlag(FLAGS_port).value, 12111);
  EXPECT_EQ(absl::GetFlag(FLAGS_seed), absl::nullopt);
  EXPECT_EQ(absl::GetFlag(FLAGS_host), "127.0.0.1");
}

TEST(CommandLineTest, OneLineErrorsNameTheFlag) {
  EXPECT_EQ(ErrorOf(kServeCommand, {"--verbose"}).message(),
            "unknown flag --verbose (see paysim serve --help)");
  EXPECT_EQ(ErrorOf(kDemoCommand, {"--port=1"}).message(),
            "unknown flag --port (see paysim demo --help)");  // serve's, not demo's
  EXPECT_EQ(ErrorOf(kServeCommand, {"--port"}).message(), "flag --port needs a value");
  EXPECT_EQ(ErrorOf(kServeCommand, {"--api-version"}).message(),
            "flag --api-version needs a value");
  for (const auto& [args, flag] : std::vector<std::pair<std::vector<std::string>, std::string>>{
           {{"--port=abc"}, "'port'"},
           {{"--port", "70000"}, "'port'"},
           {{"--seed=-1"}, "'seed'"},
           {{"--clock=wall"}, "'clock'"}}) {
    const absl::Status s = ErrorOf(kServeCommand, args);
    EXPECT_EQ(s.code(), absl::StatusCode::kInvalidArgument) << args[0];
    EXPECT_THAT(std::string(s.message()), HasSubstr(flag)) << args[0];
    EXPECT_EQ(std::string(s.message()).find('\n'), std::string::npos) << s.message();
  }
  EXPECT_THAT(std::string(ErrorOf(kServeCommand, {"--port=70000"}).message()),
              HasSubstr("a port is a number from 0 to 65535"));
}

TEST(CommandLineTest, HelpListsTheCommandsFlagsWithDefaults) {
  absl::StatusOr<ParsedArgs> p = ParseCommandArgs(kServeCommand, {"--help"});
  ASSERT_TRUE(p.ok());
  EXPECT_TRUE(p->help);
  EXPECT_TRUE(ParseCommandArgs(kDemoCommand, {"-h"})->help);
  const std::string help = CommandHelp(kServeCommand);
  EXPECT_THAT(help, HasSubstr("usage: paysim serve [flags]\n"));
  EXPECT_THAT(help, HasSubstr("  --port=12111\n      TCP port to listen on"));
  EXPECT_THAT(help, HasSubstr("  --api-version=\"\"\n"));
  EXPECT_THAT(help, HasSubstr("  --seed=0\n"));
  EXPECT_THAT(help, HasSubstr("  --clock=simulated\n"));
  EXPECT_THAT(CommandHelp(kDemoCommand), HasSubstr("  --seed=42\n"));
  EXPECT_THAT(CommandHelp(kRunCommand), HasSubstr("usage: paysim run [flags] FILE...\n"));
  EXPECT_THAT(CommandHelp(kRunCommand), HasSubstr("  --json\n"));
  EXPECT_THAT(MainHelp(), HasSubstr("  diagram [RESOURCE]\n"));
}

}  // namespace
}  // namespace cli
}  // namespace paysim
