// payment_link_lifecycle.h (internal): the PaymentLink lifecycle, the only writer of payment
// links.
//
//   from      trigger                                         to        events
//   (new)     create                                          active    payment_link.created
//   active    update active=false                             inactive  payment_link.updated
//   inactive  update active=true                              active    payment_link.updated
//   active    a session completes and completed_sessions      inactive  payment_link.updated
//               reaches restrictions' limit
//   (either)  update other fields                             (same)    payment_link.updated
//
// Every session completed through a link is counted (restrictions.completed_sessions.count),
// without an event of its own.
//
// REQUIRES (every function taking a World): the world's lock held.
#ifndef PAYSIM_ENGINE_INTERNAL_PAYMENT_LINK_LIFECYCLE_H_
#define PAYSIM_ENGINE_INTERNAL_PAYMENT_LINK_LIFECYCLE_H_

#include "absl/strings/string_view.h"
#include "engine/internal/world.h"
#include "engine/lifecycle.h"
#include "proto/payment_link.obj.h"

namespace paysim {
namespace internal {

class PaymentLinkLifecycle {
 public:
  static Lifecycle Published();

  // Stores `draft` (its fields checked and set, its line items built): gives it its id,
  // object, livemode and url; emits payment_link.created.
  static const PaymentLink& Create(World& world, PaymentLink draft);

  // Applies an update; payment_link.updated with previous_attributes, or nothing when nothing
  // changed.
  static const PaymentLink& Update(World& world, const PaymentLink& current,
                                   const PaymentLink& updated);

  // A Checkout Session opened from link `link_id` completed: counts it, and deactivates the
  // link (payment_link.updated) when the count reaches restrictions' limit. Nothing if the
  // link is unknown.
  static void OnSessionCompleted(World& world, absl::string_view link_id);

 private:
  static WriteKey<PaymentLinkLifecycle> Key() { return {}; }
};

}  // namespace internal
}  // namespace paysim

#endif  // PAYSIM_ENGINE_INTERNAL_PAYMENT_LINK_LIFECYCLE_H_
