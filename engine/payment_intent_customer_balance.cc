// PaymentIntentService::ApplyCustomerBalance: the customer's cash balance applied by hand to a
// customer_balance PaymentIntent that waits for a bank transfer (Stripe's manual
// reconciliation; payment_intents.h).
#include <string>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "engine/currency.h"
#include "engine/internal/cash_balance_lifecycle.h"
#include "engine/internal/intent_common.h"
#include "engine/internal/interned.h"
#include "engine/internal/payment_intent_lifecycle.h"
#include "engine/internal/status_macros.h"
#include "engine/internal/world.h"
#include "engine/payment_intents.h"
#include "engine/stripe_error.h"

namespace paysim {

using internal::CashBalanceLifecycle;
using internal::PaymentIntentLifecycle;
using internal::World;

absl::StatusOr<PaymentIntent> PaymentIntentService::ApplyCustomerBalance(
    absl::string_view id, const PaymentIntentApplyCustomerBalanceParams& params,
    const RequestOptions& options) {
  World& w = *world_;
  return w.RunIdempotent<PaymentIntent>(
      options,
      [&] { return absl::StrCat("POST /v1/payment_intents/", id, "/apply_customer_balance"); },
      params, [&]() -> absl::StatusOr<PaymentIntent> {
    // validate
    PAYSIM_ASSIGN_OR_RETURN(const PaymentIntent* pi, w.payment_intents().Get(id));
    if (!PaymentIntentLifecycle::AwaitsBankTransfer(*pi)) {
      // UNCERTAIN: Stripe's wording; its rule is that only an intent waiting for the customer's
      // bank transfer (requires_action, customer_balance) takes the balance.
      return internal::PaymentIntentUnexpectedState(*pi, "paid from the customer's cash balance",
                                                    {"requires_action"});
    }
    if (params.has_currency() && absl::AsciiStrToLower(params.currency()) != pi->currency()) {
      // UNCERTAIN: Stripe's wording.
      return InvalidRequestError("", "currency",
                                 absl::StrCat("The currency must be the PaymentIntent's (",
                                              pi->currency(), ")."));
    }
    const int64_t remaining =
        pi->next_action().display_bank_transfer_instructions().amount_remaining();
    if (params.has_amount() && params.amount() <= 0) {
      return InvalidRequestError("parameter_invalid_integer", "amount", "Invalid positive integer");
    }
    const int64_t amount = params.has_amount() ? params.amount() : remaining;
    const CurrencyInfo* currency = FindCurrency(pi->currency());
    if (amount > remaining) {
      // UNCERTAIN: Stripe's wording.
      return InvalidRequestError(
          "amount_too_large", "amount",
          absl::StrCat("The amount (", FormatAmount(amount, *currency),
                       ") cannot be greater than the PaymentIntent's amount remaining (",
                       FormatAmount(remaining, *currency), ")."));
    }
    const int64_t available = CashBalanceLifecycle::Available(w, pi->customer(), pi->currency());
    if (amount > available) {
      // UNCERTAIN: Stripe's wording and code.
      return InvalidRequestError(
          "", params.has_amount() ? "amount" : "",
          absl::StrCat("The customer's cash balance (", FormatAmount(available, *currency),
                       ") is less than the amount to apply (", FormatAmount(amount, *currency),
                       ")."));
    }

    PaymentIntentLifecycle::ApplyCashBalance(w, *pi, amount);
    return *w.payment_intents().Find(pi->id());
  });
}

}  // namespace paysim
