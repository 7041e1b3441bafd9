#include "engine/internal/price_tiers.h"

#include <algorithm>
#include <utility>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "engine/internal/amount_decimal.h"
#include "engine/internal/intent_common.h"
#include "engine/internal/status_macros.h"
#include "engine/prices.h"
#include "engine/stripe_error.h"

namespace paysim {
namespace internal {
namespace {

std::string Param(absl::string_view prefix, absl::string_view name) {
  return prefix.empty() ? std::string(name) : absl::StrCat(prefix, "[", name, "]");
}

absl::Status OnlyOne(absl::string_view param, absl::string_view a, absl::string_view b) {
  return InvalidRequestError(
      "", param, absl::StrCat("You may only specify one of these parameters: ", a, ", ", b, "."));
}

// An amount of a tier given as an integer or as a decimal (at most one): its pico-amount and,
// for the price, the forms it renders (an integer renders both). False when neither is given.
absl::StatusOr<bool> TierAmount(bool has_int, int64_t value, bool has_decimal,
                                const std::string& decimal, const std::string& int_param,
                                const std::string& decimal_param, absl::string_view names,
                                absl::optional<int64_t>* int_out, std::string* decimal_out) {
  if (has_int && has_decimal) {
    return InvalidRequestError(
        "", int_param, absl::StrCat("You may only specify one of these parameters: ", names, "."));
  }
  if (has_int) {
    if (value < 0) {
      return InvalidRequestError("parameter_invalid_integer", int_param,
                                 "This value must be greater than or equal to 0.");
    }
    if (value > kPriceMaxUnitAmount) {
      return InvalidRequestError(
          "parameter_invalid_integer", int_param,
          absl::StrCat("This value must be less than or equal to ", kPriceMaxUnitAmount, "."));
    }
    *int_out = value;
    *decimal_out = absl::StrCat(value);
    return true;
  }
  if (has_decimal) {
    PAYSIM_ASSIGN_OR_RETURN(PicoAmount pico, ParseAmountDecimal(decimal, decimal_param));
    if (pico > PicoOf(kPriceMaxUnitAmount)) {
      return InvalidRequestError(
          "", decimal_param,
          absl::StrCat("This value must be less than or equal to ", kPriceMaxUnitAmount, "."));
    }
    *decimal_out = PicoText(pico);
    return true;
  }
  return false;
}

absl::Status CheckTiers(const PriceInput& input, absl::string_view prefix, PriceDraft* draft) {
  auto name = [&](int i, absl::string_view field) {
    return prefix.empty() ? absl::StrCat("tiers[", i, "][", field, "]")
                          : absl::StrCat(prefix, "[tiers][", i, "][", field, "]");
  };
  const int n = input.tiers != nullptr ? input.tiers->size() : 0;
  if (n == 0) return ParameterMissing(Param(prefix, "tiers"));
  if (n > kPriceMaxTiers) {
    // UNCERTAIN (wording and limit).
    return InvalidRequestError("", Param(prefix, "tiers"),
                               absl::StrCat("A price may have at most ", kPriceMaxTiers,
                                            " tiers."));
  }
  int64_t previous = 0;
  for (int i = 0; i < n; ++i) {
    const PriceTierParams& given = (*input.tiers)[i];
    const std::string up_to_param = name(i, "up_to");
    if (!given.has_up_to() || given.up_to().empty()) return ParameterMissing(up_to_param);
    PriceTier tier;
    const bool last = i == n - 1;
    if (given.up_to() == "inf") {
      if (!last) {
        // UNCERTAIN (wording): only the last tier may be unbounded.
        return InvalidRequestError("", up_to_param,
                                   "Only the last tier may have `up_to=inf`.");
      }
    } else {
      int64_t up_to = 0;
      if (!absl::SimpleAtoi(given.up_to(), &up_to)) {
        return InvalidRequestError("parameter_invalid_integer", up_to_param,
                                   absl::StrCat("Invalid integer: ", given.up_to()));
      }
      if (last) {
        // UNCERTAIN (wording): the last tier holds every quantity above the others.
        return InvalidRequestError("", up_to_param,
                                   "The last tier must have `up_to=inf`.");
      }
      if (up_to <= previous) {
        // UNCERTAIN (wording).
        return InvalidRequestError(
            "", up_to_param,
            absl::StrCat("Each tier's `up_to` must be greater than the previous tier's (",
                         previous, ")."));
      }
      tier.set_up_to(up_to);
      previous = up_to;
    }
    absl::optional<int64_t> unit;
    std::string unit_decimal;
    PAYSIM_ASSIGN_OR_RETURN(
        bool has_unit,
        TierAmount(given.has_unit_amount(), given.unit_amount(), given.has_unit_amount_decimal(),
                   given.unit_amount_decimal(), name(i, "unit_amount"),
                   name(i, "unit_amount_decimal"), "unit_amount, unit_amount_decimal", &unit,
                   &unit_decimal));
    absl::optional<int64_t> flat;
    std::string flat_decimal;
    PAYSIM_ASSIGN_OR_RETURN(
        bool has_flat,
        TierAmount(given.has_flat_amount(), given.flat_amount(), given.has_flat_amount_decimal(),
                   given.flat_amount_decimal(), name(i, "flat_amount"),
                   name(i, "flat_amount_decimal"), "flat_amount, flat_amount_decimal", &flat,
                   &flat_decimal));
    if (!has_unit && !has_flat) {
      // Stripe's answer, param as Stripe names it.
      return InvalidRequestError("", "amount", "An entry in the tiers array is missing an amount.");
    }
    if (unit.has_value()) tier.set_unit_amount(*unit);
    if (has_unit) tier.set_unit_amount_decimal(unit_decimal);
    if (flat.has_value()) tier.set_flat_amount(*flat);
    if (has_flat) tier.set_flat_amount_decimal(flat_decimal);
    draft->tiers.push_back(std::move(tier));
  }
  return absl::OkStatus();
}

absl::Status CheckTransform(const PriceInput& input, absl::string_view prefix,
                            PriceDraft* draft) {
  const std::string param = Param(prefix, input.transform_param);
  const PriceTransformQuantityParams& given = *input.transform;
  const std::string divide_param = absl::StrCat(param, "[divide_by]");
  if (!given.has_divide_by()) return ParameterMissing(divide_param);
  if (given.divide_by() < 1) {
    return InvalidRequestError("parameter_invalid_integer", divide_param,
                               "This value must be greater than or equal to 1.");
  }
  const std::string round_param = absl::StrCat(param, "[round]");
  if (!given.has_round()) return ParameterMissing(round_param);
  PAYSIM_RETURN_IF_ERROR(ValidateEnum(given.round(), {"down", "up"}, round_param));
  PriceTransformQuantity transform;
  transform.set_divide_by(given.divide_by());
  transform.set_round(given.round());
  draft->transform = std::move(transform);
  return absl::OkStatus();
}

absl::Status CheckUnitAmount(const PriceInput& input, absl::string_view prefix,
                             PriceDraft* draft) {
  const std::string amount_param = Param(prefix, input.amount_param);
  if (!input.unit_amount.has_value()) return ParameterMissing(amount_param);
  if (*input.unit_amount < 0) {
    return InvalidRequestError("parameter_invalid_integer", amount_param,
                               "This value must be greater than or equal to 0.");
  }
  if (*input.unit_amount > kPriceMaxUnitAmount) {
    return InvalidRequestError(
        "parameter_invalid_integer", amount_param,
        absl::StrCat("This value must be less than or equal to ", kPriceMaxUnitAmount, "."));
  }
  draft->unit_amount = *input.unit_amount;
  return absl::OkStatus();
}

PicoAmount UnitPico(const PriceTier& tier) {
  if (!tier.has_unit_amount_decimal()) return 0;
  return ParseAmountDecimal(tier.unit_amount_decimal(), "").value_or(0);
}

PicoAmount FlatPico(const PriceTier& tier) {
  if (!tier.has_flat_amount_decimal()) return 0;
  return ParseAmountDecimal(tier.flat_amount_decimal(), "").value_or(0);
}

// The tier (0-based) a volume of `quantity` units falls in.
int TierOf(const Price& price, int64_t quantity) {
  const int n = price.tiers_size();
  for (int i = 0; i < n; ++i) {
    if (!price.tiers(i).has_up_to() || quantity <= price.tiers(i).up_to()) return i;
  }
  return n - 1;
}

}  // namespace

absl::Status CheckPriceScheme(const PriceInput& input, absl::string_view prefix,
                              PriceDraft* draft) {
  const std::string scheme_param = Param(prefix, "billing_scheme");
  if (input.billing_scheme.has_value()) {
    PAYSIM_RETURN_IF_ERROR(
        ValidateEnum(*input.billing_scheme, {"per_unit", "tiered"}, scheme_param));
  }
  const bool tiered = input.billing_scheme.value_or("per_unit") == "tiered";
  const std::string mode_param = Param(prefix, "tiers_mode");
  const bool has_tiers = input.tiers != nullptr && !input.tiers->empty();
  if (!tiered) {
    if (has_tiers) {
      // UNCERTAIN (wording).
      return InvalidRequestError("", Param(prefix, "tiers"),
                                 "Tiers can only be given with `billing_scheme=tiered`.");
    }
    if (input.tiers_mode.has_value()) {
      // UNCERTAIN (wording).
      return InvalidRequestError("", mode_param,
                                 "`tiers_mode` can only be given with `billing_scheme=tiered`.");
    }
    PAYSIM_RETURN_IF_ERROR(CheckUnitAmount(input, prefix, draft));
    if (input.transform != nullptr) PAYSIM_RETURN_IF_ERROR(CheckTransform(input, prefix, draft));
    draft->billing_scheme = "per_unit";
    return absl::OkStatus();
  }
  if (input.unit_amount.has_value()) {
    return OnlyOne(Param(prefix, input.amount_param), input.amount_param, "tiers");
  }
  if (input.transform != nullptr) {
    return OnlyOne(Param(prefix, "tiers"), "tiers", input.transform_param);
  }
  if (input.recurring == nullptr) {
    // UNCERTAIN (wording): Stripe computes tiers per billing period.
    return InvalidRequestError("", scheme_param,
                               "Tiered pricing is only available for recurring prices.");
  }
  if (!input.tiers_mode.has_value()) return ParameterMissing(mode_param);
  PAYSIM_RETURN_IF_ERROR(ValidateEnum(*input.tiers_mode, {"graduated", "volume"}, mode_param));
  PAYSIM_RETURN_IF_ERROR(CheckTiers(input, prefix, draft));
  draft->billing_scheme = "tiered";
  draft->tiers_mode = *input.tiers_mode;
  return absl::OkStatus();
}

std::vector<PricePart> PriceParts(const Price& price, int64_t quantity) {
  std::vector<PricePart> parts;
  if (price.billing_scheme() != "tiered" || price.tiers_size() == 0) {
    PricePart part;
    part.quantity = quantity;
    int64_t billed = quantity;
    if (price.has_transform_quantity() && price.transform_quantity().divide_by() > 0) {
      const int64_t by = price.transform_quantity().divide_by();
      billed = quantity / by;
      if (price.transform_quantity().round() == "up" && quantity % by != 0) ++billed;
    }
    part.amount = price.unit_amount() * billed;
    part.rate = absl::StrCat(price.unit_amount());
    parts.push_back(std::move(part));
    return parts;
  }
  if (price.tiers_mode() == "volume") {
    const int i = TierOf(price, std::max<int64_t>(quantity, 1));
    const PriceTier& tier = price.tiers(i);
    PricePart part;
    part.tier = i + 1;
    part.quantity = quantity;
    part.amount = PicoTimes(UnitPico(tier) * quantity + FlatPico(tier), 1);
    part.rate = tier.has_unit_amount_decimal() ? tier.unit_amount_decimal()
                                               : PicoText(FlatPico(tier));
    parts.push_back(std::move(part));
    return parts;
  }
  // Graduated: every tier the quantity reaches (the first always).
  int64_t below = 0;
  for (int i = 0; i < price.tiers_size(); ++i) {
    const PriceTier& tier = price.tiers(i);
    if (i > 0 && quantity <= below) break;
    const int64_t top = tier.has_up_to() ? std::min(quantity, tier.up_to()) : quantity;
    const int64_t units = std::max<int64_t>(top - below, 0);
    const bool unit_part =
        tier.has_unit_amount_decimal() && (units > 0 || !tier.has_flat_amount_decimal());
    if (unit_part) {
      PricePart part;
      part.tier = i + 1;
      part.quantity = units;
      part.amount = PicoTimes(UnitPico(tier), units);
      part.rate = tier.unit_amount_decimal();
      parts.push_back(std::move(part));
    }
    if (tier.has_flat_amount_decimal()) {
      PricePart part;
      part.tier = i + 1;
      part.flat = true;
      part.amount = PicoTimes(FlatPico(tier), 1);
      part.rate = tier.flat_amount_decimal();
      parts.push_back(std::move(part));
    }
    if (!tier.has_up_to()) break;
    below = tier.up_to();
  }
  return parts;
}

int64_t PriceAmount(const Price& price, int64_t quantity) {
  if (price.billing_scheme() != "tiered" && !price.has_transform_quantity()) {
    return price.unit_amount() * quantity;  // the common case, without a vector
  }
  int64_t total = 0;
  for (const PricePart& part : PriceParts(price, quantity)) total += part.amount;
  return total;
}

std::string PartRateText(const Price& price, const PricePart& part) {
  const std::string interval = std::string(price.recurring().interval());
  if (part.tier > 0) {
    return absl::StrCat("(Tier ", part.tier, " at ", part.rate, " / ", interval, ")");
  }
  if (price.has_transform_quantity()) {
    return absl::StrCat("(at ", part.rate, " per ", price.transform_quantity().divide_by(), " / ",
                        interval, ")");
  }
  return absl::StrCat("(at ", part.rate, " / ", interval, ")");
}

}  // namespace internal
}  // namespace paysim
