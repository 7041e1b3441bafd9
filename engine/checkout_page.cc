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
#include "engine/internal/checkout_payer.h"
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

using internal::CheckoutPayer;
using internal::CheckoutSessionLifecycle;
using internal::CheckoutUi;
using internal::PaymentMethodLifecycle;
using internal::World;

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
    PAYSIM_ASSIGN_OR_RETURN(CheckoutPayer payer,
                            internal::ResolveCheckoutPayer(w, *session, params));
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
      CheckoutSessionLifecycle::SetCustomer(w, *session, internal::CreateCheckoutCustomer(w, payer).id());
    }
    const BillingDetails billing = internal::EnteredBillingDetails(payer);
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
        confirmation.shipping = internal::ShippingParamsOf(payer.shipping);
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
