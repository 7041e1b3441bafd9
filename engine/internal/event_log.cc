#include "engine/internal/event_log.h"
#include "engine/internal/event_record.h"
#include "engine/internal/interned.h"

#include <algorithm>
#include <cstdint>
#include <cstdlib>
#include <limits>
#include <string>
#include <type_traits>
#include <variant>

#include "absl/container/flat_hash_map.h"
#include "absl/strings/match.h"
#include "absl/synchronization/mutex.h"
#include "google/protobuf/descriptor.h"
#include "engine/json_render.h"
#include "proto/event.pb.h"

namespace paysim {
namespace {

using google::protobuf::FieldDescriptor;
using google::protobuf::Message;

bool TypeMatches(absl::string_view filter, absl::string_view type) {
  if (filter.empty() || filter == "*") return true;
  if (absl::EndsWith(filter, ".*")) {
    return absl::StartsWith(type, filter.substr(0, filter.size() - 1));
  }
  return filter == type;
}

constexpr char kRequestIdDigits[] =
    "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";

}  // namespace

std::string SequentialRequestId(uint64_t n) {
  std::string id = "req_00000000000000";  // written in place: one allocation
  for (size_t i = id.size() - 1; i >= 4 && n > 0; --i, n /= 62) id[i] = kRequestIdDigits[n % 62];
  return id;
}

uint64_t ParseSequentialRequestId(absl::string_view text) {
  constexpr absl::string_view kPrefix = "req_";
  if (text.size() != kPrefix.size() + 14 || !absl::StartsWith(text, kPrefix)) return 0;
  uint64_t n = 0;
  for (const char c : text.substr(kPrefix.size())) {
    const char* digit = std::char_traits<char>::find(kRequestIdDigits, 62, c);
    if (digit == nullptr) return 0;
    const uint64_t value = static_cast<uint64_t>(digit - kRequestIdDigits);
    if (n > (std::numeric_limits<uint64_t>::max() - value) / 62) return 0;  // past 64 bits
    n = n * 62 + value;
  }
  return n;
}

EventRequest EventOrigin::Request() const {
  EventRequest shown = request;
  if (number != 0) shown.set_id(SequentialRequestId(number));
  return shown;
}

EventLog::EventLog(std::string api_version)
    : api_version_(std::move(api_version)),
      records_(std::make_unique<ObjectStore<Record>>("event")) {}

EventLog::~EventLog() = default;

size_t EventLog::size() const { return records_->size(); }

void EventLog::ForEachRecord(absl::FunctionRef<void(const Record&)> visit) const {
  records_->ForEach(visit);
}

void EventLog::ClearRecords() {
  records_->Clear();
  recorded_ = 0;
  pending_webhooks_.clear();
}

bool EventLog::Subscription::Wants(absl::string_view type) const {
  if (active && !active()) return false;
  for (const std::string& enabled : enabled_events) {
    // An empty filter means "every type" for List, but enables nothing for a subscriber.
    if (!enabled.empty() && TypeMatches(enabled, type)) return true;
  }
  return false;
}

absl::string_view EventLog::Emit(absl::string_view id, absl::string_view type, EventObject object,
                                  int64_t created, int64_t recorded_at,
                                  const EventOrigin& origin, std::string previous_attributes) {
  EventObject before;
  if (!previous_attributes.empty()) {
    PreviousAttributesText text;
    text.text.Set(std::move(previous_attributes));
    before = std::move(text);
  }
  return EmitChange(id, type, std::move(object), std::move(before), created, recorded_at, origin);
}

absl::string_view EventLog::EmitChange(absl::string_view id, absl::string_view type,
                                       EventObject object, EventObject before, int64_t created,
                                       int64_t recorded_at, const EventOrigin& origin) {
  uint16_t type_index = 0;
  // The static part of the table (4,096 types) holds far more than the types the engine has.
  if (!Record::InternStaticType(type, &type_index)) std::abort();
  return Appended(records_->Emplace(id, type_index, created, std::move(object), std::move(before),
                                   origin, recorded_at));
}

void EventLog::ForgetRecordedBefore(int64_t cutoff) {
  records_->DropOldest([&](const Record& r) {
    if (r.recorded_at() > cutoff) return false;
    if (!pending_webhooks_.empty()) pending_webhooks_.erase(r.id());
    return true;
  });
}

void EventLog::AdjustPendingWebhooks(absl::string_view id, int delta) {
  if (delta == 0 || records_->Find(id) == nullptr) return;
  auto it = pending_webhooks_.try_emplace(id, 0).first;
  it->second += delta;
  if (it->second == 0) pending_webhooks_.erase(it);
}

int64_t EventLog::PendingWebhooks(absl::string_view id) const {
  auto it = pending_webhooks_.find(id);
  return it == pending_webhooks_.end() ? 0 : std::max<int64_t>(it->second, 0);
}

namespace {

// The event types seen, by index: pages of 256 names, each allocated when first needed and
// never freed (the names live as long as the process). Written under `mu`; read without it by
// whoever got an index, which the lock (or the engine's, for a record) already ordered after
// the write.
constexpr int kTypePages = 256;
constexpr int kTypesPerPage = 256;
constexpr int kStaticTypesReserved = 4096;
struct TypeTable {
  absl::Mutex mu;
  absl::flat_hash_map<std::string, uint16_t> index ABSL_GUARDED_BY(mu);
  const std::string** pages[kTypePages] = {};
  int size ABSL_GUARDED_BY(mu) = 0;
};

TypeTable& EventTypeTable() {
  static TypeTable* table = new TypeTable();
  return *table;
}

bool AddType(absl::string_view type, int limit, uint16_t* index) {
  TypeTable& table = EventTypeTable();
  absl::MutexLock lock(&table.mu);
  if (auto it = table.index.find(type); it != table.index.end()) {
    *index = it->second;
    return true;
  }
  if (table.size >= limit) return false;
  const int i = table.size++;
  const std::string** page = table.pages[i / kTypesPerPage];
  if (page == nullptr) {
    page = new const std::string*[kTypesPerPage]();
    table.pages[i / kTypesPerPage] = page;
  }
  auto it = table.index.emplace(std::string(type), static_cast<uint16_t>(i)).first;
  page[i % kTypesPerPage] = new std::string(it->first);
  *index = static_cast<uint16_t>(i);
  return true;
}

}  // namespace

bool EventLog::Record::InternType(absl::string_view type, uint16_t* index) {
  return AddType(type, kTypePages * kTypesPerPage - kStaticTypesReserved, index);
}

bool EventLog::Record::InternStaticType(absl::string_view type, uint16_t* index) {
  // Keyed by the text's address and size: static storage is never reused for other text. A
  // direct-mapped array of the types seen last answers most calls (a few instructions); the
  // map, all of them.
  struct Recent {
    const char* data = nullptr;
    size_t size = 0;
    uint16_t index = 0;
  };
  constexpr size_t kRecent = 64;
  thread_local Recent recent[kRecent];
  const uintptr_t address = reinterpret_cast<uintptr_t>(type.data());
  Recent& slot = recent[((address >> 3) ^ (address >> 9) ^ type.size()) % kRecent];
  if (slot.data == type.data() && slot.size == type.size() && slot.data != nullptr) {
    *index = slot.index;
    return true;
  }
  thread_local absl::flat_hash_map<std::pair<const char*, size_t>, uint16_t> cache;
  const std::pair<const char*, size_t> key(type.data(), type.size());
  if (auto it = cache.find(key); it != cache.end()) {
    *index = it->second;
  } else {
    if (!AddType(type, kTypePages * kTypesPerPage, index)) return false;
    cache.emplace(key, *index);
  }
  slot = Recent{type.data(), type.size(), *index};
  return true;
}

// Five records to a deque block (ObjectStore's entries are the records themselves).
static_assert(sizeof(EventLog::Record) <= 512 / 5, "an event record outgrew its 96 bytes");

EventLog::Record::Record(absl::string_view id, uint16_t type, int64_t created,
                         EventObject object, EventObject before, const EventOrigin& origin,
                         int64_t recorded_at)
    : event_id_(id),
      object_(std::move(object)),
      before_(std::move(before)),
      created_(created),
      recorded_at_(recorded_at),
      request_(origin.request),
      type_(type) {
  if (origin.number <= std::numeric_limits<uint32_t>::max()) {
    number_ = static_cast<uint32_t>(origin.number);
  } else {
    request_.set_id(SequentialRequestId(origin.number));
  }
}

absl::string_view EventLog::Record::type() const {
  return *EventTypeTable().pages[type_ / kTypesPerPage][type_ % kTypesPerPage];
}

EventOrigin EventLog::Record::origin() const {
  EventOrigin origin;
  origin.number = number_;
  origin.request = request_;
  return origin;
}

std::string EventLog::Record::PreviousAttributesText() const {
  if (std::holds_alternative<std::monostate>(before_)) return "";
  if (const auto* text = std::get_if<paysim::PreviousAttributesText>(&before_)) {
    return text->text.get();
  }
  const StripeObject former = ToStripeObject(before_);
  const StripeObject current = ToStripeObject(object_);
  const obj::ObjectRef before_ref(former);
  const obj::ObjectRef object_ref(current);
  const google::protobuf::FieldDescriptor* field =
      before_ref.WhichOneof(*before_ref.descriptor()->oneof_decl(0));
  return obj::PreviousAttributes(before_ref.GetMessage(*field), object_ref.GetMessage(*field));
}

absl::string_view EventLog::Append(Record record) {
  return Appended(records_->Insert(std::move(record)));
}

absl::string_view EventLog::Appended(const Record& stored) {
  ++recorded_;
  bool materialized = false;
  Event event;
  for (const Subscription& subscription : subscriptions_) {
    if (!subscription.Wants(stored.type())) continue;
    if (!materialized) {
      event = Materialize(stored, /*for_subscribers=*/true);
      materialized = true;
    }
    deliveries_.emplace_back(subscription.handler, event);
  }
  return stored.id();
}

bool EventLog::AppendRecord(Record record) {
  if (!records_->Restore(std::move(record), /*deleted=*/false)) return false;
  ++recorded_;
  return true;
}

Event EventLog::Materialize(const Record& record, bool for_subscribers) const {
  Event event;
  event.set_id(record.id());
  event.set_object(PAYSIM_INTERNED("event"));
  event.set_api_version(api_version_);
  event.set_created(record.created());
  *event.mutable_data()->mutable_object() = ToStripeObject(record.object());
  std::string previous_attributes = record.PreviousAttributesText();
  if (!previous_attributes.empty()) {
    event.mutable_data()->set_previous_attributes(std::move(previous_attributes));
  }
  event.set_livemode(false);
  int64_t pending = 0;
  if (for_subscribers) {
    for (const Subscription& subscription : subscriptions_) {
      if (subscription.Wants(record.type())) ++pending;
    }
  } else if (!pending_webhooks_.empty()) {
    pending = PendingWebhooks(record.id());
  }
  event.set_pending_webhooks(pending);
  *event.mutable_request() = record.origin().Request();
  event.set_type(std::string(record.type()));
  return event;
}

absl::StatusOr<Event> EventLog::Retrieve(absl::string_view id) const {
  const Record* record = records_->Find(id);
  if (record == nullptr) return ResourceMissing("event", id);
  return Materialize(*record);
}

absl::StatusOr<ListResult<Event>> EventLog::List(const ListWindow& window,
                                                 const std::vector<absl::string_view>& types,
                                                 absl::optional<bool> delivery_success) const {
  absl::StatusOr<ListResult<Record>> page =
      records_->List(window, "/v1/events", [&](const Record& r) {
        if (delivery_success.has_value() &&
            *delivery_success != (PendingWebhooks(r.id()) == 0)) {
          return false;
        }
        if (types.empty()) return true;
        for (absl::string_view type : types) {
          if (TypeMatches(type, r.type())) return true;
        }
        return false;
      });
  if (!page.ok()) return page.status();
  ListResult<Event> result;
  result.has_more = page->has_more;
  result.url = page->url;
  result.data.reserve(page->data.size());
  for (const Record& record : page->data) result.data.push_back(Materialize(record));
  return result;
}

int EventLog::Subscribe(std::vector<std::string> enabled_events, EventHandler handler,
                        std::function<bool()> active) {
  const int id = next_subscription_++;
  subscriptions_.push_back(
      Subscription{id, std::move(enabled_events), std::move(handler), std::move(active)});
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

#define PAYSIM_AS_STRIPE_OBJECT(Type, field)             \
  StripeObject AsStripeObject(const Type& object) {       \
    StripeObject out;                                     \
    *out.mutable_##field() = object;                      \
    return out;                                           \
  }
PAYSIM_AS_STRIPE_OBJECT(Charge, charge)
PAYSIM_AS_STRIPE_OBJECT(Customer, customer)
PAYSIM_AS_STRIPE_OBJECT(PaymentMethod, payment_method)
PAYSIM_AS_STRIPE_OBJECT(Refund, refund)
PAYSIM_AS_STRIPE_OBJECT(BalanceTransaction, balance_transaction)
PAYSIM_AS_STRIPE_OBJECT(Token, token)
PAYSIM_AS_STRIPE_OBJECT(Balance, balance)
PAYSIM_AS_STRIPE_OBJECT(PaymentIntent, payment_intent)
PAYSIM_AS_STRIPE_OBJECT(SetupIntent, setup_intent)
PAYSIM_AS_STRIPE_OBJECT(Product, product)
PAYSIM_AS_STRIPE_OBJECT(Price, price)
PAYSIM_AS_STRIPE_OBJECT(Plan, plan)
PAYSIM_AS_STRIPE_OBJECT(CreditNote, credit_note)
PAYSIM_AS_STRIPE_OBJECT(SubscriptionSchedule, subscription_schedule)
PAYSIM_AS_STRIPE_OBJECT(CheckoutSession, checkout_session)
PAYSIM_AS_STRIPE_OBJECT(Subscription, subscription)
PAYSIM_AS_STRIPE_OBJECT(Dispute, dispute)
PAYSIM_AS_STRIPE_OBJECT(EarlyFraudWarning, early_fraud_warning)
PAYSIM_AS_STRIPE_OBJECT(Payout, payout)
PAYSIM_AS_STRIPE_OBJECT(Topup, topup)
PAYSIM_AS_STRIPE_OBJECT(Quote, quote)
PAYSIM_AS_STRIPE_OBJECT(Card, card)
PAYSIM_AS_STRIPE_OBJECT(Invoice, invoice)
PAYSIM_AS_STRIPE_OBJECT(InvoiceItem, invoiceitem)
PAYSIM_AS_STRIPE_OBJECT(InvoicePayment, invoice_payment)
PAYSIM_AS_STRIPE_OBJECT(Coupon, coupon)
PAYSIM_AS_STRIPE_OBJECT(PromotionCode, promotion_code)
PAYSIM_AS_STRIPE_OBJECT(TaxRate, tax_rate)
PAYSIM_AS_STRIPE_OBJECT(PaymentLink, payment_link)
PAYSIM_AS_STRIPE_OBJECT(Discount, discount)
PAYSIM_AS_STRIPE_OBJECT(TestClock, test_clock)
PAYSIM_AS_STRIPE_OBJECT(CustomerCashBalanceTransaction, customer_cash_balance_transaction)
PAYSIM_AS_STRIPE_OBJECT(CashBalance, cash_balance)
PAYSIM_AS_STRIPE_OBJECT(TaxId, tax_id)
PAYSIM_AS_STRIPE_OBJECT(Mandate, mandate)
PAYSIM_AS_STRIPE_OBJECT(BillingMeter, billing_meter)
PAYSIM_AS_STRIPE_OBJECT(BillingPortalConfiguration, billing_portal_configuration)
PAYSIM_AS_STRIPE_OBJECT(BillingPortalSession, billing_portal_session)
#undef PAYSIM_AS_STRIPE_OBJECT

StripeObject ToStripeObject(const EventObject& object) {
  return std::visit(
      [](const auto& version) -> StripeObject {
        using T = std::decay_t<decltype(version)>;
        if constexpr (std::is_same_v<T, std::monostate> ||
                      std::is_same_v<T, PreviousAttributesText>) {
          return StripeObject();
        } else if constexpr (std::is_same_v<T, StripeObject>) {
          return version;
        } else {
          return AsStripeObject(version);
        }
      },
      object);
}

std::string SerializedResource(const StripeObject& object, int* field_number) {
  *field_number = static_cast<int>(object.kind_case());
  if (*field_number == 0) return "";
  const FieldDescriptor* field = StripeObject::descriptor()->FindFieldByNumber(*field_number);
  pb::StripeObject proto;
  object.CopyToProto(&proto);
  return proto.GetReflection()->GetMessage(proto, field).SerializeAsString();
}

bool ParseResource(int field_number, absl::string_view bytes, StripeObject* object) {
  const FieldDescriptor* field = StripeObject::descriptor()->FindFieldByNumber(field_number);
  if (field == nullptr) return false;
  pb::StripeObject proto;
  Message* resource = proto.GetReflection()->MutableMessage(&proto, field);
  if (!resource->ParseFromArray(bytes.data(), static_cast<int>(bytes.size()))) return false;
  *object = StripeObject::FromProto(proto);
  return true;
}

}  // namespace paysim
