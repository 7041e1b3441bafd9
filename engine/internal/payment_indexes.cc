// The payments half's lookup indexes (ordinal_index.h): charges, PaymentIntents, SetupIntents
// and Checkout Sessions by customer, charges and Checkout Sessions by PaymentIntent, refunds by
// charge. Each is built from its store by the first lookup in a fresh or restored world, then
// kept by its lifecycle's writes (create, update, SetCustomer, the session's PaymentIntent).
#include <cstdint>
#include <optional>

#include "absl/strings/string_view.h"
#include "engine/internal/charge_lifecycle.h"
#include "engine/internal/checkout_session_lifecycle.h"
#include "engine/internal/payment_intent_lifecycle.h"
#include "engine/internal/refund_lifecycle.h"
#include "engine/internal/setup_intent_lifecycle.h"

namespace paysim {
namespace internal {
namespace {

// The customer an object is indexed under; nullopt for one without a customer.
template <typename T>
std::optional<absl::string_view> CustomerOf(const T& object) {
  if (!object.has_customer()) return std::nullopt;
  return absl::string_view(object.customer());
}

// A charge's PaymentIntent.
std::optional<absl::string_view> IntentOf(const Charge& charge) {
  if (!charge.has_payment_intent()) return std::nullopt;
  return absl::string_view(charge.payment_intent());
}

// A Checkout Session's PaymentIntent (payment mode; a subscription's first payment is not its
// `payment_intent`).
std::optional<absl::string_view> IntentOf(const CheckoutSession& session) {
  if (session.payment_intent().empty()) return std::nullopt;
  return absl::string_view(session.payment_intent());
}

std::optional<absl::string_view> ChargeOf(const Refund& refund) {
  if (refund.charge().empty()) return std::nullopt;
  return absl::string_view(refund.charge());
}

}  // namespace

const OrdinalIndex& ChargeLifecycle::ByCustomer(World& world) {
  return world.customer_charges(Key()).BuiltFrom(world.charges(), CustomerOf<Charge>);
}

bool ChargeLifecycle::HasSucceeded(World& world, absl::string_view customer_id) {
  for (const int64_t ordinal : ByCustomer(world).Of(customer_id)) {
    const Charge* charge = world.charges().AtOrdinal(ordinal);
    if (charge != nullptr && charge->status() == "succeeded") return true;
  }
  return false;
}

const OrdinalIndex& ChargeLifecycle::ByPaymentIntent(World& world) {
  return world.intent_charges(Key()).BuiltFrom(world.charges(),
                                               [](const Charge& c) { return IntentOf(c); });
}

const OrdinalIndex& RefundLifecycle::ByCharge(World& world) {
  return world.charge_refunds(Key()).BuiltFrom(world.refunds(), ChargeOf);
}

const OrdinalIndex& PaymentIntentLifecycle::ByCustomer(World& world) {
  return world.customer_payment_intents(Key()).BuiltFrom(world.payment_intents(),
                                                         CustomerOf<PaymentIntent>);
}

const OrdinalIndex& SetupIntentLifecycle::ByCustomer(World& world) {
  return world.customer_setup_intents(Key()).BuiltFrom(world.setup_intents(),
                                                       CustomerOf<SetupIntent>);
}

const OrdinalIndex& CheckoutSessionLifecycle::ByCustomer(World& world) {
  return world.customer_checkout_sessions(Key()).BuiltFrom(world.checkout_sessions(),
                                                           CustomerOf<CheckoutSession>);
}

const OrdinalIndex& CheckoutSessionLifecycle::ByPaymentIntent(World& world) {
  return world.intent_sessions(Key()).BuiltFrom(
      world.checkout_sessions(), [](const CheckoutSession& s) { return IntentOf(s); });
}

}  // namespace internal
}  // namespace paysim
