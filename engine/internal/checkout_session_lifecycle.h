// checkout_session_lifecycle.h (internal): the Checkout Session lifecycle, the only writer of
// Checkout Sessions (and of the account's payment method settings). The merchant's API
// (checkout_sessions.cc), the customer's page (checkout_page.cc) and the timers move a session
// through these functions; the table as Stripe renders it is in checkout_sessions.h.
//
//   from      trigger                                              to        events
//   (new)     create                                               open      -
//   open      the customer enters a promotion code                 open      -
//   open      (automatic or dynamic) tax learns where the         open      -
//               customer is
//   open      the customer picks another shipping option           open      -
//   open      the merchant replaces the line items or the shipping open      -
//               options, or sets the shipping details
//               (checkout_dynamic_updates.h)
//   open      the customer's country converts its currency         open      -
//   open      its payment went through (paid, held, processing),   complete  checkout.session.completed
//               its card or bank account was saved (setup), or
//               nothing is due
//   open      expire, expires_at passes, or the customer's         expired   checkout.session.expired
//               attempt ends after expires_at
//   complete  the bank debit settles (payment_status -> paid)      complete  checkout.session.async_payment_succeeded
//   complete  the bank returns the debit                           complete  checkout.session.async_payment_failed
//
// With customer_update, what the customer entered is saved to the session's Customer when it
// completes (customer.updated before checkout.session.completed).
//
// The coupon or promotion code a session applies is redeemed (times_redeemed) when the
// session completes, not at creation (checkout_discounts.h).
//
// A session opened from a payment link (`payment_link`) is counted by the link when it
// completes (PaymentLinkLifecycle::OnSessionCompleted).
//
// A session being paid (`confirming`) does not expire under the customer: the expiry waits for
// the payment's outcome (SettleAttempt).
//
// REQUIRES (every function taking a World): the world's lock held.
#ifndef PAYSIM_ENGINE_INTERNAL_CHECKOUT_SESSION_LIFECYCLE_H_
#define PAYSIM_ENGINE_INTERNAL_CHECKOUT_SESSION_LIFECYCLE_H_

#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "absl/types/optional.h"
#include "engine/internal/checkout_shipping.h"
#include "engine/internal/ordinal_index.h"
#include "engine/internal/state_machine.h"
#include "engine/internal/world.h"
#include "engine/lifecycle.h"
#include "proto/checkout.obj.h"

namespace paysim {
namespace internal {

enum class CheckoutSessionState : uint8_t { kOpen, kComplete, kExpired };
enum class CheckoutSessionTrigger : uint8_t {
  kCreate,
  kComplete,
  kExpire,
  kAsyncPaymentSucceeded,
  kAsyncPaymentFailed,
};

// The ui_mode families, whatever the API version calls them.
enum class CheckoutUi { kHosted, kEmbedded, kElements };

class CheckoutSessionLifecycle {
 public:
  using Machine = StateMachine<CheckoutSessionState, CheckoutSessionTrigger>;
  static const Machine& machine();
  static Lifecycle Published() { return machine().Publish(); }

  static CheckoutSessionState StateOf(const CheckoutSession& session);
  static CheckoutUi UiOf(const CheckoutSession& session);

  // ---- the merchant's side ----

  // Stores `session` (built by the caller) as open; schedules its expiry (and, with a
  // customer outside setup mode, the end of the prefill window); creates its SetupIntent
  // (setup mode) or, before 2022-08-01, its PaymentIntent (payment mode).
  static const CheckoutSession& Create(World& world, CheckoutSession session);

  // open -> expired, canceling the PaymentIntent or SetupIntent still waiting for the customer.
  static void Expire(World& world, const CheckoutSession& session);

  // The merchant's update: `metadata` (merged and checked) replaces the session's, in any
  // state, with no event.
  static const CheckoutSession& SetMetadata(World& world, const CheckoutSession& session,
                                            obj::StringMap metadata);

  // ---- the customer's side ----

  // The PaymentIntent that pays `session` (payment mode: its payment_intent; subscription
  // mode: the first payment), or nullptr if none was created yet.
  static const PaymentIntent* PaymentIntentOf(World& world, const CheckoutSession& session);

  // A new PaymentIntent for the session's amount_total, currency and customer, with its
  // payment_intent_data (subscription mode: set up for off-session use, as a subscription's
  // first payment is), linked to the session. Emits payment_intent.created.
  static const PaymentIntent& CreatePaymentIntent(World& world, const CheckoutSession& session);

  // The customer Checkout made for the payer: the session's, and its intents'.
  static void SetCustomer(World& world, const CheckoutSession& session,
                          const std::string& customer_id);

  // What the customer entered on the page, and the PaymentMethod paying.
  static void RecordEntered(World& world, const CheckoutSession& session,
                            const CheckoutCustomerDetails& details,
                            const CheckoutShippingDetails* shipping,
                            const obj::SharedString& payment_method);

  // What the customer filled in the session's custom fields (checked, by key), kept until
  // completion makes them the fields' values (checkout_custom_fields.h).
  static void RecordCustomFields(World& world, const CheckoutSession& session,
                                 const std::map<std::string, std::string>& entries);

  // The customer entered a promotion code (allow_promotion_codes): `discount` replaces the
  // session's, and every amount is computed again (checkout_totals.h). Redeemed on completion.
  static void ApplyDiscount(World& world, const CheckoutSession& session,
                            const Discount& discount);

  // The customer's place is known: with automatic_tax (checkout_automatic_tax.h) the session's
  // taxes are computed for `location`, else its line items' dynamic_tax_rates are matched to
  // it (checkout_dynamic_tax.h); every amount is computed again, and a PaymentIntent already
  // made for the session (before 2022-08-01) asks for the new total.
  static void ApplyTaxLocation(World& world, const CheckoutSession& session,
                               const Address& location);
  // The customer's Adaptive Pricing quote (checkout_adaptive_pricing.h): `quote` replaces the
  // session's (nullopt: the merchant's currency), and every amount is computed again.
  static void Localize(World& world, const CheckoutSession& session,
                       const absl::optional<CheckoutFxQuote>& quote);

  // A payment attempt on a session whose subscription starts with a stub before a future
  // anchor (checkout_billing_cycle_anchor.h): the stub is priced again at now, every amount
  // computed again, and a PaymentIntent waiting for a payment method asks for the new total.
  static void PriceStub(World& world, const CheckoutSession& session);

  // The customer sets line item `index`'s quantity (an adjustable one, checked by the page):
  // every amount computed again (taxed again when automatic tax knows the place), and a
  // PaymentIntent waiting for a payment method asks for the new total.
  static void SetQuantity(World& world, const CheckoutSession& session, int index,
                          int64_t quantity);

  // The customer adds optional item `index` (checkout_optional_items.h, checked by the page):
  // its line item joins line_items, and the amounts follow as in SetQuantity.
  static void AddOptionalItem(World& world, const CheckoutSession& session, int index);

  // The customer picks `option`, one of the session's shipping_options: it becomes the
  // shipping_cost, taxed again when automatic tax knows the place, and every amount (and a
  // PaymentIntent waiting for a payment method) follows.
  static void ChooseShipping(World& world, const CheckoutSession& session,
                             const CheckoutShippingOption& option);

  // The merchant's update (checkout_dynamic_updates.h, checked): `plans` replace the shipping
  // options (their shipping_rate_data rates made), the first chosen (none: no shipping_cost);
  // every amount and a PaymentIntent waiting for a payment method follow, as in SetQuantity.
  static void ReplaceShippingOptions(World& world, const CheckoutSession& session,
                                     const std::vector<ShippingOptionPlan>& plans);

  // The merchant's update (checked, its new lines built): `lines` replace the line items, every
  // amount and a PaymentIntent waiting for a payment method following, as in SetQuantity.
  static void ReplaceLineItems(World& world, const CheckoutSession& session,
                               std::vector<LineItem> lines);

  // The merchant's update (checked): the shipping details collected, rendered at once in
  // collected_information and paid with unless the customer enters others.
  static void SetCollectedShipping(World& world, const CheckoutSession& session,
                                   const CheckoutShippingDetails& details);

  // The customer's payment is being confirmed: the session waits for its outcome.
  static void BeginConfirming(World& world, const CheckoutSession& session);

  // open -> complete with what the customer entered and the outcome of its intent
  // (payment_status paid, unpaid or no_payment_required); subscription mode starts the
  // Subscription. Emits [customer.subscription.created,] checkout.session.completed.
  static void Complete(World& world, const CheckoutSession& session);

  // After one of the customer's payment steps: completes the session if its intent went
  // through, expires it if expires_at passed meanwhile, else leaves it open. Ends
  // `confirming`.
  static void SettleAttempt(World& world, const CheckoutSession& session);

  // A bank debit was submitted: it settles kBankDebitSettlementDelay from now.
  static void ScheduleBankDebitSettlement(World& world, const CheckoutSession& session);

  // Where the customer is sent once the session completes: success_url (hosted) or return_url
  // (embedded unless redirect_on_completion=never, elements) with {CHECKOUT_SESSION_ID}
  // replaced; "" if none.
  static std::string CompletionRedirect(const CheckoutSession& session);

  // ---- the account's payment method settings (one object, id kSettingsId) ----

  static constexpr absl::string_view kSettingsId = "default";
  static const PaymentMethodSettings& SaveSettings(World& world,
                                                   const PaymentMethodSettings& settings);

  // ---- timers ----

  static void OnExpiry(World& world, absl::string_view session_id);

  // ---- lookups ----

  // The index of sessions by customer (for Store::ListAt; ordinal_index.h), built first if
  // this world has not built it (payment_indexes.cc).
  static const OrdinalIndex& ByCustomer(World& world);

  // The index of sessions by PaymentIntent (a payment-mode session's, set once), built first
  // if this world has not built it (payment_indexes.cc).
  static const OrdinalIndex& ByPaymentIntent(World& world);
  static void OnPrefillWindowEnd(World& world, absl::string_view session_id);
  static void OnBankDebitSettlement(World& world, absl::string_view session_id);

 private:
  static WriteKey<CheckoutSessionLifecycle> Key() { return {}; }
  static CheckoutSession& Mutable(World& world, const CheckoutSession& session);
  static void Enter(World& world, CheckoutSession& session, CheckoutSessionTrigger trigger);
};

}  // namespace internal
}  // namespace paysim

#endif  // PAYSIM_ENGINE_INTERNAL_CHECKOUT_SESSION_LIFECYCLE_H_
