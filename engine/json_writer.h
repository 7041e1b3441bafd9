// json_writer.h: JSON text written as it is produced, byte for byte as nlohmann::json's
// pretty printer writes the same value (`dump(2, ' ', false, error_handler_t::replace)`).
//
// paysim's responses used to be built as nlohmann::ordered_json DOMs and dumped; JsonWriter
// writes the same text without the DOM (no per-key allocation, no linear key search). The
// format it reproduces:
//   - objects and arrays open with "{" / "[", each member on its own line indented two spaces
//     per level, members separated by ",", the closing bracket on its own line at the
//     container's indentation; an empty object is "{}", an empty array "[]";
//   - a member is `"key": value`;
//   - strings escape `"` `\` and the control characters U+0000..U+001F (\b \t \n \f \r, others
//     as \u00xx in lowercase hex); everything else, DEL and non-ASCII included, is copied.
//     Invalid UTF-8 becomes U+FFFD (such strings go through nlohmann's own serializer);
//   - integers in decimal; doubles as nlohmann writes them (through its serializer); true,
//     false, null.
//
// Example:
//   std::string text;
//   JsonWriter json(&text);
//   json.BeginObject();
//   json.Key("id");
//   json.String("ch_1");
//   json.Key("refunds");
//   json.BeginArray();
//   json.EndArray();
//   json.EndObject();
//   // text == "{\n  \"id\": \"ch_1\",\n  \"refunds\": []\n}"
//
// Contract: calls must form one well-nested value (a Key before every object member's value,
// End* matching Begin*); a misuse is not detected and writes malformed text.
//
// Thread safety: a JsonWriter is used by one thread at a time.
#ifndef PAYSIM_ENGINE_JSON_WRITER_H_
#define PAYSIM_ENGINE_JSON_WRITER_H_

#include <cstdint>
#include <string>

#include "absl/container/inlined_vector.h"
#include "absl/strings/string_view.h"
#include "nlohmann/json.hpp"

namespace paysim {

class JsonWriter {
 public:
  // Appends to `*out` (not owned; must outlive the writer).
  explicit JsonWriter(std::string* out);

  void BeginObject();
  void EndObject();
  void BeginArray();
  void EndArray();

  // The key of the next member. REQUIRES: inside an object, and the previous member has its
  // value.
  void Key(absl::string_view key);

  // Key() for a key that needs no escaping, written without looking at its bytes (a proto
  // field name, say: letters, digits and '_'). REQUIRES: `key` is printable ASCII without
  // `"` or `\`.
  void KeyVerbatim(absl::string_view key);

  void String(absl::string_view value);
  void Int(int64_t value);
  void Uint(uint64_t value);
  void Double(double value);
  void Bool(bool value);
  void Null();

  // Any nlohmann value (objects in their stored order), as its dump would write it here.
  void Value(const nlohmann::ordered_json& value);

 private:
  // Separator and indentation before a value: a new line inside an array, nothing after a key.
  void BeforeValue();
  // ",\n" or "\n" for the next member of the open container, then its indentation.
  void NextMember();
  void Close(char bracket);
  void WriteQuoted(absl::string_view text);

  // One open object or array.
  struct Level {
    bool object;  // false: an array
    bool empty;   // no member written yet
  };

  std::string* out_;
  absl::InlinedVector<Level, 16> open_;  // innermost last
};

}  // namespace paysim

#endif  // PAYSIM_ENGINE_JSON_WRITER_H_
