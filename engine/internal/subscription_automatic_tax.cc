// A subscription's automatic tax (subscription_automatic_tax.h).
#include "engine/internal/subscription_automatic_tax.h"

#include <string>

#include "absl/strings/str_cat.h"
#include "engine/customer_tax.h"
#include "engine/internal/checkout_automatic_tax.h"
#include "engine/internal/customer_profile.h"
#include "engine/internal/interned.h"
#include "engine/internal/status_macros.h"
#include "engine/internal/tax_rate_lifecycle.h"
#include "engine/tax_table.h"

namespace paysim {
namespace internal {
namespace {

// The items the rules check and tax: every one, or (`only_new`) those not stored yet.
bool Concerns(const SubscriptionItem& item, bool only_new) {
  return !only_new || item.id().empty();
}

absl::Status CheckItems(const World& world, const Subscription& subscription, bool only_new) {
  for (int i = 0; i < subscription.items().data_size(); ++i) {
    const SubscriptionItem& item = subscription.items().data(i);
    if (!Concerns(item, only_new)) continue;
    PAYSIM_RETURN_IF_ERROR(
        CheckPriceTaxBehavior(world, item.price(), absl::StrCat("items[", i, "][price]")));
  }
  return absl::OkStatus();
}

}  // namespace

absl::Status CheckAutomaticTaxAllowed(const World& world, const Customer* customer,
                                      const Subscription& subscription) {
  if (customer == nullptr ||
      !CustomerTaxOf(*customer, world.options().automatic_tax_table).has_location()) {
    return TaxLocationInvalid("customer");
  }
  return CheckItems(world, subscription, /*only_new=*/false);
}

void SetAutomaticTax(World& world, bool enabled, bool only_new, Subscription& subscription) {
  SubscriptionAutomaticTax& tax = *subscription.mutable_automatic_tax();
  tax.set_enabled(enabled);
  if (enabled) {
    tax.mutable_liability()->set_type(PAYSIM_INTERNED("self"));
  } else {
    tax.clear_liability();
  }
  const AutomaticTaxRate* row = nullptr;
  if (enabled) {
    const Customer* customer = world.customers().Find(subscription.customer());
    if (customer != nullptr) {
      const CustomerTax place = CustomerTaxOf(*customer, world.options().automatic_tax_table);
      if (place.has_location()) {
        row = AutomaticTaxRateFor(world.options().automatic_tax_table, place.location().country(),
                                  place.location().state());
      }
    }
  }
  SubscriptionItemList& items = *subscription.mutable_items();
  for (int i = 0; i < items.data_size(); ++i) {
    SubscriptionItem& item = *items.mutable_data(i);
    if (enabled && !Concerns(item, only_new)) continue;
    item.clear_automatic_tax_rates();
    if (row == nullptr) continue;  // disabled, or not collecting there: no tax
    const bool inclusive = EffectiveBehavior(world, item.price().tax_behavior()) == "inclusive";
    *item.add_automatic_tax_rates() = TaxRateLifecycle::Automatic(world, *row, inclusive);
  }
}

absl::StatusOr<AutomaticTaxUpdate> CheckAutomaticTaxUpdate(World& world,
                                                          const Subscription& current,
                                                          const SubscriptionChangeParams& params,
                                                          const Subscription& updated) {
  AutomaticTaxUpdate update;
  const bool given = params.automatic_tax().has_enabled();
  update.enabled = given ? params.automatic_tax().enabled() : current.automatic_tax().enabled();
  update.only_new = !given;
  update.applies = given || update.enabled;
  if (given && update.enabled) {
    PAYSIM_RETURN_IF_ERROR(
        CheckAutomaticTaxAllowed(world, world.customers().Find(current.customer()), updated));
  } else if (update.enabled) {
    PAYSIM_RETURN_IF_ERROR(CheckItems(world, updated, /*only_new=*/true));
  }
  return update;
}

void ApplyAutomaticTaxUpdate(World& world, const AutomaticTaxUpdate& update,
                             Subscription& updated) {
  if (!update.applies) return;
  SetAutomaticTax(world, update.enabled, update.only_new, updated);
}

}  // namespace internal
}  // namespace paysim
