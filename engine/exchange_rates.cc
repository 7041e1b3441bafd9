// paysim's fixed foreign-exchange table and its arithmetic (exchange_rates.h).
#include "engine/exchange_rates.h"

#include <string>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "engine/currency.h"
#include "engine/stripe_error.h"

namespace paysim {
namespace {

// Rates above this (a million units per USD) are refused: they could overflow the arithmetic.
constexpr int64_t kMaxRateMicros = int64_t{1000000} * kFxRateScale;

ExchangeRateTable MakeDefault() {
  ExchangeRateTable t;
  t.country_currency = {
      {"US", "usd"}, {"AT", "eur"}, {"BE", "eur"}, {"DE", "eur"}, {"ES", "eur"}, {"FI", "eur"},
      {"FR", "eur"}, {"IE", "eur"}, {"IT", "eur"}, {"LU", "eur"}, {"NL", "eur"}, {"PT", "eur"},
      {"GB", "gbp"}, {"CA", "cad"}, {"AU", "aud"}, {"JP", "jpy"}, {"CH", "chf"}, {"SE", "sek"},
      {"MX", "mxn"}, {"BR", "brl"}, {"IN", "inr"},
  };
  t.usd_rate_micros = {
      {"usd", 1000000},  {"eur", 920000},    {"gbp", 790000},    {"cad", 1360000},
      {"aud", 1520000},  {"jpy", 150000000}, {"chf", 880000},    {"sek", 10500000},
      {"mxn", 17000000}, {"brl", 5000000},   {"inr", 83000000},
  };
  return t;
}

// (numerator / denominator) rounded half up. REQUIRES: both positive (numerator may be 0).
int64_t DivideRoundHalfUp(__int128 numerator, __int128 denominator) {
  return static_cast<int64_t>((numerator * 2 + denominator) / (denominator * 2));
}

__int128 PowerOfTen(int exponent) {
  __int128 result = 1;
  for (int i = 0; i < exponent; ++i) result *= 10;
  return result;
}

int Decimals(absl::string_view currency) {
  const CurrencyInfo* info = FindCurrency(currency);
  return info != nullptr && info->zero_decimal ? 0 : 2;
}

}  // namespace

const ExchangeRateTable& DefaultExchangeRates() {
  static const ExchangeRateTable* const table = new ExchangeRateTable(MakeDefault());
  return *table;
}

absl::Status ValidateExchangeRates(const ExchangeRateTable& table) {
  for (const auto& [currency, rate] : table.usd_rate_micros) {
    if (FindCurrency(currency) == nullptr || currency != absl::AsciiStrToLower(currency)) {
      return InvalidRequestError("", "exchange_rates",
                                 absl::StrCat("Invalid currency: ", currency));
    }
    if (rate <= 0 || rate >= kMaxRateMicros) {
      return InvalidRequestError("", "exchange_rates",
                                 absl::StrCat("Invalid rate for ", currency, ": ", rate));
    }
    if (currency == "usd" && rate != kFxRateScale) {
      return InvalidRequestError("", "exchange_rates",
                                 "The rate of usd must be 1 (1000000 micros).");
    }
  }
  for (const auto& [country, currency] : table.country_currency) {
    if (country.size() != 2 || country != absl::AsciiStrToUpper(country)) {
      return InvalidRequestError("", "exchange_rates",
                                 absl::StrCat("Invalid country: ", country));
    }
    if (table.usd_rate_micros.count(currency) == 0) {
      return InvalidRequestError(
          "", "exchange_rates",
          absl::StrCat("The currency of ", country, " (", currency, ") has no rate."));
    }
  }
  return absl::OkStatus();
}

std::string LocalCurrency(const ExchangeRateTable& table, absl::string_view country) {
  const auto it = table.country_currency.find(absl::AsciiStrToUpper(country));
  return it == table.country_currency.end() ? "" : it->second;
}

absl::StatusOr<int64_t> QuoteFxRate(const ExchangeRateTable& table, absl::string_view from,
                                    absl::string_view to, int64_t fee_ppm) {
  const auto from_rate = table.usd_rate_micros.find(std::string(from));
  const auto to_rate = table.usd_rate_micros.find(std::string(to));
  if (from_rate == table.usd_rate_micros.end() || to_rate == table.usd_rate_micros.end() ||
      from_rate->second <= 0 || to_rate->second <= 0) {
    return InvalidRequestError(
        "", "currency",
        absl::StrCat("paysim's exchange rate table has no rate from ", from, " to ", to, "."));
  }
  // to/from x (1 + fee) in micros: to x (10^6 + fee_ppm) / from.
  return DivideRoundHalfUp(static_cast<__int128>(to_rate->second) * (kFxRateScale + fee_ppm),
                           from_rate->second);
}

int64_t ConvertAmount(int64_t amount, absl::string_view from, absl::string_view to,
                      int64_t rate_micros) {
  const int shift = Decimals(to) - Decimals(from);
  __int128 numerator = static_cast<__int128>(amount) * rate_micros;
  __int128 denominator = kFxRateScale;
  if (shift > 0) numerator *= PowerOfTen(shift);
  if (shift < 0) denominator *= PowerOfTen(-shift);
  return DivideRoundHalfUp(numerator, denominator);
}

std::string FormatFxRate(int64_t rate_micros) {
  std::string fraction = std::to_string(rate_micros % kFxRateScale);
  fraction.insert(0, 6 - fraction.size(), '0');
  while (!fraction.empty() && fraction.back() == '0') fraction.pop_back();
  std::string result = std::to_string(rate_micros / kFxRateScale);
  if (!fraction.empty()) absl::StrAppend(&result, ".", fraction);
  return result;
}

int64_t FeePartsPerMillion(double fee) {
  if (!(fee > 0)) return 0;
  if (fee >= 1) return kFxRateScale;
  return static_cast<int64_t>(fee * kFxRateScale + 0.5);
}

}  // namespace paysim
