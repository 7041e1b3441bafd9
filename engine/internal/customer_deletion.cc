// A customer's deletion (customer_deletion.h).
#include "engine/internal/customer_deletion.h"

#include <string>
#include <vector>

#include "engine/internal/customer_lifecycle.h"
#include "engine/internal/payment_method_lifecycle.h"
#include "engine/internal/subscription_changes.h"
#include "engine/internal/subscription_lifecycle.h"
#include "engine/internal/tax_id_lifecycle.h"
#include "engine/internal/test_clock_lifecycle.h"

namespace paysim {
namespace internal {

void DeleteCustomer(World& world, const Customer& customer) {
  const std::string id = customer.id();
  const World::TimelineScope timeline = TestClockLifecycle::EnterCustomerTimeline(world, id);
  std::vector<std::string> subscriptions;
  SubscriptionLifecycle::ForEachOf(world, id, [&](const Subscription& s) {
    if (SubscriptionLifecycle::machine().Allows(SubscriptionLifecycle::StateOf(s),
                                                SubscriptionTrigger::kCancel)) {
      subscriptions.push_back(s.id());
    }
  });
  for (const std::string& s : subscriptions) {
    SubscriptionChanges::CancelNow(world, *world.subscriptions().Find(s), /*prorate=*/false,
                                   /*invoice_now=*/false);
  }
  std::vector<std::string> attached;
  PaymentMethodLifecycle::ForEachOf(world, id, [&](const PaymentMethod& pm) {
    if (PaymentMethodLifecycle::StateOf(pm) == PaymentMethodState::kAttached) {
      attached.push_back(pm.id());
    }
  });
  for (const std::string& pm : attached) {
    PaymentMethodLifecycle::Detach(world, *world.payment_methods().Find(pm));
  }
  TaxIdLifecycle::DeleteAllOf(world, id);
  CustomerLifecycle::Delete(world, *world.customers().Find(id));
}

}  // namespace internal
}  // namespace paysim
