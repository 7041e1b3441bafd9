// previous_attributes.h: an event's `previous_attributes`, computed on generated objects.
//
// Returns exactly what engine/event_log.h's PreviousAttributes(const Message&, const Message&)
// returns for the equivalent protobuf messages: a compact JSON object text of the former values
// of the top-level fields that differ between `before` and `after` in Stripe's JSON rendering
// (nested objects and maps compared key by key, so only their changed keys appear; keys new in
// `after` map to null), or "" if nothing differs.
//
// It walks both objects field by field (no JSON document of either object is built); a
// sub-object, string, list or map that both share (the same node, as after a copy and an
// unrelated change) is skipped without being looked into. Only the changed values are
// converted to JSON.
//
// Example:
//   Charge updated = charge;
//   updated.set_description("new");
//   PreviousAttributes(charge, updated);   // {"description":null}
//
// Thread safety: reads both objects (see their contract); thread-safe otherwise.
#ifndef PAYSIM_PROTO_OBJECT_RUNTIME_PREVIOUS_ATTRIBUTES_H_
#define PAYSIM_PROTO_OBJECT_RUNTIME_PREVIOUS_ATTRIBUTES_H_

#include <string>

#include "proto/object_runtime/object_ref.h"

namespace paysim {
namespace obj {

std::string PreviousAttributes(ObjectRef before, ObjectRef after);

}  // namespace obj
}  // namespace paysim

#endif  // PAYSIM_PROTO_OBJECT_RUNTIME_PREVIOUS_ATTRIBUTES_H_
