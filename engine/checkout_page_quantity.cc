// The customer changes an adjustable line item's quantity on the Checkout page
// (checkout_page.h).
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
namespace {

// The index of the session's line item `id`, or -1.
int LineIndex(const CheckoutSession& session, const std::string& id) {
  for (int i = 0; i < session.line_items_size(); ++i) {
    if (session.line_items(i).id() == id) return i;
  }
  return -1;
}

// True if a line item other than `index` still has a quantity.
bool OthersHaveQuantity(const CheckoutSession& session, int index) {
  for (int i = 0; i < session.line_items_size(); ++i) {
    if (i != index && session.line_items(i).quantity() > 0) return true;
  }
  return false;
}

}  // namespace

absl::StatusOr<CheckoutPage> CheckoutPageService::AdjustQuantity(
    absl::string_view session_id, const CheckoutQuantityParams& params,
    const RequestOptions& options) {
  internal::World& w = *world_;
  return w.Run(options, [&]() -> absl::StatusOr<CheckoutPage> {
    PAYSIM_ASSIGN_OR_RETURN(
        const CheckoutSession* session,
        internal::ChangeableSession(w, session_id, "A quantity can only be changed"));
    if (!params.has_line_item() || params.line_item().empty()) {
      return ParameterMissing("line_item");
    }
    if (!params.has_quantity()) return ParameterMissing("quantity");
    const int index = LineIndex(*session, params.line_item());
    if (index < 0) {
      return InvalidRequestError("", "line_item",
                                 absl::StrCat("This Checkout Session has no line item ",
                                              params.line_item(), "."));
    }
    const LineItem& item = session->line_items(index);
    if (!item.has_adjustable_quantity()) {
      // UNCERTAIN (wording): the page offers no quantity box for such a line.
      return InvalidRequestError("", "line_item",
                                 absl::StrCat("The quantity of line item ", item.id(),
                                              " is not adjustable."));
    }
    const int64_t quantity = params.quantity();
    const LineItemAdjustableQuantity& bounds = item.adjustable_quantity();
    if (quantity < bounds.minimum() || quantity > bounds.maximum()) {
      return InvalidRequestError("parameter_invalid_integer", "quantity",
                                 absl::StrCat("The quantity must be between ", bounds.minimum(),
                                              " and ", bounds.maximum(), "."));
    }
    if (quantity == 0 && !OthersHaveQuantity(*session, index)) {
      return InvalidRequestError("", "quantity",
                                 "The only item in the cart cannot go down to 0.");
    }
    // The new total must still be one a session could be made with.
    CheckoutSession draft = *session;
    draft.mutable_line_items(index)->set_quantity(quantity);
    PAYSIM_RETURN_IF_ERROR(internal::CheckChangedTotal(std::move(draft), "quantity"));
    internal::CheckoutSessionLifecycle::SetQuantity(w, *session, index, quantity);
    return internal::CheckoutPageOf(w, *w.checkout_sessions().Find(session_id));
  });
}

}  // namespace paysim
