// expand.h: Stripe's `expand[]` for the wire door: ids in a response replaced by objects.
//
// A path names an expandable field of the response object (`customer` on a charge), then
// optionally fields of the object it expands to (`charge.customer` on a refund), at most
// kMaxExpandDepth levels. On a list the path starts with `data.` (`data.customer`).
//
// Expandable fields (object type -> field -> what the id names):
//   charge.customer -> customer              charge.balance_transaction -> balance_transaction
//   charge.payment_method -> payment_method  (only `pm_` ids; a `card_` id stays an id)
//   refund.charge -> charge                  refund.balance_transaction -> balance_transaction
//   refund.failure_balance_transaction -> balance_transaction
//   dispute.charge / payment_intent, radar.early_fraud_warning.charge / payment_intent
//   payout.balance_transaction / failure_balance_transaction -> balance_transaction
//   topup.balance_transaction -> balance_transaction
//   quote.customer / invoice / subscription -> that object; quote.line_items and
//   quote.computed.upfront.line_items (lists)
//   payment_method.customer -> customer      balance_transaction.source -> charge | refund
//   customer.invoice_settings.default_payment_method -> payment_method
//   checkout.session.customer / payment_intent / setup_intent / subscription -> that object
//   price.product -> product                 product.default_price -> price
//   item.price.product -> product (a line item's price)
//   subscription.customer -> customer        subscription.default_payment_method -> payment_method
//   customer_balance_transaction.customer / invoice -> that object
//   subscription.latest_invoice -> invoice   invoice.customer -> customer
//   invoice.default_payment_method -> payment_method
//   invoiceitem.customer / invoice, credit_note.customer / invoice -> that object
//   Before 2025-03-31.basil: invoice.payment_intent -> payment_intent, invoice.subscription ->
//   subscription, payment_intent.invoice -> invoice. From basil on:
//   invoice.parent.subscription_details.subscription -> subscription. A path through a field
//   the request's version does not have is refused (Stripe's integrations expand
//   `latest_invoice.payment_intent` before basil, `latest_invoice.confirmation_secret` after).
// Fields Stripe includes only when asked for ("not included by default"; paysim's includable
// fields, numbered 90-99 in the protos):
//   checkout.session.line_items (a list: `line_items.data.taxes` goes on into its items)
//   checkout.session.total_details.breakdown  checkout.session.shipping_cost.taxes
//   item.discounts, item.taxes (a line item; `data.taxes` on GET .../line_items)
//   payment_link.line_items (a list, as a session's)
//   coupon.currency_options, promotion_code.restrictions.currency_options (and
//   promotion_code.coupon.currency_options), shipping_rate.fixed_amount.currency_options:
//   hashes by currency
//   customer.default_source -> card (a saved card, customer_sources.h)
//   customer.cash_balance (the customer's cash_balance object, cash_balances.h; filled in when
//   asked for)
//   customer.tax_ids (the customer's tax IDs, a list as Stripe embeds it, tax_ids.h)
//   invoice.confirmation_secret (from basil on: the client secret of the invoice's
//   PaymentIntent, type `payment_intent`; null while it has none)
//   tax_id.customer -> customer
//   price.tiers, plan.tiers (a tiered price's tiers; `data.tiers` on a list)
// `customer.sources` is not an id but the customer's list of saved cards (Stripe's list with
// total_count, the first kEmbeddedSourcesLimit cards): `expand[]=sources` includes it, and
// before API version 2020-08-27 every customer written here includes it.
//
// Paths are checked against these rules before the request runs (an unknown path is
// "This property cannot be expanded (<path>)." with param `expand`, and nothing happens), so a
// bad expand never half-applies a create. A null field stays null; an id the engine no
// longer finds (a deleted customer) stays an id.
//
// Expanded objects are written in place while the response is written (an object's WriteJson
// with a JsonFieldHook, proto/object_runtime/object_ref.h): no DOM is built. The text is what expanding a rendered DOM
// would give: each path's fields, in order, replaced by the fetched objects.
// Id rules name message and string fields only, and no rule's field path starts with
// another's for the same object type.
//
// Example:
//   Expander expander(&engine, request_options, {"charge.customer"});
//   PAYSIM_RETURN_IF_ERROR(expander.Validate("refund", /*list=*/false));
//   std::string body;
//   JsonWriter out(&body);
//   expander.Write(refund, /*list_item=*/false, out);
//
// Thread safety: an Expander is used by one request; it calls the engine (thread-safe).
#ifndef PAYSIM_ENGINE_WIRE_EXPAND_H_
#define PAYSIM_ENGINE_WIRE_EXPAND_H_

#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/string_view.h"
#include "engine/engine.h"
#include "engine/json_render.h"
#include "engine/json_writer.h"
#include "proto/object_runtime/object_ref.h"
#include "engine/request_options.h"

namespace paysim {
namespace wire {

// Stripe: "You can expand recursively ... up to a maximum of four levels".
constexpr int kMaxExpandDepth = 4;

class Expander {
 public:
  // `engine` is not owned and must outlive the Expander. Fetches use `options.api_version`.
  // `paths` are the request's expand[] values, in order.
  Expander(Engine* engine, const RequestOptions& options, const std::vector<std::string>& paths);

  // Validate()
  //
  // OK if every path can be expanded on an `object_type` response ("charge", "refund", ...),
  // or on a list of them if `list`. Otherwise an invalid_request_error (param "expand").
  absl::Status Validate(absl::string_view object_type, bool list) const;

  // Write()
  //
  // Writes `object` as WriteJson does, with the paths (already validated) expanded. With
  // `list_item`, `object` is one element of a list response's `data` (paths start "data.").
  void Write(obj::ObjectRef object, bool list_item, JsonWriter& out) const;

 private:
  // A path still to expand, from its element `pos` on, below the object being written.
  struct Pending {
    const std::vector<std::string>* path;
    size_t pos;
  };
  class ObjectFields;

  void WriteObject(obj::ObjectRef object, const std::vector<Pending>& pending,
                   JsonWriter& out) const;
  // True if a customer written with `pending` includes its `sources` list.
  bool WantsSources(const std::vector<Pending>& pending) const;
  // The API version the objects are written in.
  const std::string& Version() const;
  // True if a charge renders its `refunds` list: expanded, or by default before 2022-11-15.
  bool WantsRefunds(const std::vector<Pending>& pending) const;
  // The charge with its `refunds` list (Stripe's first 10, newest first), or an error.
  absl::StatusOr<Charge> WithRefunds(Charge charge) const;
  // The PaymentIntent with its `charges` list (before 2022-11-15), or an error.
  absl::StatusOr<PaymentIntent> WithCharges(PaymentIntent intent) const;
  // True if some path of `pending` ends at `field` (one step from where they stand).
  static bool Names(const std::vector<Pending>& pending, absl::string_view field);
  bool WriteFetched(absl::string_view type, const std::string& id,
                    const std::vector<Pending>& pending, JsonWriter& out) const;

  Engine* engine_;
  RequestOptions options_;
  std::vector<std::vector<std::string>> paths_;  // each split at '.'
  std::vector<std::string> texts_;               // as given, for error messages
};

}  // namespace wire
}  // namespace paysim

#endif  // PAYSIM_ENGINE_WIRE_EXPAND_H_
