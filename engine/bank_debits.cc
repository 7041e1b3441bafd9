// US bank account debits: the test accounts, the PaymentMethod, processing and settlement.
#include "engine/bank_debits.h"

#include <string>
#include <utility>

#include "absl/strings/str_cat.h"
#include "engine/operations.h"
#include "engine/params_util.h"
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

// What the intent keeps in last_payment_error when a debit fails.
StripeError DebitError(const BankTestAccount& account, const std::string& pm_id) {
  StripeError error;
  error.set_type("invalid_request_error");
  error.set_code(std::string(account.failure_code));
  error.set_doc_url(ErrorDocUrl(account.failure_code));
  error.set_message(std::string(account.failure_message));
  error.set_payment_method(pm_id);
  return error;
}

// The intent goes back to requires_payment_method with the failed charge's error.
void FailIntent(World& world, PaymentIntent& pi, const BankTestAccount& account) {
  *pi.mutable_last_payment_error() = DebitError(account, pi.payment_method());
  pi.set_status("requires_payment_method");
  pi.clear_payment_method();
  world.Emit("payment_intent.payment_failed", pi);
}

void FailCharge(Charge& charge, const BankTestAccount& account) {
  charge.set_status("failed");
  charge.set_paid(false);
  charge.set_failure_code(std::string(account.failure_code));
  charge.set_failure_message(std::string(account.failure_message));
}

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

PaymentMethod& CreateBankAccountPaymentMethod(World& world, const BankTestAccount& account,
                                              const BillingDetails& billing_details) {
  PaymentMethod pm;
  pm.set_id(world.ids.NewId("pm_"));
  pm.set_object("payment_method");
  pm.set_allow_redisplay("unspecified");
  *pm.mutable_billing_details() = billing_details;
  pm.mutable_billing_details()->mutable_address();  // always present
  pm.set_created(world.created());
  pm.set_livemode(false);
  pm.set_type("us_bank_account");
  PaymentMethod& stored = world.payment_methods.Insert(std::move(pm));
  UsBankAccount details;
  details.set_id(stored.id());
  details.set_account_number(std::string(account.account_number));
  details.set_routing_number(std::string(kTestRoutingNumber));
  world.us_bank_accounts.Insert(std::move(details));
  return stored;
}

const BankTestAccount* BankTestAccountOf(World& world, const PaymentMethod& pm) {
  const UsBankAccount* details = world.us_bank_accounts.Find(pm.id());
  return details == nullptr ? nullptr : FindBankTestAccount(details->account_number());
}

bool StartBankDebit(World& world, PaymentIntent& pi, PaymentMethod& pm,
                    const BankTestAccount& account) {
  Charge charge;
  charge.set_id(world.ids.NewId("py_"));
  charge.set_object("charge");
  charge.set_amount(pi.amount());
  charge.set_amount_captured(pi.amount());
  charge.set_amount_refunded(0);
  *charge.mutable_billing_details() = pm.billing_details();
  charge.set_calculated_statement_descriptor(
      CalculatedStatementDescriptor(world.options.statement_descriptor,
                                    world.options.statement_descriptor_prefix,
                                    pi.statement_descriptor_suffix()));
  charge.set_captured(true);  // a bank debit has no separate authorization
  charge.set_created(world.created());
  charge.set_currency(pi.currency());
  if (pi.has_customer()) charge.set_customer(pi.customer());
  if (pi.has_description()) charge.set_description(pi.description());
  charge.set_disputed(false);
  charge.set_livemode(false);
  *charge.mutable_metadata() = pi.metadata();
  ChargeOutcome* outcome = charge.mutable_outcome();
  outcome->set_risk_level(account.outcome == BankDebitOutcome::kBlocked ? "highest" : "normal");
  outcome->set_risk_score(account.outcome == BankDebitOutcome::kBlocked ? 95 : 10);
  charge.set_paid(false);
  charge.set_payment_intent(pi.id());
  charge.set_payment_method(pm.id());
  charge.mutable_payment_method_details()->set_type("us_bank_account");
  if (pi.has_receipt_email()) charge.set_receipt_email(pi.receipt_email());
  charge.set_refunded(false);
  if (pi.has_statement_descriptor_suffix()) {
    charge.set_statement_descriptor_suffix(pi.statement_descriptor_suffix());
  }
  pi.set_payment_method(pm.id());
  pi.clear_last_payment_error();
  pi.clear_next_action();  // a card's 3D Secure challenge, if the customer switched
  pi.set_three_d_secure_authenticated(false);

  if (account.outcome == BankDebitOutcome::kBlocked ||
      account.outcome == BankDebitOutcome::kLimitExceeded) {
    const bool blocked = account.outcome == BankDebitOutcome::kBlocked;
    outcome->set_network_status("not_sent_to_network");
    outcome->set_reason(blocked ? "highest_risk_level" : std::string(account.failure_code));
    outcome->set_seller_message(blocked ? "Stripe blocked this payment as too risky."
                                        : std::string(account.failure_message));
    outcome->set_type(blocked ? "blocked" : "invalid");
    charge.set_captured(false);
    charge.set_amount_captured(0);
    FailCharge(charge, account);
    Charge& stored = world.charges.Insert(std::move(charge));
    pi.set_latest_charge(stored.id());
    world.Emit("charge.failed", stored);
    FailIntent(world, pi, account);
    return false;
  }
  outcome->set_network_status("approved_by_network");
  outcome->set_seller_message("Payment complete.");
  outcome->set_type("authorized");
  charge.set_status("pending");
  Charge& stored = world.charges.Insert(std::move(charge));
  pi.set_latest_charge(stored.id());
  pi.set_status("processing");
  world.Emit("charge.pending", stored);
  world.Emit("payment_intent.processing", pi);
  return true;
}

bool SettleBankDebit(World& world, PaymentIntent& pi) {
  Charge* charge = world.charges.Find(pi.latest_charge());
  PaymentMethod* pm = world.payment_methods.Find(pi.payment_method());
  const BankTestAccount* account = pm == nullptr ? nullptr : BankTestAccountOf(world, *pm);
  if (charge == nullptr || account == nullptr) return false;  // not a bank debit
  if (account->outcome == BankDebitOutcome::kReturned) {
    FailCharge(*charge, *account);
    world.Emit("charge.failed", *charge);
    FailIntent(world, pi, *account);
    return false;
  }
  charge->set_status("succeeded");
  charge->set_paid(true);
  charge->set_balance_transaction(
      RecordChargeTransaction(world, *charge, charge->amount(), /*bypass_pending=*/false).id());
  world.Emit("charge.succeeded", *charge);
  pi.set_status("succeeded");
  pi.set_amount_received(pi.amount());
  // As for cards (payment_intents.cc): a saved payment method is attached before the intent's
  // success event.
  if (pi.has_setup_future_usage() && pi.has_customer() && !pm->has_customer()) {
    AttachPaymentMethod(world, *pm, pi.customer());
  }
  world.Emit("payment_intent.succeeded", pi);
  return true;
}

}  // namespace internal
}  // namespace paysim
