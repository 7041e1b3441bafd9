#include "proto/object_runtime/previous_attributes.h"

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

// The same walk on the objects themselves: both sides' members come in rendering order
// (declaration order, or sorted keys for maps), and only values that differ become JSON.
Json Diff(const JsonView& before, const JsonView& after) {
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
            bv.is_object() && av.is_object() ? Diff(bv, av) : bv.ToJson();
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

}  // namespace

std::string PreviousAttributes(ObjectRef before, ObjectRef after) {
  const Json diff = Diff(JsonView::Of(before), JsonView::Of(after));
  // Invalid UTF-8 is replaced, as the protobuf version does.
  return diff.empty() ? "" : diff.dump(-1, ' ', false, Json::error_handler_t::replace);
}

}  // namespace obj
}  // namespace paysim
