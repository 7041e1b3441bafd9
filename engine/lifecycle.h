// lifecycle.h: every resource's state machine, published as data.
//
// Each resource's lifecycle is owned by one engine module, which alone writes that resource's
// state. The module drives its transitions from a table (engine/internal/state_machine.h): a
// transition the table lacks cannot happen, and the events a transition emits are the ones its
// row names. This header publishes those same tables, so that what reads them (the simulator's
// "no state regresses" invariant, the generated state diagrams, your own tests) sees exactly
// what the engine does.
//
// Example:
//   const paysim::Lifecycle* pi = paysim::FindLifecycle("payment_intent");
//   for (const paysim::LifecycleTransition& t : pi->transitions) {
//     // t.from ("" = created), t.trigger, t.to, t.events
//   }
//   pi->Allows("requires_capture", "succeeded");  // true: a capture
//
// States are the values of the resource's status as Stripe renders it, except where one
// Stripe status covers several states of the lifecycle; then `states` names them and
// `rendered_status` says which Stripe status each one shows (a charge's `authorized`,
// `captured` and `released` are all `succeeded`).
//
// Thread safety: the tables are immutable and built on first use; safe from any thread.
#ifndef PAYSIM_ENGINE_LIFECYCLE_H_
#define PAYSIM_ENGINE_LIFECYCLE_H_

#include <string>
#include <vector>

#include "absl/strings/string_view.h"

namespace paysim {

// One row of a lifecycle table.
struct LifecycleTransition {
  std::string from;     // the state left; "" when the transition creates the object
  std::string trigger;  // what happens: an API call, a customer action, a timer, an outcome
  std::string to;       // the state entered (may equal `from`: the status stays, fields move)
  std::string events;   // the events this resource emits, in order, ", "-separated; "" none
};

struct Lifecycle {
  std::string resource;  // Stripe's object name: "charge", "payment_intent", "checkout.session"
  std::string field;     // the field holding the state: "status", "used"...
  std::vector<std::string> states;           // every state, in the table's order
  std::vector<std::string> rendered_status;  // per state: the value Stripe renders
  std::vector<LifecycleTransition> transitions;

  // True if some transition leads from `from` to `to` ("" = creation), or from == to.
  bool Allows(absl::string_view from, absl::string_view to) const;

  // The transitions that leave `from` ("" = those that create the object).
  std::vector<const LifecycleTransition*> From(absl::string_view from) const;
};

// Lifecycles()
//
// Every resource lifecycle the engine owns, in a fixed order.
const std::vector<const Lifecycle*>& Lifecycles();

// FindLifecycle()
//
// The lifecycle of `resource` (Stripe's object name), or nullptr.
const Lifecycle* FindLifecycle(absl::string_view resource);

}  // namespace paysim

#endif  // PAYSIM_ENGINE_LIFECYCLE_H_
