// checkout_page_wording.h (internal): how a Checkout Session's page words itself: its
// `locale` and the pay button's `submit_type` (Stripe's API reference).
//
//   locale       one of Stripe's locales (kCheckoutLocales; `auto`: the browser's), rendered
//                as given, null when not given. Anything else: invalid_request_error about
//                `locale`.
//   submit_type  payment mode: `auto`, `book`, `donate`, `pay` or `subscribe`; subscription
//                mode: `auto` or `subscribe`; refused in setup mode ("`submit_type` can only
//                be specified on Checkout Sessions in `payment` or `subscription` mode").
//                Rendered as given, null when not given. A Payment Link's `submit_type` goes
//                to its sessions.
//
// UNCERTAIN: the wording of the refusals but the setup mode's; whether Stripe takes `book`,
// `donate` or `pay` in subscription mode (paysim refuses them, as its Payment Links do).
#ifndef PAYSIM_ENGINE_INTERNAL_CHECKOUT_PAGE_WORDING_H_
#define PAYSIM_ENGINE_INTERNAL_CHECKOUT_PAGE_WORDING_H_

#include "absl/status/status.h"
#include "absl/strings/string_view.h"
#include "proto/checkout.obj.h"
#include "proto/checkout_params.pb.h"

namespace paysim {
namespace internal {

// CheckPageWording()
//
// The `locale` and `submit_type` of a create request in `mode`, checked: the first refusal,
// or OK.
absl::Status CheckPageWording(const CheckoutSessionCreateParams& params, absl::string_view mode);

// SetPageWording()
//
// The session's `locale` and `submit_type` as given (checked).
void SetPageWording(const CheckoutSessionCreateParams& params, CheckoutSession& session);

}  // namespace internal
}  // namespace paysim

#endif  // PAYSIM_ENGINE_INTERNAL_CHECKOUT_PAGE_WORDING_H_
