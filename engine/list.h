// list.h: Stripe's list pagination (`limit`, `starting_after`, `ending_before`, `has_more`).
//
// Lists are newest first. `starting_after=X` gives the page of objects older than X;
// `ending_before=X` the page of objects just newer than X. `limit` is 1 to 100 (10 by default).
#ifndef PAYSIM_ENGINE_LIST_H_
#define PAYSIM_ENGINE_LIST_H_

#include <cstdint>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/string_view.h"
#include "absl/types/optional.h"

namespace paysim {

constexpr int64_t kListDefaultLimit = 10;
constexpr int64_t kListMaxLimit = 100;

// One page of a list: Stripe's `{"object": "list", "data": [...], "has_more": ..., "url": ...}`.
template <typename T>
struct ListResult {
  std::vector<T> data;
  bool has_more = false;
  std::string url;  // e.g. "/v1/charges"
};

// The pagination part of a list request, validated.
struct ListWindow {
  int64_t limit = kListDefaultLimit;
  std::string starting_after;
  std::string ending_before;
};

// Validates the pagination parameters of any *ListParams message (limit in 1..100, at most
// one of starting_after / ending_before) into *window.
absl::Status MakeListWindow(absl::optional<int64_t> limit, absl::optional<std::string> starting_after,
                            absl::optional<std::string> ending_before, ListWindow* window);

// Reads the pagination fields of a params proto that has `limit`, `starting_after` and
// `ending_before` (every *ListParams message does).
template <typename Params>
absl::Status MakeListWindow(const Params& params, ListWindow* window) {
  return MakeListWindow(
      params.has_limit() ? absl::optional<int64_t>(params.limit()) : absl::nullopt,
      params.has_starting_after() ? absl::optional<std::string>(params.starting_after())
                                  : absl::nullopt,
      params.has_ending_before() ? absl::optional<std::string>(params.ending_before())
                                 : absl::nullopt,
      window);
}

}  // namespace paysim

#endif  // PAYSIM_ENGINE_LIST_H_
