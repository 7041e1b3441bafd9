// Behaviour tests of Checkout Sessions, creation: every create rule (modes, ui_mode names by
// API version, URL rules, expires_at bounds, customers, line items, amounts, intent data),
// idempotent creates. The other parts: checkout_payment_mode_test, checkout_prefill_test,
// checkout_delayed_payment_test, checkout_setup_subscription_test.
#include <string>
#include <vector>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "engine/checkout_sessions_test_fixture.h"
#include "engine/json_render.h"
#include "testing/paysim_testing.h"

namespace paysim {
namespace checkout_sessions_test {
namespace {

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

TEST_F(CheckoutTest, UpdateMergesMetadataInAnyStatusWithoutAnEvent) {
  CheckoutSessionCreateParams params = PaymentParams();
  (*params.mutable_metadata())["cart"] = "c-1";
  (*params.mutable_metadata())["channel"] = "web";
  const CheckoutSession session = MustCreate(params);
  const size_t events = engine_.events().size();
  CheckoutSessionUpdateParams update;
  (*update.mutable_metadata())["order"] = "6735";
  (*update.mutable_metadata())["channel"] = "";  // removed
  absl::StatusOr<CheckoutSession> updated =
      engine_.checkout_sessions().Update(session.id(), update);
  ASSERT_THAT(updated, IsOk());
  EXPECT_EQ(updated->metadata().size(), 2u);
  EXPECT_EQ(updated->metadata().at("cart"), "c-1");
  EXPECT_EQ(updated->metadata().at("order"), "6735");
  EXPECT_EQ(MustRetrieve(session.id()).metadata().at("order"), "6735");
  EXPECT_EQ(updated->status(), "open");
  EXPECT_EQ(engine_.events().size(), events);  // Stripe has no checkout.session.updated

  // A completed session's metadata changes too.
  MustPay(session.id(), PayWith("pm_card_visa"));
  CheckoutSessionUpdateParams later;
  (*later.mutable_metadata())["shipped"] = "yes";
  ASSERT_THAT(engine_.checkout_sessions().Update(session.id(), later), IsOk());
  EXPECT_EQ(MustRetrieve(session.id()).metadata().at("shipped"), "yes");

  // Refused, nothing changed: a key over 40 characters, an unknown session.
  CheckoutSessionUpdateParams bad;
  (*bad.mutable_metadata())[std::string(41, 'k')] = "v";
  EXPECT_THAT(engine_.checkout_sessions().Update(session.id(), bad),
              StripeErrorWithParam("invalid_request_error", "",
                                   "metadata[" + std::string(41, 'k') + "]"));
  EXPECT_EQ(MustRetrieve(session.id()).metadata().size(), 3u);
  EXPECT_THAT(engine_.checkout_sessions().Update("cs_test_missing", later), HttpStatusIs(404));
}

}  // namespace
}  // namespace checkout_sessions_test
}  // namespace paysim
