// demo.h: `paysim demo`, a built-in scenario on the simulated clock, printed as a timeline.
#ifndef PAYSIM_CLI_DEMO_H_
#define PAYSIM_CLI_DEMO_H_

#include <cstdint>
#include <ostream>

namespace paysim {
namespace cli {

// Runs the demo with `seed`; prints to `out`. Returns the process exit code (0 on success,
// 1 if an engine step did not behave as the demo expects).
int RunDemo(uint64_t seed, std::ostream& out);

}  // namespace cli
}  // namespace paysim

#endif  // PAYSIM_CLI_DEMO_H_
