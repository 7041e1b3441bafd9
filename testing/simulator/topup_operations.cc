// Operations on Top-ups: create (from the account's bank, a succeeding or a failing test bank,
// sometimes bad input), update (description, metadata), cancel, retrieve, list. Their balance
// transactions count in the balance like any other (money_invariants.cc).
#include <string>

#include "absl/strings/str_cat.h"
#include "absl/strings/string_view.h"
#include "engine/topups.h"
#include "testing/simulator/object_invariants.h"
#include "testing/simulator/simulation.h"

namespace paysim {
namespace testing {
namespace simulator_internal {
namespace {

constexpr absl::string_view kTopups = "topups";

void CreateTopup(Simulation& sim) {
  TopupCreateParams params;
  params.set_currency("usd");
  params.set_amount(50 + static_cast<int64_t>(sim.Rand(100000)));
  static constexpr absl::string_view kSources[] = {
      "btok_us_verified", "btok_us_verified_noAccount", "btok_us_verified_insufficientFunds",
      "btok_us_verified_debitNotAuthorized"};
  if (sim.Chance(40)) params.set_source(std::string(kSources[sim.Rand(4)]));
  if (sim.Chance(30)) params.set_description("simulated top-up");
  if (sim.Chance(20)) params.set_statement_descriptor("TOPUP");
  sim.RandomMetadata(params.mutable_metadata());
  switch (sim.Rand(12)) {
    case 0:
      params.set_currency("eur");
      sim.ExpectRefusal("a top-up in another currency than usd");
      break;
    case 1:
      params.set_amount(0);
      sim.ExpectRefusal("a top-up of nothing");
      break;
    case 2:
      params.set_source("btok_unknown");
      sim.ExpectRefusal("a source that is not a test bank");
      break;
    case 3:
      params.set_statement_descriptor(
          std::string(kTopupStatementDescriptorMaxLength + 1, 'T'));
      sim.ExpectRefusal("a statement descriptor over the limit");
      break;
    default:
      break;
  }
  sim.RunCheckedCall("", [&](Engine& e) { return e.topups().Create(params); });
}

void UpdateTopup(Simulation& sim) {
  const std::string id = sim.PickId(kTopups, "tu_");
  TopupUpdateParams params;
  if (sim.Chance(50)) params.set_description(sim.Chance(20) ? "" : "updated top-up");
  sim.RandomMetadata(params.mutable_metadata());
  sim.RunCheckedCall(id, [&](Engine& e) { return e.topups().Update(id, params); });
}

void CancelTopup(Simulation& sim) {
  const std::string id = sim.PickId(kTopups, "tu_");
  const absl::StatusOr<Topup> before =
      sim.CallBothEngines([&](Engine& e) { return e.topups().Retrieve(id); });
  if (!before.ok() || before->status() != "pending") {
    sim.ExpectRefusal("cancel of a top-up that is not pending");
  }
  sim.RunCheckedCall(id, [&](Engine& e) { return e.topups().Cancel(id); });
}

void RetrieveTopup(Simulation& sim) {
  const std::string id = sim.PickId(kTopups, "tu_");
  sim.RunCheckedCall(id, [&](Engine& e) { return e.topups().Retrieve(id); });
}

void ListTopups(Simulation& sim) {
  TopupListParams params;
  static constexpr absl::string_view kStatuses[] = {"pending", "succeeded", "failed",
                                                    "canceled"};
  if (sim.Chance(50)) params.set_status(std::string(kStatuses[sim.Rand(4)]));
  sim.RunCheckedCall("", [&](Engine& e) { return e.topups().List(params); });
}

// A top-up's money comes with its success only: a succeeded top-up has its balance
// transaction, no other has one; a failed one says why.
void ObserveTopupEvent(Simulation& sim, const Event& event) {
  const Topup& topup = event.data().object().topup();
  sim.pool(kTopups).Add(topup.id(), sim.rng());
  ObserveObject(sim, topup, /*current=*/false);
  if ((topup.status() == "succeeded") != topup.has_balance_transaction()) {
    sim.ReportViolation(absl::StrCat(topup.id(), ": ", topup.status(), " with ",
                                     topup.has_balance_transaction() ? "a" : "no",
                                     " balance_transaction"));
  }
  if ((topup.status() == "failed") != topup.has_failure_code()) {
    sim.ReportViolation(absl::StrCat(topup.id(), ": ", topup.status(), " with ",
                                     topup.has_failure_code() ? "a" : "no", " failure_code"));
  }
  if (topup.status() != "pending" && event.type() == "topup.created") {
    sim.ReportViolation(absl::StrCat(topup.id(), ": created ", topup.status()));
  }
  sim.Touch(topup.id());
}

}  // namespace

void RegisterTopupOperations(ResourceRegistry& registry) {
  registry.AddOperation("topup_create", 2, CreateTopup);
  registry.AddOperation("topup_update", 1, UpdateTopup);
  registry.AddOperation("topup_cancel", 1, CancelTopup);
  registry.AddOperation("topup_retrieve", 1, RetrieveTopup);
  registry.AddOperation("topup_list", 1, ListTopups);
  registry.AddRetriever("tu_", [](Simulation& sim, const std::string& id) {
    return OwnedOrNull(sim.CallBothEngines([&](Engine& e) { return e.topups().Retrieve(id); }));
  });
  registry.AddEventObserver(StripeObject::kTopup, ObserveTopupEvent);
  registry.AddLifecycle(Topup::descriptor(), StatusFromEngine("topup"));
}

}  // namespace simulator_internal
}  // namespace testing
}  // namespace paysim
