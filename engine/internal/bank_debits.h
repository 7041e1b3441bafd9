// bank_debits.h (internal): bank debits, the delayed payment methods: US bank accounts (ACH)
// with Stripe's test accounts (routing number 110000000) and SEPA Direct Debit (IBANs,
// sepa_debit.h); their PaymentMethods, and the charge a PaymentIntent's debit makes.
//
// The debit itself is a transition of the PaymentIntent (payment_intent_lifecycle.h:
// StartBankDebit, SettleBankDebit) and of its charge (charge_lifecycle.h: SubmitDebit,
// SettleDebit, ReturnDebit); this file knows the accounts and what their charges look like.
// A debit settles kBankDebitSettlementDelay after submission, on a timer (Checkout's for a
// session's payment, the PaymentIntent's own otherwise). The accounts that "stay in processing
// indefinitely" never settle.
//
// Verification: test accounts are verified at once, except on an intent that asks for
// microdeposits (setup_intent_lifecycle.h and payment_intent_lifecycle.h: VerifyMicrodeposits).
// Not modelled: disputes (the dispute accounts succeed).
//
// REQUIRES (every function taking a World): world.mu held.
#ifndef PAYSIM_ENGINE_INTERNAL_BANK_DEBITS_H_
#define PAYSIM_ENGINE_INTERNAL_BANK_DEBITS_H_

#include <string>

#include "absl/status/statusor.h"
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

// The `us_bank_account` section of a PaymentMethod for this account: `account_holder_type`
// (default individual), `account_type` (default checking), Stripe's test bank, ACH networks.
PaymentMethodUsBankAccount UsBankAccountSection(absl::string_view account_number,
                                                absl::string_view routing_number,
                                                absl::string_view account_holder_type,
                                                absl::string_view account_type);

// A new `us_bank_account` PaymentMethod for `account` with `billing_details` (Checkout's).
const PaymentMethod& CreateBankAccountPaymentMethod(World& world, const BankTestAccount& account,
                                                    const BillingDetails& billing_details);

// True for the PaymentMethod types paid by bank debit: `us_bank_account`, `sepa_debit`.
bool IsBankDebitType(absl::string_view type);

// The test account behind a bank debit PaymentMethod (ACH account or IBAN), or nullptr.
const BankTestAccount* BankTestAccountOf(World& world, const PaymentMethod& pm);

// The charge (`py_...`) of debiting `pm` (of `account`) for the intent under the Mandate
// `mandate_id` ("" none: null), not yet stored: its amounts, details and outcome (blocked or
// refused accounts: not sent to the network).
Charge NewDebitCharge(World& world, const PaymentIntent& pi, const PaymentMethod& pm,
                      const BankTestAccount& account, const std::string& mandate_id);

// The ACH test account with these numbers, checked: both given, Stripe's test routing number,
// one of the test account numbers (as a real card number is refused in test mode, so is a
// real account number). Errors name `prefix`[account_number] / `prefix`[routing_number].
absl::StatusOr<const BankTestAccount*> CheckTestBankAccount(const std::string* account_number,
                                                            const std::string* routing_number,
                                                            absl::string_view prefix);

// True if the account refuses the debit at once (Radar's highest risk, the weekly limit).
bool RefusedAtOnce(const BankTestAccount& account);

// The failure code and message a failed debit of `account` carries.
DebitFailure FailureOf(const BankTestAccount& account);

// What the intent keeps in last_payment_error when a debit of `account` fails.
StripeError DebitError(const BankTestAccount& account, const std::string& pm_id);

}  // namespace internal
}  // namespace paysim

#endif  // PAYSIM_ENGINE_INTERNAL_BANK_DEBITS_H_
