// tax_rates.h: Tax rates (`txr_...`), a percentage of tax with the labels shown on receipts.
//
// percentage and inclusive are fixed at creation; the other fields change on update. An
// inactive (archived) rate stays on what already uses it. Lifecycle:
// engine/internal/tax_rate_lifecycle.h.
//
// Example:
//   auto rate = engine.tax_rates().Create(ParseParams<TaxRateCreateParams>(
//       R"pb(display_name: "VAT" percentage: 19 inclusive: false country: "DE")pb"));
//
// Errors (a refused call changes nothing; HTTP 400 unless stated):
//   - display_name, percentage or inclusive missing (parameter_missing); display_name empty or
//     over kTaxRateDisplayNameMaxLength; percentage outside [0, 100] (param percentage);
//   - country not two letters, state over 2 characters, jurisdiction over
//     kTaxRateJurisdictionMaxLength, tax_type not one of Stripe's (each with its param);
//   - percentage or inclusive on update: parameter_unknown (immutable, as Stripe answers);
//   - an unknown tax rate id: resource_missing (404); metadata as everywhere.
// Events: tax_rate.created, tax_rate.updated (with previous_attributes).
// Thread safety: thread-safe.
#ifndef PAYSIM_ENGINE_TAX_RATES_H_
#define PAYSIM_ENGINE_TAX_RATES_H_

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "engine/list.h"
#include "engine/request_options.h"
#include "proto/discount_params.pb.h"
#include "proto/tax_rate.obj.h"

namespace paysim {
namespace internal {
class World;
}  // namespace internal

// Stripe's limits on a tax rate's labels.
constexpr int kTaxRateDisplayNameMaxLength = 50;
constexpr int kTaxRateJurisdictionMaxLength = 50;

class TaxRateService {
 public:
  explicit TaxRateService(internal::World* world) : world_(world) {}

  // display_name, percentage and inclusive required; active (default true), country,
  // description, jurisdiction, metadata, state, tax_type. Event tax_rate.created.
  absl::StatusOr<TaxRate> Create(const TaxRateCreateParams& params,
                                 const RequestOptions& options = {});

  absl::StatusOr<TaxRate> Retrieve(absl::string_view id, const RequestOptions& options = {});

  // Any field but percentage and inclusive; an empty country, description, jurisdiction,
  // state or tax_type unsets it. Event tax_rate.updated when something changed.
  absl::StatusOr<TaxRate> Update(absl::string_view id, const TaxRateUpdateParams& params,
                                 const RequestOptions& options = {});

  // Newest first; filtered by active, inclusive and created (created=T or
  // created[gt|gte|lt|lte]=T) when given.
  absl::StatusOr<ListResult<TaxRate>> List(const TaxRateListParams& params,
                                           const RequestOptions& options = {});

 private:
  internal::World* world_;
};

}  // namespace paysim

#endif  // PAYSIM_ENGINE_TAX_RATES_H_
