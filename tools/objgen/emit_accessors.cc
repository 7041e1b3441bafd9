// The accessors of each field kind, as protoc's generated API names them (see model.h for the
// kinds). Declarations go in the class; definitions are inline, after the reps.
#include "tools/objgen/emitters.h"

namespace paysim {
namespace objgen {
namespace {

constexpr char kRuntime[] = "::paysim::obj";

void DeclareScalar(const FieldModel& f, const Vars& v, CodePrinter& p) {
  if (f.presence) p.Print(v, "bool has_$name$() const;\n");
  p.Print(v,
          "$type$ $name$() const;\n"
          "void set_$name$($type$ value);\n"
          "void clear_$name$();\n");
}

void DefineScalar(const FieldModel& f, const Vars& v, CodePrinter& p) {
  p.Print(v, "inline $type$ $cls$::$name$() const { return rep_->$rmember$; }\n");
  if (!f.presence && f.stable && f.kind != Kind::kDouble) {
    // Setting a stable field to the value it has leaves its shared block alone.
    p.Print(v,
            "inline void $cls$::set_$name$($type$ value) {\n"
            "  if (rep_->$rmember$ != value) MutableRep()->$member$ = value;\n"
            "}\n"
            "inline void $cls$::clear_$name$() { set_$name$($type$()); }\n");
    return;
  }
  if (!f.presence && f.kind == Kind::kDouble) {
    // -0.0 compares equal to 0.0: clearing always writes, so a cleared field reads +0.0.
    p.Print(v,
            "inline void $cls$::set_$name$($type$ value) { MutableRep()->$member$ = value; }\n"
            "inline void $cls$::clear_$name$() { MutableRep()->$member$ = $type$(); }\n");
    return;
  }
  if (!f.presence) {
    p.Print(v,
            "inline void $cls$::set_$name$($type$ value) { MutableRep()->$member$ = value; }\n"
            "inline void $cls$::clear_$name$() {\n"
            "  if (rep_->$rmember$ != $type$()) MutableRep()->$member$ = $type$();\n"
            "}\n");
    return;
  }
  p.Print(v,
          "inline bool $cls$::has_$name$() const { return (rep_->has_bits[$word$] & $mask$) != 0; }\n"
          "inline void $cls$::set_$name$($type$ value) {\n"
          "  Rep* r = MutableRep();\n"
          "  r->has_bits[$word$] |= $mask$;\n"
          "  r->$member$ = value;\n"
          "}\n"
          "inline void $cls$::clear_$name$() {\n"
          "  if (!has_$name$()) return;\n"
          "  Rep* r = MutableRep();\n"
          "  r->has_bits[$word$] &= ~$mask$;\n"
          "  r->$member$ = $type$();\n"
          "}\n");
}

void DeclareString(const FieldModel& f, const Vars& v, CodePrinter& p) {
  if (f.presence) p.Print(v, "bool has_$name$() const;\n");
  p.Print(v,
          "const std::string& $name$() const;\n"
          "void set_$name$(const std::string& value);\n"
          "void set_$name$(std::string&& value);\n"
          "void set_$name$(absl::string_view value);\n"
          "void set_$name$(const char* value);\n"
          "void set_$name$(const char* value, size_t size);\n"
          "// Shares the interned string's node: no allocation.\n"
          "void set_$name$(const $rt$::InternedString& value);\n"
          "// The field's value as a shared node, and setting one: the text is not copied\n"
          "// (`invoice.set_customer(subscription.customer_shared())`).\n"
          "const $rt$::SharedString& $name$_shared() const;\n"
          "void set_$name$(const $rt$::SharedString& value);\n"
          "std::string* mutable_$name$();\n"
          "void clear_$name$();\n");
}

void DefineString(const FieldModel& f, Vars v, CodePrinter& p) {
  v["mark"] = f.presence ? "  r->has_bits[" + v["word"] + "] |= " + v["mask"] + ";\n" : "";
  p.Print(v, "inline const std::string& $cls$::$name$() const { return rep_->$rmember$.get(); }\n");
  p.Print(v,
          "inline const $rt$::SharedString& $cls$::$name$_shared() const {\n"
          "  return rep_->$rmember$;\n"
          "}\n");
  for (const char* param : {"const std::string& value", "absl::string_view value",
                            "const $rt$::InternedString& value",
                            "const $rt$::SharedString& value"}) {
    p.Print(v, "inline void $cls$::set_$name$(" + std::string(param) +
                   ") {\n"
                   "  Rep* r = MutableRep();\n"
                   "$mark$"
                   "  r->$member$.Set(value);\n"
                   "}\n");
  }
  p.Print(v,
          "inline void $cls$::set_$name$(std::string&& value) {\n"
          "  Rep* r = MutableRep();\n"
          "$mark$"
          "  r->$member$.Set(std::move(value));\n"
          "}\n"
          "inline void $cls$::set_$name$(const char* value) {\n"
          "  set_$name$(absl::string_view(value));\n"
          "}\n"
          "inline void $cls$::set_$name$(const char* value, size_t size) {\n"
          "  set_$name$(absl::string_view(value, size));\n"
          "}\n"
          "inline std::string* $cls$::mutable_$name$() {\n"
          "  Rep* r = MutableRep();\n"
          "$mark$"
          "  return r->$member$.Mutable();\n"
          "}\n");
  if (f.presence) {
    p.Print(v,
            "inline bool $cls$::has_$name$() const { return (rep_->has_bits[$word$] & $mask$) != 0; }\n"
            "inline void $cls$::clear_$name$() {\n"
            "  if (!has_$name$()) return;\n"
            "  Rep* r = MutableRep();\n"
            "  r->has_bits[$word$] &= ~$mask$;\n"
            "  r->$member$.Clear();\n"
            "}\n");
  } else {
    p.Print(v,
            "inline void $cls$::clear_$name$() {\n"
            "  if (rep_->$rmember$.empty()) return;\n"
            "  MutableRep()->$member$.Clear();\n"
            "}\n");
  }
}

// A string derived from the id (derived_strings.h): a has-bit, no storage.
void DeclareDerived(const FieldModel& f, Vars v, CodePrinter& p) {
  v["function"] = f.derived;
  p.Print(v,
          "bool has_$name$() const;\n"
          "// $function$(id()) when set, else \"\": computed, not stored.\n"
          "std::string $name$() const;\n"
          "// Sets it: its value is then $function$(id()), following the id.\n"
          "void set_$name$_from_id();\n"
          "void clear_$name$();\n");
}

void DefineDerived(const FieldModel& f, Vars v, CodePrinter& p) {
  v["function"] = f.derived;
  p.Print(v,
          "inline bool $cls$::has_$name$() const { return (rep_->has_bits[$word$] & $mask$) != 0; }\n"
          "inline std::string $cls$::$name$() const {\n"
          "  return has_$name$() ? $rt$::derived::$function$(rep_->id_.get()) : std::string();\n"
          "}\n"
          "inline void $cls$::set_$name$_from_id() {\n"
          "  if (!has_$name$()) MutableRep()->has_bits[$word$] |= $mask$;\n"
          "}\n"
          "inline void $cls$::clear_$name$() {\n"
          "  if (has_$name$()) MutableRep()->has_bits[$word$] &= ~$mask$;\n"
          "}\n");
}

void DeclareMessage(const Vars& v, CodePrinter& p) {
  p.Print(v,
          "bool has_$name$() const;\n"
          "// The default instance when unset.\n"
          "const $type$& $name$() const;\n"
          "// Sets presence; the pointer is into this object (see the class comment).\n"
          "$type$* mutable_$name$();\n"
          "void set_$name$(const $type$& value);\n"
          "void set_$name$($type$&& value);\n"
          "void clear_$name$();\n");
}

void DefineMessage(const Vars& v, CodePrinter& p) {
  p.Print(v,
          "inline bool $cls$::has_$name$() const { return (rep_->has_bits[$word$] & $mask$) != 0; }\n"
          "inline const $type$& $cls$::$name$() const { return rep_->$rmember$; }\n"
          "inline $type$* $cls$::mutable_$name$() {\n"
          "  Rep* r = MutableRep();\n"
          "  r->has_bits[$word$] |= $mask$;\n"
          "  return &r->$member$;\n"
          "}\n"
          "inline void $cls$::set_$name$(const $type$& value) { *mutable_$name$() = value; }\n"
          "inline void $cls$::set_$name$($type$&& value) { *mutable_$name$() = std::move(value); }\n"
          "inline void $cls$::clear_$name$() {\n"
          "  if (!has_$name$()) return;\n"
          "  Rep* r = MutableRep();\n"
          "  r->has_bits[$word$] &= ~$mask$;\n"
          "  r->$member$.Clear();\n"
          "}\n");
}

void DeclareOneofMember(const Vars& v, CodePrinter& p) {
  p.Print(v,
          "bool has_$name$() const;\n"
          "// The default instance unless $oneof$_case() is $case$.\n"
          "const $type$& $name$() const;\n"
          "// Makes $name$ the member of $oneof$ (clearing another).\n"
          "$type$* mutable_$name$();\n"
          "void set_$name$(const $type$& value);\n"
          "void clear_$name$();\n");
}

void DefineOneofMember(const Vars& v, CodePrinter& p) {
  p.Print(v,
          "inline bool $cls$::has_$name$() const { return rep_->$oneof_member$.which == $case$; }\n"
          "inline const $type$& $cls$::$name$() const {\n"
          "  return has_$name$() ? rep_->$oneof_member$.value.$member$ : $type$::default_instance();\n"
          "}\n"
          "inline $type$* $cls$::mutable_$name$() {\n"
          "  Rep* r = MutableRep();\n"
          "  if (r->$oneof_member$.which != $case$) {\n"
          "    r->$oneof_member$.Clear();\n"
          "    new (&r->$oneof_member$.value.$member$) $type$();\n"
          "    r->$oneof_member$.which = $case$;\n"
          "  }\n"
          "  return &r->$oneof_member$.value.$member$;\n"
          "}\n"
          "inline void $cls$::set_$name$(const $type$& value) { *mutable_$name$() = value; }\n"
          "inline void $cls$::clear_$name$() {\n"
          "  if (has_$name$()) clear_$oneof$();\n"
          "}\n");
}

void DeclareRepeated(const FieldModel& f, const Vars& v, CodePrinter& p) {
  p.Print(v,
          "int $name$_size() const;\n"
          "const $elem$& $name$(int index) const;\n"
          "const $rt$::Repeated<$elem$>& $name$() const;\n"
          "$elem$* mutable_$name$(int index);\n"
          "$rt$::Repeated<$elem$>* mutable_$name$();\n"
          "$elem$* add_$name$();\n");
  if (f.kind == Kind::kRepeatedString) {
    p.Print(v,
            "void set_$name$(int index, absl::string_view value);\n"
            "void add_$name$(const std::string& value);\n"
            "void add_$name$(std::string&& value);\n"
            "void add_$name$(absl::string_view value);\n"
            "void add_$name$(const char* value);\n");
  } else {
    p.Print(v, "void add_$name$(const $elem$& value);\n");
  }
  p.Print(v, "void clear_$name$();\n");
}

void DefineRepeated(const FieldModel& f, const Vars& v, CodePrinter& p) {
  p.Print(v,
          "inline int $cls$::$name$_size() const { return rep_->$rmember$.size(); }\n"
          "inline const $elem$& $cls$::$name$(int index) const { return rep_->$rmember$[index]; }\n"
          "inline const $rt$::Repeated<$elem$>& $cls$::$name$() const { return rep_->$rmember$; }\n"
          "inline $elem$* $cls$::mutable_$name$(int index) {\n"
          "  return MutableRep()->$member$.Mutable(index);\n"
          "}\n"
          "inline $rt$::Repeated<$elem$>* $cls$::mutable_$name$() { return &MutableRep()->$member$; }\n"
          "inline $elem$* $cls$::add_$name$() { return MutableRep()->$member$.Add(); }\n");
  if (f.kind == Kind::kRepeatedString) {
    p.Print(v,
            "inline void $cls$::set_$name$(int index, absl::string_view value) {\n"
            "  mutable_$name$(index)->assign(value.data(), value.size());\n"
            "}\n"
            "inline void $cls$::add_$name$(const std::string& value) { MutableRep()->$member$.Add(value); }\n"
            "inline void $cls$::add_$name$(std::string&& value) {\n"
            "  MutableRep()->$member$.Add(std::move(value));\n"
            "}\n"
            "inline void $cls$::add_$name$(absl::string_view value) {\n"
            "  MutableRep()->$member$.Add(std::string(value));\n"
            "}\n"
            "inline void $cls$::add_$name$(const char* value) { add_$name$(absl::string_view(value)); }\n");
  } else {
    p.Print(v, "inline void $cls$::add_$name$(const $elem$& value) { MutableRep()->$member$.Add(value); }\n");
  }
  p.Print(v,
          "inline void $cls$::clear_$name$() {\n"
          "  if (rep_->$rmember$.empty()) return;\n"
          "  MutableRep()->$member$.Clear();\n"
          "}\n");
}

void DeclareMap(const Vars& v, CodePrinter& p) {
  p.Print(v,
          "int $name$_size() const;\n"
          "const $rt$::StringMap& $name$() const;\n"
          "$rt$::StringMap* mutable_$name$();\n"
          "void clear_$name$();\n");
}

void DefineMap(const Vars& v, CodePrinter& p) {
  p.Print(v,
          "inline int $cls$::$name$_size() const { return static_cast<int>(rep_->$rmember$.size()); }\n"
          "inline const $rt$::StringMap& $cls$::$name$() const { return rep_->$rmember$; }\n"
          "inline $rt$::StringMap* $cls$::mutable_$name$() { return &MutableRep()->$member$; }\n"
          "inline void $cls$::clear_$name$() {\n"
          "  if (rep_->$rmember$.empty()) return;\n"
          "  MutableRep()->$member$.clear();\n"
          "}\n");
}

}  // namespace

Vars FieldVars(const MessageModel& message, const FieldModel& field) {
  Vars v;
  v["rt"] = kRuntime;
  v["cls"] = message.cls;
  v["name"] = field.accessor;
  v["proto_name"] = field.name;
  v["member"] = WriteMember(field);   // after MutableRep()-> (or r->)
  v["rmember"] = ReadMember(field);   // after rep_->
  v["type"] = field.cpp_type;
  v["elem"] = field.kind == Kind::kRepeatedString ? "std::string" : field.cpp_type;
  v["index"] = std::to_string(field.descriptor->index());
  v["number"] = std::to_string(field.descriptor->number());
  v["word"] = std::to_string(field.has_bit < 0 ? 0 : field.has_bit / 32);
  v["mask"] = HasMask(field.has_bit < 0 ? 0 : field.has_bit);
  if (message.has_oneof) {
    v["oneof"] = message.oneof.name;
    v["oneof_member"] = message.oneof.member;
    v["case_enum"] = message.oneof.case_enum;
  }
  v["case"] = "k" + CamelCase(field.name);
  return v;
}

void DeclareAccessors(const MessageModel& message, const FieldModel& field, CodePrinter& p) {
  const Vars v = FieldVars(message, field);
  std::string label = field.descriptor->is_repeated() && !field.descriptor->is_map() ? "repeated "
                      : field.descriptor->has_optional_keyword()                     ? "optional "
                                                                                     : "";
  std::string type = field.descriptor->is_map() ? "map<string, string>"
                     : field.descriptor->message_type() != nullptr
                         ? field.descriptor->message_type()->name()
                         : field.descriptor->type_name();
  p.Print(v, "\n// " + label + type + " $proto_name$ = $number$;");
  if (!field.comment.empty()) p.Print("  // " + field.comment);
  if (field.internal) p.Print("  (internal: not rendered)");
  p.Print("\n");
  if (field.oneof_member) return DeclareOneofMember(v, p);
  if (!field.derived.empty()) return DeclareDerived(field, v, p);
  switch (field.kind) {
    case Kind::kString:
      return DeclareString(field, v, p);
    case Kind::kMessage:
      return DeclareMessage(v, p);
    case Kind::kRepeatedString:
    case Kind::kRepeatedMessage:
      return DeclareRepeated(field, v, p);
    case Kind::kStringMap:
      return DeclareMap(v, p);
    default:
      return DeclareScalar(field, v, p);
  }
}

void DefineAccessors(const MessageModel& message, const FieldModel& field, CodePrinter& p) {
  const Vars v = FieldVars(message, field);
  if (field.oneof_member) return DefineOneofMember(v, p);
  if (!field.derived.empty()) return DefineDerived(field, v, p);
  switch (field.kind) {
    case Kind::kString:
      return DefineString(field, v, p);
    case Kind::kMessage:
      return DefineMessage(v, p);
    case Kind::kRepeatedString:
    case Kind::kRepeatedMessage:
      return DefineRepeated(field, v, p);
    case Kind::kStringMap:
      return DefineMap(v, p);
    default:
      return DefineScalar(field, v, p);
  }
}

void DeclareOneof(const MessageModel& message, CodePrinter& p) {
  const OneofModel& o = message.oneof;
  p.Print({{"enum", o.case_enum}, {"name", o.name}}, "\n// oneof $name$\nenum $enum$ {\n");
  for (int i : o.fields) {
    const FieldModel& f = message.fields[i];
    p.Print({{"case", "k" + CamelCase(f.name)}, {"number", std::to_string(f.descriptor->number())}},
            "  $case$ = $number$,\n");
  }
  p.Print({{"enum", o.case_enum}, {"name", o.name}, {"not_set", o.not_set}},
          "  $not_set$ = 0,\n"
          "};\n"
          "$enum$ $name$_case() const;\n"
          "void clear_$name$();\n");
}

void DefineOneof(const MessageModel& message, CodePrinter& p) {
  const OneofModel& o = message.oneof;
  p.Print({{"cls", message.cls}, {"enum", o.case_enum}, {"name", o.name}, {"member", o.member}},
          "inline $cls$::$enum$ $cls$::$name$_case() const {\n"
          "  return static_cast<$enum$>(rep_->$member$.which);\n"
          "}\n"
          "inline void $cls$::clear_$name$() {\n"
          "  if (rep_->$member$.which == 0) return;\n"
          "  MutableRep()->$member$.Clear();\n"
          "}\n");
}

}  // namespace objgen
}  // namespace paysim
