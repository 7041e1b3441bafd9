// Behaviour tests of Checkout Sessions and the simulated customer on their page: every create
// rule (modes, ui_mode names by API version, URL rules, expires_at bounds, customers, line
// items, amounts, payment method types), payment / setup / subscription completion with the
// events in order, the deferred PaymentIntent, no double completion, expiry one second either
// side, 3D Secure, declines, manual capture, the prefill rules each failing alone, the 30-minute
// prefill window, offered payment methods, delayed bank debits, and the setup-mode seed flow
// end to end.
#include <string>
#include <vector>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "engine/json_render.h"
#include "testing/paysim_testing.h"

namespace paysim {
namespace {

using ::paysim::testing::FakeClock;
using ::paysim::testing::HttpStatusIs;
using ::paysim::testing::IsOk;
using ::paysim::testing::ParseParams;
using ::paysim::testing::StripeErrorIs;
using ::paysim::testing::StripeErrorWithParam;
using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::IsEmpty;
using ::testing::SizeIs;
using ::testing::StartsWith;

constexpr int64_t kStart = 1767225600;  // 2026-01-01T00:00:00Z
constexpr char kPreDahlia[] = "2026-02-25.clover";
constexpr char kPreBasil[] = "2025-02-24.acacia";
constexpr char kPreDeferred[] = "2022-07-01";
constexpr char kSuccessUrl[] = "https://shop.example/success?session_id={CHECKOUT_SESSION_ID}";

// What a card's billing details hold, for the prefill rules.
struct Billing {
  std::string email = "jenny@example.com";
  std::string name = "Jenny Rosen";
  std::string line1 = "1 Main St";
  std::string city = "San Francisco";
  std::string state = "CA";
  std::string postal_code = "94107";
  std::string country = "US";
};

class CheckoutTest : public ::testing::Test {
 protected:
  // ---- catalog ----

  std::string OneTimePrice(int64_t amount, const std::string& currency = "usd") {
    absl::StatusOr<Price> price = engine_.prices().Create(ParseParams<PriceCreateParams>(
        absl::StrCat("currency: \"", currency, "\" unit_amount: ", amount,
                     " product_data { name: \"Widget\" }")));
    EXPECT_THAT(price, IsOk());
    return price.ok() ? price->id() : "";
  }

  std::string MonthlyPrice(int64_t amount, const std::string& interval = "month") {
    absl::StatusOr<Price> price = engine_.prices().Create(ParseParams<PriceCreateParams>(
        absl::StrCat("currency: \"usd\" unit_amount: ", amount, " recurring { interval: \"",
                     interval, "\" } product_data { name: \"Plan\" }")));
    EXPECT_THAT(price, IsOk());
    return price.ok() ? price->id() : "";
  }

  // ---- sessions ----

  CheckoutSessionCreateParams PaymentParams(int64_t amount = 2000, int64_t quantity = 1) {
    CheckoutSessionCreateParams params;
    params.set_mode("payment");
    CheckoutLineItemParams* item = params.add_line_items();
    item->set_price(OneTimePrice(amount));
    item->set_quantity(quantity);
    params.set_success_url(kSuccessUrl);
    return params;
  }

  CheckoutSessionCreateParams SetupParams(const std::string& customer = "") {
    CheckoutSessionCreateParams params;
    params.set_mode("setup");
    params.set_currency("usd");
    if (!customer.empty()) params.set_customer(customer);
    params.set_success_url(kSuccessUrl);
    return params;
  }

  CheckoutSessionCreateParams SubscriptionParams(const std::string& customer = "") {
    CheckoutSessionCreateParams params;
    params.set_mode("subscription");
    CheckoutLineItemParams* item = params.add_line_items();
    item->set_price(MonthlyPrice(1500));
    item->set_quantity(1);
    if (!customer.empty()) params.set_customer(customer);
    params.set_success_url(kSuccessUrl);
    return params;
  }

  CheckoutSession MustCreate(const CheckoutSessionCreateParams& params,
                             const RequestOptions& options = {}) {
    absl::StatusOr<CheckoutSession> session = engine_.checkout_sessions().Create(params, options);
    EXPECT_THAT(session, IsOk());
    return session.value_or(CheckoutSession());
  }

  CheckoutSession MustRetrieve(const std::string& id) {
    absl::StatusOr<CheckoutSession> session = engine_.checkout_sessions().Retrieve(id);
    EXPECT_THAT(session, IsOk());
    return session.value_or(CheckoutSession());
  }

  // A create refused with `code` about `param`, which changes nothing.
  void ExpectRejected(const CheckoutSessionCreateParams& params, const std::string& code,
                      const std::string& param, const RequestOptions& options = {}) {
    const size_t events = engine_.events().size();
    const size_t sessions = AllSessions().size();
    absl::StatusOr<CheckoutSession> result = engine_.checkout_sessions().Create(params, options);
    EXPECT_THAT(result, StripeErrorWithParam("invalid_request_error", code, param));
    EXPECT_THAT(result, HttpStatusIs(400));
    EXPECT_EQ(engine_.events().size(), events);
    EXPECT_EQ(AllSessions().size(), sessions);
  }

  std::vector<CheckoutSession> AllSessions() {
    CheckoutSessionListParams params;
    params.set_limit(100);
    absl::StatusOr<ListResult<CheckoutSession>> page = engine_.checkout_sessions().List(params);
    return page.ok() ? page->data : std::vector<CheckoutSession>();
  }

  // ---- customers and saved cards ----

  std::string NewCustomer(const std::string& email = "jenny@example.com") {
    CustomerCreateParams params;
    if (!email.empty()) params.set_email(email);
    absl::StatusOr<Customer> customer = engine_.customers().Create(params);
    EXPECT_THAT(customer, IsOk());
    return customer.ok() ? customer->id() : "";
  }

  // A card saved on `customer` with `billing` and `allow_redisplay`.
  std::string SavedCard(const std::string& customer, const Billing& billing = {},
                        const std::string& allow_redisplay = "always",
                        const std::string& card = "pm_card_visa") {
    PaymentMethodAttachParams attach;
    attach.set_customer(customer);
    absl::StatusOr<PaymentMethod> pm = engine_.payment_methods().Attach(card, attach);
    EXPECT_THAT(pm, IsOk());
    if (!pm.ok()) return "";
    PaymentMethodUpdateParams update;
    update.set_allow_redisplay(allow_redisplay);
    BillingDetailsParams* details = update.mutable_billing_details();
    if (!billing.email.empty()) details->set_email(billing.email);
    if (!billing.name.empty()) details->set_name(billing.name);
    AddressParams* address = details->mutable_address();
    if (!billing.line1.empty()) address->set_line1(billing.line1);
    if (!billing.city.empty()) address->set_city(billing.city);
    if (!billing.state.empty()) address->set_state(billing.state);
    if (!billing.postal_code.empty()) address->set_postal_code(billing.postal_code);
    if (!billing.country.empty()) address->set_country(billing.country);
    EXPECT_THAT(engine_.payment_methods().Update(pm->id(), update), IsOk());
    return pm->id();
  }

  // ---- the customer ----

  CheckoutPage View(const std::string& session) {
    absl::StatusOr<CheckoutPage> page = engine_.checkout_page().View(session);
    EXPECT_THAT(page, IsOk());
    return page.value_or(CheckoutPage());
  }

  CheckoutPayParams PayWith(const std::string& payment_method,
                            const std::string& email = "guest@example.com") {
    CheckoutPayParams params;
    params.set_payment_method(payment_method);
    if (!email.empty()) params.set_email(email);
    return params;
  }

  CheckoutPage MustPay(const std::string& session, const CheckoutPayParams& params) {
    absl::StatusOr<CheckoutPage> page = engine_.checkout_page().Pay(session, params);
    EXPECT_THAT(page, IsOk());
    return page.value_or(CheckoutPage());
  }

  // ---- events ----

  std::vector<Event> AllEvents() {
    std::vector<Event> events;
    std::string cursor;
    while (true) {
      EventListParams params;
      params.set_limit(100);
      if (!cursor.empty()) params.set_starting_after(cursor);
      absl::StatusOr<ListResult<Event>> page = engine_.events().List(params);
      if (!page.ok() || page->data.empty()) break;
      for (Event& e : page->data) events.push_back(e);
      cursor = events.back().id();
      if (!page->has_more) break;
    }
    return std::vector<Event>(events.rbegin(), events.rend());
  }

  // The event types emitted since the `mark`-th event.
  std::vector<std::string> TypesSince(size_t mark) {
    std::vector<std::string> types;
    std::vector<Event> events = AllEvents();
    for (size_t i = mark; i < events.size(); ++i) types.push_back(events[i].type());
    return types;
  }

  PaymentIntent MustRetrievePi(const std::string& id) {
    absl::StatusOr<PaymentIntent> pi = engine_.payment_intents().Retrieve(id);
    EXPECT_THAT(pi, IsOk());
    return pi.value_or(PaymentIntent());
  }

  FakeClock clock_;
  Engine engine_{{.clock = &clock_, .seed = 11}};
};

// An engine pinned to another API version, with its own clock.
struct VersionedEngine {
  explicit VersionedEngine(const std::string& version)
      : engine({.clock = &clock, .seed = 3, .api_version = version}) {}
  FakeClock clock;
  Engine engine;
};

std::string NewPrice(Engine& engine, int64_t amount) {
  absl::StatusOr<Price> price = engine.prices().Create(ParseParams<PriceCreateParams>(
      absl::StrCat("currency: \"usd\" unit_amount: ", amount, " product_data { name: \"W\" }")));
  EXPECT_THAT(price, IsOk());
  return price.ok() ? price->id() : "";
}

// ======================= create =======================

TEST_F(CheckoutTest, PaymentSessionAsCreated) {
  CheckoutSessionCreateParams params = PaymentParams(2000, 3);
  params.set_client_reference_id("cart_42");
  (*params.mutable_metadata())["order"] = "42";
  params.set_cancel_url("https://shop.example/cart");
  const size_t mark = engine_.events().size();
  CheckoutSession s = MustCreate(params);

  EXPECT_THAT(s.id(), StartsWith("cs_test_a1"));
  EXPECT_EQ(s.id().size(), 8u + 2u + 56u);
  EXPECT_EQ(s.object(), "checkout.session");
  EXPECT_EQ(s.mode(), "payment");
  EXPECT_EQ(s.status(), "open");
  EXPECT_EQ(s.payment_status(), "unpaid");
  EXPECT_EQ(s.amount_subtotal(), 6000);
  EXPECT_EQ(s.amount_total(), 6000);
  EXPECT_EQ(s.currency(), "usd");
  EXPECT_EQ(s.total_details().amount_tax(), 0);
  EXPECT_EQ(s.created(), kStart);
  EXPECT_EQ(s.expires_at(), kStart + 24 * 3600);
  EXPECT_EQ(s.ui_mode(), "hosted_page");
  EXPECT_EQ(s.url(), "https://checkout.stripe.com/c/pay/" + s.id());
  EXPECT_FALSE(s.has_client_secret());
  EXPECT_FALSE(s.has_payment_intent());  // deferred until the customer confirms
  EXPECT_FALSE(s.has_customer());
  EXPECT_EQ(s.customer_creation(), "if_required");
  EXPECT_THAT(s.payment_method_types(), ElementsAre("card"));
  EXPECT_EQ(s.client_reference_id(), "cart_42");
  EXPECT_EQ(s.metadata().at("order"), "42");
  EXPECT_EQ(s.success_url(), kSuccessUrl);
  EXPECT_EQ(s.cancel_url(), "https://shop.example/cart");
  EXPECT_FALSE(s.has_customer_details());
  EXPECT_THAT(TypesSince(mark), IsEmpty());  // Stripe has no checkout.session.created

  absl::StatusOr<ListResult<LineItem>> items =
      engine_.checkout_sessions().ListLineItems(s.id(), {});
  ASSERT_THAT(items, IsOk());
  ASSERT_THAT(items->data, SizeIs(1));
  EXPECT_THAT(items->data[0].id(), StartsWith("li_"));
  EXPECT_EQ(items->data[0].object(), "item");
  EXPECT_EQ(items->data[0].quantity(), 3);
  EXPECT_EQ(items->data[0].amount_subtotal(), 6000);
  EXPECT_EQ(items->data[0].amount_total(), 6000);
  EXPECT_EQ(items->data[0].description(), "Widget");
  EXPECT_EQ(items->data[0].price().unit_amount(), 2000);
  EXPECT_EQ(items->url, "/v1/checkout/sessions/" + s.id() + "/line_items");

  // Line items stay internal to the session's JSON.
  EXPECT_EQ(ToJson(s).count("line_items"), 0u);
}

TEST_F(CheckoutTest, ModeIsRequiredAndKnown) {
  CheckoutSessionCreateParams params = PaymentParams();
  params.clear_mode();
  ExpectRejected(params, "parameter_missing", "mode");
  params.set_mode("donation");
  ExpectRejected(params, "", "mode");
}

TEST_F(CheckoutTest, UiModeNamesFollowTheApiVersion) {
  CheckoutSessionCreateParams params = PaymentParams();
  params.set_ui_mode("hosted");
  ExpectRejected(params, "", "ui_mode");  // dahlia renamed it hosted_page
  params.set_ui_mode("hosted_page");
  EXPECT_THAT(engine_.checkout_sessions().Create(params), IsOk());

  RequestOptions clover;
  clover.api_version = kPreDahlia;
  params.set_ui_mode("hosted_page");
  ExpectRejected(params, "", "ui_mode", clover);
  params.clear_ui_mode();
  absl::StatusOr<CheckoutSession> old = engine_.checkout_sessions().Create(params, clover);
  ASSERT_THAT(old, IsOk());
  EXPECT_EQ(old->ui_mode(), "hosted");
  params.clear_success_url();
  params.set_return_url("https://shop.example/return");
  params.set_ui_mode("custom");
  absl::StatusOr<CheckoutSession> custom = engine_.checkout_sessions().Create(params, clover);
  ASSERT_THAT(custom, IsOk());
  EXPECT_EQ(custom->ui_mode(), "custom");
  EXPECT_FALSE(custom->has_url());
  EXPECT_THAT(custom->client_secret(), StartsWith(custom->id() + "_secret_"));

  RequestOptions acacia;
  acacia.api_version = kPreBasil;
  ExpectRejected(params, "", "ui_mode", acacia);  // custom came with basil
  params.set_ui_mode("elements");
  ExpectRejected(params, "", "ui_mode", acacia);
}

TEST_F(CheckoutTest, EmbeddedAndElementsHaveAClientSecretAndNoUrl) {
  CheckoutSessionCreateParams params = PaymentParams();
  params.clear_success_url();
  params.set_ui_mode("embedded_page");
  params.set_return_url("https://shop.example/return?session_id={CHECKOUT_SESSION_ID}");
  CheckoutSession embedded = MustCreate(params);
  EXPECT_FALSE(embedded.has_url());
  EXPECT_THAT(embedded.client_secret(), StartsWith(embedded.id() + "_secret_"));
  EXPECT_EQ(embedded.redirect_on_completion(), "always");
  EXPECT_EQ(embedded.return_url(), params.return_url());

  params.set_ui_mode("elements");
  params.clear_return_url();
  CheckoutSession elements = MustCreate(params);
  EXPECT_FALSE(elements.has_url());
  EXPECT_TRUE(elements.has_client_secret());
  EXPECT_FALSE(elements.has_redirect_on_completion());
}

TEST_F(CheckoutTest, UrlParametersPerUiMode) {
  CheckoutSessionCreateParams hosted = PaymentParams();
  hosted.set_return_url("https://shop.example/return");
  ExpectRejected(hosted, "", "return_url");
  hosted.clear_return_url();
  hosted.set_redirect_on_completion("never");
  ExpectRejected(hosted, "", "redirect_on_completion");

  CheckoutSessionCreateParams embedded = PaymentParams();
  embedded.set_ui_mode("embedded_page");
  ExpectRejected(embedded, "", "success_url");
  embedded.clear_success_url();
  embedded.set_cancel_url("https://shop.example/cart");
  ExpectRejected(embedded, "", "cancel_url");
  embedded.clear_cancel_url();
  ExpectRejected(embedded, "parameter_missing", "return_url");
  embedded.set_redirect_on_completion("never");
  EXPECT_THAT(engine_.checkout_sessions().Create(embedded), IsOk());
  embedded.set_return_url("https://shop.example/return");
  ExpectRejected(embedded, "", "return_url");
  embedded.set_redirect_on_completion("sometimes");
  ExpectRejected(embedded, "", "redirect_on_completion");

  CheckoutSessionCreateParams elements = PaymentParams();
  elements.clear_success_url();
  elements.set_ui_mode("elements");
  elements.set_redirect_on_completion("always");
  ExpectRejected(elements, "", "redirect_on_completion");

  CheckoutSessionCreateParams bad = PaymentParams();
  bad.set_success_url("shop.example/success");
  ExpectRejected(bad, "url_invalid", "success_url");
  bad.set_success_url("https://shop.example/" + std::string(5000, 'a'));
  ExpectRejected(bad, "url_invalid", "success_url");
}

TEST_F(CheckoutTest, ExpiresAtFromThirtyMinutesToTwentyFourHours) {
  CheckoutSessionCreateParams params = PaymentParams();
  params.set_expires_at(kStart + 30 * 60 - 1);
  ExpectRejected(params, "", "expires_at");
  params.set_expires_at(kStart + 30 * 60);
  EXPECT_EQ(MustCreate(params).expires_at(), kStart + 30 * 60);
  params.set_expires_at(kStart + 24 * 3600);
  EXPECT_EQ(MustCreate(params).expires_at(), kStart + 24 * 3600);
  params.set_expires_at(kStart + 24 * 3600 + 1);
  ExpectRejected(params, "", "expires_at");
}

TEST_F(CheckoutTest, CustomerRules) {
  CheckoutSessionCreateParams params = PaymentParams();
  params.set_customer("cus_missing");
  ExpectRejected(params, "resource_missing", "customer");
  params.set_customer(NewCustomer());
  params.set_customer_email("a@example.com");
  ExpectRejected(params, "", "customer");
  params.clear_customer();
  params.set_customer_email("not-an-email");
  ExpectRejected(params, "email_invalid", "customer_email");
  params.clear_customer_email();
  params.set_customer_creation("sometimes");
  ExpectRejected(params, "", "customer_creation");

  CheckoutSessionCreateParams subscription = SubscriptionParams();
  subscription.set_customer_creation("always");
  ExpectRejected(subscription, "", "customer_creation");
}

TEST_F(CheckoutTest, LineItemRules) {
  CheckoutSessionCreateParams params = PaymentParams();
  params.clear_line_items();
  ExpectRejected(params, "parameter_missing", "line_items");

  CheckoutSessionCreateParams no_quantity = PaymentParams();
  no_quantity.mutable_line_items(0)->clear_quantity();
  const size_t events = engine_.events().size();
  absl::StatusOr<CheckoutSession> result = engine_.checkout_sessions().Create(no_quantity);
  EXPECT_THAT(result, StripeErrorWithParam("invalid_request_error", "", "line_items[0]"));
  EXPECT_EQ(GetStripeError(result.status())->message(),
            "Quantity is required. Add `quantity` to `line_items[0]`");
  EXPECT_EQ(engine_.events().size(), events);

  CheckoutSessionCreateParams zero = PaymentParams();
  zero.mutable_line_items(0)->set_quantity(0);
  ExpectRejected(zero, "parameter_invalid_integer", "line_items[0][quantity]");

  CheckoutSessionCreateParams neither = PaymentParams();
  neither.mutable_line_items(0)->clear_price();
  ExpectRejected(neither, "", "line_items[0]");

  CheckoutSessionCreateParams both = PaymentParams();
  both.mutable_line_items(0)->mutable_price_data()->set_currency("usd");
  ExpectRejected(both, "", "line_items[0]");

  CheckoutSessionCreateParams unknown = PaymentParams();
  unknown.mutable_line_items(0)->set_price("price_missing");
  ExpectRejected(unknown, "resource_missing", "line_items[0][price]");

  CheckoutSessionCreateParams setup = SetupParams();
  *setup.add_line_items() = PaymentParams().line_items(0);
  ExpectRejected(setup, "", "line_items");
}

TEST_F(CheckoutTest, OnlyActivePricesOfActiveProducts) {
  CheckoutSessionCreateParams params = PaymentParams();
  const std::string price = params.line_items(0).price();
  ASSERT_THAT(engine_.prices().Update(price, ParseParams<PriceUpdateParams>("active: false")),
              IsOk());
  ExpectRejected(params, "", "line_items[0][price]");
  absl::StatusOr<CheckoutSession> result = engine_.checkout_sessions().Create(params);
  EXPECT_EQ(GetStripeError(result.status())->message(),
            "The price specified is inactive. This field only accepts active prices.");

  ASSERT_THAT(engine_.prices().Update(price, ParseParams<PriceUpdateParams>("active: true")),
              IsOk());
  absl::StatusOr<Price> p = engine_.prices().Retrieve(price);
  ASSERT_THAT(p, IsOk());
  ASSERT_THAT(engine_.products().Update(p->product(),
                                        ParseParams<ProductUpdateParams>("active: false")),
              IsOk());
  ExpectRejected(params, "product_inactive", "line_items[0][price]");
}

TEST_F(CheckoutTest, ModesAndRecurringPrices) {
  CheckoutSessionCreateParams payment = PaymentParams();
  payment.mutable_line_items(0)->set_price(MonthlyPrice(1000));
  ExpectRejected(payment, "", "line_items[0]");
  absl::StatusOr<CheckoutSession> result = engine_.checkout_sessions().Create(payment);
  EXPECT_THAT(GetStripeError(result.status())->message(),
              HasSubstr("You specified `payment` mode but passed a recurring price."));

  CheckoutSessionCreateParams subscription = SubscriptionParams();
  subscription.mutable_line_items(0)->set_price(OneTimePrice(1000));
  ExpectRejected(subscription, "", "line_items");

  CheckoutSessionCreateParams intervals = SubscriptionParams();
  CheckoutLineItemParams* yearly = intervals.add_line_items();
  yearly->set_price(MonthlyPrice(9000, "year"));
  yearly->set_quantity(1);
  ExpectRejected(intervals, "", "line_items[1]");

  // A one-time fee beside the recurring price is fine.
  CheckoutSessionCreateParams with_fee = SubscriptionParams();
  CheckoutLineItemParams* fee = with_fee.add_line_items();
  fee->set_price(OneTimePrice(500));
  fee->set_quantity(1);
  EXPECT_EQ(MustCreate(with_fee).amount_total(), 2000);
}

TEST_F(CheckoutTest, OneCurrencyAndTheCurrencyMinimum) {
  CheckoutSessionCreateParams mixed = PaymentParams();
  CheckoutLineItemParams* eur = mixed.add_line_items();
  eur->set_price(OneTimePrice(1000, "eur"));
  eur->set_quantity(1);
  ExpectRejected(mixed, "", "line_items[1]");

  CheckoutSessionCreateParams other = PaymentParams();
  other.set_currency("eur");
  ExpectRejected(other, "", "currency");

  ExpectRejected(PaymentParams(49), "amount_too_small", "line_items");
  EXPECT_EQ(MustCreate(PaymentParams(50)).amount_total(), 50);

  CheckoutSessionCreateParams many = PaymentParams();
  for (int i = 1; i <= 100; ++i) *many.add_line_items() = many.line_items(0);
  ExpectRejected(many, "", "line_items");
}

TEST_F(CheckoutTest, PriceDataMakesAnAdHocPrice) {
  CheckoutSessionCreateParams params = ParseParams<CheckoutSessionCreateParams>(R"pb(
    mode: "payment"
    line_items {
      quantity: 2
      price_data { currency: "usd" unit_amount: 1250 product_data { name: "Sticker" } }
    })pb");
  const size_t mark = engine_.events().size();
  CheckoutSession s = MustCreate(params);
  EXPECT_EQ(s.amount_total(), 2500);
  EXPECT_THAT(TypesSince(mark), ElementsAre("product.created"));
  absl::StatusOr<ListResult<LineItem>> items = engine_.checkout_sessions().ListLineItems(s.id(), {});
  ASSERT_THAT(items, IsOk());
  const Price& price = items->data[0].price();
  EXPECT_FALSE(price.active());
  EXPECT_EQ(items->data[0].description(), "Sticker");
  EXPECT_THAT(engine_.prices().Retrieve(price.id()), IsOk());
  absl::StatusOr<ListResult<Price>> listed = engine_.prices().List({});
  ASSERT_THAT(listed, IsOk());
  for (const Price& p : listed->data) EXPECT_NE(p.id(), price.id());

  CheckoutSessionCreateParams bad = params;
  bad.mutable_line_items(0)->mutable_price_data()->clear_currency();
  ExpectRejected(bad, "parameter_missing", "line_items[0][price_data][currency]");
  bad = params;
  bad.mutable_line_items(0)->mutable_price_data()->clear_product_data();
  ExpectRejected(bad, "parameter_missing", "line_items[0][price_data][product]");
}

TEST_F(CheckoutTest, SetupModeRules) {
  CheckoutSessionCreateParams params = SetupParams();
  params.clear_currency();
  ExpectRejected(params, "parameter_missing", "currency");
  params.add_payment_method_types("card");
  CheckoutSession s = MustCreate(params);
  EXPECT_THAT(s.id(), StartsWith("cs_test_c1"));
  EXPECT_EQ(s.payment_status(), "no_payment_required");
  EXPECT_FALSE(s.has_amount_total());
  EXPECT_FALSE(s.has_currency());
  EXPECT_THAT(s.setup_intent(), StartsWith("seti_"));

  CheckoutSessionCreateParams with_pi_data = SetupParams();
  with_pi_data.mutable_payment_intent_data()->set_capture_method("manual");
  ExpectRejected(with_pi_data, "", "payment_intent_data");
  CheckoutSessionCreateParams saved = SetupParams(NewCustomer());
  saved.mutable_saved_payment_method_options()->add_allow_redisplay_filters("always");
  ExpectRejected(saved, "", "saved_payment_method_options");
}

TEST_F(CheckoutTest, IntentDataBelongsToItsMode) {
  CheckoutSessionCreateParams payment = PaymentParams();
  payment.mutable_setup_intent_data()->set_description("x");
  ExpectRejected(payment, "", "setup_intent_data");
  payment = PaymentParams();
  payment.mutable_subscription_data()->set_description("x");
  ExpectRejected(payment, "", "subscription_data");
  payment = PaymentParams();
  payment.mutable_payment_intent_data()->set_capture_method("later");
  ExpectRejected(payment, "", "payment_intent_data[capture_method]");
  payment = PaymentParams();
  payment.mutable_payment_intent_data()->set_setup_future_usage("always");
  ExpectRejected(payment, "", "payment_intent_data[setup_future_usage]");
  payment = PaymentParams();
  payment.mutable_payment_intent_data()->set_receipt_email("nope");
  ExpectRejected(payment, "email_invalid", "payment_intent_data[receipt_email]");
}

TEST_F(CheckoutTest, OtherParameterChecks) {
  CheckoutSessionCreateParams params = PaymentParams();
  params.set_billing_address_collection("always");
  ExpectRejected(params, "", "billing_address_collection");
  params = PaymentParams();
  params.mutable_shipping_address_collection();
  ExpectRejected(params, "parameter_missing", "shipping_address_collection[allowed_countries]");
  params.mutable_shipping_address_collection()->add_allowed_countries("usa");
  ExpectRejected(params, "", "shipping_address_collection[allowed_countries][0]");
  params = PaymentParams();
  params.set_client_reference_id(std::string(201, 'x'));
  ExpectRejected(params, "", "client_reference_id");
  params = PaymentParams();
  params.add_payment_method_types("ideal");
  ExpectRejected(params, "", "payment_method_types[0]");
  params = PaymentParams();
  params.mutable_saved_payment_method_options()->add_allow_redisplay_filters("never");
  ExpectRejected(params, "", "saved_payment_method_options[allow_redisplay_filters][0]");
  params = PaymentParams();
  (*params.mutable_metadata())[std::string(41, 'k')] = "v";
  ExpectRejected(params, "", "metadata[" + std::string(41, 'k') + "]");
}

TEST_F(CheckoutTest, IdempotentCreate) {
  RequestOptions key;
  key.idempotency_key = "checkout-1";
  CheckoutSessionCreateParams params = PaymentParams();
  CheckoutSession first = MustCreate(params, key);
  CheckoutSession again = MustCreate(params, key);
  EXPECT_EQ(first.id(), again.id());
  EXPECT_THAT(AllSessions(), SizeIs(1));
}

// ======================= payment mode =======================

TEST_F(CheckoutTest, GuestPaysWithATestCard) {
  CheckoutSession s = MustCreate(PaymentParams(2000, 2));
  const size_t mark = engine_.events().size();
  CheckoutPage page = MustPay(s.id(), PayWith("pm_card_visa"));
  EXPECT_EQ(page.status(), "complete");
  EXPECT_EQ(page.redirect_url(), "https://shop.example/success?session_id=" + s.id());
  EXPECT_THAT(TypesSince(mark), ElementsAre("payment_intent.created", "charge.succeeded",
                                            "payment_intent.succeeded",
                                            "checkout.session.completed"));

  CheckoutSession done = MustRetrieve(s.id());
  EXPECT_EQ(done.status(), "complete");
  EXPECT_EQ(done.payment_status(), "paid");
  EXPECT_FALSE(done.has_url());
  EXPECT_FALSE(done.has_customer());  // if_required: a guest stays a guest
  EXPECT_EQ(done.customer_details().email(), "guest@example.com");
  PaymentIntent pi = MustRetrievePi(done.payment_intent());
  EXPECT_EQ(pi.status(), "succeeded");
  EXPECT_EQ(pi.amount(), 4000);
  EXPECT_EQ(pi.amount_received(), 4000);
  EXPECT_EQ(pi.currency(), "usd");
  absl::StatusOr<PaymentMethod> pm = engine_.payment_methods().Retrieve(pi.payment_method());
  ASSERT_THAT(pm, IsOk());
  EXPECT_EQ(pm->billing_details().email(), "guest@example.com");

  // The completed event carries the completed session.
  std::vector<Event> events = AllEvents();
  EXPECT_EQ(events.back().data().object().checkout_session().status(), "complete");
}

TEST_F(CheckoutTest, NoDoubleCompletion) {
  CheckoutSession s = MustCreate(PaymentParams());
  MustPay(s.id(), PayWith("pm_card_visa"));
  const size_t events = engine_.events().size();
  EXPECT_THAT(engine_.checkout_page().Pay(s.id(), PayWith("pm_card_mastercard")),
              StripeErrorIs("invalid_request_error", ""));
  EXPECT_EQ(engine_.events().size(), events);
  ChargeListParams all;
  absl::StatusOr<ListResult<Charge>> charges = engine_.charges().List(all);
  ASSERT_THAT(charges, IsOk());
  EXPECT_THAT(charges->data, SizeIs(1));
  EXPECT_THAT(engine_.checkout_sessions().Expire(s.id()), HttpStatusIs(400));
  EXPECT_THAT(engine_.checkout_page().CompleteThreeDSecure(s.id()), HttpStatusIs(400));
}

TEST_F(CheckoutTest, ExpiresAtItsExpiresAtOneSecondEitherSide) {
  CheckoutSessionCreateParams params = PaymentParams();
  params.set_expires_at(kStart + 3600);
  CheckoutSession s = MustCreate(params);
  clock_.SetTime(absl::FromUnixSeconds(kStart + 3599));
  EXPECT_EQ(MustRetrieve(s.id()).status(), "open");
  const size_t mark = engine_.events().size();
  clock_.SetTime(absl::FromUnixSeconds(kStart + 3600));
  CheckoutSession expired = MustRetrieve(s.id());
  EXPECT_EQ(expired.status(), "expired");
  EXPECT_FALSE(expired.has_url());
  std::vector<Event> events = AllEvents();
  ASSERT_EQ(TypesSince(mark), std::vector<std::string>{"checkout.session.expired"});
  EXPECT_EQ(events.back().created(), kStart + 3600);
  EXPECT_FALSE(events.back().request().has_id());  // automatic
  EXPECT_THAT(engine_.checkout_page().Pay(s.id(), PayWith("pm_card_visa")), HttpStatusIs(400));
}

TEST_F(CheckoutTest, ExpireByTheMerchant) {
  CheckoutSession s = MustCreate(PaymentParams());
  absl::StatusOr<CheckoutSession> expired = engine_.checkout_sessions().Expire(s.id());
  ASSERT_THAT(expired, IsOk());
  EXPECT_EQ(expired->status(), "expired");
  EXPECT_THAT(engine_.checkout_sessions().Expire(s.id()),
              StripeErrorIs("invalid_request_error", ""));
  EXPECT_THAT(engine_.checkout_sessions().Expire("cs_test_missing"), HttpStatusIs(404));
  // The timer at expires_at finds it expired already: nothing more happens.
  const size_t events = engine_.events().size();
  clock_.Advance(absl::Hours(25));
  engine_.FireDueTimers();
  EXPECT_EQ(engine_.events().size(), events);
}

TEST_F(CheckoutTest, ExpiryCancelsTheWaitingPaymentIntent) {
  CheckoutSession s = MustCreate(PaymentParams());
  CheckoutPage page = MustPay(s.id(), PayWith("pm_card_threeDSecure2Required"));
  EXPECT_EQ(page.next_action(), "three_d_secure");
  const size_t mark = engine_.events().size();
  ASSERT_THAT(engine_.checkout_sessions().Expire(s.id()), IsOk());
  EXPECT_THAT(TypesSince(mark),
              ElementsAre("payment_intent.canceled", "checkout.session.expired"));
  PaymentIntent pi = MustRetrievePi(MustRetrieve(s.id()).payment_intent());
  EXPECT_EQ(pi.status(), "canceled");
  EXPECT_EQ(pi.cancellation_reason(), "automatic");
  EXPECT_THAT(engine_.checkout_page().CompleteThreeDSecure(s.id()), HttpStatusIs(400));
}

TEST_F(CheckoutTest, DeclineThenAnotherCard) {
  CheckoutSession s = MustCreate(PaymentParams());
  const size_t mark = engine_.events().size();
  CheckoutPage declined = MustPay(s.id(), PayWith("pm_card_visa_chargeDeclinedInsufficientFunds"));
  EXPECT_EQ(declined.status(), "open");
  EXPECT_EQ(declined.error().code(), "card_declined");
  EXPECT_EQ(declined.error().decline_code(), "insufficient_funds");
  EXPECT_THAT(TypesSince(mark), ElementsAre("payment_intent.created", "charge.failed",
                                            "payment_intent.payment_failed"));
  CheckoutSession open = MustRetrieve(s.id());
  EXPECT_EQ(open.status(), "open");
  EXPECT_TRUE(open.has_payment_intent());

  CheckoutPage paid = MustPay(s.id(), PayWith("pm_card_visa"));
  EXPECT_EQ(paid.status(), "complete");
  EXPECT_FALSE(paid.has_error());
  PaymentIntent pi = MustRetrievePi(open.payment_intent());  // the same intent, confirmed again
  EXPECT_EQ(pi.status(), "succeeded");
}

TEST_F(CheckoutTest, ThreeDSecureCompletedOrFailed) {
  CheckoutSession s = MustCreate(PaymentParams());
  CheckoutPage challenge = MustPay(s.id(), PayWith("pm_card_threeDSecure2Required"));
  EXPECT_EQ(challenge.status(), "open");
  EXPECT_EQ(challenge.next_action(), "three_d_secure");
  EXPECT_EQ(MustRetrievePi(MustRetrieve(s.id()).payment_intent()).next_action().type(),
            "redirect_to_url");

  absl::StatusOr<CheckoutPage> failed = engine_.checkout_page().FailThreeDSecure(s.id());
  ASSERT_THAT(failed, IsOk());
  EXPECT_EQ(failed->status(), "open");
  EXPECT_EQ(failed->error().code(), "payment_intent_authentication_failure");
  EXPECT_THAT(engine_.checkout_page().CompleteThreeDSecure(s.id()), HttpStatusIs(400));

  MustPay(s.id(), PayWith("pm_card_threeDSecure2Required"));
  const size_t mark = engine_.events().size();
  absl::StatusOr<CheckoutPage> done = engine_.checkout_page().CompleteThreeDSecure(s.id());
  ASSERT_THAT(done, IsOk());
  EXPECT_EQ(done->status(), "complete");
  EXPECT_THAT(TypesSince(mark), ElementsAre("charge.succeeded", "payment_intent.succeeded",
                                            "checkout.session.completed"));
  // One request: the helper's events carry one request id.
  std::vector<Event> events = AllEvents();
  EXPECT_EQ(events[mark].request().id(), events.back().request().id());
}

TEST_F(CheckoutTest, ManualCaptureCompletesUnpaid) {
  CheckoutSessionCreateParams params = PaymentParams();
  params.mutable_payment_intent_data()->set_capture_method("manual");
  params.mutable_payment_intent_data()->set_description("Order 9");
  (*params.mutable_payment_intent_data()->mutable_metadata())["order"] = "9";
  CheckoutSession s = MustCreate(params);
  MustPay(s.id(), PayWith("pm_card_visa"));
  CheckoutSession done = MustRetrieve(s.id());
  EXPECT_EQ(done.status(), "complete");
  EXPECT_EQ(done.payment_status(), "unpaid");
  PaymentIntent pi = MustRetrievePi(done.payment_intent());
  EXPECT_EQ(pi.status(), "requires_capture");
  EXPECT_EQ(pi.description(), "Order 9");
  EXPECT_EQ(pi.metadata().at("order"), "9");
}

TEST_F(CheckoutTest, ReturningCustomerSavesTheCardForLater) {
  const std::string customer = NewCustomer();
  CheckoutSessionCreateParams params = PaymentParams();
  params.set_customer(customer);
  params.mutable_payment_intent_data()->set_setup_future_usage("off_session");
  CheckoutSession s = MustCreate(params);
  const size_t mark = engine_.events().size();
  MustPay(s.id(), PayWith("pm_card_visa", ""));
  EXPECT_THAT(TypesSince(mark),
              ElementsAre("payment_intent.created", "charge.succeeded", "payment_method.attached",
                          "payment_intent.succeeded", "checkout.session.completed"));
  CheckoutSession done = MustRetrieve(s.id());
  EXPECT_EQ(done.customer(), customer);
  EXPECT_EQ(done.customer_details().email(), "jenny@example.com");  // the customer's email
  PaymentIntent pi = MustRetrievePi(done.payment_intent());
  EXPECT_EQ(pi.customer(), customer);
  absl::StatusOr<Charge> charge = engine_.charges().Retrieve(pi.latest_charge());
  ASSERT_THAT(charge, IsOk());
  EXPECT_EQ(charge->customer(), customer);
  absl::StatusOr<PaymentMethod> pm = engine_.payment_methods().Retrieve(pi.payment_method());
  ASSERT_THAT(pm, IsOk());
  EXPECT_EQ(pm->customer(), customer);
}

TEST_F(CheckoutTest, CustomerCreationAlways) {
  CheckoutSessionCreateParams params = PaymentParams();
  params.set_customer_creation("always");
  CheckoutSession s = MustCreate(params);
  CheckoutPayParams pay = PayWith("pm_card_visa", "new@example.com");
  pay.set_name("New Customer");
  const size_t mark = engine_.events().size();
  MustPay(s.id(), pay);
  EXPECT_EQ(TypesSince(mark).front(), "customer.created");
  CheckoutSession done = MustRetrieve(s.id());
  ASSERT_TRUE(done.has_customer());
  absl::StatusOr<Customer> customer = engine_.customers().Retrieve(done.customer());
  ASSERT_THAT(customer, IsOk());
  EXPECT_EQ(customer->email(), "new@example.com");
  EXPECT_EQ(customer->name(), "New Customer");
  EXPECT_EQ(MustRetrievePi(done.payment_intent()).customer(), done.customer());
}

TEST_F(CheckoutTest, PaymentIntentAtCreationBefore20220801) {
  VersionedEngine old(kPreDeferred);
  CheckoutSessionCreateParams params;
  params.set_mode("payment");
  params.add_line_items()->set_price(NewPrice(old.engine, 1000));
  params.mutable_line_items(0)->set_quantity(1);
  params.set_success_url(kSuccessUrl);
  absl::StatusOr<CheckoutSession> s = old.engine.checkout_sessions().Create(params);
  ASSERT_THAT(s, IsOk());
  EXPECT_THAT(s->payment_intent(), StartsWith("pi_"));
  EXPECT_EQ(s->customer_creation(), "always");
  EXPECT_EQ(s->ui_mode(), "hosted");
  CheckoutPayParams pay;
  pay.set_payment_method("pm_card_visa");
  pay.set_email("old@example.com");
  ASSERT_THAT(old.engine.checkout_page().Pay(s->id(), pay), IsOk());
  absl::StatusOr<CheckoutSession> done = old.engine.checkout_sessions().Retrieve(s->id());
  ASSERT_THAT(done, IsOk());
  EXPECT_EQ(done->payment_intent(), s->payment_intent());
  EXPECT_TRUE(done->has_customer());  // customer_creation defaulted to always
}

TEST_F(CheckoutTest, GuestMustGiveAnEmailAndWhatTheSessionCollects) {
  CheckoutSession s = MustCreate(PaymentParams());
  EXPECT_THAT(engine_.checkout_page().Pay(s.id(), PayWith("pm_card_visa", "")),
              StripeErrorWithParam("invalid_request_error", "parameter_missing", "email"));
  EXPECT_THAT(engine_.checkout_page().Pay(s.id(), PayWith("pm_card_nope")),
              StripeErrorWithParam("invalid_request_error", "resource_missing", "payment_method"));
  CheckoutPayParams shipping = PayWith("pm_card_visa");
  shipping.mutable_shipping()->set_name("x");
  EXPECT_THAT(engine_.checkout_page().Pay(s.id(), shipping),
              StripeErrorWithParam("invalid_request_error", "", "shipping"));

  CheckoutSessionCreateParams required = PaymentParams();
  required.set_billing_address_collection("required");
  required.mutable_shipping_address_collection()->add_allowed_countries("US");
  CheckoutSession r = MustCreate(required);
  CheckoutPayParams pay = PayWith("pm_card_visa");
  pay.mutable_billing_address()->set_country("US");
  EXPECT_THAT(engine_.checkout_page().Pay(r.id(), pay),
              StripeErrorWithParam("invalid_request_error", "parameter_missing",
                                   "billing_address[line1]"));
  *pay.mutable_billing_address() = ParseParams<AddressParams>(
      R"pb(line1: "1 Main St" city: "SF" state: "CA" postal_code: "94107" country: "US")pb");
  EXPECT_THAT(engine_.checkout_page().Pay(r.id(), pay),
              StripeErrorWithParam("invalid_request_error", "parameter_missing",
                                   "shipping[address][line1]"));
  *pay.mutable_shipping() = ParseParams<ShippingParams>(
      R"pb(name: "Jenny" address { line1: "2 Rue" country: "FR" })pb");
  EXPECT_THAT(engine_.checkout_page().Pay(r.id(), pay),
              StripeErrorWithParam("invalid_request_error", "", "shipping[address][country]"));
  pay.mutable_shipping()->mutable_address()->set_country("US");
  EXPECT_EQ(MustPay(r.id(), pay).status(), "complete");
  CheckoutSession done = MustRetrieve(r.id());
  EXPECT_EQ(done.collected_information().shipping_details().name(), "Jenny");
  EXPECT_EQ(done.customer_details().address().postal_code(), "94107");
  // Nothing was charged by the refused attempts.
  absl::StatusOr<ListResult<Charge>> charges = engine_.charges().List({});
  ASSERT_THAT(charges, IsOk());
  EXPECT_THAT(charges->data, SizeIs(1));
}

TEST_F(CheckoutTest, ListSessionsAndLineItemPages) {
  const std::string customer = NewCustomer();
  CheckoutSessionCreateParams params = PaymentParams();
  for (int i = 0; i < 4; ++i) *params.add_line_items() = params.line_items(0);
  params.set_customer(customer);
  CheckoutSession mine = MustCreate(params);
  MustCreate(PaymentParams());

  CheckoutSessionListParams by_customer;
  by_customer.set_customer(customer);
  absl::StatusOr<ListResult<CheckoutSession>> page =
      engine_.checkout_sessions().List(by_customer);
  ASSERT_THAT(page, IsOk());
  ASSERT_THAT(page->data, SizeIs(1));
  EXPECT_EQ(page->data[0].id(), mine.id());
  CheckoutSessionListParams open;
  open.set_status("open");
  page = engine_.checkout_sessions().List(open);
  ASSERT_THAT(page, IsOk());
  EXPECT_THAT(page->data, SizeIs(2));

  CheckoutLineItemListParams two;
  two.set_limit(2);
  absl::StatusOr<ListResult<LineItem>> first = engine_.checkout_sessions().ListLineItems(mine.id(), two);
  ASSERT_THAT(first, IsOk());
  ASSERT_THAT(first->data, SizeIs(2));
  EXPECT_TRUE(first->has_more);
  two.set_starting_after(first->data[1].id());
  absl::StatusOr<ListResult<LineItem>> second =
      engine_.checkout_sessions().ListLineItems(mine.id(), two);
  ASSERT_THAT(second, IsOk());
  ASSERT_THAT(second->data, SizeIs(2));
  EXPECT_TRUE(second->has_more);
  two.clear_starting_after();
  two.set_ending_before(second->data[0].id());
  absl::StatusOr<ListResult<LineItem>> back =
      engine_.checkout_sessions().ListLineItems(mine.id(), two);
  ASSERT_THAT(back, IsOk());
  ASSERT_THAT(back->data, SizeIs(2));
  EXPECT_EQ(back->data[0].id(), first->data[0].id());
  EXPECT_FALSE(back->has_more);
}

// ======================= prefill =======================

class PrefillTest : public CheckoutTest {
 protected:
  CheckoutSession SessionFor(const std::string& customer, const std::string& mode = "payment",
                             const std::string& billing_address_collection = "") {
    CheckoutSessionCreateParams params =
        mode == "subscription" ? SubscriptionParams(customer) : PaymentParams();
    params.set_customer(customer);
    if (!billing_address_collection.empty()) {
      params.set_billing_address_collection(billing_address_collection);
    }
    return MustCreate(params);
  }

  std::string PrefilledCard(const CheckoutSession& s) {
    return View(s.id()).prefill().payment_method();
  }
};

TEST_F(PrefillTest, EveryConditionHolds) {
  const std::string customer = NewCustomer();
  const std::string card = SavedCard(customer);
  CheckoutPage page = View(SessionFor(customer).id());
  EXPECT_EQ(page.prefill().payment_method(), card);
  EXPECT_EQ(page.prefill().card_brand(), "visa");
  EXPECT_EQ(page.prefill().card_last4(), "4242");
  EXPECT_EQ(page.prefill().email(), "jenny@example.com");
  EXPECT_EQ(page.prefill().name(), "Jenny Rosen");
  EXPECT_EQ(page.prefill().billing_address().postal_code(), "94107");
}

TEST_F(PrefillTest, NeverInSetupMode) {
  const std::string customer = NewCustomer();
  SavedCard(customer);
  CheckoutSession s = MustCreate(SetupParams(customer));
  EXPECT_FALSE(View(s.id()).prefill().has_payment_method());
}

TEST_F(PrefillTest, NoSavedCardNoPrefill) {
  const std::string customer = NewCustomer();
  CheckoutPage page = View(SessionFor(customer).id());
  EXPECT_FALSE(page.prefill().has_payment_method());
  EXPECT_EQ(page.prefill().email(), "jenny@example.com");  // the customer's email still is
}

TEST_F(PrefillTest, AllowRedisplayMustBeShown) {
  for (const char* value : {"limited", "unspecified"}) {
    SCOPED_TRACE(value);
    const std::string customer = NewCustomer();
    const std::string card = SavedCard(customer, {}, value);
    EXPECT_EQ(PrefilledCard(SessionFor(customer)), "");
    // ...unless the session's filters show it.
    CheckoutSessionCreateParams params = PaymentParams();
    params.set_customer(customer);
    params.mutable_saved_payment_method_options()->add_allow_redisplay_filters("always");
    params.mutable_saved_payment_method_options()->add_allow_redisplay_filters(value);
    EXPECT_EQ(PrefilledCard(MustCreate(params)), card);
  }
}

TEST_F(PrefillTest, AutoCollectionNeedsEmailNameCountryAndPostalCodeWhereUsed) {
  struct Case {
    const char* name;
    Billing billing;
    bool prefilled;
  };
  Billing no_email;
  no_email.email = "";
  Billing no_name;
  no_name.name = "";
  Billing no_country;
  no_country.country = "";
  Billing us_no_postal;
  us_no_postal.postal_code = "";
  Billing gb_no_postal;
  gb_no_postal.country = "GB";
  gb_no_postal.postal_code = "";
  Billing ca_no_postal;
  ca_no_postal.country = "CA";
  ca_no_postal.postal_code = "";
  Billing de_no_postal;
  de_no_postal.country = "DE";
  de_no_postal.postal_code = "";
  Billing minimal;  // auto needs no street
  minimal.line1 = minimal.city = minimal.state = "";
  const Case cases[] = {{"complete", Billing(), true},  {"no email", no_email, false},
                        {"no name", no_name, false},     {"no country", no_country, false},
                        {"US, no postal code", us_no_postal, false},
                        {"GB, no postal code", gb_no_postal, false},
                        {"CA, no postal code", ca_no_postal, false},
                        {"DE, no postal code", de_no_postal, true},
                        {"country and postal code only", minimal, true}};
  for (const Case& c : cases) {
    SCOPED_TRACE(c.name);
    const std::string customer = NewCustomer("");
    const std::string card = SavedCard(customer, c.billing);
    EXPECT_EQ(PrefilledCard(SessionFor(customer)), c.prefilled ? card : "");
  }
}

TEST_F(PrefillTest, RequiredCollectionNeedsTheWholeAddress) {
  const std::string complete_customer = NewCustomer();
  const std::string card = SavedCard(complete_customer);
  EXPECT_EQ(PrefilledCard(SessionFor(complete_customer, "payment", "required")), card);
  for (const char* missing : {"line1", "city", "state", "postal_code"}) {
    SCOPED_TRACE(missing);
    Billing billing;
    if (std::string(missing) == "line1") billing.line1 = "";
    if (std::string(missing) == "city") billing.city = "";
    if (std::string(missing) == "state") billing.state = "";
    if (std::string(missing) == "postal_code") billing.postal_code = "";
    const std::string customer = NewCustomer();
    SavedCard(customer, billing);
    EXPECT_EQ(PrefilledCard(SessionFor(customer, "payment", "required")), "");
    if (std::string(missing) != "postal_code") {  // auto needs a US postal code too
      EXPECT_NE(PrefilledCard(SessionFor(customer, "payment", "auto")), "");
    }
  }
}

TEST_F(PrefillTest, WhichCard) {
  const std::string customer = NewCustomer();
  const std::string older = SavedCard(customer, {}, "always", "pm_card_mastercard");
  const std::string newer = SavedCard(customer);
  EXPECT_EQ(PrefilledCard(SessionFor(customer, "payment")), newer);
  // Subscription mode: the newest card, until the customer has a default payment method.
  EXPECT_EQ(PrefilledCard(SessionFor(customer, "subscription")), newer);
  CustomerUpdateParams update;
  update.mutable_invoice_settings()->set_default_payment_method(older);
  ASSERT_THAT(engine_.customers().Update(customer, update), IsOk());
  EXPECT_EQ(PrefilledCard(SessionFor(customer, "subscription")), older);
  EXPECT_EQ(PrefilledCard(SessionFor(customer, "payment")), newer);
  // The newest card is chosen first: one that may not be shown prevents the prefill.
  SavedCard(customer, {}, "limited");
  EXPECT_EQ(PrefilledCard(SessionFor(customer, "payment")), "");
}

TEST_F(PrefillTest, ThirtyMinuteWindowOneSecondEitherSide) {
  const std::string customer = NewCustomer();
  const std::string card = SavedCard(customer);
  CheckoutSession s = SessionFor(customer);
  clock_.SetTime(absl::FromUnixSeconds(kStart + 30 * 60 - 1));
  EXPECT_EQ(View(s.id()).prefill().payment_method(), card);
  clock_.SetTime(absl::FromUnixSeconds(kStart + 30 * 60));
  CheckoutPage late = View(s.id());
  EXPECT_FALSE(late.prefill().has_payment_method());
  EXPECT_FALSE(late.prefill().has_name());
  EXPECT_EQ(late.prefill().email(), "jenny@example.com");
  // The saved card can still be picked by hand.
  CheckoutPayParams pay;
  pay.set_payment_method(card);
  EXPECT_EQ(MustPay(s.id(), pay).status(), "complete");
}

TEST_F(PrefillTest, ShippingAddressFromAnAllowedCountry) {
  CustomerCreateParams params = ParseParams<CustomerCreateParams>(R"pb(
    email: "jenny@example.com"
    shipping { name: "Jenny" address { line1: "1 Main St" country: "US" } })pb");
  absl::StatusOr<Customer> customer = engine_.customers().Create(params);
  ASSERT_THAT(customer, IsOk());
  CheckoutSessionCreateParams session = PaymentParams();
  session.set_customer(customer->id());
  session.mutable_shipping_address_collection()->add_allowed_countries("US");
  CheckoutPage page = View(MustCreate(session).id());
  EXPECT_EQ(page.prefill().shipping_address().line1(), "1 Main St");
  EXPECT_EQ(page.prefill().shipping_name(), "Jenny");

  session.mutable_shipping_address_collection()->set_allowed_countries(0, "CA");
  EXPECT_FALSE(View(MustCreate(session).id()).prefill().has_shipping_address());
  session.clear_shipping_address_collection();
  EXPECT_FALSE(View(MustCreate(session).id()).prefill().has_shipping_address());
}

TEST_F(PrefillTest, PayingWithASavedCardTheSessionDoesNotShow) {
  const std::string customer = NewCustomer();
  const std::string hidden = SavedCard(customer, {}, "limited");
  const std::string other = SavedCard(NewCustomer(), {}, "always");
  CheckoutSession s = SessionFor(customer);
  CheckoutPayParams pay;
  pay.set_payment_method(hidden);
  EXPECT_THAT(engine_.checkout_page().Pay(s.id(), pay),
              StripeErrorWithParam("invalid_request_error", "", "payment_method"));
  pay.set_payment_method(other);
  EXPECT_THAT(engine_.checkout_page().Pay(s.id(), pay),
              StripeErrorWithParam("invalid_request_error", "", "payment_method"));
  EXPECT_EQ(MustRetrieve(s.id()).status(), "open");
}

// ======================= offered payment methods =======================

TEST_F(CheckoutTest, WalletsFollowTheSettings) {
  CheckoutSession s = MustCreate(PaymentParams());
  EXPECT_THAT(View(s.id()).payment_methods(), ElementsAre("card", "apple_pay"));
  CheckoutPayParams google = PayWith("pm_card_visa");
  google.set_wallet("google_pay");
  EXPECT_THAT(engine_.checkout_page().Pay(s.id(), google),
              StripeErrorWithParam("invalid_request_error", "", "wallet"));

  ASSERT_THAT(engine_.checkout_page().UpdatePaymentMethodSettings(
                  ParseParams<PaymentMethodSettingsParams>(R"pb(google_pay: "on")pb")),
              IsOk());
  EXPECT_THAT(View(s.id()).payment_methods(), ElementsAre("card", "apple_pay", "google_pay"));

  CheckoutSessionCreateParams taxed = PaymentParams();
  taxed.mutable_line_items(0)->clear_price();
  *taxed.mutable_line_items(0)->mutable_price_data() = ParseParams<CheckoutPriceDataParams>(
      R"pb(currency: "usd" unit_amount: 2000 product_data { name: "x" }
           tax_behavior: "exclusive")pb");
  taxed.mutable_automatic_tax()->set_enabled(true);
  CheckoutSession t = MustCreate(taxed);
  EXPECT_THAT(View(t.id()).payment_methods(), ElementsAre("card", "apple_pay"));
  taxed.mutable_shipping_address_collection()->add_allowed_countries("US");
  EXPECT_THAT(View(MustCreate(taxed).id()).payment_methods(),
              ElementsAre("card", "apple_pay", "google_pay"));

  ASSERT_THAT(engine_.checkout_page().UpdatePaymentMethodSettings(
                  ParseParams<PaymentMethodSettingsParams>(R"pb(apple_pay: "off")pb")),
              IsOk());
  EXPECT_THAT(View(s.id()).payment_methods(), ElementsAre("card", "google_pay"));
  EXPECT_EQ(MustPay(s.id(), google).status(), "complete");
  EXPECT_THAT(engine_.checkout_page().UpdatePaymentMethodSettings(
                  ParseParams<PaymentMethodSettingsParams>(R"pb(apple_pay: "maybe")pb")),
              StripeErrorWithParam("invalid_request_error", "", "apple_pay"));
}

TEST_F(CheckoutTest, BankAccountsByCurrencyAndSettings) {
  EXPECT_THAT(MustCreate(PaymentParams()).payment_method_types(), ElementsAre("card"));
  ASSERT_THAT(engine_.checkout_page().UpdatePaymentMethodSettings(
                  ParseParams<PaymentMethodSettingsParams>(R"pb(us_bank_account: "on")pb")),
              IsOk());
  CheckoutSession usd = MustCreate(PaymentParams());
  EXPECT_THAT(usd.payment_method_types(), ElementsAre("card", "us_bank_account"));
  EXPECT_THAT(View(usd.id()).payment_methods(),
              ElementsAre("card", "apple_pay", "us_bank_account"));
  CheckoutSessionCreateParams eur = PaymentParams();
  eur.mutable_line_items(0)->set_price(OneTimePrice(2000, "eur"));
  EXPECT_THAT(MustCreate(eur).payment_method_types(), ElementsAre("card"));
  eur.add_payment_method_types("us_bank_account");
  ExpectRejected(eur, "", "payment_method_types[0]");
  CheckoutSessionCreateParams setup = SetupParams();
  setup.set_currency("eur");
  setup.add_payment_method_types("us_bank_account");
  ExpectRejected(setup, "", "payment_method_types[0]");
}

// ======================= delayed payment methods =======================

class BankDebitTest : public CheckoutTest {
 protected:
  CheckoutSession BankSession() {
    CheckoutSessionCreateParams params = PaymentParams(5000);
    params.add_payment_method_types("card");
    params.add_payment_method_types("us_bank_account");
    return MustCreate(params);
  }

  CheckoutPayParams Bank(const std::string& alias) {
    CheckoutPayParams params = PayWith(alias);
    params.set_name("Jenny Rosen");
    return params;
  }
};

TEST_F(BankDebitTest, SucceedsFourDaysLaterOneSecondEitherSide) {
  CheckoutSession s = BankSession();
  size_t mark = engine_.events().size();
  CheckoutPage page = MustPay(s.id(), Bank("pm_usBankAccount_success"));
  EXPECT_EQ(page.status(), "complete");
  EXPECT_THAT(TypesSince(mark),
              ElementsAre("payment_intent.created", "charge.pending", "payment_intent.processing",
                          "checkout.session.completed"));
  CheckoutSession done = MustRetrieve(s.id());
  EXPECT_EQ(done.payment_status(), "unpaid");
  PaymentIntent pi = MustRetrievePi(done.payment_intent());
  EXPECT_EQ(pi.status(), "processing");
  EXPECT_THAT(pi.latest_charge(), StartsWith("py_"));
  absl::StatusOr<PaymentMethod> pm = engine_.payment_methods().Retrieve(pi.payment_method());
  ASSERT_THAT(pm, IsOk());
  EXPECT_EQ(pm->type(), "us_bank_account");
  absl::StatusOr<Charge> charge = engine_.charges().Retrieve(pi.latest_charge());
  ASSERT_THAT(charge, IsOk());
  EXPECT_EQ(charge->status(), "pending");
  EXPECT_EQ(charge->payment_method_details().type(), "us_bank_account");

  clock_.SetTime(absl::FromUnixSeconds(kStart) + kBankDebitSettlementDelay - absl::Seconds(1));
  EXPECT_EQ(MustRetrievePi(pi.id()).status(), "processing");
  mark = engine_.events().size();
  clock_.SetTime(absl::FromUnixSeconds(kStart) + kBankDebitSettlementDelay);
  EXPECT_EQ(MustRetrieve(s.id()).payment_status(), "paid");
  EXPECT_THAT(TypesSince(mark),
              ElementsAre("charge.succeeded", "payment_intent.succeeded",
                          "mandate.updated",  // the single-use mandate used
                          "checkout.session.async_payment_succeeded"));
  EXPECT_EQ(MustRetrievePi(pi.id()).amount_received(), 5000);
  charge = engine_.charges().Retrieve(pi.latest_charge());
  ASSERT_THAT(charge, IsOk());
  EXPECT_EQ(charge->status(), "succeeded");
  EXPECT_TRUE(charge->has_balance_transaction());
}

TEST_F(BankDebitTest, ReturnedDebitFailsLater) {
  CheckoutSession s = BankSession();
  MustPay(s.id(), Bank("pm_usBankAccount_insufficientFunds"));
  EXPECT_EQ(MustRetrieve(s.id()).status(), "complete");
  const size_t mark = engine_.events().size();
  clock_.Advance(kBankDebitSettlementDelay);
  CheckoutSession after = MustRetrieve(s.id());
  EXPECT_EQ(after.status(), "complete");
  EXPECT_EQ(after.payment_status(), "unpaid");
  EXPECT_THAT(TypesSince(mark), ElementsAre("charge.failed", "payment_intent.payment_failed",
                                            "mandate.updated",
                                            "checkout.session.async_payment_failed"));
  PaymentIntent pi = MustRetrievePi(after.payment_intent());
  EXPECT_EQ(pi.status(), "requires_payment_method");
  EXPECT_EQ(pi.last_payment_error().code(), "insufficient_funds");
}

TEST_F(BankDebitTest, EveryReturnedAccount) {
  for (const char* alias :
       {"pm_usBankAccount_accountClosed", "pm_usBankAccount_noAccount",
        "pm_usBankAccount_debitNotAuthorized", "pm_usBankAccount_invalidCurrency"}) {
    SCOPED_TRACE(alias);
    CheckoutSession s = BankSession();
    MustPay(s.id(), Bank(alias));
    clock_.Advance(kBankDebitSettlementDelay);
    EXPECT_EQ(MustRetrievePi(MustRetrieve(s.id()).payment_intent()).status(),
              "requires_payment_method");
  }
}

// The bank account saved for later (setup_future_usage) is attached when the debit settles,
// unless it was detached while the debit was processing: a detached PaymentMethod is never
// attached again, for bank debits as for cards.
TEST_F(BankDebitTest, SettlementDoesNotReattachAPaymentMethodDetachedMeanwhile) {
  const std::string customer = NewCustomer();
  CheckoutSessionCreateParams params = PaymentParams(5000);
  params.add_payment_method_types("us_bank_account");
  params.set_customer(customer);
  params.mutable_payment_intent_data()->set_setup_future_usage("off_session");
  CheckoutSession s = MustCreate(params);
  MustPay(s.id(), Bank("pm_usBankAccount_success"));
  const PaymentIntent pi = MustRetrievePi(MustRetrieve(s.id()).payment_intent());
  ASSERT_EQ(pi.status(), "processing");
  const std::string pm = pi.payment_method();
  ASSERT_THAT(engine_.payment_methods().Attach(
                  pm, ParseParams<PaymentMethodAttachParams>(
                          absl::StrCat("customer: \"", customer, "\""))),
              IsOk());
  ASSERT_THAT(engine_.payment_methods().Detach(pm), IsOk());

  const size_t mark = engine_.events().size();
  clock_.Advance(kBankDebitSettlementDelay);
  EXPECT_EQ(MustRetrievePi(pi.id()).status(), "succeeded");
  EXPECT_THAT(TypesSince(mark),
              ElementsAre("charge.succeeded", "payment_intent.succeeded",
                          "checkout.session.async_payment_succeeded"));
  absl::StatusOr<PaymentMethod> after = engine_.payment_methods().Retrieve(pm);
  ASSERT_THAT(after, IsOk());
  EXPECT_FALSE(after->has_customer());
}

// Without the detach, the settled debit saves the account on the customer first.
TEST_F(BankDebitTest, SettlementSavesTheAccountForLater) {
  const std::string customer = NewCustomer();
  CheckoutSessionCreateParams params = PaymentParams(5000);
  params.add_payment_method_types("us_bank_account");
  params.set_customer(customer);
  params.mutable_payment_intent_data()->set_setup_future_usage("off_session");
  CheckoutSession s = MustCreate(params);
  MustPay(s.id(), Bank("pm_usBankAccount_success"));
  const PaymentIntent pi = MustRetrievePi(MustRetrieve(s.id()).payment_intent());
  const size_t mark = engine_.events().size();
  clock_.Advance(kBankDebitSettlementDelay);
  EXPECT_THAT(TypesSince(mark),
              ElementsAre("charge.succeeded", "payment_method.attached",
                          "payment_intent.succeeded", "checkout.session.async_payment_succeeded"));
  absl::StatusOr<PaymentMethod> after = engine_.payment_methods().Retrieve(pi.payment_method());
  ASSERT_THAT(after, IsOk());
  EXPECT_EQ(after->customer(), customer);
}

TEST_F(BankDebitTest, RefusedAtOnceLeavesTheSessionOpen) {
  CheckoutSession s = BankSession();
  const size_t mark = engine_.events().size();
  CheckoutPage blocked = MustPay(s.id(), Bank("pm_usBankAccount_riskLevelHighest"));
  EXPECT_EQ(blocked.status(), "open");
  EXPECT_TRUE(blocked.has_error());
  EXPECT_THAT(TypesSince(mark), ElementsAre("payment_intent.created", "charge.failed",
                                            "payment_intent.payment_failed"));
  CheckoutPage limited = MustPay(s.id(), Bank("pm_usBankAccount_weeklyLimitExceeded"));
  EXPECT_EQ(limited.error().code(), "charge_exceeds_weekly_limit");
  EXPECT_EQ(MustPay(s.id(), PayWith("pm_card_visa")).status(), "complete");
  EXPECT_THAT(engine_.checkout_page().Pay(s.id(), Bank("pm_usBankAccount_failMicrodeposits")),
              HttpStatusIs(400));
}

TEST_F(BankDebitTest, StaysProcessing) {
  CheckoutSession s = BankSession();
  MustPay(s.id(), Bank("pm_usBankAccount_processing"));
  clock_.Advance(absl::Hours(24 * 30));
  EXPECT_EQ(MustRetrievePi(MustRetrieve(s.id()).payment_intent()).status(), "processing");
  EXPECT_EQ(MustRetrieve(s.id()).payment_status(), "unpaid");
}

TEST_F(BankDebitTest, AccountAndRoutingNumbers) {
  CheckoutSession s = BankSession();
  CheckoutPayParams pay = PayWith("");
  pay.clear_payment_method();
  pay.mutable_us_bank_account()->set_account_number("000123456789");
  EXPECT_THAT(engine_.checkout_page().Pay(s.id(), pay),
              StripeErrorWithParam("invalid_request_error", "parameter_missing",
                                   "us_bank_account[routing_number]"));
  pay.mutable_us_bank_account()->set_routing_number("021000021");
  EXPECT_THAT(engine_.checkout_page().Pay(s.id(), pay),
              StripeErrorWithParam("invalid_request_error", "", "us_bank_account[routing_number]"));
  pay.mutable_us_bank_account()->set_routing_number("110000000");
  pay.mutable_us_bank_account()->set_account_number("123");
  EXPECT_THAT(engine_.checkout_page().Pay(s.id(), pay),
              StripeErrorWithParam("invalid_request_error", "", "us_bank_account[account_number]"));
  pay.mutable_us_bank_account()->set_account_number("000123456789");
  EXPECT_EQ(MustPay(s.id(), pay).status(), "complete");

  CheckoutSession cards_only = MustCreate(PaymentParams());
  EXPECT_THAT(engine_.checkout_page().Pay(cards_only.id(), Bank("pm_usBankAccount_success")),
              StripeErrorWithParam("invalid_request_error", "", "payment_method"));
}

// ======================= setup mode =======================

TEST_F(CheckoutTest, SetupModeSeedFlowEndToEnd) {
  // A customer saves a card through Checkout; days later the merchant charges it off-session.
  const std::string customer = NewCustomer();
  CheckoutSessionCreateParams params = SetupParams(customer);
  params.mutable_setup_intent_data()->set_description("Save card for later");
  size_t mark = engine_.events().size();
  CheckoutSession s = MustCreate(params);
  EXPECT_THAT(TypesSince(mark), ElementsAre("setup_intent.created"));
  EXPECT_EQ(s.payment_status(), "no_payment_required");
  EXPECT_FALSE(s.has_saved_payment_method_options());

  mark = engine_.events().size();
  CheckoutPage page = MustPay(s.id(), PayWith("pm_card_visa", ""));
  EXPECT_EQ(page.status(), "complete");
  EXPECT_THAT(TypesSince(mark), ElementsAre("payment_method.attached", "setup_intent.succeeded",
                                            "checkout.session.completed"));
  CheckoutSession done = MustRetrieve(s.id());
  EXPECT_EQ(done.status(), "complete");
  EXPECT_EQ(done.payment_status(), "no_payment_required");
  EXPECT_FALSE(done.customer_details().has_address());  // not present in setup mode
  EXPECT_EQ(done.customer_details().email(), "jenny@example.com");

  // From the completed session: its setup_intent, its payment_method, on the customer.
  absl::StatusOr<SetupIntent> si = engine_.setup_intents().Retrieve(done.setup_intent());
  ASSERT_THAT(si, IsOk());
  EXPECT_EQ(si->status(), "succeeded");
  EXPECT_EQ(si->customer(), customer);
  EXPECT_EQ(si->description(), "Save card for later");
  absl::StatusOr<PaymentMethod> pm = engine_.payment_methods().Retrieve(si->payment_method());
  ASSERT_THAT(pm, IsOk());
  EXPECT_EQ(pm->customer(), customer);

  clock_.Advance(absl::Hours(24 * 3));
  PaymentIntentCreateParams later;
  later.set_amount(4200);
  later.set_currency("usd");
  later.set_customer(customer);
  later.set_payment_method(pm->id());
  later.set_off_session(true);
  later.set_confirm(true);
  absl::StatusOr<PaymentIntent> charged = engine_.payment_intents().Create(later);
  ASSERT_THAT(charged, IsOk());
  EXPECT_EQ(charged->status(), "succeeded");
  EXPECT_EQ(charged->amount_received(), 4200);
}

TEST_F(CheckoutTest, SetupModeWithThreeDSecureAndCustomerCreation) {
  CheckoutSessionCreateParams params = SetupParams();
  params.set_customer_creation("always");
  CheckoutSession s = MustCreate(params);
  CheckoutPage challenge = MustPay(s.id(), PayWith("pm_card_authenticationRequiredOnSetup"));
  EXPECT_EQ(challenge.next_action(), "three_d_secure");
  CheckoutSession waiting = MustRetrieve(s.id());
  EXPECT_EQ(waiting.status(), "open");
  ASSERT_TRUE(waiting.has_customer());
  absl::StatusOr<CheckoutPage> done = engine_.checkout_page().CompleteThreeDSecure(s.id());
  ASSERT_THAT(done, IsOk());
  EXPECT_EQ(done->status(), "complete");
  absl::StatusOr<SetupIntent> si = engine_.setup_intents().Retrieve(s.setup_intent());
  ASSERT_THAT(si, IsOk());
  EXPECT_EQ(si->customer(), waiting.customer());
  absl::StatusOr<PaymentMethod> pm = engine_.payment_methods().Retrieve(si->payment_method());
  ASSERT_THAT(pm, IsOk());
  EXPECT_EQ(pm->customer(), waiting.customer());
}

TEST_F(CheckoutTest, SetupModeExpiryCancelsTheSetupIntent) {
  CheckoutSession s = MustCreate(SetupParams());
  const size_t mark = engine_.events().size();
  clock_.Advance(absl::Hours(24));
  EXPECT_EQ(MustRetrieve(s.id()).status(), "expired");
  EXPECT_THAT(TypesSince(mark), ElementsAre("setup_intent.canceled", "checkout.session.expired"));
}

// ======================= subscription mode =======================

TEST_F(CheckoutTest, SubscriptionModeStartsASubscription) {
  clock_.SetTime(absl::FromCivil(absl::CivilSecond(2026, 1, 31, 12, 0, 0), absl::UTCTimeZone()));
  CheckoutSessionCreateParams params = SubscriptionParams();
  params.mutable_line_items(0)->set_quantity(2);
  (*params.mutable_subscription_data()->mutable_metadata())["plan"] = "pro";
  CheckoutSession s = MustCreate(params);
  EXPECT_THAT(s.id(), StartsWith("cs_test_b1"));
  EXPECT_EQ(s.amount_total(), 3000);
  EXPECT_EQ(s.payment_method_collection(), "always");
  EXPECT_FALSE(s.has_customer_creation());
  const size_t mark = engine_.events().size();
  CheckoutPayParams pay = PayWith("pm_card_visa", "sub@example.com");
  MustPay(s.id(), pay);
  EXPECT_THAT(TypesSince(mark),
              ElementsAre("customer.created", "payment_intent.created", "charge.succeeded",
                          "payment_method.attached", "payment_intent.succeeded",
                          "customer.subscription.created", "checkout.session.completed"));
  CheckoutSession done = MustRetrieve(s.id());
  EXPECT_EQ(done.payment_status(), "paid");
  EXPECT_FALSE(done.has_payment_intent());  // Stripe's first payment belongs to an invoice
  ASSERT_TRUE(done.has_customer());
  absl::StatusOr<Subscription> sub = engine_.subscriptions().Retrieve(done.subscription());
  ASSERT_THAT(sub, IsOk());
  EXPECT_THAT(sub->id(), StartsWith("sub_"));
  EXPECT_EQ(sub->status(), "active");
  EXPECT_EQ(sub->customer(), done.customer());
  EXPECT_EQ(sub->metadata().at("plan"), "pro");
  EXPECT_EQ(sub->collection_method(), "charge_automatically");
  ASSERT_THAT(sub->items().data(), SizeIs(1));
  const SubscriptionItem& item = sub->items().data(0);
  EXPECT_EQ(item.quantity(), 2);
  EXPECT_EQ(item.price().recurring().interval(), "month");
  const int64_t start = absl::ToUnixSeconds(
      absl::FromCivil(absl::CivilSecond(2026, 1, 31, 12, 0, 0), absl::UTCTimeZone()));
  EXPECT_EQ(item.current_period_start(), start);
  // January 31st plus a month is February 28th.
  EXPECT_EQ(item.current_period_end(),
            absl::ToUnixSeconds(absl::FromCivil(absl::CivilSecond(2026, 2, 28, 12, 0, 0),
                                                absl::UTCTimeZone())));
  EXPECT_FALSE(sub->has_current_period_end());  // on the items from basil on
  absl::StatusOr<PaymentMethod> pm =
      engine_.payment_methods().Retrieve(sub->default_payment_method());
  ASSERT_THAT(pm, IsOk());
  EXPECT_EQ(pm->customer(), done.customer());
  SubscriptionListParams mine;
  mine.set_customer(done.customer());
  absl::StatusOr<ListResult<Subscription>> listed = engine_.subscriptions().List(mine);
  ASSERT_THAT(listed, IsOk());
  EXPECT_THAT(listed->data, SizeIs(1));
}

TEST_F(CheckoutTest, SubscriptionPeriodOnTheSubscriptionBeforeBasil) {
  VersionedEngine old(kPreBasil);
  absl::StatusOr<Price> price = old.engine.prices().Create(ParseParams<PriceCreateParams>(
      R"pb(currency: "usd" unit_amount: 700 recurring { interval: "week" interval_count: 2 }
           product_data { name: "Box" })pb"));
  ASSERT_THAT(price, IsOk());
  CheckoutSessionCreateParams params;
  params.set_mode("subscription");
  params.add_line_items()->set_price(price->id());
  params.mutable_line_items(0)->set_quantity(1);
  absl::StatusOr<CheckoutSession> s = old.engine.checkout_sessions().Create(params);
  ASSERT_THAT(s, IsOk());
  CheckoutPayParams pay;
  pay.set_payment_method("pm_card_visa");
  pay.set_email("old@example.com");
  ASSERT_THAT(old.engine.checkout_page().Pay(s->id(), pay), IsOk());
  absl::StatusOr<CheckoutSession> done = old.engine.checkout_sessions().Retrieve(s->id());
  ASSERT_THAT(done, IsOk());
  absl::StatusOr<Subscription> sub = old.engine.subscriptions().Retrieve(done->subscription());
  ASSERT_THAT(sub, IsOk());
  EXPECT_EQ(sub->current_period_start(), kStart);
  EXPECT_EQ(sub->current_period_end(), kStart + 14 * 86400);
}

TEST(PeriodEndTest, CalendarArithmetic) {
  const absl::TimeZone utc = absl::UTCTimeZone();
  auto at = [&](int y, int m, int d) {
    return absl::ToUnixSeconds(absl::FromCivil(absl::CivilSecond(y, m, d, 8, 30, 0), utc));
  };
  EXPECT_EQ(PeriodEnd(at(2026, 1, 31), "month", 1), at(2026, 2, 28));
  EXPECT_EQ(PeriodEnd(at(2028, 1, 31), "month", 1), at(2028, 2, 29));
  EXPECT_EQ(PeriodEnd(at(2026, 3, 15), "month", 3), at(2026, 6, 15));
  EXPECT_EQ(PeriodEnd(at(2028, 2, 29), "year", 1), at(2029, 2, 28));
  EXPECT_EQ(PeriodEnd(at(2026, 12, 30), "week", 1), at(2027, 1, 6));
  EXPECT_EQ(PeriodEnd(at(2026, 1, 1), "day", 45), at(2026, 2, 15));
}

// ======================= determinism =======================

TEST(CheckoutDeterminismTest, SameSeedSameObjectsAndEvents) {
  auto run = []() {
    FakeClock clock;
    Engine engine({.clock = &clock, .seed = 99});
    CheckoutSessionCreateParams params = ParseParams<CheckoutSessionCreateParams>(R"pb(
      mode: "payment"
      line_items { quantity: 1 price_data { currency: "usd" unit_amount: 999
                                            product_data { name: "Thing" } } })pb");
    absl::StatusOr<CheckoutSession> s = engine.checkout_sessions().Create(params);
    CheckoutPayParams pay;
    pay.set_payment_method("pm_card_visa");
    pay.set_email("a@example.com");
    (void)engine.checkout_page().Pay(s->id(), pay);
    std::string out = RenderJson(*engine.checkout_sessions().Retrieve(s->id()));
    EventListParams all;
    all.set_limit(100);
    absl::StatusOr<ListResult<Event>> events = engine.events().List(all);
    for (const Event& e : events->data) out += RenderJson(e);
    return out;
  };
  EXPECT_EQ(run(), run());
}

}  // namespace
}  // namespace paysim
