// The Subscription lifecycle's transitions that its invoices report (subscription_lifecycle.h
// "what its invoices report"): paid, overdue, a renewal or an update awaiting payment, and
// collection given up.
#include <string>

#include "engine/internal/invoice_lifecycle.h"
#include "engine/internal/subscription_lifecycle.h"

namespace paysim {
namespace internal {
namespace {

using S = SubscriptionState;
using T = SubscriptionTrigger;

}  // namespace

void SubscriptionLifecycle::OnInvoicePaid(World& world, const Invoice& invoice) {
  Subscription* subscription = world.subscriptions().Mutable(Key(), invoice.subscription_id());
  if (subscription == nullptr || subscription->latest_invoice() != invoice.id()) return;
  const Subscription before = *subscription;
  const S state = StateOf(before);
  if (state == S::kIncomplete) Enter(world, *subscription, T::kFirstInvoicePaid, before);
  if (state == S::kPastDue || state == S::kUnpaid) {
    Enter(world, *subscription, T::kInvoicePaid, before);
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

}  // namespace internal
}  // namespace paysim
