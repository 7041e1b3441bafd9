#include "engine/internal/timer_queue.h"

#include <algorithm>
#include <utility>

namespace paysim {

uint64_t TimerQueue::Schedule(absl::Time due, TimerKind kind, absl::string_view target) {
  const uint64_t sequence = next_sequence_++;
  Push(Timer{due, sequence, kind, internal::ShortId(target)});
  return sequence;
}

void TimerQueue::Push(Timer timer) {
  if (size_ == blocks_.size() * kBlock) blocks_.push_back(std::make_unique<Timer[]>(kBlock));
  // Sift up: the hole moves to the root while its parent fires later.
  size_t hole = size_++;
  while (hole > 0) {
    const size_t parent = (hole - 1) / 2;
    if (!Earlier(timer, At(parent))) break;
    At(hole) = std::move(At(parent));
    hole = parent;
  }
  At(hole) = std::move(timer);
}

Timer TimerQueue::Pop() {
  Timer top = std::move(At(0));
  --size_;
  if (size_ > 0) {
    // Sift down: the last timer's hole moves from the root while a child fires earlier.
    Timer last = std::move(At(size_));
    size_t hole = 0;
    for (;;) {
      size_t child = 2 * hole + 1;
      if (child >= size_) break;
      if (child + 1 < size_ && Earlier(At(child + 1), At(child))) ++child;
      if (!Earlier(At(child), last)) break;
      At(hole) = std::move(At(child));
      hole = child;
    }
    At(hole) = std::move(last);
  }
  // Keep one spare block beyond the one in use.
  if (blocks_.size() * kBlock >= size_ + 2 * kBlock) blocks_.pop_back();
  return top;
}

std::vector<Timer> TimerQueue::Pending() const {
  std::vector<Timer> timers;
  timers.reserve(size_);
  for (size_t i = 0; i < size_; ++i) timers.push_back(At(i));
  std::sort(timers.begin(), timers.end(), Earlier);
  return timers;
}

void TimerQueue::Restore(std::vector<Timer> timers, uint64_t next_sequence) {
  blocks_.clear();
  size_ = 0;
  for (Timer& timer : timers) Push(std::move(timer));
  next_sequence_ = next_sequence;
}

absl::string_view TimerKindName(TimerKind kind) {
  // No default: a new TimerKind without a name here is a compiler warning (-Wswitch).
  switch (kind) {
    case TimerKind::kAuthorizationExpiry:
      return "authorization_expiry";
    case TimerKind::kTokenExpiry:
      return "token_expiry";
    case TimerKind::kFundsAvailable:
      return "funds_available";
    case TimerKind::kIdempotencyExpiry:
      return "idempotency_expiry";
    case TimerKind::kCheckoutSessionExpiry:
      return "checkout_session_expiry";
    case TimerKind::kCheckoutPrefillWindowEnd:
      return "checkout_prefill_window_end";
    case TimerKind::kBankDebitSettlement:
      return "bank_debit_settlement";
    case TimerKind::kDisputeOpen:
      return "dispute_open";
    case TimerKind::kDisputeEvidenceDue:
      return "dispute_evidence_due";
    case TimerKind::kDisputeDecision:
      return "dispute_decision";
    case TimerKind::kRefundOutcome:
      return "refund_outcome";
    case TimerKind::kPayoutSubmission:
      return "payout_submission";
    case TimerKind::kPayoutArrival:
      return "payout_arrival";
    case TimerKind::kPaymentIntentDebitSettlement:
      return "payment_intent_debit_settlement";
    case TimerKind::kSubscriptionPeriodEnd:
      return "subscription_period_end";
    case TimerKind::kSubscriptionIncompleteExpiry:
      return "subscription_incomplete_expiry";
    case TimerKind::kInvoiceFinalization:
      return "invoice_finalization";
    case TimerKind::kInvoicePaymentRetry:
      return "invoice_payment_retry";
    case TimerKind::kCouponRedeemBy:
      return "coupon_redeem_by";
    case TimerKind::kSubscriptionTrialWillEnd:
      return "subscription_trial_will_end";
    case TimerKind::kSubscriptionSchedulePhaseEnd:
      return "subscription_schedule_phase_end";
    case TimerKind::kInvoiceDue:
      return "invoice_due";
    case TimerKind::kSubscriptionScheduleExpiring:
      return "subscription_schedule_expiring";
    case TimerKind::kInvoiceUpcoming:
      return "invoice_upcoming";
    case TimerKind::kInvoiceWillBeDue:
      return "invoice_will_be_due";
    case TimerKind::kInvoiceOverdueNotice:
      return "invoice_overdue_notice";
    case TimerKind::kInvoiceOverdueAction:
      return "invoice_overdue_action";
    case TimerKind::kAutomaticPayouts:
      return "automatic_payouts";
    case TimerKind::kSetupIntentMicrodepositTimeout:
      return "setup_intent_microdeposit_timeout";
    case TimerKind::kPaymentIntentMicrodepositTimeout:
      return "payment_intent_microdeposit_timeout";
    case TimerKind::kTaxIdVerification:
      return "tax_id_verification";
    case TimerKind::kSubscriptionPauseCollectionEnd:
      return "subscription_pause_collection_end";
    case TimerKind::kSubscriptionPendingUpdateExpiry:
      return "subscription_pending_update_expiry";
    case TimerKind::kTopupAvailability:
      return "topup_availability";
    case TimerKind::kQuoteExpiry:
      return "quote_expiry";
    case TimerKind::kQuoteWillExpire:
      return "quote_will_expire";
  }
  return "";
}

bool TimerKindFromName(absl::string_view name, TimerKind* kind) {
  if (name.empty()) return false;
  for (int k = 0; k <= 255; ++k) {
    if (TimerKindName(static_cast<TimerKind>(k)) == name) {
      *kind = static_cast<TimerKind>(k);
      return true;
    }
  }
  return false;
}

}  // namespace paysim
