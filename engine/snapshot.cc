// Snapshots: Engine::Snapshot and Engine::Restore (engine.h), over the whole World.
#include "engine/snapshot.h"

#include <algorithm>
#include <string>
#include <utility>
#include <vector>

#include "absl/container/flat_hash_set.h"
#include "absl/strings/cord.h"
#include "absl/strings/str_cat.h"
#include "engine/engine.h"
#include "engine/internal/event_record.h"
#include "engine/internal/status_macros.h"
#include "engine/internal/world.h"

namespace paysim {
namespace {

using internal::StoreRef;
using internal::World;
using internal::WorldSnapshot;

absl::Status Malformed(absl::string_view what) {
  return absl::InvalidArgumentError(absl::StrCat("snapshot: ", what));
}

void SaveTimers(const TimerQueue& queue,
                google::protobuf::RepeatedPtrField<TimerSnapshot>* out) {
  for (const Timer& timer : queue.Pending()) {
    TimerSnapshot* saved = out->Add();
    saved->set_due_unix_nanos(absl::ToUnixNanos(timer.due));
    saved->set_sequence(timer.sequence);
    saved->set_kind(std::string(TimerKindName(timer.kind)));
    saved->set_target(std::string(timer.target.view()));
  }
}

absl::Status RestoreTimers(const google::protobuf::RepeatedPtrField<TimerSnapshot>& in,
                           uint64_t next_sequence, TimerQueue* queue) {
  std::vector<Timer> timers;
  timers.reserve(in.size());
  uint64_t max_sequence = 0;
  for (const TimerSnapshot& saved : in) {
    TimerKind kind;
    if (!TimerKindFromName(saved.kind(), &kind)) {
      return Malformed(absl::StrCat("unknown timer kind '", saved.kind(), "'"));
    }
    if (saved.sequence() >= kTimerSequenceLimit) {
      return Malformed("a pending timer's sequence is 2^56 or more");
    }
    Timer timer{absl::FromUnixNanos(saved.due_unix_nanos()), saved.sequence(), kind,
                internal::ShortId(saved.target())};
    max_sequence = std::max(max_sequence, timer.sequence + 1);
    timers.push_back(std::move(timer));
  }
  if (next_sequence > kTimerSequenceLimit) {
    return Malformed("next_timer_sequence is 2^56 or more");
  }
  if (next_sequence < max_sequence) {
    return Malformed("next_timer_sequence is below a pending timer's sequence");
  }
  queue->Restore(std::move(timers), next_sequence);
  return absl::OkStatus();
}

void SaveStatus(const absl::Status& status, IdempotencySnapshot* out) {
  out->set_status_code(static_cast<int32_t>(status.code()));
  out->set_status_message(std::string(status.message()));
  status.ForEachPayload([&](absl::string_view type_url, const absl::Cord& value) {
    StatusPayload* payload = out->add_status_payloads();
    payload->set_type_url(std::string(type_url));
    payload->set_value(std::string(value));
  });
}

absl::Status LoadStatus(const IdempotencySnapshot& in) {
  if (in.status_code() == 0) return absl::OkStatus();
  absl::Status status(static_cast<absl::StatusCode>(in.status_code()), in.status_message());
  for (const StatusPayload& payload : in.status_payloads()) {
    status.SetPayload(payload.type_url(), absl::Cord(payload.value()));
  }
  return status;
}

}  // namespace

namespace internal {

// Saves and restores every field of a World (World befriends it).
class WorldSnapshot {
 public:
  // REQUIRES: the world's lock held.
  static void Save(World& w, EngineSnapshot* out);
  // REQUIRES: the world's lock held; `w` freshly constructed from the snapshot's options.
  static absl::Status Restore(const EngineSnapshot& in, World& w);
  // REQUIRES: the world's lock held.
  static std::vector<std::pair<std::string, int64_t>> Summary(World& w);
};

void WorldSnapshot::Save(World& w, EngineSnapshot* out) {
  w.AssumeLocked();  // called inside World::Locked (below)
  out->set_format(kSnapshotFormat);
  SnapshotOptions* options = out->mutable_options();
  options->set_seed(w.options_.seed);
  options->set_api_version(w.options_.api_version);
  options->set_statement_descriptor(w.options_.statement_descriptor);
  options->set_statement_descriptor_prefix(w.options_.statement_descriptor_prefix);
  options->set_default_currency(w.options_.default_currency);
  options->set_has_invoice_retry_schedule(true);
  for (absl::Duration d : w.options_.invoice_retry_schedule) {
    options->add_invoice_retry_schedule_seconds(absl::ToInt64Seconds(d));
  }
  out->set_now_unix_nanos(absl::ToUnixNanos(w.now_));
  out->set_calls(w.calls_);
  out->mutable_ids()->set_mt19937_64(w.ids_.SaveState());
  out->mutable_ids()->set_draws(w.ids_.draws());

  for (const StoreRef& store : w.Stores()) {
    ObjectStoreSnapshot* saved = out->add_stores();
    saved->set_name(std::string(store.name()));
    saved->mutable_objects()->Reserve(static_cast<int>(store.size()));
    store.ForEachEntry([&](const std::string& object, bool deleted) {
      StoredObject* entry = saved->add_objects();
      entry->set_object(object);
      entry->set_deleted(deleted);
    });
  }

  SaveTimers(w.timers_, out->mutable_timers());
  out->set_next_timer_sequence(w.timers_.next_sequence());
  for (const auto& [clock, timers] : w.clock_timers_) {
    ClockTimersSnapshot* saved = out->add_clock_timers();
    saved->set_clock(clock);
    SaveTimers(timers, saved->mutable_timers());
    saved->set_next_timer_sequence(timers.next_sequence());
  }

  out->mutable_events()->Reserve(static_cast<int>(w.events_.size()));
  w.events_.ForEachRecord([&](const EventLog::Record& record) {
    EventRecordSnapshot* saved = out->add_events();
    saved->set_id(std::string(record.id()));
    saved->set_type(std::string(record.type()));
    saved->set_created(record.created());
    if (record.recorded_at() != record.created()) saved->set_recorded_at(record.recorded_at());
    int field = 0;
    saved->set_object(SerializedResource(ToStripeObject(record.object()), &field));
    saved->set_object_field(field);
    saved->set_previous_attributes(record.PreviousAttributesText());
    const EventRequest request = record.origin().Request();
    if (request.has_id()) saved->set_request_id(request.id());
    if (request.has_idempotency_key()) {
      saved->set_request_idempotency_key(request.idempotency_key());
    }
  });

  std::vector<std::pair<const std::string*, const IdempotencyCache::Entry*>> entries;
  entries.reserve(w.idempotency_.size());
  w.idempotency_.ForEach([&](const std::string& key, const IdempotencyCache::Entry& entry) {
    entries.emplace_back(&key, &entry);
  });
  std::sort(entries.begin(), entries.end(),
            [](const auto& a, const auto& b) { return *a.first < *b.first; });
  for (const auto& [key, entry] : entries) {
    IdempotencySnapshot* saved = out->add_idempotency();
    saved->set_key(*key);
    saved->set_fingerprint(entry->fingerprint);
    saved->set_created_unix_nanos(absl::ToUnixNanos(entry->created));
    SaveStatus(entry->status, saved);
    saved->set_response(entry->response);
  }

  for (const auto& [currency, totals] : w.balance_totals_) {  // std::map: sorted
    BalanceTotalsSnapshot* saved = out->add_balance_totals();
    saved->set_currency(currency);
    saved->set_available(totals.available);
    saved->set_pending(totals.pending);
  }
}

absl::Status WorldSnapshot::Restore(const EngineSnapshot& in, World& w) {
  w.AssumeLocked();  // called inside World::Locked (below)
  w.now_ = absl::FromUnixNanos(in.now_unix_nanos());
  w.calls_ = in.calls();
  if (!w.ids_.RestoreState(in.ids().mt19937_64(), in.ids().draws())) {
    return Malformed("the id generator's state does not parse");
  }

  std::vector<StoreRef> stores = w.Stores();
  absl::flat_hash_set<std::string> seen;
  for (const ObjectStoreSnapshot& saved : in.stores()) {
    auto it = std::find_if(stores.begin(), stores.end(),
                           [&](const StoreRef& s) { return s.name() == saved.name(); });
    // A store this engine does not know would be lost: refuse rather than drop it.
    if (it == stores.end()) return Malformed(absl::StrCat("unknown store '", saved.name(), "'"));
    if (!seen.insert(saved.name()).second) {
      return Malformed(absl::StrCat("store '", saved.name(), "' given twice"));
    }
    for (const StoredObject& object : saved.objects()) {
      PAYSIM_RETURN_IF_ERROR(it->Restore(object.object(), object.deleted()));
    }
  }
  // A store missing from the snapshot (one added after it was written) starts empty.

  PAYSIM_RETURN_IF_ERROR(RestoreTimers(in.timers(), in.next_timer_sequence(), &w.timers_));
  w.clock_timers_.clear();
  for (const ClockTimersSnapshot& saved : in.clock_timers()) {
    if (w.test_clocks().Find(saved.clock()) == nullptr) {
      return Malformed(absl::StrCat("timers of unknown test clock '", saved.clock(), "'"));
    }
    PAYSIM_RETURN_IF_ERROR(RestoreTimers(saved.timers(), saved.next_timer_sequence(),
                                         &w.clock_timers(saved.clock())));
  }

  for (const EventRecordSnapshot& saved : in.events()) {
    uint16_t type = 0;
    if (!EventLog::Record::InternType(saved.type(), &type)) {
      return Malformed(absl::StrCat("event '", saved.id(), "': too many distinct event types"));
    }
    StripeObject object;
    if (saved.object_field() != 0 &&
        !ParseResource(saved.object_field(), saved.object(), &object)) {
      return Malformed(
          absl::StrCat("event '", saved.id(), "' carries an object that does not parse"));
    }
    EventObject previous_attributes;
    if (!saved.previous_attributes().empty()) {
      PreviousAttributesText text;
      text.text.Set(saved.previous_attributes());
      previous_attributes = std::move(text);
    }
    EventOrigin origin;
    if (saved.has_request_id()) origin.request.set_id(saved.request_id());
    if (saved.has_request_idempotency_key()) {
      origin.request.set_idempotency_key(saved.request_idempotency_key());
    }
    EventLog::Record record(saved.id(), type, saved.created(), std::move(object),
                            std::move(previous_attributes), origin,
                            saved.has_recorded_at() ? saved.recorded_at() : saved.created());
    if (!w.events_.AppendRecord(std::move(record))) {
      return Malformed(absl::StrCat("duplicate or empty event id '", saved.id(), "'"));
    }
  }

  for (const IdempotencySnapshot& saved : in.idempotency()) {
    if (w.idempotency_.Find(saved.key()) != nullptr) {
      return Malformed(absl::StrCat("idempotency key '", saved.key(), "' given twice"));
    }
    w.idempotency_.Store(saved.key(), IdempotencyCache::Entry{
                                         saved.fingerprint(), LoadStatus(saved), saved.response(),
                                         absl::FromUnixNanos(saved.created_unix_nanos())});
  }

  for (const BalanceTotalsSnapshot& saved : in.balance_totals()) {
    BalanceTotals& totals = w.balance_totals_[saved.currency()];
    totals.available = saved.available();
    totals.pending = saved.pending();
  }
  return absl::OkStatus();
}

std::vector<std::pair<std::string, int64_t>> WorldSnapshot::Summary(World& w) {
  w.AssumeLocked();  // called inside World::Locked (below)
  std::vector<std::pair<std::string, int64_t>> summary;
  std::vector<StoreRef> stores = w.Stores();
  summary.reserve(stores.size() + 4 + 2 * w.balance_totals_.size());
  for (const StoreRef& store : stores) {
    summary.emplace_back(std::string(store.name()), static_cast<int64_t>(store.size()));
  }
  summary.emplace_back("events", static_cast<int64_t>(w.events_.size()));
  size_t timers = w.timers_.size();  // the engine's and the test clocks'
  for (const auto& [clock, queue] : w.clock_timers_) timers += queue.size();
  summary.emplace_back("timers", static_cast<int64_t>(timers));
  summary.emplace_back("idempotency_keys", static_cast<int64_t>(w.idempotency_.size()));
  summary.emplace_back("id_draws", static_cast<int64_t>(w.ids_.draws()));
  for (const auto& [currency, totals] : w.balance_totals_) {
    summary.emplace_back(absl::StrCat("balance_available:", currency), totals.available);
    summary.emplace_back(absl::StrCat("balance_pending:", currency), totals.pending);
  }
  return summary;
}

}  // namespace internal

absl::StatusOr<EngineSnapshot> Engine::Snapshot() const {
  EngineSnapshot snapshot;
  world_->Locked([&] { WorldSnapshot::Save(*world_, &snapshot); });
  return snapshot;
}

absl::StatusOr<std::unique_ptr<Engine>> Engine::Restore(const EngineSnapshot& snapshot,
                                                        EngineOptions options) {
  if (snapshot.format() != kSnapshotFormat) {
    return Malformed(absl::StrCat("format ", snapshot.format(), ", expected ", kSnapshotFormat));
  }
  options.seed = snapshot.options().seed();
  options.api_version = snapshot.options().api_version();
  options.statement_descriptor = snapshot.options().statement_descriptor();
  options.statement_descriptor_prefix = snapshot.options().statement_descriptor_prefix();
  options.default_currency = snapshot.options().default_currency();
  if (snapshot.options().has_invoice_retry_schedule()) {
    options.invoice_retry_schedule.clear();
    for (int64_t seconds : snapshot.options().invoice_retry_schedule_seconds()) {
      options.invoice_retry_schedule.push_back(absl::Seconds(seconds));
    }
  } else {
    options.invoice_retry_schedule = EngineOptions().invoice_retry_schedule;
  }
  PAYSIM_ASSIGN_OR_RETURN(std::unique_ptr<Engine> engine, Create(std::move(options)));
  PAYSIM_RETURN_IF_ERROR(engine->world_->Locked(
      [&] { return WorldSnapshot::Restore(snapshot, *engine->world_); }));
  return engine;
}

std::vector<std::pair<std::string, int64_t>> Engine::StateSummary() const {
  return world_->Locked([&] { return WorldSnapshot::Summary(*world_); });
}

}  // namespace paysim
