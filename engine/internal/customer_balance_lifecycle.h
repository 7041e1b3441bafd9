// customer_balance_lifecycle.h (internal): a customer's balance transactions (`cbtx_...`,
// Stripe's customer_balance_transaction), the only writer of them, and the one way the
// engine moves a customer's `balance`.
//
// A transaction has no state: it is recorded once, with the customer's balance after it
// (`ending_balance`), and only its description and metadata change later. Who moves a balance,
// and the type recorded:
//
//   what                                                     type                    links
//   POST /v1/customers/{id}/balance_transactions             adjustment
//   `balance` on customer create (non-zero)                  initial
//   `balance` on customer update (a change)                  adjustment
//   an invoice finalized with a balance or a negative total  applied_to_invoice      invoice
//   that invoice voided (the balance given back)             unapplied_from_invoice  invoice
//   a post_payment credit note's credit_amount (and its void) credit_note            credit_note
//
// Events: none of their own (Stripe has no customer_balance_transaction events); the
// customer's balance moving is announced by customer.updated (previous_attributes: balance,
// and currency when it is set by the first movement).
//
// Currency: a customer's balance is in one currency, its `currency`. The first movement sets
// it when it is unset (UNCERTAIN for balances set on the customer itself, which name no
// currency: paysim takes "usd", the test account's default currency).
//
// REQUIRES (every function taking a World): the world's lock held.
#ifndef PAYSIM_ENGINE_INTERNAL_CUSTOMER_BALANCE_LIFECYCLE_H_
#define PAYSIM_ENGINE_INTERNAL_CUSTOMER_BALANCE_LIFECYCLE_H_

#include <cstdint>
#include <string>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "engine/internal/ordinal_index.h"
#include "engine/internal/world.h"
#include "google/protobuf/map.h"
#include "proto/customer.obj.h"

namespace paysim {
namespace internal {

// The currency of balances set on a customer without one (no currency is given).
inline constexpr absl::string_view kDefaultBalanceCurrency = "usd";

// One movement of a customer's balance, as its transaction records it.
struct BalanceMove {
  int64_t amount = 0;         // negative: a credit
  absl::string_view type;     // "adjustment", "applied_to_invoice", ... (static storage)
  std::string currency;       // "" : the customer's currency, else kDefaultBalanceCurrency
  std::string invoice;        // "" : none
  std::string credit_note;    // "" : none
  std::string description;    // "" : null
  google::protobuf::Map<std::string, std::string> metadata;
};

class CustomerBalanceLifecycle {
 public:
  // The currency a movement in `currency` ("" : unnamed) would be recorded in for `customer`,
  // or invalid_request_error (param currency) if the customer's balance is already in
  // another. Changes nothing.
  static absl::StatusOr<std::string> CheckCurrency(const Customer& customer,
                                                   absl::string_view currency);

  // Moves `customer`'s balance by `move.amount` (customer.updated, its currency set if it had
  // none) and records the transaction; returns it. A zero amount records nothing and returns
  // nullptr. REQUIRES: CheckCurrency accepted move.currency.
  static const CustomerBalanceTransaction* Move(World& world, const Customer& customer,
                                                BalanceMove move);

  // Records a movement the customer's own create or update has already applied (its balance
  // is the ending balance): `initial` or `adjustment`. No event. Nothing for a zero amount.
  static void RecordApplied(World& world, const Customer& customer, int64_t amount,
                            absl::string_view type);

  // Applies an update of description or metadata (already checked). No event.
  static const CustomerBalanceTransaction& Update(World& world,
                                                  const CustomerBalanceTransaction& current,
                                                  const CustomerBalanceTransaction& updated);

  // The index of transactions by customer (for Store::ListAt; ordinal_index.h; a
  // transaction's customer never changes), built first if this world has not built it.
  static const OrdinalIndex& ByCustomer(World& world);

 private:
  static const CustomerBalanceTransaction& Record(World& world, const Customer& customer,
                                                  const BalanceMove& move,
                                                  int64_t ending_balance);
  static WriteKey<CustomerBalanceLifecycle> Key() { return {}; }
};

}  // namespace internal
}  // namespace paysim

#endif  // PAYSIM_ENGINE_INTERNAL_CUSTOMER_BALANCE_LIFECYCLE_H_
