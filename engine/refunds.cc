// Refunds: create (full, partial, several per charge; cancel an uncaptured hold), retrieve,
// update, list.
#include "engine/refunds.h"

#include <algorithm>
#include <cstdint>
#include <utility>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/types/span.h"
#include "engine/currency.h"
#include "engine/metadata.h"
#include "engine/internal/charge_lifecycle.h"
#include "engine/internal/dispute_lifecycle.h"
#include "engine/internal/refund_lifecycle.h"
#include "engine/internal/status_macros.h"
#include "engine/internal/world.h"

namespace paysim {
namespace {

using internal::ChargeLifecycle;
using internal::ChargeState;
using internal::World;

absl::Status ValidateReason(absl::string_view reason) {
  if (reason == "duplicate" || reason == "fraudulent" || reason == "requested_by_customer") {
    return absl::OkStatus();
  }
  return InvalidRequestError(
      "", "reason",
      absl::StrCat("Invalid reason: must be one of duplicate, fraudulent, or "
                   "requested_by_customer"));
}

absl::Status AlreadyRefunded(absl::string_view charge_id) {
  return StateError("charge_already_refunded", "charge",
                    absl::StrCat("Charge ", charge_id, " has already been refunded."));
}

// The charge a refund request names: `charge`, or the successful charge of `payment_intent`.
// Given both, the charge must be the intent's.
absl::StatusOr<const Charge*> RefundedCharge(World& w, const RefundCreateParams& params) {
  if (!params.has_payment_intent()) return w.charges().Get(params.charge(), "charge");
  PAYSIM_ASSIGN_OR_RETURN(const PaymentIntent* intent,
                          w.payment_intents().Get(params.payment_intent(), "payment_intent"));
  // A succeeded intent has received money; a processing one (a bank debit on its way) will,
  // and its refund is held until then. A held (requires_capture) intent is canceled instead.
  const bool paid = intent->status() == "succeeded" || intent->status() == "processing";
  const Charge* charge = paid ? w.charges().Find(intent->latest_charge()) : nullptr;
  if (charge == nullptr) {
    // UNCERTAIN: the error code; the message is Stripe's.
    return StateError("payment_intent_unexpected_state", "payment_intent",
                      absl::StrCat("This PaymentIntent (", intent->id(),
                                   ") does not have a successful charge to refund."));
  }
  if (params.has_charge() && params.charge() != charge->id()) {
    // UNCERTAIN: Stripe's answer when both are given and disagree; paysim refuses rather
    // than guess which one was meant.
    PAYSIM_RETURN_IF_ERROR(w.charges().Get(params.charge(), "charge").status());
    return InvalidRequestError(
        "", "charge",
        absl::StrCat("Charge ", params.charge(), " does not belong to PaymentIntent ",
                     intent->id(), "."));
  }
  return charge;
}

}  // namespace

absl::StatusOr<Refund> RefundService::Create(const RefundCreateParams& params,
                                             const RequestOptions& options) {
  World& w = *world_;
  return w.RunIdempotent<Refund>(
      options, "POST /v1/refunds", params, [&]() -> absl::StatusOr<Refund> {
        // validate
        if (!params.has_charge() && !params.has_payment_intent()) {
          return InvalidRequestError(
              "parameter_missing", "charge",
              "One of the following params should be provided for this request: payment_intent "
              "or charge.");
        }
        if (params.has_reason()) PAYSIM_RETURN_IF_ERROR(ValidateReason(params.reason()));
        PAYSIM_RETURN_IF_ERROR(ValidateMetadata(params.metadata()));
        if (params.has_amount() && params.amount() <= 0) {
          return InvalidRequestError("parameter_invalid_integer", "amount",
                                     "Invalid positive integer");
        }
        PAYSIM_ASSIGN_OR_RETURN(const Charge* charge, RefundedCharge(w, params));
        const CurrencyInfo* currency = FindCurrency(charge->currency());
        const ChargeState state = ChargeLifecycle::StateOf(*charge);
        if (state == ChargeState::kFailed) {
          return StateError("charge_not_refundable", "charge",
                            absl::StrCat("Charge ", charge->id(),
                                         " has failed and cannot be refunded."));
        }
        if (state != ChargeState::kCaptured && state != ChargeState::kPending) {
          // Refunding an uncaptured charge cancels its authorization, in full only.
          if (state == ChargeState::kReleased) return AlreadyRefunded(charge->id());
          if (charge->has_payment_intent()) {
            // Stripe refuses: canceling the intent releases the hold.
            return StateError(
                "", "charge",
                absl::StrCat("This uncaptured Charge was created by a PaymentIntent (",
                             charge->payment_intent(),
                             "). You must cancel the PaymentIntent to reverse the authorization "
                             "instead of refunding the Charge directly. For more information, "
                             "see https://stripe.com/docs/payments/place-a-hold-on-a-payment-method"));
          }
          if (params.has_amount() && params.amount() != charge->amount()) {
            return InvalidRequestError(
                "", "amount",
                "You cannot partially refund an uncaptured charge. Instead, capture the charge "
                "for an amount less than the original amount");
          }
          return ChargeLifecycle::RefundHold(w, *charge, params.reason(), params.metadata());
        }
        const int64_t remaining = ChargeLifecycle::Refundable(*charge);
        if (remaining <= 0) return AlreadyRefunded(charge->id());
        if (internal::DisputeLifecycle::HoldsFunds(w, *charge)) {
          return StateError("charge_disputed", "charge",
                            absl::StrCat("Charge ", charge->id(),
                                         " has been charged back; cannot issue a refund."));
        }
        const int64_t amount = params.has_amount() ? params.amount() : remaining;
        if (amount > remaining) {
          return InvalidRequestError(
              "amount_too_large", "amount",
              absl::StrCat("Refund amount (", FormatAmount(amount, *currency),
                           ") is greater than unrefunded amount on charge (",
                           FormatAmount(remaining, *currency), ")"));
        }
        // transition + commit
        if (state == ChargeState::kPending) {
          // A bank debit on its way: Stripe accepts the refund and holds it until the money
          // has arrived ("Stripe waits for the original payment to succeed before submitting
          // the refund").
          return ChargeLifecycle::RefundPending(w, *charge, amount, params.reason(),
                                                params.metadata());
        }
        return ChargeLifecycle::RefundCaptured(w, *charge, amount, params.reason(),
                                               params.metadata());
      });
}

absl::StatusOr<Refund> RefundService::Retrieve(absl::string_view id,
                                               const RequestOptions& options) {
  World& w = *world_;
  return w.Run(options, [&]() -> absl::StatusOr<Refund> {
    PAYSIM_ASSIGN_OR_RETURN(const Refund* refund, w.refunds().Get(id));
    return *refund;
  });
}

absl::StatusOr<Refund> RefundService::Update(absl::string_view id, const RefundUpdateParams& params,
                                             const RequestOptions& options) {
  World& w = *world_;
  return w.RunIdempotent<Refund>(
      options, [&] { return absl::StrCat("POST /v1/refunds/", id); }, params,
      [&]() -> absl::StatusOr<Refund> {
    PAYSIM_ASSIGN_OR_RETURN(const Refund* refund, w.refunds().Get(id));
    PAYSIM_RETURN_IF_ERROR(ValidateMetadata(params.metadata()));
    Refund updated = *refund;
    PAYSIM_RETURN_IF_ERROR(MergeMetadata(params.metadata(), updated.mutable_metadata()));
    return internal::RefundLifecycle::Update(w, *refund, updated);
  });
}

absl::StatusOr<Refund> RefundService::Cancel(absl::string_view id,
                                             const RequestOptions& options) {
  World& w = *world_;
  RefundCancelParams none;
  return w.RunIdempotent<Refund>(
      options, [&] { return absl::StrCat("POST /v1/refunds/", id, "/cancel"); }, none,
      [&]() -> absl::StatusOr<Refund> {
        PAYSIM_ASSIGN_OR_RETURN(const Refund* refund, w.refunds().Get(id));
        using internal::RefundLifecycle;
        if (!RefundLifecycle::machine().Allows(RefundLifecycle::StateOf(*refund),
                                               internal::RefundTrigger::kCancel)) {
          // UNCERTAIN: Stripe's wording; its API cancels only refunds awaiting an action, paysim
          // the pending ones (test-mode card refunds can be canceled while pending).
          return StateError("", "",
                            absl::StrCat("Refund ", refund->id(), " has status ", refund->status(),
                                         ". Only a pending refund can be canceled."));
        }
        return RefundLifecycle::Cancel(w, *refund);
      });
}

absl::StatusOr<ListResult<Refund>> RefundService::List(const RefundListParams& params,
                                                       const RequestOptions& options) {
  World& w = *world_;
  return w.Run(options, [&]() -> absl::StatusOr<ListResult<Refund>> {
    ListWindow window;
    PAYSIM_RETURN_IF_ERROR(MakeListWindow(params, &window));
    auto keep = [&](const Refund& r) {
      return !params.has_payment_intent() || r.payment_intent() == params.payment_intent();
    };
    if (params.has_charge()) {  // the charge's only: no walk over every refund
      return w.refunds().ListAt(window, "/v1/refunds",
                                internal::RefundLifecycle::ByCharge(w).Of(params.charge()), keep);
    }
    if (params.has_payment_intent()) {  // the refunds of the intent's charges only
      std::vector<int64_t> ordinals;
      for (const int64_t charge :
           ChargeLifecycle::ByPaymentIntent(w).Of(params.payment_intent())) {
        const Charge* c = w.charges().AtOrdinal(charge);
        if (c == nullptr) continue;
        const absl::Span<const int64_t> refunds =
            internal::RefundLifecycle::ByCharge(w).Of(c->id());
        ordinals.insert(ordinals.end(), refunds.begin(), refunds.end());
      }
      std::sort(ordinals.begin(), ordinals.end());
      return w.refunds().ListAt(window, "/v1/refunds", ordinals, keep);
    }
    return w.refunds().List(window, "/v1/refunds", keep);
  });
}

}  // namespace paysim
