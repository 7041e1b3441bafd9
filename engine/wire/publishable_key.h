// publishable_key.h (internal to the wire door): what a publishable key (`pk_test_...`, what
// Stripe.js sends) may do, decided in one place for every route table.
//
// A route declares its PublishableKey (routes.h). With a publishable key:
//   - a kRefused route answers Stripe's 401 (PublishableKeyRefused) and nothing runs;
//   - a kAllowed route (POST /v1/tokens, POST /v1/payment_methods) runs as with a secret key;
//   - a kWithClientSecret route (retrieve and confirm of a PaymentIntent or SetupIntent) needs
//     the intent's `client_secret` param (CheckClientSecret), and its response is the
//     restricted client-side shape (RestrictToPublishableFields).
// With a secret key every route runs; `client_secret` is still a param of the
// kWithClientSecret routes and, when given, must match.
//
// Example (wire.cc):
//   PAYSIM_RETURN_IF_ERROR(CheckPublishableRoute(*route, key_kind));
//   PAYSIM_RETURN_IF_ERROR(CheckClientSecret(engine, *route, key_kind, id, options, &params));
//   ... the handler writes `json` ...
//   if (key_kind == ApiKeyKind::kPublishable) RestrictToPublishableFields(route->object, &json);
//
// Thread safety: thread-safe (the engine calls are).
#ifndef PAYSIM_ENGINE_WIRE_PUBLISHABLE_KEY_H_
#define PAYSIM_ENGINE_WIRE_PUBLISHABLE_KEY_H_

#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/string_view.h"
#include "engine/engine.h"
#include "engine/request_options.h"
#include "engine/wire/api_key.h"
#include "engine/wire/form_decoder.h"
#include "engine/wire/routes.h"

namespace paysim {
namespace wire {

// Stripe's refusal of a publishable key on a secret-key route: HTTP 401, invalid_request_error,
// code secret_key_required, "This API call cannot be made with a publishable API key. ...".
absl::Status PublishableKeyRefused();

// OK unless `kind` is publishable and `route` refuses publishable keys.
absl::Status CheckPublishableRoute(const Route& route, ApiKeyKind kind);

// CheckClientSecret()
//
// For a kWithClientSecret route: takes the `client_secret` param out of `*params` and checks it
// against the intent `id` names (the route's object: payment_intent or setup_intent). Errors: a
// publishable key without `client_secret` (parameter_missing), an unknown intent (the
// retrieve's resource_missing), a secret that does not match (400, param client_secret).
// Other routes: OK, `*params` untouched. Changes nothing in the engine.
absl::Status CheckClientSecret(Engine* engine, const Route& route, ApiKeyKind kind,
                               absl::string_view id, const RequestOptions& options,
                               std::vector<FormParam>* params);

// The top-level fields of `object_type` ("payment_intent", "setup_intent") that Stripe returns
// to a publishable key; empty for other types (no restriction).
const std::vector<absl::string_view>& PublishableFields(absl::string_view object_type);

// Rewrites `*json` (one rendered `object_type`, as JsonWriter writes it) keeping only the
// PublishableFields, in their order; unchanged when the type has no restriction.
void RestrictToPublishableFields(absl::string_view object_type, std::string* json);

}  // namespace wire
}  // namespace paysim

#endif  // PAYSIM_ENGINE_WIRE_PUBLISHABLE_KEY_H_
