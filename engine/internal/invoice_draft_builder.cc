// invoice_draft_builder.cc: InvoiceLifecycle's drafts as built before they are stored (a
// subscription's period, its pending items, discount and taxes), and the previews built the
// same way but never stored (invoice_lifecycle.h documents them).
#include <algorithm>
#include <cstdint>
#include <string>
#include <tuple>
#include <utility>
#include <vector>

#include "absl/hash/hash.h"
#include "absl/strings/str_cat.h"
#include "engine/api_version.h"
#include "engine/internal/billing_cycle_anchor.h"
#include "engine/internal/interned.h"
#include "engine/internal/invoice_account_fields.h"
#include "engine/internal/invoice_customer_details.h"
#include "engine/internal/invoice_custom_text.h"
#include "engine/internal/invoice_item_lifecycle.h"
#include "engine/internal/invoice_lifecycle.h"
#include "engine/internal/invoice_totals.h"
#include "engine/internal/meter_usage.h"
#include "engine/internal/price_tiers.h"
#include "engine/internal/prorations.h"
#include "engine/internal/shared_values.h"
#include "engine/internal/subscription_lifecycle.h"

namespace paysim {
namespace internal {

using Machine = InvoiceLifecycle::Machine;
using T = InvoiceTrigger;

void SetLinePrice(const Price& price, const PricePart& part, bool legacy,
                  InvoiceLineItem& line) {
  if (legacy) {
    *line.mutable_price() = price;
    line.set_proration(false);
    return;
  }
  InvoiceLinePricing* pricing = line.mutable_pricing();
  pricing->mutable_price_details()->set_price(price.id_shared());
  pricing->mutable_price_details()->set_product(price.product_shared());
  pricing->set_type(PAYSIM_INTERNED("price_details"));
  // A tier's flat amount has no unit amount. UNCERTAIN: Stripe's pricing of a tier's lines
  // (a unit line's is the tier's unit amount).
  if (!part.flat) {
    if (part.rate == price.unit_amount_decimal()) {
      pricing->set_unit_amount_decimal(price.unit_amount_decimal_shared());  // the same text
    } else {
      pricing->set_unit_amount_decimal(part.rate);
    }
  }
  // The lines of one price are priced alike: one rep for all of them.
  thread_local SharedValues<InvoiceLinePricing, 16> pricings;
  pricings.Share(absl::HashOf(price.id()), *pricing);
}

Invoice InvoiceLifecycle::BuildDraft(World& world, const Subscription& subscription,
                                     absl::string_view billing_reason, const std::string& id,
                                     bool bill_period, int64_t now,
                                     std::vector<const InvoiceItem*>* pending,
                                     const std::vector<InvoiceItem>* unstored,
                                     int64_t usage_end) {
  const bool preview = id.empty();
  // A preview's lines have temporary ids (Stripe's `il_tmp_...`), named after what they bill
  // so that previewing draws nothing from the id generator.
  auto line_id = [&](absl::string_view source_id) {
    if (!preview) return world.ids().NewId("il_");
    const size_t underscore = source_id.find('_');
    return absl::StrCat("il_tmp_", underscore == absl::string_view::npos
                                       ? source_id
                                       : source_id.substr(underscore + 1));
  };
  const bool legacy = !ApiVersionAtLeast(world.api_version(), "2025-03-31");
  Invoice invoice;
  if (!preview) invoice.set_id(id);
  invoice.set_object(PAYSIM_INTERNED("invoice"));
  invoice.set_legacy_shape(legacy);
  invoice.set_subscription_id(subscription.id_shared());
  invoice.set_auto_advance(true);
  InvoiceAutomaticTax& automatic_tax = *invoice.mutable_automatic_tax();
  if (subscription.automatic_tax().enabled()) {
    // The items carry the rate of the customer's place (subscription_automatic_tax.h).
    automatic_tax.set_enabled(true);
    automatic_tax.mutable_liability()->set_type(PAYSIM_INTERNED("self"));
    automatic_tax.set_status(PAYSIM_INTERNED("complete"));
  }
  invoice.set_billing_reason(internal::Interned(billing_reason));  // a literal
  invoice.set_collection_method(subscription.collection_method_shared());
  invoice.set_created(now);
  invoice.set_currency(subscription.currency_shared());
  invoice.set_customer(subscription.customer_shared());
  CopyCustomerDetails(world, invoice);
  StampAccountFields(invoice);
  for (const std::string& type : subscription.payment_settings().payment_method_types()) {
    invoice.mutable_payment_settings()->add_payment_method_types(type);
  }
  const SubscriptionCardPaymentMethodOptions& card =
      subscription.payment_settings().payment_method_options().card();
  if (card.has_request_three_d_secure()) {
    invoice.mutable_payment_settings()
        ->mutable_payment_method_options()
        ->mutable_card()
        ->set_request_three_d_secure(card.request_three_d_secure_shared());
  }
  TakeCustomerDefaults(world, invoice);
  if (subscription.has_description()) invoice.set_description(subscription.description_shared());
  invoice.set_livemode(false);
  invoice.set_period_start(subscription.period_start());
  invoice.set_period_end(subscription.period_end());
  InvoiceLineList* lines = invoice.mutable_lines();
  lines->set_object(PAYSIM_INTERNED("list"));
  lines->set_has_more(false);
  lines->set_url(preview ? absl::StrCat("/v1/invoices/upcoming/lines?subscription=",
                                        subscription.id())
                         : absl::StrCat("/v1/invoices/", id, "/lines"));
  const bool trial = subscription.status() == "trialing" && billing_reason == "subscription_create";
  // A stub before a future anchor created with proration_behavior=none is not charged (on the
  // first invoice, or on the one at the trial's end when the stub follows a trial).
  const bool free_stub =
      subscription.free_first_period() && InAnchorStub(subscription) &&
      (billing_reason == "subscription_create" || billing_reason == "subscription_cycle");
  // A line's tax rates: its subscription item's, else the subscription's defaults.
  auto rates_of = [&](absl::string_view item_id) {
    for (const SubscriptionItem& item : subscription.items().data()) {
      if (item.id() != item_id) continue;
      if (!item.tax_rates().empty()) return item.tax_rates();
      if (!item.automatic_tax_rates().empty()) return item.automatic_tax_rates();
    }
    return subscription.default_tax_rates();
  };
  // A period cut short by cancel_at bills the part of its full length it lasts (Stripe: a
  // cancel_at "during a future period ... will always cause a proration for that period").
  const int64_t full_end = SubscriptionLifecycle::FullPeriodEnd(subscription);
  const int64_t length = subscription.period_end() - subscription.period_start();
  const int64_t full_length = std::max(full_end - subscription.period_start(), length);
  for (const SubscriptionItem& item : subscription.items().data()) {
    const bool usage = BillsUsage(item.price());
    // A proration invoice bills no item; a final one (usage_end) its metered items' usage.
    if (!bill_period && (!usage || usage_end == 0)) continue;
    // Lines name the product (Stripe: "1 × Pro (at $15.00 / month)"), its id if it is gone.
    const Product* product = world.products().Find(item.price().product());
    const std::string& product_name =
        product != nullptr ? product->name() : item.price().product();
    // A metered item bills its meter's usage over the period that ended (Stripe bills usage in
    // arrears), a final invoice the usage of the period so far: nothing on the first invoice,
    // nor for a trial.
    int64_t quantity = item.quantity();
    int64_t line_start = subscription.period_start();
    int64_t line_end = subscription.period_end();
    if (usage) {
      const int64_t since = bill_period ? subscription.previous_period_start()
                                        : subscription.period_start();
      const int64_t until = bill_period ? subscription.period_start() : usage_end;
      quantity = 0;
      if (since < until) {
        line_start = since;
        line_end = until;
        // UNCERTAIN: that a trial's usage is free, as its licensed items are.
        const bool trial_usage =
            subscription.has_trial_end() && subscription.trial_end() >= until;
        if (!trial_usage) {
          quantity = MeterUsage::Quantity(world, item.price().recurring().meter(),
                                          subscription.customer(), line_start, line_end);
        }
      }
    }
    // One line per part of what the item's price bills: one, or one per tier of a graduated
    // price (each tier's units, then its flat amount; price_tiers.h).
    for (const PricePart& part : PriceParts(item.price(), quantity)) {
      InvoiceLineItem* line = lines->add_data();
      // (A new subscription's preview: its items have no ids yet; its lines are named by price.)
      line->set_id(line_id(item.id().empty() ? item.price().id() : item.id()));
      line->set_object(PAYSIM_INTERNED("line_item"));
      // A trial's invoice bills nothing (Stripe: "Trial period for <product>").
      const int64_t amount =
          trial || free_stub ? 0
                : (length < full_length && !usage
                       ? ProratedAmount(part.amount, length, full_length)
                       : part.amount);
      line->set_amount(amount);
      line->set_currency(subscription.currency_shared());
      // Every subscriber of a price and quantity reads the same text: built once, one node
      // for them all. (The key holds the price itself: the same version compares as one
      // pointer.)
      using DescriptionKey =
          std::tuple<Price, std::string, bool, int, bool, int64_t, std::string>;
      thread_local Memo<DescriptionKey, obj::SharedString, 64> descriptions;
      const DescriptionKey key(item.price(), product_name, trial, part.tier, part.flat,
                               part.quantity, part.rate);
      line->set_description(descriptions.Get(
          absl::HashOf(item.price().id(), product_name, trial, part.tier, part.quantity), key,
          [&] {
            const std::string units = part.flat ? "" : absl::StrCat(part.quantity, " × ");
            obj::SharedString description;
            description.Set(absl::StrCat(trial ? "Trial period for " : "", units, product_name,
                                         " ", PartRateText(item.price(), part)));
            return description;
          }));
      if (!preview) line->set_invoice(invoice.id_shared());
      line->set_livemode(false);
      line->mutable_period()->set_start(line_start);
      line->mutable_period()->set_end(line_end);
      SetLinePrice(item.price(), part, legacy, *line);
      line->set_quantity(part.quantity);
      line->set_subscription(subscription.id_shared());
      // Before basil the line names its item and type; from basil on its parent does (the
      // shape decides which render; field_numbers.h).
      line->set_subscription_item(item.id_shared());
      line->set_type(PAYSIM_INTERNED("subscription"));
      line->mutable_proration_details();  // before basil: credited_items null (no proration)
      if (!legacy) {
        InvoiceLineSubscriptionItemDetails* details =
            line->mutable_parent()->mutable_subscription_item_details();
        details->set_proration(false);
        details->set_subscription(subscription.id_shared());
        details->set_subscription_item(item.id_shared());
        line->mutable_parent()->set_type(PAYSIM_INTERNED("subscription_item_details"));
      }
      line->set_discountable(true);
      *line->mutable_rates() = rates_of(item.id());
    }
  }
  // The subscription's pending items (its prorations), oldest first. UNCERTAIN: Stripe also
  // pulls the customer's other pending invoice items into a subscription's next invoice;
  // paysim takes only those of this subscription (they stay for a one-off invoice).
  if (!subscription.id().empty()) {
    InvoiceItemLifecycle::ForEachPending(
        world, subscription.customer(), [&](const InvoiceItem& item) {
          if (item.subscription() == subscription.id()) pending->push_back(&item);
        });
  }
  for (const InvoiceItem* item : *pending) {
    InvoiceLineItem* line = lines->add_data();
    *line = ItemLine(world, invoice, *item, preview ? line_id(item->id()) : "");
    if (preview) line->clear_invoice();
    if (line->rates().empty()) *line->mutable_rates() = rates_of(item->subscription_item());
  }
  // A preview's items that are not stored (the prorations of a previewed change), after the
  // stored ones as they would be stored; no id, so their lines are named by their place.
  for (size_t k = 0; unstored != nullptr && k < unstored->size(); ++k) {
    const InvoiceItem& item = (*unstored)[k];
    InvoiceLineItem* line = lines->add_data();
    *line = ItemLine(world, invoice, item,
                     line_id(absl::StrCat(subscription.id(), "_proration", k)));
    line->clear_invoice();
    if (line->rates().empty()) *line->mutable_rates() = rates_of(item.subscription_item());
  }
  invoice.set_amount_paid(0);
  const Customer* customer = world.customers().Find(subscription.customer());
  invoice.set_starting_balance(customer != nullptr ? customer->balance() : 0);
  FillInvoiceTotals(InvoiceDiscount(invoice, &subscription, customer), invoice);
  invoice.set_attempt_count(0);
  invoice.set_attempted(false);
  invoice.mutable_status_transitions();
  if (legacy) {
    invoice.set_paid(false);
    invoice.set_subscription(subscription.id_shared());
    StampLegacySubscriptionDetails(subscription, invoice);
  } else {
    InvoiceParent* parent = invoice.mutable_parent();
    *parent->mutable_subscription_details()->mutable_metadata() = subscription.metadata();
    parent->mutable_subscription_details()->set_subscription(subscription.id_shared());
    parent->set_type(PAYSIM_INTERNED("subscription_details"));
  }
  const bool automatic = invoice.collection_method() == "charge_automatically";
  if (billing_reason == "subscription_cycle" || preview) {
    const absl::Time finalize_at = absl::FromUnixSeconds(now) + kInvoiceFinalizationDelay;
    if (automatic) invoice.set_next_payment_attempt(absl::ToUnixSeconds(finalize_at));
  }
  const Machine::Row* row = machine().FindCreate(T::kCreate);
  invoice.set_status(Interned(machine().Rendered(row->to)));
  return invoice;
}

void InvoiceLifecycle::RefreshUsage(World& world, Invoice& invoice,
                                    const Subscription& subscription) {
  bool changed = false;
  for (const SubscriptionItem& item : subscription.items().data()) {
    if (!BillsUsage(item.price())) continue;
    // The item's subscription lines (not its invoice items'), if they bill its price.
    std::vector<int> at;
    int64_t billed = 0;
    for (int i = 0; i < invoice.lines().data_size(); ++i) {
      const InvoiceLineItem& line = invoice.lines().data(i);
      if (line.type() != "subscription" || line.subscription_item() != item.id()) continue;
      const std::string& price = invoice.legacy_shape()
                                     ? line.price().id()
                                     : line.pricing().price_details().price();
      if (price != item.price().id()) continue;
      at.push_back(i);
      billed += line.quantity();
    }
    if (at.empty()) continue;
    const InvoiceLineItem first = invoice.lines().data(at[0]);
    const int64_t start = first.period().start();
    const int64_t end = first.period().end();
    if (start >= end || (subscription.has_trial_end() && subscription.trial_end() >= end)) {
      continue;  // nothing billed (a first invoice, a trial)
    }
    const int64_t quantity = MeterUsage::Quantity(world, item.price().recurring().meter(),
                                                  subscription.customer(), start, end);
    if (quantity == billed) continue;
    // The item's lines again, where the first was, keeping their ids.
    const Product* product = world.products().Find(item.price().product());
    const std::string& product_name =
        product != nullptr ? product->name() : item.price().product();
    obj::Repeated<InvoiceLineItem> lines;
    size_t next = 0;
    for (int i = 0; i < invoice.lines().data_size(); ++i) {
      if (std::find(at.begin(), at.end(), i) == at.end()) {
        lines.Add(invoice.lines().data(i));
        continue;
      }
      if (i != at[0]) continue;
      for (const PricePart& part : PriceParts(item.price(), quantity)) {
        InvoiceLineItem line = first;
        line.set_id(next < at.size() ? std::string(invoice.lines().data(at[next]).id())
                                     : world.ids().NewId("il_"));
        ++next;
        line.set_amount(part.amount);
        line.set_quantity(part.quantity);
        const std::string units = part.flat ? "" : absl::StrCat(part.quantity, " × ");
        line.set_description(
            absl::StrCat(units, product_name, " ", PartRateText(item.price(), part)));
        line.clear_pricing();
        SetLinePrice(item.price(), part, invoice.legacy_shape(), line);
        lines.Add(std::move(line));
      }
    }
    *invoice.mutable_lines()->mutable_data() = std::move(lines);
    changed = true;
  }
  if (changed) Recompute(world, invoice);
}

Invoice InvoiceLifecycle::Preview(World& world, const Subscription& next_period,
                                  const std::vector<InvoiceItem>& unstored) {
  // UNCERTAIN: a preview's `created` is the instant the renewal would create the invoice (its
  // period's start), which also decides whether a repeating discount still lasts.
  return PreviewNow(world, next_period, /*bill_period=*/true, next_period.period_start(),
                    unstored);
}

Invoice InvoiceLifecycle::PreviewNow(World& world, const Subscription& subscription,
                                     bool bill_period, int64_t created,
                                     const std::vector<InvoiceItem>& unstored) {
  std::vector<const InvoiceItem*> pending;
  Invoice invoice = BuildDraft(world, subscription, "upcoming", "", bill_period, created,
                               &pending, &unstored);
  invoice.set_auto_advance(false);
  return invoice;
}

Invoice InvoiceLifecycle::PreviewFirst(World& world, const Subscription& prospective) {
  std::vector<const InvoiceItem*> pending;
  // Built as Renewals::Start builds the first invoice (a trial's lines free), then named a
  // preview. UNCERTAIN: Stripe's billing_reason for the preview of a new subscription; paysim
  // says `upcoming`, as for its other previews.
  Invoice invoice = BuildDraft(world, prospective, "subscription_create", "",
                               /*bill_period=*/true, world.created(), &pending, nullptr);
  invoice.set_billing_reason(PAYSIM_INTERNED("upcoming"));
  invoice.set_auto_advance(false);
  invoice.clear_next_payment_attempt();  // a first invoice is collected when it is made
  invoice.clear_subscription();
  if (invoice.has_parent()) {
    invoice.mutable_parent()->mutable_subscription_details()->clear_subscription();
  }
  invoice.mutable_lines()->set_url(
      absl::StrCat("/v1/invoices/upcoming/lines?customer=", prospective.customer()));
  for (int i = 0; i < invoice.lines().data_size(); ++i) {
    InvoiceLineItem* line = invoice.mutable_lines()->mutable_data(i);
    line->clear_subscription();
    line->clear_subscription_item();
    if (line->has_parent()) {
      line->mutable_parent()->mutable_subscription_item_details()->clear_subscription();
      line->mutable_parent()->mutable_subscription_item_details()->clear_subscription_item();
    }
  }
  return invoice;
}

}  // namespace internal
}  // namespace paysim
