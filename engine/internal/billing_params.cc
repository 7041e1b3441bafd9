// Checks subscriptions and one-off invoices share (billing_params.h).
#include "engine/internal/billing_params.h"

#include "absl/strings/str_cat.h"
#include "engine/internal/currency_options.h"
#include "engine/internal/status_macros.h"
#include "engine/stripe_error.h"

namespace paysim {
namespace internal {

absl::StatusOr<std::vector<TaxRate>> CheckBillingTaxRates(
    World& world, const google::protobuf::RepeatedPtrField<std::string>& ids,
    absl::string_view param) {
  std::vector<TaxRate> rates;
  for (int j = 0; j < ids.size(); ++j) {
    const std::string name = absl::StrCat(param, "[", j, "]");
    PAYSIM_ASSIGN_OR_RETURN(const TaxRate* rate, world.tax_rates().Get(ids[j], name));
    if (rate->automatic()) return ResourceMissing("tax_rate", rate->id(), name);
    if (!rate->active()) {
      // UNCERTAIN (wording).
      return InvalidRequestError("", name,
                                 absl::StrCat("The tax rate ", rate->id(),
                                              " is inactive and cannot be applied."));
    }
    rates.push_back(*rate);
  }
  return rates;
}

absl::StatusOr<absl::optional<DiscountChoice>> CheckBillingDiscount(
    World& world, const BillingDiscountAsk& ask, const std::string& customer,
    const std::string& currency, absl::string_view what) {
  const int given = (ask.coupon.has_value() ? 1 : 0) + (ask.promotion_code.has_value() ? 1 : 0) +
                    (ask.discounts > 0 ? 1 : 0);
  if (given == 0) return absl::optional<DiscountChoice>();
  DiscountRequest request;
  const std::string discounts =
      ask.within.empty() ? "discounts" : absl::StrCat(ask.within, "[discounts]");
  if (ask.discounts > 0) {
    if (given > 1) {
      // UNCERTAIN (wording).
      return InvalidRequestError("", discounts,
                                 "You may not pass `discounts` with `coupon` or "
                                 "`promotion_code`.");
    }
    if (ask.discounts > 1) {
      return InvalidRequestError("", discounts,
                                 absl::StrCat("paysim applies one discount per ", what, "."));
    }
    if (ask.first_coupon.has_value() == ask.first_promotion_code.has_value()) {
      return InvalidRequestError("", absl::StrCat(discounts, "[0]"),
                                 "Each discount needs exactly one of `coupon` and "
                                 "`promotion_code`.");
    }
    request.param_prefix = absl::StrCat(discounts, "[0]");
    request.coupon = ask.first_coupon;
    request.promotion_code = ask.first_promotion_code;
  } else {
    request.coupon = ask.coupon;
    request.promotion_code = ask.promotion_code;
  }
  PAYSIM_ASSIGN_OR_RETURN(DiscountChoice choice, CheckDiscount(world, request, customer));
  if (!CouponAppliesIn(*choice.coupon, currency)) {
    const std::string name = request.coupon.has_value() ? "coupon" : "promotion_code";
    // UNCERTAIN (wording).
    return InvalidRequestError(
        "",
        request.param_prefix.empty() ? name : absl::StrCat(request.param_prefix, "[", name, "]"),
        absl::StrCat("The coupon ", choice.coupon->id(), " is in ", choice.coupon->currency(),
                     " and cannot apply to a ", what, " in ", currency, "."));
  }
  return absl::optional<DiscountChoice>(choice);
}

}  // namespace internal
}  // namespace paysim
