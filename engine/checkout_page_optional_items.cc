// The customer adds an optional item to the order on the Checkout page (checkout_page.h,
// internal/checkout_optional_items.h).
#include <string>
#include <utility>

#include "absl/strings/str_cat.h"
#include "engine/checkout_page.h"
#include "engine/internal/checkout_page_view.h"
#include "engine/internal/checkout_session_lifecycle.h"
#include "engine/internal/checkout_session_request.h"
#include "engine/internal/status_macros.h"
#include "engine/internal/world.h"
#include "engine/stripe_error.h"

namespace paysim {

absl::StatusOr<CheckoutPage> CheckoutPageService::AddOptionalItem(
    absl::string_view session_id, const CheckoutOptionalItemAddParams& params,
    const RequestOptions& options) {
  internal::World& w = *world_;
  return w.Run(options, [&]() -> absl::StatusOr<CheckoutPage> {
    PAYSIM_ASSIGN_OR_RETURN(
        const CheckoutSession* session,
        internal::ChangeableSession(w, session_id, "An optional item can only be added"));
    if (!params.has_price() || params.price().empty()) return ParameterMissing("price");
    int index = -1;
    for (int i = 0; i < session->optional_line_items_size(); ++i) {
      if (session->optional_line_items(i).price().id() == params.price()) index = i;
    }
    // UNCERTAIN (wording): the page offers only the session's optional items, each once.
    if (index < 0) {
      return InvalidRequestError("", "price",
                                 absl::StrCat("The price ", params.price(),
                                              " is not an optional item of this Checkout "
                                              "Session."));
    }
    const std::string& line_id = session->optional_line_items(index).id();
    for (const LineItem& line : session->line_items()) {
      if (line.id() == line_id) {
        return InvalidRequestError("", "price",
                                   absl::StrCat("The optional item ", params.price(),
                                                " is already in the order."));
      }
    }
    // The new total must still be one a session could be made with.
    CheckoutSession draft = *session;
    *draft.add_line_items() = session->optional_line_items(index);
    PAYSIM_RETURN_IF_ERROR(internal::CheckChangedTotal(std::move(draft), "price"));
    internal::CheckoutSessionLifecycle::AddOptionalItem(w, *session, index);
    return internal::CheckoutPageOf(w, *w.checkout_sessions().Find(session_id));
  });
}

}  // namespace paysim
