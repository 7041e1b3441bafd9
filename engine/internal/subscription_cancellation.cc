#include "engine/internal/subscription_cancellation.h"

#include "engine/internal/intent_common.h"
#include "engine/internal/interned.h"
#include "engine/internal/status_macros.h"
#include "engine/stripe_error.h"

namespace paysim {
namespace internal {
namespace {

constexpr size_t kMaxCommentLength = 5000;
constexpr char kRequested[] = "cancellation_requested";
constexpr char kPaymentFailed[] = "payment_failed";

void Request(World& world, Subscription& subscription) {
  subscription.set_canceled_at(world.created());
  subscription.mutable_cancellation_details()->set_reason(PAYSIM_INTERNED(kRequested));
}

}  // namespace

absl::Status CheckCancellationDetails(const SubscriptionCancellationDetailsParams& params) {
  if (params.has_feedback() && !params.feedback().empty()) {
    PAYSIM_RETURN_IF_ERROR(ValidateEnum(
        params.feedback(),
        {"customer_service", "low_quality", "missing_features", "other", "switched_service",
         "too_complex", "too_expensive", "unused"},
        "cancellation_details[feedback]"));
  }
  if (params.has_comment() && params.comment().size() > kMaxCommentLength) {
    return InvalidRequestError("", "cancellation_details[comment]",
                               "Invalid string: cancellation_details[comment] must be at most "
                               "5000 characters long.");
  }
  return absl::OkStatus();
}

void MergeCancellationFeedback(const SubscriptionCancellationDetailsParams& params,
                               SubscriptionCancellationDetails* details) {
  if (params.has_comment()) {
    if (params.comment().empty()) {
      details->clear_comment();
    } else {
      details->set_comment(params.comment());
    }
  }
  if (params.has_feedback()) {
    if (params.feedback().empty()) {
      details->clear_feedback();
    } else {
      details->set_feedback(Interned(params.feedback()));
    }
  }
}

void ApplyCancellationUpdate(World& world, const Subscription& before,
                             const SubscriptionChangeParams& params, Subscription& updated) {
  if (params.has_cancel_at_period_end()) {
    if (params.cancel_at_period_end()) {
      Request(world, updated);
    } else if (before.cancel_at_period_end()) {
      // UNCERTAIN: that withdrawing the request clears the details as well as canceled_at.
      updated.clear_canceled_at();
      updated.mutable_cancellation_details()->clear_comment();
      updated.mutable_cancellation_details()->clear_feedback();
      updated.mutable_cancellation_details()->clear_reason();
    }
  }
  if (params.has_cancellation_details()) {
    MergeCancellationFeedback(params.cancellation_details(),
                              updated.mutable_cancellation_details());
  }
}

void StampScheduledCancellation(World& world, Subscription& draft) {
  if (draft.cancel_at_period_end()) Request(world, draft);
}

void StampCanceled(World& world, Subscription& subscription, SubscriptionTrigger trigger) {
  const bool scheduled = trigger == SubscriptionTrigger::kPeriodEndCancel &&
                         subscription.has_canceled_at();
  if (!scheduled) subscription.set_canceled_at(world.created());
  SubscriptionCancellationDetails* details = subscription.mutable_cancellation_details();
  switch (trigger) {
    case SubscriptionTrigger::kCancel:
    case SubscriptionTrigger::kPeriodEndCancel:
      details->set_reason(PAYSIM_INTERNED(kRequested));
      break;
    case SubscriptionTrigger::kRetriesExhausted:
      details->set_reason(PAYSIM_INTERNED(kPaymentFailed));
      break;
    default:
      // UNCERTAIN: the reason Stripe gives a trial that ends without a payment method and
      // cancels; paysim leaves it null.
      break;
  }
}

}  // namespace internal
}  // namespace paysim
