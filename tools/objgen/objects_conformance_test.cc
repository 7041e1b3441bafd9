// The generated objects of every message of the object protos against their protobuf classes,
// on seeded random instances: protobuf round trips, Stripe's JSON byte for byte (with and
// without a field hook), previous_attributes, and ObjectRef's reflection.
#include <memory>
#include <string>

#include "engine/json_render.h"
#include "engine/json_writer.h"
#include "google/protobuf/descriptor.h"
#include "google/protobuf/util/field_comparator.h"
#include "google/protobuf/util/message_differencer.h"
#include "gtest/gtest.h"
#include "proto/object_runtime/object_ref.h"
#include "proto/object_runtime/previous_attributes.h"
#include "tools/objgen/all_objects.h"
#include "tools/objgen/random_proto.h"

namespace paysim {
namespace objgen {
namespace {

using google::protobuf::FieldDescriptor;
using google::protobuf::Message;
using google::protobuf::Reflection;

constexpr int kInstances = 60;  // random instances per type and test

bool ProtoEquals(const Message& a, const Message& b) {
  google::protobuf::util::DefaultFieldComparator comparator;
  comparator.set_treat_nan_as_equal(true);
  google::protobuf::util::MessageDifferencer differencer;
  differencer.set_field_comparator(&comparator);
  return differencer.Compare(a, b);
}

// Copies the derived string fields (proto/object_runtime/derived_strings.h) of `from` into
// `to`, in sub-messages too: their text follows from the id, so an object holds no other.
void CopyDerived(const obj::internal::TypeInfo& type, const Message& from, Message* to) {
  const Reflection* r = to->GetReflection();
  for (int i = 0; i < type.field_count; ++i) {
    const obj::internal::FieldInfo& info = type.fields[i];
    const FieldDescriptor* field = to->GetDescriptor()->field(i);
    if (info.derived != nullptr) {
      if (r->HasField(from, field)) r->SetString(to, field, r->GetString(from, field));
    } else if (info.kind == obj::internal::FieldKind::kMessage && r->HasField(*to, field)) {
      CopyDerived(*info.message_type, r->GetMessage(from, field), r->MutableMessage(to, field));
    } else if (info.kind == obj::internal::FieldKind::kRepeatedMessage) {
      for (int j = 0; j < r->FieldSize(*to, field); ++j) {
        CopyDerived(*info.message_type, r->GetRepeatedMessage(from, field, j),
                    r->MutableRepeatedMessage(to, field, j));
      }
    }
  }
}

// A random message as an object of class M can hold it: derived fields hold their derivation.
template <class M>
void Derive(typename M::Proto* proto) {
  CopyDerived(M::kTypeInfo, M::FromProto(*proto).ToProto(), proto);
}

// engine/event_log.cc's PreviousAttributes (its Diff over json_render's ToJson), copied here
// because it lives in the whole engine's library: the reference the objects must match.
Json OracleDiff(const Json& before, const Json& after) {
  Json out = Json::object();
  auto b = before.begin();
  auto a = after.begin();
  while (b != before.end() || a != after.end()) {
    if (b != before.end() && a != after.end() && b.key() == a.key()) {
      if (*b != *a) out[b.key()] = b->is_object() && a->is_object() ? OracleDiff(*b, *a) : *b;
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

std::string OraclePreviousAttributes(const Message& before, const Message& after) {
  Json diff = OracleDiff(ToJson(before), ToJson(after));
  return diff.empty() ? "" : diff.dump(-1, ' ', false, Json::error_handler_t::replace);
}

// A hook and a FieldWriter that do the same: some set strings and int64s written changed, set
// message fields written with the same hook (recursing), everything else left to the renderer;
// the includable fields (90..99) of even index included.
bool Hooked(const FieldDescriptor& field) { return field.index() % 2 == 0; }

class TestFieldWriter : public FieldWriter {
 public:
  bool Includes(const Message&, const FieldDescriptor& field) const override {
    return Hooked(field);
  }
  bool WriteField(const Message& message, const FieldDescriptor& field,
                  JsonWriter& out) const override {
    const Reflection* r = message.GetReflection();
    if (field.is_repeated() || (field.has_presence() && !r->HasField(message, &field))) {
      return false;
    }
    switch (field.cpp_type()) {
      case FieldDescriptor::CPPTYPE_STRING:
        if (!Hooked(field)) return false;
        out.String("hooked:" + r->GetString(message, &field));
        return true;
      case FieldDescriptor::CPPTYPE_INT64:
        out.Int(r->GetInt64(message, &field) / 2);
        return true;
      case FieldDescriptor::CPPTYPE_MESSAGE:
        paysim::WriteJson(r->GetMessage(message, &field), out, this);
        return true;
      default:
        return false;
    }
  }
};

class TestHook : public obj::JsonFieldHook {
 public:
  bool Includes(obj::ObjectRef, const FieldDescriptor& field) const override {
    return Hooked(field);
  }
  bool WriteField(obj::ObjectRef object, const FieldDescriptor& field,
                  JsonWriter& out) const override {
    if (field.is_repeated() || (field.has_presence() && !object.Has(field))) return false;
    switch (field.cpp_type()) {
      case FieldDescriptor::CPPTYPE_STRING:
        if (!Hooked(field)) return false;
        out.String("hooked:" + object.GetString(field));
        return true;
      case FieldDescriptor::CPPTYPE_INT64:
        out.Int(object.GetInt64(field) / 2);
        return true;
      case FieldDescriptor::CPPTYPE_MESSAGE:
        object.GetMessage(field).WriteJson(out, this);
        return true;
      default:
        return false;
    }
  }
};

template <class T>
std::string ObjectJson(const T& object, const obj::JsonFieldHook* hook = nullptr) {
  std::string text;
  JsonWriter out(&text);
  object.WriteJson(out, hook);
  return text;
}

std::string ProtoJson(const Message& message, const FieldWriter* fields = nullptr) {
  std::string text;
  JsonWriter out(&text);
  paysim::WriteJson(message, out, fields);
  return text;
}

// ObjectRef reads every field of `ref` as protobuf reflection reads `proto`.
void ExpectReflectionMatches(obj::ObjectRef ref, const Message& proto) {
  const Reflection* r = proto.GetReflection();
  ASSERT_EQ(ref.descriptor(), proto.GetDescriptor());
  for (int i = 0; i < proto.GetDescriptor()->field_count(); ++i) {
    const FieldDescriptor& f = *proto.GetDescriptor()->field(i);
    SCOPED_TRACE(f.full_name());
    if (f.is_map()) {
      ASSERT_EQ(ref.FieldSize(f), r->FieldSize(proto, &f));
      for (int j = 0; j < r->FieldSize(proto, &f); ++j) {
        const Message& entry = r->GetRepeatedMessage(proto, &f, j);
        const auto* d = entry.GetDescriptor();
        const std::string key = entry.GetReflection()->GetString(entry, d->map_key());
        EXPECT_EQ(ref.GetMap(f).at(key), entry.GetReflection()->GetString(entry, d->map_value()));
      }
      continue;
    }
    if (f.is_repeated()) {
      ASSERT_EQ(ref.FieldSize(f), r->FieldSize(proto, &f));
      for (int j = 0; j < r->FieldSize(proto, &f); ++j) {
        if (f.cpp_type() == FieldDescriptor::CPPTYPE_STRING) {
          EXPECT_EQ(ref.GetRepeatedString(f, j), r->GetRepeatedString(proto, &f, j));
        } else {
          ExpectReflectionMatches(ref.GetRepeatedMessage(f, j), r->GetRepeatedMessage(proto, &f, j));
        }
      }
      continue;
    }
    EXPECT_EQ(ref.Has(f), r->HasField(proto, &f));
    switch (f.cpp_type()) {
      case FieldDescriptor::CPPTYPE_STRING:
        EXPECT_EQ(ref.GetString(f), r->GetString(proto, &f));
        break;
      case FieldDescriptor::CPPTYPE_INT64:
        EXPECT_EQ(ref.GetInt64(f), r->GetInt64(proto, &f));
        break;
      case FieldDescriptor::CPPTYPE_INT32:
        EXPECT_EQ(ref.GetInt32(f), r->GetInt32(proto, &f));
        break;
      case FieldDescriptor::CPPTYPE_BOOL:
        EXPECT_EQ(ref.GetBool(f), r->GetBool(proto, &f));
        break;
      case FieldDescriptor::CPPTYPE_DOUBLE: {
        const double a = ref.GetDouble(f);
        const double b = r->GetDouble(proto, &f);
        EXPECT_TRUE(a == b || (a != a && b != b)) << a << " " << b;
        break;
      }
      case FieldDescriptor::CPPTYPE_MESSAGE: {
        std::unique_ptr<Message> sub(r->GetMessage(proto, &f).New());
        ref.GetMessage(f).CopyToProto(sub.get());
        EXPECT_TRUE(ProtoEquals(*sub, r->GetMessage(proto, &f)));
        if (r->HasField(proto, &f)) ExpectReflectionMatches(ref.GetMessage(f), r->GetMessage(proto, &f));
        break;
      }
      default:
        FAIL() << "unexpected field type";
    }
  }
}

template <class T>
class ObjectsConformanceTest : public ::testing::Test {};
TYPED_TEST_SUITE(ObjectsConformanceTest, AllObjectTypes);

TYPED_TEST(ObjectsConformanceTest, FromProtoThenCopyToProtoIsTheSameMessage) {
  using Proto = typename TypeParam::Proto;
  for (int seed = 0; seed < kInstances; ++seed) {
    RandomProto random(seed, {});
    Proto proto;
    random.Fill(&proto);
    Derive<TypeParam>(&proto);
    const TypeParam object = TypeParam::FromProto(proto);
    Proto back;
    object.CopyToProto(&back);
    ASSERT_TRUE(ProtoEquals(proto, back))
        << "seed " << seed << "\n" << proto.DebugString() << "\nvs\n" << back.DebugString();
    const TypeParam again(back);
    EXPECT_TRUE(again == object || proto.DebugString().find("nan") != std::string::npos);
    const TypeParam copy = object;
    EXPECT_TRUE(copy.SharesRepWith(object));
    EXPECT_TRUE(copy == object);
  }
}

TYPED_TEST(ObjectsConformanceTest, SerializeAndParseRoundTrip) {
  using Proto = typename TypeParam::Proto;
  for (int seed = 0; seed < kInstances; ++seed) {
    RandomProto random(seed, {.valid_utf8 = true});
    Proto proto;
    random.Fill(&proto);
    Derive<TypeParam>(&proto);
    const TypeParam object = TypeParam::FromProto(proto);
    const std::string bytes = object.SerializeAsString();
    Proto parsed;
    ASSERT_TRUE(parsed.ParseFromString(bytes));
    EXPECT_TRUE(ProtoEquals(parsed, proto)) << "seed " << seed;
    TypeParam back;
    ASSERT_TRUE(back.ParseFromString(bytes));
    EXPECT_TRUE(ProtoEquals(back.ToProto(), proto));  // (map order in bytes is not stable)
    EXPECT_EQ(object.DebugString(), proto.DebugString());
    EXPECT_EQ(object.ShortDebugString(), proto.ShortDebugString());
  }
}

TYPED_TEST(ObjectsConformanceTest, JsonIsTheProtobufRenderingByteForByte) {
  using Proto = typename TypeParam::Proto;
  for (int seed = 0; seed < kInstances; ++seed) {
    RandomProto random(seed, {});
    Proto proto;
    random.Fill(&proto);
    Derive<TypeParam>(&proto);
    const TypeParam object = TypeParam::FromProto(proto);
    const std::string json = ObjectJson(object);
    ASSERT_EQ(json, RenderJson(proto)) << "seed " << seed;
    // And as the JSON document's own dump (which holds JsonWriter to nlohmann's text).
    ASSERT_EQ(json, ToJson(proto).dump(2, ' ', false, Json::error_handler_t::replace))
        << "seed " << seed;
    ASSERT_EQ(ObjectJson(TypeParam()), RenderJson(Proto()));
  }
}

TYPED_TEST(ObjectsConformanceTest, HookWritesAsTheFieldWriter) {
  using Proto = typename TypeParam::Proto;
  const TestHook hook;
  const TestFieldWriter fields;
  for (int seed = 0; seed < kInstances; ++seed) {
    RandomProto random(seed, {});
    Proto proto;
    random.Fill(&proto);
    Derive<TypeParam>(&proto);
    const TypeParam object = TypeParam::FromProto(proto);
    ASSERT_EQ(ObjectJson(object, &hook), ProtoJson(proto, &fields)) << "seed " << seed;
    // Through ObjectRef too.
    std::string text;
    JsonWriter out(&text);
    obj::ObjectRef(object).WriteJson(out, &hook);
    ASSERT_EQ(text, ProtoJson(proto, &fields));
  }
}

TYPED_TEST(ObjectsConformanceTest, PreviousAttributesAsTheProtobufDiff) {
  using Proto = typename TypeParam::Proto;
  // A section rendered as `{}` (internal fields only, numbered 100 and up, e.g. a mandate's
  // multi_use) has no mutation to show.
  bool rendered = false;
  for (int i = 0; i < Proto::descriptor()->field_count(); ++i) {
    rendered = rendered || Proto::descriptor()->field(i)->number() < 100;
  }
  if (!rendered) GTEST_SKIP() << "renders as {}";
  int changed = 0;
  for (int seed = 0; seed < kInstances; ++seed) {
    RandomProto random(seed, {});
    Proto before;
    random.Fill(&before);
    Derive<TypeParam>(&before);
    Proto after = before;
    random.MutateOne(&after);
    if (seed % 3 == 0) random.MutateOne(&after);
    Derive<TypeParam>(&after);
    const TypeParam before_object = TypeParam::FromProto(before);
    const TypeParam after_object = TypeParam::FromProto(after);
    ASSERT_EQ(obj::PreviousAttributes(before_object, after_object),
              OraclePreviousAttributes(before, after))
        << "seed " << seed << "\n" << before.DebugString() << "\nvs\n" << after.DebugString();
    if (!OraclePreviousAttributes(before, after).empty()) ++changed;
    // An object against itself (the same nodes: skipped unless NaN makes JSON unequal).
    ASSERT_EQ(obj::PreviousAttributes(before_object, before_object),
              OraclePreviousAttributes(before, before))
        << "seed " << seed;
    // Two types against each other (as a StripeObject holding another resource would).
    RandomProto other_random(seed + 1000, {});
    ::paysim::pb::Refund refund;
    other_random.Fill(&refund);
    Derive<Refund>(&refund);
    ASSERT_EQ(obj::PreviousAttributes(before_object, Refund::FromProto(refund)),
              OraclePreviousAttributes(before, refund))
        << "seed " << seed;
  }
  EXPECT_GT(changed, kInstances / 3);  // the mutations are mostly visible in JSON
}

TYPED_TEST(ObjectsConformanceTest, ObjectRefReadsAsProtobufReflection) {
  using Proto = typename TypeParam::Proto;
  for (int seed = 0; seed < kInstances / 4; ++seed) {
    RandomProto random(seed, {});
    Proto proto;
    random.Fill(&proto);
    Derive<TypeParam>(&proto);
    const TypeParam object = TypeParam::FromProto(proto);
    const obj::ObjectRef ref(object);
    ExpectReflectionMatches(ref, proto);
    EXPECT_EQ(ref.As<TypeParam>(), &object);
    Proto copied;
    ref.CopyToProto(&copied);
    EXPECT_TRUE(ProtoEquals(copied, proto));
    const TypeParam same = object;
    EXPECT_TRUE(ref == obj::ObjectRef(same));
    EXPECT_EQ(ref.rep(), obj::ObjectRef(same).rep());
  }
}

TEST(AllObjectsTest, EveryMessageOfTheObjectProtosIsListed) {
  int messages = 0;
  for (const char* file : kObjectProtoFiles) {
    const auto* descriptor =
        google::protobuf::DescriptorPool::generated_pool()->FindFileByName(file);
    ASSERT_NE(descriptor, nullptr) << file;
    messages += descriptor->message_type_count();
  }
  EXPECT_EQ(messages, kObjectTypeCount);
}

}  // namespace
}  // namespace objgen
}  // namespace paysim
