// engine.h: paysim's in-process Stripe test-mode engine.
//
// An Engine holds a whole simulated Stripe account: tokens, customers, payment methods,
// charges, payment intents, setup intents, refunds, balance and events, with Stripe's test
// cards, errors, limits and events.
// Time comes only from the injected Clock and randomness only from the seed, so the same
// seed and the same calls give byte-identical objects, ids and events.
//
// Example:
//   paysim::testing::FakeClock clock(absl::FromUnixSeconds(1767225600));
//   paysim::Engine engine({.clock = &clock, .seed = 42});
//   paysim::ChargeCreateParams params;
//   params.set_amount(999);
//   params.set_currency("usd");
//   params.set_source("tok_visa");
//   params.set_capture(false);
//   absl::StatusOr<paysim::Charge> charge = engine.charges().Create(params);
//   clock.Advance(absl::Hours(24 * 7));          // the hold expires at exactly 7 days
//   engine.charges().Retrieve(charge->id());     // fires the expiry first: charge.expired
//
// Every call first fires the timers due at the clock's now (each at its own due time), so a
// moving SystemClock behaves as a test clock does. Errors are absl::Status values carrying
// Stripe's error (stripe_error.h); a rejected call changes nothing.
//
// Thread safety: an Engine may be used from several threads at once; each call is atomic
// (one engine-wide lock). Event subscribers run after the call that emitted their events
// returns its lock, on that call's thread.
#ifndef PAYSIM_ENGINE_ENGINE_H_
#define PAYSIM_ENGINE_ENGINE_H_

#include <memory>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "engine/balance.h"
#include "engine/charges.h"
#include "engine/customers.h"
#include "engine/engine_options.h"
#include "engine/events.h"
#include "engine/payment_intents.h"
#include "engine/payment_methods.h"
#include "engine/refunds.h"
#include "engine/request_options.h"
#include "engine/setup_intents.h"
#include "engine/tokens.h"

namespace paysim {

class Engine {
 public:
  // REQUIRES: options.api_version is valid (see Create for a checked construction).
  explicit Engine(EngineOptions options = {});
  ~Engine();

  Engine(const Engine&) = delete;
  Engine& operator=(const Engine&) = delete;

  // Create()
  //
  // Checks the options (API version) and builds an engine; invalid_request_error otherwise.
  static absl::StatusOr<std::unique_ptr<Engine>> Create(EngineOptions options);

  TokenService& tokens() { return tokens_; }
  CustomerService& customers() { return customers_; }
  PaymentMethodService& payment_methods() { return payment_methods_; }
  ChargeService& charges() { return charges_; }
  PaymentIntentService& payment_intents() { return payment_intents_; }
  SetupIntentService& setup_intents() { return setup_intents_; }
  RefundService& refunds() { return refunds_; }
  BalanceService& balance() { return balance_; }
  EventService& events() { return events_; }

  // Fires every timer due at the clock's now, emitting their events (API calls do this
  // first anyway; call it to deliver timer events to subscribers without another call).
  void FireDueTimers();

  // The engine's clock reading.
  absl::Time Now() const;

  // Number of timers waiting (holds, tokens, pending funds, idempotency keys).
  size_t pending_timers() const;

  const EngineOptions& options() const;

 private:
  std::unique_ptr<internal::World> world_;
  TokenService tokens_;
  CustomerService customers_;
  PaymentMethodService payment_methods_;
  ChargeService charges_;
  PaymentIntentService payment_intents_;
  SetupIntentService setup_intents_;
  RefundService refunds_;
  BalanceService balance_;
  EventService events_;
};

}  // namespace paysim

#endif  // PAYSIM_ENGINE_ENGINE_H_
