#include "engine/internal/dispute_lifecycle.h"

#include <string>
#include <utility>

#include "absl/time/civil_time.h"
#include "engine/card_catalog.h"
#include "engine/internal/balance_ledger.h"
#include "engine/internal/charge_lifecycle.h"
#include "engine/internal/event_log.h"
#include "engine/internal/interned.h"
#include "engine/internal/subscription_lifecycle.h"

namespace paysim {
namespace internal {
namespace {

using Machine = DisputeLifecycle::Machine;
using S = DisputeState;
using T = DisputeTrigger;

// A row that keeps the state (evidence staged, metadata updated): one per state.
constexpr Machine::Row Stay(S state, T trigger) {
  return {Machine::From({state}), trigger, state, "charge.dispute.updated"};
}

constexpr Machine::Row kRows[] = {
    {Machine::kCreated, T::kOpenInquiry, S::kWarningNeedsResponse, "charge.dispute.created"},
    {Machine::kCreated, T::kOpenChargeback, S::kNeedsResponse,
     "charge.dispute.created, charge.dispute.funds_withdrawn"},
    Stay(S::kWarningNeedsResponse, T::kStageEvidence),
    Stay(S::kNeedsResponse, T::kStageEvidence),
    Stay(S::kWarningNeedsResponse, T::kUpdateMetadata),
    Stay(S::kWarningUnderReview, T::kUpdateMetadata),
    Stay(S::kWarningClosed, T::kUpdateMetadata),
    Stay(S::kNeedsResponse, T::kUpdateMetadata),
    Stay(S::kUnderReview, T::kUpdateMetadata),
    Stay(S::kWon, T::kUpdateMetadata),
    Stay(S::kLost, T::kUpdateMetadata),
    {Machine::From({S::kNeedsResponse}), T::kSubmit, S::kUnderReview, "charge.dispute.updated"},
    {Machine::From({S::kWarningNeedsResponse}), T::kSubmit, S::kWarningUnderReview,
     "charge.dispute.updated"},
    {Machine::From({S::kUnderReview}), T::kWin, S::kWon,
     "charge.dispute.closed, charge.dispute.funds_reinstated"},
    {Machine::From({S::kUnderReview}), T::kLose, S::kLost, "charge.dispute.closed"},
    {Machine::From({S::kWarningUnderReview}), T::kWin, S::kWarningClosed, "charge.dispute.closed"},
    {Machine::From({S::kWarningUnderReview}), T::kEscalate, S::kNeedsResponse,
     "charge.dispute.updated, charge.dispute.funds_withdrawn"},
    {Machine::From({S::kNeedsResponse}), T::kAccept, S::kLost, "charge.dispute.closed"},
    {Machine::From({S::kWarningNeedsResponse}), T::kAccept, S::kWarningClosed,
     "charge.dispute.closed"},
    {Machine::From({S::kNeedsResponse}), T::kMissDueDate, S::kLost, "charge.dispute.closed"},
    {Machine::From({S::kWarningNeedsResponse}), T::kMissDueDate, S::kWarningClosed,
     "charge.dispute.closed"},
};
constexpr absl::string_view kStates[] = {"warning_needs_response", "warning_under_review",
                                         "warning_closed", "needs_response", "under_review",
                                         "won", "lost"};
constexpr absl::string_view kTriggers[] = {
    "an inquiry test card's payment is disputed",
    "a chargeback test card's payment is disputed",
    "evidence staged (update without submit)",
    "metadata updated",
    "evidence submitted (update with submit=true)",
    "the issuer decides for the merchant (winning_evidence; an inquiry refunded in full)",
    "the issuer decides for the customer (losing_evidence)",
    "the issuer escalates the inquiry (losing_evidence)",
    "close (the merchant accepts)",
    "evidence_details.due_by comes",
};

// What a test card's dispute looks like.
struct DisputeKind {
  absl::string_view kind;  // TestCard::dispute_kind
  absl::string_view reason;
  absl::string_view case_type;
  absl::string_view network_reason_code;  // "" for null
  absl::string_view enhanced_eligibility;  // "" for none
};
// UNCERTAIN: the reasons, case types and Visa reason codes of each test card's dispute are
// paysim's reading of Stripe's testing docs (fraud 10.4, merchandise not received 13.1).
constexpr DisputeKind kKinds[] = {
    {"fraudulent", "fraudulent", "chargeback", "10.4", ""},
    {"product_not_received", "product_not_received", "chargeback", "13.1", ""},
    {"inquiry", "general", "inquiry", "", ""},
    {"multiple", "fraudulent", "chargeback", "10.4", ""},
    {"ce3_eligible", "fraudulent", "chargeback", "10.4", "visa_compelling_evidence_3"},
    {"compliance", "noncompliant", "compliance", "", "visa_compliance"},
};

const DisputeKind* FindKind(absl::string_view kind) {
  for (const DisputeKind& k : kKinds) {
    if (k.kind == kind) return &k;
  }
  return nullptr;
}

// 23:59:59 UTC on the day kDisputeResponseDays after `opened`.
int64_t DueBy(absl::Time opened) {
  const absl::CivilDay day = absl::ToCivilDay(opened, absl::UTCTimeZone());
  return absl::ToUnixSeconds(
             absl::FromCivil(day + kDisputeResponseDays + 1, absl::UTCTimeZone())) -
         1;
}

void ScheduleDueDate(World& world, const Dispute& dispute) {
  world.timers().Schedule(absl::FromUnixSeconds(dispute.evidence_details().due_by()),
                          TimerKind::kDisputeEvidenceDue, dispute.id());
}

}  // namespace

const Machine& DisputeLifecycle::machine() {
  static constexpr Machine kMachine(kRows, {"dispute", "status", kStates, kStates, kTriggers});
  return kMachine;
}

DisputeState DisputeLifecycle::StateOf(const Dispute& dispute) {
  for (size_t s = 0; s < sizeof(kStates) / sizeof(kStates[0]); ++s) {
    if (dispute.status() == kStates[s]) return static_cast<S>(s);
  }
  return S::kLost;
}

bool DisputeLifecycle::AwaitsResponse(const Dispute& dispute) {
  const S state = StateOf(dispute);
  return state == S::kNeedsResponse || state == S::kWarningNeedsResponse;
}

bool DisputeLifecycle::HoldsFunds(World& world, const Charge& charge) {
  if (!charge.has_dispute()) return false;
  const Dispute* dispute = world.disputes().Find(charge.dispute());
  if (dispute == nullptr) return false;
  const S state = StateOf(*dispute);
  return state == S::kNeedsResponse || state == S::kUnderReview || state == S::kLost;
}

void DisputeLifecycle::Enter(World& world, Dispute& dispute, DisputeTrigger trigger) {
  const Machine::Row* row = machine().Find(StateOf(dispute), trigger);
  if (row == nullptr) return;
  dispute.set_status(Interned(machine().Rendered(row->to)));
  ForEachEvent(row->events, [&](absl::string_view type) { world.Emit(type, dispute); });
}

void DisputeLifecycle::OnChargeCaptured(World& world, const Charge& charge) {
  const TestCard* card = ChargeLifecycle::PayingCard(world, charge);
  if (card == nullptr || !card->dispute) return;
  world.timers().Schedule(world.now() + kDisputeOpenDelay, TimerKind::kDisputeOpen, charge.id());
}

void DisputeLifecycle::OnOpen(World& world, absl::string_view charge_id) {
  const Charge* charge = world.charges().Find(charge_id);
  if (charge == nullptr || charge->has_dispute()) return;
  const TestCard* card = ChargeLifecycle::PayingCard(world, *charge);
  if (card == nullptr || !card->dispute) return;
  if (card->dispute_kind == "early_fraud_warning") {
    WarnOfFraud(world, *charge);
  } else {
    OpenDispute(world, *charge, card->dispute_kind);
  }
}

void DisputeLifecycle::WarnOfFraud(World& world, const Charge& charge) {
  EarlyFraudWarning warning;
  warning.set_id(world.ids().NewId("issfr_"));
  warning.set_object(PAYSIM_INTERNED("radar.early_fraud_warning"));
  warning.set_actionable(ChargeLifecycle::Refundable(charge) > 0);
  warning.set_charge(charge.id_shared());
  warning.set_created(world.created());
  // UNCERTAIN: the fraud type Stripe's test card reports.
  warning.set_fraud_type(PAYSIM_INTERNED("made_with_stolen_card"));
  warning.set_livemode(false);
  if (charge.has_payment_intent()) warning.set_payment_intent(charge.payment_intent());
  const EarlyFraudWarning& stored = world.early_fraud_warnings().Insert(Key(), std::move(warning));
  world.Emit("radar.early_fraud_warning.created", stored);
}

void DisputeLifecycle::OpenDispute(World& world, const Charge& charge, absl::string_view kind) {
  const DisputeKind* k = FindKind(kind);
  if (k == nullptr) k = &kKinds[0];
  const bool inquiry = k->case_type == "inquiry";
  Dispute dispute;
  dispute.set_id(world.ids().NewId("du_"));
  dispute.set_object(PAYSIM_INTERNED("dispute"));
  dispute.set_amount(ChargeLifecycle::Refundable(charge));
  dispute.set_charge(charge.id_shared());
  dispute.set_created(world.created());
  dispute.set_currency(charge.currency());
  if (!k->enhanced_eligibility.empty()) {
    dispute.add_enhanced_eligibility_types(std::string(k->enhanced_eligibility));
  }
  dispute.mutable_evidence();  // every field null
  DisputeEvidenceDetails* details = dispute.mutable_evidence_details();
  details->set_due_by(DueBy(world.now()));
  details->set_has_evidence(false);
  details->set_past_due(false);
  details->set_submission_count(0);
  dispute.set_is_charge_refundable(inquiry);
  dispute.set_livemode(false);
  if (!k->network_reason_code.empty()) {
    dispute.set_network_reason_code(std::string(k->network_reason_code));
  }
  if (charge.has_payment_intent()) dispute.set_payment_intent(charge.payment_intent());
  DisputePaymentMethodDetails* method = dispute.mutable_payment_method_details();
  DisputeCardDetails* card = method->mutable_card();
  card->set_brand(charge.payment_method_details().card().brand());
  card->set_case_type(Interned(k->case_type));
  if (!k->network_reason_code.empty()) {
    card->set_network_reason_code(std::string(k->network_reason_code));
  }
  method->set_type(PAYSIM_INTERNED("card"));
  dispute.set_reason(Interned(k->reason));
  const T trigger = inquiry ? T::kOpenInquiry : T::kOpenChargeback;
  dispute.set_status(Interned(machine().Rendered(machine().FindCreate(trigger)->to)));
  Dispute& stored = world.disputes().Insert(Key(), std::move(dispute));
  if (!inquiry) WithdrawFunds(world, stored);
  ScheduleDueDate(world, stored);
  ForEachEvent(machine().FindCreate(trigger)->events,
               [&](absl::string_view type) { world.Emit(type, stored); });
  const std::string payment_intent = charge.has_payment_intent() ? charge.payment_intent() : "";
  ChargeLifecycle::MarkDisputed(world, charge, stored.id());
  // A disputed invoice payment reaches the invoice's subscription (which the engine's
  // cancel_subscription_on_dispute may cancel).
  if (const PaymentIntent* pi = world.payment_intents().Find(payment_intent)) {
    const std::string& invoice_id =
        pi->invoice_id().empty() ? pi->attached_invoice() : pi->invoice_id();
    if (const Invoice* invoice = world.invoices().Find(invoice_id)) {
      SubscriptionLifecycle::OnPaymentDisputed(world, *invoice);
    }
  }
}

void DisputeLifecycle::WithdrawFunds(World& world, Dispute& dispute) {
  dispute.set_is_charge_refundable(false);
  *dispute.add_balance_transactions() =
      BalanceLedger::RecordDisputeWithdrawal(world, dispute, dispute.amount(), kDisputeFee);
}

const Dispute& DisputeLifecycle::Update(World& world, const Dispute& current,
                                        const Dispute& updated, bool submit) {
  Dispute& dispute = *world.disputes().Mutable(Key(), current.id());
  const Dispute before = dispute;
  const bool evidence_changed = !(updated.evidence() == dispute.evidence());
  dispute = updated;
  if (evidence_changed || submit) dispute.mutable_evidence_details()->set_has_evidence(true);
  T trigger = evidence_changed ? T::kStageEvidence : T::kUpdateMetadata;
  if (submit) {
    trigger = T::kSubmit;
    DisputeEvidenceDetails* details = dispute.mutable_evidence_details();
    details->set_submission_count(details->submission_count() + 1);
    world.timers().Schedule(world.now() + kDisputeDecisionDelay, TimerKind::kDisputeDecision,
                            dispute.id());
  }
  if (!submit && dispute == before) return dispute;  // nothing changed: no event
  Enter(world, dispute, trigger);
  return dispute;
}

const Dispute& DisputeLifecycle::Accept(World& world, const Dispute& current) {
  Dispute& dispute = *world.disputes().Mutable(Key(), current.id());
  Enter(world, dispute, T::kAccept);
  return dispute;
}

void DisputeLifecycle::OnEvidenceDue(World& world, absl::string_view dispute_id) {
  Dispute* dispute = world.disputes().Mutable(Key(), dispute_id);
  if (dispute == nullptr || !AwaitsResponse(*dispute)) return;  // answered in time
  if (dispute->evidence_details().due_by() != world.created()) return;  // an older due date
  Enter(world, *dispute, T::kMissDueDate);
}

void DisputeLifecycle::OnDecision(World& world, absl::string_view dispute_id) {
  Dispute* found = world.disputes().Mutable(Key(), dispute_id);
  if (found == nullptr) return;
  Dispute& dispute = *found;
  const S state = StateOf(dispute);
  if (state != S::kUnderReview && state != S::kWarningUnderReview) return;
  const std::string& text = dispute.evidence().uncategorized_text();
  if (text == "winning_evidence") {
    if (state == S::kUnderReview) {
      // Won: the amount and the fee come back.
      dispute.set_is_charge_refundable(true);
      *dispute.add_balance_transactions() =
          BalanceLedger::RecordDisputeReinstatement(world, dispute, dispute.amount(), kDisputeFee);
    }
    Enter(world, dispute, T::kWin);
  } else if (text == "losing_evidence") {
    if (state == S::kUnderReview) {
      Enter(world, dispute, T::kLose);
      return;
    }
    // An inquiry the issuer escalates: a chargeback, with a new due date.
    // UNCERTAIN: Stripe's test mode may instead close the inquiry; paysim escalates it, as
    // issuers do with an inquiry they are not satisfied with.
    const Charge* charge = world.charges().Find(dispute.charge());
    const int64_t refundable = charge == nullptr ? 0 : ChargeLifecycle::Refundable(*charge);
    if (refundable <= 0) {
      // Refunded in full meanwhile: nothing left to charge back; the inquiry closes.
      Enter(world, dispute, T::kWin);
      return;
    }
    if (refundable < dispute.amount()) dispute.set_amount(refundable);
    dispute.mutable_evidence_details()->set_due_by(DueBy(world.now()));
    dispute.mutable_evidence_details()->set_has_evidence(false);
    *dispute.mutable_evidence() = DisputeEvidence();
    if (dispute.payment_method_details().has_card()) {
      dispute.mutable_payment_method_details()->mutable_card()->set_case_type(
          PAYSIM_INTERNED("chargeback"));
    }
    WithdrawFunds(world, dispute);
    ScheduleDueDate(world, dispute);
    Enter(world, dispute, T::kEscalate);
  }
  // Other evidence: the issuer has not decided; the dispute stays under review.
}

}  // namespace internal
}  // namespace paysim
