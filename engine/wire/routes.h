// routes.h (internal to the wire door): routes, the table of Stripe endpoints the engine
// serves, and what a route's handler is given.
//
// Each route names its method, its path pattern ("{}" matches one id), the object type its
// response holds (for expand) and its handler. The engine's handlers are generated from the
// engine method's signature: each decodes the method's params proto by reflection (a method
// without params takes none but `expand`), passes the path's id, and writes the result's
// JSON straight from the proto (WriteJson, with expand[] spliced in by the Expander). There is
// no per-field and no per-route code.
//
// A server adds routes of its own over objects it owns (its clock, its webhook endpoints) as a
// RouteTable (wire.h) whose `context` reaches their handlers as RouteCall::context; they run
// after the same preamble as the engine's (wire.h) and write with the same helpers below
// (clock_helpers.h, webhook_endpoint_routes.h).
//
// Thread safety: tables are immutable; handlers are as thread-safe as what they call.
#ifndef PAYSIM_ENGINE_WIRE_ROUTES_H_
#define PAYSIM_ENGINE_WIRE_ROUTES_H_

#include <string>
#include <tuple>
#include <type_traits>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "engine/engine.h"
#include "engine/json_render.h"
#include "engine/json_writer.h"
#include "engine/list.h"
#include "engine/request_options.h"
#include "engine/wire/expand.h"
#include "engine/wire/form_decoder.h"
#include "google/protobuf/message.h"

namespace paysim {
namespace wire {

// What a handler gets for one request.
struct RouteCall {
  Engine* engine = nullptr;
  // The context of the RouteTable the route came from (wire.h); nullptr for the engine's own
  // routes. Not owned.
  void* context = nullptr;
  const Expander* expander = nullptr;  // the request's expand[], validated; not owned
  std::vector<std::string> ids;   // the path's ids, in order
  std::vector<FormParam> params;  // the request's params, `expand` removed
  RequestOptions options;
  std::string path;              // the request path (a list's `url`)
  absl::string_view path_field;  // the route's path_field
};

// Who may call a route with a publishable key (`pk_test_...`, what Stripe.js sends); a secret
// key may call every route. Checked once, for every table, in wire.cc (publishable_key.h).
enum class PublishableKey {
  kRefused,           // secret keys only (most routes)
  kAllowed,           // any key: creating a token or a PaymentMethod from card details
  kWithClientSecret,  // any key; a publishable key must give the intent's `client_secret`
};

struct Route {
  absl::string_view method;
  absl::string_view pattern;  // e.g. "/v1/charges/{}/capture"
  absl::string_view object;   // the response's object type: "charge", "refund", ...
  bool list;                  // the response is a list of `object`
  // Calls the engine and, if it succeeds, appends the result's JSON (expanded) to `*json`;
  // otherwise returns the error and writes nothing.
  absl::Status (*handler)(const RouteCall& call, std::string* json);
  // The params field that the path's id fills (`charge` for /v1/charges/{}/refunds), or ""
  // when the id is the method's own `id` argument.
  absl::string_view path_field;
  PublishableKey publishable = PublishableKey::kRefused;
};

// The engine's routes (tokens, customers, ..., events).
const std::vector<Route>& EngineRoutes();

// FindRoute()
//
// The route of `routes` for `method` and the decoded path `segments` ("/v1/charges/ch_1" ->
// {"v1", "charges", "ch_1"}), filling `ids`; nullptr if none.
const Route* FindRoute(const std::vector<Route>& routes, absl::string_view method,
                       const std::vector<std::string>& segments, std::vector<std::string>* ids);

// RouteIndex
//
// FindRoute() over one table without scanning it: the routes grouped by method, number of
// segments and second segment ("charges" in "/v1/charges/{}"), each group in table order, so
// that Find() returns the route FindRoute() would (the first of the table that matches).
// Routes whose first two segments are not both literal are checked in table order as well.
// Thread safety: immutable after construction; `routes` must outlive it and not change.
class RouteIndex {
 public:
  explicit RouteIndex(const std::vector<Route>& routes);

  // As FindRoute(routes, method, segments, ids).
  const Route* Find(absl::string_view method, const std::vector<std::string>& segments,
                    std::vector<std::string>* ids) const;

 private:
  struct Entry {
    size_t position;  // in the table: the first match wins
    const Route* route;
    std::vector<absl::string_view> parts;  // the pattern's segments ("{}" for an id)
  };
  using Key = std::tuple<absl::string_view, size_t, absl::string_view>;
  static bool Matches(const Entry& entry, const std::vector<std::string>& segments,
                      std::vector<std::string>* ids);

  absl::flat_hash_map<Key, std::vector<Entry>> groups_;
  std::vector<Entry> others_;  // routes without a literal first and second segment
};

// The index of EngineRoutes(), built on first use.
const RouteIndex& EngineRouteIndex();

// ---- for handlers ----

// ContextHandler<Context, kHandler>: a Route::handler that calls
// kHandler(*RouteCall::context, call, json), the context being a `Context` (a RouteTable's).
template <typename Context, absl::Status (*kHandler)(Context&, const RouteCall&, std::string*)>
absl::Status ContextHandler(const RouteCall& call, std::string* json) {
  return kHandler(*static_cast<Context*>(call.context), call, json);
}

// WriteObject()
//
// Appends `object`'s JSON to `*json`, with the request's expand[] applied (an engine object), or
// as json_render.h's WriteJson renders it (a protobuf message of the server's own routes, which
// have nothing to expand).
void WriteObject(const RouteCall& call, obj::ObjectRef object, std::string* json);
void WriteObject(const RouteCall& call, const google::protobuf::Message& object,
                 std::string* json);

// WriteList()
//
// Appends Stripe's list envelope to `*json`: `{"object": "list", "data": [...], "has_more":
// ..., "url": <the request path>}`, each item written by `write_item(item, out)`, by default
// as WriteObject writes a list's item (expand paths under `data.`).
template <typename T, typename WriteItem>
void WriteList(const RouteCall& call, const ListResult<T>& list, std::string* json,
               WriteItem write_item) {
  JsonWriter out(json);
  out.BeginObject();
  out.Key("object");
  out.String("list");
  out.Key("data");
  out.BeginArray();
  for (const T& item : list.data) write_item(item, out);
  out.EndArray();
  out.Key("has_more");
  out.Bool(list.has_more);
  out.Key("url");
  out.String(call.path);
  out.EndObject();
}

template <typename T>
void WriteList(const RouteCall& call, const ListResult<T>& list, std::string* json) {
  WriteList(call, list, json, [&call](const T& item, JsonWriter& out) {
    if constexpr (std::is_base_of<google::protobuf::Message, T>::value) {
      WriteJson(item, out);  // a server route's protobuf message: nothing to expand
    } else {
      call.expander->Write(item, /*list_item=*/true, out);
    }
  });
}

}  // namespace wire
}  // namespace paysim

#endif  // PAYSIM_ENGINE_WIRE_ROUTES_H_
