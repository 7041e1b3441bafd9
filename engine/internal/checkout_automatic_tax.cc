// A Checkout Session's automatic tax and customer_update (checkout_automatic_tax.h).
#include "engine/internal/checkout_automatic_tax.h"

#include "absl/strings/str_cat.h"
#include "absl/strings/string_view.h"
#include "engine/internal/checkout_adaptive_pricing.h"
#include "engine/internal/currency_options.h"
#include "engine/internal/customer_lifecycle.h"
#include "engine/internal/intent_common.h"
#include "engine/internal/interned.h"
#include "engine/internal/status_macros.h"
#include "engine/internal/tax_rate_lifecycle.h"
#include "engine/internal/checkout_totals.h"
#include "engine/stripe_error.h"
#include "engine/tax_table.h"

namespace paysim {
namespace internal {
namespace {

bool Specified(absl::string_view tax_behavior) {
  return tax_behavior == "exclusive" || tax_behavior == "inclusive";
}

bool ValidLocation(const Address& address) { return MissingTaxLocationPart(address).empty(); }

absl::Status CheckCustomerUpdate(const CheckoutSessionCreateParams& params,
                                 const Customer* customer) {
  if (!params.has_customer_update()) return absl::OkStatus();
  if (customer == nullptr) {
    // UNCERTAIN (wording).
    return InvalidRequestError("", "customer_update",
                               "`customer_update` can only be used with `customer`.");
  }
  const CheckoutCustomerUpdateParams& update = params.customer_update();
  if (update.has_address()) {
    PAYSIM_RETURN_IF_ERROR(
        ValidateEnum(update.address(), {"auto", "never"}, "customer_update[address]"));
  }
  if (update.has_name()) {
    PAYSIM_RETURN_IF_ERROR(ValidateEnum(update.name(), {"auto", "never"}, "customer_update[name]"));
  }
  if (update.has_shipping()) {
    PAYSIM_RETURN_IF_ERROR(
        ValidateEnum(update.shipping(), {"auto", "never"}, "customer_update[shipping]"));
  }
  return absl::OkStatus();
}

}  // namespace

std::string EffectiveBehavior(const World& world, absl::string_view own) {
  if (Specified(own)) return std::string(own);
  const std::string& fallback = world.options().default_tax_behavior;
  return Specified(fallback) ? fallback : "";
}

absl::Status CheckPriceTaxBehavior(const World& world, const Price& price,
                                   const std::string& param) {
  if (!EffectiveBehavior(world, price.tax_behavior()).empty()) return absl::OkStatus();
  return InvalidRequestError(
      "", param,
      absl::StrCat("The price `", price.id(),
                   "` does not have a `tax_behavior` set which is required for "
                   "automatic tax computation. Please visit "
                   "https://stripe.com/docs/tax/products-prices-tax-categories-tax-"
                   "behavior#tax-behavior for more information."));
}

absl::Status CheckAutomaticTax(World& world, const CheckoutSessionCreateParams& params,
                               const std::string& mode, const std::vector<LinePlan>& plans,
                               const std::vector<ShippingOptionPlan>& shipping,
                               const Customer* customer) {
  PAYSIM_RETURN_IF_ERROR(CheckCustomerUpdate(params, customer));
  if (!params.automatic_tax().enabled() || mode == "setup") return absl::OkStatus();
  for (size_t i = 0; i < plans.size(); ++i) {
    const LinePlan& plan = plans[i];
    const std::string item = absl::StrCat("line_items[", i, "]");
    if (!plan.tax_rates.empty()) {
      // UNCERTAIN (wording).
      return InvalidRequestError(
          "", absl::StrCat(item, "[tax_rates]"),
          absl::StrCat("You cannot use `", item,
                       "[tax_rates]` when `automatic_tax[enabled]` is true."));
    }
    if (!plan.dynamic_tax_rates.empty()) {
      // UNCERTAIN (wording), as for tax_rates.
      return InvalidRequestError(
          "", absl::StrCat(item, "[dynamic_tax_rates]"),
          absl::StrCat("You cannot use `", item,
                       "[dynamic_tax_rates]` when `automatic_tax[enabled]` is true."));
    }
    if (plan.price != nullptr) {
      PAYSIM_RETURN_IF_ERROR(
          CheckPriceTaxBehavior(world, *plan.price, absl::StrCat(item, "[price]")));
    } else if (EffectiveBehavior(world, plan.draft.tax_behavior).empty()) {
      // UNCERTAIN (wording): Stripe's message for a price_data without tax_behavior.
      const std::string param = absl::StrCat(item, "[price_data][tax_behavior]");
      return InvalidRequestError(
          "", param,
          absl::StrCat("`", param, "` must be `inclusive` or `exclusive` for automatic tax "
                       "computation."));
    }
  }
  for (size_t i = 0; i < shipping.size(); ++i) {
    const ShippingOptionPlan& option = shipping[i];
    const std::string& own = option.tax_behavior;
    if (!EffectiveBehavior(world, own).empty()) continue;
    // UNCERTAIN (wording), modelled on the message for prices.
    const std::string item = absl::StrCat("shipping_options[", i, "]");
    if (option.rate != nullptr) {
      return InvalidRequestError(
          "", absl::StrCat(item, "[shipping_rate]"),
          absl::StrCat("The shipping rate `", option.rate->id(),
                       "` does not have a `tax_behavior` set which is required for "
                       "automatic tax computation."));
    }
    const std::string param = absl::StrCat(item, "[shipping_rate_data][tax_behavior]");
    return InvalidRequestError(
        "", param,
        absl::StrCat("`", param,
                     "` must be `inclusive` or `exclusive` for automatic tax computation."));
  }
  const bool collects_shipping = params.has_shipping_address_collection();
  if (customer != nullptr && !collects_shipping) {
    const bool saves_entered = params.customer_update().address() == "auto" ||
                               params.customer_update().shipping() == "auto";
    const bool saved_place = (customer->has_shipping() && ValidLocation(customer->shipping().address())) ||
                             (customer->has_address() && ValidLocation(customer->address()));
    if (!saves_entered && !saved_place) {
      return InvalidRequestError(
          "customer_tax_location_invalid", "",
          "Automatic tax calculation in Checkout requires a valid address on the Customer. "
          "Add a valid address to the Customer or set either `customer_update[address]` to "
          "'auto' or `customer_update[shipping]` to 'auto' to save the address entered in "
          "Checkout to the Customer.");
    }
  }
  return absl::OkStatus();
}

void SetCustomerUpdate(const CheckoutSessionCreateParams& params, CheckoutSession& session) {
  if (!params.has_customer_update()) return;
  const CheckoutCustomerUpdateParams& update = params.customer_update();
  if (update.has_address()) session.set_customer_update_address(update.address());
  if (update.has_name()) session.set_customer_update_name(update.name());
  if (update.has_shipping()) session.set_customer_update_shipping(update.shipping());
}

const Address* EnteredTaxAddress(const CheckoutSession& session, const Address* billing,
                                 const Address* shipping) {
  return session.has_shipping_address_collection() ? shipping : billing;
}

std::string MissingTaxLocationPart(const Address& address) {
  if (address.country().empty()) return "country";
  if (address.country() == "US" && address.postal_code().empty()) return "postal_code";
  return "";
}

const Address* TaxLocation(const CheckoutSession& session, const Customer* customer,
                           const Address* billing, const Address* shipping) {
  auto valid = [](const Address* a) { return a != nullptr && ValidLocation(*a) ? a : nullptr; };
  if (session.has_shipping_address_collection() || customer == nullptr) {
    return valid(EnteredTaxAddress(session, billing, shipping));
  }
  if (customer->has_shipping() && ValidLocation(customer->shipping().address())) {
    return &customer->shipping().address();
  }
  if (session.customer_update_address() == "auto" ||
      session.customer_update_shipping() == "auto") {
    return valid(billing);
  }
  return customer->has_address() ? valid(&customer->address()) : nullptr;
}

absl::StatusOr<Address> EnteredTaxLocation(const CheckoutSession& session,
                                           const Customer* customer, const Address* billing,
                                           const Address* shipping) {
  if (const Address* place = TaxLocation(session, customer, billing, shipping)) return *place;
  const bool by_shipping = session.has_shipping_address_collection();
  const Address* entered = EnteredTaxAddress(session, billing, shipping);
  std::string part = entered != nullptr ? MissingTaxLocationPart(*entered) : "country";
  if (part.empty()) part = "country";
  return ParameterMissing(by_shipping ? absl::StrCat("shipping[address][", part, "]")
                                      : absl::StrCat("billing_address[", part, "]"));
}

void ApplyAutomaticTax(World& world, const Address& location, CheckoutSession& session) {
  const AutomaticTaxRate* row = AutomaticTaxRateFor(world.options().automatic_tax_table,
                                                    location.country(), location.state());
  auto rate_for = [&](absl::string_view own) -> const TaxRate* {
    if (row == nullptr) return nullptr;
    return &TaxRateLifecycle::Automatic(world, *row,
                                        EffectiveBehavior(world, own) == "inclusive");
  };
  for (int i = 0; i < session.line_items_size(); ++i) {
    LineItem& item = *session.mutable_line_items(i);
    item.clear_automatic_tax_rates();
    if (const TaxRate* rate = rate_for(item.price().tax_behavior())) {
      item.add_automatic_tax_rates(*rate);
    }
  }
  if (session.has_shipping_cost()) {
    CheckoutShippingCost& cost = *session.mutable_shipping_cost();
    cost.clear_automatic_tax_rates();
    const ShippingRate* shipping_rate = world.shipping_rates().Find(cost.shipping_rate());
    const TaxRate* rate = rate_for(
        shipping_rate != nullptr
            ? ShippingTaxBehaviorIn(*shipping_rate, CheckoutSourceCurrency(session))
            : "");
    if (rate != nullptr) cost.add_automatic_tax_rates(*rate);
  }
  const Discount applied = session.applied_discount();  // a copy: the session changes
  FillCheckoutTotals(session.has_applied_discount() ? &applied : nullptr, session);
  *session.mutable_tax_location() = location;
  session.mutable_automatic_tax()->set_status(PAYSIM_INTERNED("complete"));
}

void SaveToCustomer(World& world, const CheckoutSession& session, const Customer& customer) {
  if (session.customer_update_address() != "auto" && session.customer_update_name() != "auto" &&
      session.customer_update_shipping() != "auto") {
    return;
  }
  Customer updated = customer;
  const CheckoutCustomerDetails& entered = session.entered_details();
  if (session.customer_update_address() == "auto" && entered.has_address()) {
    *updated.mutable_address() = entered.address();
  }
  if (session.customer_update_name() == "auto" && entered.has_name()) {
    updated.set_name(entered.name());
  }
  if (session.customer_update_shipping() == "auto" && session.has_entered_shipping()) {
    Shipping* shipping = updated.mutable_shipping();
    *shipping->mutable_address() = session.entered_shipping().address();
    if (session.entered_shipping().has_name()) shipping->set_name(session.entered_shipping().name());
  }
  CustomerLifecycle::Update(world, customer, updated);
}

}  // namespace internal
}  // namespace paysim
