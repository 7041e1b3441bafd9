// WriteJson: Stripe's JSON for one class, the rules of engine/json_render.cc unrolled per field:
// declaration order; unset presence fields as null; maps as objects with sorted keys; repeated
// fields as arrays; fields numbered 100..999 skipped, 90..99 only when the hook includes them
// (JsonFieldHook::Includes), 2000..3999 only on an object of their shape (`legacy_shape`); a StripeObject as the resource it holds;
// EventData.previous_attributes as inline JSON and only when set; a StripeError's unset fields
// left out; 5000..5999 always null; 6000..6999 (lists, maps) null while empty. The hook is called after each rendered field's key, as FieldWriter is.
#include "tools/objgen/emitters.h"

namespace paysim {
namespace objgen {
namespace {

// The statement writing the value of a set field.
std::string ValueStatement(const MessageModel& m, const FieldModel& f) {
  const std::string member =
      f.oneof_member ? "r." + m.oneof.member + ".value." + f.member : "r." + ReadMember(f);
  if (!f.derived.empty()) return "out.String(" + f.accessor + "());";
  switch (f.kind) {
    case Kind::kString:
      return f.json_text ? "::paysim::obj::internal::WriteJsonText(out, " + member + ".get());"
                         : "out.String(" + member + ".get());";
    case Kind::kInt64:
    case Kind::kInt32:
      return "out.Int(" + member + ");";
    case Kind::kUint64:
    case Kind::kUint32:
      return "out.Uint(" + member + ");";
    case Kind::kBool:
      return "out.Bool(" + member + ");";
    case Kind::kDouble:
      return "out.Double(" + member + ");";
    case Kind::kMessage:
      return member + ".WriteJson(out);";
    case Kind::kRepeatedString:
      return "::paysim::obj::internal::WriteJsonStrings(out, " + member + ");";
    case Kind::kRepeatedMessage:
      return "out.BeginArray();\nfor (const " + f.cpp_type + "& element : " + member +
             ") element.WriteJson(out);\nout.EndArray();";
    case Kind::kStringMap:
      return "::paysim::obj::internal::WriteJsonMap(out, " + member + ");";
  }
  return "";
}

// The condition "the field is set" for a field with presence.
std::string HasCondition(const MessageModel& m, const FieldModel& f) {
  if (f.oneof_member) {
    return "r." + m.oneof.member + ".which == " + std::to_string(f.descriptor->number());
  }
  const Vars v = FieldVars(m, f);
  return "(r.has_bits[" + v.at("word") + "] & " + v.at("mask") + ") != 0";
}

void EmitField(const MessageModel& m, const FieldModel& f, CodePrinter& p) {
  Vars v = FieldVars(m, f);
  if (f.always_null) {
    p.Print(v, "out.KeyVerbatim(\"$proto_name$\");\n"
               "if (!::paysim::obj::internal::CallHook(hook, *this, $index$, out)) out.Null();\n");
    return;
  }
  v["value"] = ValueStatement(m, f);
  if (f.null_when_empty) {  // field_numbers.h: a list or map rendered as null while empty
    std::string indented = "  ";
    for (char c : v["value"]) {
      indented.push_back(c);
      if (c == '\n') indented += "  ";
    }
    v["value"] = "if (r." + ReadMember(f) + ".empty()) {\n  out.Null();\n} else {\n" + indented +
                 "\n}";
  }
  const bool multiline = v["value"].find('\n') != std::string::npos;
  const bool left_out_unset =
      f.presence && (f.json_text || f.when_set || m.json_style == JsonStyle::kError);
  if (left_out_unset) {
    v["has"] = HasCondition(m, f);
    p.Print(v, "if ($has$) {\n");
    p.Indent();
  }
  p.Print(v, "out.KeyVerbatim(\"$proto_name$\");\n");
  if (f.presence && !left_out_unset) {
    v["has"] = HasCondition(m, f);
    p.Print(v, "if (!::paysim::obj::internal::CallHook(hook, *this, $index$, out)) {\n"
               "  if ($has$) {\n");
    p.Indent();
    p.Indent();
    p.Print(v, "$value$\n");
    p.Outdent();
    p.Outdent();
    p.Print(v, "  } else {\n"
               "    out.Null();\n"
               "  }\n"
               "}\n");
  } else if (multiline) {
    p.Print(v, "if (!::paysim::obj::internal::CallHook(hook, *this, $index$, out)) {\n");
    p.Indent();
    p.Print(v, "$value$\n");
    p.Outdent();
    p.Print("}\n");
  } else {
    p.Print(v, "if (!::paysim::obj::internal::CallHook(hook, *this, $index$, out)) $value$\n");
  }
  if (left_out_unset) {
    p.Outdent();
    p.Print("}\n");
  }
}

}  // namespace

void EmitWriteJson(const MessageModel& m, CodePrinter& p) {
  p.Print({{"cls", m.cls}},
          "\n"
          "void $cls$::WriteJson(::paysim::JsonWriter& out,\n"
          "                      const ::paysim::obj::JsonFieldHook* hook) const {\n"
          "  const Rep& r = *rep_;\n");
  p.Indent();
  if (m.json_style == JsonStyle::kResourceUnion) {
    p.Print({{"member", m.oneof.member}},
            "// The resource it holds (the hook applies to its fields), or null.\n"
            "switch (r.$member$.which) {\n");
    for (int i : m.oneof.fields) {
      const FieldModel& f = m.fields[i];
      p.Print({{"oneof", m.oneof.member}, {"member", f.member},
               {"number", std::to_string(f.descriptor->number())}},
              "  case $number$:\n"
              "    r.$oneof$.value.$member$.WriteJson(out, hook);\n"
              "    return;\n");
    }
    p.Print("}\nout.Null();\n");
  } else {
    p.Print("out.BeginObject();\n");
    bool rendered = false;
    for (const FieldModel& f : m.fields) {
      if (f.internal) continue;
      if (f.legacy_only || f.current_only) {  // rendered only on an object of its shape
        p.Print({{"not", f.current_only ? "!" : ""}, {"member", m.shape_member}},
                "if ($not$r.$member$) {\n");
        p.Indent();
        EmitField(m, f, p);
        p.Outdent();
        p.Print("}\n");
      } else if (f.includable) {  // rendered only when the hook asks for it
        p.Print({{"index", std::to_string(f.descriptor->index())}},
                "if (::paysim::obj::internal::Includes(hook, *this, $index$)) {\n");
        p.Indent();
        EmitField(m, f, p);
        p.Outdent();
        p.Print("}\n");
      } else {
        EmitField(m, f, p);
      }
      rendered = true;
    }
    if (!rendered) p.Print("(void)r;\n(void)hook;\n");
    p.Print("out.EndObject();\n");
  }
  p.Outdent();
  p.Print("}\n");
}

}  // namespace objgen
}  // namespace paysim
