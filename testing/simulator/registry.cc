// The registry of simulated resources: operations, retrievers, event observers, lifecycles.
#include "testing/simulator/registry.h"

#include <cstdio>
#include <cstdlib>
#include <utility>

#include "absl/strings/match.h"

namespace paysim {
namespace testing {
namespace simulator_internal {

void ResourceRegistry::AddOperation(absl::string_view name, int weight, void (*run)(Simulation&)) {
  operations_.push_back(Operation{std::string(name), weight, run});
  total_weight_ += weight;
}

void ResourceRegistry::AddRetriever(
    absl::string_view prefix,
    std::unique_ptr<google::protobuf::Message> (*retrieve)(Simulation&, const std::string&)) {
  retrievers_.push_back(Retriever{std::string(prefix), retrieve});
}

void ResourceRegistry::AddEventObserver(StripeObject::KindCase kind, EventObserver observer) {
  if (!event_observers_.emplace(static_cast<int>(kind), observer).second) {
    std::fprintf(stderr, "simulator: two observers of events of kind %d\n", static_cast<int>(kind));
    std::abort();
  }
}

void ResourceRegistry::AddLifecycle(const google::protobuf::Descriptor* type,
                                    std::vector<TerminalState> terminal_states) {
  lifecycles_[type] = std::make_unique<Lifecycle>(MakeLifecycle(type, std::move(terminal_states)));
}

void ResourceRegistry::AddLifecycle(const google::protobuf::Descriptor* type,
                                    StatusTable status) {
  lifecycles_[type] = std::make_unique<Lifecycle>(MakeLifecycle(type, std::move(status)));
}

const Operation& ResourceRegistry::OperationAt(int draw) const {
  for (const Operation& operation : operations_) {
    if (draw < operation.weight) return operation;
    draw -= operation.weight;
  }
  return operations_.front();
}

const Retriever* ResourceRegistry::FindRetriever(absl::string_view id) const {
  for (const Retriever& retriever : retrievers_) {
    if (absl::StartsWith(id, retriever.prefix)) return &retriever;
  }
  return nullptr;
}

EventObserver ResourceRegistry::FindEventObserver(StripeObject::KindCase kind) const {
  auto it = event_observers_.find(static_cast<int>(kind));
  return it == event_observers_.end() ? nullptr : it->second;
}

const Lifecycle* ResourceRegistry::FindLifecycle(const google::protobuf::Descriptor* type) const {
  auto it = lifecycles_.find(type);
  return it == lifecycles_.end() ? nullptr : it->second.get();
}

bool ResourceRegistry::IsGoneAfterEvent(absl::string_view event_type) const {
  for (const auto& [type, lifecycle] : lifecycles_) {
    for (const TerminalState& state : lifecycle->terminal_states) {
      if (state.field.empty() && state.event == event_type) return true;
    }
  }
  return false;
}

}  // namespace simulator_internal
}  // namespace testing
}  // namespace paysim
