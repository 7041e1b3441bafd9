// amount_decimal.h (internal): Stripe's decimal amounts (`unit_amount_decimal`,
// `flat_amount_decimal`): minor units with at most 12 decimal places, held exactly.
//
// A decimal is kept as an integer count of 10^-12 minor units ("pico-units"), so sums and
// products stay exact and are rounded once, half up, when an amount is billed.
//
// Example:
//   ParseAmountDecimal("3.6", "tiers[1][unit_amount_decimal]") -> 3'600'000'000'000
//   PicoTimes(3'600'000'000'000, 31) == 112   (111.6 rounded)
//   PicoText(3'600'000'000'000) == "3.6"
//
// Pure functions. Thread safety: thread-safe.
#ifndef PAYSIM_ENGINE_INTERNAL_AMOUNT_DECIMAL_H_
#define PAYSIM_ENGINE_INTERNAL_AMOUNT_DECIMAL_H_

#include <cstdint>
#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"

namespace paysim {
namespace internal {

// 10^-12 minor units per unit of a pico-amount.
using PicoAmount = __int128;
inline constexpr int kAmountDecimalPlaces = 12;
inline constexpr int64_t kPicoPerUnit = 1'000'000'000'000;

// `text` ("1000", "0.5", "12.000000000001") as a pico-amount: digits, optionally a point and
// at most 12 more digits, at most 12 digits before the point; no sign. Anything else is
// Stripe's parameter_invalid_decimal error naming `param`.
absl::StatusOr<PicoAmount> ParseAmountDecimal(absl::string_view text, absl::string_view param);

// A whole amount of minor units as a pico-amount.
inline PicoAmount PicoOf(int64_t amount) { return static_cast<PicoAmount>(amount) * kPicoPerUnit; }

// `unit` x `quantity` in whole minor units, rounded half up (half away from zero).
int64_t PicoTimes(PicoAmount unit, int64_t quantity);

// `a` x `b`, both pico-amounts (a decimal unit amount times a decimal quantity), as a
// pico-amount truncated below 10^-12. Exact when `b` is whole. Requires |a| < 10^26 and
// 0 <= b < 10^24 (amounts and quantities as Stripe bounds them).
PicoAmount PicoProduct(PicoAmount a, PicoAmount b);

// Stripe's decimal text of `amount`: no trailing zeros, no point for a whole number.
std::string PicoText(PicoAmount amount);

// ParseAmountDecimal then PicoTimes: `decimal` x `quantity` in minor units.
absl::StatusOr<int64_t> DecimalTimes(absl::string_view decimal, int64_t quantity,
                                     absl::string_view param);

}  // namespace internal
}  // namespace paysim

#endif  // PAYSIM_ENGINE_INTERNAL_AMOUNT_DECIMAL_H_
