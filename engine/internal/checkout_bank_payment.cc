// The bank account a Checkout customer pays with.
#include "engine/internal/checkout_bank_payment.h"

#include <utility>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "engine/internal/interned.h"
#include "engine/internal/mandate_lifecycle.h"
#include "engine/internal/payment_method_lifecycle.h"
#include "engine/internal/setup_intent_lifecycle.h"
#include "engine/internal/status_macros.h"
#include "engine/stripe_error.h"

namespace paysim {
namespace internal {

bool IsCheckoutAchTestAccount(const CheckoutPayParams& p) {
  return p.has_us_bank_account() || absl::StartsWith(p.payment_method(), "pm_usBankAccount_");
}

absl::StatusOr<const BankTestAccount*> ResolveCheckoutAchTestAccount(const CheckoutPayParams& p,
                                                                     bool setup) {
  const BankTestAccount* account = nullptr;
  if (p.has_payment_method()) {
    if (p.has_us_bank_account()) {
      return InvalidRequestError(
          "", "payment_method",
          "You may only specify one of these parameters: payment_method, us_bank_account.");
    }
    account = FindBankTestAccountByAlias(p.payment_method());
    if (account == nullptr) {
      return ResourceMissing("PaymentMethod", p.payment_method(), "payment_method");
    }
  } else {
    const CheckoutBankAccountParams& bank = p.us_bank_account();
    PAYSIM_ASSIGN_OR_RETURN(
        account, CheckTestBankAccount(bank.has_account_number() ? &bank.account_number() : nullptr,
                                      bank.has_routing_number() ? &bank.routing_number() : nullptr,
                                      "us_bank_account"));
  }
  if (setup && account->outcome == BankDebitOutcome::kCannotVerify) {
    // UNCERTAIN: in setup mode Checkout verifies the account before the session completes;
    // this account fails its microdeposits.
    return InvalidRequestError("", p.has_payment_method() ? "payment_method" : "us_bank_account",
                               "The bank account could not be verified: its microdeposits "
                               "failed.");
  }
  return account;
}

const PaymentMethod* EnteredBankPaymentMethod(World& world, const CheckoutPayParams& p) {
  if (!p.has_payment_method() || IsCheckoutAchTestAccount(p)) return nullptr;
  const PaymentMethod* pm = world.payment_methods().Find(p.payment_method());
  return pm != nullptr && IsBankDebitType(pm->type()) ? pm : nullptr;
}

absl::StatusOr<const BankTestAccount*> ResolveEnteredBankAccount(
    World& world, const PaymentMethod& pm, const std::string& session_customer) {
  PAYSIM_RETURN_IF_ERROR(
      PaymentMethodLifecycle::FindUsable(world, pm.id(), "payment_method").status());
  if (pm.has_customer() && pm.customer() != session_customer) {
    // UNCERTAIN (wording).
    return InvalidRequestError(
        "", "payment_method",
        absl::StrCat("The PaymentMethod ", pm.id(), " belongs to another customer."));
  }
  const BankTestAccount* account = BankTestAccountOf(world, pm);
  if (account == nullptr) {
    return ResourceMissing("PaymentMethod", pm.id(), "payment_method");
  }
  return account;
}

MandateCustomerAcceptance CheckoutMandateAcceptance(World& world) {
  MandateCustomerAcceptance acceptance;
  acceptance.set_accepted_at(world.created());
  acceptance.set_type(PAYSIM_INTERNED("online"));
  acceptance.mutable_online();
  return acceptance;
}

const Mandate& AcceptCheckoutMandate(World& world, const PaymentIntent& pi,
                                     const PaymentMethod& pm) {
  const MandateLifecycle::SingleUse single_use{pi.amount(), pi.currency()};
  return MandateLifecycle::Create(world, pm, CheckoutMandateAcceptance(world),
                                  pi.has_setup_future_usage() ? nullptr : &single_use);
}

bool SetUpCheckoutBankAccount(World& world, const SetupIntent& si, const PaymentMethod& pm) {
  SetupIntentLifecycle::MandateChoice mandate;
  mandate.acceptance = CheckoutMandateAcceptance(world);
  // A failure shows on the intent (last_setup_error), which the page shows.
  SetupIntentLifecycle::Confirm(world, si, pm.id(), /*return_url=*/nullptr, mandate)
      .IgnoreError();
  const SetupIntent* after = world.setup_intents().Find(si.id());
  return after != nullptr && SetupIntentLifecycle::StateOf(*after) == SetupIntentState::kSucceeded;
}

}  // namespace internal
}  // namespace paysim
