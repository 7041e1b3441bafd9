// Bank debits: the ACH test accounts, the PaymentMethods, the debit's charge.
#include "engine/internal/bank_debits.h"
#include "engine/internal/interned.h"

#include <string>
#include <utility>

#include "absl/strings/str_cat.h"
#include "engine/card_catalog.h"
#include "engine/internal/payment_method_lifecycle.h"
#include "engine/internal/sepa_debit.h"
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
    // PaymentIntents and SetupIntents refuse it at confirmation (bank_account_verification_failed);
    // Checkout completes and the payment fails later with this code (checkout_bank_payment.h).
    {"000666666661", "pm_usBankAccount_failMicrodeposits", BankDebitOutcome::kCannotVerify,
     "payment_method_microdeposit_failed",
     "The microdeposits could not be sent to the customer's bank account."},
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

PaymentMethodUsBankAccount UsBankAccountSection(absl::string_view account_number,
                                                absl::string_view routing_number,
                                                absl::string_view account_holder_type,
                                                absl::string_view account_type) {
  PaymentMethodUsBankAccount section;
  section.set_account_holder_type(
      account_holder_type.empty() ? "individual" : std::string(account_holder_type));
  section.set_account_type(account_type.empty() ? "checking" : std::string(account_type));
  section.set_bank_name(PAYSIM_INTERNED("STRIPE TEST BANK"));
  // One account, one fingerprint (the same deterministic hash as a card number's).
  section.set_fingerprint(CardFingerprint(absl::StrCat(routing_number, "/", account_number)));
  section.set_last4(std::string(account_number.substr(account_number.size() - 4)));
  section.mutable_networks()->set_preferred(PAYSIM_INTERNED("ach"));
  section.mutable_networks()->add_supported(PAYSIM_INTERNED("ach"));
  section.set_routing_number(std::string(routing_number));
  return section;
}

const PaymentMethod& CreateBankAccountPaymentMethod(World& world, const BankTestAccount& account,
                                                    const BillingDetails& billing_details) {
  PaymentMethod pm;
  *pm.mutable_billing_details() = billing_details;
  pm.set_type(PAYSIM_INTERNED("us_bank_account"));
  *pm.mutable_us_bank_account() =
      UsBankAccountSection(account.account_number, kTestRoutingNumber, "", "");
  return PaymentMethodLifecycle::CreateBankAccount(world, std::move(pm), account.account_number,
                                                   kTestRoutingNumber);
}

bool IsBankDebitType(absl::string_view type) {
  return type == "us_bank_account" || type == "sepa_debit";
}

const BankTestAccount* BankTestAccountOf(World& world, const PaymentMethod& pm) {
  absl::string_view number = PaymentMethodLifecycle::BankAccountNumberOf(world, pm);
  if (number.empty()) return nullptr;
  if (pm.type() == "sepa_debit") return &SepaTestAccount(number);
  return FindBankTestAccount(number);
}

absl::StatusOr<const BankTestAccount*> CheckTestBankAccount(const std::string* account_number,
                                                            const std::string* routing_number,
                                                            absl::string_view prefix) {
  const std::string account_param = absl::StrCat(prefix, "[account_number]");
  const std::string routing_param = absl::StrCat(prefix, "[routing_number]");
  if (account_number == nullptr) return ParameterMissing(account_param);
  if (routing_number == nullptr) return ParameterMissing(routing_param);
  if (*routing_number != kTestRoutingNumber) {
    return InvalidRequestError(
        "", routing_param,
        absl::StrCat("Invalid routing number: test bank accounts use ", kTestRoutingNumber, "."));
  }
  const BankTestAccount* account = FindBankTestAccount(*account_number);
  if (account == nullptr) {
    return InvalidRequestError("", account_param,
                               "This is not one of Stripe's test bank account numbers.");
  }
  return account;
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
                      const BankTestAccount& account, const std::string& mandate_id) {
  Charge charge;
  charge.set_id(world.ids().NewId("py_"));
  charge.set_object(PAYSIM_INTERNED("charge"));
  charge.set_amount(pi.amount());
  charge.set_amount_refunded(0);
  *charge.mutable_billing_details() = pm.billing_details();
  ChargeLifecycle::CopyFromIntent(world, pi, &charge);
  ChargeOutcome* outcome = charge.mutable_outcome();
  const bool blocked = account.outcome == BankDebitOutcome::kBlocked;
  outcome->set_risk_level(blocked ? "highest" : "normal");
  outcome->set_risk_score(blocked ? 95 : 10);
  charge.set_payment_intent(pi.id_shared());
  charge.set_payment_method(pm.id_shared());
  PaymentMethodDetails* details = charge.mutable_payment_method_details();
  details->set_type(pm.type());
  if (pm.type() == "sepa_debit") {
    const PaymentMethodSepaDebit& account = pm.sepa_debit();
    ChargeSepaDebitDetails* sepa = details->mutable_sepa_debit();
    if (account.has_bank_code()) sepa->set_bank_code(account.bank_code());
    if (account.has_branch_code()) sepa->set_branch_code(account.branch_code());
    sepa->set_country(account.country());
    sepa->set_fingerprint(account.fingerprint());
    sepa->set_last4(account.last4());
    if (!mandate_id.empty()) sepa->set_mandate(mandate_id);
  } else {
    const PaymentMethodUsBankAccount& account = pm.us_bank_account();
    ChargeUsBankAccountDetails* ach = details->mutable_us_bank_account();
    ach->set_account_holder_type(account.account_holder_type());
    ach->set_account_type(account.account_type());
    ach->set_bank_name(account.bank_name());
    ach->set_fingerprint(account.fingerprint());
    ach->set_last4(account.last4());
    if (!mandate_id.empty()) ach->set_mandate(mandate_id);
    ach->set_routing_number(account.routing_number());
  }
  if (pi.has_receipt_email()) charge.set_receipt_email(pi.receipt_email());
  charge.set_refunded(false);
  if (pi.has_shipping()) *charge.mutable_shipping() = pi.shipping();
  if (pi.has_statement_descriptor()) charge.set_statement_descriptor(pi.statement_descriptor());
  if (pi.has_statement_descriptor_suffix()) {
    charge.set_statement_descriptor_suffix(pi.statement_descriptor_suffix());
  }
  if (pi.has_transfer_group()) charge.set_transfer_group(pi.transfer_group());
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
