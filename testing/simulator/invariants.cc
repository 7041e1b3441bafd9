// The checks after every step, in order.
#include "testing/simulator/invariants.h"

#include <algorithm>
#include <memory>
#include <string>
#include <vector>

#include "absl/strings/match.h"
#include "testing/simulator/event_invariants.h"
#include "testing/simulator/money_invariants.h"
#include "testing/simulator/object_invariants.h"
#include "testing/simulator/simulation.h"

namespace paysim {
namespace testing {
namespace simulator_internal {

void CheckAfterStep(Simulation& sim) {
  ReadNewEvents(sim);
  for (const auto& response : sim.responses()) ObserveObject(sim, *response, /*current=*/false);
  ReadNewTransactions(sim);
  // Re-read every touched object: its current state, checked against the model.
  std::vector<std::string>& touched = sim.touched();
  std::sort(touched.begin(), touched.end());
  touched.erase(std::unique(touched.begin(), touched.end()), touched.end());
  for (const std::string& id : touched) {
    // Customers and balance transactions are checked through their events and their sources.
    if (absl::StartsWith(id, "cus_") || absl::StartsWith(id, "txn_")) continue;
    std::unique_ptr<google::protobuf::Message> current = sim.Retrieve(id);
    if (current != nullptr) ObserveObject(sim, *current, /*current=*/true);
  }
  CheckBalance(sim);
}

}  // namespace simulator_internal
}  // namespace testing
}  // namespace paysim
