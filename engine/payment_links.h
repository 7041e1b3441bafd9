// payment_links.h: Payment Links (`plink_...`), a reusable URL (`https://buy.stripe.com/test_...`)
// at which any number of customers buy the link's line items. Each visit opens a new Checkout
// Session with the link's settings and `payment_link` set to the link's id: payment mode for
// one-time prices, subscription mode when a price is recurring. Lifecycle:
// engine/internal/payment_link_lifecycle.h.
//
// Example:
//   auto link = engine.payment_links().Create(ParseParams<PaymentLinkCreateParams>(
//       R"pb(line_items { price: "price_..." quantity: 1 }
//            restrictions { completed_sessions { limit: 10 } })pb"));
//   auto session = engine.payment_links().Open(link->id());  // the customer's visit
//   engine.checkout_page().Pay(session->id(), ...);           // checkout_page.h
//
// Completed sessions are counted (restrictions.completed_sessions.count); once the count
// reaches restrictions.completed_sessions.limit the link deactivates (active=false,
// payment_link.updated) and refuses further visits, until reactivated (update active=true)
// or given a higher limit.
//
// Errors (a refused call changes nothing; HTTP 400 unless stated):
//   - no line_items, or a line item without price or quantity (parameter_missing); an unknown
//     or inactive price (resource_missing, param line_items[i][price]); a quantity outside
//     [1, 999999] (parameter_invalid_integer); and everything Checkout refuses of the session
//     the link would open (checkout_sessions.h: mixed currencies, recurring prices on different
//     intervals, a total under the currency's minimum, payment_method_types, shipping options
//     in subscription mode or another currency, ...); a shipping option without shipping_rate
//     (parameter_missing);
//   - after_completion without type, or type=redirect without redirect[url] (parameter_missing),
//     a url that is not absolute http(s) (url_invalid); restrictions[completed_sessions][limit]
//     missing (parameter_missing) or under 1 (parameter_invalid_integer); customer_creation
//     with a recurring price; submit_type other than auto or subscribe with a recurring price;
//     enums (billing_address_collection, customer_creation, payment_method_collection,
//     submit_type) outside Stripe's values; a message over kPaymentLinkMessageMaxLength;
//   - on update: line_items[i][id] missing (parameter_missing) or not the link's
//     (resource_missing);
//   - an unknown payment link id: resource_missing (404); metadata as everywhere;
//   - Open on an inactive link: invalid_request_error (400), code payment_link_inactive
//     (paysim's: Stripe shows the customer the link's inactive_message instead).
// Events: payment_link.created, payment_link.updated (with previous_attributes).
// Thread safety: thread-safe.
#ifndef PAYSIM_ENGINE_PAYMENT_LINKS_H_
#define PAYSIM_ENGINE_PAYMENT_LINKS_H_

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "engine/list.h"
#include "engine/request_options.h"
#include "proto/checkout.obj.h"
#include "proto/payment_link.obj.h"
#include "proto/payment_link_params.pb.h"

namespace paysim {
namespace internal {
class World;
}  // namespace internal

class PaymentLinkService {
 public:
  explicit PaymentLinkService(internal::World* world) : world_(world) {}

  // line_items required (each price and quantity); after_completion, allow_promotion_codes,
  // automatic_tax[enabled], billing_address_collection, currency, customer_creation,
  // inactive_message, metadata, payment_method_collection, payment_method_types,
  // phone_number_collection[enabled], restrictions[completed_sessions][limit],
  // shipping_address_collection[allowed_countries], shipping_options[][shipping_rate] (each
  // an existing rate, checked as Checkout checks it; the link's sessions offer them, the
  // first preselected), submit_type. Event payment_link.created.
  absl::StatusOr<PaymentLink> Create(const PaymentLinkCreateParams& params,
                                     const RequestOptions& options = {});

  absl::StatusOr<PaymentLink> Retrieve(absl::string_view id, const RequestOptions& options = {});

  // active, after_completion, allow_promotion_codes, automatic_tax, billing_address_collection,
  // customer_creation, inactive_message (empty unsets), line_items (quantities, by id),
  // metadata, optional_items (the whole list again, `optional_items_emptied` removes them;
  // checked as Checkout checks the sessions the link opens), payment_method_collection,
  // phone_number_collection, restrictions (empty removes the limit), submit_type. Event
  // payment_link.updated when something changed.
  absl::StatusOr<PaymentLink> Update(absl::string_view id, const PaymentLinkUpdateParams& params,
                                     const RequestOptions& options = {});

  // Newest first; filtered by active when given.
  absl::StatusOr<ListResult<PaymentLink>> List(const PaymentLinkListParams& params,
                                               const RequestOptions& options = {});

  // The link's line items, in the order given, with Stripe's pagination.
  absl::StatusOr<ListResult<LineItem>> ListLineItems(absl::string_view id,
                                                     const PaymentLinkLineItemListParams& params,
                                                     const RequestOptions& options = {});

  // Open()
  //
  // The simulated customer visits the link's url (paysim's test helper): a new open Checkout
  // Session (hosted) with the link's line items and settings and `payment_link` set, as
  // CheckoutSessionService::Create makes it. Refused for an inactive link, and as Checkout
  // refuses a session (a price archived since the link was made).
  absl::StatusOr<CheckoutSession> Open(absl::string_view id, const RequestOptions& options = {});

 private:
  internal::World* world_;
};

}  // namespace paysim

#endif  // PAYSIM_ENGINE_PAYMENT_LINKS_H_
