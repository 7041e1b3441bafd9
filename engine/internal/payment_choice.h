// payment_choice.h (internal): what a PaymentIntent create or confirm pays with: a
// `payment_method` (a card, a `pm_card_*` name, or a bank debit PaymentMethod) or a bank
// debit's `payment_method_data`, checked against the intent's payment_method_types and, when
// confirming, the mandate a bank debit needs (bank_debit_params.h).
//
// REQUIRES (every function taking a World): world.mu held.
#ifndef PAYSIM_ENGINE_INTERNAL_PAYMENT_CHOICE_H_
#define PAYSIM_ENGINE_INTERNAL_PAYMENT_CHOICE_H_

#include <algorithm>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/types/optional.h"
#include "engine/internal/bank_debit_params.h"
#include "engine/internal/intent_common.h"
#include "engine/internal/status_macros.h"
#include "engine/internal/world.h"
#include "engine/stripe_error.h"
#include "proto/mandate.obj.h"
#include "proto/payment_intent.obj.h"

namespace paysim {
namespace internal {

// The intent's payment_method_types.
std::vector<std::string> TypesOf(const PaymentIntent& pi);

// What a create or confirm pays with: a `payment_method` (resolved), or a bank debit's
// `payment_method_data` (checked; created on commit).
struct PaymentChoice {
  IntentPaymentMethod resolved;
  absl::optional<BankDebitDraft> draft;
  std::string type;  // empty: nothing to pay with yet
  // payment_method_data[type]=customer_balance: a customer_balance PaymentMethod, created on
  // commit.
  bool customer_balance = false;
  // A bank debit being confirmed: the existing mandate it names (the `mandate` parameter, or
  // the saved PaymentMethod's multi-use mandate), or else the customer's acceptance from
  // mandate_data, for a new mandate.
  std::string mandate;
  absl::optional<MandateCustomerAcceptance> acceptance;
};

// Checks the mandate of a bank debit being confirmed and records it in `choice` (above).
// `mandate`: the `mandate` parameter (null: not given); `mandate_data`: likewise.
absl::Status ChooseMandate(World& w, const MandateDataParams* mandate_data,
                           const std::string* mandate, absl::string_view object,
                           PaymentChoice& choice);

// The customer's default source (`customer`: its id, or empty), which pays a PaymentIntent
// confirmed with no payment method; unresolved if there is none.
IntentPaymentMethod DefaultSourceOf(World& w, absl::string_view customer);

// Chooses what `params` pay with (`current`: the intent's payment_method, or null): of a type
// the intent (`object`: "PaymentIntent" or "SetupIntent") allows (`types`), with the mandate a
// bank debit needs when `confirm` (`mandate`: the `mandate` parameter, null if not given).
template <typename Params>
absl::StatusOr<PaymentChoice> ChoosePaymentMethod(
    World& w, const Params& params, const std::string* current, absl::string_view customer,
    const std::vector<std::string>& types, bool confirm,
    absl::string_view object = "PaymentIntent", const std::string* mandate = nullptr) {
  PaymentChoice choice;
  absl::string_view param = "payment_method";
  if (params.has_payment_method_data()) {
    if (params.has_payment_method()) {
      return InvalidRequestError(
          "", "payment_method_data",
          "You may only specify one of these parameters: payment_method, payment_method_data.");
    }
  }
  if (params.has_payment_method_data() && params.payment_method_data().has_type() &&
      params.payment_method_data().type() == "customer_balance") {
    choice.customer_balance = true;
    choice.type = "customer_balance";
    param = "payment_method_data[type]";
  } else if (params.has_payment_method_data()) {
    PAYSIM_ASSIGN_OR_RETURN(
        choice.draft, CheckBankDebitParams(
                          BankDebitParamsOf(params.payment_method_data()),
                          "payment_method_data"));
    choice.type = choice.draft->pm.type();
    param = "payment_method_data[type]";
  } else if (params.has_payment_method() || current != nullptr) {
    PAYSIM_ASSIGN_OR_RETURN(
        choice.resolved,
        ResolveIntentPaymentMethod(
            w, params.has_payment_method() ? params.payment_method() : *current, customer,
            object, "payment_method", /*allow_bank_debits=*/true));
    choice.type = std::string(choice.resolved.type());
  } else if (confirm && object == "PaymentIntent" &&
             std::find(types.begin(), types.end(), "card") != types.end()) {
    // Stripe: "If this parameter is omitted with confirm=true, customer.default_source will
    // be attached as this PaymentIntent's payment instrument".
    choice.resolved = DefaultSourceOf(w, customer);
    if (choice.resolved.resolved()) choice.type = std::string(choice.resolved.type());
  }
  if (choice.type.empty()) return choice;
  PAYSIM_RETURN_IF_ERROR(CheckTypeAllowed(types, choice.type, param, object));
  if (confirm) {
    PAYSIM_RETURN_IF_ERROR(ChooseMandate(
        w, params.has_mandate_data() ? &params.mandate_data() : nullptr, mandate, object, choice));
  }
  return choice;
}

// Commits the choice: the PaymentMethod's id ("" if there is none), sharing the stored
// PaymentMethod's string (set it into a field without copying the characters).
obj::SharedString CommitPaymentMethod(World& w, PaymentChoice& choice);

}  // namespace internal
}  // namespace paysim

#endif  // PAYSIM_ENGINE_INTERNAL_PAYMENT_CHOICE_H_
