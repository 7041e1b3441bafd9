// Usage reported to billing meters, and its cancellation (meter_events.h).
#include "engine/meter_events.h"

#include <cstdint>
#include <string>

#include "absl/strings/str_cat.h"
#include "engine/internal/intent_common.h"
#include "engine/internal/interned.h"
#include "engine/internal/meter_lifecycle.h"
#include "engine/internal/meter_usage.h"
#include "engine/internal/status_macros.h"
#include "engine/internal/test_clock_lifecycle.h"
#include "engine/internal/world.h"
#include "engine/meters.h"
#include "engine/stripe_error.h"

namespace paysim {
namespace {

using internal::MeterLifecycle;
using internal::MeterUsage;
using internal::World;

// The customer the payload names for the active meter of `event_name` (its timeline is the
// event's), or empty.
std::string PayloadCustomer(World& w, const BillingMeterEventCreateParams& params) {
  const BillingMeter* meter = MeterLifecycle::ActiveFor(w, params.event_name());
  if (meter == nullptr) return "";
  const auto it = params.payload().find(meter->customer_mapping().event_payload_key());
  return it == params.payload().end() ? "" : it->second;
}

}  // namespace

absl::StatusOr<BillingMeterEvent> MeterEventService::Create(
    const BillingMeterEventCreateParams& params, const RequestOptions& options) {
  World& w = *world_;
  return w.RunIdempotent<BillingMeterEvent>(
      options, "POST /v1/billing/meter_events", params,
      [&]() -> absl::StatusOr<BillingMeterEvent> {
        if (!params.has_event_name() || params.event_name().empty()) {
          return ParameterMissing("event_name");
        }
        if (static_cast<int>(params.event_name().size()) > kMeterEventNameMaxLength) {
          // UNCERTAIN: Stripe's wording.
          return InvalidRequestError("", "event_name",
                                     absl::StrCat("Invalid event_name: must be at most ",
                                                  kMeterEventNameMaxLength, " characters"));
        }
        if (params.payload().empty()) return ParameterMissing("payload");
        if (params.has_identifier() &&
            static_cast<int>(params.identifier().size()) > kMeterEventIdentifierMaxLength) {
          return InvalidRequestError("", "identifier",
                                     absl::StrCat("Invalid identifier: must be at most ",
                                                  kMeterEventIdentifierMaxLength, " characters"));
        }
        // On the customer's clock when it has one.
        const World::TimelineScope timeline =
            internal::TestClockLifecycle::EnterCustomerTimeline(w, PayloadCustomer(w, params));
        const int64_t now = w.created();
        const int64_t timestamp = params.has_timestamp() ? params.timestamp() : now;
        if (timestamp < now - absl::ToInt64Seconds(kMeterEventMaxAge) ||
            timestamp > now + absl::ToInt64Seconds(kMeterEventMaxAhead)) {
          // UNCERTAIN: Stripe's wording (its reference gives the window).
          return InvalidRequestError(
              "", "timestamp",
              "The timestamp must be within the past 35 calendar days or up to 5 minutes in "
              "the future.");
        }
        std::string identifier = params.identifier();
        if (!params.has_identifier() || identifier.empty()) {
          // UNCERTAIN: the form of the identifiers Stripe makes.
          identifier = w.ids().NewId("");
        } else if (MeterUsage::FindRecent(
                       w, identifier, absl::ToInt64Seconds(kMeterEventIdentifierWindow)) !=
                   nullptr) {
          // UNCERTAIN: Stripe's wording.
          return InvalidRequestError(
              "", "identifier",
              absl::StrCat("An event with identifier `", identifier, "` already exists."));
        }
        return MeterUsage::Record(w, params, timestamp, identifier);
      });
}

absl::StatusOr<BillingMeterEventAdjustment> MeterEventService::CreateAdjustment(
    const BillingMeterEventAdjustmentCreateParams& params, const RequestOptions& options) {
  World& w = *world_;
  return w.RunIdempotent<BillingMeterEventAdjustment>(
      options, "POST /v1/billing/meter_event_adjustments", params,
      [&]() -> absl::StatusOr<BillingMeterEventAdjustment> {
        if (!params.has_event_name() || params.event_name().empty()) {
          return ParameterMissing("event_name");
        }
        if (!params.has_type()) return ParameterMissing("type");
        PAYSIM_RETURN_IF_ERROR(internal::ValidateEnum(params.type(), {"cancel"}, "type"));
        if (!params.cancel().has_identifier() || params.cancel().identifier().empty()) {
          return ParameterMissing("cancel[identifier]");
        }
        // The latest event of the identifier, if received within the window on its customer's
        // clock.
        const BillingMeterEvent* event =
            MeterUsage::FindRecent(w, params.cancel().identifier(), INT64_MAX / 2);
        if (event != nullptr && event->event_name() == params.event_name()) {
          const World::TimelineScope timeline =
              internal::TestClockLifecycle::EnterCustomerTimeline(w, event->customer());
          if (event->created() > w.created() - absl::ToInt64Seconds(kMeterEventCancelWindow)) {
            MeterUsage::Cancel(w, *event);
          }
        }
        BillingMeterEventAdjustment adjustment;
        adjustment.set_object(PAYSIM_INTERNED("billing.meter_event_adjustment"));
        adjustment.mutable_cancel()->set_identifier(params.cancel().identifier());
        adjustment.set_event_name(params.event_name());
        adjustment.set_livemode(false);
        adjustment.set_status(PAYSIM_INTERNED("pending"));
        adjustment.set_type(PAYSIM_INTERNED("cancel"));
        return adjustment;
      });
}

}  // namespace paysim
