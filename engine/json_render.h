// json_render.h: Stripe's JSON for paysim's proto objects, by reflection.
//
// Rules (the same for every resource, so no per-field code):
//   - keys in the message's declaration order (`id`, `object`, then Stripe's alphabetical order);
//   - an unset `optional` scalar or an unset message field renders as null;
//   - maps render as objects with sorted keys; repeated fields as arrays; int64 as numbers;
//   - a paysim.StripeObject renders as the resource it holds;
//   - EventData.previous_attributes (JSON text) renders inline, and only when set;
//   - a field's number decides whether it renders (proto/object_runtime/field_numbers.h):
//     100 to 999 are internal and never rendered; 50 to 89 render only when set (Stripe leaves
//     them out otherwise: a refund's failure_reason); 90 to 99 render only when the caller's
//     FieldWriter (or JsonFieldHook) includes them: Stripe's fields "not included by default",
//     which a request's expand[] asks for (a Checkout Session's total_details.breakdown), null
//     when included and unset; 2000 to 2999 (3000 to 3999) render as always-rendered fields
//     only when the object's internal `legacy_shape` is true (false): an invoice made before
//     (from) 2025-03-31.basil; 1 to 49, 1000 to 1999 and 4000 up always render.
// Errors render as Stripe does: `{"error": {...}}` with unset fields left out (a nested error,
// such as a PaymentIntent's last_payment_error, too).
//
// Two renderings follow these rules: ToJson builds an nlohmann DOM (for callers that inspect or
// compare values), WriteJson/RenderJson stream the text straight from the proto through a
// JsonWriter (json_writer.h). RenderJson(m) == ToJson(m).dump(2, ' ', false, replace), byte
// for byte; engine/wire:wire_golden_test holds them to that over every object type.
//
// Thread safety: all functions are thread-safe.
#ifndef PAYSIM_ENGINE_JSON_RENDER_H_
#define PAYSIM_ENGINE_JSON_RENDER_H_

#include <string>

#include "engine/json_writer.h"
#include "google/protobuf/descriptor.h"
#include "google/protobuf/message.h"
#include "nlohmann/json.hpp"
#include "proto/error.obj.h"
#include "proto/object_runtime/field_numbers.h"
#include "proto/object_runtime/object_ref.h"

namespace paysim {

using Json = nlohmann::ordered_json;

// The object as Stripe's JSON value.
Json ToJson(const google::protobuf::Message& message);

// The object as Stripe's JSON text, pretty-printed with two spaces as Stripe answers.
std::string RenderJson(const google::protobuf::Message& message);

// The same for paysim's objects (the generated classes: Charge, PaymentIntent...), through
// their generated writers, which follow the rules above byte for byte.
std::string RenderJson(obj::ObjectRef object);
Json ToJson(obj::ObjectRef object);

// `{"error": {...}}` for a Stripe error (http_status is not rendered).
Json ErrorToJson(const StripeError& error);

// Lets a caller write some fields' values itself while WriteJson renders a message (the wire
// door's expand[] puts objects in place of ids this way), or leave fields out.
class FieldWriter {
 public:
  virtual ~FieldWriter() = default;

  // Called for each field of the message handed to WriteJson (not of the messages nested in
  // it) before its key is written: true leaves the field out of the object, key and value (a
  // field Stripe shows only in some responses, such as a webhook endpoint's `secret`).
  // Default: nothing is left out.
  virtual bool LeavesOut(const google::protobuf::Message& message,
                         const google::protobuf::FieldDescriptor& field) const {
    return false;
  }

  // Called, before its key, for each includable field (kFirstIncludableField..99) of the
  // message handed to WriteJson: true renders it as any other field. Default: none.
  virtual bool Includes(const google::protobuf::Message& message,
                        const google::protobuf::FieldDescriptor& field) const {
    return false;
  }

  // Called for each rendered field of the message handed to WriteJson (not of the messages
  // nested in it), after the field's key is written. Either writes the field's value to `out`
  // and returns true, or writes nothing and returns false (the value renders as usual).
  virtual bool WriteField(const google::protobuf::Message& message,
                          const google::protobuf::FieldDescriptor& field,
                          JsonWriter& out) const = 0;
};

// WriteJson()
//
// Writes the object as Stripe's JSON to `out`, as RenderJson renders it. `fields` (not owned;
// may be null) may write values of the message's own fields instead (see FieldWriter).
void WriteJson(const google::protobuf::Message& message, JsonWriter& out,
               const FieldWriter* fields = nullptr);

// WriteErrorJson()
//
// Writes ErrorToJson(error) to `out`; `fields` as in WriteJson, for the error's fields.
void WriteErrorJson(const StripeError& error, JsonWriter& out,
                    const obj::JsonFieldHook* fields = nullptr);

}  // namespace paysim

#endif  // PAYSIM_ENGINE_JSON_RENDER_H_
