// Benchmarks of subscription renewals on the simulated clock.
//
//   ./bazelw run -c opt //bench:renewal_bench
//
// BM_Renewals/N: N monthly subscriptions (one customer each, a saved Visa as the invoice
//   default) created on 2026-01-01 (not timed), then the clock advanced 12 months, one month
//   at a time (timed): each renewal drafts the invoice, finalizes it an hour later, creates and
//   confirms its PaymentIntent, charges the card and emits the events. items_per_second is
//   renewals per second; bytes_per_renewal is the heap the engine retains per renewal.
// BM_RenewalsAfterProrations/N: as BM_Renewals, but before each month's renewals (not timed)
//   every subscription changes its quantity mid-period with prorations: each renewal invoice
//   takes its subscription's two proration items from the 24 N items made in the run.
// BM_AdvanceClock_NoSubscriptionDue/N: one clock advance of a nanosecond (timers checked) with
//   N monthly subscriptions outstanding and none due (a second a step would reach the first
//   charges' funds becoming available within the run, and time those timers too).
#include <malloc.h>

#include <cstdint>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/time/civil_time.h"
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

// 2026-01-01T00:00:00Z plus `months`, at `hour`:00.
absl::Time MonthStart(int months, int hour = 0) {
  return absl::FromCivil(absl::CivilSecond(2026, 1 + months, 1, hour, 0, 0), absl::UTCTimeZone());
}

// An engine on `clock` at 2026-01-01 with `n` active monthly subscriptions of 15 usd; their
// ids and their items' ids in `items` if given.
std::unique_ptr<Engine> EngineWithSubscriptions(
    testing::FakeClock& clock, int64_t n,
    std::vector<std::pair<std::string, std::string>>* items = nullptr) {
  clock.SetTime(MonthStart(0));
  EngineOptions options;
  options.clock = &clock;
  options.seed = 11;
  auto engine = std::make_unique<Engine>(options);
  PriceCreateParams price_params;
  price_params.set_currency("usd");
  price_params.set_unit_amount(1500);
  price_params.mutable_product_data()->set_name("Pro");
  price_params.mutable_recurring()->set_interval("month");
  const std::string price = engine->prices().Create(price_params)->id();
  for (int64_t i = 0; i < n; ++i) {
    const std::string customer = engine->customers().Create(CustomerCreateParams())->id();
    PaymentMethodAttachParams attach;
    attach.set_customer(customer);
    const std::string pm = engine->payment_methods().Attach("pm_card_visa", attach)->id();
    SubscriptionCreateParams params;
    params.set_customer(customer);
    params.add_items()->set_price(price);
    params.set_default_payment_method(pm);
    absl::StatusOr<Subscription> subscription = engine->subscriptions().Create(params);
    if (!subscription.ok()) std::abort();
    if (items != nullptr) {
      items->emplace_back(subscription->id(), subscription->items().data(0).id());
    }
  }
  return engine;
}

void BM_Renewals(benchmark::State& state) {
  const int64_t n = state.range(0);
  int64_t renewals = 0;
  double bytes = 0;
  for (auto _ : state) {
    state.PauseTiming();
    testing::FakeClock clock;
    std::unique_ptr<Engine> engine = EngineWithSubscriptions(clock, n);
    const size_t heap_before = HeapInUse();
    const uint64_t events_before = engine->events().emitted();
    state.ResumeTiming();
    for (int month = 1; month <= 12; ++month) {
      clock.SetTime(MonthStart(month, /*hour=*/1));  // the period's end, and its hour
      engine->FireDueTimers();
    }
    state.PauseTiming();
    renewals += 12 * n;
    bytes += static_cast<double>(HeapInUse() - heap_before);
    state.counters["events_per_renewal"] =
        static_cast<double>(engine->events().emitted() - events_before) / (12.0 * n);
    engine.reset();
    state.ResumeTiming();
  }
  state.SetItemsProcessed(renewals);
  state.counters["bytes_per_renewal"] = bytes / static_cast<double>(renewals);
}
BENCHMARK(BM_Renewals)
    ->Arg(1000)
    ->Arg(10000)
    ->Arg(100000)
    ->Iterations(1)
    ->Unit(benchmark::kMillisecond);

void BM_RenewalsAfterProrations(benchmark::State& state) {
  const int64_t n = state.range(0);
  int64_t renewals = 0;
  for (auto _ : state) {
    state.PauseTiming();
    testing::FakeClock clock;
    std::vector<std::pair<std::string, std::string>> items;
    std::unique_ptr<Engine> engine = EngineWithSubscriptions(clock, n, &items);
    for (int month = 1; month <= 12; ++month) {
      clock.SetTime(MonthStart(month - 1) + absl::Hours(24 * 14));
      engine->FireDueTimers();
      for (const auto& [subscription, item] : items) {
        SubscriptionChangeParams change;
        SubscriptionUpdateItemParams* quantity = change.add_items();
        quantity->set_id(item);
        quantity->set_quantity(1 + month % 2);
        change.set_proration_behavior("create_prorations");
        if (!engine->subscriptions().Update(subscription, change).ok()) std::abort();
      }
      state.ResumeTiming();
      clock.SetTime(MonthStart(month, /*hour=*/1));
      engine->FireDueTimers();
      state.PauseTiming();
    }
    renewals += 12 * n;
    state.counters["invoice_items"] = static_cast<double>(24 * n);
    engine.reset();
    state.ResumeTiming();
  }
  state.SetItemsProcessed(renewals);
}
BENCHMARK(BM_RenewalsAfterProrations)
    ->Arg(1000)
    ->Arg(10000)
    ->Iterations(1)
    ->Unit(benchmark::kMillisecond);

void BM_AdvanceClock_NoSubscriptionDue(benchmark::State& state) {
  testing::FakeClock clock;
  std::unique_ptr<Engine> engine = EngineWithSubscriptions(clock, state.range(0));
  for (auto _ : state) {
    clock.Advance(absl::Nanoseconds(1));
    engine->FireDueTimers();
  }
  state.counters["pending_timers"] = static_cast<double>(engine->pending_timers());
}
BENCHMARK(BM_AdvanceClock_NoSubscriptionDue)->Arg(100000)->Arg(1000000)->Unit(benchmark::kNanosecond);

}  // namespace
}  // namespace paysim

// main(): bench_main.cc.
