// payment_page_routes.h (internal to the wire door): Stripe's private Checkout page endpoints,
// which the Stripe CLI's checkout fixtures call to complete a session as its customer would:
//
//   GET  /v1/payment_pages/{cs_...}          the page (answered with the Checkout Session)
//   POST /v1/payment_pages/{cs_...}/confirm  pay: `payment_method=pm_...`, `expected_amount`
//
// They map onto CheckoutPageService (checkout_page.h), the simulated customer: confirm is its
// Pay with the PaymentMethod the page created (an unattached card; its billing_details email is
// the customer's email unless `email` is given). `expected_amount`, when given, must be the
// session's amount_total. Being private and undocumented, these endpoints accept and ignore
// any other parameter (the page sends many, e.g. `expected_payment_method_type`, `js_checksum`);
// the public routes keep refusing unknown parameters.
//
// Thread safety: as the engine.
#ifndef PAYSIM_ENGINE_WIRE_PAYMENT_PAGE_ROUTES_H_
#define PAYSIM_ENGINE_WIRE_PAYMENT_PAGE_ROUTES_H_

#include <string>

#include "absl/status/status.h"
#include "engine/wire/routes.h"

namespace paysim {
namespace wire {

// Route handlers (Route::handler) of the two endpoints above.
absl::Status ServePaymentPage(const RouteCall& call, std::string* json);
absl::Status ServePaymentPageConfirm(const RouteCall& call, std::string* json);

}  // namespace wire
}  // namespace paysim

#endif  // PAYSIM_ENGINE_WIRE_PAYMENT_PAGE_ROUTES_H_
