// search_routes.h: Stripe's Search API (`GET /v1/{charges,customers,invoices,payment_intents,
// prices,products,subscriptions}/search?query=...`), which paysim does not implement. Each
// search path answers a clear 400 (invalid_request_error, param `query`) naming the list
// endpoint and its filters to use instead, rather than being read as a retrieve of an object
// whose id is "search". Checked before the object routes (routes.cc puts them first).
//
// Thread safety: the table is immutable; the handler touches no engine state.
#ifndef PAYSIM_ENGINE_WIRE_SEARCH_ROUTES_H_
#define PAYSIM_ENGINE_WIRE_SEARCH_ROUTES_H_

#include <vector>

#include "engine/wire/routes.h"

namespace paysim {
namespace wire {

// The search paths of Stripe's searchable resources, secret keys only.
const std::vector<Route>& SearchRoutes();

}  // namespace wire
}  // namespace paysim

#endif  // PAYSIM_ENGINE_WIRE_SEARCH_ROUTES_H_
