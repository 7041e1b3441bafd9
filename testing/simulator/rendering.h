// rendering.h: the simulator's view of an answer as text: equal texts mean byte-identical
// responses (internal to the simulator).
#ifndef PAYSIM_TESTING_SIMULATOR_RENDERING_H_
#define PAYSIM_TESTING_SIMULATOR_RENDERING_H_

#include <memory>
#include <string>
#include <type_traits>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/str_cat.h"
#include "engine/json_render.h"
#include "engine/list.h"
#include "google/protobuf/message.h"
#include "proto/event.pb.h"

namespace paysim {
namespace testing {
namespace simulator_internal {

// "OK", or the HTTP status and Stripe's error JSON ("402 {...}"), or "no Stripe error: ..." for
// a status that carries none.
std::string StatusText(const absl::Status& status);

// An object's id, status and amounts ("id=ch_... status=succeeded amount=..."), for traces.
std::string TraceText(const google::protobuf::Message& object);

// The simulator reads answers through protobuf reflection: an engine object (a generated class,
// proto/object_runtime) as its protobuf message, owned; a protobuf message as a copy.
template <typename T>
std::unique_ptr<google::protobuf::Message> AsMessage(const T& object) {
  if constexpr (std::is_base_of<google::protobuf::Message, T>::value) {
    return std::make_unique<T>(object);
  } else {
    return std::make_unique<typename T::Proto>(object.ToProto());
  }
}

template <typename T, typename = decltype(&T::kTypeInfo)>
std::string TraceText(const T& object) {
  return TraceText(*AsMessage(object));
}

// True if `a` and `b` render the same JSON (paysim's internal fields, numbered 100 to 999,
// aside).
bool SameRendered(const google::protobuf::Message& a, const google::protobuf::Message& b);

template <typename T>
struct IsListResult : std::false_type {};
template <typename T>
struct IsListResult<ListResult<T>> : std::true_type {};

// Render()
//
// A result as text: the object's JSON, a list page's url, has_more and items, or the error
// (StatusText). Two results render the same iff the responses would be byte-identical.
template <typename T>
std::string Render(const absl::StatusOr<T>& result) {
  if (!result.ok()) return StatusText(result.status());
  if constexpr (IsListResult<T>::value) {
    std::string out = absl::StrCat("list ", result->url, " has_more=", result->has_more, "\n");
    for (const auto& item : result->data) absl::StrAppend(&out, RenderJson(item), "\n");
    return out;
  } else {
    return RenderJson(*result);
  }
}

}  // namespace simulator_internal
}  // namespace testing
}  // namespace paysim

#endif  // PAYSIM_TESTING_SIMULATOR_RENDERING_H_
