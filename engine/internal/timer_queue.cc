#include "engine/internal/timer_queue.h"

#include <algorithm>
#include <deque>
#include <utility>

namespace paysim {

uint64_t TimerQueue::Schedule(absl::Time due, TimerKind kind, absl::string_view target) {
  const uint64_t sequence = next_sequence_++;
  Push(Timer{due, sequence, kind, internal::ShortId(target)});
  return sequence;
}

void TimerQueue::Push(Timer timer) {
  // The run whose last timer fires latest of those that fire no later than `timer`; else an
  // empty run; else a new one; else the heap.
  size_t best = kInHeap;
  size_t empty = kInHeap;
  for (size_t r = 0; r < runs_.size(); ++r) {
    const std::deque<Timer>& run = runs_[r];
    if (run.empty()) {
      if (empty == kInHeap) empty = r;
    } else if (!Earlier(timer, run.back()) &&
               (best == kInHeap || Earlier(runs_[best].back(), run.back()))) {
      best = r;
    }
  }
  if (best == kInHeap) best = empty;
  if (best == kInHeap && runs_.size() < kMaxRuns) {
    runs_.reserve(kMaxRuns);  // growing never moves a run (a deque's move may allocate)
    best = runs_.size();
    runs_.emplace_back();
  }
  const bool earliest = size_++ == 0 || Earlier(timer, Earliest());
  if (best == kInHeap) {
    PushToHeap(std::move(timer));
  } else {
    runs_[best].push_back(std::move(timer));
  }
  if (earliest) earliest_ = best;
}

void TimerQueue::PushToHeap(Timer timer) {
  // Sift up: the hole moves to the root while its parent fires later.
  size_t hole = heap_.size();
  heap_.emplace_back();
  while (hole > 0) {
    const size_t parent = (hole - 1) / 2;
    if (!Earlier(timer, heap_[parent])) break;
    heap_[hole] = std::move(heap_[parent]);
    hole = parent;
  }
  heap_[hole] = std::move(timer);
}

Timer TimerQueue::PopFromHeap() {
  Timer top = std::move(heap_.front());
  Timer last = std::move(heap_.back());
  heap_.pop_back();
  const size_t size = heap_.size();
  if (size > 0) {
    // Sift down: the last timer's hole moves from the root while a child fires earlier.
    size_t hole = 0;
    for (;;) {
      size_t child = 2 * hole + 1;
      if (child >= size) break;
      if (child + 1 < size && Earlier(heap_[child + 1], heap_[child])) ++child;
      if (!Earlier(heap_[child], last)) break;
      heap_[hole] = std::move(heap_[child]);
      hole = child;
    }
    heap_[hole] = std::move(last);
  }
  return top;
}

void TimerQueue::FindEarliest() {
  size_t earliest = kInHeap;
  const Timer* best = heap_.empty() ? nullptr : &heap_.front();
  for (size_t r = 0; r < runs_.size(); ++r) {
    if (runs_[r].empty()) continue;
    const Timer& front = runs_[r].front();
    if (best == nullptr || Earlier(front, *best)) {
      best = &front;
      earliest = r;
    }
  }
  earliest_ = earliest;
}

Timer TimerQueue::Pop() {
  Timer timer;
  if (earliest_ == kInHeap) {
    timer = PopFromHeap();
  } else {
    timer = std::move(runs_[earliest_].front());
    runs_[earliest_].pop_front();
  }
  if (--size_ == 0) {  // nothing pending: give the room back
    runs_.clear();
    heap_ = std::vector<Timer>();
  } else {
    FindEarliest();
  }
  return timer;
}

std::vector<Timer> TimerQueue::Pending() const {
  std::vector<Timer> timers;
  timers.reserve(size_);
  for (const std::deque<Timer>& run : runs_) timers.insert(timers.end(), run.begin(), run.end());
  timers.insert(timers.end(), heap_.begin(), heap_.end());
  std::sort(timers.begin(), timers.end(), Earlier);
  return timers;
}

void TimerQueue::Restore(std::vector<Timer> timers, uint64_t next_sequence) {
  runs_.clear();
  heap_.clear();
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
