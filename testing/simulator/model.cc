// The simulator's model of the engine's world: pools, balance totals, reset per epoch.
#include "testing/simulator/model.h"

namespace paysim {
namespace testing {
namespace simulator_internal {

Pool& Pools::operator[](absl::string_view name) {
  auto it = pools_.find(name);
  if (it == pools_.end()) it = pools_.emplace(std::string(name), Pool()).first;
  return it->second;
}

void BalanceModel::MakeAvailable(int64_t now) {
  while (!pending.empty() && std::get<0>(pending.top()) <= now) {
    const auto& [on, currency, net] = pending.top();
    Totals& currency_totals = totals[currency];
    currency_totals.pending -= net;
    currency_totals.available += net;
    pending.pop();
  }
}

void Model::Clear() {
  pools.Clear();
  deadlines.clear();
  idempotent_requests.clear();
  next_key = 0;
  charges.clear();
  refunds_seen.clear();
  refunds_given_back.clear();
  refunds_held.clear();
  subscription_period_starts.clear();
  subscription_period_ends.clear();
  renewals_paid.clear();
  invoices_paid.clear();
  lifecycles.Clear();
  balance = BalanceModel();
  last_event.clear();
  last_transaction.clear();
}

}  // namespace simulator_internal
}  // namespace testing
}  // namespace paysim
