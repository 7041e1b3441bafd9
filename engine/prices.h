// prices.h: Prices (`price_...`): how much a Product costs, once (`one_time`) or every
// interval (`recurring`), in one currency.
//
// A price's amount, currency, product and recurrence never change (Stripe's update takes none
// of them); only active, nickname, lookup_key, metadata and tax_behavior (from `unspecified`
// once) do. Checkout sells only active prices of active products; `line_items[i][price_data]`
// makes an ad-hoc Price for one session (inactive, not listed; see checkout_sessions.h).
//
// Events: price.created, price.updated (with previous_attributes); `product_data` also emits
// product.created, before price.created.
// Thread safety: thread-safe.
#ifndef PAYSIM_ENGINE_PRICES_H_
#define PAYSIM_ENGINE_PRICES_H_

#include <cstdint>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "engine/list.h"
#include "engine/request_options.h"
#include "proto/catalog.obj.h"
#include "proto/params.pb.h"

namespace paysim {
namespace internal {
class World;
}  // namespace internal

// Stripe's limits: a recurring interval of at most three years (3 years, 36 months, 156
// weeks or 1095 days); an amount of at most eight digits; a lookup_key of 200 characters.
constexpr int64_t kPriceMaxIntervalDays = 3 * 365;
constexpr int64_t kPriceMaxUnitAmount = 99999999;
constexpr int kPriceLookupKeyMaxLength = 200;

class PriceService {
 public:
  explicit PriceService(internal::World* world) : world_(world) {}

  // Create()
  //
  // `currency` and `unit_amount` (0 to 99999999 minor units) are required, and exactly one of
  // `product` (an existing prod_...) or `product_data` (name required: a new Product).
  // `recurring[interval]` (day | week | month | year) with `recurring[interval_count]`
  // (default 1, at most three years in all) and `recurring[usage_type]` (licensed | metered)
  // make a recurring price. Optional: active, nickname, lookup_key (unique among active
  // prices), metadata, tax_behavior (exclusive | inclusive | unspecified).
  // A recurring price may be `billing_scheme=tiered` instead of having a unit_amount: `tiers`
  // (each up_to an integer, the last "inf"; unit_amount[_decimal] and/or
  // flat_amount[_decimal]) and `tiers_mode` (graduated | volume). A per-unit price may group
  // its quantity with `transform_quantity` (divide_by, round up | down). What they bill, and
  // each refusal (invalid_request_error naming the param), is in internal/price_tiers.h. The
  // rendered `tiers` is includable: only with `expand[]=tiers` (`data.tiers` on a list).
  absl::StatusOr<Price> Create(const PriceCreateParams& params,
                               const RequestOptions& options = {});

  absl::StatusOr<Price> Retrieve(absl::string_view id, const RequestOptions& options = {});

  // Update()
  //
  // active, nickname, lookup_key, metadata; tax_behavior only while `unspecified`.
  absl::StatusOr<Price> Update(absl::string_view id, const PriceUpdateParams& params,
                               const RequestOptions& options = {});

  // Newest first, filtered by active, currency, product and type when given. Ad-hoc prices
  // (from `price_data`) are not listed.
  absl::StatusOr<ListResult<Price>> List(const PriceListParams& params,
                                         const RequestOptions& options = {});

 private:
  internal::World* world_;
};

}  // namespace paysim

#endif  // PAYSIM_ENGINE_PRICES_H_
