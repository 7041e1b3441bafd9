// Operations on Payouts: create (any amount up to a little over the available balance, to the
// default bank account or a failing test one, standard or instant, sometimes bad input), update
// (metadata), cancel, retrieve, list. Their balance transactions count in the balance like any
// other (money_invariants.cc).
#include <string>

#include "absl/strings/str_cat.h"
#include "absl/strings/string_view.h"
#include "engine/internal/payout_destinations.h"
#include "testing/simulator/object_invariants.h"
#include "testing/simulator/simulation.h"

namespace paysim {
namespace testing {
namespace simulator_internal {
namespace {

constexpr absl::string_view kPayouts = "payouts";

void CreatePayout(Simulation& sim) {
  const absl::StatusOr<Balance> balance =
      sim.CallBothEngines([&](Engine& e) { return e.balance().Retrieve(); });
  int64_t available = 0;
  if (balance.ok()) {
    for (const BalanceAmount& a : balance->available()) {
      if (a.currency() == "usd") available = a.amount();
    }
  }
  PayoutCreateParams params;
  params.set_currency("usd");
  const int64_t amount =
      available > 0 && sim.Chance(80) ? 1 + static_cast<int64_t>(sim.Rand(available))
                                      : 1 + static_cast<int64_t>(sim.Rand(5000));
  params.set_amount(amount);
  if (amount > available) sim.ExpectRefusal("a payout over the available balance");
  static constexpr absl::string_view kDestinations[] = {
      "btok_us_verified_noAccount", "btok_us_verified_accountClosed",
      "btok_us_verified_insufficientFunds", kDefaultPayoutDestination};
  if (sim.Chance(40)) params.set_destination(std::string(kDestinations[sim.Rand(4)]));
  if (sim.Chance(20)) params.set_method("instant");
  if (sim.Chance(30)) params.set_description("simulated payout");
  sim.RandomMetadata(params.mutable_metadata());
  switch (sim.Rand(12)) {
    case 0:
      params.set_destination("ba_none");
      sim.ExpectRefusal("a destination that is not an external account");
      break;
    case 1:
      params.set_source_type("bank_account");
      sim.ExpectRefusal("an empty bank_account balance");
      break;
    case 2:
      params.set_amount(0);
      sim.ExpectRefusal("a payout of nothing");
      break;
    default:
      break;
  }
  sim.RunCheckedCall("", [&](Engine& e) { return e.payouts().Create(params); });
}

void UpdatePayout(Simulation& sim) {
  const std::string id = sim.PickId(kPayouts, "po_");
  PayoutUpdateParams params;
  sim.RandomMetadata(params.mutable_metadata());
  sim.RunCheckedCall(id, [&](Engine& e) { return e.payouts().Update(id, params); });
}

void CancelPayout(Simulation& sim) {
  const std::string id = sim.PickId(kPayouts, "po_");
  const absl::StatusOr<Payout> before =
      sim.CallBothEngines([&](Engine& e) { return e.payouts().Retrieve(id); });
  if (!before.ok() || before->status() != "pending") {
    sim.ExpectRefusal("cancel of a payout that is not pending");
  }
  sim.RunCheckedCall(id, [&](Engine& e) { return e.payouts().Cancel(id); });
}

void RetrievePayout(Simulation& sim) {
  const std::string id = sim.PickId(kPayouts, "po_");
  sim.RunCheckedCall(id, [&](Engine& e) { return e.payouts().Retrieve(id); });
}

void ListPayouts(Simulation& sim) {
  PayoutListParams params;
  static constexpr absl::string_view kStatuses[] = {"pending", "in_transit", "paid", "failed",
                                                    "canceled"};
  if (sim.Chance(50)) params.set_status(std::string(kStatuses[sim.Rand(5)]));
  sim.RunCheckedCall("", [&](Engine& e) { return e.payouts().List(params); });
}

// A payout's money moves with its status: out while it is on its way or paid, back once it has
// failed or was canceled (failure_balance_transaction), never back otherwise.
void ObservePayoutEvent(Simulation& sim, const Event& event) {
  const Payout& payout = event.data().object().payout();
  sim.pool(kPayouts).Add(payout.id(), sim.rng());
  // Each status on the way, in order (a clock advance may move a payout twice).
  ObserveObject(sim, payout, /*current=*/false);
  const bool returned = payout.status() == "failed" || payout.status() == "canceled";
  if (!payout.has_balance_transaction() || returned != payout.has_failure_balance_transaction()) {
    sim.ReportViolation(absl::StrCat(payout.id(), ": ", payout.status(), " with ",
                                     payout.has_failure_balance_transaction() ? "" : "no ",
                                     "failure_balance_transaction"));
  }
  if (payout.status() == "failed" && !payout.has_failure_code()) {
    sim.ReportViolation(absl::StrCat(payout.id(), ": failed without a failure_code"));
  }
  sim.Touch(payout.id());
}

}  // namespace

void RegisterPayoutOperations(ResourceRegistry& registry) {
  registry.AddOperation("payout_create", 3, CreatePayout);
  registry.AddOperation("payout_update", 1, UpdatePayout);
  registry.AddOperation("payout_cancel", 1, CancelPayout);
  registry.AddOperation("payout_retrieve", 1, RetrievePayout);
  registry.AddOperation("payout_list", 1, ListPayouts);
  registry.AddRetriever("po_", [](Simulation& sim, const std::string& id) {
    return OwnedOrNull(sim.CallBothEngines([&](Engine& e) { return e.payouts().Retrieve(id); }));
  });
  registry.AddEventObserver(StripeObject::kPayout, ObservePayoutEvent);
  registry.AddLifecycle(Payout::descriptor(), StatusFromEngine("payout"));
}

}  // namespace simulator_internal
}  // namespace testing
}  // namespace paysim
