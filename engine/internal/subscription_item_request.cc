#include "engine/internal/subscription_item_request.h"

#include <functional>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/types/optional.h"
#include "engine/internal/billing_params.h"
#include "engine/internal/intent_common.h"
#include "engine/internal/meter_usage.h"
#include "engine/internal/status_macros.h"
#include "engine/internal/subscription_request.h"
#include "engine/metadata.h"
#include "engine/stripe_error.h"

namespace paysim {
namespace internal {
namespace {

// The param name of field `field` of one item ("items[0][price]", or "price").
using ParamOf = std::function<std::string(absl::string_view field)>;

int IndexOf(const Subscription& subscription, absl::string_view item_id) {
  for (int i = 0; i < subscription.items().data_size(); ++i) {
    if (subscription.items().data(i).id() == item_id) return i;
  }
  return -1;
}

// Applies one item's params to `updated` (the subscription being changed); `params[k]` is the
// param naming the item's price, for the checks of the whole that follow.
absl::Status ApplyOne(World& world, const SubscriptionUpdateItemParams& p, const ParamOf& param,
                      Subscription* updated, std::vector<std::string>* price_params) {
  SubscriptionItemList* list = updated->mutable_items();
  int index = -1;
  if (p.has_id()) {
    index = IndexOf(*updated, p.id());
    // UNCERTAIN: Stripe's wording ("No such subscription item").
    if (index < 0) return ResourceMissing("subscription item", p.id(), param("id"));
    if (p.has_deleted() && p.deleted()) {
      SubscriptionItemList kept;
      for (int i = 0; i < list->data_size(); ++i) {
        if (i != index) *kept.add_data() = list->data(i);
      }
      *list->mutable_data() = kept.data();
      price_params->erase(price_params->begin() + index);
      return absl::OkStatus();
    }
  }
  std::string price_param;
  std::string price_id;
  absl::optional<Price> made;  // price_data: a price made for the item
  if (p.has_price_data()) {
    price_param = param("price_data");
    if (p.has_price() || p.has_plan()) {
      return OnlyOneOf(p.has_plan() ? "plan" : "price", "price_data", price_param);
    }
    PAYSIM_ASSIGN_OR_RETURN(made, CheckItemPriceData(world, p.price_data(), price_param));
  } else {
    PAYSIM_ASSIGN_OR_RETURN(price_id,
                            ItemPriceId(world, p.has_price() ? &p.price() : nullptr,
                                        p.has_plan() ? &p.plan() : nullptr, param,
                                        &price_param));
  }
  if (index < 0) {
    if (price_id.empty() && !made.has_value()) return ParameterMissing(price_param);
    list->add_data()->set_quantity(1);
    index = list->data_size() - 1;
    price_params->push_back(price_param);
  }
  SubscriptionItem* item = list->mutable_data(index);
  if (made.has_value()) {
    *item->mutable_price() = *made;  // its id drawn when the change is applied
    (*price_params)[index] = price_param;
  } else if (!price_id.empty()) {
    PAYSIM_ASSIGN_OR_RETURN(const Price* price, RecurringPrice(world, price_id, price_param));
    *item->mutable_price() = *price;
    (*price_params)[index] = price_param;
  }
  if (BillsUsage(item->price())) {
    // A metered item has no quantity (a licensed item moved to a metered price loses its own).
    if (p.has_quantity()) return MeteredQuantityGiven(param("quantity"));
    item->clear_quantity();
  } else if (p.has_quantity()) {
    if (p.quantity() < 0) {
      return InvalidRequestError("parameter_invalid_integer", param("quantity"),
                                 "This value must be greater than or equal to 0.");
    }
    item->set_quantity(p.quantity());
  } else if (!item->has_quantity()) {
    item->set_quantity(1);  // a metered item moved to a licensed price
  }
  if (p.tax_rates_size() > 0 || p.tax_rates_emptied()) {
    // The item's own rates are replaced (given as an empty list: removed; the subscription's
    // default_tax_rates then apply to it).
    PAYSIM_ASSIGN_OR_RETURN(std::vector<TaxRate> rates,
                            CheckBillingTaxRates(world, p.tax_rates(), param("tax_rates")));
    item->clear_tax_rates();
    for (TaxRate& rate : rates) *item->add_tax_rates() = std::move(rate);
  }
  PAYSIM_RETURN_IF_ERROR(ValidateMetadata(p.metadata()));
  return MergeMetadata(p.metadata(), item->mutable_metadata());
}

// The checks of the items as a whole after the change.
absl::Status CheckWhole(const Subscription& subscription, const std::vector<std::string>& params,
                        absl::string_view items_param, SubscriptionChange* change) {
  const Subscription& updated = change->updated;
  if (updated.items().data_size() == 0) {
    // UNCERTAIN: Stripe's wording (its answer to deleting a subscription's last item).
    return InvalidRequestError(
        "", "",
        "A subscription must have at least one active plan. To cancel a subscription, please "
        "use the cancel API endpoint on /v1/subscriptions.");
  }
  if (updated.items().data_size() > kSubscriptionMaxItems) {
    return InvalidRequestError("", std::string(items_param),
                               absl::StrCat("You may only specify up to ", kSubscriptionMaxItems,
                                            " items."));
  }
  const Price& first = updated.items().data(0).price();
  for (int i = 0; i < updated.items().data_size(); ++i) {
    const Price& price = updated.items().data(i).price();
    if (price.currency() != first.currency() ||
        price.currency() != subscription.currency()) {
      // UNCERTAIN: Stripe's wording.
      return InvalidRequestError("", params[i],
                                 "All prices on a subscription must have the same currency.");
    }
    if (price.recurring().interval() != first.recurring().interval() ||
        price.recurring().interval_count() != first.recurring().interval_count()) {
      // UNCERTAIN: Stripe's wording.
      return InvalidRequestError(
          "", params[i], "All prices on a subscription must have the same recurring interval.");
    }
    for (int j = 0; j < i && !price.id().empty(); ++j) {  // a price made inline is new
      if (updated.items().data(j).price().id() == price.id()) {
        // UNCERTAIN: Stripe's wording.
        return InvalidRequestError(
            "", params[i],
            absl::StrCat("Cannot add multiple subscription items with the same price: ",
                         price.id(), "."));
      }
    }
  }
  const PriceRecurring& old = subscription.items().data(0).price().recurring();
  change->new_cycle = first.recurring().interval() != old.interval() ||
                      first.recurring().interval_count() != old.interval_count();
  if (change->new_cycle && subscription.status() == "trialing") {
    // UNCERTAIN: Stripe would end the trial's cycle too; paysim keeps the trial as the period.
    return InvalidRequestError("", params[0],
                               "paysim does not change the interval of a trialing "
                               "subscription.");
  }
  return absl::OkStatus();
}

std::vector<std::string> PriceParams(const Subscription& subscription) {
  std::vector<std::string> out;
  for (int i = 0; i < subscription.items().data_size(); ++i) out.push_back("price");
  return out;
}

}  // namespace

absl::Status CheckProration(World& world, const Subscription& subscription,
                            const absl::optional<std::string>& behavior,
                            const absl::optional<int64_t>& date, SubscriptionChange* change,
                            const ProrationParams& names) {
  if (behavior.has_value()) {
    PAYSIM_RETURN_IF_ERROR(ValidateEnum(*behavior, {"create_prorations", "always_invoice", "none"},
                                        std::string(names.behavior)));
    change->proration_behavior = *behavior;
  }
  if (date.has_value()) {
    if (*date < subscription.period_start() || *date > subscription.period_end()) {
      // UNCERTAIN: Stripe's wording.
      return InvalidRequestError("", std::string(names.date),
                                 absl::StrCat("The ", names.date,
                                              " must be within the subscription's current "
                                              "billing period."));
    }
    change->proration_date = *date;
  }
  (void)world;
  return absl::OkStatus();
}

absl::Status CheckItemUpdates(
    World& world, const Subscription& subscription,
    const google::protobuf::RepeatedPtrField<SubscriptionUpdateItemParams>& items,
    SubscriptionChange* change, absl::string_view items_param) {
  if (items.empty()) return absl::OkStatus();
  std::vector<std::string> params = PriceParams(subscription);
  for (int i = 0; i < items.size(); ++i) {
    const ParamOf param = [i, items_param](absl::string_view field) {
      return absl::StrCat(items_param, "[", i, "][", field, "]");
    };
    PAYSIM_RETURN_IF_ERROR(ApplyOne(world, items.Get(i), param, &change->updated, &params));
  }
  return CheckWhole(subscription, params, items_param, change);
}

absl::Status CheckAnchorUpdate(const Subscription& subscription,
                               const SubscriptionChangeParams& params,
                               SubscriptionChange* change) {
  if (!params.has_billing_cycle_anchor()) return absl::OkStatus();
  PAYSIM_RETURN_IF_ERROR(
      ValidateEnum(params.billing_cycle_anchor(), {"now", "unchanged"}, "billing_cycle_anchor"));
  if (params.billing_cycle_anchor() != "now") return absl::OkStatus();
  if (subscription.status() == "trialing") {
    return InvalidRequestError("", "billing_cycle_anchor",
                               "paysim does not reset the billing cycle of a trialing "
                               "subscription yet (end the trial with trial_end=now).");
  }
  change->new_cycle = true;
  return absl::OkStatus();
}

absl::Status CheckOneItem(World& world, const Subscription& subscription,
                          const SubscriptionUpdateItemParams& item, SubscriptionChange* change) {
  std::vector<std::string> params = PriceParams(subscription);
  const ParamOf param = [](absl::string_view field) { return std::string(field); };
  PAYSIM_RETURN_IF_ERROR(ApplyOne(world, item, param, &change->updated, &params));
  return CheckWhole(subscription, params, "items", change);
}

absl::StatusOr<const Subscription*> FindItemSubscription(World& world, absl::string_view item_id,
                                                         absl::string_view param) {
  const Subscription* found = nullptr;
  world.subscriptions().ForEach([&](const Subscription& subscription) {
    if (found == nullptr && IndexOf(subscription, item_id) >= 0) found = &subscription;
  });
  if (found == nullptr) {
    return ResourceMissing("subscription item", item_id, param.empty() ? "id" : param);
  }
  return found;
}

}  // namespace internal
}  // namespace paysim
