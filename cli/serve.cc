#include "cli/serve.h"

#include <httplib.h>
#include <pthread.h>
#include <signal.h>
#include <sys/socket.h>

#include <chrono>
#include <thread>
#include <utility>

#include "absl/base/thread_annotations.h"
#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/strip.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/time.h"
#include "engine/simulated_clock.h"
#include "engine/webhooks/http_transport.h"
#include "engine/wire/clock_helpers.h"
#include "engine/wire/webhook_endpoint_routes.h"

namespace paysim {
namespace cli {
namespace {

// Largest request body read (WireApi refuses params over 1 MiB anyway); more is HTTP 413.
constexpr size_t kMaxBodyBytes = size_t{2} << 20;
// How often the delivery thread wakes on its own on the system clock.
constexpr absl::Duration kSystemClockTick = absl::Seconds(1);

bool Flag(absl::string_view arg, absl::string_view name, std::string* value) {
  if (!absl::ConsumePrefix(&arg, name) || !absl::ConsumePrefix(&arg, "=")) return false;
  *value = std::string(arg);
  return true;
}

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
  ServeOptions options;
  for (const std::string& arg : args) {
    std::string value;
    if (Flag(arg, "--port", &value)) {
      if (!absl::SimpleAtoi(value, &options.port) || options.port < 0 || options.port > 65535) {
        return absl::InvalidArgumentError(absl::StrCat("bad port: ", value));
      }
    } else if (Flag(arg, "--host", &value)) {
      if (value.empty()) return absl::InvalidArgumentError("empty --host");
      options.host = value;
    } else if (Flag(arg, "--seed", &value)) {
      if (!absl::SimpleAtoi(value, &options.seed)) {
        return absl::InvalidArgumentError(absl::StrCat("bad seed: ", value));
      }
    } else if (Flag(arg, "--api-version", &value)) {
      options.api_version = value;
    } else if (Flag(arg, "--clock", &value)) {
      if (value != "simulated" && value != "system") {
        return absl::InvalidArgumentError(
            absl::StrCat("bad clock: ", value, " (simulated or system)"));
      }
      options.system_clock = value == "system";
    } else {
      return absl::InvalidArgumentError(absl::StrCat("unknown option ", arg));
    }
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
  httplib::Server http;
  std::thread listener;

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

  void Serve(const httplib::Request& req, absl::string_view body, httplib::Response& res);
};

void Server::State::Serve(const httplib::Request& req, absl::string_view body,
                          httplib::Response& res) {
  wire::WireApi::Headers headers;
  headers.reserve(req.headers.size());
  for (const auto& [name, value] : req.headers) headers.emplace_back(name, value);
  wire::WireApi::Response response = api->Handle(req.method, req.target, headers, body);

  res.status = response.status;
  for (auto& [name, value] : response.headers) res.set_header(name, value);
  res.body = std::move(response.body);
  // Never compress: on loopback it only costs time (httplib's brotli runs at its default,
  // slowest quality). httplib compresses whatever the request's Accept-Encoding allows, so the
  // header goes; the Request is the server's own, const only in this handler's signature.
  const_cast<httplib::Request&>(req).headers.erase("Accept-Encoding");
}

Server::Server(std::unique_ptr<State> state) : state_(std::move(state)) {}

Server::~Server() { Stop(); }

Engine& Server::engine() { return *state_->engine; }

webhooks::WebhookEndpoints& Server::webhooks() { return *state_->webhooks; }

absl::StatusOr<std::unique_ptr<Server>> Server::Create(const ServeOptions& options) {
  // httplib writes with send() without MSG_NOSIGNAL: a client hanging up mid-response would
  // raise SIGPIPE and end the process.
  signal(SIGPIPE, SIG_IGN);

  auto state = std::make_unique<State>();
  state->options = options;
  EngineOptions engine_options;
  if (!options.system_clock) {
    state->simulated_clock = std::make_unique<SimulatedClock>();  // 2026-01-01T00:00:00Z
    engine_options.clock = state->simulated_clock.get();
  }
  engine_options.seed = options.seed;
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

  httplib::Server& http = s->http;
  const size_t threads = static_cast<size_t>(std::max(1, options.threads));
  http.new_task_queue = [threads] { return new httplib::ThreadPool(threads); };
  http.set_keep_alive_max_count(static_cast<size_t>(std::max(1, options.keep_alive_max_requests)));
  http.set_tcp_nodelay(true);  // small responses on keep-alive connections: no Nagle delay
  // httplib's default is SO_REUSEPORT, with which a second server on a busy port binds too and
  // steals half the connections. SO_REUSEADDR only: a busy port is an error.
  http.set_socket_options([](socket_t sock) {
    int yes = 1;
    setsockopt(sock, SOL_SOCKET, SO_REUSEADDR, &yes, sizeof(yes));
  });
  http.set_payload_max_length(kMaxBodyBytes);
  // Bodies are read here rather than by httplib, which caps form-encoded bodies at 8 KiB.
  const auto with_body = [s](const httplib::Request& req, httplib::Response& res,
                             const httplib::ContentReader& read) {
    std::string body;
    read([&body](const char* data, size_t length) {
      body.append(data, length);
      return true;
    });
    s->Serve(req, body, res);
  };
  const auto without_body = [s](const httplib::Request& req, httplib::Response& res) {
    s->Serve(req, req.body, res);
  };
  http.Get(".*", without_body);  // HEAD too
  http.Options(".*", without_body);
  http.Post(".*", with_body);
  http.Post(".*", without_body);
  http.Put(".*", with_body);
  http.Put(".*", without_body);
  http.Patch(".*", with_body);
  http.Patch(".*", without_body);
  http.Delete(".*", with_body);
  http.Delete(".*", without_body);
  return std::unique_ptr<Server>(new Server(std::move(state)));
}

absl::Status Server::Start() {
  State& s = *state_;
  if (s.started) return absl::FailedPreconditionError("already started");
  const ServeOptions& o = s.options;
  if (o.port == 0) {
    port_ = s.http.bind_to_any_port(o.host);
    if (port_ < 0) port_ = 0;
  } else if (s.http.bind_to_port(o.host, o.port)) {
    port_ = o.port;
  }
  if (port_ <= 0) {
    return absl::UnavailableError(
        absl::StrCat("cannot listen on ", o.host, ":", o.port, " (address in use or not local)"));
  }
  s.started = true;
  s.listener = std::thread([&s] { s.http.listen_after_bind(); });
  // httplib 0.11 has no wait_until_ready; a stop() before listening begins would be lost.
  while (!s.http.is_running()) std::this_thread::sleep_for(std::chrono::milliseconds(1));
  s.pump = std::thread([&s] { s.Pump(); });
  return absl::OkStatus();
}

void Server::Stop() {
  State& s = *state_;
  if (!s.started || s.stopped) return;
  s.stopped = true;
  s.http.stop();  // closes the listening socket; workers finish their connections
  s.listener.join();  // listen_after_bind returns after joining the worker threads
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
