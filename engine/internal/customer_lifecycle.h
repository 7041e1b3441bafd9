// customer_lifecycle.h (internal): the Customer lifecycle, the only writer of customers and of
// their saved cards (legacy sources).
//
//   from     trigger   to       events
//   (new)    create    active   customer.created
//   active   delete    deleted  customer.deleted
//
// Updates (email, name, address, shipping, metadata, default source, invoice_settings,
// discount, balance, currency) change no state (customer.updated with what changed). Each
// movement of the balance is also recorded as a customer balance transaction
// (customer_balance_lifecycle.h, which asks for the update here when it moves the balance). A discount set, replaced or
// removed (by create, update or DELETE /v1/customers/{id}/discount) is also announced after the
// customer's own event: customer.discount.created, .updated, .deleted (carrying the discount).
//
// A customer's saved cards (legacy sources, `card_...`) have no state of their own: added
// (customer.source.created), updated (customer.source.updated, with what changed), deleted
// (customer.source.deleted; gone from the store).
//
// REQUIRES (every function taking a World): the world's lock held.
#ifndef PAYSIM_ENGINE_INTERNAL_CUSTOMER_LIFECYCLE_H_
#define PAYSIM_ENGINE_INTERNAL_CUSTOMER_LIFECYCLE_H_

#include <cstdint>
#include <string>

#include "absl/functional/function_ref.h"
#include "absl/strings/string_view.h"
#include "engine/internal/ordinal_index.h"
#include "engine/internal/state_machine.h"
#include "engine/internal/world.h"
#include "engine/lifecycle.h"
#include "proto/card.obj.h"
#include "proto/customer.obj.h"

namespace paysim {
namespace internal {

enum class CustomerState : uint8_t { kActive, kDeleted };
enum class CustomerTrigger : uint8_t { kCreate, kDelete };

class CustomerLifecycle {
 public:
  using Machine = StateMachine<CustomerState, CustomerTrigger>;
  static const Machine& machine();
  static Lifecycle Published() { return machine().Publish(); }

  // A new Customer with Stripe's defaults (id, balance, invoice prefix...), not yet stored.
  static Customer New(World& world);

  // Stores `customer` and emits customer.created.
  static const Customer& Create(World& world, Customer customer);

  // Applies an update (fields already checked) and emits customer.updated with what changed.
  static const Customer& Update(World& world, const Customer& customer, const Customer& updated);

  // active -> deleted (customer.deleted carries the customer as it was).
  static void Delete(World& world, const Customer& customer);

  // Saves `card` as a source of `customer_id` (legacy cards) and emits customer.source.created;
  // returns it. Saving runs the CVC check (unchecked -> the test card's result), as attaching
  // a PaymentMethod does. REQUIRES: the customer exists (it may be created right after, in
  // the same call, when `card` comes with a new customer).
  static const Card& AddCard(World& world, Card card, const std::string& customer_id);

  // Applies a card update (fields already checked); customer.source.updated with what changed.
  static const Card& UpdateCard(World& world, const Card& current, const Card& updated);
  // A SetupIntent set the card up for off-session use (no event: nothing rendered changes).
  static void SetUpCardForOffSession(World& world, const Card& card);

  // Removes `card` (customer.source.deleted carries it as it was). The caller moves the
  // customer's default_source first if it named this card.
  static void DeleteCard(World& world, const Card& card);

  // Calls `visit` on each saved card of `customer_id`, oldest first: an index lookup
  // (ordinal_index.h), not a walk over every customer's cards. `visit` must not add or delete
  // cards.
  static void ForEachCardOf(World& world, absl::string_view customer_id,
                            absl::FunctionRef<void(const Card&)> visit);
  // The index of saved cards by customer (for Store::ListAt), built first if this world has
  // not built it.
  static const OrdinalIndex& CardsByCustomer(World& world);

  // Calls `visit` on each live customer of the test clock `clock_id`, oldest first: an index
  // lookup, not a walk over every customer. `visit` must not create or delete customers.
  static void ForEachOnClock(World& world, absl::string_view clock_id,
                             absl::FunctionRef<void(const Customer&)> visit);
  // How many live customers the test clock `clock_id` has.
  static int CountOnClock(World& world, absl::string_view clock_id);

  // The next invoice number of `customer_id` (`<invoice_prefix>-<sequence, 4 digits>`), its
  // next_invoice_sequence moved on by one; "" if there is no such customer. No event (UNCERTAIN:
  // Stripe is not known to announce the sequence moving).
  static std::string TakeInvoiceNumber(World& world, const std::string& customer_id);

  // An invoice the customer's `once` discount took an amount off was finalized: the discount
  // is spent (invoice_totals.h). No event.
  static void CountDiscountedInvoice(World& world, const Customer& customer);

  // Sets the reconciliation mode of the customer's cash balance ("automatic" or "manual"; ""
  // goes back to the account's default). No event (UNCERTAIN: Stripe is not known to announce
  // a change of cash balance settings).
  static void SetCashBalanceReconciliationMode(World& world, const Customer& customer,
                                               absl::string_view mode);

  // Its discount is over (invoice_totals.h DiscountEnded): removed (customer.updated,
  // customer.discount.deleted).
  static void EndDiscount(World& world, const Customer& customer);

 private:
  static WriteKey<CustomerLifecycle> Key() { return {}; }
};

}  // namespace internal
}  // namespace paysim

#endif  // PAYSIM_ENGINE_INTERNAL_CUSTOMER_LIFECYCLE_H_
