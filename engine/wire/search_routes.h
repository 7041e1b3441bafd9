// search_routes.h: the routes of Stripe's Search API (`GET /v1/{charges,customers,invoices,
// payment_intents,prices,products,subscriptions}/search?query=...&limit=&page=`), served by
// engine/search.h and rendered as Stripe's `search_result` object: `{"object":
// "search_result", "data": [...], "has_more": ..., "next_page": <token or null>, "url": ...}`
// (expand[] paths under `data.`, as a list's). Matched before the object routes (routes.cc
// puts them first), which would read "search" as an id.
//
// Thread safety: the table is immutable.
#ifndef PAYSIM_ENGINE_WIRE_SEARCH_ROUTES_H_
#define PAYSIM_ENGINE_WIRE_SEARCH_ROUTES_H_

#include <vector>

#include "engine/wire/routes.h"

namespace paysim {
namespace wire {

// The search routes, secret keys only.
const std::vector<Route>& SearchRoutes();

}  // namespace wire
}  // namespace paysim

#endif  // PAYSIM_ENGINE_WIRE_SEARCH_ROUTES_H_
