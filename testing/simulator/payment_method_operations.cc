// Operations on PaymentMethods: create (card details or a token), attach, detach, update,
// retrieve.
#include <string>

#include "absl/strings/match.h"
#include "absl/types/span.h"
#include "engine/card_catalog.h"
#include "testing/simulator/object_invariants.h"
#include "testing/simulator/simulation.h"

namespace paysim {
namespace testing {
namespace simulator_internal {
namespace {

void CreatePaymentMethod(Simulation& sim) {
  PaymentMethodCreateParams params;
  params.set_type("card");
  CardParams* card = params.mutable_card();
  if (sim.Chance(40)) {
    card->set_token(sim.Chance(50) ? sim.TestCardAliasWithPrefix("tok_")
                                   : sim.PickId(pool::kTokens, "tok_"));
  } else {
    absl::Span<const TestCard> cards = AllTestCards();
    const TestCard& test_card = cards[sim.Rand(cards.size())];
    card->set_number(std::string(test_card.number));
    const int64_t year = sim.CurrentYear();
    card->set_exp_month(1 + static_cast<int32_t>(sim.Rand(12)));
    card->set_exp_year(static_cast<int32_t>(year + 1 + static_cast<int64_t>(sim.Rand(5))));
    if (sim.Chance(70)) card->set_cvc(test_card.brand == "amex" ? "1234" : "123");
  }
  if (sim.Chance(20)) params.set_allow_redisplay(sim.Chance(50) ? "always" : "limited");
  if (sim.Chance(20)) params.mutable_billing_details()->set_name("Jenny Rosen");
  if (sim.Chance(5)) {
    params.set_type("sepa_debit");
    sim.ExpectRefusal("type sepa_debit");
  } else if (sim.Chance(3)) {
    params.set_allow_redisplay("sometimes");
    sim.ExpectRefusal("allow_redisplay");
  }
  RequestOptions options = sim.RandomRequestOptionsWithKey();
  auto create = [params](Engine& e, const RequestOptions& o) {
    return e.payment_methods().Create(params, o);
  };
  absl::StatusOr<PaymentMethod> pm =
      sim.CheckedCall("", [&](Engine& e) { return create(e, options); });
  if (pm.ok()) sim.pool(pool::kPaymentMethods).Add(pm->id(), sim.rng());
  PaymentMethodCreateParams other = params;
  other.mutable_billing_details()->set_name("Other Name");
  sim.RecordForReplay(
      options, create,
      [other](Engine& e, const RequestOptions& o) { return e.payment_methods().Create(other, o); },
      Render(pm), pm.status());
}

void AttachPaymentMethod(Simulation& sim) {
  const std::string id = sim.Chance(25) ? sim.TestCardAliasWithPrefix("pm_card_")
                                        : sim.PickId(pool::kPaymentMethods, "pm_");
  PaymentMethodAttachParams params;
  if (sim.Chance(95)) {
    params.set_customer(sim.PickId(pool::kCustomers, "cus_"));
  } else {
    sim.ExpectRefusal("no customer");
  }
  if (sim.model().lifecycles.Reached(id, "detached")) sim.ExpectRefusal("detached PaymentMethod");
  // A pm_card_* alias is not a stored object: each use mints a fresh PaymentMethod.
  absl::StatusOr<PaymentMethod> pm =
      sim.CheckedCall(absl::StartsWith(id, "pm_card_") ? "" : id,
                      [&](Engine& e) { return e.payment_methods().Attach(id, params); });
  if (pm.ok()) sim.pool(pool::kPaymentMethods).Add(pm->id(), sim.rng());
}

void DetachPaymentMethod(Simulation& sim) {
  const std::string id = sim.PickId(pool::kPaymentMethods, "pm_");
  sim.RunCheckedCall(id, [&](Engine& e) { return e.payment_methods().Detach(id); });
}

void UpdatePaymentMethod(Simulation& sim) {
  const std::string id = sim.PickId(pool::kPaymentMethods, "pm_");
  PaymentMethodUpdateParams params;
  sim.RandomMetadata(params.mutable_metadata());
  if (sim.Chance(30)) params.mutable_billing_details()->set_name("Updated Name");
  if (sim.Chance(20)) params.mutable_card()->set_exp_month(1 + static_cast<int32_t>(sim.Rand(13)));
  sim.RunCheckedCall(id, [&](Engine& e) { return e.payment_methods().Update(id, params); });
}

void RetrievePaymentMethod(Simulation& sim) {
  const std::string id = sim.PickId(pool::kPaymentMethods, "pm_");
  sim.RunCheckedCall(id, [&](Engine& e) { return e.payment_methods().Retrieve(id); });
}

void ObservePaymentMethodEvent(Simulation& sim, const Event& event) {
  const PaymentMethod& pm = event.data().object().payment_method();
  ObserveObject(sim, pm, /*current=*/false);
  if (event.type() == "payment_method.attached") {
    sim.pool(pool::kPaymentMethods).Add(pm.id(), sim.rng());
  }
}

}  // namespace

void RegisterPaymentMethodOperations(ResourceRegistry& registry) {
  registry.AddOperation("payment_method_create", 4, CreatePaymentMethod);
  registry.AddOperation("payment_method_attach", 4, AttachPaymentMethod);
  registry.AddOperation("payment_method_detach", 2, DetachPaymentMethod);
  registry.AddOperation("payment_method_update", 1, UpdatePaymentMethod);
  registry.AddOperation("payment_method_retrieve", 1, RetrievePaymentMethod);
  registry.AddRetriever("pm_", [](Simulation& sim, const std::string& id) {
    if (absl::StartsWith(id, "pm_card_")) return std::unique_ptr<google::protobuf::Message>();
    return OwnedOrNull(
        sim.CallBothEngines([&](Engine& e) { return e.payment_methods().Retrieve(id); }));
  });
  // The mandates of bank debits (mandate.updated when they turn inactive).
  registry.AddRetriever("mandate_", [](Simulation& sim, const std::string& id) {
    return OwnedOrNull(sim.CallBothEngines([&](Engine& e) { return e.mandates().Retrieve(id); }));
  });
  registry.AddEventObserver(StripeObject::kPaymentMethod, ObservePaymentMethodEvent);
  registry.AddLifecycle(PaymentMethod::descriptor(), {FlagSet("detached")});
}

}  // namespace simulator_internal
}  // namespace testing
}  // namespace paysim
