// SetupIntents: the API. Each call checks its params and the intent's state, then asks the
// SetupIntent lifecycle (internal/setup_intent_lifecycle.h) for the transition.
#include "engine/setup_intents.h"
#include "engine/internal/interned.h"

#include <initializer_list>
#include <string>
#include <utility>
#include <vector>

#include "absl/algorithm/container.h"
#include "absl/strings/str_cat.h"
#include "engine/internal/bank_debit_params.h"
#include "engine/internal/intent_common.h"
#include "engine/internal/payment_choice.h"
#include "engine/metadata.h"
#include "engine/internal/setup_intent_lifecycle.h"
#include "engine/internal/status_macros.h"
#include "engine/internal/three_d_secure_request.h"
#include "engine/internal/world.h"

namespace paysim {
namespace {

using internal::SetupIntentLifecycle;
using internal::World;

constexpr absl::string_view kRequiresPaymentMethod = "requires_payment_method";
constexpr absl::string_view kRequiresConfirmation = "requires_confirmation";
constexpr absl::string_view kRequiresAction = "requires_action";

// The statuses in which the setup can still be confirmed or canceled.
constexpr std::initializer_list<absl::string_view> kOpen = {kRequiresPaymentMethod,
                                                            kRequiresConfirmation, kRequiresAction};

absl::Status UnexpectedState(const SetupIntent& si, absl::string_view verb,
                             std::initializer_list<absl::string_view> allowed) {
  StripeError error = internal::UnexpectedStateError("SetupIntent", "setup_intent_unexpected_state",
                                                     si.status(), verb, allowed);
  error.set_setup_intent(si.id());
  return MakeStripeError(std::move(error), /*state_conflict=*/true);
}

absl::Status MissingPaymentMethod(const SetupIntent& si) {
  StripeError error;
  error.set_type(PAYSIM_INTERNED("invalid_request_error"));
  error.set_code(PAYSIM_INTERNED("setup_intent_unexpected_state"));
  error.set_message(
      "You cannot confirm this SetupIntent because it's missing a payment method. You can "
      "either update the SetupIntent with a payment method and then confirm it again, or "
      "confirm it again directly with a payment method or ConfirmationToken.");
  if (!si.id().empty()) error.set_setup_intent(si.id());  // none on a refused create
  error.set_http_status(400);
  return MakeStripeError(std::move(error), /*state_conflict=*/true);
}

// payment_method_options[us_bank_account][verification_method], checked; null when not given.
absl::StatusOr<const std::string*> VerificationMethod(
    const SetupIntentPaymentMethodOptionsParams& options) {
  return internal::CheckVerificationMethod(options.us_bank_account());
}

// payment_method_options[card][request_three_d_secure], checked; null when not given.
// `types`: the intent's payment_method_types (none given: card).
template <typename Types>
absl::StatusOr<const std::string*> ThreeDSecureRequest(
    const SetupIntentPaymentMethodOptionsParams& options, const Types& types) {
  return internal::CheckThreeDSecureRequest(
      options.card(), types.empty() || absl::c_linear_search(types, "card"));
}

}  // namespace

absl::StatusOr<SetupIntent> SetupIntentService::Create(const SetupIntentCreateParams& params,
                                                       const RequestOptions& options) {
  World& w = *world_;
  return w.RunIdempotent<SetupIntent>(
      options, "POST /v1/setup_intents", params, [&]() -> absl::StatusOr<SetupIntent> {
        // validate
        PAYSIM_RETURN_IF_ERROR(ValidateMetadata(params.metadata()));
        if (params.has_usage()) {
          PAYSIM_RETURN_IF_ERROR(
              internal::ValidateEnum(params.usage(), {"off_session", "on_session"}, "usage"));
        }
        PAYSIM_RETURN_IF_ERROR(internal::ValidatePaymentMethodTypes(
            params.payment_method_types(), /*allow_bank_debits=*/true));
        PAYSIM_ASSIGN_OR_RETURN(const std::string* verification_method,
                                VerificationMethod(params.payment_method_options()));
        PAYSIM_ASSIGN_OR_RETURN(
            const std::string* three_d_secure,
            ThreeDSecureRequest(params.payment_method_options(), params.payment_method_types()));
        std::vector<std::string> types(params.payment_method_types().begin(),
                                       params.payment_method_types().end());
        if (types.empty()) types.push_back("card");
        const bool confirm = params.has_confirm() && params.confirm();
        if (!confirm && params.has_return_url()) {
          return internal::OnlyWithConfirm("SetupIntent", "return_url");
        }
        if (!confirm && params.has_mandate_data()) {
          return internal::OnlyWithConfirm("SetupIntent", "mandate_data");
        }
        std::string customer;
        if (params.has_customer()) {
          PAYSIM_ASSIGN_OR_RETURN(const Customer* c,
                                  w.customers().Get(params.customer(), "customer"));
          customer = c->id();
        }
        PAYSIM_ASSIGN_OR_RETURN(
            internal::PaymentChoice choice,
            internal::ChoosePaymentMethod(w, params, nullptr, customer, types, confirm,
                                          "SetupIntent"));
        if (choice.type.empty() && confirm) {
          // Stripe answers setup_intent_unexpected_state, "missing a payment method".
          // UNCERTAIN: whether Stripe leaves a SetupIntent behind; paysim creates nothing.
          return MissingPaymentMethod(SetupIntent());
        }

        // transition + commit
        SetupIntent si;
        si.set_id(w.ids().NewId("seti_"));
        si.set_object(PAYSIM_INTERNED("setup_intent"));
        si.set_client_secret(internal::NewClientSecret(w, si.id()));
        si.set_created(w.created());
        if (!customer.empty()) si.set_customer(customer);
        if (params.has_description()) si.set_description(params.description());
        si.set_livemode(false);
        *si.mutable_metadata() = params.metadata();
        for (const std::string& type : types) si.add_payment_method_types(type);
        si.set_usage(params.has_usage() ? params.usage() : "off_session");
        if (verification_method != nullptr) {
          si.mutable_payment_method_options()->mutable_us_bank_account()->set_verification_method(
              *verification_method);
        }
        if (three_d_secure != nullptr) {
          si.mutable_payment_method_options()->mutable_card()->set_request_three_d_secure(
              *three_d_secure);
        }
        const obj::SharedString payment_method = internal::CommitPaymentMethod(w, choice);
        if (!payment_method.empty()) si.set_payment_method(payment_method);
        const SetupIntent& stored = SetupIntentLifecycle::Create(w, std::move(si));
        if (confirm) {
          PAYSIM_RETURN_IF_ERROR(SetupIntentLifecycle::Confirm(
              w, stored, stored.payment_method(),
              params.has_return_url() ? &params.return_url() : nullptr,
              {choice.mandate, choice.acceptance}));
        }
        return stored;
      });
}

absl::StatusOr<SetupIntent> SetupIntentService::Retrieve(absl::string_view id,
                                                         const RequestOptions& options) {
  World& w = *world_;
  return w.Run(options, [&]() -> absl::StatusOr<SetupIntent> {
    PAYSIM_ASSIGN_OR_RETURN(const SetupIntent* si, w.setup_intents().Get(id));
    return *si;
  });
}

absl::StatusOr<SetupIntent> SetupIntentService::Update(absl::string_view id,
                                                       const SetupIntentUpdateParams& params,
                                                       const RequestOptions& options) {
  World& w = *world_;
  return w.RunIdempotent<SetupIntent>(
      options, [&] { return absl::StrCat("POST /v1/setup_intents/", id); }, params,
      [&]() -> absl::StatusOr<SetupIntent> {
        // validate
        PAYSIM_ASSIGN_OR_RETURN(const SetupIntent* si, w.setup_intents().Get(id));
        if (!internal::StatusIn(si->status(), kOpen)) {
          return UnexpectedState(*si, "updated", kOpen);
        }
        PAYSIM_RETURN_IF_ERROR(ValidateMetadata(params.metadata()));
        PAYSIM_RETURN_IF_ERROR(internal::ValidatePaymentMethodTypes(
            params.payment_method_types(), /*allow_bank_debits=*/true));
        std::vector<std::string> types(si->payment_method_types().begin(),
                                       si->payment_method_types().end());
        if (!params.payment_method_types().empty()) {
          types.assign(params.payment_method_types().begin(), params.payment_method_types().end());
        }
        PAYSIM_ASSIGN_OR_RETURN(const std::string* verification_method,
                                VerificationMethod(params.payment_method_options()));
        PAYSIM_ASSIGN_OR_RETURN(const std::string* three_d_secure,
                                ThreeDSecureRequest(params.payment_method_options(), types));
        std::string customer = si->customer();
        if (params.has_customer()) {
          PAYSIM_ASSIGN_OR_RETURN(const Customer* c,
                                  w.customers().Get(params.customer(), "customer"));
          customer = c->id();
        }
        internal::IntentPaymentMethod resolved;
        if (params.has_payment_method()) {
          PAYSIM_ASSIGN_OR_RETURN(
              resolved, internal::ResolveIntentPaymentMethod(w, params.payment_method(), customer,
                                                             "SetupIntent", "payment_method",
                                                             /*allow_bank_debits=*/true));
          PAYSIM_RETURN_IF_ERROR(internal::CheckTypeAllowed(types, resolved.type(),
                                                            "payment_method", "SetupIntent"));
        } else if (si->has_payment_method()) {
          // The intent's PaymentMethod must still fit the customer and the types.
          PAYSIM_ASSIGN_OR_RETURN(
              const internal::IntentPaymentMethod kept,
              internal::ResolveIntentPaymentMethod(w, si->payment_method(), customer,
                                                   "SetupIntent", "payment_method",
                                                   /*allow_bank_debits=*/true));
          PAYSIM_RETURN_IF_ERROR(
              internal::CheckTypeAllowed(types, kept.type(), "payment_method", "SetupIntent"));
        }
        SetupIntent updated = *si;
        PAYSIM_RETURN_IF_ERROR(MergeMetadata(params.metadata(), updated.mutable_metadata()));

        // transition + commit
        if (params.has_customer()) updated.set_customer(customer);
        if (params.has_description()) updated.set_description(params.description());
        if (!params.payment_method_types().empty()) {
          updated.clear_payment_method_types();
          for (const std::string& type : types) updated.add_payment_method_types(type);
        }
        if (verification_method != nullptr) {
          updated.mutable_payment_method_options()
              ->mutable_us_bank_account()
              ->set_verification_method(*verification_method);
        }
        if (three_d_secure != nullptr) {
          updated.mutable_payment_method_options()->mutable_card()->set_request_three_d_secure(
              *three_d_secure);
        }
        if (resolved.resolved()) {
          updated.set_payment_method(internal::CommitIntentPaymentMethod(w, resolved).id_shared());
        }
        return SetupIntentLifecycle::Update(w, *si, updated, resolved.resolved());
      });
}

absl::StatusOr<SetupIntent> SetupIntentService::Confirm(absl::string_view id,
                                                        const SetupIntentConfirmParams& params,
                                                        const RequestOptions& options) {
  World& w = *world_;
  return w.RunIdempotent<SetupIntent>(
      options, [&] { return absl::StrCat("POST /v1/setup_intents/", id, "/confirm"); }, params,
      [&]() -> absl::StatusOr<SetupIntent> {
        // validate
        PAYSIM_ASSIGN_OR_RETURN(const SetupIntent* si, w.setup_intents().Get(id));
        if (si->status() == "succeeded") {
          StripeError error = internal::UnexpectedStateError(
              "SetupIntent", "setup_intent_unexpected_state", si->status(), "confirmed", kOpen);
          error.set_message("You cannot confirm this SetupIntent because it has already succeeded.");
          error.set_setup_intent(si->id());
          return MakeStripeError(std::move(error), /*state_conflict=*/true);
        }
        if (!internal::StatusIn(si->status(), kOpen)) {
          return UnexpectedState(*si, "confirmed", kOpen);
        }
        PAYSIM_ASSIGN_OR_RETURN(
            internal::PaymentChoice choice,
            internal::ChoosePaymentMethod(
                w, params, si->has_payment_method() ? &si->payment_method() : nullptr,
                si->customer(),
                std::vector<std::string>(si->payment_method_types().begin(),
                                         si->payment_method_types().end()),
                /*confirm=*/true, "SetupIntent"));
        if (choice.type.empty()) return MissingPaymentMethod(*si);
        PAYSIM_ASSIGN_OR_RETURN(const std::string* verification_method,
                                VerificationMethod(params.payment_method_options()));
        PAYSIM_ASSIGN_OR_RETURN(
            const std::string* three_d_secure,
            ThreeDSecureRequest(params.payment_method_options(), si->payment_method_types()));

        // transition + commit
        PAYSIM_RETURN_IF_ERROR(SetupIntentLifecycle::Confirm(
            w, *si, internal::CommitPaymentMethod(w, choice).get(),
            params.has_return_url() ? &params.return_url() : nullptr,
            {choice.mandate, choice.acceptance}, verification_method, three_d_secure));
        return *si;
      });
}

absl::StatusOr<SetupIntent> SetupIntentService::VerifyMicrodeposits(
    absl::string_view id, const VerifyMicrodepositsParams& params,
    const RequestOptions& options) {
  World& w = *world_;
  return w.RunIdempotent<SetupIntent>(
      options, [&] { return absl::StrCat("POST /v1/setup_intents/", id, "/verify_microdeposits"); },
      params, [&]() -> absl::StatusOr<SetupIntent> {
        // validate
        PAYSIM_ASSIGN_OR_RETURN(const SetupIntent* si, w.setup_intents().Get(id));
        if (!si->next_action().has_verify_with_microdeposits()) {
          // UNCERTAIN: Stripe's wording for an intent that awaits no microdeposits.
          return UnexpectedState(*si, "verified", {kRequiresAction});
        }
        PAYSIM_RETURN_IF_ERROR(internal::CheckMicrodepositAnswer(params));
        std::vector<int64_t> amounts(params.amounts().begin(), params.amounts().end());

        // transition + commit
        PAYSIM_RETURN_IF_ERROR(SetupIntentLifecycle::VerifyMicrodeposits(
            w, *si, amounts, params.has_descriptor_code() ? &params.descriptor_code() : nullptr));
        return *si;
      });
}

absl::StatusOr<SetupIntent> SetupIntentService::Cancel(absl::string_view id,
                                                       const SetupIntentCancelParams& params,
                                                       const RequestOptions& options) {
  World& w = *world_;
  return w.RunIdempotent<SetupIntent>(
      options, [&] { return absl::StrCat("POST /v1/setup_intents/", id, "/cancel"); }, params,
      [&]() -> absl::StatusOr<SetupIntent> {
    PAYSIM_ASSIGN_OR_RETURN(const SetupIntent* si, w.setup_intents().Get(id));
    if (!internal::StatusIn(si->status(), kOpen)) return UnexpectedState(*si, "canceled", kOpen);
    if (params.has_cancellation_reason()) {
      PAYSIM_RETURN_IF_ERROR(internal::ValidateEnum(
          params.cancellation_reason(), {"abandoned", "requested_by_customer", "duplicate"},
          "cancellation_reason"));
    }
    SetupIntentLifecycle::Cancel(w, *si, params.cancellation_reason());
    return *si;
  });
}

absl::StatusOr<ListResult<SetupIntent>> SetupIntentService::List(
    const SetupIntentListParams& params, const RequestOptions& options) {
  World& w = *world_;
  return w.Run(options, [&]() -> absl::StatusOr<ListResult<SetupIntent>> {
    ListWindow window;
    PAYSIM_RETURN_IF_ERROR(MakeListWindow(params, &window));
    auto keep = [&](const SetupIntent& si) {
      return !params.has_payment_method() || si.payment_method() == params.payment_method();
    };
    if (params.has_customer()) {  // the customer's only: no walk over every SetupIntent
      return w.setup_intents().ListAt(
          window, "/v1/setup_intents", SetupIntentLifecycle::ByCustomer(w).Of(params.customer()),
          keep);
    }
    return w.setup_intents().List(window, "/v1/setup_intents", keep);
  });
}

absl::StatusOr<SetupIntent> SetupIntentService::CompleteThreeDSecure(
    absl::string_view id, const RequestOptions& options) {
  World& w = *world_;
  return w.Run(options, [&]() -> absl::StatusOr<SetupIntent> {
    PAYSIM_ASSIGN_OR_RETURN(const SetupIntent* si, w.setup_intents().Get(id));
    if (si->status() != kRequiresAction) {
      return UnexpectedState(*si, "authenticated", {kRequiresAction});
    }
    SetupIntentLifecycle::CompleteThreeDSecure(w, *si);
    return *si;
  });
}

absl::StatusOr<SetupIntent> SetupIntentService::FailThreeDSecure(absl::string_view id,
                                                                 const RequestOptions& options) {
  World& w = *world_;
  return w.Run(options, [&]() -> absl::StatusOr<SetupIntent> {
    PAYSIM_ASSIGN_OR_RETURN(const SetupIntent* si, w.setup_intents().Get(id));
    if (si->status() != kRequiresAction) {
      return UnexpectedState(*si, "authenticated", {kRequiresAction});
    }
    SetupIntentLifecycle::FailThreeDSecure(w, *si);
    return *si;
  });
}

}  // namespace paysim
