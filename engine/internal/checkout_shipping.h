// checkout_shipping.h (internal): a Checkout Session's shipping options
// (`shipping_options[][shipping_rate | shipping_rate_data]`): their checks, the rates made
// from shipping_rate_data, and the session's `shipping_options` and `shipping_cost`.
//
// Stripe's rules: payment mode only; at most kCheckoutMaxShippingOptions; each option exactly
// one of shipping_rate (an existing, active rate) and shipping_rate_data (a new rate, made
// when the session is); every rate in the session's currency or with an amount in it among
// its fixed_amount.currency_options, which is then what it costs (and whose tax_behavior
// automatic tax uses; currency_options.h). The first option is the one
// chosen until the customer picks another (CheckoutPageService::ChooseShippingOption).
// paysim's rule (UNCERTAIN): shipping is not taxed by line items' tax rates; only automatic
// tax taxes it, as the rate's tax_behavior says (checkout_automatic_tax.h). The session's
// amount_total adds shipping_cost.amount_total (checkout_totals.h).
#ifndef PAYSIM_ENGINE_INTERNAL_CHECKOUT_SHIPPING_H_
#define PAYSIM_ENGINE_INTERNAL_CHECKOUT_SHIPPING_H_

#include <cstdint>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "engine/internal/world.h"
#include "proto/checkout.obj.h"
#include "proto/checkout_params.pb.h"
#include "proto/shipping_rate.obj.h"

namespace paysim {

constexpr int kCheckoutMaxShippingOptions = 5;

namespace internal {

// One checked option: an existing rate, or the draft of a new one, with what it costs in the
// session's currency.
struct ShippingOptionPlan {
  const ShippingRate* rate = nullptr;  // shipping_rate
  ShippingRate draft;                  // shipping_rate_data, when rate is nullptr
  int64_t session_amount = 0;          // fixed_amount's, or its currency option's
  std::string tax_behavior;            // the rate's, or its currency option's

  int64_t amount() const { return session_amount; }
  const ShippingRate& shipping_rate() const { return rate != nullptr ? *rate : draft; }
};

// CheckShippingOptions()
//
// Checks `options` (a create's or an update's `shipping_options`) for a session of `mode` in
// `currency` (lowercase; "" in setup mode): the options, or Stripe's first refusal. Changes
// nothing.
absl::StatusOr<std::vector<ShippingOptionPlan>> CheckShippingOptions(
    World& world, const google::protobuf::RepeatedPtrField<CheckoutShippingOptionParams>& options,
    const std::string& mode, const std::string& currency);

// ApplyShippingOptions()
//
// Makes the rates of shipping_rate_data options and sets `session`'s shipping_options and
// shipping_cost (the first option), replacing any it had (none left, and no shipping_cost, when
// `plans` is empty). Call before the session's totals are filled.
void ApplyShippingOptions(World& world, const std::vector<ShippingOptionPlan>& plans,
                          CheckoutSession& session);

}  // namespace internal
}  // namespace paysim

#endif  // PAYSIM_ENGINE_INTERNAL_CHECKOUT_SHIPPING_H_
