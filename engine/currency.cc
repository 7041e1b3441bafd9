#include "engine/currency.h"

#include <cstdlib>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "engine/stripe_error.h"

namespace paysim {
namespace {

// Stripe's minimum charge amounts (docs: "Minimum and maximum charge amounts").
constexpr CurrencyInfo kCurrencies[] = {
    {"usd", 50, false, "$"},    {"aed", 200, false, ""},   {"aud", 50, false, "$"},
    {"brl", 50, false, "R$"},   {"cad", 50, false, "$"},   {"chf", 50, false, ""},
    {"czk", 1500, false, ""},   {"dkk", 250, false, ""},   {"eur", 50, false, "€"},
    {"gbp", 30, false, "£"},    {"hkd", 400, false, "$"},  {"huf", 17500, false, ""},
    {"inr", 50, false, "₹"},    {"jpy", 50, true, "¥"},    {"krw", 100, true, "₩"},
    {"mxn", 1000, false, "$"},  {"myr", 200, false, ""},   {"nok", 300, false, ""},
    {"nzd", 50, false, "$"},    {"pln", 200, false, ""},   {"ron", 200, false, ""},
    {"sek", 300, false, ""},    {"sgd", 50, false, "$"},   {"thb", 1000, false, ""},
};

}  // namespace

const CurrencyInfo* FindCurrency(absl::string_view code) {
  for (const CurrencyInfo& currency : kCurrencies) {
    if (absl::EqualsIgnoreCase(currency.code, code)) return &currency;  // Stripe accepts "USD"
  }
  return nullptr;
}

std::string FormatAmount(int64_t amount, const CurrencyInfo& currency) {
  if (amount < 0) return absl::StrCat("-", FormatAmount(-amount, currency));
  std::string number = currency.zero_decimal
                           ? absl::StrCat(amount)
                           : absl::StrFormat("%d.%02d", amount / 100, std::llabs(amount % 100));
  if (currency.symbol.empty()) return absl::StrCat(number, " ", currency.code);
  return absl::StrCat(currency.symbol, number);
}

absl::Status ValidateChargeAmount(int64_t amount, const CurrencyInfo& currency,
                                  absl::string_view param) {
  if (amount < currency.minimum_amount) {
    return InvalidRequestError(
        "amount_too_small", param,
        absl::StrCat("Amount must be at least ", FormatAmount(currency.minimum_amount, currency),
                     " ", currency.code));
  }
  if (amount > kMaxChargeAmount) {
    return InvalidRequestError(
        "amount_too_large", param,
        absl::StrCat("Amount must be no more than ", FormatAmount(kMaxChargeAmount, currency),
                     " ", currency.code));
  }
  return absl::OkStatus();
}

absl::Status ValidateCurrency(absl::string_view code, const CurrencyInfo** out,
                              absl::string_view param) {
  if (code.empty()) return ParameterMissing(param);
  const CurrencyInfo* currency = FindCurrency(code);
  if (currency == nullptr) {
    std::string supported;
    for (const CurrencyInfo& c : kCurrencies) {
      absl::StrAppend(&supported, supported.empty() ? "" : ", ", c.code);
    }
    return InvalidRequestError(
        "", param,
        absl::StrCat("Invalid currency: ", code, ". Stripe currently supports these currencies: ",
                     supported));
  }
  *out = currency;
  return absl::OkStatus();
}

}  // namespace paysim
