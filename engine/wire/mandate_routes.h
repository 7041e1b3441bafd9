// mandate_routes.h: the route of Stripe's Mandates API, `GET /v1/mandates/{id}` (served by
// engine/mandates.h; expand[] as for any object: `payment_method`). An unknown id answers
// resource_missing (404, param "mandate").
//
// Thread safety: the table is immutable.
#ifndef PAYSIM_ENGINE_WIRE_MANDATE_ROUTES_H_
#define PAYSIM_ENGINE_WIRE_MANDATE_ROUTES_H_

#include <vector>

#include "engine/wire/routes.h"

namespace paysim {
namespace wire {

// The mandate routes, secret keys only.
const std::vector<Route>& MandateRoutes();

}  // namespace wire
}  // namespace paysim

#endif  // PAYSIM_ENGINE_WIRE_MANDATE_ROUTES_H_
