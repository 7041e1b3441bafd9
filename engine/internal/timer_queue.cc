#include "engine/internal/timer_queue.h"

#include <algorithm>
#include <utility>

namespace paysim {

uint64_t TimerQueue::Schedule(absl::Time due, TimerKind kind, absl::string_view target) {
  const uint64_t sequence = next_sequence_++;
  heap_.push(Timer{due, sequence, kind, internal::ShortId(target)});
  return sequence;
}

Timer TimerQueue::Pop() {
  // priority_queue::top() is const; moving out is safe because pop() follows at once.
  Timer timer = std::move(const_cast<Timer&>(heap_.top()));
  heap_.pop();
  return timer;
}

std::vector<Timer> TimerQueue::Pending() const {
  std::vector<Timer> timers(heap_.c.begin(), heap_.c.end());
  std::sort(timers.begin(), timers.end(),
            [](const Timer& a, const Timer& b) { return Later()(b, a); });
  return timers;
}

void TimerQueue::Restore(std::vector<Timer> timers, uint64_t next_sequence) {
  heap_ = Heap();
  for (Timer& timer : timers) heap_.push(std::move(timer));
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
