// customer_balance_transactions.h: a customer's balance transactions (`cbtx_...`), Stripe's
// /v1/customers/{customer}/balance_transactions.
//
// Each customer has a `balance` (customers.h): a debit (positive) or credit (negative) that
// the next invoice finalized applies. Every movement of it is a transaction recording the
// amount and the balance after it (`ending_balance`): those made here (`adjustment`), the
// balance given on customer create (`initial`) or changed on update (`adjustment`), an
// invoice's finalization applying it (`applied_to_invoice`) and its void giving it back
// (`unapplied_from_invoice`), a paid invoice's credit note crediting it (`credit_note`).
// engine/internal/customer_balance_lifecycle.h owns them.
//
// A balance is in one currency, the customer's `currency`: the first movement sets it, and a
// transaction in another is refused.
//
// Example:
//   CustomerBalanceTransactionCreateParams params;
//   params.set_amount(-500);  // a credit of $5.00
//   params.set_currency("usd");
//   absl::StatusOr<CustomerBalanceTransaction> credit =
//       engine.customer_balance_transactions().Create(customer_id, params);
//   // the customer's balance is 500 lower; customer.updated (previous_attributes: balance)
//
// Errors (invalid_request_error; a refused call changes nothing):
//   - an unknown or deleted customer: 404 resource_missing (param id, as the customer's other
//     nested routes answer; UNCERTAIN);
//   - amount or currency missing: parameter_missing; amount 0 (param amount); an unsupported
//     currency, or one other than the customer's (param currency); metadata beyond Stripe's
//     limits (param metadata);
//   - a transaction id that is unknown or another customer's: 404 resource_missing (param id).
// Events: none of the transaction's own (Stripe has none); customer.updated for the balance.
//
// Thread safety: thread-safe.
#ifndef PAYSIM_ENGINE_CUSTOMER_BALANCE_TRANSACTIONS_H_
#define PAYSIM_ENGINE_CUSTOMER_BALANCE_TRANSACTIONS_H_

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "engine/list.h"
#include "engine/request_options.h"
#include "proto/customer.obj.h"
#include "proto/params.pb.h"

namespace paysim {
namespace internal {
class World;
}  // namespace internal

class CustomerBalanceTransactionService {
 public:
  explicit CustomerBalanceTransactionService(internal::World* world) : world_(world) {}

  // Create()
  //
  // Adds `params.amount` (non-zero; negative: a credit) to `customer`'s balance and records
  // it as an `adjustment` with the description and metadata given. Returns the transaction.
  absl::StatusOr<CustomerBalanceTransaction> Create(
      absl::string_view customer, const CustomerBalanceTransactionCreateParams& params,
      const RequestOptions& options = {});

  // Retrieve()
  //
  // The customer's transaction `id`.
  absl::StatusOr<CustomerBalanceTransaction> Retrieve(absl::string_view customer,
                                                      absl::string_view id,
                                                      const RequestOptions& options = {});

  // Update()
  //
  // Changes the description ("" unsets it) and metadata (an empty value removes that key);
  // nothing else can change. No event.
  absl::StatusOr<CustomerBalanceTransaction> Update(
      absl::string_view customer, absl::string_view id,
      const CustomerBalanceTransactionUpdateParams& params, const RequestOptions& options = {});

  // List()
  //
  // The customer's transactions, newest first (limit, starting_after, ending_before).
  absl::StatusOr<ListResult<CustomerBalanceTransaction>> List(
      absl::string_view customer, const CustomerBalanceTransactionListParams& params,
      const RequestOptions& options = {});

 private:
  internal::World* world_;
};

}  // namespace paysim

#endif  // PAYSIM_ENGINE_CUSTOMER_BALANCE_TRANSACTIONS_H_
