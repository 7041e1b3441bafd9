// promotion_code_lifecycle.h (internal): the PromotionCode lifecycle, the only writer of
// promotion codes.
//
//   from      trigger                          to        events
//   (new)     create                           active    promotion_code.created
//   (new)     create with active=false         inactive  promotion_code.created
//   active    update active=false              inactive  promotion_code.updated
//   inactive  update active=true               active    promotion_code.updated
//   (either)  update metadata                  (same)    promotion_code.updated
//
// A code embeds its coupon; when the coupon changes (coupon_lifecycle.h) every code of it is
// given the new version, without an event. UNCERTAIN: Stripe documents that "a promotion code
// is only active if the coupon is also valid"; paysim keeps `active` as set and refuses a
// redemption of a code whose coupon is no longer valid, or past expires_at.
//
// REQUIRES (every function taking a World): the world's lock held.
#ifndef PAYSIM_ENGINE_INTERNAL_PROMOTION_CODE_LIFECYCLE_H_
#define PAYSIM_ENGINE_INTERNAL_PROMOTION_CODE_LIFECYCLE_H_

#include "engine/internal/world.h"
#include "engine/lifecycle.h"
#include "proto/coupon.obj.h"
#include "proto/promotion_code.obj.h"

namespace paysim {
namespace internal {

class PromotionCodeLifecycle {
 public:
  static Lifecycle Published();

  // Stores `draft` (code, coupon, customer, limits, metadata, restrictions checked and set):
  // gives it its id, object, created, livemode, times_redeemed 0; emits promotion_code.created.
  static const PromotionCode& Create(World& world, PromotionCode draft);

  // Applies an update (active, metadata); promotion_code.updated with previous_attributes, or
  // nothing when nothing changed.
  static const PromotionCode& Update(World& world, const PromotionCode& current,
                                     const PromotionCode& updated);

  // One redemption: times_redeemed + 1.
  static const PromotionCode& Redeem(World& world, const PromotionCode& code);

  // `coupon` changed: the codes of it embed the new version (no event).
  static void OnCouponChanged(World& world, const Coupon& coupon);

 private:
  static WriteKey<PromotionCodeLifecycle> Key() { return {}; }
};

}  // namespace internal
}  // namespace paysim

#endif  // PAYSIM_ENGINE_INTERNAL_PROMOTION_CODE_LIFECYCLE_H_
