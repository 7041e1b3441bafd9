// SubscriptionLifecycle's index of subscriptions by customer (subscription_lifecycle.h,
// ordinal_index.h): built from the store by the first lookup in a fresh or restored world,
// then kept by Create (subscriptions are never deleted nor change customer).
#include <cstdint>
#include <optional>

#include "absl/functional/function_ref.h"
#include "absl/strings/string_view.h"
#include "engine/internal/subscription_lifecycle.h"

namespace paysim {
namespace internal {

void SubscriptionLifecycle::ForEachOf(World& world, absl::string_view customer_id,
                                      absl::FunctionRef<void(const Subscription&)> visit) {
  for (const int64_t ordinal : ByCustomer(world).Of(customer_id)) {
    if (const Subscription* subscription = world.subscriptions().AtOrdinal(ordinal)) {
      visit(*subscription);
    }
  }
}

const OrdinalIndex& SubscriptionLifecycle::ByCustomer(World& world) {
  return world.customer_subscriptions(Key()).BuiltFrom(
      world.subscriptions(), [](const Subscription& subscription) {
        return std::optional<absl::string_view>(subscription.customer());
      });
}

}  // namespace internal
}  // namespace paysim
