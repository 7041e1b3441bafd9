// Operations on Customers: create (with a source or a PaymentMethod), update, delete, retrieve.
#include <string>

#include "absl/strings/str_cat.h"
#include "engine/metadata.h"
#include "testing/simulator/object_invariants.h"
#include "testing/simulator/simulation.h"

namespace paysim {
namespace testing {
namespace simulator_internal {
namespace {

void CreateCustomer(Simulation& sim) {
  CustomerCreateParams params;
  if (sim.Chance(60)) params.set_email(absl::StrCat("c", sim.Rand(100), "@example.com"));
  if (sim.Chance(40)) params.set_name("Jenny Rosen");
  if (sim.Chance(20)) params.set_description("a customer");
  sim.RandomMetadata(params.mutable_metadata());
  switch (sim.Rand(8)) {
    case 0:
      params.set_source(sim.Chance(70) ? sim.TestCardAliasWithPrefix("tok_")
                                       : sim.PickId(pool::kTokens, "tok_"));
      break;
    case 1: {
      params.set_payment_method(sim.Chance(60) ? sim.TestCardAliasWithPrefix("pm_card_")
                                               : sim.PickId(pool::kPaymentMethods, "pm_"));
      if (sim.Chance(50)) {
        params.mutable_invoice_settings()->set_default_payment_method(params.payment_method());
      }
      break;
    }
    default:
      break;
  }
  if (sim.Chance(5)) {
    params.set_email("not-an-email");
    sim.ExpectRefusal("bad email");
  } else if (sim.Chance(3)) {
    for (int i = 0; i < kMetadataMaxKeys + 1; ++i) {
      (*params.mutable_metadata())[absl::StrCat("m", i)] = "v";
    }
    sim.ExpectRefusal(absl::StrCat(kMetadataMaxKeys + 1, " metadata keys"));
  }
  RequestOptions options = sim.RandomRequestOptionsWithKey();
  auto create = [params](Engine& e, const RequestOptions& o) {
    return e.customers().Create(params, o);
  };
  absl::StatusOr<Customer> customer =
      sim.CheckedCall("", [&](Engine& e) { return create(e, options); });
  if (customer.ok()) sim.pool(pool::kCustomers).Add(customer->id(), sim.rng());
  CustomerCreateParams other = params;
  other.set_name("Someone Else");
  sim.RecordForReplay(
      options, create,
      [other](Engine& e, const RequestOptions& o) { return e.customers().Create(other, o); },
      Render(customer), customer.status());
}

void UpdateCustomer(Simulation& sim) {
  const std::string id = sim.PickId(pool::kCustomers, "cus_");
  CustomerUpdateParams params;
  if (sim.Chance(40)) {
    params.set_email(sim.Chance(20) ? "" : absl::StrCat("u", sim.Rand(100), "@example.com"));
  }
  if (sim.Chance(30)) params.set_name(sim.Chance(20) ? "" : "New Name");
  sim.RandomMetadata(params.mutable_metadata());
  if (sim.Chance(15)) {
    params.set_source(sim.Chance(70) ? sim.TestCardAliasWithPrefix("tok_")
                                     : sim.PickId(pool::kTokens, "tok_"));
  }
  if (sim.Chance(15)) {
    params.mutable_invoice_settings()->set_default_payment_method(
        sim.Chance(10) ? "" : sim.PickId(pool::kPaymentMethods, "pm_"));
  }
  if (sim.Chance(5)) {
    params.set_default_source("card_missing");
    sim.ExpectRefusal("unknown default_source");
  }
  sim.RunCheckedCall(id, [&](Engine& e) { return e.customers().Update(id, params); });
}

void DeleteCustomer(Simulation& sim) {
  const std::string id = sim.PickId(pool::kCustomers, "cus_");
  sim.RunCheckedCall(id, [&](Engine& e) { return e.customers().Delete(id); });
}

void RetrieveCustomer(Simulation& sim) {
  const std::string id = sim.PickId(pool::kCustomers, "cus_");
  if (sim.model().lifecycles.Reached(id, "deleted")) sim.ExpectRefusal("deleted customer");
  sim.RunCheckedCall(id, [&](Engine& e) { return e.customers().Retrieve(id); });
}

void ObserveCustomerEvent(Simulation& sim, const Event& event) {
  ObserveObject(sim, event.data().object().customer(), /*current=*/false);
}

}  // namespace

void RegisterCustomerOperations(ResourceRegistry& registry) {
  registry.AddOperation("customer_create", 5, CreateCustomer);
  registry.AddOperation("customer_update", 2, UpdateCustomer);
  registry.AddOperation("customer_delete", 1, DeleteCustomer);
  registry.AddOperation("customer_retrieve", 1, RetrieveCustomer);
  registry.AddRetriever("cus_", [](Simulation& sim, const std::string& id) {
    return OwnedOrNull(sim.CallBothEngines([&](Engine& e) { return e.customers().Retrieve(id); }));
  });
  registry.AddEventObserver(StripeObject::kCustomer, ObserveCustomerEvent);
  registry.AddLifecycle(Customer::descriptor(), {GoneAfterEvent("deleted", "customer.deleted")});
  // A customer's saved cards (customer.source.* events).
  registry.AddRetriever("card_", [](Simulation& sim, const std::string& id) {
    return OwnedOrNull(
        sim.CallBothEngines([&](Engine& e) { return e.customer_sources().Find(id); }));
  });
  registry.AddLifecycle(Card::descriptor(),
                        {GoneAfterEvent("deleted", "customer.source.deleted")});
}

}  // namespace simulator_internal
}  // namespace testing
}  // namespace paysim
