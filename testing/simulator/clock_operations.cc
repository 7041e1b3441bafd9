// Moving the clock: onto the timers' deadlines (one second before, at, after), or by plain
// steps and by each of the engine's time limits.
#include <cstdint>
#include <vector>

#include "absl/time/time.h"
#include "engine/balance.h"
#include "engine/charges.h"
#include "engine/request_options.h"
#include "engine/tokens.h"
#include "testing/simulator/simulation.h"

namespace paysim {
namespace testing {
namespace simulator_internal {
namespace {

// The clock moves (seconds) when no deadline is chosen: plain moves, and each engine limit
// that sets a timer, one second before it, exactly, and one second after. (A Checkout
// Session's default lifetime, kCheckoutSessionLifetime, is the idempotency key's 24 hours.)
const std::vector<int64_t>& ClockMoves() {
  static const std::vector<int64_t>* const moves = [] {
    auto around = [](std::vector<int64_t>* out, absl::Duration limit) {
      const int64_t seconds = absl::ToInt64Seconds(limit);
      out->insert(out->end(), {seconds - 1, seconds, seconds + 1});
    };
    auto* out = new std::vector<int64_t>{1, absl::ToInt64Seconds(absl::Minutes(1))};
    around(out, kTokenLifetime);
    out->push_back(absl::ToInt64Seconds(absl::Hours(1)));
    around(out, kIdempotencyKeyLifetime);
    around(out, kFundsAvailableDelay);
    around(out, kAuthorizationWindow);
    return out;
  }();
  return *moves;
}

void AdvanceClock(Simulation& sim) {
  const int64_t now = sim.Now();
  std::vector<int64_t>& deadlines = sim.model().deadlines;
  int64_t target = now + 1;
  if (!deadlines.empty() && sim.Chance(60)) {
    // Onto a timer's deadline: one second before, exactly, or one second after.
    const int64_t deadline = deadlines[sim.Rand(deadlines.size())];
    target = deadline - 1 + static_cast<int64_t>(sim.Rand(3));
  } else {
    const std::vector<int64_t>& moves = ClockMoves();
    target = now + moves[sim.Rand(moves.size())];
  }
  if (deadlines.size() > Model::kMaxDeadlines) {
    deadlines.erase(deadlines.begin(), deadlines.begin() + Model::kMaxDeadlines / 2);
  }
  if (target <= now) target = now + 1;
  if (sim.trace() != nullptr) *sim.trace() << "  advance by " << target - now << "s\n";
  sim.MoveClockTo(target);
}

}  // namespace

void RegisterClockOperations(ResourceRegistry& registry) {
  registry.AddOperation("advance_clock", 5, AdvanceClock);
}

}  // namespace simulator_internal
}  // namespace testing
}  // namespace paysim
