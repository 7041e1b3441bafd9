#include "engine/json_writer.h"

#include <algorithm>
#include <cstring>

#include "absl/strings/str_cat.h"
#include "nlohmann/json.hpp"

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

// The number of leading bytes of `text` that are kPlain: eight at a time while no byte of the
// eight is below 0x20, '"', '\\' or above 0x7f, then one at a time.
size_t PlainPrefix(absl::string_view text) {
  constexpr uint64_t kOnes = 0x0101010101010101ULL;
  constexpr uint64_t kHighs = 0x8080808080808080ULL;
  const char* data = text.data();
  size_t i = 0;
  for (; i + 8 <= text.size(); i += 8) {
    uint64_t x;
    std::memcpy(&x, data + i, sizeof(x));
    const uint64_t quote = x ^ (kOnes * '"');
    const uint64_t backslash = x ^ (kOnes * '\\');
    // Bytes below 0x20, zero bytes of quote/backslash (a match), bytes above 0x7f.
    const uint64_t special = ((x - kOnes * 0x20) & ~x) | ((quote - kOnes) & ~quote) |
                             ((backslash - kOnes) & ~backslash) | x;
    if ((special & kHighs) != 0) break;
  }
  while (i < text.size() && kByteClasses.of[static_cast<unsigned char>(data[i])] == kPlain) ++i;
  return i;
}

// memcpy for the short strings most values are, without a call: overlapping word moves.
inline void CopyBytes(char* to, const char* from, size_t n) {
  if (n >= 8) {
    if (n > 16) {
      std::memcpy(to, from, n);
      return;
    }
    uint64_t head;
    uint64_t tail;
    std::memcpy(&head, from, 8);
    std::memcpy(&tail, from + n - 8, 8);
    std::memcpy(to, &head, 8);
    std::memcpy(to + n - 8, &tail, 8);
  } else if (n >= 4) {
    uint32_t head;
    uint32_t tail;
    std::memcpy(&head, from, 4);
    std::memcpy(&tail, from + n - 4, 4);
    std::memcpy(to, &head, 4);
    std::memcpy(to + n - 4, &tail, 4);
  } else {
    for (size_t i = 0; i < n; ++i) to[i] = from[i];
  }
}

// *out grows by at least this many bytes at a time (then doubling): a response fits in one
// or two growths.
constexpr size_t kChunk = 4096;

}  // namespace

JsonWriter::JsonWriter(std::string* out) : out_(out), pos_(out->size()) {}

JsonWriter::~JsonWriter() {
  // After complete values *out_ is exact already (and may have been appended to since).
  if (!open_.empty()) out_->resize(pos_);
}

void JsonWriter::Grow(size_t n) {
  // At least a chunk, and doubling, so that growing costs O(1) per byte written.
  out_->resize(std::max({pos_ + n, pos_ + kChunk, out_->size() * 2}));
}

const char JsonWriter::kSpaces[kSpacesFast + 16 + 1] =
    "                                                                "
    "                                                                "
    "                                                                "
    "                                                                "
    "                ";

void JsonWriter::NextMember() {
  // ",\n" + indent, or "\n" + indent for a container's first member.
  const bool first = open_.back().empty;
  open_.back().empty = false;
  const size_t indent = open_.size() * kIndentStep;
  const size_t n = (first ? 1 : 2) + indent;
  char* p = Room(n + 16);
  if (!first) *p++ = ',';
  *p++ = '\n';
  WriteIndent(p, indent);
  pos_ += n;
}

void JsonWriter::Close(char bracket) {
  const bool empty = open_.back().empty;
  open_.pop_back();
  const size_t indent = open_.size() * kIndentStep;
  const size_t n = empty ? 1 : indent + 2;
  char* p = Room(n + 16);
  if (!empty) {
    *p++ = '\n';
    WriteIndent(p, indent);
    p += indent;
  }
  *p = bracket;
  pos_ += n;
  EndValue();
}

void JsonWriter::BeginObject() {
  BeforeValue();
  Append("{", 1);
  open_.push_back({/*object=*/true, /*empty=*/true});
}

void JsonWriter::EndObject() { Close('}'); }

void JsonWriter::BeginArray() {
  BeforeValue();
  Append("[", 1);
  open_.push_back({/*object=*/false, /*empty=*/true});
}

void JsonWriter::EndArray() { Close(']'); }

void JsonWriter::Key(absl::string_view key) {
  NextMember();
  WriteQuoted(key);
  Append(": ", 2);
}

void JsonWriter::String(absl::string_view value) {
  BeforeValue();
  WriteQuoted(value);
  EndValue();
}

void JsonWriter::Int(int64_t value) {
  BeforeValue();
  const absl::AlphaNum text(value);
  Append(text.data(), text.size());
  EndValue();
}

void JsonWriter::Uint(uint64_t value) {
  BeforeValue();
  const absl::AlphaNum text(value);
  Append(text.data(), text.size());
  EndValue();
}

void JsonWriter::Double(double value) {
  BeforeValue();
  // nlohmann's shortest round-trip format (and "null" for NaN and infinities): rare enough
  // here to borrow its serializer rather than reproduce it.
  const std::string text = nlohmann::ordered_json(value).dump();
  Append(text.data(), text.size());
  EndValue();
}

void JsonWriter::WriteQuoted(absl::string_view text) {
  // The common case, nothing to escape: the quoted text at once.
  const size_t plain = PlainPrefix(text);
  if (plain == text.size()) {
    char* p = Room(text.size() + 2);
    p[0] = '"';
    CopyBytes(p + 1, text.data(), text.size());
    p[text.size() + 1] = '"';
    pos_ += text.size() + 2;
    return;
  }
  static constexpr char kHex[] = "0123456789abcdef";
  const size_t start = pos_;
  Append("\"", 1);
  size_t plain_from = 0;  // start of the run of bytes copied as they are
  for (size_t i = plain; i < text.size(); ++i) {
    const unsigned char c = static_cast<unsigned char>(text[i]);
    const unsigned char byte_class = kByteClasses.of[c];
    if (byte_class == kPlain) continue;
    if (byte_class == kNonAscii) {
      // UTF-8 (valid or not): nlohmann's serializer decides, so U+FFFD replacement is its own.
      pos_ = start;
      const std::string dumped =
          nlohmann::ordered_json(std::string(text))
              .dump(-1, ' ', false, nlohmann::ordered_json::error_handler_t::replace);
      Append(dumped.data(), dumped.size());
      return;
    }
    Append(text.data() + plain_from, i - plain_from);
    plain_from = i + 1;
    switch (c) {
      case '"':
        Append("\\\"", 2);
        break;
      case '\\':
        Append("\\\\", 2);
        break;
      case '\b':
        Append("\\b", 2);
        break;
      case '\t':
        Append("\\t", 2);
        break;
      case '\n':
        Append("\\n", 2);
        break;
      case '\f':
        Append("\\f", 2);
        break;
      case '\r':
        Append("\\r", 2);
        break;
      default: {
        const char escaped[] = {'\\', 'u', '0', '0', kHex[c >> 4], kHex[c & 0xF]};
        Append(escaped, sizeof(escaped));
      }
    }
  }
  Append(text.data() + plain_from, text.size() - plain_from);
  Append("\"", 1);
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
      {
        const std::string text = value.dump(-1, ' ', false, Json::error_handler_t::replace);
        Append(text.data(), text.size());
      }
      EndValue();
      return;
  }
}

}  // namespace paysim
