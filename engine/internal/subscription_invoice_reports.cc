// The Subscription lifecycle's transitions that its invoices report (subscription_lifecycle.h
// "what its invoices report"): paid, overdue, a renewal or an update awaiting payment, and
// collection given up.
#include <string>

#include "engine/internal/invoice_lifecycle.h"
#include "engine/internal/subscription_default_settings.h"
#include "engine/internal/subscription_lifecycle.h"

namespace paysim {
namespace internal {
namespace {

using S = SubscriptionState;
using T = SubscriptionTrigger;

// The payment method to make `subscription`'s default now that `invoice` is paid: with
// payment_settings.save_default_payment_method on_subscription, the PaymentMethod (`pm_...`,
// attached to the subscription's customer) of the PaymentIntent that paid it, unless it is
// the default already; "" otherwise (paid another way, a saved card source).
std::string PaymentMethodToSave(World& world, const Subscription& subscription,
                                const Invoice& invoice) {
  if (subscription.payment_settings().save_default_payment_method() != kSaveOnSubscription) {
    return "";
  }
  const PaymentIntent* pi = world.payment_intents().Find(invoice.payment_intent_id());
  if (pi == nullptr || pi->status() != "succeeded" || !pi->has_payment_method()) return "";
  const PaymentMethod* pm = world.payment_methods().Find(pi->payment_method());
  if (pm == nullptr || !pm->has_customer() || pm->customer() != subscription.customer() ||
      pm->id() == subscription.default_payment_method()) {
    return "";
  }
  return pm->id();
}

}  // namespace

void SubscriptionLifecycle::OnInvoicePaid(World& world, const Invoice& invoice) {
  Subscription* subscription = world.subscriptions().Mutable(Key(), invoice.subscription_id());
  if (subscription == nullptr || subscription->latest_invoice() != invoice.id()) return;
  const Subscription before = *subscription;
  const S state = StateOf(before);
  // save_default_payment_method=on_subscription: the payment method that paid becomes the
  // default, announced with the status change when there is one.
  const std::string saved = PaymentMethodToSave(world, before, invoice);
  if (!saved.empty()) subscription->set_default_payment_method(saved);
  if (state == S::kIncomplete) {
    Enter(world, *subscription, T::kFirstInvoicePaid, before);
  } else if (state == S::kPastDue || state == S::kUnpaid) {
    Enter(world, *subscription, T::kInvoicePaid, before);
  } else if (!saved.empty()) {
    Enter(world, *subscription, T::kUpdate, before);
  }
  if (subscription->has_pending_update() &&
      subscription->pending_update().invoice() == invoice.id()) {
    ApplyPendingUpdate(world, *subscription);
  }
}

void SubscriptionLifecycle::OnInvoiceOverdue(World& world, const Invoice& invoice) {
  Subscription* subscription = world.subscriptions().Mutable(Key(), invoice.subscription_id());
  if (subscription == nullptr || subscription->latest_invoice() != invoice.id() ||
      StateOf(*subscription) != S::kActive) {
    return;
  }
  const Subscription before = *subscription;
  Enter(world, *subscription, T::kInvoiceOverdue, before);
}

void SubscriptionLifecycle::OnRenewalPaymentFailed(World& world, const Invoice& invoice) {
  Subscription* subscription = world.subscriptions().Mutable(Key(), invoice.subscription_id());
  if (subscription == nullptr || StateOf(*subscription) != S::kActive) return;
  const Subscription before = *subscription;
  Enter(world, *subscription, T::kRenewalPaymentFails, before);
}

void SubscriptionLifecycle::OnUpdateAwaitsPayment(World& world, const Invoice& invoice) {
  Subscription* subscription = world.subscriptions().Mutable(Key(), invoice.subscription_id());
  if (subscription == nullptr || subscription->latest_invoice() != invoice.id() ||
      StateOf(*subscription) != S::kActive) {
    return;
  }
  const Subscription before = *subscription;
  Enter(world, *subscription, T::kUpdateAwaitsPayment, before);
}

void SubscriptionLifecycle::OnCollectionGivenUp(World& world, const Invoice& invoice,
                                                EngineOptions::OverdueSettings::Outcome outcome) {
  using Outcome = EngineOptions::OverdueSettings::Outcome;
  Subscription* subscription = world.subscriptions().Mutable(Key(), invoice.subscription_id());
  if (subscription == nullptr || StateOf(*subscription) != S::kPastDue ||
      outcome == Outcome::kLeavePastDue) {
    return;
  }
  const Subscription before = *subscription;
  Enter(world, *subscription,
        outcome == Outcome::kCancel ? T::kRetriesExhausted : T::kMarkUnpaid, before);
  InvoiceLifecycle::StopCollecting(world, subscription->id());
}

void SubscriptionLifecycle::OnPaymentDisputed(World& world, const Invoice& invoice) {
  if (!world.options().cancel_subscription_on_dispute) return;
  const Subscription* current = world.subscriptions().Find(invoice.subscription_id());
  if (current == nullptr || !machine().Allows(StateOf(*current), T::kPaymentDisputed)) return;
  ExpirePendingUpdate(world, *current);  // the update it waited for will not come
  Subscription& subscription = *world.subscriptions().Mutable(Key(), current->id());
  const Subscription before = subscription;
  Enter(world, subscription, T::kPaymentDisputed, before);
  InvoiceLifecycle::StopCollecting(world, subscription.id());
}

}  // namespace internal
}  // namespace paysim
