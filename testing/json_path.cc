#include "testing/json_path.h"

#include <cstdlib>
#include <vector>

#include "absl/strings/ascii.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"

namespace paysim {
namespace testing {

const JsonValue* FindJsonPath(const JsonValue& root, absl::string_view path) {
  const JsonValue* at = &root;
  for (absl::string_view part : absl::StrSplit(path, '.')) {
    // "name[1][2]": the key, then indexes.
    const size_t bracket = part.find('[');
    absl::string_view key = part.substr(0, bracket);
    if (!key.empty()) {
      if (!at->is_object()) return nullptr;
      auto it = at->find(std::string(key));
      if (it == at->end()) return nullptr;
      at = &*it;
    }
    absl::string_view rest = bracket == absl::string_view::npos ? "" : part.substr(bracket);
    while (!rest.empty()) {
      const size_t close = rest.find(']');
      if (rest[0] != '[' || close == absl::string_view::npos) return nullptr;
      size_t index = 0;
      if (!absl::SimpleAtoi(rest.substr(1, close - 1), &index)) return nullptr;
      if (!at->is_array() || index >= at->size()) return nullptr;
      at = &(*at)[index];
      rest = rest.substr(close + 1);
    }
  }
  return at;
}

absl::Status CheckJsonExpectation(const JsonValue& root, absl::string_view expectation) {
  bool equal = true;
  size_t op = expectation.find("==");
  if (op == absl::string_view::npos) {
    op = expectation.find("!=");
    equal = false;
  }
  if (op == absl::string_view::npos) {
    return absl::InvalidArgumentError(
        absl::StrCat("expectation '", expectation, "' has no == or !="));
  }
  const absl::string_view path = absl::StripAsciiWhitespace(expectation.substr(0, op));
  const absl::string_view text = absl::StripAsciiWhitespace(expectation.substr(op + 2));
  JsonValue want = JsonValue::parse(text.begin(), text.end(), nullptr, /*allow_exceptions=*/false);
  if (want.is_discarded()) {
    return absl::InvalidArgumentError(
        absl::StrCat("expectation '", expectation, "': ", text, " is not JSON (quote strings)"));
  }
  const JsonValue* got = FindJsonPath(root, path);
  const bool holds = got != nullptr && ((*got == want) == equal);
  if (holds) return absl::OkStatus();
  return absl::FailedPreconditionError(absl::StrCat(
      path, ": expected ", equal ? "" : "not ", want.dump(), ", got ",
      got == nullptr ? "nothing (no such path)" : got->dump()));
}

std::string JsonValueText(const JsonValue& value) {
  if (value.is_string()) return value.get<std::string>();
  return value.dump();
}

}  // namespace testing
}  // namespace paysim
