#include "proto/object_runtime/json_view.h"

#include <cstring>
#include <memory>

#include "proto/object_runtime/field_numbers.h"
#include "proto/object_runtime/string_field.h"

namespace paysim {
namespace obj {
namespace internal {
namespace {

template <class T>
const T& MemberAs(const void* member) {
  return *static_cast<const T*>(member);
}

Json ParseText(const std::string& text) {
  return Json::parse(text, nullptr, /*allow_exceptions=*/false);
}

// The member of a StripeObject's oneof that is set, or nullptr.
const FieldInfo* SetMember(ObjectRef object) {
  const TypeInfo& type = object.type();
  for (int i = 0; i < type.field_count; ++i) {
    if (object.HasField(type.fields[i])) return &type.fields[i];
  }
  return nullptr;
}

}  // namespace

JsonView JsonView::Of(ObjectRef object) {
  JsonView view;
  if (object.type().json_style == JsonStyle::kResourceUnion) {
    const FieldInfo* member = SetMember(object);
    if (member == nullptr) return view;  // null
    return Of(object.SubObject(*member));
  }
  view.kind = kObject;
  view.object = object;
  return view;
}

JsonView JsonView::OfField(ObjectRef object, const FieldInfo& info) {
  JsonView view;
  if (info.has_presence && !object.HasField(info)) return view;  // null
  const void* member = object.member(info);
  if (IsNullWhenEmptyFieldNumber(info.number)) {  // field_numbers.h: null while empty
    const bool empty =
        info.kind == FieldKind::kRepeatedString ? MemberAs<Repeated<std::string>>(member).empty()
        : info.kind == FieldKind::kRepeatedMessage ? info.repeated_size(member) == 0
        : info.kind == FieldKind::kStringMap       ? MemberAs<StringMap>(member).empty()
                                                   : false;
    if (empty) return view;  // null
  }
  switch (info.kind) {
    case FieldKind::kString:
      view.kind = info.json_text ? kJsonText : kString;
      if (info.derived != nullptr) {
        view.derived = std::make_shared<const std::string>(info.derived(object.object()));
        view.string = view.derived.get();
        break;
      }
      view.string = &MemberAs<StringField>(member).get();
      break;
    case FieldKind::kInt64:
      view.kind = kInt;
      view.integer = MemberAs<int64_t>(member);
      break;
    case FieldKind::kInt32:
      view.kind = kInt;
      view.integer = MemberAs<int32_t>(member);
      break;
    case FieldKind::kUint64:
      view.kind = kUint;
      view.unsigned_integer = MemberAs<uint64_t>(member);
      break;
    case FieldKind::kUint32:
      view.kind = kUint;
      view.unsigned_integer = MemberAs<uint32_t>(member);
      break;
    case FieldKind::kBool:
      view.kind = kBool;
      view.boolean = MemberAs<bool>(member);
      break;
    case FieldKind::kDouble:
      view.kind = kDouble;
      view.number = MemberAs<double>(member);
      break;
    case FieldKind::kMessage:
      return Of(object.SubObject(info));
    case FieldKind::kRepeatedString:
      view.kind = kStrings;
      view.strings = &MemberAs<Repeated<std::string>>(member);
      break;
    case FieldKind::kRepeatedMessage:
      view.kind = kObjects;
      view.object = object;
      view.field = &info;
      break;
    case FieldKind::kStringMap:
      view.kind = kMap;
      view.map = &MemberAs<StringMap>(member);
      break;
  }
  return view;
}

bool JsonView::is_object() const {
  if (kind == kObject || kind == kMap) return true;
  return kind == kJsonText && ParseText(*string).is_object();
}

Json JsonView::ToJson() const {
  switch (kind) {
    case kNull:
      return nullptr;
    case kBool:
      return boolean;
    case kInt:
      return integer;
    case kUint:
      return unsigned_integer;
    case kDouble:
      return number;
    case kString:
      return *string;
    case kJsonText:
      return ParseText(*string);
    case kObject:
    case kMap: {
      Json out = Json::object();
      for (JsonMembers m(*this); !m.done(); m.Next()) out[std::string(m.key())] = m.value().ToJson();
      return out;
    }
    case kStrings: {
      Json out = Json::array();
      for (const std::string& s : *strings) out.push_back(s);
      return out;
    }
    case kObjects: {
      Json out = Json::array();
      const void* member = object.member(*field);
      const int size = field->repeated_size(member);
      for (int i = 0; i < size; ++i) {
        out.push_back(Of(ObjectRef(field->repeated_at(member, i), field->message_type)).ToJson());
      }
      return out;
    }
  }
  return nullptr;
}

JsonMembers::JsonMembers(const JsonView& value) {
  if (value.kind == JsonView::kObject) {
    object_ = value.object;
    count_ = object_.type().field_count;
    SkipUnrendered();
  } else if (value.kind == JsonView::kMap) {
    map_ = value.map;
    count_ = static_cast<int>(map_->size());
  }
}

void JsonMembers::SkipUnrendered() {
  const TypeInfo& type = object_.type();
  while (index_ < count_) {
    const FieldInfo& info = type.fields[index_];
    const bool unset = info.has_presence && !object_.HasField(info);
    // Fields numbered 50..89 render only when set (field_numbers.h); `internal` covers the
    // includable ones (90..99), rendered only when asked for.
    const bool rendered = !info.internal && !(info.json_text && unset) &&
                          !(type.json_style == JsonStyle::kError && unset) &&
                          !(unset && IsWhenSetFieldNumber(info.number)) &&
                          ((!IsLegacyShapeFieldNumber(info.number) &&
                            !IsCurrentShapeFieldNumber(info.number)) ||
                           RendersInShape(info.number, LegacyShape()));
    if (rendered) return;
    ++index_;
  }
}

bool JsonMembers::LegacyShape() {
  if (legacy_ < 0) {  // looked up once, when a field numbered 2000-3999 is met
    legacy_ = 0;
    const TypeInfo& type = object_.type();
    for (int i = 0; i < count_; ++i) {
      const FieldInfo& info = type.fields[i];
      if (info.kind == FieldKind::kBool && std::strcmp(info.name, kLegacyShapeFieldName) == 0) {
        legacy_ = MemberAs<bool>(object_.member(info)) ? 1 : 0;
        break;
      }
    }
  }
  return legacy_ == 1;
}

absl::string_view JsonMembers::key() const {
  if (map_ != nullptr) return (map_->begin() + index_)->first;
  return object_.type().fields[index_].name;
}

JsonView JsonMembers::value() const {
  if (map_ != nullptr) {
    JsonView view;
    view.kind = JsonView::kString;
    view.string = &(map_->begin() + index_)->second;
    return view;
  }
  return JsonView::OfField(object_, object_.type().fields[index_]);
}

void JsonMembers::Next() {
  ++index_;
  if (map_ == nullptr) SkipUnrendered();
}

namespace {

bool IsArray(const JsonView& v) { return v.kind == JsonView::kStrings || v.kind == JsonView::kObjects; }

int ArraySize(const JsonView& v) {
  if (v.kind == JsonView::kStrings) return v.strings->size();
  return v.field->repeated_size(v.object.member(*v.field));
}

JsonView ArrayElement(const JsonView& v, int i) {
  JsonView element;
  if (v.kind == JsonView::kStrings) {
    element.kind = JsonView::kString;
    element.string = &(*v.strings)[i];
    return element;
  }
  const void* member = v.object.member(*v.field);
  return JsonView::Of(ObjectRef(v.field->repeated_at(member, i), v.field->message_type));
}

bool ObjectsEqual(const JsonView& a, const JsonView& b) {
  // The same node renders the same text; equal JSON unless it may hold NaN or discarded values
  // (which nlohmann never finds equal, even to themselves).
  if (a.kind == JsonView::kObject && b.kind == JsonView::kObject &&
      &a.object.type() == &b.object.type() && a.object.rep() == b.object.rep() &&
      !a.object.type().json_may_be_unordered) {
    return true;
  }
  if (a.kind == JsonView::kMap && b.kind == JsonView::kMap && a.map->SameNode(*b.map)) return true;
  JsonMembers ma(a);
  JsonMembers mb(b);
  for (; !ma.done() && !mb.done(); ma.Next(), mb.Next()) {
    if (ma.key() != mb.key() || !JsonEqual(ma.value(), mb.value())) return false;
  }
  return ma.done() && mb.done();
}

bool ArraysEqual(const JsonView& a, const JsonView& b) {
  if (a.kind == JsonView::kStrings && b.kind == JsonView::kStrings &&
      a.strings->SameNode(*b.strings)) {
    return true;
  }
  const int size = ArraySize(a);
  if (size != ArraySize(b)) return false;
  for (int i = 0; i < size; ++i) {
    if (!JsonEqual(ArrayElement(a, i), ArrayElement(b, i))) return false;
  }
  return true;
}

bool NeedsDocument(const JsonView& v) {
  return v.kind == JsonView::kDouble || v.kind == JsonView::kJsonText;
}

}  // namespace

bool JsonEqual(const JsonView& a, const JsonView& b) {
  // Doubles (NaN, mixed number types) and parsed text: nlohmann decides on the documents.
  if (NeedsDocument(a) || NeedsDocument(b)) return a.ToJson() == b.ToJson();
  const bool a_object = a.kind == JsonView::kObject || a.kind == JsonView::kMap;
  const bool b_object = b.kind == JsonView::kObject || b.kind == JsonView::kMap;
  if (a_object || b_object) return a_object && b_object && ObjectsEqual(a, b);
  if (IsArray(a) || IsArray(b)) return IsArray(a) && IsArray(b) && ArraysEqual(a, b);
  if (a.kind != b.kind) {
    // nlohmann compares integers of either signedness by value.
    if (a.kind == JsonView::kUint && b.kind == JsonView::kInt) {
      return static_cast<int64_t>(a.unsigned_integer) == b.integer;
    }
    if (a.kind == JsonView::kInt && b.kind == JsonView::kUint) {
      return a.integer == static_cast<int64_t>(b.unsigned_integer);
    }
    return false;
  }
  switch (a.kind) {
    case JsonView::kNull:
      return true;
    case JsonView::kBool:
      return a.boolean == b.boolean;
    case JsonView::kInt:
      return a.integer == b.integer;
    case JsonView::kUint:
      return a.unsigned_integer == b.unsigned_integer;
    case JsonView::kString:
      return a.string == b.string || *a.string == *b.string;
    default:
      return false;  // handled above
  }
}

bool JsonNotEqual(const JsonView& a, const JsonView& b) {
  if (NeedsDocument(a) || NeedsDocument(b)) return a.ToJson() != b.ToJson();
  return !JsonEqual(a, b);
}

}  // namespace internal
}  // namespace obj
}  // namespace paysim
