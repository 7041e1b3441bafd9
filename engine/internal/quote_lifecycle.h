// quote_lifecycle.h (internal): the Quote lifecycle, the only writer of quotes.
//
//   from         trigger                                    to         events
//   (new)        a quote is created                         draft      quote.created
//   draft        finalize                                   open       quote.finalized
//   open         accept (its invoice or subscription made)  accepted   quote.accepted
//   draft, open  cancel                                     canceled   quote.canceled
//   draft, open  expires_at comes                           canceled   quote.canceled
//   draft, open  updated                                    (same)     (none: Stripe has no
//                                                                      quote.updated)
//   open         EngineOptions::quote_will_expire_days      open       quote.will_expire
//                before expires_at
//
// Finalizing gives the quote its number, QT-<the customer's invoice_prefix>-<the customer's
// finalized quotes, 4 digits>-1 (Stripe's format; the last part counts revisions, which paysim
// does not make). Stripe: "Quotes that are in a draft or open state automatically cancel when
// they reach the expiration date": a timer at expires_at (moved by an update or a finalize)
// cancels them then, canceled_at = expires_at.
//
// REQUIRES (every function taking a World): the world's lock held, inside the timeline of the
// quote's customer (a test clock's) when it has one.
#ifndef PAYSIM_ENGINE_INTERNAL_QUOTE_LIFECYCLE_H_
#define PAYSIM_ENGINE_INTERNAL_QUOTE_LIFECYCLE_H_

#include <cstdint>
#include <string>

#include "absl/strings/string_view.h"
#include "engine/internal/ordinal_index.h"
#include "engine/internal/state_machine.h"
#include "engine/internal/world.h"
#include "engine/lifecycle.h"
#include "proto/quote.obj.h"

namespace paysim {
namespace internal {

enum class QuoteState : uint8_t { kDraft, kOpen, kAccepted, kCanceled };
enum class QuoteTrigger : uint8_t {
  kCreate,
  kFinalize,
  kAccept,
  kCancel,
  kExpire,
  kUpdate,
  kWillExpire,
};

class QuoteLifecycle {
 public:
  using Machine = StateMachine<QuoteState, QuoteTrigger>;
  static const Machine& machine();
  static Lifecycle Published() { return machine().Publish(); }

  // The state of `quote` (its status). REQUIRES: a status this lifecycle wrote.
  static QuoteState StateOf(const Quote& quote);

  // Stores `draft` (its customer, lines, amounts, texts, expires_at and settings checked and
  // set) as a new draft quote: its id, created and Stripe's constant fields; schedules its
  // expiry; emits quote.created.
  static const Quote& Create(World& world, Quote draft);

  // `updated` replaces `current` (a draft's fields, or an open quote's expires_at): no event.
  static const Quote& Update(World& world, const Quote& current, Quote updated);

  // draft -> open at `expires_at`: its number, finalized_at. REQUIRES: allowed, a customer.
  static const Quote& Finalize(World& world, const Quote& current, int64_t expires_at);

  // open -> accepted: the invoice and subscription acceptance made (either may be "").
  static const Quote& Accept(World& world, const Quote& current, const std::string& invoice,
                             const std::string& subscription);

  // draft or open -> canceled. REQUIRES: machine().Allows(StateOf(current), kCancel).
  static const Quote& Cancel(World& world, const Quote& current);

  // Timer: a quote's expires_at may have come; a draft or open one whose expires_at is now or
  // past is canceled (a moved expiry has a timer of its own).
  static void OnExpiry(World& world, absl::string_view quote_id);

  // Timer: EngineOptions::quote_will_expire_days before an open quote's expires_at (a timer
  // of an expiry since moved does nothing): quote.will_expire.
  static void OnWillExpire(World& world, absl::string_view quote_id);

  // The index of quotes by customer (for Store::ListAt; ordinal_index.h), built first if this
  // world has not built it; kept by Create and Update.
  static const OrdinalIndex& ByCustomer(World& world);

 private:
  static WriteKey<QuoteLifecycle> Key() { return {}; }
  static void Enter(World& world, Quote& quote, QuoteTrigger trigger);
};

}  // namespace internal
}  // namespace paysim

#endif  // PAYSIM_ENGINE_INTERNAL_QUOTE_LIFECYCLE_H_
