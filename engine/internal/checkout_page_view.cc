#include "engine/internal/checkout_page_view.h"

#include <string>
#include <vector>

#include "absl/algorithm/container.h"
#include "absl/strings/str_cat.h"
#include "engine/internal/checkout_adaptive_pricing.h"
#include "engine/internal/checkout_session_lifecycle.h"
#include "engine/internal/interned.h"
#include "engine/internal/payment_method_lifecycle.h"
#include "engine/internal/status_macros.h"
#include "engine/list.h"
#include "engine/stripe_error.h"

namespace paysim {
namespace internal {
namespace {

constexpr absl::string_view kSettingsId = CheckoutSessionLifecycle::kSettingsId;

// The card Checkout would prefill: payment mode, the newest saved card; subscription mode, the
// customer's default payment method if it is a card, else the newest card. UNCERTAIN: paysim
// picks the card first and then checks its conditions (a newer card that may not be shown
// prevents the prefill), reading "the customer's most recently saved card" literally; "newest"
// is the most recently created.
const PaymentMethod* PrefillCandidate(World& w, const CheckoutSession& s) {
  const Customer* customer = w.customers().Find(s.customer());
  if (customer == nullptr) return nullptr;
  if (s.mode() == "subscription") {
    const PaymentMethod* pm =
        w.payment_methods().Find(customer->invoice_settings().default_payment_method());
    if (pm != nullptr && IsSavedCardOf(*pm, customer->id())) return pm;
  }
  const PaymentMethod* newest = nullptr;
  PaymentMethodLifecycle::ForEachOf(w, customer->id(), [&](const PaymentMethod& pm) {
    if (IsSavedCardOf(pm, customer->id())) newest = &pm;
  });
  return newest;
}

// The card's billing details carry what billing_address_collection needs. UNCERTAIN: for
// `required` ("every address field") paysim asks for all but line2.
bool BillingDetailsSuffice(const CheckoutSession& s, const PaymentMethod& pm) {
  const BillingDetails& b = pm.billing_details();
  const Address& a = b.address();
  auto has = [](bool present, const std::string& v) { return present && !v.empty(); };
  if (!has(b.has_email(), b.email()) || !has(b.has_name(), b.name())) return false;
  if (!has(a.has_country(), a.country())) return false;
  if (s.billing_address_collection() == "required") {
    return has(a.has_line1(), a.line1()) && has(a.has_city(), a.city()) &&
           has(a.has_state(), a.state()) && has(a.has_postal_code(), a.postal_code());
  }
  const bool needs_postal_code = a.country() == "US" || a.country() == "CA" || a.country() == "GB";
  return !needs_postal_code || has(a.has_postal_code(), a.postal_code());
}

}  // namespace

PaymentMethodSettings CheckoutPaymentMethodSettings(World& w) {
  if (const PaymentMethodSettings* stored = w.payment_method_settings().Find(kSettingsId)) {
    return *stored;
  }
  PaymentMethodSettings defaults;
  defaults.set_id(std::string(kSettingsId));
  defaults.set_object(PAYSIM_INTERNED("test_helpers.payment_method_settings"));
  defaults.set_apple_pay(PAYSIM_INTERNED("on"));
  defaults.set_google_pay(PAYSIM_INTERNED("off"));
  defaults.set_us_bank_account(PAYSIM_INTERNED("off"));
  return defaults;
}

// ---- what the page offers ----

std::vector<std::string> CheckoutOfferedPaymentMethods(World& w, const CheckoutSession& s) {
  std::vector<std::string> offered;
  const PaymentMethodSettings settings = CheckoutPaymentMethodSettings(w);
  for (const std::string& type : s.payment_method_types()) {
    offered.push_back(type);
    if (type != "card") continue;
    if (settings.apple_pay() == "on") offered.push_back("apple_pay");
    // Google Pay is not offered with automatic tax unless a shipping address is collected.
    const bool tax_without_shipping =
        s.automatic_tax().enabled() && !s.has_shipping_address_collection();
    if (settings.google_pay() == "on" && !tax_without_shipping) offered.push_back("google_pay");
  }
  return offered;
}

// The allow_redisplay values the session shows saved cards for (default: `always`).
bool CheckoutShowsSavedCard(const CheckoutSession& s, const PaymentMethod& pm) {
  const auto& filters = s.saved_payment_method_options().allow_redisplay_filters();
  if (filters.empty()) return pm.allow_redisplay() == "always";
  return absl::c_linear_search(filters, pm.allow_redisplay());
}

bool IsSavedCardOf(const PaymentMethod& pm, const std::string& customer) {
  return pm.type() == "card" && pm.customer() == customer &&
         PaymentMethodLifecycle::StateOf(pm) == internal::PaymentMethodState::kAttached;
}

// The saved card prefilled on the page now, or nullptr.
const PaymentMethod* PrefilledCard(World& w, const CheckoutSession& s) {
  if (!s.has_customer() || s.mode() == "setup" || s.prefill_window_closed()) return nullptr;
  const PaymentMethod* card = PrefillCandidate(w, s);
  if (card == nullptr || !CheckoutShowsSavedCard(s, *card) || !BillingDetailsSuffice(s, *card)) return nullptr;
  return card;
}

// The customer's email as Checkout knows it before they type: the Customer's, else
// customer_email.
std::string CheckoutKnownEmail(World& w, const CheckoutSession& s) {
  if (const Customer* c = w.customers().Find(s.customer()); c != nullptr && c->has_email()) {
    return c->email();
  }
  return s.customer_email();
}

// The customer's shipping address, if the session collects one and allows its country.
const Shipping* CheckoutPrefilledShipping(World& w, const CheckoutSession& s) {
  if (!s.has_shipping_address_collection()) return nullptr;
  const Customer* c = w.customers().Find(s.customer());
  if (c == nullptr || !c->has_shipping() || !c->shipping().address().has_country()) return nullptr;
  if (!absl::c_linear_search(s.shipping_address_collection().allowed_countries(),
                c->shipping().address().country())) {
    return nullptr;
  }
  return &c->shipping();
}

CheckoutPrefill CheckoutPrefillOf(World& w, const CheckoutSession& s) {
  CheckoutPrefill prefill;
  const std::string email = CheckoutKnownEmail(w, s);
  if (!email.empty()) prefill.set_email(email);
  if (const PaymentMethod* card = PrefilledCard(w, s)) {
    const BillingDetails& b = card->billing_details();
    prefill.set_payment_method(card->id());
    prefill.set_card_brand(card->card().brand());
    prefill.set_card_last4(card->card().last4());
    prefill.set_name(b.name());
    if (!prefill.has_email()) prefill.set_email(b.email());
    *prefill.mutable_billing_address() = b.address();
  }
  if (const Shipping* shipping = CheckoutPrefilledShipping(w, s)) {
    *prefill.mutable_shipping_address() = shipping->address();
    if (shipping->has_name()) prefill.set_shipping_name(shipping->name());
  }
  return prefill;
}

absl::StatusOr<const CheckoutSession*> ChangeableSession(World& w, absl::string_view id,
                                                         absl::string_view action) {
  PAYSIM_ASSIGN_OR_RETURN(const CheckoutSession* session, w.checkout_sessions().Get(id));
  if (session->status() != "open" || session->confirming()) {
    // UNCERTAIN (wording): paysim's own test helpers.
    return StateError("", "",
                      absl::StrCat(action, " on an open Checkout Session that is not being paid."));
  }
  return session;
}

CheckoutPage CheckoutPageOf(World& w, const CheckoutSession& s) {
  CheckoutPage page;
  page.set_object(PAYSIM_INTERNED("test_helpers.checkout_page"));
  if (s.mode() != "setup") page.set_amount_total(CheckoutShownAmount(s));
  page.set_checkout_session(s.id());
  if (!CheckoutShownCurrency(s).empty()) page.set_currency(CheckoutShownCurrency(s));
  page.set_status(s.status());
  for (std::string& type : CheckoutOfferedPaymentMethods(w, s)) page.add_payment_methods(std::move(type));
  if (s.status() == "complete") {
    const std::string redirect = CheckoutSessionLifecycle::CompletionRedirect(s);
    if (!redirect.empty()) page.set_redirect_url(redirect);
    return page;
  }
  if (s.status() != "open") return page;
  *page.mutable_prefill() = CheckoutPrefillOf(w, s);
  if (s.mode() == "setup") {
    if (const SetupIntent* si = w.setup_intents().Find(s.setup_intent())) {
      if (si->status() == "requires_action") page.set_next_action(PAYSIM_INTERNED("three_d_secure"));
      if (si->has_last_setup_error()) *page.mutable_error() = si->last_setup_error();
    }
  } else if (const PaymentIntent* pi = CheckoutSessionLifecycle::PaymentIntentOf(w, s)) {
    if (pi->status() == "requires_action") page.set_next_action(PAYSIM_INTERNED("three_d_secure"));
    if (pi->has_last_payment_error()) *page.mutable_error() = pi->last_payment_error();
  }
  return page;
}
}  // namespace internal
}  // namespace paysim
