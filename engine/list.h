// list.h: Stripe's list pagination (`limit`, `starting_after`, `ending_before`, `has_more`)
// and the `created` filter every dated list takes.
//
// Lists are newest first. `starting_after=X` gives the page of objects older than X;
// `ending_before=X` the page of objects just newer than X. `limit` is 1 to 100 (10 by default).
// `created=T` keeps the objects created at second T; `created[gt|gte|lt|lte]=T` bound it (any
// combination; an empty range keeps nothing). The filter applies before the page is cut, so
// has_more and the cursors behave as on an unfiltered list of the kept objects.
#ifndef PAYSIM_ENGINE_LIST_H_
#define PAYSIM_ENGINE_LIST_H_

#include <climits>
#include <cstdint>
#include <string>
#include <utility>
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

// The `created` filter: the objects created in [min, max] (Unix seconds, both inclusive).
struct CreatedRange {
  int64_t min = INT64_MIN;
  int64_t max = INT64_MAX;
  bool Contains(int64_t created) const { return created >= min && created <= max; }
};

// The pagination part of a list request, validated.
struct ListWindow {
  int64_t limit = kListDefaultLimit;
  std::string starting_after;
  std::string ending_before;
  CreatedRange created;
};

// The range a `created` parameter (proto/params.proto RangeQuery) selects.
template <typename Range>
CreatedRange MakeCreatedRange(const Range& r) {
  CreatedRange out;
  auto at_least = [&](int64_t v) { if (v > out.min) out.min = v; };
  auto at_most = [&](int64_t v) { if (v < out.max) out.max = v; };
  if (r.has_exact()) at_least(r.exact()), at_most(r.exact());
  if (r.has_gte()) at_least(r.gte());
  if (r.has_lte()) at_most(r.lte());
  if (r.has_gt()) {
    if (r.gt() == INT64_MAX) return CreatedRange{1, 0};  // nothing is later
    at_least(r.gt() + 1);
  }
  if (r.has_lt()) {
    if (r.lt() == INT64_MIN) return CreatedRange{1, 0};  // nothing is earlier
    at_most(r.lt() - 1);
  }
  return out;
}

namespace list_internal {
template <typename P>
auto ReadCreated(const P& p, ListWindow* w, int) -> decltype(p.has_created(), void()) {
  if (p.has_created()) w->created = MakeCreatedRange(p.created());
}
template <typename P>
void ReadCreated(const P&, ListWindow*, long) {}  // a list without `created`
}  // namespace list_internal

// Validates the pagination parameters of any *ListParams message (limit in 1..100, at most
// one of starting_after / ending_before) into *window.
absl::Status MakeListWindow(absl::optional<int64_t> limit, absl::optional<std::string> starting_after,
                            absl::optional<std::string> ending_before, ListWindow* window);

// Reads the pagination fields of a params proto that has `limit`, `starting_after` and
// `ending_before` (every *ListParams message does), and its `created` filter if it has one.
template <typename Params>
absl::Status MakeListWindow(const Params& params, ListWindow* window) {
  list_internal::ReadCreated(params, window, 0);
  return MakeListWindow(
      params.has_limit() ? absl::optional<int64_t>(params.limit()) : absl::nullopt,
      params.has_starting_after() ? absl::optional<std::string>(params.starting_after())
                                  : absl::nullopt,
      params.has_ending_before() ? absl::optional<std::string>(params.ending_before())
                                 : absl::nullopt,
      window);
}

// A page of `items` (any range with size() and operator[]: a vector, a repeated field),
// already in the list's order, as `window` asks: after `starting_after` or before
// `ending_before` (cursors are the items' ids), at most `limit` items. The `created` filter
// is the caller's.
template <typename T, typename Range>
ListResult<T> PageInOrder(const Range& items, const ListWindow& window, std::string url) {
  ListResult<T> out;
  out.url = std::move(url);
  int begin = 0;
  int end = static_cast<int>(items.size());
  for (int i = 0; i < static_cast<int>(items.size()); ++i) {
    if (!window.starting_after.empty() && items[i].id() == window.starting_after) begin = i + 1;
    if (!window.ending_before.empty() && items[i].id() == window.ending_before) end = i;
  }
  if (!window.ending_before.empty() && end - begin > window.limit) {
    begin = end - static_cast<int>(window.limit);
  }
  for (int i = begin; i < end && static_cast<int64_t>(out.data.size()) < window.limit; ++i) {
    out.data.push_back(items[i]);
  }
  out.has_more = begin + static_cast<int>(out.data.size()) < end ||
                 (!window.ending_before.empty() && begin > 0);
  return out;
}

}  // namespace paysim

#endif  // PAYSIM_ENGINE_LIST_H_
