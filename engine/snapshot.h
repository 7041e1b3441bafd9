// snapshot.h: saving an Engine's whole world and restoring it (Engine::Snapshot and
// Engine::Restore in engine.h; the format is proto/snapshot.proto).
//
// A snapshot holds every object store (World::Stores() in world.cc lists them: a new store is
// one line there and is saved with no other change), the timers (the engine's and each test
// clock's), the event log, the id generator, the idempotency keys, the balance totals and the
// call counter. A restored engine given a clock reading the same instant continues
// byte-identically to the one saved: the same calls give the same responses, ids and events,
// and the same timers fire at the same instants.
//
// Not saved: event subscriptions (in-process handlers cannot be serialized; subscribe again
// after restoring), the Clock and the options other than those Engine::Restore names (it takes
// them from its EngineOptions: event_retention, for one, applies to the restored events as it
// would have to the saved engine's). A snapshot is taken
// under the engine's lock, so it is one consistent instant even while other threads call.
//
// Limitation: objects are saved as serialized protos, so a string field holding invalid UTF-8
// (possible only through the C++ API; the wire door refuses it) does not restore: Restore
// answers InvalidArgument.
#ifndef PAYSIM_ENGINE_SNAPSHOT_H_
#define PAYSIM_ENGINE_SNAPSHOT_H_

#include <cstdint>

#include "proto/snapshot.pb.h"

namespace paysim {

// The format Engine::Snapshot writes; Engine::Restore refuses any other. 2: a Checkout
// Session's line items, their discounts and taxes, its total_details.breakdown and
// shipping_cost.taxes, and a Payment Link's line items took new field numbers (they render
// when expand[] asks for them). 3: a Checkout Session's invoice_creation took a number that
// renders it always (null outside payment mode). 4: an invoice's `paid`, `payment_intent`,
// `subscription`, `tax`, `total_tax_amounts` (shown before 2025-03-31.basil), `parent` and
// `total_taxes` (shown from basil on) took numbers that render them by the invoice's shape, as
// did its lines' `price`, `tax_amounts`, `tax_rates`, `parent`, `pricing` and `taxes`; a
// line's `discountable` is rendered. 5: a subscription's `current_period_start`/`_end` and
// an invoice line's `subscription_item` took numbers shown before basil only (a subscription
// has a shape too); new: an invoice's `charge` and `paid_out_of_band`, a line's `type` and
// `invoice_item` (before basil), its parent's `subscription_item_details` (from basil on).
// 6: an invoice item's `pricing` (from basil on), `subscription`, `subscription_item` and
// `unit_amount_decimal` (before basil) took numbers of its shape; new: its `parent`, `price`
// and `unit_amount` by shape, and `discounts`. 7: a subscription item's `quantity` took a
// number rendered only when set (a metered item has none); new: billing meters and their
// events. 8: a credit note's `refund` took a number shown before basil only, its and its
// lines' `discount_amounts` and its lines' `tax_rates` took the types Stripe renders; new: a
// credit note's and its lines' taxes and discounts by shape (`tax_amounts` before basil;
// `total_taxes`, `taxes`, `pretax_credit_amounts`, `refunds` and the pre/post payment amounts
// from basil on).
inline constexpr uint32_t kSnapshotFormat = 8;

}  // namespace paysim

#endif  // PAYSIM_ENGINE_SNAPSHOT_H_
