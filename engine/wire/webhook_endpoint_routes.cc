#include "engine/wire/webhook_endpoint_routes.h"

#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/str_cat.h"
#include "engine/json_render.h"
#include "engine/json_writer.h"
#include "engine/internal/status_macros.h"
#include "engine/webhooks/webhook_endpoint.pb.h"
#include "engine/wire/form_decoder.h"
#include "engine/wire/routes.h"
#include "engine/wire/wire_params.pb.h"
#include "google/protobuf/descriptor.h"

namespace paysim {
namespace wire {
namespace {

using webhooks::WebhookEndpoint;
using webhooks::WebhookEndpoints;

constexpr absl::string_view kObject = "webhook_endpoint";

// `secret` only where the object carries one (the create response); left out elsewhere.
class EndpointFields : public FieldWriter {
 public:
  bool LeavesOut(const google::protobuf::Message& message,
                 const google::protobuf::FieldDescriptor& field) const override {
    return field.name() == "secret" && !message.GetReflection()->HasField(message, &field);
  }
  bool WriteField(const google::protobuf::Message&, const google::protobuf::FieldDescriptor&,
                  JsonWriter&) const override {
    return false;
  }
};

// Written directly rather than through the Expander: a webhook endpoint has no expandable
// field, so the preamble has refused every expand[] path already.
void WriteEndpoint(const WebhookEndpoint& endpoint, JsonWriter& out) {
  static const EndpointFields* const fields = new EndpointFields();
  WriteJson(endpoint, out, fields);
}

absl::Status Render(const absl::StatusOr<WebhookEndpoint>& endpoint, std::string* json) {
  if (!endpoint.ok()) return endpoint.status();
  JsonWriter out(json);
  WriteEndpoint(*endpoint, out);
  return absl::OkStatus();
}

absl::Status Create(WebhookEndpoints& webhooks, const RouteCall& call, std::string* json) {
  webhooks::WebhookEndpointCreateParams params;
  PAYSIM_RETURN_IF_ERROR(DecodeParams(call.params, &params));
  return Render(call.engine->RunIdempotent<WebhookEndpoint>(
                    call.options, "POST /v1/webhook_endpoints", params,
                    [&] { return webhooks.Create(params); }),
                json);
}

absl::Status List(WebhookEndpoints& webhooks, const RouteCall& call, std::string* json) {
  webhooks::WebhookEndpointListParams params;
  PAYSIM_RETURN_IF_ERROR(DecodeParams(call.params, &params));
  PAYSIM_ASSIGN_OR_RETURN(ListResult<WebhookEndpoint> list, webhooks.List(params));
  WriteList(call, list, json, WriteEndpoint);
  return absl::OkStatus();
}

absl::Status Retrieve(WebhookEndpoints& webhooks, const RouteCall& call, std::string* json) {
  NoParams none;
  PAYSIM_RETURN_IF_ERROR(DecodeParams(call.params, &none));
  return Render(webhooks.Retrieve(call.ids[0]), json);
}

absl::Status Update(WebhookEndpoints& webhooks, const RouteCall& call, std::string* json) {
  webhooks::WebhookEndpointUpdateParams params;
  PAYSIM_RETURN_IF_ERROR(DecodeParams(call.params, &params));
  const std::string& id = call.ids[0];
  return Render(call.engine->RunIdempotent<WebhookEndpoint>(
                    call.options, absl::StrCat("POST /v1/webhook_endpoints/", id), params,
                    [&] { return webhooks.Update(id, params); }),
                json);
}

absl::Status Delete(WebhookEndpoints& webhooks, const RouteCall& call, std::string* json) {
  NoParams none;
  PAYSIM_RETURN_IF_ERROR(DecodeParams(call.params, &none));
  PAYSIM_ASSIGN_OR_RETURN(DeletedObject deleted, webhooks.Delete(call.ids[0]));
  WriteObject(call, deleted, json);
  return absl::OkStatus();
}

}  // namespace

RouteTable WebhookEndpointRoutes(WebhookEndpoints* webhooks) {
  static const auto* routes = new std::vector<Route>{
      {"POST", "/v1/webhook_endpoints", kObject, false,
       &ContextHandler<WebhookEndpoints, &Create>, ""},
      {"GET", "/v1/webhook_endpoints", kObject, true, &ContextHandler<WebhookEndpoints, &List>,
       ""},
      {"GET", "/v1/webhook_endpoints/{}", kObject, false,
       &ContextHandler<WebhookEndpoints, &Retrieve>, ""},
      {"POST", "/v1/webhook_endpoints/{}", kObject, false,
       &ContextHandler<WebhookEndpoints, &Update>, ""},
      {"DELETE", "/v1/webhook_endpoints/{}", kObject, false,
       &ContextHandler<WebhookEndpoints, &Delete>, ""},
  };
  return RouteTable{routes, webhooks};
}

}  // namespace wire
}  // namespace paysim
