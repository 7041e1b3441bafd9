// JSON rendering: Stripe's key order, nulls, hidden internal fields, errors and events.
#include "engine/json_render.h"

#include <string>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "proto/customer.obj.h"
#include "proto/error.obj.h"
#include "proto/event.obj.h"
#include "proto/token.obj.h"
#include "proto/event.pb.h"
#include "proto/error.pb.h"

namespace paysim {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;

// This file tests the reflection renderer on protobuf messages (the objects have their own
// tests in tools/objgen).
using pb::Card;
using pb::Customer;
using pb::Event;
using pb::StripeError;
using pb::StripeObject;
using pb::Token;

Token SampleToken() {
  Token token;
  token.set_id("tok_1");
  token.set_object("token");
  Card* card = token.mutable_card();
  card->set_id("card_1");
  card->set_object("card");
  card->set_brand("Visa");
  card->set_country("US");
  card->set_cvc_check("unchecked");
  card->set_exp_month(9);
  card->set_exp_year(2027);
  card->set_fingerprint("abcdEFGH12345678");
  card->set_funding("credit");
  card->set_last4("4242");
  card->set_number("4242424242424242");
  card->set_cvc_provided(true);
  token.set_created(1767225600);
  token.set_livemode(false);
  token.set_type("card");
  token.set_used(false);
  token.set_expired(true);
  return token;
}

Customer SampleCustomer() {
  Customer customer;
  customer.set_id("cus_1");
  customer.set_object("customer");
  customer.set_balance(0);
  customer.set_created(1767225600);
  customer.set_delinquent(false);
  customer.set_email("jenny@example.com");
  customer.set_invoice_prefix("ABCD1234");
  customer.mutable_invoice_settings()->set_default_payment_method("pm_1");
  customer.set_livemode(false);
  (*customer.mutable_metadata())["zeta"] = "last";
  (*customer.mutable_metadata())["alpha"] = "first";
  (*customer.mutable_metadata())["mid"] = "middle";
  customer.set_name("Jenny Rosen");
  customer.set_next_invoice_sequence(1);
  customer.set_tax_exempt("none");
  return customer;
}

TEST(JsonRenderTest, TokenRendersInStripesOrderWithNulls) {
  EXPECT_EQ(RenderJson(SampleToken()), R"({
  "id": "tok_1",
  "object": "token",
  "card": {
    "id": "card_1",
    "object": "card",
    "address_city": null,
    "address_country": null,
    "address_line1": null,
    "address_line1_check": null,
    "address_line2": null,
    "address_state": null,
    "address_zip": null,
    "address_zip_check": null,
    "brand": "Visa",
    "country": "US",
    "customer": null,
    "cvc_check": "unchecked",
    "dynamic_last4": null,
    "exp_month": 9,
    "exp_year": 2027,
    "fingerprint": "abcdEFGH12345678",
    "funding": "credit",
    "last4": "4242",
    "metadata": {},
    "name": null,
    "tokenization_method": null
  },
  "client_ip": null,
  "created": 1767225600,
  "livemode": false,
  "type": "card",
  "used": false
})");
}

TEST(JsonRenderTest, CustomerRendersInStripesOrderWithNulls) {
  EXPECT_EQ(RenderJson(SampleCustomer()), R"({
  "id": "cus_1",
  "object": "customer",
  "address": null,
  "balance": 0,
  "created": 1767225600,
  "currency": null,
  "customer_account": null,
  "default_source": null,
  "delinquent": false,
  "description": null,
  "discount": null,
  "email": "jenny@example.com",
  "invoice_prefix": "ABCD1234",
  "invoice_settings": {
    "custom_fields": null,
    "default_payment_method": "pm_1",
    "footer": null,
    "rendering_options": null
  },
  "livemode": false,
  "metadata": {
    "alpha": "first",
    "mid": "middle",
    "zeta": "last"
  },
  "name": "Jenny Rosen",
  "next_invoice_sequence": 1,
  "phone": null,
  "preferred_locales": [],
  "shipping": null,
  "tax_exempt": "none",
  "test_clock": null
})");
}

TEST(JsonRenderTest, SetMessageRendersAsObjectWithNullFields) {
  Customer customer;
  customer.mutable_address()->set_city("Springfield");
  Json json = ToJson(customer);
  EXPECT_EQ(json["address"].dump(),
            R"({"city":"Springfield","country":null,"line1":null,"line2":null,)"
            R"("postal_code":null,"state":null})");
  EXPECT_TRUE(json["shipping"].is_null());
}

TEST(JsonRenderTest, InternalFieldsAreNeverRendered) {
  const std::string json = RenderJson(SampleToken());
  EXPECT_THAT(json, ::testing::Not(HasSubstr("4242424242424242")));
  EXPECT_THAT(json, ::testing::Not(HasSubstr("cvc_provided")));
  EXPECT_THAT(json, ::testing::Not(HasSubstr("expired")));
  StripeError error;
  error.set_type("card_error");
  error.set_http_status(402);
  EXPECT_THAT(ErrorToJson(paysim::StripeError::FromProto(error)).dump(), ::testing::Not(HasSubstr("http_status")));
}

TEST(JsonRenderTest, IntegersRenderAsNumbers) {
  Customer customer;
  customer.set_created(1767225600);
  customer.set_balance(-123456789012345);
  Json json = ToJson(customer);
  EXPECT_TRUE(json["created"].is_number_integer());
  EXPECT_EQ(json["created"].get<int64_t>(), 1767225600);
  EXPECT_EQ(json["balance"].get<int64_t>(), -123456789012345);
  EXPECT_THAT(json.dump(), HasSubstr(R"("balance":-123456789012345)"));
}

TEST(JsonRenderTest, KeysFollowDeclarationOrder) {
  Json json = ToJson(SampleToken());
  std::vector<std::string> keys;
  for (auto it = json.begin(); it != json.end(); ++it) keys.push_back(it.key());
  EXPECT_THAT(keys, ElementsAre("id", "object", "card", "client_ip", "created", "livemode", "type",
                                "used"));
}

TEST(JsonRenderTest, StripeObjectRendersAsTheResourceItHolds) {
  StripeObject object;
  *object.mutable_customer() = SampleCustomer();
  EXPECT_EQ(ToJson(object), ToJson(SampleCustomer()));
  *object.mutable_token() = SampleToken();
  EXPECT_EQ(ToJson(object), ToJson(SampleToken()));
  EXPECT_TRUE(ToJson(StripeObject()).is_null());
}

TEST(JsonRenderTest, ErrorOmitsUnsetFields) {
  StripeError error;
  error.set_type("card_error");
  error.set_code("card_declined");
  error.set_decline_code("generic_decline");
  error.set_message("Your card was declined.");
  error.set_http_status(402);
  EXPECT_EQ(ErrorToJson(paysim::StripeError::FromProto(error)).dump(),
            R"({"error":{"code":"card_declined","decline_code":"generic_decline",)"
            R"("message":"Your card was declined.","type":"card_error"}})");
}

TEST(JsonRenderTest, ErrorKeepsFieldsSetToEmptyStrings) {
  StripeError error;
  error.set_type("invalid_request_error");
  error.set_param("");
  EXPECT_EQ(ErrorToJson(paysim::StripeError::FromProto(error)).dump(), R"({"error":{"param":"","type":"invalid_request_error"}})");
}

Event SampleEvent() {
  Event event;
  event.set_id("evt_1");
  event.set_object("event");
  event.set_api_version("2026-06-24.dahlia");
  event.set_created(1767225600);
  Customer* customer = event.mutable_data()->mutable_object()->mutable_customer();
  customer->set_id("cus_1");
  customer->set_object("customer");
  event.set_livemode(false);
  event.set_pending_webhooks(0);
  event.mutable_request()->set_idempotency_key("key-1");
  event.set_type("customer.updated");
  return event;
}

TEST(JsonRenderTest, EventRendersPreviousAttributesInlineWhenSet) {
  Event event = SampleEvent();
  event.mutable_data()->set_previous_attributes(R"({"email":null,"metadata":{"a":"1"}})");
  Json json = ToJson(event);
  ASSERT_TRUE(json["data"]["previous_attributes"].is_object());
  EXPECT_EQ(json["data"]["previous_attributes"].dump(), R"({"email":null,"metadata":{"a":"1"}})");
  EXPECT_EQ(json["data"]["object"]["id"], "cus_1");
  EXPECT_EQ(json["data"]["object"]["object"], "customer");
  EXPECT_EQ(json["request"].dump(), R"({"id":null,"idempotency_key":"key-1"})");
  std::vector<std::string> keys;
  for (auto it = json.begin(); it != json.end(); ++it) keys.push_back(it.key());
  EXPECT_THAT(keys, ElementsAre("id", "object", "api_version", "created", "data", "livemode",
                                "pending_webhooks", "request", "type"));
}

TEST(JsonRenderTest, EventWithoutPreviousAttributesOmitsTheKey) {
  Json json = ToJson(SampleEvent());
  EXPECT_EQ(json["data"].size(), 1u);
  EXPECT_FALSE(json["data"].contains("previous_attributes"));
}

// Leaves `name` out when it is unset, and writes "W" for `email`.
class SomeFields : public FieldWriter {
 public:
  bool LeavesOut(const google::protobuf::Message& message,
                 const google::protobuf::FieldDescriptor& field) const override {
    return field.name() == "name" && !message.GetReflection()->HasField(message, &field);
  }
  bool WriteField(const google::protobuf::Message&, const google::protobuf::FieldDescriptor& field,
                  JsonWriter& out) const override {
    if (field.name() != "email") return false;
    out.String("W");
    return true;
  }
};

TEST(JsonRenderTest, AFieldWriterMayLeaveFieldsOut) {
  Customer customer;
  customer.set_id("cus_1");
  customer.set_email("a@example.com");
  std::string text;
  JsonWriter out(&text);
  const SomeFields fields;
  WriteJson(customer, out, &fields);
  Json expected = ToJson(customer);
  expected.erase("name");
  expected["email"] = "W";
  EXPECT_EQ(text, expected.dump(2));
  EXPECT_THAT(text, ::testing::Not(HasSubstr("\"name\"")));

  customer.set_name("Jenny");
  text.clear();
  JsonWriter again(&text);
  WriteJson(customer, again, &fields);
  EXPECT_THAT(text, HasSubstr("\"name\": \"Jenny\""));
}

TEST(JsonRenderTest, InvalidUtf8IsReplacedNotThrown) {
  Customer customer;
  customer.set_name("bad \xff byte");
  std::string json;
  EXPECT_NO_THROW(json = RenderJson(customer));
  EXPECT_THAT(json, HasSubstr("\"name\": \"bad \xEF\xBF\xBD byte\""));
}

}  // namespace
}  // namespace paysim
