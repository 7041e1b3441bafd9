// tax_id_lifecycle.h (internal): the TaxId lifecycle, the only writer of customers' tax IDs
// (`txi_...`). Its state is the tax ID's `verification.status`:
//
//   from                 trigger                        to           events
//   (new)                added, of a type Stripe        pending      customer.tax_id.created
//                          verifies (eu_vat, gb_vat,
//                          au_abn)
//   (new)                added, of any other type       unavailable  customer.tax_id.created
//   pending              the authority confirms it      verified     customer.tax_id.updated
//   pending              the authority rejects it       unverified   customer.tax_id.updated
//   pending, verified,   deleted (or its customer)      deleted      customer.tax_id.deleted
//     unverified,
//     unavailable
//
// Verification answers kTaxIdVerificationDelay after the tax ID is added (on the customer's
// test clock if it has one). Stripe's test values decide the answer: a value ending in
// 111111111 is rejected, one ending in 222222222 stays pending, any other is verified.
// UNCERTAIN: Stripe's test-mode delay (its docs say verification is asynchronous) and its
// test values beyond these; paysim leaves verified_name and verified_address null.
//
// REQUIRES (every function taking a World): the world's lock held.
#ifndef PAYSIM_ENGINE_INTERNAL_TAX_ID_LIFECYCLE_H_
#define PAYSIM_ENGINE_INTERNAL_TAX_ID_LIFECYCLE_H_

#include <cstdint>
#include <string>

#include "absl/functional/function_ref.h"
#include "absl/strings/string_view.h"
#include "engine/internal/ordinal_index.h"
#include "engine/internal/state_machine.h"
#include "engine/internal/world.h"
#include "engine/lifecycle.h"
#include "engine/tax_ids.h"
#include "proto/customer.obj.h"

namespace paysim {
namespace internal {

enum class TaxIdState : uint8_t { kPending, kVerified, kUnverified, kUnavailable, kDeleted };
enum class TaxIdTrigger : uint8_t { kAddVerifiable, kAddOther, kConfirm, kReject, kDelete };

class TaxIdLifecycle {
 public:
  using Machine = StateMachine<TaxIdState, TaxIdTrigger>;
  static const Machine& machine();
  static Lifecycle Published() { return machine().Publish(); }

  static TaxIdState StateOf(const TaxId& tax_id);

  // Stores a new tax ID of `customer` (`type` and `value` already checked: tax_id_types.h),
  // pending or unavailable as the table says; schedules its verification. Emits
  // customer.tax_id.created.
  static const TaxId& Add(World& world, const Customer& customer, absl::string_view type,
                          absl::string_view value);

  // Deletes `tax_id` (customer.tax_id.deleted carries it as it was).
  static void Delete(World& world, const TaxId& tax_id);

  // Deletes every tax ID of `customer_id` (its customer is being deleted), each announced.
  static void DeleteAllOf(World& world, absl::string_view customer_id);

  // Calls `visit` on each live tax ID of `customer_id`, oldest first: an index lookup
  // (ordinal_index.h), not a walk over every customer's tax IDs. `visit` must not add or
  // delete tax IDs.
  static void ForEachOf(World& world, absl::string_view customer_id,
                        absl::FunctionRef<void(const TaxId&)> visit);

  // The verification timer of tax ID `id`: pending -> verified or unverified (a deleted one, or
  // a value that stays pending: nothing).
  static void OnVerification(World& world, absl::string_view id);

 private:
  static WriteKey<TaxIdLifecycle> Key() { return {}; }
  // The index of tax IDs by customer, built from the store first if this world has not.
  static const OrdinalIndex& ByCustomer(World& world);
};

}  // namespace internal
}  // namespace paysim

#endif  // PAYSIM_ENGINE_INTERNAL_TAX_ID_LIFECYCLE_H_
