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
//             (new)     a Checkout line item's   ad_hoc    -  (inactive, never listed)
//                         price_data
//             active,   update                   (either)  price.updated
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

  // Stores `price`; emits price.created unless it is ad hoc (a line item's price_data).
  static const Price& Create(World& world, Price price);

  // Applies an update (fields checked) and emits price.updated with what changed.
  static const Price& Update(World& world, const Price& price, const Price& updated);

 private:
  static WriteKey<PriceLifecycle> Key() { return {}; }
};

}  // namespace internal
}  // namespace paysim

#endif  // PAYSIM_ENGINE_INTERNAL_CATALOG_LIFECYCLE_H_
