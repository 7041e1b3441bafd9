#include "engine/lifecycle.h"

#include "engine/internal/balance_ledger.h"
#include "engine/internal/billing_portal_lifecycle.h"
#include "engine/internal/catalog_lifecycle.h"
#include "engine/internal/charge_lifecycle.h"
#include "engine/internal/checkout_session_lifecycle.h"
#include "engine/internal/coupon_lifecycle.h"
#include "engine/internal/credit_note_lifecycle.h"
#include "engine/internal/subscription_schedule_lifecycle.h"
#include "engine/internal/customer_lifecycle.h"
#include "engine/internal/dispute_lifecycle.h"
#include "engine/internal/invoice_item_lifecycle.h"
#include "engine/internal/invoice_lifecycle.h"
#include "engine/internal/mandate_lifecycle.h"
#include "engine/internal/meter_lifecycle.h"
#include "engine/internal/tax_id_lifecycle.h"
#include "engine/internal/payout_lifecycle.h"
#include "engine/internal/topup_lifecycle.h"
#include "engine/internal/quote_lifecycle.h"
#include "engine/internal/payment_intent_lifecycle.h"
#include "engine/internal/payment_method_lifecycle.h"
#include "engine/internal/promotion_code_lifecycle.h"
#include "engine/internal/refund_lifecycle.h"
#include "engine/internal/setup_intent_lifecycle.h"
#include "engine/internal/subscription_lifecycle.h"
#include "engine/internal/payment_link_lifecycle.h"
#include "engine/internal/shipping_rate_lifecycle.h"
#include "engine/internal/tax_rate_lifecycle.h"
#include "engine/internal/test_clock_lifecycle.h"
#include "engine/internal/token_lifecycle.h"

namespace paysim {

bool Lifecycle::Allows(absl::string_view from, absl::string_view to) const {
  if (from == to) return true;
  for (const LifecycleTransition& t : transitions) {
    if (t.from == from && t.to == to) return true;
  }
  return false;
}

std::vector<const LifecycleTransition*> Lifecycle::From(absl::string_view from) const {
  std::vector<const LifecycleTransition*> out;
  for (const LifecycleTransition& t : transitions) {
    if (t.from == from) out.push_back(&t);
  }
  return out;
}

const std::vector<const Lifecycle*>& Lifecycles() {
  using namespace internal;  // NOLINT: the modules below
  static const auto* all = new std::vector<const Lifecycle*>{
      new Lifecycle(TokenLifecycle::Published()),
      new Lifecycle(CustomerLifecycle::Published()),
      new Lifecycle(PaymentMethodLifecycle::Published()),
      new Lifecycle(ChargeLifecycle::Published()),
      new Lifecycle(RefundLifecycle::Published()),
      new Lifecycle(DisputeLifecycle::Published()),
      new Lifecycle(PayoutLifecycle::Published()),
      new Lifecycle(TopupLifecycle::Published()),
      new Lifecycle(QuoteLifecycle::Published()),
      new Lifecycle(MandateLifecycle::Published()),
      new Lifecycle(TaxIdLifecycle::Published()),
      new Lifecycle(MeterLifecycle::Published()),
      new Lifecycle(BillingPortalLifecycle::Published()),
      new Lifecycle(BalanceLedger::Published()),
      new Lifecycle(PaymentIntentLifecycle::Published()),
      new Lifecycle(SetupIntentLifecycle::Published()),
      new Lifecycle(ProductLifecycle::Published()),
      new Lifecycle(PriceLifecycle::Published()),
      new Lifecycle(CheckoutSessionLifecycle::Published()),
      new Lifecycle(SubscriptionLifecycle::Published()),
      new Lifecycle(InvoiceLifecycle::Published()),
      new Lifecycle(InvoiceItemLifecycle::Published()),
      new Lifecycle(CouponLifecycle::Published()),
      new Lifecycle(PromotionCodeLifecycle::Published()),
      new Lifecycle(TaxRateLifecycle::Published()),
      new Lifecycle(ShippingRateLifecycle::Published()),
      new Lifecycle(CreditNoteLifecycle::Published()),
      new Lifecycle(TestClockLifecycle::Published()),
      new Lifecycle(SubscriptionScheduleLifecycle::Published()),
      new Lifecycle(PaymentLinkLifecycle::Published()),
  };
  return *all;
}

const Lifecycle* FindLifecycle(absl::string_view resource) {
  for (const Lifecycle* lifecycle : Lifecycles()) {
    if (lifecycle->resource == resource) return lifecycle;
  }
  return nullptr;
}

}  // namespace paysim
