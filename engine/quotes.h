// quotes.h: Quotes (`qt_...`): prices offered to a customer that, once accepted, become a
// subscription or an invoice.
//
// A quote is created as a `draft` (with or without a customer and lines), edited freely,
// finalized (`open`: it gets its number, QT-<the customer's invoice prefix>-0001-1, and can no
// longer change but for expires_at), then accepted (`accepted`: a quote of recurring prices
// starts a subscription of its customer, charged as POST /v1/subscriptions charges (its
// one-time lines as add_invoice_items: on the first invoice), and names it and its first
// invoice; a quote of one-time prices makes a draft invoice for the merchant
// to finalize; engine/internal/quote_acceptance.h) or canceled. A draft or open quote whose
// expires_at comes (by default 30 days after its creation) is canceled then. The lifecycle is
// in engine/internal/quote_lifecycle.h. Quotes of a customer on a test clock live on its time.
//
// Lines: `line_items[i][price]` (an active price) or `[price_data]` (`currency`, `product`,
// `unit_amount`, `recurring[interval|interval_count]`, `tax_behavior`: a Price made for the
// line, inactive as Stripe makes them, never listed, no price.created; accepting bills that
// same price), and `[quantity]`. An update's line_items replace the lines: `[id]` keeps an
// existing line (its id; its price and quantity unless given), the others are new.
//
// Tax rates: `line_items[i][tax_rates]` (a line's own; a kept line keeps its own unless given,
// `tax_rates=` removes them) and `default_tax_rates` (the rates of lines without their own;
// `default_tax_rates=` on an update removes them): `txr_...`, active, the account's own.
// Accepting carries them: the subscription's items and default_tax_rates (one-time lines as
// add_invoice_items with their rates), or the invoice's items and default_tax_rates.
//
// Amounts: each line bills its price times its quantity (tiers as the price says), taxed by
// its rates as Checkout taxes a line item (exclusive rates on top, inclusive ones within:
// engine/internal/checkout_totals.h; the line's amount_tax and `taxes`, includable as
// `data.taxes` in its line items list); amount_subtotal, amount_total and
// total_details.amount_tax are the lines' sums; computed.recurring is what each interval of
// the subscription bills (null without recurring prices); computed.upfront is the first
// invoice (recurring lines free with subscription_data[trial_period_days]). No discounts or
// shipping here: their amounts are 0.
//
// Example:
//   auto quote = engine.quotes().Create(ParseParams<QuoteCreateParams>(R"pb(
//       customer: "cus_..." line_items { price: "price_monthly" quantity: 10 })pb"));
//   engine.quotes().Finalize(quote->id(), {});   // open, numbered
//   engine.quotes().Accept(quote->id());         // accepted: quote->subscription() is active
//
// Not yet (refused as unknown parameters): line_items[][price_data][unit_amount_decimal],
// line_items[][discounts], discounts, automatic_tax, from_quote (revisions),
// subscription_data[effective_date] (subscription schedules), test_clock (quotes without a
// customer on a clock), Connect's application_fee_*, on_behalf_of and transfer_data; the
// PDF. quote.will_expire comes with EngineOptions::quote_will_expire_days (Stripe's
// Automations; off by default) that many days before an open quote's expires_at.
//
// Errors (a refused call changes nothing):
//   - an unknown customer or price: resource_missing (param customer, line_items[i][price]); a
//     line without a price: parameter_missing; price_data beside price, or its parameters
//     missing or refused as POST /v1/prices refuses them: named under
//     line_items[i][price_data]; an update's [id] not a line of the quote (resource_missing)
//     or named twice, a create's [id] (parameter_unknown); an inactive price or product, a metered price,
//     a quantity below 1, prices of two currencies or two intervals, or more than
//     kQuoteMaxLineItems lines: invalid_request_error naming the line;
//   - an unknown or automatic tax rate (resource_missing) or an inactive one, named
//     line_items[i][tax_rates][j] or default_tax_rates[j];
//   - expires_at not in the future; collection_method other than charge_automatically or
//     send_invoice; send_invoice without invoice_settings[days_until_due] or
//     charge_automatically with it (0..1095); subscription_data[description] longer than
//     kQuoteSubscriptionDescriptionMaxLength; subscription_data[trial_period_days] outside
//     1..730: invalid_request_error naming the parameter; metadata as everywhere;
//   - a customer changed once set; an update of an open quote other than expires_at, or of an
//     accepted or canceled one; finalize of a quote that is not a draft, has no customer or no
//     line; accept of a quote that is not open; cancel of an accepted or canceled one:
//     invalid_request_error (400);
//   - accept of a recurring quote whose subscription POST /v1/subscriptions would refuse (the
//     customer has no way to pay automatically, ...): that refusal;
//   - an unknown quote: resource_missing (404); list `status` other than Stripe's four.
// Events: quote.created, quote.finalized, quote.accepted (after the subscription's or
// invoice's own), quote.canceled (cancel and expiry), quote.will_expire (above). Updates emit none (Stripe has no
// quote.updated).
// Thread safety: thread-safe.
#ifndef PAYSIM_ENGINE_QUOTES_H_
#define PAYSIM_ENGINE_QUOTES_H_

#include <cstdint>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/time/time.h"
#include "engine/list.h"
#include "engine/request_options.h"
#include "proto/checkout.obj.h"
#include "proto/quote.obj.h"
#include "proto/quote_params.pb.h"

namespace paysim {
namespace internal {
class World;
}  // namespace internal

// UNCERTAIN: Stripe documents no limit; paysim takes a subscription's (20 items).
constexpr int kQuoteMaxLineItems = 20;
// Stripe's default expiry (its quote template's default): 30 days after creation.
constexpr absl::Duration kQuoteDefaultLifetime = absl::Hours(24 * 30);
// Stripe's API reference: subscription_data[description] "Maximum length of 500".
constexpr int64_t kQuoteSubscriptionDescriptionMaxLength = 500;

class QuoteService {
 public:
  explicit QuoteService(internal::World* world) : world_(world) {}

  // A draft quote. Event quote.created.
  absl::StatusOr<Quote> Create(const QuoteCreateParams& params,
                               const RequestOptions& options = {});

  absl::StatusOr<Quote> Retrieve(absl::string_view id, const RequestOptions& options = {});

  // A draft's fields (line_items given replace the lines: new ids but for the lines `[id]`
  // keeps; "" clears a text;
  // metadata merges), or an open quote's expires_at. No event.
  absl::StatusOr<Quote> Update(absl::string_view id, const QuoteUpdateParams& params,
                               const RequestOptions& options = {});

  // draft -> open (with `expires_at`, a new expiry). Event quote.finalized.
  absl::StatusOr<Quote> Finalize(absl::string_view id, const QuoteFinalizeParams& params,
                                 const RequestOptions& options = {});

  // open -> accepted: the subscription or invoice made. Event quote.accepted.
  absl::StatusOr<Quote> Accept(absl::string_view id, const RequestOptions& options = {});

  // draft or open -> canceled. Event quote.canceled.
  absl::StatusOr<Quote> Cancel(absl::string_view id, const RequestOptions& options = {});

  // Newest first; filtered by `customer`, `status` and `test_clock` when given.
  absl::StatusOr<ListResult<Quote>> List(const QuoteListParams& params,
                                         const RequestOptions& options = {});

  // The quote's lines, in order (GET /v1/quotes/{id}/line_items).
  absl::StatusOr<ListResult<LineItem>> ListLineItems(absl::string_view id,
                                                     const QuoteLineItemListParams& params,
                                                     const RequestOptions& options = {});

  // The lines of the first invoice (GET /v1/quotes/{id}/computed_upfront_line_items).
  absl::StatusOr<ListResult<LineItem>> ListUpfrontLineItems(
      absl::string_view id, const QuoteLineItemListParams& params,
      const RequestOptions& options = {});

 private:
  internal::World* world_;
};

}  // namespace paysim

#endif  // PAYSIM_ENGINE_QUOTES_H_
