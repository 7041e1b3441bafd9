// Checking the line items of a new Checkout Session (checkout_line_items.h).
#include "engine/internal/checkout_line_items.h"

#include <string>
#include <utility>
#include <vector>

#include "absl/strings/str_cat.h"
#include "engine/checkout_sessions.h"
#include "engine/internal/catalog.h"
#include "engine/internal/checkout_discounts.h"
#include "engine/internal/checkout_dynamic_tax.h"
#include "engine/internal/meter_usage.h"
#include "engine/internal/params_util.h"
#include "engine/internal/status_macros.h"
#include "engine/stripe_error.h"

namespace paysim {
namespace internal {
namespace {

// Stripe's line item quantities are bounded; paysim takes six digits (so that no total
// overflows). UNCERTAIN: Stripe's exact upper bound.
constexpr int64_t kMaxQuantity = 999999;

std::string ItemParam(absl::string_view list, int i, absl::string_view field = "") {
  return field.empty() ? absl::StrCat(list, "[", i, "]")
                       : absl::StrCat(list, "[", i, "][", field, "]");
}

std::string ItemParam(int i, absl::string_view field = "") {
  return ItemParam("line_items", i, field);
}

}  // namespace

absl::StatusOr<LinePlan> CheckLineItem(World& w, const CheckoutLineItemParams& item,
                                       absl::string_view list, int i) {
  const auto ItemParam = [list](int i, absl::string_view field = "") {
    return internal::ItemParam(list, i, field);
  };
  LinePlan plan;
  if (item.has_price() && item.has_price_data()) {
    return InvalidRequestError(
        "", ItemParam(i), "You may only specify one of these parameters: price, price_data.");
  }
  if (!item.has_price() && !item.has_price_data()) {
    return InvalidRequestError(
        "", ItemParam(i),
        "You must provide either price or price_data for each line item when using prices.");
  }
  // A metered price (its usage is billed, meters.h) takes no quantity; any other needs one.
  const Price* given_price =
      item.has_price() ? w.prices().Find(item.price()) : nullptr;
  const bool metered =
      given_price != nullptr ? BillsUsage(*given_price)
                             : item.price_data().recurring().usage_type() == "metered" &&
                                   item.price_data().recurring().has_meter();
  if (metered && item.has_quantity()) {
    return InvalidRequestError(
        "", ItemParam(i),
        absl::StrCat("Quantity should not be specified where usage_type is `metered`. Remove "
                     "quantity from `",
                     ItemParam(i), "`"));
  }
  if (!metered && !item.has_quantity()) {
    return InvalidRequestError(
        "", ItemParam(i),
        absl::StrCat("Quantity is required. Add `quantity` to `", ItemParam(i), "`"));
  }
  if (!metered && item.quantity() < 1) {
    return InvalidRequestError("parameter_invalid_integer", ItemParam(i, "quantity"),
                               "This value must be greater than or equal to 1.");
  }
  if (item.quantity() > kMaxQuantity) {
    return InvalidRequestError("parameter_invalid_integer", ItemParam(i, "quantity"),
                               absl::StrCat("This value must be less than or equal to ",
                                            kMaxQuantity, "."));
  }
  plan.quantity = metered ? 0 : item.quantity();
  if (item.has_adjustable_quantity()) {
    PAYSIM_RETURN_IF_ERROR(
        CheckAdjustableQuantity(item.adjustable_quantity(), metered, i, plan, list));
  }
  PAYSIM_ASSIGN_OR_RETURN(plan.tax_rates, CheckLineTaxRates(w, item, i));
  PAYSIM_ASSIGN_OR_RETURN(plan.dynamic_tax_rates, CheckDynamicTaxRates(w, item, i));
  if (item.has_price()) {
    PAYSIM_ASSIGN_OR_RETURN(plan.price, FindSellablePrice(w, item.price(),
                                                                    ItemParam(i, "price")));
    return plan;
  }
  const CheckoutPriceDataParams& data = item.price_data();
  PriceInput input;
  if (data.has_currency()) input.currency = data.currency();
  if (data.has_unit_amount()) input.unit_amount = data.unit_amount();
  if (data.has_product()) input.product = data.product();
  if (data.has_product_data()) input.product_data = &data.product_data();
  if (data.has_recurring()) input.recurring = &data.recurring();
  if (data.has_tax_behavior()) input.tax_behavior = data.tax_behavior();
  PAYSIM_ASSIGN_OR_RETURN(plan.draft, CheckPriceInput(w, input, ItemParam(i, "price_data"),
                                                                /*product_omitted_ok=*/false));
  if (data.has_product()) {
    const Product* product = w.products().Find(data.product());
    if (product != nullptr && !product->active()) {
      // UNCERTAIN (wording), as for a price of an inactive product.
      return InvalidRequestError("product_inactive",
                                 absl::StrCat(ItemParam(i, "price_data"), "[product]"),
                                 "The product specified is inactive. This field only accepts "
                                 "active products.");
    }
  }
  return plan;
}

absl::Status CheckAdjustableQuantity(const CheckoutAdjustableQuantityParams& given, bool metered,
                                     int i, LinePlan& plan, absl::string_view list) {
  const std::string prefix = ItemParam(list, i, "adjustable_quantity");
  if (!given.has_enabled()) return ParameterMissing(absl::StrCat(prefix, "[enabled]"));
  if (!given.enabled()) return absl::OkStatus();
  if (metered) {
    return InvalidRequestError("", prefix,
                               "Adjustable quantity is not supported where usage_type is "
                               "`metered`.");
  }
  plan.adjustable = true;
  plan.minimum = given.has_minimum() ? given.minimum() : kDefaultAdjustableMinimum;
  plan.maximum = given.has_maximum() ? given.maximum() : kDefaultAdjustableMaximum;
  if (plan.minimum < 0) {
    return InvalidRequestError("parameter_invalid_integer", absl::StrCat(prefix, "[minimum]"),
                               "This value must be greater than or equal to 0.");
  }
  if (plan.maximum < 1 || plan.maximum > kMaxQuantity) {
    return InvalidRequestError(
        "parameter_invalid_integer", absl::StrCat(prefix, "[maximum]"),
        plan.maximum < 1 ? std::string("This value must be greater than or equal to 1.")
                         : absl::StrCat("This value must be less than or equal to ",
                                        kMaxQuantity, "."));
  }
  if (plan.minimum > plan.maximum) {
    return InvalidRequestError("", absl::StrCat(prefix, "[minimum]"),
                               "The minimum must be less than or equal to the maximum.");
  }
  if (plan.quantity < plan.minimum || plan.quantity > plan.maximum) {
    return InvalidRequestError(
        "", ItemParam(list, i, "quantity"),
        absl::StrCat("The quantity must be between the adjustable_quantity's minimum (",
                     plan.minimum, ") and maximum (", plan.maximum, ")."));
  }
  return absl::OkStatus();
}

absl::StatusOr<std::vector<LinePlan>> CheckLineItems(World& w,
                                                     const CheckoutSessionCreateParams& p) {
  std::vector<LinePlan> plans;
  const bool subscription = p.mode() == "subscription";
  if (p.line_items().empty()) return ParameterMissing("line_items");
  if (!subscription && p.line_items_size() > kCheckoutMaxLineItems) {
    return InvalidRequestError("", "line_items",
                               absl::StrCat("A Checkout Session in payment mode can have at most ",
                                            kCheckoutMaxLineItems, " line items."));
  }
  int recurring = 0;
  int one_time = 0;
  std::string interval;
  for (int i = 0; i < p.line_items_size(); ++i) {
    PAYSIM_ASSIGN_OR_RETURN(LinePlan plan, CheckLineItem(w, p.line_items(i), "line_items", i));
    if (!plans.empty() && plan.currency() != plans.front().currency()) {
      // UNCERTAIN (wording).
      return InvalidRequestError("", ItemParam(i),
                                 "All line items of a Checkout Session must use the same "
                                 "currency.");
    }
    if (plan.recurring()) {
      if (!subscription) {
        return InvalidRequestError(
            "", ItemParam(i),
            "You specified `payment` mode but passed a recurring price. Either switch to "
            "`subscription` mode or use only one-time prices.");
      }
      if (!interval.empty() && plan.interval() != interval) {
        // UNCERTAIN (wording): a subscription bills its items on one interval.
        return InvalidRequestError("", ItemParam(i),
                                   "Checkout does not support multiple prices with different "
                                   "billing intervals.");
      }
      interval = plan.interval();
      ++recurring;
    } else {
      ++one_time;
    }
    plans.push_back(std::move(plan));
  }
  if (subscription) {
    if (recurring == 0) {
      return InvalidRequestError("", "line_items",
                                 "You must provide at least one recurring price in "
                                 "`subscription` mode when using prices.");
    }
    if (recurring > kCheckoutMaxSubscriptionItems || one_time > kCheckoutMaxSubscriptionItems) {
      return InvalidRequestError(
          "", "line_items",
          absl::StrCat("A Checkout Session in subscription mode can have at most ",
                       kCheckoutMaxSubscriptionItems, " recurring and ",
                       kCheckoutMaxSubscriptionItems, " one-time line items."));
    }
  }
  return plans;
}

}  // namespace internal
}  // namespace paysim
