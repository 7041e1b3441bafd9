// registry.h: what each simulated resource contributes to the simulator (its operations, how to
// read its objects, what its events teach, its terminal states), gathered from one registration
// function per resource (internal to the simulator).
//
// A resource's operations file (e.g. charge_operations.cc) defines
//
//   void RegisterChargeOperations(ResourceRegistry& registry) {
//     registry.AddOperation("charge_create", 14, CreateCharge);
//     registry.AddRetriever("ch_", RetrieveCharge);
//     registry.AddEventObserver(StripeObject::kCharge, ObserveChargeEvent);
//     registry.AddLifecycle(Charge::descriptor(), {StatusIs("failed")});
//   }
//
// and resources.cc lists it, once, in PAYSIM_SIMULATED_RESOURCES.
#ifndef PAYSIM_TESTING_SIMULATOR_REGISTRY_H_
#define PAYSIM_TESTING_SIMULATOR_REGISTRY_H_

#include <memory>
#include <string>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/strings/string_view.h"
#include "google/protobuf/descriptor.h"
#include "google/protobuf/message.h"
#include "proto/event.obj.h"
#include "testing/simulator/lifecycles.h"

namespace paysim {
namespace testing {
namespace simulator_internal {

class Simulation;

// One operation: what a step does when it draws this operation.
struct Operation {
  std::string name;  // the key of SimulatorResult::op_counts and of traces: "charge_create"
  int weight;        // drawn with probability weight / total weight
  void (*run)(Simulation&);
};

// How to read an object whose id starts with `prefix`: the object, or nullptr if it cannot be
// read (through Simulation::CallBothEngines: the restored engine must agree).
struct Retriever {
  std::string prefix;
  std::unique_ptr<google::protobuf::Message> (*retrieve)(Simulation&, const std::string& id);
};

// What the simulator learns from a new event carrying an object of one kind (pools, the model),
// and the checks that object's observation runs (object_invariants.h).
using EventObserver = void (*)(Simulation&, const Event&);

class ResourceRegistry {
 public:
  // Registration (a resource's Register... function).
  void AddOperation(absl::string_view name, int weight, void (*run)(Simulation&));
  void AddRetriever(absl::string_view prefix,
                    std::unique_ptr<google::protobuf::Message> (*retrieve)(Simulation&,
                                                                           const std::string&));
  void AddEventObserver(StripeObject::KindCase kind, EventObserver observer);
  void AddLifecycle(const google::protobuf::Descriptor* type,
                    std::vector<TerminalState> terminal_states);
  void AddLifecycle(const google::protobuf::Descriptor* type, StatusTable status);

  // The operations, in registration order, and the one a draw in [0, total_weight()) picks.
  const std::vector<Operation>& operations() const { return operations_; }
  int total_weight() const { return total_weight_; }
  const Operation& OperationAt(int draw) const;

  // The first retriever whose prefix starts `id`, or nullptr.
  const Retriever* FindRetriever(absl::string_view id) const;

  // The observer of events carrying `kind`, or nullptr.
  EventObserver FindEventObserver(StripeObject::KindCase kind) const;

  // The lifecycle of `type`'s resource, or nullptr if none was registered.
  const Lifecycle* FindLifecycle(const google::protobuf::Descriptor* type) const;

  // True if an event of type `event_type` enters a state after which its object cannot be
  // read (GoneAfterEvent).
  bool IsGoneAfterEvent(absl::string_view event_type) const;

 private:
  std::vector<Operation> operations_;
  int total_weight_ = 0;
  std::vector<Retriever> retrievers_;
  absl::flat_hash_map<int, EventObserver> event_observers_;  // by StripeObject::KindCase
  // Lifecycles by message type; node storage keeps each Lifecycle at one address.
  absl::flat_hash_map<const google::protobuf::Descriptor*, std::unique_ptr<Lifecycle>> lifecycles_;
};

// The registry of every simulated resource (resources.cc), built once; immutable and shared by
// all simulations.
const ResourceRegistry& SimulatedResources();

}  // namespace simulator_internal
}  // namespace testing
}  // namespace paysim

#endif  // PAYSIM_TESTING_SIMULATOR_REGISTRY_H_
