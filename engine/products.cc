// Products: create (with an optional default price), retrieve, update, delete, list.
#include "engine/products.h"
#include "engine/internal/interned.h"

#include <string>
#include <utility>

#include "absl/strings/str_cat.h"
#include "engine/metadata.h"
#include "engine/internal/catalog.h"
#include "engine/internal/catalog_lifecycle.h"
#include "engine/internal/params_util.h"
#include "engine/statement_descriptor.h"
#include "engine/internal/status_macros.h"
#include "engine/internal/world.h"

namespace paysim {
namespace {

using internal::CannotUnset;
using internal::World;

std::string Param(absl::string_view prefix, absl::string_view name) {
  return prefix.empty() ? std::string(name) : absl::StrCat(prefix, "[", name, "]");
}

// The checks of the fields create, update and product_data share. UNCERTAIN: the wording of
// the images and unit_label errors (Stripe documents the limits, not the messages).
template <typename Params>
absl::Status ValidateProductFields(const Params& params, absl::string_view prefix) {
  if (params.images_size() > kProductMaxImages) {
    return InvalidRequestError("", Param(prefix, "images"),
                               absl::StrCat("A product can have at most ", kProductMaxImages,
                                            " images."));
  }
  if (params.has_unit_label() && params.unit_label().size() > kProductUnitLabelMaxLength) {
    return InvalidRequestError("", Param(prefix, "unit_label"),
                               absl::StrCat("The unit_label can be at most ",
                                            kProductUnitLabelMaxLength, " characters long."));
  }
  if (params.has_statement_descriptor() && !params.statement_descriptor().empty()) {
    PAYSIM_RETURN_IF_ERROR(ValidateStatementDescriptor(params.statement_descriptor(),
                                                       Param(prefix, "statement_descriptor")));
  }
  return ValidateMetadata(params.metadata());
}

}  // namespace

absl::StatusOr<Product> ProductService::Create(const ProductCreateParams& params,
                                               const RequestOptions& options) {
  World& w = *world_;
  return w.RunIdempotent<Product>(
      options, "POST /v1/products", params, [&]() -> absl::StatusOr<Product> {
        // validate
        if (!params.has_name()) return ParameterMissing("name");
        if (params.name().empty()) return CannotUnset("name");
        if (params.has_id()) {
          if (params.id().empty()) return CannotUnset("id");
          if (w.products().Find(params.id()) != nullptr) {
            return InvalidRequestError("resource_already_exists", "id", "Product already exists.");
          }
        }
        PAYSIM_RETURN_IF_ERROR(ValidateProductFields(params, ""));
        internal::PriceDraft default_price;
        const bool with_price = params.has_default_price_data();
        if (with_price) {
          const ProductDefaultPriceDataParams& data = params.default_price_data();
          internal::PriceInput input;
          if (data.has_currency()) input.currency = data.currency();
          if (data.has_unit_amount()) input.unit_amount = data.unit_amount();
          if (data.has_recurring()) input.recurring = &data.recurring();
          if (data.has_tax_behavior()) input.tax_behavior = data.tax_behavior();
          PAYSIM_ASSIGN_OR_RETURN(default_price,
                                  internal::CheckPriceInput(w, input, "default_price_data",
                                                            /*product_omitted_ok=*/true));
        }

        // transition + commit: product.created, then price.created for its default price.
        Product product = internal::ProductLifecycle::New(
            w, params.has_id() ? params.id() : absl::StrCat("prod_", w.ids().RandomString(14)));
        if (params.has_active()) product.set_active(params.active());
        if (!params.description().empty()) product.set_description(params.description());
        *product.mutable_images() = params.images();
        *product.mutable_metadata() = params.metadata();
        product.set_name(params.name());
        if (params.has_shippable()) product.set_shippable(params.shippable());
        if (!params.statement_descriptor().empty()) {
          product.set_statement_descriptor(params.statement_descriptor());
        }
        if (!params.tax_code().empty()) product.set_tax_code(params.tax_code());
        if (!params.unit_label().empty()) product.set_unit_label(params.unit_label());
        if (!params.url().empty()) product.set_url(params.url());
        if (!with_price) return internal::ProductLifecycle::Create(w, std::move(product));
        // UNCERTAIN (order): product.created carries the default_price already set, then
        // price.created follows.
        Price price = internal::NewPrice(w, default_price, product.id(), /*ad_hoc=*/false);
        product.set_default_price(price.id_shared());
        const Product& stored = internal::ProductLifecycle::Create(w, std::move(product));
        internal::PriceLifecycle::Create(w, std::move(price));
        return stored;
      });
}

absl::StatusOr<Product> ProductService::Retrieve(absl::string_view id,
                                                 const RequestOptions& options) {
  World& w = *world_;
  return w.Run(options, [&]() -> absl::StatusOr<Product> {
    PAYSIM_ASSIGN_OR_RETURN(const Product* product, w.products().Get(id));
    return *product;
  });
}

absl::StatusOr<Product> ProductService::Update(absl::string_view id,
                                               const ProductUpdateParams& params,
                                               const RequestOptions& options) {
  World& w = *world_;
  return w.RunIdempotent<Product>(
      options, [&] { return absl::StrCat("POST /v1/products/", id); }, params,
      [&]() -> absl::StatusOr<Product> {
    // validate
    PAYSIM_ASSIGN_OR_RETURN(const Product* product, w.products().Get(id));
    if (params.has_name() && params.name().empty()) return CannotUnset("name");
    PAYSIM_RETURN_IF_ERROR(ValidateProductFields(params, ""));
    if (params.has_default_price() && !params.default_price().empty()) {
      const Price* price = w.prices().Find(params.default_price());
      // UNCERTAIN: Stripe's wording for a default_price of another product or an archived one.
      if (price == nullptr || price->ad_hoc()) {
        return ResourceMissing("price", params.default_price(), "default_price");
      }
      if (price->product() != product->id() || !price->active()) {
        return InvalidRequestError(
            "", "default_price",
            absl::StrCat("The price ", price->id(), " must be an active price of product ",
                         product->id(), " to be its default_price."));
      }
    }
    Product updated = *product;
    PAYSIM_RETURN_IF_ERROR(MergeMetadata(params.metadata(), updated.mutable_metadata()));

    // transition: an empty string unsets an optional field.
    auto set_optional = [](bool has, const std::string& value, auto setter, auto clearer) {
      if (!has) return;
      if (value.empty()) {
        clearer();
      } else {
        setter(value);
      }
    };
    if (params.has_active()) updated.set_active(params.active());
    set_optional(params.has_default_price(), params.default_price(),
                 [&](const std::string& v) { updated.set_default_price(v); },
                 [&] { updated.clear_default_price(); });
    set_optional(params.has_description(), params.description(),
                 [&](const std::string& v) { updated.set_description(v); },
                 [&] { updated.clear_description(); });
    if (params.images_size() > 0) *updated.mutable_images() = params.images();
    if (params.has_name()) updated.set_name(params.name());
    if (params.has_shippable()) updated.set_shippable(params.shippable());
    set_optional(params.has_statement_descriptor(), params.statement_descriptor(),
                 [&](const std::string& v) { updated.set_statement_descriptor(v); },
                 [&] { updated.clear_statement_descriptor(); });
    set_optional(params.has_tax_code(), params.tax_code(),
                 [&](const std::string& v) { updated.set_tax_code(v); },
                 [&] { updated.clear_tax_code(); });
    set_optional(params.has_unit_label(), params.unit_label(),
                 [&](const std::string& v) { updated.set_unit_label(v); },
                 [&] { updated.clear_unit_label(); });
    set_optional(params.has_url(), params.url(), [&](const std::string& v) { updated.set_url(v); },
                 [&] { updated.clear_url(); });
    updated.set_updated(w.created());

    // commit
    return internal::ProductLifecycle::Update(w, *product, updated);
  });
}

absl::StatusOr<DeletedObject> ProductService::Delete(absl::string_view id,
                                                     const RequestOptions& options) {
  World& w = *world_;
  return w.Run(options, [&]() -> absl::StatusOr<DeletedObject> {
    PAYSIM_ASSIGN_OR_RETURN(const Product* product, w.products().Get(id));
    bool has_prices = false;
    w.prices().ForEach([&](const Price& price) {
      if (price.product() == product->id() && !price.ad_hoc()) has_prices = true;
    });
    if (has_prices) {
      return InvalidRequestError(
          "", "",
          "This product cannot be deleted because it has one or more user-created prices.");
    }
    DeletedObject deleted;
    deleted.set_id(product->id());
    deleted.set_object(PAYSIM_INTERNED("product"));
    deleted.set_deleted(true);
    internal::ProductLifecycle::Delete(w, *product);
    return deleted;
  });
}

absl::StatusOr<ListResult<Product>> ProductService::List(const ProductListParams& params,
                                                         const RequestOptions& options) {
  World& w = *world_;
  return w.Run(options, [&]() -> absl::StatusOr<ListResult<Product>> {
    ListWindow window;
    PAYSIM_RETURN_IF_ERROR(MakeListWindow(params, &window));
    return w.products().List(window, "/v1/products", [&](const Product& p) {
      return (!params.has_active() || p.active() == params.active()) &&
             (!params.has_shippable() || p.shippable() == params.shippable());
    });
  });
}

namespace internal {

absl::Status CheckProductData(const PriceProductDataParams& data, absl::string_view prefix) {
  if (!data.has_name()) return ParameterMissing(Param(prefix, "name"));
  if (data.name().empty()) return CannotUnset(Param(prefix, "name"));
  return ValidateProductFields(data, prefix);
}

const Product& CreateProductFromData(World& world, const PriceProductDataParams& data) {
  Product product =
      ProductLifecycle::New(world, absl::StrCat("prod_", world.ids().RandomString(14)));
  if (data.has_active()) product.set_active(data.active());
  if (!data.description().empty()) product.set_description(data.description());
  *product.mutable_images() = data.images();
  *product.mutable_metadata() = data.metadata();
  product.set_name(data.name());
  if (!data.statement_descriptor().empty()) {
    product.set_statement_descriptor(data.statement_descriptor());
  }
  if (!data.tax_code().empty()) product.set_tax_code(data.tax_code());
  if (!data.unit_label().empty()) product.set_unit_label(data.unit_label());
  return ProductLifecycle::Create(world, std::move(product));
}

}  // namespace internal
}  // namespace paysim
