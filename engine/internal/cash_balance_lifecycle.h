// cash_balance_lifecycle.h (internal): customers' cash balances (Stripe's cash_balance) and
// their transactions (`ccsbtxn_...`, customer_cash_balance_transaction), the only writer of
// them.
//
// A customer's cash balance holds, per currency, the bank transfers received and not yet
// applied to a payment. A transaction has no state: it is recorded once with the balance in its
// currency after it (`ending_balance`).
//
//   what                                                     type                 event
//   a bank transfer arrives (test helper fund_cash_balance)  funded               customer_cash_balance_transaction.created
//   the balance pays (part of) a customer_balance payment    applied_to_payment   customer_cash_balance_transaction.created
//
// The cash balance itself (Stripe's cash_balance object: `available` by currency and
// `settings`) has no id and is never stored: Of() makes it from the transactions and the
// customer's reconciliation mode (customer_lifecycle.h stores it on the customer).
//
// Reconciliation is automatic by default (the account's default, `settings.reconciliation_mode`
// automatic): funds arriving are applied at once to the customer's PaymentIntents waiting for a
// bank transfer in that currency, oldest first (payment_intent_lifecycle.h: ApplyCashBalance).
// In manual mode funds arriving stay in the cash balance; a PaymentIntent confirmed with it
// takes from it as in automatic mode (PayWithCashBalance).
//
//   what                                                     event
//   funds arrive, automatic mode, some remain after applying cash_balance.funds_available
//   funds arrive, manual mode                                cash_balance.funds_available
//
// REQUIRES (every function taking a World): the world's lock held.
#ifndef PAYSIM_ENGINE_INTERNAL_CASH_BALANCE_LIFECYCLE_H_
#define PAYSIM_ENGINE_INTERNAL_CASH_BALANCE_LIFECYCLE_H_

#include <cstdint>
#include <map>
#include <string>

#include "absl/strings/string_view.h"
#include "engine/internal/world.h"
#include "proto/customer.obj.h"

namespace paysim {
namespace internal {

class CashBalanceLifecycle {
 public:
  // The customer's cash balance in `currency` (0 if it never had one).
  static int64_t Available(World& world, absl::string_view customer, absl::string_view currency);

  // The customer's cash balance in every currency it has held, by currency.
  static std::map<std::string, int64_t> AvailableByCurrency(World& world,
                                                            absl::string_view customer);

  // The customer's cash balance object (Stripe's cash_balance).
  static CashBalance Of(World& world, const Customer& customer);

  // "automatic" or "manual": the customer's own mode, else the account's default (automatic).
  static absl::string_view ReconciliationMode(const Customer& customer);

  // A bank transfer of `amount` (> 0, checked) in `currency` arrives: records a `funded`
  // transaction (bank_transfer type from the currency, `reference` or a generated one), emits
  // customer_cash_balance_transaction.created, then (automatic mode) applies the balance to the
  // customer's waiting PaymentIntents in that currency, then emits
  // cash_balance.funds_available as the table above says. Returns the `funded` transaction.
  static const CustomerCashBalanceTransaction& Fund(World& world, const Customer& customer,
                                                    int64_t amount, absl::string_view currency,
                                                    absl::string_view reference);

  // Records `amount` (> 0) of the customer's cash balance paying `payment_intent`
  // (`applied_to_payment`, net_amount -amount) and emits its created event.
  // REQUIRES: Available(customer, currency) >= amount.
  static const CustomerCashBalanceTransaction& ApplyToPayment(World& world,
                                                              absl::string_view customer,
                                                              absl::string_view currency,
                                                              int64_t amount,
                                                              absl::string_view payment_intent);

  // The bank transfer type that funds a balance in `currency` (usd: us_bank_transfer, eur:
  // eu_bank_transfer, gbp: gb_bank_transfer, jpy: jp_bank_transfer, mxn: mx_bank_transfer),
  // or "" for a currency bank transfers do not fund.
  static absl::string_view BankTransferTypeFor(absl::string_view currency);

  // The index of transactions by customer, oldest first (for Store::ListAt; ordinal_index.h; a
  // transaction's customer never changes), built first if this world has not built it.
  static const OrdinalIndex& ByCustomer(World& world);

 private:
  // Automatic reconciliation: applies the balance in `currency` to the customer's waiting
  // PaymentIntents in that currency, oldest first, while some remains.
  static void Reconcile(World& world, const std::string& customer, absl::string_view currency);
  static const CustomerCashBalanceTransaction& Record(World& world,
                                                      CustomerCashBalanceTransaction transaction);
  static WriteKey<CashBalanceLifecycle> Key() { return {}; }
};

}  // namespace internal
}  // namespace paysim

#endif  // PAYSIM_ENGINE_INTERNAL_CASH_BALANCE_LIFECYCLE_H_
