// The Invoice lifecycle (invoice_lifecycle.h), continued: one-off invoices and their item lines,
// update, delete and send.
#include <string>
#include <utility>

#include "absl/algorithm/container.h"
#include "absl/strings/str_cat.h"
#include "absl/time/time.h"
#include "engine/internal/event_log.h"
#include "engine/internal/interned.h"
#include "engine/internal/invoice_account_fields.h"
#include "engine/internal/invoice_customer_details.h"
#include "engine/internal/invoice_item_lifecycle.h"
#include "engine/internal/invoice_lifecycle.h"
#include "engine/internal/invoice_payment_method.h"
#include "engine/internal/invoice_totals.h"

namespace paysim {
namespace internal {
namespace {

using S = InvoiceState;
using T = InvoiceTrigger;

// The index of the line billing `item_id`, or -1.
int LineOf(const Invoice& invoice, absl::string_view item_id) {
  for (int i = 0; i < invoice.lines().data_size(); ++i) {
    if (invoice.lines().data(i).parent().invoice_item_details().invoice_item() == item_id) {
      return i;
    }
  }
  return -1;
}

// The `proration_details` of the line billing `item` on `invoice` (being built: the lines so
// far): for a credit proration, the lines it credits. An item crediting a pending debit item
// names that item's line, on `invoice` or on the invoice that took it; credited_items stays
// null when there is none.
InvoiceLineProrationDetails LineProrationDetails(World& world, const Invoice& invoice,
                                                 const InvoiceItem& item) {
  InvoiceLineProrationDetails details;
  const InvoiceItemCreditedItems& credited = item.proration_details().credited_items();
  if (!item.proration_details().has_credited_items()) return details;
  if (credited.has_invoice_line_item_details()) {
    InvoiceLineCreditedItems* out = details.mutable_credited_items();
    out->set_invoice(credited.invoice_line_item_details().invoice_shared());
    *out->mutable_invoice_line_items() =
        credited.invoice_line_item_details().invoice_line_items();
    return details;
  }
  const Invoice* holder = &invoice;
  int line = LineOf(invoice, credited.invoice_item());
  if (line < 0) {
    const InvoiceItem* debit = world.invoice_items().Find(credited.invoice_item());
    holder = debit != nullptr && debit->has_invoice() ? world.invoices().Find(debit->invoice())
                                                      : nullptr;
    line = holder != nullptr ? LineOf(*holder, credited.invoice_item()) : -1;
  }
  if (line < 0) return details;
  InvoiceLineCreditedItems* out = details.mutable_credited_items();
  out->set_invoice(holder->id_shared());
  out->add_invoice_line_items(holder->lines().data(line).id());
  return details;
}

// An update changed what prices `after`: its default tax rates or its discount.
bool Repriced(const Invoice& before, const Invoice& after) {
  if (before.own_discount().id() != after.own_discount().id() ||
      before.inherits_no_discount() != after.inherits_no_discount() ||
      before.default_tax_rates_size() != after.default_tax_rates_size()) {
    return true;
  }
  for (int i = 0; i < before.default_tax_rates_size(); ++i) {
    if (before.default_tax_rates(i).id() != after.default_tax_rates(i).id()) return true;
  }
  return false;
}

}  // namespace

// The line that bills `item` on `invoice`, keeping `line_id` (a new one when empty).
InvoiceLineItem InvoiceLifecycle::ItemLine(World& world, const Invoice& invoice, const InvoiceItem& item,
                         std::string line_id) {
  InvoiceLineItem line;
  line.set_id(line_id.empty() ? world.ids().NewId("il_") : std::move(line_id));
  line.set_object(PAYSIM_INTERNED("line_item"));
  line.set_amount(item.amount());
  line.set_currency(item.currency());
  if (item.has_description()) line.set_description(item.description());
  line.set_invoice(invoice.id_shared());
  line.set_livemode(false);
  *line.mutable_metadata() = item.metadata();
  *line.mutable_period() = item.period();
  if (!invoice.legacy_shape()) {
    *line.mutable_pricing() = item.pricing();
  } else if (const Price* price = world.prices().Find(item.pricing().price_details().price());
             price != nullptr) {
    *line.mutable_price() = *price;  // before basil a line has its price (the item's, if any)
  }
  line.set_quantity(item.quantity());
  if (!item.quantity_decimal().empty()) line.set_quantity_decimal(item.quantity_decimal());
  if (item.has_subscription()) line.set_subscription(item.subscription());
  if (item.has_subscription_item()) line.set_subscription_item(item.subscription_item());
  line.set_discountable(item.discountable());
  *line.mutable_rates() =
      item.tax_rates().empty() ? invoice.default_tax_rates() : item.tax_rates();
  InvoiceLineParent* parent = line.mutable_parent();
  InvoiceLineItemDetails* details = parent->mutable_invoice_item_details();
  details->set_invoice_item(item.id_shared());
  details->set_proration(item.proration());
  // Both shapes: under the parent from basil on, on the line itself before.
  *details->mutable_proration_details() = LineProrationDetails(world, invoice, item);
  *line.mutable_proration_details() = details->proration_details();
  if (item.has_subscription()) details->set_subscription(item.subscription_shared());
  parent->set_type(PAYSIM_INTERNED("invoice_item_details"));
  if (invoice.legacy_shape()) line.set_proration(item.proration());
  line.set_type(PAYSIM_INTERNED("invoiceitem"));                // rendered before basil
  if (!item.id().empty()) line.set_invoice_item(item.id_shared());  // a preview's items have none
  return line;
}

void InvoiceLifecycle::Recompute(World& world, Invoice& invoice) {
  const Customer* customer = world.customers().Find(invoice.customer());
  if (invoice.status() == "draft" || invoice.status().empty()) {  // the balance as it is now
    invoice.set_starting_balance(customer != nullptr ? customer->balance() : 0);
    CopyCustomerDetails(world, invoice);
  }
  FillInvoiceTotals(
      InvoiceDiscount(invoice, world.subscriptions().Find(invoice.subscription_id()), customer),
      invoice);
}

const Invoice& InvoiceLifecycle::CreateOneOff(World& world, Invoice invoice,
                                              const std::vector<const InvoiceItem*>& items) {
  const std::string id = invoice.id();
  invoice.set_object(PAYSIM_INTERNED("invoice"));
  invoice.mutable_automatic_tax();  // disabled: one-off invoices take no automatic tax
  // `manual`, unless the caller says otherwise (quote_accept: quote_acceptance.h).
  if (invoice.billing_reason().empty()) invoice.set_billing_reason(PAYSIM_INTERNED("manual"));
  invoice.set_created(world.created());
  invoice.set_livemode(false);
  invoice.set_period_start(world.created());
  invoice.set_period_end(world.created());
  InvoiceLineList* lines = invoice.mutable_lines();
  lines->set_object(PAYSIM_INTERNED("list"));
  lines->set_has_more(false);
  lines->set_url(absl::StrCat("/v1/invoices/", id, "/lines"));
  for (const InvoiceItem* item : items) *lines->add_data() = ItemLine(world, invoice, *item, "");
  invoice.set_amount_paid(0);
  Recompute(world, invoice);
  invoice.set_attempt_count(0);
  invoice.set_attempted(false);
  invoice.mutable_status_transitions();
  StampAccountFields(invoice);
  if (invoice.legacy_shape()) invoice.set_paid(false);
  if (invoice.auto_advance()) {
    const absl::Time finalize_at = world.now() + kInvoiceFinalizationDelay;
    world.timers().Schedule(finalize_at, TimerKind::kInvoiceFinalization, id);
    invoice.set_automatically_finalizes_at(absl::ToUnixSeconds(finalize_at));
  }
  const Machine::Row* row = machine().FindCreate(T::kCreateOneOff);
  invoice.set_status(Interned(machine().Rendered(row->to)));
  // The items first: invoice.created shows them on the invoice.
  for (const InvoiceItem* item : items) InvoiceItemLifecycle::Take(world, *item, id);
  const Invoice& stored = Insert(world, std::move(invoice));
  ForEachEvent(row->events, [&](absl::string_view type) { world.Emit(type, stored); });
  return stored;
}

const Invoice& InvoiceLifecycle::PutItemLine(World& world, const Invoice& current,
                                             const InvoiceItem& item) {
  Invoice& invoice = *world.invoices().Mutable(Key(), current.id());
  const Invoice before = invoice;
  const int index = LineOf(invoice, item.id());
  if (index < 0) {
    *invoice.mutable_lines()->add_data() = ItemLine(world, invoice, item, "");
  } else {
    InvoiceLineItem* line = invoice.mutable_lines()->mutable_data(index);
    *line = ItemLine(world, invoice, item, line->id());
  }
  Recompute(world, invoice);
  Enter(world, invoice, T::kUpdate, before);
  return invoice;
}

const Invoice& InvoiceLifecycle::RemoveItemLine(World& world, const Invoice& current,
                                                absl::string_view item_id) {
  Invoice& invoice = *world.invoices().Mutable(Key(), current.id());
  const int index = LineOf(invoice, item_id);
  if (index < 0) return invoice;
  const Invoice before = invoice;
  obj::Repeated<InvoiceLineItem> kept;
  for (int i = 0; i < invoice.lines().data_size(); ++i) {
    if (i != index) kept.Add(invoice.lines().data(i));
  }
  *invoice.mutable_lines()->mutable_data() = std::move(kept);
  Recompute(world, invoice);
  Enter(world, invoice, T::kUpdate, before);
  return invoice;
}

const Invoice& InvoiceLifecycle::Update(World& world, const Invoice& current,
                                        const Invoice& updated) {
  Invoice& invoice = *world.invoices().Mutable(Key(), current.id());
  const Invoice before = invoice;
  invoice = updated;
  if (invoice.status() == "draft" && Repriced(before, invoice)) {
    for (int i = 0; i < invoice.lines().data_size(); ++i) {
      const InvoiceItem* item = world.invoice_items().Find(
          invoice.lines().data(i).parent().invoice_item_details().invoice_item());
      if (item != nullptr && item->tax_rates().empty()) {
        *invoice.mutable_lines()->mutable_data(i)->mutable_rates() = invoice.default_tax_rates();
      }
    }
    Recompute(world, invoice);
  }
  if (invoice.status() == "draft" && invoice.auto_advance() && !before.auto_advance()) {
    if (invoice.subscription_id().empty()) {
      // UNCERTAIN: a draft turned to auto_advance is finalized an hour after the update.
      const absl::Time finalize_at = world.now() + kInvoiceFinalizationDelay;
      world.timers().Schedule(finalize_at, TimerKind::kInvoiceFinalization, invoice.id());
      invoice.set_automatically_finalizes_at(absl::ToUnixSeconds(finalize_at));
    } else if (const int64_t at = invoice.created() +
                                  absl::ToInt64Seconds(kInvoiceFinalizationDelay);
               at > world.created()) {
      invoice.set_automatically_finalizes_at(at);  // its renewal's timer has yet to fire
    }
  }
  if (!invoice.auto_advance()) invoice.clear_automatically_finalizes_at();
  if (!PreviousAttributes(before, invoice).empty()) Enter(world, invoice, T::kUpdate, before);
  if (!absl::c_equal(before.payment_settings().payment_method_types(),
                     invoice.payment_settings().payment_method_types())) {
    FollowPaymentMethodTypes(world, invoice, PaymentMethodTypesFor(world, invoice));
  }
  return invoice;
}

void InvoiceLifecycle::Delete(World& world, const Invoice& invoice) {
  const Machine::Row* row = machine().Find(StateOf(invoice), T::kDelete);
  if (row == nullptr) return;
  // UNCERTAIN: the items of a deleted draft are pending again (they are not deleted with it).
  for (const InvoiceLineItem& line : invoice.lines().data()) {
    const std::string& item_id = line.parent().invoice_item_details().invoice_item();
    if (const InvoiceItem* item = world.invoice_items().Find(item_id)) {
      InvoiceItemLifecycle::Release(world, *item);
    }
  }
  ForEachEvent(row->events, [&](absl::string_view type) { world.Emit(type, invoice); });
  Unindex(world, invoice);
  world.invoices().Delete(Key(), invoice.id());
}

const Invoice& InvoiceLifecycle::Send(World& world, const Invoice& current) {
  Invoice& invoice = *world.invoices().Mutable(Key(), current.id());
  const Invoice before = invoice;
  Enter(world, invoice, T::kSend, before);
  return invoice;
}

}  // namespace internal
}  // namespace paysim
