// Reads across resources: list pages with cursors (every list endpoint), the balance, events.
#include <cstdint>
#include <random>
#include <string>

#include "absl/container/flat_hash_set.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/string_view.h"
#include "engine/list.h"
#include "testing/simulator/simulation.h"

namespace paysim {
namespace testing {
namespace simulator_internal {
namespace {

// Pagination params: a limit (sometimes out of range), a cursor from `ids` (sometimes unknown,
// sometimes both cursors, which is refused).
template <typename Params>
void Paginate(Simulation& sim, Params* params, const Pool& ids, absl::string_view prefix) {
  std::mt19937_64& rng = sim.rng();
  auto rand = [&](uint64_t n) { return rng() % n; };
  if (rand(2) == 0) params->set_limit(1 + static_cast<int64_t>(rand(kListMaxLimit)));
  switch (rand(12)) {
    case 0:
      params->set_limit(rand(2) == 0 ? 0 : kListMaxLimit + 1);
      sim.ExpectRefusal("limit out of range");
      break;
    case 1:
    case 2:
    case 3:
      if (!ids.empty()) params->set_starting_after(ids.Pick(rng));
      break;
    case 4:
    case 5:
      if (!ids.empty()) params->set_ending_before(ids.Pick(rng));
      break;
    case 6:
      params->set_starting_after(absl::StrCat(prefix, "missing"));
      sim.ExpectRefusal("unknown cursor");
      break;
    case 7:
      if (!ids.empty()) {
        params->set_starting_after(ids.Pick(rng));
        params->set_ending_before(ids.Pick(rng));
        sim.ExpectRefusal("both cursors");
      }
      break;
    default:
      break;
  }
}

// Every page holds at most `limit` distinct objects, newest first.
template <typename Page>
void CheckPage(Simulation& sim, const Page& page, int64_t limit) {
  if (!page.ok()) return;
  if (static_cast<int64_t>(page->data.size()) > limit) {
    sim.ReportViolation("a list page holds > limit");
  }
  absl::flat_hash_set<std::string> ids;
  int64_t previous = INT64_MAX;
  for (const auto& item : page->data) {
    if (!ids.insert(item.id()).second) sim.ReportViolation("a list page repeats an object");
    if (item.created() > previous) sim.ReportViolation("a list page is not newest first");
    previous = item.created();
  }
}

template <typename Params>
int64_t LimitOf(const Params& params) {
  return params.has_limit() ? params.limit() : kListDefaultLimit;
}

void ListOnePage(Simulation& sim) {
  switch (sim.Rand(8)) {
    case 0: {
      ChargeListParams params;
      if (sim.Chance(20)) params.set_customer(sim.PickId(pool::kCustomers, "cus_"));
      Paginate(sim, &params, sim.pool(pool::kCharges), "ch_");
      auto page = sim.CheckedCall("", [&](Engine& e) { return e.charges().List(params); });
      CheckPage(sim, page, LimitOf(params));
      if (page.ok() && params.has_customer()) {
        for (const Charge& c : page->data) {
          if (c.customer() != params.customer()) {
            sim.ReportViolation("charges list ignores its filter");
          }
        }
      }
      break;
    }
    case 1: {
      // (A deleted customer is still a valid cursor.)
      CustomerListParams params;
      Paginate(sim, &params, sim.pool(pool::kCustomers), "cus_");
      auto page = sim.CheckedCall("", [&](Engine& e) { return e.customers().List(params); });
      CheckPage(sim, page, LimitOf(params));
      break;
    }
    case 2: {
      PaymentMethodListParams params;
      if (sim.Chance(50)) params.set_customer(sim.PickId(pool::kCustomers, "cus_"));
      Paginate(sim, &params, sim.pool(pool::kPaymentMethods), "pm_");
      auto page = sim.CheckedCall("", [&](Engine& e) { return e.payment_methods().List(params); });
      if (page.ok() && params.has_customer()) {
        for (const PaymentMethod& pm : page->data) {
          if (pm.customer() != params.customer()) {
            sim.ReportViolation("PaymentMethods list ignores customer");
          }
        }
      }
      break;
    }
    case 3: {
      RefundListParams params;
      if (sim.Chance(30)) params.set_charge(sim.PickId(pool::kCharges, "ch_"));
      Paginate(sim, &params, sim.pool(pool::kRefunds), "re_");
      auto page = sim.CheckedCall("", [&](Engine& e) { return e.refunds().List(params); });
      CheckPage(sim, page, LimitOf(params));
      break;
    }
    case 4: {
      PaymentIntentListParams params;
      Paginate(sim, &params, sim.pool(pool::kPaymentIntents), "pi_");
      auto page = sim.CheckedCall("", [&](Engine& e) { return e.payment_intents().List(params); });
      CheckPage(sim, page, LimitOf(params));
      break;
    }
    case 5: {
      SetupIntentListParams params;
      Paginate(sim, &params, sim.pool(pool::kSetupIntents), "seti_");
      auto page = sim.CheckedCall("", [&](Engine& e) { return e.setup_intents().List(params); });
      CheckPage(sim, page, LimitOf(params));
      break;
    }
    case 6: {
      EventListParams params;
      if (sim.Chance(30)) {
        params.set_type(sim.Chance(50) ? "charge.*" : "payment_intent.succeeded");
      }
      Paginate(sim, &params, sim.pool(pool::kEvents), "evt_");
      auto page = sim.CheckedCall("", [&](Engine& e) { return e.events().List(params); });
      CheckPage(sim, page, LimitOf(params));
      break;
    }
    default: {
      BalanceTransactionListParams params;
      Pool none;  // no pool of balance transactions: cursors are unknown or absent
      Paginate(sim, &params, none, "txn_");
      auto page =
          sim.CheckedCall("", [&](Engine& e) { return e.balance().ListTransactions(params); });
      CheckPage(sim, page, LimitOf(params));
      break;
    }
  }
}

void RetrieveBalance(Simulation& sim) {
  sim.RunCheckedCall("", [&](Engine& e) { return e.balance().Retrieve(); });
}

void RetrieveEvent(Simulation& sim) {
  const std::string id = sim.PickId(pool::kEvents, "evt_");
  sim.RunCheckedCall("", [&](Engine& e) { return e.events().Retrieve(id); });
}

}  // namespace

void RegisterReadOperations(ResourceRegistry& registry) {
  registry.AddOperation("list", 6, ListOnePage);
  registry.AddOperation("balance_retrieve", 1, RetrieveBalance);
  registry.AddOperation("event_retrieve", 1, RetrieveEvent);
  registry.AddRetriever("txn_", [](Simulation& sim, const std::string& id) {
    return OwnedOrNull(
        sim.CallBothEngines([&](Engine& e) { return e.balance().RetrieveTransaction(id); }));
  });
}

}  // namespace simulator_internal
}  // namespace testing
}  // namespace paysim
