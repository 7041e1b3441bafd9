// timeline.h: a readable timeline of what happens in an engine, for `paysim demo` and
// `paysim run`: simulated time, the action, its outcome, and the events it emitted.
#ifndef PAYSIM_CLI_TIMELINE_H_
#define PAYSIM_CLI_TIMELINE_H_

#include <cstdint>
#include <ostream>
#include <string>

#include "absl/status/status.h"
#include "absl/strings/string_view.h"
#include "absl/time/time.h"
#include "engine/engine.h"

namespace paysim {
namespace cli {

class Timeline {
 public:
  // Times print relative to `start` ("day 0 00:00:00").
  Timeline(Engine* engine, absl::Time start, std::ostream* out);

  // A section heading.
  void Section(absl::string_view title);

  // One step: `action` then `outcome` (or the error of `status`), then the events emitted
  // since the previous step.
  void Step(absl::string_view action, absl::string_view outcome);
  void Step(absl::string_view action, const absl::Status& status);

  // Prints the events emitted since the previous step (after a clock advance).
  void Events();

  // "day 7 00:00:00" for the engine's now.
  std::string When() const;

 private:
  Engine* engine_;
  absl::Time start_;
  std::ostream* out_;
  uint64_t events_seen_ = 0;
};

// "$20.00" for usd amounts, "20.00 eur" for others.
std::string Money(int64_t amount, absl::string_view currency);

}  // namespace cli
}  // namespace paysim

#endif  // PAYSIM_CLI_TIMELINE_H_
