// simulation.h: one simulated run: its engines, its random choices, its model, and the step
// frame CheckedCall through which each step sends its call (internal to the simulator).
//
// A step draws an operation (registry.h); the operation builds params from random choices and
// the model's pools, says what it expects (ExpectSuccess / ExpectRefusal), and sends its one
// call through CheckedCall, which runs it on the engine (and on the restored one, side by side),
// counts the outcome and checks the call's rules (call_invariants.h). After the operation, the
// step's checks (invariants.h) read what happened.
//
// Thread safety: none; one Simulation per thread.
#ifndef PAYSIM_TESTING_SIMULATOR_SIMULATION_H_
#define PAYSIM_TESTING_SIMULATOR_SIMULATION_H_

#include <cstdint>
#include <memory>
#include <ostream>
#include <random>
#include <string>
#include <type_traits>
#include <utility>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "engine/engine.h"
#include "engine/metadata.h"
#include "engine/stripe_error.h"
#include "google/protobuf/message.h"
#include "testing/simulator.h"
#include "testing/simulator/call_invariants.h"
#include "testing/simulator/model.h"
#include "testing/simulator/registry.h"
#include "testing/simulator/rendering.h"
#include "testing/simulator/side_by_side.h"

namespace paysim {
namespace testing {
namespace simulator_internal {

// The id of Simulation::QuarterCoupon, also the prefix its retriever answers to.
inline constexpr absl::string_view kSimulatedCoupon = "simcoupon_quarter";

class Simulation {
 public:
  // `options`, `result` and `resources` must outlive the Simulation.
  Simulation(const SimulatorOptions& options, SimulatorResult* result,
             const ResourceRegistry& resources)
      : options_(options), result_(result), resources_(resources) {}

  const SimulatorOptions& options() const { return options_; }
  SimulatorResult& result() { return *result_; }
  const ResourceRegistry& resources() const { return resources_; }
  Model& model() { return model_; }
  SideBySideEngines& engines() { return engines_; }
  Engine& engine() { return engines_.engine(); }

  // ---- epochs and steps ----

  // A fresh engine, seeded from the run's seed and `epoch` (so is every choice of the epoch),
  // on one of the API versions; an empty model.
  void StartEpoch(int64_t epoch);

  // Starts step `step`: counts it, clears its expectation and what it touched, and fires what
  // falls due, before the step's state is read.
  void StartStep(int64_t step);

  // Snapshot/restore comparisons (side_by_side.h). Started at random steps; runs until
  // side_by_side_until().
  void StartSideBySide();
  void EndSideBySide();
  bool side_by_side() const { return engines_.restored() != nullptr; }
  int64_t side_by_side_until() const { return side_by_side_until_; }

  // Reports a violation ("seed S step N (epoch E): what"), counted and kept in the result.
  void ReportViolation(const std::string& what);

  // Where each step is traced, or nullptr.
  std::ostream* trace() const { return options_.trace; }

  // ---- random choices: every one comes from the run's generator ----

  std::mt19937_64& rng() { return rng_; }
  uint64_t Rand(uint64_t n) { return n == 0 ? 0 : rng_() % n; }  // in [0, n)
  bool Chance(int percent) { return static_cast<int>(Rand(100)) < percent; }
  // Any test card alias (tok_* and pm_card_*), or one starting with `prefix`.
  std::string TestCardAlias();
  std::string TestCardAliasWithPrefix(absl::string_view prefix);
  // A currency code (mostly usd; sometimes in upper case).
  std::string Currency();
  // A valid amount for `currency`, often at or near its limits.
  int64_t Amount(const std::string& currency);
  // A new tax rate (10% or 7.25%, sometimes inclusive) made on both engines: its id, or "" if
  // refused.
  std::string NewTaxRate();
  // The simulator's one coupon, a forever 25% off (id kSimulatedCoupon), made on both engines
  // the first time: its id.
  std::string QuarterCoupon();
  // Fills `item` (a subscription's or a schedule phase's add_invoice_items entry) with a new
  // one-time usd price of a new product named `name`, by id, or inline as that product's fee
  // or credit (a negative amount); sometimes a quantity of 2 or 3.
  void RandomOneTimeItem(SubscriptionAddInvoiceItemParams& item, absl::string_view name);
  // An id from the pool `pool`, or (sometimes, or when the pool is empty) one that does not exist.
  std::string PickId(absl::string_view pool, absl::string_view missing_prefix);
  Pool& pool(absl::string_view name) { return model_.pools[name]; }
  // Random keys, some emptied (which removes the key on update).
  void RandomMetadata(Metadata* metadata);
  // Request options: sometimes another API version than the engine's.
  RequestOptions RandomRequestOptions();
  // RandomRequestOptions(), sometimes with a new idempotency key (a request to replay later).
  RequestOptions RandomRequestOptionsWithKey();

  // ---- time ----

  int64_t Now() const { return absl::ToUnixSeconds(engines_.Now()); }
  int64_t CurrentYear() const;
  // Moves both engines' clocks to `unix_seconds`.
  void MoveClockTo(int64_t unix_seconds) { engines_.SetTime(absl::FromUnixSeconds(unix_seconds)); }

  // ---- what this step expects ----

  void Expect(Expectation expectation, std::string why) {
    expectation_ = expectation;
    expectation_why_ = std::move(why);
  }
  void ExpectSuccess(std::string why) { Expect(Expectation::kOk, std::move(why)); }
  void ExpectRefusal(std::string why) { Expect(Expectation::kRefused, std::move(why)); }
  Expectation expectation() const { return expectation_; }
  const std::string& expectation_why() const { return expectation_why_; }

  // Ids the step's checks re-read after the step, and the objects the step's calls answered.
  void Touch(const std::string& id) { touched_.push_back(id); }
  std::vector<std::string>& touched() { return touched_; }
  std::vector<std::unique_ptr<google::protobuf::Message>>& responses() { return responses_; }

  // ---- calls ----

  // CallBothEngines()
  //
  // `call(engine)`'s answer; side by side, the restored engine must answer the same (a
  // violation otherwise). Not a step's call: no expectation, no refusal check. Reads made by
  // the checks go through here.
  template <typename F>
  auto CallBothEngines(F&& call) -> decltype(call(std::declval<Engine&>()));

  // CheckedCall()
  //
  // The step frame: sends the step's one call through CallBothEngines, counts its outcome,
  // traces it, and checks it (call_invariants.h): a Stripe error on every error, the step's
  // expectation, and, if refused, that neither the state summary nor `target` changed.
  // `target` (may be empty) is the id of the object the call acts on: read before the call, and
  // re-read and checked after the step. The answered objects are observed after the step.
  template <typename F>
  auto CheckedCall(const std::string& target, F&& call) -> decltype(call(std::declval<Engine&>()));

  // CheckedCall, for a step that does not use the answer further.
  template <typename F>
  void RunCheckedCall(const std::string& target, F&& call) {
    (void)CheckedCall(target, std::forward<F>(call));
  }

  // RecordForReplay()
  //
  // If `options` has an idempotency key: remembers the request (sent by `same_params(engine,
  // options)`; `other_params` sends other params) and its first answer (`first`, `status`), for
  // the replay operation. Keeps Model::kMaxIdempotentRequests, replacing a random one.
  template <typename F, typename G>
  void RecordForReplay(const RequestOptions& options, F same_params, G other_params,
                       const std::string& first, const absl::Status& status);

  // Object `id` as the engine has it now (by its prefix, registry.h), or nullptr if it cannot be
  // read.
  std::unique_ptr<google::protobuf::Message> Retrieve(const std::string& id);

 private:
  template <typename T>
  void TraceAnswer(const std::string& target, const absl::StatusOr<T>& result);

  const SimulatorOptions& options_;
  SimulatorResult* result_;
  const ResourceRegistry& resources_;
  std::mt19937_64 rng_;
  int64_t step_ = 0;
  int64_t epoch_ = 0;

  SideBySideEngines engines_;
  int64_t side_by_side_until_ = 0;
  Model model_;

  // This step.
  Expectation expectation_ = Expectation::kAny;
  std::string expectation_why_;
  std::vector<std::string> touched_;
  std::vector<std::unique_ptr<google::protobuf::Message>> responses_;
};

// The object of a successful answer, owned; nullptr for an error. For retrievers.
template <typename T>
std::unique_ptr<google::protobuf::Message> OwnedOrNull(absl::StatusOr<T> result) {
  if (!result.ok()) return nullptr;
  return AsMessage(*result);
}

// ---- implementation ----

template <typename F>
auto Simulation::CallBothEngines(F&& call) -> decltype(call(std::declval<Engine&>())) {
  std::string difference;
  auto result = engines_.CallBoth(call, &difference);
  if (!difference.empty()) ReportViolation(difference);
  return result;
}

template <typename F>
auto Simulation::CheckedCall(const std::string& target, F&& call)
    -> decltype(call(std::declval<Engine&>())) {
  const StateSummary before = engine().StateSummary();
  std::unique_ptr<google::protobuf::Message> target_before;
  if (!target.empty()) target_before = Retrieve(target);

  auto result = CallBothEngines(call);
  const Outcome outcome = CountOutcome(*this, result.status());
  if (options_.trace != nullptr) TraceAnswer(target, result);
  CheckExpectation(*this, outcome, result.status());
  if (outcome == Outcome::kRejected) {
    CheckRefusalChangedNothing(*this, before, target, target_before.get(), result.status());
  }
  if (result.ok()) {
    using Answer = std::decay_t<decltype(*result)>;
    if constexpr (IsListResult<Answer>::value) {
      for (const auto& item : result->data) responses_.push_back(AsMessage(item));
    } else {
      responses_.push_back(AsMessage(*result));
    }
  }
  if (!target.empty()) touched_.push_back(target);
  return result;
}

template <typename T>
void Simulation::TraceAnswer(const std::string& target, const absl::StatusOr<T>& result) {
  *options_.trace << "  " << target << " -> ";
  if (!result.ok()) {
    *options_.trace << StatusText(result.status());
  } else if constexpr (IsListResult<T>::value) {
    *options_.trace << "OK, " << result->data.size() << " items";
  } else {
    *options_.trace << "OK " << TraceText(*result);
  }
  *options_.trace << "\n";
}

template <typename F, typename G>
void Simulation::RecordForReplay(const RequestOptions& options, F same_params, G other_params,
                                 const std::string& first, const absl::Status& status) {
  if (options.idempotency_key.empty()) return;
  IdempotentRequest request;
  request.key = options.idempotency_key;
  request.same_params = [same_params](Engine& e, const RequestOptions& o) {
    return Render(same_params(e, o));
  };
  request.other_params = [other_params](Engine& e, const RequestOptions& o) {
    return Render(other_params(e, o));
  };
  request.first = first;
  request.saved = status.ok() || HttpStatus(status) == 402;
  request.at = Now();
  std::vector<IdempotentRequest>& requests = model_.idempotent_requests;
  if (requests.size() < Model::kMaxIdempotentRequests) {
    requests.push_back(std::move(request));
  } else {
    requests[Rand(requests.size())] = std::move(request);
  }
}

}  // namespace simulator_internal
}  // namespace testing
}  // namespace paysim

#endif  // PAYSIM_TESTING_SIMULATOR_SIMULATION_H_
