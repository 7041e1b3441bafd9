// The wire door without HTTP, and JSON rendering on its own.
//
//   ./bazelw run -c opt //bench:wire_bench
//
// BM_WireHandle_CreateCharge:  WireApi::Handle("POST", "/v1/charges", tok_visa) on one engine
//                              (the store grows as it runs), as BM_HandleCreateCharge of
//                              http_bench but without the server's own route tables.
// BM_WireHandle_RetrieveChargeExpanded:  GET /v1/charges/{id}?expand[]=customer&expand[]=
//                              balance_transaction: rendering with two objects spliced in.
// BM_Render_Charge/...:        one captured charge (with metadata) to Stripe's JSON text:
//   _Writer                    RenderJson: streamed from the proto by JsonWriter;
//   _Dom                       ToJson(...).dump(2): the nlohmann::ordered_json DOM, then dumped.
// items_per_second is requests (or renderings) per second. No assertions.
#include <string>

#include "benchmark/benchmark.h"
#include "engine/engine.h"
#include "engine/json_render.h"
#include "engine/wire/wire.h"
#include "nlohmann/json.hpp"
#include "testing/fake_clock.h"

namespace paysim {
namespace {

constexpr char kCreateBody[] = "amount=999&currency=usd&source=tok_visa";

const wire::WireApi::Headers& Headers() {
  static const auto* headers =
      new wire::WireApi::Headers{{"Authorization", "Bearer sk_test_bench"},
                                 {"Content-Type", "application/x-www-form-urlencoded"}};
  return *headers;
}

void BM_WireHandle_CreateCharge(benchmark::State& state) {
  testing::FakeClock clock;
  Engine engine({.clock = &clock, .seed = 1});
  wire::WireApi api(&engine);
  for (auto _ : state) {
    wire::WireApi::Response r = api.Handle("POST", "/v1/charges", Headers(), kCreateBody);
    if (r.status != 200) {
      state.SkipWithError("request failed");
      break;
    }
    benchmark::DoNotOptimize(r.body.data());
  }
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_WireHandle_CreateCharge)->Unit(benchmark::kMicrosecond);

void BM_WireHandle_RetrieveChargeExpanded(benchmark::State& state) {
  testing::FakeClock clock;
  Engine engine({.clock = &clock, .seed = 1});
  wire::WireApi api(&engine);
  wire::WireApi::Response customer =
      api.Handle("POST", "/v1/customers", Headers(), "email=jenny%40example.com&source=tok_visa");
  const std::string customer_id = Json::parse(customer.body)["id"];
  wire::WireApi::Response charge = api.Handle("POST", "/v1/charges", Headers(),
                                              "amount=999&currency=usd&customer=" + customer_id);
  const std::string path = "/v1/charges/" + Json::parse(charge.body)["id"].get<std::string>() +
                           "?expand[]=customer&expand[]=balance_transaction";
  for (auto _ : state) {
    wire::WireApi::Response r = api.Handle("GET", path, Headers(), "");
    if (r.status != 200) {
      state.SkipWithError("request failed");
      break;
    }
    benchmark::DoNotOptimize(r.body.data());
  }
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_WireHandle_RetrieveChargeExpanded)->Unit(benchmark::kMicrosecond);

Charge SampleCharge() {
  testing::FakeClock clock;
  Engine engine({.clock = &clock, .seed = 1});
  ChargeCreateParams params;
  params.set_amount(999);
  params.set_currency("usd");
  params.set_source("tok_visa");
  params.set_description("Order #6735 \"priority\"");
  (*params.mutable_metadata())["order_id"] = "6735";
  (*params.mutable_metadata())["customer_note"] = "leave at the door";
  return *engine.charges().Create(params);
}

void BM_Render_Charge_Writer(benchmark::State& state) {
  const Charge charge = SampleCharge();
  for (auto _ : state) {
    std::string text = RenderJson(charge);
    benchmark::DoNotOptimize(text.data());
  }
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_Render_Charge_Writer);

void BM_Render_Charge_Dom(benchmark::State& state) {
  const Charge charge = SampleCharge();
  for (auto _ : state) {
    std::string text = ToJson(charge).dump(2, ' ', false, Json::error_handler_t::replace);
    benchmark::DoNotOptimize(text.data());
  }
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_Render_Charge_Dom);

}  // namespace
}  // namespace paysim

// main(): bench_main.cc.
