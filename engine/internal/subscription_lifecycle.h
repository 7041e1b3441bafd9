// subscription_lifecycle.h (internal): the Subscription lifecycle, the only writer of
// subscriptions. Today a subscription is only started by a subscription-mode Checkout
// Session and stays active (renewals are not simulated yet).
//
//   from    trigger                                          to      events
//   (new)   a subscription-mode Checkout Session completes   active  customer.subscription.created
//
// REQUIRES (every function taking a World): the world's lock held.
#ifndef PAYSIM_ENGINE_INTERNAL_SUBSCRIPTION_LIFECYCLE_H_
#define PAYSIM_ENGINE_INTERNAL_SUBSCRIPTION_LIFECYCLE_H_

#include <string>

#include "engine/internal/world.h"
#include "engine/lifecycle.h"
#include "proto/checkout.obj.h"

namespace paysim {
namespace internal {

class SubscriptionLifecycle {
 public:
  static Lifecycle Published();

  // The Subscription a completed subscription-mode session starts, paid by `payment_method`:
  // its recurring line items, current period from now. Emits customer.subscription.created.
  static const Subscription& StartFromCheckout(World& world, const CheckoutSession& session,
                                               const std::string& payment_method);

 private:
  static WriteKey<SubscriptionLifecycle> Key() { return {}; }
};

}  // namespace internal
}  // namespace paysim

#endif  // PAYSIM_ENGINE_INTERNAL_SUBSCRIPTION_LIFECYCLE_H_
