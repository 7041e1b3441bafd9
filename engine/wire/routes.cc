#include "engine/wire/routes.h"

#include <utility>

#include "absl/strings/str_split.h"
#include "engine/wire/billing_routes.h"
#include "engine/wire/mandate_routes.h"
#include "engine/wire/payment_page_routes.h"
#include "engine/wire/route_binding.h"
#include "engine/wire/search_routes.h"
#include "google/protobuf/message.h"

namespace paysim {
namespace wire {
namespace {

using route_binding::ForPublishableKey;
using route_binding::To;

// `routes` after Stripe's search paths (search_routes.h), which must match before the object
// routes read "search" as an id, and before the mandate route (mandate_routes.h).
std::vector<Route>* WithSearchAndMandateRoutes(std::vector<Route>* routes) {
  routes->insert(routes->begin(), SearchRoutes().begin(), SearchRoutes().end());
  routes->insert(routes->end(), MandateRoutes().begin(), MandateRoutes().end());
  return routes;
}

// `routes` followed by Stripe Billing's (billing_routes.h).
std::vector<Route>* WithBillingRoutes(std::vector<Route>* routes) {
  routes->insert(routes->end(), BillingRoutes().begin(), BillingRoutes().end());
  return routes;
}

}  // namespace

// The routes Stripe documents for client-side use (Stripe.js): creating a token or a
// PaymentMethod, and retrieving or confirming an intent with its client_secret. The 3D Secure
// and Checkout test helpers are paysim's stand-ins for the customer, called by tests with a
// secret key: Stripe's own test_helpers endpoints take secret keys only.
const std::vector<Route>& EngineRoutes() {
  constexpr PublishableKey kAnyKey = PublishableKey::kAllowed;
  constexpr PublishableKey kClientSecret = PublishableKey::kWithClientSecret;
  using E = Engine;
  static const auto* routes = WithSearchAndMandateRoutes(WithBillingRoutes(new std::vector<Route>{
      ForPublishableKey(To<&E::tokens, &TokenService::Create>("POST", "/v1/tokens", "token"),
                        kAnyKey),
      To<&E::tokens, &TokenService::Retrieve>("GET", "/v1/tokens/{}", "token"),

      To<&E::customers, &CustomerService::Create>("POST", "/v1/customers", "customer"),
      To<&E::customers, &CustomerService::List>("GET", "/v1/customers", "customer"),
      To<&E::customers, &CustomerService::Retrieve>("GET", "/v1/customers/{}", "customer"),
      To<&E::customers, &CustomerService::Update>("POST", "/v1/customers/{}", "customer"),
      To<&E::customers, &CustomerService::Delete>("DELETE", "/v1/customers/{}", "customer"),
      To<&E::customers, &CustomerService::DeleteDiscount>("DELETE", "/v1/customers/{}/discount",
                                                          "discount"),
      To<&E::payment_methods, &PaymentMethodService::List>(
          "GET", "/v1/customers/{}/payment_methods", "payment_method", "customer"),
      // A customer's legacy card sources; `/cards` is Stripe's older name for the same routes.
      To<&E::customer_sources, &CustomerSourceService::Create>(
          "POST", "/v1/customers/{}/sources", "card"),
      To<&E::customer_sources, &CustomerSourceService::List>(
          "GET", "/v1/customers/{}/sources", "card"),
      To<&E::customer_sources, &CustomerSourceService::Retrieve>(
          "GET", "/v1/customers/{}/sources/{}", "card"),
      To<&E::customer_sources, &CustomerSourceService::Update>(
          "POST", "/v1/customers/{}/sources/{}", "card"),
      To<&E::customer_sources, &CustomerSourceService::Delete>(
          "DELETE", "/v1/customers/{}/sources/{}", "card"),
      To<&E::tax_ids, &TaxIdService::Create>("POST", "/v1/customers/{}/tax_ids", "tax_id"),
      To<&E::tax_ids, &TaxIdService::List>("GET", "/v1/customers/{}/tax_ids", "tax_id"),
      To<&E::tax_ids, &TaxIdService::Retrieve>("GET", "/v1/customers/{}/tax_ids/{}", "tax_id"),
      To<&E::tax_ids, &TaxIdService::Delete>("DELETE", "/v1/customers/{}/tax_ids/{}", "tax_id"),
      To<&E::customer_sources, &CustomerSourceService::Create>(
          "POST", "/v1/customers/{}/cards", "card"),
      To<&E::customer_sources, &CustomerSourceService::List>(
          "GET", "/v1/customers/{}/cards", "card"),
      To<&E::customer_sources, &CustomerSourceService::Retrieve>(
          "GET", "/v1/customers/{}/cards/{}", "card"),
      To<&E::customer_sources, &CustomerSourceService::Update>(
          "POST", "/v1/customers/{}/cards/{}", "card"),
      To<&E::customer_sources, &CustomerSourceService::Delete>(
          "DELETE", "/v1/customers/{}/cards/{}", "card"),

      // A customer's balance transactions.
      To<&E::customer_balance_transactions, &CustomerBalanceTransactionService::Create>(
          "POST", "/v1/customers/{}/balance_transactions", "customer_balance_transaction"),
      To<&E::customer_balance_transactions, &CustomerBalanceTransactionService::List>(
          "GET", "/v1/customers/{}/balance_transactions", "customer_balance_transaction"),
      To<&E::customer_balance_transactions, &CustomerBalanceTransactionService::Retrieve>(
          "GET", "/v1/customers/{}/balance_transactions/{}", "customer_balance_transaction"),
      To<&E::customer_balance_transactions, &CustomerBalanceTransactionService::Update>(
          "POST", "/v1/customers/{}/balance_transactions/{}", "customer_balance_transaction"),
      To<&E::cash_balances, &CashBalanceService::Retrieve>(
          "GET", "/v1/customers/{}/cash_balance", "cash_balance"),
      To<&E::cash_balances, &CashBalanceService::Update>(
          "POST", "/v1/customers/{}/cash_balance", "cash_balance"),
      To<&E::cash_balances, &CashBalanceService::Fund>(
          "POST", "/v1/test_helpers/customers/{}/fund_cash_balance", "customer_cash_balance_transaction"),
      To<&E::cash_balances, &CashBalanceService::ListTransactions>(
          "GET", "/v1/customers/{}/cash_balance_transactions", "customer_cash_balance_transaction"),
      To<&E::cash_balances, &CashBalanceService::RetrieveTransaction>(
          "GET", "/v1/customers/{}/cash_balance_transactions/{}", "customer_cash_balance_transaction"),

      ForPublishableKey(To<&E::payment_methods, &PaymentMethodService::Create>(
                            "POST", "/v1/payment_methods", "payment_method"),
                        kAnyKey),
      To<&E::payment_methods, &PaymentMethodService::List>("GET", "/v1/payment_methods",
                                                           "payment_method"),
      To<&E::payment_methods, &PaymentMethodService::Retrieve>("GET", "/v1/payment_methods/{}",
                                                               "payment_method"),
      To<&E::payment_methods, &PaymentMethodService::Update>("POST", "/v1/payment_methods/{}",
                                                             "payment_method"),
      To<&E::payment_methods, &PaymentMethodService::Attach>(
          "POST", "/v1/payment_methods/{}/attach", "payment_method"),
      To<&E::payment_methods, &PaymentMethodService::Detach>(
          "POST", "/v1/payment_methods/{}/detach", "payment_method"),

      To<&E::charges, &ChargeService::Create>("POST", "/v1/charges", "charge"),
      To<&E::charges, &ChargeService::List>("GET", "/v1/charges", "charge"),
      To<&E::charges, &ChargeService::Retrieve>("GET", "/v1/charges/{}", "charge"),
      To<&E::charges, &ChargeService::Update>("POST", "/v1/charges/{}", "charge"),
      To<&E::charges, &ChargeService::Capture>("POST", "/v1/charges/{}/capture", "charge"),
      To<&E::refunds, &RefundService::Create>("POST", "/v1/charges/{}/refunds", "refund", "charge"),

      To<&E::refunds, &RefundService::Create>("POST", "/v1/refunds", "refund"),
      To<&E::refunds, &RefundService::List>("GET", "/v1/refunds", "refund"),
      To<&E::refunds, &RefundService::Retrieve>("GET", "/v1/refunds/{}", "refund"),
      To<&E::refunds, &RefundService::Update>("POST", "/v1/refunds/{}", "refund"),
      To<&E::refunds, &RefundService::Cancel>("POST", "/v1/refunds/{}/cancel", "refund"),

      To<&E::disputes, &DisputeService::List>("GET", "/v1/disputes", "dispute"),
      To<&E::disputes, &DisputeService::Retrieve>("GET", "/v1/disputes/{}", "dispute"),
      To<&E::disputes, &DisputeService::Update>("POST", "/v1/disputes/{}", "dispute"),
      To<&E::disputes, &DisputeService::Close>("POST", "/v1/disputes/{}/close", "dispute"),
      To<&E::early_fraud_warnings, &EarlyFraudWarningService::List>(
          "GET", "/v1/radar/early_fraud_warnings", "radar.early_fraud_warning"),
      To<&E::early_fraud_warnings, &EarlyFraudWarningService::Retrieve>(
          "GET", "/v1/radar/early_fraud_warnings/{}", "radar.early_fraud_warning"),

      To<&E::payouts, &PayoutService::Create>("POST", "/v1/payouts", "payout"),
      To<&E::payouts, &PayoutService::List>("GET", "/v1/payouts", "payout"),
      To<&E::payouts, &PayoutService::Retrieve>("GET", "/v1/payouts/{}", "payout"),
      To<&E::payouts, &PayoutService::Update>("POST", "/v1/payouts/{}", "payout"),
      To<&E::payouts, &PayoutService::Cancel>("POST", "/v1/payouts/{}/cancel", "payout"),
      To<&E::topups, &TopupService::Create>("POST", "/v1/topups", "topup"),
      To<&E::topups, &TopupService::List>("GET", "/v1/topups", "topup"),
      To<&E::topups, &TopupService::Retrieve>("GET", "/v1/topups/{}", "topup"),
      To<&E::topups, &TopupService::Update>("POST", "/v1/topups/{}", "topup"),
      To<&E::topups, &TopupService::Cancel>("POST", "/v1/topups/{}/cancel", "topup"),
      To<&E::quotes, &QuoteService::Create>("POST", "/v1/quotes", "quote"),
      To<&E::quotes, &QuoteService::List>("GET", "/v1/quotes", "quote"),
      To<&E::quotes, &QuoteService::Retrieve>("GET", "/v1/quotes/{}", "quote"),
      To<&E::quotes, &QuoteService::Update>("POST", "/v1/quotes/{}", "quote"),
      To<&E::quotes, &QuoteService::Finalize>("POST", "/v1/quotes/{}/finalize", "quote"),
      To<&E::quotes, &QuoteService::Accept>("POST", "/v1/quotes/{}/accept", "quote"),
      To<&E::quotes, &QuoteService::Cancel>("POST", "/v1/quotes/{}/cancel", "quote"),
      To<&E::quotes, &QuoteService::ListLineItems>("GET", "/v1/quotes/{}/line_items", "item"),
      To<&E::quotes, &QuoteService::ListUpfrontLineItems>(
          "GET", "/v1/quotes/{}/computed_upfront_line_items", "item"),

      To<&E::balance, &BalanceService::Retrieve>("GET", "/v1/balance", "balance"),
      To<&E::balance, &BalanceService::ListTransactions>("GET", "/v1/balance_transactions",
                                                         "balance_transaction"),
      To<&E::balance, &BalanceService::RetrieveTransaction>("GET", "/v1/balance_transactions/{}",
                                                            "balance_transaction"),

      To<&E::payment_intents, &PaymentIntentService::Create>("POST", "/v1/payment_intents",
                                                             "payment_intent"),
      To<&E::payment_intents, &PaymentIntentService::List>("GET", "/v1/payment_intents",
                                                           "payment_intent"),
      ForPublishableKey(To<&E::payment_intents, &PaymentIntentService::Retrieve>(
                            "GET", "/v1/payment_intents/{}", "payment_intent"),
                        kClientSecret),
      To<&E::payment_intents, &PaymentIntentService::Update>("POST", "/v1/payment_intents/{}",
                                                             "payment_intent"),
      ForPublishableKey(To<&E::payment_intents, &PaymentIntentService::Confirm>(
                            "POST", "/v1/payment_intents/{}/confirm", "payment_intent"),
                        kClientSecret),
      To<&E::payment_intents, &PaymentIntentService::Capture>(
          "POST", "/v1/payment_intents/{}/capture", "payment_intent"),
      To<&E::payment_intents, &PaymentIntentService::Cancel>(
          "POST", "/v1/payment_intents/{}/cancel", "payment_intent"),
      To<&E::payment_intents, &PaymentIntentService::ApplyCustomerBalance>(
          "POST", "/v1/payment_intents/{}/apply_customer_balance", "payment_intent"),
      ForPublishableKey(To<&E::payment_intents, &PaymentIntentService::VerifyMicrodeposits>(
                            "POST", "/v1/payment_intents/{}/verify_microdeposits",
                            "payment_intent"),
                        kClientSecret),
      // The simulated customer on the 3D Secure page (paysim's own test helpers).
      To<&E::payment_intents, &PaymentIntentService::CompleteThreeDSecure>(
          "POST", "/v1/test_helpers/payment_intents/{}/complete_three_d_secure", "payment_intent"),
      To<&E::payment_intents, &PaymentIntentService::FailThreeDSecure>(
          "POST", "/v1/test_helpers/payment_intents/{}/fail_three_d_secure", "payment_intent"),

      To<&E::setup_intents, &SetupIntentService::Create>("POST", "/v1/setup_intents",
                                                         "setup_intent"),
      To<&E::setup_intents, &SetupIntentService::List>("GET", "/v1/setup_intents",
                                                       "setup_intent"),
      ForPublishableKey(To<&E::setup_intents, &SetupIntentService::Retrieve>(
                            "GET", "/v1/setup_intents/{}", "setup_intent"),
                        kClientSecret),
      To<&E::setup_intents, &SetupIntentService::Update>("POST", "/v1/setup_intents/{}",
                                                         "setup_intent"),
      ForPublishableKey(To<&E::setup_intents, &SetupIntentService::Confirm>(
                            "POST", "/v1/setup_intents/{}/confirm", "setup_intent"),
                        kClientSecret),
      To<&E::setup_intents, &SetupIntentService::Cancel>("POST", "/v1/setup_intents/{}/cancel",
                                                         "setup_intent"),
      ForPublishableKey(To<&E::setup_intents, &SetupIntentService::VerifyMicrodeposits>(
                            "POST", "/v1/setup_intents/{}/verify_microdeposits", "setup_intent"),
                        kClientSecret),
      To<&E::setup_intents, &SetupIntentService::CompleteThreeDSecure>(
          "POST", "/v1/test_helpers/setup_intents/{}/complete_three_d_secure", "setup_intent"),
      To<&E::setup_intents, &SetupIntentService::FailThreeDSecure>(
          "POST", "/v1/test_helpers/setup_intents/{}/fail_three_d_secure", "setup_intent"),

      To<&E::products, &ProductService::Create>("POST", "/v1/products", "product"),
      To<&E::products, &ProductService::List>("GET", "/v1/products", "product"),
      To<&E::products, &ProductService::Retrieve>("GET", "/v1/products/{}", "product"),
      To<&E::products, &ProductService::Update>("POST", "/v1/products/{}", "product"),
      To<&E::products, &ProductService::Delete>("DELETE", "/v1/products/{}", "product"),
      To<&E::prices, &PriceService::Create>("POST", "/v1/prices", "price"),
      To<&E::prices, &PriceService::List>("GET", "/v1/prices", "price"),
      To<&E::prices, &PriceService::Retrieve>("GET", "/v1/prices/{}", "price"),
      To<&E::prices, &PriceService::Update>("POST", "/v1/prices/{}", "price"),

      To<&E::checkout_sessions, &CheckoutSessionService::Create>(
          "POST", "/v1/checkout/sessions", "checkout.session"),
      To<&E::checkout_sessions, &CheckoutSessionService::List>(
          "GET", "/v1/checkout/sessions", "checkout.session"),
      To<&E::checkout_sessions, &CheckoutSessionService::Retrieve>(
          "GET", "/v1/checkout/sessions/{}", "checkout.session"),
      To<&E::checkout_sessions, &CheckoutSessionService::Update>(
          "POST", "/v1/checkout/sessions/{}", "checkout.session"),
      To<&E::checkout_sessions, &CheckoutSessionService::Expire>(
          "POST", "/v1/checkout/sessions/{}/expire", "checkout.session"),
      To<&E::checkout_sessions, &CheckoutSessionService::ListLineItems>(
          "GET", "/v1/checkout/sessions/{}/line_items", "item"),
      // The simulated customer on the Checkout page (paysim's own test helpers).
      To<&E::checkout_page,
         static_cast<absl::StatusOr<CheckoutPage> (CheckoutPageService::*)(
             absl::string_view, const CheckoutViewParams&, const RequestOptions&)>(
             &CheckoutPageService::View)>(
          "POST", "/v1/test_helpers/checkout/sessions/{}/view", "test_helpers.checkout_page"),
      To<&E::checkout_page, &CheckoutPageService::Pay>(
          "POST", "/v1/test_helpers/checkout/sessions/{}/pay", "test_helpers.checkout_page"),
      To<&E::checkout_page, &CheckoutPageService::ApplyPromotionCode>(
          "POST", "/v1/test_helpers/checkout/sessions/{}/promotion_code",
          "test_helpers.checkout_page"),
      To<&E::checkout_page, &CheckoutPageService::ChooseShippingOption>(
          "POST", "/v1/test_helpers/checkout/sessions/{}/shipping_option",
          "test_helpers.checkout_page"),
      To<&E::checkout_page, &CheckoutPageService::AdjustQuantity>(
          "POST", "/v1/test_helpers/checkout/sessions/{}/quantity",
          "test_helpers.checkout_page"),
      To<&E::checkout_page, &CheckoutPageService::CompleteThreeDSecure>(
          "POST", "/v1/test_helpers/checkout/sessions/{}/complete_three_d_secure",
          "test_helpers.checkout_page"),
      To<&E::checkout_page, &CheckoutPageService::FailThreeDSecure>(
          "POST", "/v1/test_helpers/checkout/sessions/{}/fail_three_d_secure",
          "test_helpers.checkout_page"),
      To<&E::checkout_page, &CheckoutPageService::Abandon>(
          "POST", "/v1/test_helpers/checkout/sessions/{}/abandon", "test_helpers.checkout_page"),
      To<&E::checkout_page, &CheckoutPageService::AddOptionalItem>(
          "POST", "/v1/test_helpers/checkout/sessions/{}/optional_items",
          "test_helpers.checkout_page"),
      To<&E::checkout_page, &CheckoutPageService::Recover>(
          "POST", "/v1/test_helpers/checkout/sessions/{}/recover", "test_helpers.checkout_page"),
      To<&E::checkout_page, &CheckoutPageService::RetrievePaymentMethodSettings>(
          "GET", "/v1/test_helpers/payment_method_settings",
          "test_helpers.payment_method_settings"),
      To<&E::checkout_page, &CheckoutPageService::UpdatePaymentMethodSettings>(
          "POST", "/v1/test_helpers/payment_method_settings",
          "test_helpers.payment_method_settings"),
      // Stripe's private Checkout page endpoints, as the Stripe CLI's checkout fixtures call
      // them (payment_page_routes.h): the simulated customer again.
      // Secret keys only, as paysim's other customer stand-ins (Stripe's page calls them with
      // its publishable key; the CLI with a secret key).
      Route{"GET", "/v1/payment_pages/{}", "checkout.session", false, &ServePaymentPage, ""},
      Route{"POST", "/v1/payment_pages/{}/confirm", "checkout.session", false,
            &ServePaymentPageConfirm, ""},

      To<&E::shipping_rates, &ShippingRateService::Create>("POST", "/v1/shipping_rates",
                                                           "shipping_rate"),
      To<&E::shipping_rates, &ShippingRateService::List>("GET", "/v1/shipping_rates",
                                                         "shipping_rate"),
      To<&E::shipping_rates, &ShippingRateService::Retrieve>("GET", "/v1/shipping_rates/{}",
                                                             "shipping_rate"),
      To<&E::shipping_rates, &ShippingRateService::Update>("POST", "/v1/shipping_rates/{}",
                                                           "shipping_rate"),

      To<&E::payment_links, &PaymentLinkService::Create>("POST", "/v1/payment_links",
                                                         "payment_link"),
      To<&E::payment_links, &PaymentLinkService::List>("GET", "/v1/payment_links",
                                                       "payment_link"),
      To<&E::payment_links, &PaymentLinkService::Retrieve>("GET", "/v1/payment_links/{}",
                                                           "payment_link"),
      To<&E::payment_links, &PaymentLinkService::Update>("POST", "/v1/payment_links/{}",
                                                         "payment_link"),
      To<&E::payment_links, &PaymentLinkService::ListLineItems>(
          "GET", "/v1/payment_links/{}/line_items", "item"),
      // paysim's test helper: the customer visits the link's url (a new Checkout Session).
      To<&E::payment_links, &PaymentLinkService::Open>(
          "POST", "/v1/test_helpers/payment_links/{}/open", "checkout.session"),

      To<&E::events, &EventService::List>("GET", "/v1/events", "event"),
      To<&E::events, &EventService::Retrieve>("GET", "/v1/events/{}", "event"),
  }));
  return *routes;
}

namespace {

// True if `segments` fit `pattern`, whose "{}" segments capture into `ids`.
bool Matches(absl::string_view pattern, const std::vector<std::string>& segments,
             std::vector<std::string>* ids) {
  ids->clear();
  size_t i = 0;
  for (absl::string_view part : absl::StrSplit(pattern.substr(1), '/')) {
    if (i == segments.size()) return false;
    const std::string& segment = segments[i++];
    if (part == "{}") {
      if (segment.empty()) return false;
      ids->push_back(segment);
    } else if (part != segment) {
      return false;
    }
  }
  return i == segments.size();
}

}  // namespace

const Route* FindRoute(const std::vector<Route>& routes, absl::string_view method,
                       const std::vector<std::string>& segments, std::vector<std::string>* ids) {
  for (const Route& route : routes) {
    if (route.method == method && Matches(route.pattern, segments, ids)) return &route;
  }
  return nullptr;
}

RouteIndex::RouteIndex(const std::vector<Route>& routes) {
  for (size_t i = 0; i < routes.size(); ++i) {
    Entry entry{i, &routes[i], absl::StrSplit(routes[i].pattern.substr(1), '/')};
    if (entry.parts.size() >= 2 && entry.parts[0] != "{}" && entry.parts[1] != "{}") {
      groups_[Key(routes[i].method, entry.parts.size(), entry.parts[1])].push_back(
          std::move(entry));
    } else {
      others_.push_back(std::move(entry));
    }
  }
}

bool RouteIndex::Matches(const Entry& entry, const std::vector<std::string>& segments,
                         std::vector<std::string>* ids) {
  if (entry.parts.size() != segments.size()) return false;
  for (size_t i = 0; i < segments.size(); ++i) {
    if (entry.parts[i] == "{}") {
      if (segments[i].empty()) return false;
    } else if (entry.parts[i] != segments[i]) {
      return false;
    }
  }
  ids->clear();
  for (size_t i = 0; i < segments.size(); ++i) {
    if (entry.parts[i] == "{}") ids->push_back(segments[i]);
  }
  return true;
}

const Route* RouteIndex::Find(absl::string_view method, const std::vector<std::string>& segments,
                              std::vector<std::string>* ids) const {
  const std::vector<Entry>* group = nullptr;
  if (segments.size() >= 2) {
    auto it = groups_.find(Key(method, segments.size(), segments[1]));
    if (it != groups_.end()) group = &it->second;
  }
  // The group's entries and others_ merged in table order.
  size_t g = 0;
  size_t o = 0;
  const size_t group_size = group == nullptr ? 0 : group->size();
  while (g < group_size || o < others_.size()) {
    const bool take_group =
        o == others_.size() ||
        (g < group_size && (*group)[g].position < others_[o].position);
    const Entry& entry = take_group ? (*group)[g++] : others_[o++];
    if (entry.route->method == method && Matches(entry, segments, ids)) return entry.route;
  }
  ids->clear();
  return nullptr;
}

const RouteIndex& EngineRouteIndex() {
  static const RouteIndex* index = new RouteIndex(EngineRoutes());
  return *index;
}

void WriteObject(const RouteCall& call, obj::ObjectRef object, std::string* json) {
  JsonWriter out(json);
  call.expander->Write(object, /*list_item=*/false, out);
}

void WriteObject(const RouteCall& call, const google::protobuf::Message& object,
                 std::string* json) {
  (void)call;
  JsonWriter out(json);
  WriteJson(object, out);
}

}  // namespace wire
}  // namespace paysim
