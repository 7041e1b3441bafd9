// Payment links: create, retrieve, update, list, line items, and the customer's visit (Open).
#include "engine/payment_links.h"

#include <algorithm>
#include <string>
#include <utility>

#include "absl/strings/str_cat.h"
#include "google/protobuf/empty.pb.h"
#include "engine/internal/checkout_session_lifecycle.h"
#include "engine/internal/checkout_session_request.h"
#include "engine/internal/line_item_pages.h"
#include "engine/internal/payment_link_lifecycle.h"
#include "engine/internal/payment_link_request.h"
#include "engine/internal/status_macros.h"
#include "engine/internal/world.h"
#include "engine/stripe_error.h"

namespace paysim {
namespace {

using internal::PaymentLinkLifecycle;
using internal::World;

// paysim's answer to a visit of an inactive link (Stripe shows the customer a page instead).
absl::Status Inactive(const PaymentLink& link) {
  return InvalidRequestError("payment_link_inactive", "",
                             absl::StrCat("The payment link ", link.id(),
                                          " is no longer active."));
}

}  // namespace

absl::StatusOr<PaymentLink> PaymentLinkService::Create(const PaymentLinkCreateParams& params,
                                                       const RequestOptions& options) {
  World& w = *world_;
  return w.RunIdempotent<PaymentLink>(
      options, "POST /v1/payment_links", params, [&]() -> absl::StatusOr<PaymentLink> {
        PAYSIM_ASSIGN_OR_RETURN(PaymentLink draft, internal::DraftPaymentLink(w, params));
        return PaymentLinkLifecycle::Create(w, std::move(draft));
      });
}

absl::StatusOr<PaymentLink> PaymentLinkService::Retrieve(absl::string_view id,
                                                         const RequestOptions& options) {
  World& w = *world_;
  return w.Run(options, [&]() -> absl::StatusOr<PaymentLink> {
    PAYSIM_ASSIGN_OR_RETURN(const PaymentLink* link, w.payment_links().Get(id));
    return *link;
  });
}

absl::StatusOr<PaymentLink> PaymentLinkService::Update(absl::string_view id,
                                                       const PaymentLinkUpdateParams& params,
                                                       const RequestOptions& options) {
  World& w = *world_;
  return w.RunIdempotent<PaymentLink>(
      options, [&] { return absl::StrCat("POST /v1/payment_links/", id); }, params,
      [&]() -> absl::StatusOr<PaymentLink> {
        PAYSIM_ASSIGN_OR_RETURN(const PaymentLink* link, w.payment_links().Get(id));
        PAYSIM_ASSIGN_OR_RETURN(PaymentLink updated,
                                internal::UpdatedPaymentLink(w, *link, params));
        return PaymentLinkLifecycle::Update(w, *link, updated);
      });
}

absl::StatusOr<ListResult<PaymentLink>> PaymentLinkService::List(
    const PaymentLinkListParams& params, const RequestOptions& options) {
  World& w = *world_;
  return w.Run(options, [&]() -> absl::StatusOr<ListResult<PaymentLink>> {
    ListWindow window;
    PAYSIM_RETURN_IF_ERROR(MakeListWindow(params, &window));
    return w.payment_links().List(window, "/v1/payment_links", [&](const PaymentLink& link) {
      return !params.has_active() || link.active() == params.active();
    });
  });
}

absl::StatusOr<ListResult<LineItem>> PaymentLinkService::ListLineItems(
    absl::string_view id, const PaymentLinkLineItemListParams& params,
    const RequestOptions& options) {
  World& w = *world_;
  return w.Run(options, [&]() -> absl::StatusOr<ListResult<LineItem>> {
    PAYSIM_ASSIGN_OR_RETURN(const PaymentLink* link, w.payment_links().Get(id));
    return internal::PageLineItems(link->line_items(), params,
                                   absl::StrCat("/v1/payment_links/", link->id(), "/line_items"));
  });
}

absl::StatusOr<CheckoutSession> PaymentLinkService::Open(absl::string_view id,
                                                         const RequestOptions& options) {
  World& w = *world_;
  return w.RunIdempotent<CheckoutSession>(
      options, [&] { return absl::StrCat("POST /v1/test_helpers/payment_links/", id, "/open"); },
      google::protobuf::Empty::default_instance(),  // no params
      [&]() -> absl::StatusOr<CheckoutSession> {
        PAYSIM_ASSIGN_OR_RETURN(const PaymentLink* link, w.payment_links().Get(id));
        if (!link->active()) return Inactive(*link);
        const CheckoutSessionCreateParams params = internal::SessionParamsFor(*link);
        PAYSIM_ASSIGN_OR_RETURN(internal::CheckoutRequest request,
                                internal::CheckCreate(w, params));
        request.payment_link = link->id();
        request.phone_number_collection = link->phone_number_collection().enabled();
        return internal::CheckoutSessionLifecycle::Create(
            w, internal::BuildSession(w, params, request));
      });
}

}  // namespace paysim
