// world.h (internal): the whole state of one Engine and the frame of every API call.
//
// Every public call goes through World::Run: take the lock, fire the timers due at the
// clock's `now` (each at its own due time), run the operation, release the lock, then hand
// the events to in-process subscribers. Operations are written as: validate -> read ->
// transition -> commit, so a rejected call returns before changing anything.
//
// The state is private. Each resource's objects live in a Store (store.h) that every module
// reads and only the module owning that resource's lifecycle writes (the lifecycle modules
// in this folder: charge_lifecycle.h, payment_intent_lifecycle.h, ...). Everything here is
// guarded by the world's lock: the accessors below REQUIRE it held, which World::Run does for
// the operation it runs.
//
// Not part of the public API.
#ifndef PAYSIM_ENGINE_INTERNAL_WORLD_H_
#define PAYSIM_ENGINE_INTERNAL_WORLD_H_

#include <atomic>
#include <deque>
#include <map>
#include <string>
#include <type_traits>
#include <utility>
#include <vector>

#include "absl/base/thread_annotations.h"
#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/time.h"
#include "engine/clock.h"
#include "engine/engine_options.h"
#include "engine/exchange_rates.h"
#include "engine/internal/event_log.h"
#include "engine/internal/id_generator.h"
#include "engine/internal/meter_event_index.h"
#include "engine/internal/ordinal_index.h"
#include "engine/internal/idempotency.h"
#include "engine/internal/store.h"
#include "engine/internal/store_owners.h"
#include "engine/internal/store_ref.h"
#include "engine/internal/timer_queue.h"
#include "engine/request_options.h"
#include "engine/stripe_error.h"
#include "proto/balance.obj.h"
#include "proto/billing.obj.h"
#include "proto/card.obj.h"
#include "proto/catalog.obj.h"
#include "proto/charge.obj.h"
#include "proto/checkout.obj.h"
#include "proto/coupon.obj.h"
#include "proto/credit_note.obj.h"
#include "proto/customer.obj.h"
#include "proto/dispute.obj.h"
#include "proto/payment_intent.obj.h"
#include "proto/payment_method.obj.h"
#include "proto/mandate.obj.h"
#include "proto/meter.obj.h"
#include "proto/billing_portal.obj.h"
#include "proto/payout.obj.h"
#include "proto/topup.obj.h"
#include "proto/quote.obj.h"
#include "proto/promotion_code.obj.h"
#include "proto/refund.obj.h"
#include "proto/subscription_schedule.obj.h"
#include "proto/payment_link.obj.h"
#include "proto/shipping_rate.obj.h"
#include "proto/tax_rate.obj.h"
#include "proto/test_clock.obj.h"
#include "proto/token.obj.h"

namespace paysim {
namespace internal {

// Per currency: the sums of the nets of available and pending balance transactions.
struct BalanceTotals {
  int64_t available = 0;
  int64_t pending = 0;
};

class World {
 public:
  explicit World(const EngineOptions& options);

  World(const World&) = delete;
  World& operator=(const World&) = delete;

  // ---- the call frame ----

  // Runs `operation` (returning absl::Status or absl::StatusOr<T>) as one API call.
  template <typename F>
  auto Run(const RequestOptions& request, F&& operation) -> decltype(operation());

  // Like Run, for calls that change state: replays the saved result of an earlier request with
  // the same Idempotency-Key, endpoint and params, refuses the key with other params, saves
  // what it runs. T is the object type returned (serializable). `endpoint` is the request line
  // ("POST /v1/charges"), or a callable making it: it is only needed when a key is given.
  template <typename T, typename Endpoint, typename F>
  absl::StatusOr<T> RunIdempotent(const RequestOptions& request, Endpoint&& endpoint,
                                  const google::protobuf::Message& params, F&& operation);

  // Runs `f()` under the lock, outside any call (no timers fired, no request): reads of the
  // engine's state (snapshots, summaries, subscriptions).
  template <typename F>
  auto Locked(F&& f) const -> decltype(f()) {
    absl::MutexLock lock(&mu_);
    return f();
  }

  // Fires every timer due at the clock's now. Outside a call; takes the lock.
  void FireDueTimers() ABSL_LOCKS_EXCLUDED(mu_);

  // The clock (its reading may be ahead of now() between calls). Safe without the lock.
  Clock* clock() const { return clock_; }
  const EngineOptions& options() const { return options_; }  // immutable

  // Replaces the exchange rate table (Engine::SetExchangeRates). Outside a call; takes the lock.
  void SetExchangeRates(ExchangeRateTable table) ABSL_LOCKS_EXCLUDED(mu_) {
    absl::MutexLock lock(&mu_);
    exchange_rates_ = std::move(table);
  }

  // ---- what operations use (REQUIRES: the lock held) ----

  // Tells clang's thread-safety analysis that the caller holds the lock, as every function
  // taking a World requires (their comments say so; the analysis cannot follow a requirement
  // through a World& parameter). It checks nothing at run time.
  void AssumeLocked() const ABSL_ASSERT_EXCLUSIVE_LOCK(mu_) {}

  // The instant being processed (a timer's due time while it fires).
  absl::Time now() const {
    AssumeLocked();
    return now_;
  }
  // Unix seconds of now().
  int64_t created() const { return absl::ToUnixSeconds(now()); }
  // The engine's own timeline's instant: now(), or inside a TimelineScope the instant the
  // engine was at when the scope began (a test clock's time is not the engine's).
  absl::Time engine_now() const {
    AssumeLocked();
    return timelines_ == 0 ? now_ : engine_now_;
  }
  // The exchange rate table Adaptive Pricing quotes from now.
  const ExchangeRateTable& exchange_rates() const {
    AssumeLocked();
    return exchange_rates_;
  }
  // The API version of the request being processed.
  const std::string& api_version() const {
    AssumeLocked();
    return request_api_version_;
  }
  // The id of the request being processed ("" while timers fire).
  std::string request_id() const {
    AssumeLocked();
    return request_.Request().id();
  }

  IdGenerator& ids() { return ids_; }
  // The current timeline's timers: the engine's own, or a test clock's inside a TimelineScope.
  TimerQueue& timers() {
    AssumeLocked();
    return *current_timers_;
  }
  EventLog& events() { return events_; }
  const EventLog& events() const { return events_; }

  // Emits an event stamped with the current instant and request about `object` (a resource:
  // Charge, PaymentIntent...; the event shares its version). `type` must have static storage
  // (a literal). T is one of EventObject's resources: world.cc instantiates these two for each
  // (defined there, so that the files calling them do not compile EventObject's code).
  template <typename T>
  void Emit(absl::string_view type, const T& object, std::string previous_attributes = "");
  // As Emit, for a `*.updated` event whose previous_attributes are what differs between
  // `before` (the object's former version) and `object` (computed when the event is read).
  template <typename T>
  void EmitChange(absl::string_view type, const T& object, const T& before);

  // ---- the stores: every module reads them, the owner alone writes ----

  Store<Token, TokenLifecycle>& tokens() { return tokens_; }
  Store<Card, CustomerLifecycle>& cards() { return cards_; }  // customers' saved cards
  OrdinalIndex& customer_cards(WriteKey<CustomerLifecycle>) { return customer_cards_; }
  OrdinalIndex& clock_customers(WriteKey<CustomerLifecycle>) { return clock_customers_; }
  Store<Customer, CustomerLifecycle>& customers() { return customers_; }
  // The movements of customers' balances (customer_balance_lifecycle.h).
  Store<CustomerBalanceTransaction, CustomerBalanceLifecycle>& customer_balance_transactions() {
    return customer_balance_transactions_;
  }
  OrdinalIndex& customer_balance_history(WriteKey<CustomerBalanceLifecycle>) {
    return customer_balance_history_;
  }
  // The movements of customers' cash balances (cash_balance_lifecycle.h).
  Store<CustomerCashBalanceTransaction, CashBalanceLifecycle>& cash_balance_transactions() {
    return cash_balance_transactions_;
  }
  OrdinalIndex& customer_cash_history(WriteKey<CashBalanceLifecycle>) {
    return customer_cash_history_;
  }
  Store<PaymentMethod, PaymentMethodLifecycle>& payment_methods() { return payment_methods_; }
  OrdinalIndex& customer_payment_methods(WriteKey<PaymentMethodLifecycle>) {
    return customer_payment_methods_;
  }
  // Behind each `us_bank_account` PaymentMethod: its account and routing numbers.
  Store<UsBankAccount, PaymentMethodLifecycle>& us_bank_accounts() { return us_bank_accounts_; }
  Store<Charge, ChargeLifecycle>& charges() { return charges_; }
  OrdinalIndex& customer_charges(WriteKey<ChargeLifecycle>) { return customer_charges_; }
  OrdinalIndex& intent_charges(WriteKey<ChargeLifecycle>) { return intent_charges_; }
  Store<Refund, RefundLifecycle>& refunds() { return refunds_; }
  OrdinalIndex& charge_refunds(WriteKey<RefundLifecycle>) { return charge_refunds_; }
  Store<PaymentIntent, PaymentIntentLifecycle>& payment_intents() { return payment_intents_; }
  OrdinalIndex& customer_payment_intents(WriteKey<PaymentIntentLifecycle>) {
    return customer_payment_intents_;
  }
  Store<SetupIntent, SetupIntentLifecycle>& setup_intents() { return setup_intents_; }
  OrdinalIndex& customer_setup_intents(WriteKey<SetupIntentLifecycle>) {
    return customer_setup_intents_;
  }
  Store<Product, ProductLifecycle>& products() { return products_; }
  Store<Price, PriceLifecycle>& prices() { return prices_; }
  Store<CheckoutSession, CheckoutSessionLifecycle>& checkout_sessions() {
    return checkout_sessions_;
  }
  OrdinalIndex& customer_checkout_sessions(WriteKey<CheckoutSessionLifecycle>) {
    return customer_checkout_sessions_;
  }
  OrdinalIndex& intent_sessions(WriteKey<CheckoutSessionLifecycle>) { return intent_sessions_; }
  // The account's payment method settings (one object, id "default").
  Store<PaymentMethodSettings, CheckoutSessionLifecycle>& payment_method_settings() {
    return payment_method_settings_;
  }
  Store<Subscription, SubscriptionLifecycle>& subscriptions() { return subscriptions_; }
  OrdinalIndex& customer_subscriptions(WriteKey<SubscriptionLifecycle>) {
    return customer_subscriptions_;
  }
  Store<Dispute, DisputeLifecycle>& disputes() { return disputes_; }
  Store<EarlyFraudWarning, DisputeLifecycle>& early_fraud_warnings() {
    return early_fraud_warnings_;
  }
  Store<Payout, PayoutLifecycle>& payouts() { return payouts_; }
  Store<Topup, TopupLifecycle>& topups() { return topups_; }
  Store<Quote, QuoteLifecycle>& quotes() { return quotes_; }
  OrdinalIndex& customer_quotes(WriteKey<QuoteLifecycle>) { return customer_quotes_; }
  Store<Mandate, MandateLifecycle>& mandates() { return mandates_; }
  Store<TaxId, TaxIdLifecycle>& tax_ids() { return tax_ids_; }  // customers' tax IDs
  OrdinalIndex& customer_tax_ids(WriteKey<TaxIdLifecycle>) { return customer_tax_ids_; }
  Store<BillingMeter, MeterLifecycle>& billing_meters() { return billing_meters_; }
  // The usage reported to meters (meter_usage.h), and its lookups (kept by MeterUsage).
  Store<BillingMeterEvent, MeterUsage>& billing_meter_events() { return billing_meter_events_; }
  MeterEventIndex& meter_event_index() { return meter_event_index_; }
  // The customer portal's configurations and sessions (billing_portal_lifecycle.h).
  Store<BillingPortalConfiguration, BillingPortalLifecycle>& billing_portal_configurations() {
    return billing_portal_configurations_;
  }
  Store<BillingPortalSession, BillingPortalLifecycle>& billing_portal_sessions() {
    return billing_portal_sessions_;
  }
  Store<Invoice, InvoiceLifecycle>& invoices() { return invoices_; }
  OrdinalIndex& customer_invoices(WriteKey<InvoiceLifecycle>) { return customer_invoices_; }
  OrdinalIndex& payment_invoices(WriteKey<InvoiceLifecycle>) { return payment_invoices_; }
  Store<InvoiceItem, InvoiceItemLifecycle>& invoice_items() { return invoice_items_; }
  OrdinalIndex& pending_items(WriteKey<InvoiceItemLifecycle>) { return pending_items_; }
  OrdinalIndex& customer_items(WriteKey<InvoiceItemLifecycle>) { return customer_items_; }
  OrdinalIndex& invoiced_items(WriteKey<InvoiceItemLifecycle>) { return invoiced_items_; }
  Store<Coupon, CouponLifecycle>& coupons() { return coupons_; }
  Store<PromotionCode, PromotionCodeLifecycle>& promotion_codes() { return promotion_codes_; }
  Store<TaxRate, TaxRateLifecycle>& tax_rates() { return tax_rates_; }
  Store<ShippingRate, ShippingRateLifecycle>& shipping_rates() { return shipping_rates_; }
  Store<PaymentLink, PaymentLinkLifecycle>& payment_links() { return payment_links_; }
  Store<CreditNote, CreditNoteLifecycle>& credit_notes() { return credit_notes_; }
  OrdinalIndex& invoice_credit_notes(WriteKey<CreditNoteLifecycle>) {
    return invoice_credit_notes_;
  }
  Store<SubscriptionSchedule, SubscriptionScheduleLifecycle>& subscription_schedules() {
    return subscription_schedules_;
  }
  Store<BalanceTransaction, BalanceLedger>& balance_transactions() {
    return balance_transactions_;
  }

  // The balance per currency (sorted); the ledger alone changes it.
  const std::map<std::string, BalanceTotals>& balance_totals() const { return balance_totals_; }
  std::map<std::string, BalanceTotals>& balance_totals(WriteKey<BalanceLedger>) {
    return balance_totals_;
  }

  Store<TestClock, TestClockLifecycle>& test_clocks() { return test_clocks_; }

  // ---- timelines (test clocks; test_clock_lifecycle.h owns them) ----

  // The timers of test clock `clock_id` (made empty on first use); erased with the clock.
  TimerQueue& clock_timers(absl::string_view clock_id);
  void EraseClockTimers(absl::string_view clock_id);

  // Fires `timer` on the current timeline: now() becomes its due time; the events it emits
  // are automatic (no request id, the account's API version).
  void FireTimer(const Timer& timer);

  // What follows in this call is automatic: events carry no request id (Stripe's asynchronous
  // work, e.g. a test clock becoming ready).
  void ClearRequest() {
    AssumeLocked();
    request_.Clear();
  }

  // Makes another timeline current while it lives: now() is `now` and timers() is `timers`
  // (a test clock's frozen_time and queue); both are restored when it ends. Scopes nest. A
  // default-constructed scope changes nothing (the engine's own timeline).
  class TimelineScope {
   public:
    TimelineScope() = default;
    TimelineScope(World* world, TimerQueue* timers, absl::Time now);  // world.cc
    ~TimelineScope();
    TimelineScope(const TimelineScope&) = delete;
    TimelineScope& operator=(const TimelineScope&) = delete;

   private:
    World* world_ = nullptr;
    TimerQueue* saved_timers_ = nullptr;
    absl::Time saved_now_;
  };

  // Every object store, by name: snapshots (snapshot.cc) save and restore them through this
  // list, and Engine::StateSummary counts it. A new store is one line in world.cc.
  std::vector<StoreRef> Stores();

 private:
  friend class WorldSnapshot;  // snapshot.cc: saves and restores every field

  void FireDueTimersLocked() ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_);
  absl::Status BeginCall(const RequestOptions& request) ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_);
  // Hands events to subscribers in emission order, outside `mu_`. A handler that calls back
  // into the engine queues that call's events behind the ones still being delivered; whichever
  // thread is delivering drains the queue.
  void Deliver() ABSL_LOCKS_EXCLUDED(mu_);
  // Queues the deliveries the call emitted behind those of earlier calls. Done while `mu_` is
  // still held, so that concurrent calls queue their events in the order they emitted them.
  void QueueDeliveries() ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_);
  // Drops the events older than options_.event_retention at `now` (engine time, Unix seconds).
  // What Emit and EmitChange record (world.cc).
  void EmitObject(absl::string_view type, EventObject object, std::string previous_attributes);
  void EmitChangedObject(absl::string_view type, EventObject object, EventObject before);
  void ForgetOldEvents(int64_t now) ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_);

  const EngineOptions options_;
  Clock* const clock_;

  mutable absl::Mutex mu_;
  absl::Time now_ ABSL_GUARDED_BY(mu_);
  // Inside TimelineScopes (timelines_ deep): the engine's own now() when the first began.
  absl::Time engine_now_ ABSL_GUARDED_BY(mu_);
  int timelines_ ABSL_GUARDED_BY(mu_) = 0;
  std::string request_api_version_ ABSL_GUARDED_BY(mu_);
  ExchangeRateTable exchange_rates_ ABSL_GUARDED_BY(mu_);
  EventOrigin request_ ABSL_GUARDED_BY(mu_);  // id/idempotency key of the call in progress
  uint64_t calls_ ABSL_GUARDED_BY(mu_) = 0;    // API calls so far: numbers their request ids
  IdGenerator ids_ ABSL_GUARDED_BY(mu_);
  TimerQueue timers_ ABSL_GUARDED_BY(mu_);
  // The test clocks' timers, by clock id; current_timers_ is timers_ outside a TimelineScope.
  std::map<std::string, TimerQueue, std::less<>> clock_timers_ ABSL_GUARDED_BY(mu_);
  TimerQueue* current_timers_ ABSL_GUARDED_BY(mu_) = &timers_;
  EventLog events_ ABSL_GUARDED_BY(mu_);
  IdempotencyCache idempotency_ ABSL_GUARDED_BY(mu_);
  Store<Token, TokenLifecycle> tokens_ ABSL_GUARDED_BY(mu_){"token"};
  Store<Card, CustomerLifecycle> cards_ ABSL_GUARDED_BY(mu_){"source"};
  OrdinalIndex customer_cards_ ABSL_GUARDED_BY(mu_);  // CustomerLifecycle's
  OrdinalIndex clock_customers_ ABSL_GUARDED_BY(mu_);  // by test clock; CustomerLifecycle's
  Store<Customer, CustomerLifecycle> customers_ ABSL_GUARDED_BY(mu_){"customer"};
  Store<CustomerBalanceTransaction, CustomerBalanceLifecycle> customer_balance_transactions_
      ABSL_GUARDED_BY(mu_){"customer balance transaction"};
  OrdinalIndex customer_balance_history_ ABSL_GUARDED_BY(mu_);  // CustomerBalanceLifecycle's
  Store<CustomerCashBalanceTransaction, CashBalanceLifecycle> cash_balance_transactions_
      ABSL_GUARDED_BY(mu_){"customer cash balance transaction"};
  OrdinalIndex customer_cash_history_ ABSL_GUARDED_BY(mu_);  // CashBalanceLifecycle's
  Store<PaymentMethod, PaymentMethodLifecycle> payment_methods_ ABSL_GUARDED_BY(mu_){
      "PaymentMethod"};
  OrdinalIndex customer_payment_methods_ ABSL_GUARDED_BY(mu_);  // PaymentMethodLifecycle's
  Store<UsBankAccount, PaymentMethodLifecycle> us_bank_accounts_ ABSL_GUARDED_BY(mu_){
      "bank account"};
  Store<Charge, ChargeLifecycle> charges_ ABSL_GUARDED_BY(mu_){"charge"};
  OrdinalIndex customer_charges_ ABSL_GUARDED_BY(mu_);  // ChargeLifecycle's
  OrdinalIndex intent_charges_ ABSL_GUARDED_BY(mu_);    // ChargeLifecycle's
  Store<Refund, RefundLifecycle> refunds_ ABSL_GUARDED_BY(mu_){"refund"};
  OrdinalIndex charge_refunds_ ABSL_GUARDED_BY(mu_);  // RefundLifecycle's
  Store<PaymentIntent, PaymentIntentLifecycle> payment_intents_ ABSL_GUARDED_BY(mu_){
      "payment_intent"};
  OrdinalIndex customer_payment_intents_ ABSL_GUARDED_BY(mu_);  // PaymentIntentLifecycle's
  Store<SetupIntent, SetupIntentLifecycle> setup_intents_ ABSL_GUARDED_BY(mu_){"setup_intent"};
  OrdinalIndex customer_setup_intents_ ABSL_GUARDED_BY(mu_);  // SetupIntentLifecycle's
  Store<Product, ProductLifecycle> products_ ABSL_GUARDED_BY(mu_){"product"};
  Store<Price, PriceLifecycle> prices_ ABSL_GUARDED_BY(mu_){"price"};
  Store<CheckoutSession, CheckoutSessionLifecycle> checkout_sessions_ ABSL_GUARDED_BY(mu_){
      "checkout.session"};
  OrdinalIndex customer_checkout_sessions_ ABSL_GUARDED_BY(mu_);  // CheckoutSessionLifecycle's
  OrdinalIndex intent_sessions_ ABSL_GUARDED_BY(mu_);  // by PaymentIntent; the same owner's
  Store<PaymentMethodSettings, CheckoutSessionLifecycle> payment_method_settings_
      ABSL_GUARDED_BY(mu_){"payment method settings"};
  Store<Subscription, SubscriptionLifecycle> subscriptions_ ABSL_GUARDED_BY(mu_){"subscription"};
  OrdinalIndex customer_subscriptions_ ABSL_GUARDED_BY(mu_);  // SubscriptionLifecycle's
  Store<Dispute, DisputeLifecycle> disputes_ ABSL_GUARDED_BY(mu_){"dispute"};
  Store<EarlyFraudWarning, DisputeLifecycle> early_fraud_warnings_ ABSL_GUARDED_BY(mu_){
      "radar.early_fraud_warning"};
  Store<Payout, PayoutLifecycle> payouts_ ABSL_GUARDED_BY(mu_){"payout"};
  Store<Topup, TopupLifecycle> topups_ ABSL_GUARDED_BY(mu_){"topup"};
  Store<Quote, QuoteLifecycle> quotes_ ABSL_GUARDED_BY(mu_){"quote"};
  OrdinalIndex customer_quotes_ ABSL_GUARDED_BY(mu_);  // QuoteLifecycle's
  Store<Mandate, MandateLifecycle> mandates_ ABSL_GUARDED_BY(mu_){"mandate"};
  Store<TaxId, TaxIdLifecycle> tax_ids_ ABSL_GUARDED_BY(mu_){"tax_id"};
  OrdinalIndex customer_tax_ids_ ABSL_GUARDED_BY(mu_);  // TaxIdLifecycle's
  Store<BillingMeter, MeterLifecycle> billing_meters_ ABSL_GUARDED_BY(mu_){"billing.meter"};
  Store<BillingMeterEvent, MeterUsage> billing_meter_events_ ABSL_GUARDED_BY(mu_){
      "billing.meter_event"};
  MeterEventIndex meter_event_index_ ABSL_GUARDED_BY(mu_);
  Store<BillingPortalConfiguration, BillingPortalLifecycle> billing_portal_configurations_
      ABSL_GUARDED_BY(mu_){"billing_portal.configuration"};
  Store<BillingPortalSession, BillingPortalLifecycle> billing_portal_sessions_
      ABSL_GUARDED_BY(mu_){"billing_portal.session"};
  Store<Invoice, InvoiceLifecycle> invoices_ ABSL_GUARDED_BY(mu_){"invoice"};
  OrdinalIndex customer_invoices_ ABSL_GUARDED_BY(mu_);  // InvoiceLifecycle's
  OrdinalIndex payment_invoices_ ABSL_GUARDED_BY(mu_);  // by invoice payment id; the same's
  Store<InvoiceItem, InvoiceItemLifecycle> invoice_items_ ABSL_GUARDED_BY(mu_){"invoiceitem"};
  OrdinalIndex pending_items_ ABSL_GUARDED_BY(mu_);  // by customer; InvoiceItemLifecycle's
  OrdinalIndex customer_items_ ABSL_GUARDED_BY(mu_);  // all, by customer; the same owner's
  OrdinalIndex invoiced_items_ ABSL_GUARDED_BY(mu_);  // by invoice; the same owner's
  Store<Coupon, CouponLifecycle> coupons_ ABSL_GUARDED_BY(mu_){"coupon"};
  Store<PromotionCode, PromotionCodeLifecycle> promotion_codes_ ABSL_GUARDED_BY(mu_){
      "promotion_code"};
  Store<TaxRate, TaxRateLifecycle> tax_rates_ ABSL_GUARDED_BY(mu_){"tax_rate"};
  Store<ShippingRate, ShippingRateLifecycle> shipping_rates_ ABSL_GUARDED_BY(mu_){
      "shipping_rate"};
  Store<PaymentLink, PaymentLinkLifecycle> payment_links_ ABSL_GUARDED_BY(mu_){"payment_link"};
  Store<CreditNote, CreditNoteLifecycle> credit_notes_ ABSL_GUARDED_BY(mu_){"credit_note"};
  OrdinalIndex invoice_credit_notes_ ABSL_GUARDED_BY(mu_);  // CreditNoteLifecycle's
  Store<SubscriptionSchedule, SubscriptionScheduleLifecycle> subscription_schedules_
      ABSL_GUARDED_BY(mu_){"subscription_schedule"};
  Store<BalanceTransaction, BalanceLedger> balance_transactions_ ABSL_GUARDED_BY(mu_){
      "balance transaction"};
  Store<TestClock, TestClockLifecycle> test_clocks_ ABSL_GUARDED_BY(mu_){"test_clock"};
  std::map<std::string, BalanceTotals> balance_totals_ ABSL_GUARDED_BY(mu_);

  absl::Mutex delivery_mu_ ABSL_ACQUIRED_AFTER(mu_);
  std::deque<std::pair<EventHandler, Event>> delivery_queue_ ABSL_GUARDED_BY(delivery_mu_);
  bool delivering_ ABSL_GUARDED_BY(delivery_mu_) = false;
  // delivery_queue_'s size, written under delivery_mu_: Deliver() takes no lock when nothing
  // is queued (most calls: no subscriber wanted their events).
  std::atomic<size_t> queued_deliveries_{0};
};

// ---- template definitions ----

template <typename F>
auto World::Run(const RequestOptions& request, F&& operation) -> decltype(operation()) {
  decltype(operation()) result = [&]() -> decltype(operation()) {
    absl::MutexLock lock(&mu_);
    FireDueTimersLocked();
    absl::Status begun = BeginCall(request);
    if (!begun.ok()) {
      QueueDeliveries();  // what the timers emitted
      return begun;
    }
    auto r = operation();
    QueueDeliveries();
    return r;
  }();
  Deliver();
  return result;
}

template <typename T, typename Endpoint, typename F>
absl::StatusOr<T> World::RunIdempotent(const RequestOptions& request, Endpoint&& endpoint,
                                       const google::protobuf::Message& params, F&& operation) {
  return Run(request, [&]() -> absl::StatusOr<T> {
    AssumeLocked();  // Run calls this with the lock held
    const std::string& key = request.idempotency_key;
    if (request.idempotent_replayed != nullptr) *request.idempotent_replayed = false;
    if (key.empty()) return operation();
    if (key.size() > kIdempotencyKeyMaxLength) {
      return InvalidRequestError("", "Idempotency-Key",
                                 "Idempotency keys can be at most 255 characters long.");
    }
    std::string fingerprint;
    if constexpr (std::is_invocable_v<Endpoint>) {
      fingerprint = RequestFingerprint(endpoint(), params);
    } else {
      fingerprint = RequestFingerprint(endpoint, params);
    }
    if (const IdempotencyCache::Entry* entry = idempotency_.Find(key)) {
      if (entry->fingerprint != fingerprint) return IdempotencyKeyReused(key);
      if (request.idempotent_replayed != nullptr) *request.idempotent_replayed = true;
      if (!entry->status.ok()) return entry->status;
      T replay;
      replay.ParseFromString(entry->response);
      return replay;
    }
    absl::StatusOr<T> result = operation();
    // Saved once execution began: a success or a decline (402), not a validation error.
    if (result.ok() || HttpStatus(result.status()) == 402) {
      idempotency_.Store(key, IdempotencyCache::Entry{
                                  std::move(fingerprint), result.status(),
                                  result.ok() ? result->SerializeAsString() : std::string(), now_});
      timers_.Schedule(now_ + kIdempotencyKeyLifetime, TimerKind::kIdempotencyExpiry, key);
    }
    return result;
  });
}

}  // namespace internal
}  // namespace paysim

#endif  // PAYSIM_ENGINE_INTERNAL_WORLD_H_
