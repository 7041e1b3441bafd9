// Tests of the runtime's value types on their own: StringField, InternedString, Repeated,
// StringMap (copy on write, sharing, protobuf interop).
#include <algorithm>
#include <stdexcept>
#include <string>

#include "gmock/gmock.h"
#include "google/protobuf/map.h"
#include "google/protobuf/repeated_ptr_field.h"
#include "gtest/gtest.h"
#include "proto/object_runtime/repeated.h"
#include "proto/object_runtime/string_field.h"
#include "proto/object_runtime/string_map.h"

namespace paysim {
namespace obj {
namespace {

using internal::StringField;
using ::testing::ElementsAre;
using ::testing::IsEmpty;
using ::testing::Pair;

TEST(StringFieldTest, DefaultIsTheSharedEmptyNode) {
  StringField a;
  StringField b;
  EXPECT_TRUE(a.SameNode(b));
  EXPECT_EQ(a.get(), "");
  EXPECT_EQ(a.node_refs(), 0);  // immortal
}

TEST(StringFieldTest, CopySharesAndSetThroughACopyLeavesTheOriginal) {
  StringField a;
  a.Set("a string longer than the small-string buffer");
  StringField b = a;
  EXPECT_TRUE(a.SameNode(b));
  EXPECT_EQ(a.node_refs(), 2);
  b.Set("other");
  EXPECT_EQ(a.get(), "a string longer than the small-string buffer");
  EXPECT_EQ(b.get(), "other");
  EXPECT_FALSE(a.SameNode(b));
  EXPECT_EQ(a.node_refs(), 1);
}

TEST(StringFieldTest, MutableCopiesASharedNode) {
  StringField a;
  a.Set("x");
  StringField b = a;
  b.Mutable()->append("y");
  EXPECT_EQ(a.get(), "x");
  EXPECT_EQ(b.get(), "xy");
}

TEST(StringFieldTest, InternedStringIsSharedWithoutCounting) {
  static const InternedString kUsd("usd");
  StringField a;
  a.Set(kUsd);
  EXPECT_EQ(a.get(), "usd");
  EXPECT_EQ(a.node_refs(), 0);
  StringField b = a;
  EXPECT_TRUE(b.SameNode(a));
  b.Mutable()->append("!");  // never changes the interned node
  EXPECT_EQ(kUsd.get(), "usd");
  EXPECT_EQ(b.get(), "usd!");
}

TEST(RepeatedTest, CopyOnWrite) {
  Repeated<std::string> a;
  EXPECT_TRUE(a.empty());
  EXPECT_EQ(a.begin(), a.end());
  a.Add("card");
  a.Add("us_bank_account");
  Repeated<std::string> b = a;
  EXPECT_TRUE(a.SameNode(b));
  b.Add("link");
  *b.Mutable(0) = "x";
  EXPECT_THAT(a, ElementsAre("card", "us_bank_account"));
  EXPECT_THAT(b, ElementsAre("x", "us_bank_account", "link"));
  EXPECT_NE(std::find(a.begin(), a.end(), "us_bank_account"), a.end());
  b.Clear();
  EXPECT_TRUE(b.empty());
}

TEST(RepeatedTest, AssignFromProtobuf) {
  google::protobuf::RepeatedPtrField<std::string> proto;
  proto.Add("card");
  proto.Add("link");
  Repeated<std::string> r;
  r = proto;
  EXPECT_THAT(r, ElementsAre("card", "link"));
  r = google::protobuf::RepeatedPtrField<std::string>();
  EXPECT_THAT(r, IsEmpty());
}

TEST(StringMapTest, SortedKeysAndLookups) {
  StringMap m;
  m["plan"] = "gold";
  m["order"] = "42";
  m["b"] = "";
  EXPECT_THAT(m, ElementsAre(Pair("b", ""), Pair("order", "42"), Pair("plan", "gold")));
  EXPECT_EQ(m.at("order"), "42");
  EXPECT_THROW(m.at("missing"), std::out_of_range);
  EXPECT_EQ(m.count("plan"), 1u);
  EXPECT_TRUE(m.contains("b"));
  EXPECT_EQ(m.find("zzz"), m.end());
  EXPECT_EQ(m.find("plan")->second, "gold");
  EXPECT_FALSE(m.insert({"plan", "silver"}).second);
  EXPECT_TRUE(m.insert({"a", "1"}).second);
  EXPECT_EQ(m.erase("b"), 1u);
  EXPECT_EQ(m.erase("b"), 0u);
  EXPECT_THAT(m, ElementsAre(Pair("a", "1"), Pair("order", "42"), Pair("plan", "gold")));
}

TEST(StringMapTest, CopyOnWriteAndProtobufInterop) {
  google::protobuf::Map<std::string, std::string> proto;
  proto["z"] = "1";
  proto["a"] = "2";
  StringMap m;
  m = proto;
  EXPECT_THAT(m, ElementsAre(Pair("a", "2"), Pair("z", "1")));
  StringMap copy = m;
  EXPECT_TRUE(copy.SameNode(m));
  copy["a"] = "changed";
  copy.erase("z");
  EXPECT_THAT(m, ElementsAre(Pair("a", "2"), Pair("z", "1")));
  EXPECT_THAT(copy, ElementsAre(Pair("a", "changed")));
  google::protobuf::Map<std::string, std::string> back;
  m.CopyTo(&back);
  EXPECT_EQ(back.size(), 2u);
  EXPECT_EQ(back.at("z"), "1");
  m.clear();
  EXPECT_TRUE(m.empty());
  EXPECT_NE(m, copy);
}

}  // namespace
}  // namespace obj
}  // namespace paysim
