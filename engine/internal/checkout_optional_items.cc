// A Checkout Session's optional items (checkout_optional_items.h).
#include "engine/internal/checkout_optional_items.h"

#include <string>
#include <utility>

#include "absl/container/flat_hash_set.h"
#include "absl/strings/str_cat.h"
#include "engine/checkout_sessions.h"
#include "engine/internal/checkout_automatic_tax.h"
#include "engine/internal/checkout_line_items.h"
#include "engine/internal/status_macros.h"
#include "engine/stripe_error.h"

namespace paysim {
namespace internal {
namespace {

std::string OptionalParam(int i, absl::string_view field = "") {
  return field.empty() ? absl::StrCat("optional_items[", i, "]")
                       : absl::StrCat("optional_items[", i, "][", field, "]");
}

// `optional_items[i]` as the line item it becomes: price, quantity, adjustable quantity.
CheckoutLineItemParams AsLineItem(const CheckoutOptionalItemParams& given) {
  CheckoutLineItemParams item;
  if (given.has_price()) item.set_price(given.price());
  if (given.has_quantity()) item.set_quantity(given.quantity());
  if (given.has_adjustable_quantity()) {
    *item.mutable_adjustable_quantity() = given.adjustable_quantity();
  }
  return item;
}

}  // namespace

absl::StatusOr<std::vector<LinePlan>> CheckOptionalItems(World& w,
                                                         const CheckoutSessionCreateParams& p,
                                                         CheckoutUi ui, absl::string_view ui_name,
                                                         const std::vector<LinePlan>& lines) {
  std::vector<LinePlan> plans;
  if (p.optional_items().empty()) return plans;
  if (!CheckoutTakesOptionalItems(w.api_version())) return ParameterUnknown("optional_items");
  if (ui == CheckoutUi::kElements) {
    return InvalidRequestError("", "optional_items",
                               absl::StrCat("`optional_items` is not supported with `ui_mode: ",
                                            ui_name, "`."));
  }
  if (p.optional_items_size() > kCheckoutMaxOptionalItems) {
    return InvalidRequestError("", "optional_items",
                               absl::StrCat("A Checkout Session can have at most ",
                                            kCheckoutMaxOptionalItems, " optional items."));
  }
  const bool subscription = p.mode() == "subscription";
  int recurring = 0;
  int one_time = 0;
  std::string interval;
  for (const LinePlan& line : lines) {
    if (line.recurring()) {
      ++recurring;
      if (interval.empty()) interval = line.interval();
    } else {
      ++one_time;
    }
  }
  absl::flat_hash_set<std::string> prices;
  for (int i = 0; i < p.optional_items_size(); ++i) {
    const CheckoutOptionalItemParams& given = p.optional_items(i);
    if (!given.has_price()) return ParameterMissing(OptionalParam(i, "price"));
    if (!given.has_quantity()) return ParameterMissing(OptionalParam(i, "quantity"));
    PAYSIM_ASSIGN_OR_RETURN(LinePlan plan,
                            CheckLineItem(w, AsLineItem(given), "optional_items", i));
    if (p.automatic_tax().enabled()) {  // Stripe: "only ... prices with specified tax behavior"
      PAYSIM_RETURN_IF_ERROR(CheckPriceTaxBehavior(w, *plan.price, OptionalParam(i, "price")));
    }
    if (!prices.insert(given.price()).second) {
      return InvalidRequestError("", OptionalParam(i, "price"),
                                 absl::StrCat("The price ", given.price(),
                                              " is already one of the optional items."));
    }
    if (!lines.empty() && plan.currency() != lines.front().currency()) {
      return InvalidRequestError("", OptionalParam(i, "price"),
                                 "The currency of an optional item must match the currency of "
                                 "the line items.");
    }
    if (plan.recurring()) {
      if (!subscription) {
        return InvalidRequestError("", OptionalParam(i, "price"),
                                   "You specified `payment` mode but passed a recurring price "
                                   "as an optional item. Use only one-time prices.");
      }
      if (!interval.empty() && plan.interval() != interval) {
        return InvalidRequestError("", OptionalParam(i, "price"),
                                   "The billing interval of an optional item must match the "
                                   "billing interval of the line items.");
      }
      ++recurring;
    } else {
      ++one_time;
    }
    plans.push_back(std::move(plan));
  }
  if (!subscription && recurring + one_time > kCheckoutMaxLineItems) {
    return InvalidRequestError(
        "", "optional_items",
        absl::StrCat("A Checkout Session in payment mode can have at most ",
                     kCheckoutMaxLineItems, " line items and optional items together."));
  }
  if (subscription &&
      (recurring > kCheckoutMaxSubscriptionItems || one_time > kCheckoutMaxSubscriptionItems)) {
    return InvalidRequestError(
        "", "optional_items",
        absl::StrCat("A Checkout Session in subscription mode can have at most ",
                     kCheckoutMaxSubscriptionItems, " recurring and ",
                     kCheckoutMaxSubscriptionItems,
                     " one-time line items and optional items together."));
  }
  return plans;
}

void RenderOptionalItems(const CheckoutSessionCreateParams& params, CheckoutSession& session) {
  for (const CheckoutOptionalItemParams& given : params.optional_items()) {
    CheckoutOptionalItem* item = session.add_optional_items();
    item->set_price(given.price());
    item->set_quantity(given.quantity());
    if (!given.has_adjustable_quantity()) continue;
    const CheckoutAdjustableQuantityParams& bounds = given.adjustable_quantity();
    CheckoutOptionalItemAdjustableQuantity* shown = item->mutable_adjustable_quantity();
    shown->set_enabled(bounds.enabled());
    if (bounds.has_maximum()) shown->set_maximum(bounds.maximum());
    if (bounds.has_minimum()) shown->set_minimum(bounds.minimum());
  }
}

}  // namespace internal
}  // namespace paysim
