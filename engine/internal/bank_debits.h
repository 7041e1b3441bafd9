// bank_debits.h (internal): US bank account (ACH) debits, the delayed payment method Checkout
// takes: Stripe's test accounts (routing number 110000000), the `us_bank_account`
// PaymentMethod, and a PaymentIntent's processing -> succeeded | requires_payment_method.
//
// The debit itself is a transition of the PaymentIntent (payment_intent_lifecycle.h:
// StartBankDebit, SettleBankDebit) and of its charge (charge_lifecycle.h: SubmitDebit,
// SettleDebit, ReturnDebit); this file knows the accounts and what their charges look like.
// The caller decides when a debit settles (Checkout: kBankDebitSettlementDelay later). The
// account that "stays in processing indefinitely" never settles.
//
// Not modelled: verification (Checkout verifies test accounts at once), disputes (the dispute
// account succeeds), ACH's own fees (the balance transaction takes the card fee).
//
// REQUIRES (every function taking a World): world.mu held.
#ifndef PAYSIM_ENGINE_INTERNAL_BANK_DEBITS_H_
#define PAYSIM_ENGINE_INTERNAL_BANK_DEBITS_H_

#include <string>

#include "absl/strings/string_view.h"
#include "engine/internal/charge_lifecycle.h"
#include "engine/internal/world.h"
#include "engine/stripe_error.h"
#include "proto/charge.obj.h"
#include "proto/payment_intent.obj.h"
#include "proto/payment_method.obj.h"

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
const PaymentMethod& CreateBankAccountPaymentMethod(World& world, const BankTestAccount& account,
                                                    const BillingDetails& billing_details);

// The test account behind a `us_bank_account` PaymentMethod, or nullptr.
const BankTestAccount* BankTestAccountOf(World& world, const PaymentMethod& pm);

// The charge (`py_...`) of debiting `pm` (of `account`) for the intent, not yet stored: its
// amounts, details and outcome (blocked or refused accounts: not sent to the network).
Charge NewDebitCharge(World& world, const PaymentIntent& pi, const PaymentMethod& pm,
                      const BankTestAccount& account);

// True if the account refuses the debit at once (Radar's highest risk, the weekly limit).
bool RefusedAtOnce(const BankTestAccount& account);

// The failure code and message a failed debit of `account` carries.
DebitFailure FailureOf(const BankTestAccount& account);

// What the intent keeps in last_payment_error when a debit of `account` fails.
StripeError DebitError(const BankTestAccount& account, const std::string& pm_id);

}  // namespace internal
}  // namespace paysim

#endif  // PAYSIM_ENGINE_INTERNAL_BANK_DEBITS_H_
