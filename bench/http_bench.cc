// Throughput of `paysim serve`: create-charge requests over ONE keep-alive loopback
// connection to an in-process server (cli/serve.h), as an SDK would send them.
//
//   ./bazelw run -c opt //bench:http_bench
//
// BM_HttpCreateCharge/0:        POST /v1/charges (tok_visa, captured) on an empty engine.
// BM_HttpCreateCharge/1000000:  the same with 1,000,000 charges already stored (preloaded
//                               through the C++ API, not over HTTP, to keep setup short).
// BM_HttpCreateChargeRawClient/0: BM_HttpCreateCharge/0 with a bare-socket client instead of
//                               httplib's (the client's own cost, which shares the cores).
// BM_HandleCreateCharge/...:   the same request through Server::Handle, without HTTP.
// items_per_second is requests per second (wall time: the work happens on the server's
// threads). One client thread, one connection, so this is latency-bound: each request waits
// for the previous response. No assertions.
#include <arpa/inet.h>
#include <httplib.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cstdint>
#include <cstdlib>
#include <map>
#include <memory>
#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/str_cat.h"
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

// A minimal HTTP/1.1 client on a plain socket: writes the request bytes, reads the status
// line, headers and Content-Length body. Nothing else (no chunked bodies, no redirects).
class RawClient {
 public:
  explicit RawClient(int port) {
    fd_ = socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_port = htons(static_cast<uint16_t>(port));
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    if (connect(fd_, reinterpret_cast<sockaddr*>(&address), sizeof(address)) != 0) {
      close(fd_);
      fd_ = -1;
      return;
    }
    int yes = 1;
    setsockopt(fd_, IPPROTO_TCP, TCP_NODELAY, &yes, sizeof(yes));
  }
  ~RawClient() {
    if (fd_ >= 0) close(fd_);
  }

  // Sends `request` and reads one response; its status, or 0 on a broken connection.
  int RoundTrip(const std::string& request) {
    if (fd_ < 0 || send(fd_, request.data(), request.size(), MSG_NOSIGNAL) !=
                       static_cast<ssize_t>(request.size())) {
      return 0;
    }
    buffer_.clear();
    size_t header_end = std::string::npos;
    while ((header_end = buffer_.find("\r\n\r\n")) == std::string::npos) {
      if (!ReadMore()) return 0;
    }
    const size_t length_at = buffer_.find("Content-Length: ");
    if (length_at == std::string::npos || length_at > header_end) return 0;
    const size_t body_size = std::strtoul(buffer_.c_str() + length_at + 16, nullptr, 10);
    while (buffer_.size() < header_end + 4 + body_size) {
      if (!ReadMore()) return 0;
    }
    return std::atoi(buffer_.c_str() + 9);  // "HTTP/1.1 200 OK"
  }

 private:
  bool ReadMore() {
    char chunk[16384];
    const ssize_t n = recv(fd_, chunk, sizeof(chunk), 0);
    if (n <= 0) return false;
    buffer_.append(chunk, static_cast<size_t>(n));
    return true;
  }

  int fd_ = -1;
  std::string buffer_;
};

// BM_HttpCreateCharge with RawClient instead of httplib::Client: the same request bytes on
// the same kind of connection, with the client's own cost cut to a send and a few recvs. The
// difference from BM_HttpCreateCharge is what httplib's client costs on this machine.
void BM_HttpCreateChargeRawClient(benchmark::State& state) {
  cli::Server& server = ServerWith(state.range(0));
  RawClient client(server.port());
  const std::string request = absl::StrCat(
      "POST /v1/charges HTTP/1.1\r\nHost: 127.0.0.1\r\n"
      "Authorization: Basic c2tfdGVzdF9iZW5jaDo=\r\n"  // sk_test_bench:
      "Content-Type: application/x-www-form-urlencoded\r\nContent-Length: ",
      sizeof(kBody) - 1, "\r\n\r\n", kBody);
  for (auto _ : state) {
    if (client.RoundTrip(request) != 200) {
      state.SkipWithError("request failed");
      break;
    }
  }
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_HttpCreateChargeRawClient)
    ->Arg(0)
    ->UseRealTime()
    ->MinTime(2.0)
    ->Unit(benchmark::kMicrosecond);

// The same request handed to the server without HTTP (Server::Handle: its WireApi, with the
// server's route tables), on the same servers: the difference from BM_HttpCreateCharge is the cost of HTTP
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
