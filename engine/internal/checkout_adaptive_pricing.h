// checkout_adaptive_pricing.h (internal): Adaptive Pricing on Checkout Sessions
// (`adaptive_pricing[enabled]`): its checks, the exchange rate quoted to the simulated
// customer, and the session's amounts in the customer's currency, shaped by the creating
// request's API version.
//
// paysim's rules (Stripe documents the parameter, the 24-hour rate guarantee, the fee built
// into the rate, and the two response shapes; the rest is decided here):
//   - `adaptive_pricing[enabled]` exists from 2024-11-20.acacia on (before: unknown
//     parameter). Default false (paysim's stand-in for the Dashboard setting); always true
//     for a session opened from a Payment Link, as Stripe documents. Refused with `true` in
//     setup mode (nothing is priced). UNCERTAIN (wording).
//   - Eligible: payment mode only. A subscription-mode session accepts the parameter but is
//     not converted (Stripe converts subscriptions too; paysim does not yet).
//   - The customer's country (CheckoutViewParams / CheckoutPayParams `country`) picks the
//     presentment currency through the engine's exchange rate table (exchange_rates.h). A
//     country without a currency in the table, or whose currency is the session's own, shows
//     the merchant's currency.
//   - A quote (rate with the engine's adaptive_pricing_fee built in) is taken when first
//     needed and held kAdaptivePricingQuoteLifetime (24 hours, exchange_rates.h) on the
//     engine clock: until quoted_at + 24h - 1s the session keeps it even if the table
//     changed; from quoted_at + 24h on, the next view or payment takes a new quote from the
//     table as it then is. A session lives at most 24 hours (kCheckoutSessionLifetime) and is
//     quoted no earlier than its creation, so in practice an open session never outlives its
//     quote: the rate shown is the rate paid, as Stripe guarantees.
//   - Once the session's PaymentIntent exists (a first payment attempt), its presentment is
//     fixed: country changes and requotes no longer apply. UNCERTAIN.
//   - A bank debit (us_bank_account, sepa_debit) pays in the merchant's currency: paying with
//     one converts the session back. UNCERTAIN (Stripe offers local methods in their currency).
//   - Amounts: each leaf amount (a line item's subtotal, its discount and tax shares, the
//     shipping subtotal and its taxes) is converted on its own (exchange_rates.h rounding), and
//     every sum is taken again from the converted leaves, so the customer's amounts add up as
//     the merchant's do. UNCERTAIN: Stripe's rounding of each.
//   - Shape, by the API version that created the session: before 2025-03-31.basil `currency`
//     and every amount (amount_subtotal, amount_total, line items, shipping_cost,
//     total_details and its breakdown) become the customer's and `currency_conversion`
//     carries the merchant's (source) subtotal and total and the rate; from basil on they stay the
//     merchant's and `presentment_details` carries the customer's amount and currency. The
//     PaymentIntent charges the session's amount_total in its currency (so before basil the
//     customer's currency; from basil on the merchant's, with the session's
//     presentment_details copied onto it). UNCERTAIN: which of the two Stripe's PaymentIntent
//     is denominated in from basil on; the changelog only says the session keeps the
//     merchant's currency. The Charge carries no presentment_details here.
//
// REQUIRES (every function taking a World): the world's lock held.
#ifndef PAYSIM_ENGINE_INTERNAL_CHECKOUT_ADAPTIVE_PRICING_H_
#define PAYSIM_ENGINE_INTERNAL_CHECKOUT_ADAPTIVE_PRICING_H_

#include <string>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/time/time.h"
#include "absl/types/optional.h"
#include "engine/internal/world.h"
#include "proto/checkout.obj.h"
#include "proto/checkout_params.pb.h"

namespace paysim {
namespace internal {

// CheckAdaptivePricing()
//
// Checks `params.adaptive_pricing` for a session of `mode`: Stripe's refusal, or OK. Changes
// nothing.
absl::Status CheckAdaptivePricing(World& world, const CheckoutSessionCreateParams& params,
                                  const std::string& mode);

// Sets a new session's `adaptive_pricing` and the shape its API version gives it.
void InitAdaptivePricing(World& world, const CheckoutSessionCreateParams& params,
                         CheckoutSession& session);

// CheckCountry()
//
// OK if `country` is two ASCII letters (any case); otherwise an invalid_request_error naming
// `param`.
absl::Status CheckCountry(absl::string_view country, absl::string_view param);

// The quote `session` should have now for a customer in `country` ("": the country the
// current quote was taken for, if any): nullopt for the merchant's currency (not eligible, no
// local currency, or the same currency). Keeps the session's quote while it is held.
absl::optional<CheckoutFxQuote> QuoteFor(World& world, const CheckoutSession& session,
                                         absl::string_view country);

// Whether `session`'s presentment may still change (eligible, open, no PaymentIntent yet).
bool PresentmentMayChange(World& world, const CheckoutSession& session);

// LocalizeForCustomer()
//
// The customer on the page is in `country` ("": as before): while its presentment may change,
// `session` shows the quote QuoteFor gives (with `merchant_currency`, as for a bank debit, the
// merchant's currency). Writes the session only when its quote changes.
void LocalizeForCustomer(World& world, const CheckoutSession& session, absl::string_view country,
                         bool merchant_currency = false);

// ApplyPresentment()
//
// Shows `session`'s fx_quote (none: the merchant's currency) in its shape. REQUIRES: the
// session's amounts are the merchant's, just filled by FillCheckoutTotals.
void ApplyPresentment(CheckoutSession& session);

// The merchant's currency of `session`, whatever its shape.
const std::string& CheckoutSourceCurrency(const CheckoutSession& session);

// What the customer is asked to pay, and in which currency (the presentment ones once
// converted).
int64_t CheckoutShownAmount(const CheckoutSession& session);
const std::string& CheckoutShownCurrency(const CheckoutSession& session);

}  // namespace internal
}  // namespace paysim

#endif  // PAYSIM_ENGINE_INTERNAL_CHECKOUT_ADAPTIVE_PRICING_H_
