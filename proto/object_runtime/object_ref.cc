#include "proto/object_runtime/object_ref.h"

#include <cassert>
#include <cstring>

#include "google/protobuf/descriptor.h"
#include "google/protobuf/message.h"
#include "proto/object_runtime/string_field.h"

namespace paysim {
namespace obj {

using google::protobuf::FieldDescriptor;
using internal::FieldInfo;
using internal::FieldKind;

namespace {

template <class T>
const T& MemberAs(const void* member) {
  return *static_cast<const T*>(member);
}

}  // namespace

const FieldInfo& ObjectRef::info(const FieldDescriptor& field) const {
  assert(field.index() < type_->field_count);
  const FieldInfo& info = type_->fields[field.index()];
  assert(info.number == field.number());
  return info;
}

const void* ObjectRef::member(const FieldInfo& info) const {
  if (info.always_null) {
    // Never stored (field_numbers.h): the kind's default, as an unset field reads.
    static const internal::StringField kEmptyString;
    static const uint64_t kZero = 0;  // every scalar kind reads 0 from these bytes
    return info.kind == FieldKind::kString ? static_cast<const void*>(&kEmptyString)
                                           : static_cast<const void*>(&kZero);
  }
  const char* base = static_cast<const char*>(rep());
  if (info.stable) {  // in the block the rep's StablePart points to (stable_part.h)
    const void* block;
    std::memcpy(&block, base + type_->stable_offset, sizeof(block));
    base = static_cast<const char*>(block);
  }
  return base + info.offset;
}

bool ObjectRef::HasField(const FieldInfo& info) const {
  const char* rep = static_cast<const char*>(this->rep());
  if (info.oneof_case != 0) {
    uint32_t which;
    std::memcpy(&which, rep + type_->oneof_case_offset, sizeof(which));
    return which == static_cast<uint32_t>(info.oneof_case);
  }
  if (info.has_bit >= 0) {
    uint32_t word;
    std::memcpy(&word, rep + type_->has_bits_offset + 4 * (info.has_bit / 32), sizeof(word));
    return (word >> (info.has_bit % 32)) & 1;
  }
  const void* m = member(info);
  switch (info.kind) {
    case FieldKind::kString:
      return !MemberAs<internal::StringField>(m).empty();
    case FieldKind::kInt64:
      return MemberAs<int64_t>(m) != 0;
    case FieldKind::kInt32:
      return MemberAs<int32_t>(m) != 0;
    case FieldKind::kUint64:
      return MemberAs<uint64_t>(m) != 0;
    case FieldKind::kUint32:
      return MemberAs<uint32_t>(m) != 0;
    case FieldKind::kBool:
      return MemberAs<bool>(m);
    case FieldKind::kDouble: {
      // As protobuf: set unless +0.0 (its bits are all zero).
      const double value = MemberAs<double>(m);
      uint64_t bits;
      std::memcpy(&bits, &value, sizeof(bits));
      return bits != 0;
    }
    case FieldKind::kMessage:
      return false;  // messages always have presence (a has-bit)
    case FieldKind::kRepeatedString:
      return !MemberAs<Repeated<std::string>>(m).empty();
    case FieldKind::kRepeatedMessage:
      return info.repeated_size(m) > 0;
    case FieldKind::kStringMap:
      return !MemberAs<StringMap>(m).empty();
  }
  return false;
}

ObjectRef ObjectRef::SubObject(const FieldInfo& info) const {
  assert(info.kind == FieldKind::kMessage);
  // An unset oneof member reads as its type's default instance; the union holds another type.
  if (info.oneof_case != 0 && !HasField(info)) {
    return ObjectRef(info.message_type->default_instance, info.message_type);
  }
  return ObjectRef(member(info), info.message_type);
}

bool ObjectRef::Has(const FieldDescriptor& field) const { return HasField(info(field)); }

std::string ObjectRef::GetString(const FieldDescriptor& field) const {
  const FieldInfo& i = info(field);
  assert(i.kind == FieldKind::kString);
  if (i.derived != nullptr) return HasField(i) ? i.derived(object_) : std::string();
  return MemberAs<internal::StringField>(member(i)).get();
}

int64_t ObjectRef::GetInt64(const FieldDescriptor& field) const {
  const FieldInfo& i = info(field);
  assert(i.kind == FieldKind::kInt64);
  return MemberAs<int64_t>(member(i));
}

int32_t ObjectRef::GetInt32(const FieldDescriptor& field) const {
  const FieldInfo& i = info(field);
  assert(i.kind == FieldKind::kInt32);
  return MemberAs<int32_t>(member(i));
}

uint64_t ObjectRef::GetUInt64(const FieldDescriptor& field) const {
  const FieldInfo& i = info(field);
  assert(i.kind == FieldKind::kUint64);
  return MemberAs<uint64_t>(member(i));
}

uint32_t ObjectRef::GetUInt32(const FieldDescriptor& field) const {
  const FieldInfo& i = info(field);
  assert(i.kind == FieldKind::kUint32);
  return MemberAs<uint32_t>(member(i));
}

bool ObjectRef::GetBool(const FieldDescriptor& field) const {
  const FieldInfo& i = info(field);
  assert(i.kind == FieldKind::kBool);
  return MemberAs<bool>(member(i));
}

double ObjectRef::GetDouble(const FieldDescriptor& field) const {
  const FieldInfo& i = info(field);
  assert(i.kind == FieldKind::kDouble);
  return MemberAs<double>(member(i));
}

ObjectRef ObjectRef::GetMessage(const FieldDescriptor& field) const {
  return SubObject(info(field));
}

int ObjectRef::FieldSize(const FieldDescriptor& field) const {
  const FieldInfo& i = info(field);
  const void* m = member(i);
  switch (i.kind) {
    case FieldKind::kRepeatedString:
      return MemberAs<Repeated<std::string>>(m).size();
    case FieldKind::kRepeatedMessage:
      return i.repeated_size(m);
    case FieldKind::kStringMap:
      return static_cast<int>(MemberAs<StringMap>(m).size());
    default:
      assert(false && "FieldSize of a singular field");
      return 0;
  }
}

const std::string& ObjectRef::GetRepeatedString(const FieldDescriptor& field, int index) const {
  const FieldInfo& i = info(field);
  assert(i.kind == FieldKind::kRepeatedString);
  return MemberAs<Repeated<std::string>>(member(i))[index];
}

ObjectRef ObjectRef::GetRepeatedMessage(const FieldDescriptor& field, int index) const {
  const FieldInfo& i = info(field);
  assert(i.kind == FieldKind::kRepeatedMessage);
  return ObjectRef(i.repeated_at(member(i), index), i.message_type);
}

const StringMap& ObjectRef::GetMap(const FieldDescriptor& field) const {
  const FieldInfo& i = info(field);
  assert(i.kind == FieldKind::kStringMap);
  return MemberAs<StringMap>(member(i));
}

const FieldDescriptor* ObjectRef::WhichOneof(
    const google::protobuf::OneofDescriptor& oneof) const {
  for (int i = 0; i < oneof.field_count(); ++i) {
    const FieldDescriptor* field = oneof.field(i);
    if (Has(*field)) return field;
  }
  return nullptr;
}

namespace internal {

bool CallHookSlow(const JsonFieldHook& hook, ObjectRef object, int index, JsonWriter& out) {
  return hook.WriteField(object, *object.descriptor()->field(index), out);
}

bool IncludesSlow(const JsonFieldHook& hook, ObjectRef object, int index) {
  return hook.Includes(object, *object.descriptor()->field(index));
}

}  // namespace internal
}  // namespace obj
}  // namespace paysim
