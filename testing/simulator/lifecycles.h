// lifecycles.h: the "no state regresses" invariant, one function fed by each resource's table of
// terminal states (internal to the simulator).
//
// A terminal state is one no transition leaves: a failed charge, a succeeded or canceled
// intent, a detached PaymentMethod, a used or expired token, a deleted customer. Once the
// simulator has seen an object in one, every later sight of that object must show it still
// there. Each resource's operations file registers its table (registry.h, AddLifecycle), e.g.
//
//   registry.AddLifecycle(Charge::descriptor(), {StatusIs("failed")});
//
// The resources whose state is their `status` read it from the engine's own transition tables
// (engine/lifecycle.h), so the check cannot drift from what the engine does:
//
//   registry.AddLifecycle(Charge::descriptor(), StatusFromEngine("charge"));
//
// Their terminal states are the statuses no transition leaves, and every observed change of
// status (previous -> now) must be a move the table allows.
#ifndef PAYSIM_TESTING_SIMULATOR_LIFECYCLES_H_
#define PAYSIM_TESTING_SIMULATOR_LIFECYCLES_H_

#include <cstdint>
#include <string>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/functional/function_ref.h"
#include "absl/strings/string_view.h"
#include "google/protobuf/descriptor.h"
#include "engine/lifecycle.h"
#include "google/protobuf/message.h"

namespace paysim {
namespace testing {
namespace simulator_internal {

// One terminal state: shown by a field's value, or entered by an event after which the object
// can no longer be read (a deleted customer).
struct TerminalState {
  absl::string_view name;   // for reports and Reached(): "failed", "detached", "deleted"
  absl::string_view field;  // the field that shows it ("status", "detached"); empty if by event
  absl::string_view value;  // the field's value in it ("failed"; "true" for a bool field)
  absl::string_view event;  // the event type that enters it ("customer.deleted"); or empty
};

// `status` is `value`.
TerminalState StatusIs(absl::string_view value);
// The bool field `field` is true (its name is the state's name).
TerminalState FlagSet(absl::string_view field);
// Entered by the event `event`; the object cannot be read afterwards.
TerminalState GoneAfterEvent(absl::string_view name, absl::string_view event);

// The status lifecycle of `resource` as the engine publishes it (FindLifecycle): a state is
// rendered as a `status` value; the terminal ones are the values that no transition leaves for
// another value. Aborts if the engine publishes no such lifecycle.
struct StatusTable {
  const paysim::Lifecycle* table = nullptr;
  std::vector<TerminalState> terminal_states;
};
StatusTable StatusFromEngine(absl::string_view resource);

// The terminal states of one resource (at most 32).
struct Lifecycle {
  const google::protobuf::Descriptor* type = nullptr;  // the resource's message
  std::vector<TerminalState> terminal_states;
  // With a status table: the engine's lifecycle, whose moves every change of `status` follows.
  const paysim::Lifecycle* table = nullptr;
  // Resolved on `type` by MakeLifecycle: the `id` field, and each state's field (nullptr for a
  // state entered by an event).
  const google::protobuf::FieldDescriptor* id_field = nullptr;
  std::vector<const google::protobuf::FieldDescriptor*> fields;
};

// Builds a Lifecycle, resolving the fields on `type`. Aborts if a field is unknown or of a type
// the check cannot read (a table that does not match its proto is a bug in the simulator).
Lifecycle MakeLifecycle(const google::protobuf::Descriptor* type,
                        std::vector<TerminalState> terminal_states);
Lifecycle MakeLifecycle(const google::protobuf::Descriptor* type, StatusTable status);

// The terminal states each object has been seen in, by object id.
class LifecycleRecord {
 public:
  struct Seen {
    const Lifecycle* lifecycle = nullptr;
    uint32_t states = 0;  // bit i: lifecycle->terminal_states[i] seen
    std::string status;   // with a status table: the status last seen
  };

  // True if object `id` has been seen in the terminal state named `state`.
  bool Reached(const std::string& id, absl::string_view state) const;

  // Notes that `event_type` happened to `object` (of `lifecycle.type`): enters the states that
  // event enters.
  void NoteEvent(const Lifecycle& lifecycle, const google::protobuf::Message& object,
                 absl::string_view event_type);

  // What has been seen of object `id` (created empty).
  Seen& Of(const std::string& id) { return seen_[id]; }

  void Clear() { seen_.clear(); }

 private:
  absl::flat_hash_map<std::string, Seen> seen_;
};

// CheckNoStateRegresses()
//
// The invariant: `object` (of `lifecycle.type`) is still in every terminal state it was seen in
// before; if it left any, one report names them; with a status table, a change of status since
// it was last seen is a move of the engine's table. Then records the states it is in now. A state entered by an event never shows on the object itself: an object in one that is
// read back from the engine (`current`) is reported.
void CheckNoStateRegresses(const Lifecycle& lifecycle, const google::protobuf::Message& object,
                           bool current, LifecycleRecord& record,
                           absl::FunctionRef<void(const std::string&)> report);

}  // namespace simulator_internal
}  // namespace testing
}  // namespace paysim

#endif  // PAYSIM_TESTING_SIMULATOR_LIFECYCLES_H_
