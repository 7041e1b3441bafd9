// The rules every call obeys: Stripe errors, expectations, refusals and replays change nothing.
#include "testing/simulator/call_invariants.h"

#include <algorithm>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "engine/stripe_error.h"
#include "google/protobuf/util/message_differencer.h"
#include "testing/simulator/rendering.h"
#include "testing/simulator/simulation.h"

namespace paysim {
namespace testing {
namespace simulator_internal {

Outcome CountOutcome(Simulation& sim, const absl::Status& status) {
  Outcome outcome = Outcome::kOk;
  if (!status.ok()) {
    const int http = HttpStatus(status);
    outcome = http == 402 ? Outcome::kDeclined : Outcome::kRejected;
    if (!GetStripeError(status).has_value() || http == 500) {
      sim.ReportViolation(absl::StrCat("an error without a Stripe error: ", status.ToString()));
    }
  }
  switch (outcome) {
    case Outcome::kOk:
      ++sim.result().ok;
      break;
    case Outcome::kDeclined:
      ++sim.result().declined;
      break;
    case Outcome::kRejected:
      ++sim.result().rejected;
      break;
  }
  return outcome;
}

void CheckExpectation(Simulation& sim, Outcome outcome, const absl::Status& status) {
  if (sim.expectation() == Expectation::kOk && outcome != Outcome::kOk) {
    sim.ReportViolation(
        absl::StrCat("expected success (", sim.expectation_why(), "), got: ", StatusText(status)));
  } else if (sim.expectation() == Expectation::kRefused && outcome == Outcome::kOk) {
    sim.ReportViolation(absl::StrCat("expected a refusal (", sim.expectation_why(), "), got OK"));
  }
}

void CheckRefusalChangedNothing(Simulation& sim, const StateSummary& before,
                                const std::string& target,
                                const google::protobuf::Message* target_before,
                                const absl::Status& status) {
  const StateSummary after = sim.engine().StateSummary();
  if (after != before) {
    std::string diff;
    for (size_t i = 0; i < std::min(before.size(), after.size()); ++i) {
      if (before[i] != after[i]) {
        absl::StrAppend(&diff, " ", before[i].first, ": ", before[i].second, " -> ",
                        after[i].second);
      }
    }
    sim.ReportViolation(absl::StrCat("a rejected call changed the state:", diff,
                                     " (error: ", StatusText(status), ")"));
  }
  if (target_before != nullptr) {
    std::unique_ptr<google::protobuf::Message> target_after = sim.Retrieve(target);
    if (target_after == nullptr ||
        !google::protobuf::util::MessageDifferencer::Equals(*target_before, *target_after)) {
      sim.ReportViolation(
          absl::StrCat("a rejected call changed ", target, " (error: ", StatusText(status), ")"));
    }
  }
}

void CheckReplay(Simulation& sim, const IdempotentRequest& request, bool same_params,
                 const std::string& answer, bool replayed, const StateSummary& before) {
  if (same_params) {
    if (answer != request.first) {
      sim.ReportViolation(
          absl::StrCat("idempotent replay of ", request.key, " answered differently:\n  first:  ",
                       request.first.substr(0, 2000), "\n  replay: ", answer.substr(0, 2000)));
    }
    if (!replayed) {
      sim.ReportViolation(absl::StrCat("replay of ", request.key, " not marked replayed"));
    }
  } else if (!absl::StrContains(answer, "idempotency_error")) {
    sim.ReportViolation(absl::StrCat(
        "key ", request.key, " reused with other params answered: ", answer.substr(0, 500)));
  }
  if (sim.engine().StateSummary() != before) {
    sim.ReportViolation(absl::StrCat("idempotent replay of ", request.key, " changed the state"));
  }
}

}  // namespace simulator_internal
}  // namespace testing
}  // namespace paysim
