// PaymentIntents: the API. Each call checks its params and the intent's state, then asks the
// PaymentIntent lifecycle (internal/payment_intent_lifecycle.h) for the transition.
#include "engine/payment_intents.h"
#include "engine/internal/interned.h"

#include <initializer_list>
#include <string>
#include <utility>
#include <vector>

#include "absl/algorithm/container.h"
#include "absl/strings/str_cat.h"
#include "engine/api_version.h"
#include "engine/internal/bank_debit_params.h"
#include "engine/internal/customer_balance_options.h"
#include "engine/internal/payment_choice.h"
#include "engine/internal/card_details.h"
#include "engine/currency.h"
#include "engine/internal/charge_lifecycle.h"
#include "engine/internal/intent_common.h"
#include "engine/internal/params_util.h"
#include "engine/internal/payment_intent_checks.h"
#include "engine/internal/payment_intent_lifecycle.h"
#include "engine/metadata.h"
#include "engine/statement_descriptor.h"
#include "engine/internal/status_macros.h"
#include "engine/internal/three_d_secure_request.h"
#include "engine/internal/world.h"

namespace paysim {
namespace {

using internal::ChoosePaymentMethod;
using internal::CommitPaymentMethod;
using internal::PaymentChoice;
using internal::PaymentIntentLifecycle;
using internal::TypesOf;
using internal::PaymentIntentState;
using internal::PaymentIntentUnexpectedState;
using internal::PaymentIntentTrigger;
using internal::World;

constexpr absl::string_view kRequiresPaymentMethod = "requires_payment_method";
constexpr absl::string_view kRequiresConfirmation = "requires_confirmation";
constexpr absl::string_view kRequiresAction = "requires_action";
constexpr absl::string_view kRequiresCapture = "requires_capture";

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
        PAYSIM_RETURN_IF_ERROR(internal::ValidateIntentFields(params));
        if (params.has_shipping()) {
          PAYSIM_RETURN_IF_ERROR(internal::ValidateIntentShipping(params.shipping(), /*allow_unset=*/false));
        }
        if (params.has_statement_descriptor_suffix()) {
          PAYSIM_RETURN_IF_ERROR(internal::ValidateIntentSuffix(w, params.statement_descriptor_suffix()));
        }
        if (params.has_confirmation_method()) {
          PAYSIM_RETURN_IF_ERROR(internal::ValidateEnum(
              params.confirmation_method(), {"automatic", "manual"}, "confirmation_method"));
        }
        PAYSIM_RETURN_IF_ERROR(internal::ValidatePaymentMethodTypes(
            params.payment_method_types(), /*allow_bank_debits=*/true,
            /*allow_customer_balance=*/true));
        std::vector<std::string> types(params.payment_method_types().begin(),
                                       params.payment_method_types().end());
        if (types.empty()) types.push_back("card");
        PAYSIM_RETURN_IF_ERROR(internal::CheckBankDebitCurrency(types, currency->code));
        if (params.has_statement_descriptor()) {
          PAYSIM_RETURN_IF_ERROR(internal::CheckIntentStatementDescriptor(
              params.statement_descriptor(), absl::c_linear_search(types, "card"),
              "statement_descriptor"));
        }
        const bool confirm = params.has_confirm() && params.confirm();
        if (!confirm) {
          if (params.has_mandate_data())
            return internal::OnlyWithConfirm("PaymentIntent", "mandate_data");
          if (params.has_mandate()) return internal::OnlyWithConfirm("PaymentIntent", "mandate");
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
          PAYSIM_ASSIGN_OR_RETURN(const Customer* c,
                                  w.customers().Get(params.customer(), "customer"));
          customer = c->id();
        }
        PAYSIM_ASSIGN_OR_RETURN(
            PaymentChoice choice,
            ChoosePaymentMethod(w, params, nullptr, customer, types, confirm, "PaymentIntent",
                                params.has_mandate() ? &params.mandate() : nullptr));
        PAYSIM_ASSIGN_OR_RETURN(PaymentIntentPaymentMethodOptions method_options,
                                internal::CheckCustomerBalanceOptions(
                                    params, types, !customer.empty(), choice.type));
        PAYSIM_ASSIGN_OR_RETURN(const std::string* verification_method,
                                internal::PaymentIntentVerificationMethod(
                                    params.payment_method_options(), /*on_confirm=*/false));
        PAYSIM_ASSIGN_OR_RETURN(
            const std::string* three_d_secure,
            internal::CheckThreeDSecureRequest(params.payment_method_options().card(),
                                               absl::c_linear_search(types, "card")));
        if (choice.type.empty() && confirm) {
          // Stripe answers payment_intent_unexpected_state, "missing a payment method".
          // UNCERTAIN: whether Stripe leaves a PaymentIntent behind; paysim creates nothing.
          return internal::IntentMissingPaymentMethod(PaymentIntent());
        }

        // transition + commit
        PaymentIntent pi;
        pi.set_id(w.ids().NewId("pi_"));
        pi.set_object(PAYSIM_INTERNED("payment_intent"));
        pi.set_amount(params.amount());
        pi.set_amount_capturable(0);
        pi.set_amount_received(0);
        // Validated enum values: interned, no string per intent.
        pi.set_capture_method(params.has_capture_method()
                                  ? internal::InternedCopy(params.capture_method())
                                  : internal::Interned(DefaultCaptureMethod(w.api_version())));
        pi.set_client_secret(internal::NewClientSecret(w, pi.id()));
        pi.set_confirmation_method(params.has_confirmation_method()
                                       ? internal::InternedCopy(params.confirmation_method())
                                       : PAYSIM_INTERNED("automatic"));
        pi.set_created(w.created());
        pi.set_currency(internal::Interned(currency->code));
        if (!customer.empty()) pi.set_customer(customer);
        if (params.has_description()) pi.set_description(params.description());
        pi.set_livemode(false);
        *pi.mutable_metadata() = params.metadata();
        if (types.size() == 1 && types[0] == "card") {
          // The default: one list for every such intent (one per thread: reps are shared
          // without atomic counts).
          thread_local const obj::Repeated<std::string> card_only = [] {
            obj::Repeated<std::string> list;
            list.Add("card");
            return list;
          }();
          *pi.mutable_payment_method_types() = card_only;
        } else {
          for (const std::string& type : types) pi.add_payment_method_types(type);
        }
        if (params.has_receipt_email()) pi.set_receipt_email(params.receipt_email());
        if (params.has_setup_future_usage()) pi.set_setup_future_usage(params.setup_future_usage());
        if (params.has_shipping()) {
          *pi.mutable_shipping() = internal::ShippingFrom(params.shipping());
        }
        if (params.has_statement_descriptor()) {
          pi.set_statement_descriptor(params.statement_descriptor());
        }
        if (params.has_statement_descriptor_suffix()) {
          pi.set_statement_descriptor_suffix(params.statement_descriptor_suffix());
        }
        if (!params.transfer_group().empty()) pi.set_transfer_group(params.transfer_group());
        if (method_options.has_customer_balance()) {
          *pi.mutable_payment_method_options() = std::move(method_options);
        }
        if (verification_method != nullptr) {
          pi.mutable_payment_method_options()->mutable_us_bank_account()->set_verification_method(
              *verification_method);
        }
        if (three_d_secure != nullptr) {
          pi.mutable_payment_method_options()->mutable_card()->set_request_three_d_secure(
              *three_d_secure);
        }
        const obj::SharedString payment_method = CommitPaymentMethod(w, choice);
        if (!payment_method.empty()) pi.set_payment_method(payment_method);
        const PaymentIntent& stored = PaymentIntentLifecycle::Create(w, std::move(pi));
        if (confirm) {
          PaymentIntentLifecycle::Confirmation confirmation;
          confirmation.payment_method = stored.payment_method_shared();
          confirmation.off_session = params.has_off_session() && params.off_session();
          if (params.has_return_url()) confirmation.return_url = &params.return_url();
          confirmation.error_on_requires_action =
              params.has_error_on_requires_action() && params.error_on_requires_action();
          confirmation.mandate = choice.mandate;
          confirmation.mandate_acceptance = choice.acceptance;
          PAYSIM_RETURN_IF_ERROR(PaymentIntentLifecycle::Confirm(w, stored, confirmation));
        }
        return stored;
      });
}

absl::StatusOr<PaymentIntent> PaymentIntentService::Retrieve(absl::string_view id,
                                                             const RequestOptions& options) {
  World& w = *world_;
  return w.Run(options, [&]() -> absl::StatusOr<PaymentIntent> {
    PAYSIM_ASSIGN_OR_RETURN(const PaymentIntent* pi, w.payment_intents().Get(id));
    return *pi;
  });
}

absl::StatusOr<PaymentIntent> PaymentIntentService::Update(absl::string_view id,
                                                           const PaymentIntentUpdateParams& params,
                                                           const RequestOptions& options) {
  World& w = *world_;
  return w.RunIdempotent<PaymentIntent>(
      options, [&] { return absl::StrCat("POST /v1/payment_intents/", id); }, params,
      [&]() -> absl::StatusOr<PaymentIntent> {
    // validate
    PAYSIM_ASSIGN_OR_RETURN(const PaymentIntent* pi, w.payment_intents().Get(id));
    // The payment's terms are fixed once paid or held; description, metadata and
    // receipt_email stay editable in every status (UNCERTAIN for canceled intents).
    const bool before_payment = internal::StatusIn(pi->status(), internal::kIntentBeforePayment);
    if (!before_payment) {
      if (params.has_amount()) return internal::IntentFieldNotUpdatable(*pi, "amount");
      if (params.has_currency()) return internal::IntentFieldNotUpdatable(*pi, "currency");
      if (params.has_customer()) return internal::IntentFieldNotUpdatable(*pi, "customer");
      if (params.has_payment_method()) return internal::IntentFieldNotUpdatable(*pi, "payment_method");
      if (params.has_capture_method()) return internal::IntentFieldNotUpdatable(*pi, "capture_method");
      if (params.has_setup_future_usage()) return internal::IntentFieldNotUpdatable(*pi, "setup_future_usage");
      if (params.has_statement_descriptor_suffix()) {
        return internal::IntentFieldNotUpdatable(*pi, "statement_descriptor_suffix");
      }
      if (params.has_payment_method_options()) {
        return internal::IntentFieldNotUpdatable(*pi, "payment_method_options");
      }
    }
    PAYSIM_RETURN_IF_ERROR(internal::ValidateIntentFields(params));
    PAYSIM_ASSIGN_OR_RETURN(
        const std::string* verification_method,
        internal::CheckVerificationMethod(params.payment_method_options().us_bank_account()));
    PAYSIM_ASSIGN_OR_RETURN(
        const std::string* three_d_secure,
        internal::CheckThreeDSecureRequest(params.payment_method_options().card(),
                                           absl::c_linear_search(TypesOf(*pi), "card")));
    // Shipping stays editable in every status (a tracking number is added after the payment).
    if (params.has_shipping()) {
      PAYSIM_RETURN_IF_ERROR(internal::ValidateIntentShipping(params.shipping(), /*allow_unset=*/true));
    }
    const CurrencyInfo* currency = FindCurrency(pi->currency());
    if (params.has_currency()) {
      PAYSIM_RETURN_IF_ERROR(ValidateCurrency(params.currency(), &currency));
    }
    if (params.has_amount() || params.has_currency()) {
      PAYSIM_RETURN_IF_ERROR(
          ValidateChargeAmount(params.has_amount() ? params.amount() : pi->amount(), *currency));
    }
    if (params.has_statement_descriptor_suffix()) {
      PAYSIM_RETURN_IF_ERROR(internal::ValidateIntentSuffix(w, params.statement_descriptor_suffix()));
    }
    if (params.has_transfer_group()) {
      PAYSIM_RETURN_IF_ERROR(internal::CheckTransferGroupUpdate(
          pi->has_transfer_group(), pi->transfer_group(), params.transfer_group()));
    }
    std::string customer = pi->customer();
    if (params.has_customer()) {
      PAYSIM_ASSIGN_OR_RETURN(const Customer* c, w.customers().Get(params.customer(), "customer"));
      customer = c->id();
    }
    internal::IntentPaymentMethod resolved;
    if (params.has_payment_method()) {
      PAYSIM_ASSIGN_OR_RETURN(
          resolved, internal::ResolveIntentPaymentMethod(w, params.payment_method(), customer,
                                                         "PaymentIntent", "payment_method",
                                                         /*allow_bank_debits=*/true));
      PAYSIM_RETURN_IF_ERROR(internal::CheckTypeAllowed(TypesOf(*pi),
                                                        resolved.type(), "payment_method"));
    } else if (params.has_customer() && pi->has_payment_method()) {
      // The intent's PaymentMethod must still fit the new customer.
      PAYSIM_RETURN_IF_ERROR(internal::ResolveIntentPaymentMethod(w, pi->payment_method(), customer,
                                                                  "PaymentIntent", "payment_method",
                                                                  /*allow_bank_debits=*/true)
                                 .status());
    }
    PaymentIntent updated = *pi;
    PAYSIM_RETURN_IF_ERROR(MergeMetadata(params.metadata(), updated.mutable_metadata()));

    // transition
    if (params.has_description()) updated.set_description(params.description());
    if (params.has_receipt_email()) updated.set_receipt_email(params.receipt_email());
    if (params.has_amount()) updated.set_amount(params.amount());
    if (params.has_currency()) updated.set_currency(internal::Interned(currency->code));
    if (params.has_customer()) updated.set_customer(customer);
    if (params.has_capture_method()) {
      updated.set_capture_method(internal::InternedCopy(params.capture_method()));
    }
    if (params.has_setup_future_usage()) {
      updated.set_setup_future_usage(params.setup_future_usage());
    }
    if (params.has_statement_descriptor_suffix()) {
      updated.set_statement_descriptor_suffix(params.statement_descriptor_suffix());
    }
    if (!params.transfer_group().empty()) updated.set_transfer_group(params.transfer_group());
    if (verification_method != nullptr) {
      updated.mutable_payment_method_options()->mutable_us_bank_account()->set_verification_method(
          *verification_method);
    }
    if (three_d_secure != nullptr) {  // asked of the next confirmation
      updated.mutable_payment_method_options()->mutable_card()->set_request_three_d_secure(
          *three_d_secure);
    }
    if (params.has_shipping()) {
      if (internal::IsUnsetRequest(params.shipping())) {
        updated.clear_shipping();
      } else {
        *updated.mutable_shipping() = internal::ShippingFrom(params.shipping());
      }
    }
    // UNCERTAIN: a new amount or currency while requires_action also asks for a new
    // confirmation (the customer authenticated the old one).
    const bool payment_changed =
        params.has_payment_method() ||
        (pi->status() == kRequiresAction && (params.has_amount() || params.has_currency()));

    // commit
    if (resolved.resolved()) {
      updated.set_payment_method(internal::CommitIntentPaymentMethod(w, resolved).id_shared());
    }
    return PaymentIntentLifecycle::Update(w, *pi, updated, payment_changed && before_payment);
  });
}

absl::StatusOr<PaymentIntent> PaymentIntentService::Confirm(
    absl::string_view id, const PaymentIntentConfirmParams& params, const RequestOptions& options) {
  World& w = *world_;
  return w.RunIdempotent<PaymentIntent>(
      options, [&] { return absl::StrCat("POST /v1/payment_intents/", id, "/confirm"); }, params,
      [&]() -> absl::StatusOr<PaymentIntent> {
        // validate
        PAYSIM_ASSIGN_OR_RETURN(const PaymentIntent* pi, w.payment_intents().Get(id));
        if (!internal::StatusIn(pi->status(), internal::kIntentBeforePayment)) {
          if (params.has_payment_method()) return internal::IntentFieldNotUpdatable(*pi, "payment_method");
          return internal::CannotConfirmIntent(*pi);
        }
        if (params.has_setup_future_usage()) {
          PAYSIM_RETURN_IF_ERROR(internal::ValidateEnum(
              params.setup_future_usage(), {"on_session", "off_session"}, "setup_future_usage"));
        }
        if (params.has_receipt_email()) {
          PAYSIM_RETURN_IF_ERROR(internal::ValidateEmail(params.receipt_email(), "receipt_email"));
        }
        if (params.has_shipping()) {
          PAYSIM_RETURN_IF_ERROR(internal::ValidateIntentShipping(params.shipping(), /*allow_unset=*/true));
        }
        PAYSIM_ASSIGN_OR_RETURN(
            PaymentChoice choice,
            ChoosePaymentMethod(w, params,
                                pi->has_payment_method() ? &pi->payment_method() : nullptr,
                                pi->customer(), TypesOf(*pi), /*confirm=*/true, "PaymentIntent",
                                params.has_mandate() ? &params.mandate() : nullptr));
        if (choice.type.empty()) return internal::IntentMissingPaymentMethod(*pi);
        PAYSIM_ASSIGN_OR_RETURN(const std::string* verification_method,
                                internal::PaymentIntentVerificationMethod(
                                    params.payment_method_options(), /*on_confirm=*/true));
        PAYSIM_ASSIGN_OR_RETURN(
            const std::string* three_d_secure,
            internal::CheckThreeDSecureRequest(params.payment_method_options().card(),
                                               absl::c_linear_search(TypesOf(*pi), "card")));

        // transition + commit
        PaymentIntentLifecycle::Confirmation confirmation;
        confirmation.verification_method = verification_method;
        confirmation.request_three_d_secure = three_d_secure;
        confirmation.payment_method = CommitPaymentMethod(w, choice);
        confirmation.off_session = params.has_off_session() && params.off_session();
        if (params.has_return_url()) confirmation.return_url = &params.return_url();
        if (params.has_setup_future_usage()) {
          confirmation.setup_future_usage = &params.setup_future_usage();
        }
        if (params.has_receipt_email()) confirmation.receipt_email = &params.receipt_email();
        Shipping shipping;
        if (params.has_shipping()) {
          if (!internal::IsUnsetRequest(params.shipping())) {
            shipping = internal::ShippingFrom(params.shipping());
          }
          confirmation.shipping = &shipping;
        }
        confirmation.error_on_requires_action =
            params.has_error_on_requires_action() && params.error_on_requires_action();
        confirmation.mandate = choice.mandate;
        confirmation.mandate_acceptance = choice.acceptance;
        PAYSIM_RETURN_IF_ERROR(PaymentIntentLifecycle::Confirm(w, *pi, confirmation));
        return *pi;
      });
}

absl::StatusOr<PaymentIntent> PaymentIntentService::Capture(
    absl::string_view id, const PaymentIntentCaptureParams& params, const RequestOptions& options) {
  World& w = *world_;
  return w.RunIdempotent<PaymentIntent>(
      options, [&] { return absl::StrCat("POST /v1/payment_intents/", id, "/capture"); }, params,
      [&]() -> absl::StatusOr<PaymentIntent> {
    // validate
    PAYSIM_ASSIGN_OR_RETURN(const PaymentIntent* pi, w.payment_intents().Get(id));
    if (!PaymentIntentLifecycle::machine().Allows(PaymentIntentLifecycle::StateOf(*pi),
                                                  PaymentIntentTrigger::kCapture)) {
      return PaymentIntentUnexpectedState(*pi, "captured", {kRequiresCapture});
    }
    const Charge* charge = w.charges().Find(pi->latest_charge());
    if (charge == nullptr ||
        internal::ChargeLifecycle::StateOf(*charge) != internal::ChargeState::kAuthorized) {
      // never expected
      return PaymentIntentUnexpectedState(*pi, "captured", {kRequiresCapture});
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
      PAYSIM_RETURN_IF_ERROR(internal::ValidateIntentSuffix(w, params.statement_descriptor_suffix()));
    }
    PaymentIntent updated = *pi;
    if (!params.metadata().empty()) {
      PAYSIM_RETURN_IF_ERROR(MergeMetadata(params.metadata(), updated.mutable_metadata()));
    }

    // transition + commit: the charge first (charge.captured), then the intent.
    if (params.has_statement_descriptor_suffix()) {
      updated.set_statement_descriptor_suffix(params.statement_descriptor_suffix());
    }
    PaymentIntentLifecycle::Capture(w, *pi, amount, updated);
    return *pi;
  });
}

absl::StatusOr<PaymentIntent> PaymentIntentService::Cancel(absl::string_view id,
                                                           const PaymentIntentCancelParams& params,
                                                           const RequestOptions& options) {
  World& w = *world_;
  return w.RunIdempotent<PaymentIntent>(
      options, [&] { return absl::StrCat("POST /v1/payment_intents/", id, "/cancel"); }, params,
      [&]() -> absl::StatusOr<PaymentIntent> {
    // validate
    PAYSIM_ASSIGN_OR_RETURN(const PaymentIntent* pi, w.payment_intents().Get(id));
    // Stripe's message lists `processing`, which some payment methods allow; paysim's only
    // processing intents are bank debits, which cannot be canceled once submitted.
    if (!PaymentIntentLifecycle::machine().Allows(PaymentIntentLifecycle::StateOf(*pi),
                                                  PaymentIntentTrigger::kCancel)) {
      return PaymentIntentUnexpectedState(*pi, "canceled",
                                          {kRequiresPaymentMethod, kRequiresCapture,
                                           kRequiresConfirmation, kRequiresAction, "processing"});
    }
    if (!pi->invoice_id().empty()) {
      // Stripe voids the invoice to cancel its PaymentIntent; paying the invoice afterwards
      // would otherwise charge a canceled intent. UNCERTAIN: Stripe's wording.
      return InvalidRequestError(
          "", "",
          absl::StrCat("You cannot cancel this PaymentIntent because it was created by invoice ",
                       pi->invoice_id(), ". Void the invoice instead."));
    }
    if (params.has_cancellation_reason()) {
      PAYSIM_RETURN_IF_ERROR(
          internal::ValidateEnum(params.cancellation_reason(),
                                 {"duplicate", "fraudulent", "requested_by_customer", "abandoned"},
                                 "cancellation_reason"));
    }

    PaymentIntentLifecycle::Cancel(w, *pi, params.cancellation_reason());
    return *pi;
  });
}

absl::StatusOr<ListResult<PaymentIntent>> PaymentIntentService::List(
    const PaymentIntentListParams& params, const RequestOptions& options) {
  World& w = *world_;
  return w.Run(options, [&]() -> absl::StatusOr<ListResult<PaymentIntent>> {
    ListWindow window;
    PAYSIM_RETURN_IF_ERROR(MakeListWindow(params, &window));
    if (params.has_customer()) {  // the customer's only: no walk over every PaymentIntent
      return w.payment_intents().ListAt(
          window, "/v1/payment_intents",
          PaymentIntentLifecycle::ByCustomer(w).Of(params.customer()),
          [](const PaymentIntent&) { return true; });
    }
    return w.payment_intents().List(window, "/v1/payment_intents",
                                    [](const PaymentIntent&) { return true; });
  });
}

}  // namespace paysim
