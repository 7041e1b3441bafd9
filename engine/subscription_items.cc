// Subscription Items: create, retrieve, update, delete, list; each a change of the item's
// subscription (engine/internal/subscription_changes.h).
#include "engine/subscription_items.h"

#include <string>
#include <utility>

#include "absl/strings/str_cat.h"
#include "absl/types/optional.h"
#include "engine/internal/interned.h"
#include "engine/internal/status_macros.h"
#include "engine/internal/subscription_automatic_tax.h"
#include "engine/internal/subscription_changes.h"
#include "engine/internal/subscription_item_request.h"
#include "engine/internal/subscription_pending_update.h"
#include "engine/internal/subscription_lifecycle.h"
#include "engine/internal/test_clock_lifecycle.h"
#include "engine/internal/world.h"
#include "engine/stripe_error.h"

namespace paysim {
namespace {

using internal::SubscriptionChange;
using internal::SubscriptionLifecycle;
using internal::SubscriptionTrigger;
using internal::World;

// A change of `subscription` is refused once it has ended (as SubscriptionService::Update).
// UNCERTAIN: Stripe's wording.
absl::Status CheckLive(const Subscription& subscription) {
  if (SubscriptionLifecycle::machine().Allows(SubscriptionLifecycle::StateOf(subscription),
                                              SubscriptionTrigger::kUpdate)) {
    return absl::OkStatus();
  }
  return StateError("", "",
                    absl::StrCat("This subscription (", subscription.id(), ") is ",
                                 subscription.status(), " and can no longer be changed."));
}

template <typename P>
absl::optional<std::string> BehaviorOf(const P& params) {
  if (!params.has_proration_behavior()) return absl::nullopt;
  return params.proration_behavior();
}

template <typename P>
absl::optional<int64_t> DateOf(const P& params) {
  if (!params.has_proration_date()) return absl::nullopt;
  return params.proration_date();
}

absl::optional<std::string> PaymentBehaviorOf(const SubscriptionItemCreateParams& params) {
  if (!params.has_payment_behavior()) return absl::nullopt;
  return params.payment_behavior();
}
absl::optional<std::string> PaymentBehaviorOf(const SubscriptionItemUpdateParams& params) {
  if (!params.has_payment_behavior()) return absl::nullopt;
  return params.payment_behavior();
}
absl::optional<std::string> PaymentBehaviorOf(const SubscriptionItemDeleteParams&) {
  return absl::nullopt;
}

// The item `id` of `subscription` (REQUIRES: present), as its pending update will set it
// when one waits.
const SubscriptionItem& ItemOf(const Subscription& subscription, absl::string_view id) {
  if (subscription.has_pending_update()) {
    for (const SubscriptionItem& item : subscription.pending_update().subscription_items()) {
      if (item.id() == id) return item;
    }
  }
  for (const SubscriptionItem& item : subscription.items().data()) {
    if (item.id() == id) return item;
  }
  return subscription.items().data(0);
}

// Checks and applies the one-item change `item` (and the proration params `params`) to the
// subscription holding it; returns the subscription after the change.
template <typename P>
absl::StatusOr<const Subscription*> ChangeOne(World& w, const Subscription& subscription,
                                              const SubscriptionUpdateItemParams& item,
                                              const P& params) {
  PAYSIM_RETURN_IF_ERROR(CheckLive(subscription));
  const World::TimelineScope timeline =
      internal::TestClockLifecycle::EnterCustomerTimeline(w, subscription.customer());
  SubscriptionChange change;
  change.updated = subscription;
  PAYSIM_RETURN_IF_ERROR(
      internal::CheckProration(w, subscription, BehaviorOf(params), DateOf(params), &change));
  PAYSIM_RETURN_IF_ERROR(internal::CheckOneItem(w, subscription, item, &change));
  PAYSIM_RETURN_IF_ERROR(internal::CheckItemPaymentBehavior(
      subscription, PaymentBehaviorOf(params), !item.metadata().empty(), &change));
  // A new item of a subscription with automatic tax takes the rate of the customer's place.
  PAYSIM_ASSIGN_OR_RETURN(const internal::AutomaticTaxUpdate tax,
                          internal::CheckAutomaticTaxUpdate(w, subscription,
                                                            SubscriptionChangeParams(),
                                                            change.updated));
  internal::ApplyAutomaticTaxUpdate(w, tax, change.updated);
  absl::Status decline;
  const Subscription& after =
      internal::SubscriptionChanges::Apply(w, subscription, std::move(change), &decline);
  if (!decline.ok()) return decline;
  return &after;
}

}  // namespace

absl::StatusOr<SubscriptionItem> SubscriptionItemService::Create(
    const SubscriptionItemCreateParams& params, const RequestOptions& options) {
  World& w = *world_;
  return w.RunIdempotent<SubscriptionItem>(
      options, "POST /v1/subscription_items", params,
      [&]() -> absl::StatusOr<SubscriptionItem> {
        if (!params.has_subscription()) return ParameterMissing("subscription");
        PAYSIM_ASSIGN_OR_RETURN(const Subscription* subscription,
                                w.subscriptions().Get(params.subscription(), "subscription"));
        if (!params.has_price() && !params.has_plan() && !params.has_price_data()) {
          return ParameterMissing("price");
        }
        SubscriptionUpdateItemParams item;
        if (params.has_price()) item.set_price(params.price());
        if (params.has_price_data()) *item.mutable_price_data() = params.price_data();
        if (params.has_plan()) item.set_plan(params.plan());
        if (params.has_quantity()) item.set_quantity(params.quantity());
        *item.mutable_metadata() = params.metadata();
        PAYSIM_ASSIGN_OR_RETURN(const Subscription* after,
                                ChangeOne(w, *subscription, item, params));
        // The new item is the last one (the change appends it), in the pending update when
        // the change waits for its invoice.
        if (after->has_pending_update()) {
          const auto& pending = after->pending_update().subscription_items();
          return pending.Get(pending.size() - 1);
        }
        return after->items().data(after->items().data_size() - 1);
      });
}

absl::StatusOr<SubscriptionItem> SubscriptionItemService::Retrieve(absl::string_view id,
                                                                   const RequestOptions& options) {
  World& w = *world_;
  return w.Run(options, [&]() -> absl::StatusOr<SubscriptionItem> {
    PAYSIM_ASSIGN_OR_RETURN(const Subscription* subscription,
                            internal::FindItemSubscription(w, id, ""));
    return ItemOf(*subscription, id);
  });
}

absl::StatusOr<SubscriptionItem> SubscriptionItemService::Update(
    absl::string_view id, const SubscriptionItemUpdateParams& params,
    const RequestOptions& options) {
  World& w = *world_;
  return w.RunIdempotent<SubscriptionItem>(
      options, [&] { return absl::StrCat("POST /v1/subscription_items/", id); }, params,
      [&]() -> absl::StatusOr<SubscriptionItem> {
        PAYSIM_ASSIGN_OR_RETURN(const Subscription* subscription,
                                internal::FindItemSubscription(w, id, ""));
        SubscriptionUpdateItemParams item;
        item.set_id(std::string(id));
        if (params.has_price()) item.set_price(params.price());
        if (params.has_price_data()) *item.mutable_price_data() = params.price_data();
        if (params.has_plan()) item.set_plan(params.plan());
        if (params.has_quantity()) item.set_quantity(params.quantity());
        *item.mutable_metadata() = params.metadata();
        PAYSIM_ASSIGN_OR_RETURN(const Subscription* after,
                                ChangeOne(w, *subscription, item, params));
        return ItemOf(*after, id);
      });
}

absl::StatusOr<DeletedObject> SubscriptionItemService::Delete(
    absl::string_view id, const SubscriptionItemDeleteParams& params,
    const RequestOptions& options) {
  World& w = *world_;
  return w.RunIdempotent<DeletedObject>(
      options, [&] { return absl::StrCat("DELETE /v1/subscription_items/", id); }, params,
      [&]() -> absl::StatusOr<DeletedObject> {
        PAYSIM_ASSIGN_OR_RETURN(const Subscription* subscription,
                                internal::FindItemSubscription(w, id, ""));
        SubscriptionUpdateItemParams item;
        item.set_id(std::string(id));
        item.set_deleted(true);
        PAYSIM_RETURN_IF_ERROR(ChangeOne(w, *subscription, item, params).status());
        DeletedObject deleted;
        deleted.set_id(std::string(id));
        deleted.set_object(PAYSIM_INTERNED("subscription_item"));
        deleted.set_deleted(true);
        return deleted;
      });
}

absl::StatusOr<ListResult<SubscriptionItem>> SubscriptionItemService::List(
    const SubscriptionItemListParams& params, const RequestOptions& options) {
  World& w = *world_;
  return w.Run(options, [&]() -> absl::StatusOr<ListResult<SubscriptionItem>> {
    ListWindow window;
    PAYSIM_RETURN_IF_ERROR(MakeListWindow(params, &window));
    if (!params.has_subscription()) return ParameterMissing("subscription");
    PAYSIM_ASSIGN_OR_RETURN(const Subscription* subscription,
                            w.subscriptions().Get(params.subscription(), "subscription"));
    // The subscription's order (at most kSubscriptionMaxItems items); the cursors count in it.
    // UNCERTAIN: the order Stripe lists a subscription's items in.
    const auto& items = subscription->items().data();
    int begin = 0;
    int end = items.size();
    for (int i = 0; i < items.size(); ++i) {
      if (!window.starting_after.empty() && items.Get(i).id() == window.starting_after) {
        begin = i + 1;
      }
      if (!window.ending_before.empty() && items.Get(i).id() == window.ending_before) end = i;
    }
    if (!window.ending_before.empty() && end - begin > window.limit) begin = end - window.limit;
    ListResult<SubscriptionItem> out;
    out.url = "/v1/subscription_items";
    for (int i = begin; i < end && static_cast<int64_t>(out.data.size()) < window.limit; ++i) {
      out.data.push_back(items.Get(i));
    }
    out.has_more = begin + static_cast<int>(out.data.size()) < end;
    return out;
  });
}

}  // namespace paysim
