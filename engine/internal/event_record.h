// event_record.h (internal): EventLog::Record, an event as the event log stores it. Only the
// event log (event_log.cc) and snapshots (engine/snapshot.cc) read records; everything else
// emits and reads events through EventLog (event_log.h), which does not define this class.
//
// Thread safety: as EventLog's.
#ifndef PAYSIM_ENGINE_INTERNAL_EVENT_RECORD_H_
#define PAYSIM_ENGINE_INTERNAL_EVENT_RECORD_H_

#include <cstdint>
#include <string>

#include "absl/strings/string_view.h"
#include "engine/internal/event_log.h"
#include "engine/internal/short_id.h"
#include "proto/event.obj.h"

namespace paysim {

// One recorded event, as stored: 96 bytes, so that a deque block (512 bytes) holds five. Its
// store entry keeps no second copy of its id (ObjectStore's kKeepsShortId). The type is
// an index into a process-wide table of the types seen; the call number is kept in 32 bits
// (past them, as its request id's text); a former version (EmitChange) and previous
// attributes given as text share one slot, an event having one or the other.
class EventLog::Record {
 public:
  static constexpr bool kKeepsShortId = true;

  Record() = default;
  // `type`: the type's index (InternType, InternStaticType). `before`: the former version
  // (EmitChange), PreviousAttributesText, or std::monostate.
  Record(absl::string_view id, uint16_t type, int64_t created, EventObject object,
         EventObject before, const EventOrigin& origin, int64_t recorded_at);

  absl::string_view id() const { return event_id_.view(); }
  const internal::ShortId& short_id() const { return event_id_; }
  absl::string_view type() const;
  int64_t created() const { return created_; }
  int64_t recorded_at() const { return recorded_at_; }
  const EventObject& object() const { return object_; }
  EventOrigin origin() const;
  // The event's previous_attributes text: as given, or the difference between the former
  // version and `object` when it has one. "" if none.
  std::string PreviousAttributesText() const;

  // The index of event type `type` in the process-wide table (added if new; each distinct
  // type is kept once for the life of the process). False if the table has no room: it holds
  // 65,536 types, the last 4,096 kept for InternStaticType.
  static bool InternType(absl::string_view type, uint16_t* index);
  // The same for a `type` in static storage (Emit's literals): cached per thread by address,
  // so recording an event does not hash its type.
  static bool InternStaticType(absl::string_view type, uint16_t* index);

 private:
  internal::ShortId event_id_;
  EventObject object_;     // the version the event announces (shared, not copied)
  EventObject before_;     // the former version, or the previous attributes as text, or none
  int64_t created_ = 0;
  int64_t recorded_at_ = 0;  // the engine's time when it was recorded (Unix seconds)
  EventRequest request_;     // the call's given request id, idempotency key (EventOrigin)
  uint32_t number_ = 0;      // EventOrigin::number when it fits, else 0 and the id in request_
  uint16_t type_ = 0;        // the type's index
};

}  // namespace paysim

#endif  // PAYSIM_ENGINE_INTERNAL_EVENT_RECORD_H_
