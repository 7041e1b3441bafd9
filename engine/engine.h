// engine.h: paysim's in-process Stripe test-mode engine.
//
// An Engine holds a whole simulated Stripe account: tokens, customers, payment methods,
// charges, payment intents, setup intents, refunds, balance and events, products, prices,
// Checkout Sessions and the subscriptions they start, with Stripe's test
// cards, errors, limits and events.
// Time comes only from the injected Clock and randomness only from the seed, so the same
// seed and the same calls give byte-identical objects, ids and events.
//
// Example:
//   paysim::SimulatedClock clock(absl::FromUnixSeconds(1767225600));  // simulated_clock.h
//   paysim::Engine engine({.clock = &clock, .seed = 42});
//   paysim::ChargeCreateParams params;
//   params.set_amount(999);
//   params.set_currency("usd");
//   params.set_source("tok_visa");
//   params.set_capture(false);
//   absl::StatusOr<paysim::Charge> charge = engine.charges().Create(params);
//   clock.Advance(absl::Hours(24 * 7));          // the hold expires at exactly 7 days
//   engine.charges().Retrieve(charge->id());     // fires the expiry first: charge.expired
//
// Every call first fires the timers due at the clock's now (each at its own due time), so a
// moving SystemClock behaves as a test clock does. Errors are absl::Status values carrying
// Stripe's error (stripe_error.h); a rejected call changes nothing.
//
// Thread safety: an Engine may be used from several threads at once; each call is atomic
// (one engine-wide lock). Event subscribers run after the call that emitted their events
// returns its lock, on that call's thread.
#ifndef PAYSIM_ENGINE_ENGINE_H_
#define PAYSIM_ENGINE_ENGINE_H_

#include <cstdint>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "absl/functional/function_ref.h"
#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/time/time.h"
#include "engine/balance.h"
#include "engine/charges.h"
#include "engine/checkout_page.h"
#include "engine/checkout_sessions.h"
#include "engine/coupons.h"
#include "engine/credit_notes.h"
#include "engine/subscription_items.h"
#include "engine/subscription_schedules.h"
#include "engine/cash_balances.h"
#include "engine/customer_balance_transactions.h"
#include "engine/search.h"
#include "engine/customer_sources.h"
#include "engine/tax_ids.h"
#include "engine/customers.h"
#include "engine/engine_options.h"
#include "engine/events.h"
#include "engine/disputes.h"
#include "engine/payment_intents.h"
#include "engine/payment_methods.h"
#include "engine/invoice_items.h"
#include "engine/invoice_payments.h"
#include "engine/invoices.h"
#include "engine/mandates.h"
#include "engine/meter_events.h"
#include "engine/meters.h"
#include "engine/billing_portal.h"
#include "engine/payouts.h"
#include "engine/topups.h"
#include "engine/quotes.h"
#include "engine/plans.h"
#include "engine/refunds.h"
#include "engine/request_options.h"
#include "engine/prices.h"
#include "engine/products.h"
#include "engine/promotion_codes.h"
#include "engine/setup_intents.h"
#include "engine/subscriptions.h"
#include "engine/payment_links.h"
#include "engine/shipping_rates.h"
#include "engine/tax_rates.h"
#include "engine/test_clocks.h"
#include "engine/snapshot.h"
#include "engine/tokens.h"
#include "google/protobuf/message.h"

namespace paysim {

class Engine {
 public:
  // REQUIRES: options.api_version and options.exchange_rates are valid (see Create for a
  // checked construction).
  explicit Engine(EngineOptions options = {});
  ~Engine();

  Engine(const Engine&) = delete;
  Engine& operator=(const Engine&) = delete;

  // Create()
  //
  // Checks the options (API version) and builds an engine; invalid_request_error otherwise.
  static absl::StatusOr<std::unique_ptr<Engine>> Create(EngineOptions options);

  TokenService& tokens() { return tokens_; }
  CustomerService& customers() { return customers_; }
  // A customer's legacy card sources (/v1/customers/{id}/sources).
  CustomerSourceService& customer_sources() { return customer_sources_; }
  // Customers' tax IDs (/v1/customers/{id}/tax_ids).
  TaxIdService& tax_ids() { return tax_ids_; }
  // Billing meters (/v1/billing/meters) and the usage reported to them
  // (/v1/billing/meter_events, /v1/billing/meter_event_adjustments).
  MeterService& meters() { return meters_; }
  MeterEventService& meter_events() { return meter_events_; }
  // The customer portal (/v1/billing_portal/configurations, /v1/billing_portal/sessions).
  BillingPortalService& billing_portal() { return billing_portal_; }
  // A customer's balance transactions (/v1/customers/{id}/balance_transactions).
  CustomerBalanceTransactionService& customer_balance_transactions() {
    return customer_balance_transactions_;
  }
  // Customers' cash balances and their transactions (cash_balances.h).
  CashBalanceService& cash_balances() { return cash_balances_; }
  // Stripe's Search API over charges, customers, invoices, PaymentIntents, prices, products
  // and subscriptions (search.h).
  SearchService& search() { return search_; }
  PaymentMethodService& payment_methods() { return payment_methods_; }
  ChargeService& charges() { return charges_; }
  PaymentIntentService& payment_intents() { return payment_intents_; }
  SetupIntentService& setup_intents() { return setup_intents_; }
  RefundService& refunds() { return refunds_; }
  BalanceService& balance() { return balance_; }
  EventService& events() { return events_; }
  ProductService& products() { return products_; }
  PriceService& prices() { return prices_; }
  CheckoutSessionService& checkout_sessions() { return checkout_sessions_; }
  // The simulated customer on a Checkout Session's page (test helpers).
  CheckoutPageService& checkout_page() { return checkout_page_; }
  SubscriptionService& subscriptions() { return subscriptions_; }
  // Subscription items (/v1/subscription_items): one price of a subscription at a time.
  SubscriptionItemService& subscription_items() { return subscription_items_; }
  DisputeService& disputes() { return disputes_; }
  EarlyFraudWarningService& early_fraud_warnings() { return early_fraud_warnings_; }
  PayoutService& payouts() { return payouts_; }
  // Top-ups (/v1/topups): money added to the balance from the account's bank.
  TopupService& topups() { return topups_; }
  // Quotes (/v1/quotes): prices offered to a customer, accepted into a subscription or invoice.
  QuoteService& quotes() { return quotes_; }
  // Mandates (/v1/mandates): the customers' permissions to debit their bank accounts.
  MandateService& mandates() { return mandates_; }
  InvoiceService& invoices() { return invoices_; }
  // Invoice payments (/v1/invoice_payments): the payments toward invoices, read-only.
  InvoicePaymentService& invoice_payments() { return invoice_payments_; }
  InvoiceItemService& invoice_items() { return invoice_items_; }
  CouponService& coupons() { return coupons_; }
  PromotionCodeService& promotion_codes() { return promotion_codes_; }
  TaxRateService& tax_rates() { return tax_rates_; }
  ShippingRateService& shipping_rates() { return shipping_rates_; }
  PaymentLinkService& payment_links() { return payment_links_; }
  PlanService& plans() { return plans_; }
  CreditNoteService& credit_notes() { return credit_notes_; }
  // Subscription schedules (/v1/subscription_schedules): a subscription's planned phases.
  SubscriptionScheduleService& subscription_schedules() { return subscription_schedules_; }
  // Test clocks (/v1/test_helpers/test_clocks): customers living on a time of their own.
  TestClockService& test_clocks() { return test_clocks_; }

  // Fires every timer due at the clock's now, emitting their events (API calls do this
  // first anyway; call it to deliver timer events to subscribers without another call).
  void FireDueTimers();

  // The engine's clock reading.
  absl::Time Now() const;

  // Number of timers waiting (holds, tokens, pending funds, idempotency keys).
  size_t pending_timers() const;

  const EngineOptions& options() const;

  // SetExchangeRates()
  //
  // Replaces the exchange rate table Adaptive Pricing quotes from (exchange_rates.h), as the
  // market moving would. Quotes already given keep their rate for their 24 hours; later quotes
  // use `table`. An invalid table is refused (invalid_request_error) and changes nothing.
  // The table is the engine's setting, not its state: a snapshot does not carry it (a restored
  // engine quotes from its own options). Thread-safe.
  absl::Status SetExchangeRates(ExchangeRateTable table);

  // RunIdempotent()
  //
  // For a front door that serves objects kept outside the engine (`paysim serve`'s webhook
  // endpoints and clock): runs `operation` as one call of this engine, with `options`'
  // Idempotency-Key in the account's one key space and the rules of the engine's own
  // state-changing calls (request_options.h). The same key with the same `endpoint` (the
  // request line, e.g. "POST /v1/webhook_endpoints") and `params` replays the first result
  // without running `operation` (setting *options.idempotent_replayed); with another endpoint
  // or other params it is an idempotency_error; a key over 255 characters is an
  // invalid_request_error. A success or a 402 is remembered for 24 simulated hours, any other
  // error is not. Without a key, `operation` simply runs. As every call, it first fires the
  // timers due now; events are delivered once it returns.
  //
  // REQUIRES: `operation` does not call this engine's services, Snapshot or FireDueTimers (it
  // runs under the engine's lock); Now() and options() may be called.
  template <typename T>
  absl::StatusOr<T> RunIdempotent(const RequestOptions& options, absl::string_view endpoint,
                                  const google::protobuf::Message& params,
                                  absl::FunctionRef<absl::StatusOr<T>()> operation);

  // Snapshot()
  //
  // The whole world (objects, timers, events, id generator, idempotency keys, balance) as one
  // consistent instant; snapshot.h says what is and is not saved. Does not fire due timers.
  absl::StatusOr<EngineSnapshot> Snapshot() const;

  // Restore()
  //
  // An engine that continues from `snapshot` exactly as the saved one would have. The clock
  // comes from `options`; every other option (seed, API version, descriptors, currency) from
  // the snapshot. InvalidArgument if the snapshot is malformed or of another format.
  static absl::StatusOr<std::unique_ptr<Engine>> Restore(const EngineSnapshot& snapshot,
                                                         EngineOptions options = {});

  // StateSummary()
  //
  // A cheap summary of how much state the engine holds: objects per store (deleted ones
  // included), events, timers, idempotency keys, numbers drawn by the id generator, and the
  // balance totals per currency. A call that changed nothing leaves it equal (tests of
  // rejected calls compare it before and after). O(stores + currencies).
  std::vector<std::pair<std::string, int64_t>> StateSummary() const;

 private:
  // RunIdempotent on serialized results: `operation` answers its result's bytes; a replay
  // answers the saved ones.
  absl::StatusOr<std::string> RunIdempotentBytes(
      const RequestOptions& options, absl::string_view endpoint,
      const google::protobuf::Message& params,
      absl::FunctionRef<absl::StatusOr<std::string>()> operation);

  std::unique_ptr<internal::World> world_;
  TokenService tokens_;
  CustomerService customers_;
  CustomerSourceService customer_sources_;
  TaxIdService tax_ids_;
  MeterService meters_;
  MeterEventService meter_events_;
  BillingPortalService billing_portal_;
  CustomerBalanceTransactionService customer_balance_transactions_;
  CashBalanceService cash_balances_;
  SearchService search_;
  PaymentMethodService payment_methods_;
  ChargeService charges_;
  PaymentIntentService payment_intents_;
  SetupIntentService setup_intents_;
  RefundService refunds_;
  BalanceService balance_;
  EventService events_;
  ProductService products_;
  PriceService prices_;
  CheckoutSessionService checkout_sessions_;
  CheckoutPageService checkout_page_;
  SubscriptionService subscriptions_;
  DisputeService disputes_;
  EarlyFraudWarningService early_fraud_warnings_;
  PayoutService payouts_;
  TopupService topups_;
  QuoteService quotes_;
  MandateService mandates_;
  InvoiceService invoices_;
  InvoiceItemService invoice_items_;
  CouponService coupons_;
  PromotionCodeService promotion_codes_;
  TaxRateService tax_rates_;
  ShippingRateService shipping_rates_;
  PaymentLinkService payment_links_;
  PlanService plans_;
  CreditNoteService credit_notes_;
  InvoicePaymentService invoice_payments_;
  TestClockService test_clocks_;
  SubscriptionScheduleService subscription_schedules_;
  SubscriptionItemService subscription_items_;
};

// ---- template definitions ----

template <typename T>
absl::StatusOr<T> Engine::RunIdempotent(const RequestOptions& options, absl::string_view endpoint,
                                        const google::protobuf::Message& params,
                                        absl::FunctionRef<absl::StatusOr<T>()> operation) {
  absl::StatusOr<std::string> bytes =
      RunIdempotentBytes(options, endpoint, params, [&]() -> absl::StatusOr<std::string> {
        absl::StatusOr<T> ran = operation();
        if (!ran.ok()) return ran.status();
        return ran->SerializeAsString();
      });
  if (!bytes.ok()) return bytes.status();
  T result;
  if (!result.ParseFromString(*bytes)) return absl::InternalError("idempotent result of another type");
  return result;
}

}  // namespace paysim

#endif  // PAYSIM_ENGINE_ENGINE_H_
