// meter_event_index.h (internal): the lookups of the meter events' store that MeterUsage
// keeps (meter_usage.h): by identifier, and by meter and customer. Derived data: rebuilt from
// the store whenever it has not indexed every event (a restored snapshot), never saved.
#ifndef PAYSIM_ENGINE_INTERNAL_METER_EVENT_INDEX_H_
#define PAYSIM_ENGINE_INTERNAL_METER_EVENT_INDEX_H_

#include <cstddef>
#include <string>
#include <vector>

#include "absl/container/flat_hash_map.h"

namespace paysim {
namespace internal {

struct MeterEventIndex {
  size_t indexed = 0;  // the events of the store indexed (events are never removed)
  // identifier -> the key (mevt_...) of its latest event
  absl::flat_hash_map<std::string, std::string> by_identifier;
  // "<meter>/<customer>" -> the keys of the events counted for them, in arrival order
  absl::flat_hash_map<std::string, std::vector<std::string>> by_meter_customer;
};

}  // namespace internal
}  // namespace paysim

#endif  // PAYSIM_ENGINE_INTERNAL_METER_EVENT_INDEX_H_
