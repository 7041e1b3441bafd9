// objgen's model: what it accepts and refuses, the names it derives (protobuf classes from the
// package, keywords), has-bits, the rep's member order and the JSON rules by message name.
#include "tools/objgen/model.h"

#include <string>

#include "google/protobuf/descriptor.h"
#include "google/protobuf/descriptor.pb.h"
#include "google/protobuf/text_format.h"
#include "gtest/gtest.h"
#include "tools/objgen/emitters.h"

namespace paysim {
namespace objgen {
namespace {

using google::protobuf::DescriptorPool;
using google::protobuf::FileDescriptor;
using google::protobuf::FileDescriptorProto;

// A file "t.proto" of package `package` with `messages` (FileDescriptorProto text).
const FileDescriptor* Build(DescriptorPool* pool, const std::string& package,
                            const std::string& messages) {
  FileDescriptorProto file;
  const std::string text =
      "name: 't.proto' package: '" + package + "' syntax: 'proto3' " + messages;
  if (!google::protobuf::TextFormat::ParseFromString(text, &file)) return nullptr;
  return pool->BuildFile(file);
}

std::string Refusal(const std::string& messages) {
  DescriptorPool pool;
  const FileDescriptor* file = Build(&pool, "paysim", messages);
  if (file == nullptr) return "bad test input";
  FileModel model;
  std::string error;
  if (BuildFileModel(file, "paysim", &model, &error)) return "";
  return error;
}

TEST(ModelTest, RefusesWhatItDoesNotSupport) {
  EXPECT_EQ(Refusal("message_type { name: 'M' field { name: 'f' number: 1 label: LABEL_OPTIONAL "
                    "type: TYPE_BYTES } }"),
            "paysim.M.f: objgen does not support this field's type");
  EXPECT_EQ(Refusal("message_type { name: 'M' field { name: 'f' number: 1 label: LABEL_OPTIONAL "
                    "type: TYPE_FLOAT } }"),
            "paysim.M.f: objgen does not support this field's type");
  EXPECT_EQ(Refusal("message_type { name: 'M' field { name: 'f' number: 1 label: LABEL_REPEATED "
                    "type: TYPE_INT64 } }"),
            "paysim.M.f: objgen does not support this field's type");
  EXPECT_EQ(Refusal("message_type { name: 'M' field { name: 'a' number: 1 label: LABEL_OPTIONAL "
                    "type: TYPE_STRING oneof_index: 0 } field { name: 'b' number: 2 label: "
                    "LABEL_OPTIONAL type: TYPE_STRING oneof_index: 0 } oneof_decl { name: 'k' } }"),
            "paysim.M.a: objgen supports only message members in a oneof");
  EXPECT_EQ(Refusal("message_type { name: 'M' nested_type { name: 'N' } }"),
            "paysim.M: objgen does not support nested message declarations");
  EXPECT_EQ(Refusal("enum_type { name: 'E' value { name: 'E_0' number: 0 } }"),
            "t.proto: objgen supports messages only (no enums, extensions, services)");
}

TEST(ModelTest, NamesHasBitsAndRepOrder) {
  DescriptorPool pool;
  const FileDescriptor* file = Build(
      &pool, "paysim.pb",
      "message_type { name: 'StripeError' "
      "  field { name: 'code' number: 1 label: LABEL_OPTIONAL type: TYPE_STRING "
      "          oneof_index: 0 proto3_optional: true }"
      "  field { name: 'new' number: 2 label: LABEL_OPTIONAL type: TYPE_BOOL }"
      "  field { name: 'count' number: 3 label: LABEL_OPTIONAL type: TYPE_INT32 }"
      "  field { name: 'amount' number: 4 label: LABEL_OPTIONAL type: TYPE_INT64 "
      "          oneof_index: 1 proto3_optional: true }"
      "  field { name: 'secret' number: 100 label: LABEL_OPTIONAL type: TYPE_STRING }"
      "  oneof_decl { name: '_code' } oneof_decl { name: '_amount' } }");
  ASSERT_NE(file, nullptr);
  FileModel model;
  std::string error;
  ASSERT_TRUE(BuildFileModel(file, "paysim", &model, &error)) << error;
  ASSERT_EQ(model.messages.size(), 1u);
  const MessageModel& m = model.messages[0];
  EXPECT_EQ(m.proto, "::paysim::pb::StripeError");
  EXPECT_EQ(ObjectClassName(m.descriptor, "paysim"), "::paysim::StripeError");
  EXPECT_EQ(m.json_style, JsonStyle::kError);
  EXPECT_FALSE(m.has_oneof);  // proto3 optional is not a real oneof
  EXPECT_EQ(m.fields[0].has_bit, 0);
  EXPECT_EQ(m.fields[1].accessor, "new_");  // a C++ keyword
  EXPECT_EQ(m.fields[1].has_bit, -1);
  EXPECT_EQ(m.fields[3].has_bit, 1);
  EXPECT_TRUE(m.fields[4].internal);
  // 8-byte members first (strings, int64), then int32, then bools.
  EXPECT_EQ(m.rep_order, (std::vector<int>{0, 3, 4, 2, 1}));
  EXPECT_EQ(model.header_path, "t.obj.h");
  EXPECT_EQ(CamelCase("payment_method_3ds"), "PaymentMethod3Ds");
  EXPECT_EQ(HasMask(33), "0x00000002u");
  // The generated text names the protobuf classes from the package only.
  EXPECT_NE(GenerateHeader(model).find("using Proto = ::paysim::pb::StripeError;"),
            std::string::npos);
  EXPECT_EQ(GenerateSource(model), GenerateSource(model));  // deterministic
}

TEST(ModelTest, FieldNumbersDecideTheRendering) {
  DescriptorPool pool;
  std::string fields;
  for (int number : {49, 50, 89, 90, 99, 100, 999, 1000}) {
    fields += "field { name: 'f" + std::to_string(number) + "' number: " +
              std::to_string(number) + " label: LABEL_OPTIONAL type: TYPE_BOOL } ";
  }
  const FileDescriptor* file = Build(&pool, "paysim", "message_type { name: 'M' " + fields + "}");
  ASSERT_NE(file, nullptr);
  FileModel model;
  std::string error;
  ASSERT_TRUE(BuildFileModel(file, "paysim", &model, &error)) << error;
  const std::vector<FieldModel>& f = model.messages[0].fields;
  ASSERT_EQ(f.size(), 8u);
  // 49: always; 50, 89: when set; 90, 99: when included; 100, 999: never; 1000: always.
  const std::vector<std::vector<bool>> expected = {
      {false, false, false}, {false, true, false}, {false, true, false}, {false, false, true},
      {false, false, true},  {true, false, false}, {true, false, false}, {false, false, false}};
  for (size_t i = 0; i < f.size(); ++i) {
    EXPECT_EQ((std::vector<bool>{f[i].internal, f[i].when_set, f[i].includable}), expected[i])
        << f[i].name;
  }
}

TEST(ModelTest, NullWhenEmptyBandTakesListsAndMapsOnly) {
  DescriptorPool pool;
  const std::string fields =
      "field { name: 'f5999' number: 5999 label: LABEL_OPTIONAL type: TYPE_STRING "
      "proto3_optional: true oneof_index: 0 } "
      "field { name: 'f6000' number: 6000 label: LABEL_REPEATED type: TYPE_STRING } "
      "field { name: 'f6999' number: 6999 label: LABEL_REPEATED type: TYPE_STRING } "
      "field { name: 'f7000' number: 7000 label: LABEL_REPEATED type: TYPE_STRING } "
      "oneof_decl { name: '_f5999' } ";
  const FileDescriptor* file = Build(&pool, "paysim", "message_type { name: 'M' " + fields + "}");
  ASSERT_NE(file, nullptr);
  FileModel model;
  std::string error;
  ASSERT_TRUE(BuildFileModel(file, "paysim", &model, &error)) << error;
  const std::vector<FieldModel>& f = model.messages[0].fields;
  ASSERT_EQ(f.size(), 4u);
  EXPECT_EQ((std::vector<bool>{f[0].null_when_empty, f[1].null_when_empty, f[2].null_when_empty,
                               f[3].null_when_empty}),
            (std::vector<bool>{false, true, true, false}));
  // The generated writer renders an empty one as null.
  const std::string source = GenerateSource(model);
  EXPECT_NE(source.find("if (r.f6000_.empty()) {"), std::string::npos);
  EXPECT_EQ(source.find("if (r.f7000_.empty()) {"), std::string::npos);

  // A singular field in the band is refused, named.
  DescriptorPool other;
  const FileDescriptor* singular = Build(
      &other, "paysim",
      "message_type { name: 'M' field { name: 'one' number: 6001 label: LABEL_OPTIONAL "
      "type: TYPE_INT64 } }");
  ASSERT_NE(singular, nullptr);
  FileModel refused;
  EXPECT_FALSE(BuildFileModel(singular, "paysim", &refused, &error));
  EXPECT_NE(error.find("one"), std::string::npos);
}

TEST(ModelTest, ShapeBandsNeedTheShapeFlag) {
  DescriptorPool pool;
  std::string fields;
  for (int number : {1999, 2000, 2999, 3000, 3999, 4000}) {
    fields += "field { name: 'f" + std::to_string(number) + "' number: " +
              std::to_string(number) + " label: LABEL_OPTIONAL type: TYPE_BOOL } ";
  }
  const std::string shape =
      "field { name: 'legacy_shape' number: 102 label: LABEL_OPTIONAL type: TYPE_BOOL } ";
  const FileDescriptor* file =
      Build(&pool, "paysim", "message_type { name: 'M' " + fields + shape + "}");
  ASSERT_NE(file, nullptr);
  FileModel model;
  std::string error;
  ASSERT_TRUE(BuildFileModel(file, "paysim", &model, &error)) << error;
  const MessageModel& m = model.messages[0];
  EXPECT_EQ(m.shape_member, "legacy_shape_");
  // 1999: always; 2000, 2999: legacy shape only; 3000, 3999: current shape only; 4000: always.
  const std::vector<std::vector<bool>> expected = {{false, false}, {true, false}, {true, false},
                                                   {false, true},  {false, true}, {false, false}};
  for (size_t i = 0; i < expected.size(); ++i) {
    EXPECT_EQ((std::vector<bool>{m.fields[i].legacy_only, m.fields[i].current_only}), expected[i])
        << m.fields[i].name;
    EXPECT_FALSE(m.fields[i].internal || m.fields[i].when_set || m.fields[i].includable);
  }
  // Without the flag the message is refused, naming the field.
  DescriptorPool other;
  const FileDescriptor* bare = Build(&other, "paysim", "message_type { name: 'M' " + fields + "}");
  ASSERT_NE(bare, nullptr);
  FileModel refused;
  EXPECT_FALSE(BuildFileModel(bare, "paysim", &refused, &error));
  EXPECT_NE(error.find("M.f2000"), std::string::npos) << error;
}

TEST(ModelTest, AlwaysNullFieldsTakeNoStorage) {
  DescriptorPool pool;
  const FileDescriptor* file = Build(
      &pool, "paysim",
      "message_type { name: 'M' "
      "  field { name: 'before' number: 4999 label: LABEL_OPTIONAL type: TYPE_STRING "
      "          oneof_index: 0 proto3_optional: true }"
      "  field { name: 'app' number: 5000 label: LABEL_OPTIONAL type: TYPE_STRING "
      "          oneof_index: 1 proto3_optional: true }"
      "  field { name: 'fee' number: 5999 label: LABEL_OPTIONAL type: TYPE_INT64 "
      "          oneof_index: 2 proto3_optional: true }"
      "  field { name: 'after' number: 7000 label: LABEL_OPTIONAL type: TYPE_INT64 "
      "          oneof_index: 3 proto3_optional: true }"
      "  oneof_decl { name: '_before' } oneof_decl { name: '_app' } oneof_decl { name: '_fee' }"
      "  oneof_decl { name: '_after' } }");
  ASSERT_NE(file, nullptr);
  FileModel model;
  std::string error;
  ASSERT_TRUE(BuildFileModel(file, "paysim", &model, &error)) << error;
  const MessageModel& m = model.messages[0];
  EXPECT_EQ((std::vector<bool>{m.fields[0].always_null, m.fields[1].always_null,
                               m.fields[2].always_null, m.fields[3].always_null}),
            (std::vector<bool>{false, true, true, false}));
  // Neither a has-bit nor a rep member for 5000 and 5999.
  EXPECT_EQ(m.fields[0].has_bit, 0);
  EXPECT_EQ(m.fields[1].has_bit, -1);
  EXPECT_EQ(m.fields[2].has_bit, -1);
  EXPECT_EQ(m.fields[3].has_bit, 1);
  EXPECT_EQ(m.rep_order, (std::vector<int>{0, 3}));
  // Only optional strings and scalars can be always null.
  EXPECT_EQ(Refusal("message_type { name: 'M' field { name: 'f' number: 5001 label: "
                    "LABEL_REPEATED type: TYPE_STRING } }"),
            "paysim.M.f: a field numbered 5000-5999 (always null) must be an optional string "
            "or scalar");
  EXPECT_EQ(Refusal("message_type { name: 'M' field { name: 'f' number: 5001 label: "
                    "LABEL_OPTIONAL type: TYPE_INT64 } }"),
            "paysim.M.f: a field numbered 5000-5999 (always null) must be an optional string "
            "or scalar");
}

// A message M with string `id` (unless `id_type` is another type) and optional string `url`
// whose trailing comment is `comment`.
std::string WithComment(const std::string& comment, const std::string& id_type = "TYPE_STRING") {
  return "message_type { name: 'M' "
         "  field { name: 'id' number: 1 label: LABEL_OPTIONAL type: " + id_type + " }"
         "  field { name: 'url' number: 2 label: LABEL_OPTIONAL type: TYPE_STRING "
         "          oneof_index: 0 proto3_optional: true }"
         "  oneof_decl { name: '_url' } } "
         "source_code_info { location { path: [4, 0, 2, 1] span: [3, 2, 40] "
         "  trailing_comments: ' " + comment + "\\n' } }";
}

TEST(ModelTest, DerivedStringsTakeAHasBitAndNoStorage) {
  DescriptorPool pool;
  const FileDescriptor* file = Build(&pool, "paysim", WithComment("derived: ReceiptUrl(id)"));
  ASSERT_NE(file, nullptr);
  FileModel model;
  std::string error;
  ASSERT_TRUE(BuildFileModel(file, "paysim", &model, &error)) << error;
  const MessageModel& m = model.messages[0];
  EXPECT_EQ(m.fields[0].derived, "");
  EXPECT_EQ(m.fields[1].derived, "ReceiptUrl");
  EXPECT_EQ(m.fields[1].has_bit, 0);
  EXPECT_EQ(m.rep_order, (std::vector<int>{0}));  // the id only
  const std::string header = GenerateHeader(model);
  EXPECT_NE(header.find("std::string url() const;"), std::string::npos);
  EXPECT_NE(header.find("void set_url_from_id();"), std::string::npos);
  EXPECT_NE(header.find("::paysim::obj::derived::ReceiptUrl(rep_->id_.get())"),
            std::string::npos);
  EXPECT_EQ(header.find("url_;"), std::string::npos);  // no member
  EXPECT_NE(GenerateSource(model).find("DerivedOf<M, &M::url>"), std::string::npos);
  // A comment that is not the marker changes nothing.
  DescriptorPool plain_pool;
  const FileDescriptor* plain = Build(&plain_pool, "paysim", WithComment("the page"));
  ASSERT_NE(plain, nullptr);
  FileModel plain_model;
  ASSERT_TRUE(BuildFileModel(plain, "paysim", &plain_model, &error)) << error;
  EXPECT_EQ(plain_model.messages[0].fields[1].derived, "");
  EXPECT_EQ(plain_model.messages[0].rep_order, (std::vector<int>{0, 1}));
  // Refused: a malformed marker, an id that is not a string.
  EXPECT_EQ(Refusal(WithComment("derived: ReceiptUrl")),
            "paysim.M.url: a derived field's comment is `derived: F(id)`");
  EXPECT_EQ(Refusal(WithComment("derived: Receipt Url(id)")),
            "paysim.M.url: a derived field's comment is `derived: F(id)`");
  EXPECT_EQ(Refusal(WithComment("derived: ReceiptUrl(id)", "TYPE_INT64")),
            "paysim.M.url: a derived field needs a string `id` in its message");
}

TEST(ModelTest, StableFieldsLiveInTheSharedBlock) {
  DescriptorPool pool;
  const FileDescriptor* file = Build(&pool, "paysim", WithComment("stable; the page"));
  ASSERT_NE(file, nullptr);
  FileModel model;
  std::string error;
  ASSERT_TRUE(BuildFileModel(file, "paysim", &model, &error)) << error;
  const MessageModel& m = model.messages[0];
  EXPECT_FALSE(m.fields[0].stable);
  EXPECT_TRUE(m.fields[1].stable);
  EXPECT_EQ(m.fields[1].has_bit, 0);  // the has-bit stays in the rep
  EXPECT_EQ(m.rep_order, (std::vector<int>{0}));
  EXPECT_EQ(m.stable_order, (std::vector<int>{1}));
  const std::string header = GenerateHeader(model);
  EXPECT_NE(header.find("struct M::StableRep : ::paysim::obj::internal::PooledNode {"),
            std::string::npos);
  EXPECT_NE(header.find("::paysim::obj::internal::StablePart<StableRep> stable;"),
            std::string::npos);
  // Read through the shared block, written through a block made unique.
  EXPECT_NE(header.find("return rep_->stable.get()->url_.get();"), std::string::npos);
  EXPECT_NE(header.find("r->stable.Mutable()->url_.Set(value);"), std::string::npos);
  const std::string source = GenerateSource(model);
  EXPECT_NE(source.find("offsetof(StableRep, url_)"), std::string::npos);
  EXPECT_NE(source.find("offsetof(Rep, stable)"), std::string::npos);
  EXPECT_NE(source.find("M::StableRep::default_block{"), std::string::npos);
  // A word that only begins like the marker changes nothing; no block without stable fields.
  for (const char* comment : {"stableness", "the stable page"}) {
    DescriptorPool plain_pool;
    const FileDescriptor* plain = Build(&plain_pool, "paysim", WithComment(comment));
    ASSERT_NE(plain, nullptr);
    FileModel plain_model;
    ASSERT_TRUE(BuildFileModel(plain, "paysim", &plain_model, &error)) << error;
    EXPECT_FALSE(plain_model.messages[0].fields[1].stable) << comment;
    EXPECT_TRUE(plain_model.messages[0].stable_order.empty()) << comment;
    EXPECT_EQ(GenerateHeader(plain_model).find("StablePart<"), std::string::npos) << comment;
  }
  // Refused on the id (derived strings read it from the rep).
  EXPECT_EQ(Refusal("message_type { name: 'M' "
                    "  field { name: 'id' number: 1 label: LABEL_OPTIONAL type: TYPE_STRING } } "
                    "source_code_info { location { path: [4, 0, 2, 0] span: [3, 2, 40] "
                    "  trailing_comments: ' stable\\n' } }"),
            "paysim.M.id: a stable field must be stored in the rep (not a oneof member, "
            "derived, always null, the id or the legacy-shape flag)");
}

}  // namespace
}  // namespace objgen
}  // namespace paysim
