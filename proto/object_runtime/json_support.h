// json_support.h: the pieces of Stripe's JSON that generated WriteJson functions share (the
// rules are engine/json_render.h's). Internal to generated code.
#ifndef PAYSIM_PROTO_OBJECT_RUNTIME_JSON_SUPPORT_H_
#define PAYSIM_PROTO_OBJECT_RUNTIME_JSON_SUPPORT_H_

#include <string>

#include "engine/json_writer.h"
#include "proto/object_runtime/repeated.h"
#include "proto/object_runtime/string_map.h"

namespace paysim {
namespace obj {
namespace internal {

// A map field: an object, keys in sorted order (StringMap keeps them sorted).
void WriteJsonMap(JsonWriter& out, const StringMap& map);

// A repeated string field: an array.
void WriteJsonStrings(JsonWriter& out, const Repeated<std::string>& strings);

// JSON text rendered inline (EventData.previous_attributes): its parsed value, as
// JsonWriter::Value writes it (text that does not parse writes nlohmann's "<discarded>").
void WriteJsonText(JsonWriter& out, const std::string& text);

}  // namespace internal
}  // namespace obj
}  // namespace paysim

#endif  // PAYSIM_PROTO_OBJECT_RUNTIME_JSON_SUPPORT_H_
