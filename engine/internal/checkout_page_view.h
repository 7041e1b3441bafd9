// What the Checkout page shows the simulated customer before they act: the payment methods it
// offers, what it prefills and the page object (CheckoutPageService returns it after every
// step). Reads the World only; writes nothing.
//
// Thread safety: call inside World::Run (the caller holds the World's lock).
#ifndef PAYSIM_ENGINE_INTERNAL_CHECKOUT_PAGE_VIEW_H_
#define PAYSIM_ENGINE_INTERNAL_CHECKOUT_PAGE_VIEW_H_

#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"

#include "engine/internal/world.h"

namespace paysim {
namespace internal {

// The Dashboard's payment method settings as stored, or their defaults (Apple Pay on, Google
// Pay and US bank accounts off).
PaymentMethodSettings CheckoutPaymentMethodSettings(World& w);

// The payment method types the page offers: the session's types, with Apple Pay and Google Pay
// after `card` as the settings allow (no Google Pay with automatic tax and no shipping address).
std::vector<std::string> CheckoutOfferedPaymentMethods(World& w, const CheckoutSession& s);

// Whether the session shows this saved card: its allow_redisplay is among the session's
// filters (default: `always` only).
bool CheckoutShowsSavedCard(const CheckoutSession& s, const PaymentMethod& pm);

// Whether `pm` is a card attached to `customer`.
bool IsSavedCardOf(const PaymentMethod& pm, const std::string& customer);

// The saved card prefilled on the page now, or nullptr: none in setup mode or once the prefill
// window closed; payment mode the newest saved card, subscription mode the customer's default
// payment method first; only if shown and its billing details suffice.
const PaymentMethod* PrefilledCard(World& w, const CheckoutSession& s);

// The customer's email as Checkout knows it before they type: the Customer's, else
// customer_email.
std::string CheckoutKnownEmail(World& w, const CheckoutSession& s);

// The customer's shipping address if the session collects one and allows its country, else
// nullptr.
const Shipping* CheckoutPrefilledShipping(World& w, const CheckoutSession& s);

// The session `id` if the customer may still change it on the page (open, not being paid);
// else 404 for an unknown one, or a 400 saying `action` ("A promotion code can only be
// entered") is only for an open session not being paid.
absl::StatusOr<const CheckoutSession*> ChangeableSession(World& w, absl::string_view id,
                                                         absl::string_view action);

// What the page prefills (email, card, billing and shipping address).
CheckoutPrefill CheckoutPrefillOf(World& w, const CheckoutSession& s);

// The page: status, offered methods, and while open the prefill, a pending 3D Secure challenge
// and the last error; once complete the redirect.
CheckoutPage CheckoutPageOf(World& w, const CheckoutSession& s);

}  // namespace internal
}  // namespace paysim

#endif  // PAYSIM_ENGINE_INTERNAL_CHECKOUT_PAGE_VIEW_H_
