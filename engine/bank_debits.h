// bank_debits.h (internal): US bank account (ACH) debits, the delayed payment method Checkout
// takes: Stripe's test accounts (routing number 110000000), the `us_bank_account`
// PaymentMethod, and a PaymentIntent's processing -> succeeded | requires_payment_method.
//
//   StartBankDebit     PaymentIntent requires_payment_method -> processing, with a pending
//                      Charge (`py_...`): charge.pending, payment_intent.processing. Accounts
//                      that fail at once (Radar's highest risk, the weekly limit) -> a failed
//                      Charge and requires_payment_method: charge.failed,
//                      payment_intent.payment_failed.
//   SettleBankDebit    processing -> succeeded (charge.succeeded with its balance transaction,
//                      payment_intent.succeeded) or, for the accounts the bank returns,
//                      requires_payment_method with last_payment_error (charge.failed,
//                      payment_intent.payment_failed).
//
// The caller decides when a debit settles (Checkout: kBankDebitSettlementDelay later). The
// account that "stays in processing indefinitely" never settles.
//
// Not modelled: verification (Checkout verifies test accounts at once), disputes (the dispute
// account succeeds), ACH's own fees (the balance transaction takes the card fee).
//
// REQUIRES (every function taking a World): world.mu held.
#ifndef PAYSIM_ENGINE_BANK_DEBITS_H_
#define PAYSIM_ENGINE_BANK_DEBITS_H_

#include "absl/strings/string_view.h"
#include "engine/world.h"

namespace paysim {
namespace internal {

inline constexpr absl::string_view kTestRoutingNumber = "110000000";

enum class BankDebitOutcome {
  kSucceeds,          // settles
  kReturned,          // the bank returns the debit when it settles (failure_code below)
  kBlocked,           // Radar blocks it at once
  kLimitExceeded,     // refused at once: the weekly volume limit
  kStaysProcessing,   // never settles
  kCannotVerify,      // microdeposit verification fails: cannot be used
};

struct BankTestAccount {
  absl::string_view account_number;
  absl::string_view alias;  // the `pm_usBankAccount_*` test PaymentMethod
  BankDebitOutcome outcome;
  absl::string_view failure_code;     // for kReturned / kBlocked / kLimitExceeded
  absl::string_view failure_message;
};

// The test account with this number / `pm_usBankAccount_*` alias, or nullptr.
const BankTestAccount* FindBankTestAccount(absl::string_view account_number);
const BankTestAccount* FindBankTestAccountByAlias(absl::string_view alias);

// A new `us_bank_account` PaymentMethod for `account` with `billing_details`.
PaymentMethod& CreateBankAccountPaymentMethod(World& world, const BankTestAccount& account,
                                              const BillingDetails& billing_details);

// The test account behind a `us_bank_account` PaymentMethod, or nullptr.
const BankTestAccount* BankTestAccountOf(World& world, const PaymentMethod& pm);

// Debits `pm` (`account`) for the intent's amount. True if the intent is now processing;
// false if the account failed at once (the intent is back to requires_payment_method).
bool StartBankDebit(World& world, PaymentIntent& pi, PaymentMethod& pm,
                    const BankTestAccount& account);

// Settles the processing intent `pi`. True if it succeeded. REQUIRES: pi is processing.
bool SettleBankDebit(World& world, PaymentIntent& pi);

}  // namespace internal
}  // namespace paysim

#endif  // PAYSIM_ENGINE_BANK_DEBITS_H_
