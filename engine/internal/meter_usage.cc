// The usage reported to billing meters (meter_usage.h).
#include "engine/internal/meter_usage.h"

#include <algorithm>
#include <string>
#include <utility>
#include <vector>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "engine/internal/interned.h"
#include "engine/internal/meter_lifecycle.h"
#include "engine/stripe_error.h"

namespace paysim {
namespace internal {
namespace {

// `text` as a whole number >= 0, or -1.
int64_t WholeValue(const std::string& text) {
  int64_t value = 0;
  if (text.empty() || text[0] == '+' || !absl::SimpleAtoi(text, &value) || value < 0) return -1;
  return value;
}

std::string MeterCustomerKey(absl::string_view meter, absl::string_view customer) {
  return absl::StrCat(meter, "/", customer);
}

void IndexEvent(MeterEventIndex& index, const BillingMeterEvent& event) {
  index.by_identifier[event.identifier()] = event.id();
  if (event.counted()) {
    index.by_meter_customer[MeterCustomerKey(event.meter(), event.customer())].push_back(
        event.id());
  }
  ++index.indexed;
}

// The index of the world's events, rebuilt first if it has not indexed them all.
MeterEventIndex& IndexOf(World& world) {
  MeterEventIndex& index = world.meter_event_index();
  auto& events = world.billing_meter_events();
  if (index.indexed == events.size()) return index;
  index = MeterEventIndex();
  std::vector<const BillingMeterEvent*> all;
  all.reserve(events.size());
  events.ForEach([&](const BillingMeterEvent& event) { all.push_back(&event); });
  std::sort(all.begin(), all.end(), [](const BillingMeterEvent* a, const BillingMeterEvent* b) {
    return a->sequence() < b->sequence();
  });
  for (const BillingMeterEvent* event : all) IndexEvent(index, *event);
  return index;
}

}  // namespace

bool BillsUsage(const Price& price) {
  return price.recurring().usage_type() == "metered" && price.recurring().has_meter();
}

absl::Status MeteredQuantityGiven(absl::string_view param) {
  // Stripe's answer to a subscription item's quantity for a metered price.
  return InvalidRequestError("", param, "You cannot set the quantity for metered plans.");
}

const BillingMeterEvent& MeterUsage::Record(World& world,
                                            const BillingMeterEventCreateParams& params,
                                            int64_t timestamp, const std::string& identifier) {
  BillingMeterEvent event;
  event.set_object(PAYSIM_INTERNED("billing.meter_event"));
  event.set_created(world.created());
  event.set_event_name(params.event_name());
  event.set_identifier(identifier);
  event.set_livemode(false);
  *event.mutable_payload() = params.payload();
  event.set_timestamp(timestamp);
  event.set_id(world.ids().NewId("mevt_"));
  event.set_sequence(static_cast<int64_t>(world.billing_meter_events().size()));
  if (const BillingMeter* meter = MeterLifecycle::ActiveFor(world, params.event_name());
      meter != nullptr) {
    event.set_meter(meter->id());
    const auto customer = params.payload().find(meter->customer_mapping().event_payload_key());
    if (customer != params.payload().end() &&
        world.customers().Find(customer->second) != nullptr) {
      event.set_customer(customer->second);
    }
    int64_t value = 1;
    if (meter->default_aggregation().formula() != "count") {
      const auto given = params.payload().find(meter->value_settings().event_payload_key());
      value = given == params.payload().end() ? -1 : WholeValue(given->second);
    }
    event.set_counted(!event.customer().empty() && value >= 0);
    event.set_value(value < 0 ? 0 : value);
  }
  MeterEventIndex& index = IndexOf(world);
  const BillingMeterEvent& stored = world.billing_meter_events().Insert(Key(), std::move(event));
  IndexEvent(index, stored);
  return stored;
}

const BillingMeterEvent* MeterUsage::FindRecent(World& world, absl::string_view identifier,
                                                int64_t window_seconds) {
  const MeterEventIndex& index = IndexOf(world);
  const auto it = index.by_identifier.find(identifier);
  if (it == index.by_identifier.end()) return nullptr;
  const BillingMeterEvent* event = world.billing_meter_events().Find(it->second);
  return event != nullptr && event->created() > world.created() - window_seconds ? event
                                                                                  : nullptr;
}

void MeterUsage::Cancel(World& world, const BillingMeterEvent& event) {
  world.billing_meter_events().Mutable(Key(), event.id())->set_canceled(true);
}

int64_t MeterUsage::Aggregate(World& world, const BillingMeter& meter,
                              absl::string_view customer, int64_t start, int64_t end) {
  const std::string& formula = meter.default_aggregation().formula();
  int64_t total = 0;
  const BillingMeterEvent* last = nullptr;
  const MeterEventIndex& index = IndexOf(world);
  const auto it = index.by_meter_customer.find(MeterCustomerKey(meter.id(), customer));
  if (it == index.by_meter_customer.end()) return 0;
  for (const std::string& key : it->second) {
    const BillingMeterEvent& event = *world.billing_meter_events().Find(key);
    if (event.canceled() || event.timestamp() < start || event.timestamp() >= end) continue;
    total += formula == "count" ? 1 : event.value();
    if (last == nullptr || event.timestamp() >= last->timestamp()) last = &event;  // arrival order
  }
  if (formula == "last") return last == nullptr ? 0 : last->value();
  return total;
}

int64_t MeterUsage::Quantity(World& world, absl::string_view meter_id,
                             absl::string_view customer, int64_t start, int64_t end) {
  const BillingMeter* meter = world.billing_meters().Find(meter_id);
  return meter == nullptr ? 0 : Aggregate(world, *meter, customer, start, end);
}

}  // namespace internal
}  // namespace paysim
