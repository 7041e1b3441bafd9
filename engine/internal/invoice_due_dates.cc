// InvoiceLifecycle's due dates (invoice_lifecycle.h): the timers an open invoice with a
// due_date gets (EngineOptions: invoice_will_be_due_days, invoice_overdue_days,
// send_invoice_overdue_days) and what each does when it fires.
#include <cstdint>

#include "absl/strings/string_view.h"
#include "absl/time/time.h"
#include "engine/internal/invoice_lifecycle.h"
#include "engine/internal/subscription_lifecycle.h"

namespace paysim {
namespace internal {

void InvoiceLifecycle::OnDueNotice(World& world, absl::string_view invoice_id,
                                   absl::string_view type) {
  const Invoice* invoice = world.invoices().Find(invoice_id);
  if (invoice == nullptr || invoice->status() != "open" || invoice->amount_remaining() <= 0) {
    return;
  }
  world.Emit(type, *invoice);
}

void InvoiceLifecycle::ScheduleDueTimers(World& world, const Invoice& invoice) {
  const EngineOptions& options = world.options();
  const absl::Time due = absl::FromUnixSeconds(invoice.due_date());
  const auto days = [](int64_t n) { return absl::Hours(24 * n); };
  if (options.invoice_will_be_due_days.has_value() &&
      due - days(*options.invoice_will_be_due_days) > world.now()) {
    world.timers().Schedule(due - days(*options.invoice_will_be_due_days),
                            TimerKind::kInvoiceWillBeDue, invoice.id());
  }
  if (options.invoice_overdue_days.has_value() && *options.invoice_overdue_days >= 0) {
    world.timers().Schedule(due + days(*options.invoice_overdue_days),
                            TimerKind::kInvoiceOverdueNotice, invoice.id());
  }
  if (!invoice.subscription_id().empty() && options.send_invoice_overdue_days > 0) {
    world.timers().Schedule(due + days(options.send_invoice_overdue_days),
                            TimerKind::kInvoiceOverdueAction, invoice.id());
  }
}

void InvoiceLifecycle::OnDue(World& world, absl::string_view invoice_id) {
  const Invoice* invoice = world.invoices().Find(invoice_id);
  if (invoice == nullptr || invoice->status() != "open") return;
  SubscriptionLifecycle::OnInvoiceOverdue(world, *invoice);
}

}  // namespace internal
}  // namespace paysim
