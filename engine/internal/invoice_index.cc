// InvoiceLifecycle's indexes of invoices by customer and by the ids of their payments
// (invoice_lifecycle.h, ordinal_index.h): built from the store by the first lookup in a fresh
// or restored world, then kept by the lifecycle's own inserts, deletions and payments opened
// (an invoice never changes customer; a payment never leaves its invoice).
#include <cstdint>
#include <optional>
#include <utility>

#include "absl/functional/function_ref.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "engine/internal/invoice_lifecycle.h"

namespace paysim {
namespace internal {

const Invoice& InvoiceLifecycle::Insert(World& world, Invoice invoice) {
  const Invoice& stored = world.invoices().Insert(Key(), std::move(invoice));
  world.customer_invoices(Key()).Enter(stored.customer(), world.invoices(), stored);
  return stored;
}

void InvoiceLifecycle::Unindex(World& world, const Invoice& invoice) {
  world.customer_invoices(Key()).Leave(invoice.customer(), world.invoices(), invoice);
  for (const InvoicePayment& payment : invoice.payments().data()) {
    world.payment_invoices(Key()).Leave(payment.id(), world.invoices(), invoice);
  }
}

void InvoiceLifecycle::IndexPayment(World& world, const Invoice& invoice,
                                    absl::string_view payment_id) {
  world.payment_invoices(Key()).Enter(payment_id, world.invoices(), invoice);
}

const InvoicePayment* InvoiceLifecycle::FindPayment(World& world, absl::string_view payment_id) {
  OrdinalIndex& index = world.payment_invoices(Key());
  if (!index.built()) {  // built from the store (an invoice has any number of payments)
    index.Rebuild();
    world.invoices().ForEach([&](const Invoice& invoice) {
      const int64_t ordinal = world.invoices().OrdinalOf(invoice.id());
      for (const InvoicePayment& payment : invoice.payments().data()) {
        index.Add(payment.id(), ordinal);
      }
    });
  }
  for (const int64_t ordinal : index.Of(payment_id)) {
    const Invoice* invoice = world.invoices().AtOrdinal(ordinal);
    if (invoice == nullptr) continue;
    for (const InvoicePayment& payment : invoice->payments().data()) {
      if (payment.id() == payment_id) return &payment;
    }
  }
  return nullptr;
}

const OrdinalIndex& InvoiceLifecycle::ByCustomer(World& world) {
  return world.customer_invoices(Key()).BuiltFrom(world.invoices(), [](const Invoice& invoice) {
    return std::optional<absl::string_view>(invoice.customer());
  });
}

void InvoiceLifecycle::ForEachOf(World& world, absl::string_view customer_id,
                                 absl::FunctionRef<void(const Invoice&)> visit) {
  for (const int64_t ordinal : ByCustomer(world).Of(customer_id)) {
    if (const Invoice* invoice = world.invoices().AtOrdinal(ordinal)) visit(*invoice);
  }
}

absl::StatusOr<ListResult<Invoice>> InvoiceLifecycle::ListOf(
    World& world, absl::string_view customer_id, const ListWindow& window,
    absl::string_view url, absl::FunctionRef<bool(const Invoice&)> keep) {
  return world.invoices().ListAt(window, url, ByCustomer(world).Of(customer_id), keep);
}

}  // namespace internal
}  // namespace paysim
