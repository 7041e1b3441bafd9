// subscription_request.h (internal): what a `POST /v1/subscriptions` asks for, checked.
//
// Reads the world, writes nothing: every refusal is decided here, before anything changes.
//
// REQUIRES (every function taking a World): the world's lock held.
#ifndef PAYSIM_ENGINE_INTERNAL_SUBSCRIPTION_REQUEST_H_
#define PAYSIM_ENGINE_INTERNAL_SUBSCRIPTION_REQUEST_H_

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/types/optional.h"
#include "engine/internal/customer_discounts.h"
#include "engine/internal/world.h"
#include "proto/checkout.obj.h"
#include "proto/params.pb.h"
#include "proto/subscription_item_params.pb.h"
#include "proto/tax_rate.obj.h"

namespace paysim {

// Stripe: "at most 20 items" on a subscription; a trial of at most 730 days.
constexpr int kSubscriptionMaxItems = 20;
// Stripe: add_invoice_items "You may pass up to 20 items".
constexpr int kSubscriptionMaxAddInvoiceItems = 20;
constexpr int64_t kSubscriptionMaxTrialDays = 730;
// Stripe: days_until_due between 0 and 1095 (3 years). UNCERTAIN: the upper bound.
constexpr int64_t kMaxDaysUntilDue = 1095;

namespace internal {

struct SubscriptionRequest {
  Subscription draft;        // customer, items (price, quantity, metadata), collection settings
  int64_t first_amount = 0;  // what the first invoice bills (0 with a trial)
  std::string payment_method;  // what pays the first invoice ("" none)
  bool off_session = false;
  // The coupon or promotion code it applies (coupon, promotion_code or discounts[0]),
  // redeemed when it starts.
  absl::optional<DiscountChoice> discount;
  // add_invoice_items: the customer's invoice items (one-time prices, not yet stored) that the
  // first invoice bills, stored for the subscription when it starts.
  std::vector<InvoiceItem> add_invoice_items;
};

// The subscription `params` describe, or the error Stripe gives for the first bad parameter.
absl::StatusOr<SubscriptionRequest> CheckSubscriptionCreate(World& world,
                                                            const SubscriptionCreateParams& params);

// trial_settings.end_behavior.missing_payment_method, checked (default create_invoice).
// The price `price_id` (named by `param`) if a subscription may bill it: it exists, is
// recurring and is active; Stripe's refusal naming `param` otherwise.
absl::StatusOr<const Price*> RecurringPrice(World& world, const std::string& price_id,
                                            const std::string& param);

// An item's price as its params name it: `price`, or `plan`, Stripe's legacy name (a plan is
// the recurring price of the same id, plans.h); null when not given. `name` gives a field's
// param name ("price" -> "items[0][price]"). Returns the price id ("" when neither is given),
// and in `*param` the name to check it under. Refused (invalid_request_error, 400): both
// given; a `plan` that names no plan (resource_missing). Changes nothing.
absl::StatusOr<std::string> ItemPriceId(World& world, const std::string* price,
                                        const std::string* plan,
                                        const std::function<std::string(absl::string_view)>& name,
                                        std::string* param);

absl::StatusOr<std::string> CheckTrialEndBehavior(const SubscriptionTrialSettingsParams& params);

// add_invoice_items of a new subscription or an update (at most
// kSubscriptionMaxAddInvoiceItems): each an active one-time `price` in the currency of
// `subscription`, or `price_data` (an amount of a product; negative: a credit, not
// discountable), and a quantity of at least 1, as invoice items of its customer (checked as
// POST /v1/invoiceitems checks one), not stored. Refusals name `prefix`[i][...]
// (add_invoice_items[i][...]; a schedule's phases[p][add_invoice_items][i][...]).
absl::StatusOr<std::vector<InvoiceItem>> CheckAddInvoiceItems(
    World& world, const google::protobuf::RepeatedPtrField<SubscriptionAddInvoiceItemParams>& items,
    const Subscription& subscription, absl::string_view prefix = "add_invoice_items");

// "You may only specify one of these parameters: a, b." (invalid_request_error) naming `param`.
absl::Status OnlyOneOf(absl::string_view a, absl::string_view b, const std::string& param);

// An item's price_data (named `prefix`: "items[0][price_data]", "price_data"), checked as
// POST /v1/prices checks a recurring per-unit price of an existing product: the inactive,
// ad hoc Price it describes, without an id. Changes nothing; MakeInlinePrices makes it.
absl::StatusOr<Price> CheckItemPriceData(World& world,
                                         const SubscriptionItemPriceDataParams& data,
                                         const std::string& prefix);

// The price_data that describes `price` (a recurring price made inline): how a quote's or a
// schedule's own inline price is checked again when its subscription starts.
SubscriptionItemPriceDataParams PriceDataOf(const Price& price);

// Stores the prices CheckItemPriceData drafted for `subscription`'s items (those without an
// id), each under a new id (no event), and gives the items their ids. Call when the
// subscription or its change is committed.
void MakeInlinePrices(World& world, Subscription& subscription);

// `default_payment_method` (param of that name) is usable and attached to `customer`.
absl::Status CheckSubscriptionPaymentMethod(World& world, const std::string& pm_id,
                                            const std::string& customer);

// An update's trial_end (`text`, named `param`): `now` (returned as 0) or a future Unix time
// within kSubscriptionMaxTrialDays, on a trialing subscription; Stripe's refusal naming
// `param` otherwise (parameter_invalid_integer for a text that is neither).
absl::StatusOr<int64_t> CheckTrialEnd(const World& world, const Subscription& subscription,
                                      absl::string_view text, absl::string_view param);

// What a subscription update (`POST /v1/subscriptions/{id}`) asks of its discount and default
// tax rates.
struct SubscriptionDiscountUpdate {
  bool removes_discount = false;              // coupon="" (or promotion_code="")
  absl::optional<DiscountChoice> discount;    // a new discount, replacing any
  absl::optional<std::vector<TaxRate>> default_tax_rates;  // replacing them
};

// CheckSubscriptionDiscountUpdate()
//
// Checks `params`' coupon, promotion_code, discounts[] and default_tax_rates for
// `subscription` as creation checks them (billing_params.h), in the subscription's currency
// and for its customer. Changes nothing.
absl::StatusOr<SubscriptionDiscountUpdate> CheckSubscriptionDiscountUpdate(
    World& world, const Subscription& subscription, const SubscriptionChangeParams& params);

// ApplySubscriptionDiscountUpdate()
//
// Redeems the new discount (customer_discounts.h) and writes `update` onto `updated`, the
// subscription's next version, which the caller commits through its lifecycle (the discount
// events are the lifecycle's). Call only once every check of the request has passed.
void ApplySubscriptionDiscountUpdate(World& world, const SubscriptionDiscountUpdate& update,
                                     Subscription& updated);

}  // namespace internal
}  // namespace paysim

#endif  // PAYSIM_ENGINE_INTERNAL_SUBSCRIPTION_REQUEST_H_
