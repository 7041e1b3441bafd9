// card_source_payment_method.h (internal): a customer's saved card (a card source, `card_...`)
// where Stripe expects a PaymentMethod.
//
// Stripe lets a PaymentIntent pay with a Card's id (`payment_method=card_...`) and a
// SetupIntent set one up, pays a confirmed PaymentIntent that names nothing with the
// customer's `default_source`, pays an invoice with the default source when no default
// PaymentMethod (nor a source of the invoice or subscription) is set, and answers
// `GET /v1/payment_methods/card_...` with a card PaymentMethod of the same id. paysim keeps no
// copy of the card as a PaymentMethod (CustomerLifecycle alone writes cards): the PaymentMethod
// is a view, built from the stored Card each time it is needed, so it cannot drift from it.
//
// The view has the card's id, `customer`, details (brand, country, expiry, fingerprint, funding,
// last4, the address and CVC checks) and billing details (its name and address). It is never
// detached (deleting the card source ends it). A SetupIntent may set it up (Stripe takes a
// Card there too): the card is saved already, so nothing is attached; off-session usage is
// kept on the card (CustomerLifecycle::SetUpCardForOffSession) and the view carries it. A
// charge made with it carries the card as its `source`, as a Charges API charge does. A card
// deleted while its intent waits for 3D Secure fails the intent (resource_missing).
//
// A customer's PaymentMethod list (`GET /v1/customers/{id}/payment_methods`, and
// `GET /v1/payment_methods?customer=` of type card or any type) holds the views of its saved
// cards beside its PaymentMethods, newest first by `created`. The two are kept apart, so
// within one second the order between a PaymentMethod and a card is paysim's: the
// PaymentMethods first (each kind newest first).
//
// REQUIRES (every function taking a World): the world's lock held.
#ifndef PAYSIM_ENGINE_INTERNAL_CARD_SOURCE_PAYMENT_METHOD_H_
#define PAYSIM_ENGINE_INTERNAL_CARD_SOURCE_PAYMENT_METHOD_H_

#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/functional/function_ref.h"
#include "engine/internal/world.h"
#include "engine/list.h"
#include "proto/card.obj.h"
#include "proto/payment_method.obj.h"

namespace paysim {
namespace internal {

// True if `id` names a card source (`card_...`), saved or not.
bool IsCardSourceId(absl::string_view id);

// The card `id` if it is saved on a customer, else nullptr.
const Card* FindSavedCard(World& world, absl::string_view id);

// OK if `id` names a card saved on `customer` (a subscription's or an invoice's
// `default_source`); else Stripe's "No such source" (resource_missing) about `param`.
absl::Status CheckCustomerSource(World& world, absl::string_view id, absl::string_view customer,
                                 absl::string_view param);

// The PaymentMethod view of a saved card (see above).
PaymentMethod PaymentMethodOfCard(const Card& card);

// The PaymentMethod `id` names: a stored one, or else the view of a saved card, built in
// `*view` (which must outlive the result). nullptr if neither.
const PaymentMethod* FindPaymentMethodOrCard(World& world, absl::string_view id,
                                             PaymentMethod* view);

// A page of `customer`'s PaymentMethods that are `kept` merged with the views of `customer`'s
// saved cards, as described above; `window`'s cursors may name either. A cursor naming
// neither: resource_missing about its param, as any list answers. Costs O(the customer's
// PaymentMethods and cards), whatever the number of others'.
absl::StatusOr<ListResult<PaymentMethod>> ListCustomerPaymentMethodsAndCards(
    World& world, absl::string_view customer, const ListWindow& window, absl::string_view url,
    absl::FunctionRef<bool(const PaymentMethod&)> kept);

}  // namespace internal
}  // namespace paysim

#endif  // PAYSIM_ENGINE_INTERNAL_CARD_SOURCE_PAYMENT_METHOD_H_
