// shipping_rate_lifecycle.h (internal): the ShippingRate lifecycle, the only writer of
// shipping rates. Stripe sends no events about shipping rates.
//
//   from      trigger                                  to        events
//   (new)     create (/v1/shipping_rates, or Checkout  active    -
//             shipping_options[][shipping_rate_data])
//   active    update active=false                      inactive  -
//   inactive  update active=true                       active    -
//   (either)  update metadata or tax_behavior          (same)    -
//
// An update may also set fixed_amount[currency_options]; the published table, and
// docs/lifecycles drawn from it, count it under `update metadata or tax_behavior`.
//
// REQUIRES (every function taking a World): the world's lock held.
#ifndef PAYSIM_ENGINE_INTERNAL_SHIPPING_RATE_LIFECYCLE_H_
#define PAYSIM_ENGINE_INTERNAL_SHIPPING_RATE_LIFECYCLE_H_

#include "engine/internal/world.h"
#include "engine/lifecycle.h"
#include "proto/shipping_rate.obj.h"

namespace paysim {
namespace internal {

class ShippingRateLifecycle {
 public:
  static Lifecycle Published();

  // Stores `draft` (its fields checked and set): gives it its id, object, created, livemode.
  static const ShippingRate& Create(World& world, ShippingRate draft);

  // Replaces `current` by `updated` (fields checked).
  static const ShippingRate& Update(World& world, const ShippingRate& current,
                                    const ShippingRate& updated);

 private:
  static WriteKey<ShippingRateLifecycle> Key() { return {}; }
};

}  // namespace internal
}  // namespace paysim

#endif  // PAYSIM_ENGINE_INTERNAL_SHIPPING_RATE_LIFECYCLE_H_
