#include "tools/objgen/random_proto.h"

#include <cmath>
#include <limits>
#include <vector>

#include "google/protobuf/descriptor.h"
#include "proto/object_runtime/field_numbers.h"

namespace paysim {
namespace objgen {

using google::protobuf::Descriptor;
using google::protobuf::FieldDescriptor;
using google::protobuf::Message;
using google::protobuf::Reflection;

std::string RandomProto::String(const FieldDescriptor* field) {
  if (field != nullptr && field->name() == "previous_attributes") {
    static const char* const kTexts[] = {
        "{\"amount\":100,\"metadata\":{\"a\":\"b\",\"c\":null}}", "{}", "null", "[1,2.5,\"x\"]",
        "{\"description\":\"caf\xc3\xa9\",\"nested\":{\"x\":[true,false]}}", "{bad json", "",
        "{\"a\":1e999}"};
    return kTexts[Uniform(sizeof(kTexts) / sizeof(kTexts[0]))];
  }
  static const char* const kValid[] = {
      "", "a", "succeeded", "ch_3MmlLrLkdIwHu7ix0snN0B15", "usd", "Visa",
      "caf\xc3\xa9 \xe2\x82\xac \xf0\x9f\x98\x80 \xc3\xbc" "n\xc3\xaf" "c\xc3\xb6" "d\xc3\xa9",
      "tab\t\"quote\" back\\slash \x01\x1f\x7f line\nfeed", "{\"not\": \"json text\"}", "z"};
  static const char* const kInvalid[] = {"\xff\xfe\x80 invalid", "abc\xc3", "\xed\xa0\x80"};
  const int pick = Uniform(14);
  if (pick == 13) return std::string(200 + Uniform(400), static_cast<char>('a' + Uniform(26)));
  if (pick >= 10) {
    if (options_.valid_utf8) return "valid";
    return kInvalid[pick - 10];
  }
  return kValid[pick];
}

int64_t RandomProto::Int64() {
  switch (Uniform(6)) {
    case 0:
      return 0;
    case 1:
      return std::numeric_limits<int64_t>::max();
    case 2:
      return std::numeric_limits<int64_t>::min();
    case 3:
      return -Uniform(1000);
    default:
      return Uniform(1000000);
  }
}

double RandomProto::Double() {
  switch (Uniform(8)) {
    case 0:
      return 0.0;
    case 1:
      return -0.0;
    case 2:
      return std::numeric_limits<double>::quiet_NaN();
    case 3:
      return std::numeric_limits<double>::infinity();
    case 4:
      return 1e300;
    default:
      return Uniform(100000) / 7.0;
  }
}

void RandomProto::SetField(Message* message, const FieldDescriptor* field, int depth) {
  const Reflection* r = message->GetReflection();
  switch (field->cpp_type()) {
    case FieldDescriptor::CPPTYPE_STRING:
      r->SetString(message, field, String(field));
      return;
    case FieldDescriptor::CPPTYPE_INT64:
      r->SetInt64(message, field, Int64());
      return;
    case FieldDescriptor::CPPTYPE_INT32:
      r->SetInt32(message, field, static_cast<int32_t>(Int64()));
      return;
    case FieldDescriptor::CPPTYPE_UINT64:
      r->SetUInt64(message, field, static_cast<uint64_t>(Int64()));
      return;
    case FieldDescriptor::CPPTYPE_UINT32:
      r->SetUInt32(message, field, static_cast<uint32_t>(Int64()));
      return;
    case FieldDescriptor::CPPTYPE_BOOL:
      r->SetBool(message, field, OneIn(2));
      return;
    case FieldDescriptor::CPPTYPE_DOUBLE:
      r->SetDouble(message, field, Double());
      return;
    case FieldDescriptor::CPPTYPE_MESSAGE: {
      Message* sub = r->MutableMessage(message, field);
      if (depth < options_.max_depth) FillAt(sub, depth + 1);
      return;
    }
    default:
      return;  // no other kinds in the object protos
  }
}

void RandomProto::AddElement(Message* message, const FieldDescriptor* field, int depth) {
  const Reflection* r = message->GetReflection();
  if (field->cpp_type() == FieldDescriptor::CPPTYPE_STRING) {
    r->AddString(message, field, String(field));
    return;
  }
  if (field->is_map()) {
    // Keys of varied order: single letters, the pool's strings (empty and non-ASCII too).
    const std::string key = OneIn(2) ? std::string(1, static_cast<char>('a' + Uniform(5)))
                                     : String(nullptr);
    for (int i = 0; i < r->FieldSize(*message, field); ++i) {
      const Message& existing = r->GetRepeatedMessage(*message, field, i);
      const FieldDescriptor* key_field = existing.GetDescriptor()->map_key();
      if (existing.GetReflection()->GetString(existing, key_field) == key) return;  // taken
    }
    Message* element = r->AddMessage(message, field);
    const Descriptor* entry = element->GetDescriptor();
    const Reflection* er = element->GetReflection();
    er->SetString(element, entry->map_key(), key);
    er->SetString(element, entry->map_value(), String(nullptr));
    return;
  }
  Message* element = r->AddMessage(message, field);
  if (depth < options_.max_depth) FillAt(element, depth + 1);
}

void RandomProto::FillAt(Message* message, int depth) {
  message->Clear();
  const Descriptor* d = message->GetDescriptor();
  // Deeper messages set fewer fields; the top level sets most.
  const int set_one_in = depth == 0 ? 1 : 2;
  for (int i = 0; i < d->field_count(); ++i) {
    const FieldDescriptor* field = d->field(i);
    if (field->real_containing_oneof() != nullptr) continue;
    // Always null (field_numbers.h): the objects keep nothing for them, so neither does this.
    if (IsAlwaysNullFieldNumber(field->number())) continue;
    if (field->is_repeated()) {
      const int n = Uniform(4);
      for (int j = 0; j < n; ++j) AddElement(message, field, depth);
    } else if (OneIn(set_one_in) || OneIn(2)) {
      SetField(message, field, depth);
    }
  }
  for (int i = 0; i < d->real_oneof_decl_count(); ++i) {
    const auto* oneof = d->oneof_decl(i);
    const int pick = Uniform(oneof->field_count() + 1);
    if (pick < oneof->field_count()) SetField(message, oneof->field(pick), depth);
  }
}

void RandomProto::MutateOne(Message* message) {
  const Descriptor* d = message->GetDescriptor();
  const Reflection* r = message->GetReflection();
  std::vector<const FieldDescriptor*> fields;  // those an object can hold (not always null)
  for (int i = 0; i < d->field_count(); ++i) {
    if (!IsAlwaysNullFieldNumber(d->field(i)->number())) fields.push_back(d->field(i));
  }
  if (fields.empty()) return;
  const FieldDescriptor* field = fields[Uniform(static_cast<int>(fields.size()))];
  if (field->is_repeated()) {
    const int size = r->FieldSize(*message, field);
    if (size > 0 && OneIn(2)) {
      r->RemoveLast(message, field);
    } else if (size > 0 && field->cpp_type() == FieldDescriptor::CPPTYPE_MESSAGE &&
               !field->is_map() && OneIn(2)) {
      MutateOne(r->MutableRepeatedMessage(message, field, Uniform(size)));
    } else {
      AddElement(message, field, 1);
    }
    return;
  }
  const bool set = field->has_presence() && r->HasField(*message, field);
  if (field->cpp_type() == FieldDescriptor::CPPTYPE_MESSAGE && set && !OneIn(3)) {
    MutateOne(r->MutableMessage(message, field));
  } else if (set && OneIn(3)) {
    r->ClearField(message, field);
  } else {
    SetField(message, field, 1);
  }
}

}  // namespace objgen
}  // namespace paysim
