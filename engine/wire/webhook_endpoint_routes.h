// webhook_endpoint_routes.h: /v1/webhook_endpoints on the wire, over the WebhookEndpoints a
// server owns (engine/webhooks/webhook_endpoints.h).
//
//   POST   /v1/webhook_endpoints        create (url, enabled_events[], description, metadata);
//                                       the only response with `secret`
//   GET    /v1/webhook_endpoints        list (limit, starting_after, ending_before), newest
//                                       first
//   GET    /v1/webhook_endpoints/{id}   retrieve
//   POST   /v1/webhook_endpoints/{id}   update (also `disabled`)
//   DELETE /v1/webhook_endpoints/{id}   delete
//
// The routes of a RouteTable that a server hands to WireApi, so they go through the preamble
// of every route (wire.h): Request-Id, API key, Stripe-Version, Idempotency-Key, params,
// expand[] (a webhook endpoint has no expandable field: any path is refused), errors
// rendered as every error. A POST with an Idempotency-Key follows the engine's rules
// (Engine::RunIdempotent): a retried create replays the first endpoint, `secret` included,
// and makes no second one; the key with other params or on another endpoint is an
// idempotency_error.
//
// Objects render by the rules of json_render.h, except that `secret` is left out (not null)
// where the object carries none: Stripe shows it on creation only.
//
// Thread safety: as WebhookEndpoints (thread-safe).
#ifndef PAYSIM_ENGINE_WIRE_WEBHOOK_ENDPOINT_ROUTES_H_
#define PAYSIM_ENGINE_WIRE_WEBHOOK_ENDPOINT_ROUTES_H_

#include "engine/webhooks/webhook_endpoints.h"
#include "engine/wire/wire.h"

namespace paysim {
namespace wire {

// WebhookEndpointRoutes()
//
// The routes above over `webhooks` (not owned; must outlive the WireApi given the table).
RouteTable WebhookEndpointRoutes(webhooks::WebhookEndpoints* webhooks);

}  // namespace wire
}  // namespace paysim

#endif  // PAYSIM_ENGINE_WIRE_WEBHOOK_ENDPOINT_ROUTES_H_
