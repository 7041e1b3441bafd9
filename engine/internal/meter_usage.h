// meter_usage.h (internal): the usage reported to billing meters, the only writer of meter
// events, and their aggregates (what a metered price bills).
//
// A meter event is stored as it arrives with what it counts for: the active meter of its
// event_name, the customer its payload names (under the meter's customer_mapping key) and the
// value (under the meter's value_settings key). Stripe checks these after answering the
// request and drops an event that fails them (a `v1.billing.meter.error_report_triggered` thin
// event, which paysim does not send): no active meter, no such customer, or, for `sum` and
// `last`, a value that is not a whole number >= 0. Such an event is kept (its identifier stays
// taken) but counts for nothing.
//
// An event counts in [start, end) by its `timestamp`. Aggregates by the meter's formula:
// `sum` of values, `count` of events, `last`: the value of the latest (by timestamp, then
// arrival). An event cancelled by an adjustment counts for nothing.
//
// UNCERTAIN: Stripe accepts decimal values for some meters; paysim counts whole numbers only.
//
// Lookups go through the world's MeterEventIndex (by identifier; by meter and customer), so a
// report and an aggregate cost the events of that customer, not all of them.
//
// REQUIRES (every function taking a World): the world's lock held.
#ifndef PAYSIM_ENGINE_INTERNAL_METER_USAGE_H_
#define PAYSIM_ENGINE_INTERNAL_METER_USAGE_H_

#include <cstdint>
#include <string>

#include "absl/status/status.h"
#include "absl/strings/string_view.h"
#include "engine/internal/world.h"
#include "proto/catalog.obj.h"
#include "proto/meter.obj.h"
#include "proto/meter_params.pb.h"

namespace paysim {
namespace internal {

// Whether `price` bills its meter's usage (a metered price with a meter), in arrears and
// never prorated. Its subscription items have no quantity.
bool BillsUsage(const Price& price);

// Stripe's refusal of a quantity given for an item of such a price (`param` names it).
absl::Status MeteredQuantityGiven(absl::string_view param);

class MeterUsage {
 public:
  // Stores the event `params` describes (checked by MeterEventService), at `timestamp` (the
  // given one or now), with `identifier` (the given one or a new one).
  static const BillingMeterEvent& Record(World& world, const BillingMeterEventCreateParams& params,
                                         int64_t timestamp, const std::string& identifier);

  // The event of `identifier` received within `window_seconds` before now, or null.
  static const BillingMeterEvent* FindRecent(World& world, absl::string_view identifier,
                                             int64_t window_seconds);

  // Marks `event` cancelled: it no longer counts.
  static void Cancel(World& world, const BillingMeterEvent& event);

  // The aggregate of `meter`'s events of `customer` with timestamps in [start, end).
  static int64_t Aggregate(World& world, const BillingMeter& meter, absl::string_view customer,
                           int64_t start, int64_t end);

  // What a price on `meter_id` bills `customer` for [start, end): the aggregate, or 0 when the
  // meter is gone.
  static int64_t Quantity(World& world, absl::string_view meter_id, absl::string_view customer,
                          int64_t start, int64_t end);

 private:
  static WriteKey<MeterUsage> Key() { return {}; }
};

}  // namespace internal
}  // namespace paysim

#endif  // PAYSIM_ENGINE_INTERNAL_METER_USAGE_H_
