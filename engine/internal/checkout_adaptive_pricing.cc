// Adaptive Pricing on Checkout Sessions (checkout_adaptive_pricing.h).
#include "engine/internal/checkout_adaptive_pricing.h"

#include <string>
#include <utility>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "engine/api_version.h"
#include "engine/exchange_rates.h"
#include "engine/internal/checkout_session_lifecycle.h"
#include "engine/stripe_error.h"

namespace paysim {
namespace internal {
namespace {

bool Eligible(const CheckoutSession& session) {
  return session.adaptive_pricing().enabled() && session.mode() == "payment" &&
         !session.line_items().empty();
}

// A quote still held at `now`: taken less than kAdaptivePricingQuoteLifetime ago.
// Amounts of one currency in another, at a quoted rate.
struct Converter {
  std::string from;
  std::string to;
  int64_t rate_micros;
  int64_t operator()(int64_t amount) const { return ConvertAmount(amount, from, to, rate_micros); }
};

// Converts each of `taxes` (amount, taxable_amount); returns their sum, and adds the exclusive
// ones (added to the price) to `*exclusive`.
int64_t ConvertTaxes(const Converter& convert, obj::Repeated<LineItemTaxAmount>& taxes,
                     int64_t* exclusive) {
  int64_t sum = 0;
  for (int i = 0; i < taxes.size(); ++i) {
    LineItemTaxAmount& tax = *taxes.Mutable(i);
    tax.set_amount(convert(tax.amount()));
    if (tax.has_taxable_amount()) tax.set_taxable_amount(convert(tax.taxable_amount()));
    sum += tax.amount();
    if (!tax.rate().inclusive()) *exclusive += tax.amount();
  }
  return sum;
}

// ConvertSessionAmounts()
//
// Converts `session`'s amounts in place: each leaf (a line's subtotal, its discount and tax
// shares, the shipping subtotal and its taxes) on its own, then every sum from the converted
// leaves, so that the amounts add up in the new currency as they did in the old one (a line's
// total is its subtotal less its discount plus its exclusive tax; the session's subtotal, total
// and total_details the sums of its lines and shipping). Returns the new amount_total.
int64_t ConvertSessionAmounts(const Converter& convert, CheckoutSession& session) {
  int64_t subtotal = 0;
  int64_t discount = 0;
  int64_t tax = 0;
  int64_t total = 0;
  for (int i = 0; i < session.line_items_size(); ++i) {
    LineItem& item = *session.mutable_line_items(i);
    item.set_currency(convert.to);
    item.set_amount_subtotal(convert(item.amount_subtotal()));
    int64_t line_discount = 0;
    for (int k = 0; k < item.discounts_size(); ++k) {
      LineItemDiscountAmount& share = *item.mutable_discounts(k);
      share.set_amount(convert(share.amount()));
      line_discount += share.amount();
    }
    if (item.discounts_size() == 0) line_discount = convert(item.amount_discount());
    item.set_amount_discount(line_discount);
    int64_t exclusive = 0;
    item.set_amount_tax(ConvertTaxes(convert, *item.mutable_taxes(), &exclusive));
    item.set_amount_total(item.amount_subtotal() - line_discount + exclusive);
    subtotal += item.amount_subtotal();
    discount += line_discount;
    tax += item.amount_tax();
    total += item.amount_total();
  }
  CheckoutTotalDetails& details = *session.mutable_total_details();
  if (session.has_shipping_cost()) {
    CheckoutShippingCost& shipping = *session.mutable_shipping_cost();
    shipping.set_amount_subtotal(convert(shipping.amount_subtotal()));
    int64_t exclusive = 0;
    shipping.set_amount_tax(ConvertTaxes(convert, *shipping.mutable_taxes(), &exclusive));
    shipping.set_amount_total(shipping.amount_subtotal() + exclusive);
    details.set_amount_shipping(shipping.amount_subtotal());
    tax += shipping.amount_tax();
    total += shipping.amount_total();
  }
  details.set_amount_discount(discount);
  details.set_amount_tax(tax);
  // The breakdown: the sums of the converted shares, rate by rate.
  CheckoutTotalDetailsBreakdown& breakdown = *details.mutable_breakdown();
  for (int k = 0; k < breakdown.discounts_size(); ++k) {
    breakdown.mutable_discounts(k)->set_amount(discount);  // at most one discount
  }
  for (int k = 0; k < breakdown.taxes_size(); ++k) {
    LineItemTaxAmount& by_rate = *breakdown.mutable_taxes(k);
    int64_t amount = 0;
    int64_t taxable = 0;
    const auto add = [&](const obj::Repeated<LineItemTaxAmount>& shares) {
      for (const LineItemTaxAmount& share : shares) {
        if (share.rate().id() != by_rate.rate().id()) continue;
        amount += share.amount();
        taxable += share.taxable_amount();
      }
    };
    for (const LineItem& item : session.line_items()) add(item.taxes());
    if (session.has_shipping_cost()) add(session.shipping_cost().taxes());
    by_rate.set_amount(amount);
    if (by_rate.has_taxable_amount()) by_rate.set_taxable_amount(taxable);
  }
  session.set_amount_subtotal(subtotal);
  session.set_amount_total(total);
  return total;
}

bool Held(const CheckoutFxQuote& quote, absl::Time now) {
  return now < absl::FromUnixSeconds(quote.quoted_at()) + kAdaptivePricingQuoteLifetime;
}

}  // namespace

absl::Status CheckAdaptivePricing(World& w, const CheckoutSessionCreateParams& params,
                                  const std::string& mode) {
  if (!params.has_adaptive_pricing()) return absl::OkStatus();
  if (!CheckoutTakesAdaptivePricing(w.api_version())) return ParameterUnknown("adaptive_pricing");
  if (params.adaptive_pricing().enabled() && mode == "setup") {
    // UNCERTAIN (wording): a setup-mode session prices nothing to convert.
    return InvalidRequestError("", "adaptive_pricing[enabled]",
                               "Adaptive Pricing is not available in `setup` mode.");
  }
  return absl::OkStatus();
}

void InitAdaptivePricing(World& w, const CheckoutSessionCreateParams& params,
                         CheckoutSession& session) {
  session.mutable_adaptive_pricing()->set_enabled(params.adaptive_pricing().enabled());
  session.set_presentment_details_shape(CheckoutShowsPresentmentDetails(w.api_version()));
}

absl::Status CheckCountry(absl::string_view country, absl::string_view param) {
  if (country.size() != 2 || !absl::ascii_isalpha(country[0]) ||
      !absl::ascii_isalpha(country[1])) {
    // UNCERTAIN (wording): paysim's own test helper.
    return InvalidRequestError(
        "", param,
        absl::StrCat("Invalid country: ", country,
                     ". Give a two-letter ISO 3166-1 country code, such as FR."));
  }
  return absl::OkStatus();
}

absl::optional<CheckoutFxQuote> QuoteFor(World& w, const CheckoutSession& session,
                                         absl::string_view country) {
  if (!Eligible(session)) return absl::nullopt;
  const std::string customer_country = absl::AsciiStrToUpper(
      country.empty() ? absl::string_view(session.fx_quote().country()) : country);
  if (customer_country.empty()) return absl::nullopt;
  const std::string& source = CheckoutSourceCurrency(session);
  const std::string local = LocalCurrency(w.exchange_rates(), customer_country);
  if (local.empty() || local == source) return absl::nullopt;
  if (session.has_fx_quote() && session.fx_quote().currency() == local &&
      Held(session.fx_quote(), w.now())) {
    CheckoutFxQuote kept = session.fx_quote();
    kept.set_country(customer_country);
    return kept;
  }
  absl::StatusOr<int64_t> rate = QuoteFxRate(
      w.exchange_rates(), source, local, FeePartsPerMillion(w.options().adaptive_pricing_fee));
  if (!rate.ok()) return absl::nullopt;  // the merchant's currency has no rate in the table
  CheckoutFxQuote quote;
  quote.set_country(customer_country);
  quote.set_currency(local);
  quote.set_rate_micros(*rate);
  quote.set_quoted_at(w.created());
  return quote;
}

bool PresentmentMayChange(World& w, const CheckoutSession& session) {
  return Eligible(session) && session.status() == "open" && !session.confirming() &&
         CheckoutSessionLifecycle::PaymentIntentOf(w, session) == nullptr;
}

void LocalizeForCustomer(World& w, const CheckoutSession& session, absl::string_view country,
                         bool merchant_currency) {
  if (!PresentmentMayChange(w, session)) return;
  const absl::optional<CheckoutFxQuote> quote =
      merchant_currency ? absl::nullopt : QuoteFor(w, session, country);
  if (!quote.has_value() && !session.has_fx_quote()) return;
  if (quote.has_value() && session.has_fx_quote()) {
    const CheckoutFxQuote& now = session.fx_quote();
    if (now.country() == quote->country() && now.currency() == quote->currency() &&
        now.rate_micros() == quote->rate_micros() && now.quoted_at() == quote->quoted_at()) {
      return;
    }
  }
  CheckoutSessionLifecycle::Localize(w, session, quote);
}

void ApplyPresentment(CheckoutSession& session) {
  session.clear_currency_conversion();
  session.clear_presentment_details();
  if (!session.line_items().empty()) session.set_currency(session.line_items(0).currency());
  if (!session.has_fx_quote()) return;
  const CheckoutFxQuote& quote = session.fx_quote();
  const std::string source = session.currency();
  const Converter convert{source, quote.currency(), quote.rate_micros()};
  if (session.presentment_details_shape()) {
    CheckoutSession shown = session;  // the merchant's amounts stay on the session
    CheckoutPresentmentDetails* details = session.mutable_presentment_details();
    details->set_presentment_amount(ConvertSessionAmounts(convert, shown));
    details->set_presentment_currency(quote.currency());
    return;
  }
  CheckoutCurrencyConversion conversion;
  conversion.set_amount_subtotal(session.amount_subtotal());
  conversion.set_amount_total(session.amount_total());
  conversion.set_fx_rate(FormatFxRate(quote.rate_micros()));
  conversion.set_source_currency(source);
  ConvertSessionAmounts(convert, session);
  *session.mutable_currency_conversion() = std::move(conversion);
  session.set_currency(quote.currency());
}

const std::string& CheckoutSourceCurrency(const CheckoutSession& session) {
  return session.has_currency_conversion() ? session.currency_conversion().source_currency()
                                           : session.currency();
}

int64_t CheckoutShownAmount(const CheckoutSession& session) {
  return session.has_presentment_details() ? session.presentment_details().presentment_amount()
                                           : session.amount_total();
}

const std::string& CheckoutShownCurrency(const CheckoutSession& session) {
  return session.has_presentment_details()
             ? session.presentment_details().presentment_currency()
             : session.currency();
}

}  // namespace internal
}  // namespace paysim
