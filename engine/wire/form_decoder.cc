#include "engine/wire/form_decoder.h"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <limits>
#include <map>
#include <set>
#include <type_traits>
#include <utility>

#include "absl/container/flat_hash_set.h"
#include "absl/strings/ascii.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "engine/internal/status_macros.h"
#include "engine/stripe_error.h"
#include "google/protobuf/descriptor.h"
#include "proto/object_runtime/field_numbers.h"

namespace paysim {
namespace wire {
namespace {

using google::protobuf::Descriptor;
using google::protobuf::EnumValueDescriptor;
using google::protobuf::FieldDescriptor;
using google::protobuf::Message;
using google::protobuf::Reflection;

constexpr size_t kMaxIndexDigits = 9;

absl::Status Malformed(absl::string_view param, absl::string_view message) {
  return InvalidRequestError("", param, message);
}

// Splits a decoded name into its root and bracket contents.
absl::StatusOr<std::vector<std::string>> SplitName(absl::string_view name, int max_depth) {
  if (name.empty()) return Malformed("", "Received a parameter with an empty name.");
  const auto invalid = [&name]() {
    return Malformed(name, absl::StrCat("Invalid parameter name: ", name));
  };
  const size_t open = name.find('[');
  absl::string_view root = name.substr(0, open);
  if (root.empty() || root.find(']') != absl::string_view::npos) return invalid();
  std::vector<std::string> path = {std::string(root)};
  absl::string_view rest = open == absl::string_view::npos ? "" : name.substr(open);
  while (!rest.empty()) {
    if (rest[0] != '[') return invalid();  // text after a closing bracket
    const size_t close = rest.find(']');
    if (close == absl::string_view::npos) return invalid();  // unbalanced
    absl::string_view inner = rest.substr(1, close - 1);
    if (inner.find('[') != absl::string_view::npos) return invalid();  // nested brackets
    if (static_cast<int>(path.size()) > max_depth) {
      return Malformed(name, absl::StrCat("Parameter name nested too deeply (at most ", max_depth,
                                          " levels): ", name));
    }
    path.emplace_back(inner);
    rest.remove_prefix(close + 1);
  }
  return path;
}

bool AllDigits(absl::string_view text) {
  if (text.empty()) return false;
  for (char c : text) {
    if (!absl::ascii_isdigit(static_cast<unsigned char>(c))) return false;
  }
  return true;
}

// An array index label: decimal digits, at most kMaxIndexDigits of them.
bool IsIndex(absl::string_view label) {
  return label.size() <= kMaxIndexDigits && AllDigits(label);
}

std::string NameUpTo(const std::vector<std::string>& path, size_t last) {
  return CanonicalName(std::vector<std::string>(path.begin(), path.begin() + last + 1));
}

// The canonical name of path[0..last] (`card[exp_month]`), built only when an error names it:
// decoding a valid request builds none.
struct ParamName {
  const std::vector<std::string>& path;
  size_t last;
  std::string operator()() const { return NameUpTo(path, last); }
};

template <typename Int>
absl::StatusOr<Int> ParseInteger(absl::string_view text, const ParamName& param) {
  absl::string_view digits = text;
  if (std::is_signed<Int>::value && !digits.empty() && digits[0] == '-') digits.remove_prefix(1);
  Int out;
  if (!AllDigits(digits) || !absl::SimpleAtoi(text, &out)) {
    return InvalidRequestError("parameter_invalid_integer", param(),
                               absl::StrCat("Invalid integer: ", text));
  }
  return out;
}

template <typename Float>
absl::StatusOr<Float> ParseDecimal(absl::string_view text, const ParamName& param) {
  double out = 0;
  const bool plain = !text.empty() && !absl::ascii_isspace(static_cast<unsigned char>(text[0])) &&
                     !absl::ascii_isspace(static_cast<unsigned char>(text.back()));
  if (!plain || !absl::SimpleAtod(text, &out) || !std::isfinite(out) ||
      std::fabs(out) > std::numeric_limits<Float>::max()) {
    return Malformed(param(), absl::StrCat("Invalid decimal: ", text));
  }
  return static_cast<Float>(out);
}

// Stripe's API spec gives string parameters a maxLength, 5000 characters for nearly all of
// them (a few are shorter: descriptors, checked by the engine with their own messages). Stripe
// answers a longer one with "Invalid string: <first 10>...<last 10>; must be at most 5000
// characters" (observed wording), param the parameter, no code. paysim applies the common
// 5000 to every string parameter; the shorter per-field limits of the spec (name 256, phone 20,
// email 512, ...) are not modelled.
constexpr size_t kMaxStringLength = 5000;

absl::Status CheckStringLength(const std::string& value, const ParamName& param) {
  // Characters, not bytes: count the UTF-8 lead bytes (values are valid UTF-8 here).
  size_t characters = 0;
  for (unsigned char c : value) characters += (c & 0xC0) != 0x80;
  if (characters <= kMaxStringLength) return absl::OkStatus();
  // The first and last 10 characters, cut on character boundaries.
  size_t head = 0;
  for (int n = 0; head < value.size() && n < 10; ++n) {
    do ++head; while (head < value.size() && (static_cast<unsigned char>(value[head]) & 0xC0) == 0x80);
  }
  size_t tail = value.size();
  for (int n = 0; tail > 0 && n < 10; ++n) {
    do --tail; while (tail > 0 && (static_cast<unsigned char>(value[tail]) & 0xC0) == 0x80);
  }
  return Malformed(param(), absl::StrCat("Invalid string: ", value.substr(0, head), "...",
                                       value.substr(tail), "; must be at most ",
                                       kMaxStringLength, " characters"));
}

// A Checkout Session's success_url, cancel_url or return_url: Stripe answers an overlong one
// as a URL, not as a string (engine/internal/checkout_session_request.cc).
bool IsCheckoutUrl(const FieldDescriptor* field) {
  return field->containing_type()->full_name() == "paysim.CheckoutSessionCreateParams" &&
         (field->name() == "success_url" || field->name() == "cancel_url" ||
          field->name() == "return_url");
}

// Sets (or, for a repeated field, appends) one scalar. An empty value leaves a non-string
// field absent (Stripe: an empty string unsets).
absl::Status SetScalar(Message* message, const FieldDescriptor* field, const std::string& value,
                       const ParamName& param) {
  const Reflection* r = message->GetReflection();
  const bool rep = field->is_repeated();
  if (value.empty() && field->cpp_type() != FieldDescriptor::CPPTYPE_STRING) {
    return absl::OkStatus();
  }
  switch (field->cpp_type()) {
    case FieldDescriptor::CPPTYPE_INT32: {
      PAYSIM_ASSIGN_OR_RETURN(int32_t v, ParseInteger<int32_t>(value, param));
      rep ? r->AddInt32(message, field, v) : r->SetInt32(message, field, v);
      break;
    }
    case FieldDescriptor::CPPTYPE_INT64: {
      PAYSIM_ASSIGN_OR_RETURN(int64_t v, ParseInteger<int64_t>(value, param));
      rep ? r->AddInt64(message, field, v) : r->SetInt64(message, field, v);
      break;
    }
    case FieldDescriptor::CPPTYPE_UINT32: {
      PAYSIM_ASSIGN_OR_RETURN(uint32_t v, ParseInteger<uint32_t>(value, param));
      rep ? r->AddUInt32(message, field, v) : r->SetUInt32(message, field, v);
      break;
    }
    case FieldDescriptor::CPPTYPE_UINT64: {
      PAYSIM_ASSIGN_OR_RETURN(uint64_t v, ParseInteger<uint64_t>(value, param));
      rep ? r->AddUInt64(message, field, v) : r->SetUInt64(message, field, v);
      break;
    }
    case FieldDescriptor::CPPTYPE_DOUBLE: {
      PAYSIM_ASSIGN_OR_RETURN(double v, ParseDecimal<double>(value, param));
      rep ? r->AddDouble(message, field, v) : r->SetDouble(message, field, v);
      break;
    }
    case FieldDescriptor::CPPTYPE_FLOAT: {
      PAYSIM_ASSIGN_OR_RETURN(float v, ParseDecimal<float>(value, param));
      rep ? r->AddFloat(message, field, v) : r->SetFloat(message, field, v);
      break;
    }
    case FieldDescriptor::CPPTYPE_BOOL: {
      if (value != "true" && value != "false") {
        return Malformed(param(), absl::StrCat("Invalid boolean: ", value));
      }
      rep ? r->AddBool(message, field, value == "true")
          : r->SetBool(message, field, value == "true");
      break;
    }
    case FieldDescriptor::CPPTYPE_ENUM: {
      const EnumValueDescriptor* e = field->enum_type()->FindValueByName(value);
      if (e == nullptr) {
        const std::string name = param();
        return Malformed(name, absl::StrCat("Invalid ", name, ": ", value));
      }
      rep ? r->AddEnum(message, field, e) : r->SetEnum(message, field, e);
      break;
    }
    case FieldDescriptor::CPPTYPE_STRING:
      // Map keys and values (metadata) have their own limits, checked by the engine, and so
      // have Checkout's redirect URLs ("Invalid URL: URL must be 5000 characters or less.").
      if (field->containing_type()->map_key() == nullptr && !IsCheckoutUrl(field)) {
        PAYSIM_RETURN_IF_ERROR(CheckStringLength(value, param));
      }
      rep ? r->AddString(message, field, value) : r->SetString(message, field, value);
      break;
    case FieldDescriptor::CPPTYPE_MESSAGE:
      return Malformed(param(), "Invalid hash");
  }
  return absl::OkStatus();
}

// Walks one param down the message tree. Holds, per repeated message field, which element
// each index label created, so `items[0][a]` and `items[0][b]` land in one element.
class Decoder {
 public:
  absl::Status Decode(const FormParam& param, Message* root) {
    PAYSIM_RETURN_IF_ERROR(SetAt(root, param, 0));
    // A name that sets one value may appear once; `[]` appends never collide.
    bool appends = false;
    for (size_t i = 1; i < param.path.size(); ++i) appends |= param.path[i].empty();
    // A one-segment name is its own canonical name: no string built for it.
    const bool fresh = appends || (param.path.size() == 1
                                       ? seen_.insert(param.path[0]).second
                                       : seen_.insert(CanonicalName(param.path)).second);
    if (!fresh) {
      const std::string name = CanonicalName(param.path);
      return Malformed(name, absl::StrCat("Received duplicate parameter: ", name));
    }
    return absl::OkStatus();
  }

 private:
  // Sets `param` below `message`, whose field is named by param.path[i].
  absl::Status SetAt(Message* message, const FormParam& param, size_t i) {
    const std::vector<std::string>& path = param.path;
    const FieldDescriptor* field = message->GetDescriptor()->FindFieldByName(path[i]);
    if (field == nullptr || IsInternalFieldNumber(field->number())) {
      return ParameterUnknown(CanonicalName(path));
    }
    const size_t next = i + 1;
    const bool last = next == path.size();
    const ParamName name{path, i};
    if (field->is_map()) {
      if (last) {
        return param.value.empty() ? absl::OkStatus() : Malformed(name(), "Invalid hash");
      }
      const ParamName key_name{path, next};
      if (path[next].empty()) {
        return Malformed(key_name(), absl::StrCat("Invalid hash key: ", key_name()));
      }
      // Maps are edited as their repeated entries; one entry per key, so that
      // `items[a][x]` and `items[a][y]` fill one message value.
      Message* entry = Element(message, field, path[next]);
      PAYSIM_RETURN_IF_ERROR(
          SetScalar(entry, field->message_type()->map_key(), path[next], key_name));
      return SetValue(entry, field->message_type()->map_value(), param, next + 1);
    }
    if (field->is_repeated()) {
      if (last) {
        if (!param.value.empty()) return Malformed(name(), "Invalid array");
        MarkEmptied(message, field);
        return absl::OkStatus();
      }
      const std::string& label = path[next];
      if (!label.empty() && !IsIndex(label)) {
        return Malformed(name(), absl::StrCat("Invalid array index: ", NameUpTo(path, next)));
      }
      if (field->cpp_type() != FieldDescriptor::CPPTYPE_MESSAGE) {
        if (next + 1 != path.size()) return ParameterUnknown(CanonicalName(path));
        return SetScalar(message, field, param.value, name);
      }
      Message* element = label.empty() ? Appended(message, field, param.path, next + 1)
                                       : Element(message, field, label);
      if (next + 1 == path.size()) {
        return param.value.empty() ? absl::OkStatus()
                                   : Malformed(NameUpTo(path, next), "Invalid hash");
      }
      return SetAt(element, param, next + 1);
    }
    return SetValue(message, field, param, next);
  }

  // `name=` (empty) for repeated `field`: Stripe's form encoding of an empty list. The list
  // stays empty; if `message` has an internal bool `<name>_emptied`, it is set, so that an
  // update can tell "empty it" from "leave it".
  static void MarkEmptied(Message* message, const FieldDescriptor* field) {
    const FieldDescriptor* flag =
        message->GetDescriptor()->FindFieldByName(field->name() + "_emptied");
    if (flag == nullptr || !IsInternalFieldNumber(flag->number()) ||
        flag->cpp_type() != FieldDescriptor::CPPTYPE_BOOL || flag->is_repeated()) {
      return;
    }
    message->GetReflection()->SetBool(message, flag, true);
  }

  // The element of repeated message `field` that `label` names, added on first use.
  Message* Element(Message* message, const FieldDescriptor* field, const std::string& label) {
    const Reflection* r = message->GetReflection();
    auto [it, inserted] = slots_[{message, field}].emplace(label, r->FieldSize(*message, field));
    return inserted ? r->AddMessage(message, field)
                    : r->MutableRepeatedMessage(message, field, it->second);
  }

  // The element of repeated message `field` that `items[][...]` (no index) fills: the last
  // one made this way, unless it already has what path[rest...] names, in which case a new
  // one (Rack's rule, which Stripe's form parsing follows: `items[][price]=a&items[][quantity]=2
  // &items[][price]=b` is two items, the first of quantity 2).
  Message* Appended(Message* message, const FieldDescriptor* field,
                    const std::vector<std::string>& path, size_t rest) {
    std::string key;
    for (size_t i = rest; i < path.size(); ++i) absl::StrAppend(&key, "[", path[i], "]");
    OpenElement& open = appended_[{message, field}];
    if (open.element == nullptr || !open.keys.insert(key).second) {
      open.element = message->GetReflection()->AddMessage(message, field);
      open.keys = {key};
    }
    return open.element;
  }

  // Sets a non-repeated `field` of `message` from param.path[next...] (empty: the value).
  absl::Status SetValue(Message* message, const FieldDescriptor* field, const FormParam& param,
                        size_t next) {
    const ParamName name{param.path, next - 1};
    const bool last = next == param.path.size();
    if (field->cpp_type() == FieldDescriptor::CPPTYPE_MESSAGE) {
      if (last && !param.value.empty() && field->message_type()->full_name() == "paysim.RangeQuery") {
        // `created=T`: a range of one second, in the field the bracket syntax cannot reach.
        Message* range = message->GetReflection()->MutableMessage(message, field);
        return SetScalar(range, field->message_type()->FindFieldByName("exact"), param.value, name);
      }
      const FieldDescriptor* string_form = field->message_type()->FindFieldByName("string_form");
      if (last && !param.value.empty() && string_form != nullptr) {
        // A parameter Stripe takes as an id or a hash (a plan's `product`): the id form.
        Message* holder = message->GetReflection()->MutableMessage(message, field);
        return SetScalar(holder, string_form, param.value, name);
      }
      Message* child = message->GetReflection()->MutableMessage(message, field);
      if (last) return param.value.empty() ? absl::OkStatus() : Malformed(name(), "Invalid hash");
      return SetAt(child, param, next);
    }
    if (!last) return ParameterUnknown(CanonicalName(param.path));
    return SetScalar(message, field, param.value, name);
  }

  struct OpenElement {
    Message* element = nullptr;
    std::set<std::string> keys;  // what it was given, as `[a][b]` paths
  };

  std::map<std::pair<const Message*, const FieldDescriptor*>, std::map<std::string, int>> slots_;
  std::map<std::pair<const Message*, const FieldDescriptor*>, OpenElement> appended_;
  absl::flat_hash_set<std::string> seen_;  // the canonical names set so far
};

int HexValue(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

}  // namespace

bool PercentDecode(absl::string_view in, bool plus_is_space, std::string* out) {
  out->clear();
  out->reserve(in.size());
  for (size_t i = 0; i < in.size(); ++i) {
    const char c = in[i];
    if (c == '+' && plus_is_space) {
      out->push_back(' ');
    } else if (c == '%') {
      if (in.size() - i < 3) return false;
      const int hi = HexValue(in[i + 1]);
      const int lo = HexValue(in[i + 2]);
      if (hi < 0 || lo < 0) return false;
      out->push_back(static_cast<char>(hi * 16 + lo));
      i += 2;
    } else {
      out->push_back(c);
    }
  }
  return true;
}

bool IsValidUtf8(absl::string_view s) {
  size_t i = 0;
  while (i < s.size()) {
    const unsigned char c = static_cast<unsigned char>(s[i]);
    int extra;
    uint32_t cp;
    if (c < 0x80) {
      ++i;
      continue;
    } else if ((c & 0xE0) == 0xC0) {
      extra = 1;
      cp = c & 0x1F;
    } else if ((c & 0xF0) == 0xE0) {
      extra = 2;
      cp = c & 0x0F;
    } else if ((c & 0xF8) == 0xF0) {
      extra = 3;
      cp = c & 0x07;
    } else {
      return false;
    }
    if (s.size() - i <= static_cast<size_t>(extra)) return false;  // truncated
    for (int k = 1; k <= extra; ++k) {
      const unsigned char cc = static_cast<unsigned char>(s[i + k]);
      if ((cc & 0xC0) != 0x80) return false;
      cp = (cp << 6) | (cc & 0x3F);
    }
    static constexpr uint32_t kMin[] = {0, 0x80, 0x800, 0x10000};
    if (cp < kMin[extra] || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) return false;
    i += extra + 1;
  }
  return true;
}

std::string Utf8OrEscaped(absl::string_view s) {
  if (IsValidUtf8(s)) return std::string(s);
  std::string out;
  for (char c : s) {
    const unsigned char u = static_cast<unsigned char>(c);
    if (u < 0x80) {
      out.push_back(c);
    } else {
      constexpr absl::string_view kHex = "0123456789ABCDEF";
      out.push_back('%');
      out.push_back(kHex[u >> 4]);
      out.push_back(kHex[u & 0xF]);
    }
  }
  return out;
}

std::string CanonicalName(const std::vector<std::string>& path) {
  if (path.empty()) return "";
  return absl::StrCat(path[0], path.size() > 1 ? "[" : "",
                      absl::StrJoin(path.begin() + 1, path.end(), "]["),
                      path.size() > 1 ? "]" : "");
}

absl::StatusOr<std::vector<FormParam>> ParseForm(absl::string_view encoded,
                                                 const FormDecodeOptions& options) {
  if (encoded.size() > options.max_encoded_bytes) {
    return Malformed("", absl::StrCat("Request parameters too large (more than ",
                                      options.max_encoded_bytes, " bytes)."));
  }
  std::vector<FormParam> out;
  // One allocation: the pairs are at most the '&'s and one (empty pieces are skipped).
  out.reserve(std::min<size_t>(std::count(encoded.begin(), encoded.end(), '&') + 1,
                               options.max_pairs + 1));
  for (absl::string_view piece : absl::StrSplit(encoded, '&')) {
    if (piece.empty()) continue;
    if (out.size() == options.max_pairs) {
      return Malformed("",
                       absl::StrCat("Too many parameters (more than ", options.max_pairs, ")."));
    }
    std::pair<absl::string_view, absl::string_view> kv =
        absl::StrSplit(piece, absl::MaxSplits('=', 1));
    std::string name;
    FormParam param;
    if (!PercentDecode(kv.first, true, &name) || !PercentDecode(kv.second, true, &param.value)) {
      return Malformed("", "Invalid percent-encoding in the request parameters.");
    }
    if (!IsValidUtf8(name)) return Malformed("", "Invalid UTF-8 in a parameter name.");
    if (!IsValidUtf8(param.value)) {
      return Malformed(name, absl::StrCat("Invalid UTF-8 in the value of ", name, "."));
    }
    auto path = SplitName(name, options.max_depth);
    if (!path.ok()) return path.status();
    param.path = *std::move(path);
    out.push_back(std::move(param));
  }
  return out;
}

absl::Status DecodeParams(const std::vector<FormParam>& params, Message* message) {
  Decoder decoder;
  for (const FormParam& param : params) {
    absl::Status s = decoder.Decode(param, message);
    if (!s.ok()) return s;
  }
  return absl::OkStatus();
}

absl::Status DecodeForm(absl::string_view encoded, Message* message,
                        const FormDecodeOptions& options) {
  absl::StatusOr<std::vector<FormParam>> params = ParseForm(encoded, options);
  if (!params.ok()) return params.status();
  return DecodeParams(*params, message);
}

}  // namespace wire
}  // namespace paysim
