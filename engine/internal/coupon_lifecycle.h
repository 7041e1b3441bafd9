// coupon_lifecycle.h (internal): the Coupon lifecycle, the only writer of coupons.
//
//   from     trigger                                   to       events
//   (new)    create                                    valid    coupon.created
//   valid    redeem_by comes (timer at redeem_by)      invalid  -
//   valid    a redemption reaches max_redemptions      invalid  -
//   valid,   update (name, metadata)                   (same)   coupon.updated
//   invalid
//   valid,   delete                                    deleted  coupon.deleted
//   invalid
//
// `valid` is false from the instant redeem_by comes (a redemption at redeem_by - 1 s is taken,
// one at redeem_by is refused) and once times_redeemed reaches max_redemptions. An update may
// also set currency_options (an amount_off coupon's amounts in other currencies); the
// published table, and docs/lifecycles drawn from it, still call it `update (name, metadata)`.
// UNCERTAIN:
// Stripe sends no event when a coupon stops being valid; paysim sends none either.
// After every change the promotion codes of the coupon are told (they embed it).
//
// REQUIRES (every function taking a World): the world's lock held.
#ifndef PAYSIM_ENGINE_INTERNAL_COUPON_LIFECYCLE_H_
#define PAYSIM_ENGINE_INTERNAL_COUPON_LIFECYCLE_H_

#include "absl/strings/string_view.h"
#include "engine/internal/world.h"
#include "engine/lifecycle.h"
#include "proto/coupon.obj.h"

namespace paysim {
namespace internal {

class CouponLifecycle {
 public:
  static Lifecycle Published();

  // Stores `draft` (id, amounts, duration, limits, metadata, name checked and set): sets
  // object, created, livemode, times_redeemed 0, valid true; schedules the redeem_by timer;
  // emits coupon.created. REQUIRES: redeem_by, if set, after now.
  static const Coupon& Create(World& world, Coupon draft);

  // Applies an update (name, metadata, currency_options); coupon.updated with
  // previous_attributes, or nothing when nothing changed.
  static const Coupon& Update(World& world, const Coupon& current, const Coupon& updated);

  // Deletes `coupon` (coupon.deleted carries it as it was).
  static void Delete(World& world, const Coupon& coupon);

  // One redemption: times_redeemed + 1; invalid once it reaches max_redemptions.
  // REQUIRES: coupon.valid().
  static const Coupon& Redeem(World& world, const Coupon& coupon);

  // ---- timers ----
  static void OnRedeemBy(World& world, absl::string_view coupon_id);

 private:
  static WriteKey<CouponLifecycle> Key() { return {}; }
};

}  // namespace internal
}  // namespace paysim

#endif  // PAYSIM_ENGINE_INTERNAL_COUPON_LIFECYCLE_H_
