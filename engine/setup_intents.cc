// SetupIntents: the API. Each call checks its params and the intent's state, then asks the
// SetupIntent lifecycle (internal/setup_intent_lifecycle.h) for the transition.
#include "engine/setup_intents.h"
#include "engine/internal/interned.h"

#include <initializer_list>
#include <string>
#include <utility>

#include "absl/strings/str_cat.h"
#include "engine/internal/intent_common.h"
#include "engine/metadata.h"
#include "engine/internal/setup_intent_lifecycle.h"
#include "engine/internal/status_macros.h"
#include "engine/internal/world.h"

namespace paysim {
namespace {

using internal::SetupIntentLifecycle;
using internal::World;

constexpr absl::string_view kRequiresPaymentMethod = "requires_payment_method";
constexpr absl::string_view kRequiresConfirmation = "requires_confirmation";
constexpr absl::string_view kRequiresAction = "requires_action";
constexpr absl::string_view kSucceeded = "succeeded";
constexpr absl::string_view kCanceled = "canceled";

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
  error.set_type(internal::Interned("invalid_request_error"));
  error.set_code(internal::Interned("setup_intent_unexpected_state"));
  error.set_message(
      "You cannot confirm this SetupIntent because it's missing a payment method. You can "
      "either update the SetupIntent with a payment method and then confirm it again, or "
      "confirm it again directly with a payment method.");
  error.set_setup_intent(si.id());
  error.set_http_status(400);
  return MakeStripeError(std::move(error), /*state_conflict=*/true);
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
        PAYSIM_RETURN_IF_ERROR(internal::ValidatePaymentMethodTypes(params.payment_method_types()));
        const bool confirm = params.has_confirm() && params.confirm();
        if (!confirm && params.has_return_url()) {
          return internal::OnlyWithConfirm("SetupIntent", "return_url");
        }
        std::string customer;
        if (params.has_customer()) {
          PAYSIM_ASSIGN_OR_RETURN(const Customer* c,
                                  w.customers().Get(params.customer(), "customer"));
          customer = c->id();
        }
        internal::IntentPaymentMethod resolved;
        if (params.has_payment_method()) {
          PAYSIM_ASSIGN_OR_RETURN(
              resolved, internal::ResolveIntentPaymentMethod(w, params.payment_method(), customer,
                                                             "SetupIntent", "payment_method"));
        } else if (confirm) {
          // UNCERTAIN (as for PaymentIntents): refused, nothing is created.
          return ParameterMissing("payment_method");
        }

        // transition + commit
        SetupIntent si;
        si.set_id(w.ids().NewId("seti_"));
        si.set_object(internal::Interned("setup_intent"));
        si.set_client_secret(internal::NewClientSecret(w, si.id()));
        si.set_created(w.created());
        if (!customer.empty()) si.set_customer(customer);
        if (params.has_description()) si.set_description(params.description());
        si.set_livemode(false);
        *si.mutable_metadata() = params.metadata();
        if (params.payment_method_types().empty()) {
          si.add_payment_method_types("card");
        } else {
          *si.mutable_payment_method_types() = params.payment_method_types();
        }
        si.set_usage(params.has_usage() ? params.usage() : "off_session");
        if (resolved.card != nullptr) {
          si.set_payment_method(internal::CommitIntentPaymentMethod(w, resolved).id());
        }
        const SetupIntent& stored = SetupIntentLifecycle::Create(w, std::move(si));
        if (confirm) {
          PAYSIM_RETURN_IF_ERROR(SetupIntentLifecycle::Confirm(
              w, stored, stored.payment_method(),
              params.has_return_url() ? &params.return_url() : nullptr));
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

absl::StatusOr<SetupIntent> SetupIntentService::Confirm(absl::string_view id,
                                                        const SetupIntentConfirmParams& params,
                                                        const RequestOptions& options) {
  World& w = *world_;
  return w.RunIdempotent<SetupIntent>(
      options, [&] { return absl::StrCat("POST /v1/setup_intents/", id, "/confirm"); }, params,
      [&]() -> absl::StatusOr<SetupIntent> {
        // validate
        PAYSIM_ASSIGN_OR_RETURN(const SetupIntent* si, w.setup_intents().Get(id));
        if (!internal::StatusIn(si->status(), kOpen)) {
          return UnexpectedState(*si, "confirmed", kOpen);
        }
        if (!params.has_payment_method() && !si->has_payment_method()) {
          return MissingPaymentMethod(*si);
        }
        PAYSIM_ASSIGN_OR_RETURN(
            internal::IntentPaymentMethod resolved,
            internal::ResolveIntentPaymentMethod(
                w, params.has_payment_method() ? params.payment_method() : si->payment_method(),
                si->customer(), "SetupIntent", "payment_method"));

        // transition + commit
        PAYSIM_RETURN_IF_ERROR(SetupIntentLifecycle::Confirm(
            w, *si, internal::CommitIntentPaymentMethod(w, resolved).id(),
            params.has_return_url() ? &params.return_url() : nullptr));
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
    return w.setup_intents().List(window, "/v1/setup_intents", [&](const SetupIntent& si) {
      return (!params.has_customer() || si.customer() == params.customer()) &&
             (!params.has_payment_method() || si.payment_method() == params.payment_method());
    });
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
