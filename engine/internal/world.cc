#include "engine/internal/world.h"

#include <algorithm>

#include "engine/api_version.h"
#include "engine/internal/balance_ledger.h"
#include "engine/internal/charge_lifecycle.h"
#include "engine/internal/checkout_session_lifecycle.h"
#include "engine/internal/dispute_lifecycle.h"
#include "engine/internal/invoice_lifecycle.h"
#include "engine/internal/payment_intent_lifecycle.h"
#include "engine/internal/coupon_lifecycle.h"
#include "engine/internal/payout_lifecycle.h"
#include "engine/internal/topup_lifecycle.h"
#include "engine/internal/quote_lifecycle.h"
#include "engine/internal/refund_lifecycle.h"
#include "engine/internal/renewals.h"
#include "engine/internal/setup_intent_lifecycle.h"
#include "engine/internal/subscription_lifecycle.h"
#include "engine/internal/subscription_schedule_lifecycle.h"
#include "engine/internal/tax_id_lifecycle.h"
#include "engine/internal/token_lifecycle.h"

namespace paysim {
namespace internal {

World::TimelineScope::TimelineScope(World* world, TimerQueue* timers, absl::Time now)
    : world_(world), saved_timers_(world->current_timers_), saved_now_(world->now_) {
  if (world->timelines_++ == 0) world->engine_now_ = world->now_;
  world->current_timers_ = timers;
  world->now_ = now;
}

World::TimelineScope::~TimelineScope() {
  if (world_ == nullptr) return;
  --world_->timelines_;
  world_->current_timers_ = saved_timers_;
  world_->now_ = saved_now_;
}

World::World(const EngineOptions& opts)
    : options_(opts),
      clock_(opts.clock != nullptr ? opts.clock : SystemClock::Default()),
      now_(clock_->Now()),
      request_api_version_(opts.api_version),
      exchange_rates_(opts.exchange_rates.has_value() ? *opts.exchange_rates
                                                      : DefaultExchangeRates()),
      ids_(opts.seed),
      events_(opts.api_version) {
  if (options_.automatic_payouts) {
    timers_.Schedule(PayoutLifecycle::NextAutomaticPayouts(now_), TimerKind::kAutomaticPayouts,
                     "");
  }
}

std::vector<StoreRef> World::Stores() {
  // Names are the snapshot's (stable: renaming one breaks older snapshots).
  return {
      {"tokens", &tokens_.objects_},
      {"cards", &cards_.objects_},
      {"customers", &customers_.objects_},
      {"payment_methods", &payment_methods_.objects_},
      {"charges", &charges_.objects_},
      {"refunds", &refunds_.objects_},
      {"payment_intents", &payment_intents_.objects_},
      {"setup_intents", &setup_intents_.objects_},
      {"balance_transactions", &balance_transactions_.objects_},
      {"products", &products_.objects_},
      {"prices", &prices_.objects_},
      {"checkout_sessions", &checkout_sessions_.objects_},
      {"subscriptions", &subscriptions_.objects_},
      {"us_bank_accounts", &us_bank_accounts_.objects_},
      {"payment_method_settings", &payment_method_settings_.objects_},
      {"disputes", &disputes_.objects_},
      {"early_fraud_warnings", &early_fraud_warnings_.objects_},
      {"payouts", &payouts_.objects_},
      {"topups", &topups_.objects_},
      {"quotes", &quotes_.objects_},
      {"invoices", &invoices_.objects_},
      {"invoice_items", &invoice_items_.objects_},
      {"coupons", &coupons_.objects_},
      {"promotion_codes", &promotion_codes_.objects_},
      {"tax_rates", &tax_rates_.objects_},
      {"shipping_rates", &shipping_rates_.objects_},
      {"credit_notes", &credit_notes_.objects_},
      {"test_clocks", &test_clocks_.objects_},
      {"subscription_schedules", &subscription_schedules_.objects_},
      {"payment_links", &payment_links_.objects_},
      {"customer_balance_transactions", &customer_balance_transactions_.objects_},
      {"cash_balance_transactions", &cash_balance_transactions_.objects_},
      {"mandates", &mandates_.objects_},
      {"tax_ids", &tax_ids_.objects_},
      {"billing_meters", &billing_meters_.objects_},
      {"billing_meter_events", &billing_meter_events_.objects_},
      {"billing_portal_configurations", &billing_portal_configurations_.objects_},
      {"billing_portal_sessions", &billing_portal_sessions_.objects_},
  };
}

void World::FireDueTimers() {
  {
    absl::MutexLock lock(&mu_);
    FireDueTimersLocked();
    QueueDeliveries();
  }
  Deliver();
}

void World::QueueDeliveries() {
  std::vector<std::pair<EventHandler, Event>> deliveries = events_.TakeDeliveries();
  if (deliveries.empty()) return;
  absl::MutexLock lock(&delivery_mu_);
  for (auto& delivery : deliveries) delivery_queue_.push_back(std::move(delivery));
  queued_deliveries_.store(delivery_queue_.size(), std::memory_order_release);
}

void World::FireDueTimersLocked() {
  const absl::Time target = clock_->Now();
  while (timers_.HasDue(target)) FireTimer(timers_.Pop());
  if (target > now_) now_ = target;
  ForgetOldEvents(absl::ToUnixSeconds(now_));
}

TimerQueue& World::clock_timers(absl::string_view clock_id) {
  AssumeLocked();
  auto it = clock_timers_.find(clock_id);
  if (it == clock_timers_.end()) it = clock_timers_.emplace(std::string(clock_id), TimerQueue()).first;
  return it->second;
}

void World::EraseClockTimers(absl::string_view clock_id) {
  AssumeLocked();
  auto it = clock_timers_.find(clock_id);
  if (it != clock_timers_.end()) clock_timers_.erase(it);
}

void World::FireTimer(const Timer& timer) {
  AssumeLocked();
  request_api_version_ = options_.api_version;  // automatic events follow the account's version
  now_ = timer.due;
  request_.Clear();  // automatic: no request id
  switch (timer.kind) {
    case TimerKind::kAuthorizationExpiry:
      ChargeLifecycle::OnHoldExpiry(*this, timer.target);
      break;
    case TimerKind::kTokenExpiry:
      TokenLifecycle::OnLifetimeEnd(*this, timer.target);
      break;
    case TimerKind::kFundsAvailable:
      BalanceLedger::OnFundsAvailable(*this, timer.target);
      break;
    case TimerKind::kIdempotencyExpiry:
      idempotency_.Expire(timer.target, now_);
      break;
    case TimerKind::kCheckoutSessionExpiry:
      CheckoutSessionLifecycle::OnExpiry(*this, timer.target);
      break;
    case TimerKind::kCheckoutPrefillWindowEnd:
      CheckoutSessionLifecycle::OnPrefillWindowEnd(*this, timer.target);
      break;
    case TimerKind::kBankDebitSettlement:
      CheckoutSessionLifecycle::OnBankDebitSettlement(*this, timer.target);
      break;
    case TimerKind::kDisputeOpen:
      DisputeLifecycle::OnOpen(*this, timer.target);
      break;
    case TimerKind::kDisputeEvidenceDue:
      DisputeLifecycle::OnEvidenceDue(*this, timer.target);
      break;
    case TimerKind::kDisputeDecision:
      DisputeLifecycle::OnDecision(*this, timer.target);
      break;
    case TimerKind::kRefundOutcome:
      RefundLifecycle::OnOutcome(*this, timer.target);
      break;
    case TimerKind::kPayoutSubmission:
      PayoutLifecycle::OnSubmission(*this, timer.target);
      break;
    case TimerKind::kPayoutArrival:
      PayoutLifecycle::OnArrival(*this, timer.target);
      break;
    case TimerKind::kPaymentIntentDebitSettlement:
      PaymentIntentLifecycle::OnDebitSettlement(*this, timer.target);
      break;
    case TimerKind::kSubscriptionPeriodEnd:
      Renewals::OnPeriodEnd(*this, timer.target);
      break;
    case TimerKind::kSubscriptionIncompleteExpiry:
      SubscriptionLifecycle::OnIncompleteExpiry(*this, timer.target);
      break;
    case TimerKind::kInvoiceFinalization:
      Renewals::OnFinalization(*this, timer.target);
      break;
    case TimerKind::kInvoicePaymentRetry:
      Renewals::OnPaymentRetry(*this, timer.target);
      break;
    case TimerKind::kCouponRedeemBy:
      CouponLifecycle::OnRedeemBy(*this, timer.target);
      break;
    case TimerKind::kSubscriptionTrialWillEnd:
      SubscriptionLifecycle::OnTrialWillEnd(*this, timer.target);
      break;
    case TimerKind::kSubscriptionSchedulePhaseEnd:
      SubscriptionScheduleLifecycle::OnPhaseEnd(*this, timer.target);
      break;
    case TimerKind::kSubscriptionScheduleExpiring:
      SubscriptionScheduleLifecycle::OnExpiring(*this, timer.target);
      break;
    case TimerKind::kInvoiceDue:
      InvoiceLifecycle::OnDue(*this, timer.target);
      break;
    case TimerKind::kInvoiceUpcoming:
      Renewals::OnUpcomingNotice(*this, timer.target);
      break;
    case TimerKind::kInvoiceWillBeDue:
      InvoiceLifecycle::OnDueNotice(*this, timer.target, "invoice.will_be_due");
      break;
    case TimerKind::kInvoiceOverdueNotice:
      InvoiceLifecycle::OnDueNotice(*this, timer.target, "invoice.overdue");
      break;
    case TimerKind::kInvoiceOverdueAction:
      Renewals::OnSendInvoiceOverdue(*this, timer.target);
      break;
    case TimerKind::kAutomaticPayouts:
      PayoutLifecycle::OnAutomaticPayouts(*this);
      break;
    case TimerKind::kSetupIntentMicrodepositTimeout:
      SetupIntentLifecycle::OnMicrodepositTimeout(*this, timer.target);
      break;
    case TimerKind::kPaymentIntentMicrodepositTimeout:
      PaymentIntentLifecycle::OnMicrodepositTimeout(*this, timer.target);
      break;
    case TimerKind::kTaxIdVerification:
      TaxIdLifecycle::OnVerification(*this, timer.target);
      break;
    case TimerKind::kSubscriptionPauseCollectionEnd:
      SubscriptionLifecycle::OnPauseCollectionEnds(*this, timer.target);
      break;
    case TimerKind::kSubscriptionPendingUpdateExpiry:
      SubscriptionLifecycle::OnPendingUpdateExpiry(*this, timer.target);
      break;
    case TimerKind::kTopupAvailability:
      TopupLifecycle::OnAvailability(*this, timer.target);
      break;
    case TimerKind::kQuoteExpiry:
      QuoteLifecycle::OnExpiry(*this, timer.target);
      break;
    case TimerKind::kQuoteWillExpire:
      QuoteLifecycle::OnWillExpire(*this, timer.target);
      break;
  }
}

absl::Status World::BeginCall(const RequestOptions& call) {
  request_.Clear();
  ++calls_;
  if (call.request_id.empty()) {
    request_.number = calls_;  // its text is written only if an event of this call is read
  } else if (const uint64_t n = ParseSequentialRequestId(call.request_id); n != 0) {
    request_.number = n;  // the engine's own form (a Checkout page's follow-up calls): no text
  } else {
    request_.request.set_id(call.request_id);
  }
  if (!call.idempotency_key.empty()) request_.request.set_idempotency_key(call.idempotency_key);
  if (call.api_version.empty()) {
    request_api_version_ = options_.api_version;
  } else {
    if (absl::Status s = ValidateApiVersion(call.api_version); !s.ok()) return s;
    request_api_version_ = call.api_version;
  }
  return absl::OkStatus();
}

void World::EmitObject(absl::string_view type, EventObject object,
                       std::string previous_attributes) {
  AssumeLocked();
  const int64_t recorded_at = absl::ToUnixSeconds(engine_now());
  ForgetOldEvents(recorded_at);
  // Every API call has a request id (set in BeginCall); timer-driven events have none.
  char id[4 + IdGenerator::kMaxRandom];
  const size_t id_size = ids_.WriteId("evt_", id);
  events_.Emit(absl::string_view(id, id_size), type, std::move(object), created(), recorded_at,
               request_, std::move(previous_attributes));
}

void World::EmitChangedObject(absl::string_view type, EventObject object, EventObject before) {
  AssumeLocked();
  const int64_t recorded_at = absl::ToUnixSeconds(engine_now());
  ForgetOldEvents(recorded_at);
  char id[4 + IdGenerator::kMaxRandom];
  const size_t id_size = ids_.WriteId("evt_", id);
  events_.EmitChange(absl::string_view(id, id_size), type, std::move(object), std::move(before),
                     created(), recorded_at, request_);
}

template <typename T>
void World::Emit(absl::string_view type, const T& object, std::string previous_attributes) {
  EmitObject(type, EventObject(std::in_place_type<T>, object), std::move(previous_attributes));
}

template <typename T>
void World::EmitChange(absl::string_view type, const T& object, const T& before) {
  EmitChangedObject(type, EventObject(std::in_place_type<T>, object),
                    EventObject(std::in_place_type<T>, before));
}

// Emit and EmitChange for each resource an event can carry (EventObject's alternatives).
#define PAYSIM_WORLD_EMITS(T)                                                          \
  template void World::Emit<T>(absl::string_view, const T&, std::string);              \
  template void World::EmitChange<T>(absl::string_view, const T&, const T&);
PAYSIM_WORLD_EMITS(StripeObject)
PAYSIM_WORLD_EMITS(Charge)
PAYSIM_WORLD_EMITS(Customer)
PAYSIM_WORLD_EMITS(PaymentMethod)
PAYSIM_WORLD_EMITS(Refund)
PAYSIM_WORLD_EMITS(BalanceTransaction)
PAYSIM_WORLD_EMITS(Token)
PAYSIM_WORLD_EMITS(Balance)
PAYSIM_WORLD_EMITS(PaymentIntent)
PAYSIM_WORLD_EMITS(SetupIntent)
PAYSIM_WORLD_EMITS(Product)
PAYSIM_WORLD_EMITS(Price)
PAYSIM_WORLD_EMITS(Plan)
PAYSIM_WORLD_EMITS(CreditNote)
PAYSIM_WORLD_EMITS(SubscriptionSchedule)
PAYSIM_WORLD_EMITS(CheckoutSession)
PAYSIM_WORLD_EMITS(Subscription)
PAYSIM_WORLD_EMITS(Dispute)
PAYSIM_WORLD_EMITS(EarlyFraudWarning)
PAYSIM_WORLD_EMITS(Payout)
PAYSIM_WORLD_EMITS(Topup)
PAYSIM_WORLD_EMITS(Quote)
PAYSIM_WORLD_EMITS(Card)
PAYSIM_WORLD_EMITS(TaxId)
PAYSIM_WORLD_EMITS(Mandate)
PAYSIM_WORLD_EMITS(BillingMeter)
PAYSIM_WORLD_EMITS(BillingPortalConfiguration)
PAYSIM_WORLD_EMITS(BillingPortalSession)
PAYSIM_WORLD_EMITS(Invoice)
PAYSIM_WORLD_EMITS(InvoiceItem)
PAYSIM_WORLD_EMITS(InvoicePayment)
PAYSIM_WORLD_EMITS(Coupon)
PAYSIM_WORLD_EMITS(PromotionCode)
PAYSIM_WORLD_EMITS(TaxRate)
PAYSIM_WORLD_EMITS(PaymentLink)
PAYSIM_WORLD_EMITS(Discount)
PAYSIM_WORLD_EMITS(TestClock)
PAYSIM_WORLD_EMITS(CustomerCashBalanceTransaction)
PAYSIM_WORLD_EMITS(CashBalance)
#undef PAYSIM_WORLD_EMITS

void World::ForgetOldEvents(int64_t now) {
  if (options_.event_retention == absl::InfiniteDuration()) return;
  const int64_t retention =
      std::max<int64_t>(1, absl::ToInt64Seconds(options_.event_retention));
  events_.ForgetRecordedBefore(now - retention);
}

void World::Deliver() {
  // Whatever this thread queued is counted already; if a delivering thread took it since, that
  // thread delivers it.
  if (queued_deliveries_.load(std::memory_order_acquire) == 0) return;
  absl::MutexLock lock(&delivery_mu_);
  if (delivering_) return;  // the thread delivering now (maybe our caller) will get to them
  delivering_ = true;
  while (!delivery_queue_.empty()) {
    std::pair<EventHandler, Event> next = std::move(delivery_queue_.front());
    delivery_queue_.pop_front();
    queued_deliveries_.store(delivery_queue_.size(), std::memory_order_release);
    delivery_mu_.Unlock();
    next.first(next.second);
    delivery_mu_.Lock();
  }
  delivering_ = false;
}

}  // namespace internal
}  // namespace paysim
