// Stripe's JSON and previous_attributes of realistic objects (shaped as the engine makes them)
// against the protobuf rendering; an expand-like hook that replaces ids by objects, also two
// levels down (customer.invoice_settings.default_payment_method).
#include <string>

#include "engine/json_render.h"
#include "engine/json_writer.h"
#include "gtest/gtest.h"
#include "proto/customer.obj.h"
#include "proto/customer.pb.h"
#include "proto/event.obj.h"
#include "proto/event.pb.h"
#include "proto/object_runtime/object_ref.h"
#include "proto/object_runtime/previous_attributes.h"
#include "proto/payment_intent.obj.h"
#include "proto/payment_intent.pb.h"
#include "proto/payment_method.pb.h"
#include "proto/payment_method.obj.h"
#include "tools/objgen/charge_fixture.h"

namespace paysim {
namespace objgen {
namespace {

using google::protobuf::FieldDescriptor;

template <class T>
std::string Json(const T& object, const obj::JsonFieldHook* hook = nullptr) {
  std::string text;
  JsonWriter out(&text);
  object.WriteJson(out, hook);
  return text;
}

Customer MakeCustomer() {
  Customer customer;
  customer.set_id("cus_Yt5jsFCJxceUDo");
  customer.set_object("customer");
  customer.set_created(1767225600);
  customer.set_description("q\"uote back\\slash nl\ntab\tcr\rbs\bff\fx\x01y\x1fz \xc3\xa9 /");
  customer.set_email("jenny@example.com");
  customer.set_invoice_prefix("YD56OSFS");
  customer.mutable_invoice_settings()->set_default_payment_method("pm_LIef7RjCULrKrRMZxaKC1GxH");
  (*customer.mutable_metadata())["zeta"] = "z";
  (*customer.mutable_metadata())["k\"\\\n\x01\xc3\xa9"] = "v";
  customer.set_next_invoice_sequence(1);
  customer.set_tax_exempt("none");
  return customer;
}

TEST(ObjectsJsonTest, ChargeAsTheEngineMakesIt) {
  const Charge charge = MakeTokVisaCharge(7);
  EXPECT_EQ(Json(charge), RenderJson(charge.ToProto()));
  EXPECT_NE(Json(charge).find("\"brand\": \"Visa\""), std::string::npos);
  EXPECT_EQ(Json(charge).find("\"number\""), std::string::npos);  // internal field
}

TEST(ObjectsJsonTest, EventWithPreviousAttributesAndACharge) {
  Event event;
  event.set_id("evt_1");
  event.set_object("event");
  event.set_api_version("2026-07-29.dahlia");
  event.set_type("charge.updated");
  *event.mutable_data()->mutable_object()->mutable_charge() = MakeTokVisaCharge(8);
  event.mutable_data()->set_previous_attributes("{\"description\":null,\"metadata\":{\"a\":\"b\"}}");
  event.mutable_request()->set_id("req_1");
  EXPECT_EQ(Json(event), RenderJson(event.ToProto()));
  event.mutable_data()->clear_previous_attributes();
  EXPECT_EQ(Json(event), RenderJson(event.ToProto()));
  EXPECT_EQ(Json(event).find("previous_attributes"), std::string::npos);
}

TEST(ObjectsJsonTest, PaymentIntentWithALastPaymentError) {
  PaymentIntent intent;
  intent.set_id("pi_1");
  intent.set_object("payment_intent");
  intent.set_status("requires_payment_method");
  intent.add_payment_method_types("card");
  StripeError* error = intent.mutable_last_payment_error();
  error->set_type("card_error");
  error->set_code("card_declined");
  error->set_decline_code("insufficient_funds");
  error->set_http_status(402);
  const std::string json = Json(intent);
  EXPECT_EQ(json, RenderJson(intent.ToProto()));
  EXPECT_EQ(json.find("\"param\""), std::string::npos);  // an error's unset fields left out
  EXPECT_NE(json.find("\"receipt_email\": null"), std::string::npos);
}

// As engine/wire/expand.cc: `customer` on a charge becomes the customer, and on the customer
// `invoice_settings.default_payment_method` becomes the payment method.
class ExpandHook : public obj::JsonFieldHook {
 public:
  ExpandHook(const Customer* customer, const PaymentMethod* method, int level)
      : customer_(customer), method_(method), level_(level) {}

  bool WriteField(obj::ObjectRef object, const FieldDescriptor& field,
                  JsonWriter& out) const override {
    if (field.is_repeated() || !object.Has(field)) return false;
    if (field.name() == "customer" && field.cpp_type() == FieldDescriptor::CPPTYPE_STRING &&
        object.GetString(field) == customer_->id()) {
      ExpandHook nested(customer_, method_, 1);
      customer_->WriteJson(out, &nested);
      return true;
    }
    if (level_ == 1 && field.name() == "invoice_settings") {
      ExpandHook nested(customer_, method_, 2);
      object.GetMessage(field).WriteJson(out, &nested);
      return true;
    }
    if (level_ == 2 && field.name() == "default_payment_method") {
      method_->WriteJson(out);
      return true;
    }
    return false;
  }

 private:
  const Customer* customer_;
  const PaymentMethod* method_;
  int level_;
};

class ExpandWriter : public FieldWriter {
 public:
  ExpandWriter(const pb::Customer* customer, const pb::PaymentMethod* method, int level)
      : customer_(customer), method_(method), level_(level) {}

  bool WriteField(const google::protobuf::Message& message, const FieldDescriptor& field,
                  JsonWriter& out) const override {
    const auto* r = message.GetReflection();
    if (field.is_repeated() || !r->HasField(message, &field)) return false;
    if (field.name() == "customer" && field.cpp_type() == FieldDescriptor::CPPTYPE_STRING &&
        r->GetString(message, &field) == customer_->id()) {
      ExpandWriter nested(customer_, method_, 1);
      paysim::WriteJson(*customer_, out, &nested);
      return true;
    }
    if (level_ == 1 && field.name() == "invoice_settings") {
      ExpandWriter nested(customer_, method_, 2);
      paysim::WriteJson(r->GetMessage(message, &field), out, &nested);
      return true;
    }
    if (level_ == 2 && field.name() == "default_payment_method") {
      paysim::WriteJson(*method_, out);
      return true;
    }
    return false;
  }

 private:
  const pb::Customer* customer_;
  const pb::PaymentMethod* method_;
  int level_;
};

TEST(ObjectsJsonTest, ExpandHookAsTheFieldWriter) {
  Charge charge = MakeTokVisaCharge(9);
  const Customer customer = MakeCustomer();
  charge.set_customer(customer.id());
  PaymentMethod method;
  method.set_id("pm_LIef7RjCULrKrRMZxaKC1GxH");
  method.set_object("payment_method");
  method.mutable_billing_details()->mutable_address()->set_country("US");
  method.set_type("card");
  const ExpandHook hook(&customer, &method, 0);
  const pb::Customer customer_proto = customer.ToProto();
  const pb::PaymentMethod method_proto = method.ToProto();
  const ExpandWriter writer(&customer_proto, &method_proto, 0);
  std::string expected;
  JsonWriter out(&expected);
  paysim::WriteJson(charge.ToProto(), out, &writer);
  EXPECT_EQ(Json(charge, &hook), expected);
  EXPECT_NE(expected.find("\"default_payment_method\": {"), std::string::npos);
}

TEST(ObjectsJsonTest, PreviousAttributesOfAnUpdateThatSharesNodes) {
  const Charge before = MakeTokVisaCharge(10);
  Charge after = before;
  EXPECT_EQ(obj::PreviousAttributes(before, after), "");
  after.set_description("new description");
  (*after.mutable_metadata())["order"] = "42";
  after.mutable_billing_details()->mutable_address()->set_city("Paris");
  after.mutable_outcome()->set_risk_score(12);
  const std::string expected =
      "{\"billing_details\":{\"address\":{\"city\":null}},\"description\":null,"
      "\"metadata\":{\"order\":null},\"outcome\":{\"risk_score\":11}}";
  EXPECT_EQ(obj::PreviousAttributes(before, after), expected);
  // The protobuf version (engine/event_log.cc) computes the same over JSON documents; the
  // conformance test holds them equal on random pairs.
  Customer customer = MakeCustomer();
  Customer updated = customer;
  updated.mutable_metadata()->erase("zeta");
  updated.clear_email();
  EXPECT_EQ(obj::PreviousAttributes(customer, updated),
            "{\"email\":\"jenny@example.com\",\"metadata\":{\"zeta\":\"z\"}}");
}

}  // namespace
}  // namespace objgen
}  // namespace paysim
