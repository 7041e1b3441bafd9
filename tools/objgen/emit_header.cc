// <base>.obj.h: the object classes of one .proto file. Layout of the output: includes, forward
// declarations, each class (its API), then each class's rep, then the inline definitions
// (accessors read and write the rep, which every class must see complete).
#include <cctype>

#include "tools/objgen/emitters.h"

namespace paysim {
namespace objgen {
namespace {

std::string Guard(const std::string& path) {
  std::string guard;
  for (char c : path) {
    guard.push_back(std::isalnum(static_cast<unsigned char>(c))
                        ? static_cast<char>(std::toupper(static_cast<unsigned char>(c)))
                        : '_');
  }
  return guard + "_";
}

void OpenNamespace(const std::string& cpp_namespace, CodePrinter& p) {
  size_t start = 0;
  while (start <= cpp_namespace.size()) {
    size_t end = cpp_namespace.find("::", start);
    if (end == std::string::npos) end = cpp_namespace.size();
    p.Print({{"ns", cpp_namespace.substr(start, end - start)}}, "namespace $ns$ {\n");
    start = end + 2;
  }
}

void CloseNamespace(const std::string& cpp_namespace, CodePrinter& p) {
  size_t end = cpp_namespace.size();
  while (true) {
    const size_t sep = cpp_namespace.rfind("::", end == 0 ? 0 : end - 1);
    const size_t start = sep == std::string::npos || sep >= end ? 0 : sep + 2;
    p.Print({{"ns", cpp_namespace.substr(start, end - start)}}, "}  // namespace $ns$\n");
    if (start == 0) break;
    end = start - 2;
  }
}

void PrintComment(const std::string& comment, CodePrinter& p) {
  size_t start = 0;
  while (start < comment.size()) {
    size_t end = comment.find('\n', start);
    if (end == std::string::npos) end = comment.size();
    std::string line = comment.substr(start, end - start);
    while (!line.empty() && line[0] == ' ') line.erase(0, 1);
    p.Print(line.empty() ? "//\n" : "// " + line + "\n");
    start = end + 1;
  }
}

void EmitClass(const FileModel& file, const MessageModel& m, CodePrinter& p) {
  Vars v{{"cls", m.cls},
         {"proto", m.proto},
         {"file", file.file->name()},
         {"n", std::to_string(m.fields.size())}};
  p.Print("\n");
  if (!m.comment.empty()) {
    PrintComment(m.comment, p);
    p.Print("//\n");
  }
  p.Print(v,
          "// The object of $proto$ ($file$).\n"
          "// A copy-on-write value: a copy shares this object's rep (a reference count\n"
          "// increment); a change through one copy copies the nodes on its path first and never\n"
          "// shows in another copy.\n"
          "// Thread safety: distinct objects may be used from different threads even when they\n"
          "// share nodes; one object must not be changed while another thread uses it (as a\n"
          "// std::string). A pointer returned by a mutable_ or add_ accessor points into this\n"
          "// object and is valid until this object is next copied, assigned, cleared, or\n"
          "// changed through another accessor.\n"
          "class $cls$ final {\n"
          " public:\n"
          "  using Proto = $proto$;\n"
          "\n"
          "  // The shared default instance: allocates nothing.\n"
          "  constexpr $cls$() noexcept;\n"
          "  $cls$(const $cls$& other) noexcept;\n"
          "  $cls$($cls$&& other) noexcept;\n"
          "  $cls$& operator=(const $cls$& other) noexcept;\n"
          "  $cls$& operator=($cls$&& other) noexcept;\n"
          "  ~$cls$();\n"
          "  void swap($cls$& other) noexcept { std::swap(rep_, other.rep_); }\n"
          "  friend void swap($cls$& a, $cls$& b) noexcept { a.swap(b); }\n"
          "\n"
          "  static const $cls$& default_instance();\n"
          "  // As protobuf's CopyFrom: an assignment (shares `other`'s rep).\n"
          "  void CopyFrom(const $cls$& other) { *this = other; }\n"
          "  // Back to the default instance.\n"
          "  void Clear();\n"
          "\n"
          "  // ---- protobuf interop ----\n"
          "  static $cls$ FromProto(const Proto& proto);\n"
          "  explicit $cls$(const Proto& proto) : $cls$(FromProto(proto)) {}\n"
          "  void CopyToProto(Proto* out) const;\n"
          "  Proto ToProto() const;\n"
          "  std::string SerializeAsString() const;\n"
          "  // False (this object unchanged) if `data` does not parse as a Proto.\n"
          "  bool ParseFromString(absl::string_view data);\n"
          "  std::string DebugString() const;\n"
          "  std::string ShortDebugString() const;\n"
          "  static const ::google::protobuf::Descriptor* descriptor();\n"
          "  const ::google::protobuf::Descriptor* GetDescriptor() const { return descriptor(); }\n"
          "\n"
          "  // Stripe's JSON, byte for byte as paysim::WriteJson (engine/json_render.h) writes the\n"
          "  // equivalent Proto. `hook` (not owned; may be null) may write fields' values instead.\n"
          "  void WriteJson(::paysim::JsonWriter& out,\n"
          "                 const ::paysim::obj::JsonFieldHook* hook = nullptr) const;\n"
          "\n"
          "  // Deep equality (all fields, internal ones too); the same rep is equal at once.\n"
          "  friend bool operator==(const $cls$& a, const $cls$& b);\n"
          "  friend bool operator!=(const $cls$& a, const $cls$& b) { return !(a == b); }\n"
          "  // Both hold the same rep (one is a copy of the other, unchanged since).\n"
          "  bool SharesRepWith(const $cls$& other) const { return rep_ == other.rep_; }\n");
  p.Indent();
  if (m.has_oneof) DeclareOneof(m, p);
  for (const FieldModel& f : m.fields) {
    if (!f.always_null) {
      DeclareAccessors(m, f, p);
    } else {
      // Always null (field_numbers.h): never stored, so nothing can set it.
      p.Print({{"name", f.accessor}, {"proto_name", f.name}},
              "// $proto_name$: always null (never stored).\n"
              "static constexpr bool has_$name$() { return false; }\n");
    }
  }
  p.Outdent();
  p.Print(v,
          "\n"
          "  // ---- for the runtime (proto/object_runtime) ----\n"
          "  static const ::paysim::obj::internal::TypeInfo kTypeInfo;\n"
          "  const void* internal_rep() const { return rep_; }\n"
          "\n"
          " private:\n"
          "  struct Rep;\n"
          "  struct StableRep;  // the stable fields' block, when the class has any\n"
          "  // This object's rep, made unique first (copied if shared).\n"
          "  Rep* MutableRep();\n"
          "  void Detach();\n"
          "  static void Destroy(Rep* rep);\n");
  if (!m.fields.empty()) {
    p.Print(v, "  static const ::paysim::obj::internal::FieldInfo kFieldInfo[$n$];\n");
  }
  p.Print(v,
          "  static ::paysim::obj::internal::Immortal<Rep> default_rep_;\n"
          "  static const ::paysim::obj::internal::Immortal<$cls$> default_instance_;\n"
          "\n"
          "  Rep* rep_;\n"
          "};\n");
}

std::string MemberType(const FieldModel& f) {
  switch (f.kind) {
    case Kind::kString:
      return "::paysim::obj::internal::StringField";
    case Kind::kRepeatedString:
      return "::paysim::obj::Repeated<std::string>";
    case Kind::kRepeatedMessage:
      return "::paysim::obj::Repeated<" + f.cpp_type + ">";
    case Kind::kStringMap:
      return "::paysim::obj::StringMap";
    default:
      return f.cpp_type;
  }
}

std::string MemberInit(const FieldModel& f) {
  switch (f.kind) {
    case Kind::kInt64:
    case Kind::kInt32:
    case Kind::kUint64:
    case Kind::kUint32:
    case Kind::kDouble:
      return " = 0";
    case Kind::kBool:
      return " = false";
    default:
      return "";
  }
}

void EmitOneofStorage(const MessageModel& m, CodePrinter& p) {
  const OneofModel& o = m.oneof;
  p.Print({{"struct", o.struct_name}, {"name", o.name}},
          "// oneof $name$: which member is set (its field number, 0: none) and its storage.\n"
          "struct $struct$ {\n"
          "  uint32_t which = 0;\n"
          "  union Value {\n"
          "    constexpr Value() : none() {}\n"
          "    ~Value() {}\n"
          "    char none;\n");
  for (int i : o.fields) {
    const FieldModel& f = m.fields[i];
    p.Print({{"type", f.cpp_type}, {"member", f.member}}, "    $type$ $member$;\n");
  }
  p.Print({{"struct", o.struct_name}},
          "  } value;\n"
          "\n"
          "  constexpr $struct$() {}\n"
          "  $struct$(const $struct$& other) : which(other.which) {\n"
          "    switch (which) {\n");
  for (int i : o.fields) {
    const FieldModel& f = m.fields[i];
    p.Print({{"type", f.cpp_type}, {"member", f.member}, {"number", std::to_string(f.descriptor->number())}},
            "      case $number$:\n"
            "        new (&value.$member$) $type$(other.value.$member$);\n"
            "        break;\n");
  }
  p.Print({{"struct", o.struct_name}},
          "    }\n"
          "  }\n"
          "  $struct$& operator=(const $struct$&) = delete;\n"
          "  ~$struct$() { Clear(); }\n"
          "  void Clear() {\n"
          "    switch (which) {\n");
  for (int i : o.fields) {
    const FieldModel& f = m.fields[i];
    p.Print({{"cls", f.descriptor->message_type()->name()}, {"member", f.member},
             {"number", std::to_string(f.descriptor->number())}},
            "      case $number$:\n"
            "        value.$member$.~$cls$();\n"
            "        break;\n");
  }
  p.Print({{"struct", o.struct_name}},
          "    }\n"
          "    which = 0;\n"
          "  }\n"
          "  bool operator==(const $struct$& other) const {\n"
          "    if (which != other.which) return false;\n"
          "    switch (which) {\n");
  for (int i : o.fields) {
    const FieldModel& f = m.fields[i];
    p.Print({{"member", f.member}, {"number", std::to_string(f.descriptor->number())}},
            "      case $number$:\n"
            "        return value.$member$ == other.value.$member$;\n");
  }
  p.Print("    }\n"
          "    return true;\n"
          "  }\n"
          "};\n");
}

// The block of the stable fields (stable_part.h), shared by the object's versions.
// The members of the fields `order` lists (indexes into m.fields), one a line, in that order.
void EmitMembers(const MessageModel& m, const std::vector<int>& order, CodePrinter& p) {
  for (int i : order) {
    const FieldModel& f = m.fields[i];
    p.Print({{"type", MemberType(f)}, {"member", f.member}, {"init", MemberInit(f)}},
            "  $type$ $member$$init$;\n");
  }
}

void EmitStableRep(const MessageModel& m, CodePrinter& p) {
  Vars v{{"cls", m.cls}};
  p.Print(v,
          "\n"
          "// The stable fields of a $cls$, shared by its versions. Immutable while shared.\n"
          "struct $cls$::StableRep : ::paysim::obj::internal::PooledNode {\n"
          "  ::paysim::obj::internal::RefCount refs;\n");
  EmitMembers(m, m.stable_order, p);
  p.Print(v,
          "\n"
          "  StableRep() = default;\n"
          "  constexpr explicit StableRep(::paysim::obj::internal::ImmortalTag tag) : refs(tag) {}\n"
          "  // The block of a rep whose stable fields were never set.\n"
          "  static ::paysim::obj::internal::Immortal<StableRep> default_block;\n"
          "};\n");
}

void EmitRep(const MessageModel& m, CodePrinter& p) {
  Vars v{{"cls", m.cls}, {"words", std::to_string(m.has_bit_words)}};
  if (!m.stable_order.empty()) EmitStableRep(m, p);
  p.Print(v,
          "\n"
          "// The fields of a $cls$, shared by its copies. Immutable while shared.\n"
          "struct $cls$::Rep : ::paysim::obj::internal::PooledNode {\n"
          "  ::paysim::obj::internal::RefCount refs;\n"
          "  uint32_t has_bits[$words$] = {};\n");
  p.Indent();
  if (m.has_oneof) {
    EmitOneofStorage(m, p);
    p.Print({{"struct", m.oneof.struct_name}, {"member", m.oneof.member}}, "$struct$ $member$;\n");
  }
  p.Outdent();
  EmitMembers(m, m.rep_order, p);
  if (!m.stable_order.empty()) {
    p.Print(v, "  ::paysim::obj::internal::StablePart<StableRep> stable;\n");
  }
  p.Print(v,
          "\n"
          "  Rep() = default;\n"
          "  constexpr explicit Rep(::paysim::obj::internal::ImmortalTag tag) : refs(tag) {}\n"
          "};\n");
}

void EmitInlines(const MessageModel& m, CodePrinter& p) {
  Vars v{{"cls", m.cls}};
  p.Print(v,
          "\n"
          "// ---- $cls$ ----\n"
          "\n"
          "inline constexpr $cls$::$cls$() noexcept : rep_(&default_rep_.value) {}\n"
          "inline $cls$::$cls$(const $cls$& other) noexcept : rep_(other.rep_) { rep_->refs.Ref(); }\n"
          "inline $cls$::$cls$($cls$&& other) noexcept : rep_(other.rep_) {\n"
          "  other.rep_ = &default_rep_.value;\n"
          "}\n"
          "inline $cls$& $cls$::operator=(const $cls$& other) noexcept {\n"
          "  other.rep_->refs.Ref();\n"
          "  if (rep_->refs.Unref()) Destroy(rep_);\n"
          "  rep_ = other.rep_;\n"
          "  return *this;\n"
          "}\n"
          "inline $cls$& $cls$::operator=($cls$&& other) noexcept {\n"
          "  swap(other);\n"
          "  return *this;\n"
          "}\n"
          "inline $cls$::~$cls$() {\n"
          "  if (rep_->refs.Unref()) Destroy(rep_);\n"
          "}\n"
          "inline const $cls$& $cls$::default_instance() { return default_instance_.value; }\n"
          "inline void $cls$::Clear() {\n"
          "  if (rep_->refs.Unref()) Destroy(rep_);\n"
          "  rep_ = &default_rep_.value;\n"
          "}\n"
          "inline $cls$::Rep* $cls$::MutableRep() {\n"
          "  if (!rep_->refs.IsUnique()) Detach();\n"
          "  return rep_;\n"
          "}\n");
  if (m.has_oneof) DefineOneof(m, p);
  for (const FieldModel& f : m.fields) {
    if (!f.always_null) DefineAccessors(m, f, p);
  }
}

}  // namespace

std::string GenerateHeader(const FileModel& file) {
  CodePrinter p;
  Vars v{{"file", file.file->name()}, {"guard", Guard(file.header_path)},
         {"pb_header", file.pb_header_path}};
  p.Print(v,
          "// Generated by objgen (tools/objgen) from $file$. DO NOT EDIT.\n"
          "//\n"
          "// paysim's objects of $file$: copy-on-write values with the API of the protobuf\n"
          "// classes of $pb_header$ (runtime: proto/object_runtime).\n"
          "#ifndef $guard$\n"
          "#define $guard$\n"
          "\n"
          "#include <cstddef>\n"
          "#include <cstdint>\n"
          "#include <new>\n"
          "#include <string>\n"
          "#include <utility>\n"
          "\n"
          "#include \"absl/strings/string_view.h\"\n"
          "#include \"engine/json_writer.h\"\n"
          "#include \"proto/object_runtime/derived_strings.h\"\n"
          "#include \"proto/object_runtime/object_ref.h\"\n"
          "#include \"proto/object_runtime/node_pool.h\"\n"
          "#include \"proto/object_runtime/ref_count.h\"\n"
          "#include \"proto/object_runtime/repeated.h\"\n"
          "#include \"proto/object_runtime/stable_part.h\"\n"
          "#include \"proto/object_runtime/string_field.h\"\n"
          "#include \"proto/object_runtime/string_map.h\"\n"
          "#include \"proto/object_runtime/type_info.h\"\n");
  for (const std::string& header : file.import_headers) {
    p.Print({{"h", header}}, "#include \"$h$\"\n");
  }
  // The protobuf classes are only declared: a file that converts (FromProto, ToProto,
  // CopyToProto) includes $pb_header$ itself, and the many that only use the objects do not
  // parse it.
  p.Print("\nnamespace google {\nnamespace protobuf {\nclass Descriptor;\n}  // namespace protobuf\n}  // namespace google\n");
  if (!file.messages.empty()) {
    const std::string& proto = file.messages.front().proto;
    const std::string pb_namespace = proto.substr(2, proto.rfind("::") - 2);
    OpenNamespace(pb_namespace, p);
    for (const MessageModel& m : file.messages) {
      p.Print({{"name", m.proto.substr(m.proto.rfind("::") + 2)}}, "class $name$;\n");
    }
    CloseNamespace(pb_namespace, p);
  }
  p.Print("\n");
  OpenNamespace(file.cpp_namespace, p);
  p.Print("\n");
  for (const MessageModel& m : file.messages) p.Print({{"cls", m.cls}}, "class $cls$;\n");
  for (const MessageModel& m : file.messages) EmitClass(file, m, p);
  p.Print("\n// ---- implementation: reps and inline accessors ----\n");
  for (const MessageModel& m : file.messages) EmitRep(m, p);
  for (const MessageModel& m : file.messages) EmitInlines(m, p);
  p.Print("\n");
  CloseNamespace(file.cpp_namespace, p);
  p.Print(v, "\n#endif  // $guard$\n");
  return p.text();
}

}  // namespace objgen
}  // namespace paysim
