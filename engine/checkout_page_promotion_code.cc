// The simulated customer enters a promotion code on the Checkout page (checkout_page.h).
#include <string>

#include "engine/checkout_page.h"
#include "engine/internal/checkout_discounts.h"
#include "engine/internal/checkout_page_view.h"
#include "engine/internal/checkout_session_lifecycle.h"
#include "engine/internal/status_macros.h"
#include "engine/internal/world.h"
#include "engine/stripe_error.h"

namespace paysim {

absl::StatusOr<CheckoutPage> CheckoutPageService::ApplyPromotionCode(
    absl::string_view session_id, const CheckoutPromotionCodeParams& params,
    const RequestOptions& options) {
  internal::World& w = *world_;
  return w.Run(options, [&]() -> absl::StatusOr<CheckoutPage> {
    PAYSIM_ASSIGN_OR_RETURN(
        const CheckoutSession* session,
        internal::ChangeableSession(w, session_id, "A promotion code can only be entered"));
    if (!session->allow_promotion_codes()) {
      return InvalidRequestError("", "code",
                                 "This Checkout Session does not accept promotion codes "
                                 "(allow_promotion_codes is not true).");
    }
    if (!params.has_code() || params.code().empty()) return ParameterMissing("code");
    PAYSIM_ASSIGN_OR_RETURN(internal::CheckoutDiscountChoice choice,
                            internal::CheckEnteredCode(w, *session, params.code(), "code"));
    internal::CheckoutSessionLifecycle::ApplyDiscount(
        w, *session, internal::NewCheckoutDiscount(w, choice, session->id()));
    return internal::CheckoutPageOf(w, *session);
  });
}

}  // namespace paysim
