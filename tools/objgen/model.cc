#include "tools/objgen/model.h"

#include <cctype>
#include <cstdio>
#include <set>

#include "google/protobuf/descriptor.pb.h"
#include "proto/object_runtime/field_numbers.h"

namespace paysim {
namespace objgen {
namespace {

using google::protobuf::Descriptor;
using google::protobuf::FieldDescriptor;
using google::protobuf::FileDescriptor;


// The messages whose JSON is special (engine/json_render.cc names them by full name
// "paysim.X"; matched here by simple name so the proto package may change).
constexpr char kResourceUnion[] = "StripeObject";
constexpr char kEventData[] = "EventData";
constexpr char kEventDataJsonText[] = "previous_attributes";
constexpr char kError[] = "StripeError";

// C++ keywords: an accessor with such a name gets a trailing '_' (as protoc's).
const std::set<std::string>& Keywords() {
  static const auto* keywords = new std::set<std::string>{
      "alignas", "alignof", "and", "and_eq", "asm", "auto", "bitand", "bitor", "bool",
      "break", "case", "catch", "char", "class", "compl", "const", "constexpr", "const_cast",
      "continue", "decltype", "default", "delete", "do", "double", "dynamic_cast", "else",
      "enum", "explicit", "export", "extern", "false", "float", "for", "friend", "goto", "if",
      "inline", "int", "long", "mutable", "namespace", "new", "noexcept", "not", "not_eq",
      "nullptr", "operator", "or", "or_eq", "private", "protected", "public", "register",
      "reinterpret_cast", "return", "short", "signed", "sizeof", "static", "static_assert",
      "static_cast", "struct", "switch", "template", "this", "thread_local", "throw", "true",
      "try", "typedef", "typeid", "typename", "union", "unsigned", "using", "virtual", "void",
      "volatile", "wchar_t", "while", "xor", "xor_eq", "char8_t", "char16_t", "char32_t",
      "concept", "consteval", "constinit", "co_await", "co_return", "co_yield", "requires"};
  return *keywords;
}

std::string Trim(const std::string& text) {
  size_t begin = 0;
  size_t end = text.size();
  while (begin < end && std::isspace(static_cast<unsigned char>(text[begin]))) ++begin;
  while (end > begin && std::isspace(static_cast<unsigned char>(text[end - 1]))) --end;
  return text.substr(begin, end - begin);
}

std::string Namespace(const std::string& package) {
  std::string out = "::";
  for (char c : package) {
    if (c == '.') {
      out += "::";
    } else {
      out.push_back(c);
    }
  }
  return package.empty() ? "::" : out + "::";
}

std::string Upper(const std::string& text) {
  std::string out;
  for (char c : text) out.push_back(static_cast<char>(std::toupper(static_cast<unsigned char>(c))));
  return out;
}

bool IsStringMap(const FieldDescriptor* field) {
  if (!field->is_map()) return false;
  const Descriptor* entry = field->message_type();
  return entry->map_key()->type() == FieldDescriptor::TYPE_STRING &&
         entry->map_value()->type() == FieldDescriptor::TYPE_STRING;
}

// The kind of `field`, or false if objgen does not support it.
bool KindOf(const FieldDescriptor* field, Kind* kind) {
  if (field->is_map()) {
    *kind = Kind::kStringMap;
    return IsStringMap(field);
  }
  if (field->is_repeated()) {
    if (field->type() == FieldDescriptor::TYPE_STRING) {
      *kind = Kind::kRepeatedString;
      return true;
    }
    if (field->type() == FieldDescriptor::TYPE_MESSAGE) {
      *kind = Kind::kRepeatedMessage;
      return true;
    }
    return false;
  }
  switch (field->type()) {
    case FieldDescriptor::TYPE_STRING:
      *kind = Kind::kString;
      return true;
    case FieldDescriptor::TYPE_MESSAGE:
      *kind = Kind::kMessage;
      return true;
    case FieldDescriptor::TYPE_BYTES:
    case FieldDescriptor::TYPE_GROUP:
    case FieldDescriptor::TYPE_ENUM:
    case FieldDescriptor::TYPE_FLOAT:
      return false;
    default:
      break;
  }
  switch (field->cpp_type()) {
    case FieldDescriptor::CPPTYPE_INT64:
      *kind = Kind::kInt64;
      return true;
    case FieldDescriptor::CPPTYPE_INT32:
      *kind = Kind::kInt32;
      return true;
    case FieldDescriptor::CPPTYPE_UINT64:
      *kind = Kind::kUint64;
      return true;
    case FieldDescriptor::CPPTYPE_UINT32:
      *kind = Kind::kUint32;
      return true;
    case FieldDescriptor::CPPTYPE_BOOL:
      *kind = Kind::kBool;
      return true;
    case FieldDescriptor::CPPTYPE_DOUBLE:
      *kind = Kind::kDouble;
      return true;
    default:
      return false;
  }
}

const char* ScalarType(Kind kind) {
  switch (kind) {
    case Kind::kInt64:
      return "int64_t";
    case Kind::kInt32:
      return "int32_t";
    case Kind::kUint64:
      return "uint64_t";
    case Kind::kUint32:
      return "uint32_t";
    case Kind::kBool:
      return "bool";
    case Kind::kDouble:
      return "double";
    default:
      return "";
  }
}

// The rep's member order: 8-byte members, then 4-byte, then bools (less padding), each group
// in declaration order.
int Alignment(Kind kind) {
  switch (kind) {
    case Kind::kInt32:
    case Kind::kUint32:
      return 4;
    case Kind::kBool:
      return 1;
    default:
      return 8;
  }
}

bool IsEventDataJsonText(const FieldDescriptor* field) {
  return field->containing_type()->name() == kEventData && field->name() == kEventDataJsonText &&
         !field->is_repeated();
}

// A double or JSON text in the rendering of `message` or of the objects nested in it.
bool MayBeUnordered(const Descriptor* message, std::set<const Descriptor*>* visiting) {
  if (!visiting->insert(message).second) return false;
  for (int i = 0; i < message->field_count(); ++i) {
    const FieldDescriptor* field = message->field(i);
    if (IsInternalFieldNumber(field->number())) continue;
    if (field->cpp_type() == FieldDescriptor::CPPTYPE_DOUBLE || IsEventDataJsonText(field)) {
      return true;
    }
    if (field->message_type() != nullptr && !field->is_map() &&
        MayBeUnordered(field->message_type(), visiting)) {
      return true;
    }
  }
  return false;
}

std::string CommentOf(const google::protobuf::SourceLocation& location, bool leading) {
  return Trim(leading ? location.leading_comments : location.trailing_comments);
}

// A field whose trailing comment is `derived: F(id)`: sets `*function` to "F" after checking
// that the field is an optional string outside a oneof and that `message` has a string `id`.
// False with `*error` set on a malformed or misplaced marker.
bool DerivedFunction(const Descriptor* message, const FieldModel& f, std::string* function,
                     std::string* error) {
  constexpr char kMarker[] = "derived:";
  if (f.comment.compare(0, sizeof(kMarker) - 1, kMarker) != 0) return true;
  std::string call = Trim(f.comment.substr(sizeof(kMarker) - 1));
  const std::string suffix = "(id)";
  const FieldDescriptor* id = message->FindFieldByName("id");
  bool name_ok = call.size() > suffix.size() &&
                 call.compare(call.size() - suffix.size(), suffix.size(), suffix) == 0;
  if (name_ok) call.resize(call.size() - suffix.size());
  for (char c : call) {
    name_ok = name_ok && (std::isalnum(static_cast<unsigned char>(c)) || c == '_');
  }
  if (!name_ok) {
    *error = f.descriptor->full_name() + ": a derived field's comment is `derived: F(id)`";
    return false;
  }
  if (f.kind != Kind::kString || !f.presence || f.oneof_member || f.always_null || f.internal ||
      f.json_text) {
    *error = f.descriptor->full_name() + ": a derived field must be an optional string";
    return false;
  }
  if (id == nullptr || id->cpp_type() != FieldDescriptor::CPPTYPE_STRING || id->is_repeated()) {
    *error = f.descriptor->full_name() + ": a derived field needs a string `id` in its message";
    return false;
  }
  *function = call;
  return true;
}

// A field whose trailing comment is `stable` or starts with `stable;`: sets `*stable` after
// checking that the field is stored in the rep (not a oneof member, derived or always null) and
// is neither the `id` (derived strings read it) nor the legacy-shape flag. False with `*error`
// set on a misplaced marker.
bool StableMarker(const FieldModel& f, bool* stable, std::string* error) {
  const std::string& c = f.comment;
  if (c != "stable" && c.compare(0, 7, "stable;") != 0) return true;
  if (f.oneof_member || f.always_null || !f.derived.empty() || f.name == "id" ||
      f.name == kLegacyShapeFieldName) {
    *error = f.descriptor->full_name() + ": a stable field must be stored in the rep (not a "
             "oneof member, derived, always null, the id or the legacy-shape flag)";
    return false;
  }
  *stable = true;
  return true;
}

bool BuildMessage(const Descriptor* message, MessageModel* model, std::string* error) {
  model->descriptor = message;
  model->cls = message->name();
  model->proto = ProtoClassName(message);
  google::protobuf::SourceLocation location;
  if (message->GetSourceLocation(&location)) model->comment = CommentOf(location, true);
  if (message->name() == kResourceUnion) model->json_style = JsonStyle::kResourceUnion;
  if (message->name() == kEventData) model->json_style = JsonStyle::kEventData;
  if (message->name() == kError) model->json_style = JsonStyle::kError;
  std::set<const Descriptor*> visiting;
  model->json_may_be_unordered = MayBeUnordered(message, &visiting);

  if (message->real_oneof_decl_count() > 1) {
    *error = message->full_name() + ": more than one oneof";
    return false;
  }
  if (message->real_oneof_decl_count() == 1) {
    const auto* oneof = message->oneof_decl(0);
    model->has_oneof = true;
    model->oneof.name = oneof->name();
    model->oneof.member = oneof->name() + "_";
    model->oneof.case_enum = CamelCase(oneof->name()) + "Case";
    model->oneof.not_set = Upper(oneof->name()) + "_NOT_SET";
    model->oneof.struct_name = CamelCase(oneof->name()) + "Oneof";
  }

  int has_bits = 0;
  for (int i = 0; i < message->field_count(); ++i) {
    const FieldDescriptor* field = message->field(i);
    FieldModel f;
    f.descriptor = field;
    if (!KindOf(field, &f.kind)) {
      *error = field->full_name() + ": objgen does not support this field's type";
      return false;
    }
    f.name = field->name();
    f.accessor = Keywords().count(f.name) != 0 ? f.name + "_" : f.name;
    f.member = f.name + "_";
    f.cpp_type = ScalarType(f.kind);
    if (f.kind == Kind::kMessage || f.kind == Kind::kRepeatedMessage) {
      // Every object class is in cpp_namespace, where the generated code is: no qualifier.
      f.cpp_type = field->message_type()->name();
    }
    f.oneof_member = field->real_containing_oneof() != nullptr;
    if (f.oneof_member) {
      if (f.kind != Kind::kMessage) {
        *error = field->full_name() + ": objgen supports only message members in a oneof";
        return false;
      }
      model->oneof.fields.push_back(i);
    }
    f.presence = !field->is_repeated() && field->has_presence();
    f.always_null = IsAlwaysNullFieldNumber(field->number());
    if (f.always_null &&
        (!f.presence || f.oneof_member || f.kind == Kind::kMessage)) {
      *error = field->full_name() + ": a field numbered 5000-5999 (always null) must be an "
               "optional string or scalar";
      return false;
    }
    f.null_when_empty = IsNullWhenEmptyFieldNumber(field->number());
    if (f.null_when_empty && !field->is_repeated()) {
      *error = field->full_name() + ": a field numbered 6000-6999 (null while empty) must be a "
               "repeated or map field";
      return false;
    }
    if (f.presence && !f.oneof_member && !f.always_null) f.has_bit = has_bits++;
    f.internal = IsInternalFieldNumber(field->number());
    f.includable = IsIncludableFieldNumber(field->number());
    f.when_set = IsWhenSetFieldNumber(field->number());
    f.legacy_only = IsLegacyShapeFieldNumber(field->number());
    f.current_only = IsCurrentShapeFieldNumber(field->number());
    f.json_text = IsEventDataJsonText(field);
    if (f.json_text && f.kind != Kind::kString) {
      *error = field->full_name() + ": JSON text must be a string";
      return false;
    }
    if (field->GetSourceLocation(&location)) f.comment = CommentOf(location, false);
    if (!DerivedFunction(message, f, &f.derived, error)) return false;
    if (!StableMarker(f, &f.stable, error)) return false;
    model->fields.push_back(f);
  }
  for (const FieldModel& f : model->fields) {
    if (!f.legacy_only && !f.current_only) continue;
    const FieldDescriptor* shape = message->FindFieldByName(kLegacyShapeFieldName);
    if (shape == nullptr || shape->cpp_type() != FieldDescriptor::CPPTYPE_BOOL ||
        shape->is_repeated() || !IsInternalFieldNumber(shape->number())) {
      *error = f.descriptor->full_name() + ": a field numbered 2000-3999 needs an internal `bool " +
               kLegacyShapeFieldName + "` in its message";
      return false;
    }
    model->shape_member = std::string(kLegacyShapeFieldName) + "_";
    break;
  }
  if (model->json_style == JsonStyle::kResourceUnion &&
      (!model->has_oneof || model->oneof.fields.size() != model->fields.size())) {
    *error = message->full_name() + ": a resource union must be one oneof of messages";
    return false;
  }
  model->has_bit_words = has_bits == 0 ? 1 : (has_bits + 31) / 32;
  for (int alignment : {8, 4, 1}) {
    for (size_t i = 0; i < model->fields.size(); ++i) {
      const FieldModel& f = model->fields[i];
      if (!f.oneof_member && !f.always_null && f.derived.empty() &&
          Alignment(f.kind) == alignment) {
        (f.stable ? model->stable_order : model->rep_order).push_back(i);
      }
    }
  }
  return true;
}

std::string ReplaceSuffix(const std::string& path, const std::string& suffix) {
  const std::string proto = ".proto";
  std::string base = path;
  if (base.size() > proto.size() && base.compare(base.size() - proto.size(), proto.size(), proto) == 0) {
    base.resize(base.size() - proto.size());
  }
  return base + suffix;
}

}  // namespace

std::string ReadMember(const FieldModel& f) {
  return f.stable ? "stable.get()->" + f.member : f.member;
}

std::string WriteMember(const FieldModel& f) {
  return f.stable ? "stable.Mutable()->" + f.member : f.member;
}

std::string ProtoClassName(const Descriptor* message) {
  return Namespace(message->file()->package()) + message->name();
}

std::string ObjectClassName(const Descriptor* message, const std::string& cpp_namespace) {
  return "::" + cpp_namespace + "::" + message->name();
}

std::string CamelCase(const std::string& name) {
  std::string out;
  bool cap_next = true;
  for (char c : name) {
    if (c == '_') {
      cap_next = true;
    } else if (std::isdigit(static_cast<unsigned char>(c))) {
      out.push_back(c);
      cap_next = true;
    } else if (cap_next) {
      out.push_back(static_cast<char>(std::toupper(static_cast<unsigned char>(c))));
      cap_next = false;
    } else {
      out.push_back(c);
    }
  }
  return out;
}

std::string HasMask(int bit) {
  char text[16];
  std::snprintf(text, sizeof(text), "0x%08xu", 1u << (bit % 32));
  return text;
}

bool BuildFileModel(const FileDescriptor* file, const std::string& cpp_namespace,
                    FileModel* model, std::string* error) {
  model->file = file;
  model->cpp_namespace = cpp_namespace;
  model->header_path = ReplaceSuffix(file->name(), ".obj.h");
  model->pb_header_path = ReplaceSuffix(file->name(), ".pb.h");
  for (int i = 0; i < file->dependency_count(); ++i) {
    model->import_headers.push_back(ReplaceSuffix(file->dependency(i)->name(), ".obj.h"));
  }
  if (file->enum_type_count() > 0 || file->extension_count() > 0 || file->service_count() > 0) {
    *error = file->name() + ": objgen supports messages only (no enums, extensions, services)";
    return false;
  }
  for (int i = 0; i < file->message_type_count(); ++i) {
    const Descriptor* message = file->message_type(i);
    for (int j = 0; j < message->nested_type_count(); ++j) {
      if (!message->nested_type(j)->options().map_entry()) {
        *error = message->full_name() + ": objgen does not support nested message declarations";
        return false;
      }
    }
    if (message->enum_type_count() > 0 || message->extension_range_count() > 0) {
      *error = message->full_name() + ": objgen does not support enums or extensions";
      return false;
    }
    MessageModel m;
    if (!BuildMessage(message, &m, error)) return false;
    model->messages.push_back(std::move(m));
  }
  return true;
}

}  // namespace objgen
}  // namespace paysim
