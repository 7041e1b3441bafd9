// diagram.h: a resource's lifecycle as a Graphviz dot graph, drawn from the transition table
// the engine itself runs (engine/lifecycle.h), for `paysim diagram` and docs/lifecycles/.
//
// One node per state (a state whose Stripe status differs from its name shows both, e.g.
// "authorized (status: succeeded)"); a filled dot where the object is created; a double
// border on final states (no transition leaves them). A row of the table that several states
// share (a PaymentIntent is confirmed from any of three) leaves them through one small junction
// dot, so its label is drawn once. One edge per (tail, head) pair: its label lists the triggers
// that take it, each followed by the events emitted, in table order. A transition that keeps
// the state (fields move, the status stays) is a loop on its node.
//
// The text is deterministic: the same table gives the same bytes, so a checked-in diagram can
// be compared with a fresh one (docs/lifecycles/lifecycles_test.sh).
//
// Example:
//   absl::StatusOr<std::string> dot = LifecycleDot("payment_intent");
//   // `dot -Tsvg` draws it.
//
// Thread safety: functions of the immutable tables; safe from any thread.
#ifndef PAYSIM_CLI_DIAGRAM_H_
#define PAYSIM_CLI_DIAGRAM_H_

#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "engine/lifecycle.h"

namespace paysim {
namespace cli {

// The dot text of `lifecycle`.
std::string DiagramDot(const Lifecycle& lifecycle);

// The dot text of `resource`'s lifecycle (Stripe's object name: "charge", "checkout.session").
// kNotFound naming the resource and the known ones otherwise.
absl::StatusOr<std::string> LifecycleDot(absl::string_view resource);

// Every resource with a lifecycle, one a line, in Lifecycles() order.
std::string LifecycleList();

}  // namespace cli
}  // namespace paysim

#endif  // PAYSIM_CLI_DIAGRAM_H_
