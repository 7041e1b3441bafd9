// model.h: what the simulator knows and expects of the engine's world: pools of recent ids,
// each charge's amounts, the balance the transactions add up to, the terminal states seen, the
// idempotent requests that may be sent again (internal to the simulator).
#ifndef PAYSIM_TESTING_SIMULATOR_MODEL_H_
#define PAYSIM_TESTING_SIMULATOR_MODEL_H_

#include <cstddef>
#include <cstdint>
#include <functional>
#include <map>
#include <queue>
#include <random>
#include <string>
#include <tuple>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/container/flat_hash_set.h"
#include "absl/container/node_hash_map.h"
#include "absl/strings/string_view.h"
#include "engine/engine.h"
#include "testing/simulator/lifecycles.h"

namespace paysim {
namespace testing {
namespace simulator_internal {

// Recent ids of one kind, at most kSize: operations meet the same objects often.
class Pool {
 public:
  static constexpr size_t kSize = 48;

  // Adds `id`; when full, it replaces a random one (a draw from `rng`).
  void Add(const std::string& id, std::mt19937_64& rng) {
    if (ids_.size() < kSize) {
      ids_.push_back(id);
    } else {
      ids_[rng() % ids_.size()] = id;
    }
  }
  bool empty() const { return ids_.empty(); }
  // REQUIRES: !empty().
  const std::string& Pick(std::mt19937_64& rng) const { return ids_[rng() % ids_.size()]; }
  void Clear() { ids_.clear(); }

 private:
  std::vector<std::string> ids_;
};

// The names of the pools several resources draw from. A resource's operations file may keep a
// pool of its own under a name of its own.
namespace pool {
inline constexpr absl::string_view kTokens = "tokens";
inline constexpr absl::string_view kCustomers = "customers";
inline constexpr absl::string_view kPaymentMethods = "payment_methods";
inline constexpr absl::string_view kCharges = "charges";  // ch_ and py_ (bank debits)
inline constexpr absl::string_view kHolds = "holds";      // charges made uncaptured
inline constexpr absl::string_view kRefunds = "refunds";
inline constexpr absl::string_view kPaymentIntents = "payment_intents";
inline constexpr absl::string_view kSetupIntents = "setup_intents";
inline constexpr absl::string_view kCheckoutSessions = "checkout_sessions";
inline constexpr absl::string_view kEvents = "events";
inline constexpr absl::string_view kDisputes = "disputes";
}  // namespace pool

// Pools by name; a pool is created empty on first use. References stay valid until Clear().
class Pools {
 public:
  Pool& operator[](absl::string_view name);
  void Clear() { pools_.clear(); }

 private:
  absl::node_hash_map<std::string, Pool> pools_;
};

// What the simulator knows of a charge from its events and earlier observations.
struct ChargeModel {
  int64_t amount = 0;
  int64_t refunds_of_captured = 0;  // refunds carrying a balance transaction
  int64_t refunds_released = 0;     // refunds of released authorizations (before basil)
  int64_t amount_captured = -1;     // once captured; -1 before
  int64_t disputed_funds = 0;       // withdrawn by its dispute, less what was reinstated
  bool failed = false;
  bool released = false;
  bool transaction_checked = false;
};

// The balance as the balance transactions read so far add it up, per currency.
struct BalanceModel {
  struct Totals {
    int64_t available = 0;
    int64_t pending = 0;
  };
  std::map<std::string, Totals> totals;
  // Pending transactions by available_on: (available_on, currency, net), soonest on top.
  std::priority_queue<std::tuple<int64_t, std::string, int64_t>,
                      std::vector<std::tuple<int64_t, std::string, int64_t>>,
                      std::greater<std::tuple<int64_t, std::string, int64_t>>>
      pending;

  // Moves the pending nets whose available_on is at or before `now` to available.
  void MakeAvailable(int64_t now);
};

// A request made with an idempotency key, that can be sent again with the same key.
struct IdempotentRequest {
  std::string key;
  // Sends the request (same params / other params) with the given options; the answer rendered.
  std::function<std::string(Engine&, const RequestOptions&)> same_params;
  std::function<std::string(Engine&, const RequestOptions&)> other_params;
  std::string first;   // the first answer, rendered
  bool saved = false;  // the engine remembered the first answer (OK or a 402)
  int64_t at = 0;      // unix seconds of the first request
};

struct Model {
  static constexpr size_t kMaxIdempotentRequests = 32;
  static constexpr size_t kMaxDeadlines = 64;  // then the oldest half is dropped

  Pools pools;
  std::vector<int64_t> deadlines;  // recent timer due times (unix seconds), for clock moves
  std::vector<IdempotentRequest> idempotent_requests;
  uint64_t next_key = 0;  // idempotency keys are "key0", "key1", ...

  absl::flat_hash_map<std::string, ChargeModel> charges;
  absl::flat_hash_set<std::string> refunds_seen;
  absl::flat_hash_set<std::string> refunds_given_back;  // failed or canceled, once seen
  // Refunds of a bank debit that had not settled, held without a balance transaction until it
  // does (counted against the charge's captured funds from the start); removed once settled.
  absl::flat_hash_set<std::string> refunds_held;
  // Billing: each subscription's latest period start and end seen, the renewal periods paid
  // ("sub_...@period_start") and the invoices seen paid (billing_operations.cc).
  absl::flat_hash_map<std::string, int64_t> subscription_period_starts;
  absl::flat_hash_map<std::string, int64_t> subscription_period_ends;
  absl::flat_hash_set<std::string> renewals_paid;
  absl::flat_hash_set<std::string> invoices_paid;
  // Each discount seen (customer.discount.*) and who holds it: its subscription, else its
  // customer (a discount is read through its holder).
  absl::flat_hash_map<std::string, std::string> discount_holders;
  LifecycleRecord lifecycles;
  BalanceModel balance;
  std::string last_event;        // newest event read
  std::string last_transaction;  // newest balance transaction read

  void Clear();
};

}  // namespace simulator_internal
}  // namespace testing
}  // namespace paysim

#endif  // PAYSIM_TESTING_SIMULATOR_MODEL_H_
