// The "no state regresses" invariant over the resources' tables of terminal states.
#include "testing/simulator/lifecycles.h"

#include <cstdio>
#include <cstdlib>
#include <utility>
#include <vector>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"

namespace paysim {
namespace testing {
namespace simulator_internal {
namespace {

using google::protobuf::FieldDescriptor;
using google::protobuf::Message;

[[noreturn]] void BadTable(const google::protobuf::Descriptor* type, absl::string_view field) {
  std::fprintf(stderr, "simulator: lifecycle of %s names field '%.*s' it cannot read\n",
               type->full_name().c_str(), static_cast<int>(field.size()), field.data());
  std::abort();
}

// True if `object` shows `state` through `field`.
bool InState(const Message& object, const FieldDescriptor* field, const TerminalState& state) {
  const auto* reflection = object.GetReflection();
  if (field->cpp_type() == FieldDescriptor::CPPTYPE_BOOL) {
    return reflection->GetBool(object, field) == (state.value == "true");
  }
  return reflection->GetString(object, field) == state.value;
}

const std::string& IdOf(const Lifecycle& lifecycle, const Message& object) {
  return object.GetReflection()->GetStringReference(object, lifecycle.id_field, nullptr);
}

}  // namespace

TerminalState StatusIs(absl::string_view value) { return {value, "status", value, ""}; }

TerminalState FlagSet(absl::string_view field) { return {field, field, "true", ""}; }

TerminalState GoneAfterEvent(absl::string_view name, absl::string_view event) {
  return {name, "", "", event};
}

StatusTable StatusFromEngine(absl::string_view resource) {
  const paysim::Lifecycle* table = paysim::FindLifecycle(resource);
  if (table == nullptr || table->field != "status") {
    std::fprintf(stderr, "simulator: the engine publishes no status lifecycle of %.*s\n",
                 static_cast<int>(resource.size()), resource.data());
    std::abort();
  }
  StatusTable out;
  out.table = table;
  // A rendered status is terminal when no transition leads from a state showing it to a state
  // showing another.
  for (size_t s = 0; s < table->states.size(); ++s) {
    const std::string& rendered = table->rendered_status[s];
    bool leaves = false;
    for (const paysim::LifecycleTransition& t : table->transitions) {
      for (size_t from = 0; from < table->states.size(); ++from) {
        if (t.from != table->states[from] || table->rendered_status[from] != rendered) continue;
        for (size_t to = 0; to < table->states.size(); ++to) {
          if (t.to == table->states[to] && table->rendered_status[to] != rendered) leaves = true;
        }
      }
    }
    bool listed = false;
    for (const TerminalState& state : out.terminal_states) listed |= state.value == rendered;
    if (!leaves && !listed) out.terminal_states.push_back(StatusIs(table->rendered_status[s]));
  }
  return out;
}

Lifecycle MakeLifecycle(const google::protobuf::Descriptor* type, StatusTable status) {
  Lifecycle lifecycle = MakeLifecycle(type, std::move(status.terminal_states));
  lifecycle.table = status.table;
  return lifecycle;
}

// True if the engine's table leads, in one or more moves, from a state showing `from` to one
// showing `to`: between two observations one call may move an object several times (a
// renewal's draft invoice is finalized and paid by the same timer).
static bool TableMoves(const paysim::Lifecycle& table, const std::string& from, const std::string& to) {
  if (from == to) return true;
  const size_t n = table.states.size();
  std::vector<bool> reached(n, false);
  std::vector<size_t> frontier;
  for (size_t f = 0; f < n; ++f) {
    if (table.rendered_status[f] == from) {
      reached[f] = true;
      frontier.push_back(f);
    }
  }
  while (!frontier.empty()) {
    const size_t f = frontier.back();
    frontier.pop_back();
    for (const paysim::LifecycleTransition& t : table.transitions) {
      if (t.from != table.states[f]) continue;
      for (size_t s = 0; s < n; ++s) {
        if (t.to != table.states[s] || reached[s]) continue;
        if (table.rendered_status[s] == to) return true;
        reached[s] = true;
        frontier.push_back(s);
      }
    }
  }
  return false;
}

Lifecycle MakeLifecycle(const google::protobuf::Descriptor* type,
                        std::vector<TerminalState> terminal_states) {
  Lifecycle lifecycle;
  lifecycle.type = type;
  lifecycle.id_field = type->FindFieldByName("id");
  if (lifecycle.id_field == nullptr ||
      lifecycle.id_field->cpp_type() != FieldDescriptor::CPPTYPE_STRING) {
    BadTable(type, "id");
  }
  if (terminal_states.size() > 32) BadTable(type, "(more than 32 terminal states)");
  for (const TerminalState& state : terminal_states) {
    const FieldDescriptor* field = nullptr;
    if (!state.field.empty()) {
      field = type->FindFieldByName(std::string(state.field));
      if (field == nullptr || field->is_repeated() ||
          (field->cpp_type() != FieldDescriptor::CPPTYPE_STRING &&
           field->cpp_type() != FieldDescriptor::CPPTYPE_BOOL)) {
        BadTable(type, state.field);
      }
    }
    lifecycle.fields.push_back(field);
  }
  lifecycle.terminal_states = std::move(terminal_states);
  return lifecycle;
}

bool LifecycleRecord::Reached(const std::string& id, absl::string_view state) const {
  auto it = seen_.find(id);
  if (it == seen_.end() || it->second.lifecycle == nullptr) return false;
  const std::vector<TerminalState>& states = it->second.lifecycle->terminal_states;
  for (size_t i = 0; i < states.size(); ++i) {
    if (states[i].name == state && (it->second.states & (1u << i)) != 0) return true;
  }
  return false;
}

void LifecycleRecord::NoteEvent(const Lifecycle& lifecycle, const Message& object,
                                absl::string_view event_type) {
  const std::vector<TerminalState>& states = lifecycle.terminal_states;
  for (size_t i = 0; i < states.size(); ++i) {
    if (states[i].event.empty() || states[i].event != event_type) continue;
    Seen& seen = Of(IdOf(lifecycle, object));
    seen.lifecycle = &lifecycle;
    seen.states |= 1u << i;
  }
}

void CheckNoStateRegresses(const Lifecycle& lifecycle, const Message& object, bool current,
                           LifecycleRecord& record,
                           absl::FunctionRef<void(const std::string&)> report) {
  const std::string& id = IdOf(lifecycle, object);
  LifecycleRecord::Seen& seen = record.Of(id);
  seen.lifecycle = &lifecycle;
  const std::vector<TerminalState>& states = lifecycle.terminal_states;
  uint32_t now = 0;
  for (size_t i = 0; i < states.size(); ++i) {
    if (lifecycle.fields[i] != nullptr && InState(object, lifecycle.fields[i], states[i])) {
      now |= 1u << i;
    }
  }
  std::string left;  // the terminal states shown before and not now
  std::string now_shown;
  for (size_t i = 0; i < states.size(); ++i) {
    const uint32_t bit = 1u << i;
    if ((seen.states & bit) == 0) continue;
    if (lifecycle.fields[i] == nullptr) {
      if (current) {
        report(absl::StrCat(id, " is read again after it was ", states[i].name, " (",
                            states[i].event, ")"));
      }
    } else if ((now & bit) == 0) {
      absl::StrAppend(&left, left.empty() ? "" : ", ", states[i].name);
    }
  }
  if (!left.empty()) {
    for (size_t i = 0; i < states.size(); ++i) {
      const FieldDescriptor* field = lifecycle.fields[i];
      if (field == nullptr || absl::StrContains(now_shown, absl::StrCat(" ", field->name(), "="))) {
        continue;  // by event, or a field already shown
      }
      const auto* reflection = object.GetReflection();
      absl::StrAppend(&now_shown, " ", field->name(), "=",
                      field->cpp_type() == FieldDescriptor::CPPTYPE_BOOL
                          ? (reflection->GetBool(object, field) ? "true" : "false")
                          : reflection->GetString(object, field));
    }
    report(absl::StrCat(id, " left a terminal state (was ", left, "; now", now_shown, ")"));
  }
  seen.states |= now;
  if (lifecycle.table != nullptr) {
    const FieldDescriptor* status_field = lifecycle.type->FindFieldByName("status");
    const std::string status = object.GetReflection()->GetString(object, status_field);
    if (!seen.status.empty() && !TableMoves(*lifecycle.table, seen.status, status)) {
      report(absl::StrCat(id, " moved from ", seen.status, " to ", status,
                          ", which its lifecycle (engine/lifecycle.h) does not allow"));
    }
    seen.status = status;
  }
}

}  // namespace simulator_internal
}  // namespace testing
}  // namespace paysim
