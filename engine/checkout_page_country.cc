// The simulated customer opens the Checkout page from a country (checkout_page.h), which
// Adaptive Pricing converts the session for (internal/checkout_adaptive_pricing.h).
#include <string>

#include "engine/checkout_page.h"
#include "engine/internal/checkout_adaptive_pricing.h"
#include "engine/internal/checkout_page_view.h"
#include "engine/internal/status_macros.h"
#include "engine/internal/world.h"

namespace paysim {

absl::StatusOr<CheckoutPage> CheckoutPageService::View(absl::string_view session_id,
                                                       const CheckoutViewParams& params,
                                                       const RequestOptions& options) {
  internal::World& w = *world_;
  return w.Run(options, [&]() -> absl::StatusOr<CheckoutPage> {
    PAYSIM_ASSIGN_OR_RETURN(const CheckoutSession* session,
                            w.checkout_sessions().Get(session_id));
    if (params.has_country()) {
      PAYSIM_RETURN_IF_ERROR(internal::CheckCountry(params.country(), "country"));
      internal::LocalizeForCustomer(w, *session, params.country());
    }
    return internal::CheckoutPageOf(w, *session);
  });
}

}  // namespace paysim
