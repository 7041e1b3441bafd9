// CheckoutSessionLifecycle's page edits (checkout_session_lifecycle.h): what the customer
// changes on the page (a discount, the locale's currency, the tax location, a quantity, an
// optional item, a shipping option) and what the merchant's dynamic updates replace (shipping
// options, line items), each followed by the session's amounts and, for a PaymentIntent made
// earlier and waiting for a payment method, its amount.
#include <utility>
#include <vector>

#include "engine/internal/checkout_adaptive_pricing.h"
#include "engine/internal/checkout_automatic_tax.h"
#include "engine/internal/checkout_dynamic_tax.h"
#include "engine/internal/checkout_dynamic_updates.h"
#include "engine/internal/checkout_session_lifecycle.h"
#include "engine/internal/checkout_shipping.h"
#include "engine/internal/checkout_totals.h"
#include "engine/internal/payment_intent_lifecycle.h"

namespace paysim {
namespace internal {
namespace {

// A PaymentIntent made for `session` earlier and waiting for a payment method asks for the
// session's total.
void AskIntentForTotal(World& world, const CheckoutSession& session) {
  const PaymentIntent* pi = CheckoutSessionLifecycle::PaymentIntentOf(world, session);
  if (pi != nullptr && pi->amount() != session.amount_total() &&
      pi->status() == "requires_payment_method") {
    PaymentIntent updated = *pi;
    updated.set_amount(session.amount_total());
    PaymentIntentLifecycle::Update(world, *pi, updated, /*needs_confirmation=*/false);
  }
}

// Every amount of `session` computed again after the customer changed what it buys: taxed
// again when automatic tax knows the place, and shown again in the presentment currency.
void ComputeAmountsAgain(World& world, CheckoutSession& session) {
  if (session.automatic_tax().status() == "complete") {
    ApplyAutomaticTax(world, session.tax_location(), session);
  } else {
    const Discount applied = session.applied_discount();  // a copy: session changes below
    FillCheckoutTotals(session.has_applied_discount() ? &applied : nullptr, session);
  }
  ApplyPresentment(session);
}

}  // namespace

void CheckoutSessionLifecycle::ApplyDiscount(World& world, const CheckoutSession& current,
                                             const Discount& discount) {
  CheckoutSession& session = Mutable(world, current);
  *session.mutable_applied_discount() = discount;
  session.clear_discounts();
  CheckoutSessionDiscount* shown = session.add_discounts();
  shown->set_coupon(discount.coupon().id());
  if (discount.has_promotion_code()) shown->set_promotion_code(discount.promotion_code());
  FillCheckoutTotals(&discount, session);
  ApplyPresentment(session);
  AskIntentForTotal(world, session);
}

void CheckoutSessionLifecycle::Localize(World& world, const CheckoutSession& current,
                                        const absl::optional<CheckoutFxQuote>& quote) {
  CheckoutSession& session = Mutable(world, current);
  if (quote.has_value()) {
    *session.mutable_fx_quote() = *quote;
  } else {
    session.clear_fx_quote();
  }
  const Discount applied = session.applied_discount();  // a copy: session changes below
  FillCheckoutTotals(session.has_applied_discount() ? &applied : nullptr, session);
  ApplyPresentment(session);
}

void CheckoutSessionLifecycle::ApplyTaxLocation(World& world, const CheckoutSession& current,
                                                const Address& location) {
  CheckoutSession& session = Mutable(world, current);
  if (session.automatic_tax().enabled()) {
    ApplyAutomaticTax(world, location, session);
  } else {
    MatchDynamicTaxRates(location, session);
    const Discount applied = session.applied_discount();  // a copy: session changes below
    FillCheckoutTotals(session.has_applied_discount() ? &applied : nullptr, session);
  }
  ApplyPresentment(session);  // Adaptive Pricing: the new total, converted
  // Before 2022-08-01 the PaymentIntent was made with the session: it asks for the new total.
  AskIntentForTotal(world, session);
}

void CheckoutSessionLifecycle::PriceStub(World& world, const CheckoutSession& current) {
  CheckoutSession& session = Mutable(world, current);
  session.mutable_subscription_data()->set_priced_at(world.created());
  const Discount applied = session.applied_discount();  // a copy: session changes below
  FillCheckoutTotals(session.has_applied_discount() ? &applied : nullptr, session);
  ApplyPresentment(session);
  AskIntentForTotal(world, session);
}

void CheckoutSessionLifecycle::SetQuantity(World& world, const CheckoutSession& current,
                                           int index, int64_t quantity) {
  CheckoutSession& session = Mutable(world, current);
  session.mutable_line_items(index)->set_quantity(quantity);
  ComputeAmountsAgain(world, session);
  AskIntentForTotal(world, session);
}

void CheckoutSessionLifecycle::AddOptionalItem(World& world, const CheckoutSession& current,
                                               int index) {
  CheckoutSession& session = Mutable(world, current);
  *session.add_line_items() = session.optional_line_items(index);
  ComputeAmountsAgain(world, session);
  AskIntentForTotal(world, session);
}

void CheckoutSessionLifecycle::ChooseShipping(World& world, const CheckoutSession& current,
                                              const CheckoutShippingOption& option) {
  CheckoutSession& session = Mutable(world, current);
  CheckoutShippingCost* cost = session.mutable_shipping_cost();
  cost->set_shipping_rate(option.shipping_rate());
  cost->set_amount_subtotal(option.shipping_amount());
  cost->clear_automatic_tax_rates();
  ComputeAmountsAgain(world, session);
  AskIntentForTotal(world, session);
}

void CheckoutSessionLifecycle::ReplaceShippingOptions(
    World& world, const CheckoutSession& current, const std::vector<ShippingOptionPlan>& plans) {
  CheckoutSession& session = Mutable(world, current);
  ApplyShippingOptions(world, plans, session);
  ComputeAmountsAgain(world, session);
  AskIntentForTotal(world, session);
}

void CheckoutSessionLifecycle::ReplaceLineItems(World& world, const CheckoutSession& current,
                                                std::vector<LineItem> lines) {
  CheckoutSession& session = Mutable(world, current);
  session.clear_line_items();
  for (LineItem& line : lines) *session.add_line_items() = std::move(line);
  ComputeAmountsAgain(world, session);
  AskIntentForTotal(world, session);
}

void CheckoutSessionLifecycle::SetCollectedShipping(World& world, const CheckoutSession& current,
                                                    const CheckoutShippingDetails& details) {
  *Mutable(world, current).mutable_collected_information()->mutable_shipping_details() = details;
}

}  // namespace internal
}  // namespace paysim
