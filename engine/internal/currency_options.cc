// Amounts in other currencies: coupons, promotion codes, shipping rates (currency_options.h).
#include "engine/internal/currency_options.h"

#include <algorithm>
#include <set>
#include <utility>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "engine/currency.h"
#include "engine/internal/intent_common.h"
#include "engine/internal/status_macros.h"
#include "engine/stripe_error.h"

namespace paysim {
namespace internal {
namespace {

// The entry of `currency` in `entries` (sorted or not), or nullptr.
template <typename Entries>
auto FindEntry(const Entries& entries, absl::string_view currency) -> decltype(&entries[0]) {
  for (const auto& entry : entries) {
    if (entry.currency() == currency) return &entry;
  }
  return nullptr;
}

// Walks `options` in sorted key order, checking each key (a supported currency other than
// `own_currency`, not given twice in different case) and calling check(currency, value,
// param) with the lowercase currency and the option's bracketed name.
template <typename Params, typename Check>
absl::Status ForEachOption(const google::protobuf::Map<std::string, Params>& options,
                           absl::string_view own_currency, absl::string_view param,
                           const Check& check) {
  std::vector<std::string> keys;
  keys.reserve(options.size());
  for (const auto& entry : options) keys.push_back(entry.first);
  std::sort(keys.begin(), keys.end());
  std::set<std::string> seen;
  for (const std::string& key : keys) {
    const std::string name = absl::StrCat(param, "[", key, "]");
    const CurrencyInfo* currency = nullptr;
    PAYSIM_RETURN_IF_ERROR(ValidateCurrency(key, &currency, name));
    const std::string code(currency->code);
    if (code == own_currency) {
      // UNCERTAIN: Stripe's wording (it takes the object's own currency from `currency`).
      return InvalidRequestError(
          "", name,
          absl::StrCat("currency_options cannot include ", code,
                       ", the currency the amount is already in."));
    }
    if (!seen.insert(code).second) {
      return InvalidRequestError("", name, absl::StrCat("Received duplicate parameter: ", name));
    }
    PAYSIM_RETURN_IF_ERROR(check(code, options.at(key), name));
  }
  return absl::OkStatus();
}

template <typename T, typename Entries>
void Merge(const std::vector<T>& changes, Entries* entries) {
  std::vector<T> merged(entries->begin(), entries->end());
  for (const T& change : changes) {
    auto same = std::find_if(merged.begin(), merged.end(),
                             [&](const T& e) { return e.currency() == change.currency(); });
    if (same == merged.end()) {
      merged.push_back(change);
    } else {
      *same = change;
    }
  }
  std::sort(merged.begin(), merged.end(),
            [](const T& a, const T& b) { return a.currency() < b.currency(); });
  entries->Clear();
  for (T& entry : merged) entries->Add(std::move(entry));
}

}  // namespace

absl::optional<int64_t> CouponAmountOffIn(const Coupon& coupon, absl::string_view currency) {
  if (!coupon.has_amount_off()) return absl::nullopt;
  if (coupon.currency() == currency) return coupon.amount_off();
  const CouponCurrencyOption* option = FindEntry(coupon.currency_options(), currency);
  if (option == nullptr) return absl::nullopt;
  return option->amount_off();
}

bool CouponAppliesIn(const Coupon& coupon, absl::string_view currency) {
  return !coupon.has_amount_off() || CouponAmountOffIn(coupon, currency).has_value();
}

Coupon CouponForCurrency(const Coupon& coupon, absl::string_view currency) {
  if (!coupon.has_amount_off() || coupon.currency() == currency) return coupon;
  const CouponCurrencyOption* option = FindEntry(coupon.currency_options(), currency);
  if (option == nullptr) return coupon;
  Coupon in_currency = coupon;
  in_currency.set_amount_off(option->amount_off());
  in_currency.set_currency(option->currency());
  return in_currency;
}

absl::optional<int64_t> PromotionMinimumIn(const PromotionCodeRestrictions& restrictions,
                                           absl::string_view currency) {
  if (restrictions.minimum_amount_currency() == currency) return restrictions.minimum_amount();
  const PromotionCodeCurrencyOption* option = FindEntry(restrictions.currency_options(), currency);
  if (option == nullptr) return absl::nullopt;
  return option->minimum_amount();
}

const ShippingRateCurrencyOption* ShippingOptionIn(const ShippingRateFixedAmount& fixed,
                                                   absl::string_view currency) {
  return FindEntry(fixed.currency_options(), currency);
}

absl::optional<int64_t> ShippingAmountIn(const ShippingRate& rate, absl::string_view currency) {
  if (rate.fixed_amount().currency() == currency) return rate.fixed_amount().amount();
  const ShippingRateCurrencyOption* option = ShippingOptionIn(rate.fixed_amount(), currency);
  if (option == nullptr) return absl::nullopt;
  return option->amount();
}

const std::string& ShippingTaxBehaviorIn(const ShippingRate& rate, absl::string_view currency) {
  const ShippingRateCurrencyOption* option = ShippingOptionIn(rate.fixed_amount(), currency);
  return option != nullptr ? option->tax_behavior() : rate.tax_behavior();
}

absl::StatusOr<std::vector<CouponCurrencyOption>> CheckCouponCurrencyOptions(
    const google::protobuf::Map<std::string, CouponCurrencyOptionParams>& options,
    absl::string_view own_currency, absl::string_view param) {
  std::vector<CouponCurrencyOption> out;
  PAYSIM_RETURN_IF_ERROR(ForEachOption(
      options, own_currency, param,
      [&](const std::string& currency, const CouponCurrencyOptionParams& option,
          const std::string& name) -> absl::Status {
        const std::string amount = absl::StrCat(name, "[amount_off]");
        if (!option.has_amount_off()) return ParameterMissing(amount);
        if (option.amount_off() <= 0) {
          return InvalidRequestError("parameter_invalid_integer", amount,
                                     "Invalid positive integer");
        }
        CouponCurrencyOption& entry = out.emplace_back();
        entry.set_currency(currency);
        entry.set_amount_off(option.amount_off());
        return absl::OkStatus();
      }));
  return out;
}

absl::StatusOr<std::vector<PromotionCodeCurrencyOption>> CheckPromotionCurrencyOptions(
    const google::protobuf::Map<std::string, PromotionCodeCurrencyOptionParams>& options,
    absl::string_view own_currency, absl::string_view param) {
  std::vector<PromotionCodeCurrencyOption> out;
  PAYSIM_RETURN_IF_ERROR(ForEachOption(
      options, own_currency, param,
      [&](const std::string& currency, const PromotionCodeCurrencyOptionParams& option,
          const std::string& name) -> absl::Status {
        const std::string amount = absl::StrCat(name, "[minimum_amount]");
        if (!option.has_minimum_amount()) return ParameterMissing(amount);
        if (option.minimum_amount() < 0) {
          return InvalidRequestError("parameter_invalid_integer", amount,
                                     "This value must be greater than or equal to 0.");
        }
        PromotionCodeCurrencyOption& entry = out.emplace_back();
        entry.set_currency(currency);
        entry.set_minimum_amount(option.minimum_amount());
        return absl::OkStatus();
      }));
  return out;
}

absl::StatusOr<std::vector<ShippingRateCurrencyOption>> CheckShippingCurrencyOptions(
    const google::protobuf::Map<std::string, ShippingRateCurrencyOptionParams>& options,
    absl::string_view own_currency, absl::string_view param,
    const ShippingRateFixedAmount* existing) {
  std::vector<ShippingRateCurrencyOption> out;
  PAYSIM_RETURN_IF_ERROR(ForEachOption(
      options, own_currency, param,
      [&](const std::string& currency, const ShippingRateCurrencyOptionParams& option,
          const std::string& name) -> absl::Status {
        const ShippingRateCurrencyOption* before =
            existing != nullptr ? ShippingOptionIn(*existing, currency) : nullptr;
        const std::string amount = absl::StrCat(name, "[amount]");
        if (!option.has_amount() && before == nullptr) return ParameterMissing(amount);
        if (option.has_amount() && option.amount() < 0) {
          return InvalidRequestError("parameter_invalid_integer", amount,
                                     "This value must be greater than or equal to 0.");
        }
        if (option.has_tax_behavior()) {
          PAYSIM_RETURN_IF_ERROR(ValidateEnum(option.tax_behavior(),
                                              {"exclusive", "inclusive", "unspecified"},
                                              absl::StrCat(name, "[tax_behavior]")));
        }
        ShippingRateCurrencyOption& entry = out.emplace_back();
        entry.set_currency(currency);
        entry.set_amount(option.has_amount() ? option.amount() : before->amount());
        entry.set_tax_behavior(option.has_tax_behavior() ? option.tax_behavior()
                               : before != nullptr       ? before->tax_behavior()
                                                         : std::string("unspecified"));
        return absl::OkStatus();
      }));
  return out;
}

void MergeCurrencyOptions(const std::vector<CouponCurrencyOption>& changes,
                          obj::Repeated<CouponCurrencyOption>* entries) {
  Merge(changes, entries);
}

void MergeCurrencyOptions(const std::vector<ShippingRateCurrencyOption>& changes,
                          obj::Repeated<ShippingRateCurrencyOption>* entries) {
  Merge(changes, entries);
}

}  // namespace internal
}  // namespace paysim
