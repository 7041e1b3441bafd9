// exchange_rates.h: paysim's fixed foreign-exchange table for Adaptive Pricing (Checkout
// Sessions created with adaptive_pricing[enabled]=true): which currency a customer's country
// pays in, the mid-market rate between two currencies, and the quoted rate with Stripe's
// conversion fee built in.
//
// Stripe quotes live rates (with a 2-4% conversion fee built into the rate, guaranteed for 24
// hours); paysim uses this deterministic table instead, documented here, so every run quotes
// the same amounts. The built-in table (DefaultExchangeRates(), exchange_rates.cc) maps:
//
//   country                                  currency   units per 1 USD (mid)
//   US                                       usd        1
//   AT BE DE ES FI FR IE IT LU NL PT         eur        0.92
//   GB                                       gbp        0.79
//   CA                                       cad        1.36
//   AU                                       aud        1.52
//   JP                                       jpy        150 (zero-decimal)
//   CH                                       chf        0.88
//   SE                                       sek        10.5
//   MX                                       mxn        17
//   BR                                       brl        5
//   IN                                       inr        83
//
// Any currency of the table converts to any other through USD: mid(from -> to) =
// usd_rate[to] / usd_rate[from] (so EUR -> GBP is 0.79 / 0.92).
//
// Arithmetic (integer, no floating point on money):
//   - quoted rate = mid(from -> to) x (1 + fee), rounded half up to 6 decimal places; it is
//     what `fx_rate` shows ("0.9384") and what converts every amount.
//   - converted amount = amount x quoted rate, moved between the currencies' decimals (2, or 0
//     for zero-decimal currencies such as jpy), rounded half up to the minor unit.
// Example: 20.00 USD to a customer in France, 2% fee: rate 0.92 x 1.02 = 0.9384, 18.77 EUR.
//
// Thread safety: the functions are pure; the default table is immutable.
#ifndef PAYSIM_ENGINE_EXCHANGE_RATES_H_
#define PAYSIM_ENGINE_EXCHANGE_RATES_H_

#include <cstdint>
#include <map>
#include <string>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/time/time.h"

namespace paysim {

// Rates are stored in millionths (micros): 0.92 is 920000.
constexpr int64_t kFxRateScale = 1000000;

// How long a rate quoted to a Checkout customer is held (Stripe: "guaranteed for 24 hours").
constexpr absl::Duration kAdaptivePricingQuoteLifetime = absl::Hours(24);

struct ExchangeRateTable {
  // Country (ISO 3166-1 alpha-2, uppercase) -> the lowercase currency its customers pay in.
  std::map<std::string, std::string> country_currency;
  // Currency (lowercase) -> how many units of it one USD buys, in micros (usd: kFxRateScale).
  std::map<std::string, int64_t> usd_rate_micros;
};

// The built-in table above.
const ExchangeRateTable& DefaultExchangeRates();

// ValidateExchangeRates()
//
// OK if every currency of `table` is one paysim supports (currency.h), every rate is positive
// and below 10^12 micros, usd is 1 if present, and every country's currency has a rate;
// otherwise an invalid_request_error naming the first problem (param "exchange_rates").
absl::Status ValidateExchangeRates(const ExchangeRateTable& table);

// The currency customers in `country` (any case) pay in, or "" if the table has none.
std::string LocalCurrency(const ExchangeRateTable& table, absl::string_view country);

// QuoteFxRate()
//
// The rate converting `from` into `to` with `fee_ppm` (parts per million: 20000 is 2%) built
// in, in micros, rounded half up. An invalid_request_error (param "currency") if either
// currency has no (positive) rate in `table`. REQUIRES: 0 <= fee_ppm <= kFxRateScale.
absl::StatusOr<int64_t> QuoteFxRate(const ExchangeRateTable& table, absl::string_view from,
                                    absl::string_view to, int64_t fee_ppm);

// ConvertAmount()
//
// `amount` (minor units of `from`) at `rate_micros`, in minor units of `to`, rounded half up.
// REQUIRES: amount >= 0; both currencies supported (currency.h).
int64_t ConvertAmount(int64_t amount, absl::string_view from, absl::string_view to,
                      int64_t rate_micros);

// `rate_micros` as a decimal string without trailing zeros: 938400 -> "0.9384",
// 153000000 -> "153".
std::string FormatFxRate(int64_t rate_micros);

// The fee as parts per million, rounded: 0.02 -> 20000. Negative fees (and NaN) count as 0,
// fees above 1 (100%) as 1.
int64_t FeePartsPerMillion(double fee);

}  // namespace paysim

#endif  // PAYSIM_ENGINE_EXCHANGE_RATES_H_
