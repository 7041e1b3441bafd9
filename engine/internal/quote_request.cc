#include "engine/internal/quote_request.h"

#include <string>
#include <utility>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/types/optional.h"
#include "engine/internal/billing_params.h"
#include "engine/internal/catalog.h"
#include "engine/internal/checkout_totals.h"
#include "engine/internal/intent_common.h"
#include "engine/internal/interned.h"
#include "engine/internal/meter_usage.h"
#include "engine/internal/price_tiers.h"
#include "engine/internal/status_macros.h"
#include "engine/internal/subscription_request.h"
#include "engine/metadata.h"
#include "engine/quotes.h"
#include "engine/stripe_error.h"

namespace paysim {
namespace internal {
namespace {

std::string LineParam(int i, absl::string_view field) {
  return absl::StrCat("line_items[", i, "][", field, "]");
}

// The price of line `i` as `given` names it (`price`, `price_data`, or the kept line's own)
// and, in `*param`, the parameter that named it.
absl::StatusOr<Price> LinePrice(World& w, int i, const QuoteLineItemParams& given,
                                const LineItem* kept, std::string* param) {
  *param = LineParam(i, "price");
  if (given.has_price_data()) {
    *param = LineParam(i, "price_data");
    if (given.has_price()) {
      // UNCERTAIN: Stripe's wording (its usual one for exclusive parameters).
      return InvalidRequestError("", *param,
                                 "You may only specify one of these parameters: price, "
                                 "price_data.");
    }
    return CheckInlinePriceData(w, given.price_data(), *param, /*recurring_required=*/false);
  }
  if (given.has_price()) {
    PAYSIM_ASSIGN_OR_RETURN(const Price* price, FindSellablePrice(w, given.price(), *param));
    return *price;
  }
  if (kept != nullptr) return kept->price();
  return ParameterMissing(*param);
}

// The line of `old` that `given` keeps (by `id`, update only), or null for a new line.
absl::StatusOr<const LineItem*> KeptLine(const std::vector<LineItem>& old, int i,
                                         const QuoteLineItemParams& given,
                                         const Quote& quote) {
  if (!given.has_id()) return nullptr;
  for (const LineItem& line : quote.line_items()) {
    if (line.id() == given.id()) {
      // UNCERTAIN: Stripe's wording.
      return InvalidRequestError("", LineParam(i, "id"),
                                 "A line item may be given only once.");
    }
  }
  for (const LineItem& line : old) {
    if (line.id() == given.id()) return &line;
  }
  // UNCERTAIN: Stripe's wording.
  return ResourceMissing("line item", given.id(), LineParam(i, "id"));
}

// The lines `params` give, each checked (an active price of an active product or a price
// made inline, a quantity of at least 1), in one currency and, for the recurring ones, one
// interval; an update's `id` keeps an existing line.
template <class Params>
absl::Status SetLines(World& w, const Params& params, Quote& quote) {
  if (params.line_items_size() > kQuoteMaxLineItems) {
    // UNCERTAIN: Stripe's limit and wording.
    return InvalidRequestError("", "line_items",
                               absl::StrCat("A quote may have at most ", kQuoteMaxLineItems,
                                            " line items."));
  }
  const std::vector<LineItem> old(quote.line_items().begin(), quote.line_items().end());
  quote.clear_line_items();
  absl::optional<Price> first;
  absl::optional<Price> first_recurring;
  for (int i = 0; i < params.line_items_size(); ++i) {
    const QuoteLineItemParams& given = params.line_items(i);
    PAYSIM_ASSIGN_OR_RETURN(const LineItem* kept, KeptLine(old, i, given, quote));
    std::string param;
    PAYSIM_ASSIGN_OR_RETURN(const Price made, LinePrice(w, i, given, kept, &param));
    const Price* price = &made;
    const bool metered = BillsUsage(*price);
    if (metered) {
      // UNCERTAIN: Stripe's wording.
      return InvalidRequestError("", param,
                                 "Quotes do not support prices with `usage_type=metered`.");
    }
    const int64_t quantity = given.has_quantity() ? given.quantity()
                             : kept != nullptr    ? kept->quantity()
                                                  : 1;
    if (quantity < 1) {
      return InvalidRequestError("parameter_invalid_integer", LineParam(i, "quantity"),
                                 "This value must be greater than or equal to 1.");
    }
    if (first.has_value() && price->currency() != first->currency()) {
      // UNCERTAIN: Stripe's wording.
      return InvalidRequestError("", param,
                                 "All prices on a quote must have the same currency.");
    }
    const bool recurring = price->type() == "recurring";
    if (recurring && first_recurring.has_value() &&
        (price->recurring().interval() != first_recurring->recurring().interval() ||
         price->recurring().interval_count() != first_recurring->recurring().interval_count())) {
      // UNCERTAIN: Stripe's wording.
      return InvalidRequestError(
          "", param, "All recurring prices on a quote must have the same recurring interval.");
    }
    if (!first.has_value()) first = *price;
    if (recurring && !first_recurring.has_value()) first_recurring = *price;
    PAYSIM_ASSIGN_OR_RETURN(std::vector<TaxRate> rates,
                            CheckBillingTaxRates(w, given.tax_rates(), LineParam(i, "tax_rates")));
    if (rates.empty() && kept != nullptr && !given.tax_rates_emptied()) {
      rates.assign(kept->tax_rates().begin(), kept->tax_rates().end());
    }
    LineItem* line = quote.add_line_items();  // a new line's id drawn when the quote is stored
    if (kept != nullptr) line->set_id(kept->id());
    line->set_object(PAYSIM_INTERNED("item"));
    const int64_t amount = PriceAmount(*price, quantity);
    line->set_amount_discount(0);
    line->set_amount_subtotal(amount);
    line->set_amount_tax(0);
    line->set_amount_total(amount);
    line->set_currency(price->currency());
    const Product* product = w.products().Find(price->product());
    line->set_description(product != nullptr ? product->name() : "");
    *line->mutable_price() = *price;
    line->set_quantity(quantity);
    for (TaxRate& rate : rates) *line->add_tax_rates() = std::move(rate);
  }
  if (first.has_value()) {
    quote.set_currency(first->currency());
  } else {
    quote.clear_currency();
  }
  return absl::OkStatus();
}

// The amounts of some of a quote's lines, added up.
struct Sums {
  int64_t subtotal = 0;
  int64_t tax = 0;
  int64_t total = 0;

  void Add(const LineItem& line) {
    subtotal += line.amount_subtotal();
    tax += line.amount_tax();
    total += line.amount_total();
  }
  QuoteTotalDetails Details() const {
    QuoteTotalDetails details;
    details.set_amount_discount(0);
    details.set_amount_shipping(0);
    details.set_amount_tax(tax);
    return details;
  }
};

// The rates that tax `line` of `quote`: its own, else the quote's default_tax_rates.
std::vector<TaxRate> RatesOf(World& w, const Quote& quote, const LineItem& line) {
  if (line.tax_rates_size() > 0) return {line.tax_rates().begin(), line.tax_rates().end()};
  std::vector<TaxRate> rates;
  for (const std::string& id : quote.default_tax_rates()) {
    if (const TaxRate* rate = w.tax_rates().Find(id)) rates.push_back(*rate);
  }
  return rates;
}

// `line`'s taxes on its amount_subtotal by `rates` (as Checkout's line items are taxed,
// checkout_totals.h), its amount_tax, and its amount_total (the subtotal and the exclusive
// taxes).
void TaxLine(const std::vector<TaxRate>& rates, LineItem& line) {
  line.clear_taxes();
  int64_t tax = 0;
  int64_t exclusive = 0;
  for (LineItemTaxAmount& amount : LineTaxes(line.amount_subtotal(), rates)) {
    tax += amount.amount();
    if (!amount.rate().inclusive()) exclusive += amount.amount();
    *line.add_taxes() = std::move(amount);
  }
  line.set_amount_tax(tax);
  line.set_amount_total(line.amount_subtotal() + exclusive);
}

// amount_subtotal/total, total_details.amount_tax, computed.recurring and computed.upfront
// from the lines, each taxed by its rates (no discounts here). Upfront is the first invoice: a
// trial bills the recurring lines 0.
void ComputeAmounts(World& w, Quote& quote) {
  for (int i = 0; i < quote.line_items_size(); ++i) {
    LineItem& line = *quote.mutable_line_items(i);
    TaxLine(RatesOf(w, quote, line), line);
  }
  Sums all;
  Sums recurring;
  const LineItem* first_recurring = nullptr;
  for (const LineItem& line : quote.line_items()) {
    all.Add(line);
    if (line.price().type() == "recurring") {
      recurring.Add(line);
      if (first_recurring == nullptr) first_recurring = &line;
    }
  }
  const bool trial = quote.subscription_data().has_trial_period_days();
  quote.set_amount_subtotal(all.subtotal);
  quote.set_amount_total(all.total);
  *quote.mutable_total_details() = all.Details();
  QuoteComputed* computed = quote.mutable_computed();
  if (first_recurring != nullptr) {
    QuoteComputedRecurring* r = computed->mutable_recurring();
    r->set_amount_subtotal(recurring.subtotal);
    r->set_amount_total(recurring.total);
    r->set_interval(first_recurring->price().recurring().interval());
    r->set_interval_count(first_recurring->price().recurring().interval_count());
    *r->mutable_total_details() = recurring.Details();
  } else {
    computed->clear_recurring();
  }
  QuoteComputedUpfront* upfront = computed->mutable_upfront();
  upfront->clear_line_items();
  Sums first_invoice;
  for (const LineItem& line : quote.line_items()) {
    LineItem* copy = upfront->add_line_items();
    *copy = line;
    if (trial && line.price().type() == "recurring") {
      copy->set_amount_subtotal(0);
      TaxLine(RatesOf(w, quote, line), *copy);
    }
    first_invoice.Add(*copy);
  }
  upfront->set_amount_subtotal(first_invoice.subtotal);
  upfront->set_amount_total(first_invoice.total);
  *upfront->mutable_total_details() = first_invoice.Details();
}

bool DefaultTaxRatesEmptied(const QuoteCreateParams&) { return false; }
bool DefaultTaxRatesEmptied(const QuoteUpdateParams& params) {
  return params.default_tax_rates_emptied();
}

absl::Status CheckExpiresAt(const World& w, int64_t expires_at) {
  if (expires_at <= w.created()) {
    // UNCERTAIN: Stripe's wording.
    return InvalidRequestError("", "expires_at", "The expiration date must be in the future.");
  }
  return absl::OkStatus();
}

// What create and a draft's update both take, checked and applied to `quote`.
template <class Params>
absl::Status ApplyParams(World& w, const Params& params, Quote& quote) {
  if (params.has_customer() && !(quote.has_customer() && quote.customer() == params.customer())) {
    if (quote.has_customer()) {
      // UNCERTAIN: Stripe's wording ("once specified, it cannot be changed").
      return InvalidRequestError("", "customer",
                                 "The customer of a quote cannot be changed once set.");
    }
    PAYSIM_ASSIGN_OR_RETURN(const Customer* customer,
                            w.customers().Get(params.customer(), "customer"));
    quote.set_customer(customer->id_shared());
    if (customer->has_test_clock()) quote.set_test_clock(customer->test_clock());
  }
  if (params.line_items_size() > 0) PAYSIM_RETURN_IF_ERROR(SetLines(w, params, quote));
  if (params.default_tax_rates_size() > 0) {
    PAYSIM_ASSIGN_OR_RETURN(
        const std::vector<TaxRate> rates,
        CheckBillingTaxRates(w, params.default_tax_rates(), "default_tax_rates"));
    quote.clear_default_tax_rates();
    for (const TaxRate& rate : rates) quote.add_default_tax_rates(rate.id());
  } else if (DefaultTaxRatesEmptied(params)) {
    quote.clear_default_tax_rates();
  }
  if (params.has_expires_at()) {
    PAYSIM_RETURN_IF_ERROR(CheckExpiresAt(w, params.expires_at()));
    quote.set_expires_at(params.expires_at());
  }
  if (params.has_collection_method()) {
    PAYSIM_RETURN_IF_ERROR(ValidateEnum(params.collection_method(),
                                        {"charge_automatically", "send_invoice"},
                                        "collection_method"));
    quote.set_collection_method(params.collection_method());
  }
  QuoteInvoiceSettings* settings = quote.mutable_invoice_settings();
  if (params.invoice_settings().has_days_until_due()) {
    const int64_t days = params.invoice_settings().days_until_due();
    if (days < 0 || days > kMaxDaysUntilDue) {
      return InvalidRequestError("parameter_invalid_integer", "invoice_settings[days_until_due]",
                                 absl::StrCat("This value must be between 0 and ",
                                              kMaxDaysUntilDue, "."));
    }
    settings->set_days_until_due(days);
  }
  if (quote.collection_method() == "send_invoice") {
    if (!settings->has_days_until_due()) {
      // UNCERTAIN: Stripe's wording, as for a subscription's.
      return InvalidRequestError("", "invoice_settings[days_until_due]",
                                 "Quotes with `collection_method=send_invoice` must have "
                                 "`invoice_settings[days_until_due]`.");
    }
  } else if (params.invoice_settings().has_days_until_due()) {
    return InvalidRequestError("", "invoice_settings[days_until_due]",
                               "Quotes with `collection_method=charge_automatically` cannot "
                               "have `invoice_settings[days_until_due]`.");
  } else {
    settings->clear_days_until_due();
  }
  const QuoteSubscriptionDataParams& data = params.subscription_data();
  if (data.has_description()) {
    if (static_cast<int64_t>(data.description().size()) >
        kQuoteSubscriptionDescriptionMaxLength) {
      return StringTooLong("subscription_data[description]",
                           kQuoteSubscriptionDescriptionMaxLength);
    }
    if (data.description().empty()) {
      quote.mutable_subscription_data()->clear_description();
    } else {
      quote.mutable_subscription_data()->set_description(data.description());
    }
  }
  if (data.has_trial_period_days()) {
    if (data.trial_period_days() < 1 || data.trial_period_days() > kSubscriptionMaxTrialDays) {
      return InvalidRequestError("parameter_invalid_integer",
                                 "subscription_data[trial_period_days]",
                                 absl::StrCat("This value must be between 1 and ",
                                              kSubscriptionMaxTrialDays, "."));
    }
    quote.mutable_subscription_data()->set_trial_period_days(data.trial_period_days());
  }
  // Texts: "" clears one.
  if (params.has_description()) {
    if (params.description().empty()) {
      quote.clear_description();
    } else {
      quote.set_description(params.description());
    }
  }
  if (params.has_header()) {
    if (params.header().empty()) {
      quote.clear_header();
    } else {
      quote.set_header(params.header());
    }
  }
  if (params.has_footer()) {
    if (params.footer().empty()) {
      quote.clear_footer();
    } else {
      quote.set_footer(params.footer());
    }
  }
  PAYSIM_RETURN_IF_ERROR(ValidateMetadata(params.metadata()));
  PAYSIM_RETURN_IF_ERROR(MergeMetadata(params.metadata(), quote.mutable_metadata()));
  ComputeAmounts(w, quote);
  return absl::OkStatus();
}

}  // namespace

absl::StatusOr<Quote> CheckQuoteCreate(World& world, const QuoteCreateParams& params) {
  for (int i = 0; i < params.line_items_size(); ++i) {
    // Only an update names existing lines.
    if (params.line_items(i).has_id()) return ParameterUnknown(LineParam(i, "id"));
  }
  Quote draft;
  draft.set_collection_method(PAYSIM_INTERNED("charge_automatically"));
  draft.set_expires_at(absl::ToUnixSeconds(world.now() + kQuoteDefaultLifetime));
  PAYSIM_RETURN_IF_ERROR(ApplyParams(world, params, draft));
  return draft;
}

absl::StatusOr<Quote> CheckQuoteUpdate(World& world, const Quote& current,
                                       const QuoteUpdateParams& params) {
  Quote updated = current;
  if (current.status() == "open") {
    // Stripe: on an open quote "you can only edit the expiration date".
    const QuoteUpdateParams only_expiry = [&] {
      QuoteUpdateParams p;
      if (params.has_expires_at()) p.set_expires_at(params.expires_at());
      return p;
    }();
    if (params.ByteSizeLong() != only_expiry.ByteSizeLong()) {
      // UNCERTAIN: Stripe's wording.
      return InvalidRequestError("", "",
                                 "Only `expires_at` can be updated on an open quote.");
    }
    if (params.has_expires_at()) {
      PAYSIM_RETURN_IF_ERROR(CheckExpiresAt(world, params.expires_at()));
      updated.set_expires_at(params.expires_at());
    }
    return updated;
  }
  PAYSIM_RETURN_IF_ERROR(ApplyParams(world, params, updated));
  return updated;
}

bool QuoteIsRecurring(const Quote& quote) {
  for (const LineItem& line : quote.line_items()) {
    if (line.price().type() == "recurring") return true;
  }
  return false;
}

}  // namespace internal
}  // namespace paysim
