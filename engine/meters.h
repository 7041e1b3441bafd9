// meters.h: billing meters (`mtr_...`), Stripe's /v1/billing/meters: what usage-based prices
// bill. A meter counts the usage events of one `event_name` (meter_events.h) per customer and
// aggregates them by its `default_aggregation.formula` (sum, count or last). A recurring price
// with `recurring[usage_type]=metered` and `recurring[meter]` bills a subscription item by the
// meter's aggregate of the subscription's customer over each period, in arrears: the renewal
// invoice at a period's end bills the usage of the period that ended (its licensed items the
// period that starts); the first invoice bills no usage; the upcoming invoice shows the usage
// so far.
//
// A meter is `active` or `inactive` (engine/internal/meter_lifecycle.h): an inactive meter
// takes no events and no new prices; reactivating it takes them again.
//
// Events: billing.meter.created, billing.meter.updated (display_name, with
// previous_attributes), billing.meter.deactivated, billing.meter.reactivated.
//
// Errors (invalid_request_error; a refused call changes nothing):
//   - display_name, event_name or default_aggregation[formula] missing: parameter_missing;
//     display_name over kMeterDisplayNameMaxLength characters or event_name over
//     kMeterEventNameMaxLength (param names it);
//   - a formula other than count, last, sum; a customer_mapping[type] other than by_id; an
//     event_time_window other than day, hour (param names it); customer_mapping without
//     event_payload_key, value_settings without event_payload_key: parameter_missing;
//   - event_name already that of an active meter (param event_name);
//   - deactivating an inactive meter, reactivating an active one (param id);
//   - an unknown meter: 404 resource_missing;
//   - event summaries: customer, start_time or end_time missing (parameter_missing); an unknown
//     customer (resource_missing, param customer); start_time or end_time not on a minute (with
//     value_grouping_window: an hour, a UTC day); end_time not after start_time.
//
// Example:
//   BillingMeterCreateParams params;
//   params.set_display_name("API calls");
//   params.set_event_name("api_call");
//   params.mutable_default_aggregation()->set_formula("sum");
//   absl::StatusOr<BillingMeter> meter = engine.meters().Create(params);
//
// Thread safety: thread-safe.
#ifndef PAYSIM_ENGINE_METERS_H_
#define PAYSIM_ENGINE_METERS_H_

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "engine/list.h"
#include "engine/request_options.h"
#include "proto/meter.obj.h"
#include "proto/meter_params.pb.h"

namespace paysim {
namespace internal {
class World;
}  // namespace internal

inline constexpr int kMeterDisplayNameMaxLength = 250;
inline constexpr int kMeterEventNameMaxLength = 100;
// The most summaries one event_summaries request may span (hours or days of its range).
inline constexpr int64_t kMeterSummaryWindowsLimit = 100000;

class MeterService {
 public:
  explicit MeterService(internal::World* world) : world_(world) {}

  // Create()
  //
  // A new active meter. customer_mapping defaults to {event_payload_key: stripe_customer_id,
  // type: by_id}, value_settings to {event_payload_key: value}.
  absl::StatusOr<BillingMeter> Create(const BillingMeterCreateParams& params,
                                      const RequestOptions& options = {});

  absl::StatusOr<BillingMeter> Retrieve(absl::string_view id, const RequestOptions& options = {});

  // Renames the meter (display_name is all Stripe lets change).
  absl::StatusOr<BillingMeter> Update(absl::string_view id, const BillingMeterUpdateParams& params,
                                      const RequestOptions& options = {});

  // active -> inactive: its events are dropped from now on; prices on it still bill what it
  // counted.
  absl::StatusOr<BillingMeter> Deactivate(absl::string_view id,
                                          const BillingMeterDeactivateParams& params,
                                          const RequestOptions& options = {});

  // inactive -> active.
  absl::StatusOr<BillingMeter> Reactivate(absl::string_view id,
                                          const BillingMeterReactivateParams& params,
                                          const RequestOptions& options = {});

  // Meters, newest first; `status` filters.
  absl::StatusOr<ListResult<BillingMeter>> List(const BillingMeterListParams& params,
                                                const RequestOptions& options = {});

  // ListEventSummaries()
  //
  // The meter's aggregate of `customer`'s events with timestamps in [start_time, end_time):
  // one summary, or one per hour or UTC day with value_grouping_window, the latest first.
  absl::StatusOr<ListResult<BillingMeterEventSummary>> ListEventSummaries(
      absl::string_view id, const BillingMeterEventSummaryListParams& params,
      const RequestOptions& options = {});

 private:
  internal::World* world_;
};

}  // namespace paysim

#endif  // PAYSIM_ENGINE_METERS_H_
