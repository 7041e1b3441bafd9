#include "cli/serve.h"

#include <pthread.h>
#include <signal.h>

#include <thread>
#include <utility>

#include "absl/base/thread_annotations.h"
#include "absl/flags/flag.h"
#include "absl/strings/str_cat.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/time.h"
#include "cli/flags.h"
#include "cli/http_server.h"
#include "engine/simulated_clock.h"
#include "engine/webhooks/http_transport.h"
#include "engine/wire/clock_helpers.h"
#include "engine/wire/webhook_endpoint_routes.h"

namespace paysim {
namespace cli {
namespace {

// Largest request body read (WireApi refuses params over 1 MiB anyway); more is HTTP 413.
constexpr size_t kMaxBodyBytes = size_t{2} << 20;
// Request line and headers (Stripe's SDKs send well under 4 KiB); more is HTTP 400.
constexpr size_t kMaxHeaderBytes = size_t{64} << 10;
// How often the delivery thread wakes on its own on the system clock.
constexpr absl::Duration kSystemClockTick = absl::Seconds(1);

std::string DescribeAttempt(const webhooks::DeliveryAttempt& a) {
  std::string line = absl::StrCat("webhook ", a.event_id, " ", a.event_type, " -> ", a.url,
                                  " (attempt ", a.attempt, "): ");
  if (a.response.status != 0) {
    absl::StrAppend(&line, a.response.status);
  } else {
    absl::StrAppend(&line, "no response (", a.response.error, ")");
  }
  if (a.next_attempt.has_value()) {
    absl::StrAppend(&line, "; retry at ",
                    absl::FormatTime("%Y-%m-%dT%H:%M:%SZ", *a.next_attempt, absl::UTCTimeZone()));
  } else if (!a.response.ok()) {
    absl::StrAppend(&line, "; giving up");
  }
  return line;
}

}  // namespace

absl::StatusOr<ServeOptions> ParseServeArgs(const std::vector<std::string>& args) {
  absl::StatusOr<ParsedArgs> parsed = ParseCommandArgs(kServeCommand, args);
  if (!parsed.ok()) return parsed.status();
  if (parsed->help) return absl::CancelledError("--help");
  if (!parsed->positional.empty()) {
    return absl::InvalidArgumentError(absl::StrCat(
        "unexpected argument ", parsed->positional.front(), " (serve takes flags only)"));
  }
  ServeOptions options;
  options.port = absl::GetFlag(FLAGS_port).value;
  options.host = absl::GetFlag(FLAGS_host);
  if (options.host.empty()) return absl::InvalidArgumentError("empty --host");
  options.seed = absl::GetFlag(FLAGS_seed).value_or(0);
  options.api_version = absl::GetFlag(FLAGS_api_version);
  options.system_clock = absl::GetFlag(FLAGS_clock) == ClockFlag::kSystem;
  options.event_retention = absl::GetFlag(FLAGS_event_retention);
  if (options.event_retention <= absl::ZeroDuration()) {
    return absl::InvalidArgumentError("--event_retention must be positive (or inf)");
  }
  return options;
}

// Everything a server owns, in construction order (destroyed in reverse: the threads stop
// before what they use goes away; the webhooks unsubscribe before the engine goes away).
struct Server::State {
  ServeOptions options;
  std::unique_ptr<SimulatedClock> simulated_clock;  // --clock=simulated only
  std::unique_ptr<Engine> engine;
  webhooks::HttpTransport transport;
  std::unique_ptr<webhooks::WebhookEndpoints> webhooks;
  std::unique_ptr<wire::ClockHelpers> clock_helpers;
  std::unique_ptr<wire::WireApi> api;  // the engine's routes, the clock's, the webhooks'
  std::unique_ptr<HttpServer> http;

  // The delivery thread: runs DeliverDue when events queued deliveries (on_queued), and on
  // the system clock every kSystemClockTick (firing the engine's timers first).
  absl::Mutex pump_mu;
  bool pump_wanted ABSL_GUARDED_BY(pump_mu) = false;
  bool pump_stop ABSL_GUARDED_BY(pump_mu) = false;
  std::thread pump;

  bool started = false;
  bool stopped = false;

  static bool PumpReady(State* s) ABSL_EXCLUSIVE_LOCKS_REQUIRED(s->pump_mu) {
    return s->pump_wanted || s->pump_stop;
  }

  void Pump() {
    while (true) {
      {
        absl::MutexLock lock(&pump_mu);
        if (options.system_clock) {
          pump_mu.AwaitWithTimeout(absl::Condition(&PumpReady, this), kSystemClockTick);
        } else {
          pump_mu.Await(absl::Condition(&PumpReady, this));
        }
        if (pump_stop) return;
        pump_wanted = false;
      }
      if (options.system_clock) engine->FireDueTimers();
      webhooks->DeliverDue();
    }
  }

  void WakePump() {
    absl::MutexLock lock(&pump_mu);
    pump_wanted = true;
  }

  HttpResponse Serve(const HttpRequest& request) {
    wire::WireApi::Response response =
        api->Handle(request.method, request.target, *request.headers, request.body);
    return HttpResponse{response.status, std::move(response.headers), std::move(response.body)};
  }
};

Server::Server(std::unique_ptr<State> state) : state_(std::move(state)) {}

Server::~Server() { Stop(); }

Engine& Server::engine() { return *state_->engine; }

webhooks::WebhookEndpoints& Server::webhooks() { return *state_->webhooks; }

absl::StatusOr<std::unique_ptr<Server>> Server::Create(const ServeOptions& options) {
  auto state = std::make_unique<State>();
  state->options = options;
  EngineOptions engine_options;
  if (!options.system_clock) {
    state->simulated_clock = std::make_unique<SimulatedClock>();  // 2026-01-01T00:00:00Z
    engine_options.clock = state->simulated_clock.get();
  }
  engine_options.seed = options.seed;
  engine_options.event_retention = options.event_retention;
  if (!options.api_version.empty()) engine_options.api_version = options.api_version;
  absl::StatusOr<std::unique_ptr<Engine>> engine = Engine::Create(engine_options);
  if (!engine.ok()) return absl::InvalidArgumentError(engine.status().message());
  state->engine = *std::move(engine);

  State* s = state.get();
  webhooks::WebhookEndpointsOptions webhook_options;
  // New deliveries wake the delivery thread (retries fall due only when the clock moves: a
  // clock advance delivers them itself, the system clock's tick does on its own).
  webhook_options.on_queued = [s] { s->WakePump(); };
  if (options.log != nullptr) {
    std::ostream* log = options.log;
    webhook_options.on_attempt = [log](const webhooks::DeliveryAttempt& attempt) {
      *log << DescribeAttempt(attempt) << std::endl;
    };
  }
  state->webhooks = std::make_unique<webhooks::WebhookEndpoints>(
      state->engine.get(), &state->transport, std::move(webhook_options));
  state->clock_helpers = std::make_unique<wire::ClockHelpers>(
      state->engine.get(), state->simulated_clock.get(), state->webhooks.get());
  state->api = std::make_unique<wire::WireApi>(
      state->engine.get(),
      std::vector<wire::RouteTable>{state->clock_helpers->Routes(),
                                    wire::WebhookEndpointRoutes(state->webhooks.get())});

  HttpServerOptions http;
  http.host = options.host;
  http.port = options.port;
  http.max_body_bytes = kMaxBodyBytes;
  http.max_header_bytes = kMaxHeaderBytes;
  http.max_connections = std::max(1, options.max_connections);
  http.max_requests_per_connection = std::max(1, options.keep_alive_max_requests);
  state->http = std::make_unique<HttpServer>(
      http, [s](const HttpRequest& request) { return s->Serve(request); });
  return std::unique_ptr<Server>(new Server(std::move(state)));
}

absl::Status Server::Start() {
  State& s = *state_;
  if (s.started) return absl::FailedPreconditionError("already started");
  if (absl::Status listening = s.http->Start(); !listening.ok()) return listening;
  port_ = s.http->port();
  s.started = true;
  s.pump = std::thread([&s] { s.Pump(); });
  return absl::OkStatus();
}

void Server::Stop() {
  State& s = *state_;
  if (!s.started || s.stopped) return;
  s.stopped = true;
  s.http->Stop();  // requests in progress answer; every connection thread is joined
  {
    absl::MutexLock lock(&s.pump_mu);
    s.pump_stop = true;
  }
  s.pump.join();
}

wire::WireApi::Response Server::Handle(absl::string_view method, absl::string_view target,
                                       const wire::WireApi::Headers& headers,
                                       absl::string_view body) {
  return state_->api->Handle(method, target, headers, body);
}

int RunServe(const ServeOptions& options, std::ostream& out, std::ostream& err) {
  // Block SIGINT and SIGTERM in this thread before any other exists, so every thread inherits
  // the mask and the signals wait for sigwait below (no async handler).
  sigset_t signals;
  sigemptyset(&signals);
  sigaddset(&signals, SIGINT);
  sigaddset(&signals, SIGTERM);
  pthread_sigmask(SIG_BLOCK, &signals, nullptr);

  ServeOptions with_log = options;
  if (with_log.log == nullptr) with_log.log = &err;
  absl::StatusOr<std::unique_ptr<Server>> server = Server::Create(with_log);
  if (!server.ok()) {
    err << "paysim serve: " << server.status().message() << "\n";
    return 2;
  }
  if (absl::Status started = (*server)->Start(); !started.ok()) {
    err << "paysim serve: " << started.message() << "\n";
    return 1;
  }
  out << "paysim listening on http://" << options.host << ":" << (*server)->port() << std::endl;
  // stdout keeps the one listening line (scripts wait for it); the keys go with the log.
  err << "paysim accepts any test key: secret sk_test_<letters, digits, _> (e.g. "
         "sk_test_paysim) on every route, publishable pk_test_<...> (e.g. pk_test_paysim) "
         "where Stripe.js uses it: POST /v1/tokens, POST /v1/payment_methods, and retrieve or "
         "confirm of a PaymentIntent or SetupIntent with its client_secret\n";
  int signal_number = 0;
  sigwait(&signals, &signal_number);
  (*server)->Stop();
  return 0;
}

}  // namespace cli
}  // namespace paysim
