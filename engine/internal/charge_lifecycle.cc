#include "engine/internal/charge_lifecycle.h"
#include "engine/internal/interned.h"

#include <cstdint>
#include <string>
#include <tuple>
#include <utility>
#include <vector>

#include "absl/hash/hash.h"
#include "absl/strings/ascii.h"
#include "engine/api_version.h"
#include "engine/charges.h"
#include "engine/internal/event_log.h"
#include "engine/internal/balance_ledger.h"
#include "engine/internal/card_details.h"
#include "engine/internal/dispute_lifecycle.h"
#include "engine/internal/params_util.h"
#include "engine/internal/payment_intent_lifecycle.h"
#include "engine/internal/refund_lifecycle.h"
#include "engine/internal/shared_values.h"
#include "engine/statement_descriptor.h"

namespace paysim {
namespace internal {
namespace {

using Machine = ChargeLifecycle::Machine;
using S = ChargeState;
using T = ChargeTrigger;

constexpr Machine::Row kRows[] = {
    {Machine::kCreated, T::kAuthorizeAndCapture, S::kCaptured, "charge.succeeded"},
    {Machine::kCreated, T::kAuthorize, S::kAuthorized, "charge.succeeded"},
    {Machine::kCreated, T::kDecline, S::kFailed, "charge.failed"},
    {Machine::kCreated, T::kSubmitDebit, S::kPending, "charge.pending"},
    {Machine::kCreated, T::kRefuseDebit, S::kFailed, "charge.failed"},
    {Machine::From({S::kAuthorized}), T::kCapture, S::kCaptured, "charge.captured"},
    {Machine::From({S::kAuthorized}), T::kExpire, S::kReleased, "charge.expired"},
    {Machine::From({S::kAuthorized}), T::kRefundHold, S::kReleased, "charge.refunded"},
    {Machine::From({S::kAuthorized}), T::kCancelHold, S::kReleased, ""},
    {Machine::From({S::kCaptured}), T::kRefund, S::kCaptured, "charge.refunded"},
    {Machine::From({S::kCaptured}), T::kReleaseAsRefund, S::kCaptured, "charge.refunded"},
    {Machine::From({S::kReleased}), T::kReleaseAsRefund, S::kReleased, "charge.refunded"},
    {Machine::From({S::kPending}), T::kSettleDebit, S::kCaptured, "charge.succeeded"},
    {Machine::From({S::kPending}), T::kReturnDebit, S::kFailed, "charge.failed"},
    // UNCERTAIN: Stripe documents charge.updated for updates of description and metadata and
    // for asynchronous captures; whether it announces these changes is not documented. paysim
    // announces every change of a charge (previous_attributes: disputed, or amount_refunded
    // and refunded).
    {Machine::From({S::kCaptured}), T::kDispute, S::kCaptured, "charge.updated"},
    {Machine::From({S::kCaptured}), T::kReverseRefund, S::kCaptured, "charge.updated"},
    {Machine::From({S::kPending}), T::kReverseRefund, S::kPending, "charge.updated"},
    {Machine::From({S::kPending}), T::kRefundHeld, S::kPending, "charge.refunded"},
};
constexpr absl::string_view kStates[] = {"pending", "failed", "authorized", "captured",
                                         "released"};
constexpr absl::string_view kRendered[] = {"pending", "failed", "succeeded", "succeeded",
                                           "succeeded"};
constexpr absl::string_view kTriggers[] = {
    "a card authorizes, captured at once",
    "a card authorizes, held (capture=false or manual)",
    "a card declines",
    "a bank debit is submitted",
    "a bank debit is refused at once",
    "capture",
    "7 days pass uncaptured",
    "refund (cancels the hold)",
    "its PaymentIntent is canceled",
    "refund",
    "before 2025-03-31.basil: the released amount shows as a Refund",
    "the bank debit settles",
    "the bank returns the debit",
    "its payment is disputed",
    "a refund fails or is canceled",
    "refund (held until the debit settles)",
};

// On a card Charge, Stripe uses `statement_descriptor` as the suffix when no suffix is given.
// A `statement_descriptor` may be 22 characters, so "PREFIX* " plus it can be longer than a
// statement holds: Stripe does not document this case; paysim cuts the result to 22 characters,
// as a `statement_descriptor_suffix` is limited so that it fits.
std::string CalculatedDescriptor(const World& w, const Charge& charge) {
  const std::string& suffix = charge.has_statement_descriptor_suffix()
                                  ? charge.statement_descriptor_suffix()
                                  : charge.statement_descriptor();
  std::string out = CalculatedStatementDescriptor(w.options().statement_descriptor,
                                                  w.options().statement_descriptor_prefix, suffix);
  if (out.size() > static_cast<size_t>(kStatementDescriptorMaxLength)) {
    out.resize(kStatementDescriptorMaxLength);
    absl::StripTrailingAsciiWhitespace(&out);
  }
  return out;
}

// Sets the charge's calculated_statement_descriptor. Without a suffix it comes from the
// engine's options alone, the same for every such charge: one interned node for all of them.
void SetCalculatedDescriptor(const World& w, Charge& charge) {
  std::string text = CalculatedDescriptor(w, charge);
  // Unchanged (a capture that changes no descriptor): the charge's stable block stays shared.
  if (charge.has_calculated_statement_descriptor() &&
      charge.calculated_statement_descriptor() == text) {
    return;
  }
  if (charge.statement_descriptor_suffix().empty() && charge.statement_descriptor().empty()) {
    charge.set_calculated_statement_descriptor(InternedCopy(text));
  } else {
    charge.set_calculated_statement_descriptor(std::move(text));
  }
}

int32_t RiskScore(World& w, absl::string_view risk_level) {
  if (risk_level == "highest") return 75 + static_cast<int32_t>(w.ids().Uniform(25));
  if (risk_level == "elevated") return 65 + static_cast<int32_t>(w.ids().Uniform(10));
  return static_cast<int32_t>(w.ids().Uniform(65));
}

ChargeOutcome BuildOutcome(const TestCard& card, int64_t risk_score) {
  ChargeOutcome result;
  ChargeOutcome* outcome = &result;
  outcome->set_risk_level(Interned(card.risk_level));
  outcome->set_risk_score(risk_score);
  switch (card.charge_outcome) {
    case CardOutcome::kSucceeded:
      outcome->set_network_status(PAYSIM_INTERNED("approved_by_network"));
      outcome->set_seller_message(PAYSIM_INTERNED("Payment complete."));
      outcome->set_type(PAYSIM_INTERNED("authorized"));
      return result;
    case CardOutcome::kBlocked:
      outcome->set_network_status(PAYSIM_INTERNED("not_sent_to_network"));
      outcome->set_reason(PAYSIM_INTERNED("highest_risk_level"));
      outcome->set_seller_message(PAYSIM_INTERNED("Stripe blocked this payment as too risky."));
      outcome->set_type(PAYSIM_INTERNED("blocked"));
      return result;
    case CardOutcome::kDeclined:
    case CardOutcome::kDeclinedAfterAttach:
      if (!card.advice_code.empty()) outcome->set_advice_code(Interned(card.advice_code));
      if (!card.network_advice_code.empty()) {
        outcome->set_network_advice_code(Interned(card.network_advice_code));
      }
      if (!card.network_decline_code.empty()) {
        outcome->set_network_decline_code(Interned(card.network_decline_code));
      }
      outcome->set_network_status(PAYSIM_INTERNED("declined_by_network"));
      outcome->set_reason(std::string(card.decline_code.empty() ? card.code : card.decline_code));
      outcome->set_seller_message(PAYSIM_INTERNED("The bank did not return any further details with this decline."));
      outcome->set_type(PAYSIM_INTERNED("issuer_declined"));
      return result;
  }
  return result;
}

// The outcome for `card`: the same card and risk score, the same outcome, built once and one
// rep for all such charges.
void SetOutcome(World& w, const TestCard& card, Charge& charge) {
  const int32_t risk_score = RiskScore(w, card.risk_level);
  using OutcomeKey = std::pair<const TestCard*, int32_t>;
  thread_local Memo<OutcomeKey, ChargeOutcome, 128> outcomes;
  *charge.mutable_outcome() =
      outcomes.Get(absl::HashOf(card.number, risk_score), OutcomeKey(&card, risk_score),
                   [&] { return BuildOutcome(card, risk_score); });
}

bool BypassesPending(World& w, const Charge& charge) {
  const TestCard* paying = ChargeLifecycle::PayingCard(w, charge);
  return paying != nullptr && paying->bypass_pending;
}

}  // namespace

const Machine& ChargeLifecycle::machine() {
  static constexpr Machine kMachine(kRows, {"charge", "status", kStates, kRendered, kTriggers});
  return kMachine;
}

ChargeState ChargeLifecycle::StateOf(const Charge& charge) {
  if (charge.status() == "pending") return S::kPending;
  if (charge.status() == "failed") return S::kFailed;
  if (charge.captured()) return S::kCaptured;
  return charge.authorization_released() ? S::kReleased : S::kAuthorized;
}

Charge& ChargeLifecycle::Mutable(World& world, const Charge& charge) {
  return *world.charges().Mutable(Key(), charge.id());
}

// Moves `charge` along the row of (its state, `trigger`): status, and the flags that mark the
// state (captured for captured/authorized/released; a debit's `captured` is the caller's), then
// the row's events. REQUIRES: nothing that StateOf reads was changed since the charge was read.
void ChargeLifecycle::Enter(World& world, Charge& charge, ChargeTrigger trigger) {
  const Machine::Row* row = machine().Find(StateOf(charge), trigger);
  if (row == nullptr) return;  // not a move of this lifecycle: nothing changes
  Apply(charge, row->to);
  ForEachEvent(row->events, [&](absl::string_view type) { world.Emit(type, charge); });
}

void ChargeLifecycle::Apply(Charge& charge, ChargeState to) {
  charge.set_status(Interned(machine().Rendered(to)));
  if (to == S::kCaptured || to == S::kAuthorized || to == S::kReleased) {
    charge.set_captured(to == S::kCaptured);
  }
  charge.set_authorization_released(to == S::kReleased);
}

const Charge& ChargeLifecycle::Create(World& world, Charge charge, ChargeTrigger trigger,
                                      bool bypass_pending) {
  const Machine::Row* row = machine().FindCreate(trigger);
  Apply(charge, row->to);
  charge.mutable_fraud_details();
  charge.set_receipt_url_from_id();  // derived from the id (proto/charge.proto)
  Charge& stored = world.charges().Insert(Key(), std::move(charge));
  if (stored.has_customer()) {
    world.customer_charges(Key()).Enter(stored.customer(), world.charges(), stored);
  }
  if (stored.has_payment_intent()) {
    world.intent_charges(Key()).Enter(stored.payment_intent(), world.charges(), stored);
  }
  if (row->to == S::kCaptured) {
    stored.set_balance_transaction(
        BalanceLedger::RecordCharge(world, stored, stored.amount(), bypass_pending).id_shared());
  } else if (row->to == S::kAuthorized) {
    world.timers().Schedule(world.now() + kAuthorizationWindow, TimerKind::kAuthorizationExpiry,
                            stored.id());
  }
  ForEachEvent(row->events, [&](absl::string_view type) { world.Emit(type, stored); });
  if (row->to == S::kCaptured) AfterCapture(world, stored);
  return stored;
}

void ChargeLifecycle::AfterCapture(World& world, const Charge& charge) {
  DisputeLifecycle::OnChargeCaptured(world, charge);
}

const TestCard* ChargeLifecycle::PayingCard(World& world, const Charge& charge) {
  if (charge.has_source()) return FindTestCardByNumber(charge.source().number());
  if (!charge.has_payment_method()) return nullptr;
  const PaymentMethod* pm = world.payment_methods().Find(charge.payment_method());
  if (pm == nullptr || !pm->has_card()) return nullptr;
  return FindTestCardByNumber(pm->card().number());
}

void ChargeLifecycle::MarkDisputed(World& world, const Charge& current,
                                   absl::string_view dispute_id) {
  Charge& charge = Mutable(world, current);
  if (StateOf(charge) != S::kCaptured) return;
  const Charge before = charge;
  charge.set_disputed(true);
  charge.set_dispute(std::string(dispute_id));
  EnterUpdated(world, charge, T::kDispute, before);
}

void ChargeLifecycle::EnterUpdated(World& world, Charge& charge, ChargeTrigger trigger,
                                   const Charge& before) {
  const Machine::Row* row = machine().Find(StateOf(charge), trigger);
  if (row == nullptr) return;
  Apply(charge, row->to);
  ForEachEvent(row->events,
               [&](absl::string_view type) { world.EmitChange(type, charge, before); });
}

Charge ChargeLifecycle::NewCardCharge(World& world, const TestCard& card, int64_t amount,
                                      int32_t exp_month, int32_t exp_year, bool cvc_provided) {
  Charge charge;
  charge.set_id(world.ids().NewId("ch_"));
  charge.set_object(PAYSIM_INTERNED("charge"));
  charge.set_amount(amount);
  *charge.mutable_billing_details() = EmptyBillingDetails();
  charge.set_created(world.created());
  charge.set_disputed(false);
  charge.set_livemode(false);
  // The same card, expiry and amount: the same details, built once, one rep for all such
  // charges.
  using DetailsKey = std::tuple<const TestCard*, int64_t, int32_t, int32_t, bool>;
  thread_local Memo<DetailsKey, PaymentMethodDetails, 16> card_details;
  const DetailsKey key(&card, amount, exp_month, exp_year, cvc_provided);
  *charge.mutable_payment_method_details() =
      card_details.Get(absl::HashOf(card.number, amount, exp_month, exp_year), key, [&] {
        PaymentMethodDetails details;
        *details.mutable_card() =
            MakeChargeCardDetails(card, exp_month, exp_year, cvc_provided, amount);
        details.set_type(PAYSIM_INTERNED("card"));
        return details;
      });
  SetOutcome(world, card, charge);
  return charge;
}

void ChargeLifecycle::CopyFromIntent(World& world, const PaymentIntent& pi, Charge* charge) {
  charge->set_calculated_statement_descriptor(
      CalculatedStatementDescriptor(world.options().statement_descriptor,
                                    world.options().statement_descriptor_prefix,
                                    pi.statement_descriptor_suffix()));
  charge->set_created(world.created());
  charge->set_currency(pi.currency_shared());
  if (pi.has_customer()) charge->set_customer(pi.customer_shared());
  if (pi.has_description()) charge->set_description(pi.description_shared());
  charge->set_disputed(false);
  charge->set_livemode(false);
  *charge->mutable_metadata() = pi.metadata();
}

const Charge& ChargeLifecycle::SettleCard(World& world, Charge charge, const TestCard& card,
                                          bool capture) {
  SetCalculatedDescriptor(world, charge);
  charge.set_refunded(false);
  if (card.charge_outcome != CardOutcome::kSucceeded) {
    charge.set_amount_captured(0);
    charge.set_failure_code(std::string(card.code.empty() ? "card_declined" : card.code));
    charge.set_failure_message(
        std::string(card.message.empty() ? "Your card was declined." : card.message));
    charge.set_paid(false);
    return Create(world, std::move(charge), T::kDecline, false);
  }
  charge.set_paid(true);
  if (capture) {
    charge.set_amount_captured(charge.amount());
  } else {
    const int64_t capture_before = absl::ToUnixSeconds(world.now() + kAuthorizationWindow);
    // Holds placed in the same second with the same details (the simulated clock stands still
    // between advances): one rep for all their details with the deadline, derived once from
    // the rep NewCardCharge shares (the key's comparison is then a pointer's).
    using HeldKey = std::pair<PaymentMethodDetails, int64_t>;
    thread_local Memo<HeldKey, PaymentMethodDetails, 16> held_details;
    HeldKey key(charge.payment_method_details(), capture_before);
    *charge.mutable_payment_method_details() =
        held_details.Get(absl::HashOf(card.number, charge.amount(), capture_before), key, [&] {
          PaymentMethodDetails details = key.first;
          details.mutable_card()->set_capture_before(capture_before);
          return details;
        });
  }
  return Create(world, std::move(charge), capture ? T::kAuthorizeAndCapture : T::kAuthorize,
                card.bypass_pending);
}

const Charge& ChargeLifecycle::SubmitDebit(World& world, Charge charge,
                                           const DebitFailure* refused) {
  if (refused != nullptr) {
    charge.set_amount_captured(0);
    charge.set_paid(false);
    charge.set_failure_code(std::string(refused->code));
    charge.set_failure_message(std::string(refused->message));
    charge.set_captured(false);
    return Create(world, std::move(charge), T::kRefuseDebit, false);
  }
  charge.set_amount_captured(charge.amount());
  charge.set_paid(false);
  charge.set_captured(true);  // a bank debit has no separate authorization
  return Create(world, std::move(charge), T::kSubmitDebit, false);
}

const Charge& ChargeLifecycle::SettleCashBalance(World& world, Charge charge) {
  charge.set_amount_captured(charge.amount());
  charge.set_paid(true);
  charge.set_captured(true);
  return Create(world, std::move(charge), T::kAuthorizeAndCapture, /*bypass_pending=*/false);
}

void ChargeLifecycle::Capture(World& world, const Charge& current, int64_t amount,
                              const CaptureDetails& details) {
  Charge& charge = Mutable(world, current);
  if (details.receipt_email != nullptr) charge.set_receipt_email(*details.receipt_email);
  if (details.statement_descriptor != nullptr) {
    charge.set_statement_descriptor(*details.statement_descriptor);
  }
  if (details.statement_descriptor_suffix != nullptr) {
    charge.set_statement_descriptor_suffix(*details.statement_descriptor_suffix);
  }
  charge.set_amount_captured(amount);
  SetCalculatedDescriptor(world, charge);
  charge.set_balance_transaction(
      BalanceLedger::RecordCharge(world, charge, amount, BypassesPending(world, charge))
          .id_shared());
  const Refund* released = ReleaseAsRefund(world, charge, charge.amount() - amount, "");
  Enter(world, charge, T::kCapture);
  AnnounceReleased(world, charge, released);
  AfterCapture(world, charge);
}

void ChargeLifecycle::CancelHold(World& world, const Charge& current, absl::string_view reason) {
  Charge& charge = Mutable(world, current);
  if (StateOf(charge) != S::kAuthorized) return;
  Enter(world, charge, T::kCancelHold);
  const Refund* released = ReleaseAsRefund(world, charge, charge.amount(), reason);
  AnnounceReleased(world, charge, released);
}

void ChargeLifecycle::SettleDebit(World& world, const Charge& current) {
  Charge& charge = Mutable(world, current);
  charge.set_paid(true);
  charge.set_balance_transaction(
      BalanceLedger::RecordCharge(world, charge, charge.amount(), /*bypass_pending=*/false)
          .id_shared());
  Enter(world, charge, T::kSettleDebit);
  // The refunds that waited for the money go out now (after charge.succeeded).
  const std::vector<std::string> held(charge.held_refunds().begin(), charge.held_refunds().end());
  charge.clear_held_refunds();
  for (const std::string& id : held) RefundLifecycle::SubmitHeld(world, id);
}

void ChargeLifecycle::ReturnDebit(World& world, const Charge& current,
                                  const DebitFailure& failure) {
  Charge& charge = Mutable(world, current);
  // Nothing arrived, so nothing goes back: the held refunds are canceled and leave the charge.
  const std::vector<std::string> held(charge.held_refunds().begin(), charge.held_refunds().end());
  charge.clear_held_refunds();
  for (const std::string& id : held) {
    const Refund* refund = world.refunds().Find(id);
    if (refund == nullptr || RefundLifecycle::StateOf(*refund) != RefundState::kPending) continue;
    charge.set_refunded_from_captured(charge.refunded_from_captured() - refund->amount());
    charge.set_amount_refunded(charge.amount_refunded() - refund->amount());
    RefundLifecycle::CancelHeld(world, id);
  }
  charge.set_refunded(false);
  charge.set_paid(false);
  charge.set_failure_code(std::string(failure.code));
  charge.set_failure_message(std::string(failure.message));
  Enter(world, charge, T::kReturnDebit);
}

const Charge& ChargeLifecycle::Update(World& world, const Charge& current, const Charge& updated) {
  Charge& charge = Mutable(world, current);
  std::string previous = PreviousAttributes(charge, updated);
  OrdinalIndex& index = world.customer_charges(Key());
  if (charge.has_customer()) index.Leave(charge.customer(), world.charges(), charge);
  charge = updated;
  if (charge.has_customer()) index.Enter(charge.customer(), world.charges(), charge);
  if (!previous.empty()) world.Emit("charge.updated", charge, std::move(previous));
  return charge;
}

void ChargeLifecycle::OnHoldExpiry(World& world, absl::string_view charge_id) {
  Charge* found = world.charges().Mutable(Key(), charge_id);
  if (found == nullptr || StateOf(*found) != S::kAuthorized) {
    return;  // captured or canceled in time: nothing to expire
  }
  Charge& charge = *found;
  const Refund* released =
      ReleaseAsRefund(world, charge, charge.amount(), "expired_uncaptured_charge");
  Enter(world, charge, T::kExpire);
  AnnounceReleased(world, charge, released);
  // A PaymentIntent's hold: the intent is canceled too (payment_intent.canceled).
  if (charge.has_payment_intent()) PaymentIntentLifecycle::OnHoldExpired(world, charge);
}

}  // namespace internal
}  // namespace paysim
