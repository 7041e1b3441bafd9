// currency_options.h (internal): what coupons, promotion codes and shipping rates give in
// currencies other than their own (Stripe's `currency_options`): reading an amount for a
// currency, and checking the `currency_options` parameters that set them.
//
// Stripe's rules, as paysim applies them:
//   - an amount_off coupon takes `currency_options[<ccy>][amount_off]` off a Checkout Session,
//     invoice or subscription in <ccy>, its own amount_off in its own currency, and refuses
//     (or, on invoices, skips) any other currency; a percent_off coupon has no options and
//     applies in every currency;
//   - a promotion code with a minimum (restrictions[minimum_amount] in
//     minimum_amount_currency) asks `restrictions[currency_options][<ccy>][minimum_amount]` of
//     an order in <ccy>; an order in a currency with no minimum is refused (UNCERTAIN);
//   - a shipping rate costs `fixed_amount[currency_options][<ccy>][amount]` (with that
//     option's tax_behavior) in a session in <ccy>.
// The options are stored as entries sorted by currency (proto/coupon.proto says why they are
// not a map yet); a currency appears at most once and is never the object's own currency.
//
// Parameter checks (each an invalid_request_error, HTTP 400; params are bracketed names
// under the given prefix, e.g. `currency_options[eur][amount_off]`), keys taken in sorted order:
//   - an unsupported currency key: "Invalid currency: <key>" (param `<prefix>[<key>]`);
//   - a key that is the object's own currency (param `<prefix>[<key>]`), or the same currency
//     twice in different case (param `<prefix>[<key>]`);
//   - the amount missing (parameter_missing) or out of range (parameter_invalid_integer);
//   - a shipping option's tax_behavior not inclusive, exclusive or unspecified.
#ifndef PAYSIM_ENGINE_INTERNAL_CURRENCY_OPTIONS_H_
#define PAYSIM_ENGINE_INTERNAL_CURRENCY_OPTIONS_H_

#include <cstdint>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/types/optional.h"
#include "google/protobuf/map.h"
#include "proto/coupon.obj.h"
#include "proto/discount_params.pb.h"
#include "proto/promotion_code.obj.h"
#include "proto/shipping_rate.obj.h"
#include "proto/shipping_rate_params.pb.h"

namespace paysim {
namespace internal {

// ---- reading ----

// The amount `coupon` takes off in `currency`: its amount_off in its own currency, an
// option's amount_off in that option's currency; nullopt otherwise (and for percent_off).
absl::optional<int64_t> CouponAmountOffIn(const Coupon& coupon, absl::string_view currency);

// True if `coupon` can discount an amount in `currency`: percent_off, or an amount in it.
bool CouponAppliesIn(const Coupon& coupon, absl::string_view currency);

// `coupon` as it discounts in `currency`: with amount_off and currency of the matching
// option, or unchanged when there is none (the arithmetic of checkout_totals.h reads the
// result's amount_off).
Coupon CouponForCurrency(const Coupon& coupon, absl::string_view currency);

// The minimum order in `currency` of `restrictions` when it has minimum_amount: its own in
// minimum_amount_currency, an option's in that option's currency, nullopt in any other.
// REQUIRES: restrictions.has_minimum_amount().
absl::optional<int64_t> PromotionMinimumIn(const PromotionCodeRestrictions& restrictions,
                                           absl::string_view currency);

// The option of `fixed` in `currency`, or nullptr (also for fixed's own currency).
const ShippingRateCurrencyOption* ShippingOptionIn(const ShippingRateFixedAmount& fixed,
                                                   absl::string_view currency);

// What `rate` costs in `currency`: fixed_amount.amount in its currency, an option's amount in
// its; nullopt in any other currency.
absl::optional<int64_t> ShippingAmountIn(const ShippingRate& rate, absl::string_view currency);

// The tax_behavior of `rate` in `currency`: its currency option's there, else its own.
const std::string& ShippingTaxBehaviorIn(const ShippingRate& rate, absl::string_view currency);

// ---- checking parameters ----

// `currency_options` of a coupon whose amount_off is in `own_currency` (`param` names the
// hash: "currency_options"). Returns the entries sorted by currency.
absl::StatusOr<std::vector<CouponCurrencyOption>> CheckCouponCurrencyOptions(
    const google::protobuf::Map<std::string, CouponCurrencyOptionParams>& options,
    absl::string_view own_currency, absl::string_view param);

// `restrictions[currency_options]` of a promotion code whose minimum_amount is in
// `own_currency`.
absl::StatusOr<std::vector<PromotionCodeCurrencyOption>> CheckPromotionCurrencyOptions(
    const google::protobuf::Map<std::string, PromotionCodeCurrencyOptionParams>& options,
    absl::string_view own_currency, absl::string_view param);

// `fixed_amount[currency_options]` of a shipping rate whose amount is in `own_currency`
// (`param`: e.g. "fixed_amount[currency_options]"). A missing tax_behavior is "unspecified".
// With `existing` (an update), an option may leave out its amount when `existing` already
// has that currency: it keeps its amount, and a tax_behavior left out keeps its own.
absl::StatusOr<std::vector<ShippingRateCurrencyOption>> CheckShippingCurrencyOptions(
    const google::protobuf::Map<std::string, ShippingRateCurrencyOptionParams>& options,
    absl::string_view own_currency, absl::string_view param,
    const ShippingRateFixedAmount* existing = nullptr);

// `*entries` with `changes` set (added, or replacing the entry of the same currency), kept
// sorted by currency.
void MergeCurrencyOptions(const std::vector<CouponCurrencyOption>& changes,
                          obj::Repeated<CouponCurrencyOption>* entries);
void MergeCurrencyOptions(const std::vector<ShippingRateCurrencyOption>& changes,
                          obj::Repeated<ShippingRateCurrencyOption>* entries);

}  // namespace internal
}  // namespace paysim

#endif  // PAYSIM_ENGINE_INTERNAL_CURRENCY_OPTIONS_H_
