// Throughput of `paysim serve`: create-charge requests over ONE keep-alive loopback
// connection to an in-process server (cli/serve.h), as an SDK would send them.
//
//   ./bazelw run -c opt //bench:http_bench
//
// BM_HttpCreateCharge/0:        POST /v1/charges (tok_visa, captured) on an empty engine.
// BM_HttpCreateCharge/1000000:  the same with 1,000,000 charges already stored (preloaded
//                               through the C++ API, not over HTTP, to keep setup short).
// BM_HandleCreateCharge/...:   the same request through Server::Handle, without HTTP.
// items_per_second is requests per second (wall time: the work happens on the server's
// threads). One client thread, one connection, so this is latency-bound: each request waits
// for the previous response. No assertions.
#include <httplib.h>

#include <cstdint>
#include <map>
#include <memory>
#include <string>

#include "absl/status/statusor.h"
#include "benchmark/benchmark.h"
#include "cli/serve.h"
#include "engine/engine.h"

namespace paysim {
namespace {

constexpr char kBody[] = "amount=999&currency=usd&source=tok_visa";

// One server per preload size, built on first use and kept for the process (Google Benchmark
// calls a benchmark function several times; preloading a million charges once is enough).
cli::Server& ServerWith(int64_t stored_charges) {
  static auto* servers = new std::map<int64_t, std::unique_ptr<cli::Server>>();
  std::unique_ptr<cli::Server>& server = (*servers)[stored_charges];
  if (server == nullptr) {
    cli::ServeOptions options;
    options.port = 0;
    options.seed = 1;
    server = *cli::Server::Create(options);
    ChargeCreateParams params;
    params.set_amount(999);
    params.set_currency("usd");
    params.set_source("tok_visa");
    for (int64_t i = 0; i < stored_charges; ++i) (void)server->engine().charges().Create(params);
    (void)server->Start();
  }
  return *server;
}

void BM_HttpCreateCharge(benchmark::State& state) {
  cli::Server& server = ServerWith(state.range(0));
  httplib::Client client("127.0.0.1", server.port());
  client.set_keep_alive(true);
  client.set_tcp_nodelay(true);
  client.set_decompress(false);  // no Accept-Encoding: the JSON comes back uncompressed
  client.set_basic_auth("sk_test_bench", "");
  int connections = 0;
  client.set_socket_options([&connections](socket_t) { ++connections; });
  for (auto _ : state) {
    httplib::Result r = client.Post("/v1/charges", kBody, "application/x-www-form-urlencoded");
    if (!r || r->status != 200) {
      state.SkipWithError("request failed");
      break;
    }
    benchmark::DoNotOptimize(r->body.data());
  }
  state.SetItemsProcessed(state.iterations());
  state.counters["connections"] = connections;
}
BENCHMARK(BM_HttpCreateCharge)
    ->Arg(0)
    ->Arg(1000000)
    ->UseRealTime()
    ->MinTime(2.0)
    ->Unit(benchmark::kMicrosecond);

// The same request handed to the server without HTTP (Server::Handle: ExtraRoutes, then
// WireApi), on the same servers: the difference from BM_HttpCreateCharge is the cost of HTTP
// and loopback.
void BM_HandleCreateCharge(benchmark::State& state) {
  cli::Server& server = ServerWith(state.range(0));
  const wire::WireApi::Headers headers = {{"Authorization", "Bearer sk_test_bench"},
                                          {"Content-Type", "application/x-www-form-urlencoded"}};
  for (auto _ : state) {
    wire::WireApi::Response r = server.Handle("POST", "/v1/charges", headers, kBody);
    if (r.status != 200) {
      state.SkipWithError("request failed");
      break;
    }
    benchmark::DoNotOptimize(r.body.data());
  }
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_HandleCreateCharge)
    ->Arg(0)
    ->Arg(1000000)
    ->UseRealTime()
    ->MinTime(2.0)
    ->Unit(benchmark::kMicrosecond);

}  // namespace
}  // namespace paysim

BENCHMARK_MAIN();
