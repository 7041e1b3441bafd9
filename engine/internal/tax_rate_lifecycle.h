// tax_rate_lifecycle.h (internal): the TaxRate lifecycle, the only writer of tax rates.
//
//   from      trigger                              to        events
//   (new)     create                               active    tax_rate.created
//   (new)     create with active=false             inactive  tax_rate.created
//   active    update active=false                  inactive  tax_rate.updated
//   inactive  update active=true                   active    tax_rate.updated
//   (either)  update other fields (not percentage  (same)    tax_rate.updated
//             or inclusive: immutable)
//   (new)     automatic tax needs a jurisdiction's  active    -
//             rate (`automatic`: never listed)
//
// REQUIRES (every function taking a World): the world's lock held.
#ifndef PAYSIM_ENGINE_INTERNAL_TAX_RATE_LIFECYCLE_H_
#define PAYSIM_ENGINE_INTERNAL_TAX_RATE_LIFECYCLE_H_

#include "engine/internal/world.h"
#include "engine/lifecycle.h"
#include "engine/tax_table.h"
#include "proto/tax_rate.obj.h"

namespace paysim {
namespace internal {

class TaxRateLifecycle {
 public:
  static Lifecycle Published();

  // Stores `draft` (its fields checked and set): gives it its id, object, created, livemode;
  // emits tax_rate.created.
  static const TaxRate& Create(World& world, TaxRate draft);

  // Applies an update; tax_rate.updated with previous_attributes, or nothing when nothing
  // changed.
  static const TaxRate& Update(World& world, const TaxRate& current, const TaxRate& updated);

  // The rate automatic tax applies for `row` of its table, `inclusive` or not: the one made
  // for it before, else a new one (marked `automatic`, no event).
  static const TaxRate& Automatic(World& world, const AutomaticTaxRate& row, bool inclusive);

 private:
  static WriteKey<TaxRateLifecycle> Key() { return {}; }
};

}  // namespace internal
}  // namespace paysim

#endif  // PAYSIM_ENGINE_INTERNAL_TAX_RATE_LIFECYCLE_H_
