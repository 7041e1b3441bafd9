#include "engine/internal/promotion_code_lifecycle.h"

#include <string>
#include <utility>
#include <vector>

#include "engine/internal/event_log.h"
#include "engine/internal/interned.h"

namespace paysim {
namespace internal {

Lifecycle PromotionCodeLifecycle::Published() {
  Lifecycle out;
  out.resource = "promotion_code";
  out.field = "active";
  out.states = {"active", "inactive"};
  out.rendered_status = {"true", "false"};
  out.transitions = {
      {"", "create", "active", "promotion_code.created"},
      {"", "create with active=false", "inactive", "promotion_code.created"},
      {"active", "update active=false", "inactive", "promotion_code.updated"},
      {"inactive", "update active=true", "active", "promotion_code.updated"},
      {"active", "update metadata", "active", "promotion_code.updated"},
      {"inactive", "update metadata", "inactive", "promotion_code.updated"},
  };
  return out;
}

const PromotionCode& PromotionCodeLifecycle::Create(World& world, PromotionCode draft) {
  draft.set_id(world.ids().NewId("promo_"));
  draft.set_object(PAYSIM_INTERNED("promotion_code"));
  draft.set_created(world.created());
  draft.set_livemode(false);
  draft.set_times_redeemed(0);
  const PromotionCode& stored = world.promotion_codes().Insert(Key(), std::move(draft));
  world.Emit("promotion_code.created", stored);
  return stored;
}

const PromotionCode& PromotionCodeLifecycle::Update(World& world, const PromotionCode& current,
                                                    const PromotionCode& updated) {
  PromotionCode& code = *world.promotion_codes().Mutable(Key(), current.id());
  std::string previous = PreviousAttributes(code, updated);
  code = updated;
  if (!previous.empty()) world.Emit("promotion_code.updated", code, std::move(previous));
  return code;
}

const PromotionCode& PromotionCodeLifecycle::Redeem(World& world, const PromotionCode& current) {
  PromotionCode& code = *world.promotion_codes().Mutable(Key(), current.id());
  code.set_times_redeemed(code.times_redeemed() + 1);
  return code;
}

void PromotionCodeLifecycle::OnCouponChanged(World& world, const Coupon& coupon) {
  std::vector<std::string> ids;
  world.promotion_codes().ForEach([&](const PromotionCode& code) {
    if (code.coupon().id() == coupon.id()) ids.push_back(code.id());
  });
  for (const std::string& id : ids) {
    *world.promotion_codes().Mutable(Key(), id)->mutable_coupon() = coupon;
  }
}

}  // namespace internal
}  // namespace paysim
