// payment_link_request.h (internal): requests about payment links checked as Stripe checks
// them, and the Checkout Session a link opens. PaymentLinkService (payment_links.h) is these
// steps and the lifecycle's: check and draft (nothing changes on a refusal), store.
//
// A link sells what a Checkout Session sells, so its line items, currency and payment settings
// are checked by Checkout's own rules (checkout_session_request.h) on the session the link
// would open: subscription mode when a price is recurring, else payment mode.
//
// REQUIRES (every function taking a World): the world's lock held.
#ifndef PAYSIM_ENGINE_INTERNAL_PAYMENT_LINK_REQUEST_H_
#define PAYSIM_ENGINE_INTERNAL_PAYMENT_LINK_REQUEST_H_

#include "absl/status/statusor.h"
#include "engine/internal/world.h"
#include "proto/checkout_params.pb.h"
#include "proto/params.pb.h"
#include "proto/payment_link.obj.h"
#include "proto/payment_link_params.pb.h"

namespace paysim {
namespace internal {

// Stripe's limits on a link's texts.
constexpr int kPaymentLinkMessageMaxLength = 500;

// DraftPaymentLink()
//
// The link `params` asks for, checked, with its line items (ids drawn), not yet stored; or the
// first refusal. Draws ids only once every check passed.
absl::StatusOr<PaymentLink> DraftPaymentLink(World& world, const PaymentLinkCreateParams& params);

// UpdatedPaymentLink()
//
// `current` with `params` applied, checked; or the first refusal.
absl::StatusOr<PaymentLink> UpdatedPaymentLink(World& world, const PaymentLink& current,
                                               const PaymentLinkUpdateParams& params);

// HasRecurringItem()
//
// True if `link` sells a subscription (one of its prices is recurring).
bool HasRecurringItem(const PaymentLink& link);

// SessionParamsFor() (payment_link_session_params.cc)
//
// The Checkout Session request a customer opening `link` makes: its line items, the mode they
// need, and the link's collection, payment method, page and invoice settings (a redirect's url
// as success_url).
CheckoutSessionCreateParams SessionParamsFor(const PaymentLink& link);

}  // namespace internal
}  // namespace paysim

#endif  // PAYSIM_ENGINE_INTERNAL_PAYMENT_LINK_REQUEST_H_
