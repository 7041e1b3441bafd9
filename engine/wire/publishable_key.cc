#include "engine/wire/publishable_key.h"

#include <algorithm>
#include <utility>

#include "absl/strings/str_cat.h"
#include "engine/stripe_error.h"
#include "nlohmann/json.hpp"
#include "proto/error.obj.h"

namespace paysim {
namespace wire {
namespace {

// Sources: Stripe's error for this case, quoted verbatim in reports of it (e.g.
// github.com/mohammedhammoud/django-rest-framework-stripe/issues/3, raised by stripe-python as
// an AuthenticationError, its class for HTTP 401), and `secret_key_required` in Stripe's error
// code list (openapi error_code enum; docs.stripe.com/error-codes: "The API key provided is a
// publishable key, but a secret key is required").
// UNCERTAIN: whether the response carries `code: secret_key_required`; the reports quote the
// message only. The code is the one Stripe documents for exactly this case.
constexpr absl::string_view kPublishableRefused =
    "This API call cannot be made with a publishable API key. Please use a secret API key. You "
    "can find a list of your API keys at https://dashboard.stripe.com/account/apikeys.";

// The intent's noun in Stripe's messages.
absl::string_view Noun(absl::string_view object_type) {
  return object_type == "setup_intent" ? "SetupIntent" : "PaymentIntent";
}

// Stripe's answer to a client_secret that is not the intent's. The message is Stripe's, as
// reported by Stripe's mobile SDKs' users (github.com/flutter-stripe/flutter_stripe/issues/517,
// capacitor-community/stripe#348). UNCERTAIN: code and param; a Stripe-compatible API
// (juspay/hyperswitch's Stripe compatibility layer) answers payment_intent_invalid_parameter,
// a code of Stripe's list; paysim names the param and the SetupIntent counterpart.
absl::Status ClientSecretMismatch(absl::string_view object_type) {
  const absl::string_view noun = Noun(object_type);
  return InvalidRequestError(
      absl::StrCat(object_type, "_invalid_parameter"), "client_secret",
      absl::StrCat("The client_secret provided does not match the client_secret associated "
                   "with the ",
                   noun, "."));
}

// The intent's client_secret, or the retrieve's error (resource_missing for an unknown id).
absl::StatusOr<std::string> IntentClientSecret(Engine* engine, absl::string_view object_type,
                                               absl::string_view id,
                                               const RequestOptions& options) {
  // Only the version: an Idempotency-Key belongs to the call itself, never to this look-up.
  RequestOptions lookup;
  lookup.api_version = options.api_version;
  if (object_type == "setup_intent") {
    absl::StatusOr<SetupIntent> si = engine->setup_intents().Retrieve(id, lookup);
    if (!si.ok()) return si.status();
    return std::string(si->client_secret());
  }
  absl::StatusOr<PaymentIntent> pi = engine->payment_intents().Retrieve(id, lookup);
  if (!pi.ok()) return pi.status();
  return std::string(pi->client_secret());
}

}  // namespace

absl::Status PublishableKeyRefused() {
  StripeError error;
  error.set_type("invalid_request_error");
  error.set_code("secret_key_required");
  error.set_message(std::string(kPublishableRefused));
  error.set_http_status(401);
  return MakeStripeError(std::move(error));
}

absl::Status CheckPublishableRoute(const Route& route, ApiKeyKind kind) {
  if (kind == ApiKeyKind::kPublishable && route.publishable == PublishableKey::kRefused) {
    return PublishableKeyRefused();
  }
  return absl::OkStatus();
}

absl::Status CheckClientSecret(Engine* engine, const Route& route, ApiKeyKind kind,
                               absl::string_view id, const RequestOptions& options,
                               std::vector<FormParam>* params) {
  if (route.publishable != PublishableKey::kWithClientSecret) return absl::OkStatus();
  absl::optional<std::string> given;
  for (auto it = params->begin(); it != params->end();) {
    if (it->path[0] != "client_secret") {
      ++it;
      continue;
    }
    // client_secret[x]=... is not the string Stripe takes: as any param of the wrong shape.
    if (it->path.size() != 1) return ParameterUnknown(CanonicalName(it->path));
    given = std::move(it->value);  // of repeated values, the last counts (as the decoder's)
    it = params->erase(it);
  }
  if (!given.has_value()) {
    // UNCERTAIN: Stripe's wording when a publishable key omits the client secret; the docs say
    // only that it is required ("We require it if you use a publishable key"). paysim answers
    // as for any missing required param.
    if (kind == ApiKeyKind::kPublishable) return ParameterMissing("client_secret");
    return absl::OkStatus();
  }
  absl::StatusOr<std::string> expected = IntentClientSecret(engine, route.object, id, options);
  if (!expected.ok()) return expected.status();
  if (*given != *expected) return ClientSecretMismatch(route.object);
  return absl::OkStatus();
}

const std::vector<absl::string_view>& PublishableFields(absl::string_view object_type) {
  // The fields Stripe's API reference marks "retrievable with publishable key"
  // (docs.stripe.com/api/payment_intents/object, /api/setup_intents/object), completed with the
  // client-side objects of Stripe.js's own types (github.com/stripe/stripe-js,
  // types/api/payment-intents.d.ts and setup-intents.d.ts). Among the fields left out: customer,
  // metadata ("redacted in publishable-key responses", docs.stripe.com/metadata),
  // amount_capturable, amount_received, latest_charge, statement descriptors. Names paysim does
  // not render yet (automatic_payment_methods, shipping) are listed so they pass when added.
  static const auto* payment_intent = new std::vector<absl::string_view>{
      "id",          "object",          "amount",
      "automatic_payment_methods",      "canceled_at",
      "cancellation_reason",            "capture_method",
      "client_secret",                  "confirmation_method",
      "created",     "currency",        "description",
      "last_payment_error",             "livemode",
      "next_action", "payment_method",  "payment_method_types",
      "receipt_email",                  "setup_future_usage",
      "shipping",    "status"};
  static const auto* setup_intent = new std::vector<absl::string_view>{
      "id",          "object",         "cancellation_reason", "client_secret",
      "created",     "description",    "last_setup_error",    "livemode",
      "next_action", "payment_method", "payment_method_types", "status",
      "usage"};
  static const auto* none = new std::vector<absl::string_view>{};
  if (object_type == "payment_intent") return *payment_intent;
  if (object_type == "setup_intent") return *setup_intent;
  return *none;
}

void RestrictToPublishableFields(absl::string_view object_type, std::string* json) {
  const std::vector<absl::string_view>& keep = PublishableFields(object_type);
  if (keep.empty()) return;
  // JsonWriter writes what nlohmann's dump(2) writes (json_writer.h), so a round trip through
  // an ordered DOM keeps every byte of the fields that stay.
  nlohmann::ordered_json object =
      nlohmann::ordered_json::parse(*json, nullptr, /*allow_exceptions=*/false);
  if (!object.is_object()) return;
  nlohmann::ordered_json restricted = nlohmann::ordered_json::object();
  for (auto it = object.begin(); it != object.end(); ++it) {
    if (std::find(keep.begin(), keep.end(), it.key()) != keep.end()) {
      restricted[it.key()] = std::move(it.value());
    }
  }
  *json = restricted.dump(2, ' ', false, nlohmann::ordered_json::error_handler_t::replace);
}

}  // namespace wire
}  // namespace paysim
