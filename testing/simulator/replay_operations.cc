// Idempotent replays: a recorded request sent again with its key, the same params or others.
#include <string>
#include <utility>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/time/time.h"
#include "engine/request_options.h"
#include "testing/simulator/simulation.h"

namespace paysim {
namespace testing {
namespace simulator_internal {
namespace {

void ReplayIdempotentRequest(Simulation& sim) {
  std::vector<IdempotentRequest>& requests = sim.model().idempotent_requests;
  if (requests.empty()) return;
  IdempotentRequest& request = requests[sim.Rand(requests.size())];
  ++sim.result().replays;
  // The key is forgotten kIdempotencyKeyLifetime after its first use (the timer fires at that
  // instant).
  const bool remembered =
      request.saved && sim.Now() < request.at + absl::ToInt64Seconds(kIdempotencyKeyLifetime);
  const bool same = sim.Chance(80);
  RequestOptions options;
  options.idempotency_key = request.key;
  bool replayed = false;
  options.idempotent_replayed = &replayed;
  Engine& engine = sim.engine();
  const StateSummary before = engine.StateSummary();
  std::string answer =
      same ? request.same_params(engine, options) : request.other_params(engine, options);
  if (Engine* restored = sim.engines().restored()) {
    RequestOptions restored_options = options;
    bool restored_replayed = false;
    restored_options.idempotent_replayed = &restored_replayed;
    std::string other = same ? request.same_params(*restored, restored_options)
                             : request.other_params(*restored, restored_options);
    if (other != answer || restored_replayed != replayed) {
      sim.ReportViolation(
          absl::StrCat("the restored engine answered a replay differently:\n  original: ",
                       answer.substr(0, 2000), "\n  restored: ", other.substr(0, 2000)));
      sim.engines().DropRestored();
    }
  }
  if (sim.trace() != nullptr) {
    *sim.trace() << "  replay " << request.key << (same ? " same" : " other") << " params\n";
  }
  if (!remembered) {
    // Executed again: anything may happen; the key is remembered afresh (with the params just
    // sent) when saved.
    if (!same) std::swap(request.same_params, request.other_params);
    request.at = sim.Now();
    request.first = answer;
    request.saved = absl::StartsWith(answer, "{") || absl::StartsWith(answer, "402 ");
    return;
  }
  CheckReplay(sim, request, same, answer, replayed, before);
}

}  // namespace

void RegisterReplayOperations(ResourceRegistry& registry) {
  registry.AddOperation("idempotent_replay", 4, ReplayIdempotentRequest);
}

}  // namespace simulator_internal
}  // namespace testing
}  // namespace paysim
