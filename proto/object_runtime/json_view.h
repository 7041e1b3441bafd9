// json_view.h: the JSON value an object's field renders as (engine/json_render.h's rules),
// looked at without rendering it: its kind, its scalar, or a cursor over its members. With
// nlohmann::ordered_json's comparison semantics (so PreviousAttributes can compare two objects
// as the protobuf version compares their JSON documents). Internal to the runtime.
#ifndef PAYSIM_PROTO_OBJECT_RUNTIME_JSON_VIEW_H_
#define PAYSIM_PROTO_OBJECT_RUNTIME_JSON_VIEW_H_

#include <cstdint>
#include <memory>
#include <string>

#include "absl/strings/string_view.h"
#include "nlohmann/json.hpp"
#include "proto/object_runtime/object_ref.h"

namespace paysim {
namespace obj {
namespace internal {

using Json = nlohmann::ordered_json;

// One rendered value. Points into the object it was read from.
struct JsonView {
  enum Kind {
    kNull,
    kBool,
    kInt,      // int32, int64: nlohmann's number_integer
    kUint,     // uint32, uint64: number_unsigned
    kDouble,   // number_float
    kString,
    kObject,   // a (resolved) object: `object`
    kMap,      // a map field: `map`
    kStrings,  // a repeated string field: `strings`
    kObjects,  // a repeated message field: `field` of `object`
    kJsonText, // EventData.previous_attributes: the parse of `*string`
  };
  Kind kind = kNull;
  bool boolean = false;
  int64_t integer = 0;
  uint64_t unsigned_integer = 0;
  double number = 0;
  const std::string* string = nullptr;
  // A derived string field's value (derived_strings.h), which `string` points to.
  std::shared_ptr<const std::string> derived;
  ObjectRef object{nullptr, nullptr};
  const StringMap* map = nullptr;
  const Repeated<std::string>* strings = nullptr;
  const FieldInfo* field = nullptr;

  // An object as it renders: a StripeObject as the resource it holds (null if none).
  static JsonView Of(ObjectRef object);
  // Field `info` of `object` (unset fields with presence are null).
  static JsonView OfField(ObjectRef object, const FieldInfo& info);

  bool is_object() const;  // kObject, kMap, or JSON text that parses to an object
  Json ToJson() const;
};

// The members of an object value (kObject, kMap, or nothing) in rendering order.
class JsonMembers {
 public:
  explicit JsonMembers(const JsonView& value);
  bool done() const { return index_ >= count_; }
  absl::string_view key() const;
  JsonView value() const;
  void Next();

 private:
  void SkipUnrendered();
  // The object's internal `legacy_shape` (field_numbers.h), false when it has none.
  bool LegacyShape();

  ObjectRef object_{nullptr, nullptr};
  const StringMap* map_ = nullptr;
  int index_ = 0;
  int count_ = 0;
  int legacy_ = -1;  // LegacyShape(): -1 until looked up
};

// nlohmann's `a == b` and `a != b` on the JSON documents the two views stand for (note that
// `!=` is not `!(==)` for NaN and discarded values).
bool JsonEqual(const JsonView& a, const JsonView& b);
bool JsonNotEqual(const JsonView& a, const JsonView& b);

}  // namespace internal
}  // namespace obj
}  // namespace paysim

#endif  // PAYSIM_PROTO_OBJECT_RUNTIME_JSON_VIEW_H_
