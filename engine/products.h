// products.h: Products (`prod_...`), what a Price sells.
//
// Lifecycle: created (active unless `active=false`) -> updated any number of times (archived
// with active=false, restored with active=true) -> deleted, only while no Price of it exists
// other than the ad-hoc ones Checkout made from `price_data`. An inactive product's prices
// cannot be sold in Checkout (product_inactive).
//
// Events: product.created, product.updated (with previous_attributes), product.deleted;
// `default_price_data` on create also emits price.created.
// Thread safety: thread-safe.
#ifndef PAYSIM_ENGINE_PRODUCTS_H_
#define PAYSIM_ENGINE_PRODUCTS_H_

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "engine/list.h"
#include "engine/request_options.h"
#include "proto/catalog.obj.h"
#include "proto/common.obj.h"
#include "proto/params.pb.h"

namespace paysim {
namespace internal {
class World;
}  // namespace internal

// Stripe's limits on a product's fields.
constexpr int kProductMaxImages = 8;
constexpr int kProductUnitLabelMaxLength = 12;

class ProductService {
 public:
  explicit ProductService(internal::World* world) : world_(world) {}

  // Create()
  //
  // `name` is required. Optional: id (your own; an id in use is resource_already_exists),
  // active (default true), description, images (at most 8), metadata, shippable,
  // statement_descriptor (5-22 characters), tax_code, unit_label (at most 12), url, and
  // default_price_data (currency, unit_amount, recurring): a Price made with the product and
  // set as its default_price.
  absl::StatusOr<Product> Create(const ProductCreateParams& params,
                                 const RequestOptions& options = {});

  absl::StatusOr<Product> Retrieve(absl::string_view id, const RequestOptions& options = {});

  // Update()
  //
  // Any field of Create but id and default_price_data; `default_price` must be an active
  // Price of this product. An empty description/url/unit_label/statement_descriptor unsets it.
  absl::StatusOr<Product> Update(absl::string_view id, const ProductUpdateParams& params,
                                 const RequestOptions& options = {});

  // Delete()
  //
  // Refused (400) while the product has a Price of its own.
  absl::StatusOr<DeletedObject> Delete(absl::string_view id, const RequestOptions& options = {});

  // Newest first, filtered by `active` and `shippable` when given.
  absl::StatusOr<ListResult<Product>> List(const ProductListParams& params,
                                           const RequestOptions& options = {});

 private:
  internal::World* world_;
};

}  // namespace paysim

#endif  // PAYSIM_ENGINE_PRODUCTS_H_
