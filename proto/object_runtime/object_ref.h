// object_ref.h: ObjectRef, a type-erased const view of any generated object (minimal
// reflection), and JsonFieldHook, which lets a caller write some fields' JSON values itself.
//
// An ObjectRef is two pointers (the object, its type's static table): creating or copying one
// allocates nothing. Fields are named by the protobuf FieldDescriptor of the object's protobuf
// class (ObjectRef::descriptor()), so code written against protobuf reflection ports directly.
//
// Example (the wire door's expand[] replaces ids by objects this way):
//   class Expand : public paysim::obj::JsonFieldHook {
//     bool WriteField(paysim::obj::ObjectRef object, const FieldDescriptor& field,
//                     paysim::JsonWriter& out) const override {
//       if (field.name() != "customer" || !object.Has(field)) return false;
//       WriteCustomer(object.GetString(field), out);   // the object instead of its id
//       return true;
//     }
//   };
//   charge.WriteJson(out, &expand);
//
// Thread safety: an ObjectRef reads its object; the object must outlive it and must not be
// changed while the view is used (the object's own contract applies).
#ifndef PAYSIM_PROTO_OBJECT_RUNTIME_OBJECT_REF_H_
#define PAYSIM_PROTO_OBJECT_RUNTIME_OBJECT_REF_H_

#include <cassert>
#include <cstdint>
#include <string>
#include <type_traits>

#include "engine/json_writer.h"
#include "proto/object_runtime/repeated.h"
#include "proto/object_runtime/string_map.h"
#include "proto/object_runtime/type_info.h"

namespace paysim {
namespace obj {

class ObjectRef {
 public:
  // A view of `object`, any generated class.
  template <class M, class = decltype(&M::kTypeInfo)>
  ObjectRef(const M& object) noexcept  // NOLINT: implicit, as a string_view of a string
      : object_(&object), type_(&M::kTypeInfo) {}
  ObjectRef(const void* object, const internal::TypeInfo* type) noexcept
      : object_(object), type_(type) {}

  // The protobuf class's descriptor (fields are named by its FieldDescriptors).
  const google::protobuf::Descriptor* descriptor() const { return type_->descriptor(); }
  const internal::TypeInfo& type() const noexcept { return *type_; }
  const void* object() const noexcept { return object_; }

  // The object as its class, or nullptr if it is of another class.
  template <class M>
  const M* As() const noexcept {
    return type_ == &M::kTypeInfo ? static_cast<const M*>(object_) : nullptr;
  }

  // ---- fields. REQUIRES: `field` is a field of descriptor(), of the kind the call reads ----

  // Presence as protobuf's HasField: set for fields with presence; otherwise not the default
  // value (not empty, for repeated and map fields).
  bool Has(const google::protobuf::FieldDescriptor& field) const;
  // A copy: a derived string field (derived_strings.h) is computed, not stored.
  std::string GetString(const google::protobuf::FieldDescriptor& field) const;
  int64_t GetInt64(const google::protobuf::FieldDescriptor& field) const;
  int32_t GetInt32(const google::protobuf::FieldDescriptor& field) const;
  uint64_t GetUInt64(const google::protobuf::FieldDescriptor& field) const;
  uint32_t GetUInt32(const google::protobuf::FieldDescriptor& field) const;
  bool GetBool(const google::protobuf::FieldDescriptor& field) const;
  double GetDouble(const google::protobuf::FieldDescriptor& field) const;
  // The sub-object (its default instance when unset, as protobuf's GetMessage).
  ObjectRef GetMessage(const google::protobuf::FieldDescriptor& field) const;
  // Repeated and map fields: the number of elements (entries).
  int FieldSize(const google::protobuf::FieldDescriptor& field) const;
  const std::string& GetRepeatedString(const google::protobuf::FieldDescriptor& field,
                                       int index) const;
  ObjectRef GetRepeatedMessage(const google::protobuf::FieldDescriptor& field, int index) const;
  // A map<string, string> field.
  const StringMap& GetMap(const google::protobuf::FieldDescriptor& field) const;
  // The member of `oneof` that is set, or nullptr.
  const google::protobuf::FieldDescriptor* WhichOneof(
      const google::protobuf::OneofDescriptor& oneof) const;

  // ---- the whole object ----

  // As the object's WriteJson (Stripe's JSON; `hook` may be null).
  void WriteJson(JsonWriter& out, const JsonFieldHook* hook = nullptr) const {
    type_->write_json(object_, out, hook);
  }
  // REQUIRES: `out` is of the object's protobuf class.
  void CopyToProto(google::protobuf::Message* out) const { type_->copy_to_proto(object_, out); }
  // The rep this object holds: two objects with the same rep are equal.
  const void* rep() const { return type_->rep(object_); }

  // Same class and deeply equal (as the class's operator==).
  friend bool operator==(ObjectRef a, ObjectRef b) {
    return a.type_ == b.type_ && a.type_->equals(a.object_, b.object_);
  }
  friend bool operator!=(ObjectRef a, ObjectRef b) { return !(a == b); }

  // The field's table entry and the address of its member in the rep (for the runtime).
  const internal::FieldInfo& info(const google::protobuf::FieldDescriptor& field) const;
  const void* member(const internal::FieldInfo& info) const;
  bool HasField(const internal::FieldInfo& info) const;
  ObjectRef SubObject(const internal::FieldInfo& info) const;

 private:
  const void* object_;
  const internal::TypeInfo* type_;
};

// JsonFieldHook
//
// The generated objects' counterpart of engine/json_render.h's FieldWriter. WriteJson calls it
// for each rendered field of the object handed to it (not of the objects nested in it; for a
// StripeObject, of the resource it holds), after the field's key is written. WriteField either
// writes the field's value to `out` and returns true, or writes nothing and returns false (the
// value renders as usual). It reads the value through `object`, and may write a sub-object
// with another hook: `object.GetMessage(field).WriteJson(out, &nested)`.
//
// Includes() is asked, before the key, about each includable field (numbered 90..99, see
// engine/json_render.h: Stripe's fields "not included by default", rendered only when the
// request's expand[] names them): true renders it (then WriteField is called for it as for any
// other field). Default: none is included.
class JsonFieldHook {
 public:
  virtual ~JsonFieldHook() = default;
  virtual bool WriteField(ObjectRef object, const google::protobuf::FieldDescriptor& field,
                          JsonWriter& out) const = 0;
  virtual bool Includes(ObjectRef object, const google::protobuf::FieldDescriptor& field) const {
    return false;
  }
};

namespace internal {

// For generated WriteJson: calls `hook` (if any) for field `index` of `object`. True if the
// hook wrote the value.
bool CallHookSlow(const JsonFieldHook& hook, ObjectRef object, int index, JsonWriter& out);
template <class M>
inline bool CallHook(const JsonFieldHook* hook, const M& object, int index, JsonWriter& out) {
  return hook != nullptr && CallHookSlow(*hook, ObjectRef(object), index, out);
}
// For generated WriteJson: true if `hook` (if any) includes the includable field `index`.
bool IncludesSlow(const JsonFieldHook& hook, ObjectRef object, int index);
template <class M>
inline bool Includes(const JsonFieldHook* hook, const M& object, int index) {
  return hook != nullptr && IncludesSlow(*hook, ObjectRef(object), index);
}

// TypeInfo's functions for a generated class M.
template <class M>
void WriteJsonOf(const void* object, JsonWriter& out, const JsonFieldHook* hook) {
  static_cast<const M*>(object)->WriteJson(out, hook);
}
template <class M>
bool EqualsOf(const void* a, const void* b) {
  return *static_cast<const M*>(a) == *static_cast<const M*>(b);
}
template <class M>
void CopyToProtoOf(const void* object, google::protobuf::Message* out) {
  auto* typed = static_cast<typename M::Proto*>(out);  // M::Proto is complete where used
  assert(typed->GetDescriptor() == M::descriptor());
  static_cast<const M*>(object)->CopyToProto(typed);
}
// FieldInfo::derived of a derived string field of class M, read through its accessor.
template <class M, std::string (M::*kGet)() const>
std::string DerivedOf(const void* object) {
  return (static_cast<const M*>(object)->*kGet)();
}
// The rep of an object of class M.
template <class M>
const void* RepOf(const void* object) {
  return static_cast<const M*>(object)->internal_rep();
}

}  // namespace internal
}  // namespace obj
}  // namespace paysim

#endif  // PAYSIM_PROTO_OBJECT_RUNTIME_OBJECT_REF_H_
