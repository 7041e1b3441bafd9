// payment_link_intent_data.h (internal): a Payment Link's `payment_intent_data`, what the
// PaymentIntents of the Checkout Sessions it opens take (capture_method, description,
// metadata, setup_future_usage, statement descriptors, transfer_group). Links that sell a
// subscription take none (their sessions' PaymentIntents belong to invoices).
//
// REQUIRES (every function taking a World): the world's lock held.
#ifndef PAYSIM_ENGINE_INTERNAL_PAYMENT_LINK_INTENT_DATA_H_
#define PAYSIM_ENGINE_INTERNAL_PAYMENT_LINK_INTENT_DATA_H_

#include <string>

#include "absl/status/status.h"
#include "engine/internal/world.h"
#include "proto/checkout_params.pb.h"
#include "proto/payment_link.obj.h"
#include "proto/payment_link_params.pb.h"

namespace paysim {
namespace internal {

// CheckPaymentLinkIntentData()
//
// `data` checked as Stripe checks it on a link that sells a subscription (`subscription`) or
// not, and whose sessions take cards or not (`takes_cards`: PaymentLinkTakesCards): the first
// refusal, naming `payment_intent_data[...]`. On update an empty string unsets its field and is
// not checked.
absl::Status CheckPaymentLinkIntentData(const World& world,
                                        const PaymentLinkPaymentIntentDataParams& data,
                                        bool subscription, bool takes_cards);
absl::Status CheckPaymentLinkIntentData(const World& world,
                                        const PaymentLinkPaymentIntentDataUpdateParams& data,
                                        bool subscription, bool takes_cards);

// True if a link whose `payment_method_types` are these takes cards: without any it offers
// dynamic payment methods, cards among them.
template <typename Types>
bool PaymentLinkTakesCards(const Types& payment_method_types) {
  if (payment_method_types.empty()) return true;
  for (const std::string& type : payment_method_types) {
    if (type == "card") return true;
  }
  return false;
}

// SetPaymentLinkIntentData()
//
// Sets what `data` gives on `link` (checked). On update an empty string unsets its field,
// metadata given replaces the old whole, and `payment_intent_data[metadata]=` alone (nothing
// else given) clears it.
void SetPaymentLinkIntentData(const PaymentLinkPaymentIntentDataParams& data, PaymentLink* link);
void SetPaymentLinkIntentData(const PaymentLinkPaymentIntentDataUpdateParams& data,
                              PaymentLink* link);

// AddPaymentLinkIntentData()
//
// The link's payment_intent_data (if any) as the `payment_intent_data` of the session request
// a customer opening it makes.
void AddPaymentLinkIntentData(const PaymentLink& link, CheckoutSessionCreateParams* session);

}  // namespace internal
}  // namespace paysim

#endif  // PAYSIM_ENGINE_INTERNAL_PAYMENT_LINK_INTENT_DATA_H_
