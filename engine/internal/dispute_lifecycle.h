// dispute_lifecycle.h (internal): the Dispute lifecycle, the only writer of disputes and early
// fraud warnings.
//
//   from                    trigger                                to                      events
//   (new)                   an inquiry test card's payment         warning_needs_response  charge.dispute.created
//   (new)                   a chargeback test card's payment       needs_response          charge.dispute.created,
//                                                                                          charge.dispute.funds_withdrawn
//   *needs_response         evidence or metadata staged            (same)                  charge.dispute.updated
//   under_review, closed    metadata updated                       (same)                  charge.dispute.updated
//   needs_response          evidence submitted                     under_review            charge.dispute.updated
//   warning_needs_response  evidence submitted                     warning_under_review    charge.dispute.updated
//   under_review            the issuer decides for the merchant    won                     charge.dispute.closed,
//                                                                                          charge.dispute.funds_reinstated
//   under_review            the issuer decides for the customer    lost                    charge.dispute.closed
//   warning_under_review    the issuer decides for the merchant    warning_closed          charge.dispute.closed
//   warning_under_review    the issuer escalates the inquiry       needs_response          charge.dispute.updated,
//                                                                                          charge.dispute.funds_withdrawn
//   needs_response          close (the merchant accepts)           lost                    charge.dispute.closed
//   warning_needs_response  close                                  warning_closed          charge.dispute.closed
//   needs_response          evidence_details.due_by comes          lost                    charge.dispute.closed
//   warning_needs_response  evidence_details.due_by comes          warning_closed          charge.dispute.closed
//
// Test cards (card_catalog.h, `dispute_kind`): the payment is disputed kDisputeOpenDelay after its
// funds are captured (fraudulent, product_not_received, multiple, ce3_eligible, compliance:
// chargebacks; inquiry: an inquiry), or gets an early fraud warning
// (radar.early_fraud_warning.created; no dispute). The issuer decides kDisputeDecisionDelay after
// a submission, by the evidence's `uncategorized_text`: "winning_evidence" wins,
// "losing_evidence" loses (an inquiry escalates to a chargeback of what is still refundable, or
// closes if it was refunded in full); any other evidence stays under review.
//
// A chargeback withdraws the disputed amount and kDisputeFee from the balance (one `adjustment`
// balance transaction, reporting category `dispute`); winning reinstates both
// (`dispute_reversal`). The charge shows `disputed: true` from the dispute's opening. A dispute
// of a charge that paid an invoice is reported to the invoice's subscription after the
// dispute's events (SubscriptionLifecycle::OnPaymentDisputed).
//
// REQUIRES (every function taking a World): the world's lock held.
#ifndef PAYSIM_ENGINE_INTERNAL_DISPUTE_LIFECYCLE_H_
#define PAYSIM_ENGINE_INTERNAL_DISPUTE_LIFECYCLE_H_

#include <cstdint>

#include "absl/strings/string_view.h"
#include "absl/time/time.h"
#include "engine/internal/state_machine.h"
#include "engine/internal/world.h"
#include "engine/lifecycle.h"
#include "proto/charge.obj.h"
#include "proto/dispute.obj.h"

namespace paysim {

// UNCERTAIN: Stripe opens a test card's dispute "shortly" after the payment (seconds, in
// recordings). paysim opens it on a timer due at the capture's own instant: the call that
// captured answers `disputed: false`, and whatever comes next (a call, a clock move) sees the
// dispute, created at the capture's second.
constexpr absl::Duration kDisputeOpenDelay = absl::ZeroDuration();
// UNCERTAIN: Stripe's due dates vary by network and reason (usually 7 to 21 days). paysim gives
// every test dispute until 23:59:59 UTC on the day kDisputeResponseDays after it opened.
constexpr int kDisputeResponseDays = 7;
// UNCERTAIN: in test mode the decision on submitted evidence comes moments after the
// submission; paysim decides on a timer due at the submission's instant.
constexpr absl::Duration kDisputeDecisionDelay = absl::ZeroDuration();
// Stripe's dispute fee in the US: $15.00, withdrawn with a chargeback and given back when won.
// UNCERTAIN: in other currencies paysim takes 1500 minor units of the charge's currency.
constexpr int64_t kDisputeFee = 1500;
// Stripe: "The combined character count of all fields is limited to 150,000."
constexpr int64_t kDisputeEvidenceTextMaxLength = 150000;

namespace internal {

enum class DisputeState : uint8_t {
  kWarningNeedsResponse,
  kWarningUnderReview,
  kWarningClosed,
  kNeedsResponse,
  kUnderReview,
  kWon,
  kLost,
};
enum class DisputeTrigger : uint8_t {
  kOpenInquiry,
  kOpenChargeback,
  kStageEvidence,
  kUpdateMetadata,
  kSubmit,
  kWin,
  kLose,
  kEscalate,
  kAccept,
  kMissDueDate,
};

class DisputeLifecycle {
 public:
  using Machine = StateMachine<DisputeState, DisputeTrigger>;
  static const Machine& machine();
  static Lifecycle Published() { return machine().Publish(); }

  // The state of `dispute` (its status). REQUIRES: a status this lifecycle wrote.
  static DisputeState StateOf(const Dispute& dispute);

  // True while the dispute waits for the merchant's evidence (*needs_response).
  static bool AwaitsResponse(const Dispute& dispute);

  // True if refunds of `charge` are refused because a chargeback holds its funds (a dispute
  // whose funds are withdrawn and not reinstated).
  static bool HoldsFunds(World& world, const Charge& charge);

  // Called by the charge's lifecycle when `charge`'s funds are captured: a dispute test card's
  // payment gets its dispute (or early fraud warning) kDisputeOpenDelay later.
  static void OnChargeCaptured(World& world, const Charge& charge);

  // An update whose fields are checked: `updated` is the dispute with the new evidence and
  // metadata; `submit` submits the evidence. Emits what the table says (nothing if nothing
  // changed and nothing was submitted).
  static const Dispute& Update(World& world, const Dispute& current, const Dispute& updated,
                               bool submit);

  // The merchant accepts the dispute (close). REQUIRES: machine().Allows(state, kAccept).
  static const Dispute& Accept(World& world, const Dispute& current);

  // ---- timers ----
  static void OnOpen(World& world, absl::string_view charge_id);
  static void OnEvidenceDue(World& world, absl::string_view dispute_id);
  static void OnDecision(World& world, absl::string_view dispute_id);

 private:
  static WriteKey<DisputeLifecycle> Key() { return {}; }
  static void Enter(World& world, Dispute& dispute, DisputeTrigger trigger);
  static void WithdrawFunds(World& world, Dispute& dispute);
  static void OpenDispute(World& world, const Charge& charge, absl::string_view kind);
  static void WarnOfFraud(World& world, const Charge& charge);
};

}  // namespace internal
}  // namespace paysim

#endif  // PAYSIM_ENGINE_INTERNAL_DISPUTE_LIFECYCLE_H_
