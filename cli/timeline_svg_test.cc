// The picture of a scenario: what the model takes from the steps (lanes, states from the
// lifecycle tables, columns at simulated times, jumps), and that the SVG is deterministic.
#include "cli/timeline_svg.h"

#include <string>
#include <vector>

#include "cli/timeline_model.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "testing/scenario_runner.h"

namespace paysim {
namespace cli {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;

std::vector<testing::ScenarioStepRecord> StepsOf(const std::string& file) {
  absl::StatusOr<Scenario> scenario = testing::LoadScenario(file);
  EXPECT_TRUE(scenario.ok()) << scenario.status();
  std::vector<testing::ScenarioStepRecord> steps;
  testing::ScenarioOutput output;
  output.steps = &steps;
  EXPECT_TRUE(testing::RunScenario(*scenario, file, output).ok());
  return steps;
}

std::vector<std::string> Labels(const TimelineLane& lane) {
  std::vector<std::string> out;
  for (const TimelineState& s : lane.states) out.push_back(s.label);
  return out;
}

TEST(TimelineModelTest, HoldExpiry) {
  const std::vector<testing::ScenarioStepRecord> steps =
      StepsOf("scenarios/hold_expires.textproto");
  ASSERT_EQ(steps.size(), 7u);
  EXPECT_TRUE(steps[2].advance);
  EXPECT_EQ(steps[2].after - steps[2].before, absl::Hours(24 * 7) - absl::Seconds(1));

  const TimelineModel model = BuildTimeline(steps);
  // Columns: requests 1, 2, 4, the expiry fired by the advance of step 5, requests 6 and 7
  // (the advance of step 3 fired nothing: no column).
  ASSERT_EQ(model.columns.size(), 6u);
  EXPECT_EQ(model.columns[2].step, 4);
  EXPECT_EQ(model.columns[3].step, 0);
  EXPECT_EQ(model.columns[3].time - model.start, absl::Hours(24 * 7));
  ASSERT_EQ(model.columns[3].events.size(), 1u);
  EXPECT_EQ(model.columns[3].events[0].type, "charge.expired");
  EXPECT_EQ(model.columns[4].status, 400);
  ASSERT_EQ(model.lanes.size(), 2u);
  EXPECT_EQ(model.lanes[0].object, "charge");
  EXPECT_THAT(model.columns[4].touched, ElementsAre(0));  // the refused capture named it
  // Both charges show `succeeded`; the table tells what each became: the held one released at
  // its expiry, the other captured.
  EXPECT_THAT(Labels(model.lanes[0]), ElementsAre("succeeded", "released"));
  EXPECT_EQ(model.lanes[0].states[1].column, 3u);
  EXPECT_THAT(Labels(model.lanes[1]), ElementsAre("succeeded", "captured"));
}

TEST(TimelineModelTest, ManualCaptureExpiryMovesThePaymentIntent) {
  const TimelineModel model = BuildTimeline(StepsOf("scenarios/manual_capture_expires.textproto"));
  bool seen = false;
  for (const TimelineLane& lane : model.lanes) {
    if (lane.object != "payment_intent") continue;
    seen = true;
    EXPECT_EQ(Labels(lane).back(), "canceled");
  }
  EXPECT_TRUE(seen);
}

TEST(TimelineModelTest, Labels) {
  EXPECT_EQ(JumpLabel(absl::Hours(24 * 7)), "+7 d");
  EXPECT_EQ(JumpLabel(absl::Hours(24 * 7) - absl::Seconds(1)), "+6 d 23 h 59 min 59 s");
  EXPECT_EQ(JumpLabel(absl::Seconds(1)), "+1 s");
  EXPECT_EQ(JumpLabel(absl::Minutes(30)), "+30 min");
  const absl::Time start = absl::FromUnixSeconds(1767225600);
  EXPECT_EQ(DayTime(start + absl::Hours(24 * 7) + absl::Seconds(61), start), "day 7 00:01:01");
}

TEST(TimelineSvgTest, DeterministicAndSelfContained) {
  const std::vector<testing::ScenarioStepRecord> steps =
      StepsOf("scenarios/hold_expires.textproto");
  const TimelineSvg svg = DrawTimeline("hold <expiring>", steps);
  EXPECT_EQ(svg.text,
            DrawTimeline("hold <expiring>", StepsOf("scenarios/hold_expires.textproto")).text);
  EXPECT_THAT(svg.text, HasSubstr("<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"" +
                                  std::to_string(svg.width) + "\" height=\"" +
                                  std::to_string(svg.height) + "\""));
  EXPECT_THAT(svg.text, HasSubstr("hold &lt;expiring&gt;"));
  EXPECT_THAT(svg.text, HasSubstr(">+6 d 23 h 59 min 59 s</text>"));
  EXPECT_THAT(svg.text, HasSubstr(">+1 s</text>"));
  EXPECT_THAT(svg.text, HasSubstr(">charge.expired</text>"));
  EXPECT_THAT(svg.text, HasSubstr(">released</text>"));
  EXPECT_THAT(svg.text, HasSubstr(">#6 400</text>"));
  EXPECT_EQ(svg.text.find("href"), std::string::npos);  // nothing outside the file
  EXPECT_EQ(svg.text.find("<script"), std::string::npos);
}

}  // namespace
}  // namespace cli
}  // namespace paysim
