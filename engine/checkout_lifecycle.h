// checkout_lifecycle.h (internal): the transitions of a Checkout Session (the table is in
// checkout_sessions.h) that the merchant's API, the customer's page (checkout_page.cc) and the
// timers share. All defined in checkout_sessions.cc.
//
// REQUIRES (every function): world.mu held.
#ifndef PAYSIM_ENGINE_CHECKOUT_LIFECYCLE_H_
#define PAYSIM_ENGINE_CHECKOUT_LIFECYCLE_H_

#include <string>

#include "absl/strings/string_view.h"
#include "engine/world.h"

namespace paysim {
namespace internal {

// The ui_mode families, whatever the API version calls them.
enum class CheckoutUi { kHosted, kEmbedded, kElements };
CheckoutUi CheckoutUiOf(const CheckoutSession& session);

// The PaymentIntent that pays `session` (payment mode: its payment_intent; subscription mode:
// the first payment), or nullptr if none was created yet.
PaymentIntent* CheckoutPaymentIntent(World& world, const CheckoutSession& session);

// A new PaymentIntent for the session's amount_total, currency and customer, with its
// payment_intent_data (subscription mode: set up for off-session use, as a subscription's
// first payment is), linked to the session. Emits payment_intent.created.
PaymentIntent& CreateCheckoutPaymentIntent(World& world, CheckoutSession& session);

// open -> complete with what the customer entered (entered_* fields) and the outcome of its
// intent (payment_status paid, unpaid or no_payment_required); subscription mode starts the
// Subscription. Emits [customer.subscription.created,] checkout.session.completed.
void CompleteCheckoutSession(World& world, CheckoutSession& session);

// open -> expired, canceling the PaymentIntent or SetupIntent still waiting for the customer.
// Emits [payment_intent.canceled | setup_intent.canceled,] checkout.session.expired.
void ExpireCheckoutSession(World& world, CheckoutSession& session);

// After one of the customer's payment steps: completes the session if its intent went through,
// expires it if expires_at passed meanwhile, else leaves it open. Clears `confirming`.
void SettleCheckoutAttempt(World& world, CheckoutSession& session);

// Where the customer is sent once the session completes: success_url (hosted) or return_url
// (embedded unless redirect_on_completion=never, elements) with {CHECKOUT_SESSION_ID}
// replaced; "" if none.
std::string CheckoutCompletionRedirect(const CheckoutSession& session);

}  // namespace internal
}  // namespace paysim

#endif  // PAYSIM_ENGINE_CHECKOUT_LIFECYCLE_H_
