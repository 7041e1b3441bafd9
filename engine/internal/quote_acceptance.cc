#include "engine/internal/quote_acceptance.h"

#include <utility>
#include <vector>

#include "engine/api_version.h"
#include "engine/internal/interned.h"
#include "engine/internal/invoice_custom_text.h"
#include "engine/internal/invoice_item_request.h"
#include "engine/internal/invoice_lifecycle.h"
#include "engine/internal/renewals.h"
#include "engine/internal/status_macros.h"
#include "engine/internal/subscription_request.h"
#include "proto/invoice_params.pb.h"
#include "proto/params.pb.h"

namespace paysim {
namespace internal {
namespace {

constexpr int64_t kDay = 86400;

absl::StatusOr<QuoteAcceptance> StartSubscription(World& w, const Quote& quote) {
  SubscriptionCreateParams params;
  params.set_customer(quote.customer());
  std::vector<const Price*> item_prices;  // the recurring lines' prices, item by item
  for (const LineItem& line : quote.line_items()) {
    const Price& price = line.price();
    if (price.type() == "recurring") {
      SubscriptionItemParams* item = params.add_items();
      if (price.ad_hoc()) {  // made for the line (price_data): checked as an item's price_data
        *item->mutable_price_data() = PriceDataOf(price);
      } else {
        item->set_price(price.id());
      }
      item->set_quantity(line.quantity());
      for (const TaxRate& rate : line.tax_rates()) item->add_tax_rates(rate.id());
      item_prices.push_back(&price);
    } else {  // billed once, on the first invoice
      SubscriptionAddInvoiceItemParams* item = params.add_add_invoice_items();
      if (price.ad_hoc()) {
        SubscriptionAddInvoiceItemPriceDataParams* data = item->mutable_price_data();
        data->set_currency(price.currency());
        data->set_product(price.product());
        data->set_unit_amount(price.unit_amount());
      } else {
        item->set_price(price.id());
      }
      item->set_quantity(line.quantity());
      for (const TaxRate& rate : line.tax_rates()) item->add_tax_rates(rate.id());
    }
  }
  for (const std::string& rate : quote.default_tax_rates()) params.add_default_tax_rates(rate);
  params.set_collection_method(quote.collection_method());
  if (quote.invoice_settings().has_days_until_due()) {
    params.set_days_until_due(quote.invoice_settings().days_until_due());
  }
  if (quote.subscription_data().has_description()) {
    params.set_description(quote.subscription_data().description());
  }
  if (quote.subscription_data().has_trial_period_days()) {
    params.set_trial_period_days(quote.subscription_data().trial_period_days());
  }
  PAYSIM_ASSIGN_OR_RETURN(SubscriptionRequest request, CheckSubscriptionCreate(w, params));
  // The items bill the lines' own prices: a line's inline price is not made again.
  for (size_t i = 0; i < item_prices.size(); ++i) {
    *request.draft.mutable_items()->mutable_data(static_cast<int>(i))->mutable_price() =
        *item_prices[i];
  }
  absl::Status decline;  // allow_incomplete: a decline leaves the subscription incomplete
  QuoteAcceptance made;
  made.subscription = Renewals::Start(w, std::move(request), &decline);
  if (const Subscription* subscription = w.subscriptions().Find(made.subscription)) {
    made.invoice = subscription->latest_invoice();
  }
  return made;
}

absl::StatusOr<QuoteAcceptance> MakeInvoice(World& w, const Quote& quote) {
  // validate: each line again as an invoice item (a price archived since is refused)
  std::vector<InvoiceItem> items;
  for (const LineItem& line : quote.line_items()) {
    InvoiceItemCreateParams params;
    params.set_customer(quote.customer());
    if (line.price().ad_hoc()) {  // made for the line (price_data): an amount of its product
      InvoiceItemPriceDataParams* data = params.mutable_price_data();
      data->set_currency(line.price().currency());
      data->set_product(line.price().product());
      data->set_unit_amount(line.price().unit_amount());
    } else {
      params.set_price(line.price().id());
    }
    params.set_quantity(line.quantity());
    for (const TaxRate& rate : line.tax_rates()) params.add_tax_rates(rate.id());
    const Invoice* none = nullptr;
    PAYSIM_ASSIGN_OR_RETURN(InvoiceItem item, CheckNewItem(w, params, &none));
    items.push_back(std::move(item));
  }
  // commit: the items (pending), then the draft that takes them
  std::vector<const InvoiceItem*> pending;
  for (InvoiceItem& item : items) pending.push_back(&CommitNewItem(w, std::move(item), nullptr));
  Invoice invoice;
  invoice.set_id(InvoiceLifecycle::NewId(w));
  invoice.set_created(w.created());
  invoice.set_customer(quote.customer());
  invoice.set_currency(quote.currency());
  invoice.set_legacy_shape(!ApiVersionAtLeast(w.api_version(), "2025-03-31"));
  invoice.set_collection_method(quote.collection_method());
  if (quote.collection_method() == "send_invoice") {
    const int64_t days = quote.invoice_settings().days_until_due();
    invoice.set_days_until_due(days);
    invoice.set_due_date(invoice.created() + days * kDay);
  } else {
    invoice.set_days_until_due(0);
  }
  invoice.set_billing_reason(PAYSIM_INTERNED("quote_accept"));
  invoice.set_auto_advance(false);
  if (quote.has_description()) invoice.set_description(quote.description());
  TakeCustomerDefaults(w, invoice);
  for (const std::string& id : quote.default_tax_rates()) {
    if (const TaxRate* rate = w.tax_rates().Find(id)) *invoice.add_default_tax_rates() = *rate;
  }
  if (quote.has_footer()) invoice.set_footer(quote.footer());
  invoice.set_quote(quote.id_shared());
  InvoiceParent* parent = invoice.mutable_parent();
  parent->mutable_quote_details()->set_quote(quote.id_shared());
  parent->set_type(PAYSIM_INTERNED("quote_details"));
  QuoteAcceptance made;
  made.invoice = InvoiceLifecycle::CreateOneOff(w, std::move(invoice), pending).id();
  return made;
}

}  // namespace

absl::StatusOr<QuoteAcceptance> MakeQuoteAcceptance(World& world, const Quote& quote) {
  for (const LineItem& line : quote.line_items()) {
    if (line.price().type() == "recurring") return StartSubscription(world, quote);
  }
  return MakeInvoice(world, quote);
}

}  // namespace internal
}  // namespace paysim
