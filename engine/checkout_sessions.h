// checkout_sessions.h: Checkout Sessions (`cs_test_...`), Stripe's hosted (or embedded) page on
// which a customer pays for line items (`payment`), saves a card (`setup`) or subscribes
// (`subscription`). The merchant's API is here; what the customer does on the page is
// checkout_page.h.
//
//   from       call or happening                            -> to (events)
//   ---------  -------------------------------------------  -------------------------------------
//   (new)      Create                                       open, unpaid (setup mode:
//                                                           no_payment_required and
//                                                           setup_intent.created; payment mode
//                                                           before 2022-08-01:
//                                                           payment_intent.created)
//   open       the customer pays with a card that           complete, paid ([customer.created,]
//                authorizes                                 payment_intent.created, charge.succeeded,
//                                                           payment_intent.succeeded,
//                                                           checkout.session.completed)
//              ... with payment_intent_data                 complete, unpaid (charge.succeeded,
//                [capture_method]=manual                    payment_intent.amount_capturable_updated,
//                                                           checkout.session.completed)
//              ... a card asking for 3D Secure              open (payment_intent.requires_action);
//                                                           completing it pays as above
//              ... a card that declines, or failed 3DS      open (charge.failed,
//                                                           payment_intent.payment_failed): the
//                                                           customer may try another card
//              ... a bank account (us_bank_account,         complete, unpaid (charge.pending,
//                or sepa_debit: an IBAN)                    payment_intent.processing,
//                                                           checkout.session.completed)
//              setup mode: the card is saved                complete, no_payment_required
//                                                           (payment_method.attached,
//                                                           setup_intent.succeeded,
//                                                           checkout.session.completed)
//              setup mode: a bank account (sepa_debit,      the same, the SetupIntent with a
//                us_bank_account) is saved                  multi-use Mandate (no event)
//              setup mode: the card declines, or the        open (setup_intent.setup_failed):
//                ACH account is blocked                     the error on the page
//              subscription mode: the first payment         complete, paid ([customer.created,]
//                                                           ..., payment_intent.succeeded,
//                                                           customer.subscription.created,
//                                                           checkout.session.completed)
//   open       Expire, or expires_at passes (timer)         expired ([payment_intent.canceled |
//                                                           setup_intent.canceled,]
//                                                           checkout.session.expired)
//   complete,  kBankDebitSettlementDelay later (timer):     paid (charge.succeeded,
//   unpaid       the bank debit settles                     payment_intent.succeeded,
//                                                           checkout.session.async_payment_succeeded)
//                ... or the bank returns it                 unpaid (charge.failed,
//                                                           payment_intent.payment_failed,
//                                                           checkout.session.async_payment_failed)
//
// A session completes once: paying a complete or expired session is refused and charges
// nothing; a session being paid does not expire under the customer (the expiry waits for the
// payment's outcome, then applies if the payment did not go through).
//
// Bank debits in setup mode: the account the customer gives on the page is saved through the
// session's SetupIntent under a multi-use Mandate accepted online (which later off-session
// payments of the PaymentMethod reuse), attached to the session's Customer when it has one. The
// ACH account that cannot be verified is refused on the page (400, nothing changes). In
// payment mode that account's session completes and its payment fails when the debit would
// settle (payment_method_microdeposit_failed, checkout.session.async_payment_failed), as
// Stripe's docs describe a failed microdeposit verification after Checkout.
//
// The PaymentIntent is created when the customer confirms (as Stripe has done since API
// version 2022-08-01; before it, at creation), with the session's customer, amount, currency
// and payment_intent_data; the SetupIntent at creation. Both carry the Customer when one is
// given or created, and so do the Charge, the saved PaymentMethod and the Subscription.
// Checkout creates a Customer in subscription mode, and with customer_creation=always (the
// payment-mode default before 2022-08-01).
//
// Adaptive Pricing (adaptive_pricing[enabled], payment mode): the customer's country on the
// page converts the session at a rate held 24 hours, shown by the creating request's API
// version: before 2025-03-31.basil `currency` and the amounts become the customer's, with the
// merchant's under `currency_conversion`; from basil on they stay the merchant's and
// `presentment_details` is added. No event announces it (internal/checkout_adaptive_pricing.h).
//
// ui_mode names follow the request's API version: `hosted` (default), `embedded`, `custom`
// (from 2025-03-31.basil) before 2026-03-25.dahlia; `hosted_page` (default), `embedded_page`,
// `elements` from it. A hosted session has a `url` (while open) and takes success_url and
// cancel_url; embedded and elements sessions have a `client_secret` and take return_url
// (required for embedded unless redirect_on_completion=never), never success_url or
// cancel_url. `{CHECKOUT_SESSION_ID}` in success_url / return_url is replaced by the session's
// id when the customer is sent there.
//
// Thread safety: thread-safe.
#ifndef PAYSIM_ENGINE_CHECKOUT_SESSIONS_H_
#define PAYSIM_ENGINE_CHECKOUT_SESSIONS_H_

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/time/time.h"
#include "engine/api_version.h"
#include "engine/list.h"
#include "engine/request_options.h"
#include "proto/checkout.obj.h"
#include "proto/checkout_params.pb.h"
#include "proto/params.pb.h"

namespace paysim {
namespace internal {
class World;
}  // namespace internal

// "It can be anywhere from 30 minutes to 24 hours after Checkout Session creation. By
// default, this value is 24 hours from creation." Both ends are allowed.
constexpr absl::Duration kCheckoutSessionLifetime = absl::Hours(24);
constexpr absl::Duration kCheckoutSessionMinLifetime = absl::Minutes(30);
// "The prefilled payment method displays for 30 minutes following Checkout Session creation."
constexpr absl::Duration kCheckoutPrefillWindow = absl::Minutes(30);
// Stripe test mode gives no settlement time for ACH debits; live, standard ACH settles in
// T+4 business days, so paysim settles (or returns) a bank debit 4 calendar days after the
// customer pays: long enough to see the session complete but unpaid, as live mode shows it.
constexpr absl::Duration kBankDebitSettlementDelay = absl::Hours(24 * 4);

// Stripe's limits on a session's parameters.
constexpr int kCheckoutMaxLineItems = 100;              // payment mode
constexpr int kCheckoutMaxSubscriptionItems = 20;       // recurring, and one-time, each
constexpr int kCheckoutMaxOptionalItems = 10;           // optional_items, in both modes
constexpr int kCheckoutClientReferenceIdMaxLength = 200;
constexpr int kCheckoutUrlMaxLength = 5000;
// line_items[][dynamic_tax_rates] per line item. UNCERTAIN: Stripe documents no maximum; one
// rate a region of the places it matches (the US states, GB, AU, the EU) fits in 100.
constexpr int kCheckoutMaxDynamicTaxRates = 100;

// The API versions that change Checkout (kept beside the lifecycle they change).
// 2026-03-25.dahlia: ui_mode hosted/embedded/custom became hosted_page/embedded_page/elements.
inline bool CheckoutUiModesRenamed(absl::string_view version) {
  return ApiVersionAtLeast(version, "2026-03-25");
}
// 2025-03-31.basil added ui_mode `custom`.
inline bool CheckoutCustomUiModeExists(absl::string_view version) {
  return ApiVersionAtLeast(version, "2025-03-31");
}
// 2025-03-31.basil added `optional_items` (Checkout Sessions and Payment Links).
inline bool CheckoutTakesOptionalItems(absl::string_view version) {
  return ApiVersionAtLeast(version, "2025-03-31");
}
// 2025-03-31.basil added `permissions[update_shipping_details]` (create).
inline bool CheckoutTakesPermissions(absl::string_view version) {
  return ApiVersionAtLeast(version, "2025-03-31");
}
// 2025-12-15.clover: an update may change the line items of a custom-ui session.
inline bool CheckoutUpdatesLineItems(absl::string_view version) {
  return ApiVersionAtLeast(version, "2025-12-15");
}
// 2022-08-01: the PaymentIntent is created when the session is confirmed, not at creation,
// and payment mode's customer_creation defaults to if_required (before: always).
inline bool CheckoutPaymentIntentIsDeferred(absl::string_view version) {
  return ApiVersionAtLeast(version, "2022-08-01");
}

class CheckoutSessionService {
 public:
  explicit CheckoutSessionService(internal::World* world) : world_(world) {}

  // Create()
  //
  // `mode` is required. payment and subscription modes need `line_items` (each a `price` or
  // a `price_data`, and a `quantity` of at least 1; at most 100 in payment mode, 20 recurring
  // plus 20 one-time in subscription mode; one currency; payment mode takes only one-time
  // prices, subscription mode at least one recurring one, all on one interval). setup mode
  // takes no line items and needs `currency` unless payment_method_types is given. Also:
  // customer or customer_email (not both), customer_creation (payment and setup modes),
  // success_url / cancel_url / return_url / redirect_on_completion per ui_mode, ui_mode,
  // billing_address_collection (auto | required), shipping_address_collection
  // [allowed_countries], payment_method_types (card; in payment and setup modes
  // us_bank_account with usd, sepa_debit with eur: a setup session naming one may leave out
  // `currency`; refused in subscription mode),
  // expires_at (30 minutes to 24 hours from now), metadata, client_reference_id (at most 200),
  // payment_intent_data (payment mode: capture_method, setup_future_usage, description,
  // metadata, receipt_email, statement_descriptor_suffix, shipping), setup_intent_data
  // (setup mode), subscription_data (subscription mode), automatic_tax[enabled] (every price
  // and shipping rate with a tax_behavior unless EngineOptions::default_tax_behavior says,
  // no line_items[][tax_rates] or [dynamic_tax_rates], an existing customer with a saved
  // address unless customer_update saves the entered one: customer_tax_location_invalid; taxes by
  // engine/tax_table.h once the customer's place is known), customer_update[address|name|
  // shipping] (auto | never; with `customer` only), line_items[][dynamic_tax_rates] (active
  // rates of US states, GB, AU or the EU, not with tax_rates, at most
  // kCheckoutMaxDynamicTaxRates; the one matching the customer's place applies when the
  // customer pays, see internal/checkout_dynamic_tax.h),
  // saved_payment_method_options[allow_redisplay_filters] (payment and subscription modes),
  // adaptive_pricing[enabled] (from API 2024-11-20 on, not `true` in setup mode; the
  // customer's country on the page then picks the currency, see checkout_page.h and
  // internal/checkout_adaptive_pricing.h), permissions[update_shipping_details] (client_only |
  // server_only; embedded and custom sessions only; internal/checkout_dynamic_updates.h).
  absl::StatusOr<CheckoutSession> Create(const CheckoutSessionCreateParams& params,
                                         const RequestOptions& options = {});

  absl::StatusOr<CheckoutSession> Retrieve(absl::string_view id,
                                           const RequestOptions& options = {});

  // Update()
  //
  // The session's `metadata` (Stripe's update method since 2024-09-30.acacia): merged as every
  // object's (an empty value removes its key; engine/metadata.h's limits), in any status; no
  // event (Stripe has no checkout.session.updated). On an open session not being paid, the
  // merchant's dynamic updates (internal/checkout_dynamic_updates.h): `shipping_options`
  // replaced (payment mode; `shipping_options_emptied` removes them), the first chosen and the
  // totals following; `collected_information[shipping_details]` set (embedded and custom
  // sessions that collect a shipping address to its country); `line_items` replaced (from
  // 2025-12-15.clover, custom-ui sessions; kept by id, new as on create). Errors: an unknown
  // session (404); metadata over its limits, an unknown line, price or shipping rate, a line,
  // shipping option or address refused, a session not open (400). A refused update changes
  // nothing.
  // UNCERTAIN: that a complete or expired session's metadata can change.
  absl::StatusOr<CheckoutSession> Update(absl::string_view id,
                                         const CheckoutSessionUpdateParams& params,
                                         const RequestOptions& options = {});

  // Newest first, filtered by customer, payment_intent and status when given.
  absl::StatusOr<ListResult<CheckoutSession>> List(const CheckoutSessionListParams& params,
                                                   const RequestOptions& options = {});

  // Expire()
  //
  // Only an open session (else 400): -> expired, canceling the PaymentIntent or SetupIntent
  // that waits for the customer.
  absl::StatusOr<CheckoutSession> Expire(absl::string_view id,
                                         const RequestOptions& options = {});

  // The session's line items, in the order given, with Stripe's pagination.
  absl::StatusOr<ListResult<LineItem>> ListLineItems(absl::string_view id,
                                                     const CheckoutLineItemListParams& params,
                                                     const RequestOptions& options = {});

 private:
  internal::World* world_;
};

}  // namespace paysim

#endif  // PAYSIM_ENGINE_CHECKOUT_SESSIONS_H_
