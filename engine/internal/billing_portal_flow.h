// billing_portal_flow.h: a customer portal session's `flow_data` (Stripe's portal deep links):
// the one action the session's link leads the customer to, checked and made into the
// session's `flow`.
//
// Types: `payment_method_update`, `subscription_cancel` (`subscription`; a `retention` offer
// of a coupon), `subscription_update` (`subscription`) and `subscription_update_confirm`
// (`subscription`, exactly one of its `items` with a new `price` and/or `quantity`, at most one
// of `discounts`: a coupon or a promotion code). `after_completion[type]`:
// `portal_homepage` (the default), `hosted_confirmation` (an optional `custom_message`) or
// `redirect` (`redirect[return_url]` required). The subscription must be the session
// customer's and neither canceled nor incomplete_expired. The first three types need their
// feature enabled in the session's configuration (`features[payment_method_update]`,
// `[subscription_cancel]`, `[subscription_update]`).
//
// paysim has no portal page, so the flow is rendered and checked only: what the customer
// would do in it, a test does through the API (SubscriptionService::Update, Cancel...).
//
// Errors (invalid_request_error, param the offending field under `flow_data[...]`):
// parameter_missing for a missing `type`, `after_completion[type]`, `redirect[return_url]`,
// the type's own hash or `subscription`, `items`, `items[0][id]`, `retention[type]`,
// `coupon_offer[coupon]`; a value outside Stripe's lists; a hash given for another type
// (`flow_data[subscription_cancel]` with type `subscription_update`...); resource_missing for
// an unknown subscription, coupon, promotion code or price (400, naming its param); url_invalid
// for a bad return URL.
// UNCERTAIN: the wording of every refusal; that Stripe refuses a hash of another type rather
// than ignoring it; the 500-character limit of `custom_message`.
#ifndef PAYSIM_ENGINE_INTERNAL_BILLING_PORTAL_FLOW_H_
#define PAYSIM_ENGINE_INTERNAL_BILLING_PORTAL_FLOW_H_

#include "absl/status/statusor.h"
#include "engine/internal/world.h"
#include "proto/billing_portal.obj.h"
#include "proto/billing_portal_params.pb.h"

namespace paysim {
namespace internal {

// The longest `after_completion[hosted_confirmation][custom_message]`.
inline constexpr size_t kPortalFlowMessageMaxLength = 500;

// The `flow` of a session for `customer` in a configuration with `features`, from `params`
// (flow_data), or the refusal. Reads the world only. REQUIRES: the world's lock held.
absl::StatusOr<BillingPortalFlow> CheckPortalFlow(World& world,
                                                  const BillingPortalFlowDataParams& params,
                                                  absl::string_view customer,
                                                  const BillingPortalFeatures& features);

}  // namespace internal
}  // namespace paysim

#endif  // PAYSIM_ENGINE_INTERNAL_BILLING_PORTAL_FLOW_H_
