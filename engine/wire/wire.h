// wire.h: the wire door: Stripe's HTTP API (form-encoded requests, JSON responses) over an
// Engine, without any network. A server (or a test) hands each request to Handle().
//
// Example:
//   paysim::SimulatedClock clock;
//   paysim::Engine engine({.clock = &clock, .seed = 42});
//   paysim::wire::WireApi api(&engine);
//   WireApi::Response r = api.Handle("POST", "/v1/charges",
//                                    {{"Authorization", "Bearer sk_test_123"}},
//                                    "amount=999&currency=usd&source=tok_visa");
//   // r.status == 200, r.body is the charge's JSON, r.headers has Request-Id ...
//
// Routes: every operation of the engine (tokens, customers, payment_methods with attach and
// detach, customers/{id}/payment_methods, charges with capture and refunds, refunds, balance,
// balance_transactions, events), then the routes of the RouteTables given at construction:
// a server's own endpoints over objects it owns (`paysim serve`: the clock helpers,
// clock_helpers.h, and /v1/webhook_endpoints, webhook_endpoint_routes.h). The first route
// that matches answers. Params are decoded by reflection (form_decoder.h) into the route's
// params proto: POST from the query string then the body, GET and DELETE from the query
// string (a GET/DELETE body is ignored). Ids in the path are not params; where a path id
// fills a params field (`charge` of POST /v1/charges/{id}/refunds, `customer` of GET
// /v1/customers/{id}/payment_methods) that param may not also be given. `expand[]` is handled
// here for every route (expand.h).
//
// Every request, whichever table its route is in, in order: a Request-Id; the API key (401,
// api_key.h); the Stripe-Version header (400 if invalid); the Idempotency-Key header on POST
// (400 unless printable text); the route (404 "Unrecognized request URL (GET: /v1/foo). ...",
// for an unknown path and for a known path with another method alike); a publishable key on
// a route that refuses it (401, publishable_key.h); the params, the intent's client_secret
// on the routes that take one, and expand[] (400); the call. With a publishable key, an
// intent comes back in Stripe's restricted client-side shape. Errors render with WriteErrorJson and HttpStatus; an error that
// carries no Stripe error (never expected) is a 500 api_error.
//
// Response headers, in this order: Content-Type (application/json), Request-Id, Stripe-Version
// (the pinned version, or the engine's), and on POST: Idempotency-Key (echoed, if sent) and
// Idempotent-Replayed: true (when the call replayed a saved result). Idempotency-Key is
// passed to the call on POST only (Stripe: no effect on GET and DELETE): every POST route,
// a server's too, replays or refuses by the engine's rules (request_options.h,
// Engine::RunIdempotent). Header names are case-insensitive; of repeated headers the first
// counts. Bytes that are not UTF-8 in an echoed path or key are shown as %XX.
//
// Determinism: Request-Id is "req_" + the request's sequence number (1, 2, ...) in base62,
// zero-padded to 14 characters, one sequence for every route: it never draws from the
// engine's seeded generator, so wire and C++ users of one seed get the same object ids.
// Bodies are pretty-printed with 2 spaces (as RenderJson). The same seed, clock and requests
// give the same bytes. The events a request causes carry its Request-Id as `request.id`.
//
// Thread safety: as thread-safe as Engine and the route tables' contexts (each Handle is one
// or more atomic engine calls); Request-Ids follow the order in which concurrent requests
// arrive.
#ifndef PAYSIM_ENGINE_WIRE_WIRE_H_
#define PAYSIM_ENGINE_WIRE_WIRE_H_

#include <atomic>
#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "absl/strings/string_view.h"
#include "engine/engine.h"

namespace paysim {
namespace wire {

struct Route;  // routes.h

// Routes a server answers beside the engine's: endpoints over objects the server owns. Made by
// those objects' route files (clock_helpers.h, webhook_endpoint_routes.h), not by hand.
struct RouteTable {
  // The routes, immutable for the life of the process; not owned.
  const std::vector<Route>* routes = nullptr;
  // What the routes' handlers work on, handed to them as RouteCall::context. Not owned; must
  // outlive the WireApi.
  void* context = nullptr;
};

class WireApi {
 public:
  using Headers = std::vector<std::pair<std::string, std::string>>;

  struct Response {
    int status = 200;
    Headers headers;
    std::string body;
  };

  // `engine` is not owned and must outlive the WireApi. `extra_routes` are answered after the
  // engine's own routes, in order (see RouteTable).
  explicit WireApi(Engine* engine, std::vector<RouteTable> extra_routes = {});

  // Handle()
  //
  // Answers one request. `path_and_query` is the request target ("/v1/charges?limit=3");
  // `body` is the form-encoded body. Never throws; malformed input is a 4xx response.
  Response Handle(absl::string_view method, absl::string_view path_and_query,
                  const Headers& headers, absl::string_view body);

 private:
  Engine* engine_;
  const std::vector<RouteTable> extra_routes_;
  std::atomic<uint64_t> requests_{0};
};

// The Request-Id of the `sequence`-th request (1 -> "req_00000000000001").
std::string RequestIdFor(uint64_t sequence);

}  // namespace wire
}  // namespace paysim

#endif  // PAYSIM_ENGINE_WIRE_WIRE_H_
