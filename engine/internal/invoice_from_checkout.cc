// The Invoice lifecycle (invoice_lifecycle.h), continued: the first invoice of a subscription
// a Checkout Session started, paid by the session's own payment.
#include <string>
#include <utility>
#include <vector>

#include "engine/internal/interned.h"
#include "engine/internal/invoice_lifecycle.h"
#include "engine/internal/invoice_payment_records.h"
#include "engine/internal/invoice_totals.h"
#include "engine/internal/payment_intent_lifecycle.h"
#include "engine/internal/price_tiers.h"

namespace paysim {
namespace internal {
namespace {

using T = InvoiceTrigger;

// The line billing the session's one-time `item` once, beside the subscription's own lines.
// Lines without rates of their own take the subscription's defaults.
InvoiceLineItem OneTimeLine(World& world, const Invoice& invoice, const LineItem& item,
                            const Subscription& subscription) {
  InvoiceLineItem line;
  line.set_id(world.ids().NewId("il_"));
  line.set_object(PAYSIM_INTERNED("line_item"));
  line.set_amount(item.amount_subtotal());
  line.set_currency(invoice.currency());
  line.set_description(item.description());
  line.set_invoice(invoice.id());
  line.set_livemode(false);
  line.mutable_period()->set_start(invoice.period_start());
  line.mutable_period()->set_end(invoice.period_start());
  // UNCERTAIN: Stripe bills a session's one-time items as invoice items of the first invoice;
  // paysim makes no InvoiceItem for them (before basil the line is of type `invoiceitem`
  // without one; from basil on its parent is null).
  SetLinePrice(item.price(), PriceParts(item.price(), item.quantity()).front(),
               invoice.legacy_shape(), line);
  line.set_quantity(item.quantity());
  line.set_type(PAYSIM_INTERNED("invoiceitem"));
  line.mutable_proration_details();  // before basil: credited_items null (no proration)
  line.set_discountable(true);
  if (!item.tax_rates().empty()) {
    *line.mutable_rates() = item.tax_rates();
  } else {
    *line.mutable_rates() = item.automatic_tax_rates();
  }
  if (item.has_dynamic_tax_rate()) *line.add_rates() = item.dynamic_tax_rate();
  if (line.rates().empty()) *line.mutable_rates() = subscription.default_tax_rates();
  return line;
}

}  // namespace

const Invoice& InvoiceLifecycle::CreatePaidByCheckout(World& world,
                                                      const Subscription& subscription,
                                                      const CheckoutSession& session,
                                                      const PaymentIntent* pi,
                                                      const std::string& id) {
  std::vector<const InvoiceItem*> pending;  // a new subscription has none
  Invoice invoice = BuildDraft(world, subscription, "subscription_create", id,
                               /*bill_period=*/true, world.created(), &pending,
                               /*unstored=*/nullptr);
  for (const LineItem& item : session.line_items()) {
    if (item.price().type() == "recurring") continue;  // the subscription's own lines
    *invoice.mutable_lines()->add_data() =
        OneTimeLine(world, invoice, item, subscription);
  }
  // The session's coupon took its amount off this invoice (the subscription counts it as
  // its first discounted invoice already). UNCERTAIN: the customer's credit balance is left
  // alone (the session's total did not apply it); starting and ending balance both show it.
  const Customer* customer = world.customers().Find(subscription.customer());
  const int64_t balance = customer != nullptr ? customer->balance() : 0;
  invoice.set_starting_balance(0);
  FillInvoiceTotals(subscription.has_discount() ? &subscription.discount() : nullptr, invoice);
  invoice.set_starting_balance(balance);
  invoice.set_ending_balance(balance);
  const Machine::Row* row = machine().FindCreate(T::kCreate);
  const Invoice& stored = world.invoices().Insert(Key(), std::move(invoice));
  ForEachEvent(row->events, [&](absl::string_view type) { world.Emit(type, stored); });

  Invoice& open = *world.invoices().Mutable(Key(), id);
  Invoice before = open;
  const int64_t now = world.created();
  StampFinalized(world, open);
  if (pi != nullptr) {
    open.set_payment_intent_id(pi->id());
    if (open.legacy_shape()) open.set_payment_intent(pi->id());
    PaymentIntentLifecycle::BelongsToInvoice(world, *pi, id);
    open.set_first_attempt_at(now);
    OpenDefaultPayment(world, open, pi->id());
  }
  Enter(world, open, T::kFinalize, before);
  // Subscription mode takes cards, through before completion; a payment not through yet
  // would pay it when it succeeds (OnPaymentIntentSucceeded).
  if (pi == nullptr || pi->status() == "succeeded") Paid(world, open);
  return open;
}

}  // namespace internal
}  // namespace paysim
