// Operations on Refunds: create (of a charge or a PaymentIntent, full, partial, too much),
// update, retrieve; every new refund updates its charge's model.
#include <string>

#include "absl/strings/str_cat.h"
#include "absl/strings/string_view.h"
#include "testing/simulator/money_invariants.h"
#include "testing/simulator/simulation.h"

namespace paysim {
namespace testing {
namespace simulator_internal {
namespace {

// True if a dispute of `charge` holds its funds (withdrawn and not reinstated).
bool ChargedBack(Simulation& sim, const Charge& charge) {
  if (!charge.disputed()) return false;
  DisputeListParams params;
  params.set_charge(charge.id());
  absl::StatusOr<ListResult<Dispute>> disputes =
      sim.CallBothEngines([&](Engine& e) { return e.disputes().List(params); });
  if (!disputes.ok()) return false;
  for (const Dispute& d : disputes->data) {
    if (d.status() == "needs_response" || d.status() == "under_review" || d.status() == "lost") {
      return true;
    }
  }
  return false;
}

void CreateRefund(Simulation& sim) {
  RefundCreateParams params;
  const std::string id = sim.PickId(pool::kCharges, "ch_");
  params.set_charge(id);
  absl::StatusOr<Charge> before =
      sim.CallBothEngines([&](Engine& e) { return e.charges().Retrieve(id); });
  if (before.ok()) {
    const Charge& c = *before;
    const int64_t remaining = c.amount_captured() - c.refunded_from_captured();
    // A bank debit on its way (pending) is refundable too: the refund is held until it settles.
    const bool open = c.status() == "succeeded" || c.status() == "pending";
    if (c.status() == "succeeded" && c.captured() && remaining > 0 && ChargedBack(sim, c)) {
      sim.ExpectRefusal("a chargeback holds the funds");
    } else if (open && c.captured() && remaining > 0) {
      sim.ExpectSuccess("refund of captured funds left");
      if (sim.Chance(50)) params.set_amount(1 + static_cast<int64_t>(sim.Rand(remaining)));
      if (sim.Chance(10)) {
        params.set_amount(remaining + 1);
        sim.ExpectRefusal("refund more than is left");
      }
    } else if (!open || (c.captured() && remaining <= 0) ||
               c.authorization_released() || c.has_payment_intent()) {
      sim.ExpectRefusal("nothing to refund");
    }
    // A PaymentIntent's captured charge can be named by its intent (then its only successful
    // charge), alone or together with the charge.
    if (c.has_payment_intent() && c.captured() && open && sim.Chance(40)) {
      params.set_payment_intent(c.payment_intent());
      if (sim.Chance(50)) params.clear_charge();
    }
  }
  if (sim.Chance(30)) {
    static constexpr absl::string_view kReasons[] = {"duplicate", "fraudulent",
                                                     "requested_by_customer"};
    params.set_reason(std::string(kReasons[sim.Rand(3)]));
  }
  sim.RandomMetadata(params.mutable_metadata());
  switch (sim.Rand(20)) {
    case 0:
      params.set_reason("because");
      sim.ExpectRefusal("reason because");
      break;
    case 1:
      params.set_amount(-static_cast<int64_t>(sim.Rand(3)));
      sim.ExpectRefusal("amount <= 0");
      break;
    case 2:
      params.clear_charge();
      params.clear_payment_intent();
      sim.ExpectRefusal("no charge");
      break;
    default:
      break;
  }
  RequestOptions options = sim.RandomRequestOptionsWithKey();
  auto create = [params](Engine& e, const RequestOptions& o) {
    return e.refunds().Create(params, o);
  };
  absl::StatusOr<Refund> refund =
      sim.CheckedCall(id, [&](Engine& e) { return create(e, options); });
  RefundCreateParams other = params;
  (*other.mutable_metadata())["other"] = "1";
  sim.RecordForReplay(
      options, create,
      [other](Engine& e, const RequestOptions& o) { return e.refunds().Create(other, o); },
      Render(refund), refund.status());
}

void UpdateRefund(Simulation& sim) {
  const std::string id = sim.PickId(pool::kRefunds, "re_");
  RefundUpdateParams params;
  sim.RandomMetadata(params.mutable_metadata());
  sim.RunCheckedCall(id, [&](Engine& e) { return e.refunds().Update(id, params); });
}

// Cancel: only a pending refund (pm_card_pendingRefund's, before kRefundOutcomeDelay) may be.
void CancelRefund(Simulation& sim) {
  const std::string id = sim.PickId(pool::kRefunds, "re_");
  absl::StatusOr<Refund> before =
      sim.CallBothEngines([&](Engine& e) { return e.refunds().Retrieve(id); });
  if (!before.ok() || before->status() != "pending") sim.ExpectRefusal("not a pending refund");
  sim.RunCheckedCall(id, [&](Engine& e) { return e.refunds().Cancel(id); });
}

void RetrieveRefund(Simulation& sim) {
  const std::string id = sim.PickId(pool::kRefunds, "re_");
  sim.RunCheckedCall(id, [&](Engine& e) { return e.refunds().Retrieve(id); });
}

// A new refund (seen once, by refund.created) counts against its charge: of captured funds when
// it has a balance transaction (checked here) or is held for a pending bank debit, of a
// released authorization (before basil) otherwise.
void ObserveRefundEvent(Simulation& sim, const Event& event) {
  const Refund& refund = event.data().object().refund();
  if (sim.model().refunds_held.contains(refund.id()) && refund.status() != "pending") {
    // A held refund leaves the hold: submitted with its balance transaction once the debit
    // settled, or canceled (no money moved; it no longer counts against the charge).
    sim.model().refunds_held.erase(refund.id());
    if (refund.status() == "succeeded" && refund.has_balance_transaction()) {
      CheckRefundTransaction(sim, refund);
    } else if (refund.status() == "canceled" && !refund.has_balance_transaction()) {
      sim.model().refunds_given_back.insert(refund.id());
      sim.model().charges[refund.charge()].refunds_of_captured -= refund.amount();
    } else {
      sim.ReportViolation(absl::StrCat("held refund ", refund.id(), " left its hold as ",
                                       refund.status()));
    }
    return;
  }
  // A failed or canceled refund's money came back: it no longer counts against its charge.
  if ((refund.status() == "failed" || refund.status() == "canceled") &&
      refund.has_balance_transaction() &&
      sim.model().refunds_given_back.insert(refund.id()).second) {
    sim.model().charges[refund.charge()].refunds_of_captured -= refund.amount();
    return;
  }
  if (event.type() != "refund.created" || !sim.model().refunds_seen.insert(refund.id()).second) {
    return;
  }
  ChargeModel& charge = sim.model().charges[refund.charge()];
  if (refund.has_balance_transaction()) {
    charge.refunds_of_captured += refund.amount();
    CheckRefundTransaction(sim, refund);
  } else if (refund.status() == "pending") {
    charge.refunds_of_captured += refund.amount();
    sim.model().refunds_held.insert(refund.id());
  } else {
    charge.refunds_released += refund.amount();
  }
  sim.pool(pool::kRefunds).Add(refund.id(), sim.rng());
}

}  // namespace

void RegisterRefundOperations(ResourceRegistry& registry) {
  registry.AddOperation("refund_create", 6, CreateRefund);
  registry.AddOperation("refund_update", 1, UpdateRefund);
  registry.AddOperation("refund_retrieve", 1, RetrieveRefund);
  registry.AddOperation("refund_cancel", 1, CancelRefund);
  registry.AddRetriever("re_", [](Simulation& sim, const std::string& id) {
    return OwnedOrNull(sim.CallBothEngines([&](Engine& e) { return e.refunds().Retrieve(id); }));
  });
  registry.AddEventObserver(StripeObject::kRefund, ObserveRefundEvent);
  registry.AddLifecycle(Refund::descriptor(), StatusFromEngine("refund"));
}

}  // namespace simulator_internal
}  // namespace testing
}  // namespace paysim
