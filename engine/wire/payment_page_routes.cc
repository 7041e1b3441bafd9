#include "engine/wire/payment_page_routes.h"

#include <cstdint>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "engine/internal/status_macros.h"
#include "engine/stripe_error.h"

namespace paysim {
namespace wire {
namespace {

// The value of the top-level param `name` (`name=value`), or nullptr.
const std::string* FindParam(const RouteCall& call, absl::string_view name) {
  for (const FormParam& p : call.params) {
    if (p.path.size() == 1 && p.path[0] == name) return &p.value;
  }
  return nullptr;
}

}  // namespace

absl::Status ServePaymentPage(const RouteCall& call, std::string* json) {
  PAYSIM_RETURN_IF_ERROR(call.engine->checkout_page().View(call.ids[0], call.options).status());
  absl::StatusOr<CheckoutSession> session =
      call.engine->checkout_sessions().Retrieve(call.ids[0], call.options);
  if (!session.ok()) return session.status();
  WriteObject(call, *session, json);
  return absl::OkStatus();
}

absl::Status ServePaymentPageConfirm(const RouteCall& call, std::string* json) {
  Engine& engine = *call.engine;
  PAYSIM_ASSIGN_OR_RETURN(CheckoutSession session,
                          engine.checkout_sessions().Retrieve(call.ids[0], call.options));
  if (const std::string* expected = FindParam(call, "expected_amount")) {
    int64_t amount = 0;
    if (!absl::SimpleAtoi(*expected, &amount)) {
      return InvalidRequestError("", "expected_amount",
                                 absl::StrCat("Invalid integer: ", *expected));
    }
    // UNCERTAIN (wording): the page refuses to pay an amount other than the one it shows
    // (with Adaptive Pricing from basil on, the presentment amount).
    const int64_t shown = session.has_presentment_details()
                              ? session.presentment_details().presentment_amount()
                              : session.amount_total();
    if (amount != shown) {
      return InvalidRequestError(
          "", "expected_amount",
          absl::StrCat("The expected amount ", amount, " does not match this Checkout Session's "
                       "amount_total ", shown, "."));
    }
  }
  CheckoutPayParams pay;
  if (const std::string* pm = FindParam(call, "payment_method")) {
    pay.set_payment_method(*pm);
  } else {
    return ParameterMissing("payment_method");
  }
  if (const std::string* email = FindParam(call, "email")) pay.set_email(*email);
  PAYSIM_RETURN_IF_ERROR(engine.checkout_page().Pay(call.ids[0], pay, call.options).status());
  PAYSIM_ASSIGN_OR_RETURN(CheckoutSession paid,
                          engine.checkout_sessions().Retrieve(call.ids[0], call.options));
  WriteObject(call, paid, json);
  return absl::OkStatus();
}

}  // namespace wire
}  // namespace paysim
