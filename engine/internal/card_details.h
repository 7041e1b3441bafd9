// card_details.h (internal): checking card details as Stripe test mode checks them, and
// building the card shapes (legacy Card, PaymentMethod.card, Charge card details) of a test
// card.
#ifndef PAYSIM_ENGINE_INTERNAL_CARD_DETAILS_H_
#define PAYSIM_ENGINE_INTERNAL_CARD_DETAILS_H_

#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/time/time.h"
#include "engine/card_catalog.h"
#include "proto/card.obj.h"
#include "proto/charge.obj.h"
#include "proto/params.pb.h"

namespace paysim {
namespace internal {

// Card details that passed the checks.
struct CheckedCard {
  const TestCard* card = nullptr;
  int32_t exp_month = 0;
  int32_t exp_year = 0;
  bool cvc_provided = false;
};

// Checks `params` (number, exp_month, exp_year, cvc) at `now`. `prefix` names the params in
// errors ("card" -> "card[number]"). Errors: parameter_missing; 402 card_error
// incorrect_number (Luhn), invalid_expiry_month, invalid_expiry_year (also for a past
// date), invalid_cvc (3 digits, 4 for amex); a valid number that is not a test card is
// declined with decline_code live_mode_test_card.
absl::StatusOr<CheckedCard> CheckCardParams(const CardParams& params, absl::Time now,
                                            absl::string_view prefix);

// Details for a card named by a test alias (`tok_visa`, `pm_card_visa`): expiry a few
// years after `now`, CVC given (Stripe's test tokens carry one).
CheckedCard CheckedTestCard(const TestCard& card, absl::Time now);

// The legacy card object (`card_...` id assigned by the caller). Its `cvc_check`, when a CVC
// was given: `cvc_check` (REQUIRES: static storage, as Interned()): "unchecked" until a charge
// checks it; a card minted for one charge shows that charge's result from the start. Cards
// equal but for their ids share every other field (one stable block, proto/card.proto).
Card MakeLegacyCard(std::string id, const CheckedCard& checked, const CardParams* params,
                    absl::string_view cvc_check = "unchecked");

// PaymentMethod.card.
PaymentMethodCard MakePaymentMethodCard(const CheckedCard& checked);

// Charge.payment_method_details.card for a charge of `amount` on this card.
ChargeCardDetails MakeChargeCardDetails(const TestCard& card, int32_t exp_month,
                                        int32_t exp_year, bool cvc_provided, int64_t amount);

// The 402 card_error for a declined/blocked charge on `card`, naming `charge_id`.
absl::Status CardDeclinedError(const TestCard& card, absl::string_view charge_id);

}  // namespace internal
}  // namespace paysim

#endif  // PAYSIM_ENGINE_INTERNAL_CARD_DETAILS_H_
