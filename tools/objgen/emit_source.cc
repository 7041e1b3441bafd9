// <base>.obj.cc: per class, the static default rep and instance, copying on write, protobuf
// interop, equality, WriteJson (emit_json.cc) and the reflection table (type_info.h).
#include "tools/objgen/emitters.h"

namespace paysim {
namespace objgen {
namespace {

const char* RuntimeKind(Kind kind) {
  switch (kind) {
    case Kind::kString:
      return "kString";
    case Kind::kInt64:
      return "kInt64";
    case Kind::kInt32:
      return "kInt32";
    case Kind::kUint64:
      return "kUint64";
    case Kind::kUint32:
      return "kUint32";
    case Kind::kBool:
      return "kBool";
    case Kind::kDouble:
      return "kDouble";
    case Kind::kMessage:
      return "kMessage";
    case Kind::kRepeatedString:
      return "kRepeatedString";
    case Kind::kRepeatedMessage:
      return "kRepeatedMessage";
    case Kind::kStringMap:
      return "kStringMap";
  }
  return "";
}

const char* RuntimeStyle(JsonStyle style) {
  switch (style) {
    case JsonStyle::kObject:
      return "kObject";
    case JsonStyle::kResourceUnion:
      return "kResourceUnion";
    case JsonStyle::kEventData:
      return "kEventData";
    case JsonStyle::kError:
      return "kError";
  }
  return "";
}

void EmitLifecycle(const MessageModel& m, CodePrinter& p) {
  if (!m.stable_order.empty()) {
    p.Print({{"cls", m.cls}},
            "\n"
            "::paysim::obj::internal::Immortal<$cls$::StableRep> $cls$::StableRep::default_block{\n"
            "    ::paysim::obj::internal::kImmortal};\n");
  }
  p.Print({{"cls", m.cls}},
          "\n"
          "// ---- $cls$ ----\n"
          "\n"
          "::paysim::obj::internal::Immortal<$cls$::Rep> $cls$::default_rep_{\n"
          "    ::paysim::obj::internal::kImmortal};\n"
          "const ::paysim::obj::internal::Immortal<$cls$> $cls$::default_instance_{};\n"
          "\n"
          "void $cls$::Detach() {\n"
          "  Rep* copy = new Rep(*rep_);\n"
          "  if (rep_->refs.Unref()) Destroy(rep_);\n"
          "  rep_ = copy;\n"
          "}\n"
          "\n"
          "void $cls$::Destroy(Rep* rep) {\n"
          "  static_assert(std::is_standard_layout<Rep>::value, \"the runtime reads reps by offsets\");\n"
          "  delete rep;\n"
          "}\n");
}

void EmitFromProto(const MessageModel& m, CodePrinter& p) {
  p.Print({{"cls", m.cls}},
          "\n"
          "$cls$ $cls$::FromProto(const Proto& proto) {\n"
          "  $cls$ result;\n");
  p.Indent();
  bool plain_fields = false;
  for (const FieldModel& f : m.fields) plain_fields = plain_fields || !f.oneof_member;
  if (plain_fields) p.Print("Rep* r = result.MutableRep();\n");
  for (const FieldModel& f : m.fields) {
    if (f.oneof_member || f.always_null) continue;
    Vars v = FieldVars(m, f);
    v["mark"] = f.has_bit >= 0 ? "r->has_bits[" + v["word"] + "] |= " + v["mask"] + ";\n" : "";
    if (!f.derived.empty()) {  // its text follows from the id: only whether it is set
      p.Print(v, "if (proto.has_$name$()) $mark$");
      continue;
    }
    switch (f.kind) {
      case Kind::kString:
        p.Print(v, f.presence ? "if (proto.has_$name$()) {\n  $mark$  r->$member$.Set(proto.$name$());\n}\n"
                              : "if (!proto.$name$().empty()) r->$member$.Set(proto.$name$());\n");
        break;
      case Kind::kMessage:
        p.Print(v, "if (proto.has_$name$()) {\n  $mark$  r->$member$ = $type$::FromProto(proto.$name$());\n}\n");
        break;
      case Kind::kRepeatedString:
      case Kind::kStringMap:
        p.Print(v, "if (!proto.$name$().empty()) r->$member$ = proto.$name$();\n");
        break;
      case Kind::kRepeatedMessage:
        p.Print(v,
                "if (!proto.$name$().empty()) {\n"
                "  r->$member$.Reserve(proto.$name$_size());\n"
                "  for (const auto& element : proto.$name$()) r->$member$.Add($type$::FromProto(element));\n"
                "}\n");
        break;
      default:
        p.Print(v, f.presence ? "if (proto.has_$name$()) {\n  $mark$  r->$member$ = proto.$name$();\n}\n"
                              : "r->$member$ = proto.$name$();\n");
    }
  }
  if (m.has_oneof) {
    p.Print({{"oneof", m.oneof.name}}, "switch (proto.$oneof$_case()) {\n");
    for (int i : m.oneof.fields) {
      p.Print(FieldVars(m, m.fields[i]),
              "  case Proto::$case$:\n"
              "    *result.mutable_$name$() = $type$::FromProto(proto.$name$());\n"
              "    break;\n");
    }
    p.Print("  default:\n    break;\n}\n");
  }
  p.Outdent();
  p.Print("  return result;\n}\n");
}

void EmitCopyToProto(const MessageModel& m, CodePrinter& p) {
  p.Print({{"cls", m.cls}},
          "\n"
          "void $cls$::CopyToProto(Proto* out) const {\n"
          "  out->Clear();\n"
          "  const Rep& r = *rep_;\n");
  p.Indent();
  if (m.fields.empty()) p.Print("(void)r;\n");
  for (const FieldModel& f : m.fields) {
    if (f.oneof_member || f.always_null) continue;
    Vars v = FieldVars(m, f);
    v["has"] = "r.has_bits[" + v["word"] + "] & " + v["mask"];
    if (!f.derived.empty()) {
      p.Print(v, "if ($has$) out->set_$name$($name$());\n");
      continue;
    }
    switch (f.kind) {
      case Kind::kString:
        p.Print(v, f.presence ? "if ($has$) out->set_$name$(r.$rmember$.get());\n"
                              : "if (!r.$rmember$.empty()) out->set_$name$(r.$rmember$.get());\n");
        break;
      case Kind::kMessage:
        p.Print(v, "if ($has$) r.$rmember$.CopyToProto(out->mutable_$name$());\n");
        break;
      case Kind::kRepeatedString:
        p.Print(v, "for (const std::string& element : r.$rmember$) out->add_$name$(element);\n");
        break;
      case Kind::kRepeatedMessage:
        p.Print(v, "for (const $type$& element : r.$rmember$) element.CopyToProto(out->add_$name$());\n");
        break;
      case Kind::kStringMap:
        p.Print(v, "if (!r.$rmember$.empty()) r.$rmember$.CopyTo(out->mutable_$name$());\n");
        break;
      default:
        p.Print(v, f.presence ? "if ($has$) out->set_$name$(r.$rmember$);\n"
                              : "out->set_$name$(r.$rmember$);\n");
    }
  }
  if (m.has_oneof) {
    p.Print({{"member", m.oneof.member}}, "switch (r.$member$.which) {\n");
    for (int i : m.oneof.fields) {
      p.Print(FieldVars(m, m.fields[i]),
              "  case $number$:\n"
              "    r.$oneof_member$.value.$member$.CopyToProto(out->mutable_$name$());\n"
              "    break;\n");
    }
    p.Print("}\n");
  }
  p.Outdent();
  p.Print("}\n");
}

void EmitInterop(const MessageModel& m, CodePrinter& p) {
  p.Print({{"cls", m.cls}},
          "\n"
          "$cls$::Proto $cls$::ToProto() const {\n"
          "  Proto proto;\n"
          "  CopyToProto(&proto);\n"
          "  return proto;\n"
          "}\n"
          "\n"
          "std::string $cls$::SerializeAsString() const { return ToProto().SerializeAsString(); }\n"
          "\n"
          "bool $cls$::ParseFromString(absl::string_view data) {\n"
          "  Proto proto;\n"
          "  if (!proto.ParseFromArray(data.data(), static_cast<int>(data.size()))) return false;\n"
          "  *this = FromProto(proto);\n"
          "  return true;\n"
          "}\n"
          "\n"
          "std::string $cls$::DebugString() const { return ToProto().DebugString(); }\n"
          "\n"
          "std::string $cls$::ShortDebugString() const { return ToProto().ShortDebugString(); }\n"
          "\n"
          "const ::google::protobuf::Descriptor* $cls$::descriptor() { return Proto::descriptor(); }\n");
}

void EmitEquality(const MessageModel& m, CodePrinter& p) {
  p.Print({{"cls", m.cls}},
          "\n"
          "bool operator==(const $cls$& a, const $cls$& b) {\n"
          "  if (a.rep_ == b.rep_) return true;\n"
          "  const $cls$::Rep& x = *a.rep_;\n"
          "  const $cls$::Rep& y = *b.rep_;\n");
  for (int w = 0; w < m.has_bit_words; ++w) {
    p.Print({{"w", std::to_string(w)}}, "  if (x.has_bits[$w$] != y.has_bits[$w$]) return false;\n");
  }
  if (m.has_oneof) p.Print({{"member", m.oneof.member}}, "  if (!(x.$member$ == y.$member$)) return false;\n");
  for (int i : m.rep_order) {
    p.Print({{"member", m.fields[i].member}}, "  if (x.$member$ != y.$member$) return false;\n");
  }
  if (!m.stable_order.empty()) {
    p.Print("  if (x.stable.get() == y.stable.get()) return true;\n");
  }
  for (int i : m.stable_order) {
    p.Print({{"member", m.fields[i].member}},
            "  if (x.stable.get()->$member$ != y.stable.get()->$member$) return false;\n");
  }
  p.Print("  return true;\n}\n");
}

void EmitTables(const FileModel& file, const MessageModel& m, CodePrinter& p) {
  Vars v{{"cls", m.cls},
         {"full_name", m.descriptor->full_name()},
         {"n", std::to_string(m.fields.size())},
         {"style", RuntimeStyle(m.json_style)},
         {"unordered", m.json_may_be_unordered ? "true" : "false"},
         {"fields", m.fields.empty() ? "nullptr" : m.cls + "::kFieldInfo"},
         {"oneof_offset", m.has_oneof ? "offsetof(" + m.cls + "::Rep, " + m.oneof.member + ")" : "0"},
         {"stable_offset", m.stable_order.empty() ? "0" : "offsetof(Rep, stable)"}};
  if (!m.fields.empty()) {
    p.Print(v, "\nconst ::paysim::obj::internal::FieldInfo $cls$::kFieldInfo[$n$] = {\n");
    for (const FieldModel& f : m.fields) {
      Vars fv = FieldVars(m, f);
      fv["kind"] = RuntimeKind(f.kind);
      // Includable fields are not rendered by default either (previous_attributes skips them).
      fv["internal"] = f.internal || f.includable ? "true" : "false";
      fv["presence"] = f.presence ? "true" : "false";
      fv["json_text"] = f.json_text ? "true" : "false";
      fv["has_bit"] = std::to_string(f.has_bit);
      fv["oneof_case"] = f.oneof_member ? fv["number"] : "0";
      fv["offset"] = f.always_null || !f.derived.empty()
                         ? "0"  // no storage: ObjectRef reads a default or derives it
                     : f.oneof_member
                         ? "offsetof(Rep, " + m.oneof.member + ") + offsetof(Rep::" +
                               m.oneof.struct_name + ", value)"
                     : f.stable ? "offsetof(StableRep, " + f.member + ")"
                                : "offsetof(Rep, " + f.member + ")";
      fv["always_null"] = f.always_null ? "true" : "false";
      fv["stable"] = f.stable ? "true" : "false";
      fv["derived"] = f.derived.empty() ? "nullptr"
                      : "&::paysim::obj::internal::DerivedOf<" + m.cls + ", &" + m.cls + "::" +
                            f.accessor + ">";
      const bool message = f.kind == Kind::kMessage || f.kind == Kind::kRepeatedMessage;
      fv["message_type"] = message ? "&" + f.cpp_type + "::kTypeInfo" : "nullptr";
      const bool repeated = f.kind == Kind::kRepeatedMessage;
      fv["size"] = repeated ? "&::paysim::obj::internal::RepeatedSize<" + f.cpp_type + ">" : "nullptr";
      fv["at"] = repeated ? "&::paysim::obj::internal::RepeatedAt<" + f.cpp_type + ">" : "nullptr";
      p.Print(fv,
              "    {\"$proto_name$\", $number$, ::paysim::obj::internal::FieldKind::$kind$, $internal$,\n"
              "     $presence$, $json_text$, $has_bit$, $oneof_case$, $offset$,\n"
              "     $message_type$, $size$, $at$, $always_null$, $derived$, $stable$},\n");
    }
    p.Print("};\n");
  }
  p.Print(v,
          "\n"
          "const ::paysim::obj::internal::TypeInfo $cls$::kTypeInfo = {\n"
          "    \"$full_name$\",\n"
          "    &$cls$::descriptor,\n"
          "    $fields$,\n"
          "    $n$,\n"
          "    ::paysim::obj::internal::JsonStyle::$style$,\n"
          "    /*json_may_be_unordered=*/$unordered$,\n"
          "    offsetof(Rep, has_bits),\n"
          "    $oneof_offset$,\n"
          "    $stable_offset$,\n"
          "    &default_instance_.value,\n"
          "    &::paysim::obj::internal::RepOf<$cls$>,\n"
          "    &::paysim::obj::internal::WriteJsonOf<$cls$>,\n"
          "    &::paysim::obj::internal::EqualsOf<$cls$>,\n"
          "    &::paysim::obj::internal::CopyToProtoOf<$cls$>,\n"
          "};\n");
  (void)file;
}

}  // namespace

std::string GenerateSource(const FileModel& file) {
  CodePrinter p;
  p.Print({{"file", file.file->name()}, {"header", file.header_path},
           {"pb_header", file.pb_header_path}},
          "// Generated by objgen (tools/objgen) from $file$. DO NOT EDIT.\n"
          "#include \"$header$\"\n"
          "\n"
          "#include <cstddef>\n"
          "#include <type_traits>\n"
          "\n"
          "#include \"proto/object_runtime/json_support.h\"\n"
          "#include \"$pb_header$\"\n"
          "\n");
  const std::string& ns = file.cpp_namespace;
  p.Print({{"ns", ns}}, "namespace $ns$ {\n");
  for (const MessageModel& m : file.messages) {
    EmitLifecycle(m, p);
    EmitFromProto(m, p);
    EmitCopyToProto(m, p);
    EmitInterop(m, p);
    EmitEquality(m, p);
    EmitWriteJson(m, p);
    EmitTables(file, m, p);
  }
  p.Print({{"ns", ns}}, "\n}  // namespace $ns$\n");
  return p.text();
}

}  // namespace objgen
}  // namespace paysim
