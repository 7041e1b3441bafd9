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
//                             cost against the ceiling's. It and the ceiling also run on 4
//                             connections: what the machine gives 4 connections without the
//                             engine.
// BM_Http_CreateCharge/0:     (b) POST /v1/charges (tok_visa, captured) to cli::Server on one
//                             keep-alive connection.
// BM_Http_CreateCharge/0/threads:4: (c) the same from 4 connections at once (4 client threads).
// BM_Http_CreateCharge/1000000: (d) (b) with 1,000,000 charges already stored (created through
//                             the C++ API before the measurement, not over HTTP).
// BM_Handle_CreateCharge/0, /1000000: the same request through Server::Handle, without HTTP,
//                             on the servers of (b) and (d): the engine's and the wire door's
//                             share of them.
//
// items_per_second is requests per second over wall time (UseRealTime; with 4 threads, the
// total of the 4 connections). Each case runs 3 times; the summary takes the best. The client
// shares the machine's cores with the server, as an SDK on the same machine would. No assertions.
#include <algorithm>
#include <cstdint>
#include <cstdio>
#include <limits>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/synchronization/mutex.h"
#include "bench/raw_http.h"
#include "benchmark/benchmark.h"
#include "cli/http_server.h"
#include "cli/huge_page_heap.h"
#include "cli/serve.h"
#include "engine/engine.h"

namespace paysim {
namespace {

constexpr char kBody[] = "amount=999&currency=usd&source=tok_visa";
constexpr int64_t kStored = 1000000;
constexpr int kUnlimited = std::numeric_limits<int>::max();  // requests on one connection

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
    options.keep_alive_max_requests = kUnlimited;  // a run may send more than the default
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

double Max(const std::vector<double>& v) { return *std::max_element(v.begin(), v.end()); }

// Every case: wall time, 2 s at least, 3 repetitions shown as mean, median, stddev and max (the
// summary takes the max: on a machine shared with other work, the run least disturbed). The CPU
// column is the whole process's (client and server threads) per request.
void Configure(benchmark::internal::Benchmark* b) {
  b->UseRealTime()
      ->MeasureProcessCPUTime()
      ->MinTime(2.0)
      ->Unit(benchmark::kMicrosecond)
      ->Repetitions(3)
      ->DisplayAggregatesOnly(true)
      ->ComputeStatistics("max", Max);
}

void BM_Http_Ceiling(benchmark::State& state) {
  static auto* server = new bench::FixedResponseServer(CreateChargeResponse());
  RoundTrips(state, server->port());
}
BENCHMARK(BM_Http_Ceiling)->Apply(Configure);
BENCHMARK(BM_Http_Ceiling)->Threads(4)->Apply(Configure);

void BM_Http_CeilingAsioPool(benchmark::State& state) {
  static auto* server = new bench::AsioFixedResponseServer(CreateChargeResponse(), 2);
  RoundTrips(state, server->port());
}
BENCHMARK(BM_Http_CeilingAsioPool)->Apply(Configure);

void BM_Http_ServerFixed(benchmark::State& state) {
  static auto* server = [] {
    cli::ServeOptions options;
    options.port = 0;
    options.seed = 1;
    std::unique_ptr<cli::Server> paysim = *cli::Server::Create(options);
    wire::WireApi::Response r =
        paysim->Handle("POST", "/v1/charges", {{"Authorization", "Bearer sk_test_bench"}}, kBody);
    const cli::HttpResponse fixed{r.status, r.headers, r.body};
    cli::HttpServerOptions http_options;
    http_options.max_requests_per_connection = kUnlimited;
    auto* http =
        new cli::HttpServer(http_options, [fixed](const cli::HttpRequest&) { return fixed; });
    (void)http->Start();
    return http;
  }();
  RoundTrips(state, server->port());
}
BENCHMARK(BM_Http_ServerFixed)->Apply(Configure);
BENCHMARK(BM_Http_ServerFixed)->Threads(4)->Apply(Configure);

void BM_Http_CreateCharge(benchmark::State& state) {
  RoundTrips(state, ServerWith(state.range(0)).port());
}
BENCHMARK(BM_Http_CreateCharge)->Arg(0)->Apply(Configure);
BENCHMARK(BM_Http_CreateCharge)->Arg(0)->Threads(4)->Apply(Configure);
BENCHMARK(BM_Http_CreateCharge)->Arg(kStored)->Apply(Configure);

void BM_Handle_CreateCharge(benchmark::State& state) {
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
BENCHMARK(BM_Handle_CreateCharge)->Arg(0)->Arg(kStored)->Apply(Configure);

// The console report, and each run's requests per second kept for the summary.
class SummaryReporter : public benchmark::ConsoleReporter {
 public:
  void ReportRuns(const std::vector<Run>& reports) override {
    ConsoleReporter::ReportRuns(reports);
    for (const Run& run : reports) {
      if (run.error_occurred) continue;
      const std::string key =
          Key(run.run_name.function_name, run.run_name.args, run.run_name.threads);
      if (run.run_type == Run::RT_Aggregate && run.aggregate_name == "median") {
        cpu_[key] = run.GetAdjustedCPUTime();
      }
      if (run.run_type == Run::RT_Aggregate && run.aggregate_name != "max") continue;
      auto it = run.counters.find("items_per_second");
      if (it == run.counters.end()) continue;
      double& rate = rates_[key];
      rate = std::max(rate, static_cast<double>(it->second));
    }
  }

  // The best rate of `function` with `args` ("0", "" for none) on `threads` ("threads:4", ""
  // for one).
  double Rate(const std::string& function, const std::string& args = "",
              const std::string& threads = "") const {
    auto it = rates_.find(Key(function, args, threads));
    return it == rates_.end() ? 0 : it->second;
  }

  // The median CPU time of the process per request (µs) of a one-connection case.
  double Cpu(const std::string& function, const std::string& args = "") const {
    auto it = cpu_.find(Key(function, args, ""));
    return it == cpu_.end() ? 0 : it->second;
  }

 private:
  static std::string Key(const std::string& function, const std::string& args,
                         const std::string& threads) {
    return absl::StrCat(function, "|", args, "|", threads);
  }

  std::map<std::string, double> rates_;
  std::map<std::string, double> cpu_;
};

void PrintSummary(const SummaryReporter& r) {
  const std::string stored = absl::StrCat(kStored);
  const double a = r.Rate("BM_Http_Ceiling");
  const double a2 = r.Rate("BM_Http_CeilingAsioPool");
  const double a4 = r.Rate("BM_Http_Ceiling", "", "threads:4");
  const double f = r.Rate("BM_Http_ServerFixed");
  const double f4 = r.Rate("BM_Http_ServerFixed", "", "threads:4");
  const double b = r.Rate("BM_Http_CreateCharge", "0");
  const double c = r.Rate("BM_Http_CreateCharge", "0", "threads:4");
  const double d = r.Rate("BM_Http_CreateCharge", stored);
  const double e = r.Rate("BM_Handle_CreateCharge", "0");
  const double e_stored = r.Rate("BM_Handle_CreateCharge", stored);
  auto ratio = [](double x, double y) { return y > 0 ? x / y : 0.0; };
  auto row = [](const char* label, double rate, const std::string& note) {
    std::printf("  %-55s %9.0f   %s\n", label, rate, note.c_str());
  };
  std::printf(
      "\nhttp_bench summary (requests/s, best of the repetitions; %zu-byte create-charge "
      "response)\n",
      CreateChargeResponse().size());
  row("(a) ceiling: raw-socket server, fixed response", a, "");
  row("    the same from an Asio reactor, 2 threads", a2,
      absl::StrFormat("%.2f of (a)", ratio(a2, a)));
  row("    paysim's HTTP server, fixed response, no engine", f,
      absl::StrFormat("%.2f of (a)", ratio(f, a)));
  row("    the ceiling, 4 connections", a4, absl::StrFormat("%.2f of (a)", ratio(a4, a)));
  row("    paysim's HTTP server, no engine, 4 connections", f4,
      absl::StrFormat("%.2f of the same on 1", ratio(f4, f)));
  row("(b) paysim serve, 1 connection", b,
      absl::StrFormat("b/a = %.2f (goal >= 0.75)", ratio(b, a)));
  row("(c) paysim serve, 4 connections", c,
      absl::StrFormat("c/b = %.2f (goal >= 1.5)", ratio(c, b)));
  row("(d) paysim serve, 1 connection, 1,000,000 charges held", d,
      absl::StrFormat("d/b = %.2f (goal >= 0.90)", ratio(d, b)));
  row("    (b) without HTTP (Server::Handle)", e, absl::StrFormat("b/that = %.2f", ratio(b, e)));
  row("    (d) without HTTP (Server::Handle)", e_stored,
      absl::StrFormat("d/that = %.2f", ratio(d, e_stored)));
  std::printf(
      "CPU per request, client and server (median): ceiling %.1f us, paysim's HTTP server "
      "without the engine %.1f us, (b) %.1f us, (d) %.1f us, Handle alone %.1f us\n",
      r.Cpu("BM_Http_Ceiling"), r.Cpu("BM_Http_ServerFixed"), r.Cpu("BM_Http_CreateCharge", "0"),
      r.Cpu("BM_Http_CreateCharge", stored), r.Cpu("BM_Handle_CreateCharge", "0"));
}

}  // namespace
}  // namespace paysim

int main(int argc, char** argv) {
  paysim::cli::ReexecWithHugePageHeap(argv);  // as every benchmark here: see bench_main.cc
  absl::SetMutexDeadlockDetectionMode(absl::OnDeadlockCycle::kIgnore);  // as bench_main.cc
  benchmark::AddCustomContext("heap", paysim::cli::HeapDescription());
  benchmark::Initialize(&argc, argv);
  if (benchmark::ReportUnrecognizedArguments(argc, argv)) return 1;
  paysim::SummaryReporter reporter;
  benchmark::RunSpecifiedBenchmarks(&reporter);
  paysim::PrintSummary(reporter);
  benchmark::Shutdown();
  return 0;
}
