// json_render.h: Stripe's JSON for paysim's proto objects, by reflection.
//
// Rules (the same for every resource, so no per-field code):
//   - keys in the message's declaration order (`id`, `object`, then Stripe's alphabetical order);
//   - an unset `optional` scalar or an unset message field renders as null;
//   - maps render as objects with sorted keys; repeated fields as arrays; int64 as numbers;
//   - a paysim.StripeObject renders as the resource it holds;
//   - EventData.previous_attributes (JSON text) renders inline, and only when set;
//   - fields numbered 100 and above are internal and never rendered.
// Errors render as Stripe does: `{"error": {...}}` with unset fields left out (a nested error,
// such as a PaymentIntent's last_payment_error, too).
//
// Thread safety: all functions are thread-safe.
#ifndef PAYSIM_ENGINE_JSON_RENDER_H_
#define PAYSIM_ENGINE_JSON_RENDER_H_

#include <string>

#include "google/protobuf/message.h"
#include "nlohmann/json.hpp"
#include "proto/error.pb.h"

namespace paysim {

using Json = nlohmann::ordered_json;

// The object as Stripe's JSON value.
Json ToJson(const google::protobuf::Message& message);

// The object as Stripe's JSON text, pretty-printed with two spaces as Stripe answers.
std::string RenderJson(const google::protobuf::Message& message);

// `{"error": {...}}` for a Stripe error (http_status is not rendered).
Json ErrorToJson(const StripeError& error);

}  // namespace paysim

#endif  // PAYSIM_ENGINE_JSON_RENDER_H_
