// plans.h: Plans (`/v1/plans`), Stripe's legacy form of a recurring Price.
//
// A plan and a price are one record seen two ways: creating a plan stores a recurring Price
// with the same id (usable as a subscription's `items[][price]`), and every recurring Price
// (however made) is retrievable and listed as a Plan. The catalog owns the record
// (internal/catalog_lifecycle.h); this service validates Stripe's plan parameters and renders
// the price as a Plan (amount, interval, interval_count, usage_type at the top level).
//
// Lifecycle: created (active unless `active=false`) -> updated (active, nickname, metadata,
// product while no subscription uses it) -> deleted (the price goes with it; subscriptions
// keep their copy).
//
// Events: a plan made here announces price.created then plan.created (and product.created
// first for an inline `product[name]`); its updates price.updated then plan.updated; its
// deletion price.deleted then plan.deleted.
//
// Errors (invalid_request_error, HTTP 400, nothing changed): a missing currency, interval,
// amount (or amount_decimal) or product; both amount and amount_decimal; an unknown product
// (resource_missing); an id in use (resource_already_exists); an unknown plan id or a one-time
// price's id (resource_missing, 404).
//
// Thread safety: thread-safe.
#ifndef PAYSIM_ENGINE_PLANS_H_
#define PAYSIM_ENGINE_PLANS_H_

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "engine/list.h"
#include "engine/request_options.h"
#include "proto/common.obj.h"
#include "proto/plan.obj.h"
#include "proto/plan_params.pb.h"

namespace paysim {
namespace internal {
class World;
}  // namespace internal

class PlanService {
 public:
  explicit PlanService(internal::World* world) : world_(world) {}

  // Create()
  //
  // Required: currency, interval (day | week | month | year), amount (0 to 99999999 minor
  // units) or amount_decimal (a whole number of minor units: paysim has no fractional
  // amounts), and product (an existing prod_... or `product[name]` and friends for a new one).
  // Optional: id (your own), interval_count (default 1, at most three years), usage_type
  // (licensed | metered), nickname, active, metadata. billing_scheme=tiered takes `tiers` and
  // `tiers_mode` instead of an amount, and a per-unit plan may take `transform_usage`, as a
  // price does (prices.h; a plan names the unit amount `amount`).
  absl::StatusOr<Plan> Create(const PlanCreateParams& params, const RequestOptions& options = {});

  absl::StatusOr<Plan> Retrieve(absl::string_view id, const RequestOptions& options = {});

  // Update()
  //
  // active, nickname (empty unsets), metadata, and product (an existing product; refused once
  // a subscription uses the plan).
  absl::StatusOr<Plan> Update(absl::string_view id, const PlanUpdateParams& params,
                              const RequestOptions& options = {});

  // Delete()
  //
  // Deletes the plan and its price; subscriptions already using it keep their copy.
  absl::StatusOr<DeletedObject> Delete(absl::string_view id, const RequestOptions& options = {});

  // Newest first: every recurring price as a plan, filtered by `active` and `product`.
  absl::StatusOr<ListResult<Plan>> List(const PlanListParams& params,
                                        const RequestOptions& options = {});

 private:
  internal::World* world_;
};

}  // namespace paysim

#endif  // PAYSIM_ENGINE_PLANS_H_
