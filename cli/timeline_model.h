// timeline_model.h: what a picture of a scenario shows, worked out from the steps as they ran
// (testing/scenario_runner.h: ScenarioStepRecord), before any drawing (timeline_svg.h).
//
// Columns are the moments something happened, in order: one per request (or customer action),
// holding the events it caused, and one per distinct time at which a clock advance fired
// timers, holding their events. Time between two columns may be zero (requests at the same
// simulated second) or days (a clock advance): the drawing compresses it into a labelled gap.
//
// Lanes are the objects, in the order they first appear (as a response's object or an event's
// `data.object`). A lane's state is the value of the field its resource's lifecycle publishes
// (engine/lifecycle.h: `status` for most, `used` for a token, `deleted` for a customer...), as
// each snapshot shows it; a change is recorded at the column where it was seen.
//
// Thread safety: a function of its arguments.
#ifndef PAYSIM_CLI_TIMELINE_MODEL_H_
#define PAYSIM_CLI_TIMELINE_MODEL_H_

#include <cstddef>
#include <string>
#include <vector>

#include "absl/time/time.h"
#include "testing/scenario_runner.h"

namespace paysim {
namespace cli {

struct TimelineEvent {
  std::string type;  // "charge.expired"
  size_t lane = 0;   // the lane of its data.object
};

struct TimelineColumn {
  absl::Time time;
  int step = 0;                 // the request's step number; 0: events fired by a clock advance
  int status = 0;               // the request's HTTP status
  std::string action;           // the request as the timeline prints it
  std::vector<size_t> touched;  // lanes the request named in its path or answered with
  std::vector<TimelineEvent> events;
};

struct TimelineState {
  size_t column = 0;  // where the lane shows this state from
  std::string label;  // "succeeded", "used: true"; "" for an object without a lifecycle
};

struct TimelineLane {
  std::string id;                     // "ch_..."
  std::string object;                 // "charge", "checkout.session"
  std::vector<TimelineState> states;  // the first where the object appears, then each change
};

struct TimelineModel {
  absl::Time start;  // when the first step began
  std::vector<TimelineColumn> columns;
  std::vector<TimelineLane> lanes;
};

// BuildTimeline()
//
// The model of `steps` (in the order they ran). Steps whose JSON does not parse contribute
// their column without objects.
TimelineModel BuildTimeline(const std::vector<testing::ScenarioStepRecord>& steps);

// "day 7 00:00:00": `t` relative to `start`.
std::string DayTime(absl::Time t, absl::Time start);

// "+7 d", "+6 d 23 h 59 min 59 s", "+1 s": a forward jump of the clock.
std::string JumpLabel(absl::Duration d);

}  // namespace cli
}  // namespace paysim

#endif  // PAYSIM_CLI_TIMELINE_MODEL_H_
