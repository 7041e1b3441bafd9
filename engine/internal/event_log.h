// event_log.h: every event the engine emits, in order, and the in-process subscribers
// (webhook endpoints with `enabled_events`) that receive them.
//
// An event keeps the object's version at the instant it happened: a reference to that version
// (objects are copy-on-write values, proto/object_runtime), never a copy of its fields or a
// serialization. It is materialized as an Event when read.
//
// Events are kept for a retention period (Stripe: 30 days; EngineOptions::event_retention):
// the engine drops the oldest ones once the engine's time is past it (ForgetRecordedBefore),
// releasing the versions only they still held.
//
// Thread safety: not thread-safe; the engine uses it under its own lock.
#ifndef PAYSIM_ENGINE_INTERNAL_EVENT_LOG_H_
#define PAYSIM_ENGINE_INTERNAL_EVENT_LOG_H_

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <utility>
#include <variant>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/functional/function_ref.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/types/optional.h"
#include "engine/event_handler.h"
#include "engine/list.h"
#include "engine/internal/object_store.h"
#include "proto/event.obj.h"
#include "proto/object_runtime/previous_attributes.h"
#include "proto/object_runtime/string_field.h"

namespace paysim {

// "req_" + `n` in base62, zero-padded to 14 characters (Stripe's request ids have 14): the
// request id the engine gives the n-th API call that brings none of its own.
std::string SequentialRequestId(uint64_t n);

// The n > 0 whose SequentialRequestId is `text`, or 0 if `text` is not of that form.
uint64_t ParseSequentialRequestId(absl::string_view text);

// The API call an event comes from, as the event log keeps it. `number` > 0: the call's request
// id is the engine's own, SequentialRequestId(number), kept as that number and written out
// only when an event is read (most events are never read: no text per call). `request` holds
// the rest: a request id the caller gave (then `number` is 0), an idempotency key. Neither: an
// automatic event (timers, a test clock's asynchronous work), whose request is empty.
struct EventOrigin {
  uint64_t number = 0;
  EventRequest request;

  // The event's `request` as Stripe shows it.
  EventRequest Request() const;
  void Clear() {
    number = 0;
    request.Clear();
  }
};

// An event's previous_attributes given as text (Emit, a snapshot), kept where a `*.updated`
// event keeps its former version (EventLog::Record): an event has one or the other.
struct PreviousAttributesText {
  obj::internal::StringField text;
};

// The object version an event announces, as the event log keeps it: the version's own handle
// (a reference, 8 bytes, beside the variant's index), so recording an event allocates no
// StripeObject (the oneof that an event's data.object is, a rep of its own); that is made only
// when the event is read (ToStripeObject). A StripeObject alternative holds events restored
// from a snapshot; std::monostate, none (an event's `before` when it has no former version);
// PreviousAttributesText only as a `before`.
using EventObject =
    std::variant<std::monostate, PreviousAttributesText, StripeObject, Charge, Customer,
                 PaymentMethod, Refund, BalanceTransaction, Token, Balance, PaymentIntent,
                 SetupIntent, Product, Price, Plan, CreditNote, SubscriptionSchedule,
                 CheckoutSession, Subscription, Dispute, EarlyFraudWarning, Payout, Topup, Quote,
                 Card, TaxId, Mandate, BillingMeter, BillingPortalConfiguration,
                 BillingPortalSession, Invoice, InvoiceItem, InvoicePayment, Coupon,
                 PromotionCode, TaxRate, PaymentLink, Discount, TestClock,
                 CustomerCashBalanceTransaction, CashBalance>;

// The StripeObject holding `object`'s version (empty for std::monostate and
// PreviousAttributesText).
StripeObject ToStripeObject(const EventObject& object);

class EventLog {
 public:
  explicit EventLog(std::string api_version);
  ~EventLog();

  // Emit()
  //
  // Records an event of `type` (REQUIRES: a string literal or other static storage) about
  // `object` (the version it carries) as it is now. `created` is the event's time (a test
  // clock's, for its objects), `recorded_at` the engine's own time then (the retention counts
  // from it; Unix seconds, never decreasing from one event to the next).
  // `previous_attributes` is a JSON object text of the changed fields' former values (only for
  // `*.updated` events), or empty. Returns the event's id.
  absl::string_view Emit(absl::string_view id, absl::string_view type, EventObject object,
                          int64_t created, int64_t recorded_at, const EventOrigin& origin,
                          std::string previous_attributes = "");

  // EmitChange()
  //
  // As Emit, for a `*.updated` event whose previous_attributes are the fields of `object` that
  // differ from `before` (its former version, of the same type). The event keeps a reference to
  // `before` and the difference is computed when the event is read (an event nobody reads costs
  // no diff; the text is the same whenever it is computed, both versions being immutable).
  absl::string_view EmitChange(absl::string_view id, absl::string_view type, EventObject object,
                               EventObject before, int64_t created, int64_t recorded_at,
                               const EventOrigin& origin);

  // Drops the events recorded at or before `cutoff` (Unix seconds of the engine's time), oldest
  // first: they can no longer be retrieved or listed.
  void ForgetRecordedBefore(int64_t cutoff);

  // The event with `id`, or 404 resource_missing.
  absl::StatusOr<Event> Retrieve(absl::string_view id) const;

  // One page, newest first, of the events whose type matches one of `types`: an exact type, or
  // a prefix when it ends in ".*" ("charge.*"). No types (or an empty one) means every type.
  // With `delivery_success`, only the events every webhook endpoint received (true) or those
  // some endpoint has not received yet, or never will (false).
  absl::StatusOr<ListResult<Event>> List(const ListWindow& window,
                                         const std::vector<absl::string_view>& types,
                                         absl::optional<bool> delivery_success = {}) const;

  // Adds `delta` to the webhook deliveries of event `id` not (yet) successful: its
  // `pending_webhooks`. Ignored for an event no longer kept. Never below zero when read.
  void AdjustPendingWebhooks(absl::string_view id, int delta);

  // The events kept (retrievable), and every event recorded since the log began (or was
  // restored: the restored events), kept or not.
  size_t size() const;
  uint64_t recorded() const { return recorded_; }

  // Subscribe()
  //
  // Registers `handler` for the event types in `enabled_events` ("*" for all, or exact types),
  // while `active` (if given) answers true. Returns an id for Unsubscribe.
  int Subscribe(std::vector<std::string> enabled_events, EventHandler handler,
                std::function<bool()> active = nullptr);
  void Unsubscribe(int subscription);

  // The (handler, event) deliveries queued since the last call, in order. The engine calls the
  // handlers after releasing its lock, so a handler may call back into the engine.
  std::vector<std::pair<EventHandler, Event>> TakeDeliveries();

  // One recorded event, as stored (event_record.h: only the event log and snapshots read it).
  class Record;

  // ---- snapshots (engine/snapshot.cc); subscriptions are not part of them ----

  // Calls `visit` on every recorded event, oldest first.
  void ForEachRecord(absl::FunctionRef<void(const Record&)> visit) const;

  // Appends `record` as the newest event, its type interned (`record.type` may point anywhere).
  // False (nothing added) if its id is empty or taken.
  bool AppendRecord(Record record);

  // Forgets every recorded event (not the subscriptions).
  void ClearRecords();

 private:
  struct Subscription {
    int id;
    std::vector<std::string> enabled_events;
    EventHandler handler;
    std::function<bool()> active;  // nullptr: always
    bool Wants(absl::string_view type) const;
  };

  // The event as read (`pending_webhooks`: the endpoints' deliveries not yet successful), or as
  // handed to the in-process subscribers (`for_subscribers`: those that want it, counted).
  Event Materialize(const Record& record, bool for_subscribers = false) const;
  int64_t PendingWebhooks(absl::string_view id) const;
  // Stores `record` as the newest event and queues it for its subscribers; returns its id.
  absl::string_view Append(Record record);
  // What Append() does once `stored` is in the store: counts it and queues its deliveries.
  absl::string_view Appended(const Record& stored);

  std::string api_version_;
  // The recorded events, "event" objects. Behind a pointer so that this header need not define
  // Record, whose EventObjects every file including it would otherwise compile.
  std::unique_ptr<ObjectStore<Record>> records_;
  uint64_t recorded_ = 0;
  // Kept events with webhook deliveries not yet successful: id -> how many (only nonzero).
  absl::flat_hash_map<std::string, int64_t> pending_webhooks_;
  std::vector<Subscription> subscriptions_;
  int next_subscription_ = 1;
  std::vector<std::pair<EventHandler, Event>> deliveries_;
};

// A JSON object text with the former values of the fields that differ between `before` and
// `after` (nested objects compared key by key), for `previous_attributes`. "" if none differ.
using obj::PreviousAttributes;

// The StripeObject holding `object` (a reference to its version).
StripeObject AsStripeObject(const Charge& object);
StripeObject AsStripeObject(const Customer& object);
StripeObject AsStripeObject(const PaymentMethod& object);
StripeObject AsStripeObject(const Refund& object);
StripeObject AsStripeObject(const BalanceTransaction& object);
StripeObject AsStripeObject(const Token& object);
StripeObject AsStripeObject(const Balance& object);
StripeObject AsStripeObject(const PaymentIntent& object);
StripeObject AsStripeObject(const SetupIntent& object);
StripeObject AsStripeObject(const Product& object);
StripeObject AsStripeObject(const Price& object);
StripeObject AsStripeObject(const Plan& object);
StripeObject AsStripeObject(const CreditNote& object);
StripeObject AsStripeObject(const SubscriptionSchedule& object);
StripeObject AsStripeObject(const CheckoutSession& object);
StripeObject AsStripeObject(const Subscription& object);
StripeObject AsStripeObject(const Dispute& object);
StripeObject AsStripeObject(const EarlyFraudWarning& object);
StripeObject AsStripeObject(const Payout& object);
StripeObject AsStripeObject(const Topup& object);
StripeObject AsStripeObject(const Quote& object);
StripeObject AsStripeObject(const Card& object);
StripeObject AsStripeObject(const TaxId& object);
StripeObject AsStripeObject(const Mandate& object);
StripeObject AsStripeObject(const BillingMeter& object);
StripeObject AsStripeObject(const BillingPortalConfiguration& object);
StripeObject AsStripeObject(const BillingPortalSession& object);
StripeObject AsStripeObject(const Invoice& object);
StripeObject AsStripeObject(const InvoiceItem& object);
StripeObject AsStripeObject(const InvoicePayment& object);
StripeObject AsStripeObject(const Coupon& object);
StripeObject AsStripeObject(const PromotionCode& object);
StripeObject AsStripeObject(const TaxRate& object);
StripeObject AsStripeObject(const PaymentLink& object);
StripeObject AsStripeObject(const Discount& object);
StripeObject AsStripeObject(const TestClock& object);
StripeObject AsStripeObject(const CustomerCashBalanceTransaction& object);
StripeObject AsStripeObject(const CashBalance& object);

// The resource a StripeObject holds, serialized, and the number of its field in StripeObject
// (snapshots keep events this way); 0 and "" when it holds none.
std::string SerializedResource(const StripeObject& object, int* field_number);

// The StripeObject holding the resource of field `field_number` serialized in `bytes`; false if
// the field is unknown or the bytes do not parse.
bool ParseResource(int field_number, absl::string_view bytes, StripeObject* object);

}  // namespace paysim

#endif  // PAYSIM_ENGINE_INTERNAL_EVENT_LOG_H_
