#include "engine/json_writer.h"

#include <cstring>

#include "absl/strings/str_cat.h"

namespace paysim {
namespace {

constexpr int kIndentStep = 2;  // nlohmann's dump(2)

// What a byte needs inside a JSON string.
enum ByteClass : unsigned char {
  kPlain = 0,    // copied as it is
  kEscape = 1,   // `"`, `\` or a control character: escaped
  kNonAscii = 2  // part of a UTF-8 sequence: the string goes to nlohmann's serializer
};

struct ByteClasses {
  unsigned char of[256];
  constexpr ByteClasses() : of() {
    for (int c = 0; c < 256; ++c) {
      of[c] = c >= 0x80 ? kNonAscii : (c < 0x20 || c == '"' || c == '\\') ? kEscape : kPlain;
    }
  }
};
constexpr ByteClasses kByteClasses;

// ",\n" then spaces: a separator and up to kMaxIndent columns of indentation are one
// substring of it.
constexpr size_t kMaxIndent = 256;
const std::string& SeparatorsAndSpaces() {
  static const std::string* text = new std::string(",\n" + std::string(kMaxIndent, ' '));
  return *text;
}

// Most tokens (a key with its separator and indentation, a plain string, a closing bracket) are
// assembled in a buffer of this size on the stack and appended at once: one append per token
// rather than one per piece.
constexpr size_t kScratch = 256;

}  // namespace

JsonWriter::JsonWriter(std::string* out) : out_(out) {}

void JsonWriter::NextMember() {
  // ",\n" + indent, or "\n" + indent for a container's first member.
  const bool first = open_.back().empty;
  open_.back().empty = false;
  const size_t indent = open_.size() * kIndentStep;
  const std::string& text = SeparatorsAndSpaces();
  if (indent <= kMaxIndent) {
    out_->append(text, first ? 1 : 0, (first ? 1 : 2) + indent);
  } else {
    out_->append(first ? "\n" : ",\n");
    out_->append(indent, ' ');
  }
}

void JsonWriter::BeforeValue() {
  // Inside an object the key has written the separator already.
  if (!open_.empty() && !open_.back().object) NextMember();
}

void JsonWriter::Close(char bracket) {
  const bool empty = open_.back().empty;
  open_.pop_back();
  const size_t indent = open_.size() * kIndentStep;
  if (empty) {
    out_->push_back(bracket);
  } else if (indent + 2 <= kScratch) {
    char buffer[kScratch];
    buffer[0] = '\n';
    std::memset(buffer + 1, ' ', indent);
    buffer[indent + 1] = bracket;
    out_->append(buffer, indent + 2);
  } else {
    out_->push_back('\n');
    out_->append(indent, ' ');
    out_->push_back(bracket);
  }
}

void JsonWriter::BeginObject() {
  BeforeValue();
  out_->push_back('{');
  open_.push_back({/*object=*/true, /*empty=*/true});
}

void JsonWriter::EndObject() { Close('}'); }

void JsonWriter::BeginArray() {
  BeforeValue();
  out_->push_back('[');
  open_.push_back({/*object=*/false, /*empty=*/true});
}

void JsonWriter::EndArray() { Close(']'); }

void JsonWriter::Key(absl::string_view key) {
  NextMember();
  WriteQuoted(key);
  out_->append(": ");
}

void JsonWriter::KeyVerbatim(absl::string_view key) {
  // NextMember()'s separator and indentation, then `"key": `, in one append.
  const bool first = open_.back().empty;
  const size_t indent = open_.size() * kIndentStep;
  const size_t size = (first ? 1 : 2) + indent + key.size() + 4;
  if (size > kScratch) {
    NextMember();
    out_->push_back('"');
    out_->append(key.data(), key.size());
    out_->append("\": ");
    return;
  }
  open_.back().empty = false;
  char buffer[kScratch];
  char* p = buffer;
  if (!first) *p++ = ',';
  *p++ = '\n';
  std::memset(p, ' ', indent);
  p += indent;
  *p++ = '"';
  std::memcpy(p, key.data(), key.size());
  p += key.size();
  *p++ = '"';
  *p++ = ':';
  *p++ = ' ';
  out_->append(buffer, p - buffer);
}

void JsonWriter::String(absl::string_view value) {
  BeforeValue();
  WriteQuoted(value);
}

void JsonWriter::Int(int64_t value) {
  BeforeValue();
  absl::StrAppend(out_, value);
}

void JsonWriter::Uint(uint64_t value) {
  BeforeValue();
  absl::StrAppend(out_, value);
}

void JsonWriter::Double(double value) {
  BeforeValue();
  // nlohmann's shortest round-trip format (and "null" for NaN and infinities): rare enough
  // here to borrow its serializer rather than reproduce it.
  out_->append(nlohmann::ordered_json(value).dump());
}

void JsonWriter::Bool(bool value) {
  BeforeValue();
  out_->append(value ? "true" : "false");
}

void JsonWriter::Null() {
  BeforeValue();
  out_->append("null");
}

void JsonWriter::WriteQuoted(absl::string_view text) {
  // The common case: nothing to escape, short: one append.
  if (text.size() + 2 <= kScratch) {
    size_t i = 0;
    while (i < text.size() && kByteClasses.of[static_cast<unsigned char>(text[i])] == kPlain) ++i;
    if (i == text.size()) {
      char buffer[kScratch];
      buffer[0] = '"';
      std::memcpy(buffer + 1, text.data(), text.size());
      buffer[text.size() + 1] = '"';
      out_->append(buffer, text.size() + 2);
      return;
    }
  }
  static constexpr char kHex[] = "0123456789abcdef";
  const size_t start = out_->size();
  out_->push_back('"');
  size_t plain_from = 0;  // start of the run of bytes copied as they are
  for (size_t i = 0; i < text.size(); ++i) {
    const unsigned char c = static_cast<unsigned char>(text[i]);
    const unsigned char byte_class = kByteClasses.of[c];
    if (byte_class == kPlain) continue;
    if (byte_class == kNonAscii) {
      // UTF-8 (valid or not): nlohmann's serializer decides, so U+FFFD replacement is its own.
      out_->resize(start);
      out_->append(nlohmann::ordered_json(std::string(text))
                       .dump(-1, ' ', false, nlohmann::ordered_json::error_handler_t::replace));
      return;
    }
    out_->append(text.data() + plain_from, i - plain_from);
    plain_from = i + 1;
    switch (c) {
      case '"':
        out_->append("\\\"");
        break;
      case '\\':
        out_->append("\\\\");
        break;
      case '\b':
        out_->append("\\b");
        break;
      case '\t':
        out_->append("\\t");
        break;
      case '\n':
        out_->append("\\n");
        break;
      case '\f':
        out_->append("\\f");
        break;
      case '\r':
        out_->append("\\r");
        break;
      default: {
        const char escaped[] = {'\\', 'u', '0', '0', kHex[c >> 4], kHex[c & 0xF]};
        out_->append(escaped, sizeof(escaped));
      }
    }
  }
  out_->append(text.data() + plain_from, text.size() - plain_from);
  out_->push_back('"');
}

void JsonWriter::Value(const nlohmann::ordered_json& value) {
  using Json = nlohmann::ordered_json;
  switch (value.type()) {
    case Json::value_t::object:
      BeginObject();
      for (auto it = value.begin(); it != value.end(); ++it) {
        Key(it.key());
        Value(it.value());
      }
      EndObject();
      return;
    case Json::value_t::array:
      BeginArray();
      for (const Json& element : value) Value(element);
      EndArray();
      return;
    case Json::value_t::string:
      String(value.get_ref<const std::string&>());
      return;
    case Json::value_t::number_integer:
      Int(value.get<int64_t>());
      return;
    case Json::value_t::number_unsigned:
      Uint(value.get<uint64_t>());
      return;
    case Json::value_t::number_float:
      Double(value.get<double>());
      return;
    case Json::value_t::boolean:
      Bool(value.get<bool>());
      return;
    case Json::value_t::null:
      Null();
      return;
    case Json::value_t::binary:
    case Json::value_t::discarded:
      // Never produced by parsing text or by paysim's rendering; written as nlohmann would.
      BeforeValue();
      out_->append(value.dump(-1, ' ', false, Json::error_handler_t::replace));
      return;
  }
}

}  // namespace paysim
