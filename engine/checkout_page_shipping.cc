// The customer picks a shipping option on the Checkout page (checkout_page.h).
#include "absl/strings/str_cat.h"
#include "engine/checkout_page.h"
#include "engine/internal/checkout_page_view.h"
#include "engine/internal/checkout_session_lifecycle.h"
#include "engine/internal/status_macros.h"
#include "engine/internal/world.h"
#include "engine/stripe_error.h"

namespace paysim {

absl::StatusOr<CheckoutPage> CheckoutPageService::ChooseShippingOption(
    absl::string_view session_id, const CheckoutShippingChoiceParams& params,
    const RequestOptions& options) {
  internal::World& w = *world_;
  return w.Run(options, [&]() -> absl::StatusOr<CheckoutPage> {
    PAYSIM_ASSIGN_OR_RETURN(
        const CheckoutSession* session,
        internal::ChangeableSession(w, session_id, "A shipping option can only be chosen"));
    if (!params.has_shipping_rate() || params.shipping_rate().empty()) {
      return ParameterMissing("shipping_rate");
    }
    for (const CheckoutShippingOption& option : session->shipping_options()) {
      if (option.shipping_rate() != params.shipping_rate()) continue;
      internal::CheckoutSessionLifecycle::ChooseShipping(w, *session, option);
      return internal::CheckoutPageOf(w, *session);
    }
    return InvalidRequestError(
        "", "shipping_rate",
        absl::StrCat("This Checkout Session does not offer the shipping rate ",
                     params.shipping_rate(), "."));
  });
}

}  // namespace paysim
