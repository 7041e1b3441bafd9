// catalog_lifecycle.h (internal): the Product and Price lifecycles, the only writers of the
// catalog.
//
//   product   from      trigger                  to        events
//             (new)     create                   active    product.created
//             active,   update (active=false/    (either)  product.updated
//             archived    true, or other fields)
//             active,   delete (no prices)       deleted   product.deleted
//             archived
//   price     (new)     create                   active    price.created
//             (new)     create through           active    price.created, plan.created
//                         /v1/plans
//             (new)     a Checkout line item's   ad_hoc    -  (inactive, never listed)
//                         price_data
//             active,   update                   (either)  price.updated (plan.updated too
//             inactive                                       for a plan)
//             active,   delete (a plan)          deleted   price.deleted, plan.deleted
//             inactive
//
// REQUIRES (every function taking a World): the world's lock held.
#ifndef PAYSIM_ENGINE_INTERNAL_CATALOG_LIFECYCLE_H_
#define PAYSIM_ENGINE_INTERNAL_CATALOG_LIFECYCLE_H_

#include <string>

#include "engine/internal/world.h"
#include "engine/lifecycle.h"
#include "proto/catalog.obj.h"
#include "proto/params.pb.h"

namespace paysim {
namespace internal {

class ProductLifecycle {
 public:
  static Lifecycle Published();

  // A new active Product with id `id`, not yet stored.
  static Product New(World& world, std::string id);

  // Stores `product`; emits product.created.
  static const Product& Create(World& world, Product product);

  // Applies an update (fields checked) and emits product.updated with what changed.
  static const Product& Update(World& world, const Product& product, const Product& updated);

  // Deletes `product` (product.deleted carries it as it was).
  static void Delete(World& world, const Product& product);

 private:
  static WriteKey<ProductLifecycle> Key() { return {}; }
};

class PriceLifecycle {
 public:
  static Lifecycle Published();

  // Stores `price`; emits price.created unless it is ad hoc (a line item's price_data), then
  // plan.created when it is a plan (made through /v1/plans).
  static const Price& Create(World& world, Price price);

  // Applies an update (fields checked) and emits price.updated with what changed (and
  // plan.updated, with the plan's changed fields, for a plan).
  static const Price& Update(World& world, const Price& price, const Price& updated);

  // Deletes the plan `price` (price.deleted and plan.deleted carry it as it was).
  // REQUIRES: price.plan().
  static void DeletePlan(World& world, const Price& price);

 private:
  static WriteKey<PriceLifecycle> Key() { return {}; }
};

}  // namespace internal
}  // namespace paysim

#endif  // PAYSIM_ENGINE_INTERNAL_CATALOG_LIFECYCLE_H_
