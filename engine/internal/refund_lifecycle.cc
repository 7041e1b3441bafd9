#include "engine/internal/refund_lifecycle.h"
#include "engine/internal/interned.h"

#include <utility>

#include "engine/internal/balance_ledger.h"
#include "engine/internal/event_log.h"

namespace paysim {
namespace internal {
namespace {

using Machine = RefundLifecycle::Machine;
using S = RefundState;
using T = RefundTrigger;

constexpr Machine::Row kRows[] = {
    {Machine::kCreated, T::kCreate, S::kSucceeded, "refund.created"},
};
constexpr absl::string_view kStates[] = {"succeeded"};
constexpr absl::string_view kTriggers[] = {"a refund of a charge, or of a released hold"};

}  // namespace

const Machine& RefundLifecycle::machine() {
  static constexpr Machine kMachine(kRows, {"refund", "status", kStates, kStates, kTriggers});
  return kMachine;
}

const Refund& RefundLifecycle::Record(
    World& world, const Charge& charge, int64_t amount, absl::string_view reason,
    const google::protobuf::Map<std::string, std::string>& metadata, bool of_captured_funds) {
  Refund refund;
  refund.set_id(world.ids().NewId("re_"));
  refund.set_object(Interned("refund"));
  refund.set_amount(amount);
  refund.set_charge(charge.id());
  refund.set_created(world.created());
  refund.set_currency(charge.currency());
  *refund.mutable_metadata() = metadata;
  if (charge.has_payment_intent()) refund.set_payment_intent(charge.payment_intent());
  if (!reason.empty()) refund.set_reason(std::string(reason));
  refund.set_status(std::string(machine().Rendered(machine().FindCreate(T::kCreate)->to)));
  Refund& stored = world.refunds().Insert(Key(), std::move(refund));
  if (of_captured_funds) {
    stored.set_balance_transaction(BalanceLedger::RecordRefund(world, stored).id());
  }
  return stored;
}

void RefundLifecycle::Announce(World& world, const Refund& refund) {
  ForEachEvent(machine().FindCreate(T::kCreate)->events,
               [&](absl::string_view type) { world.Emit(type, refund); });
}

const Refund& RefundLifecycle::Update(World& world, const Refund& current, const Refund& updated) {
  Refund& refund = *world.refunds().Mutable(Key(), current.id());
  std::string previous = PreviousAttributes(refund, updated);
  refund = updated;
  if (!previous.empty()) world.Emit("refund.updated", refund, std::move(previous));
  return refund;
}

}  // namespace internal
}  // namespace paysim
