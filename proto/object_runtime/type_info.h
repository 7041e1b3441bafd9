// type_info.h: the static table that objgen generates beside each object class, read by the
// runtime's generic code (ObjectRef, PreviousAttributes). Internal: use ObjectRef.
//
// A table is constant-initialized (no static-initialization order to mind): field offsets,
// function pointers and the addresses of other types' tables only.
#ifndef PAYSIM_PROTO_OBJECT_RUNTIME_TYPE_INFO_H_
#define PAYSIM_PROTO_OBJECT_RUNTIME_TYPE_INFO_H_

#include <cstdint>
#include <string>

// Declared, not included: most files that name an object never touch protobuf.
namespace google {
namespace protobuf {
class Descriptor;
class FieldDescriptor;
class Message;
class OneofDescriptor;
}  // namespace protobuf
}  // namespace google

namespace paysim {
class JsonWriter;

namespace obj {
class JsonFieldHook;

namespace internal {

// How a field is stored in the rep (the member type at FieldInfo::offset).
enum class FieldKind : uint8_t {
  kString,           // StringField
  kInt64,            // int64_t
  kInt32,            // int32_t
  kUint64,           // uint64_t
  kUint32,           // uint32_t
  kBool,             // bool
  kDouble,           // double
  kMessage,          // the object class (a handle)
  kRepeatedString,   // Repeated<std::string>
  kRepeatedMessage,  // Repeated<object class>
  kStringMap,        // StringMap
};

// How an object renders as Stripe's JSON (engine/json_render.h's rules).
enum class JsonStyle : uint8_t {
  kObject,          // every non-internal field, unset ones as null
  kResourceUnion,   // StripeObject: the resource its oneof holds, or null
  kEventData,       // EventData: previous_attributes is JSON text, left out when unset
  kError,           // StripeError: unset fields left out
};

struct TypeInfo;

struct FieldInfo {
  const char* name;     // the proto field name: the JSON key
  int32_t number;
  FieldKind kind;
  // Not rendered by default: number 100..999 (never), 90..99 (only when a JsonFieldHook
  // includes it). 50..89: rendered only when set (field_numbers.h).
  bool internal;
  bool has_presence;    // has_x(): optional scalars and strings, messages, oneof members
  bool json_text;       // EventData.previous_attributes: rendered inline as JSON
  int16_t has_bit;      // index in the rep's has-bits, or -1 (no presence, or a oneof member)
  int16_t oneof_case;   // a oneof member: the case value (its field number); else 0
  uint32_t offset;      // of the member in the rep (for a oneof member: of the union)
  const TypeInfo* message_type;  // kMessage, kRepeatedMessage: the element's table
  int (*repeated_size)(const void* field);                // kRepeatedMessage
  const void* (*repeated_at)(const void* field, int i);   // kRepeatedMessage
  // Numbered 5000..5999: never stored, always unset (`offset` is meaningless; ObjectRef reads
  // the kind's default).
  bool always_null;
  // A string derived from the object's id (derived_strings.h): not stored (`offset` is
  // meaningless), its value when set is derived(object); nullptr for every other field.
  std::string (*derived)(const void* object);
  // Kept in the rep's stable block (stable_part.h): `offset` is of the member in the block,
  // which the rep's StablePart at TypeInfo::stable_offset points to. has_bit is the rep's.
  bool stable;
};

struct TypeInfo {
  const char* full_name;  // the proto message's full name
  const google::protobuf::Descriptor* (*descriptor)();
  const FieldInfo* fields;  // in declaration order: fields[i] is descriptor()->field(i)
  int field_count;
  JsonStyle json_style;
  // The JSON rendering may hold values that nlohmann's comparison calls unordered (a double,
  // JSON text), here or in a nested object: then equal nodes are not taken as equal JSON.
  bool json_may_be_unordered;
  uint32_t has_bits_offset;    // of the rep's uint32_t has-bits
  uint32_t oneof_case_offset;  // of the rep's uint32_t oneof case (if the type has a oneof)
  uint32_t stable_offset;      // of the rep's StablePart (if the type has stable fields)
  const void* default_instance;  // the class's static default instance
  // The rep of an object (whose address is `object`).
  const void* (*rep)(const void* object);
  void (*write_json)(const void* object, JsonWriter& out, const JsonFieldHook* hook);
  bool (*equals)(const void* a, const void* b);
  // REQUIRES: `out` is of the protobuf class for this type.
  void (*copy_to_proto)(const void* object, google::protobuf::Message* out);
};

}  // namespace internal
}  // namespace obj
}  // namespace paysim

#endif  // PAYSIM_PROTO_OBJECT_RUNTIME_TYPE_INFO_H_
