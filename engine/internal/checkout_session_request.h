// checkout_session_request.h (internal): a request to create a Checkout Session, checked as
// Stripe checks it, and the session it makes. CheckoutSessionService::Create is these two
// steps and the lifecycle's Create: check (nothing changes on a refusal), build (ids drawn, ad
// hoc prices made), store. The line items are checked in checkout_line_items.h.
//
// REQUIRES (every function taking a World): the world's lock held.
#ifndef PAYSIM_ENGINE_INTERNAL_CHECKOUT_SESSION_REQUEST_H_
#define PAYSIM_ENGINE_INTERNAL_CHECKOUT_SESSION_REQUEST_H_

#include <cstdint>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/str_cat.h"
#include "engine/currency.h"
#include "engine/internal/catalog.h"
#include "engine/internal/checkout_discounts.h"
#include "engine/internal/checkout_session_lifecycle.h"
#include "engine/internal/checkout_shipping.h"
#include "engine/internal/price_tiers.h"
#include "engine/internal/world.h"
#include "proto/checkout.obj.h"
#include "proto/checkout_params.pb.h"
#include "proto/params.pb.h"

namespace paysim {
namespace internal {

// One line item as checked: an existing Price, or a price_data draft made on commit.
struct LinePlan {
  const Price* price = nullptr;
  PriceDraft draft;  // when price == nullptr
  int64_t quantity = 0;
  std::vector<const TaxRate*> tax_rates;  // line_items[][tax_rates], checked
  std::vector<const TaxRate*> dynamic_tax_rates;  // line_items[][dynamic_tax_rates], checked
  // line_items[][adjustable_quantity], when enabled: the bounds of the customer's quantity.
  bool adjustable = false;
  int64_t minimum = 0;
  int64_t maximum = 0;
  bool recurring() const { return price != nullptr ? price->type() == "recurring" : draft.recurring; }
  const std::string& currency() const { return price != nullptr ? price->currency() : draft.currency; }
  int64_t unit_amount() const { return price != nullptr ? price->unit_amount() : draft.unit_amount; }
  // What the line costs: its quantity at the price's unit amount or tiers (price_tiers.h).
  int64_t amount() const {
    return price != nullptr ? PriceAmount(*price, quantity) : draft.unit_amount * quantity;
  }
  std::string interval() const {
    return price != nullptr
               ? absl::StrCat(price->recurring().interval_count(), " ", price->recurring().interval())
               : absl::StrCat(draft.interval_count, " ", draft.interval);
  }
};

// A create request that passed every check: what building the session needs.
struct CheckoutRequest {
  std::string mode;
  std::string ui_name;  // as the request's API version names it
  CheckoutUi ui = CheckoutUi::kHosted;
  const Customer* customer = nullptr;
  std::string currency;  // "" in setup mode without one
  std::vector<LinePlan> plans;
  std::vector<LinePlan> optional_plans;  // optional_items (checkout_optional_items.h)
  int64_t subtotal = 0;
  std::vector<std::string> types;  // the payment method types offered
  std::string payment_link;         // the PaymentLink the session is opened from, if any
  bool phone_number_collection = false;
  CheckoutDiscountChoice discount;     // discounts[0], if given
  std::vector<ShippingOptionPlan> shipping;  // shipping_options, in order
};

// CheckCreate()
//
// Checks `params` as Stripe checks a new Checkout Session: the first refusal (type, code,
// param, message), or what building it needs. Changes nothing.
absl::StatusOr<CheckoutRequest> CheckCreate(World& world, const CheckoutSessionCreateParams& params);

// AddPlannedLine()
//
// Appends to `draft` the line `plan` will be, as far as its totals go (no id drawn, no ad hoc
// price made): its price (or price_data's unit amount), quantity and tax rates.
void AddPlannedLine(const LinePlan& plan, CheckoutSession& draft);

// PlannedTotal()
//
// The amount_total a session of `plans` with `discount` will have (checkout_totals.h).
int64_t PlannedTotal(const std::vector<LinePlan>& plans, const CheckoutDiscountChoice& discount);

// ResolvePaymentMethodTypes()
//
// The payment method types a new session of `params` in `currency` offers: those given
// (card, sepa_debit in eur, us_bank_account in usd; bank debits in payment and setup mode
// only), or (dynamic payment methods) cards plus what the account's settings enable for the
// mode and currency (us_bank_account: payment mode in usd). A refusal names
// payment_method_types[i]. Changes nothing.
absl::StatusOr<std::vector<std::string>> ResolvePaymentMethodTypes(
    World& w, const CheckoutSessionCreateParams& params, const std::string& currency);

// CheckCheckoutTotal()
//
// A session's total as Stripe refuses it (`param`: line_items at creation, quantity on the
// page): under the currency's minimum (amount_too_small; 0 passes when `zero_allowed`), or over
// the largest charge (amount_too_large).
absl::Status CheckCheckoutTotal(int64_t total, const CurrencyInfo& currency, bool zero_allowed,
                                absl::string_view param);

// CheckChangedTotal()
//
// `draft`, a session as the customer's change on the page (a quantity, an optional item added)
// would leave it: its totals computed, and in payment mode refused as CheckCheckoutTotal
// refuses a total (0 passes with a discount), naming `param`.
absl::Status CheckChangedTotal(CheckoutSession draft, absl::string_view param);

// CheckConsentCollection()
//
// `consent_collection` checked as Stripe checks it on a session (and a Payment Link): promotions
// auto|none, terms_of_service none|required, payment_method_reuse_agreement[position]
// auto|hidden (required in it). The first refusal.
absl::Status CheckConsentCollection(const CheckoutConsentCollectionParams& consent);

// ConsentCollectionFrom()
//
// `consent_collection` as a session (and a Payment Link) renders it: what was given.
CheckoutConsentCollection ConsentCollectionFrom(const CheckoutConsentCollectionParams& given);

// BuildLineItem()
//
// The line item of `plan` (`li_...` drawn): its price (an ad hoc one made for price_data),
// quantity, tax rates and adjustable bounds.
void BuildLineItem(World& world, const LinePlan& plan, LineItem& item);

// BuildSession()
//
// The session `params` asks for, not yet stored: its id and its line items' ids drawn, its
// line items' ad hoc prices (price_data) made.
CheckoutSession BuildSession(World& world, const CheckoutSessionCreateParams& params,
                             const CheckoutRequest& request);

}  // namespace internal
}  // namespace paysim

#endif  // PAYSIM_ENGINE_INTERNAL_CHECKOUT_SESSION_REQUEST_H_
