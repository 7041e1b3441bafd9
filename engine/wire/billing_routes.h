// billing_routes.h (internal to the wire door): the routes of Stripe Billing: subscriptions,
// their items and schedules, invoices and invoice items, plans, coupons, promotion codes, tax
// rates, credit notes and test clocks. Part of the engine's routes (routes.h EngineRoutes),
// bound to the engine's methods as the others are (route_binding.h).
//
// Thread safety: the table is immutable.
#ifndef PAYSIM_ENGINE_WIRE_BILLING_ROUTES_H_
#define PAYSIM_ENGINE_WIRE_BILLING_ROUTES_H_

#include <vector>

#include "engine/wire/routes.h"

namespace paysim {
namespace wire {

// Stripe Billing's routes, secret keys only.
const std::vector<Route>& BillingRoutes();

}  // namespace wire
}  // namespace paysim

#endif  // PAYSIM_ENGINE_WIRE_BILLING_ROUTES_H_
