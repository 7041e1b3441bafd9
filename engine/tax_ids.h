// tax_ids.h: customers' tax IDs (`txi_...`), Stripe's /v1/customers/{customer}/tax_ids.
//
// A tax ID is a `type` (eu_vat, gb_vat, us_ein, au_abn... Stripe's list) and a `value` of that
// type's form, with its `country` and `verification`. The types Stripe verifies with their
// authority (eu_vat, gb_vat, au_abn) start `pending` and are answered a minute later on the
// customer's clock (engine/internal/tax_id_lifecycle.h: Stripe's test values, a value ending
// in 111111111 is rejected, 222222222 stays pending, any other is verified); the others are
// `unavailable`. A customer's tax IDs can also be given when it is created
// (`tax_id_data[]`, customers.h), are listed on it with `expand[]=tax_ids`, and go when it is
// deleted.
//
// Events: customer.tax_id.created, customer.tax_id.updated (verification, with
// previous_attributes), customer.tax_id.deleted.
//
// Errors (invalid_request_error; a refused call changes nothing):
//   - an unknown or deleted customer: 404 resource_missing (param id);
//   - type or value missing: parameter_missing; a type outside Stripe's list (param type);
//   - a value not of the type's form: tax_id_invalid (param value), "Invalid value for
//     <type>.";
//   - a tax ID id that is unknown or another customer's: 404 resource_missing (param id).
//
// Example:
//   TaxIdCreateParams params;
//   params.set_type("eu_vat");
//   params.set_value("DE123456789");
//   absl::StatusOr<TaxId> tax_id = engine.tax_ids().Create(customer_id, params);
//   // verification.status pending; verified after engine's clock moves a minute
//
// Thread safety: thread-safe.
#ifndef PAYSIM_ENGINE_TAX_IDS_H_
#define PAYSIM_ENGINE_TAX_IDS_H_

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/time/time.h"
#include "engine/list.h"
#include "engine/request_options.h"
#include "proto/common.obj.h"
#include "proto/customer.obj.h"
#include "proto/params.pb.h"

namespace paysim {
namespace internal {
class World;
}  // namespace internal

// How long after a tax ID is added its authority answers (verified or unverified).
// UNCERTAIN: Stripe verifies asynchronously; its test-mode delay is not documented.
inline constexpr absl::Duration kTaxIdVerificationDelay = absl::Minutes(1);

// The most tax IDs a customer embeds in its `tax_ids` list (the rest: has_more).
inline constexpr int kEmbeddedTaxIdsLimit = 10;

class TaxIdService {
 public:
  explicit TaxIdService(internal::World* world) : world_(world) {}

  // Create()
  //
  // Adds a tax ID of `params.type` and `params.value` to `customer`.
  absl::StatusOr<TaxId> Create(absl::string_view customer, const TaxIdCreateParams& params,
                               const RequestOptions& options = {});

  // The customer's tax ID `id`.
  absl::StatusOr<TaxId> Retrieve(absl::string_view customer, absl::string_view id,
                                 const RequestOptions& options = {});

  // Returns `{"id", "object": "tax_id", "deleted": true}`; the tax ID is then not found.
  absl::StatusOr<DeletedObject> Delete(absl::string_view customer, absl::string_view id,
                                       const RequestOptions& options = {});

  // The customer's tax IDs, newest first.
  absl::StatusOr<ListResult<TaxId>> List(absl::string_view customer,
                                         const TaxIdListParams& params,
                                         const RequestOptions& options = {});

  // `customer` with its `tax_ids` list filled in (the first kEmbeddedTaxIdsLimit and
  // total_count), as Stripe includes it for expand[]=tax_ids.
  absl::StatusOr<Customer> WithTaxIds(Customer customer, const RequestOptions& options = {});

 private:
  internal::World* world_;
};

}  // namespace paysim

#endif  // PAYSIM_ENGINE_TAX_IDS_H_
