#include "engine/internal/checkout_shipping.h"

#include <string>
#include <utility>

#include "absl/strings/str_cat.h"
#include "engine/internal/currency_options.h"
#include "engine/internal/shipping_rate_lifecycle.h"
#include "engine/internal/shipping_rate_request.h"
#include "engine/internal/status_macros.h"
#include "engine/stripe_error.h"

namespace paysim {
namespace internal {
namespace {

std::string OptionParam(int i) { return absl::StrCat("shipping_options[", i, "]"); }

absl::Status WrongCurrency(const std::string& param, const std::string& rate_currency,
                           const std::string& currency) {
  // UNCERTAIN: Stripe's wording.
  return InvalidRequestError(
      "", param,
      absl::StrCat("The shipping rate's currency (", rate_currency,
                   ") must match the currency of the Checkout Session (", currency,
                   ") or have an amount in it (fixed_amount[currency_options])."));
}

// shipping_cost for the chosen `option`: untaxed (see the header).
void SetCost(const CheckoutShippingOption& option, CheckoutSession& session) {
  CheckoutShippingCost* cost = session.mutable_shipping_cost();
  cost->set_amount_subtotal(option.shipping_amount());
  cost->set_amount_tax(0);
  cost->set_amount_total(option.shipping_amount());
  cost->set_shipping_rate(option.shipping_rate());
}

}  // namespace

absl::StatusOr<std::vector<ShippingOptionPlan>> CheckShippingOptions(
    World& world, const google::protobuf::RepeatedPtrField<CheckoutShippingOptionParams>& options,
    const std::string& mode, const std::string& currency) {
  std::vector<ShippingOptionPlan> plans;
  if (options.empty()) return plans;
  if (mode != "payment") {
    // UNCERTAIN: Stripe's wording.
    return InvalidRequestError("", "shipping_options",
                               "`shipping_options` can only be used in `payment` mode.");
  }
  if (options.size() > kCheckoutMaxShippingOptions) {
    // UNCERTAIN: Stripe's wording.
    return InvalidRequestError("", "shipping_options",
                               absl::StrCat("You may only specify up to ",
                                            kCheckoutMaxShippingOptions, " shipping options."));
  }
  for (int i = 0; i < options.size(); ++i) {
    const CheckoutShippingOptionParams& option = options.Get(i);
    const std::string param = OptionParam(i);
    ShippingOptionPlan plan;
    if (option.has_shipping_rate() && option.has_shipping_rate_data()) {
      return InvalidRequestError(
          "", absl::StrCat(param, "[shipping_rate]"),
          "You may only specify one of these parameters: shipping_rate, shipping_rate_data.");
    }
    if (option.has_shipping_rate()) {
      const std::string rate_param = absl::StrCat(param, "[shipping_rate]");
      PAYSIM_ASSIGN_OR_RETURN(plan.rate,
                              world.shipping_rates().Get(option.shipping_rate(), rate_param));
      if (!plan.rate->active()) {
        // UNCERTAIN: Stripe's wording.
        return InvalidRequestError("", rate_param,
                                   absl::StrCat("The shipping rate ", plan.rate->id(),
                                                " is inactive and cannot be used."));
      }
      const absl::optional<int64_t> amount = ShippingAmountIn(*plan.rate, currency);
      if (!amount.has_value()) {
        return WrongCurrency(rate_param, plan.rate->fixed_amount().currency(), currency);
      }
      plan.session_amount = *amount;
    } else if (option.has_shipping_rate_data()) {
      const std::string data_param = absl::StrCat(param, "[shipping_rate_data]");
      PAYSIM_ASSIGN_OR_RETURN(plan.draft,
                              DraftShippingRate(option.shipping_rate_data(), data_param));
      const absl::optional<int64_t> amount = ShippingAmountIn(plan.draft, currency);
      if (!amount.has_value()) {
        return WrongCurrency(absl::StrCat(data_param, "[fixed_amount][currency]"),
                             plan.draft.fixed_amount().currency(), currency);
      }
      plan.session_amount = *amount;
    } else {
      // UNCERTAIN: Stripe's wording.
      return InvalidRequestError(
          "", param, "You must specify one of these parameters: shipping_rate, "
                     "shipping_rate_data.");
    }
    plan.tax_behavior = ShippingTaxBehaviorIn(plan.shipping_rate(), currency);
    plans.push_back(std::move(plan));
  }
  return plans;
}

void ApplyShippingOptions(World& world, const std::vector<ShippingOptionPlan>& plans,
                          CheckoutSession& session) {
  session.clear_shipping_options();
  session.clear_shipping_cost();
  session.mutable_total_details()->set_amount_shipping(0);
  for (size_t i = 0; i < plans.size(); ++i) {
    const ShippingRate& rate = plans[i].rate != nullptr
                                   ? *plans[i].rate
                                   : ShippingRateLifecycle::Create(world, plans[i].draft);
    CheckoutShippingOption* option = session.add_shipping_options();
    option->set_shipping_amount(plans[i].amount());
    option->set_shipping_rate(rate.id_shared());
  }
  if (!plans.empty()) SetCost(session.shipping_options(0), session);
}

}  // namespace internal
}  // namespace paysim
