// checkout_dynamic_updates.h (internal): what the merchant's server changes on an open Checkout
// Session (Stripe's "dynamic updates": shipping options chosen from the address the customer
// enters, the address itself, the line items), and who may change the shipping details.
//
// On create (from 2025-03-31.basil on), `permissions[update_shipping_details]` (client_only |
// server_only; Stripe: "Can only be set when creating embedded or custom sessions") is
// rendered as given in `permissions` (null when not given). With server_only the page does
// not take the customer's address itself: the session is paid with the shipping details the
// server set (`collected_information[shipping_details]`), and a page that sends its own is
// refused.
//
// POST /v1/checkout/sessions/{id} beside `metadata`:
// - `shipping_options`: the whole list again (payment mode only, at most
//   kCheckoutMaxShippingOptions, each checked as on create: checkout_shipping.h); the first is
//   the one chosen, amounts (and a PaymentIntent waiting for a payment method) follow it.
//   `shipping_options=` (empty) removes them all: no shipping_cost. The session must be open and
//   not being paid; the new total is refused as a changed quantity's is (over the largest
//   charge).
// - `collected_information[shipping_details]` (embedded and custom sessions only): `name` and
//   `address` with `line1` and `country` required; the session must collect shipping addresses
//   and ship to that country. Rendered at once in `collected_information`; the page pays with it
//   unless the customer enters another (client_only).
// - `line_items` (from 2025-12-15.clover, sessions with the custom ui, `elements` from
//   2026-03-25.dahlia): the whole list again, in order. An entry with an `id` keeps that line
//   (its id, and its price unless given `price` or `price_data`), changing what else it is given
//   (`quantity`, `adjustable_quantity`, `tax_rates`; `tax_rates=` removes them); one without an
//   id is a new line as on create; lines left out are removed. Every line is then checked as on
//   create (checkout_line_items.h: the mode's prices and limits, one currency, the session's),
//   with automatic tax each price's tax_behavior, and the new total as a changed quantity's.
//   Not yet: line item `metadata` (an unknown parameter).
// Nothing changes on a refusal; no event (Stripe has no checkout.session.updated).
// UNCERTAIN: the refusals' wording; that `shipping_options` may change on a hosted session (the
// guides say dynamic updates need embedded or custom ui; the API reference restricts only
// `collected_information`).
//
// REQUIRES (every function taking a World): the world's lock held.
#ifndef PAYSIM_ENGINE_INTERNAL_CHECKOUT_DYNAMIC_UPDATES_H_
#define PAYSIM_ENGINE_INTERNAL_CHECKOUT_DYNAMIC_UPDATES_H_

#include <memory>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/types/optional.h"
#include "engine/internal/checkout_session_lifecycle.h"
#include "engine/internal/checkout_session_request.h"
#include "engine/internal/checkout_shipping.h"
#include "engine/internal/world.h"
#include "proto/checkout.obj.h"
#include "proto/checkout_params.pb.h"

namespace paysim {
namespace internal {

// CheckPermissions()
//
// `params.permissions` of a new session of `ui` (named `ui_name` in the request's API
// `version`; before 2025-03-31.basil an unknown parameter): the first refusal, if any.
absl::Status CheckPermissions(const CheckoutSessionCreateParams& params, CheckoutUi ui,
                              absl::string_view ui_name, absl::string_view version);

// ServerSetsShipping()
//
// Whether only the merchant's server may set `session`'s shipping details.
bool ServerSetsShipping(const CheckoutSession& session);

// One line of an update's `line_items`, checked.
struct LineChange {
  int kept = -1;             // the session's line it keeps (its index), or -1: a new line
  bool keeps_price = false;  // a kept line not given another price
  LinePlan plan;             // the line as it will be (a kept price: plan.price is it)
};

// An update that passed every check: what changes besides the metadata.
struct CheckoutSessionChange {
  bool replaces_shipping_options = false;
  std::vector<ShippingOptionPlan> shipping_options;  // when replaced; empty: removed
  absl::optional<CheckoutShippingDetails> shipping_details;
  absl::optional<std::vector<LineChange>> line_items;  // when given
  // The request the line plans were checked as: their price_data's product_data points into
  // it, so it lives as long as they do.
  std::shared_ptr<const CheckoutSessionCreateParams> line_request;
};

// CheckUpdate()
//
// The shipping options and collected information of `params` for `session`: what they change,
// or Stripe's first refusal. Changes nothing.
absl::StatusOr<CheckoutSessionChange> CheckUpdate(World& world, const CheckoutSession& session,
                                                  const CheckoutSessionUpdateParams& params);

// BuildLines()
//
// The line items `changes` leave `session` with, in order: kept lines with their ids, new ones
// built (`li_...` drawn, ad hoc prices of price_data made). Call once the update is checked.
std::vector<LineItem> BuildLines(World& world, const CheckoutSession& session,
                                 const std::vector<LineChange>& changes);

}  // namespace internal
}  // namespace paysim

#endif  // PAYSIM_ENGINE_INTERNAL_CHECKOUT_DYNAMIC_UPDATES_H_
