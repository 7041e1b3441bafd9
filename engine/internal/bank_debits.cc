// US bank account debits: the test accounts, the PaymentMethod, processing and settlement.
#include "engine/internal/bank_debits.h"
#include "engine/internal/interned.h"

#include <string>
#include <utility>

#include "absl/strings/str_cat.h"
#include "engine/internal/payment_method_lifecycle.h"
#include "engine/statement_descriptor.h"

namespace paysim {
namespace internal {
namespace {

// Stripe's ACH test accounts (stripe_facts 1.6). UNCERTAIN: the failure codes and messages of
// returned debits (Stripe names the outcomes only); paysim uses the ACH return reasons that
// Stripe's error codes list (account_closed, no_account, insufficient_funds,
// debit_not_authorized) and says the rest in its own words.
constexpr BankTestAccount kAccounts[] = {
    {"000123456789", "pm_usBankAccount_success", BankDebitOutcome::kSucceeds, "", ""},
    {"000111111113", "pm_usBankAccount_accountClosed", BankDebitOutcome::kReturned,
     "account_closed", "The customer's bank account has been closed."},
    {"000000004954", "pm_usBankAccount_riskLevelHighest", BankDebitOutcome::kBlocked,
     "payment_method_bank_account_blocked", "Stripe blocked this payment as too risky."},
    {"000111111116", "pm_usBankAccount_noAccount", BankDebitOutcome::kReturned, "no_account",
     "The customer's bank account could not be located."},
    {"000222222227", "pm_usBankAccount_insufficientFunds", BankDebitOutcome::kReturned,
     "insufficient_funds", "The customer's account has insufficient funds to cover this payment."},
    {"000333333335", "pm_usBankAccount_debitNotAuthorized", BankDebitOutcome::kReturned,
     "debit_not_authorized",
     "The customer has notified their bank that this payment was unauthorized."},
    {"000444444440", "pm_usBankAccount_invalidCurrency", BankDebitOutcome::kReturned,
     "invalid_currency", "The customer's bank account cannot accept payments in this currency."},
    {"000666666661", "pm_usBankAccount_failMicrodeposits", BankDebitOutcome::kCannotVerify, "",
     ""},
    // The dispute that follows is not simulated (as for cards): the debit succeeds.
    {"000555555559", "pm_usBankAccount_dispute", BankDebitOutcome::kSucceeds, "", ""},
    {"000000000009", "pm_usBankAccount_processing", BankDebitOutcome::kStaysProcessing, "", ""},
    {"000777777771", "pm_usBankAccount_weeklyLimitExceeded", BankDebitOutcome::kLimitExceeded,
     "charge_exceeds_weekly_limit",
     "This payment exceeds the weekly volume limit for bank debits on this account."},
};

}  // namespace

const BankTestAccount* FindBankTestAccount(absl::string_view account_number) {
  for (const BankTestAccount& account : kAccounts) {
    if (account.account_number == account_number) return &account;
  }
  return nullptr;
}

const BankTestAccount* FindBankTestAccountByAlias(absl::string_view alias) {
  for (const BankTestAccount& account : kAccounts) {
    if (account.alias == alias) return &account;
  }
  return nullptr;
}

const PaymentMethod& CreateBankAccountPaymentMethod(World& world, const BankTestAccount& account,
                                                    const BillingDetails& billing_details) {
  return PaymentMethodLifecycle::CreateBankAccount(world, account.account_number,
                                                   kTestRoutingNumber, billing_details);
}

const BankTestAccount* BankTestAccountOf(World& world, const PaymentMethod& pm) {
  absl::string_view number = PaymentMethodLifecycle::BankAccountNumberOf(world, pm);
  return number.empty() ? nullptr : FindBankTestAccount(number);
}

bool RefusedAtOnce(const BankTestAccount& account) {
  return account.outcome == BankDebitOutcome::kBlocked ||
         account.outcome == BankDebitOutcome::kLimitExceeded;
}

DebitFailure FailureOf(const BankTestAccount& account) {
  return DebitFailure{account.failure_code, account.failure_message};
}

StripeError DebitError(const BankTestAccount& account, const std::string& pm_id) {
  StripeError error;
  error.set_type(PAYSIM_INTERNED("invalid_request_error"));
  error.set_code(Interned(account.failure_code));
  error.set_doc_url(ErrorDocUrl(account.failure_code));
  error.set_message(Interned(account.failure_message));
  error.set_payment_method(pm_id);
  return error;
}

Charge NewDebitCharge(World& world, const PaymentIntent& pi, const PaymentMethod& pm,
                      const BankTestAccount& account) {
  Charge charge;
  charge.set_id(world.ids().NewId("py_"));
  charge.set_object(PAYSIM_INTERNED("charge"));
  charge.set_amount(pi.amount());
  charge.set_amount_refunded(0);
  *charge.mutable_billing_details() = pm.billing_details();
  charge.set_calculated_statement_descriptor(
      CalculatedStatementDescriptor(world.options().statement_descriptor,
                                    world.options().statement_descriptor_prefix,
                                    pi.statement_descriptor_suffix()));
  charge.set_created(world.created());
  charge.set_currency(pi.currency());
  if (pi.has_customer()) charge.set_customer(pi.customer());
  if (pi.has_description()) charge.set_description(pi.description());
  charge.set_disputed(false);
  charge.set_livemode(false);
  *charge.mutable_metadata() = pi.metadata();
  ChargeOutcome* outcome = charge.mutable_outcome();
  const bool blocked = account.outcome == BankDebitOutcome::kBlocked;
  outcome->set_risk_level(blocked ? "highest" : "normal");
  outcome->set_risk_score(blocked ? 95 : 10);
  charge.set_payment_intent(pi.id());
  charge.set_payment_method(pm.id());
  charge.mutable_payment_method_details()->set_type(PAYSIM_INTERNED("us_bank_account"));
  if (pi.has_receipt_email()) charge.set_receipt_email(pi.receipt_email());
  charge.set_refunded(false);
  if (pi.has_shipping()) *charge.mutable_shipping() = pi.shipping();
  if (pi.has_statement_descriptor_suffix()) {
    charge.set_statement_descriptor_suffix(pi.statement_descriptor_suffix());
  }
  if (RefusedAtOnce(account)) {
    outcome->set_network_status(PAYSIM_INTERNED("not_sent_to_network"));
    outcome->set_reason(blocked ? "highest_risk_level" : std::string(account.failure_code));
    outcome->set_seller_message(blocked ? "Stripe blocked this payment as too risky."
                                        : std::string(account.failure_message));
    outcome->set_type(blocked ? "blocked" : "invalid");
  } else {
    outcome->set_network_status(PAYSIM_INTERNED("approved_by_network"));
    outcome->set_seller_message(PAYSIM_INTERNED("Payment complete."));
    outcome->set_type(PAYSIM_INTERNED("authorized"));
  }
  return charge;
}

}  // namespace internal
}  // namespace paysim
