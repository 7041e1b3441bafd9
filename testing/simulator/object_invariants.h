// object_invariants.h: what every object the simulator sees must satisfy: no state regresses
// (lifecycles.h), and each resource's own consistency rules (internal to the simulator).
#ifndef PAYSIM_TESTING_SIMULATOR_OBJECT_INVARIANTS_H_
#define PAYSIM_TESTING_SIMULATOR_OBJECT_INVARIANTS_H_

#include "google/protobuf/message.h"
#include "proto/event.pb.h"

namespace paysim {
namespace testing {
namespace simulator_internal {

class Simulation;

// ObserveObject()
//
// Checks `object`, seen in an answer or an event, or read back from the engine (`current`):
//   - it left no terminal state it was seen in (its resource's registered lifecycle);
//   - a charge: a failed one stays failed, a capture never changes, a released authorization
//     stays released; read back, its money adds up (money_invariants.h, CheckCharge);
//   - a PaymentIntent: paid only with a charge, amounts consistent with its status;
//   - a PaymentMethod: detached means no customer;
//   - a token: not unused past kTokenLifetime;
//   - a Checkout Session: paid only once complete.
// Updates the model (terminal states seen, the charge's model).
void ObserveObject(Simulation& sim, const google::protobuf::Message& object, bool current);

// An engine object (a generated class) is observed as its protobuf message.
template <typename T, typename = decltype(&T::kTypeInfo)>
void ObserveObject(Simulation& sim, const T& object, bool current) {
  ObserveObject(sim, object.ToProto(), current);
}

}  // namespace simulator_internal
}  // namespace testing
}  // namespace paysim

#endif  // PAYSIM_TESTING_SIMULATOR_OBJECT_INVARIANTS_H_
