// operations.h (internal): what one resource's lifecycle asks of another. Each function is
// defined beside the resource it changes (file named per function). REQUIRES: world.mu held.
#ifndef PAYSIM_ENGINE_OPERATIONS_H_
#define PAYSIM_ENGINE_OPERATIONS_H_

#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "engine/card_catalog.h"
#include "engine/world.h"
#include "google/protobuf/map.h"

namespace paysim {
namespace internal {

// tokens.cc: the token `id` if it can be used now, else resource_missing (unknown or
// expired) or token_already_used, naming `param`. Does not mark it used.
absl::StatusOr<Token*> FindUsableToken(World& world, absl::string_view id,
                                       absl::string_view param);

// payment_methods.cc: the PaymentMethod `id` if it can pay (not detached), else
// resource_missing / a 400 naming `param`. A `pm_card_*` name is not resolved here.
absl::StatusOr<PaymentMethod*> FindUsablePaymentMethod(World& world, absl::string_view id,
                                                       absl::string_view param);

// payment_methods.cc: a new PaymentMethod for a test card, as a `pm_card_*` name mints one.
PaymentMethod& MintPaymentMethod(World& world, const TestCard& card);

// payment_methods.cc: attaches `pm` to `customer_id` (REQUIRES: checks done), emitting
// payment_method.attached.
void AttachPaymentMethod(World& world, PaymentMethod& pm, const std::string& customer_id);

// payment_methods.cc: the 402 error if `card` cannot be attached to a customer, else OK.
absl::Status CheckAttachable(const TestCard& card);

// charges.cc: a new card Charge of `amount` on `card` (id, amounts, card details, outcome),
// not yet stored. The caller sets customer, description, payment_method, payment_intent...
Charge NewCardCharge(World& world, const TestCard& card, int64_t amount,
                     absl::string_view currency, int32_t exp_month, int32_t exp_year,
                     bool cvc_provided);

// charges.cc: stores `charge` as the card's outcome decides: failed (emits charge.failed;
// the caller answers CardDeclinedError), or succeeded and captured (balance transaction) or
// held for kAuthorizationWindow (expiry timer); emits charge.succeeded.
Charge& SettleCardCharge(World& world, Charge charge, const TestCard& card, bool capture);

// charges.cc: captures `amount` of an open hold (REQUIRES: checks done), releasing the rest
// as the API version says; emits charge.captured (and the refund events before basil).
void CaptureHold(World& world, Charge& charge, int64_t amount);

// charges.cc: releases an open hold in full (a canceled PaymentIntent); before basil as a
// Refund with `reason` (may be empty) and charge.refunded.
void CancelHold(World& world, Charge& charge, absl::string_view reason);

// payment_intents.cc: the hold of `charge` (made by a PaymentIntent) expired: the intent, if
// still requires_capture, is canceled (reason by API version) with payment_intent.canceled.
void CancelPaymentIntentOnHoldExpiry(World& world, const Charge& charge);

// balance.cc: the `charge` transaction for `amount` captured on `charge`.
BalanceTransaction& RecordChargeTransaction(World& world, const Charge& charge, int64_t amount,
                                            bool bypass_pending);

// balance.cc: the `refund` transaction for `refund` (negative, available at once).
BalanceTransaction& RecordRefundTransaction(World& world, const Refund& refund);

// refunds.cc: a succeeded Refund of `amount` on `charge`, updating the charge's refund
// fields. `of_captured_funds`: true for a refund of captured money (creates a balance
// transaction), false for a released authorization (pre-basil bookkeeping only). Emits
// nothing: the caller emits refund.created and charge.refunded in its lifecycle's order.
Refund& RecordRefund(World& world, Charge& charge, int64_t amount, absl::string_view reason,
                     const google::protobuf::Map<std::string, std::string>& metadata,
                     bool of_captured_funds);

}  // namespace internal
}  // namespace paysim

#endif  // PAYSIM_ENGINE_OPERATIONS_H_
