// The top-level shape of every payments object paysim renders: for each object type and API
// version, the keys Stripe's API reference lists for it, in Stripe's order (id, object, then
// alphabetical). Each object is made through the wire door as a client would, and its rendered
// keys must be exactly the list, minus the keys paysim is known not to render yet (listed
// beside each shape, so a gap is written down rather than hidden).
#include <algorithm>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "engine/engine.h"
#include "engine/json_render.h"
#include "engine/wire/wire.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "testing/fake_clock.h"

namespace paysim {
namespace wire {
namespace {

using ::testing::ElementsAreArray;

constexpr absl::string_view kKey = "Bearer sk_test_4eC39HqLyjWDarjtT1zdp7dc";
constexpr absl::string_view kNewest = "2026-07-29.dahlia";
// Before 2022-11-15 a charge carries its refunds list, and a PaymentIntent its charges.
constexpr absl::string_view kBeforeChargeRefundsLeft = "2022-08-01";

// One object type's keys at an API version, and the keys of that list paysim does not render
// yet.
struct Shape {
  std::vector<std::string> keys;
  std::vector<std::string> not_yet_rendered;
};

// Keys shared by the charge shapes (all versions paysim knows), split where `refunds` goes.
std::vector<std::string> ChargeKeys(bool with_refunds) {
  std::vector<std::string> keys = {
      "id", "object", "amount", "amount_captured", "amount_refunded", "application",
      "application_fee", "application_fee_amount", "balance_transaction", "billing_details",
      "calculated_statement_descriptor", "captured", "created", "currency", "customer",
      "description", "disputed", "failure_balance_transaction", "failure_code",
      "failure_message", "fraud_details", "livemode", "metadata", "on_behalf_of", "outcome",
      "paid", "payment_intent", "payment_method", "payment_method_details", "receipt_email",
      "receipt_number", "receipt_url", "refunded"};
  if (with_refunds) keys.push_back("refunds");
  for (const char* key :
       {"review", "shipping", "source", "source_transfer", "statement_descriptor",
        "statement_descriptor_suffix", "status", "transfer_data", "transfer_group"}) {
    keys.push_back(key);
  }
  return keys;
}

const Shape kPaymentIntent = {
    {"id", "object", "allowed_payment_method_types", "amount", "amount_capturable",
     "amount_details", "amount_received", "application", "application_fee_amount",
     "automatic_payment_methods", "canceled_at", "cancellation_reason", "capture_method",
     "client_secret", "confirmation_method", "created", "currency", "customer",
     "customer_account", "description", "excluded_payment_method_types", "last_payment_error",
     "latest_charge", "livemode", "managed_payments", "metadata", "next_action", "on_behalf_of",
     "payment_method", "payment_method_configuration_details", "payment_method_options",
     "payment_method_types", "processing", "receipt_email", "review", "setup_future_usage",
     "shared_payment_granted_token", "shipping", "source", "statement_descriptor",
     "statement_descriptor_suffix", "status", "transfer_data", "transfer_group"},
    {}};

const Shape kSetupIntent = {
    {"id", "object", "application", "automatic_payment_methods", "cancellation_reason",
     "client_secret", "created", "customer", "description", "excluded_payment_method_types",
     "flow_directions", "last_setup_error", "latest_attempt", "livemode", "mandate", "metadata",
     "next_action", "on_behalf_of", "payment_method", "payment_method_configuration_details",
     "payment_method_options", "payment_method_types", "single_use_mandate", "status", "usage"},
    {}};

const Shape kRefund = {
    {"id", "object", "amount", "balance_transaction", "charge", "created", "currency",
     "customer", "customer_account", "destination_details", "metadata", "payment_intent",
     "payment_method", "reason", "receipt_number", "source_transfer_reversal", "status",
     "transfer_reversal"},
    {}};

const Shape kPaymentMethod = {
    {"id", "object", "allow_redisplay", "billing_details", "card", "created", "customer",
     "customer_account", "livemode", "metadata", "shared_payment_granted_token", "type"},
    {}};

const Shape kCustomer = {
    {"id", "object", "address", "balance", "created", "currency", "customer_account",
     "default_source", "delinquent", "description", "discount", "email", "invoice_prefix",
     "invoice_settings", "livemode", "metadata", "name", "next_invoice_sequence", "phone",
     "preferred_locales", "shipping", "tax_exempt", "test_clock"},
    {}};

const Shape kToken = {
    {"id", "object", "card", "client_ip", "created", "livemode", "type", "used"}, {}};

const Shape kBalanceTransaction = {
    {"id", "object", "amount", "available_on", "balance_type", "created", "currency",
     "description", "exchange_rate", "fee", "fee_details", "net", "reporting_category", "source",
     "status", "type"},
    {}};

// A payment-mode session, open. `redirect_on_completion` and `return_url` belong to embedded
// sessions in Stripe's reference; paysim renders them (null) in every ui mode.
const Shape kCheckoutSession = {
    {"id", "object", "adaptive_pricing", "after_expiration", "allow_promotion_codes",
     "amount_subtotal", "amount_total", "automatic_tax", "billing_address_collection",
     "cancel_url", "client_reference_id", "client_secret", "collected_information", "consent",
     "consent_collection", "created", "currency", "currency_conversion", "custom_fields",
     "custom_text", "customer", "customer_account", "customer_creation", "customer_details",
     "customer_email", "discounts", "expires_at", "integration_identifier", "invoice",
     "invoice_creation", "livemode", "locale", "managed_payments", "metadata", "mode",
     "optional_items", "origin_context", "payment_intent", "payment_link", "payment_method_collection",
     "payment_method_configuration_details", "payment_method_options", "payment_method_types",
     "payment_status", "permissions", "phone_number_collection", "recovered_from",
     "redirect_on_completion", "return_url", "saved_payment_method_options", "setup_intent", "shipping_address_collection",
     "shipping_cost", "shipping_options", "status", "submit_type", "subscription",
     "success_url", "total_details", "ui_mode", "url", "wallet_options"},
    {}};

const Shape kEvent = {
    {"id", "object", "api_version", "created", "data", "livemode", "pending_webhooks", "request",
     "type"},
    {}};

// The keys of `object`, in order.
std::vector<std::string> Keys(const Json& object) {
  std::vector<std::string> keys;
  for (auto it = object.begin(); it != object.end(); ++it) keys.push_back(it.key());
  return keys;
}

// The shape's keys without those not rendered yet.
std::vector<std::string> Expected(const Shape& shape) {
  std::vector<std::string> keys;
  for (const std::string& key : shape.keys) {
    bool missing = false;
    for (const std::string& gap : shape.not_yet_rendered) missing = missing || gap == key;
    if (!missing) keys.push_back(key);
  }
  return keys;
}

class ObjectShapesTest : public ::testing::Test {
 protected:
  Json Answer(absl::string_view method, absl::string_view path, absl::string_view body = "",
              absl::string_view version = kNewest) {
    WireApi::Headers headers = {{"Authorization", std::string(kKey)},
                                {"Stripe-Version", std::string(version)}};
    WireApi::Response r = api_.Handle(method, path, headers, body);
    EXPECT_EQ(r.status, 200) << method << " " << path << " " << body << "\n" << r.body;
    return Json::parse(r.body);
  }

  // A PaymentIntent paid by card, refunded in part; returns the intent.
  Json PaidAndRefunded(absl::string_view version) {
    const std::string customer =
        Answer("POST", "/v1/customers", "email=jenny@example.com", version)["id"];
    const Json pi = Answer("POST", "/v1/payment_intents",
                           absl::StrCat("amount=2000&currency=usd&payment_method=pm_card_visa"
                                        "&confirm=true&customer=",
                                        customer),
                           version);
    Answer("POST", "/v1/refunds", absl::StrCat("payment_intent=", pi["id"].get<std::string>(),
                                               "&amount=500"),
           version);
    return pi;
  }

  testing::FakeClock clock_;
  Engine engine_{{.clock = &clock_, .seed = 42}};
  WireApi api_{&engine_};
};

#define EXPECT_SHAPE(json, shape) \
  EXPECT_THAT(Keys(json), ElementsAreArray(Expected(shape))) << (json).dump(2)

TEST_F(ObjectShapesTest, PaymentObjectsAtTheNewestVersion) {
  const Json pi = PaidAndRefunded(kNewest);
  EXPECT_SHAPE(pi, kPaymentIntent);
  const std::string pi_id = pi["id"];
  EXPECT_SHAPE(Answer("GET", absl::StrCat("/v1/payment_intents/", pi_id)), kPaymentIntent);

  const Json charge = Answer("GET", absl::StrCat("/v1/charges/", pi["latest_charge"].get<std::string>()));
  EXPECT_SHAPE(charge, (Shape{ChargeKeys(/*with_refunds=*/false), {}}));
  EXPECT_TRUE(charge["fraud_details"].is_object());
  EXPECT_TRUE(charge["fraud_details"].empty());
  EXPECT_EQ(charge["receipt_url"].get<std::string>().rfind("https://pay.stripe.com/receipts/", 0),
            0u);

  const Json refunds = Answer("GET", absl::StrCat("/v1/refunds?payment_intent=", pi_id));
  ASSERT_EQ(refunds["data"].size(), 1u);
  EXPECT_SHAPE(refunds["data"][0], kRefund);
  EXPECT_EQ(refunds["data"][0]["destination_details"]["type"], "card");

  EXPECT_SHAPE(Answer("GET", absl::StrCat("/v1/balance_transactions/",
                                          charge["balance_transaction"].get<std::string>())),
               kBalanceTransaction);
  EXPECT_SHAPE(Answer("GET", absl::StrCat("/v1/customers/", charge["customer"].get<std::string>())),
               kCustomer);
  EXPECT_SHAPE(Answer("GET", "/v1/events?limit=1")["data"][0], kEvent);
}

TEST_F(ObjectShapesTest, MethodsTokensAndSetups) {
  EXPECT_SHAPE(Answer("POST", "/v1/tokens",
                      "card[number]=4242424242424242&card[exp_month]=12&card[exp_year]=2030"),
               kToken);
  EXPECT_SHAPE(Answer("POST", "/v1/payment_methods",
                      "type=card&card[number]=4242424242424242&card[exp_month]=12"
                      "&card[exp_year]=2030&card[cvc]=123"),
               kPaymentMethod);
  const Json si = Answer("POST", "/v1/setup_intents", "payment_method_types[]=card");
  EXPECT_SHAPE(si, kSetupIntent);
  EXPECT_EQ(si["payment_method_options"]["card"]["request_three_d_secure"], "automatic");
  EXPECT_SHAPE(Answer("POST", absl::StrCat("/v1/setup_intents/", si["id"].get<std::string>(),
                                           "/confirm"),
                      "payment_method=pm_card_visa"),
               kSetupIntent);
}

TEST_F(ObjectShapesTest, CheckoutSession) {
  const Json session = Answer(
      "POST", "/v1/checkout/sessions",
      "mode=payment&success_url=https://example.com/ok&line_items[0][price_data][currency]=usd"
      "&line_items[0][price_data][unit_amount]=1500"
      "&line_items[0][price_data][product_data][name]=T-shirt&line_items[0][quantity]=1");
  EXPECT_SHAPE(session, kCheckoutSession);
  EXPECT_FALSE(session["invoice_creation"]["enabled"].get<bool>());
  EXPECT_FALSE(session["managed_payments"]["enabled"].get<bool>());
  EXPECT_EQ(session["payment_method_options"]["card"]["request_three_d_secure"], "automatic");
  for (const char* key : {"consent", "consent_collection", "customer_account",
                          "integration_identifier", "optional_items", "origin_context",
                          "payment_method_configuration_details", "permissions",
                          "wallet_options"}) {
    EXPECT_TRUE(session[key].is_null()) << key;
  }
}

TEST_F(ObjectShapesTest, PaymentIntentNamesItsInvoiceBeforeBasil) {
  constexpr absl::string_view kAcacia = "2025-02-24.acacia";
  const Json pi = PaidAndRefunded(kAcacia);
  std::vector<std::string> keys = Keys(pi);
  const auto excluded = std::find(keys.begin(), keys.end(), "excluded_payment_method_types");
  ASSERT_NE(excluded, keys.end());
  EXPECT_EQ(*(excluded + 1), "invoice") << "alphabetical place";
  EXPECT_TRUE(pi["invoice"].is_null());
  const std::string pi_path = absl::StrCat("/v1/payment_intents/", pi["id"].get<std::string>());
  EXPECT_FALSE(Answer("GET", pi_path).contains("invoice"));  // basil on: gone

  // An invoice's PaymentIntent names it (an invoice made under that version).
  const std::string customer =
      Answer("POST", "/v1/customers", "email=j@example.com", kAcacia)["id"];
  Answer("POST", "/v1/invoiceitems",
         absl::StrCat("customer=", customer, "&amount=1500&currency=usd"), kAcacia);
  const std::string invoice =
      Answer("POST", "/v1/invoices",
             absl::StrCat("customer=", customer, "&pending_invoice_items_behavior=include"),
             kAcacia)["id"];
  Answer("POST", absl::StrCat("/v1/invoices/", invoice, "/finalize"), "", kAcacia);
  const Json old_invoice = Answer("GET", absl::StrCat("/v1/invoices/", invoice), "", kAcacia);
  ASSERT_TRUE(old_invoice["payment_intent"].is_string()) << old_invoice.dump(2);
  const Json invoice_pi = Answer(
      "GET", absl::StrCat("/v1/payment_intents/", old_invoice["payment_intent"].get<std::string>()),
      "", kAcacia);
  EXPECT_EQ(invoice_pi["invoice"], invoice);
}

TEST_F(ObjectShapesTest, ChargeCarriesItsRefundsBefore20221115) {
  const Json pi = PaidAndRefunded(kBeforeChargeRefundsLeft);
  const std::string path = absl::StrCat("/v1/charges/", pi["latest_charge"].get<std::string>());
  const Json charge = Answer("GET", path, "", kBeforeChargeRefundsLeft);
  EXPECT_SHAPE(charge, (Shape{ChargeKeys(/*with_refunds=*/true), {}}));
  EXPECT_EQ(charge["refunds"]["object"], "list");
  EXPECT_EQ(charge["refunds"]["total_count"], 1);
  EXPECT_EQ(charge["refunds"]["url"], absl::StrCat(path, "/refunds"));
  EXPECT_SHAPE(charge["refunds"]["data"][0], kRefund);

  // The intent lists its charges, each with its refunds.
  const std::string pi_path = absl::StrCat("/v1/payment_intents/", pi["id"].get<std::string>());
  const Json old_pi = Answer("GET", pi_path, "", kBeforeChargeRefundsLeft);
  std::vector<std::string> pi_keys = Keys(old_pi);
  const auto capture_method = std::find(pi_keys.begin(), pi_keys.end(), "capture_method");
  ASSERT_NE(capture_method, pi_keys.end());
  EXPECT_EQ(*(capture_method + 1), "charges") << "alphabetical place";
  EXPECT_EQ(old_pi["charges"]["object"], "list");
  EXPECT_EQ(old_pi["charges"]["total_count"], 1);
  EXPECT_EQ(old_pi["charges"]["url"],
            absl::StrCat("/v1/charges?payment_intent=", pi["id"].get<std::string>()));
  EXPECT_EQ(old_pi["charges"]["data"][0], charge);
  EXPECT_FALSE(Answer("GET", pi_path).contains("charges"));

  // From 2022-11-15 on, only when expanded.
  EXPECT_SHAPE(Answer("GET", path), (Shape{ChargeKeys(/*with_refunds=*/false), {}}));
  EXPECT_SHAPE(Answer("GET", absl::StrCat(path, "?expand[]=refunds")),
               (Shape{ChargeKeys(/*with_refunds=*/true), {}}));
}

}  // namespace
}  // namespace wire
}  // namespace paysim
