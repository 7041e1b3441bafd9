#include "engine/internal/amount_decimal.h"

#include <algorithm>
#include <utility>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "engine/stripe_error.h"

namespace paysim {
namespace internal {
namespace {

absl::Status BadDecimal(absl::string_view param) {
  return InvalidRequestError("parameter_invalid_decimal", param,
                             "Invalid decimal: must be a non-negative number with at most 12 "
                             "decimal places.");
}

bool AllDigits(absl::string_view text) {
  return std::all_of(text.begin(), text.end(), [](char c) { return absl::ascii_isdigit(c); });
}

}  // namespace

absl::StatusOr<PicoAmount> ParseAmountDecimal(absl::string_view text, absl::string_view param) {
  std::pair<absl::string_view, absl::string_view> parts =
      absl::StrSplit(text, absl::MaxSplits('.', 1));
  if (parts.first.empty() || parts.first.size() > 12 || !AllDigits(parts.first) ||
      parts.second.size() > kAmountDecimalPlaces || !AllDigits(parts.second)) {
    return BadDecimal(param);
  }
  PicoAmount whole = 0;
  for (char c : parts.first) whole = whole * 10 + (c - '0');
  PicoAmount fraction = 0;
  for (int i = 0; i < kAmountDecimalPlaces; ++i) {
    fraction = fraction * 10 + (i < static_cast<int>(parts.second.size()) ? parts.second[i] - '0'
                                                                         : 0);
  }
  return whole * kPicoPerUnit + fraction;
}

int64_t PicoTimes(PicoAmount unit, int64_t quantity) {
  const PicoAmount product = unit * quantity;
  const PicoAmount magnitude = product < 0 ? -product : product;
  const PicoAmount rounded = (magnitude + kPicoPerUnit / 2) / kPicoPerUnit;
  return static_cast<int64_t>(product < 0 ? -rounded : rounded);
}

PicoAmount PicoProduct(PicoAmount a, PicoAmount b) {
  // In parts, so that no intermediate product leaves 128 bits.
  return a * (b / kPicoPerUnit) + a * (b % kPicoPerUnit) / kPicoPerUnit;
}

std::string PicoText(PicoAmount amount) {
  const bool negative = amount < 0;
  if (negative) amount = -amount;
  const int64_t whole = static_cast<int64_t>(amount / kPicoPerUnit);
  int64_t fraction = static_cast<int64_t>(amount % kPicoPerUnit);
  std::string out = absl::StrCat(negative ? "-" : "", whole);
  if (fraction == 0) return out;
  std::string digits = absl::StrCat(fraction);
  digits.insert(0, kAmountDecimalPlaces - digits.size(), '0');
  while (digits.back() == '0') digits.pop_back();
  return absl::StrCat(out, ".", digits);
}

absl::StatusOr<int64_t> DecimalTimes(absl::string_view decimal, int64_t quantity,
                                     absl::string_view param) {
  absl::StatusOr<PicoAmount> unit = ParseAmountDecimal(decimal, param);
  if (!unit.ok()) return unit.status();
  return PicoTimes(*unit, quantity);
}

}  // namespace internal
}  // namespace paysim
