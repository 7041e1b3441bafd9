// customer_deletion.h (internal): what deleting a customer takes with it, as Stripe documents
// ("Permanently deletes a customer. It cannot be undone. Also immediately cancels any active
// subscriptions on the customer."): its subscriptions that have not ended are canceled now
// (customer.subscription.deleted, without proration or a final invoice), its attached
// PaymentMethods are detached (payment_method.detached; a detached bank account's mandate is
// revoked, mandate_lifecycle.h) and its tax IDs deleted (customer.tax_id.deleted), each through
// its own lifecycle, before the customer itself (customer.deleted). UNCERTAIN: the order of
// Stripe's events, and whether it announces each detach and deletion.
//
// REQUIRES: the world's lock held.
#ifndef PAYSIM_ENGINE_INTERNAL_CUSTOMER_DELETION_H_
#define PAYSIM_ENGINE_INTERNAL_CUSTOMER_DELETION_H_

#include "engine/internal/world.h"
#include "proto/customer.obj.h"

namespace paysim {
namespace internal {

// Deletes `customer` and what goes with it (above).
void DeleteCustomer(World& world, const Customer& customer);

}  // namespace internal
}  // namespace paysim

#endif  // PAYSIM_ENGINE_INTERNAL_CUSTOMER_DELETION_H_
