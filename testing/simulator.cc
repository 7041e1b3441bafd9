// The randomized simulator: operations (the kOps table), the step frame (Exec: expectations,
// the "rejected changed nothing" check, side-by-side comparison), and the checkers (events,
// balance transactions, charges, terminal states).
#include "testing/simulator.h"

#include <algorithm>
#include <cstdint>
#include <functional>
#include <memory>
#include <queue>
#include <random>
#include <string>
#include <tuple>
#include <type_traits>
#include <utility>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/container/flat_hash_set.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/string_view.h"
#include "absl/types/optional.h"
#include "engine/api_version.h"
#include "engine/balance.h"
#include "engine/card_catalog.h"
#include "engine/currency.h"
#include "engine/json_render.h"
#include "engine/stripe_error.h"
#include "google/protobuf/util/message_differencer.h"
#include "testing/fake_clock.h"

namespace paysim {
namespace testing {
namespace {

using google::protobuf::FieldDescriptor;
using google::protobuf::Message;
using google::protobuf::util::MessageDifferencer;

constexpr int64_t kMinute = 60;
constexpr int64_t kHour = 3600;
constexpr int64_t kDay = 24 * kHour;
constexpr size_t kPoolSize = 48;  // recent ids kept per kind: operations meet often

// ---- comparing and rendering results ----

// Fields numbered 100 and above are paysim's bookkeeping, never rendered (json_render.h).
class IgnoreInternalFields : public MessageDifferencer::IgnoreCriteria {
 public:
  bool IsIgnored(const Message&, const Message&, const FieldDescriptor* field,
                 const std::vector<MessageDifferencer::SpecificField>&) override {
    return field->number() >= 100;
  }
};

// True if `a` and `b` render the same (internal fields aside).
bool SameRendered(const Message& a, const Message& b) {
  MessageDifferencer differencer;
  differencer.AddIgnoreCriteria(new IgnoreInternalFields());  // owned by the differencer
  return differencer.Compare(a, b);
}

std::string StatusText(const absl::Status& status) {
  if (status.ok()) return "OK";
  absl::optional<StripeError> error = GetStripeError(status);
  if (!error.has_value()) return absl::StrCat("no Stripe error: ", status.ToString());
  return absl::StrCat(HttpStatus(status), " ",
                      ErrorToJson(*error).dump(-1, ' ', false, Json::error_handler_t::replace));
}

// An object's id and status, for traces.
std::string TraceText(const Message& object) {
  std::string out;
  const auto* descriptor = object.GetDescriptor();
  for (absl::string_view name : {"id", "status", "amount", "amount_captured", "captured"}) {
    const FieldDescriptor* field = descriptor->FindFieldByName(std::string(name));
    if (field == nullptr) continue;
    const auto* reflection = object.GetReflection();
    switch (field->cpp_type()) {
      case FieldDescriptor::CPPTYPE_STRING:
        absl::StrAppend(&out, name, "=", reflection->GetString(object, field), " ");
        break;
      case FieldDescriptor::CPPTYPE_INT64:
        absl::StrAppend(&out, name, "=", reflection->GetInt64(object, field), " ");
        break;
      case FieldDescriptor::CPPTYPE_BOOL:
        absl::StrAppend(&out, name, "=", reflection->GetBool(object, field), " ");
        break;
      default:
        break;
    }
  }
  return out;
}

template <typename T>
struct IsListResult : std::false_type {};
template <typename T>
struct IsListResult<ListResult<T>> : std::true_type {};

// A result as text: the object's JSON, a list's items, or the error; equal iff the responses
// would be byte-identical.
template <typename T>
std::string Render(const absl::StatusOr<T>& result) {
  if (!result.ok()) return StatusText(result.status());
  if constexpr (IsListResult<T>::value) {
    std::string out = absl::StrCat("list ", result->url, " has_more=", result->has_more, "\n");
    for (const auto& item : result->data) absl::StrAppend(&out, RenderJson(item), "\n");
    return out;
  } else {
    return RenderJson(*result);
  }
}

// ---- the model ----

// What the simulator knows of a charge from its events and earlier observations.
struct ChargeModel {
  int64_t amount = 0;
  int64_t refunds_of_captured = 0;  // refunds carrying a balance transaction
  int64_t refunds_released = 0;     // refunds of released authorizations (before basil)
  int64_t amount_captured = -1;     // once captured; -1 before
  bool failed = false;
  bool released = false;
  bool transaction_checked = false;
};

// Terminal states seen, per object id (bits).
enum Terminal : uint8_t {
  kFailed = 1,     // charge failed
  kSucceeded = 2,  // intent succeeded
  kCanceled = 4,   // intent canceled
  kDetached = 8,   // PaymentMethod detached
  kUsed = 16,      // token used
  kExpired = 32,   // token expired
  kDeleted = 64,   // customer deleted
};

// Recent ids of one kind.
class Pool {
 public:
  void Add(const std::string& id, std::mt19937_64& rng) {
    if (ids_.size() < kPoolSize) {
      ids_.push_back(id);
    } else {
      ids_[rng() % ids_.size()] = id;
    }
  }
  bool empty() const { return ids_.empty(); }
  const std::string& Pick(std::mt19937_64& rng) const { return ids_[rng() % ids_.size()]; }
  void Clear() { ids_.clear(); }

 private:
  std::vector<std::string> ids_;
};

enum class Outcome { kOk, kDeclined, kRejected };

// What a step expects of its call.
enum class Expect { kAny, kOk, kRefused };

// An idempotent request that can be sent again with its key.
struct Recorded {
  std::string name;
  std::string key;
  std::function<std::string(Engine&, const RequestOptions&)> call;        // same params
  std::function<std::string(Engine&, const RequestOptions&)> call_other;  // other params
  std::string first;   // the first response, rendered
  bool saved = false;  // the first result was remembered (OK or a 402)
  int64_t at = 0;      // unix seconds of the first request
};

class Simulator;
using OpFn = void (Simulator::*)();
struct Op {
  const char* name;
  int weight;
  OpFn run;
};

class Simulator {
 public:
  Simulator(const SimulatorOptions& options, SimulatorResult* result)
      : options_(options), result_(result) {}

  // Runs steps [first, last) of epoch `epoch`.
  void RunEpoch(int64_t epoch, int64_t first, int64_t last);

  // ---- operations (the kOps table) ----
  void TokenCreate();
  void TokenRetrieve();
  void CustomerCreate();
  void CustomerUpdate();
  void CustomerDelete();
  void CustomerRetrieve();
  void PaymentMethodCreate();
  void PaymentMethodAttach();
  void PaymentMethodDetach();
  void PaymentMethodUpdate();
  void PaymentMethodRetrieve();
  void ChargeCreate();
  void ChargeCapture();
  void ChargeUpdate();
  void ChargeRetrieve();
  void RefundCreate();
  void RefundUpdate();
  void RefundRetrieve();
  void PaymentIntentCreate();
  void PaymentIntentUpdate();
  void PaymentIntentConfirm();
  void PaymentIntentCapture();
  void PaymentIntentCancel();
  void PaymentIntentThreeDSecure();
  void SetupIntentCreate();
  void SetupIntentConfirm();
  void SetupIntentCancel();
  void SetupIntentThreeDSecure();
  void CheckoutCreate();
  void CheckoutPay();
  void CheckoutThreeDSecure();
  void CheckoutEnd();
  void CheckoutRead();
  void ListSomething();
  void BalanceRetrieve();
  void EventRetrieve();
  void AdvanceClock();
  void Replay();

 private:
  // ---- random choices ----
  uint64_t Rand(uint64_t n) { return n == 0 ? 0 : rng_() % n; }
  bool Chance(int percent) { return static_cast<int>(Rand(100)) < percent; }
  int64_t Now() const { return absl::ToUnixSeconds(clock_->Now()); }
  std::string Alias() {
    absl::Span<const absl::string_view> aliases = AllTestCardAliases();
    return std::string(aliases[Rand(aliases.size())]);
  }
  std::string AliasWithPrefix(absl::string_view prefix);
  std::string Currency();
  int64_t Amount(const std::string& currency);
  std::string Pick(const Pool& pool, absl::string_view missing_prefix);
  void RandomMetadata(google::protobuf::Map<std::string, std::string>* metadata);
  RequestOptions Options();

  // ---- the step frame ----
  void Step(int64_t step);

  // Calls `f` on the engine (and, side by side, on the restored one: the two must answer the
  // same). Not a step's operation: no expectation, no change check.
  template <typename F>
  auto Call(F&& f) -> decltype(f(std::declval<Engine&>()));

  // The step's one operation: Call, then the expectation and the change checks. `target`
  // (may be empty) is the id of the object the call acts on.
  template <typename F>
  auto Exec(const std::string& target, F&& f) -> decltype(f(std::declval<Engine&>()));

  // Exec, for an operation whose answer the step does not use further.
  template <typename F>
  void Do(const std::string& target, F&& f) {
    (void)Exec(target, std::forward<F>(f));
  }

  // Remembers a create made with an idempotency key, for Replay.
  template <typename F, typename G>
  void Record(const RequestOptions& options, F call, G call_other, const std::string& first,
              const absl::Status& status);

  // The current state of the object `id` (by its prefix), or nullptr if it cannot be read.
  std::unique_ptr<Message> Fetch(const std::string& id);

  void FireTimers();
  void AfterStep();
  void ReadNewEvents();
  void ReadNewTransactions();
  void CheckBalance();
  void CheckCharge(const Charge& charge);
  void Observe(const Message& object, bool current);
  void ObserveEvent(const Event& event);
  void StartSideBySide();
  void EndSideBySide();
  void Violation(const std::string& what);
  void NewEngine(int64_t epoch);

  const SimulatorOptions& options_;
  SimulatorResult* result_;
  std::mt19937_64 rng_;
  int64_t step_ = 0;
  int64_t epoch_ = 0;

  std::unique_ptr<FakeClock> clock_;
  std::unique_ptr<Engine> engine_;
  std::unique_ptr<FakeClock> shadow_clock_;
  std::unique_ptr<Engine> shadow_;
  int64_t shadow_until_ = 0;

  // This step.
  Expect expect_ = Expect::kAny;
  std::string expect_why_;
  bool clock_moved_ = false;
  bool replaying_ = false;
  std::vector<std::string> touched_;                 // ids to re-read and check after the step
  std::vector<std::unique_ptr<Message>> responses_;  // objects answered, observed after events

  // Pools of recent ids.
  Pool tokens_, customers_, payment_methods_, charges_, holds_, refunds_, payment_intents_,
      setup_intents_, events_, sessions_;
  std::vector<int64_t> deadlines_;  // recent timer due times (unix seconds)
  std::vector<Recorded> recorded_;
  uint64_t next_key_ = 0;

  // The model.
  absl::flat_hash_map<std::string, ChargeModel> charges_model_;
  absl::flat_hash_map<std::string, uint8_t> terminal_;
  absl::flat_hash_set<std::string> refunds_seen_;
  std::string last_event_;        // newest event read
  std::string last_transaction_;  // newest balance transaction read
  struct Totals {
    int64_t available = 0;
    int64_t pending = 0;
  };
  std::map<std::string, Totals> balance_;
  // Pending transactions by available_on: (available_on, currency, net).
  std::priority_queue<std::tuple<int64_t, std::string, int64_t>,
                      std::vector<std::tuple<int64_t, std::string, int64_t>>,
                      std::greater<std::tuple<int64_t, std::string, int64_t>>>
      pending_;
};

const Op kOps[] = {
    {"token_create", 6, &Simulator::TokenCreate},
    {"token_retrieve", 1, &Simulator::TokenRetrieve},
    {"customer_create", 5, &Simulator::CustomerCreate},
    {"customer_update", 2, &Simulator::CustomerUpdate},
    {"customer_delete", 1, &Simulator::CustomerDelete},
    {"customer_retrieve", 1, &Simulator::CustomerRetrieve},
    {"payment_method_create", 4, &Simulator::PaymentMethodCreate},
    {"payment_method_attach", 4, &Simulator::PaymentMethodAttach},
    {"payment_method_detach", 2, &Simulator::PaymentMethodDetach},
    {"payment_method_update", 1, &Simulator::PaymentMethodUpdate},
    {"payment_method_retrieve", 1, &Simulator::PaymentMethodRetrieve},
    {"charge_create", 14, &Simulator::ChargeCreate},
    {"charge_capture", 6, &Simulator::ChargeCapture},
    {"charge_update", 2, &Simulator::ChargeUpdate},
    {"charge_retrieve", 1, &Simulator::ChargeRetrieve},
    {"refund_create", 6, &Simulator::RefundCreate},
    {"refund_update", 1, &Simulator::RefundUpdate},
    {"refund_retrieve", 1, &Simulator::RefundRetrieve},
    {"payment_intent_create", 8, &Simulator::PaymentIntentCreate},
    {"payment_intent_update", 2, &Simulator::PaymentIntentUpdate},
    {"payment_intent_confirm", 4, &Simulator::PaymentIntentConfirm},
    {"payment_intent_capture", 3, &Simulator::PaymentIntentCapture},
    {"payment_intent_cancel", 2, &Simulator::PaymentIntentCancel},
    {"payment_intent_3ds", 3, &Simulator::PaymentIntentThreeDSecure},
    {"setup_intent_create", 4, &Simulator::SetupIntentCreate},
    {"setup_intent_confirm", 2, &Simulator::SetupIntentConfirm},
    {"setup_intent_cancel", 1, &Simulator::SetupIntentCancel},
    {"setup_intent_3ds", 2, &Simulator::SetupIntentThreeDSecure},
    {"checkout_create", 5, &Simulator::CheckoutCreate},
    {"checkout_pay", 5, &Simulator::CheckoutPay},
    {"checkout_3ds", 2, &Simulator::CheckoutThreeDSecure},
    {"checkout_expire_or_abandon", 1, &Simulator::CheckoutEnd},
    {"checkout_read", 1, &Simulator::CheckoutRead},
    {"list", 6, &Simulator::ListSomething},
    {"balance_retrieve", 1, &Simulator::BalanceRetrieve},
    {"event_retrieve", 1, &Simulator::EventRetrieve},
    {"advance_clock", 5, &Simulator::AdvanceClock},
    {"idempotent_replay", 4, &Simulator::Replay},
};

int TotalWeight() {
  int total = 0;
  for (const Op& op : kOps) total += op.weight;
  return total;
}

// ---- random params ----

std::string Simulator::AliasWithPrefix(absl::string_view prefix) {
  for (int i = 0; i < 64; ++i) {
    std::string alias = Alias();
    if (absl::StartsWith(alias, prefix)) return alias;
  }
  return std::string(prefix == "tok_" ? "tok_visa" : "pm_card_visa");
}

std::string Simulator::Currency() {
  static constexpr absl::string_view kCurrencies[] = {"usd", "usd", "usd", "eur",
                                                      "gbp", "jpy", "USD", "czk"};
  return std::string(kCurrencies[Rand(std::size(kCurrencies))]);
}

// A valid amount for `currency`, often near its limits.
int64_t Simulator::Amount(const std::string& currency) {
  const CurrencyInfo* info = FindCurrency(currency);
  const int64_t min = info == nullptr ? 50 : info->minimum_amount;
  switch (Rand(6)) {
    case 0:
      return min;
    case 1:
      return kMaxChargeAmount;
    case 2:
      return min + static_cast<int64_t>(Rand(100));
    default:
      return min + static_cast<int64_t>(Rand(100000));
  }
}

// A pool's id, or (sometimes, or when the pool is empty) an id that does not exist.
std::string Simulator::Pick(const Pool& pool, absl::string_view missing_prefix) {
  if (pool.empty() || Chance(3)) return absl::StrCat(missing_prefix, "missing", Rand(1000));
  return pool.Pick(rng_);
}

void Simulator::RandomMetadata(google::protobuf::Map<std::string, std::string>* metadata) {
  const int n = static_cast<int>(Rand(3));
  for (int i = 0; i < n; ++i) (*metadata)[absl::StrCat("k", Rand(4))] = absl::StrCat(Rand(10));
  if (Chance(10)) (*metadata)[absl::StrCat("k", Rand(4))] = "";  // removes the key on update
}

RequestOptions Simulator::Options() {
  RequestOptions options;
  if (Chance(5)) options.api_version = Chance(50) ? "2024-06-20" : "2025-03-31.basil";
  return options;
}

// ---- the step frame ----

template <typename F>
auto Simulator::Call(F&& f) -> decltype(f(std::declval<Engine&>())) {
  auto result = f(*engine_);
  if (shadow_ != nullptr) {
    auto other = f(*shadow_);
    std::string a = Render(result);
    std::string b = Render(other);
    if (a != b) {
      Violation(absl::StrCat("the restored engine answered differently:\n  original: ",
                             a.substr(0, 2000), "\n  restored: ", b.substr(0, 2000)));
      shadow_.reset();
    }
  }
  return result;
}

template <typename F>
auto Simulator::Exec(const std::string& target, F&& f) -> decltype(f(std::declval<Engine&>())) {
  // What the call may not change if it is rejected.
  std::vector<std::pair<std::string, int64_t>> before = engine_->StateSummary();
  std::unique_ptr<Message> target_before;
  if (!target.empty()) target_before = Fetch(target);

  auto result = Call(f);
  Outcome outcome = Outcome::kOk;
  if (!result.ok()) {
    const int http = HttpStatus(result.status());
    outcome = http == 402 ? Outcome::kDeclined : Outcome::kRejected;
    if (!GetStripeError(result.status()).has_value() || http == 500) {
      Violation(absl::StrCat("an error without a Stripe error: ", result.status().ToString()));
    }
  }
  switch (outcome) {
    case Outcome::kOk:
      ++result_->ok;
      break;
    case Outcome::kDeclined:
      ++result_->declined;
      break;
    case Outcome::kRejected:
      ++result_->rejected;
      break;
  }
  if (options_.trace != nullptr) {
    *options_.trace << "  " << target << " -> ";
    if (!result.ok()) {
      *options_.trace << StatusText(result.status());
    } else if constexpr (IsListResult<std::decay_t<decltype(*result)>>::value) {
      *options_.trace << "OK, " << result->data.size() << " items";
    } else {
      *options_.trace << "OK " << TraceText(*result);
    }
    *options_.trace << "\n";
  }
  if (expect_ == Expect::kOk && outcome != Outcome::kOk) {
    Violation(
        absl::StrCat("expected success (", expect_why_, "), got: ", StatusText(result.status())));
  } else if (expect_ == Expect::kRefused && outcome == Outcome::kOk) {
    Violation(absl::StrCat("expected a refusal (", expect_why_, "), got OK"));
  }
  if (outcome == Outcome::kRejected) {
    // A rejected call changes nothing (a 402 decline may: Stripe keeps the failed charge).
    std::vector<std::pair<std::string, int64_t>> after = engine_->StateSummary();
    if (after != before) {
      std::string diff;
      for (size_t i = 0; i < std::min(before.size(), after.size()); ++i) {
        if (before[i] != after[i]) {
          absl::StrAppend(&diff, " ", before[i].first, ": ", before[i].second, " -> ",
                          after[i].second);
        }
      }
      Violation(absl::StrCat("a rejected call changed the state:", diff,
                             " (error: ", StatusText(result.status()), ")"));
    }
    if (target_before != nullptr) {
      std::unique_ptr<Message> target_after = Fetch(target);
      if (target_after == nullptr || !MessageDifferencer::Equals(*target_before, *target_after)) {
        Violation(absl::StrCat("a rejected call changed ", target,
                               " (error: ", StatusText(result.status()), ")"));
      }
    }
  }
  if (result.ok()) {
    if constexpr (IsListResult<std::decay_t<decltype(*result)>>::value) {
      for (const auto& item : result->data) {
        responses_.push_back(std::make_unique<std::decay_t<decltype(item)>>(item));
      }
    } else {
      responses_.push_back(std::make_unique<std::decay_t<decltype(*result)>>(*result));
    }
  }
  if (!target.empty()) touched_.push_back(target);
  return result;
}

template <typename F, typename G>
void Simulator::Record(const RequestOptions& options, F call, G call_other,
                       const std::string& first, const absl::Status& status) {
  if (options.idempotency_key.empty()) return;
  Recorded recorded;
  recorded.key = options.idempotency_key;
  recorded.call = [call](Engine& e, const RequestOptions& o) { return Render(call(e, o)); };
  recorded.call_other = [call_other](Engine& e, const RequestOptions& o) {
    return Render(call_other(e, o));
  };
  recorded.first = first;
  recorded.saved = status.ok() || HttpStatus(status) == 402;
  recorded.at = Now();
  if (recorded_.size() < 32) {
    recorded_.push_back(std::move(recorded));
  } else {
    recorded_[Rand(recorded_.size())] = std::move(recorded);
  }
}

std::unique_ptr<Message> Simulator::Fetch(const std::string& id) {
  auto own = [](auto result) -> std::unique_ptr<Message> {
    if (!result.ok()) return nullptr;
    return std::make_unique<std::decay_t<decltype(*result)>>(*std::move(result));
  };
  if (absl::StartsWith(id, "ch_") || absl::StartsWith(id, "py_")) {  // py_: bank debits
    return own(Call([&](Engine& e) { return e.charges().Retrieve(id); }));
  }
  if (absl::StartsWith(id, "cs_")) {
    return own(Call([&](Engine& e) { return e.checkout_sessions().Retrieve(id); }));
  }
  if (absl::StartsWith(id, "sub_")) {
    return own(Call([&](Engine& e) { return e.subscriptions().Retrieve(id); }));
  }
  if (absl::StartsWith(id, "prod_")) {
    return own(Call([&](Engine& e) { return e.products().Retrieve(id); }));
  }
  if (absl::StartsWith(id, "price_")) {
    return own(Call([&](Engine& e) { return e.prices().Retrieve(id); }));
  }
  if (absl::StartsWith(id, "cus_")) {
    return own(Call([&](Engine& e) { return e.customers().Retrieve(id); }));
  }
  if (absl::StartsWith(id, "pm_") && !absl::StartsWith(id, "pm_card_")) {
    return own(Call([&](Engine& e) { return e.payment_methods().Retrieve(id); }));
  }
  if (absl::StartsWith(id, "re_")) {
    return own(Call([&](Engine& e) { return e.refunds().Retrieve(id); }));
  }
  if (absl::StartsWith(id, "pi_")) {
    return own(Call([&](Engine& e) { return e.payment_intents().Retrieve(id); }));
  }
  if (absl::StartsWith(id, "seti_")) {
    return own(Call([&](Engine& e) { return e.setup_intents().Retrieve(id); }));
  }
  if (absl::StartsWith(id, "tok_")) {
    return own(Call([&](Engine& e) { return e.tokens().Retrieve(id); }));
  }
  if (absl::StartsWith(id, "txn_")) {
    return own(Call([&](Engine& e) { return e.balance().RetrieveTransaction(id); }));
  }
  return nullptr;
}

void Simulator::Violation(const std::string& what) {
  ++result_->violations;
  std::string report =
      absl::StrCat("seed ", options_.seed, " step ", step_, " (epoch ", epoch_, "): ", what);
  if (options_.log != nullptr) *options_.log << "VIOLATION " << report << "\n";
  if (static_cast<int>(result_->reports.size()) < options_.max_reports) {
    result_->reports.push_back(std::move(report));
  }
}

void Simulator::NewEngine(int64_t epoch) {
  // Each epoch: its own seed (from the run's seed and the epoch) and API version.
  std::seed_seq seq{static_cast<uint32_t>(options_.seed),
                    static_cast<uint32_t>(options_.seed >> 32), static_cast<uint32_t>(epoch),
                    static_cast<uint32_t>(epoch >> 32)};
  rng_.seed(seq);
  clock_ = std::make_unique<FakeClock>();
  static constexpr absl::string_view kVersions[] = {kLatestApiVersion, kLatestApiVersion,
                                                    "2025-03-31.basil", "2024-06-20"};
  EngineOptions engine_options;
  engine_options.clock = clock_.get();
  engine_options.seed = rng_();
  engine_options.api_version = std::string(kVersions[Rand(std::size(kVersions))]);
  engine_ = std::make_unique<Engine>(engine_options);
  shadow_.reset();
  shadow_clock_.reset();
  for (Pool* pool : {&tokens_, &customers_, &payment_methods_, &charges_, &holds_, &refunds_,
                     &payment_intents_, &setup_intents_, &events_, &sessions_}) {
    pool->Clear();
  }
  deadlines_.clear();
  recorded_.clear();
  next_key_ = 0;
  charges_model_.clear();
  terminal_.clear();
  refunds_seen_.clear();
  last_event_.clear();
  last_transaction_.clear();
  balance_.clear();
  pending_ = decltype(pending_)();
}

void Simulator::RunEpoch(int64_t epoch, int64_t first, int64_t last) {
  epoch_ = epoch;
  NewEngine(epoch);
  ++result_->epochs;
  for (int64_t step = first; step < last; ++step) Step(step);
  if (shadow_ != nullptr) EndSideBySide();
  if (options_.audit_epochs) {
    absl::Status audit = AuditEngine(*engine_);
    if (!audit.ok()) Violation(absl::StrCat("audit: ", audit.message()));
  }
}

void Simulator::Step(int64_t step) {
  step_ = step;
  ++result_->steps;
  expect_ = Expect::kAny;
  expect_why_.clear();
  clock_moved_ = false;
  replaying_ = false;
  touched_.clear();
  responses_.clear();
  FireTimers();  // what falls due fires before the step's state is read

  static const int total = TotalWeight();
  int pick = static_cast<int>(Rand(total));
  const Op* op = &kOps[0];
  for (const Op& candidate : kOps) {
    if (pick < candidate.weight) {
      op = &candidate;
      break;
    }
    pick -= candidate.weight;
  }
  ++result_->op_counts[op->name];
  if (options_.trace != nullptr) *options_.trace << "step " << step << ": " << op->name << "\n";
  (this->*op->run)();
  AfterStep();

  if (shadow_ != nullptr && step_ >= shadow_until_) EndSideBySide();
  if (shadow_ == nullptr && options_.snapshot_rate > 0 &&
      std::uniform_real_distribution<double>(0, 1)(rng_) < options_.snapshot_rate) {
    StartSideBySide();
  }
}

void Simulator::FireTimers() {
  engine_->FireDueTimers();
  if (shadow_ != nullptr) shadow_->FireDueTimers();
}

void Simulator::StartSideBySide() {
  ++result_->snapshots;
  absl::StatusOr<EngineSnapshot> snapshot = engine_->Snapshot();
  if (!snapshot.ok()) {
    Violation(absl::StrCat("Snapshot failed: ", snapshot.status().ToString()));
    return;
  }
  // Through bytes, as a saved file would be.
  EngineSnapshot parsed;
  if (!parsed.ParseFromString(snapshot->SerializeAsString())) {
    Violation("the snapshot does not parse back from its bytes");
    return;
  }
  shadow_clock_ = std::make_unique<FakeClock>(clock_->Now());
  EngineOptions options;
  options.clock = shadow_clock_.get();
  absl::StatusOr<std::unique_ptr<Engine>> restored = Engine::Restore(parsed, options);
  if (!restored.ok()) {
    Violation(absl::StrCat("Restore failed: ", restored.status().ToString()));
    return;
  }
  shadow_ = *std::move(restored);
  if (shadow_->StateSummary() != engine_->StateSummary()) {
    Violation("the restored engine's state summary differs from the original's");
  }
  shadow_until_ = step_ + 1 + static_cast<int64_t>(Rand(options_.side_by_side_steps));
}

void Simulator::EndSideBySide() {
  if (shadow_->StateSummary() != engine_->StateSummary()) {
    Violation("after running side by side, the state summaries differ");
  }
  // Carry on with either: the restored engine must be as good as the original.
  if (Chance(50)) {
    engine_ = std::move(shadow_);
    clock_ = std::move(shadow_clock_);
  }
  shadow_.reset();
  shadow_clock_.reset();
}

// ---- after each step: read what happened, check it ----

void Simulator::AfterStep() {
  ReadNewEvents();
  for (const auto& response : responses_) Observe(*response, /*current=*/false);
  ReadNewTransactions();
  // Re-read every touched object: current state, checked against the model.
  std::sort(touched_.begin(), touched_.end());
  touched_.erase(std::unique(touched_.begin(), touched_.end()), touched_.end());
  for (const std::string& id : touched_) {
    if (absl::StartsWith(id, "cus_") || absl::StartsWith(id, "txn_")) continue;  // by events
    std::unique_ptr<Message> current = Fetch(id);
    if (current != nullptr) Observe(*current, /*current=*/true);
  }
  CheckBalance();
}

void Simulator::ReadNewEvents() {
  // The events emitted since the last read, oldest first.
  std::vector<Event> fresh;
  for (;;) {
    EventListParams params;
    params.set_limit(100);
    if (!last_event_.empty()) params.set_ending_before(last_event_);
    absl::StatusOr<ListResult<Event>> page =
        Call([&](Engine& e) { return e.events().List(params); });
    if (!page.ok()) {
      Violation(absl::StrCat("listing new events failed: ", StatusText(page.status())));
      return;
    }
    if (page->data.empty()) break;
    if (last_event_.empty() && page->has_more) {
      Violation("more than 100 events before the first read");
      return;
    }
    // ending_before pages are newest first, holding the events just after the cursor.
    for (auto it = page->data.rbegin(); it != page->data.rend(); ++it) fresh.push_back(*it);
    last_event_ = page->data.front().id();
    if (!page->has_more) break;
  }
  // The newest event of each object in this step must carry the object's current state.
  absl::flat_hash_map<std::string, const Event*> newest;
  for (const Event& event : fresh) {
    ObserveEvent(event);
    events_.Add(event.id(), rng_);
    const StripeObject& object = event.data().object();
    const Message* inner = nullptr;
    const FieldDescriptor* field = nullptr;
    std::vector<const FieldDescriptor*> set;
    object.GetReflection()->ListFields(object, &set);
    if (!set.empty()) field = set[0];
    if (field != nullptr) inner = &object.GetReflection()->GetMessage(object, field);
    if (inner == nullptr) {
      Violation(absl::StrCat("event ", event.id(), " (", event.type(), ") carries no object"));
      continue;
    }
    const FieldDescriptor* id_field = inner->GetDescriptor()->FindFieldByName("id");
    if (id_field == nullptr) continue;  // balance.available carries the Balance (no id)
    newest[inner->GetReflection()->GetString(*inner, id_field)] = &event;
  }
  for (const auto& [id, event] : newest) {
    const StripeObject& object = event->data().object();
    std::vector<const FieldDescriptor*> set;
    object.GetReflection()->ListFields(object, &set);
    const Message& inner = object.GetReflection()->GetMessage(object, set[0]);
    if (event->type() == "customer.deleted") {
      if (Fetch(id) != nullptr) Violation(absl::StrCat("deleted customer ", id, " still found"));
      continue;
    }
    std::unique_ptr<Message> current = Fetch(id);
    if (current == nullptr) {
      Violation(absl::StrCat("object ", id, " of event ", event->id(), " cannot be read"));
      continue;
    }
    if (!SameRendered(inner, *current)) {
      Violation(absl::StrCat(
          "event ", event->id(), " (", event->type(), ") carries a state of ", id,
          " other than its current one:\n  event:   ", RenderJson(inner).substr(0, 3000),
          "\n  current: ", RenderJson(*current).substr(0, 3000)));
    }
    touched_.push_back(id);
  }
}

void Simulator::ObserveEvent(const Event& event) {
  const StripeObject& object = event.data().object();
  switch (object.kind_case()) {
    case StripeObject::kCharge:
      Observe(object.charge(), /*current=*/false);
      // Charges made by PaymentIntents join the pools too: the Charges and Refunds APIs act on
      // them as well.
      if (event.type() == "charge.succeeded" || event.type() == "charge.failed" ||
          event.type() == "charge.pending") {
        charges_.Add(object.charge().id(), rng_);
        if (!object.charge().captured() && event.type() == "charge.succeeded") {
          holds_.Add(object.charge().id(), rng_);
        }
      }
      break;
    case StripeObject::kCustomer:
      Observe(object.customer(), false);
      if (event.type() == "customer.deleted") terminal_[object.customer().id()] |= kDeleted;
      break;
    case StripeObject::kPaymentMethod:
      Observe(object.payment_method(), false);
      if (event.type() == "payment_method.attached") {
        payment_methods_.Add(object.payment_method().id(), rng_);
      }
      break;
    case StripeObject::kRefund: {
      const Refund& refund = object.refund();
      if (event.type() == "refund.created" && refunds_seen_.insert(refund.id()).second) {
        ChargeModel& model = charges_model_[refund.charge()];
        if (refund.has_balance_transaction()) {
          model.refunds_of_captured += refund.amount();
          // The refund's balance transaction: negative, available at once.
          absl::StatusOr<BalanceTransaction> txn = Call([&](Engine& e) {
            return e.balance().RetrieveTransaction(refund.balance_transaction());
          });
          if (!txn.ok() || txn->amount() != -refund.amount() || txn->net() != -refund.amount() ||
              txn->source() != refund.id() || txn->type() != "refund") {
            Violation(absl::StrCat("refund ", refund.id(),
                                   ": its balance transaction does not "
                                   "match (",
                                   txn.ok() ? RenderJson(*txn) : "missing", ")"));
          }
        } else {
          model.refunds_released += refund.amount();
        }
        refunds_.Add(refund.id(), rng_);
      }
      break;
    }
    case StripeObject::kPaymentIntent:
      Observe(object.payment_intent(), false);
      // Intents made by Checkout join the pools: the intent APIs act on them too.
      if (event.type() == "payment_intent.created") {
        payment_intents_.Add(object.payment_intent().id(), rng_);
      }
      break;
    case StripeObject::kSetupIntent:
      Observe(object.setup_intent(), false);
      if (event.type() == "setup_intent.created") {
        setup_intents_.Add(object.setup_intent().id(), rng_);
      }
      break;
    case StripeObject::kCheckoutSession:
      Observe(object.checkout_session(), false);
      break;
    default:
      break;
  }
}

// Terminal states never change; `current` objects are also checked in full (charges).
void Simulator::Observe(const Message& object, bool current) {
  auto terminal = [&](const std::string& id, uint8_t now_bits, uint8_t sticky,
                      absl::string_view what) {
    uint8_t& seen = terminal_[id];
    const uint8_t lost = static_cast<uint8_t>(seen & sticky & ~now_bits);
    if (lost != 0) Violation(absl::StrCat(id, " left a terminal state (", what, ")"));
    seen |= now_bits;
  };
  if (const auto* charge = dynamic_cast<const Charge*>(&object)) {
    ChargeModel& model = charges_model_[charge->id()];
    model.amount = charge->amount();
    const uint8_t bits = charge->status() == "failed" ? kFailed : 0;
    terminal(charge->id(), bits, kFailed, "failed charge no longer failed");
    if (model.failed && charge->status() != "failed") {
      Violation(absl::StrCat(charge->id(), ": a failed charge changed status"));
    }
    model.failed = model.failed || charge->status() == "failed";
    if (model.amount_captured >= 0 &&
        (!charge->captured() || charge->amount_captured() != model.amount_captured ||
         charge->status() != "succeeded")) {
      Violation(absl::StrCat(charge->id(), ": a captured charge changed its capture (",
                             model.amount_captured, " -> ", charge->amount_captured(), ")"));
    }
    if (charge->captured() && charge->status() == "succeeded") {
      model.amount_captured = charge->amount_captured();
    }
    if (model.released && !charge->authorization_released()) {
      Violation(absl::StrCat(charge->id(), ": a released authorization came back"));
    }
    model.released = model.released || charge->authorization_released();
    if (current) CheckCharge(*charge);
    return;
  }
  if (const auto* pi = dynamic_cast<const PaymentIntent*>(&object)) {
    const uint8_t bits = pi->status() == "succeeded"  ? kSucceeded
                         : pi->status() == "canceled" ? kCanceled
                                                      : 0;
    terminal(pi->id(), bits, kSucceeded | kCanceled,
             absl::StrCat("PaymentIntent now ", pi->status()));
    if (pi->status() == "requires_capture" || pi->status() == "succeeded") {
      if (!pi->has_latest_charge()) Violation(absl::StrCat(pi->id(), ": paid without a charge"));
    }
    if (pi->amount_capturable() < 0 || pi->amount_received() > pi->amount() ||
        (pi->status() != "requires_capture" && pi->amount_capturable() != 0)) {
      Violation(absl::StrCat(pi->id(), ": inconsistent amounts in status ", pi->status()));
    }
    return;
  }
  if (const auto* si = dynamic_cast<const SetupIntent*>(&object)) {
    const uint8_t bits = si->status() == "succeeded"  ? kSucceeded
                         : si->status() == "canceled" ? kCanceled
                                                      : 0;
    terminal(si->id(), bits, kSucceeded | kCanceled,
             absl::StrCat("SetupIntent now ", si->status()));
    return;
  }
  if (const auto* pm = dynamic_cast<const PaymentMethod*>(&object)) {
    terminal(pm->id(), pm->detached() ? kDetached : 0, kDetached,
             "detached PaymentMethod attached again");
    if (pm->detached() && pm->has_customer()) {
      Violation(absl::StrCat(pm->id(), ": detached but still has a customer"));
    }
    return;
  }
  if (const auto* token = dynamic_cast<const Token*>(&object)) {
    const uint8_t bits =
        static_cast<uint8_t>((token->used() ? kUsed : 0) | (token->expired() ? kExpired : 0));
    terminal(token->id(), bits, kUsed | kExpired, "token used or expired, then not");
    if (!token->used() && !token->expired() && Now() >= token->created() + 600) {
      Violation(absl::StrCat(token->id(), ": unused token outlived its 10 minutes"));
    }
    return;
  }
  if (const auto* session = dynamic_cast<const CheckoutSession*>(&object)) {
    // open -> complete | expired, once.
    const uint8_t bits = session->status() == "complete"  ? kSucceeded
                         : session->status() == "expired" ? kCanceled
                                                          : 0;
    terminal(session->id(), bits, kSucceeded | kCanceled,
             absl::StrCat("Checkout Session now ", session->status()));
    if (session->status() != "complete" && session->payment_status() == "paid") {
      Violation(absl::StrCat(session->id(), ": paid but ", session->status()));
    }
    return;
  }
  if (const auto* customer = dynamic_cast<const Customer*>(&object)) {
    auto it = terminal_.find(customer->id());
    if (current && it != terminal_.end() && (it->second & kDeleted)) {
      Violation(absl::StrCat(customer->id(), ": a deleted customer is found again"));
    }
    return;
  }
}

void Simulator::CheckCharge(const Charge& c) {
  const ChargeModel& model = charges_model_[c.id()];
  const int64_t now = Now();
  auto fail = [&](absl::string_view what) {
    Violation(absl::StrCat(c.id(), ": ", what, "\n  ", RenderJson(c)));
  };
  const bool card = c.payment_method_details().type() == "card";
  if (c.status() == "failed") {
    // A failed bank debit keeps captured (it had no separate authorization); no money moved.
    if ((card && (c.captured() || c.amount_captured() != 0)) || c.amount_refunded() != 0 ||
        c.paid() || c.has_balance_transaction() || model.refunds_of_captured != 0) {
      fail("a failed charge moved money");
    }
    return;
  }
  if (c.status() == "pending") {
    // A bank debit on its way: nothing received yet, so nothing to refund.
    if (card || !c.captured() || c.amount_captured() != c.amount() || c.paid() ||
        c.has_balance_transaction() || c.amount_refunded() != 0) {
      fail("a pending charge moved money");
    }
    return;
  }
  if (c.status() != "succeeded") return fail("status neither succeeded, pending nor failed");
  if (!c.paid()) fail("succeeded but not paid");
  // captured + released + still held = authorized
  int64_t held = 0;
  int64_t released = 0;
  if (c.captured()) {
    if (c.amount_captured() <= 0 || c.amount_captured() > c.amount()) fail("bad amount_captured");
    released = c.amount() - c.amount_captured();
    if (!c.has_balance_transaction()) fail("captured without a balance transaction");
  } else {
    if (c.amount_captured() != 0) fail("uncaptured with amount_captured");
    if (c.authorization_released()) {
      released = c.amount();
    } else {
      held = c.amount();
      const int64_t capture_before = c.payment_method_details().card().capture_before();
      if (now >= capture_before) {
        fail(absl::StrCat("an open hold outlived capture_before (now ", now, ")"));
      }
      deadlines_.push_back(capture_before);
    }
  }
  if (c.amount_captured() + released + held != c.amount()) fail("captured + released != amount");
  // Refunds: of captured funds at most what was captured; released ones (before basil) exactly
  // the released amount or nothing.
  if (model.refunds_of_captured > c.amount_captured()) fail("refunded more than captured");
  if (model.refunds_of_captured != c.refunded_from_captured()) {
    fail(absl::StrCat("refunds of captured funds seen ", model.refunds_of_captured,
                      " != refunded_from_captured"));
  }
  if (model.refunds_released != 0 && model.refunds_released != released) {
    fail(absl::StrCat("released refunds ", model.refunds_released, " != released ", released));
  }
  if (c.amount_refunded() != model.refunds_of_captured + model.refunds_released) {
    fail(absl::StrCat("amount_refunded != sum of its refunds (", model.refunds_of_captured, " + ",
                      model.refunds_released, ")"));
  }
  const bool refunded = c.amount_refunded() >= c.amount() ||
                        (c.captured() && c.refunded_from_captured() >= c.amount_captured());
  if (c.refunded() != refunded) fail("`refunded` does not match the refunds");
  if (c.captured() && !model.transaction_checked) {
    charges_model_[c.id()].transaction_checked = true;
    absl::StatusOr<BalanceTransaction> txn =
        Call([&](Engine& e) { return e.balance().RetrieveTransaction(c.balance_transaction()); });
    if (!txn.ok() || txn->amount() != c.amount_captured() || txn->source() != c.id() ||
        txn->fee() != CardFee(c.amount_captured()) ||
        txn->net() != c.amount_captured() - txn->fee() || txn->currency() != c.currency() ||
        txn->type() != "charge") {
      fail(absl::StrCat("its balance transaction does not match: ",
                        txn.ok() ? RenderJson(*txn) : StatusText(txn.status())));
    }
  }
}

void Simulator::ReadNewTransactions() {
  std::vector<BalanceTransaction> fresh;
  for (;;) {
    BalanceTransactionListParams params;
    params.set_limit(100);
    if (!last_transaction_.empty()) params.set_ending_before(last_transaction_);
    absl::StatusOr<ListResult<BalanceTransaction>> page =
        Call([&](Engine& e) { return e.balance().ListTransactions(params); });
    if (!page.ok()) {
      Violation(absl::StrCat("listing balance transactions failed: ", StatusText(page.status())));
      return;
    }
    if (page->data.empty()) break;
    if (last_transaction_.empty() && page->has_more) {
      Violation("more than 100 balance transactions before the first read");
      return;
    }
    for (auto it = page->data.rbegin(); it != page->data.rend(); ++it) fresh.push_back(*it);
    last_transaction_ = page->data.front().id();
    if (!page->has_more) break;
  }
  const int64_t now = Now();
  for (const BalanceTransaction& txn : fresh) {
    const bool available = txn.available_on() <= now;
    if (txn.status() != (available ? "available" : "pending")) {
      Violation(absl::StrCat(txn.id(), " is ", txn.status(), " with available_on ",
                             txn.available_on(), " at ", now));
    }
    if (txn.net() != txn.amount() - txn.fee())
      Violation(absl::StrCat(txn.id(), ": net != amount - fee"));
    Totals& totals = balance_[txn.currency()];
    if (available) {
      totals.available += txn.net();
    } else {
      totals.pending += txn.net();
      pending_.emplace(txn.available_on(), txn.currency(), txn.net());
      deadlines_.push_back(txn.available_on());
    }
    // Every transaction belongs to a charge or a refund that names it.
    const bool of_charge =
        absl::StartsWith(txn.source(), "ch_") || absl::StartsWith(txn.source(), "py_");
    if (!(of_charge ? txn.type() == "charge" : absl::StartsWith(txn.source(), "re_"))) {
      Violation(absl::StrCat(txn.id(), ": unexpected source ", txn.source()));
    }
    touched_.push_back(txn.source());
  }
}

// The balance, per currency, is the sum of the transactions' nets: available once available_on
// has passed, pending before.
void Simulator::CheckBalance() {
  const int64_t now = Now();
  while (!pending_.empty() && std::get<0>(pending_.top()) <= now) {
    const auto& [on, currency, net] = pending_.top();
    Totals& totals = balance_[currency];
    totals.pending -= net;
    totals.available += net;
    pending_.pop();
  }
  absl::StatusOr<Balance> balance = Call([&](Engine& e) { return e.balance().Retrieve(); });
  if (!balance.ok()) {
    Violation(absl::StrCat("balance: ", StatusText(balance.status())));
    return;
  }
  auto check = [&](const google::protobuf::RepeatedPtrField<BalanceAmount>& amounts,
                   bool available) {
    for (const BalanceAmount& amount : amounts) {
      auto it = balance_.find(amount.currency());
      const int64_t expected =
          it == balance_.end() ? 0 : (available ? it->second.available : it->second.pending);
      if (amount.amount() != expected) {
        Violation(absl::StrCat("balance ", available ? "available" : "pending", " ",
                               amount.currency(), " is ", amount.amount(),
                               ", the transactions sum to ", expected));
      }
    }
  };
  check(balance->available(), true);
  check(balance->pending(), false);
  for (const auto& [currency, totals] : balance_) {
    bool listed = false;
    for (const BalanceAmount& amount : balance->available())
      listed |= amount.currency() == currency;
    if (!listed && (totals.available != 0 || totals.pending != 0)) {
      Violation(absl::StrCat("balance does not list ", currency));
    }
  }
}

// ---- operations ----

void Simulator::TokenCreate() {
  TokenCreateParams params;
  CardParams* card = params.mutable_card();
  absl::Span<const TestCard> cards = AllTestCards();
  const TestCard& test_card = cards[Rand(cards.size())];
  card->set_number(std::string(test_card.number));
  const int64_t year = absl::ToCivilYear(clock_->Now(), absl::UTCTimeZone()).year();
  card->set_exp_month(1 + static_cast<int32_t>(Rand(12)));
  card->set_exp_year(static_cast<int32_t>(year + 1 + static_cast<int64_t>(Rand(5))));
  if (Chance(80)) card->set_cvc(test_card.brand == "amex" ? "1234" : "123");
  if (Chance(20)) card->set_name("Jenny Rosen");
  switch (Rand(12)) {
    case 0:
      params.clear_card();
      expect_ = Expect::kRefused, expect_why_ = "no card";
      break;
    case 1:
      card->set_number("4242424242424241");  // fails Luhn
      expect_ = Expect::kRefused, expect_why_ = "Luhn";
      break;
    case 2:
      card->set_exp_month(13);
      expect_ = Expect::kRefused, expect_why_ = "month 13";
      break;
    case 3:
      card->set_exp_year(static_cast<int32_t>(year - 1));
      expect_ = Expect::kRefused, expect_why_ = "expired";
      break;
    default:
      break;
  }
  RequestOptions options = Options();
  if (Chance(15)) options.idempotency_key = absl::StrCat("key", next_key_++);
  auto call = [params](Engine& e, const RequestOptions& o) { return e.tokens().Create(params, o); };
  absl::StatusOr<Token> token = Exec("", [&](Engine& e) { return call(e, options); });
  if (token.ok()) {
    tokens_.Add(token->id(), rng_);
    deadlines_.push_back(token->created() + 600);
  }
  TokenCreateParams other = params;
  other.mutable_card()->set_name("Other Name");
  Record(
      options, call,
      [other](Engine& e, const RequestOptions& o) { return e.tokens().Create(other, o); },
      Render(token), token.status());
}

void Simulator::TokenRetrieve() {
  const std::string id = Pick(tokens_, "tok_");
  Do(id, [&](Engine& e) { return e.tokens().Retrieve(id); });
}

void Simulator::CustomerCreate() {
  CustomerCreateParams params;
  if (Chance(60)) params.set_email(absl::StrCat("c", Rand(100), "@example.com"));
  if (Chance(40)) params.set_name("Jenny Rosen");
  if (Chance(20)) params.set_description("a customer");
  RandomMetadata(params.mutable_metadata());
  switch (Rand(8)) {
    case 0:
      params.set_source(Chance(70) ? AliasWithPrefix("tok_") : Pick(tokens_, "tok_"));
      break;
    case 1: {
      params.set_payment_method(Chance(60) ? AliasWithPrefix("pm_card_")
                                           : Pick(payment_methods_, "pm_"));
      if (Chance(50)) {
        params.mutable_invoice_settings()->set_default_payment_method(params.payment_method());
      }
      break;
    }
    default:
      break;
  }
  if (Chance(5)) {
    params.set_email("not-an-email");
    expect_ = Expect::kRefused, expect_why_ = "bad email";
  } else if (Chance(3)) {
    for (int i = 0; i < 51; ++i) (*params.mutable_metadata())[absl::StrCat("m", i)] = "v";
    expect_ = Expect::kRefused, expect_why_ = "51 metadata keys";
  }
  RequestOptions options = Options();
  if (Chance(15)) options.idempotency_key = absl::StrCat("key", next_key_++);
  auto call = [params](Engine& e, const RequestOptions& o) {
    return e.customers().Create(params, o);
  };
  absl::StatusOr<Customer> customer = Exec("", [&](Engine& e) { return call(e, options); });
  if (customer.ok()) customers_.Add(customer->id(), rng_);
  CustomerCreateParams other = params;
  other.set_name("Someone Else");
  Record(
      options, call,
      [other](Engine& e, const RequestOptions& o) { return e.customers().Create(other, o); },
      Render(customer), customer.status());
}

void Simulator::CustomerUpdate() {
  const std::string id = Pick(customers_, "cus_");
  CustomerUpdateParams params;
  if (Chance(40)) params.set_email(Chance(20) ? "" : absl::StrCat("u", Rand(100), "@example.com"));
  if (Chance(30)) params.set_name(Chance(20) ? "" : "New Name");
  RandomMetadata(params.mutable_metadata());
  if (Chance(15)) params.set_source(Chance(70) ? AliasWithPrefix("tok_") : Pick(tokens_, "tok_"));
  if (Chance(15)) {
    params.mutable_invoice_settings()->set_default_payment_method(
        Chance(10) ? "" : Pick(payment_methods_, "pm_"));
  }
  if (Chance(5)) {
    params.set_default_source("card_missing");
    expect_ = Expect::kRefused, expect_why_ = "unknown default_source";
  }
  Do(id, [&](Engine& e) { return e.customers().Update(id, params); });
}

void Simulator::CustomerDelete() {
  const std::string id = Pick(customers_, "cus_");
  Do(id, [&](Engine& e) { return e.customers().Delete(id); });
}

void Simulator::CustomerRetrieve() {
  const std::string id = Pick(customers_, "cus_");
  auto it = terminal_.find(id);
  if (it != terminal_.end() && (it->second & kDeleted)) {
    expect_ = Expect::kRefused, expect_why_ = "deleted customer";
  }
  Do(id, [&](Engine& e) { return e.customers().Retrieve(id); });
}

void Simulator::PaymentMethodCreate() {
  PaymentMethodCreateParams params;
  params.set_type("card");
  CardParams* card = params.mutable_card();
  if (Chance(40)) {
    card->set_token(Chance(50) ? AliasWithPrefix("tok_") : Pick(tokens_, "tok_"));
  } else {
    absl::Span<const TestCard> cards = AllTestCards();
    const TestCard& test_card = cards[Rand(cards.size())];
    card->set_number(std::string(test_card.number));
    const int64_t year = absl::ToCivilYear(clock_->Now(), absl::UTCTimeZone()).year();
    card->set_exp_month(1 + static_cast<int32_t>(Rand(12)));
    card->set_exp_year(static_cast<int32_t>(year + 1 + static_cast<int64_t>(Rand(5))));
    if (Chance(70)) card->set_cvc(test_card.brand == "amex" ? "1234" : "123");
  }
  if (Chance(20)) params.set_allow_redisplay(Chance(50) ? "always" : "limited");
  if (Chance(20)) params.mutable_billing_details()->set_name("Jenny Rosen");
  if (Chance(5)) {
    params.set_type("sepa_debit");
    expect_ = Expect::kRefused, expect_why_ = "type sepa_debit";
  } else if (Chance(3)) {
    params.set_allow_redisplay("sometimes");
    expect_ = Expect::kRefused, expect_why_ = "allow_redisplay";
  }
  RequestOptions options = Options();
  if (Chance(15)) options.idempotency_key = absl::StrCat("key", next_key_++);
  auto call = [params](Engine& e, const RequestOptions& o) {
    return e.payment_methods().Create(params, o);
  };
  absl::StatusOr<PaymentMethod> pm = Exec("", [&](Engine& e) { return call(e, options); });
  if (pm.ok()) payment_methods_.Add(pm->id(), rng_);
  PaymentMethodCreateParams other = params;
  other.mutable_billing_details()->set_name("Other Name");
  Record(
      options, call,
      [other](Engine& e, const RequestOptions& o) { return e.payment_methods().Create(other, o); },
      Render(pm), pm.status());
}

void Simulator::PaymentMethodAttach() {
  const std::string id = Chance(25) ? AliasWithPrefix("pm_card_") : Pick(payment_methods_, "pm_");
  PaymentMethodAttachParams params;
  if (Chance(95)) {
    params.set_customer(Pick(customers_, "cus_"));
  } else {
    expect_ = Expect::kRefused, expect_why_ = "no customer";
  }
  auto it = terminal_.find(id);
  if (it != terminal_.end() && (it->second & kDetached)) {
    expect_ = Expect::kRefused, expect_why_ = "detached PaymentMethod";
  }
  absl::StatusOr<PaymentMethod> pm =
      Exec(absl::StartsWith(id, "pm_card_") ? "" : id,
           [&](Engine& e) { return e.payment_methods().Attach(id, params); });
  if (pm.ok()) payment_methods_.Add(pm->id(), rng_);
}

void Simulator::PaymentMethodDetach() {
  const std::string id = Pick(payment_methods_, "pm_");
  Do(id, [&](Engine& e) { return e.payment_methods().Detach(id); });
}

void Simulator::PaymentMethodUpdate() {
  const std::string id = Pick(payment_methods_, "pm_");
  PaymentMethodUpdateParams params;
  RandomMetadata(params.mutable_metadata());
  if (Chance(30)) params.mutable_billing_details()->set_name("Updated Name");
  if (Chance(20)) params.mutable_card()->set_exp_month(1 + static_cast<int32_t>(Rand(13)));
  Do(id, [&](Engine& e) { return e.payment_methods().Update(id, params); });
}

void Simulator::PaymentMethodRetrieve() {
  const std::string id = Pick(payment_methods_, "pm_");
  Do(id, [&](Engine& e) { return e.payment_methods().Retrieve(id); });
}

void Simulator::ChargeCreate() {
  ChargeCreateParams params;
  const std::string currency = Currency();
  params.set_currency(currency);
  params.set_amount(Amount(currency));
  const bool capture = Chance(50);
  if (!capture || Chance(30)) params.set_capture(capture);
  const TestCard* card = nullptr;
  switch (Rand(10)) {
    case 0:
    case 1:
    case 2:
    case 3:
    case 4: {
      params.set_source(Alias());  // every test card alias, tok_* and pm_card_*
      card = FindTestCardByAlias(params.source());
      break;
    }
    case 5:
      params.set_source(Pick(tokens_, "tok_"));
      break;
    case 6:
      params.set_source(Pick(payment_methods_, "pm_"));
      break;
    case 7:
      params.set_customer(Pick(customers_, "cus_"));
      break;
    case 8:
      params.set_customer(Pick(customers_, "cus_"));
      params.set_source(Pick(payment_methods_, "pm_"));
      break;
    default:
      params.set_source(AliasWithPrefix("tok_"));
      card = FindTestCardByAlias(params.source());
      break;
  }
  if (Chance(20)) params.set_description("order");
  RandomMetadata(params.mutable_metadata());
  if (Chance(10)) params.set_statement_descriptor_suffix("ORDER 42");
  if (card != nullptr) {
    expect_ = card->charge_outcome == CardOutcome::kSucceeded ? Expect::kOk : Expect::kRefused;
    expect_why_ = absl::StrCat("test card ", params.source());
  }
  switch (Rand(16)) {
    case 0:
      params.set_amount(FindCurrency(currency)->minimum_amount - 1);
      expect_ = Expect::kRefused, expect_why_ = "amount below the minimum";
      break;
    case 1:
      params.set_amount(kMaxChargeAmount + 1);
      expect_ = Expect::kRefused, expect_why_ = "amount above the maximum";
      break;
    case 2:
      params.set_currency("xyz");
      expect_ = Expect::kRefused, expect_why_ = "currency xyz";
      break;
    case 3:
      params.clear_amount();
      expect_ = Expect::kRefused, expect_why_ = "no amount";
      break;
    case 4:
      params.set_statement_descriptor("<bad>");
      expect_ = Expect::kRefused, expect_why_ = "descriptor <bad>";
      break;
    case 5:
      params.set_receipt_email("nope");
      expect_ = Expect::kRefused, expect_why_ = "receipt_email nope";
      break;
    case 6:
      (*params.mutable_metadata())[std::string(41, 'k')] = "v";
      expect_ = Expect::kRefused, expect_why_ = "metadata key of 41 characters";
      break;
    default:
      break;
  }
  RequestOptions options = Options();
  if (Chance(15)) options.idempotency_key = absl::StrCat("key", next_key_++);
  auto call = [params](Engine& e, const RequestOptions& o) {
    return e.charges().Create(params, o);
  };
  absl::StatusOr<Charge> charge = Exec("", [&](Engine& e) { return call(e, options); });
  std::string id;
  if (charge.ok()) {
    id = charge->id();
  } else if (absl::optional<StripeError> error = GetStripeError(charge.status())) {
    id = error->charge();
  }
  if (!id.empty()) {
    charges_.Add(id, rng_);
    if (charge.ok() && !charge->captured()) holds_.Add(id, rng_);
    touched_.push_back(id);
  }
  ChargeCreateParams other = params;
  other.set_description("another order");
  Record(
      options, call,
      [other](Engine& e, const RequestOptions& o) { return e.charges().Create(other, o); },
      Render(charge), charge.status());
}

void Simulator::ChargeCapture() {
  const std::string id = Chance(70) ? Pick(holds_, "ch_") : Pick(charges_, "ch_");
  ChargeCaptureParams params;
  absl::StatusOr<Charge> before = Call([&](Engine& e) { return e.charges().Retrieve(id); });
  if (before.ok()) {
    const Charge& c = *before;
    const CurrencyInfo* currency = FindCurrency(c.currency());
    // A PaymentIntent's charge is captured through the intent, not the Charges API.
    const bool open = c.status() == "succeeded" && !c.captured() && !c.authorization_released() &&
                      !c.has_payment_intent();
    const int64_t min = currency->minimum_amount;
    switch (Rand(5)) {
      case 0:
        params.set_amount(c.amount() + 1);
        expect_ = Expect::kRefused, expect_why_ = "capture more than the amount";
        break;
      case 1:
      case 2:
        if (c.amount() > min) {
          params.set_amount(min + static_cast<int64_t>(Rand(c.amount() - min + 1)));
        }
        [[fallthrough]];
      default:
        if (open) expect_ = Expect::kOk, expect_why_ = "capture of an open hold";
        if (!open) expect_ = Expect::kRefused, expect_why_ = "not an open hold";
        break;
    }
  }
  Do(id, [&](Engine& e) { return e.charges().Capture(id, params); });
}

void Simulator::ChargeUpdate() {
  const std::string id = Pick(charges_, "ch_");
  ChargeUpdateParams params;
  if (Chance(50)) params.set_description(absl::StrCat("updated ", Rand(10)));
  RandomMetadata(params.mutable_metadata());
  if (Chance(5)) {
    params.set_receipt_email("bad");
    expect_ = Expect::kRefused, expect_why_ = "receipt_email bad";
  }
  Do(id, [&](Engine& e) { return e.charges().Update(id, params); });
}

void Simulator::ChargeRetrieve() {
  const std::string id = Pick(charges_, "ch_");
  Do(id, [&](Engine& e) { return e.charges().Retrieve(id); });
}

void Simulator::RefundCreate() {
  RefundCreateParams params;
  const std::string id = Pick(charges_, "ch_");
  params.set_charge(id);
  absl::StatusOr<Charge> before = Call([&](Engine& e) { return e.charges().Retrieve(id); });
  if (before.ok()) {
    const Charge& c = *before;
    const int64_t remaining = c.amount_captured() - c.refunded_from_captured();
    if (c.status() == "succeeded" && c.captured() && remaining > 0) {
      expect_ = Expect::kOk, expect_why_ = "refund of captured funds left";
      if (Chance(50)) params.set_amount(1 + static_cast<int64_t>(Rand(remaining)));
      if (Chance(10)) {
        params.set_amount(remaining + 1);
        expect_ = Expect::kRefused, expect_why_ = "refund more than is left";
      }
    } else if (c.status() != "succeeded" || (c.captured() && remaining <= 0) ||
               c.authorization_released() || c.has_payment_intent()) {
      expect_ = Expect::kRefused, expect_why_ = "nothing to refund";
    }
    // A PaymentIntent's captured charge can be named by its intent (then its only successful
    // charge), alone or together with the charge.
    if (c.has_payment_intent() && c.captured() && c.status() == "succeeded" && Chance(40)) {
      params.set_payment_intent(c.payment_intent());
      if (Chance(50)) params.clear_charge();
    }
  }
  if (Chance(30)) {
    static constexpr absl::string_view kReasons[] = {"duplicate", "fraudulent",
                                                     "requested_by_customer"};
    params.set_reason(std::string(kReasons[Rand(3)]));
  }
  RandomMetadata(params.mutable_metadata());
  switch (Rand(20)) {
    case 0:
      params.set_reason("because");
      expect_ = Expect::kRefused, expect_why_ = "reason because";
      break;
    case 1:
      params.set_amount(-static_cast<int64_t>(Rand(3)));
      expect_ = Expect::kRefused, expect_why_ = "amount <= 0";
      break;
    case 2:
      params.clear_charge();
      params.clear_payment_intent();
      expect_ = Expect::kRefused, expect_why_ = "no charge";
      break;
    default:
      break;
  }
  RequestOptions options = Options();
  if (Chance(15)) options.idempotency_key = absl::StrCat("key", next_key_++);
  auto call = [params](Engine& e, const RequestOptions& o) {
    return e.refunds().Create(params, o);
  };
  absl::StatusOr<Refund> refund = Exec(id, [&](Engine& e) { return call(e, options); });
  RefundCreateParams other = params;
  (*other.mutable_metadata())["other"] = "1";
  Record(
      options, call,
      [other](Engine& e, const RequestOptions& o) { return e.refunds().Create(other, o); },
      Render(refund), refund.status());
}

void Simulator::RefundUpdate() {
  const std::string id = Pick(refunds_, "re_");
  RefundUpdateParams params;
  RandomMetadata(params.mutable_metadata());
  Do(id, [&](Engine& e) { return e.refunds().Update(id, params); });
}

void Simulator::RefundRetrieve() {
  const std::string id = Pick(refunds_, "re_");
  Do(id, [&](Engine& e) { return e.refunds().Retrieve(id); });
}

void Simulator::PaymentIntentCreate() {
  PaymentIntentCreateParams params;
  const std::string currency = Currency();
  params.set_currency(currency);
  params.set_amount(Amount(currency));
  if (Chance(40)) params.set_customer(Pick(customers_, "cus_"));
  if (Chance(70)) {
    params.set_payment_method(Chance(70) ? AliasWithPrefix("pm_card_")
                                         : Pick(payment_methods_, "pm_"));
  }
  if (Chance(40)) params.set_capture_method(Chance(60) ? "manual" : "automatic");
  if (Chance(15)) params.set_confirmation_method("manual");
  if (Chance(20)) params.set_setup_future_usage(Chance(50) ? "off_session" : "on_session");
  RandomMetadata(params.mutable_metadata());
  if (params.has_payment_method() && Chance(60)) {
    params.set_confirm(true);
    if (Chance(20)) params.set_off_session(true);
    if (Chance(10)) params.set_error_on_requires_action(true);
    if (Chance(20)) params.set_return_url("https://example.com/return");
  }
  switch (Rand(20)) {
    case 0:
      params.set_capture_method("sometimes");
      expect_ = Expect::kRefused, expect_why_ = "capture_method sometimes";
      break;
    case 1:
      params.clear_confirm();
      params.set_off_session(true);
      expect_ = Expect::kRefused, expect_why_ = "off_session without confirm";
      break;
    case 2:
      params.set_statement_descriptor("PAYSIM");
      expect_ = Expect::kRefused, expect_why_ = "statement_descriptor on a card payment";
      break;
    case 3:
      params.clear_currency();
      expect_ = Expect::kRefused, expect_why_ = "no currency";
      break;
    default:
      break;
  }
  RequestOptions options = Options();
  if (Chance(15)) options.idempotency_key = absl::StrCat("key", next_key_++);
  auto call = [params](Engine& e, const RequestOptions& o) {
    return e.payment_intents().Create(params, o);
  };
  absl::StatusOr<PaymentIntent> pi = Exec("", [&](Engine& e) { return call(e, options); });
  std::string id;
  if (pi.ok()) {
    id = pi->id();
  } else if (absl::optional<StripeError> error = GetStripeError(pi.status())) {
    id = error->payment_intent();
  }
  if (!id.empty()) {
    payment_intents_.Add(id, rng_);
    touched_.push_back(id);
  }
  PaymentIntentCreateParams other = params;
  other.set_description("another");
  Record(
      options, call,
      [other](Engine& e, const RequestOptions& o) { return e.payment_intents().Create(other, o); },
      Render(pi), pi.status());
}

void Simulator::PaymentIntentUpdate() {
  const std::string id = Pick(payment_intents_, "pi_");
  PaymentIntentUpdateParams params;
  if (Chance(30)) params.set_description("updated");
  RandomMetadata(params.mutable_metadata());
  if (Chance(20)) params.set_amount(Amount("usd"));
  if (Chance(20)) params.set_payment_method(AliasWithPrefix("pm_card_"));
  Do(id, [&](Engine& e) { return e.payment_intents().Update(id, params); });
}

void Simulator::PaymentIntentConfirm() {
  const std::string id = Pick(payment_intents_, "pi_");
  PaymentIntentConfirmParams params;
  if (Chance(50)) {
    params.set_payment_method(Chance(70) ? AliasWithPrefix("pm_card_")
                                         : Pick(payment_methods_, "pm_"));
  }
  if (Chance(15)) params.set_off_session(true);
  if (Chance(10)) params.set_return_url("https://example.com/return");
  RequestOptions options = Options();
  if (Chance(15)) options.idempotency_key = absl::StrCat("key", next_key_++);
  auto call = [id, params](Engine& e, const RequestOptions& o) {
    return e.payment_intents().Confirm(id, params, o);
  };
  absl::StatusOr<PaymentIntent> pi = Exec(id, [&](Engine& e) { return call(e, options); });
  PaymentIntentConfirmParams other = params;
  other.set_receipt_email("other@example.com");
  Record(
      options, call,
      [id, other](Engine& e, const RequestOptions& o) {
        return e.payment_intents().Confirm(id, other, o);
      },
      Render(pi), pi.status());
}

void Simulator::PaymentIntentCapture() {
  const std::string id = Pick(payment_intents_, "pi_");
  PaymentIntentCaptureParams params;
  absl::StatusOr<PaymentIntent> before =
      Call([&](Engine& e) { return e.payment_intents().Retrieve(id); });
  if (before.ok()) {
    if (before->status() == "requires_capture") {
      expect_ = Expect::kOk, expect_why_ = "requires_capture";
      const int64_t min = FindCurrency(before->currency())->minimum_amount;
      if (Chance(40) && before->amount_capturable() > min) {
        params.set_amount_to_capture(
            min + static_cast<int64_t>(Rand(before->amount_capturable() - min + 1)));
      } else if (Chance(10)) {
        params.set_amount_to_capture(before->amount_capturable() + 1);
        expect_ = Expect::kRefused, expect_why_ = "more than amount_capturable";
      }
    } else {
      expect_ = Expect::kRefused, expect_why_ = absl::StrCat("status ", before->status());
    }
  }
  Do(id, [&](Engine& e) { return e.payment_intents().Capture(id, params); });
}

void Simulator::PaymentIntentCancel() {
  const std::string id = Pick(payment_intents_, "pi_");
  PaymentIntentCancelParams params;
  if (Chance(40)) params.set_cancellation_reason(Chance(50) ? "abandoned" : "duplicate");
  absl::StatusOr<PaymentIntent> before =
      Call([&](Engine& e) { return e.payment_intents().Retrieve(id); });
  if (before.ok()) {
    // A processing intent (a bank debit on its way) cannot be canceled either.
    const bool cancelable = before->status() != "succeeded" && before->status() != "canceled" &&
                            before->status() != "processing";
    expect_ = cancelable ? Expect::kOk : Expect::kRefused;
    expect_why_ = absl::StrCat("status ", before->status());
  }
  if (Chance(5)) {
    params.set_cancellation_reason("bored");
    expect_ = Expect::kRefused, expect_why_ = "cancellation_reason bored";
  }
  Do(id, [&](Engine& e) { return e.payment_intents().Cancel(id, params); });
}

void Simulator::PaymentIntentThreeDSecure() {
  const std::string id = Pick(payment_intents_, "pi_");
  if (Chance(70)) {
    Do(id, [&](Engine& e) { return e.payment_intents().CompleteThreeDSecure(id); });
  } else {
    Do(id, [&](Engine& e) { return e.payment_intents().FailThreeDSecure(id); });
  }
}

void Simulator::SetupIntentCreate() {
  SetupIntentCreateParams params;
  if (Chance(60)) params.set_customer(Pick(customers_, "cus_"));
  if (Chance(70)) {
    params.set_payment_method(Chance(70) ? AliasWithPrefix("pm_card_")
                                         : Pick(payment_methods_, "pm_"));
    if (Chance(60)) params.set_confirm(true);
  }
  if (Chance(30)) params.set_usage(Chance(50) ? "on_session" : "off_session");
  RandomMetadata(params.mutable_metadata());
  if (Chance(5)) {
    params.set_usage("sometimes");
    expect_ = Expect::kRefused, expect_why_ = "usage sometimes";
  }
  RequestOptions options = Options();
  if (Chance(15)) options.idempotency_key = absl::StrCat("key", next_key_++);
  auto call = [params](Engine& e, const RequestOptions& o) {
    return e.setup_intents().Create(params, o);
  };
  absl::StatusOr<SetupIntent> si = Exec("", [&](Engine& e) { return call(e, options); });
  std::string id;
  if (si.ok()) {
    id = si->id();
  } else if (absl::optional<StripeError> error = GetStripeError(si.status())) {
    id = error->setup_intent();
  }
  if (!id.empty()) {
    setup_intents_.Add(id, rng_);
    touched_.push_back(id);
  }
  SetupIntentCreateParams other = params;
  other.set_description("another");
  Record(
      options, call,
      [other](Engine& e, const RequestOptions& o) { return e.setup_intents().Create(other, o); },
      Render(si), si.status());
}

void Simulator::SetupIntentConfirm() {
  const std::string id = Pick(setup_intents_, "seti_");
  SetupIntentConfirmParams params;
  if (Chance(50)) {
    params.set_payment_method(Chance(70) ? AliasWithPrefix("pm_card_")
                                         : Pick(payment_methods_, "pm_"));
  }
  Do(id, [&](Engine& e) { return e.setup_intents().Confirm(id, params); });
}

void Simulator::SetupIntentCancel() {
  const std::string id = Pick(setup_intents_, "seti_");
  SetupIntentCancelParams params;
  if (Chance(40)) params.set_cancellation_reason("abandoned");
  Do(id, [&](Engine& e) { return e.setup_intents().Cancel(id, params); });
}

void Simulator::SetupIntentThreeDSecure() {
  const std::string id = Pick(setup_intents_, "seti_");
  if (Chance(70)) {
    Do(id, [&](Engine& e) { return e.setup_intents().CompleteThreeDSecure(id); });
  } else {
    Do(id, [&](Engine& e) { return e.setup_intents().FailThreeDSecure(id); });
  }
}

void Simulator::CheckoutCreate() {
  CheckoutSessionCreateParams params;
  const uint64_t mode = Rand(10);
  auto add_item = [&](bool recurring) {
    CheckoutLineItemParams* item = params.add_line_items();
    CheckoutPriceDataParams* price = item->mutable_price_data();
    price->set_currency("usd");
    price->set_unit_amount(50 + static_cast<int64_t>(Rand(20000)));
    price->mutable_product_data()->set_name(absl::StrCat("Item ", Rand(5)));
    if (recurring) price->mutable_recurring()->set_interval("month");
    item->set_quantity(1 + static_cast<int64_t>(Rand(3)));
  };
  if (mode < 7) {
    params.set_mode("payment");
    for (uint64_t i = 0, n = 1 + Rand(3); i < n; ++i) add_item(false);
    if (Chance(30)) params.mutable_payment_intent_data()->set_capture_method("manual");
    if (Chance(20)) params.mutable_payment_intent_data()->set_setup_future_usage("off_session");
    if (Chance(25)) {
      params.add_payment_method_types("card");
      params.add_payment_method_types("us_bank_account");
    }
  } else if (mode < 9) {
    params.set_mode("setup");
    params.set_currency("usd");
  } else {
    params.set_mode("subscription");
    add_item(true);
  }
  params.set_success_url("https://example.com/done?session={CHECKOUT_SESSION_ID}");
  if (Chance(50)) {
    params.set_customer(Pick(customers_, "cus_"));
  } else if (Chance(40)) {
    params.set_customer_email("buyer@example.com");
  }
  if (Chance(20)) params.set_billing_address_collection(Chance(50) ? "required" : "auto");
  RandomMetadata(params.mutable_metadata());
  switch (Rand(16)) {
    case 0:
      params.clear_mode();
      expect_ = Expect::kRefused, expect_why_ = "no mode";
      break;
    case 1:
      params.set_mode("rent");
      expect_ = Expect::kRefused, expect_why_ = "mode rent";
      break;
    case 2:
      if (params.line_items_size() > 0) {
        params.mutable_line_items(0)->set_quantity(0);
        expect_ = Expect::kRefused, expect_why_ = "quantity 0";
      }
      break;
    case 3:
      params.set_expires_at(Now() + 60);
      expect_ = Expect::kRefused, expect_why_ = "expires in a minute";
      break;
    default:
      break;
  }
  RequestOptions options = Options();
  if (Chance(15)) options.idempotency_key = absl::StrCat("key", next_key_++);
  auto call = [params](Engine& e, const RequestOptions& o) {
    return e.checkout_sessions().Create(params, o);
  };
  absl::StatusOr<CheckoutSession> session = Exec("", [&](Engine& e) { return call(e, options); });
  if (session.ok()) {
    sessions_.Add(session->id(), rng_);
    deadlines_.push_back(session->expires_at());
    deadlines_.push_back(session->created() + 30 * kMinute);  // the prefill window
    touched_.push_back(session->id());
  }
  CheckoutSessionCreateParams other = params;
  other.set_client_reference_id("other");
  Record(
      options, call,
      [other](Engine& e, const RequestOptions& o) {
        return e.checkout_sessions().Create(other, o);
      },
      Render(session), session.status());
}

void Simulator::CheckoutPay() {
  const std::string id = Pick(sessions_, "cs_test_");
  CheckoutPayParams params;
  static constexpr absl::string_view kBankAccounts[] = {
      "pm_usBankAccount_success", "pm_usBankAccount_accountClosed",
      "pm_usBankAccount_insufficientFunds", "pm_usBankAccount_riskLevelHighest"};
  if (Chance(15)) {
    params.set_payment_method(std::string(kBankAccounts[Rand(std::size(kBankAccounts))]));
  } else if (Chance(15) && !payment_methods_.empty()) {
    params.set_payment_method(payment_methods_.Pick(rng_));  // maybe a saved card
  } else {
    params.set_payment_method(AliasWithPrefix("pm_card_"));
  }
  if (Chance(90)) params.set_email("buyer@example.com");
  params.set_name("Jenny Rosen");
  AddressParams* address = params.mutable_billing_address();
  address->set_country("US");
  address->set_postal_code("94107");
  address->set_line1("1 Main St");
  address->set_city("San Francisco");
  address->set_state("CA");
  Do(id, [&](Engine& e) { return e.checkout_page().Pay(id, params); });
  touched_.push_back(id);
}

void Simulator::CheckoutThreeDSecure() {
  const std::string id = Pick(sessions_, "cs_test_");
  if (Chance(70)) {
    Do(id, [&](Engine& e) { return e.checkout_page().CompleteThreeDSecure(id); });
  } else {
    Do(id, [&](Engine& e) { return e.checkout_page().FailThreeDSecure(id); });
  }
  touched_.push_back(id);
}

void Simulator::CheckoutEnd() {
  const std::string id = Pick(sessions_, "cs_test_");
  if (Chance(50)) {
    Do(id, [&](Engine& e) { return e.checkout_sessions().Expire(id); });
  } else {
    Do(id, [&](Engine& e) { return e.checkout_page().Abandon(id); });
  }
  touched_.push_back(id);
}

void Simulator::CheckoutRead() {
  const std::string id = Pick(sessions_, "cs_test_");
  switch (Rand(3)) {
    case 0:
      Do(id, [&](Engine& e) { return e.checkout_page().View(id); });
      break;
    case 1: {
      CheckoutLineItemListParams params;
      if (Chance(50)) params.set_limit(1 + static_cast<int64_t>(Rand(5)));
      Do(id, [&](Engine& e) { return e.checkout_sessions().ListLineItems(id, params); });
      break;
    }
    default: {
      CheckoutSessionListParams params;
      if (Chance(30)) params.set_status(Chance(50) ? "open" : "complete");
      params.set_limit(1 + static_cast<int64_t>(Rand(20)));
      Do("", [&](Engine& e) { return e.checkout_sessions().List(params); });
      break;
    }
  }
}

// Pagination params: a limit (sometimes out of range), a cursor from `pool` (sometimes
// unknown, sometimes both cursors).
template <typename Params>
void Paginate(Params* params, const Pool& pool, absl::string_view prefix, std::mt19937_64& rng,
              Expect* expect, std::string* why) {
  auto rand = [&](uint64_t n) { return rng() % n; };
  if (rand(2) == 0) params->set_limit(1 + static_cast<int64_t>(rand(100)));
  switch (rand(12)) {
    case 0:
      params->set_limit(rand(2) == 0 ? 0 : 101);
      *expect = Expect::kRefused, *why = "limit out of range";
      break;
    case 1:
    case 2:
    case 3:
      if (!pool.empty()) params->set_starting_after(pool.Pick(rng));
      break;
    case 4:
    case 5:
      if (!pool.empty()) params->set_ending_before(pool.Pick(rng));
      break;
    case 6:
      params->set_starting_after(absl::StrCat(prefix, "missing"));
      *expect = Expect::kRefused, *why = "unknown cursor";
      break;
    case 7:
      if (!pool.empty()) {
        params->set_starting_after(pool.Pick(rng));
        params->set_ending_before(pool.Pick(rng));
        *expect = Expect::kRefused, *why = "both cursors";
      }
      break;
    default:
      break;
  }
}

void Simulator::ListSomething() {
  // Every page must hold at most `limit` distinct objects, newest first.
  auto check_page = [&](const auto& page, int64_t limit) {
    if (!page.ok()) return;
    if (static_cast<int64_t>(page->data.size()) > limit) Violation("a list page holds > limit");
    absl::flat_hash_set<std::string> ids;
    int64_t previous = INT64_MAX;
    for (const auto& item : page->data) {
      if (!ids.insert(item.id()).second) Violation("a list page repeats an object");
      if (item.created() > previous) Violation("a list page is not newest first");
      previous = item.created();
    }
  };
  switch (Rand(8)) {
    case 0: {
      ChargeListParams params;
      if (Chance(20)) params.set_customer(Pick(customers_, "cus_"));
      Paginate(&params, charges_, "ch_", rng_, &expect_, &expect_why_);
      auto page = Exec("", [&](Engine& e) { return e.charges().List(params); });
      check_page(page, params.has_limit() ? params.limit() : 10);
      if (page.ok() && params.has_customer()) {
        for (const Charge& c : page->data) {
          if (c.customer() != params.customer()) Violation("charges list ignores its filter");
        }
      }
      break;
    }
    case 1: {
      CustomerListParams params;
      Paginate(&params, customers_, "cus_", rng_, &expect_, &expect_why_);
      if (params.has_starting_after() || params.has_ending_before()) {
        // A deleted customer is still a valid cursor; nothing more to expect.
      }
      auto page = Exec("", [&](Engine& e) { return e.customers().List(params); });
      check_page(page, params.has_limit() ? params.limit() : 10);
      break;
    }
    case 2: {
      PaymentMethodListParams params;
      if (Chance(50)) params.set_customer(Pick(customers_, "cus_"));
      Paginate(&params, payment_methods_, "pm_", rng_, &expect_, &expect_why_);
      auto page = Exec("", [&](Engine& e) { return e.payment_methods().List(params); });
      if (page.ok() && params.has_customer()) {
        for (const PaymentMethod& pm : page->data) {
          if (pm.customer() != params.customer()) Violation("PaymentMethods list ignores customer");
        }
      }
      break;
    }
    case 3: {
      RefundListParams params;
      if (Chance(30)) params.set_charge(Pick(charges_, "ch_"));
      Paginate(&params, refunds_, "re_", rng_, &expect_, &expect_why_);
      auto page = Exec("", [&](Engine& e) { return e.refunds().List(params); });
      check_page(page, params.has_limit() ? params.limit() : 10);
      break;
    }
    case 4: {
      PaymentIntentListParams params;
      Paginate(&params, payment_intents_, "pi_", rng_, &expect_, &expect_why_);
      auto page = Exec("", [&](Engine& e) { return e.payment_intents().List(params); });
      check_page(page, params.has_limit() ? params.limit() : 10);
      break;
    }
    case 5: {
      SetupIntentListParams params;
      Paginate(&params, setup_intents_, "seti_", rng_, &expect_, &expect_why_);
      auto page = Exec("", [&](Engine& e) { return e.setup_intents().List(params); });
      check_page(page, params.has_limit() ? params.limit() : 10);
      break;
    }
    case 6: {
      EventListParams params;
      if (Chance(30)) params.set_type(Chance(50) ? "charge.*" : "payment_intent.succeeded");
      Paginate(&params, events_, "evt_", rng_, &expect_, &expect_why_);
      auto page = Exec("", [&](Engine& e) { return e.events().List(params); });
      check_page(page, params.has_limit() ? params.limit() : 10);
      break;
    }
    default: {
      BalanceTransactionListParams params;
      Pool none;
      Paginate(&params, none, "txn_", rng_, &expect_, &expect_why_);
      auto page = Exec("", [&](Engine& e) { return e.balance().ListTransactions(params); });
      check_page(page, params.has_limit() ? params.limit() : 10);
      break;
    }
  }
}

void Simulator::BalanceRetrieve() {
  Do("", [&](Engine& e) { return e.balance().Retrieve(); });
}

void Simulator::EventRetrieve() {
  const std::string id = Pick(events_, "evt_");
  Do("", [&](Engine& e) { return e.events().Retrieve(id); });
}

void Simulator::AdvanceClock() {
  const int64_t now = Now();
  int64_t target = now + 1;
  if (!deadlines_.empty() && Chance(60)) {
    // Onto a timer's deadline: one second before, exactly, or one second after.
    const int64_t deadline = deadlines_[Rand(deadlines_.size())];
    target = deadline - 1 + static_cast<int64_t>(Rand(3));
  } else {
    static constexpr int64_t kSteps[] = {1,
                                         kMinute,
                                         10 * kMinute - 1,
                                         10 * kMinute,
                                         10 * kMinute + 1,
                                         kHour,
                                         kDay - 1,
                                         kDay,
                                         kDay + 1,
                                         2 * kDay - 1,
                                         2 * kDay,
                                         2 * kDay + 1,
                                         7 * kDay - 1,
                                         7 * kDay,
                                         7 * kDay + 1};
    target = now + kSteps[Rand(std::size(kSteps))];
  }
  if (deadlines_.size() > 64) deadlines_.erase(deadlines_.begin(), deadlines_.begin() + 32);
  if (target <= now) target = now + 1;
  if (options_.trace != nullptr) *options_.trace << "  advance by " << target - now << "s\n";
  clock_->SetTime(absl::FromUnixSeconds(target));
  if (shadow_clock_ != nullptr) shadow_clock_->SetTime(absl::FromUnixSeconds(target));
  clock_moved_ = true;
}

void Simulator::Replay() {
  if (recorded_.empty()) return;
  Recorded& recorded = recorded_[Rand(recorded_.size())];
  ++result_->replays;
  // The key is forgotten 24 hours after its first use (the timer fires at that instant).
  const bool remembered = recorded.saved && Now() < recorded.at + kDay;
  const bool same = Chance(80);
  RequestOptions options;
  options.idempotency_key = recorded.key;
  bool replayed = false;
  options.idempotent_replayed = &replayed;
  const std::vector<std::pair<std::string, int64_t>> before = engine_->StateSummary();
  const std::vector<std::pair<std::string, int64_t>> shadow_before =
      shadow_ != nullptr ? shadow_->StateSummary() : before;
  std::string answer =
      same ? recorded.call(*engine_, options) : recorded.call_other(*engine_, options);
  if (shadow_ != nullptr) {
    RequestOptions shadow_options = options;
    bool shadow_replayed = false;
    shadow_options.idempotent_replayed = &shadow_replayed;
    std::string other = same ? recorded.call(*shadow_, shadow_options)
                             : recorded.call_other(*shadow_, shadow_options);
    if (other != answer || shadow_replayed != replayed) {
      Violation(absl::StrCat("the restored engine answered a replay differently:\n  original: ",
                             answer.substr(0, 2000), "\n  restored: ", other.substr(0, 2000)));
      shadow_.reset();
    }
  }
  if (options_.trace != nullptr) {
    *options_.trace << "  replay " << recorded.key << (same ? " same" : " other") << " params\n";
  }
  if (!remembered) {
    // Re-executed: anything may happen; the key is remembered afresh (with the params just
    // sent) when saved.
    if (!same) std::swap(recorded.call, recorded.call_other);
    recorded.at = Now();
    recorded.first = answer;
    recorded.saved = absl::StartsWith(answer, "{") || absl::StartsWith(answer, "402 ");
    return;
  }
  if (same) {
    if (answer != recorded.first) {
      Violation(absl::StrCat("idempotent replay of ", recorded.key,
                             " answered differently:\n  first:  ", recorded.first.substr(0, 2000),
                             "\n  replay: ", answer.substr(0, 2000)));
    }
    if (!replayed) Violation(absl::StrCat("replay of ", recorded.key, " not marked replayed"));
  } else if (!absl::StrContains(answer, "idempotency_error")) {
    Violation(absl::StrCat("key ", recorded.key,
                           " reused with other params answered: ", answer.substr(0, 500)));
  }
  if (engine_->StateSummary() != before) {
    Violation(absl::StrCat("idempotent replay of ", recorded.key, " changed the state"));
  }
}

}  // namespace

SimulatorResult RunSimulation(const SimulatorOptions& options) {
  SimulatorResult result;
  Simulator simulator(options, &result);
  const int64_t epoch_steps = std::max<int64_t>(1, options.epoch_steps);
  for (int64_t start = 0, epoch = 0; start < options.steps; start += epoch_steps, ++epoch) {
    const int64_t end = std::min(options.steps, start + epoch_steps);
    if (end <= options.first_step) continue;
    simulator.RunEpoch(epoch, start, end);
  }
  return result;
}

// ---- the full audit ----

namespace {

// Every item of a list endpoint, oldest page first: `list(params)` answers one page.
template <typename T, typename Params, typename F>
absl::Status ListAll(F list, std::vector<T>* out) {
  Params params;
  params.set_limit(100);
  for (;;) {
    absl::StatusOr<ListResult<T>> page = list(params);
    if (!page.ok()) return page.status();
    for (T& item : page->data) out->push_back(std::move(item));
    if (!page->has_more || page->data.empty()) return absl::OkStatus();
    params.set_starting_after(out->back().id());
  }
}

absl::Status Broken(absl::string_view what) { return absl::InternalError(what); }

}  // namespace

absl::Status AuditEngine(Engine& engine) {
  std::vector<Charge> charges;
  absl::Status s = ListAll<Charge, ChargeListParams>(
      [&](const ChargeListParams& p) { return engine.charges().List(p); }, &charges);
  if (!s.ok()) return s;
  std::vector<Refund> refunds;
  s = ListAll<Refund, RefundListParams>(
      [&](const RefundListParams& p) { return engine.refunds().List(p); }, &refunds);
  if (!s.ok()) return s;
  std::vector<BalanceTransaction> transactions;
  s = ListAll<BalanceTransaction, BalanceTransactionListParams>(
      [&](const BalanceTransactionListParams& p) { return engine.balance().ListTransactions(p); },
      &transactions);
  if (!s.ok()) return s;
  std::vector<Event> events;
  s = ListAll<Event, EventListParams>(
      [&](const EventListParams& p) { return engine.events().List(p); }, &events);
  if (!s.ok()) return s;

  absl::flat_hash_map<std::string, const BalanceTransaction*> by_id;
  std::map<std::string, std::pair<int64_t, int64_t>> sums;  // currency -> (available, pending)
  for (const BalanceTransaction& txn : transactions) {
    by_id[txn.id()] = &txn;
    auto& sum = sums[txn.currency()];
    (txn.status() == "available" ? sum.first : sum.second) += txn.net();
    if (txn.net() != txn.amount() - txn.fee()) {
      return Broken(absl::StrCat(txn.id(), ": net != amount - fee"));
    }
  }
  absl::flat_hash_map<std::string, std::pair<int64_t, int64_t>> refunded;  // captured, released
  for (const Refund& refund : refunds) {
    auto& r = refunded[refund.charge()];
    if (refund.has_balance_transaction()) {
      auto it = by_id.find(refund.balance_transaction());
      if (it == by_id.end() || it->second->amount() != -refund.amount()) {
        return Broken(absl::StrCat(refund.id(), ": balance transaction missing or wrong"));
      }
      r.first += refund.amount();
    } else {
      r.second += refund.amount();
    }
  }
  for (const Charge& c : charges) {
    const auto r = refunded[c.id()];
    if (c.amount_refunded() != r.first + r.second) {
      return Broken(absl::StrCat(c.id(), ": amount_refunded is not the sum of its refunds"));
    }
    if (c.status() == "failed" || c.status() == "pending") {
      // Nothing received: nothing refunded, no balance transaction. (A bank debit keeps
      // captured=true while pending and after failing; a card charge never does.)
      const bool card = c.payment_method_details().type() == "card";
      if ((card && c.captured()) || c.amount_refunded() != 0 || c.has_balance_transaction()) {
        return Broken(absl::StrCat(c.id(), ": a ", c.status(), " charge moved money (refunded ",
                                   c.amount_refunded(), ")"));
      }
      continue;
    }
    if (r.first > c.amount_captured()) {
      return Broken(absl::StrCat(c.id(), ": refunded more than captured"));
    }
    if (c.captured()) {
      auto it = by_id.find(c.balance_transaction());
      if (it == by_id.end() || it->second->amount() != c.amount_captured()) {
        return Broken(absl::StrCat(c.id(), ": capture's balance transaction missing or wrong"));
      }
      if (r.second != 0 && r.second != c.amount() - c.amount_captured()) {
        return Broken(absl::StrCat(c.id(), ": released refunds != released amount"));
      }
    } else if (!c.authorization_released()) {
      if (absl::ToUnixSeconds(engine.Now()) >= c.payment_method_details().card().capture_before()) {
        return Broken(absl::StrCat(c.id(), ": open hold past capture_before"));
      }
    }
  }
  absl::StatusOr<Balance> balance = engine.balance().Retrieve();
  if (!balance.ok()) return balance.status();
  for (const BalanceAmount& amount : balance->available()) {
    if (amount.amount() != sums[amount.currency()].first) {
      return Broken(absl::StrCat("available ", amount.currency(), " != sum of transactions"));
    }
  }
  for (const BalanceAmount& amount : balance->pending()) {
    if (amount.amount() != sums[amount.currency()].second) {
      return Broken(absl::StrCat("pending ", amount.currency(), " != sum of transactions"));
    }
  }
  absl::flat_hash_set<std::string> ids;
  for (size_t i = 0; i < events.size(); ++i) {
    if (!ids.insert(events[i].id()).second) return Broken("duplicate event id");
    if (i > 0 && events[i].created() > events[i - 1].created()) {
      return Broken(absl::StrCat("events out of time order at ", events[i].id()));
    }
  }
  if (ids.size() != engine.events().size()) return Broken("event list misses events");
  return absl::OkStatus();
}

}  // namespace testing
}  // namespace paysim
