// cash_balances.h: customers' cash balances, Stripe's customer_balance payment method: bank
// transfers a customer sends are held in its cash balance (per currency) and applied to its
// payments. Stripe's /v1/customers/{customer}/cash_balance (the cash_balance object: available
// by currency, settings), /v1/customers/{customer}/cash_balance_transactions and the test
// helper /v1/test_helpers/customers/{customer}/fund_cash_balance that simulates a transfer
// arriving. engine/internal/cash_balance_lifecycle.h owns the transactions (`ccsbtxn_...`).
//
// Reconciliation is automatic by default (settings.reconciliation_mode automatic, the
// account's default): funds arriving pay the customer's PaymentIntents that wait for a bank
// transfer in that currency (requires_action, next_action display_bank_transfer_instructions),
// oldest first: part of what remains (payment_intent.partially_funded) or all of it
// (payment_intent.succeeded, with a charge). In manual mode funds arriving stay in the cash
// balance (a PaymentIntent confirmed afterwards is paid from it when it covers the amount).
//
// Example:
//   FundCashBalanceParams params;
//   params.set_amount(10000);
//   params.set_currency("jpy");
//   absl::StatusOr<CustomerCashBalanceTransaction> funded =
//       engine.cash_balances().Fund(customer_id, params);
//   // type funded, net_amount 10000; customer_cash_balance_transaction.created
//
// Errors (invalid_request_error; a refused call changes nothing):
//   - an unknown or deleted customer: 404 resource_missing (param id);
//   - amount or currency missing: parameter_missing; amount not positive (param amount); a
//     currency bank transfers do not fund (usd, eur, gbp, jpy, mxn do) (param currency);
//   - a transaction id that is unknown or another customer's: 404 resource_missing (param id);
//   - settings[reconciliation_mode] other than automatic, manual or merchant_default (param
//     settings[reconciliation_mode]).
// Events: customer_cash_balance_transaction.created for each transaction (funded, and
// applied_to_payment for each payment it pays), then the PaymentIntents' own, then
// cash_balance.funds_available (data.object the cash_balance) if some of the funded currency
// remains after automatic reconciliation, or always in manual mode.
//
// Thread safety: thread-safe.
#ifndef PAYSIM_ENGINE_CASH_BALANCES_H_
#define PAYSIM_ENGINE_CASH_BALANCES_H_

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

class CashBalanceService {
 public:
  explicit CashBalanceService(internal::World* world) : world_(world) {}

  // Retrieve()
  //
  // The customer's cash balance (`available` null while it has held none).
  absl::StatusOr<CashBalance> Retrieve(absl::string_view customer,
                                       const RequestOptions& options = {});

  // Update()
  //
  // Sets the cash balance's settings.reconciliation_mode: automatic, manual, or
  // merchant_default (the account's default, automatic; using_merchant_default true). No event.
  absl::StatusOr<CashBalance> Update(absl::string_view customer,
                                     const CashBalanceUpdateParams& params,
                                     const RequestOptions& options = {});

  // Fund()
  //
  // A bank transfer of `params.amount` in `params.currency` (with `params.reference`, else a
  // generated one) reaches `customer`'s cash balance and is applied as the file comment says.
  // Returns the `funded` transaction.
  absl::StatusOr<CustomerCashBalanceTransaction> Fund(absl::string_view customer,
                                                      const FundCashBalanceParams& params,
                                                      const RequestOptions& options = {});

  // RetrieveTransaction()
  //
  // The customer's cash balance transaction `id`.
  absl::StatusOr<CustomerCashBalanceTransaction> RetrieveTransaction(
      absl::string_view customer, absl::string_view id, const RequestOptions& options = {});

  // ListTransactions()
  //
  // The customer's cash balance transactions, newest first (limit, starting_after,
  // ending_before).
  absl::StatusOr<ListResult<CustomerCashBalanceTransaction>> ListTransactions(
      absl::string_view customer, const CashBalanceTransactionListParams& params,
      const RequestOptions& options = {});

 private:
  internal::World* world_;
};

}  // namespace paysim

#endif  // PAYSIM_ENGINE_CASH_BALANCES_H_
