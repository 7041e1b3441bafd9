#include "engine/internal/shipping_rate_lifecycle.h"

#include <utility>

#include "engine/internal/interned.h"

namespace paysim {
namespace internal {

Lifecycle ShippingRateLifecycle::Published() {
  Lifecycle out;
  out.resource = "shipping_rate";
  out.field = "active";
  out.states = {"active", "inactive"};
  out.rendered_status = {"true", "false"};
  out.transitions = {
      {"", "create", "active", ""},
      {"active", "update active=false", "inactive", ""},
      {"inactive", "update active=true", "active", ""},
      {"active", "update metadata or tax_behavior", "active", ""},
      {"inactive", "update metadata or tax_behavior", "inactive", ""},
  };
  return out;
}

const ShippingRate& ShippingRateLifecycle::Create(World& world, ShippingRate draft) {
  draft.set_id(world.ids().NewId("shr_"));
  draft.set_object(PAYSIM_INTERNED("shipping_rate"));
  draft.set_created(world.created());
  draft.set_livemode(false);
  return world.shipping_rates().Insert(Key(), std::move(draft));
}

const ShippingRate& ShippingRateLifecycle::Update(World& world, const ShippingRate& current,
                                                  const ShippingRate& updated) {
  ShippingRate& rate = *world.shipping_rates().Mutable(Key(), current.id());
  rate = updated;
  return rate;
}

}  // namespace internal
}  // namespace paysim
