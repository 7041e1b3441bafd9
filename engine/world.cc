#include "engine/world.h"

#include "engine/api_version.h"

namespace paysim {
namespace internal {
namespace {

constexpr char kBase62[] = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";

// "req_" + `n` in base62, zero-padded to 14 characters (Stripe's request ids have 14).
std::string SequentialRequestId(uint64_t n) {
  std::string digits(14, '0');
  for (int i = 13; i >= 0 && n > 0; --i, n /= 62) digits[i] = kBase62[n % 62];
  return "req_" + digits;
}

}  // namespace

World::World(const EngineOptions& opts)
    : options(opts),
      clock(opts.clock != nullptr ? opts.clock : SystemClock::Default()),
      now(clock->Now()),
      request_api_version(opts.api_version),
      ids(opts.seed),
      events(opts.api_version) {}

std::vector<StoreRef> World::Stores() {
  // Names are the snapshot's (stable: renaming one breaks older snapshots).
  return {
      {"tokens", &tokens},
      {"cards", &cards},
      {"customers", &customers},
      {"payment_methods", &payment_methods},
      {"charges", &charges},
      {"refunds", &refunds},
      {"payment_intents", &payment_intents},
      {"setup_intents", &setup_intents},
      {"balance_transactions", &balance_transactions},
      {"products", &products},
      {"prices", &prices},
      {"checkout_sessions", &checkout_sessions},
      {"subscriptions", &subscriptions},
      {"us_bank_accounts", &us_bank_accounts},
      {"payment_method_settings", &payment_method_settings},
  };
}

void World::FireDueTimers() {
  {
    absl::MutexLock lock(&mu);
    FireDueTimersLocked();
    QueueDeliveries(events.TakeDeliveries());
  }
  Deliver({});
}

void World::QueueDeliveries(std::vector<std::pair<EventHandler, Event>> deliveries) {
  if (deliveries.empty()) return;
  absl::MutexLock lock(&delivery_mu_);
  for (auto& delivery : deliveries) delivery_queue_.push_back(std::move(delivery));
}

void World::FireDueTimersLocked() {
  const absl::Time target = clock->Now();
  request_api_version = options.api_version;  // automatic events follow the account's version
  while (timers.HasDue(target)) {
    Timer timer = timers.Pop();
    now = timer.due;
    request.Clear();  // automatic: no request id
    in_api_call = false;
    switch (timer.kind) {
      case TimerKind::kAuthorizationExpiry:
        OnAuthorizationExpiry(*this, timer.target);
        break;
      case TimerKind::kTokenExpiry:
        OnTokenExpiry(*this, timer.target);
        break;
      case TimerKind::kFundsAvailable:
        OnFundsAvailable(*this, timer.target);
        break;
      case TimerKind::kIdempotencyExpiry:
        idempotency.Expire(timer.target, now);
        break;
      case TimerKind::kCheckoutSessionExpiry:
        OnCheckoutSessionExpiry(*this, timer.target);
        break;
      case TimerKind::kCheckoutPrefillWindowEnd:
        OnCheckoutPrefillWindowEnd(*this, timer.target);
        break;
      case TimerKind::kBankDebitSettlement:
        OnBankDebitSettlement(*this, timer.target);
        break;
    }
  }
  if (target > now) now = target;
}

absl::Status World::BeginCall(const RequestOptions& call) {
  request.Clear();
  in_api_call = true;
  ++calls;
  request.set_id(call.request_id.empty() ? SequentialRequestId(calls) : call.request_id);
  if (!call.idempotency_key.empty()) request.set_idempotency_key(call.idempotency_key);
  if (call.api_version.empty()) {
    request_api_version = options.api_version;
  } else {
    if (absl::Status s = ValidateApiVersion(call.api_version); !s.ok()) return s;
    request_api_version = call.api_version;
  }
  return absl::OkStatus();
}

void World::Emit(absl::string_view type, const google::protobuf::Message& object,
                 std::string previous_attributes) {
  // Every API call has a request id (set in BeginCall); timer-driven events have none.
  events.Emit(ids.NewId("evt_"), type, object, created(), request,
              std::move(previous_attributes));
}

void World::Deliver(std::vector<std::pair<EventHandler, Event>> deliveries) {
  absl::MutexLock lock(&delivery_mu_);
  for (auto& delivery : deliveries) delivery_queue_.push_back(std::move(delivery));
  if (delivering_) return;  // the thread delivering now (maybe our caller) will get to them
  delivering_ = true;
  while (!delivery_queue_.empty()) {
    std::pair<EventHandler, Event> next = std::move(delivery_queue_.front());
    delivery_queue_.pop_front();
    delivery_mu_.Unlock();
    next.first(next.second);
    delivery_mu_.Lock();
  }
  delivering_ = false;
}

}  // namespace internal
}  // namespace paysim
