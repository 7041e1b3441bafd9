// Operations on Disputes: update (evidence that wins, loses or neither, a file that does not
// exist, metadata; submitted or staged), close, retrieve; early fraud warnings are read. Each
// dispute's funds count against its charge (money_invariants.cc).
#include <string>

#include "absl/strings/str_cat.h"
#include "absl/strings/string_view.h"
#include "engine/internal/dispute_lifecycle.h"
#include "testing/simulator/simulation.h"

namespace paysim {
namespace testing {
namespace simulator_internal {
namespace {

bool AwaitsResponse(const absl::StatusOr<Dispute>& dispute) {
  return dispute.ok() && (dispute->status() == "needs_response" ||
                          dispute->status() == "warning_needs_response");
}

void UpdateDispute(Simulation& sim) {
  const std::string id = sim.PickId(pool::kDisputes, "du_");
  const absl::StatusOr<Dispute> before =
      sim.CallBothEngines([&](Engine& e) { return e.disputes().Retrieve(id); });
  DisputeUpdateParams params;
  sim.RandomMetadata(params.mutable_metadata());
  if (sim.Chance(70)) {
    static constexpr absl::string_view kTexts[] = {"winning_evidence", "losing_evidence",
                                                   "the customer signed for it"};
    params.mutable_evidence()->set_uncategorized_text(std::string(kTexts[sim.Rand(3)]));
    if (sim.Chance(30)) params.mutable_evidence()->set_customer_name("Jenny Rosen");
    if (sim.Chance(60)) params.set_submit(true);
  }
  if (params.has_evidence() || params.submit()) {
    if (!AwaitsResponse(before)) sim.ExpectRefusal("evidence for a dispute not awaiting it");
  }
  switch (sim.Rand(10)) {
    case 0:
      params.mutable_evidence()->set_receipt("file_none");
      sim.ExpectRefusal("an evidence file that was never uploaded");
      break;
    case 1:
      params.mutable_evidence()->set_uncategorized_text(
          std::string(kDisputeEvidenceTextMaxLength + 1, 'x'));
      sim.ExpectRefusal("evidence over the length limit");
      break;
    default:
      break;
  }
  sim.RunCheckedCall(id, [&](Engine& e) { return e.disputes().Update(id, params); });
}

void CloseDispute(Simulation& sim) {
  const std::string id = sim.PickId(pool::kDisputes, "du_");
  const absl::StatusOr<Dispute> before =
      sim.CallBothEngines([&](Engine& e) { return e.disputes().Retrieve(id); });
  if (!AwaitsResponse(before)) sim.ExpectRefusal("close of a dispute not awaiting a response");
  sim.RunCheckedCall(id, [&](Engine& e) { return e.disputes().Close(id); });
}

void RetrieveDispute(Simulation& sim) {
  const std::string id = sim.PickId(pool::kDisputes, "du_");
  sim.RunCheckedCall(id, [&](Engine& e) { return e.disputes().Retrieve(id); });
}

void ListEarlyFraudWarnings(Simulation& sim) {
  EarlyFraudWarningListParams params;
  if (sim.Chance(50)) params.set_charge(sim.PickId(pool::kCharges, "ch_"));
  sim.RunCheckedCall("", [&](Engine& e) { return e.early_fraud_warnings().List(params); });
}

// A dispute's funds move with its events: withdrawn (the last balance transaction, negative),
// reinstated (the last one, positive).
void ObserveDisputeEvent(Simulation& sim, const Event& event) {
  const Dispute& dispute = event.data().object().dispute();
  sim.pool(pool::kDisputes).Add(dispute.id(), sim.rng());
  const bool withdrawn = event.type() == "charge.dispute.funds_withdrawn";
  if (!withdrawn && event.type() != "charge.dispute.funds_reinstated") return;
  if (dispute.balance_transactions().empty()) {
    sim.ReportViolation(absl::StrCat(dispute.id(), ": ", event.type(), " without a transaction"));
    return;
  }
  const BalanceTransaction& txn =
      dispute.balance_transactions(dispute.balance_transactions().size() - 1);
  if ((withdrawn ? -txn.amount() : txn.amount()) <= 0 || txn.source() != dispute.id()) {
    sim.ReportViolation(absl::StrCat(dispute.id(), ": ", event.type(), " with ", txn.id()));
  }
  sim.model().charges[dispute.charge()].disputed_funds -= txn.amount();
  sim.Touch(dispute.charge());
}

}  // namespace

void RegisterDisputeOperations(ResourceRegistry& registry) {
  registry.AddOperation("dispute_update", 3, UpdateDispute);
  registry.AddOperation("dispute_close", 1, CloseDispute);
  registry.AddOperation("dispute_retrieve", 1, RetrieveDispute);
  registry.AddOperation("early_fraud_warning_list", 1, ListEarlyFraudWarnings);
  registry.AddRetriever("du_", [](Simulation& sim, const std::string& id) {
    return OwnedOrNull(sim.CallBothEngines([&](Engine& e) { return e.disputes().Retrieve(id); }));
  });
  registry.AddRetriever("issfr_", [](Simulation& sim, const std::string& id) {
    return OwnedOrNull(
        sim.CallBothEngines([&](Engine& e) { return e.early_fraud_warnings().Retrieve(id); }));
  });
  registry.AddEventObserver(StripeObject::kDispute, ObserveDisputeEvent);
  registry.AddLifecycle(Dispute::descriptor(), StatusFromEngine("dispute"));
}

}  // namespace simulator_internal
}  // namespace testing
}  // namespace paysim
