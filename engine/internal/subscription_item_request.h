// subscription_item_request.h (internal): what a change to a subscription's items asks
// (`POST /v1/subscriptions/{id}` items[], the Subscription Items API), checked into a
// SubscriptionChange (subscription_changes.h).
//
// Reads the world, writes nothing: every refusal is decided here, before anything changes.
// Errors (invalid_request_error, 400, naming the param, unless said otherwise):
//   - an unknown item id on the subscription: resource_missing; an unknown price:
//     resource_missing (404 for the Subscription Items API's own path id);
//   - a one-time or inactive price, a price of another currency, a price already on the
//     subscription, items of different intervals, more than kSubscriptionMaxItems items, a
//     negative quantity (parameter_invalid_integer);
//   - proration_behavior not one of create_prorations | always_invoice | none;
//   - proration_date outside the current period;
//   - removing every item (Stripe: use the cancel endpoint instead).
//
// REQUIRES (every function taking a World): the world's lock held.
#ifndef PAYSIM_ENGINE_INTERNAL_SUBSCRIPTION_ITEM_REQUEST_H_
#define PAYSIM_ENGINE_INTERNAL_SUBSCRIPTION_ITEM_REQUEST_H_

#include <cstdint>
#include <string>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/types/optional.h"
#include "engine/internal/subscription_changes.h"
#include "engine/internal/world.h"
#include "proto/checkout.obj.h"
#include "proto/subscription_item_params.pb.h"

namespace paysim {
namespace internal {

// The names of the proration params in a request (an update's, or a preview's
// `subscription_details[proration_behavior]` / `subscription_proration_behavior`).
struct ProrationParams {
  absl::string_view behavior = "proration_behavior";
  absl::string_view date = "proration_date";
};

// proration_behavior and proration_date (absent: nullopt), checked against `subscription`'s
// current period, into `change`; errors name `names`.
absl::Status CheckProration(World& world, const Subscription& subscription,
                            const absl::optional<std::string>& behavior,
                            const absl::optional<int64_t>& date, SubscriptionChange* change,
                            const ProrationParams& names = {});

// Applies `items[]` of an update to change->updated (which starts as the subscription), with
// params named `<items_param>[i][...]` (`items`, or a preview's
// `subscription_details[items]` / `subscription_items`), and sets change->new_cycle.
absl::Status CheckItemUpdates(
    World& world, const Subscription& subscription,
    const google::protobuf::RepeatedPtrField<SubscriptionUpdateItemParams>& items,
    SubscriptionChange* change, absl::string_view items_param = "items");

// An update's billing_cycle_anchor (`now` | `unchanged`): `now` sets change->new_cycle (a new
// billing cycle from now, billed now). Refused: another value; `now` on a trialing
// subscription (UNCERTAIN: Stripe would end the trial; paysim does not yet).
absl::Status CheckAnchorUpdate(const Subscription& subscription,
                               const SubscriptionChangeParams& params,
                               SubscriptionChange* change);

// One item changed, added (`item.id` absent) or deleted, named by the Subscription Items
// API's own params (`price`, `quantity`), applied to change->updated likewise.
absl::Status CheckOneItem(World& world, const Subscription& subscription,
                          const SubscriptionUpdateItemParams& item, SubscriptionChange* change);

// The subscription holding item `item_id` (any status), or resource_missing (404) naming
// `param` ("" for a path id).
absl::StatusOr<const Subscription*> FindItemSubscription(World& world, absl::string_view item_id,
                                                         absl::string_view param);

}  // namespace internal
}  // namespace paysim

#endif  // PAYSIM_ENGINE_INTERNAL_SUBSCRIPTION_ITEM_REQUEST_H_
