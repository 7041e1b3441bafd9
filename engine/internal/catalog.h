// catalog.h (internal): what Prices, Products and Checkout ask of the catalog: checking a
// price or a product given inline (`price_data`, `product_data`, `default_price_data`), making
// the Price it describes, and finding a Price Checkout can sell. The catalog's objects change
// only through catalog_lifecycle.h.
//
// REQUIRES (every function taking a World): the world's lock held.
#ifndef PAYSIM_ENGINE_INTERNAL_CATALOG_H_
#define PAYSIM_ENGINE_INTERNAL_CATALOG_H_

#include <cstdint>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/string_view.h"
#include "absl/types/optional.h"
#include "engine/internal/world.h"
#include "engine/stripe_error.h"
#include "proto/catalog.obj.h"
#include "proto/params.pb.h"
#include "proto/plan.obj.h"

namespace paysim {
namespace internal {

// products.cc: checks a `product_data` (a Product made with a Price); `prefix` names its
// params in errors ("product_data", "line_items[0][price_data][product_data]").
absl::Status CheckProductData(const PriceProductDataParams& data, absl::string_view prefix);

// products.cc: a new Product from a checked `product_data`; emits product.created.
const Product& CreateProductFromData(World& world, const PriceProductDataParams& data);

// What a new Price is made of: given by POST /v1/prices, a product's default_price_data or a
// line item's price_data. Absent fields are absent.
struct PriceInput {
  absl::optional<std::string> currency;
  absl::optional<int64_t> unit_amount;
  absl::optional<std::string> product;
  const PriceProductDataParams* product_data = nullptr;
  const PriceRecurringParams* recurring = nullptr;
  absl::optional<std::string> tax_behavior;
  // How the amount is computed (price_tiers.h); POST /v1/prices and /v1/plans only.
  absl::optional<std::string> billing_scheme;
  const google::protobuf::RepeatedPtrField<PriceTierParams>* tiers = nullptr;
  absl::optional<std::string> tiers_mode;
  const PriceTransformQuantityParams* transform = nullptr;
  // The names of the unit amount and the transform in errors (a plan's: amount,
  // transform_usage).
  absl::string_view amount_param = "unit_amount";
  absl::string_view transform_param = "transform_quantity";
  // The name of the meter in errors (empty: `recurring[meter]`; a plan's: meter).
  absl::string_view meter_param;
};

// A Price checked and ready to store.
struct PriceDraft {
  std::string currency;  // lowercase
  int64_t unit_amount = 0;
  std::string product;  // an existing product, or "" with product_data
  const PriceProductDataParams* product_data = nullptr;
  bool recurring = false;
  std::string interval;
  int64_t interval_count = 1;
  std::string usage_type;
  std::string meter;  // a metered price's billing meter (mtr_...), or empty
  std::string tax_behavior;
  std::string billing_scheme = "per_unit";  // per_unit | tiered
  std::vector<PriceTier> tiers;              // tiered only
  std::string tiers_mode;                    // tiered only: graduated | volume
  absl::optional<PriceTransformQuantity> transform;
};

// prices.cc: checks `input` as Stripe checks a new Price; `prefix` names its params in errors
// ("" for POST /v1/prices, "line_items[0][price_data]"). `product` may be omitted only when
// `product_omitted_ok` (a product's default_price_data: the product is the one being made).
absl::StatusOr<PriceDraft> CheckPriceInput(World& world, const PriceInput& input,
                                           absl::string_view prefix, bool product_omitted_ok);

// prices.cc: the Price of `draft` for `product_id` (when empty, for a new Product made from
// draft.product_data, created now: product.created), not yet stored: the caller sets what else
// it has and stores it with PriceLifecycle::Create (price.created, except for an `ad_hoc`
// price: a line item's price_data, inactive, not listed, no event).
Price NewPrice(World& world, const PriceDraft& draft, const std::string& product_id, bool ad_hoc);

// prices.cc: the Price NewPrice makes of `draft` for the existing product `draft.product`,
// without an id and not stored: what a check shows before anything changes (a subscription
// item's price_data). Store it with CreateDraftPrice once every check has passed.
Price DraftPrice(World& world, const PriceDraft& draft, bool ad_hoc);

// prices.cc: stores `price` (a DraftPrice) under a new id, through PriceLifecycle::Create
// (price.created unless ad hoc).
const Price& CreateDraftPrice(World& world, Price price);

// A `price_data` given inline for one subscription item or quote line (named `prefix`:
// "items[0][price_data]"): `currency` and `product` (an existing one) required, `unit_amount`,
// `recurring[interval|interval_count]` (required when `recurring_required`) and
// `tax_behavior`, checked as POST /v1/prices checks a per-unit price: the inactive, ad hoc
// Price it describes, without an id (CreateDraftPrice makes it). `PriceData` is any params
// message with those fields (SubscriptionItemPriceDataParams, QuotePriceDataParams). Changes
// nothing.
template <class PriceData>
absl::StatusOr<Price> CheckInlinePriceData(World& world, const PriceData& data,
                                           const std::string& prefix, bool recurring_required) {
  if (!data.has_currency()) return ParameterMissing(absl::StrCat(prefix, "[currency]"));
  if (!data.has_product()) return ParameterMissing(absl::StrCat(prefix, "[product]"));
  if (recurring_required && !data.has_recurring()) {
    return ParameterMissing(absl::StrCat(prefix, "[recurring]"));
  }
  PriceInput input;
  input.currency = data.currency();
  if (data.has_unit_amount()) input.unit_amount = data.unit_amount();
  input.product = data.product();
  PriceRecurringParams recurring;
  if (data.has_recurring()) {
    if (data.recurring().has_interval()) recurring.set_interval(data.recurring().interval());
    if (data.recurring().has_interval_count()) {
      recurring.set_interval_count(data.recurring().interval_count());
    }
    input.recurring = &recurring;
  }
  if (data.has_tax_behavior()) input.tax_behavior = data.tax_behavior();
  absl::StatusOr<PriceDraft> draft = CheckPriceInput(world, input, prefix, false);
  if (!draft.ok()) return draft.status();
  return DraftPrice(world, *draft, /*ad_hoc=*/true);
}

// prices.cc: the Price `id` if Checkout can sell it (active, of an active product), else
// resource_missing / 400 naming `param`.
absl::StatusOr<const Price*> FindSellablePrice(World& world, absl::string_view id,
                                               absl::string_view param);

// plans.cc: the recurring `price` seen as a Plan (the same record: same id, amount, product).
Plan PlanOf(const Price& price);

}  // namespace internal
}  // namespace paysim

#endif  // PAYSIM_ENGINE_INTERNAL_CATALOG_H_
