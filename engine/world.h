// world.h (internal): the whole state of one Engine and the frame of every API call.
//
// Every public call goes through World::Run: take the lock, fire the timers due at the
// clock's `now` (each at its own due time), run the operation, release the lock, then hand
// the events to in-process subscribers. Operations are written as: validate -> read ->
// transition -> commit, so a rejected call returns before changing anything.
//
// Not part of the public API.
#ifndef PAYSIM_ENGINE_WORLD_H_
#define PAYSIM_ENGINE_WORLD_H_

#include <deque>
#include <map>
#include <string>
#include <utility>
#include <vector>

#include "absl/base/thread_annotations.h"
#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/time.h"
#include "engine/engine_options.h"
#include "engine/event_log.h"
#include "engine/id_generator.h"
#include "engine/idempotency.h"
#include "engine/object_store.h"
#include "engine/request_options.h"
#include "engine/store_ref.h"
#include "engine/stripe_error.h"
#include "engine/timer_queue.h"
#include "proto/balance.pb.h"
#include "proto/card.pb.h"
#include "proto/catalog.pb.h"
#include "proto/charge.pb.h"
#include "proto/checkout.pb.h"
#include "proto/customer.pb.h"
#include "proto/payment_intent.pb.h"
#include "proto/payment_method.pb.h"
#include "proto/refund.pb.h"
#include "proto/token.pb.h"

namespace paysim {
namespace internal {

struct World {
  explicit World(const EngineOptions& options);

  // ---- the call frame ----

  // Runs `operation` (returning absl::Status or absl::StatusOr<T>) as one API call.
  template <typename F>
  auto Run(const RequestOptions& request, F&& operation) -> decltype(operation());

  // Like Run, for creates: replays the saved result of an earlier request with the same
  // Idempotency-Key and params, refuses the key with other params, saves what it runs.
  // T is the proto type returned.
  template <typename T, typename F>
  absl::StatusOr<T> RunIdempotent(const RequestOptions& request, absl::string_view endpoint,
                                  const google::protobuf::Message& params, F&& operation);

  // Fires every timer due at the clock's now. Outside a call; takes the lock.
  void FireDueTimers() ABSL_LOCKS_EXCLUDED(mu);

  // ---- helpers for operations (REQUIRES: mu held) ----

  // Unix seconds of the instant being processed (a timer's due time while it fires).
  int64_t created() const { return absl::ToUnixSeconds(now); }

  // The API version of the request being processed.
  const std::string& api_version() const { return request_api_version; }

  // Emits an event stamped with the current instant and request.
  void Emit(absl::string_view type, const google::protobuf::Message& object,
            std::string previous_attributes = "");

  // ---- state (all guarded by mu) ----
  // Snapshots save all of it (snapshot.cc): a new ObjectStore is one line in Stores()
  // (world.cc); any other new field needs its own line in snapshot.cc's SaveWorld/RestoreWorld.
  mutable absl::Mutex mu;
  EngineOptions options;
  Clock* clock;
  absl::Time now;
  std::string request_api_version;
  EventRequest request;  // id/idempotency key of the API call being processed
  bool in_api_call = false;  // false while timers fire: their events have no request id
  uint64_t calls = 0;        // API calls so far: numbers the request ids the engine assigns
  IdGenerator ids;
  TimerQueue timers;
  ObjectStore<Token> tokens{"token"};
  ObjectStore<Card> cards{"source"};
  ObjectStore<Customer> customers{"customer"};
  ObjectStore<PaymentMethod> payment_methods{"PaymentMethod"};
  ObjectStore<Charge> charges{"charge"};
  ObjectStore<Refund> refunds{"refund"};
  ObjectStore<PaymentIntent> payment_intents{"payment_intent"};
  ObjectStore<SetupIntent> setup_intents{"setup_intent"};
  ObjectStore<Product> products{"product"};
  ObjectStore<Price> prices{"price"};
  ObjectStore<CheckoutSession> checkout_sessions{"checkout.session"};
  ObjectStore<Subscription> subscriptions{"subscription"};
  ObjectStore<UsBankAccount> us_bank_accounts{"bank account"};  // behind us_bank_account PMs
  ObjectStore<PaymentMethodSettings> payment_method_settings{"payment method settings"};
  ObjectStore<BalanceTransaction> balance_transactions{"balance transaction"};
  EventLog events;
  IdempotencyCache idempotency;
  // Per currency: the sums of the nets of available and pending balance transactions.
  struct BalanceTotals {
    int64_t available = 0;
    int64_t pending = 0;
  };
  std::map<std::string, BalanceTotals> balance_totals;

  // Every object store above, by name: snapshots (snapshot.cc) save and restore them through
  // this list, and Engine::StateSummary counts it. A new store is one line in world.cc.
  std::vector<StoreRef> Stores();

 private:
  void FireDueTimersLocked() ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu);
  absl::Status BeginCall(const RequestOptions& request) ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu);
  // Hands events to subscribers in emission order, outside `mu`. A handler that calls back
  // into the engine queues that call's events behind the ones still being delivered; whichever
  // thread is delivering drains the queue.
  void Deliver(std::vector<std::pair<EventHandler, Event>> deliveries) ABSL_LOCKS_EXCLUDED(mu);
  // Queues a call's deliveries behind those of earlier calls. Done while `mu` is still held,
  // so that concurrent calls queue their events in the order they emitted them.
  void QueueDeliveries(std::vector<std::pair<EventHandler, Event>> deliveries)
      ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu);

  absl::Mutex delivery_mu_;
  std::deque<std::pair<EventHandler, Event>> delivery_queue_ ABSL_GUARDED_BY(delivery_mu_);
  bool delivering_ ABSL_GUARDED_BY(delivery_mu_) = false;
};

// Timer handlers, each defined beside the lifecycle it belongs to. REQUIRES: mu held.
void OnAuthorizationExpiry(World& world, const std::string& charge_id);  // charges.cc
void OnTokenExpiry(World& world, const std::string& token_id);           // tokens.cc
void OnFundsAvailable(World& world, const std::string& transaction_id);  // balance.cc
void OnCheckoutSessionExpiry(World& world, const std::string& session_id);    // checkout_sessions.cc
void OnCheckoutPrefillWindowEnd(World& world, const std::string& session_id); // checkout_sessions.cc
void OnBankDebitSettlement(World& world, const std::string& session_id);      // checkout_sessions.cc

// ---- template definitions ----

template <typename F>
auto World::Run(const RequestOptions& request, F&& operation) -> decltype(operation()) {
  decltype(operation()) result = [&]() -> decltype(operation()) {
    absl::MutexLock lock(&mu);
    FireDueTimersLocked();
    absl::Status begun = BeginCall(request);
    if (!begun.ok()) {
      QueueDeliveries(events.TakeDeliveries());  // what the timers emitted
      return begun;
    }
    auto r = operation();
    QueueDeliveries(events.TakeDeliveries());
    return r;
  }();
  Deliver({});
  return result;
}

template <typename T, typename F>
absl::StatusOr<T> World::RunIdempotent(const RequestOptions& request, absl::string_view endpoint,
                                       const google::protobuf::Message& params, F&& operation) {
  return Run(request, [&]() -> absl::StatusOr<T> {
    const std::string& key = request.idempotency_key;
    if (request.idempotent_replayed != nullptr) *request.idempotent_replayed = false;
    if (key.empty()) return operation();
    if (key.size() > kIdempotencyKeyMaxLength) {
      return InvalidRequestError("", "Idempotency-Key",
                                 "Idempotency keys can be at most 255 characters long.");
    }
    std::string fingerprint = RequestFingerprint(endpoint, params);
    if (const IdempotencyCache::Entry* entry = idempotency.Find(key)) {
      if (entry->fingerprint != fingerprint) return IdempotencyKeyReused(key);
      if (request.idempotent_replayed != nullptr) *request.idempotent_replayed = true;
      if (!entry->status.ok()) return entry->status;
      T replay;
      replay.ParseFromString(entry->response);
      return replay;
    }
    absl::StatusOr<T> result = operation();
    // Saved once execution began: a success or a decline (402), not a validation error.
    if (result.ok() || HttpStatus(result.status()) == 402) {
      idempotency.Store(key, IdempotencyCache::Entry{
                                 std::move(fingerprint), result.status(),
                                 result.ok() ? result->SerializeAsString() : std::string(), now});
      timers.Schedule(now + kIdempotencyKeyLifetime, TimerKind::kIdempotencyExpiry, key);
    }
    return result;
  });
}

}  // namespace internal
}  // namespace paysim

#endif  // PAYSIM_ENGINE_WORLD_H_
