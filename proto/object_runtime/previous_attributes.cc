#include "proto/object_runtime/previous_attributes.h"

#include "absl/strings/str_cat.h"
#include "absl/strings/string_view.h"
#include "proto/object_runtime/json_view.h"

namespace paysim {
namespace obj {
namespace {

using internal::Json;
using internal::JsonMembers;
using internal::JsonView;

// engine/event_log.cc's Diff on two JSON documents (for JSON text, which only nlohmann reads).
Json DiffDocuments(const Json& before, const Json& after) {
  Json out = Json::object();
  auto b = before.begin();
  auto a = after.begin();
  while (b != before.end() || a != after.end()) {
    if (b != before.end() && a != after.end() && b.key() == a.key()) {
      if (*b != *a) out[b.key()] = b->is_object() && a->is_object() ? DiffDocuments(*b, *a) : *b;
      ++b;
      ++a;
    } else if (b == before.end() || (a != after.end() && a.key() < b.key())) {
      out[a.key()] = nullptr;
      ++a;
    } else {
      out[b.key()] = *b;
      ++b;
    }
  }
  return out;
}

// The walk on the objects themselves into a document: both sides' members come in rendering
// order (declaration order, or sorted keys for maps), and only values that differ become
// JSON. Used when the two sides are of different types, where a key may come twice (the
// document keeps its first place and the last value).
Json DiffDom(const JsonView& before, const JsonView& after) {
  if (before.kind == JsonView::kJsonText || after.kind == JsonView::kJsonText) {
    return DiffDocuments(before.ToJson(), after.ToJson());
  }
  Json out = Json::object();
  JsonMembers b(before);
  JsonMembers a(after);
  while (!b.done() || !a.done()) {
    if (!b.done() && !a.done() && b.key() == a.key()) {
      const JsonView bv = b.value();
      const JsonView av = a.value();
      if (internal::JsonNotEqual(bv, av)) {
        out[std::string(b.key())] =
            bv.is_object() && av.is_object() ? DiffDom(bv, av) : bv.ToJson();
      }
      b.Next();
      a.Next();
    } else if (b.done() || (!a.done() && a.key() < b.key())) {
      out[std::string(a.key())] = nullptr;  // new in `after`
      a.Next();
    } else {
      out[std::string(b.key())] = b.value().ToJson();  // gone from `after`
      b.Next();
    }
  }
  return out;
}

// nlohmann's compact dump (dump(-1, ' ', false, replace)) of `value`.
void DumpTo(std::string& out, const Json& value) {
  out += value.dump(-1, ' ', false, Json::error_handler_t::replace);
}

// A JSON string as nlohmann's compact dump writes it: `"` `\` and the control characters
// escaped (\b \t \n \f \r, others as \u00xx), the rest copied. Text with any byte above
// ASCII goes through nlohmann itself (its UTF-8 checks and U+FFFD replacement).
void WriteString(std::string& out, absl::string_view text) {
  for (const char c : text) {
    if (static_cast<unsigned char>(c) >= 0x80) {
      DumpTo(out, Json(std::string(text)));
      return;
    }
  }
  out.push_back('"');
  for (const char c : text) {
    switch (c) {
      case '"':
        out += "\\\"";
        break;
      case '\\':
        out += "\\\\";
        break;
      case '\b':
        out += "\\b";
        break;
      case '\t':
        out += "\\t";
        break;
      case '\n':
        out += "\\n";
        break;
      case '\f':
        out += "\\f";
        break;
      case '\r':
        out += "\\r";
        break;
      default:
        if (static_cast<unsigned char>(c) < 0x20) {
          static constexpr char kHex[] = "0123456789abcdef";
          out += "\\u00";
          out.push_back(kHex[(c >> 4) & 0xf]);
          out.push_back(kHex[c & 0xf]);
        } else {
          out.push_back(c);
        }
    }
  }
  out.push_back('"');
}

// `value` as the compact dump of value.ToJson() writes it, without building the document.
void WriteValue(std::string& out, const JsonView& value) {
  switch (value.kind) {
    case JsonView::kNull:
      out += "null";
      return;
    case JsonView::kBool:
      out += value.boolean ? "true" : "false";
      return;
    case JsonView::kInt:
      absl::StrAppend(&out, value.integer);
      return;
    case JsonView::kUint:
      absl::StrAppend(&out, value.unsigned_integer);
      return;
    case JsonView::kString:
      WriteString(out, *value.string);
      return;
    case JsonView::kDouble:
    case JsonView::kJsonText:
      DumpTo(out, value.ToJson());
      return;
    case JsonView::kObject:
    case JsonView::kMap: {
      out.push_back('{');
      bool first = true;
      for (JsonMembers m(value); !m.done(); m.Next()) {
        if (!first) out.push_back(',');
        first = false;
        WriteString(out, m.key());
        out.push_back(':');
        WriteValue(out, m.value());
      }
      out.push_back('}');
      return;
    }
    case JsonView::kStrings: {
      out.push_back('[');
      bool first = true;
      for (const std::string& text : *value.strings) {
        if (!first) out.push_back(',');
        first = false;
        WriteString(out, text);
      }
      out.push_back(']');
      return;
    }
    case JsonView::kObjects: {
      out.push_back('[');
      const void* member = value.object.member(*value.field);
      const int size = value.field->repeated_size(member);
      for (int i = 0; i < size; ++i) {
        if (i > 0) out.push_back(',');
        WriteValue(out, JsonView::Of(ObjectRef(value.field->repeated_at(member, i),
                                               value.field->message_type)));
      }
      out.push_back(']');
      return;
    }
  }
  out += "null";
}

// DiffDom's compact dump, written as the walk goes (no document) when both sides are objects
// of one type or both maps: their keys then come once each, in one order.
void Diff(const JsonView& before, const JsonView& after, std::string& out) {
  const bool same_shape =
      (before.kind == JsonView::kObject && after.kind == JsonView::kObject &&
       &before.object.type() == &after.object.type()) ||
      (before.kind == JsonView::kMap && after.kind == JsonView::kMap);
  if (!same_shape) {
    DumpTo(out, DiffDom(before, after));
    return;
  }
  out.push_back('{');
  bool first = true;
  auto key = [&](absl::string_view k) {
    if (!first) out.push_back(',');
    first = false;
    WriteString(out, k);
    out.push_back(':');
  };
  JsonMembers b(before);
  JsonMembers a(after);
  while (!b.done() || !a.done()) {
    if (!b.done() && !a.done() && b.key() == a.key()) {
      const JsonView bv = b.value();
      const JsonView av = a.value();
      if (internal::JsonNotEqual(bv, av)) {
        key(b.key());
        if (bv.is_object() && av.is_object()) {
          Diff(bv, av, out);
        } else {
          WriteValue(out, bv);
        }
      }
      b.Next();
      a.Next();
    } else if (b.done() || (!a.done() && a.key() < b.key())) {
      key(a.key());
      out += "null";  // new in `after`
      a.Next();
    } else {
      key(b.key());
      WriteValue(out, b.value());  // gone from `after`
      b.Next();
    }
  }
  out.push_back('}');
}

}  // namespace

std::string PreviousAttributes(ObjectRef before, ObjectRef after) {
  std::string out;
  Diff(JsonView::Of(before), JsonView::Of(after), out);
  // Invalid UTF-8 is replaced (WriteString), as the protobuf version does.
  if (out == "{}") out.clear();
  return out;
}

}  // namespace obj
}  // namespace paysim
