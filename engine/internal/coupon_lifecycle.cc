#include "engine/internal/coupon_lifecycle.h"

#include <utility>

#include "absl/time/time.h"
#include "engine/internal/event_log.h"
#include "engine/internal/interned.h"
#include "engine/internal/promotion_code_lifecycle.h"

namespace paysim {
namespace internal {

Lifecycle CouponLifecycle::Published() {
  Lifecycle out;
  out.resource = "coupon";
  out.field = "valid";
  out.states = {"valid", "invalid", "deleted"};
  out.rendered_status = {"true", "false", "deleted: true"};
  out.transitions = {
      {"", "create", "valid", "coupon.created"},
      {"valid", "redeem_by comes", "invalid", ""},
      {"valid", "a redemption reaches max_redemptions", "invalid", ""},
      {"valid", "update (name, metadata)", "valid", "coupon.updated"},
      {"invalid", "update (name, metadata)", "invalid", "coupon.updated"},
      {"valid", "delete", "deleted", "coupon.deleted"},
      {"invalid", "delete", "deleted", "coupon.deleted"},
  };
  return out;
}

const Coupon& CouponLifecycle::Create(World& world, Coupon draft) {
  draft.set_object(PAYSIM_INTERNED("coupon"));
  draft.set_created(world.created());
  draft.set_livemode(false);
  draft.set_times_redeemed(0);
  draft.set_valid(true);
  const Coupon& stored = world.coupons().Insert(Key(), std::move(draft));
  if (stored.has_redeem_by()) {
    world.timers().Schedule(absl::FromUnixSeconds(stored.redeem_by()), TimerKind::kCouponRedeemBy,
                            stored.id());
  }
  world.Emit("coupon.created", stored);
  return stored;
}

const Coupon& CouponLifecycle::Update(World& world, const Coupon& current,
                                      const Coupon& updated) {
  Coupon& coupon = *world.coupons().Mutable(Key(), current.id());
  std::string previous = PreviousAttributes(coupon, updated);
  // currency_options is rendered only when expanded (proto/coupon.proto), so it is not among
  // the previous_attributes: a change of it alone is announced without them. UNCERTAIN.
  const bool changed =
      !previous.empty() || !(coupon.currency_options() == updated.currency_options());
  coupon = updated;
  if (!changed) return coupon;
  world.Emit("coupon.updated", coupon, std::move(previous));
  PromotionCodeLifecycle::OnCouponChanged(world, coupon);
  return coupon;
}

void CouponLifecycle::Delete(World& world, const Coupon& coupon) {
  world.Emit("coupon.deleted", coupon);
  world.coupons().Delete(Key(), coupon.id());
}

const Coupon& CouponLifecycle::Redeem(World& world, const Coupon& current) {
  Coupon& coupon = *world.coupons().Mutable(Key(), current.id());
  coupon.set_times_redeemed(coupon.times_redeemed() + 1);
  if (coupon.has_max_redemptions() && coupon.times_redeemed() >= coupon.max_redemptions()) {
    coupon.set_valid(false);
  }
  PromotionCodeLifecycle::OnCouponChanged(world, coupon);
  return coupon;
}

void CouponLifecycle::OnRedeemBy(World& world, absl::string_view coupon_id) {
  Coupon* coupon = world.coupons().Mutable(Key(), coupon_id);
  if (coupon == nullptr || !coupon->valid()) return;  // deleted, or already used up
  coupon->set_valid(false);
  PromotionCodeLifecycle::OnCouponChanged(world, *coupon);
}

}  // namespace internal
}  // namespace paysim
