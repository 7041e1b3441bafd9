#include "engine/internal/tax_rate_lifecycle.h"

#include <string>
#include <utility>

#include "engine/internal/event_log.h"
#include "engine/internal/interned.h"

namespace paysim {
namespace internal {

Lifecycle TaxRateLifecycle::Published() {
  Lifecycle out;
  out.resource = "tax_rate";
  out.field = "active";
  out.states = {"active", "inactive"};
  out.rendered_status = {"true", "false"};
  out.transitions = {
      {"", "create", "active", "tax_rate.created"},
      {"", "create with active=false", "inactive", "tax_rate.created"},
      {"active", "update active=false", "inactive", "tax_rate.updated"},
      {"inactive", "update active=true", "active", "tax_rate.updated"},
      {"active", "update other fields", "active", "tax_rate.updated"},
      {"inactive", "update other fields", "inactive", "tax_rate.updated"},
  };
  return out;
}

const TaxRate& TaxRateLifecycle::Create(World& world, TaxRate draft) {
  draft.set_id(world.ids().NewId("txr_"));
  draft.set_object(PAYSIM_INTERNED("tax_rate"));
  draft.set_created(world.created());
  draft.set_livemode(false);
  const TaxRate& stored = world.tax_rates().Insert(Key(), std::move(draft));
  world.Emit("tax_rate.created", stored);
  return stored;
}

const TaxRate& TaxRateLifecycle::Update(World& world, const TaxRate& current,
                                        const TaxRate& updated) {
  TaxRate& rate = *world.tax_rates().Mutable(Key(), current.id());
  std::string previous = PreviousAttributes(rate, updated);
  rate = updated;
  if (!previous.empty()) world.Emit("tax_rate.updated", rate, std::move(previous));
  return rate;
}

const TaxRate& TaxRateLifecycle::Automatic(World& world, const AutomaticTaxRate& row,
                                           bool inclusive) {
  const TaxRate* found = nullptr;
  world.tax_rates().ForEach([&](const TaxRate& rate) {
    if (found == nullptr && rate.automatic() && rate.inclusive() == inclusive &&
        rate.country() == row.country && rate.state() == row.state &&
        rate.percentage() == row.percentage && rate.tax_type() == row.tax_type) {
      found = &rate;
    }
  });
  if (found != nullptr) return *found;
  TaxRate draft;
  draft.set_id(world.ids().NewId("txr_"));
  draft.set_object(PAYSIM_INTERNED("tax_rate"));
  draft.set_active(true);
  draft.set_country(row.country);
  draft.set_created(world.created());
  draft.set_display_name(row.display_name);
  draft.set_effective_percentage(row.percentage);
  draft.set_inclusive(inclusive);
  draft.set_jurisdiction(row.state.empty() ? row.country : row.state);
  draft.set_jurisdiction_level(row.state.empty() ? PAYSIM_INTERNED("country")
                                                 : PAYSIM_INTERNED("state"));
  draft.set_livemode(false);
  draft.set_percentage(row.percentage);
  if (!row.state.empty()) draft.set_state(row.state);
  draft.set_tax_type(row.tax_type);
  draft.set_automatic(true);
  return world.tax_rates().Insert(Key(), std::move(draft));
}

}  // namespace internal
}  // namespace paysim
