// routes.h (internal to the wire door): the table of Stripe endpoints the engine serves.
//
// Each route names its method, its path pattern ("{}" matches one id), the object type its
// response holds (for expand) and the engine method it calls; the handler is generated from
// that method's signature: it decodes the method's params proto by reflection (a method
// without params takes none but `expand`), passes the path's id, and writes the result's
// JSON straight from the proto (WriteJson, with expand[] spliced in by the Expander).
// There is no per-field and no per-route code.
//
// Thread safety: the table is immutable; handlers are as thread-safe as Engine.
#ifndef PAYSIM_ENGINE_WIRE_ROUTES_H_
#define PAYSIM_ENGINE_WIRE_ROUTES_H_

#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "engine/engine.h"
#include "engine/json_render.h"
#include "engine/request_options.h"
#include "engine/wire/expand.h"
#include "engine/wire/form_decoder.h"

namespace paysim {
namespace wire {

// What a handler gets for one request.
struct RouteCall {
  Engine* engine = nullptr;
  const Expander* expander = nullptr;  // the request's expand[], validated; not owned
  std::vector<std::string> ids;   // the path's ids, in order
  std::vector<FormParam> params;  // the request's params, `expand` removed
  RequestOptions options;
  std::string path;              // the request path (a list's `url`)
  absl::string_view path_field;  // the route's path_field
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
};

// FindRoute()
//
// The route for `method` and the decoded path `segments` ("/v1/charges/ch_1" -> {"v1",
// "charges", "ch_1"}), filling `ids`; nullptr if none.
const Route* FindRoute(absl::string_view method, const std::vector<std::string>& segments,
                       std::vector<std::string>* ids);

}  // namespace wire
}  // namespace paysim

#endif  // PAYSIM_ENGINE_WIRE_ROUTES_H_
