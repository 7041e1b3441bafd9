// event_invariants.h: events match the objects: every new event is read in order, teaches the
// model what it announces, and the newest event of each object carries the object's current
// state (internal to the simulator).
#ifndef PAYSIM_TESTING_SIMULATOR_EVENT_INVARIANTS_H_
#define PAYSIM_TESTING_SIMULATOR_EVENT_INVARIANTS_H_

#include <memory>

#include "engine/engine.h"
#include "google/protobuf/message.h"

namespace paysim {
namespace testing {
namespace simulator_internal {

class Simulation;

// The object an event carries, or nullptr if it carries none.
std::unique_ptr<google::protobuf::Message> EventObject(const Event& event);

// ReadNewEvents()
//
// Reads the events emitted since the last read, oldest first. Each one goes to the observer its
// object's resource registered (pools, the model, object_invariants.h), enters the terminal
// states its type enters (a deleted customer), and joins the events pool. Then, per object,
// the newest event must carry the object's current state (internal fields aside), and an
// object an event removed (GoneAfterEvent) must no longer be found; each such object is
// touched.
void ReadNewEvents(Simulation& sim);

}  // namespace simulator_internal
}  // namespace testing
}  // namespace paysim

#endif  // PAYSIM_TESTING_SIMULATOR_EVENT_INVARIANTS_H_
