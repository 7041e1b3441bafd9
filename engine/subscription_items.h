// subscription_items.h: Subscription Items (`si_...`), one price and quantity of a
// subscription (subscriptions.h), changed one at a time.
//
// Every call writes through the subscription: an item is added to, changed on or removed
// from its subscription by the subscription's own lifecycle, prorated as an update's items[]
// are (engine/internal/subscription_changes.h: proration_behavior create_prorations by
// default, always_invoice, none; proration_date), and announced by
// customer.subscription.updated (with previous_attributes) and invoiceitem.created for each
// proration. Create and update take payment_behavior as a subscription update does
// (engine/internal/subscription_pending_update.h); a change held as a pending update answers
// with the item as the pending update will set it.
//
// `price_data` (create and update) prices an item inline as a subscription's items[i] do
// (subscriptions.h): a Price of its own, inactive, made when the change applies.
//
// Example:
//   auto item = engine.subscription_items().Create(ParseParams<SubscriptionItemCreateParams>(
//       "subscription: \"sub_1\" price: \"price_seats\" quantity: 3"));
//   engine.subscription_items().Update(item->id(),
//       ParseParams<SubscriptionItemUpdateParams>("quantity: 5"));  // prorated
//
// Errors (a refused call changes nothing; engine/internal/subscription_item_request.h):
//   - price_data beside price or plan, or its parameters missing or refused as POST
//     /v1/prices refuses them: invalid_request_error naming `price_data[...]`;
//   - create without `subscription` or `price`, list without `subscription`:
//     parameter_missing; an unknown subscription or price: resource_missing naming it (400);
//   - an unknown item id: resource_missing (404);
//   - a one-time, inactive, other-currency or other-interval price, a price already on the
//     subscription, a negative quantity, a bad proration_behavior or proration_date:
//     invalid_request_error naming the param;
//   - deleting a subscription's last item: invalid_request_error (400), Stripe's "A
//     subscription must have at least one active plan" (cancel the subscription instead);
//   - any change to a canceled or incomplete_expired subscription: invalid_request_error.
// Thread safety: thread-safe.
#ifndef PAYSIM_ENGINE_SUBSCRIPTION_ITEMS_H_
#define PAYSIM_ENGINE_SUBSCRIPTION_ITEMS_H_

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "engine/list.h"
#include "engine/request_options.h"
#include "proto/checkout.obj.h"
#include "proto/common.obj.h"
#include "proto/subscription_item_params.pb.h"

namespace paysim {
namespace internal {
class World;
}  // namespace internal

class SubscriptionItemService {
 public:
  explicit SubscriptionItemService(internal::World* world) : world_(world) {}

  // Adds an item (quantity 1 by default) to `subscription`.
  absl::StatusOr<SubscriptionItem> Create(const SubscriptionItemCreateParams& params,
                                          const RequestOptions& options = {});

  absl::StatusOr<SubscriptionItem> Retrieve(absl::string_view id,
                                            const RequestOptions& options = {});

  // price, quantity, metadata.
  absl::StatusOr<SubscriptionItem> Update(absl::string_view id,
                                          const SubscriptionItemUpdateParams& params,
                                          const RequestOptions& options = {});

  // Removes the item from its subscription (prorated unless proration_behavior=none).
  absl::StatusOr<DeletedObject> Delete(absl::string_view id,
                                       const SubscriptionItemDeleteParams& params = {},
                                       const RequestOptions& options = {});

  // The items of `subscription` (required), in the subscription's order.
  absl::StatusOr<ListResult<SubscriptionItem>> List(const SubscriptionItemListParams& params,
                                                    const RequestOptions& options = {});

 private:
  internal::World* world_;
};

}  // namespace paysim

#endif  // PAYSIM_ENGINE_SUBSCRIPTION_ITEMS_H_
