// JsonWriter against nlohmann's own pretty printer: every kind of value, nesting, empty
// containers, escaping, non-ASCII and invalid UTF-8, doubles.
#include "engine/json_writer.h"

#include <cstdint>
#include <limits>
#include <string>

#include "gtest/gtest.h"
#include "nlohmann/json.hpp"

namespace paysim {
namespace {

using Json = nlohmann::ordered_json;

std::string Dump(const Json& json) {
  return json.dump(2, ' ', false, Json::error_handler_t::replace);
}

std::string Written(const Json& json) {
  std::string text;
  JsonWriter out(&text);
  out.Value(json);
  return text;
}

TEST(JsonWriterTest, WritesWhatNlohmannDumps) {
  const Json values[] = {
      Json(nullptr),
      Json(true),
      Json(false),
      Json(0),
      Json(-1),
      Json(std::numeric_limits<int64_t>::min()),
      Json(std::numeric_limits<int64_t>::max()),
      Json(std::numeric_limits<uint64_t>::max()),
      Json(0.0),
      Json(-0.0),
      Json(1.5),
      Json(1e300),
      Json(0.1),
      Json(123456789.0),
      Json(std::numeric_limits<double>::quiet_NaN()),
      Json(std::numeric_limits<double>::infinity()),
      Json(""),
      Json("plain"),
      Json("q\"uote back\\slash / nl\n tab\t cr\r bs\b ff\f \x01\x1f\x7f"),
      Json(std::string("nul\0byte", 8)),
      Json("caf\xC3\xA9 \xE2\x82\xAC \xF0\x9F\x98\x80"),
      Json("bad \xFF utf8 \xC3 truncated \xE2\x82"),
      Json("overlong \xC0\xAF surrogate \xED\xA0\x80"),
      Json("escaped \" \n first, then caf\xC3\xA9"),
      Json::object(),
      Json::array(),
      Json::parse(R"({"b": 1, "a": [1, [], {}, [2, {"x": null}]], "c": {"d": {"e": []}}})"),
      Json::parse(R"([[[]], [{}], {"k": [true, false, null, "s", 1.25, -3]}])"),
  };
  for (const Json& value : values) {
    EXPECT_EQ(Written(value), Dump(value)) << Dump(value);
  }
  Json keys = Json::object();
  keys["z"] = 1;
  keys["a\"\n\x01"] = 2;
  keys["\xC3\xA9"] = 3;
  keys["\xFF"] = 4;
  keys[""] = 5;
  EXPECT_EQ(Written(keys), Dump(keys));
}

TEST(JsonWriterTest, BuildsNestedValuesInPlace) {
  std::string text;
  JsonWriter out(&text);
  out.BeginObject();
  out.KeyVerbatim("id");
  out.String("ch_1");
  out.Key("refunds");
  out.BeginArray();
  out.EndArray();
  out.Key("data");
  out.BeginArray();
  out.Int(1);
  out.BeginObject();
  out.Key("ok");
  out.Bool(true);
  out.EndObject();
  out.Null();
  out.EndArray();
  out.Key("meta");
  out.BeginObject();
  out.EndObject();
  out.EndObject();
  EXPECT_EQ(text,
            Dump(Json::parse(
                R"({"id": "ch_1", "refunds": [], "data": [1, {"ok": true}, null], "meta": {}})")));
}

TEST(JsonWriterTest, KeysOfEveryLengthAndDeepNestingAsNlohmannDumps) {
  // Keys of 0 to 40 bytes, each in a first and a later member.
  std::string text;
  JsonWriter out(&text);
  Json expected = Json::object();
  out.BeginObject();
  for (size_t size = 0; size <= 40; ++size) {
    const std::string key = std::string("abcdefghijklmnopqrstuvwxyz0123456789ABCDEFGH", size);
    out.KeyVerbatim(key);
    out.BeginObject();
    out.KeyVerbatim(key);
    out.Int(static_cast<int64_t>(size));
    out.KeyVerbatim("x");
    out.Null();
    out.EndObject();
    expected[key] = {{key, size}, {"x", nullptr}};
  }
  out.EndObject();
  EXPECT_EQ(text, Dump(expected));

  // 150 open containers, alternating objects and arrays, some empty, with members after the
  // deep part closes.
  Json deep = Json::array({1});
  for (int level = 0; level < 150; ++level) {
    deep = level % 2 == 0 ? Json{{"k", deep}, {"after", level}, {"empty", Json::object()}}
                          : Json::array({deep, Json::array(), level});
  }
  EXPECT_EQ(Written(deep), Dump(deep));
}

TEST(JsonWriterTest, AppendsToWhatIsThere) {
  std::string text = "prefix ";
  JsonWriter out(&text);
  out.String("x");
  EXPECT_EQ(text, "prefix \"x\"");
}

}  // namespace
}  // namespace paysim
