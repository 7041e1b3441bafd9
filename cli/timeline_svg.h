// timeline_svg.h: a scenario as a picture: `paysim run --svg OUT.svg FILE`.
//
// A self-contained SVG (no scripts, no external fonts or images): the scenario's name; a row of
// requests (a badge per request: its step number and HTTP status, green for 2xx, red for
// errors); then one lane per object (timeline_model.h), whose bar is coloured by state from the
// column where the object appears, with each event as a mark on the bar at the column of its
// simulated time and its type written below. A request that named an object in its path (or
// answered with it) marks that object's lane with its step number, in red when it was refused.
// Time runs left to right, one column per moment something happened; where the clock jumped
// between two columns the gap is hatched and labelled with the jump ("+7 d"), and each column
// is headed by its time when that differs from the column before ("day 7 00:00:00"). A legend
// below lists every step with its time, action and outcome.
//
// Sizes are whole pixels computed from the text (a monospace font of known width), so the same
// scenario always gives the same bytes and the same width and height.
//
// Example:
//   std::vector<testing::ScenarioStepRecord> steps;
//   RunScenario(scenario, file, {.steps = &steps});
//   TimelineSvg svg = DrawTimeline(scenario.name(), steps);
//   // svg.text, svg.width x svg.height pixels
//
// Thread safety: a function of its arguments.
#ifndef PAYSIM_CLI_TIMELINE_SVG_H_
#define PAYSIM_CLI_TIMELINE_SVG_H_

#include <string>
#include <vector>

#include "absl/strings/string_view.h"
#include "testing/scenario_runner.h"

namespace paysim {
namespace cli {

struct TimelineSvg {
  std::string text;  // the SVG document
  int width = 0;     // its size in pixels (the root element's width and height)
  int height = 0;
};

TimelineSvg DrawTimeline(absl::string_view title,
                         const std::vector<testing::ScenarioStepRecord>& steps);

}  // namespace cli
}  // namespace paysim

#endif  // PAYSIM_CLI_TIMELINE_SVG_H_
