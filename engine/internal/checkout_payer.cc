// What the simulated customer pays with on the Checkout page (checkout_payer.h).
#include "engine/internal/checkout_payer.h"

#include <algorithm>
#include <string>
#include <utility>
#include <vector>

#include "absl/strings/str_cat.h"
#include "engine/internal/checkout_bank_payment.h"
#include "engine/internal/checkout_dynamic_updates.h"
#include "engine/internal/checkout_page_view.h"
#include "engine/internal/customer_lifecycle.h"
#include "engine/internal/intent_common.h"
#include "engine/internal/params_util.h"
#include "engine/internal/payment_method_lifecycle.h"
#include "engine/internal/status_macros.h"
#include "engine/stripe_error.h"

namespace paysim {
namespace internal {
namespace {

// Each part of an address the session requires: a missing one is parameter_missing naming
// `param`[part].
absl::Status CheckCompleteAddress(const Address& a, absl::string_view param) {
  const std::pair<bool, absl::string_view> fields[] = {
      {a.has_line1() && !a.line1().empty(), "line1"},
      {a.has_city() && !a.city().empty(), "city"},
      {a.has_state() && !a.state().empty(), "state"},
      {a.has_postal_code() && !a.postal_code().empty(), "postal_code"},
      {a.has_country() && !a.country().empty(), "country"},
  };
  for (const auto& [present, name] : fields) {
    if (!present) return ParameterMissing(absl::StrCat(param, "[", name, "]"));
  }
  return absl::OkStatus();
}

}  // namespace

absl::StatusOr<CheckoutPayer> ResolveCheckoutPayer(World& w, const CheckoutSession& s,
                                                 const CheckoutPayParams& p) {
  CheckoutPayer payer;
  const std::vector<std::string> offered = CheckoutOfferedPaymentMethods(w, s);
  auto is_offered = [&](absl::string_view type) {
    return std::find(offered.begin(), offered.end(), type) != offered.end();
  };
  const PaymentMethod* entered_bank = EnteredBankPaymentMethod(w, p);
  if (entered_bank != nullptr || IsCheckoutAchTestAccount(p)) {
    const std::string type = entered_bank != nullptr ? entered_bank->type() : "us_bank_account";
    if (!is_offered(type)) {
      return InvalidRequestError("", "payment_method",
                                 absl::StrCat("This Checkout Session does not offer ", type, "."));
    }
    if (p.has_wallet()) {
      return InvalidRequestError("", "wallet", "A wallet pays with a card, not a bank account.");
    }
    if (entered_bank != nullptr) {
      PAYSIM_ASSIGN_OR_RETURN(payer.bank,
                              ResolveEnteredBankAccount(w, *entered_bank, s.customer()));
      payer.saved = entered_bank;
    } else {
      PAYSIM_ASSIGN_OR_RETURN(payer.bank,
                              ResolveCheckoutAchTestAccount(p, s.mode() == "setup"));
    }
  } else {
    if (!p.has_payment_method()) return ParameterMissing("payment_method");
    if (!is_offered("card")) {
      return InvalidRequestError("", "payment_method",
                                 "This Checkout Session does not offer card.");
    }
    if (p.has_wallet()) {
      PAYSIM_RETURN_IF_ERROR(ValidateEnum(p.wallet(), {"apple_pay", "google_pay"}, "wallet"));
      if (!is_offered(p.wallet())) {
        return InvalidRequestError(
            "", "wallet",
            absl::StrCat(p.wallet() == "apple_pay" ? "Apple Pay" : "Google Pay",
                         " is not offered on this Checkout Session."));
      }
    }
    if (absl::StartsWith(p.payment_method(), "pm_card_")) {
      payer.test_card = FindTestCardByAlias(p.payment_method());
      if (payer.test_card == nullptr) {
        return ResourceMissing("PaymentMethod", p.payment_method(), "payment_method");
      }
    } else {
      PAYSIM_ASSIGN_OR_RETURN(payer.saved, PaymentMethodLifecycle::FindUsable(
                                               w, p.payment_method(), "payment_method"));
      // A card PaymentMethod attached to no customer is one the page made from the details
      // the customer typed (as Stripe.js does on the hosted page). Otherwise only the saved
      // cards the page shows can be picked. UNCERTAIN (wording).
      const bool entered_on_page =
          !payer.saved->has_customer() && payer.saved->type() == "card";
      if (!entered_on_page && (!s.has_customer() || !IsSavedCardOf(*payer.saved, s.customer()) ||
                               !CheckoutShowsSavedCard(s, *payer.saved))) {
        return InvalidRequestError(
            "", "payment_method",
            absl::StrCat("The PaymentMethod ", p.payment_method(),
                         " is not a saved card this Checkout Session shows its customer."));
      }
    }
  }
  const BillingDetails* saved_details =
      payer.saved != nullptr ? &payer.saved->billing_details() : nullptr;

  // Email: the Customer's (shown and not editable), customer_email, what the customer types,
  // or the saved card's.
  payer.email.Set(CheckoutKnownEmail(w, s));
  if (payer.email.empty() && p.has_email()) {
    PAYSIM_RETURN_IF_ERROR(ValidateEmail(p.email(), "email"));
    payer.email.Set(p.email());
  }
  if (payer.email.empty() && saved_details != nullptr) {
    payer.email.Set(saved_details->email_shared());
  }
  if (payer.email.empty()) return ParameterMissing("email");

  if (p.has_name()) {
    payer.name.Set(p.name());
  } else if (saved_details != nullptr) {
    payer.name.Set(saved_details->name_shared());
  }
  if (p.has_billing_address()) {
    ApplyAddress(p.billing_address(), &payer.billing_address);
    payer.has_billing_address = true;
  } else if (saved_details != nullptr) {
    payer.billing_address = saved_details->address();
    payer.has_billing_address = true;
  }
  if (s.billing_address_collection() == "required") {
    PAYSIM_RETURN_IF_ERROR(CheckCompleteAddress(payer.billing_address, "billing_address"));
  }

  if (!s.has_shipping_address_collection()) {
    if (p.has_shipping()) {
      return InvalidRequestError("", "shipping",
                                 "This Checkout Session does not collect a shipping address.");
    }
  } else {
    Shipping shipping;
    // permissions[update_shipping_details]=server_only: the address is the one the merchant's
    // server set (checkout_dynamic_updates.h). UNCERTAIN: the wording.
    const bool server_sets = ServerSetsShipping(s);
    const bool collected = s.collected_information().has_shipping_details();
    if (p.has_shipping() && server_sets) {
      return InvalidRequestError("", "shipping",
                                 "This Checkout Session's shipping details are set by the "
                                 "merchant's server (permissions[update_shipping_details]).");
    }
    if (p.has_shipping()) {
      PAYSIM_RETURN_IF_ERROR(ValidateShipping(p.shipping(), "shipping"));
      ApplyShipping(p.shipping(), &shipping);
    } else if (collected) {
      *shipping.mutable_address() = s.collected_information().shipping_details().address();
      shipping.set_name(s.collected_information().shipping_details().name());
    } else if (server_sets) {
      return InvalidRequestError("", "shipping",
                                 "The merchant's server has not set this Checkout Session's "
                                 "shipping details (permissions[update_shipping_details]).");
    } else if (const Shipping* prefilled = CheckoutPrefilledShipping(w, s)) {
      shipping = *prefilled;
    } else {
      return ParameterMissing("shipping[address][line1]");
    }
    if (!absl::c_linear_search(s.shipping_address_collection().allowed_countries(),
                  shipping.address().country())) {
      return InvalidRequestError(
          "", "shipping[address][country]",
          absl::StrCat("This Checkout Session does not ship to ",
                       shipping.address().country().empty() ? "an address without a country"
                                                            : shipping.address().country(),
                       "."));
    }
    *payer.shipping.mutable_address() = shipping.address();
    if (shipping.has_name()) payer.shipping.set_name(shipping.name());
    payer.has_shipping = true;
  }
  return payer;
}

// What the customer entered as shipping, as the params of the intent's confirmation.
ShippingParams ShippingParamsOf(const CheckoutShippingDetails& entered) {
  ShippingParams params;
  if (entered.has_name()) params.set_name(entered.name());
  const Address& a = entered.address();
  AddressParams* to = params.mutable_address();
  if (a.has_city()) to->set_city(a.city());
  if (a.has_country()) to->set_country(a.country());
  if (a.has_line1()) to->set_line1(a.line1());
  if (a.has_line2()) to->set_line2(a.line2());
  if (a.has_postal_code()) to->set_postal_code(a.postal_code());
  if (a.has_state()) to->set_state(a.state());
  return params;
}

// A new Customer from what the customer entered (as customers.cc creates one).
const Customer& CreateCheckoutCustomer(World& w, const CheckoutPayer& payer) {
  Customer customer = CustomerLifecycle::New(w);
  if (payer.has_billing_address) *customer.mutable_address() = payer.billing_address;
  customer.set_email(payer.email);
  if (!payer.name.empty()) customer.set_name(payer.name);
  if (payer.has_shipping) {
    *customer.mutable_shipping()->mutable_address() = payer.shipping.address();
    if (payer.shipping.has_name()) customer.mutable_shipping()->set_name(payer.shipping.name());
  }
  return CustomerLifecycle::Create(w, std::move(customer));
}

BillingDetails EnteredBillingDetails(const CheckoutPayer& payer) {
  BillingDetails details = EmptyBillingDetails();
  if (payer.has_billing_address) *details.mutable_address() = payer.billing_address;
  details.set_email(payer.email);
  if (!payer.name.empty()) details.set_name(payer.name);
  return details;
}

}  // namespace internal
}  // namespace paysim
