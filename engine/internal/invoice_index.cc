// InvoiceLifecycle's index of invoices by customer (invoice_lifecycle.h, ordinal_index.h):
// built from the store by the first lookup in a fresh or restored world, then kept by the
// lifecycle's own inserts and deletions (an invoice never changes customer).
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
