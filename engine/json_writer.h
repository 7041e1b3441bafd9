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
// Buffering: the text is written in place into `*out`, which grows by chunks; while a
// top-level value is being written, `*out` may hold scratch bytes past the text. It is exact
// again as soon as the top-level value is complete (and when the writer is destroyed).
//
// Thread safety: a JsonWriter is used by one thread at a time.
#ifndef PAYSIM_ENGINE_JSON_WRITER_H_
#define PAYSIM_ENGINE_JSON_WRITER_H_

#include <cstdint>
#include <cstring>
#include <string>

#include "absl/container/inlined_vector.h"
#include "absl/strings/string_view.h"
#include "nlohmann/json_fwd.hpp"  // Value() only names ordered_json

namespace paysim {

class JsonWriter {
 public:
  // Appends to `*out` (not owned; must outlive the writer).
  explicit JsonWriter(std::string* out);
  // Leaves `*out` without scratch bytes, even after an unfinished value.
  ~JsonWriter();
  JsonWriter(const JsonWriter&) = delete;
  JsonWriter& operator=(const JsonWriter&) = delete;

  void BeginObject();
  void EndObject();
  void BeginArray();
  void EndArray();

  // The key of the next member. REQUIRES: inside an object, and the previous member has its
  // value.
  void Key(absl::string_view key);

  // Key() for a key that needs no escaping, written without looking at its bytes (a proto
  // field name, say: letters, digits and '_'). REQUIRES: `key` is printable ASCII without
  // `"` or `\`. Inline: with a literal key the copy is a few moves.
  inline void KeyVerbatim(absl::string_view key);

  void String(absl::string_view value);
  void Int(int64_t value);
  void Uint(uint64_t value);
  void Double(double value);
  inline void Bool(bool value);
  inline void Null();

  // Any nlohmann value (objects in their stored order), as its dump would write it here.
  void Value(const nlohmann::ordered_json& value);

 private:
  // Separator and indentation before a value: a new line inside an array, nothing after a key.
  void BeforeValue() {
    if (open_.empty()) {
      pos_ = out_->size();  // a new top-level value: after whatever *out_ holds now
    } else if (!open_.back().object) {
      NextMember();
    }
  }
  // ",\n" or "\n" for the next member of the open container, then its indentation.
  void NextMember();
  void Close(char bracket);
  void WriteQuoted(absl::string_view text);
  // After a value: if it was a top-level value, `*out` is cut to the text.
  void EndValue() {
    if (open_.empty()) out_->resize(pos_);
  }
  // Room for `n` more bytes at the write position, and kSlack bytes of scratch after them
  // that the caller may overwrite (grows `*out` by a chunk if needed). The caller writes its
  // bytes there and advances pos_.
  static constexpr size_t kSlack = 32;
  char* Room(size_t n) {
    if (out_->size() - pos_ < n + kSlack) Grow(n + kSlack);
    return &(*out_)[pos_];
  }
  void Grow(size_t n);
  void Append(const char* data, size_t n) {
    std::memcpy(Room(n), data, n);
    pos_ += n;
  }
  // Writes `indent` spaces at `p` (and maybe up to 16 more: scratch). REQUIRES: Room() for
  // them.
  static void WriteIndent(char* p, size_t indent);
  static const char kSpaces[];
  static constexpr size_t kSpacesFast = 256;  // indentation written by 16-byte copies

  // One open object or array.
  struct Level {
    bool object;  // false: an array
    bool empty;   // no member written yet
  };

  std::string* out_;
  size_t pos_;  // the end of the text in *out_ (the rest, if any, is scratch)
  absl::InlinedVector<Level, 16> open_;  // innermost last
};

inline void JsonWriter::WriteIndent(char* p, size_t indent) {
  if (indent > kSpacesFast) {
    std::memset(p, ' ', indent);
    return;
  }
  for (size_t i = 0; i < indent; i += 16) std::memcpy(p + i, kSpaces + i, 16);
}

inline void JsonWriter::KeyVerbatim(absl::string_view key) {
  // NextMember()'s separator and indentation, then `"key": `, written at once.
  const bool first = open_.back().empty;
  open_.back().empty = false;
  const size_t indent = open_.size() * 2;  // nlohmann's dump(2)
  const size_t n = (first ? 1 : 2) + indent + key.size() + 4;
  char* p = Room(n + 16);  // WriteIndent may write 16 bytes more
  if (!first) *p++ = ',';
  *p++ = '\n';
  WriteIndent(p, indent);
  p += indent;
  *p++ = '"';
  std::memcpy(p, key.data(), key.size());
  p += key.size();
  std::memcpy(p, "\": ", 3);
  pos_ += n;
}

inline void JsonWriter::Bool(bool value) {
  BeforeValue();
  if (value) {
    Append("true", 4);
  } else {
    Append("false", 5);
  }
  EndValue();
}

inline void JsonWriter::Null() {
  BeforeValue();
  Append("null", 4);
  EndValue();
}

}  // namespace paysim

#endif  // PAYSIM_ENGINE_JSON_WRITER_H_
