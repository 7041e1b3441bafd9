#include "engine/internal/event_log.h"

#include <algorithm>

#include "absl/container/node_hash_set.h"
#include "absl/strings/match.h"
#include "absl/synchronization/mutex.h"
#include "google/protobuf/descriptor.h"
#include "engine/json_render.h"

namespace paysim {
namespace {

using google::protobuf::FieldDescriptor;
using google::protobuf::Message;

// The StripeObject field that holds messages of `object`'s type.
const FieldDescriptor* ObjectField(const Message& object) {
  const auto* descriptor = StripeObject::descriptor();
  for (int i = 0; i < descriptor->field_count(); ++i) {
    const FieldDescriptor* field = descriptor->field(i);
    if (field->message_type() == object.GetDescriptor()) return field;
  }
  return nullptr;
}

bool TypeMatches(absl::string_view filter, absl::string_view type) {
  if (filter.empty() || filter == "*") return true;
  if (absl::EndsWith(filter, ".*")) {
    return absl::StartsWith(type, filter.substr(0, filter.size() - 1));
  }
  return filter == type;
}

// Former values of what changed from `before` to `after`; keys new in `after` map to null.
// Nested objects (metadata, address, invoice_settings, ...) are compared key by key, so only
// their changed keys appear. Both sides come from ToJson: a message's keys are in declaration
// order on both sides, a map's keys are sorted, so one merge walk keeps the output in that order.
Json Diff(const Json& before, const Json& after) {
  Json out = Json::object();
  auto b = before.begin();
  auto a = after.begin();
  while (b != before.end() || a != after.end()) {
    if (b != before.end() && a != after.end() && b.key() == a.key()) {
      if (*b != *a) out[b.key()] = b->is_object() && a->is_object() ? Diff(*b, *a) : *b;
      ++b;
      ++a;
    } else if (b == before.end() || (a != after.end() && a.key() < b.key())) {
      out[a.key()] = nullptr;  // new in `after`
      ++a;
    } else {
      out[b.key()] = *b;  // gone from `after`
      ++b;
    }
  }
  return out;
}

}  // namespace

EventLog::EventLog(std::string api_version) : api_version_(std::move(api_version)) {}

bool EventLog::Subscription::Wants(absl::string_view type) const {
  for (const std::string& enabled : enabled_events) {
    // An empty filter means "every type" for List, but enables nothing for a subscriber.
    if (!enabled.empty() && TypeMatches(enabled, type)) return true;
  }
  return false;
}

const std::string& EventLog::Emit(std::string id, absl::string_view type, const Message& object,
                                  int64_t created, const EventRequest& request,
                                  std::string previous_attributes) {
  const FieldDescriptor* field = ObjectField(object);
  Record record{std::move(id), type,    created, field == nullptr ? 0 : field->number(),
                object.SerializeAsString(), std::move(previous_attributes), request};
  Record& stored = records_.Insert(std::move(record));
  bool materialized = false;
  Event event;
  for (const Subscription& subscription : subscriptions_) {
    if (!subscription.Wants(type)) continue;
    if (!materialized) {
      event = Materialize(stored);
      materialized = true;
    }
    deliveries_.emplace_back(subscription.handler, event);
  }
  return stored.event_id;
}

bool EventLog::AppendRecord(Record record) {
  // Event types are few; each distinct one is kept once for the life of the process.
  static absl::Mutex mu(absl::kConstInit);
  static auto* types = new absl::node_hash_set<std::string>();
  {
    absl::MutexLock lock(&mu);
    record.type = *types->emplace(record.type).first;
  }
  return records_.Restore(std::move(record), /*deleted=*/false);
}

Event EventLog::Materialize(const Record& record) const {
  Event event;
  event.set_id(record.event_id);
  event.set_object("event");
  event.set_api_version(api_version_);
  event.set_created(record.created);
  StripeObject* object = event.mutable_data()->mutable_object();
  const FieldDescriptor* field = StripeObject::descriptor()->FindFieldByNumber(record.object_field);
  if (field != nullptr) {
    object->GetReflection()->MutableMessage(object, field)->ParseFromString(record.object_bytes);
  }
  if (!record.previous_attributes.empty()) {
    event.mutable_data()->set_previous_attributes(record.previous_attributes);
  }
  event.set_livemode(false);
  int64_t pending = 0;
  for (const Subscription& subscription : subscriptions_) {
    if (subscription.Wants(record.type)) ++pending;
  }
  event.set_pending_webhooks(pending);
  *event.mutable_request() = record.request;
  event.set_type(std::string(record.type));
  return event;
}

absl::StatusOr<Event> EventLog::Retrieve(absl::string_view id) const {
  const Record* record = records_.Find(id);
  if (record == nullptr) return ResourceMissing("event", id);
  return Materialize(*record);
}

absl::StatusOr<ListResult<Event>> EventLog::List(const ListWindow& window,
                                                 absl::string_view type) const {
  absl::StatusOr<ListResult<Record>> page =
      records_.List(window, "/v1/events", [&](const Record& r) { return TypeMatches(type, r.type); });
  if (!page.ok()) return page.status();
  ListResult<Event> result;
  result.has_more = page->has_more;
  result.url = page->url;
  result.data.reserve(page->data.size());
  for (const Record& record : page->data) result.data.push_back(Materialize(record));
  return result;
}

int EventLog::Subscribe(std::vector<std::string> enabled_events, EventHandler handler) {
  const int id = next_subscription_++;
  subscriptions_.push_back(Subscription{id, std::move(enabled_events), std::move(handler)});
  return id;
}

void EventLog::Unsubscribe(int subscription) {
  subscriptions_.erase(std::remove_if(subscriptions_.begin(), subscriptions_.end(),
                                      [&](const Subscription& s) { return s.id == subscription; }),
                       subscriptions_.end());
}

std::vector<std::pair<EventHandler, Event>> EventLog::TakeDeliveries() {
  std::vector<std::pair<EventHandler, Event>> out;
  out.swap(deliveries_);
  return out;
}

std::string PreviousAttributes(const Message& before, const Message& after) {
  Json diff = Diff(ToJson(before), ToJson(after));
  // Invalid UTF-8 in a string field must not throw: it is replaced, as RenderJson does.
  return diff.empty() ? "" : diff.dump(-1, ' ', false, Json::error_handler_t::replace);
}

}  // namespace paysim
