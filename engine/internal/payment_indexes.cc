// The indexes of charges and PaymentIntents by customer (charge_lifecycle.h,
// payment_intent_lifecycle.h, ordinal_index.h): built from the store by the first lookup in a
// fresh or restored world, then kept by each lifecycle's create, update (and, for an intent,
// SetCustomer).
#include <optional>

#include "absl/strings/string_view.h"
#include "engine/internal/charge_lifecycle.h"
#include "engine/internal/payment_intent_lifecycle.h"

namespace paysim {
namespace internal {
namespace {

// The customer an object is indexed under; nullopt for one without a customer.
template <typename T>
std::optional<absl::string_view> CustomerOf(const T& object) {
  if (!object.has_customer()) return std::nullopt;
  return absl::string_view(object.customer());
}

}  // namespace

const OrdinalIndex& ChargeLifecycle::ByCustomer(World& world) {
  return world.customer_charges(Key()).BuiltFrom(world.charges(), CustomerOf<Charge>);
}

const OrdinalIndex& PaymentIntentLifecycle::ByCustomer(World& world) {
  return world.customer_payment_intents(Key()).BuiltFrom(world.payment_intents(),
                                                         CustomerOf<PaymentIntent>);
}

}  // namespace internal
}  // namespace paysim
