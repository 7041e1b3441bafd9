#include "cli/timeline_model.h"

#include <utility>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "engine/lifecycle.h"
#include "nlohmann/json.hpp"

namespace paysim {
namespace cli {
namespace {

using Json = nlohmann::ordered_json;

Json Parse(const std::string& text) {
  return Json::parse(text, nullptr, /*allow_exceptions=*/false);
}

// An object with an id and a kind of its own (not a list, not an error).
bool IsObject(const Json& json) {
  if (!json.is_object()) return false;
  auto id = json.find("id");
  auto object = json.find("object");
  return id != json.end() && id->is_string() && object != json.end() && object->is_string() &&
         *object != "list" && *object != "event";
}

// The value of `lifecycle`'s field in `object`, as text ("succeeded", "true", "null").
std::string FieldValue(const Lifecycle& lifecycle, const Json& object) {
  auto value = object.find(lifecycle.field);
  if (value == object.end()) return "null";
  return value->is_string() ? value->get<std::string>() : value->dump();
}

// What Stripe renders for `state` of `lifecycle`.
std::string Rendered(const Lifecycle& lifecycle, const std::string& state) {
  for (size_t s = 0; s < lifecycle.states.size() && s < lifecycle.rendered_status.size(); ++s) {
    if (lifecycle.states[s] == state) return lifecycle.rendered_status[s];
  }
  return state;
}

bool Emits(const LifecycleTransition& t, absl::string_view event) {
  for (absl::string_view e : absl::StrSplit(t.events, ", ")) {
    if (e == event) return true;
  }
  return false;
}

class Builder {
 public:
  explicit Builder(absl::Time start) { model_.start = start; }

  void Step(const testing::ScenarioStepRecord& step) {
    if (step.advance) {
      // Timers fire at their own due times: a column per distinct time.
      advance_open_ = false;
      for (const std::string& text : step.events) {
        const Json event = Parse(text);
        const absl::Time at = event.is_object() && event.contains("created")
                                  ? absl::FromUnixSeconds(event["created"].get<int64_t>())
                                  : step.after;
        if (!advance_open_ || model_.columns.back().time != at) {
          model_.columns.push_back(TimelineColumn{at});
          advance_open_ = true;
        }
        Event(event);
      }
      return;
    }
    advance_open_ = false;
    TimelineColumn column;
    column.time = step.after;
    column.step = step.number;
    column.status = step.status;
    column.action = step.action;
    model_.columns.push_back(std::move(column));
    // Events first, then the response: the response is the latest snapshot.
    for (const std::string& text : step.events) Event(Parse(text));
    const Json response = Parse(step.response);
    TimelineColumn& current = model_.columns.back();
    if (IsObject(response)) Touch(&current, Observe(response));
    for (size_t lane = 0; lane < model_.lanes.size(); ++lane) {
      if (step.action.find(model_.lanes[lane].id) != std::string::npos) Touch(&current, lane);
    }
  }

  TimelineModel Finish() && { return std::move(model_); }

 private:
  void Event(const Json& event) {
    if (!event.is_object()) return;
    const Json* object = nullptr;
    if (auto data = event.find("data"); data != event.end() && data->is_object()) {
      if (auto o = data->find("object"); o != data->end()) object = &*o;
    }
    if (object == nullptr || !IsObject(*object)) return;
    const std::string type = event.value("type", std::string("event"));
    const size_t lane = Observe(*object, type);
    model_.columns.back().events.push_back({type, lane});
  }

  // The lane of `object` (made if new), its state as of the current column; `event` is the
  // type of the event that carried the snapshot ("" for a response).
  size_t Observe(const Json& object, absl::string_view event = "") {
    const std::string id = object["id"].get<std::string>();
    size_t lane = 0;
    while (lane < model_.lanes.size() && model_.lanes[lane].id != id) ++lane;
    const bool is_new = lane == model_.lanes.size();
    if (is_new) {
      model_.lanes.push_back({id, object["object"].get<std::string>(), {}});
      known_.emplace_back();
    }
    const std::string label = Label(lane, is_new, object, event);
    std::vector<TimelineState>& states = model_.lanes[lane].states;
    const size_t column = model_.columns.size() - 1;
    if (states.empty() || states.back().label != label) {
      if (!states.empty() && states.back().column == column) {
        states.back().label = label;  // the latest snapshot of this column wins
      } else {
        states.push_back({column, label});
      }
    }
    return lane;
  }

  // The state a lane shows. Where one Stripe status covers several states of the lifecycle (a
  // charge's `authorized`, `captured` and `released` are all `succeeded`), the table tells
  // which one from the events seen: the single state that the event leads to and that renders
  // as the snapshot does. Otherwise, the snapshot's status.
  std::string Label(size_t lane, bool is_new, const Json& object, absl::string_view event) {
    const Lifecycle* lifecycle = FindLifecycle(model_.lanes[lane].object);
    if (lifecycle == nullptr) return "";
    const std::string observed = FieldValue(*lifecycle, object);
    std::string& known = known_[lane];  // "" when unknown
    if (event.empty() && !is_new && !known.empty() && Rendered(*lifecycle, known) == observed) {
      return known;  // a response without an event: nothing moved
    }
    std::string next;
    bool unique = true;
    for (const LifecycleTransition& t : lifecycle->transitions) {
      const bool from_matches = is_new ? t.from.empty() : (known.empty() || t.from == known);
      if (!from_matches || Rendered(*lifecycle, t.to) != observed) continue;
      if (!event.empty() && !Emits(t, event)) continue;
      if (!next.empty() && next != t.to) unique = false;
      next = t.to;
    }
    if (!next.empty() && unique) {
      known = next;
    } else if (known.empty() || Rendered(*lifecycle, known) != observed) {
      known.clear();
    }
    if (!known.empty()) return known;
    return lifecycle->field == "status" ? observed : absl::StrCat(lifecycle->field, ": ", observed);
  }

  static void Touch(TimelineColumn* column, size_t lane) {
    for (size_t t : column->touched) {
      if (t == lane) return;
    }
    column->touched.push_back(lane);
  }

  TimelineModel model_;
  std::vector<std::string> known_;  // per lane: its lifecycle state, "" when unknown
  bool advance_open_ = false;       // the last column holds events of the clock advance being read
};

}  // namespace

TimelineModel BuildTimeline(const std::vector<testing::ScenarioStepRecord>& steps) {
  Builder builder(steps.empty() ? absl::UnixEpoch() : steps.front().before);
  for (const testing::ScenarioStepRecord& step : steps) builder.Step(step);
  return std::move(builder).Finish();
}

std::string DayTime(absl::Time t, absl::Time start) {
  const int64_t s = absl::ToInt64Seconds(t - start);
  return absl::StrFormat("day %d %02d:%02d:%02d", s / 86400, (s / 3600) % 24, (s / 60) % 60,
                         s % 60);
}

std::string JumpLabel(absl::Duration d) {
  int64_t s = absl::ToInt64Seconds(d);
  std::vector<std::string> parts;
  const std::pair<int64_t, const char*> units[] = {
      {86400, "d"}, {3600, "h"}, {60, "min"}, {1, "s"}};
  for (const auto& [size, name] : units) {
    if (s >= size) {
      parts.push_back(absl::StrCat(s / size, " ", name));
      s %= size;
    }
  }
  if (parts.empty()) parts.push_back("0 s");
  return absl::StrCat("+", absl::StrJoin(parts, " "));
}

}  // namespace cli
}  // namespace paysim
