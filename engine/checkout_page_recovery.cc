// The customer opens an expired Checkout Session's recovery URL (checkout_page.h,
// internal/checkout_recovery.h).
#include <utility>

#include "engine/checkout_page.h"
#include "engine/internal/checkout_page_view.h"
#include "engine/internal/checkout_recovery.h"
#include "engine/internal/checkout_session_lifecycle.h"
#include "engine/internal/checkout_session_request.h"
#include "engine/internal/status_macros.h"
#include "engine/internal/world.h"

namespace paysim {

absl::StatusOr<CheckoutPage> CheckoutPageService::Recover(absl::string_view session_id,
                                                          const RequestOptions& options) {
  internal::World& w = *world_;
  return w.Run(options, [&]() -> absl::StatusOr<CheckoutPage> {
    PAYSIM_ASSIGN_OR_RETURN(const CheckoutSession* expired,
                            w.checkout_sessions().Get(session_id));
    PAYSIM_ASSIGN_OR_RETURN(const CheckoutSessionCreateParams params,
                            internal::RecoveryRequest(*expired, w.created()));
    PAYSIM_ASSIGN_OR_RETURN(internal::CheckoutRequest request,
                            internal::CheckCreate(w, params));
    CheckoutSession copy = internal::BuildSession(w, params, request);
    copy.set_recovered_from(expired->id_shared());
    const CheckoutSession& session =
        internal::CheckoutSessionLifecycle::Create(w, std::move(copy));
    return internal::CheckoutPageOf(w, session);
  });
}

}  // namespace paysim
