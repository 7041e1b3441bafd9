// json_path.h: reading values out of Stripe JSON responses by path, for scenario
// expectations and `{name.path}` references.
//
// A path is dot-separated keys with optional indexes: `status`, `outcome.type`,
// `data[0].id`, `error.code`. An expectation is `path == value` or `path != value`, where
// value is JSON (`"succeeded"`, `999`, `true`, `null`).
#ifndef PAYSIM_TESTING_JSON_PATH_H_
#define PAYSIM_TESTING_JSON_PATH_H_

#include <string>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "nlohmann/json.hpp"

namespace paysim {
namespace testing {

using JsonValue = nlohmann::ordered_json;

// The value at `path` in `root`, or nullptr if the path does not lead anywhere.
const JsonValue* FindJsonPath(const JsonValue& root, absl::string_view path);

// Checks `expectation` against `root`. OK if it holds; otherwise kFailedPrecondition with
// "path: expected X, got Y" (or kInvalidArgument if the expectation does not parse).
absl::Status CheckJsonExpectation(const JsonValue& root, absl::string_view expectation);

// A value as a reference substitutes it: strings without quotes, others as JSON text.
std::string JsonValueText(const JsonValue& value);

}  // namespace testing
}  // namespace paysim

#endif  // PAYSIM_TESTING_JSON_PATH_H_
