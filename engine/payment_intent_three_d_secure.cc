// PaymentIntentService's test helpers for the 3D Secure page: what the simulated customer does
// when a payment asks for authentication (payment_intents.h).
#include "engine/internal/intent_common.h"
#include "engine/internal/payment_intent_lifecycle.h"
#include "engine/internal/status_macros.h"
#include "engine/internal/world.h"
#include "engine/payment_intents.h"

namespace paysim {

using internal::PaymentIntentLifecycle;
using internal::World;

absl::StatusOr<PaymentIntent> PaymentIntentService::CompleteThreeDSecure(
    absl::string_view id, const RequestOptions& options) {
  World& w = *world_;
  return w.Run(options, [&]() -> absl::StatusOr<PaymentIntent> {
    PAYSIM_ASSIGN_OR_RETURN(const PaymentIntent* pi, w.payment_intents().Get(id));
    if (pi->status() != "requires_action") {
      return internal::PaymentIntentUnexpectedState(*pi, "authenticated", {"requires_action"});
    }
    PaymentIntentLifecycle::CompleteThreeDSecure(w, *pi);
    return *pi;
  });
}

absl::StatusOr<PaymentIntent> PaymentIntentService::FailThreeDSecure(
    absl::string_view id, const RequestOptions& options) {
  World& w = *world_;
  return w.Run(options, [&]() -> absl::StatusOr<PaymentIntent> {
    PAYSIM_ASSIGN_OR_RETURN(const PaymentIntent* pi, w.payment_intents().Get(id));
    if (pi->status() != "requires_action") {
      return internal::PaymentIntentUnexpectedState(*pi, "authenticated", {"requires_action"});
    }
    PaymentIntentLifecycle::FailThreeDSecure(w, *pi);
    return *pi;
  });
}

}  // namespace paysim
