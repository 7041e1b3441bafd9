// A PaymentIntent paid from the customer's cash balance (customer_balance): the confirmation,
// the bank transfer instructions it waits with, and the funds applied as they arrive. Each
// outcome is a row of the table in payment_intent_lifecycle.cc, entered through Enter.
#include <algorithm>
#include <string>
#include <utility>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "engine/internal/cash_balance_lifecycle.h"
#include "engine/internal/charge_lifecycle.h"
#include "engine/internal/interned.h"
#include "engine/internal/payment_intent_lifecycle.h"

namespace paysim {
namespace internal {
namespace {

using T = PaymentIntentTrigger;

constexpr absl::string_view kDisplayBankTransferInstructions =
    "display_bank_transfer_instructions";

// The account the customer sends a transfer of `type` to. UNCERTAIN: Stripe shows a virtual
// account of the test bank per customer; paysim shows fixed test details per type.
FinancialAddress AddressFor(absl::string_view type) {
  FinancialAddress address;
  if (type == "us_bank_transfer") {
    address.set_type(PAYSIM_INTERNED("aba"));
    FinancialAddressAba* aba = address.mutable_aba();
    aba->set_account_number(PAYSIM_INTERNED("1234567890"));
    aba->set_bank_name(PAYSIM_INTERNED("STRIPE TEST BANK"));
    aba->set_routing_number(PAYSIM_INTERNED("999999999"));
    address.add_supported_networks(PAYSIM_INTERNED("ach"));
    address.add_supported_networks(PAYSIM_INTERNED("domestic_wire_us"));
  } else if (type == "eu_bank_transfer") {
    address.set_type(PAYSIM_INTERNED("iban"));
    FinancialAddressIban* iban = address.mutable_iban();
    iban->set_account_holder_name(PAYSIM_INTERNED("Stripe Technology Europe Limited"));
    iban->set_bic(PAYSIM_INTERNED("SXPYDEHH"));
    iban->set_country(PAYSIM_INTERNED("DE"));
    iban->set_iban(PAYSIM_INTERNED("DE00000000000000000000"));
    address.add_supported_networks(PAYSIM_INTERNED("sepa"));
  } else if (type == "gb_bank_transfer") {
    address.set_type(PAYSIM_INTERNED("sort_code"));
    FinancialAddressSortCode* sort_code = address.mutable_sort_code();
    sort_code->set_account_holder_name(PAYSIM_INTERNED("Stripe Payments UK Limited"));
    sort_code->set_account_number(PAYSIM_INTERNED("00000000"));
    sort_code->set_sort_code(PAYSIM_INTERNED("000000"));
    address.add_supported_networks(PAYSIM_INTERNED("bacs"));
    address.add_supported_networks(PAYSIM_INTERNED("fps"));
  } else if (type == "mx_bank_transfer") {
    address.set_type(PAYSIM_INTERNED("spei"));
    FinancialAddressSpei* spei = address.mutable_spei();
    spei->set_bank_code(PAYSIM_INTERNED("002"));
    spei->set_bank_name(PAYSIM_INTERNED("BANAMEX"));
    spei->set_clabe(PAYSIM_INTERNED("002000000000000000"));
    address.add_supported_networks(PAYSIM_INTERNED("spei"));
  } else {  // jp_bank_transfer
    address.set_type(PAYSIM_INTERNED("zengin"));
    FinancialAddressZengin* zengin = address.mutable_zengin();
    zengin->set_account_holder_name(PAYSIM_INTERNED("STRIPE JAPAN TEST ACCOUNT"));
    zengin->set_account_number(PAYSIM_INTERNED("0000000"));
    zengin->set_account_type(PAYSIM_INTERNED("futsu"));
    zengin->set_bank_code(PAYSIM_INTERNED("0000"));
    zengin->set_bank_name(PAYSIM_INTERNED("STRIPE TEST BANK"));
    zengin->set_branch_code(PAYSIM_INTERNED("000"));
    zengin->set_branch_name(PAYSIM_INTERNED("TEST BRANCH"));
    address.add_supported_networks(PAYSIM_INTERNED("zengin"));
  }
  return address;
}

// The bank transfer type of the intent's payment_method_options, else the currency's.
std::string TransferTypeOf(const PaymentIntent& pi) {
  const std::string& chosen =
      pi.payment_method_options().customer_balance().bank_transfer().type();
  if (!chosen.empty()) return chosen;
  return std::string(CashBalanceLifecycle::BankTransferTypeFor(pi.currency()));
}

NextAction BankTransferInstructions(World& world, const PaymentIntent& pi) {
  NextAction action;
  action.set_type(std::string(kDisplayBankTransferInstructions));
  DisplayBankTransferInstructions* instructions =
      action.mutable_display_bank_transfer_instructions();
  instructions->set_amount_remaining(pi.amount());
  instructions->set_currency(pi.currency());
  const std::string type = TransferTypeOf(pi);
  *instructions->add_financial_addresses() = AddressFor(type);
  instructions->set_hosted_instructions_url(
      absl::StrCat("https://payments.stripe.com/customer_balance/bank_transfer/",
                   world.ids().RandomString(24)));
  // UNCERTAIN: Stripe's reference format; paysim's is 12 upper-case characters.
  instructions->set_reference(absl::AsciiStrToUpper(world.ids().RandomString(12)));
  instructions->set_type(type);
  return action;
}

// The charge of a payment from the cash balance, not yet stored.
Charge NewCashBalanceCharge(World& world, const PaymentIntent& pi, const PaymentMethod* pm) {
  Charge charge;
  charge.set_id(world.ids().NewId("py_"));
  charge.set_object(PAYSIM_INTERNED("charge"));
  charge.set_amount(pi.amount());
  charge.set_amount_refunded(0);
  if (pm != nullptr) *charge.mutable_billing_details() = pm->billing_details();
  charge.mutable_billing_details()->mutable_address();
  ChargeLifecycle::CopyFromIntent(world, pi, &charge);
  ChargeOutcome* outcome = charge.mutable_outcome();
  outcome->set_network_status(PAYSIM_INTERNED("approved_by_network"));
  outcome->set_risk_level(PAYSIM_INTERNED("normal"));
  outcome->set_risk_score(10);
  outcome->set_seller_message(PAYSIM_INTERNED("Payment complete."));
  outcome->set_type(PAYSIM_INTERNED("authorized"));
  charge.set_payment_intent(pi.id_shared());
  charge.set_payment_method(pi.payment_method());
  PaymentMethodDetails* details = charge.mutable_payment_method_details();
  details->set_type(PAYSIM_INTERNED("customer_balance"));
  details->mutable_customer_balance()->set_present(true);
  if (pi.has_receipt_email()) charge.set_receipt_email(pi.receipt_email());
  charge.set_refunded(false);
  if (pi.has_shipping()) *charge.mutable_shipping() = pi.shipping();
  if (pi.has_statement_descriptor()) charge.set_statement_descriptor(pi.statement_descriptor());
  if (pi.has_statement_descriptor_suffix()) {
    charge.set_statement_descriptor_suffix(pi.statement_descriptor_suffix());
  }
  if (pi.has_transfer_group()) charge.set_transfer_group(pi.transfer_group());
  return charge;
}

}  // namespace

bool PaymentIntentLifecycle::AwaitsBankTransfer(const PaymentIntent& pi) {
  return StateOf(pi) == PaymentIntentState::kRequiresAction &&
         pi.next_action().type() == kDisplayBankTransferInstructions;
}

absl::Status PaymentIntentLifecycle::PayWithCashBalance(World& world, PaymentIntent& pi) {
  pi.clear_next_action();
  pi.set_three_d_secure_authenticated(false);
  const int64_t available =
      CashBalanceLifecycle::Available(world, pi.customer(), pi.currency());
  if (available >= pi.amount()) {
    ApplyFunds(world, pi, pi.amount());
    return absl::OkStatus();
  }
  *pi.mutable_next_action() = BankTransferInstructions(world, pi);
  Enter(world, pi, T::kRequireAction);
  return absl::OkStatus();
}

int64_t PaymentIntentLifecycle::ApplyCashBalance(World& world, const PaymentIntent& current,
                                                 int64_t available) {
  if (!AwaitsBankTransfer(current) || available <= 0) return 0;
  PaymentIntent& pi = Mutable(world, current);
  const int64_t remaining = pi.next_action().display_bank_transfer_instructions().amount_remaining();
  const int64_t applied = std::min(available, remaining);
  ApplyFunds(world, pi, applied);
  return applied;
}

void PaymentIntentLifecycle::ApplyFunds(World& world, PaymentIntent& pi, int64_t amount) {
  CashBalanceLifecycle::ApplyToPayment(world, pi.customer(), pi.currency(), amount, pi.id());
  const int64_t remaining =
      pi.has_next_action()
          ? pi.next_action().display_bank_transfer_instructions().amount_remaining() - amount
          : pi.amount() - amount;
  if (remaining > 0) {
    pi.mutable_next_action()->mutable_display_bank_transfer_instructions()->set_amount_remaining(
        remaining);
    Enter(world, pi, T::kPartiallyFunded);
    return;
  }
  const Charge& charge = ChargeLifecycle::SettleCashBalance(
      world, NewCashBalanceCharge(world, pi, world.payment_methods().Find(pi.payment_method())));
  pi.set_latest_charge(charge.id_shared());
  pi.clear_next_action();
  pi.clear_last_payment_error();
  pi.set_amount_received(pi.amount());
  Enter(world, pi, T::kSucceed);
}

}  // namespace internal
}  // namespace paysim
