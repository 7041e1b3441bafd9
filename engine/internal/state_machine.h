// state_machine.h (internal): a lifecycle module's transition table, typed.
//
// A module names its states and triggers as enums and lists its transitions as rows; every
// change of state goes through the table: the module asks for the row of (current state,
// trigger), enters the row's state and emits the row's events. A (state, trigger) the table
// lacks is a transition that cannot happen. The same rows, with their names, are published as
// a paysim::Lifecycle (lifecycle.h) for the simulator, the diagrams and users' tests.
//
// Example:
//   enum class TokenState : uint8_t { kUnused, kUsed, kExpired };
//   enum class TokenTrigger : uint8_t { kCreate, kUse, kLapse };
//   using TokenMachine = StateMachine<TokenState, TokenTrigger>;
//   constexpr TokenMachine::Row kTokenRows[] = {
//       {TokenMachine::kCreated, TokenTrigger::kCreate, TokenState::kUnused, ""},
//       {TokenMachine::From({TokenState::kUnused}), TokenTrigger::kUse, TokenState::kUsed, ""},
//   };
//   const TokenMachine::Row* row = machine.Find(TokenState::kUnused, TokenTrigger::kUse);
//
// Tables are small (tens of rows): a lookup scans them.
//
// Thread safety: immutable after construction.
#ifndef PAYSIM_ENGINE_INTERNAL_STATE_MACHINE_H_
#define PAYSIM_ENGINE_INTERNAL_STATE_MACHINE_H_

#include <cstdint>
#include <initializer_list>
#include <string>
#include <vector>

#include "absl/strings/str_join.h"
#include "absl/strings/string_view.h"
#include "absl/types/span.h"
#include "engine/lifecycle.h"

namespace paysim {
namespace internal {

template <typename State, typename Trigger>
class StateMachine {
 public:
  // A set of states, one bit each; kCreated stands for "the object does not exist yet".
  using StateSet = uint32_t;
  static constexpr StateSet kCreated = StateSet{1} << 31;

  static constexpr StateSet From(std::initializer_list<State> states) {
    StateSet set = 0;
    for (State s : states) set |= StateSet{1} << static_cast<int>(s);
    return set;
  }

  struct Row {
    StateSet from;
    Trigger trigger;
    State to;
    // The events this resource emits on entering `to`, ", "-separated ("" none). Emitted by
    // the module when it enters the row (Lifecycle modules call Enter()).
    absl::string_view events;
  };

  // What the published table calls things: `states[s]` the name of state s, `rendered[s]`
  // the Stripe status it shows, `triggers[t]` what trigger t is.
  struct Names {
    absl::string_view resource;
    absl::string_view field;
    absl::Span<const absl::string_view> states;
    absl::Span<const absl::string_view> rendered;
    absl::Span<const absl::string_view> triggers;
  };

  constexpr StateMachine(absl::Span<const Row> rows, Names names) : rows_(rows), names_(names) {}

  // Find()
  //
  // The row that `trigger` follows from `from`, or nullptr if it cannot happen there.
  const Row* Find(State from, Trigger trigger) const { return FindIn(Bit(from), trigger); }

  // The row that creates the object on `trigger`, or nullptr.
  const Row* FindCreate(Trigger trigger) const { return FindIn(kCreated, trigger); }

  // True if `trigger` can happen in `from`.
  bool Allows(State from, Trigger trigger) const { return Find(from, trigger) != nullptr; }

  // The states in which `trigger` can happen, in enum order (for Stripe's "Only a X with one
  // of the following statuses may be Y" messages).
  std::vector<absl::string_view> RenderedSources(Trigger trigger) const {
    StateSet set = 0;
    for (const Row& row : rows_) {
      if (row.trigger == trigger) set |= row.from & ~kCreated;
    }
    std::vector<absl::string_view> out;
    for (size_t s = 0; s < names_.rendered.size(); ++s) {
      if ((set & (StateSet{1} << s)) == 0) continue;
      absl::string_view name = names_.rendered[s];
      bool seen = false;
      for (absl::string_view o : out) seen = seen || o == name;
      if (!seen) out.push_back(name);
    }
    return out;
  }

  absl::string_view StateName(State s) const { return names_.states[static_cast<int>(s)]; }
  absl::string_view Rendered(State s) const { return names_.rendered[static_cast<int>(s)]; }
  absl::string_view TriggerName(Trigger t) const { return names_.triggers[static_cast<int>(t)]; }

  // The table as lifecycle.h publishes it: one transition per (from state, row).
  Lifecycle Publish() const {
    Lifecycle out;
    out.resource = std::string(names_.resource);
    out.field = std::string(names_.field);
    for (size_t s = 0; s < names_.states.size(); ++s) {
      out.states.emplace_back(names_.states[s]);
      out.rendered_status.emplace_back(names_.rendered[s]);
    }
    for (const Row& row : rows_) {
      const std::string trigger(TriggerName(row.trigger));
      const std::string to(StateName(row.to));
      if (row.from & kCreated) out.transitions.push_back({"", trigger, to, std::string(row.events)});
      for (size_t s = 0; s < names_.states.size(); ++s) {
        if (row.from & (StateSet{1} << s)) {
          out.transitions.push_back(
              {std::string(names_.states[s]), trigger, to, std::string(row.events)});
        }
      }
    }
    return out;
  }

 private:
  static constexpr StateSet Bit(State s) { return StateSet{1} << static_cast<int>(s); }

  const Row* FindIn(StateSet from, Trigger trigger) const {
    for (const Row& row : rows_) {
      if (row.trigger == trigger && (row.from & from) != 0) return &row;
    }
    return nullptr;
  }

  absl::Span<const Row> rows_;
  Names names_;
};

// Calls `emit(type)` for each event of a row's ", "-separated `events`, in order. The types
// point into the row's literal (static storage, as World::Emit requires).
template <typename F>
void ForEachEvent(absl::string_view events, F&& emit) {
  while (!events.empty()) {
    const size_t comma = events.find(", ");
    emit(events.substr(0, comma));
    if (comma == absl::string_view::npos) break;
    events.remove_prefix(comma + 2);
  }
}

}  // namespace internal
}  // namespace paysim

#endif  // PAYSIM_ENGINE_INTERNAL_STATE_MACHINE_H_
