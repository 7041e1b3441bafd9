// checkout_bank_payment.h (internal): what a customer on the Checkout page pays a bank debit
// with: an ACH test account (its `pm_usBankAccount_*` alias or its numbers), or a bank debit
// PaymentMethod the page made from the account the customer typed (as Stripe.js makes a
// `sepa_debit` PaymentMethod from an IBAN; Stripe's CLI fixtures do the same with
// POST /v1/payment_methods before confirming the page).
//
// REQUIRES (every function taking a World): the world's lock held.
#ifndef PAYSIM_ENGINE_INTERNAL_CHECKOUT_BANK_PAYMENT_H_
#define PAYSIM_ENGINE_INTERNAL_CHECKOUT_BANK_PAYMENT_H_

#include "absl/status/statusor.h"
#include "engine/internal/bank_debits.h"
#include "engine/internal/world.h"
#include "proto/mandate.obj.h"
#include "proto/params.pb.h"
#include "proto/payment_intent.obj.h"
#include "proto/payment_method.obj.h"

namespace paysim {
namespace internal {

// True if the customer pays with an ACH test account (alias or numbers).
bool IsCheckoutAchTestAccount(const CheckoutPayParams& p);

// The ACH test account the customer gave, checked (one usable in Checkout). In payment mode the
// account whose microdeposits fail is accepted: its payment fails later (the settlement,
// PaymentIntentLifecycle::SettleBankDebit, payment_method_microdeposit_failed); in setup mode
// (`setup`) it is refused at once.
absl::StatusOr<const BankTestAccount*> ResolveCheckoutAchTestAccount(const CheckoutPayParams& p,
                                                                     bool setup);

// The bank debit PaymentMethod (`sepa_debit`, `us_bank_account`) named by `payment_method`,
// or nullptr when it names none (a card, an alias, an unknown id).
const PaymentMethod* EnteredBankPaymentMethod(World& world, const CheckoutPayParams& p);

// The test account behind `pm` (EnteredBankPaymentMethod's), checked: not detached, not
// another customer's (`session_customer`: the session's, may be empty).
absl::StatusOr<const BankTestAccount*> ResolveEnteredBankAccount(
    World& world, const PaymentMethod& pm, const std::string& session_customer);

// The customer's acceptance of a mandate on the page, now: online. UNCERTAIN: the customer's
// ip_address and user_agent, which Stripe records from the browser; paysim has no browser and
// leaves them null.
MandateCustomerAcceptance CheckoutMandateAcceptance(World& world);

// The mandate the customer accepts on the page when paying `pi` by debiting `pm`: online,
// multi-use when the payment saves the PaymentMethod (setup_future_usage), else single-use for
// the payment.
const Mandate& AcceptCheckoutMandate(World& world, const PaymentIntent& pi,
                                     const PaymentMethod& pm);

// Setup mode: the customer saves the bank account `pm` on the page, accepting a multi-use
// mandate online. The session's SetupIntent `si` is confirmed through its lifecycle
// (setup_intent_lifecycle.h): it succeeds with the new mandate, `pm` attached to its customer
// (if any), or fails (the accounts that cannot be verified or are blocked:
// setup_intent.setup_failed, last_setup_error) as a SetupIntent confirmed through the API
// does. True if it succeeded.
bool SetUpCheckoutBankAccount(World& world, const SetupIntent& si, const PaymentMethod& pm);

}  // namespace internal
}  // namespace paysim

#endif  // PAYSIM_ENGINE_INTERNAL_CHECKOUT_BANK_PAYMENT_H_
