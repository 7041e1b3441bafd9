// shipping_rates.h: Shipping rates (`shr_...`), the prices of shipping Checkout offers.
//
// A rate is `fixed_amount` (Stripe's only type): an amount in one currency (and, through
// fixed_amount[currency_options], in others, each with its own tax behaviour), with a display
// name, an optional delivery estimate and a tax behaviour. The amount, currency, display name
// and delivery estimate are fixed at creation; active, metadata, tax_behavior and the
// currency options change on update. A Checkout Session in a currency of the options charges
// that option's amount. An inactive (archived) rate stays on the sessions that already offer
// it and cannot be offered again. Checkout Sessions take rates through `shipping_options`
// (engine/checkout_sessions.h). Lifecycle: engine/internal/shipping_rate_lifecycle.h.
//
// Example:
//   auto rate = engine.shipping_rates().Create(ParseParams<ShippingRateCreateParams>(R"pb(
//       display_name: "Ground" fixed_amount { amount: 500 currency: "usd" })pb"));
//
// Errors (a refused call changes nothing; HTTP 400 unless stated):
//   - display_name, fixed_amount, fixed_amount[amount] or fixed_amount[currency] missing
//     (parameter_missing); display_name empty or over kShippingRateDisplayNameMaxLength;
//     a negative amount; an unknown currency; type other than fixed_amount;
//   - delivery_estimate[minimum|maximum] without unit or value, a unit not one of
//     business_day, day, hour, month, week, or a value below 1 (each with its param);
//   - tax_behavior not inclusive, exclusive or unspecified; on update, changing a tax_behavior
//     already inclusive or exclusive;
//   - fixed_amount[currency_options]: a key not a supported currency, or fixed_amount's own
//     currency (param fixed_amount[currency_options][<ccy>]); its amount missing
//     (parameter_missing; on update only for a currency the rate has no option in) or
//     negative (parameter_invalid_integer); its tax_behavior not inclusive, exclusive or
//     unspecified, or on update changed once inclusive or exclusive
//     (engine/internal/currency_options.h);
//   - an unknown shipping rate id: resource_missing (404); metadata as everywhere.
// Events: none (Stripe sends none about shipping rates).
// Thread safety: thread-safe.
#ifndef PAYSIM_ENGINE_SHIPPING_RATES_H_
#define PAYSIM_ENGINE_SHIPPING_RATES_H_

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "engine/list.h"
#include "engine/request_options.h"
#include "proto/shipping_rate.obj.h"
#include "proto/shipping_rate_params.pb.h"

namespace paysim {
namespace internal {
class World;
}  // namespace internal

class ShippingRateService {
 public:
  explicit ShippingRateService(internal::World* world) : world_(world) {}

  // display_name and fixed_amount (amount, currency) required; fixed_amount[currency_options],
  // delivery_estimate, metadata, tax_behavior (default unspecified), tax_code, type
  // (fixed_amount).
  absl::StatusOr<ShippingRate> Create(const ShippingRateCreateParams& params,
                                      const RequestOptions& options = {});

  absl::StatusOr<ShippingRate> Retrieve(absl::string_view id, const RequestOptions& options = {});

  // active, metadata, tax_behavior (only while it is unspecified, or to the same value),
  // fixed_amount[currency_options] (each currency given is added or changed).
  absl::StatusOr<ShippingRate> Update(absl::string_view id, const ShippingRateUpdateParams& params,
                                      const RequestOptions& options = {});

  // Newest first; filtered by active and currency when given.
  absl::StatusOr<ListResult<ShippingRate>> List(const ShippingRateListParams& params,
                                                const RequestOptions& options = {});

 private:
  internal::World* world_;
};

}  // namespace paysim

#endif  // PAYSIM_ENGINE_SHIPPING_RATES_H_
