// PaymentIntents: the whole lifecycle in one place (the table is in payment_intents.h).
//
//   Create / Update / Confirm      validate, then Attempt (3D Secure or the charge)
//   Attempt                        -> requires_action | ChargeCard | Fail
//   ChargeCard                     -> succeeded | requires_capture | Fail (declined)
//   Fail                           -> requires_payment_method, last_payment_error
//   Capture / Cancel               requires_capture -> succeeded / canceled
//   CancelPaymentIntentOnHoldExpiry (charges.cc's hold-expiry timer) -> canceled
#include "engine/payment_intents.h"

#include <initializer_list>
#include <string>
#include <utility>

#include "absl/strings/str_cat.h"
#include "engine/api_version.h"
#include "engine/card_details.h"
#include "engine/currency.h"
#include "engine/intent_common.h"
#include "engine/metadata.h"
#include "engine/operations.h"
#include "engine/params_util.h"
#include "engine/statement_descriptor.h"
#include "engine/status_macros.h"
#include "engine/world.h"

namespace paysim {
namespace {

using internal::World;

constexpr absl::string_view kRequiresPaymentMethod = "requires_payment_method";
constexpr absl::string_view kRequiresConfirmation = "requires_confirmation";
constexpr absl::string_view kRequiresAction = "requires_action";
constexpr absl::string_view kRequiresCapture = "requires_capture";
constexpr absl::string_view kSucceeded = "succeeded";
constexpr absl::string_view kCanceled = "canceled";

// The statuses in which the payment can still be set up and confirmed.
constexpr std::initializer_list<absl::string_view> kBeforePayment = {
    kRequiresPaymentMethod, kRequiresConfirmation, kRequiresAction};

absl::Status UnexpectedState(const PaymentIntent& pi, absl::string_view verb,
                             std::initializer_list<absl::string_view> allowed) {
  StripeError error = internal::UnexpectedStateError(
      "PaymentIntent", "payment_intent_unexpected_state", pi.status(), verb, allowed);
  error.set_payment_intent(pi.id());
  return MakeStripeError(std::move(error), /*state_conflict=*/true);
}

// "This PaymentIntent's amount could not be updated because it has a status of succeeded. You
// may only update the amount of a PaymentIntent with one of the following statuses: ..."
absl::Status FieldNotUpdatable(const PaymentIntent& pi, absl::string_view field) {
  StripeError error;
  error.set_type("invalid_request_error");
  error.set_code("payment_intent_unexpected_state");
  error.set_param(std::string(field));
  error.set_message(absl::StrCat(
      "This PaymentIntent's ", field, " could not be updated because it has a status of ",
      pi.status(), ". You may only update the ", field,
      " of a PaymentIntent with one of the following statuses: requires_payment_method, "
      "requires_confirmation, requires_action."));
  error.set_payment_intent(pi.id());
  error.set_http_status(400);
  return MakeStripeError(std::move(error), /*state_conflict=*/true);
}

absl::Status CannotConfirm(const PaymentIntent& pi) {
  if (pi.status() == kSucceeded) {
    StripeError error;
    error.set_type("invalid_request_error");
    error.set_code("payment_intent_unexpected_state");
    error.set_message(
        "You cannot confirm this PaymentIntent because it has already succeeded after being "
        "previously confirmed.");
    error.set_payment_intent(pi.id());
    error.set_http_status(400);
    return MakeStripeError(std::move(error), /*state_conflict=*/true);
  }
  return UnexpectedState(pi, "confirmed", kBeforePayment);
}

absl::Status MissingPaymentMethod(const PaymentIntent& pi) {
  StripeError error;
  error.set_type("invalid_request_error");
  error.set_code("payment_intent_unexpected_state");
  error.set_message(
      "You cannot confirm this PaymentIntent because it's missing a payment method. You can "
      "either update the PaymentIntent with a payment method and then confirm it again, or "
      "confirm it again directly with a payment method.");
  error.set_payment_intent(pi.id());
  error.set_http_status(400);
  return MakeStripeError(std::move(error), /*state_conflict=*/true);
}

// UNCERTAIN: Stripe documents the code (payment_intent_action_required) but not the rest of
// the error. paysim answers it as a failed payment attempt: a 402 card_error.
StripeError ActionRequiredError() {
  StripeError error;
  error.set_type("card_error");
  error.set_code("payment_intent_action_required");
  error.set_doc_url(ErrorDocUrl("payment_intent_action_required"));
  error.set_message(
      "This payment requires authentication by the customer, but error_on_requires_action was "
      "set.");
  error.set_http_status(402);
  return error;
}

// What the customer's failed 3D Secure leaves in last_payment_error.
StripeError AuthenticationFailureError() {
  StripeError error;
  error.set_type("invalid_request_error");
  error.set_code("payment_intent_authentication_failure");
  error.set_doc_url(ErrorDocUrl("payment_intent_authentication_failure"));
  error.set_message(
      "The provided PaymentMethod has failed authentication. You can provide "
      "payment_method_data or a new PaymentMethod to attempt to fulfill this PaymentIntent "
      "again.");
  error.set_http_status(400);
  return error;
}

// The card as its issuer answers an off-session payment that needs authentication: a soft
// decline. UNCERTAIN: Stripe's docs say the request fails with 402 and decline_code
// authentication_required; paysim also records the failed charge, as for any issuer decline.
TestCard AuthenticationRequiredCard(const TestCard& card) {
  TestCard declined = card;
  declined.charge_outcome = CardOutcome::kDeclined;
  declined.code = "authentication_required";
  declined.decline_code = "authentication_required";
  declined.message = "Your card was declined. This transaction requires authentication.";
  declined.param = "";
  declined.advice_code = "";
  declined.network_advice_code = "";
  declined.network_decline_code = "";
  return declined;
}

// The attempt failed: back to requires_payment_method. Returns the error to answer (with the
// intent's id); the intent keeps it, without the id, as last_payment_error.
absl::Status Fail(World& w, PaymentIntent& pi, StripeError error) {
  if (pi.has_payment_method()) error.set_payment_method(pi.payment_method());
  *pi.mutable_last_payment_error() = internal::AsLastError(error);
  pi.set_status(std::string(kRequiresPaymentMethod));
  pi.clear_payment_method();
  pi.clear_next_action();
  pi.set_amount_capturable(0);
  pi.set_three_d_secure_authenticated(false);
  w.Emit("payment_intent.payment_failed", pi);
  error.set_payment_intent(pi.id());
  return MakeStripeError(std::move(error));
}

// A successful payment with setup_future_usage saves the PaymentMethod on the customer.
// UNCERTAIN (event order): payment_method.attached is emitted before the intent's
// payment_intent.succeeded / amount_capturable_updated.
void SetUpForFutureUsage(World& w, const PaymentIntent& pi, PaymentMethod& pm) {
  if (!pi.has_setup_future_usage() || !pi.has_customer()) return;
  if (pi.setup_future_usage() == "off_session") pm.set_setup_for_off_session(true);
  // A PaymentMethod detached while the customer authenticated stays detached for good.
  if (!pm.has_customer() && !pm.detached()) internal::AttachPaymentMethod(w, pm, pi.customer());
}

// Charges `card` through PaymentMethod `pm` for the intent's amount.
absl::Status ChargeCard(World& w, PaymentIntent& pi, PaymentMethod& pm, const TestCard& card,
                        bool authenticated) {
  Charge charge =
      internal::NewCardCharge(w, card, pi.amount(), pi.currency(), pm.card().exp_month(),
                              pm.card().exp_year(), pm.card().cvc_provided());
  charge.set_payment_intent(pi.id());
  charge.set_payment_method(pm.id());
  *charge.mutable_billing_details() = pm.billing_details();
  if (pi.has_customer()) charge.set_customer(pi.customer());
  if (pi.has_description()) charge.set_description(pi.description());
  *charge.mutable_metadata() = pi.metadata();
  if (pi.has_receipt_email()) charge.set_receipt_email(pi.receipt_email());
  if (pi.has_statement_descriptor_suffix()) {
    charge.set_statement_descriptor_suffix(pi.statement_descriptor_suffix());
  }
  if (authenticated) {
    charge.mutable_payment_method_details()->mutable_card()->set_three_d_secure("authenticated");
  }
  const bool capture = pi.capture_method() != "manual";
  Charge& stored = internal::SettleCardCharge(w, std::move(charge), card, capture);
  pi.set_latest_charge(stored.id());
  pi.clear_next_action();
  pi.set_three_d_secure_authenticated(false);
  if (stored.status() == "failed") {
    absl::optional<StripeError> declined =
        GetStripeError(internal::CardDeclinedError(card, stored.id()));
    return Fail(w, pi, *declined);
  }
  pi.clear_last_payment_error();
  if (capture) {
    pi.set_status(std::string(kSucceeded));
    pi.set_amount_received(pi.amount());
  } else {
    pi.set_status(std::string(kRequiresCapture));
    pi.set_amount_capturable(pi.amount());
  }
  SetUpForFutureUsage(w, pi, pm);
  w.Emit(capture ? "payment_intent.succeeded" : "payment_intent.amount_capturable_updated", pi);
  return absl::OkStatus();
}

// One confirmation attempt with the intent's payment_method: 3D Secure if the card asks for it
// (requires_action on-session; a decline off-session), else the charge. `authenticated`: the
// customer already completed 3D Secure for this attempt.
absl::Status Attempt(World& w, PaymentIntent& pi, bool authenticated,
                     bool error_on_requires_action) {
  PaymentMethod* pm = w.payment_methods.Find(pi.payment_method());
  const TestCard* card = pm == nullptr ? nullptr : internal::TestCardOf(*pm);
  if (card == nullptr) return MissingPaymentMethod(pi);  // checked by every caller
  if (!authenticated && internal::PaymentNeedsAuthentication(*card, *pm, pi.off_session())) {
    if (pi.off_session()) return ChargeCard(w, pi, *pm, AuthenticationRequiredCard(*card), false);
    if (error_on_requires_action) return Fail(w, pi, ActionRequiredError());
    pi.set_status(std::string(kRequiresAction));
    *pi.mutable_next_action() =
        internal::ThreeDSecureNextAction("payment_intent", pi.id(), pi.client_secret(),
                                         pi.has_return_url() ? &pi.return_url() : nullptr);
    w.Emit("payment_intent.requires_action", pi);
    return absl::OkStatus();
  }
  return ChargeCard(w, pi, *pm, *card, authenticated);
}

// The checks of the fields Create and Update share.
template <typename Params>
absl::Status ValidateShared(const Params& params) {
  PAYSIM_RETURN_IF_ERROR(ValidateMetadata(params.metadata()));
  if (params.has_receipt_email()) {
    PAYSIM_RETURN_IF_ERROR(internal::ValidateEmail(params.receipt_email(), "receipt_email"));
  }
  if (params.has_capture_method()) {
    PAYSIM_RETURN_IF_ERROR(internal::ValidateEnum(
        params.capture_method(), {"automatic", "automatic_async", "manual"}, "capture_method"));
  }
  if (params.has_setup_future_usage()) {
    PAYSIM_RETURN_IF_ERROR(internal::ValidateEnum(
        params.setup_future_usage(), {"on_session", "off_session"}, "setup_future_usage"));
  }
  return absl::OkStatus();
}

absl::Status ValidateSuffix(const World& w, const std::string& suffix) {
  return ValidateStatementDescriptorSuffix(suffix, w.options.statement_descriptor_prefix,
                                           "statement_descriptor_suffix");
}

}  // namespace

absl::StatusOr<PaymentIntent> PaymentIntentService::Create(const PaymentIntentCreateParams& params,
                                                           const RequestOptions& options) {
  World& w = *world_;
  return w.RunIdempotent<PaymentIntent>(
      options, "POST /v1/payment_intents", params, [&]() -> absl::StatusOr<PaymentIntent> {
        // validate
        if (!params.has_amount()) return ParameterMissing("amount");
        if (!params.has_currency()) return ParameterMissing("currency");
        const CurrencyInfo* currency = nullptr;
        PAYSIM_RETURN_IF_ERROR(ValidateCurrency(params.currency(), &currency));
        PAYSIM_RETURN_IF_ERROR(ValidateChargeAmount(params.amount(), *currency));
        PAYSIM_RETURN_IF_ERROR(ValidateShared(params));
        if (params.has_statement_descriptor()) {
          // Stripe refuses a full statement descriptor on card payments.
          return InvalidRequestError(
              "", "statement_descriptor",
              "The statement_descriptor parameter is not supported for the payment_method_type "
              "`card`. To continue supporting payment_method_type `card`, please pass in "
              "`statement_descriptor_suffix` or remove the `statement_descriptor` parameter "
              "altogether.");
        }
        if (params.has_statement_descriptor_suffix()) {
          PAYSIM_RETURN_IF_ERROR(ValidateSuffix(w, params.statement_descriptor_suffix()));
        }
        if (params.has_confirmation_method()) {
          PAYSIM_RETURN_IF_ERROR(internal::ValidateEnum(
              params.confirmation_method(), {"automatic", "manual"}, "confirmation_method"));
        }
        PAYSIM_RETURN_IF_ERROR(internal::ValidatePaymentMethodTypes(params.payment_method_types()));
        const bool confirm = params.has_confirm() && params.confirm();
        if (!confirm) {
          if (params.has_off_session())
            return internal::OnlyWithConfirm("PaymentIntent", "off_session");
          if (params.has_return_url())
            return internal::OnlyWithConfirm("PaymentIntent", "return_url");
          if (params.has_error_on_requires_action()) {
            return internal::OnlyWithConfirm("PaymentIntent", "error_on_requires_action");
          }
        }
        std::string customer;
        if (params.has_customer()) {
          PAYSIM_ASSIGN_OR_RETURN(Customer * c, w.customers.Get(params.customer(), "customer"));
          customer = c->id();
        }
        internal::IntentPaymentMethod resolved;
        if (params.has_payment_method()) {
          PAYSIM_ASSIGN_OR_RETURN(
              resolved, internal::ResolveIntentPaymentMethod(w, params.payment_method(), customer,
                                                             "PaymentIntent", "payment_method"));
        } else if (confirm) {
          // UNCERTAIN: how Stripe answers confirm=true without any payment method; paysim
          // refuses the request and creates nothing.
          return ParameterMissing("payment_method");
        }

        // transition + commit
        PaymentIntent pi;
        pi.set_id(w.ids.NewId("pi_"));
        pi.set_object("payment_intent");
        pi.set_amount(params.amount());
        pi.set_amount_capturable(0);
        pi.set_amount_received(0);
        pi.set_capture_method(params.has_capture_method()
                                  ? params.capture_method()
                                  : std::string(DefaultCaptureMethod(w.api_version())));
        pi.set_client_secret(internal::NewClientSecret(w, pi.id()));
        pi.set_confirmation_method(params.has_confirmation_method() ? params.confirmation_method()
                                                                    : "automatic");
        pi.set_created(w.created());
        pi.set_currency(std::string(currency->code));
        if (!customer.empty()) pi.set_customer(customer);
        if (params.has_description()) pi.set_description(params.description());
        pi.set_livemode(false);
        *pi.mutable_metadata() = params.metadata();
        if (params.payment_method_types().empty()) {
          pi.add_payment_method_types("card");
        } else {
          *pi.mutable_payment_method_types() = params.payment_method_types();
        }
        if (params.has_receipt_email()) pi.set_receipt_email(params.receipt_email());
        if (params.has_setup_future_usage()) pi.set_setup_future_usage(params.setup_future_usage());
        if (params.has_statement_descriptor_suffix()) {
          pi.set_statement_descriptor_suffix(params.statement_descriptor_suffix());
        }
        if (resolved.card != nullptr) {
          pi.set_payment_method(internal::CommitIntentPaymentMethod(w, resolved).id());
          pi.set_status(std::string(kRequiresConfirmation));
        } else {
          pi.set_status(std::string(kRequiresPaymentMethod));
        }
        PaymentIntent& stored = w.payment_intents.Insert(std::move(pi));
        w.Emit("payment_intent.created", stored);
        if (confirm) {
          stored.set_off_session(params.has_off_session() && params.off_session());
          if (params.has_return_url()) stored.set_return_url(params.return_url());
          PAYSIM_RETURN_IF_ERROR(
              Attempt(w, stored, /*authenticated=*/false,
                      params.has_error_on_requires_action() && params.error_on_requires_action()));
        }
        return stored;
      });
}

absl::StatusOr<PaymentIntent> PaymentIntentService::Retrieve(absl::string_view id,
                                                             const RequestOptions& options) {
  World& w = *world_;
  return w.Run(options, [&]() -> absl::StatusOr<PaymentIntent> {
    PAYSIM_ASSIGN_OR_RETURN(PaymentIntent * pi, w.payment_intents.Get(id));
    return *pi;
  });
}

absl::StatusOr<PaymentIntent> PaymentIntentService::Update(absl::string_view id,
                                                           const PaymentIntentUpdateParams& params,
                                                           const RequestOptions& options) {
  World& w = *world_;
  return w.RunIdempotent<PaymentIntent>(
      options, absl::StrCat("POST /v1/payment_intents/", id), params,
      [&]() -> absl::StatusOr<PaymentIntent> {
    // validate
    PAYSIM_ASSIGN_OR_RETURN(PaymentIntent * pi, w.payment_intents.Get(id));
    // The payment's terms are fixed once paid or held; description, metadata and
    // receipt_email stay editable in every status (UNCERTAIN for canceled intents).
    const bool before_payment = internal::StatusIn(pi->status(), kBeforePayment);
    if (!before_payment) {
      if (params.has_amount()) return FieldNotUpdatable(*pi, "amount");
      if (params.has_currency()) return FieldNotUpdatable(*pi, "currency");
      if (params.has_customer()) return FieldNotUpdatable(*pi, "customer");
      if (params.has_payment_method()) return FieldNotUpdatable(*pi, "payment_method");
      if (params.has_capture_method()) return FieldNotUpdatable(*pi, "capture_method");
      if (params.has_setup_future_usage()) return FieldNotUpdatable(*pi, "setup_future_usage");
      if (params.has_statement_descriptor_suffix()) {
        return FieldNotUpdatable(*pi, "statement_descriptor_suffix");
      }
    }
    PAYSIM_RETURN_IF_ERROR(ValidateShared(params));
    const CurrencyInfo* currency = FindCurrency(pi->currency());
    if (params.has_currency()) {
      PAYSIM_RETURN_IF_ERROR(ValidateCurrency(params.currency(), &currency));
    }
    if (params.has_amount() || params.has_currency()) {
      PAYSIM_RETURN_IF_ERROR(
          ValidateChargeAmount(params.has_amount() ? params.amount() : pi->amount(), *currency));
    }
    if (params.has_statement_descriptor_suffix()) {
      PAYSIM_RETURN_IF_ERROR(ValidateSuffix(w, params.statement_descriptor_suffix()));
    }
    std::string customer = pi->customer();
    if (params.has_customer()) {
      PAYSIM_ASSIGN_OR_RETURN(Customer * c, w.customers.Get(params.customer(), "customer"));
      customer = c->id();
    }
    internal::IntentPaymentMethod resolved;
    if (params.has_payment_method()) {
      PAYSIM_ASSIGN_OR_RETURN(
          resolved, internal::ResolveIntentPaymentMethod(w, params.payment_method(), customer,
                                                         "PaymentIntent", "payment_method"));
    } else if (params.has_customer() && pi->has_payment_method()) {
      // The intent's PaymentMethod must still fit the new customer.
      PAYSIM_RETURN_IF_ERROR(internal::ResolveIntentPaymentMethod(w, pi->payment_method(), customer,
                                                                  "PaymentIntent", "payment_method")
                                 .status());
    }
    PaymentIntent updated = *pi;
    PAYSIM_RETURN_IF_ERROR(MergeMetadata(params.metadata(), updated.mutable_metadata()));

    // transition
    if (params.has_description()) updated.set_description(params.description());
    if (params.has_receipt_email()) updated.set_receipt_email(params.receipt_email());
    if (params.has_amount()) updated.set_amount(params.amount());
    if (params.has_currency()) updated.set_currency(std::string(currency->code));
    if (params.has_customer()) updated.set_customer(customer);
    if (params.has_capture_method()) updated.set_capture_method(params.capture_method());
    if (params.has_setup_future_usage()) {
      updated.set_setup_future_usage(params.setup_future_usage());
    }
    if (params.has_statement_descriptor_suffix()) {
      updated.set_statement_descriptor_suffix(params.statement_descriptor_suffix());
    }
    // "It will be cleared if the PaymentIntent is later updated for any reason."
    updated.clear_last_payment_error();
    // UNCERTAIN: a new amount or currency while requires_action also asks for a new
    // confirmation (the customer authenticated the old one).
    const bool payment_changed =
        params.has_payment_method() ||
        (pi->status() == kRequiresAction && (params.has_amount() || params.has_currency()));

    // commit
    if (resolved.card != nullptr) {
      updated.set_payment_method(internal::CommitIntentPaymentMethod(w, resolved).id());
    }
    if (payment_changed && before_payment) {
      updated.set_status(std::string(kRequiresConfirmation));
      updated.clear_next_action();
      updated.set_three_d_secure_authenticated(false);
    }
    *pi = std::move(updated);
    return *pi;
  });
}

absl::StatusOr<PaymentIntent> PaymentIntentService::Confirm(
    absl::string_view id, const PaymentIntentConfirmParams& params, const RequestOptions& options) {
  World& w = *world_;
  return w.RunIdempotent<PaymentIntent>(
      options, absl::StrCat("POST /v1/payment_intents/", id, "/confirm"), params,
      [&]() -> absl::StatusOr<PaymentIntent> {
        // validate
        PAYSIM_ASSIGN_OR_RETURN(PaymentIntent * pi, w.payment_intents.Get(id));
        if (!internal::StatusIn(pi->status(), kBeforePayment)) {
          if (params.has_payment_method()) return FieldNotUpdatable(*pi, "payment_method");
          return CannotConfirm(*pi);
        }
        if (params.has_setup_future_usage()) {
          PAYSIM_RETURN_IF_ERROR(internal::ValidateEnum(
              params.setup_future_usage(), {"on_session", "off_session"}, "setup_future_usage"));
        }
        if (params.has_receipt_email()) {
          PAYSIM_RETURN_IF_ERROR(internal::ValidateEmail(params.receipt_email(), "receipt_email"));
        }
        internal::IntentPaymentMethod resolved;
        if (params.has_payment_method() || pi->has_payment_method()) {
          PAYSIM_ASSIGN_OR_RETURN(
              resolved,
              internal::ResolveIntentPaymentMethod(
                  w, params.has_payment_method() ? params.payment_method() : pi->payment_method(),
                  pi->customer(), "PaymentIntent", "payment_method"));
        } else {
          return MissingPaymentMethod(*pi);
        }

        // transition + commit
        const std::string pm_id = internal::CommitIntentPaymentMethod(w, resolved).id();
        bool authenticated = pi->three_d_secure_authenticated();
        if (pm_id != pi->payment_method()) authenticated = false;
        pi->set_payment_method(pm_id);
        pi->set_off_session(params.has_off_session() && params.off_session());
        if (params.has_return_url()) {
          pi->set_return_url(params.return_url());
        } else {
          pi->clear_return_url();
        }
        if (params.has_setup_future_usage()) {
          pi->set_setup_future_usage(params.setup_future_usage());
        }
        if (params.has_receipt_email()) pi->set_receipt_email(params.receipt_email());
        pi->clear_last_payment_error();
        PAYSIM_RETURN_IF_ERROR(
            Attempt(w, *pi, authenticated,
                    params.has_error_on_requires_action() && params.error_on_requires_action()));
        return *pi;
      });
}

absl::StatusOr<PaymentIntent> PaymentIntentService::Capture(
    absl::string_view id, const PaymentIntentCaptureParams& params, const RequestOptions& options) {
  World& w = *world_;
  return w.RunIdempotent<PaymentIntent>(
      options, absl::StrCat("POST /v1/payment_intents/", id, "/capture"), params,
      [&]() -> absl::StatusOr<PaymentIntent> {
    // validate
    PAYSIM_ASSIGN_OR_RETURN(PaymentIntent * pi, w.payment_intents.Get(id));
    if (pi->status() != kRequiresCapture)
      return UnexpectedState(*pi, "captured", {kRequiresCapture});
    Charge* charge = w.charges.Find(pi->latest_charge());
    if (charge == nullptr || charge->captured() || charge->authorization_released()) {
      return UnexpectedState(*pi, "captured", {kRequiresCapture});  // never expected
    }
    const int64_t amount =
        params.has_amount_to_capture() ? params.amount_to_capture() : pi->amount_capturable();
    const CurrencyInfo* currency = FindCurrency(pi->currency());
    if (amount > pi->amount_capturable()) {
      // UNCERTAIN: Stripe's exact wording for this case.
      return InvalidRequestError(
          "amount_too_large", "amount_to_capture",
          absl::StrCat("The amount_to_capture (", FormatAmount(amount, *currency),
                       ") cannot be greater than the PaymentIntent's amount_capturable (",
                       FormatAmount(pi->amount_capturable(), *currency), ")."));
    }
    PAYSIM_RETURN_IF_ERROR(ValidateChargeAmount(amount, *currency, "amount_to_capture"));
    PAYSIM_RETURN_IF_ERROR(ValidateMetadata(params.metadata()));
    if (params.has_statement_descriptor_suffix()) {
      PAYSIM_RETURN_IF_ERROR(ValidateSuffix(w, params.statement_descriptor_suffix()));
    }
    PaymentIntent updated = *pi;
    PAYSIM_RETURN_IF_ERROR(MergeMetadata(params.metadata(), updated.mutable_metadata()));

    // transition + commit: the charge first (charge.captured), then the intent.
    if (params.has_statement_descriptor_suffix()) {
      updated.set_statement_descriptor_suffix(params.statement_descriptor_suffix());
      charge->set_statement_descriptor_suffix(params.statement_descriptor_suffix());
    }
    internal::CaptureHold(w, *charge, amount);
    updated.set_status(std::string(kSucceeded));
    updated.set_amount_capturable(0);
    updated.set_amount_received(amount);
    *pi = std::move(updated);
    w.Emit("payment_intent.succeeded", *pi);
    return *pi;
  });
}

absl::StatusOr<PaymentIntent> PaymentIntentService::Cancel(absl::string_view id,
                                                           const PaymentIntentCancelParams& params,
                                                           const RequestOptions& options) {
  World& w = *world_;
  return w.RunIdempotent<PaymentIntent>(
      options, absl::StrCat("POST /v1/payment_intents/", id, "/cancel"), params,
      [&]() -> absl::StatusOr<PaymentIntent> {
    // validate
    PAYSIM_ASSIGN_OR_RETURN(PaymentIntent * pi, w.payment_intents.Get(id));
    // Stripe's message lists `processing`, which some payment methods allow; paysim's only
    // processing intents are bank debits, which cannot be canceled once submitted.
    if (!internal::StatusIn(pi->status(), {kRequiresPaymentMethod, kRequiresCapture,
                                           kRequiresConfirmation, kRequiresAction})) {
      return UnexpectedState(*pi, "canceled",
                             {kRequiresPaymentMethod, kRequiresCapture, kRequiresConfirmation,
                              kRequiresAction, "processing"});
    }
    if (params.has_cancellation_reason()) {
      PAYSIM_RETURN_IF_ERROR(
          internal::ValidateEnum(params.cancellation_reason(),
                                 {"duplicate", "fraudulent", "requested_by_customer", "abandoned"},
                                 "cancellation_reason"));
    }

    // transition + commit: an open hold is released first (a Refund before basil).
    if (pi->status() == kRequiresCapture) {
      Charge* charge = w.charges.Find(pi->latest_charge());
      if (charge != nullptr && !charge->captured() && !charge->authorization_released()) {
        // Refunds take duplicate / fraudulent / requested_by_customer; `abandoned` has none.
        const std::string& reason = params.cancellation_reason();
        internal::CancelHold(w, *charge, reason == "abandoned" ? "" : reason);
      }
    }
    pi->set_status(std::string(kCanceled));
    pi->set_canceled_at(w.created());
    if (params.has_cancellation_reason()) {
      pi->set_cancellation_reason(params.cancellation_reason());
    }
    pi->set_amount_capturable(0);
    pi->clear_next_action();
    pi->set_three_d_secure_authenticated(false);
    w.Emit("payment_intent.canceled", *pi);
    return *pi;
  });
}

absl::StatusOr<ListResult<PaymentIntent>> PaymentIntentService::List(
    const PaymentIntentListParams& params, const RequestOptions& options) {
  World& w = *world_;
  return w.Run(options, [&]() -> absl::StatusOr<ListResult<PaymentIntent>> {
    ListWindow window;
    PAYSIM_RETURN_IF_ERROR(MakeListWindow(params, &window));
    return w.payment_intents.List(window, "/v1/payment_intents", [&](const PaymentIntent& pi) {
      return !params.has_customer() || pi.customer() == params.customer();
    });
  });
}

absl::StatusOr<PaymentIntent> PaymentIntentService::CompleteThreeDSecure(
    absl::string_view id, const RequestOptions& options) {
  World& w = *world_;
  return w.Run(options, [&]() -> absl::StatusOr<PaymentIntent> {
    PAYSIM_ASSIGN_OR_RETURN(PaymentIntent * pi, w.payment_intents.Get(id));
    if (pi->status() != kRequiresAction) {
      return UnexpectedState(*pi, "authenticated", {kRequiresAction});
    }
    if (pi->confirmation_method() == "manual") {
      // "After next_action is handled, the PaymentIntent returns to requires_confirmation."
      pi->set_status(std::string(kRequiresConfirmation));
      pi->clear_next_action();
      pi->set_three_d_secure_authenticated(true);
      return *pi;
    }
    // A decline shows on the intent (requires_payment_method, last_payment_error): the
    // customer's browser, not the merchant's request, received the answer.
    Attempt(w, *pi, /*authenticated=*/true, /*error_on_requires_action=*/false).IgnoreError();
    return *pi;
  });
}

absl::StatusOr<PaymentIntent> PaymentIntentService::FailThreeDSecure(
    absl::string_view id, const RequestOptions& options) {
  World& w = *world_;
  return w.Run(options, [&]() -> absl::StatusOr<PaymentIntent> {
    PAYSIM_ASSIGN_OR_RETURN(PaymentIntent * pi, w.payment_intents.Get(id));
    if (pi->status() != kRequiresAction) {
      return UnexpectedState(*pi, "authenticated", {kRequiresAction});
    }
    Fail(w, *pi, AuthenticationFailureError()).IgnoreError();
    return *pi;
  });
}

namespace internal {

void CancelPaymentIntentOnHoldExpiry(World& world, const Charge& charge) {
  PaymentIntent* pi = world.payment_intents.Find(charge.payment_intent());
  if (pi == nullptr || pi->status() != kRequiresCapture || pi->latest_charge() != charge.id()) {
    return;
  }
  pi->set_status(std::string(kCanceled));
  pi->set_canceled_at(world.created());
  pi->set_cancellation_reason(
      std::string(ExpiredAuthorizationCancellationReason(world.api_version())));
  pi->set_amount_capturable(0);
  world.Emit("payment_intent.canceled", *pi);
}

}  // namespace internal
}  // namespace paysim
