// The Invoice lifecycle (invoice_lifecycle.h), continued: the invoices a Checkout Session
// makes, paid by the session's own payment: a subscription's first invoice, and a payment-mode
// session's post-payment invoice (checkout_invoice_creation.h).
#include <string>
#include <utility>
#include <vector>

#include "absl/strings/str_cat.h"
#include "engine/api_version.h"
#include "engine/internal/interned.h"
#include "engine/internal/invoice_account_fields.h"
#include "engine/internal/invoice_custom_text.h"
#include "engine/internal/invoice_customer_details.h"
#include "engine/internal/invoice_lifecycle.h"
#include "engine/internal/invoice_payment_records.h"
#include "engine/internal/invoice_totals.h"
#include "engine/internal/payment_intent_lifecycle.h"
#include "engine/internal/price_tiers.h"

namespace paysim {
namespace internal {
namespace {

using T = InvoiceTrigger;

// The line billing the session's one-time `item` once (beside a subscription's own lines).
// Lines without rates of their own take `default_rates` (a subscription's defaults).
InvoiceLineItem OneTimeLine(World& world, const Invoice& invoice, const LineItem& item,
                            const obj::Repeated<TaxRate>& default_rates) {
  InvoiceLineItem line;
  line.set_id(world.ids().NewId("il_"));
  line.set_object(PAYSIM_INTERNED("line_item"));
  line.set_amount(item.amount_subtotal());
  line.set_currency(invoice.currency());
  line.set_description(item.description());
  line.set_invoice(invoice.id_shared());
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
  if (line.rates().empty()) *line.mutable_rates() = default_rates;
  return line;
}

// The session's shipping on its post-payment invoice: `shipping_cost` and `amount_shipping`,
// its amount added to the totals the lines made (UNCERTAIN: Stripe's invoice lists the
// shipping's taxes in shipping_cost.taxes only, not in total_taxes).
void AddShipping(const CheckoutShippingCost& shipping, Invoice& invoice) {
  InvoiceShippingCost* cost = invoice.mutable_shipping_cost();
  cost->set_amount_subtotal(shipping.amount_subtotal());
  cost->set_amount_tax(shipping.amount_tax());
  cost->set_amount_total(shipping.amount_total());
  if (shipping.has_shipping_rate()) cost->set_shipping_rate(shipping.shipping_rate());
  for (const LineItemTaxAmount& tax : shipping.taxes()) {
    InvoiceShippingTax* out = cost->add_taxes();
    out->set_amount(tax.amount());
    *out->mutable_rate() = tax.rate();
    if (tax.has_taxability_reason()) out->set_taxability_reason(tax.taxability_reason());
    if (tax.has_taxable_amount()) out->set_taxable_amount(tax.taxable_amount());
  }
  invoice.set_amount_shipping(shipping.amount_subtotal());
  invoice.set_total(invoice.total() + shipping.amount_total());
  invoice.set_total_excluding_tax(invoice.total_excluding_tax() + shipping.amount_total() -
                                  shipping.amount_tax());
  invoice.set_amount_due(invoice.amount_due() + shipping.amount_total());
  invoice.set_amount_remaining(invoice.amount_remaining() + shipping.amount_total());
}

// What `invoice_creation[invoice_data]` sets on the invoice (over the customer's defaults).
void TakeInvoiceData(const CheckoutInvoiceData& data, Invoice& invoice) {
  if (data.has_description()) invoice.set_description(data.description());
  if (data.has_footer()) invoice.set_footer(data.footer());
  if (!data.custom_fields().empty()) *invoice.mutable_custom_fields() = data.custom_fields();
  if (!data.metadata().empty()) *invoice.mutable_metadata() = data.metadata();
  if (data.rendering_options().has_amount_tax_display()) {
    invoice.mutable_rendering()->set_amount_tax_display(
        data.rendering_options().amount_tax_display_shared());
  }
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
        OneTimeLine(world, invoice, item, subscription.default_tax_rates());
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
  const Invoice& stored = Insert(world, std::move(invoice));
  ForEachEvent(row->events, [&](absl::string_view type) { world.Emit(type, stored); });

  return FinalizePaidByCheckout(world, id, pi);
}

const Invoice& InvoiceLifecycle::CreateAfterCheckout(World& world,
                                                     const CheckoutSession& session,
                                                     const PaymentIntent* pi,
                                                     const std::string& id) {
  const int64_t now = world.created();
  Invoice invoice;
  invoice.set_id(id);
  invoice.set_object(PAYSIM_INTERNED("invoice"));
  invoice.set_customer(session.customer());
  invoice.set_currency(session.currency());
  invoice.set_legacy_shape(!ApiVersionAtLeast(world.api_version(), "2025-03-31"));
  invoice.set_collection_method(PAYSIM_INTERNED("charge_automatically"));
  invoice.mutable_automatic_tax()->set_enabled(session.automatic_tax().enabled());
  invoice.set_billing_reason(PAYSIM_INTERNED("manual"));
  invoice.set_created(now);
  invoice.set_livemode(false);
  invoice.set_period_start(now);
  invoice.set_period_end(now);
  invoice.set_auto_advance(false);
  StampAccountFields(invoice);  // first: the session's rendering and shipping go over it
  TakeCustomerDefaults(world, invoice);
  TakeInvoiceData(session.invoice_creation().invoice_data(), invoice);
  InvoiceLineList* lines = invoice.mutable_lines();
  lines->set_object(PAYSIM_INTERNED("list"));
  lines->set_has_more(false);
  lines->set_url(absl::StrCat("/v1/invoices/", id, "/lines"));
  const obj::Repeated<TaxRate> no_defaults;
  for (const LineItem& item : session.line_items()) {
    *lines->add_data() = OneTimeLine(world, invoice, item, no_defaults);
  }
  // The session's discount, and no other (the payment took no customer discount).
  if (session.has_applied_discount()) {
    Discount own = session.applied_discount();
    own.set_customer(session.customer_shared());
    own.set_invoice(id);
    *invoice.mutable_own_discount() = std::move(own);
  } else {
    invoice.set_inherits_no_discount(true);
  }
  CopyCustomerDetails(world, invoice);
  // As a subscription's first invoice: the customer's credit balance is left alone (the
  // session's total did not apply it).
  const Customer* customer = world.customers().Find(session.customer());
  const int64_t balance = customer != nullptr ? customer->balance() : 0;
  invoice.set_starting_balance(0);
  FillInvoiceTotals(invoice.has_own_discount() ? &invoice.own_discount() : nullptr, invoice);
  if (session.has_shipping_cost()) AddShipping(session.shipping_cost(), invoice);
  invoice.set_starting_balance(balance);
  invoice.set_ending_balance(balance);
  invoice.set_amount_paid(0);
  invoice.set_attempt_count(0);
  invoice.set_attempted(false);
  invoice.mutable_status_transitions();
  if (invoice.legacy_shape()) invoice.set_paid(false);
  const Machine::Row* row = machine().FindCreate(T::kCreateOneOff);
  invoice.set_status(Interned(machine().Rendered(row->to)));
  const Invoice& stored = Insert(world, std::move(invoice));
  ForEachEvent(row->events, [&](absl::string_view type) { world.Emit(type, stored); });

  return FinalizePaidByCheckout(world, id, pi);
}

const Invoice& InvoiceLifecycle::FinalizePaidByCheckout(World& world, const std::string& id,
                                                        const PaymentIntent* pi) {
  Invoice& open = *world.invoices().Mutable(Key(), id);
  Invoice before = open;
  StampFinalized(world, open);
  if (pi != nullptr) {
    open.set_payment_intent_id(pi->id_shared());
    if (open.legacy_shape()) open.set_payment_intent(pi->id_shared());
    PaymentIntentLifecycle::BelongsToInvoice(world, *pi, id);
    open.set_first_attempt_at(world.created());
    IndexPayment(world, open, OpenDefaultPayment(world, open, pi->id_shared()).id());
  }
  Enter(world, open, T::kFinalize, before);
  // A payment not through yet (a bank debit processing, a hold awaiting capture) pays it when
  // its intent succeeds (OnPaymentIntentSucceeded).
  if (pi == nullptr || pi->status() == "succeeded") Paid(world, open);
  return open;
}

}  // namespace internal
}  // namespace paysim
