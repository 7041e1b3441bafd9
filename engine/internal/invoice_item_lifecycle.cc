#include "engine/internal/invoice_item_lifecycle.h"

#include <cstdint>
#include <optional>
#include <utility>

#include "absl/container/inlined_vector.h"
#include "absl/functional/function_ref.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/types/span.h"
#include "engine/api_version.h"
#include "engine/internal/event_log.h"
#include "engine/internal/interned.h"

namespace paysim {
namespace internal {
namespace {

using Machine = InvoiceItemLifecycle::Machine;
using S = InvoiceItemState;
using T = InvoiceItemTrigger;

constexpr Machine::Row kRows[] = {
    {Machine::kCreated, T::kCreate, S::kPending, "invoiceitem.created"},
    {Machine::kCreated, T::kCreateOnInvoice, S::kInvoiced, "invoiceitem.created"},
    {Machine::From({S::kPending}), T::kUpdate, S::kPending, "invoiceitem.updated"},
    {Machine::From({S::kInvoiced}), T::kUpdate, S::kInvoiced, "invoiceitem.updated"},
    {Machine::From({S::kPending}), T::kTake, S::kInvoiced, ""},
    {Machine::From({S::kInvoiced}), T::kRelease, S::kPending, ""},
    {Machine::From({S::kPending, S::kInvoiced}), T::kDelete, S::kDeleted, "invoiceitem.deleted"},
};
constexpr absl::string_view kStates[] = {"pending", "invoiced", "deleted"};
constexpr absl::string_view kRendered[] = {"invoice: null", "invoice: in_...", "deleted: true"};
constexpr absl::string_view kTriggers[] = {
    "create",
    "create on a draft invoice (`invoice`)",
    "update (pending, or on a draft)",
    "an invoice takes it",
    "its draft invoice is deleted, or remove_lines unassigns it",
    "delete (pending, or on a draft)",
};

// Fills the fields of `item`'s shape from those every version keeps (the header's "Shape").
void Shape(World& world, InvoiceItem& item, bool legacy) {
  item.set_legacy_shape(legacy);
  if (item.has_subscription()) {
    InvoiceItemParent* parent = item.mutable_parent();
    InvoiceItemSubscriptionDetails* details = parent->mutable_subscription_details();
    details->set_subscription(item.subscription_shared());
    if (item.has_subscription_item()) {
      details->set_subscription_item(item.subscription_item_shared());
    }
    parent->set_type(PAYSIM_INTERNED("subscription_details"));
  } else {
    item.clear_parent();
  }
  const Customer* customer = world.customers().Find(item.customer());
  if (customer != nullptr && customer->has_test_clock()) {
    item.set_test_clock(customer->test_clock_shared());
  }
  if (!legacy) {
    // From basil on the quantity also shows as a decimal (the one given, else `quantity`).
    if (item.quantity_decimal().empty()) item.set_quantity_decimal(absl::StrCat(item.quantity()));
    return;
  }
  item.clear_quantity_decimal();
  const Price* price = world.prices().Find(item.pricing().price_details().price());
  if (price != nullptr) {
    item.set_price(*price);
  } else {
    item.clear_price();
  }
  int64_t unit = 0;
  if (absl::SimpleAtoi(item.unit_amount_decimal(), &unit)) {
    item.set_unit_amount(unit);
  } else {
    item.clear_unit_amount();  // not a whole number of minor units
  }
}

// The key a pending item is indexed under (its customer); nullopt for an invoiced one.
std::optional<absl::string_view> PendingKey(const InvoiceItem& item) {
  if (item.has_invoice()) return std::nullopt;
  return absl::string_view(item.customer());
}

// The key of an item in the index by invoice: its invoice; none while it is pending.
std::optional<absl::string_view> InvoiceKey(const InvoiceItem& item) {
  if (!item.has_invoice()) return std::nullopt;
  return absl::string_view(item.invoice());
}

}  // namespace

const Machine& InvoiceItemLifecycle::machine() {
  static constexpr Machine kMachine(kRows,
                                    {"invoiceitem", "invoice", kStates, kRendered, kTriggers});
  return kMachine;
}

InvoiceItemState InvoiceItemLifecycle::StateOf(const InvoiceItem& item) {
  return item.has_invoice() ? S::kInvoiced : S::kPending;
}

std::string InvoiceItemLifecycle::NewId(World& world) { return world.ids().NewId("ii_"); }

const InvoiceItem& InvoiceItemLifecycle::Create(World& world, InvoiceItem item) {
  const Machine::Row* row =
      machine().FindCreate(item.has_invoice() ? T::kCreateOnInvoice : T::kCreate);
  Shape(world, item, !ApiVersionAtLeast(world.api_version(), "2025-03-31"));
  const InvoiceItem& stored = world.invoice_items().Insert(Key(), std::move(item));
  Index(world, stored);
  world.customer_items(Key()).Enter(stored.customer(), world.invoice_items(), stored);
  ForEachEvent(row->events, [&](absl::string_view type) { world.Emit(type, stored); });
  return stored;
}

const InvoiceItem& InvoiceItemLifecycle::Update(World& world, const InvoiceItem& current,
                                                const InvoiceItem& updated) {
  InvoiceItem& item = *world.invoice_items().Mutable(Key(), current.id());
  const Machine::Row* row = machine().Find(StateOf(item), T::kUpdate);
  InvoiceItem shaped = updated;
  Shape(world, shaped, item.legacy_shape());
  std::string previous = PreviousAttributes(item, shaped);
  Unindex(world, item);
  OrdinalIndex& by_customer = world.customer_items(Key());
  by_customer.Leave(item.customer(), world.invoice_items(), item);
  item = std::move(shaped);
  Index(world, item);
  by_customer.Enter(item.customer(), world.invoice_items(), item);
  if (row != nullptr) {
    ForEachEvent(row->events,
                 [&](absl::string_view type) { world.Emit(type, item, previous); });
  }
  return item;
}

const InvoiceItem& InvoiceItemLifecycle::Take(World& world, const InvoiceItem& current,
                                              const std::string& invoice_id) {
  InvoiceItem& item = *world.invoice_items().Mutable(Key(), current.id());
  if (machine().Allows(StateOf(item), T::kTake)) {
    Unindex(world, item);
    item.set_invoice(invoice_id);
    Index(world, item);
  }
  return item;
}

void InvoiceItemLifecycle::Release(World& world, const InvoiceItem& current) {
  InvoiceItem* item = world.invoice_items().Mutable(Key(), current.id());
  if (item != nullptr && machine().Allows(StateOf(*item), T::kRelease)) {
    Unindex(world, *item);
    item->clear_invoice();
    Index(world, *item);
  }
}

void InvoiceItemLifecycle::Delete(World& world, const InvoiceItem& item) {
  const Machine::Row* row = machine().Find(StateOf(item), T::kDelete);
  if (row == nullptr) return;
  ForEachEvent(row->events, [&](absl::string_view type) { world.Emit(type, item); });
  Unindex(world, item);
  world.customer_items(Key()).Leave(item.customer(), world.invoice_items(), item);
  world.invoice_items().Delete(Key(), item.id());
}

void InvoiceItemLifecycle::ForEachPending(World& world, absl::string_view customer,
                                          absl::FunctionRef<void(const InvoiceItem&)> visit) {
  // A copy: `visit` may take items, which changes the index.
  const absl::Span<const int64_t> found = Pending(world).Of(customer);
  const absl::InlinedVector<int64_t, 8> ordinals(found.begin(), found.end());
  for (const int64_t ordinal : ordinals) {
    const InvoiceItem* item = world.invoice_items().AtOrdinal(ordinal);
    if (item != nullptr && !item->has_invoice()) visit(*item);
  }
}

const OrdinalIndex& InvoiceItemLifecycle::ByCustomer(World& world) {
  return world.customer_items(Key()).BuiltFrom(
      world.invoice_items(), [](const InvoiceItem& item) -> std::optional<absl::string_view> {
        return absl::string_view(item.customer());
      });
}

const OrdinalIndex& InvoiceItemLifecycle::ByInvoice(World& world) {
  return world.invoiced_items(Key()).BuiltFrom(world.invoice_items(), InvoiceKey);
}

const OrdinalIndex& InvoiceItemLifecycle::Pending(World& world) {
  return world.pending_items(Key()).BuiltFrom(world.invoice_items(), PendingKey);
}

void InvoiceItemLifecycle::Index(World& world, const InvoiceItem& item) {
  if (const std::optional<absl::string_view> customer = PendingKey(item)) {
    world.pending_items(Key()).Enter(*customer, world.invoice_items(), item);
  }
  if (const std::optional<absl::string_view> invoice = InvoiceKey(item)) {
    world.invoiced_items(Key()).Enter(*invoice, world.invoice_items(), item);
  }
}

void InvoiceItemLifecycle::Unindex(World& world, const InvoiceItem& item) {
  if (const std::optional<absl::string_view> customer = PendingKey(item)) {
    world.pending_items(Key()).Leave(*customer, world.invoice_items(), item);
  }
  if (const std::optional<absl::string_view> invoice = InvoiceKey(item)) {
    world.invoiced_items(Key()).Leave(*invoice, world.invoice_items(), item);
  }
}

}  // namespace internal
}  // namespace paysim
