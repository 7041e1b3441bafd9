// The simulated customer on the Checkout page: what the customer does (pay, answer 3D Secure,
// abandon). What the page shows (prefill, payment methods) is internal/checkout_page_view.h.
//
//   View              one call: the page
//   Pay               1. check the input, create what paying needs (Customer, PaymentMethod,
//                        PaymentIntent), mark the session confirming; a bank debit (or a
//                        bank account saved in setup mode) is done here entirely
//                     2. PaymentIntentService / SetupIntentService confirm the intent
//                     3. SettleCheckoutAttempt: complete, expire, or stay open; the page
//   *ThreeDSecure     the same three steps around the intents' 3D Secure helpers
#include "engine/checkout_page.h"
#include "engine/internal/interned.h"

#include <algorithm>
#include <string>
#include <utility>
#include <vector>

#include "absl/algorithm/container.h"
#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/types/optional.h"
#include "engine/checkout_sessions.h"
#include "engine/internal/bank_debits.h"
#include "engine/internal/checkout_adaptive_pricing.h"
#include "engine/internal/checkout_automatic_tax.h"
#include "engine/internal/checkout_dynamic_tax.h"
#include "engine/internal/checkout_bank_payment.h"
#include "engine/internal/checkout_custom_fields.h"
#include "engine/internal/checkout_invoice_creation.h"
#include "engine/internal/checkout_dynamic_updates.h"
#include "engine/internal/checkout_page_view.h"
#include "engine/internal/checkout_session_lifecycle.h"
#include "engine/internal/customer_lifecycle.h"
#include "engine/internal/intent_common.h"
#include "engine/internal/params_util.h"
#include "engine/internal/payment_intent_lifecycle.h"
#include "engine/internal/payment_method_lifecycle.h"
#include "engine/internal/status_macros.h"
#include "engine/internal/world.h"

namespace paysim {
namespace {

using internal::CheckoutSessionLifecycle;
using internal::CheckoutUi;
using internal::PaymentMethodLifecycle;
using internal::World;


// ---- what the customer pays with ----

struct Payer {
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

absl::StatusOr<Payer> ResolvePayer(World& w, const CheckoutSession& s, const CheckoutPayParams& p) {
  Payer payer;
  const std::vector<std::string> offered = internal::CheckoutOfferedPaymentMethods(w, s);
  auto is_offered = [&](absl::string_view type) {
    return std::find(offered.begin(), offered.end(), type) != offered.end();
  };
  const PaymentMethod* entered_bank = internal::EnteredBankPaymentMethod(w, p);
  if (entered_bank != nullptr || internal::IsCheckoutAchTestAccount(p)) {
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
                              internal::ResolveEnteredBankAccount(w, *entered_bank, s.customer()));
      payer.saved = entered_bank;
    } else {
      PAYSIM_ASSIGN_OR_RETURN(payer.bank,
                              internal::ResolveCheckoutAchTestAccount(p, s.mode() == "setup"));
    }
  } else {
    if (!p.has_payment_method()) return ParameterMissing("payment_method");
    if (!is_offered("card")) {
      return InvalidRequestError("", "payment_method",
                                 "This Checkout Session does not offer card.");
    }
    if (p.has_wallet()) {
      PAYSIM_RETURN_IF_ERROR(internal::ValidateEnum(p.wallet(), {"apple_pay", "google_pay"}, "wallet"));
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
      if (!entered_on_page && (!s.has_customer() || !internal::IsSavedCardOf(*payer.saved, s.customer()) ||
                               !internal::CheckoutShowsSavedCard(s, *payer.saved))) {
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
  payer.email.Set(internal::CheckoutKnownEmail(w, s));
  if (payer.email.empty() && p.has_email()) {
    PAYSIM_RETURN_IF_ERROR(internal::ValidateEmail(p.email(), "email"));
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
    internal::ApplyAddress(p.billing_address(), &payer.billing_address);
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
    const bool server_sets = internal::ServerSetsShipping(s);
    const bool collected = s.collected_information().has_shipping_details();
    if (p.has_shipping() && server_sets) {
      return InvalidRequestError("", "shipping",
                                 "This Checkout Session's shipping details are set by the "
                                 "merchant's server (permissions[update_shipping_details]).");
    }
    if (p.has_shipping()) {
      PAYSIM_RETURN_IF_ERROR(internal::ValidateShipping(p.shipping(), "shipping"));
      internal::ApplyShipping(p.shipping(), &shipping);
    } else if (collected) {
      *shipping.mutable_address() = s.collected_information().shipping_details().address();
      shipping.set_name(s.collected_information().shipping_details().name());
    } else if (server_sets) {
      return InvalidRequestError("", "shipping",
                                 "The merchant's server has not set this Checkout Session's "
                                 "shipping details (permissions[update_shipping_details]).");
    } else if (const Shipping* prefilled = internal::CheckoutPrefilledShipping(w, s)) {
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
ShippingParams ShippingOf(const CheckoutShippingDetails& entered) {
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
const Customer& CreateCustomer(World& w, const Payer& payer) {
  Customer customer = internal::CustomerLifecycle::New(w);
  if (payer.has_billing_address) *customer.mutable_address() = payer.billing_address;
  customer.set_email(payer.email);
  if (!payer.name.empty()) customer.set_name(payer.name);
  if (payer.has_shipping) {
    *customer.mutable_shipping()->mutable_address() = payer.shipping.address();
    if (payer.shipping.has_name()) customer.mutable_shipping()->set_name(payer.shipping.name());
  }
  return internal::CustomerLifecycle::Create(w, std::move(customer));
}

BillingDetails EnteredBillingDetails(const Payer& payer) {
  BillingDetails details = internal::EmptyBillingDetails();
  if (payer.has_billing_address) *details.mutable_address() = payer.billing_address;
  details.set_email(payer.email);
  if (!payer.name.empty()) details.set_name(payer.name);
  return details;
}

absl::Status SessionNotPayable(const CheckoutSession& s) {
  // UNCERTAIN (wording): Stripe's page says the session is no longer active.
  if (s.status() != "open") {
    return StateError("", "",
                      absl::StrCat("This Checkout Session is ", s.status(),
                                   ": it can no longer be paid."));
  }
  return StateError("", "",
                    "A payment for this Checkout Session is already being confirmed.");
}

// The options of the calls that follow a page's first step: the same request id and version.
RequestOptions FollowUp(const RequestOptions& options, const std::string& request_id) {
  RequestOptions follow;
  follow.api_version = options.api_version;
  follow.request_id = request_id;
  return follow;
}

// Where 3D Secure sends the customer back: the hosted page itself, or the merchant's
// return_url for the other ui modes.
std::string ThreeDSecureReturnUrl(const CheckoutSession& s) {
  return CheckoutSessionLifecycle::UiOf(s) == CheckoutUi::kHosted
             ? absl::StrCat("https://checkout.stripe.com/c/pay/", s.id())
             : s.return_url();
}

}  // namespace

absl::StatusOr<CheckoutPage> CheckoutPageService::View(absl::string_view session_id,
                                                       const RequestOptions& options) {
  World& w = *world_;
  return w.Run(options, [&]() -> absl::StatusOr<CheckoutPage> {
    PAYSIM_ASSIGN_OR_RETURN(const CheckoutSession* session,
                            w.checkout_sessions().Get(session_id));
    return internal::CheckoutPageOf(w, *session);
  });
}

absl::StatusOr<CheckoutPage> CheckoutPageService::Abandon(absl::string_view session_id,
                                                          const RequestOptions& options) {
  World& w = *world_;
  return w.Run(options, [&]() -> absl::StatusOr<CheckoutPage> {
    PAYSIM_ASSIGN_OR_RETURN(const CheckoutSession* session,
                            w.checkout_sessions().Get(session_id));
    CheckoutPage page = internal::CheckoutPageOf(w, *session);
    if (session->status() == "open" && session->has_cancel_url()) {
      page.set_redirect_url(session->cancel_url());
    }
    return page;
  });
}

absl::StatusOr<CheckoutPage> CheckoutPageService::Pay(absl::string_view session_id,
                                                      const CheckoutPayParams& params,
                                                      const RequestOptions& options) {
  World& w = *world_;
  // What step 1 leaves for step 2.
  struct Confirmation {
    bool done = false;  // nothing left to confirm (a bank debit, or nothing to pay)
    bool setup = false;
    std::string intent;
    std::string payment_method;
    std::string return_url;
    // Payment mode: the shipping address the customer gave, confirmed onto the PaymentIntent
    // (as Stripe's page confirms it; UNCERTAIN: it replaces payment_intent_data[shipping]).
    absl::optional<ShippingParams> shipping;
  };
  std::string request_id;
  absl::StatusOr<Confirmation> step = w.Run(options, [&]() -> absl::StatusOr<Confirmation> {
    request_id = w.request_id();
    // ---- validate ----
    PAYSIM_ASSIGN_OR_RETURN(const CheckoutSession* session,
                            w.checkout_sessions().Get(session_id));
    if (session->status() != "open" || session->confirming()) return SessionNotPayable(*session);
    if (params.has_country()) {
      PAYSIM_RETURN_IF_ERROR(internal::CheckCountry(params.country(), "country"));
    }
    PAYSIM_ASSIGN_OR_RETURN(Payer payer, ResolvePayer(w, *session, params));
    PAYSIM_ASSIGN_OR_RETURN(const auto custom_fields,
                            internal::CheckEnteredCustomFields(*session, params.custom_fields()));
    // Automatic or dynamic tax: where the customer is.
    PAYSIM_ASSIGN_OR_RETURN(
        const absl::optional<Address> tax_location,
        internal::PayingTaxLocation(*session, w.customers().Find(session->customer()),
                                    payer.has_billing_address ? &payer.billing_address : nullptr,
                                    payer.has_shipping ? &payer.shipping.address() : nullptr,
                                    params.country()));

    // ---- commit: what paying needs ----
    if (session->subscription_data().has_billing_cycle_anchor()) {
      CheckoutSessionLifecycle::PriceStub(w, *session);  // the stub up to the anchor, from now
    }
    // Adaptive Pricing: the currency and the rate held (a bank debit pays in the merchant's).
    internal::LocalizeForCustomer(w, *session, params.country(),
                                  /*merchant_currency=*/payer.bank != nullptr);
    const bool needs_customer =
        !session->has_customer() &&
        (session->mode() == "subscription" || session->customer_creation() == "always" ||
         internal::MakesInvoiceAfterPayment(*session));
    if (needs_customer) {
      CheckoutSessionLifecycle::SetCustomer(w, *session, CreateCustomer(w, payer).id());
    }
    const BillingDetails billing = EnteredBillingDetails(payer);
    const PaymentMethod* pm = payer.saved;
    if (payer.test_card != nullptr) {
      PaymentMethod minted = PaymentMethodLifecycle::NewCard(
          w, internal::CheckedTestCard(*payer.test_card, w.now()));
      *minted.mutable_billing_details() = billing;
      pm = &PaymentMethodLifecycle::Create(w, std::move(minted));
    } else if (payer.bank != nullptr && pm == nullptr) {
      pm = &internal::CreateBankAccountPaymentMethod(w, *payer.bank, billing);
    }
    CheckoutCustomerDetails entered;
    entered.set_email(payer.email);
    if (!payer.name.empty()) entered.set_name(payer.name);
    if (payer.has_billing_address) *entered.mutable_address() = payer.billing_address;
    CheckoutSessionLifecycle::RecordEntered(w, *session, entered,
                                            payer.has_shipping ? &payer.shipping : nullptr,
                                            pm->id_shared());
    if (!session->custom_fields().empty()) {
      CheckoutSessionLifecycle::RecordCustomFields(w, *session, custom_fields);
    }
    if (tax_location.has_value()) {
      CheckoutSessionLifecycle::ApplyTaxLocation(w, *session, *tax_location);
    }

    Confirmation confirmation;
    confirmation.payment_method = pm->id();
    confirmation.return_url = ThreeDSecureReturnUrl(*session);
    if (session->mode() == "setup") {
      confirmation.setup = true;
      confirmation.intent = session->setup_intent();
      if (payer.bank != nullptr) {
        // A bank account is saved here, under the mandate the customer accepts on the page.
        // As with the blocked ACH account in payment mode (and a declined card here), a setup
        // that fails leaves the session open with the error on the page; the SetupIntent
        // shows it as the SetupIntents API does (setup_intent.setup_failed, last_setup_error).
        confirmation.done = true;
        const SetupIntent* si = w.setup_intents().Find(session->setup_intent());
        if (si != nullptr && internal::SetUpCheckoutBankAccount(w, *si, *pm)) {
          CheckoutSessionLifecycle::Complete(w, *session);
        }
        return confirmation;
      }
    } else if (session->amount_total() == 0) {
      // A subscription with nothing due now: the card is only saved for the renewals.
      PaymentMethodLifecycle::SaveForCustomer(w, *pm, session->customer(),
                                              /*off_session=*/false);
      CheckoutSessionLifecycle::Complete(w, *session);
      confirmation.done = true;
      return confirmation;
    } else {
      const PaymentIntent* pi = CheckoutSessionLifecycle::PaymentIntentOf(w, *session);
      if (pi == nullptr) pi = &CheckoutSessionLifecycle::CreatePaymentIntent(w, *session);
      confirmation.intent = pi->id();
      if (session->mode() == "payment" && payer.has_shipping) {
        confirmation.shipping = ShippingOf(payer.shipping);
      }
      if (payer.bank != nullptr) {
        // A bank debit: processing now, settled kBankDebitSettlementDelay later.
        confirmation.done = true;
        const std::string mandate = internal::AcceptCheckoutMandate(w, *pi, *pm).id();
        if (internal::PaymentIntentLifecycle::StartBankDebit(w, *pi, *pm, *payer.bank,
                                                             mandate)) {
          CheckoutSessionLifecycle::Complete(w, *session);
          if (payer.bank->outcome != internal::BankDebitOutcome::kStaysProcessing) {
            CheckoutSessionLifecycle::ScheduleBankDebitSettlement(w, *session);
          }
        }
        return confirmation;
      }
    }
    CheckoutSessionLifecycle::BeginConfirming(w, *session);
    return confirmation;
  });
  if (!step.ok()) return step.status();
  const RequestOptions follow = FollowUp(options, request_id);
  if (!step->done) {
    // Step 2: the intent's own confirmation (its declines show on the page, not as errors).
    if (step->setup) {
      SetupIntentConfirmParams confirm;
      confirm.set_payment_method(step->payment_method);
      if (!step->return_url.empty()) confirm.set_return_url(step->return_url);
      setup_intents_->Confirm(step->intent, confirm, follow).IgnoreError();
    } else {
      PaymentIntentConfirmParams confirm;
      confirm.set_payment_method(step->payment_method);
      if (!step->return_url.empty()) confirm.set_return_url(step->return_url);
      if (step->shipping.has_value()) *confirm.mutable_shipping() = *step->shipping;
      payment_intents_->Confirm(step->intent, confirm, follow).IgnoreError();
    }
  }
  // Step 3: the session follows its intent.
  return w.Run(follow, [&]() -> absl::StatusOr<CheckoutPage> {
    PAYSIM_ASSIGN_OR_RETURN(const CheckoutSession* session,
                            w.checkout_sessions().Get(session_id));
    if (!step->done) CheckoutSessionLifecycle::SettleAttempt(w, *session);
    return internal::CheckoutPageOf(w, *session);
  });
}

absl::StatusOr<CheckoutPage> CheckoutPageService::CompleteThreeDSecure(
    absl::string_view session_id, const RequestOptions& options) {
  return AnswerThreeDSecure(session_id, Answer::kComplete, options);
}

absl::StatusOr<CheckoutPage> CheckoutPageService::FailThreeDSecure(
    absl::string_view session_id, const RequestOptions& options) {
  return AnswerThreeDSecure(session_id, Answer::kFail, options);
}

absl::StatusOr<CheckoutPage> CheckoutPageService::AnswerThreeDSecure(
    absl::string_view session_id, Answer answer, const RequestOptions& options) {
  World& w = *world_;
  struct Challenge {
    bool setup = false;
    std::string intent;
  };
  std::string request_id;
  absl::StatusOr<Challenge> step = w.Run(options, [&]() -> absl::StatusOr<Challenge> {
    request_id = w.request_id();
    PAYSIM_ASSIGN_OR_RETURN(const CheckoutSession* session,
                            w.checkout_sessions().Get(session_id));
    if (session->status() != "open" || session->confirming()) return SessionNotPayable(*session);
    Challenge challenge;
    if (session->mode() == "setup") {
      const SetupIntent* si = w.setup_intents().Find(session->setup_intent());
      if (si != nullptr && si->status() == "requires_action") {
        challenge.setup = true;
        challenge.intent = si->id();
      }
    } else if (const PaymentIntent* pi = CheckoutSessionLifecycle::PaymentIntentOf(w, *session);
               pi != nullptr && pi->status() == "requires_action") {
      challenge.intent = pi->id();
    }
    if (challenge.intent.empty()) {
      // UNCERTAIN (wording).
      return StateError("", "", "No 3D Secure challenge is waiting on this Checkout Session.");
    }
    CheckoutSessionLifecycle::BeginConfirming(w, *session);
    return challenge;
  });
  if (!step.ok()) return step.status();
  const RequestOptions follow = FollowUp(options, request_id);
  if (step->setup) {
    (answer == Answer::kComplete ? setup_intents_->CompleteThreeDSecure(step->intent, follow)
                                 : setup_intents_->FailThreeDSecure(step->intent, follow))
        .IgnoreError();
  } else {
    (answer == Answer::kComplete ? payment_intents_->CompleteThreeDSecure(step->intent, follow)
                                 : payment_intents_->FailThreeDSecure(step->intent, follow))
        .IgnoreError();
  }
  return w.Run(follow, [&]() -> absl::StatusOr<CheckoutPage> {
    PAYSIM_ASSIGN_OR_RETURN(const CheckoutSession* session,
                            w.checkout_sessions().Get(session_id));
    CheckoutSessionLifecycle::SettleAttempt(w, *session);
    return internal::CheckoutPageOf(w, *session);
  });
}

absl::StatusOr<PaymentMethodSettings> CheckoutPageService::RetrievePaymentMethodSettings(
    const RequestOptions& options) {
  World& w = *world_;
  return w.Run(options, [&]() -> absl::StatusOr<PaymentMethodSettings> {
    return internal::CheckoutPaymentMethodSettings(w);
  });
}

absl::StatusOr<PaymentMethodSettings> CheckoutPageService::UpdatePaymentMethodSettings(
    const PaymentMethodSettingsParams& params, const RequestOptions& options) {
  World& w = *world_;
  return w.Run(options, [&]() -> absl::StatusOr<PaymentMethodSettings> {
    const std::pair<bool, const std::string*> fields[] = {
        {params.has_apple_pay(), &params.apple_pay()},
        {params.has_google_pay(), &params.google_pay()},
        {params.has_us_bank_account(), &params.us_bank_account()}};
    const absl::string_view names[] = {"apple_pay", "google_pay", "us_bank_account"};
    for (int i = 0; i < 3; ++i) {
      if (fields[i].first) {
        PAYSIM_RETURN_IF_ERROR(internal::ValidateEnum(*fields[i].second, {"on", "off"}, names[i]));
      }
    }
    PaymentMethodSettings settings = internal::CheckoutPaymentMethodSettings(w);
    if (params.has_apple_pay()) settings.set_apple_pay(params.apple_pay());
    if (params.has_google_pay()) settings.set_google_pay(params.google_pay());
    if (params.has_us_bank_account()) settings.set_us_bank_account(params.us_bank_account());
    return CheckoutSessionLifecycle::SaveSettings(w, settings);
  });
}

}  // namespace paysim
