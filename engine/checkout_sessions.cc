// Checkout Sessions: the merchant's API (create with every check, retrieve, list, expire, line
// items). The session's transitions are internal/checkout_session_lifecycle.h's.
#include "engine/checkout_sessions.h"

#include <algorithm>
#include <string>
#include <utility>
#include <vector>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "google/protobuf/empty.pb.h"
#include "absl/strings/str_replace.h"
#include "engine/internal/catalog.h"
#include "engine/internal/catalog_lifecycle.h"
#include "engine/internal/checkout_dynamic_updates.h"
#include "engine/internal/checkout_session_lifecycle.h"
#include "engine/internal/checkout_session_request.h"
#include "engine/internal/line_item_pages.h"
#include "engine/currency.h"
#include "engine/internal/intent_common.h"
#include "engine/metadata.h"
#include "engine/internal/params_util.h"
#include "engine/statement_descriptor.h"
#include "engine/internal/status_macros.h"
#include "engine/internal/world.h"

namespace paysim {
namespace {

using internal::CheckoutSessionLifecycle;
using internal::World;

// Stripe: "Only Checkout Sessions with a status in ["open"] can be expired. This Checkout
// Session has a status of `expired`."
absl::Status NotOpen(const CheckoutSession& session, absl::string_view verb) {
  return StateError("", "",
                    absl::StrCat("Only Checkout Sessions with a status in [\"open\"] can be ", verb,
                                 ". This Checkout Session has a status of `", session.status(),
                                 "`."));
}

}  // namespace

absl::StatusOr<CheckoutSession> CheckoutSessionService::Create(
    const CheckoutSessionCreateParams& params, const RequestOptions& options) {
  World& w = *world_;
  return w.RunIdempotent<CheckoutSession>(
      options, "POST /v1/checkout/sessions", params,
      [&]() -> absl::StatusOr<CheckoutSession> {
        PAYSIM_ASSIGN_OR_RETURN(internal::CheckoutRequest request,
                                internal::CheckCreate(w, params));
        return CheckoutSessionLifecycle::Create(w, internal::BuildSession(w, params, request));
      });
}

absl::StatusOr<CheckoutSession> CheckoutSessionService::Retrieve(absl::string_view id,
                                                                 const RequestOptions& options) {
  World& w = *world_;
  return w.Run(options, [&]() -> absl::StatusOr<CheckoutSession> {
    PAYSIM_ASSIGN_OR_RETURN(const CheckoutSession* session, w.checkout_sessions().Get(id));
    return *session;
  });
}

absl::StatusOr<CheckoutSession> CheckoutSessionService::Update(
    absl::string_view id, const CheckoutSessionUpdateParams& params,
    const RequestOptions& options) {
  World& w = *world_;
  return w.RunIdempotent<CheckoutSession>(
      options, [&] { return absl::StrCat("POST /v1/checkout/sessions/", id); }, params,
      [&]() -> absl::StatusOr<CheckoutSession> {
        PAYSIM_ASSIGN_OR_RETURN(const CheckoutSession* session, w.checkout_sessions().Get(id));
        PAYSIM_RETURN_IF_ERROR(ValidateMetadata(params.metadata()));
        obj::StringMap metadata = session->metadata();
        PAYSIM_RETURN_IF_ERROR(MergeMetadata(params.metadata(), &metadata));
        PAYSIM_ASSIGN_OR_RETURN(const internal::CheckoutSessionChange change,
                                internal::CheckUpdate(w, *session, params));
        if (change.line_items.has_value()) {
          CheckoutSessionLifecycle::ReplaceLineItems(
              w, *session, internal::BuildLines(w, *session, *change.line_items));
        }
        if (change.replaces_shipping_options) {
          CheckoutSessionLifecycle::ReplaceShippingOptions(w, *session, change.shipping_options);
        }
        if (change.shipping_details.has_value()) {
          CheckoutSessionLifecycle::SetCollectedShipping(w, *session, *change.shipping_details);
        }
        return CheckoutSessionLifecycle::SetMetadata(w, *session, std::move(metadata));
      });
}

absl::StatusOr<ListResult<CheckoutSession>> CheckoutSessionService::List(
    const CheckoutSessionListParams& params, const RequestOptions& options) {
  World& w = *world_;
  return w.Run(options, [&]() -> absl::StatusOr<ListResult<CheckoutSession>> {
    ListWindow window;
    PAYSIM_RETURN_IF_ERROR(MakeListWindow(params, &window));
    if (params.has_status()) {
      PAYSIM_RETURN_IF_ERROR(
          internal::ValidateEnum(params.status(), {"open", "complete", "expired"}, "status"));
    }
    auto keep = [&](const CheckoutSession& s) {
      return (!params.has_payment_intent() || s.payment_intent() == params.payment_intent()) &&
             (!params.has_status() || s.status() == params.status());
    };
    if (params.has_customer()) {  // the customer's only: no walk over every session
      return w.checkout_sessions().ListAt(
          window, "/v1/checkout/sessions",
          CheckoutSessionLifecycle::ByCustomer(w).Of(params.customer()), keep);
    }
    if (params.has_payment_intent()) {  // that intent's sessions only
      return w.checkout_sessions().ListAt(
          window, "/v1/checkout/sessions",
          CheckoutSessionLifecycle::ByPaymentIntent(w).Of(params.payment_intent()), keep);
    }
    return w.checkout_sessions().List(window, "/v1/checkout/sessions", keep);
  });
}

absl::StatusOr<CheckoutSession> CheckoutSessionService::Expire(absl::string_view id,
                                                               const RequestOptions& options) {
  World& w = *world_;
  return w.RunIdempotent<CheckoutSession>(
      options, [&] { return absl::StrCat("POST /v1/checkout/sessions/", id, "/expire"); },
      google::protobuf::Empty::default_instance(),  // no params
      [&]() -> absl::StatusOr<CheckoutSession> {
    PAYSIM_ASSIGN_OR_RETURN(const CheckoutSession* session, w.checkout_sessions().Get(id));
    if (!CheckoutSessionLifecycle::machine().Allows(CheckoutSessionLifecycle::StateOf(*session),
                                                    internal::CheckoutSessionTrigger::kExpire)) {
      return NotOpen(*session, "expired");
    }
    if (session->confirming()) {
      // UNCERTAIN: Stripe's answer while the customer's payment is in flight.
      return StateError("", "",
                        "This Checkout Session cannot be expired while its payment is being "
                        "confirmed.");
    }
    CheckoutSessionLifecycle::Expire(w, *session);
    return *session;
  });
}

absl::StatusOr<ListResult<LineItem>> CheckoutSessionService::ListLineItems(
    absl::string_view id, const CheckoutLineItemListParams& params,
    const RequestOptions& options) {
  World& w = *world_;
  return w.Run(options, [&]() -> absl::StatusOr<ListResult<LineItem>> {
    PAYSIM_ASSIGN_OR_RETURN(const CheckoutSession* session, w.checkout_sessions().Get(id));
    return internal::PageLineItems(
        session->line_items(), params,
        absl::StrCat("/v1/checkout/sessions/", session->id(), "/line_items"));
  });
}

}  // namespace paysim
