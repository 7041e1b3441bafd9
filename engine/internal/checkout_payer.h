// checkout_payer.h (internal): what the simulated customer pays with on the Checkout page
// (checkout_page.cc's Pay): the payment method entered or chosen (a saved card, a test card, a
// test bank account, a bank debit typed in), and the email, name, billing and shipping
// addresses entered, checked against what the session offers and collects; then the Customer,
// billing details and shipping those make.
//
// Thread safety: called under the world's lock.
#ifndef PAYSIM_ENGINE_INTERNAL_CHECKOUT_PAYER_H_
#define PAYSIM_ENGINE_INTERNAL_CHECKOUT_PAYER_H_

#include "absl/status/statusor.h"
#include "engine/card_catalog.h"
#include "engine/checkout_page.h"
#include "engine/internal/bank_debits.h"
#include "engine/internal/world.h"

namespace paysim {
namespace internal {

struct CheckoutPayer {
  // A saved card, a test card to mint, a test bank account, or a bank debit PaymentMethod
  // made from the account the customer typed (saved and bank both set).
  const PaymentMethod* saved = nullptr;
  const TestCard* test_card = nullptr;
  const internal::BankTestAccount* bank = nullptr;
  // Set once, shared by the Customer, PaymentMethod and session fields they go into.
  obj::SharedString email;
  obj::SharedString name;
  Address billing_address;
  bool has_billing_address = false;
  CheckoutShippingDetails shipping;
  bool has_shipping = false;
};

// The payer of `p` on session `s`, or Stripe's error naming the offending param (a payment
// method the session does not offer, a wallet with a bank account, a missing or incomplete
// address the session collects, ...). Creates nothing.
absl::StatusOr<CheckoutPayer> ResolveCheckoutPayer(World& w, const CheckoutSession& s,
                                                 const CheckoutPayParams& p);

// What the customer entered as shipping, as the params of the intent's confirmation.
ShippingParams ShippingParamsOf(const CheckoutShippingDetails& entered);

// A new Customer from what the customer entered (as customers.cc creates one), stored.
const Customer& CreateCheckoutCustomer(World& w, const CheckoutPayer& payer);

// The billing details the customer entered (email, name, address).
BillingDetails EnteredBillingDetails(const CheckoutPayer& payer);

}  // namespace internal
}  // namespace paysim

#endif  // PAYSIM_ENGINE_INTERNAL_CHECKOUT_PAYER_H_
