// checkout_page.h: the simulated customer on a Checkout Session's page (paysim's test helpers;
// there is no browser). Each call is what the customer does, and returns the page as the
// customer then sees it (a CheckoutPage: what is prefilled, which payment methods are offered,
// the error shown, the 3D Secure challenge, where the browser is sent).
//
// View: what the page shows.
//   - Offered payment methods: the session's payment_method_types (with dynamic payment
//     methods, cards plus what the settings enable for the mode and currency: us_bank_account
//     for usd payments), and with cards the wallets the settings enable: Apple Pay (on by
//     default), Google Pay (off by default; never with automatic tax unless the session
//     collects a shipping address).
//   - Prefill, from the session's Customer in payment and subscription modes (never setup):
//     the email (the customer's, else customer_email); the saved card with its name, email
//     and billing address, when all of Stripe's conditions hold: the chosen card (payment
//     mode: the customer's newest saved card; subscription mode: its
//     invoice_settings.default_payment_method when that is a card, else the newest card) has
//     an allow_redisplay the session shows (saved_payment_method_options
//     [allow_redisplay_filters], default `always`), and its billing_details carry what
//     billing_address_collection needs (auto: email, name, country, and postal code for US,
//     CA and GB; required: email, name, line1, city, state, postal code and country). The
//     card is prefilled only within kCheckoutPrefillWindow (30 minutes) of the session's
//     creation. The shipping address is prefilled from the customer's shipping when the
//     session collects one and its country is allowed.
//
// View with a country: the customer's country, for Adaptive Pricing (see View(params)).
//
// Pay: the customer enters details and presses Pay, with a saved card of the session's
//   customer (`pm_...`, one the page shows), a card PaymentMethod attached to no customer (the
//   details typed on the page, as Stripe.js makes it), a test card (`pm_card_*`, optionally through an
//   offered wallet), or a test bank account (`pm_usBankAccount_*`, or account and routing
//   numbers). Email is required (unless known), and the billing address with
//   billing_address_collection=required, and a shipping address (to an allowed country) when
//   the session collects one. `country` localizes first, as View(params) does. With
//   automatic tax, the place the session is taxed at (checkout_automatic_tax.h: a country,
//   and a postal code in the US) is required; its taxes are computed before anything is
//   charged. With dynamic tax rates, each line item's rate matching the shipping address
//   (when collected), else the billing address, else `country`, applies (none: no tax). The
//   PaymentIntent then charges the session's amount_total in its currency. The session then
//   moves as checkout_sessions.h says: complete, or open with a 3D Secure
//   challenge or a decline shown on the page.
// CompleteThreeDSecure / FailThreeDSecure: the customer answers the challenge
//   (PaymentIntentService / SetupIntentService do the rest).
// Abandon: the customer leaves (cancel_url); nothing changes: the session expires at
//   expires_at unless paid before.
//
// Errors: an unknown session (404); a session that is not open, or whose payment is already
// being confirmed (400): nothing is charged twice; bad input (400, naming the field).
//
// Each payment step is several engine calls (checking and preparing, the intent's own
// confirmation, settling the session) carrying one request id; a concurrent second payment
// of the same session is refused while the first is in flight.
//
// Thread safety: thread-safe.
#ifndef PAYSIM_ENGINE_CHECKOUT_PAGE_H_
#define PAYSIM_ENGINE_CHECKOUT_PAGE_H_

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "engine/payment_intents.h"
#include "engine/request_options.h"
#include "engine/setup_intents.h"
#include "proto/checkout.obj.h"
#include "proto/checkout_params.pb.h"
#include "proto/params.pb.h"

namespace paysim {
namespace internal {
class World;
}  // namespace internal

class CheckoutPageService {
 public:
  // `payment_intents` and `setup_intents` confirm the session's intents; not owned.
  CheckoutPageService(internal::World* world, PaymentIntentService* payment_intents,
                      SetupIntentService* setup_intents)
      : world_(world), payment_intents_(payment_intents), setup_intents_(setup_intents) {}

  absl::StatusOr<CheckoutPage> View(absl::string_view session_id,
                                    const RequestOptions& options = {});

  // View(params)
  //
  // The customer opens the page from `country` (ISO 3166-1 alpha-2). With Adaptive Pricing
  // (adaptive_pricing[enabled], payment mode) the page then shows the session in the
  // country's currency at a rate held for 24 hours (internal/checkout_adaptive_pricing.h
  // documents the rules; exchange_rates.h the table); the session's currency_conversion or
  // presentment_details show it. Refused (400, param `country`): not two letters.
  absl::StatusOr<CheckoutPage> View(absl::string_view session_id,
                                    const CheckoutViewParams& params,
                                    const RequestOptions& options = {});

  absl::StatusOr<CheckoutPage> Pay(absl::string_view session_id, const CheckoutPayParams& params,
                                   const RequestOptions& options = {});

  // ApplyPromotionCode()
  //
  // The customer types `code` in the page's promotion code box, which a session created with
  // allow_promotion_codes=true shows. The code is matched case-insensitively and checked as
  // `discounts[0][promotion_code]` is at creation (checkout_discounts.h; errors name param
  // `code`); it replaces the session's discount and its amounts are computed again. Its
  // redemption is counted when the session completes. Refused (400): no `code`, a session
  // without allow_promotion_codes, or one not open or being paid.
  absl::StatusOr<CheckoutPage> ApplyPromotionCode(absl::string_view session_id,
                                                  const CheckoutPromotionCodeParams& params,
                                                  const RequestOptions& options = {});

  // ChooseShippingOption()
  //
  // The customer picks another of the session's shipping_options (`shipping_rate`): it becomes
  // the session's shipping_cost and every amount is computed again (taxed again when
  // automatic tax knows the customer's place). Refused (400): no `shipping_rate`, one the
  // session does not offer (param shipping_rate), or a session not open or being paid.
  absl::StatusOr<CheckoutPage> ChooseShippingOption(absl::string_view session_id,
                                                    const CheckoutShippingChoiceParams& params,
                                                    const RequestOptions& options = {});

  // AdjustQuantity()
  //
  // The customer sets the quantity of one of the session's line items whose quantity is
  // adjustable (`line_items[][adjustable_quantity][enabled]`): every amount is computed again
  // (taxed again when automatic tax knows the customer's place), and a PaymentIntent waiting
  // for a payment method asks for the new total. Refused (400): no `line_item` or `quantity`,
  // a line item the session does not have or whose quantity is fixed (param line_item), a
  // quantity outside the line's minimum and maximum, 0 for the only item with a quantity left
  // (Stripe: "If there is only one item in the cart then that item's quantity cannot go down
  // to 0"), a payment-mode total under the currency's minimum (param quantity), or a session
  // not open or being paid.
  absl::StatusOr<CheckoutPage> AdjustQuantity(absl::string_view session_id,
                                              const CheckoutQuantityParams& params,
                                              const RequestOptions& options = {});

  // AddOptionalItem()
  //
  // The customer adds one of the session's `optional_items` (by its `price`) to the order: it
  // becomes a line item with the optional item's quantity (and its adjustable quantity, which
  // AdjustQuantity then changes), every amount is computed again and a PaymentIntent waiting
  // for a payment method asks for the new total (internal/checkout_optional_items.h). Refused
  // (400, nothing changes): no `price`, a price that is not one of the session's optional items
  // or is already added (param price), a payment-mode total over the largest charge, or a
  // session not open or being paid.
  absl::StatusOr<CheckoutPage> AddOptionalItem(absl::string_view session_id,
                                               const CheckoutOptionalItemAddParams& params,
                                               const RequestOptions& options = {});
  absl::StatusOr<CheckoutPage> CompleteThreeDSecure(absl::string_view session_id,
                                                    const RequestOptions& options = {});

  absl::StatusOr<CheckoutPage> FailThreeDSecure(absl::string_view session_id,
                                                const RequestOptions& options = {});

  absl::StatusOr<CheckoutPage> Abandon(absl::string_view session_id,
                                       const RequestOptions& options = {});

  // Recover()
  //
  // The customer opens the recovery URL of the expired session `session_id`
  // (`after_expiration[recovery][url]`; internal/checkout_recovery.h): a new open session, a
  // copy of the expired one's request with `recovered_from` naming it, whose page is returned
  // (its `checkout_session` is the new id). Refused: an unknown session (404); one created
  // without recovery, not expired, or whose recovery URL has expired (400, nothing made); a
  // request no longer valid (the error a new session with it gets).
  absl::StatusOr<CheckoutPage> Recover(absl::string_view session_id,
                                       const RequestOptions& options = {});

  // The account's payment method settings (Stripe's Dashboard): apple_pay, google_pay,
  // us_bank_account, each `on` or `off`. Changes apply to sessions created (bank accounts)
  // or viewed (wallets) afterwards.
  absl::StatusOr<PaymentMethodSettings> RetrievePaymentMethodSettings(
      const RequestOptions& options = {});
  absl::StatusOr<PaymentMethodSettings> UpdatePaymentMethodSettings(
      const PaymentMethodSettingsParams& params, const RequestOptions& options = {});

 private:
  enum class Answer { kComplete, kFail };
  absl::StatusOr<CheckoutPage> AnswerThreeDSecure(absl::string_view session_id, Answer answer,
                                                  const RequestOptions& options);

  internal::World* world_;
  PaymentIntentService* payment_intents_;
  SetupIntentService* setup_intents_;
};

}  // namespace paysim

#endif  // PAYSIM_ENGINE_CHECKOUT_PAGE_H_
