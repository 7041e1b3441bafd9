// ChargeLifecycle's refunds (charge_lifecycle.h): how a charge gives money back, each
// recorded as a Refund (refund_lifecycle.h) with the charge's amounts moved and its events:
// a hold refunded, captured funds refunded (at once or held while the charge is pending), an
// authorization's released part recorded as a refund (API versions that do), a refund
// reversed (canceled or failed: the amount is refundable again).
#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "absl/strings/string_view.h"
#include "engine/api_version.h"
#include "engine/internal/charge_lifecycle.h"
#include "engine/internal/refund_lifecycle.h"
#include "google/protobuf/map.h"

namespace paysim {
namespace internal {

const Refund* ChargeLifecycle::ReleaseAsRefund(World& world, Charge& charge, int64_t amount,
                                               absl::string_view reason) {
  if (amount <= 0 || !ReleasedAmountIsRefunded(world.api_version())) return nullptr;
  const Refund& refund =
      RefundLifecycle::Record(world, charge, amount, reason, {}, /*of_captured_funds=*/false);
  charge.set_amount_refunded(charge.amount_refunded() + amount);
  charge.set_refunded(charge.amount_refunded() >= charge.amount() ||
                      (charge.captured() &&
                       charge.refunded_from_captured() >= charge.amount_captured()));
  return &refund;
}

void ChargeLifecycle::AnnounceReleased(World& world, Charge& charge, const Refund* refund) {
  if (refund == nullptr) return;
  RefundLifecycle::Announce(world, *refund);
  Enter(world, charge, ChargeTrigger::kReleaseAsRefund);
}

const Refund& ChargeLifecycle::RefundHold(
    World& world, const Charge& current, absl::string_view reason,
    const google::protobuf::Map<std::string, std::string>& metadata) {
  Charge& charge = Mutable(world, current);
  // An explicit refund request always answers with a Refund, in every API version.
  const Refund& refund = RefundLifecycle::Record(world, charge, charge.amount(), reason, metadata,
                                                 /*of_captured_funds=*/false);
  charge.set_amount_refunded(charge.amount_refunded() + charge.amount());
  charge.set_refunded(true);
  RefundLifecycle::Announce(world, refund);
  Enter(world, charge, ChargeTrigger::kRefundHold);
  return refund;
}

const Refund& ChargeLifecycle::RefundCaptured(
    World& world, const Charge& current, int64_t amount, absl::string_view reason,
    const google::protobuf::Map<std::string, std::string>& metadata) {
  Charge& charge = Mutable(world, current);
  const Refund& refund =
      RefundLifecycle::Record(world, charge, amount, reason, metadata, /*of_captured_funds=*/true);
  charge.set_refunded_from_captured(charge.refunded_from_captured() + amount);
  charge.set_amount_refunded(charge.amount_refunded() + amount);
  charge.set_refunded(charge.amount_refunded() >= charge.amount() ||
                      charge.refunded_from_captured() >= charge.amount_captured());
  RefundLifecycle::Announce(world, refund);
  Enter(world, charge, ChargeTrigger::kRefund);
  return refund;
}

const Refund& ChargeLifecycle::RefundPending(
    World& world, const Charge& current, int64_t amount, absl::string_view reason,
    const google::protobuf::Map<std::string, std::string>& metadata) {
  Charge& charge = Mutable(world, current);
  const Refund& refund = RefundLifecycle::RecordHeld(world, charge, amount, reason, metadata);
  charge.add_held_refunds(refund.id());
  charge.set_refunded_from_captured(charge.refunded_from_captured() + amount);
  charge.set_amount_refunded(charge.amount_refunded() + amount);
  charge.set_refunded(charge.amount_refunded() >= charge.amount());
  RefundLifecycle::Announce(world, refund);
  Enter(world, charge, ChargeTrigger::kRefundHeld);
  return refund;
}

void ChargeLifecycle::ReverseRefund(World& world, const Charge& current, const Refund& refund) {
  Charge& charge = Mutable(world, current);
  const ChargeState state = StateOf(charge);
  if (state != ChargeState::kCaptured && state != ChargeState::kPending) return;
  const Charge before = charge;
  const int64_t amount = refund.amount();
  std::vector<std::string> held;
  for (const std::string& id : charge.held_refunds()) {
    if (id != refund.id()) held.push_back(id);
  }
  if (held.size() != static_cast<size_t>(charge.held_refunds().size())) {
    charge.clear_held_refunds();
    for (std::string& id : held) charge.add_held_refunds(std::move(id));
  }
  charge.set_refunded_from_captured(charge.refunded_from_captured() - amount);
  charge.set_amount_refunded(charge.amount_refunded() - amount);
  charge.set_refunded(false);
  EnterUpdated(world, charge, ChargeTrigger::kReverseRefund, before);
}

}  // namespace internal
}  // namespace paysim
