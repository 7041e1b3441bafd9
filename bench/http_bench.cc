// Throughput of `paysim serve`'s HTTP front against the loopback ceiling, in one run, all with
// the same bare-socket keep-alive client (bench/raw_http.h; one request at a time, no
// pipelining), printing a summary with the ratios at the end.
//
//   ./bazelw run -c opt //bench:http_bench
//
// BM_Http_Ceiling:            (a) a minimal raw-socket server (a thread per connection,
//                             blocking reads) answering every request with the bytes of a real
//                             create-charge response: the same size, no work behind it.
// BM_Http_CeilingAsioPool:    (a) again from Boost.Asio's reactor on a pool of 2 threads: the
//                             threading model cli/http_server.h did not take, measured.
// BM_Http_ServerFixed:        paysim serve's HTTP server (cli/http_server.h) whose handler
//                             returns that same response without the engine: the server's own
//                             cost against the ceiling's.
// BM_Http_CreateCharge/0:     (b) POST /v1/charges (tok_visa, captured) to cli::Server on one
//                             keep-alive connection.
// BM_Http_CreateCharge/0/threads:4: (c) the same from 4 connections at once (4 client threads).
// BM_Http_CreateCharge/1000000: (d) (b) with 1,000,000 charges already stored (created through
//                             the C++ API before the measurement, not over HTTP).
// BM_Handle_CreateCharge:     the same request through Server::Handle, without HTTP: the
//                             engine's and the wire door's share of (b).
//
// items_per_second is requests per second over wall time (UseRealTime; with 4 threads, the
// total of the 4 connections). The client shares the machine's cores with the server, as an
// SDK on the same machine would. No assertions.
#include <cstdint>
#include <cstdio>
#include <map>
#include <memory>
#include <mutex>
#include <string>

#include "absl/strings/str_cat.h"
#include "bench/raw_http.h"
#include "benchmark/benchmark.h"
#include "cli/http_server.h"
#include "cli/serve.h"
#include "engine/engine.h"

namespace paysim {
namespace {

constexpr char kBody[] = "amount=999&currency=usd&source=tok_visa";
constexpr int64_t kStored = 1000000;

const std::string& CreateChargeRequest() {
  static const auto* request = new std::string(
      absl::StrCat("POST /v1/charges HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                   "Authorization: Basic c2tfdGVzdF9iZW5jaDo=\r\n"  // sk_test_bench:
                   "Content-Type: application/x-www-form-urlencoded\r\nContent-Length: ",
                   sizeof(kBody) - 1, "\r\n\r\n", kBody));
  return *request;
}

// One server per preload size, built on first use and kept for the process (Google Benchmark
// calls a benchmark function several times, and from several threads for (c)).
cli::Server& ServerWith(int64_t stored_charges) {
  static std::mutex mu;
  static auto* servers = new std::map<int64_t, std::unique_ptr<cli::Server>>();
  std::lock_guard<std::mutex> lock(mu);
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

// The bytes of a real create-charge response from paysim serve: what the ceiling answers.
const std::string& CreateChargeResponse() {
  static const auto* response = [] {
    cli::ServeOptions options;
    options.port = 0;
    options.seed = 1;
    std::unique_ptr<cli::Server> server = *cli::Server::Create(options);
    (void)server->Start();
    bench::RawHttpClient client(server->port());
    (void)client.RoundTrip(CreateChargeRequest());
    return new std::string(client.response());
  }();
  return *response;
}

// The loop every HTTP case runs: one request, its whole response, again.
void RoundTrips(benchmark::State& state, int port) {
  bench::RawHttpClient client(port);
  const std::string& request = CreateChargeRequest();
  for (auto _ : state) {
    if (client.RoundTrip(request) != 200) {
      state.SkipWithError("request failed");
      break;
    }
  }
  state.SetItemsProcessed(state.iterations());
  state.counters["response_bytes"] = static_cast<double>(client.response().size());
}

void BM_Http_Ceiling(benchmark::State& state) {
  static auto* server = new bench::FixedResponseServer(CreateChargeResponse());
  RoundTrips(state, server->port());
}
BENCHMARK(BM_Http_Ceiling)->UseRealTime()->MinTime(2.0)->Unit(benchmark::kMicrosecond);

void BM_Http_CeilingAsioPool(benchmark::State& state) {
  static auto* server = new bench::AsioFixedResponseServer(CreateChargeResponse(), 2);
  RoundTrips(state, server->port());
}
BENCHMARK(BM_Http_CeilingAsioPool)->UseRealTime()->MinTime(2.0)->Unit(benchmark::kMicrosecond);

void BM_Http_ServerFixed(benchmark::State& state) {
  static auto* server = [] {
    cli::ServeOptions options;
    options.port = 0;
    options.seed = 1;
    std::unique_ptr<cli::Server> paysim = *cli::Server::Create(options);
    wire::WireApi::Response r =
        paysim->Handle("POST", "/v1/charges", {{"Authorization", "Bearer sk_test_bench"}}, kBody);
    const cli::HttpResponse fixed{r.status, r.headers, r.body};
    auto* http = new cli::HttpServer({}, [fixed](const cli::HttpRequest&) { return fixed; });
    (void)http->Start();
    return http;
  }();
  RoundTrips(state, server->port());
}
BENCHMARK(BM_Http_ServerFixed)->UseRealTime()->MinTime(2.0)->Unit(benchmark::kMicrosecond);

void BM_Http_CreateCharge(benchmark::State& state) {
  RoundTrips(state, ServerWith(state.range(0)).port());
}
BENCHMARK(BM_Http_CreateCharge)->Arg(0)->UseRealTime()->MinTime(2.0)->Unit(benchmark::kMicrosecond);
BENCHMARK(BM_Http_CreateCharge)
    ->Arg(0)
    ->Threads(4)
    ->UseRealTime()
    ->MinTime(2.0)
    ->Unit(benchmark::kMicrosecond);
BENCHMARK(BM_Http_CreateCharge)
    ->Arg(kStored)
    ->UseRealTime()
    ->MinTime(2.0)
    ->Unit(benchmark::kMicrosecond);

void BM_Handle_CreateCharge(benchmark::State& state) {
  cli::Server& server = ServerWith(0);
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
BENCHMARK(BM_Handle_CreateCharge)->UseRealTime()->MinTime(2.0)->Unit(benchmark::kMicrosecond);

// The console report, and each run's requests per second kept for the summary.
class SummaryReporter : public benchmark::ConsoleReporter {
 public:
  void ReportRuns(const std::vector<Run>& reports) override {
    ConsoleReporter::ReportRuns(reports);
    for (const Run& run : reports) {
      auto it = run.counters.find("items_per_second");
      if (!run.error_occurred && it != run.counters.end())
        rates_[run.benchmark_name()] = it->second;
    }
  }

  // The rate of the run whose name starts with `prefix` and ends with `suffix` (names carry
  // "/min_time:2.000" between them).
  double Rate(const std::string& prefix, const std::string& suffix = "/real_time") const {
    for (const auto& [name, rate] : rates_) {
      if (name.rfind(prefix, 0) == 0 && name.size() >= suffix.size() &&
          name.compare(name.size() - suffix.size(), suffix.size(), suffix) == 0) {
        return rate;
      }
    }
    return 0;
  }

 private:
  std::map<std::string, double> rates_;
};

void PrintSummary(const SummaryReporter& r) {
  const double a = r.Rate("BM_Http_Ceiling/");
  const double a2 = r.Rate("BM_Http_CeilingAsioPool/");
  const double f = r.Rate("BM_Http_ServerFixed/");
  const double b = r.Rate("BM_Http_CreateCharge/0/");
  const double c = r.Rate("BM_Http_CreateCharge/0/", "/real_time/threads:4");
  const double d = r.Rate(absl::StrCat("BM_Http_CreateCharge/", kStored, "/"));
  const double e = r.Rate("BM_Handle_CreateCharge/");
  auto ratio = [](double x, double y) { return y > 0 ? x / y : 0.0; };
  std::printf("\nhttp_bench summary (requests/s; %zu-byte create-charge response)\n",
              CreateChargeResponse().size());
  std::printf("  (a) ceiling: raw-socket server, fixed response   %9.0f\n", a);
  std::printf("      (the same, Asio reactor, 2 threads)          %9.0f   %.2f of (a)\n", a2,
              ratio(a2, a));
  std::printf("      paysim's HTTP server, fixed response, no engine %6.0f   %.2f of (a)\n", f,
              ratio(f, a));
  std::printf(
      "  (b) paysim serve, 1 connection                   %9.0f   b/a = %.2f (goal >= 0.75)\n", b,
      ratio(b, a));
  std::printf(
      "  (c) paysim serve, 4 connections                  %9.0f   c/b = %.2f (goal >= 1.5)\n", c,
      ratio(c, b));
  std::printf(
      "  (d) paysim serve, 1 connection, 1M charges held  %9.0f   d/b = %.2f (goal >= 0.90)\n", d,
      ratio(d, b));
  std::printf("      without HTTP (Server::Handle)                %9.0f   b/handle = %.2f\n", e,
              ratio(b, e));
}

}  // namespace
}  // namespace paysim

int main(int argc, char** argv) {
  benchmark::Initialize(&argc, argv);
  if (benchmark::ReportUnrecognizedArguments(argc, argv)) return 1;
  paysim::SummaryReporter reporter;
  benchmark::RunSpecifiedBenchmarks(&reporter);
  paysim::PrintSummary(reporter);
  benchmark::Shutdown();
  return 0;
}
