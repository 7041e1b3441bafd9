// serve.h: `paysim serve`, Stripe's HTTP API on a local port (http_server.h over WireApi).
//
// Every request goes, raw (method, target with its query string, headers, body), to one
// WireApi::Handle (engine/wire/wire.h: routing, auth, versions, idempotency, errors) that
// answers the engine's routes and the server's own: the clock's test helpers
// (engine/wire/clock_helpers.h) and /v1/webhook_endpoints
// (engine/wire/webhook_endpoint_routes.h); the response is its status, headers and body.
// HTTP/1.1 (cli/http_server.h: Boost.Beast's parser, a thread per open connection,
// keep-alive, pipelining, chunked bodies, size limits with Stripe-shaped 400 and 413 errors),
// bound to 127.0.0.1 unless told otherwise.
//
// Clock: --clock=simulated (the default) runs the engine on a SimulatedClock
// (engine/simulated_clock.h) starting at 2026-01-01T00:00:00Z that moves only through
// POST /v1/test_helpers/clock/advance, so the same seed and the same requests give the same
// bytes. --clock=system runs on the wall clock.
//
// Webhooks: events go to the endpoints created through /v1/webhook_endpoints, POSTed
// (engine/webhooks/http_transport.h) by a delivery thread that wakes whenever events queue
// deliveries and, on the system clock, every second; failures are retried on the engine's
// clock (engine/webhooks/webhook_endpoints.h). A clock advance delivers what falls due before
// it answers. Delivery attempts are logged to the log stream, one line each. The signature's
// timestamp is the engine clock's: on the simulated clock a receiver must verify against
// GET /v1/test_helpers/clock's frozen_time (Stripe's libraries take it as `receivedAt`), not
// the wall clock, or the 300-second tolerance fails.
//
// Example (in a test or benchmark):
//   ServeOptions options;
//   options.port = 0;                                   // any free port
//   auto server = paysim::cli::Server::Create(options);
//   (*server)->Start();                                 // binds, then serves on a thread
//   // requests to http://127.0.0.1:<(*server)->port()>
//   ...
//   (*server)->Stop();
//
// Thread safety: Start/Stop from one thread; the server itself serves many connections.
#ifndef PAYSIM_CLI_SERVE_H_
#define PAYSIM_CLI_SERVE_H_

#include <cstdint>
#include <memory>
#include <ostream>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/time/time.h"
#include "engine/engine.h"
#include "engine/webhooks/webhook_endpoints.h"
#include "engine/wire/wire.h"

namespace paysim {
namespace cli {

struct ServeOptions {
  // Address to listen on. Anything but loopback exposes the simulator to the network.
  std::string host = "127.0.0.1";
  // TCP port; 0 picks a free one (see Server::port()). 12111 is stripe-mock's port.
  int port = 12111;
  // The engine's seed.
  uint64_t seed = 0;
  // The account's API version; empty: the newest paysim knows.
  std::string api_version;
  // true: the wall clock; false: a simulated clock from 2026-01-01T00:00:00Z.
  bool system_clock = false;
  // How long events are kept (EngineOptions::event_retention; Stripe: 30 days).
  absl::Duration event_retention = absl::Hours(24 * 30);
  // Connections served at once (each open connection holds a thread); more wait to be
  // accepted.
  int max_connections = 1024;
  // Requests one keep-alive connection may carry before the server closes it.
  int keep_alive_max_requests = 100000;
  // Where to log webhook delivery attempts; nullptr: nowhere. Not owned.
  std::ostream* log = nullptr;
};

// ParseServeArgs()
//
// The flags of `paysim serve` (cli/flags.h: kServeCommand; `--port 8080` and `--port=8080`
// alike): --port --host --seed --api-version --clock. kInvalidArgument with a one-line message
// naming the flag for an unknown flag or a bad value; kCancelled if --help was asked for.
// Sets the process's flags (not thread-safe).
absl::StatusOr<ServeOptions> ParseServeArgs(const std::vector<std::string>& args);

class Server {
 public:
  // Builds the engine, clock, webhooks and HTTP server (nothing listens yet).
  // kInvalidArgument for a bad api_version.
  static absl::StatusOr<std::unique_ptr<Server>> Create(const ServeOptions& options);
  ~Server();  // Stop()s

  Server(const Server&) = delete;
  Server& operator=(const Server&) = delete;

  // Start()
  //
  // Binds host:port and serves on background threads; returns once connections are accepted.
  // kUnavailable "cannot listen on HOST:PORT: REASON" if the address cannot be bound (port in
  // use, bad host).
  absl::Status Start();

  // The bound port (the chosen one when options.port was 0). REQUIRES: Start() succeeded.
  int port() const { return port_; }

  // Stops accepting, lets requests in progress answer, closes connections, joins every
  // thread. Idempotent.
  void Stop();

  // One request as the HTTP front hands it on (to WireApi).
  wire::WireApi::Response Handle(absl::string_view method, absl::string_view target,
                                 const wire::WireApi::Headers& headers, absl::string_view body);

  Engine& engine();
  webhooks::WebhookEndpoints& webhooks();

 private:
  struct State;
  explicit Server(std::unique_ptr<State> state);

  std::unique_ptr<State> state_;
  int port_ = 0;
};

// RunServe()
//
// `paysim serve` with `options`: prints "paysim listening on http://HOST:PORT" to `out` once
// connections are accepted, serves until SIGINT or SIGTERM, then stops cleanly and returns 0.
// 2 for a bad api_version, 1 if the address cannot be bound. REQUIRES: called from the main
// thread before any other thread exists (it blocks SIGINT/SIGTERM for every thread and waits
// for them with sigwait).
int RunServe(const ServeOptions& options, std::ostream& out, std::ostream& err);

}  // namespace cli
}  // namespace paysim

#endif  // PAYSIM_CLI_SERVE_H_
