// Adaptive Pricing on Checkout Sessions (checkout_adaptive_pricing.h).
#include "engine/internal/checkout_adaptive_pricing.h"

#include <string>

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
  const int64_t subtotal =
      ConvertAmount(session.amount_subtotal(), source, quote.currency(), quote.rate_micros());
  const int64_t total =
      ConvertAmount(session.amount_total(), source, quote.currency(), quote.rate_micros());
  if (session.presentment_details_shape()) {
    CheckoutPresentmentDetails* details = session.mutable_presentment_details();
    details->set_presentment_amount(total);
    details->set_presentment_currency(quote.currency());
    return;
  }
  CheckoutCurrencyConversion* conversion = session.mutable_currency_conversion();
  conversion->set_amount_subtotal(session.amount_subtotal());
  conversion->set_amount_total(session.amount_total());
  conversion->set_fx_rate(FormatFxRate(quote.rate_micros()));
  conversion->set_source_currency(source);
  session.set_currency(quote.currency());
  session.set_amount_subtotal(subtotal);
  session.set_amount_total(total);
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
