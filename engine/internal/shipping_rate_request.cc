#include "engine/internal/shipping_rate_request.h"

#include <string>
#include <vector>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "engine/currency.h"
#include "engine/internal/currency_options.h"
#include "engine/internal/intent_common.h"
#include "engine/internal/interned.h"
#include "engine/internal/params_util.h"
#include "engine/internal/status_macros.h"
#include "engine/metadata.h"
#include "engine/stripe_error.h"

namespace paysim {
namespace internal {
namespace {

// "fixed_amount[amount]" under `prefix`.
std::string Param(absl::string_view prefix, absl::string_view name) {
  if (prefix.empty()) return std::string(name);
  const size_t bracket = name.find('[');
  if (bracket == absl::string_view::npos) return absl::StrCat(prefix, "[", name, "]");
  return absl::StrCat(prefix, "[", name.substr(0, bracket), "]", name.substr(bracket));
}

absl::Status CheckBound(const ShippingRateDeliveryEstimateBoundParams& bound,
                        const std::string& param, ShippingRateDeliveryEstimateBound* out) {
  if (!bound.has_unit()) return ParameterMissing(absl::StrCat(param, "[unit]"));
  if (!bound.has_value()) return ParameterMissing(absl::StrCat(param, "[value]"));
  PAYSIM_RETURN_IF_ERROR(ValidateEnum(bound.unit(),
                                      {"business_day", "day", "hour", "month", "week"},
                                      absl::StrCat(param, "[unit]")));
  if (bound.value() <= 0) {
    // UNCERTAIN: Stripe's wording (its API reference: "Must be greater than 0").
    return InvalidRequestError("parameter_invalid_integer", absl::StrCat(param, "[value]"),
                               "This value must be greater than 0.");
  }
  out->set_unit(bound.unit());
  out->set_value(bound.value());
  return absl::OkStatus();
}

}  // namespace

absl::Status ValidateShippingTaxBehavior(absl::string_view value, absl::string_view param) {
  return ValidateEnum(value, {"exclusive", "inclusive", "unspecified"}, param);
}

absl::StatusOr<ShippingRate> DraftShippingRate(const ShippingRateCreateParams& params,
                                               absl::string_view prefix) {
  if (params.has_type()) {
    PAYSIM_RETURN_IF_ERROR(ValidateEnum(params.type(), {"fixed_amount"}, Param(prefix, "type")));
  }
  if (!params.has_display_name()) return ParameterMissing(Param(prefix, "display_name"));
  if (params.display_name().empty()) return CannotUnset(Param(prefix, "display_name"));
  if (static_cast<int>(params.display_name().size()) > kShippingRateDisplayNameMaxLength) {
    // UNCERTAIN: Stripe's wording (its API reference gives the limit).
    return InvalidRequestError("", Param(prefix, "display_name"),
                               absl::StrCat("Invalid display_name: must be at most ",
                                            kShippingRateDisplayNameMaxLength, " characters"));
  }
  if (!params.has_fixed_amount()) {
    // UNCERTAIN: Stripe's wording ("Must be present if type is `fixed_amount`").
    return ParameterMissing(Param(prefix, "fixed_amount"));
  }
  const ShippingRateFixedAmountParams& fixed = params.fixed_amount();
  if (!fixed.has_amount()) return ParameterMissing(Param(prefix, "fixed_amount[amount]"));
  if (!fixed.has_currency()) return ParameterMissing(Param(prefix, "fixed_amount[currency]"));
  if (fixed.amount() < 0) {
    return InvalidRequestError("parameter_invalid_integer", Param(prefix, "fixed_amount[amount]"),
                               "This value must be greater than or equal to 0.");
  }
  const CurrencyInfo* currency = nullptr;
  PAYSIM_RETURN_IF_ERROR(
      ValidateCurrency(fixed.currency(), &currency, Param(prefix, "fixed_amount[currency]")));
  PAYSIM_ASSIGN_OR_RETURN(
      std::vector<ShippingRateCurrencyOption> options,
      CheckShippingCurrencyOptions(fixed.currency_options(), currency->code,
                                   Param(prefix, "fixed_amount[currency_options]")));
  ShippingRate draft;
  if (params.has_delivery_estimate()) {
    const ShippingRateDeliveryEstimateParams& estimate = params.delivery_estimate();
    ShippingRateDeliveryEstimate* out = draft.mutable_delivery_estimate();
    if (estimate.has_minimum()) {
      PAYSIM_RETURN_IF_ERROR(CheckBound(estimate.minimum(),
                                        Param(prefix, "delivery_estimate[minimum]"),
                                        out->mutable_minimum()));
    }
    if (estimate.has_maximum()) {
      PAYSIM_RETURN_IF_ERROR(CheckBound(estimate.maximum(),
                                        Param(prefix, "delivery_estimate[maximum]"),
                                        out->mutable_maximum()));
    }
  }
  if (params.has_tax_behavior()) {
    PAYSIM_RETURN_IF_ERROR(
        ValidateShippingTaxBehavior(params.tax_behavior(), Param(prefix, "tax_behavior")));
  }
  PAYSIM_RETURN_IF_ERROR(ValidateMetadata(params.metadata()));
  draft.set_active(true);
  draft.set_display_name(params.display_name());
  draft.mutable_fixed_amount()->set_amount(fixed.amount());
  draft.mutable_fixed_amount()->set_currency(std::string(currency->code));
  MergeCurrencyOptions(options, draft.mutable_fixed_amount()->mutable_currency_options());
  draft.set_tax_behavior(params.has_tax_behavior() ? params.tax_behavior()
                                                   : std::string("unspecified"));
  if (params.has_tax_code() && !params.tax_code().empty()) draft.set_tax_code(params.tax_code());
  draft.set_type(PAYSIM_INTERNED("fixed_amount"));
  PAYSIM_RETURN_IF_ERROR(MergeMetadata(params.metadata(), draft.mutable_metadata()));
  return draft;
}

}  // namespace internal
}  // namespace paysim
