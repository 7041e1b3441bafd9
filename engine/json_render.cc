#include "engine/json_render.h"

#include <algorithm>
#include <string>
#include <utility>
#include <vector>

#include "google/protobuf/descriptor.h"

namespace paysim {
namespace {

using google::protobuf::Descriptor;
using google::protobuf::FieldDescriptor;
using google::protobuf::Message;
using google::protobuf::Reflection;

Json ScalarToJson(const Message& message, const Reflection* reflection,
                  const FieldDescriptor* field, int index) {
  const bool repeated = index >= 0;
  switch (field->cpp_type()) {
    case FieldDescriptor::CPPTYPE_INT32:
      return repeated ? reflection->GetRepeatedInt32(message, field, index)
                      : reflection->GetInt32(message, field);
    case FieldDescriptor::CPPTYPE_INT64:
      return repeated ? reflection->GetRepeatedInt64(message, field, index)
                      : reflection->GetInt64(message, field);
    case FieldDescriptor::CPPTYPE_UINT32:
      return repeated ? reflection->GetRepeatedUInt32(message, field, index)
                      : reflection->GetUInt32(message, field);
    case FieldDescriptor::CPPTYPE_UINT64:
      return repeated ? reflection->GetRepeatedUInt64(message, field, index)
                      : reflection->GetUInt64(message, field);
    case FieldDescriptor::CPPTYPE_DOUBLE:
      return repeated ? reflection->GetRepeatedDouble(message, field, index)
                      : reflection->GetDouble(message, field);
    case FieldDescriptor::CPPTYPE_FLOAT:
      return repeated ? reflection->GetRepeatedFloat(message, field, index)
                      : reflection->GetFloat(message, field);
    case FieldDescriptor::CPPTYPE_BOOL:
      return repeated ? reflection->GetRepeatedBool(message, field, index)
                      : reflection->GetBool(message, field);
    case FieldDescriptor::CPPTYPE_ENUM:
      return repeated ? reflection->GetRepeatedEnum(message, field, index)->name()
                      : reflection->GetEnum(message, field)->name();
    case FieldDescriptor::CPPTYPE_STRING:
      return repeated ? reflection->GetRepeatedString(message, field, index)
                      : reflection->GetString(message, field);
    case FieldDescriptor::CPPTYPE_MESSAGE:
      return repeated ? ToJson(reflection->GetRepeatedMessage(message, field, index))
                      : ToJson(reflection->GetMessage(message, field));
  }
  return nullptr;
}

Json MapToJson(const Message& message, const Reflection* reflection,
               const FieldDescriptor* field) {
  const int size = reflection->FieldSize(message, field);
  std::vector<std::pair<std::string, Json>> entries;
  entries.reserve(size);
  for (int i = 0; i < size; ++i) {
    const Message& entry = reflection->GetRepeatedMessage(message, field, i);
    const Reflection* entry_reflection = entry.GetReflection();
    const Descriptor* entry_descriptor = entry.GetDescriptor();
    const FieldDescriptor* key_field = entry_descriptor->map_key();
    const FieldDescriptor* value_field = entry_descriptor->map_value();
    Json key = ScalarToJson(entry, entry_reflection, key_field, -1);
    entries.emplace_back(key.is_string() ? key.get<std::string>() : key.dump(),
                         ScalarToJson(entry, entry_reflection, value_field, -1));
  }
  std::sort(entries.begin(), entries.end(),
            [](const auto& a, const auto& b) { return a.first < b.first; });
  Json object = Json::object();
  for (auto& [key, value] : entries) object[key] = std::move(value);
  return object;
}

// A StripeObject renders as the resource it holds.
Json StripeObjectToJson(const Message& message) {
  const Reflection* reflection = message.GetReflection();
  const Descriptor* descriptor = message.GetDescriptor();
  for (int i = 0; i < descriptor->field_count(); ++i) {
    const FieldDescriptor* field = descriptor->field(i);
    if (reflection->HasField(message, field)) return ToJson(reflection->GetMessage(message, field));
  }
  return nullptr;
}

}  // namespace

// Whether `message` has the shape before an API version changed it (its internal
// `legacy_shape`; false for a message without one): which of the fields numbered 2000-3999
// render (field_numbers.h).
bool LegacyShape(const Message& message) {
  const FieldDescriptor* shape =
      message.GetDescriptor()->FindFieldByName(kLegacyShapeFieldName);
  return shape != nullptr && shape->cpp_type() == FieldDescriptor::CPPTYPE_BOOL &&
         !shape->is_repeated() && message.GetReflection()->GetBool(message, shape);
}

Json ToJson(const Message& message) {
  const Descriptor* descriptor = message.GetDescriptor();
  if (descriptor->full_name() == "paysim.pb.StripeObject") return StripeObjectToJson(message);
  const bool is_event_data = descriptor->full_name() == "paysim.pb.EventData";
  // A nested error (last_payment_error) renders as Stripe's error body: unset fields left out.
  const bool is_error = descriptor->full_name() == "paysim.pb.StripeError";
  const Reflection* reflection = message.GetReflection();
  const bool legacy = LegacyShape(message);
  Json out = Json::object();
  for (int i = 0; i < descriptor->field_count(); ++i) {
    const FieldDescriptor* field = descriptor->field(i);
    // Internal, or not asked for.
    if (IsInternalFieldNumber(field->number()) || IsIncludableFieldNumber(field->number())) {
      continue;
    }
    if (!RendersInShape(field->number(), legacy)) continue;
    const std::string& name = field->name();
    if (IsNullWhenEmptyFieldNumber(field->number()) && field->is_repeated() &&
        reflection->FieldSize(message, field) == 0) {
      out[name] = nullptr;  // a list or hash Stripe renders as null while empty
    } else if (field->is_map()) {
      out[name] = MapToJson(message, reflection, field);
    } else if (field->is_repeated()) {
      Json array = Json::array();
      const int size = reflection->FieldSize(message, field);
      for (int j = 0; j < size; ++j) array.push_back(ScalarToJson(message, reflection, field, j));
      out[name] = std::move(array);
    } else if (is_event_data && name == "previous_attributes") {
      if (reflection->HasField(message, field)) {
        out[name] = Json::parse(reflection->GetString(message, field), nullptr,
                                /*allow_exceptions=*/false);
      }
    } else if (field->has_presence() && !reflection->HasField(message, field)) {
      if (!is_error && !IsWhenSetFieldNumber(field->number())) out[name] = nullptr;
    } else {
      out[name] = ScalarToJson(message, reflection, field, -1);
    }
  }
  return out;
}

std::string RenderJson(const Message& message) {
  // A string field holding invalid UTF-8 (user input) does not throw: JsonWriter replaces it
  // by U+FFFD, as ToJson(message).dump(2, ' ', false, error_handler_t::replace) would.
  std::string text;
  JsonWriter out(&text);
  WriteJson(message, out);
  return text;
}

std::string RenderJson(obj::ObjectRef object) {
  std::string text;
  JsonWriter out(&text);
  object.WriteJson(out);
  return text;
}

Json ToJson(obj::ObjectRef object) {
  return Json::parse(RenderJson(object), nullptr, /*allow_exceptions=*/false);
}

Json ErrorToJson(const StripeError& error) {
  std::string text;
  JsonWriter out(&text);
  WriteErrorJson(error, out);
  return Json::parse(text, nullptr, /*allow_exceptions=*/false);
}


// ---- streaming: the same rules as ToJson, written straight to a JsonWriter ----

namespace {

// One value of `field` (element `index` of a repeated field, or -1), as ScalarToJson's.
void WriteScalar(const Message& message, const Reflection* reflection,
                 const FieldDescriptor* field, int index, JsonWriter& out) {
  const bool repeated = index >= 0;
  switch (field->cpp_type()) {
    case FieldDescriptor::CPPTYPE_INT32:
      out.Int(repeated ? reflection->GetRepeatedInt32(message, field, index)
                       : reflection->GetInt32(message, field));
      return;
    case FieldDescriptor::CPPTYPE_INT64:
      out.Int(repeated ? reflection->GetRepeatedInt64(message, field, index)
                       : reflection->GetInt64(message, field));
      return;
    case FieldDescriptor::CPPTYPE_UINT32:
      out.Uint(repeated ? reflection->GetRepeatedUInt32(message, field, index)
                        : reflection->GetUInt32(message, field));
      return;
    case FieldDescriptor::CPPTYPE_UINT64:
      out.Uint(repeated ? reflection->GetRepeatedUInt64(message, field, index)
                        : reflection->GetUInt64(message, field));
      return;
    case FieldDescriptor::CPPTYPE_DOUBLE:
      out.Double(repeated ? reflection->GetRepeatedDouble(message, field, index)
                          : reflection->GetDouble(message, field));
      return;
    case FieldDescriptor::CPPTYPE_FLOAT:
      out.Double(repeated ? reflection->GetRepeatedFloat(message, field, index)
                          : reflection->GetFloat(message, field));
      return;
    case FieldDescriptor::CPPTYPE_BOOL:
      out.Bool(repeated ? reflection->GetRepeatedBool(message, field, index)
                        : reflection->GetBool(message, field));
      return;
    case FieldDescriptor::CPPTYPE_ENUM:
      out.String(repeated ? reflection->GetRepeatedEnum(message, field, index)->name()
                          : reflection->GetEnum(message, field)->name());
      return;
    case FieldDescriptor::CPPTYPE_STRING: {
      std::string scratch;  // used only for string representations not stored as std::string
      out.String(repeated
                     ? reflection->GetRepeatedStringReference(message, field, index, &scratch)
                     : reflection->GetStringReference(message, field, &scratch));
      return;
    }
    case FieldDescriptor::CPPTYPE_MESSAGE:
      WriteJson(repeated ? reflection->GetRepeatedMessage(message, field, index)
                         : reflection->GetMessage(message, field),
                out);
      return;
  }
  out.Null();
}

// A map key as MapToJson names it: a string as it is, anything else as its JSON text.
std::string MapKeyText(const Message& entry, const FieldDescriptor* key_field) {
  const Reflection* reflection = entry.GetReflection();
  switch (key_field->cpp_type()) {
    case FieldDescriptor::CPPTYPE_STRING:
      return reflection->GetString(entry, key_field);
    case FieldDescriptor::CPPTYPE_BOOL:
      return reflection->GetBool(entry, key_field) ? "true" : "false";
    case FieldDescriptor::CPPTYPE_INT32:
      return std::to_string(reflection->GetInt32(entry, key_field));
    case FieldDescriptor::CPPTYPE_INT64:
      return std::to_string(reflection->GetInt64(entry, key_field));
    case FieldDescriptor::CPPTYPE_UINT32:
      return std::to_string(reflection->GetUInt32(entry, key_field));
    case FieldDescriptor::CPPTYPE_UINT64:
      return std::to_string(reflection->GetUInt64(entry, key_field));
    default:
      return "";  // proto maps have no other key types
  }
}

// As MapToJson: an object with the entries sorted by key.
void WriteMap(const Message& message, const Reflection* reflection, const FieldDescriptor* field,
              JsonWriter& out) {
  const int size = reflection->FieldSize(message, field);
  std::vector<std::pair<std::string, const Message*>> entries;
  entries.reserve(size);
  for (int i = 0; i < size; ++i) {
    const Message& entry = reflection->GetRepeatedMessage(message, field, i);
    entries.emplace_back(MapKeyText(entry, entry.GetDescriptor()->map_key()), &entry);
  }
  std::sort(entries.begin(), entries.end(),
            [](const auto& a, const auto& b) { return a.first < b.first; });
  out.BeginObject();
  for (const auto& [key, entry] : entries) {
    out.Key(key);
    WriteScalar(*entry, entry->GetReflection(), entry->GetDescriptor()->map_value(), -1, out);
  }
  out.EndObject();
}

}  // namespace

void WriteJson(const Message& message, JsonWriter& out, const FieldWriter* fields) {
  const Descriptor* descriptor = message.GetDescriptor();
  const std::string& type = descriptor->full_name();
  if (type == "paysim.pb.StripeObject") {
    // As StripeObjectToJson: the resource it holds, or null.
    const Reflection* reflection = message.GetReflection();
    for (int i = 0; i < descriptor->field_count(); ++i) {
      const FieldDescriptor* field = descriptor->field(i);
      if (reflection->HasField(message, field)) {
        WriteJson(reflection->GetMessage(message, field), out, fields);
        return;
      }
    }
    out.Null();
    return;
  }
  const bool is_event_data = type == "paysim.pb.EventData";
  const bool is_error = type == "paysim.pb.StripeError";
  const Reflection* reflection = message.GetReflection();
  const bool legacy = LegacyShape(message);
  out.BeginObject();
  for (int i = 0; i < descriptor->field_count(); ++i) {
    const FieldDescriptor* field = descriptor->field(i);
    if (IsInternalFieldNumber(field->number())) continue;
    if (!RendersInShape(field->number(), legacy)) continue;
    if (IsIncludableFieldNumber(field->number()) &&
        (fields == nullptr || !fields->Includes(message, *field))) {
      continue;
    }
    const std::string& name = field->name();
    const bool repeated = field->is_repeated();
    const bool unset = !repeated && field->has_presence() && !reflection->HasField(message, field);
    const bool previous_attributes = is_event_data && !repeated && name == "previous_attributes";
    // Left out rather than null: previous_attributes when unset, an error's unset fields.
    if (previous_attributes && !reflection->HasField(message, field)) continue;
    // An included field (90-99) that is unset renders as null, as the generated objects do.
    if (unset && (is_error || IsWhenSetFieldNumber(field->number()))) {
      continue;
    }
    if (fields != nullptr && fields->LeavesOut(message, *field)) continue;
    out.KeyVerbatim(name);  // a proto field name: nothing to escape
    if (fields != nullptr && fields->WriteField(message, *field, out)) continue;
    if (IsNullWhenEmptyFieldNumber(field->number()) && repeated &&
        reflection->FieldSize(message, field) == 0) {
      out.Null();  // a list or hash Stripe renders as null while empty
    } else if (field->is_map()) {
      WriteMap(message, reflection, field, out);
    } else if (repeated) {
      out.BeginArray();
      const int size = reflection->FieldSize(message, field);
      for (int j = 0; j < size; ++j) WriteScalar(message, reflection, field, j, out);
      out.EndArray();
    } else if (previous_attributes) {
      out.Value(Json::parse(reflection->GetString(message, field), nullptr,
                            /*allow_exceptions=*/false));
    } else if (unset) {
      out.Null();
    } else {
      WriteScalar(message, reflection, field, -1, out);
    }
  }
  out.EndObject();
}

void WriteErrorJson(const StripeError& error, JsonWriter& out, const obj::JsonFieldHook* fields) {
  // A StripeError renders with its unset fields left out.
  out.BeginObject();
  out.Key("error");
  error.WriteJson(out, fields);
  out.EndObject();
}

}  // namespace paysim
