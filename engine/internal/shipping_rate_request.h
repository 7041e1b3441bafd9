// shipping_rate_request.h (internal): the checks of a new shipping rate's fields, shared by
// `POST /v1/shipping_rates` and Checkout's `shipping_options[][shipping_rate_data]`.
#ifndef PAYSIM_ENGINE_INTERNAL_SHIPPING_RATE_REQUEST_H_
#define PAYSIM_ENGINE_INTERNAL_SHIPPING_RATE_REQUEST_H_

#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "proto/shipping_rate.obj.h"
#include "proto/shipping_rate_params.pb.h"

namespace paysim {

// Stripe's limit on a shipping rate's display_name.
constexpr int kShippingRateDisplayNameMaxLength = 100;

namespace internal {

// DraftShippingRate()
//
// A new active shipping rate from `params` (id, object, created and livemode left to its
// lifecycle), or Stripe's first refusal. Params in errors are named under `prefix`: "" for
// `POST /v1/shipping_rates` ("fixed_amount[amount]"), "shipping_options[0][shipping_rate_data]"
// for Checkout ("shipping_options[0][shipping_rate_data][fixed_amount][amount]").
absl::StatusOr<ShippingRate> DraftShippingRate(const ShippingRateCreateParams& params,
                                               absl::string_view prefix = "");

// Checks a tax_behavior value (`param` names it in the error).
absl::Status ValidateShippingTaxBehavior(absl::string_view value, absl::string_view param);

}  // namespace internal
}  // namespace paysim

#endif  // PAYSIM_ENGINE_INTERNAL_SHIPPING_RATE_REQUEST_H_
