#include "engine/internal/refund_lifecycle.h"

#include <string>
#include <tuple>
#include <utility>

#include "absl/hash/hash.h"
#include "engine/api_version.h"
#include "engine/card_catalog.h"
#include "engine/internal/balance_ledger.h"
#include "engine/internal/charge_lifecycle.h"
#include "engine/internal/event_log.h"
#include "engine/internal/interned.h"
#include "engine/internal/shared_values.h"

namespace paysim {
namespace internal {
namespace {

using Machine = RefundLifecycle::Machine;
using S = RefundState;
using T = RefundTrigger;

// UNCERTAIN: the order of charge.refund.updated, refund.updated and refund.failed.
constexpr Machine::Row kRows[] = {
    {Machine::kCreated, T::kCreate, S::kSucceeded, "refund.created"},
    {Machine::kCreated, T::kCreatePending, S::kPending, "refund.created"},
    {Machine::From({S::kPending}), T::kSettle, S::kSucceeded,
     "charge.refund.updated, refund.updated"},
    {Machine::From({S::kSucceeded}), T::kFail, S::kFailed,
     "charge.refund.updated, refund.updated, refund.failed"},
    {Machine::From({S::kPending}), T::kCancel, S::kCanceled,
     "charge.refund.updated, refund.updated"},
    {Machine::kCreated, T::kCreateHeld, S::kPending, "refund.created"},
    {Machine::From({S::kPending}), T::kSubmitHeld, S::kSucceeded,
     "charge.refund.updated, refund.updated"},
    // UNCERTAIN: Stripe's docs say a refund of a pending debit waits for the payment to
    // succeed; what becomes of it when the debit fails is not documented. Nothing was paid
    // and nothing is paid back: paysim cancels it.
    {Machine::From({S::kPending}), T::kCancelHeld, S::kCanceled,
     "charge.refund.updated, refund.updated"},
};
constexpr absl::string_view kStates[] = {"pending", "succeeded", "failed", "canceled"};
constexpr absl::string_view kTriggers[] = {
    "a refund of a charge, or of a released hold",
    "a refund of a pendingRefund test card's payment",
    "kRefundOutcomeDelay passes (pending refund)",
    "kRefundOutcomeDelay passes (refundFail test card)",
    "cancel",
    "a refund of a bank debit that has not settled (held)",
    "the held refund's bank debit settles",
    "the held refund's bank debit is returned",
};

// UNCERTAIN: the failure_reason of the refundFail test card's refunds.
constexpr absl::string_view kTestCardFailureReason = "expired_or_canceled_card";

// A new Refund of `amount` on `charge` (id, amounts, links, reason, metadata), not yet stored,
// without a status.
Refund NewRefund(World& world, const Charge& charge, int64_t amount, absl::string_view reason,
                 const google::protobuf::Map<std::string, std::string>& metadata) {
  // The stable fields first (proto/refund.proto): without metadata, built once per currency,
  // kind and reason and shared; with metadata, shared with the last such refund's when equal.
  // Then the refund's own.
  const bool card = charge.payment_method_details().type() == "card";
  const obj::InternedString* reason_node = reason.empty() ? nullptr : &InternedCopy(reason);
  auto stable_part = [&] {
    Refund refund;
    refund.set_object(PAYSIM_INTERNED("refund"));
    refund.set_currency(charge.currency_shared());
    *refund.mutable_metadata() = metadata;
    if (card) {
      // Every card refund starts with the same details: one version, shared (copy-on-write).
      static const RefundDestinationDetails& kCardDestination = *[] {
        auto* destination = new RefundDestinationDetails();
        RefundDestinationCard* card = destination->mutable_card();
        card->set_reference_status(PAYSIM_INTERNED("pending"));
        card->set_reference_type(PAYSIM_INTERNED("acquirer_reference_number"));
        card->set_type(PAYSIM_INTERNED("refund"));
        destination->set_type(PAYSIM_INTERNED("card"));
        return destination;
      }();
      *refund.mutable_destination_details() = kCardDestination;
    }
    if (reason_node != nullptr) refund.set_reason(*reason_node);  // a validated enum value
    return refund;
  };
  Refund refund;
  if (metadata.empty()) {
    using Key = std::tuple<std::string, bool, const obj::InternedString*>;
    thread_local Memo<Key, Refund, 16> common;
    const Key key(charge.currency(), card, reason_node);
    refund = common.Get(absl::HashOf(charge.currency(), card, reason_node), key, stable_part);
  } else {
    refund = stable_part();
    thread_local SharedValues<Refund, 16> common;
    common.Share(absl::HashOf(charge.currency(), card, reason, metadata.size()), refund);
  }
  refund.set_id(world.ids().NewId("re_"));
  refund.set_amount(amount);
  refund.set_charge(charge.id_shared());
  refund.set_created(world.created());
  if (charge.has_customer()) refund.set_customer(charge.customer_shared());
  if (charge.has_payment_intent()) refund.set_payment_intent(charge.payment_intent_shared());
  if (charge.has_payment_method()) refund.set_payment_method(charge.payment_method_shared());
  return refund;
}

}  // namespace

const Machine& RefundLifecycle::machine() {
  static constexpr Machine kMachine(kRows, {"refund", "status", kStates, kStates, kTriggers});
  return kMachine;
}

RefundState RefundLifecycle::StateOf(const Refund& refund) {
  for (size_t s = 0; s < sizeof(kStates) / sizeof(kStates[0]); ++s) {
    if (refund.status() == kStates[s]) return static_cast<S>(s);
  }
  return S::kSucceeded;
}

const Refund& RefundLifecycle::Record(
    World& world, const Charge& charge, int64_t amount, absl::string_view reason,
    const google::protobuf::Map<std::string, std::string>& metadata, bool of_captured_funds) {
  const TestCard* card = of_captured_funds ? ChargeLifecycle::PayingCard(world, charge) : nullptr;
  const bool pending = card != nullptr && card->refund_pending;
  const bool fails = card != nullptr && card->refund_fails;
  Refund refund = NewRefund(world, charge, amount, reason, metadata);
  const T trigger = pending ? T::kCreatePending : T::kCreate;
  refund.set_status(Interned(machine().Rendered(machine().FindCreate(trigger)->to)));
  Refund& stored = world.refunds().Insert(Key(), std::move(refund));
  world.charge_refunds(Key()).Enter(stored.charge(), world.refunds(), stored);
  if (of_captured_funds) {
    stored.set_balance_transaction(BalanceLedger::RecordRefund(world, stored).id_shared());
  }
  if (pending || fails) {
    world.timers().Schedule(world.now() + kRefundOutcomeDelay, TimerKind::kRefundOutcome,
                            stored.id());
  }
  return stored;
}

const Refund& RefundLifecycle::RecordHeld(
    World& world, const Charge& charge, int64_t amount, absl::string_view reason,
    const google::protobuf::Map<std::string, std::string>& metadata) {
  Refund refund = NewRefund(world, charge, amount, reason, metadata);
  refund.set_status(Interned(machine().Rendered(machine().FindCreate(T::kCreateHeld)->to)));
  if (RefundShowsPendingReason(world.api_version())) {
    refund.set_pending_reason(PAYSIM_INTERNED("charge_pending"));
  }
  const Refund& stored = world.refunds().Insert(Key(), std::move(refund));
  world.charge_refunds(Key()).Enter(stored.charge(), world.refunds(), stored);
  return stored;
}

void RefundLifecycle::SubmitHeld(World& world, absl::string_view refund_id) {
  Refund* found = world.refunds().Mutable(Key(), refund_id);
  if (found == nullptr || StateOf(*found) != S::kPending) return;
  Refund& refund = *found;
  const Refund before = refund;
  refund.clear_pending_reason();
  refund.set_balance_transaction(BalanceLedger::RecordRefund(world, refund).id_shared());
  Enter(world, refund, T::kSubmitHeld, before);
}

void RefundLifecycle::CancelHeld(World& world, absl::string_view refund_id) {
  Refund* found = world.refunds().Mutable(Key(), refund_id);
  if (found == nullptr || StateOf(*found) != S::kPending) return;
  Refund& refund = *found;
  const Refund before = refund;
  refund.clear_pending_reason();
  Enter(world, refund, T::kCancelHeld, before);
}

void RefundLifecycle::Announce(World& world, const Refund& refund) {
  const T trigger = StateOf(refund) == S::kPending ? T::kCreatePending : T::kCreate;
  ForEachEvent(machine().FindCreate(trigger)->events,
               [&](absl::string_view type) { world.Emit(type, refund); });
}

const Refund& RefundLifecycle::Update(World& world, const Refund& current, const Refund& updated) {
  Refund& refund = *world.refunds().Mutable(Key(), current.id());
  std::string previous = PreviousAttributes(refund, updated);
  refund = updated;
  // Stripe announces every refund update as charge.refund.updated; refund.updated accompanies it.
  if (!previous.empty()) {
    world.Emit("charge.refund.updated", refund, previous);
    world.Emit("refund.updated", refund, std::move(previous));
  }
  return refund;
}

void RefundLifecycle::Enter(World& world, Refund& refund, RefundTrigger trigger,
                            const Refund& before) {
  const Machine::Row* row = machine().Find(StateOf(before), trigger);
  if (row == nullptr) return;
  refund.set_status(Interned(machine().Rendered(row->to)));
  ForEachEvent(row->events, [&](absl::string_view type) {
    // Only *.updated events carry previous_attributes.
    if (type == "refund.updated" || type == "charge.refund.updated") {
      world.EmitChange(type, refund, before);
    } else {
      world.Emit(type, refund);
    }
  });
}

void RefundLifecycle::GiveBack(World& world, Refund& refund, absl::string_view failure_reason) {
  refund.set_failure_reason(Interned(failure_reason));
  if (refund.has_balance_transaction()) {
    refund.set_failure_balance_transaction(
        BalanceLedger::RecordRefundFailure(world, refund).id());
  }
}

void RefundLifecycle::ReturnToCharge(World& world, const Refund& refund) {
  if (const Charge* charge = world.charges().Find(refund.charge())) {
    ChargeLifecycle::ReverseRefund(world, *charge, refund);
  }
}

const Refund& RefundLifecycle::Cancel(World& world, const Refund& current) {
  Refund& refund = *world.refunds().Mutable(Key(), current.id());
  const Refund before = refund;
  refund.clear_pending_reason();
  GiveBack(world, refund, "merchant_request");
  Enter(world, refund, T::kCancel, before);
  ReturnToCharge(world, refund);
  return refund;
}

void RefundLifecycle::OnOutcome(World& world, absl::string_view refund_id) {
  Refund* found = world.refunds().Mutable(Key(), refund_id);
  if (found == nullptr) return;
  Refund& refund = *found;
  const Refund before = refund;
  const S state = StateOf(refund);
  if (state == S::kPending) {
    Enter(world, refund, T::kSettle, before);
    return;
  }
  if (state != S::kSucceeded) return;  // canceled in time
  const Charge* charge = world.charges().Find(refund.charge());
  const TestCard* card = charge == nullptr ? nullptr : ChargeLifecycle::PayingCard(world, *charge);
  if (card == nullptr || !card->refund_fails) return;
  GiveBack(world, refund, kTestCardFailureReason);
  Enter(world, refund, T::kFail, before);
  ReturnToCharge(world, refund);
}

}  // namespace internal
}  // namespace paysim
