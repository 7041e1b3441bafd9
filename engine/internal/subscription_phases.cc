// SubscriptionLifecycle's schedule phases (subscription_lifecycle.h): a phase's items and
// terms (tax rates, collection, payment method, description, discount) applied to its
// subscription, the items it keeps keeping their ids.
#include <utility>
#include <vector>

#include "absl/strings/str_cat.h"
#include "engine/internal/customer_discounts.h"
#include "engine/internal/interned.h"
#include "engine/internal/subscription_lifecycle.h"

namespace paysim {
namespace internal {

Subscription SubscriptionLifecycle::PhaseShaped(World& world, const Subscription& current,
                                                const std::vector<SubscriptionItem>& items,
                                                const PhaseTerms& terms) {
  Subscription subscription = current;
  SubscriptionItemList* list = subscription.mutable_items();
  list->clear_data();
  for (const SubscriptionItem& wanted : items) {
    SubscriptionItem* item = list->add_data();
    *item = wanted;
    const SubscriptionItem* kept = nullptr;
    for (const SubscriptionItem& old : current.items().data()) {
      if (old.price().id() == wanted.price().id()) kept = &old;
    }
    item->set_id(kept != nullptr ? kept->id()
                                 : absl::StrCat("si_", world.ids().RandomString(14)));
    item->set_object(PAYSIM_INTERNED("subscription_item"));
    item->set_created(kept != nullptr ? kept->created() : world.created());
    item->set_subscription(subscription.id_shared());
    item->set_current_period_start(subscription.period_start());
    item->set_current_period_end(subscription.period_end());
  }
  if (!items.empty()) subscription.set_currency(items.front().price().currency());
  subscription.clear_default_tax_rates();
  for (const TaxRate& rate : terms.default_tax_rates) *subscription.add_default_tax_rates() = rate;
  subscription.set_collection_method(Interned(terms.collection_method));
  if (terms.days_until_due.has_value()) {
    subscription.set_days_until_due(*terms.days_until_due);
  } else {
    subscription.clear_days_until_due();
  }
  if (terms.default_payment_method.has_value()) {
    subscription.set_default_payment_method(*terms.default_payment_method);
  }
  if (terms.description.has_value()) {
    subscription.set_description(*terms.description);
  } else {
    subscription.clear_description();
  }
  ApplyPhaseDiscount(world, terms, subscription);
  return subscription;
}

const Subscription& SubscriptionLifecycle::ReplaceItems(
    World& world, const Subscription& current, const std::vector<SubscriptionItem>& items,
    const PhaseTerms& terms) {
  ExpirePendingUpdate(world, current);  // the phase's items overtake what it would set
  Subscription& subscription = *world.subscriptions().Mutable(Key(), current.id());
  const Subscription before = subscription;
  subscription = PhaseShaped(world, before, items, terms);
  if (subscription == before) return subscription;
  Enter(world, subscription, SubscriptionTrigger::kUpdate, before);
  EmitDiscountChange(world, before.has_discount() ? &before.discount() : nullptr,
                     subscription.has_discount() ? &subscription.discount() : nullptr);
  return subscription;
}

void SubscriptionLifecycle::ApplyPhaseDiscount(World& world, const PhaseTerms& terms,
                                               Subscription& subscription) {
  if (terms.discount.has_value()) {
    const DiscountChoice& choice = *terms.discount;
    const bool same =
        subscription.has_discount() &&
        subscription.discount().coupon().id() == choice.coupon->id() &&
        subscription.discount().promotion_code() ==
            (choice.promotion_code != nullptr ? choice.promotion_code->id() : "");
    if (!same) {
      Discount discount = RedeemDiscount(world, choice, subscription.customer());
      discount.set_subscription(subscription.id_shared());
      *subscription.mutable_discount() = std::move(discount);
    }
  } else if (!subscription.has_discount() || !terms.kept_discount.has_value() ||
             subscription.discount().id() != *terms.kept_discount) {
    subscription.clear_discount();
  }
  subscription.clear_discounts();
  if (subscription.has_discount()) subscription.add_discounts(subscription.discount().id());
}

}  // namespace internal
}  // namespace paysim
