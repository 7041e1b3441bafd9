// SetupIntents: the whole lifecycle in one place (the table is in setup_intents.h).
//
//   Create / Confirm   validate, then Attempt
//   Attempt            -> requires_action (3D Secure) | Finish
//   Finish             -> succeeded (attach, set up for off-session) | Fail (the card declines)
//   Fail               -> requires_payment_method, last_setup_error
#include "engine/setup_intents.h"

#include <initializer_list>
#include <string>
#include <utility>

#include "absl/strings/str_cat.h"
#include "engine/intent_common.h"
#include "engine/metadata.h"
#include "engine/operations.h"
#include "engine/status_macros.h"
#include "engine/world.h"

namespace paysim {
namespace {

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
  error.set_type("invalid_request_error");
  error.set_code("setup_intent_unexpected_state");
  error.set_message(
      "You cannot confirm this SetupIntent because it's missing a payment method. You can "
      "either update the SetupIntent with a payment method and then confirm it again, or "
      "confirm it again directly with a payment method.");
  error.set_setup_intent(si.id());
  error.set_http_status(400);
  return MakeStripeError(std::move(error), /*state_conflict=*/true);
}

// What the customer's failed 3D Secure leaves in last_setup_error.
StripeError AuthenticationFailureError() {
  StripeError error;
  error.set_type("invalid_request_error");
  error.set_code("setup_intent_authentication_failure");
  error.set_doc_url(ErrorDocUrl("setup_intent_authentication_failure"));
  error.set_message(
      "The latest attempt to set up the payment method has failed because authentication "
      "failed.");
  error.set_http_status(400);
  return error;
}

// The setup failed: back to requires_payment_method. Returns the error to answer (with the
// intent's id); the intent keeps it, without the id, as last_setup_error.
absl::Status Fail(World& w, SetupIntent& si, StripeError error) {
  if (si.has_payment_method()) error.set_payment_method(si.payment_method());
  *si.mutable_last_setup_error() = internal::AsLastError(error);
  si.set_status(std::string(kRequiresPaymentMethod));
  si.clear_payment_method();
  si.clear_next_action();
  w.Emit("setup_intent.setup_failed", si);
  error.set_setup_intent(si.id());
  return MakeStripeError(std::move(error));
}

// The card is saved (or declines, as attaching it would). UNCERTAIN (event order):
// payment_method.attached comes before setup_intent.succeeded, as for PaymentIntents.
absl::Status Finish(World& w, SetupIntent& si, PaymentMethod& pm, const TestCard& card) {
  si.clear_next_action();
  if (absl::Status attachable = internal::CheckAttachable(card); !attachable.ok()) {
    return Fail(w, si, *GetStripeError(attachable));
  }
  if (pm.detached()) {
    // Detached while the customer was authenticating: it may not be used again.
    return Fail(w, si, *GetStripeError(internal::PaymentMethodNotReusable("payment_method")));
  }
  si.clear_last_setup_error();
  if (si.usage() == "off_session") pm.set_setup_for_off_session(true);
  if (si.has_customer() && !pm.has_customer()) {
    internal::AttachPaymentMethod(w, pm, si.customer());
  }
  si.set_status(std::string(kSucceeded));
  w.Emit("setup_intent.succeeded", si);
  return absl::OkStatus();
}

// One confirmation attempt with the intent's payment_method.
absl::Status Attempt(World& w, SetupIntent& si, bool authenticated) {
  PaymentMethod* pm = w.payment_methods.Find(si.payment_method());
  const TestCard* card = pm == nullptr ? nullptr : internal::TestCardOf(*pm);
  if (card == nullptr) return MissingPaymentMethod(si);  // checked by every caller
  if (!authenticated && internal::SetupNeedsAuthentication(*card)) {
    si.set_status(std::string(kRequiresAction));
    *si.mutable_next_action() =
        internal::ThreeDSecureNextAction("setup_intent", si.id(), si.client_secret(),
                                         si.has_return_url() ? &si.return_url() : nullptr);
    w.Emit("setup_intent.requires_action", si);
    return absl::OkStatus();
  }
  return Finish(w, si, *pm, *card);
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
          PAYSIM_ASSIGN_OR_RETURN(Customer * c, w.customers.Get(params.customer(), "customer"));
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
        si.set_id(w.ids.NewId("seti_"));
        si.set_object("setup_intent");
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
          si.set_status(std::string(kRequiresConfirmation));
        } else {
          si.set_status(std::string(kRequiresPaymentMethod));
        }
        SetupIntent& stored = w.setup_intents.Insert(std::move(si));
        w.Emit("setup_intent.created", stored);
        if (confirm) {
          if (params.has_return_url()) stored.set_return_url(params.return_url());
          PAYSIM_RETURN_IF_ERROR(Attempt(w, stored, /*authenticated=*/false));
        }
        return stored;
      });
}

absl::StatusOr<SetupIntent> SetupIntentService::Retrieve(absl::string_view id,
                                                         const RequestOptions& options) {
  World& w = *world_;
  return w.Run(options, [&]() -> absl::StatusOr<SetupIntent> {
    PAYSIM_ASSIGN_OR_RETURN(SetupIntent * si, w.setup_intents.Get(id));
    return *si;
  });
}

absl::StatusOr<SetupIntent> SetupIntentService::Confirm(absl::string_view id,
                                                        const SetupIntentConfirmParams& params,
                                                        const RequestOptions& options) {
  World& w = *world_;
  return w.RunIdempotent<SetupIntent>(
      options, absl::StrCat("POST /v1/setup_intents/", id, "/confirm"), params,
      [&]() -> absl::StatusOr<SetupIntent> {
        // validate
        PAYSIM_ASSIGN_OR_RETURN(SetupIntent * si, w.setup_intents.Get(id));
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
        si->set_payment_method(internal::CommitIntentPaymentMethod(w, resolved).id());
        if (params.has_return_url()) {
          si->set_return_url(params.return_url());
        } else {
          si->clear_return_url();
        }
        si->clear_last_setup_error();
        PAYSIM_RETURN_IF_ERROR(Attempt(w, *si, /*authenticated=*/false));
        return *si;
      });
}

absl::StatusOr<SetupIntent> SetupIntentService::Cancel(absl::string_view id,
                                                       const SetupIntentCancelParams& params,
                                                       const RequestOptions& options) {
  World& w = *world_;
  return w.RunIdempotent<SetupIntent>(
      options, absl::StrCat("POST /v1/setup_intents/", id, "/cancel"), params,
      [&]() -> absl::StatusOr<SetupIntent> {
    PAYSIM_ASSIGN_OR_RETURN(SetupIntent * si, w.setup_intents.Get(id));
    if (!internal::StatusIn(si->status(), kOpen)) return UnexpectedState(*si, "canceled", kOpen);
    if (params.has_cancellation_reason()) {
      PAYSIM_RETURN_IF_ERROR(internal::ValidateEnum(
          params.cancellation_reason(), {"abandoned", "requested_by_customer", "duplicate"},
          "cancellation_reason"));
    }
    si->set_status(std::string(kCanceled));
    if (params.has_cancellation_reason()) {
      si->set_cancellation_reason(params.cancellation_reason());
    }
    si->clear_next_action();
    w.Emit("setup_intent.canceled", *si);
    return *si;
  });
}

absl::StatusOr<ListResult<SetupIntent>> SetupIntentService::List(
    const SetupIntentListParams& params, const RequestOptions& options) {
  World& w = *world_;
  return w.Run(options, [&]() -> absl::StatusOr<ListResult<SetupIntent>> {
    ListWindow window;
    PAYSIM_RETURN_IF_ERROR(MakeListWindow(params, &window));
    return w.setup_intents.List(window, "/v1/setup_intents", [&](const SetupIntent& si) {
      return (!params.has_customer() || si.customer() == params.customer()) &&
             (!params.has_payment_method() || si.payment_method() == params.payment_method());
    });
  });
}

absl::StatusOr<SetupIntent> SetupIntentService::CompleteThreeDSecure(
    absl::string_view id, const RequestOptions& options) {
  World& w = *world_;
  return w.Run(options, [&]() -> absl::StatusOr<SetupIntent> {
    PAYSIM_ASSIGN_OR_RETURN(SetupIntent * si, w.setup_intents.Get(id));
    if (si->status() != kRequiresAction) {
      return UnexpectedState(*si, "authenticated", {kRequiresAction});
    }
    // A decline shows on the intent (requires_payment_method, last_setup_error).
    Attempt(w, *si, /*authenticated=*/true).IgnoreError();
    return *si;
  });
}

absl::StatusOr<SetupIntent> SetupIntentService::FailThreeDSecure(absl::string_view id,
                                                                 const RequestOptions& options) {
  World& w = *world_;
  return w.Run(options, [&]() -> absl::StatusOr<SetupIntent> {
    PAYSIM_ASSIGN_OR_RETURN(SetupIntent * si, w.setup_intents.Get(id));
    if (si->status() != kRequiresAction) {
      return UnexpectedState(*si, "authenticated", {kRequiresAction});
    }
    Fail(w, *si, AuthenticationFailureError()).IgnoreError();
    return *si;
  });
}

}  // namespace paysim
