// model.h: what objgen generates for one .proto file, decided once from its descriptors: the
// classes, their fields' kinds and C++ names, the has-bits, the rep's member order, and the
// JSON rules that apply. The emitters (emit_*.cc) only print this model.
//
// Supported field kinds (anything else is refused with an error naming the field): singular
// string, int64, int32, uint64, uint32 (and their sint/fixed variants), bool, double, message;
// proto3 `optional` on scalars and strings; repeated string; repeated message;
// map<string, string>; one oneof per message whose members are messages; optional strings
// derived from the message's id (`// derived: F(id)`, derived_strings.h); fields kept in a
// block shared by an object's versions (`// stable`, stable_part.h). Not supported: enums,
// bytes, float, repeated scalars other than string, other maps, groups, nested message
// declarations, extensions, several oneofs in a message.
#ifndef PAYSIM_TOOLS_OBJGEN_MODEL_H_
#define PAYSIM_TOOLS_OBJGEN_MODEL_H_

#include <string>
#include <vector>

#include "google/protobuf/descriptor.h"

namespace paysim {
namespace objgen {

// Mirrors the runtime's internal::FieldKind (proto/object_runtime/type_info.h).
enum class Kind {
  kString,
  kInt64,
  kInt32,
  kUint64,
  kUint32,
  kBool,
  kDouble,
  kMessage,
  kRepeatedString,
  kRepeatedMessage,
  kStringMap,
};

struct FieldModel {
  const google::protobuf::FieldDescriptor* descriptor;
  Kind kind;
  std::string name;       // the proto name: the JSON key
  std::string accessor;   // the C++ accessor name (name, or name_ for a C++ keyword)
  std::string member;     // the rep member: name_
  std::string cpp_type;   // scalars: int64_t...; messages: the object class (unqualified)
  bool presence = false;  // has_x(): optional scalar or string, message, oneof member
  int has_bit = -1;       // presence outside a oneof: index of the has-bit
  bool oneof_member = false;
  bool internal = false;  // number 100..999: never rendered as JSON (field_numbers.h)
  bool when_set = false;  // number 50..89: rendered only when set (left out, not null)
  // number 90..99: rendered only when the JSON hook includes it (JsonFieldHook::Includes).
  bool includable = false;
  // number 2000..2999 / 3000..3999: rendered only when the object's `legacy_shape` is true /
  // false (field_numbers.h).
  bool legacy_only = false;
  bool current_only = false;
  bool json_text = false; // EventData.previous_attributes: JSON text rendered inline
  // number 5000..5999: rendered as null, never stored (no rep member, no accessors).
  bool always_null = false;
  // number 6000..6999: a list or map rendered as null while empty.
  bool null_when_empty = false;
  // A string derived from the message's `id` (trailing comment `// derived: F(id)`, F one of
  // proto/object_runtime/derived_strings.h): "F". No rep member; a has-bit says it is set.
  std::string derived;
  // Trailing comment `stable` or `stable; <text>`: set when the object is made and seldom
  // changed afterwards. Stored in the rep's stable block (proto/object_runtime/stable_part.h),
  // which every version of the object shares; it keeps its has-bit in the rep.
  bool stable = false;
  std::string comment;    // the trailing comment in the .proto, if any
};

// How the object renders as JSON (engine/json_render.h; runtime's internal::JsonStyle).
enum class JsonStyle { kObject, kResourceUnion, kEventData, kError };

struct OneofModel {
  std::string name;        // proto name: "kind"
  std::string member;      // rep member: "kind_"
  std::string case_enum;   // "KindCase"
  std::string not_set;     // "KIND_NOT_SET"
  std::string struct_name; // the rep's storage for it: "KindOneof"
  std::vector<int> fields; // indexes in MessageModel::fields
};

struct MessageModel {
  const google::protobuf::Descriptor* descriptor;
  std::string cls;         // the object class: "Charge"
  std::string proto;       // the protobuf class, qualified: "::paysim::Charge"
  std::vector<FieldModel> fields;  // declaration order (= descriptor->field(i))
  std::vector<int> rep_order;      // indexes of non-oneof fields in rep member order
  std::vector<int> stable_order;   // indexes of stable fields in the stable block's order
  int has_bit_words = 1;
  bool has_oneof = false;
  OneofModel oneof;
  JsonStyle json_style = JsonStyle::kObject;
  bool json_may_be_unordered = false;  // a double or JSON text, here or nested
  // The rep member of the internal `bool legacy_shape` that fields numbered 2000..3999 depend
  // on ("" when the message has no such fields).
  std::string shape_member;
  std::string comment;     // the leading comment in the .proto, if any
};

struct FileModel {
  const google::protobuf::FileDescriptor* file;
  std::string cpp_namespace;   // of the objects: "paysim"
  std::string header_path;     // "proto/charge.obj.h"
  std::string pb_header_path;  // "proto/charge.pb.h"
  std::vector<std::string> import_headers;  // "proto/card.obj.h", ...
  std::vector<MessageModel> messages;       // declaration order
};

// Builds the model of `file`. On an unsupported construct returns false with `*error` set.
bool BuildFileModel(const google::protobuf::FileDescriptor* file,
                    const std::string& cpp_namespace, FileModel* model, std::string* error);

// The rep member expression of field `f` for reading (`stable.get()->x_` for a stable field,
// else `x_`) and for writing, in a rep made unique (`stable.Mutable()->x_`, else `x_`).
std::string ReadMember(const FieldModel& f);
std::string WriteMember(const FieldModel& f);

// "::a::b::" + name for a proto package "a.b" (protobuf's C++ namespace).
std::string ProtoClassName(const google::protobuf::Descriptor* message);
// "::" + cpp_namespace + "::" + name: the object class of `message`.
std::string ObjectClassName(const google::protobuf::Descriptor* message,
                            const std::string& cpp_namespace);
// protobuf's CamelCase of a field name ("payment_method" -> "PaymentMethod").
std::string CamelCase(const std::string& name);
// "0x00000004u": the mask of has-bit `bit` within its word.
std::string HasMask(int bit);

}  // namespace objgen
}  // namespace paysim

#endif  // PAYSIM_TOOLS_OBJGEN_MODEL_H_
