// Benchmarks of usage-based billing: meter events reported, and the renewals that bill them.
//
//   ./bazelw run -c opt //bench:meter_bench
//
// BM_MeterEvents/N: N meter events (each with its own identifier) for 1,000 customers of one
//   `sum` meter (timed: the reports; not timed: the engine, the meter and the customers).
//   items_per_second is events per second; bytes_per_event the heap the engine retains per
//   event.
// BM_MeteredRenewals/N: N subscriptions of one metered price (a saved Visa as the invoice
//   default), each customer reporting 10 events in January (not timed), then the clock moved to
//   February's renewal and its finalization hour (timed): each renewal aggregates the month's
//   usage, drafts, finalizes and charges the invoice. items_per_second is renewals per second.
#include <malloc.h>

#include <cstdint>
#include <memory>
#include <string>
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

absl::Time At(int month, int day, int hour = 0) {
  return absl::FromCivil(absl::CivilSecond(2026, month, day, hour, 0, 0), absl::UTCTimeZone());
}

// An engine on `clock` at 2026-01-01 with an `api_call` meter of formula sum.
std::unique_ptr<Engine> EngineWithMeter(testing::FakeClock& clock, std::string* meter) {
  clock.SetTime(At(1, 1));
  EngineOptions options;
  options.clock = &clock;
  options.seed = 13;
  auto engine = std::make_unique<Engine>(options);
  BillingMeterCreateParams params;
  params.set_display_name("API calls");
  params.set_event_name("api_call");
  params.mutable_default_aggregation()->set_formula("sum");
  *meter = engine->meters().Create(params)->id();
  return engine;
}

void Report(Engine& engine, const std::string& customer, int64_t n) {
  BillingMeterEventCreateParams params;
  params.set_event_name("api_call");
  params.set_identifier(absl::StrCat("req_", n));
  (*params.mutable_payload())["stripe_customer_id"] = customer;
  (*params.mutable_payload())["value"] = "3";
  if (!engine.meter_events().Create(params).ok()) std::abort();
}

void BM_MeterEvents(benchmark::State& state) {
  const int64_t n = state.range(0);
  int64_t reported = 0;
  double bytes = 0;
  for (auto _ : state) {
    state.PauseTiming();
    testing::FakeClock clock;
    std::string meter;
    std::unique_ptr<Engine> engine = EngineWithMeter(clock, &meter);
    std::vector<std::string> customers;
    for (int i = 0; i < 1000; ++i) {
      customers.push_back(engine->customers().Create(CustomerCreateParams())->id());
    }
    const size_t heap_before = HeapInUse();
    state.ResumeTiming();
    for (int64_t i = 0; i < n; ++i) Report(*engine, customers[i % customers.size()], i);
    state.PauseTiming();
    reported += n;
    bytes += static_cast<double>(HeapInUse() - heap_before);
    engine.reset();
    state.ResumeTiming();
  }
  state.SetItemsProcessed(reported);
  state.counters["bytes_per_event"] = bytes / static_cast<double>(reported);
}
BENCHMARK(BM_MeterEvents)->Arg(100000)->Iterations(1)->Unit(benchmark::kMillisecond);

void BM_MeteredRenewals(benchmark::State& state) {
  const int64_t n = state.range(0);
  int64_t renewals = 0;
  for (auto _ : state) {
    state.PauseTiming();
    testing::FakeClock clock;
    std::string meter;
    std::unique_ptr<Engine> engine = EngineWithMeter(clock, &meter);
    PriceCreateParams price_params;
    price_params.set_currency("usd");
    price_params.set_unit_amount(2);
    price_params.mutable_product_data()->set_name("API");
    price_params.mutable_recurring()->set_interval("month");
    price_params.mutable_recurring()->set_usage_type("metered");
    price_params.mutable_recurring()->set_meter(meter);
    const std::string price = engine->prices().Create(price_params)->id();
    std::vector<std::string> customers;
    for (int64_t i = 0; i < n; ++i) {
      const std::string customer = engine->customers().Create(CustomerCreateParams())->id();
      PaymentMethodAttachParams attach;
      attach.set_customer(customer);
      const std::string pm = engine->payment_methods().Attach("pm_card_visa", attach)->id();
      SubscriptionCreateParams params;
      params.set_customer(customer);
      params.add_items()->set_price(price);
      params.set_default_payment_method(pm);
      if (!engine->subscriptions().Create(params).ok()) std::abort();
      customers.push_back(customer);
    }
    clock.SetTime(At(1, 20));
    int64_t k = 0;
    for (int round = 0; round < 10; ++round) {
      for (const std::string& customer : customers) Report(*engine, customer, k++);
    }
    state.ResumeTiming();
    clock.SetTime(At(2, 1, /*hour=*/1));  // the period's end, and its hour
    engine->FireDueTimers();
    state.PauseTiming();
    renewals += n;
    engine.reset();
    state.ResumeTiming();
  }
  state.SetItemsProcessed(renewals);
}
BENCHMARK(BM_MeteredRenewals)->Arg(10000)->Iterations(1)->Unit(benchmark::kMillisecond);

}  // namespace
}  // namespace paysim

// main(): bench_main.cc.
