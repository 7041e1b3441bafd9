// currency.h: the currencies paysim accepts, their minimum charge amounts and decimals.
//
// Minimums follow Stripe's "minimum and maximum charge amounts" table; the maximum is Stripe's
// eight-digit limit (99999999 minor units). Thread-safe (immutable data).
#ifndef PAYSIM_ENGINE_CURRENCY_H_
#define PAYSIM_ENGINE_CURRENCY_H_

#include <cstdint>
#include <string>

#include "absl/status/status.h"
#include "absl/strings/string_view.h"

namespace paysim {

constexpr int64_t kMaxChargeAmount = 99999999;

struct CurrencyInfo {
  absl::string_view code;      // lowercase ISO 4217
  int64_t minimum_amount;      // in minor units
  bool zero_decimal;           // amounts are whole units (jpy, krw, ...)
  absl::string_view symbol;    // for messages: "$", "€", "£", "¥", or "" (code is shown)
};

// The currency `code` (any case; objects store the lowercase code), or nullptr if paysim
// does not support it.
const CurrencyInfo* FindCurrency(absl::string_view code);

// "$0.50" / "¥50" / "15.00 czk"-style amount for error messages.
std::string FormatAmount(int64_t amount, const CurrencyInfo& currency);

// Validates `amount` (in `param`) against `currency`'s limits: amount_too_small /
// amount_too_large invalid_request_errors with Stripe's messages, or OK.
absl::Status ValidateChargeAmount(int64_t amount, const CurrencyInfo& currency,
                                  absl::string_view param = "amount");

// Validates a currency parameter: parameter_missing when empty, Stripe's "Invalid currency"
// error when unknown; on success stores the currency in *out.
absl::Status ValidateCurrency(absl::string_view code, const CurrencyInfo** out,
                              absl::string_view param = "currency");

}  // namespace paysim

#endif  // PAYSIM_ENGINE_CURRENCY_H_
