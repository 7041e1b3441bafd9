#include "engine/list.h"

#include <utility>

#include "absl/strings/str_cat.h"
#include "engine/stripe_error.h"

namespace paysim {

absl::Status MakeListWindow(absl::optional<int64_t> limit, absl::optional<std::string> starting_after,
                            absl::optional<std::string> ending_before, ListWindow* window) {
  if (limit.has_value()) {
    if (*limit < 1 || *limit > kListMaxLimit) {
      return InvalidRequestError(
          "", "limit",
          absl::StrCat("Invalid limit: must be between 1 and ", kListMaxLimit, "."));
    }
    window->limit = *limit;
  }
  if (starting_after.has_value() && ending_before.has_value()) {
    return InvalidRequestError(
        "parameters_exclusive", "ending_before",
        "You may only specify one of these parameters: ending_before, starting_after.");
  }
  if (starting_after.has_value()) window->starting_after = std::move(*starting_after);
  if (ending_before.has_value()) window->ending_before = std::move(*ending_before);
  return absl::OkStatus();
}

}  // namespace paysim
