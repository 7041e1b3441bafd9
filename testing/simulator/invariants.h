// invariants.h: the checks after every step, in order (internal to the simulator).
//
// The invariants and where each is checked:
//   - money adds up (charges, refunds, balance transactions, balance): money_invariants.h;
//   - no state regresses (terminal states kept): lifecycles.h, from object_invariants.h;
//   - each resource's own consistency rules: object_invariants.h;
//   - events match the objects: event_invariants.h;
//   - a refusal changes nothing, every error is a Stripe error, a call meets the step's
//     expectation, a replay answers byte for byte and changes nothing: call_invariants.h (from
//     the step frame, Simulation::CheckedCall, and the replay operation);
//   - a restored snapshot answers every call and ends in the same state: side_by_side.h.
// Each costs O(objects the step touched).
#ifndef PAYSIM_TESTING_SIMULATOR_INVARIANTS_H_
#define PAYSIM_TESTING_SIMULATOR_INVARIANTS_H_

namespace paysim {
namespace testing {
namespace simulator_internal {

class Simulation;

// CheckAfterStep()
//
// After a step's operation: reads the new events (event_invariants.h), observes the objects
// the step's calls answered, reads the new balance transactions, re-reads every object the step
// touched and checks it as current (object_invariants.h), then checks the balance.
void CheckAfterStep(Simulation& sim);

}  // namespace simulator_internal
}  // namespace testing
}  // namespace paysim

#endif  // PAYSIM_TESTING_SIMULATOR_INVARIANTS_H_
