// Benchmarks of the Charges and PaymentIntents lifecycles and of the timer queue under the
// engine.
//
//   ./bazelw run -c opt //bench:charge_lifecycle_bench
//
// BM_ChargeLifecycle: create (tok_visa, capture=false) + partial capture + refund, events
//   included; items_per_second is lifecycles per second; bytes_per_lifecycle is the heap the
//   engine retains per completed lifecycle (objects, events, timers, balance transactions).
// BM_PaymentIntentLifecycle: create (pm_card_visa, capture_method=manual, confirm=true) +
//   capture, events included; items_per_second is lifecycles per second.
// BM_CheckoutSession: a guest's payment-mode Checkout: create the session (one line item),
//   view the page, pay with pm_card_visa (PaymentIntent created and confirmed, session
//   completed), events included; items_per_second is checkouts per second.
// BM_AdvanceClock_NoneDue: one clock advance + timer check with 1,000,000 holds outstanding.
// BM_AdvanceClock_KDue: one advance that expires k holds (time should grow with k).
#include <malloc.h>

#include <cstdint>
#include <memory>
#include <string>

#include "absl/time/time.h"
#include "benchmark/benchmark.h"
#include "engine/engine.h"
#include "testing/fake_clock.h"

namespace paysim {
namespace {

// Bytes allocated from the heap: the arena's and the large blocks malloc maps on their own
// (hash tables' slot arrays, deque maps, the timer queue's vector once they pass the mmap
// threshold), which `uordblks` alone leaves out.
size_t HeapInUse() {
  const struct mallinfo2 info = mallinfo2();
  return info.uordblks + info.hblkhd;
}

ChargeCreateParams HoldParams(int64_t amount) {
  ChargeCreateParams params;
  params.set_amount(amount);
  params.set_currency("usd");
  params.set_source("tok_visa");
  params.set_capture(false);
  return params;
}

void BM_ChargeLifecycle(benchmark::State& state) {
  testing::FakeClock clock;
  EngineOptions options;
  options.clock = &clock;
  options.seed = 1;
  Engine engine(options);
  const ChargeCreateParams create = HoldParams(1000);
  ChargeCaptureParams capture;
  capture.set_amount(600);
  RefundCreateParams refund;
  refund.set_amount(100);
  const size_t heap_before = HeapInUse();
  for (auto _ : state) {
    absl::StatusOr<Charge> charge = engine.charges().Create(create);
    absl::StatusOr<Charge> captured = engine.charges().Capture(charge->id(), capture);
    refund.set_charge(charge->id());
    absl::StatusOr<Refund> refunded = engine.refunds().Create(refund);
    benchmark::DoNotOptimize(refunded);
  }
  const size_t heap_after = HeapInUse();
  state.SetItemsProcessed(state.iterations());
  state.counters["bytes_per_lifecycle"] =
      static_cast<double>(heap_after - heap_before) / static_cast<double>(state.iterations());
  state.counters["events_per_lifecycle"] =
      static_cast<double>(engine.events().emitted()) / static_cast<double>(state.iterations());
}
BENCHMARK(BM_ChargeLifecycle)->Unit(benchmark::kMicrosecond);

void BM_PaymentIntentLifecycle(benchmark::State& state) {
  testing::FakeClock clock;
  EngineOptions options;
  options.clock = &clock;
  options.seed = 4;
  Engine engine(options);
  PaymentIntentCreateParams create;
  create.set_amount(1000);
  create.set_currency("usd");
  create.set_payment_method("pm_card_visa");
  create.set_capture_method("manual");
  create.set_confirm(true);
  const PaymentIntentCaptureParams capture;
  const size_t heap_before = HeapInUse();
  for (auto _ : state) {
    absl::StatusOr<PaymentIntent> intent = engine.payment_intents().Create(create);
    absl::StatusOr<PaymentIntent> captured =
        engine.payment_intents().Capture(intent->id(), capture);
    benchmark::DoNotOptimize(captured);
  }
  const size_t heap_after = HeapInUse();
  state.SetItemsProcessed(state.iterations());
  state.counters["bytes_per_lifecycle"] =
      static_cast<double>(heap_after - heap_before) / static_cast<double>(state.iterations());
  state.counters["events_per_lifecycle"] =
      static_cast<double>(engine.events().emitted()) / static_cast<double>(state.iterations());
}
BENCHMARK(BM_PaymentIntentLifecycle)->Unit(benchmark::kMicrosecond);

void BM_CheckoutSession(benchmark::State& state) {
  testing::FakeClock clock;
  EngineOptions options;
  options.clock = &clock;
  options.seed = 5;
  Engine engine(options);
  PriceCreateParams price_params;
  price_params.set_currency("usd");
  price_params.set_unit_amount(2000);
  price_params.mutable_product_data()->set_name("T-shirt");
  const std::string price = engine.prices().Create(price_params)->id();
  CheckoutSessionCreateParams create;
  create.set_mode("payment");
  CheckoutLineItemParams* line = create.add_line_items();
  line->set_price(price);
  line->set_quantity(2);
  create.set_success_url("https://shop.example/thanks?session_id={CHECKOUT_SESSION_ID}");
  CheckoutPayParams pay;
  pay.set_payment_method("pm_card_visa");
  pay.set_email("guest@example.com");
  const uint64_t events_before = engine.events().emitted();
  const size_t heap_before = HeapInUse();
  for (auto _ : state) {
    absl::StatusOr<CheckoutSession> session = engine.checkout_sessions().Create(create);
    absl::StatusOr<CheckoutPage> page = engine.checkout_page().View(session->id());
    absl::StatusOr<CheckoutPage> paid = engine.checkout_page().Pay(session->id(), pay);
    benchmark::DoNotOptimize(page);
    benchmark::DoNotOptimize(paid);
  }
  const size_t heap_after = HeapInUse();
  state.SetItemsProcessed(state.iterations());
  state.counters["bytes_per_checkout"] =
      static_cast<double>(heap_after - heap_before) / static_cast<double>(state.iterations());
  state.counters["events_per_checkout"] =
      static_cast<double>(engine.events().emitted() - events_before) /
      static_cast<double>(state.iterations());
}
BENCHMARK(BM_CheckoutSession)->Unit(benchmark::kMicrosecond);

// One engine with `holds` outstanding authorizations, shared by the advance benchmarks.
struct HoldsWorld {
  testing::FakeClock clock;
  std::unique_ptr<Engine> engine;
  explicit HoldsWorld(int64_t holds) {
    EngineOptions options;
    options.clock = &clock;
    options.seed = 2;
    engine = std::make_unique<Engine>(options);
    const ChargeCreateParams params = HoldParams(1000);
    for (int64_t i = 0; i < holds; ++i) (void)engine->charges().Create(params);
  }
};

void BM_AdvanceClock_NoneDue(benchmark::State& state) {
  static HoldsWorld* world = new HoldsWorld(1000000);
  for (auto _ : state) {
    world->clock.Advance(absl::Nanoseconds(1));
    world->engine->FireDueTimers();
  }
  state.counters["pending_timers"] = static_cast<double>(world->engine->pending_timers());
}
BENCHMARK(BM_AdvanceClock_NoneDue)->Unit(benchmark::kNanosecond);

void BM_AdvanceClock_KDue(benchmark::State& state) {
  const int64_t k = state.range(0);
  constexpr int64_t kRounds = 100;
  testing::FakeClock clock;
  EngineOptions options;
  options.clock = &clock;
  options.seed = 3;
  Engine engine(options);
  // k holds created in each second, for kRounds seconds: each one-second advance past the
  // 7-day mark then expires exactly k of them.
  const ChargeCreateParams params = HoldParams(1000);
  for (int64_t round = 0; round < kRounds; ++round) {
    for (int64_t i = 0; i < k; ++i) (void)engine.charges().Create(params);
    clock.Advance(absl::Seconds(1));
  }
  clock.Advance(kAuthorizationWindow - absl::Seconds(kRounds + 1));
  engine.FireDueTimers();
  for (auto _ : state) {  // exactly kRounds iterations: k holds expire in each
    clock.Advance(absl::Seconds(1));
    engine.FireDueTimers();
  }
  state.SetItemsProcessed(state.iterations() * k);
}
BENCHMARK(BM_AdvanceClock_KDue)->Arg(1)->Arg(10)->Arg(100)->Arg(1000)->Iterations(100)  // = kRounds
    ->Unit(benchmark::kMicrosecond);

}  // namespace
}  // namespace paysim

// main(): bench_main.cc.
