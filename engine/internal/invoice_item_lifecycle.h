// invoice_item_lifecycle.h (internal): the InvoiceItem lifecycle, the only writer of invoice
// items.
//
//   from              trigger                                  to        events
//   (new)             create (no `invoice`)                    pending   invoiceitem.created
//   (new)             create on a draft invoice (`invoice`)    invoiced  invoiceitem.created
//   pending,invoiced  update (while pending or on a draft)     (same)    invoiceitem.updated
//   pending           an invoice takes it                      invoiced  -
//   invoiced          its draft invoice is deleted             pending   -
//   pending,invoiced  delete (while pending or on a draft)     deleted   invoiceitem.deleted
//
// An item's `amount` is unit_amount_decimal x quantity (or the `amount` given); the invoice
// that holds it keeps one line per item (InvoiceLifecycle). Whether an item may still change
// (its invoice is a draft) is the caller's check: this module writes what it is told.
//
// Shape (field_numbers.h): an item made before 2025-03-31.basil renders `price` (the Price
// object, or null), `subscription`, `subscription_item`, `unit_amount` and
// `unit_amount_decimal`; from basil on `parent` (`subscription_details` of a proration) and
// `pricing`. Create and Update fill both from the fields every version keeps, and `test_clock`
// from the customer.
//
// REQUIRES (every function taking a World): the world's lock held.
#ifndef PAYSIM_ENGINE_INTERNAL_INVOICE_ITEM_LIFECYCLE_H_
#define PAYSIM_ENGINE_INTERNAL_INVOICE_ITEM_LIFECYCLE_H_

#include <cstdint>
#include <string>

#include "absl/functional/function_ref.h"
#include "absl/strings/string_view.h"
#include "engine/internal/ordinal_index.h"
#include "engine/internal/state_machine.h"
#include "engine/internal/world.h"
#include "engine/lifecycle.h"
#include "proto/billing.obj.h"

namespace paysim {
namespace internal {

enum class InvoiceItemState : uint8_t { kPending, kInvoiced, kDeleted };
enum class InvoiceItemTrigger : uint8_t {
  kCreate,
  kCreateOnInvoice,
  kUpdate,
  kTake,
  kRelease,
  kDelete,
};

class InvoiceItemLifecycle {
 public:
  using Machine = StateMachine<InvoiceItemState, InvoiceItemTrigger>;
  static const Machine& machine();
  static Lifecycle Published() { return machine().Publish(); }

  static InvoiceItemState StateOf(const InvoiceItem& item);

  // A new invoice item id (`ii_...`).
  static std::string NewId(World& world);

  // Stores `item` (pending, or invoiced when its `invoice` is set); emits invoiceitem.created.
  static const InvoiceItem& Create(World& world, InvoiceItem item);

  // Replaces `current` by `updated` (same id); emits invoiceitem.updated with what changed.
  static const InvoiceItem& Update(World& world, const InvoiceItem& current,
                                   const InvoiceItem& updated);

  // pending -> invoiced: `invoice_id` takes the item.
  static const InvoiceItem& Take(World& world, const InvoiceItem& current,
                                 const std::string& invoice_id);

  // invoiced -> pending: its draft invoice was deleted, or remove_lines unassigned it.
  static void Release(World& world, const InvoiceItem& current);

  // Deletes the item; invoiceitem.deleted carries it as it was.
  static void Delete(World& world, const InvoiceItem& item);

  // Calls `visit` on each of `customer`'s pending items (no `invoice`), oldest first: an index
  // lookup (ordinal_index.h), not a walk over every item ever made. `visit` may take or
  // delete items; those it has not reached yet are then skipped if no longer pending.
  static void ForEachPending(World& world, absl::string_view customer,
                             absl::FunctionRef<void(const InvoiceItem&)> visit);

  // The index of every item (pending or invoiced) by customer (for Store::ListAt; an item's
  // customer never changes), built first if this world has not built it.
  static const OrdinalIndex& ByCustomer(World& world);

  // The index of invoiced items by invoice (for Store::ListAt), built first if this world has
  // not built it; kept as items are taken by invoices and released.
  static const OrdinalIndex& ByInvoice(World& world);

 private:
  static WriteKey<InvoiceItemLifecycle> Key() { return {}; }
  // The index of pending items, built from the store first if this world has not built it.
  static const OrdinalIndex& Pending(World& world);
  // Enters `item` in the index of pending items (when it is pending) and in the index by
  // invoice (when it is invoiced), or removes it: done around every write, once built.
  static void Index(World& world, const InvoiceItem& item);
  static void Unindex(World& world, const InvoiceItem& item);
};

}  // namespace internal
}  // namespace paysim

#endif  // PAYSIM_ENGINE_INTERNAL_INVOICE_ITEM_LIFECYCLE_H_
