// subscription_automatic_tax.h (internal): a subscription's `automatic_tax[enabled]`
// (`POST /v1/subscriptions` and its update): Stripe's checks, and the rate of the customer's
// place (engine/tax_table.h) on its items, which its invoices then apply (first invoice,
// renewals, prorations), as the items of a subscription Checkout started carry theirs.
//
// Stripe's rules (docs: "Collect taxes for recurring payments"):
//   - Enabling it needs a customer whose tax location is recognized (customer_tax.h: the
//     shipping address, else the address; a country, and in the US a postal code); else
//     customer_tax_location_invalid (invalid_request_error, 400) and nothing is created or
//     changed. UNCERTAIN: the param Stripe names; paysim names `customer`.
//   - Every item's price needs a tax_behavior (or the account's default), as in Checkout.
//   - Each item is taxed at the rate of the customer's place, inclusive or exclusive as its
//     price's tax_behavior says; where the account does not collect tax (not_collecting) at
//     no rate: a tax of 0.
//   - Disabling it: the later invoices are not taxed automatically.
// UNCERTAIN (a simplification): Stripe computes the tax at each invoice; paysim takes the
// rate of the customer's place when automatic tax is enabled, or when an item is added (by an
// update, the Subscription Items API or a schedule's phase), and keeps it while the customer
// moves. The subscription's own tax rates
// (items[][tax_rates], default_tax_rates) still come first on its invoices (Stripe refuses
// them together; paysim does not check).
//
// REQUIRES (every function taking a World): the world's lock held.
#ifndef PAYSIM_ENGINE_INTERNAL_SUBSCRIPTION_AUTOMATIC_TAX_H_
#define PAYSIM_ENGINE_INTERNAL_SUBSCRIPTION_AUTOMATIC_TAX_H_

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "engine/internal/world.h"
#include "proto/checkout.obj.h"
#include "proto/customer.obj.h"
#include "proto/subscription_item_params.pb.h"

namespace paysim {
namespace internal {

// CheckAutomaticTaxAllowed()
//
// OK when automatic tax can be enabled for `customer` (nullptr: a deleted one) on the items
// of `subscription` (the create's draft, or an update's new version); else the refusal
// above. Changes nothing.
absl::Status CheckAutomaticTaxAllowed(const World& world, const Customer* customer,
                                      const Subscription& subscription);

// SetAutomaticTax()
//
// Writes automatic_tax on `subscription` (a draft or a next version the caller commits
// through the subscription lifecycle): `enabled` with liability `self`, or disabled. Enabled,
// every item (`only_new`: only the items not stored yet, without an id) takes the rate of
// its customer's place; disabled, the items' automatic rates are removed. May store the
// table's TaxRate (TaxRateLifecycle::Automatic): call once every check of the request passed.
void SetAutomaticTax(World& world, bool enabled, bool only_new, Subscription& subscription);

// What an update (`POST /v1/subscriptions/{id}`) asks of automatic tax.
struct AutomaticTaxUpdate {
  bool enabled = false;   // after the update
  bool only_new = true;   // automatic_tax not given: only new items take the rate
  bool applies = false;   // something to write (enabled, or given)
};

// CheckAutomaticTaxUpdate()
//
// `params`' automatic_tax for `current`, `updated` its next version (items included):
// Stripe's refusal when it enables automatic tax (or adds items while enabled) and the rules
// above forbid it. Changes nothing.
absl::StatusOr<AutomaticTaxUpdate> CheckAutomaticTaxUpdate(World& world,
                                                          const Subscription& current,
                                                          const SubscriptionChangeParams& params,
                                                          const Subscription& updated);

// Applies a checked update to `updated` (SetAutomaticTax).
void ApplyAutomaticTaxUpdate(World& world, const AutomaticTaxUpdate& update,
                             Subscription& updated);

}  // namespace internal
}  // namespace paysim

#endif  // PAYSIM_ENGINE_INTERNAL_SUBSCRIPTION_AUTOMATIC_TAX_H_
