// Operations on SetupIntents: create (confirmed or not), update, confirm, cancel, and the
// customer's answer to 3D Secure.
#include <string>

#include "absl/types/optional.h"
#include "engine/stripe_error.h"
#include "testing/simulator/object_invariants.h"
#include "testing/simulator/simulation.h"

namespace paysim {
namespace testing {
namespace simulator_internal {
namespace {

void CreateSetupIntent(Simulation& sim) {
  SetupIntentCreateParams params;
  if (sim.Chance(60)) params.set_customer(sim.PickId(pool::kCustomers, "cus_"));
  if (sim.Chance(70)) {
    params.set_payment_method(sim.Chance(70) ? sim.TestCardAliasWithPrefix("pm_card_")
                                             : sim.PickId(pool::kPaymentMethods, "pm_"));
    if (sim.Chance(60)) params.set_confirm(true);
  } else if (params.has_customer() && sim.Chance(50)) {
    // The customer's saved card by its card_ id (a customer without one: nothing named).
    const std::string id = params.customer();
    const absl::StatusOr<Customer> customer =
        sim.CallBothEngines([&](Engine& e) { return e.customers().Retrieve(id); });
    if (customer.ok() && customer->has_default_source()) {
      params.set_payment_method(customer->default_source());
      if (sim.Chance(60)) params.set_confirm(true);
    }
  }
  if (sim.Chance(30)) params.set_usage(sim.Chance(50) ? "on_session" : "off_session");
  if (sim.Chance(15)) {  // 3D Secure asked for
    params.mutable_payment_method_options()->mutable_card()->set_request_three_d_secure(
        sim.Chance(50) ? "any" : "challenge");
  }
  sim.RandomMetadata(params.mutable_metadata());
  if (sim.Chance(5)) {
    params.set_usage("sometimes");
    sim.ExpectRefusal("usage sometimes");
  }
  RequestOptions options = sim.RandomRequestOptionsWithKey();
  auto create = [params](Engine& e, const RequestOptions& o) {
    return e.setup_intents().Create(params, o);
  };
  absl::StatusOr<SetupIntent> si =
      sim.CheckedCall("", [&](Engine& e) { return create(e, options); });
  // A declined confirmation keeps the intent: its id comes with the error.
  std::string id;
  if (si.ok()) {
    id = si->id();
  } else if (absl::optional<StripeError> error = GetStripeError(si.status())) {
    id = error->setup_intent();
  }
  if (!id.empty()) {
    sim.pool(pool::kSetupIntents).Add(id, sim.rng());
    sim.Touch(id);
  }
  SetupIntentCreateParams other = params;
  other.set_description("another");
  sim.RecordForReplay(
      options, create,
      [other](Engine& e, const RequestOptions& o) { return e.setup_intents().Create(other, o); },
      Render(si), si.status());
}

void ConfirmSetupIntent(Simulation& sim) {
  const std::string id = sim.PickId(pool::kSetupIntents, "seti_");
  SetupIntentConfirmParams params;
  if (sim.Chance(50)) {
    params.set_payment_method(sim.Chance(70) ? sim.TestCardAliasWithPrefix("pm_card_")
                                             : sim.PickId(pool::kPaymentMethods, "pm_"));
  }
  sim.RunCheckedCall(id, [&](Engine& e) { return e.setup_intents().Confirm(id, params); });
}

void UpdateSetupIntent(Simulation& sim) {
  const std::string id = sim.PickId(pool::kSetupIntents, "seti_");
  SetupIntentUpdateParams params;
  if (sim.Chance(30)) params.set_customer(sim.PickId(pool::kCustomers, "cus_"));
  if (sim.Chance(40)) {
    params.set_payment_method(sim.Chance(70) ? sim.TestCardAliasWithPrefix("pm_card_")
                                             : sim.PickId(pool::kPaymentMethods, "pm_"));
  }
  if (sim.Chance(20)) params.set_description("updated");
  if (sim.Chance(15)) {
    params.mutable_payment_method_options()->mutable_card()->set_request_three_d_secure(
        sim.Chance(50) ? "any" : "automatic");
  }
  if (sim.Chance(10)) params.add_payment_method_types(sim.Chance(70) ? "card" : "sepa_debit");
  sim.RandomMetadata(params.mutable_metadata());
  sim.RunCheckedCall(id, [&](Engine& e) { return e.setup_intents().Update(id, params); });
}

void CancelSetupIntent(Simulation& sim) {
  const std::string id = sim.PickId(pool::kSetupIntents, "seti_");
  SetupIntentCancelParams params;
  if (sim.Chance(40)) params.set_cancellation_reason("abandoned");
  sim.RunCheckedCall(id, [&](Engine& e) { return e.setup_intents().Cancel(id, params); });
}

// The simulated customer completes (mostly) or fails the 3D Secure challenge.
void AnswerSetupIntentThreeDSecure(Simulation& sim) {
  const std::string id = sim.PickId(pool::kSetupIntents, "seti_");
  if (sim.Chance(70)) {
    sim.RunCheckedCall(id, [&](Engine& e) { return e.setup_intents().CompleteThreeDSecure(id); });
  } else {
    sim.RunCheckedCall(id, [&](Engine& e) { return e.setup_intents().FailThreeDSecure(id); });
  }
}

// Intents made by Checkout join the pool: the intent APIs act on them too.
void ObserveSetupIntentEvent(Simulation& sim, const Event& event) {
  const SetupIntent& si = event.data().object().setup_intent();
  ObserveObject(sim, si, /*current=*/false);
  if (event.type() == "setup_intent.created") {
    sim.pool(pool::kSetupIntents).Add(si.id(), sim.rng());
  }
}

}  // namespace

void RegisterSetupIntentOperations(ResourceRegistry& registry) {
  registry.AddOperation("setup_intent_create", 4, CreateSetupIntent);
  registry.AddOperation("setup_intent_confirm", 2, ConfirmSetupIntent);
  registry.AddOperation("setup_intent_cancel", 1, CancelSetupIntent);
  registry.AddOperation("setup_intent_update", 1, UpdateSetupIntent);
  registry.AddOperation("setup_intent_3ds", 2, AnswerSetupIntentThreeDSecure);
  registry.AddRetriever("seti_", [](Simulation& sim, const std::string& id) {
    return OwnedOrNull(
        sim.CallBothEngines([&](Engine& e) { return e.setup_intents().Retrieve(id); }));
  });
  registry.AddEventObserver(StripeObject::kSetupIntent, ObserveSetupIntentEvent);
  registry.AddLifecycle(SetupIntent::descriptor(), StatusFromEngine("setup_intent"));
}

}  // namespace simulator_internal
}  // namespace testing
}  // namespace paysim
