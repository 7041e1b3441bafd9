// route_binding.h (internal to the wire door): how a route calls an engine method.
// To<&Engine::x, &XService::Method>(method, pattern, object) makes a Route whose handler
// decodes the request's params into the method's params proto (by reflection), passes the
// path's ids, calls the method and writes its result (an object or a list, expanded). The
// overloads of Invoke choose the call from the method's signature. The route tables
// (routes.cc, billing_routes.cc) are made of these.
//
// Thread safety: as routes.h.
#ifndef PAYSIM_ENGINE_WIRE_ROUTE_BINDING_H_
#define PAYSIM_ENGINE_WIRE_ROUTE_BINDING_H_

#include <string>
#include <type_traits>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "engine/internal/status_macros.h"
#include "engine/list.h"
#include "engine/stripe_error.h"
#include "engine/wire/routes.h"
#include "engine/wire/wire_params.pb.h"
#include "google/protobuf/descriptor.h"
#include "google/protobuf/message.h"

namespace paysim {
namespace wire {
namespace route_binding {

using google::protobuf::FieldDescriptor;
using google::protobuf::Message;

template <typename T>
absl::Status Render(const RouteCall& call, const absl::StatusOr<T>& result, std::string* json) {
  if (!result.ok()) return result.status();
  WriteObject(call, *result, json);
  return absl::OkStatus();
}

template <typename T>
absl::Status Render(const RouteCall& call, const absl::StatusOr<ListResult<T>>& result,
                    std::string* json) {
  if (!result.ok()) return result.status();
  WriteList(call, *result, json);
  return absl::OkStatus();
}

// Sets the string field `name` of `params` to the path's id; the same param in the request as
// well is unknown (Stripe's nested endpoints do not take it).
inline absl::Status FromPath(const RouteCall& call, absl::string_view name, Message* params) {
  const FieldDescriptor* field = params->GetDescriptor()->FindFieldByName(std::string(name));
  if (field == nullptr) return absl::InternalError("route table: no such params field");
  if (params->GetReflection()->HasField(*params, field)) return ParameterUnknown(name);
  params->GetReflection()->SetString(params, field, call.ids[0]);
  return absl::OkStatus();
}

// ---- calling an engine method, chosen by its signature ----

// Retrieve(options), e.g. the balance.
template <typename S, typename R>
absl::Status Invoke(const RouteCall& call, std::string* json, S& service,
                    absl::StatusOr<R> (S::*method)(const RequestOptions&)) {
  NoParams none;
  PAYSIM_RETURN_IF_ERROR(DecodeParams(call.params, &none));
  return Render(call, (service.*method)(call.options), json);
}

// Retrieve(id, options), Delete, Detach.
template <typename S, typename R>
absl::Status Invoke(const RouteCall& call, std::string* json, S& service,
                    absl::StatusOr<R> (S::*method)(absl::string_view, const RequestOptions&)) {
  NoParams none;
  PAYSIM_RETURN_IF_ERROR(DecodeParams(call.params, &none));
  return Render(call, (service.*method)(call.ids[0], call.options), json);
}

// Create(params, options), List; the path's id, if any, fills call.path_field.
template <typename S, typename R, typename P>
absl::Status Invoke(const RouteCall& call, std::string* json, S& service,
                    absl::StatusOr<R> (S::*method)(const P&, const RequestOptions&)) {
  P params;
  PAYSIM_RETURN_IF_ERROR(DecodeParams(call.params, &params));
  if (!call.path_field.empty()) PAYSIM_RETURN_IF_ERROR(FromPath(call, call.path_field, &params));
  return Render(call, (service.*method)(params, call.options), json);
}

// Update(id, params, options), Capture, Attach.
template <typename S, typename R, typename P>
absl::Status Invoke(const RouteCall& call, std::string* json, S& service,
                    absl::StatusOr<R> (S::*method)(absl::string_view, const P&,
                                                   const RequestOptions&)) {
  P params;
  PAYSIM_RETURN_IF_ERROR(DecodeParams(call.params, &params));
  return Render(call, (service.*method)(call.ids[0], params, call.options), json);
}

// Retrieve(parent_id, id, options), Delete: a nested object (/v1/customers/{}/sources/{}).
template <typename S, typename R>
absl::Status Invoke(const RouteCall& call, std::string* json, S& service,
                    absl::StatusOr<R> (S::*method)(absl::string_view, absl::string_view,
                                                   const RequestOptions&)) {
  NoParams none;
  PAYSIM_RETURN_IF_ERROR(DecodeParams(call.params, &none));
  return Render(call, (service.*method)(call.ids[0], call.ids[1], call.options), json);
}

// Update(parent_id, id, params, options): a nested object.
template <typename S, typename R, typename P>
absl::Status Invoke(const RouteCall& call, std::string* json, S& service,
                    absl::StatusOr<R> (S::*method)(absl::string_view, absl::string_view,
                                                   const P&, const RequestOptions&)) {
  P params;
  PAYSIM_RETURN_IF_ERROR(DecodeParams(call.params, &params));
  return Render(call, (service.*method)(call.ids[0], call.ids[1], params, call.options), json);
}

template <auto kService, auto kMethod>
absl::Status Serve(const RouteCall& call, std::string* json) {
  return Invoke(call, json, (call.engine->*kService)(), kMethod);
}

template <typename T>
struct IsList : std::false_type {};
template <typename T>
struct IsList<absl::StatusOr<ListResult<T>>> : std::true_type {};

template <typename M>
struct ResultOf;
template <typename S, typename Result, typename... Args>
struct ResultOf<Result (S::*)(Args...)> {
  using type = Result;
};

// A route to `kService`'s `kMethod` (e.g. &Engine::charges, &ChargeService::Capture).
template <auto kService, auto kMethod>
Route To(absl::string_view method, absl::string_view pattern, absl::string_view object,
         absl::string_view path_field = "") {
  return Route{method,
               pattern,
               object,
               IsList<typename ResultOf<decltype(kMethod)>::type>::value,
               &Serve<kService, kMethod>,
               path_field,
               PublishableKey::kRefused};
}

// `route`, open to publishable keys as `access` says.
inline Route ForPublishableKey(Route route, PublishableKey access) {
  route.publishable = access;
  return route;
}

}  // namespace route_binding
}  // namespace wire
}  // namespace paysim

#endif  // PAYSIM_ENGINE_WIRE_ROUTE_BINDING_H_
