#include "engine/internal/quote_lifecycle.h"

#include <cstdint>
#include <optional>
#include <utility>

#include "absl/types/optional.h"

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "engine/internal/catalog.h"
#include "engine/internal/interned.h"

namespace paysim {
namespace internal {
namespace {

using Machine = QuoteLifecycle::Machine;
using S = QuoteState;
using T = QuoteTrigger;

constexpr Machine::Row kQuoteRows[] = {
    {Machine::kCreated, T::kCreate, S::kDraft, "quote.created"},
    {Machine::From({S::kDraft}), T::kFinalize, S::kOpen, "quote.finalized"},
    {Machine::From({S::kOpen}), T::kAccept, S::kAccepted, "quote.accepted"},
    {Machine::From({S::kDraft, S::kOpen}), T::kCancel, S::kCanceled, "quote.canceled"},
    {Machine::From({S::kDraft, S::kOpen}), T::kExpire, S::kCanceled, "quote.canceled"},
    {Machine::From({S::kDraft}), T::kUpdate, S::kDraft, ""},
    {Machine::From({S::kOpen}), T::kUpdate, S::kOpen, ""},
    {Machine::From({S::kOpen}), T::kWillExpire, S::kOpen, "quote.will_expire"},
};
constexpr absl::string_view kQuoteStates[] = {"draft", "open", "accepted", "canceled"};
constexpr absl::string_view kQuoteTriggers[] = {
    "a quote is created",
    "finalize",
    "accept (its invoice or subscription made)",
    "cancel",
    "expires_at comes",
    "updated",
    "quote_will_expire_days before expires_at",
};

// The prices made inline (price_data) and the ids of the lines a create or update gave (drawn
// only now: a refused call draws none); the upfront lines are the same lines.
void NameLines(World& world, Quote& quote) {
  for (int i = 0; i < quote.line_items_size(); ++i) {
    LineItem* line = quote.mutable_line_items(i);
    if (line->price().id().empty()) *line->mutable_price() = CreateDraftPrice(world, line->price());
    if (line->id().empty()) line->set_id(world.ids().NewId("li_"));
  }
  QuoteComputedUpfront* upfront = quote.mutable_computed()->mutable_upfront();
  upfront->set_line_items_url(
      absl::StrCat("/v1/quotes/", quote.id(), "/computed_upfront_line_items"));
  for (int i = 0; i < upfront->line_items_size() && i < quote.line_items_size(); ++i) {
    upfront->mutable_line_items(i)->set_id(quote.line_items(i).id());
    *upfront->mutable_line_items(i)->mutable_price() = quote.line_items(i).price();
  }
}

// The instant of an open quote's quote.will_expire (EngineOptions::quote_will_expire_days
// before expires_at), if the option is set.
absl::optional<int64_t> WillExpireAt(const World& world, const Quote& quote) {
  const absl::optional<int64_t>& days = world.options().quote_will_expire_days;
  if (!days.has_value()) return absl::nullopt;
  return quote.expires_at() - *days * 86400;
}

void ScheduleExpiry(World& world, const Quote& quote) {
  world.timers().Schedule(absl::FromUnixSeconds(quote.expires_at()), TimerKind::kQuoteExpiry,
                          quote.id());
  // An open quote's notice, when still ahead (UNCERTAIN: Stripe's automation for drafts).
  const absl::optional<int64_t> notice = WillExpireAt(world, quote);
  if (quote.status() == "open" && notice.has_value() && *notice > world.created()) {
    world.timers().Schedule(absl::FromUnixSeconds(*notice), TimerKind::kQuoteWillExpire,
                            quote.id());
  }
}

}  // namespace

const Machine& QuoteLifecycle::machine() {
  static constexpr Machine kMachine(kQuoteRows,
                                    {"quote", "status", kQuoteStates, kQuoteStates,
                                     kQuoteTriggers});
  return kMachine;
}

QuoteState QuoteLifecycle::StateOf(const Quote& quote) {
  for (size_t s = 0; s < sizeof(kQuoteStates) / sizeof(kQuoteStates[0]); ++s) {
    if (quote.status() == kQuoteStates[s]) return static_cast<S>(s);
  }
  return S::kCanceled;
}

void QuoteLifecycle::Enter(World& world, Quote& quote, QuoteTrigger trigger) {
  const Machine::Row* row = machine().Find(StateOf(quote), trigger);
  if (row == nullptr) return;
  quote.set_status(Interned(machine().Rendered(row->to)));
  ForEachEvent(row->events, [&](absl::string_view type) { world.Emit(type, quote); });
}

const Quote& QuoteLifecycle::Create(World& world, Quote draft) {
  draft.set_id(world.ids().NewId("qt_"));
  NameLines(world, draft);
  draft.set_object(PAYSIM_INTERNED("quote"));
  draft.set_created(world.created());
  draft.mutable_automatic_tax()->set_enabled(false);
  draft.mutable_invoice_settings()->mutable_issuer()->set_type(PAYSIM_INTERNED("self"));
  draft.set_livemode(false);
  draft.mutable_status_transitions();
  draft.mutable_subscription_data();
  const Machine::Row* row = machine().FindCreate(T::kCreate);
  draft.set_status(Interned(machine().Rendered(row->to)));
  const Quote& stored = world.quotes().Insert(Key(), std::move(draft));
  if (stored.has_customer()) {
    world.customer_quotes(Key()).Enter(stored.customer(), world.quotes(), stored);
  }
  ScheduleExpiry(world, stored);
  ForEachEvent(row->events, [&](absl::string_view type) { world.Emit(type, stored); });
  return stored;
}

const OrdinalIndex& QuoteLifecycle::ByCustomer(World& world) {
  return world.customer_quotes(Key()).BuiltFrom(
      world.quotes(), [](const Quote& quote) -> std::optional<absl::string_view> {
        if (!quote.has_customer()) return std::nullopt;
        return absl::string_view(quote.customer());
      });
}

const Quote& QuoteLifecycle::Update(World& world, const Quote& current, Quote updated) {
  const bool moved = updated.expires_at() != current.expires_at();
  Quote& quote = *world.quotes().Mutable(Key(), current.id());
  OrdinalIndex& index = world.customer_quotes(Key());
  if (quote.has_customer()) index.Leave(quote.customer(), world.quotes(), quote);
  quote = std::move(updated);
  if (quote.has_customer()) index.Enter(quote.customer(), world.quotes(), quote);
  NameLines(world, quote);
  if (moved) ScheduleExpiry(world, quote);
  Enter(world, quote, T::kUpdate);
  return quote;
}

const Quote& QuoteLifecycle::Finalize(World& world, const Quote& current, int64_t expires_at) {
  // The customer's finalized quotes so far, this one the next.
  int sequence = 1;
  for (const int64_t ordinal : ByCustomer(world).Of(current.customer())) {
    const Quote* other = world.quotes().AtOrdinal(ordinal);
    if (other != nullptr && other->has_number()) ++sequence;
  }
  const Customer* customer = world.customers().Find(current.customer());
  Quote& quote = *world.quotes().Mutable(Key(), current.id());
  const std::string prefix = customer != nullptr ? customer->invoice_prefix() : "";
  quote.set_number(absl::StrFormat("QT-%s-%04d-1", prefix, sequence));
  quote.mutable_status_transitions()->set_finalized_at(world.created());
  const bool moved = expires_at != quote.expires_at();
  quote.set_expires_at(expires_at);
  Enter(world, quote, T::kFinalize);
  if (moved) {
    ScheduleExpiry(world, quote);
  } else if (const absl::optional<int64_t> notice = WillExpireAt(world, quote);
             notice.has_value() && *notice > world.created()) {
    world.timers().Schedule(absl::FromUnixSeconds(*notice), TimerKind::kQuoteWillExpire,
                            quote.id());
  }
  return quote;
}

const Quote& QuoteLifecycle::Accept(World& world, const Quote& current,
                                    const std::string& invoice,
                                    const std::string& subscription) {
  Quote& quote = *world.quotes().Mutable(Key(), current.id());
  if (!invoice.empty()) quote.set_invoice(invoice);
  if (!subscription.empty()) quote.set_subscription(subscription);
  quote.mutable_status_transitions()->set_accepted_at(world.created());
  Enter(world, quote, T::kAccept);
  return quote;
}

const Quote& QuoteLifecycle::Cancel(World& world, const Quote& current) {
  Quote& quote = *world.quotes().Mutable(Key(), current.id());
  quote.mutable_status_transitions()->set_canceled_at(world.created());
  Enter(world, quote, T::kCancel);
  return quote;
}

void QuoteLifecycle::OnWillExpire(World& world, absl::string_view quote_id) {
  Quote* quote = world.quotes().Mutable(Key(), quote_id);
  if (quote == nullptr || StateOf(*quote) != S::kOpen) return;
  const absl::optional<int64_t> notice = WillExpireAt(world, *quote);
  if (!notice.has_value() || *notice != world.created()) return;  // expires_at moved since
  Enter(world, *quote, T::kWillExpire);
}

void QuoteLifecycle::OnExpiry(World& world, absl::string_view quote_id) {
  Quote* quote = world.quotes().Mutable(Key(), quote_id);
  if (quote == nullptr) return;
  const S state = StateOf(*quote);
  if (state != S::kDraft && state != S::kOpen) return;  // accepted or canceled meanwhile
  if (world.created() < quote->expires_at()) return;    // moved later: its own timer
  quote->mutable_status_transitions()->set_canceled_at(quote->expires_at());
  Enter(world, *quote, T::kExpire);
}

}  // namespace internal
}  // namespace paysim
