// operations.h (internal): what one resource's lifecycle asks of another. Each function is
// defined beside the resource it changes (file named per function). REQUIRES: world.mu held.
#ifndef PAYSIM_ENGINE_OPERATIONS_H_
#define PAYSIM_ENGINE_OPERATIONS_H_

#include <cstdint>
#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/types/optional.h"
#include "engine/card_catalog.h"
#include "engine/world.h"
#include "google/protobuf/map.h"
#include "proto/params.pb.h"

namespace paysim {
namespace internal {

// tokens.cc: the token `id` if it can be used now, else resource_missing (unknown or
// expired) or token_already_used, naming `param`. Does not mark it used.
absl::StatusOr<Token*> FindUsableToken(World& world, absl::string_view id,
                                       absl::string_view param);

// payment_methods.cc: the PaymentMethod `id` if it can pay (not detached), else
// resource_missing / a 400 naming `param`. A `pm_card_*` name is not resolved here.
absl::StatusOr<PaymentMethod*> FindUsablePaymentMethod(World& world, absl::string_view id,
                                                       absl::string_view param);

// payment_methods.cc: the error for a PaymentMethod that was detached (or used without a
// customer) and may not be used again, about `param`.
absl::Status PaymentMethodNotReusable(absl::string_view param);

// payment_methods.cc: a new PaymentMethod for a test card, as a `pm_card_*` name mints one.
PaymentMethod& MintPaymentMethod(World& world, const TestCard& card);

// payment_methods.cc: attaches `pm` to `customer_id` (REQUIRES: checks done), emitting
// payment_method.attached.
void AttachPaymentMethod(World& world, PaymentMethod& pm, const std::string& customer_id);

// payment_methods.cc: the 402 error if `card` cannot be attached to a customer, else OK.
absl::Status CheckAttachable(const TestCard& card);

// charges.cc: a new card Charge of `amount` on `card` (id, amounts, card details, outcome),
// not yet stored. The caller sets customer, description, payment_method, payment_intent...
Charge NewCardCharge(World& world, const TestCard& card, int64_t amount,
                     absl::string_view currency, int32_t exp_month, int32_t exp_year,
                     bool cvc_provided);

// charges.cc: stores `charge` as the card's outcome decides: failed (emits charge.failed;
// the caller answers CardDeclinedError), or succeeded and captured (balance transaction) or
// held for kAuthorizationWindow (expiry timer); emits charge.succeeded.
Charge& SettleCardCharge(World& world, Charge charge, const TestCard& card, bool capture);

// charges.cc: captures `amount` of an open hold (REQUIRES: checks done), releasing the rest
// as the API version says; emits charge.captured (and the refund events before basil).
void CaptureHold(World& world, Charge& charge, int64_t amount);

// charges.cc: releases an open hold in full (a canceled PaymentIntent); before basil as a
// Refund with `reason` (may be empty) and charge.refunded.
void CancelHold(World& world, Charge& charge, absl::string_view reason);

// payment_intents.cc: the hold of `charge` (made by a PaymentIntent) expired: the intent, if
// still requires_capture, is canceled (reason by API version) with payment_intent.canceled.
void CancelPaymentIntentOnHoldExpiry(World& world, const Charge& charge);

// balance.cc: the `charge` transaction for `amount` captured on `charge`.
BalanceTransaction& RecordChargeTransaction(World& world, const Charge& charge, int64_t amount,
                                            bool bypass_pending);

// balance.cc: the `refund` transaction for `refund` (negative, available at once).
BalanceTransaction& RecordRefundTransaction(World& world, const Refund& refund);

// refunds.cc: a succeeded Refund of `amount` on `charge`, updating the charge's refund
// fields. `of_captured_funds`: true for a refund of captured money (creates a balance
// transaction), false for a released authorization (pre-basil bookkeeping only). Emits
// nothing: the caller emits refund.created and charge.refunded in its lifecycle's order.
Refund& RecordRefund(World& world, Charge& charge, int64_t amount, absl::string_view reason,
                     const google::protobuf::Map<std::string, std::string>& metadata,
                     bool of_captured_funds);

// ---- catalog and Checkout ----

// products.cc: checks a `product_data` (a Product made with a Price); `prefix` names its
// params in errors ("product_data", "line_items[0][price_data][product_data]").
absl::Status CheckProductData(const PriceProductDataParams& data, absl::string_view prefix);

// products.cc: a new Product from a checked `product_data`; emits product.created.
Product& CreateProductFromData(World& world, const PriceProductDataParams& data);

// What a new Price is made of: given by POST /v1/prices, a product's default_price_data or a
// line item's price_data. Absent fields are absent.
struct PriceInput {
  absl::optional<std::string> currency;
  absl::optional<int64_t> unit_amount;
  absl::optional<std::string> product;
  const PriceProductDataParams* product_data = nullptr;
  const PriceRecurringParams* recurring = nullptr;
  absl::optional<std::string> tax_behavior;
};

// A Price checked and ready to store.
struct PriceDraft {
  std::string currency;  // lowercase
  int64_t unit_amount = 0;
  std::string product;  // an existing product, or "" with product_data
  const PriceProductDataParams* product_data = nullptr;
  bool recurring = false;
  std::string interval;
  int64_t interval_count = 1;
  std::string usage_type;
  std::string tax_behavior;
};

// prices.cc: checks `input` as Stripe checks a new Price; `prefix` names its params in errors
// ("" for POST /v1/prices, "line_items[0][price_data]"). `product` may be omitted only when
// `product_omitted_ok` (a product's default_price_data: the product is the one being made).
absl::StatusOr<PriceDraft> CheckPriceInput(World& world, const PriceInput& input,
                                           absl::string_view prefix, bool product_omitted_ok);

// prices.cc: stores the Price of `draft` for `product_id` (when empty, for a new Product made
// from draft.product_data, emitting product.created). Emits nothing for the price itself: the
// caller emits price.created, except for an `ad_hoc` price (a line item's price_data:
// inactive, not listed, no event).
Price& CreatePrice(World& world, const PriceDraft& draft, const std::string& product_id,
                   bool ad_hoc);

// prices.cc: the Price `id` if Checkout can sell it (active, of an active product), else
// resource_missing / 400 naming `param`.
absl::StatusOr<const Price*> FindSellablePrice(World& world, absl::string_view id,
                                               absl::string_view param);

// subscriptions.cc: the Subscription a completed subscription-mode session starts, paid by
// `payment_method`: its recurring line items, current period from now. Emits
// customer.subscription.created.
Subscription& StartCheckoutSubscription(World& world, const CheckoutSession& session,
                                        const std::string& payment_method);

}  // namespace internal
}  // namespace paysim

#endif  // PAYSIM_ENGINE_OPERATIONS_H_
