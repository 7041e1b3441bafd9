// Shipping rates: create, retrieve, update, list.
#include "engine/shipping_rates.h"

#include <string>
#include <utility>
#include <vector>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "engine/internal/currency_options.h"
#include "engine/internal/shipping_rate_lifecycle.h"
#include "engine/internal/shipping_rate_request.h"
#include "engine/internal/status_macros.h"
#include "engine/internal/world.h"
#include "engine/metadata.h"
#include "engine/stripe_error.h"

namespace paysim {
namespace {

using internal::ShippingRateLifecycle;
using internal::World;

absl::Status CheckTaxBehaviorChange(const ShippingRate& rate, const std::string& wanted) {
  PAYSIM_RETURN_IF_ERROR(internal::ValidateShippingTaxBehavior(wanted, "tax_behavior"));
  if (rate.tax_behavior() != "unspecified" && rate.tax_behavior() != wanted) {
    // UNCERTAIN: Stripe's wording (as for prices: once inclusive or exclusive, tax_behavior
    // cannot change).
    return InvalidRequestError("", "tax_behavior",
                               "tax_behavior cannot be changed once it is set to `inclusive` "
                               "or `exclusive`.");
  }
  return absl::OkStatus();
}

// `fixed_amount[currency_options]` of an update, set on `updated`: a new currency needs its
// amount; a currency option's tax_behavior changes only as the rate's does.
absl::Status UpdateCurrencyOptions(const ShippingRateFixedAmountUpdateParams& params,
                                   ShippingRate* updated) {
  if (params.currency_options().empty()) return absl::OkStatus();
  const ShippingRateFixedAmount& fixed = updated->fixed_amount();
  PAYSIM_ASSIGN_OR_RETURN(
      std::vector<ShippingRateCurrencyOption> changes,
      internal::CheckShippingCurrencyOptions(params.currency_options(), fixed.currency(),
                                             "fixed_amount[currency_options]", &fixed));
  for (const ShippingRateCurrencyOption& change : changes) {
    const ShippingRateCurrencyOption* before = internal::ShippingOptionIn(fixed, change.currency());
    if (before != nullptr && before->tax_behavior() != "unspecified" &&
        before->tax_behavior() != change.tax_behavior()) {
      // UNCERTAIN: Stripe's wording, as for the rate's own tax_behavior.
      return InvalidRequestError(
          "", absl::StrCat("fixed_amount[currency_options][", change.currency(), "][tax_behavior]"),
          "tax_behavior cannot be changed once it is set to `inclusive` or `exclusive`.");
    }
  }
  internal::MergeCurrencyOptions(changes,
                                 updated->mutable_fixed_amount()->mutable_currency_options());
  return absl::OkStatus();
}

}  // namespace

absl::StatusOr<ShippingRate> ShippingRateService::Create(const ShippingRateCreateParams& params,
                                                         const RequestOptions& options) {
  World& w = *world_;
  return w.RunIdempotent<ShippingRate>(
      options, "POST /v1/shipping_rates", params, [&]() -> absl::StatusOr<ShippingRate> {
        PAYSIM_ASSIGN_OR_RETURN(ShippingRate draft, internal::DraftShippingRate(params));
        return ShippingRateLifecycle::Create(w, std::move(draft));
      });
}

absl::StatusOr<ShippingRate> ShippingRateService::Retrieve(absl::string_view id,
                                                           const RequestOptions& options) {
  World& w = *world_;
  return w.Run(options, [&]() -> absl::StatusOr<ShippingRate> {
    PAYSIM_ASSIGN_OR_RETURN(const ShippingRate* rate, w.shipping_rates().Get(id));
    return *rate;
  });
}

absl::StatusOr<ShippingRate> ShippingRateService::Update(absl::string_view id,
                                                         const ShippingRateUpdateParams& params,
                                                         const RequestOptions& options) {
  World& w = *world_;
  return w.RunIdempotent<ShippingRate>(
      options, [&] { return absl::StrCat("POST /v1/shipping_rates/", id); }, params,
      [&]() -> absl::StatusOr<ShippingRate> {
        PAYSIM_ASSIGN_OR_RETURN(const ShippingRate* rate, w.shipping_rates().Get(id));
        if (params.has_tax_behavior()) {
          PAYSIM_RETURN_IF_ERROR(CheckTaxBehaviorChange(*rate, params.tax_behavior()));
        }
        PAYSIM_RETURN_IF_ERROR(ValidateMetadata(params.metadata()));
        ShippingRate updated = *rate;
        PAYSIM_RETURN_IF_ERROR(UpdateCurrencyOptions(params.fixed_amount(), &updated));
        PAYSIM_RETURN_IF_ERROR(MergeMetadata(params.metadata(), updated.mutable_metadata()));
        if (params.has_active()) updated.set_active(params.active());
        if (params.has_tax_behavior()) updated.set_tax_behavior(params.tax_behavior());
        return ShippingRateLifecycle::Update(w, *rate, updated);
      });
}

absl::StatusOr<ListResult<ShippingRate>> ShippingRateService::List(
    const ShippingRateListParams& params, const RequestOptions& options) {
  World& w = *world_;
  return w.Run(options, [&]() -> absl::StatusOr<ListResult<ShippingRate>> {
    ListWindow window;
    PAYSIM_RETURN_IF_ERROR(MakeListWindow(params, &window));
    const std::string currency = absl::AsciiStrToLower(params.currency());
    return w.shipping_rates().List(window, "/v1/shipping_rates", [&](const ShippingRate& r) {
      return (!params.has_active() || r.active() == params.active()) &&
             (!params.has_currency() || r.fixed_amount().currency() == currency);
    });
  });
}

}  // namespace paysim
