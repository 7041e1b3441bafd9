// meter_events.h: usage reported to billing meters, Stripe's /v1/billing/meter_events, and
// its cancellation, /v1/billing/meter_event_adjustments.
//
// A meter event names its meter by `event_name` and carries a `payload` of strings: the
// customer under the meter's customer_mapping key (stripe_customer_id by default) and the
// value under its value_settings key (value by default). Its `timestamp` (default: now, on the
// customer's test clock if it has one) decides the period that bills it. Stripe answers at once
// and checks the rest later; an event with no active meter, an unknown customer or a value
// that is not a whole number >= 0 is answered but counts for nothing
// (engine/internal/meter_usage.h).
//
// An adjustment of type `cancel` names an event by its identifier: an event received in the
// last kMeterEventCancelWindow stops counting. Stripe processes it after answering (`status:
// "pending"`); an identifier it does not know changes nothing.
//
// Events: none (Stripe announces meter events to no webhook).
//
// Errors (invalid_request_error; a refused call stores nothing):
//   - event_name or payload missing (parameter_missing); event_name over
//     kMeterEventNameMaxLength characters; identifier over kMeterEventIdentifierMaxLength;
//   - a timestamp more than kMeterEventMaxAge before now or more than kMeterEventMaxAhead after
//     it (param timestamp);
//   - an identifier already used by an event received within kMeterEventIdentifierWindow
//     (param identifier);
//   - adjustments: event_name or type missing; a type other than cancel; cancel[identifier]
//     missing (parameter_missing).
//
// Example:
//   BillingMeterEventCreateParams params;
//   params.set_event_name("api_call");
//   (*params.mutable_payload())["stripe_customer_id"] = customer_id;
//   (*params.mutable_payload())["value"] = "25";
//   absl::StatusOr<BillingMeterEvent> event = engine.meter_events().Create(params);
//
// Thread safety: thread-safe.
#ifndef PAYSIM_ENGINE_METER_EVENTS_H_
#define PAYSIM_ENGINE_METER_EVENTS_H_

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "engine/request_options.h"
#include "proto/meter.obj.h"
#include "proto/meter_params.pb.h"

namespace paysim {
namespace internal {
class World;
}  // namespace internal

// Stripe's window for an event's timestamp: the past 35 calendar days to 5 minutes ahead.
inline constexpr absl::Duration kMeterEventMaxAge = absl::Hours(35 * 24);
inline constexpr absl::Duration kMeterEventMaxAhead = absl::Minutes(5);
// An identifier is unique among the events received in this window (Stripe: "at least 24
// hours"); an event can be cancelled within it.
inline constexpr absl::Duration kMeterEventIdentifierWindow = absl::Hours(24);
inline constexpr absl::Duration kMeterEventCancelWindow = absl::Hours(24);
inline constexpr int kMeterEventIdentifierMaxLength = 100;

class MeterEventService {
 public:
  explicit MeterEventService(internal::World* world) : world_(world) {}

  // Create()
  //
  // Records one usage event (identifier: the given one, else a new one).
  absl::StatusOr<BillingMeterEvent> Create(const BillingMeterEventCreateParams& params,
                                           const RequestOptions& options = {});

  // CreateAdjustment()
  //
  // Cancels the event of `cancel.identifier` (if received within kMeterEventCancelWindow).
  absl::StatusOr<BillingMeterEventAdjustment> CreateAdjustment(
      const BillingMeterEventAdjustmentCreateParams& params, const RequestOptions& options = {});

 private:
  internal::World* world_;
};

}  // namespace paysim

#endif  // PAYSIM_ENGINE_METER_EVENTS_H_
