#include "engine/internal/subscription_lifecycle.h"
#include "engine/internal/interned.h"

#include <utility>

#include "absl/strings/str_cat.h"
#include "engine/api_version.h"
#include "engine/subscriptions.h"

namespace paysim {
namespace internal {

Lifecycle SubscriptionLifecycle::Published() {
  Lifecycle out;
  out.resource = "subscription";
  out.field = "status";
  out.states = {"active"};
  out.rendered_status = {"active"};
  out.transitions = {
      {"", "a subscription-mode Checkout Session completes", "active",
       "customer.subscription.created"},
  };
  return out;
}

const Subscription& SubscriptionLifecycle::StartFromCheckout(World& world,
                                                             const CheckoutSession& session,
                                                             const std::string& payment_method) {
  const int64_t now = world.created();
  Subscription subscription;
  subscription.set_id(world.ids().NewId("sub_"));
  subscription.set_object(Interned("subscription"));
  subscription.set_billing_cycle_anchor(now);
  subscription.set_cancel_at_period_end(false);
  subscription.set_collection_method(Interned("charge_automatically"));
  subscription.set_created(now);
  subscription.set_currency(session.currency());
  subscription.set_customer(session.customer());
  if (!payment_method.empty()) subscription.set_default_payment_method(payment_method);
  if (session.subscription_data().has_description()) {
    subscription.set_description(session.subscription_data().description());
  }
  subscription.set_livemode(false);
  *subscription.mutable_metadata() = session.subscription_data().metadata();
  subscription.set_start_date(now);
  subscription.set_status(Interned("active"));
  SubscriptionItemList* items = subscription.mutable_items();
  items->set_object(Interned("list"));
  items->set_has_more(false);
  items->set_url(absl::StrCat("/v1/subscription_items?subscription=", subscription.id()));
  int64_t period_end = now;
  for (const LineItem& line : session.line_items()) {
    if (line.price().type() != "recurring") continue;  // one-time items are paid once
    SubscriptionItem* item = items->add_data();
    item->set_id(absl::StrCat("si_", world.ids().RandomString(14)));
    item->set_object(Interned("subscription_item"));
    item->set_created(now);
    item->set_current_period_start(now);
    period_end = PeriodEnd(now, line.price().recurring().interval(),
                           line.price().recurring().interval_count());
    item->set_current_period_end(period_end);
    *item->mutable_price() = line.price();
    item->set_quantity(line.quantity());
    item->set_subscription(subscription.id());
  }
  if (!ApiVersionAtLeast(world.api_version(), "2025-03-31")) {
    subscription.set_current_period_start(now);
    subscription.set_current_period_end(period_end);
  }
  const Subscription& stored = world.subscriptions().Insert(Key(), std::move(subscription));
  world.Emit("customer.subscription.created", stored);
  return stored;
}

}  // namespace internal
}  // namespace paysim
