// timer_queue.h: the one ordered queue of everything that happens later.
//
// Authorization holds expiring, tokens lapsing, funds becoming available, idempotency keys
// being forgotten: each is a Timer keyed by (due time, sequence). Timers fire in that order;
// asking whether anything is due is O(1), popping the k due timers of n pending at most
// O(k log n) and, for timers scheduled a fixed delay after the clock, O(k).
//
// A timer is never removed early: when its target no longer needs it (a hold captured before
// it expired), the handler sees that and does nothing.
//
// Thread safety: not thread-safe; the engine uses it under its own lock.
#ifndef PAYSIM_ENGINE_INTERNAL_TIMER_QUEUE_H_
#define PAYSIM_ENGINE_INTERNAL_TIMER_QUEUE_H_

#include <cstdint>
#include <cstddef>
#include <deque>
#include <string>
#include <vector>

#include "absl/strings/string_view.h"
#include "absl/time/time.h"
#include "engine/internal/short_id.h"

namespace paysim {

enum class TimerKind : uint8_t {
  kAuthorizationExpiry,  // an uncaptured charge's hold expires
  kTokenExpiry,          // an unused token lapses
  kFundsAvailable,       // a balance transaction turns pending -> available
  kIdempotencyExpiry,    // an idempotency key is forgotten
  kCheckoutSessionExpiry,     // an open Checkout Session expires at its expires_at
  kCheckoutPrefillWindowEnd,  // a session's saved card stops being prefilled (30 minutes)
  kBankDebitSettlement,       // a Checkout Session's bank debit succeeds or fails (days later)
  kDisputeOpen,               // a dispute test card's payment is disputed (or fraud-warned)
  kDisputeEvidenceDue,        // a dispute's evidence_details.due_by comes
  kDisputeDecision,           // the issuer decides a dispute whose evidence was submitted
  kRefundOutcome,             // a pending refund succeeds, or a refund fails (test cards)
  kPayoutSubmission,          // a pending payout goes to the bank (in_transit)
  kPayoutArrival,             // a payout's arrival_date comes (paid, or failed)
  kPaymentIntentDebitSettlement,  // a PaymentIntent's own bank debit succeeds or fails
  kSubscriptionPeriodEnd,         // a subscription's period (or trial) ends: renew or cancel
  kSubscriptionIncompleteExpiry,  // an incomplete subscription expires (23 hours)
  kInvoiceFinalization,           // a draft renewal invoice is finalized (1 hour)
  kInvoicePaymentRetry,           // an open invoice's payment is retried
  kCouponRedeemBy,                // a coupon's redeem_by comes: no longer valid
  kSubscriptionTrialWillEnd,      // 3 days before a trial ends: trial_will_end
  kSubscriptionSchedulePhaseEnd,  // a schedule starts, or its phase ends: the next (or the end)
  kSubscriptionScheduleExpiring,  // 7 days before a schedule's last phase ends: .expiring
  kInvoiceDue,                    // a send_invoice invoice's due_date comes (past_due if unpaid)
  kInvoiceUpcoming,  // EngineOptions::upcoming_invoice_days before a renewal: invoice.upcoming
  kInvoiceWillBeDue,       // EngineOptions::invoice_will_be_due_days before a due date
  kInvoiceOverdueNotice,   // EngineOptions::invoice_overdue_days after a due date
  kInvoiceOverdueAction,   // EngineOptions::send_invoice_overdue_days after a due date
  kAutomaticPayouts,       // 00:00 UTC each day with EngineOptions::automatic_payouts
  kSetupIntentMicrodepositTimeout,  // a SetupIntent's microdeposits go unverified (10 days)
  kPaymentIntentMicrodepositTimeout,  // a PaymentIntent's microdeposits go unverified (10 days)
  kTaxIdVerification,               // a customer's tax ID is verified (or not)
  kSubscriptionPauseCollectionEnd,  // a subscription's pause_collection reaches resumes_at
  kSubscriptionPendingUpdateExpiry,  // a subscription's pending_update reaches expires_at
  kTopupAvailability,  // a top-up's expected_availability_date comes (succeeded, or failed)
  kQuoteExpiry,        // a draft or open quote's expires_at comes (canceled)
  kQuoteWillExpire,    // EngineOptions::quote_will_expire_days before an open quote expires
};

// Timers' sequence numbers are below 2^56 (a snapshot with a higher one is refused).
constexpr uint64_t kTimerSequenceLimit = uint64_t{1} << 56;

// 56 bytes: the sequence (56 bits, more timers than any run schedules) and the kind share one
// word.
struct Timer {
  absl::Time due;
  uint64_t sequence : 56;
  TimerKind kind : 8;
  internal::ShortId target;  // id of the object the timer acts on (or an idempotency key)
};

class TimerQueue {
 public:
  // Schedules a timer; returns its sequence number (increasing with every call).
  uint64_t Schedule(absl::Time due, TimerKind kind, absl::string_view target);

  // True if the earliest timer is due at or before `now`. O(1).
  bool HasDue(absl::Time now) const { return size_ != 0 && Earliest().due <= now; }

  // Removes and returns the earliest timer. REQUIRES: !empty().
  Timer Pop();

  // Due time of the earliest timer. REQUIRES: !empty().
  absl::Time NextDue() const { return Earliest().due; }

  bool empty() const { return size_ == 0; }
  size_t size() const { return size_; }

  // ---- snapshots (engine/snapshot.cc) ----

  // Every pending timer, in firing order. O(n log n).
  std::vector<Timer> Pending() const;

  // The sequence number the next Schedule() will give.
  uint64_t next_sequence() const { return next_sequence_; }

  // Replaces the queue with `timers` and the sequence counter with `next_sequence`.
  void Restore(std::vector<Timer> timers, uint64_t next_sequence);

 private:
  // Fires first: the earlier due time, then the lower sequence number.
  static bool Earlier(const Timer& a, const Timer& b) {
    if (a.due != b.due) return a.due < b.due;
    return a.sequence < b.sequence;
  }

  // Where timers wait. Most are scheduled a fixed delay after the clock (a hold's 7 days, a
  // renewal's month, a draft's hour), so each kind arrives in firing order: a timer joins a
  // run, a queue already in firing order whose last timer fires no later (of those, the one
  // whose last fires latest), and leaves from its front. Popping compares the runs' fronts (a
  // handful, in cache) and reads each run front to back: no O(log n) walk through memory the
  // size of the queue. A timer no run can take, with kMaxRuns in use, goes to heap_ (a binary
  // heap).
  static constexpr size_t kMaxRuns = 16;
  static constexpr size_t kInHeap = kMaxRuns;  // earliest_: heap_'s top is the earliest
  void Push(Timer timer);
  void PushToHeap(Timer timer);
  Timer PopFromHeap();
  const Timer& Earliest() const {
    return earliest_ == kInHeap ? heap_.front() : runs_[earliest_].front();
  }
  void FindEarliest();  // sets earliest_ (REQUIRES: size_ > 0)

  std::vector<std::deque<Timer>> runs_;  // each in firing order; empty ones are reused
  std::vector<Timer> heap_;              // a min-heap (Earlier)
  size_t earliest_ = 0;                  // the run (or kInHeap) holding the earliest timer
  size_t size_ = 0;
  uint64_t next_sequence_ = 0;
};

// The timer kind's name in snapshots ("authorization_expiry", ...), and back (false if unknown).
// A new TimerKind needs a name here (timer_queue.cc).
absl::string_view TimerKindName(TimerKind kind);
bool TimerKindFromName(absl::string_view name, TimerKind* kind);

}  // namespace paysim

#endif  // PAYSIM_ENGINE_INTERNAL_TIMER_QUEUE_H_
