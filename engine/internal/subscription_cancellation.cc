#include "engine/internal/subscription_cancellation.h"

#include <string>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "engine/api_version.h"
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
constexpr char kPaymentDisputed[] = "payment_disputed";

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

absl::StatusOr<CancelAtAsk> CheckCancelAt(World& world, const std::string* cancel_at,
                                          int64_t period_end, bool period_end_requested,
                                          absl::string_view param) {
  CancelAtAsk ask;
  if (cancel_at == nullptr) return ask;
  ask.given = true;
  if (cancel_at->empty()) {
    ask.clear = true;
    return ask;
  }
  // Stripe's helpers for mixed intervals; paysim's items share one period end.
  const bool named = *cancel_at == "min_period_end" || *cancel_at == "max_period_end";
  if (named && ApiVersionAtLeast(world.api_version(), "2025-07-30")) {
    ask.at = period_end;
  } else if (named || !absl::SimpleAtoi(*cancel_at, &ask.at) ||
             cancel_at->find_first_not_of("0123456789") != std::string::npos) {
    return InvalidRequestError("parameter_invalid_integer", std::string(param),
                               absl::StrCat("Invalid integer: ", *cancel_at));
  }
  if (ask.at <= world.created()) {
    return InvalidRequestError("", std::string(param),
                               absl::StrCat("Invalid ", param, ": must be in the future."));
  }
  if (period_end_requested) {
    return InvalidRequestError(
        "", std::string(param),
        "You may only specify one of these parameters: cancel_at, cancel_at_period_end.");
  }
  return ask;
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
                             const SubscriptionChangeParams& params, const CancelAtAsk& ask,
                             Subscription& updated) {
  if (ask.given) {
    updated.set_cancel_at_period_end(false);
    if (ask.clear) {
      updated.clear_cancel_at();
    } else {
      updated.set_cancel_at(ask.at);
    }
  } else if (params.has_cancel_at_period_end() && !params.cancel_at_period_end()) {
    updated.clear_cancel_at();  // withdraws a cancel_at too
  }
  const bool scheduled = before.cancel_at_period_end() || before.has_cancel_at();
  const bool still = updated.cancel_at_period_end() || updated.has_cancel_at();
  if ((params.has_cancel_at_period_end() && params.cancel_at_period_end()) ||
      (ask.given && !ask.clear)) {
    Request(world, updated);
  } else if (scheduled && !still) {
    // UNCERTAIN: that withdrawing the request clears the details as well as canceled_at.
    updated.clear_canceled_at();
    updated.mutable_cancellation_details()->clear_comment();
    updated.mutable_cancellation_details()->clear_feedback();
    updated.mutable_cancellation_details()->clear_reason();
  }
  if (params.has_cancellation_details()) {
    MergeCancellationFeedback(params.cancellation_details(),
                              updated.mutable_cancellation_details());
  }
}

void StampScheduledCancellation(World& world, Subscription& draft) {
  if (draft.cancel_at_period_end() || draft.has_cancel_at()) Request(world, draft);
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
    case SubscriptionTrigger::kPaymentDisputed:
      details->set_reason(PAYSIM_INTERNED(kPaymentDisputed));
      break;
    default:
      // UNCERTAIN: the reason Stripe gives a trial that ends without a payment method and
      // cancels; paysim leaves it null.
      break;
  }
}

}  // namespace internal
}  // namespace paysim
