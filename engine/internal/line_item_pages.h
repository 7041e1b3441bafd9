// line_item_pages.h (internal): a page of an object's line items (a Checkout Session's, a
// Payment Link's, a quote's), as `GET /v1/<objects>/{id}/line_items` lists them.
//
// The items are in the object's order; `starting_after` gives those after the item it names,
// `ending_before` the `limit` items before it. A cursor that names none of the items is
// Stripe's resource_missing ("No such line item", naming the cursor's param).
#ifndef PAYSIM_ENGINE_INTERNAL_LINE_ITEM_PAGES_H_
#define PAYSIM_ENGINE_INTERNAL_LINE_ITEM_PAGES_H_

#include <algorithm>
#include <cstdint>
#include <string>
#include <utility>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "engine/internal/status_macros.h"
#include "engine/list.h"
#include "engine/stripe_error.h"
#include "proto/checkout.obj.h"

namespace paysim {
namespace internal {

// The page `params` (any *LineItemListParams: limit, starting_after, ending_before) ask for.
template <typename Items, typename Params>
absl::StatusOr<ListResult<LineItem>> PageLineItems(const Items& items, const Params& params,
                                                   std::string url) {
  ListWindow window;
  PAYSIM_RETURN_IF_ERROR(MakeListWindow(params, &window));
  const int n = static_cast<int>(items.size());
  auto position = [&](const std::string& id, absl::string_view param) -> absl::StatusOr<int> {
    for (int i = 0; i < n; ++i) {
      if (items[i].id() == id) return i;
    }
    return ResourceMissing("line item", id, param);
  };
  int begin = 0;
  int end = n;
  if (!window.starting_after.empty()) {
    PAYSIM_ASSIGN_OR_RETURN(const int p, position(window.starting_after, "starting_after"));
    begin = p + 1;
  } else if (!window.ending_before.empty()) {
    PAYSIM_ASSIGN_OR_RETURN(end, position(window.ending_before, "ending_before"));
    begin = static_cast<int>(std::max<int64_t>(0, end - window.limit));
  }
  ListResult<LineItem> result;
  result.url = std::move(url);
  for (int i = begin; i < end && static_cast<int64_t>(result.data.size()) < window.limit; ++i) {
    result.data.push_back(items[i]);
  }
  result.has_more = window.ending_before.empty()
                        ? begin + static_cast<int>(result.data.size()) < end
                        : begin > 0;
  return result;
}

}  // namespace internal
}  // namespace paysim

#endif  // PAYSIM_ENGINE_INTERNAL_LINE_ITEM_PAGES_H_
