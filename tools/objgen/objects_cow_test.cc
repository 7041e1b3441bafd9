// Copy-on-write semantics of the generated objects: copies are independent values, unchanged
// parts stay shared, defaults allocate nothing, pointers from mutable_ accessors, protobuf
// containers assigned into objects.
#include <algorithm>
#include <cmath>
#include <functional>
#include <string>

#include "gmock/gmock.h"
#include "google/protobuf/map.h"
#include "google/protobuf/repeated_ptr_field.h"
#include "gtest/gtest.h"
#include "engine/json_writer.h"
#include "proto/charge.obj.h"
#include "proto/charge.pb.h"
#include "proto/customer.obj.h"
#include "proto/event.obj.h"
#include "proto/object_runtime/object_ref.h"
#include "proto/object_runtime/previous_attributes.h"
#include "proto/refund.obj.h"
#include "proto/tax_rate.obj.h"
#include "proto/payment_intent.obj.h"
#include "tools/objgen/charge_fixture.h"
#include "tools/objgen/heap_counter.h"

namespace paysim {
namespace objgen {
namespace {

using ::testing::ElementsAre;
using ::testing::Pair;

long AllocationsDuring(const std::function<void()>& f) {
  const long before = HeapAllocations();
  f();
  return HeapAllocations() - before;
}

TEST(ObjectsCowTest, DefaultConstructionCopyAndReadsAllocateNothing) {
  if (!HeapCountingWorks()) GTEST_SKIP() << "operator new is not ours (sanitizer build)";
  EXPECT_EQ(AllocationsDuring([] {
              Charge charge;
              Charge copy = charge;
              Charge moved = std::move(copy);
              EXPECT_EQ(charge.id(), "");
              EXPECT_FALSE(charge.has_outcome());
              EXPECT_EQ(charge.outcome().type(), "");
              EXPECT_EQ(charge.payment_method_details().card().checks().cvc_check(), "");
              EXPECT_TRUE(charge.metadata().empty());
              EXPECT_EQ(charge.metadata_size(), 0);
              EXPECT_EQ(charge, moved);
              EXPECT_TRUE(charge.SharesRepWith(Charge::default_instance()));
              charge.clear_outcome();  // already clear: nothing to copy
              charge.clear_id();
              charge.clear_metadata();
            }),
            0);
}

TEST(ObjectsCowTest, MutableOnADefaultAllocates) {
  if (!HeapCountingWorks()) GTEST_SKIP() << "operator new is not ours (sanitizer build)";
  Charge charge;
  EXPECT_GT(AllocationsDuring([&] { charge.mutable_outcome(); }), 0);
  EXPECT_TRUE(charge.has_outcome());
  EXPECT_FALSE(charge.SharesRepWith(Charge::default_instance()));
}

TEST(ObjectsCowTest, CopyIsAReferenceAndInternedStringsAllocateNothing) {
  if (!HeapCountingWorks()) GTEST_SKIP() << "operator new is not ours (sanitizer build)";
  static const obj::InternedString kFailed("failed");
  Charge charge = MakeTokVisaCharge(1);
  Charge copy;
  EXPECT_EQ(AllocationsDuring([&] { copy = charge; }), 0);
  EXPECT_TRUE(copy.SharesRepWith(charge));
  copy.set_amount(1);  // copies the top rep once
  EXPECT_EQ(AllocationsDuring([&] {
              copy.set_status(kFailed);
              copy.set_captured(false);
            }),
            0);
  EXPECT_EQ(copy.status(), "failed");
  EXPECT_EQ(charge.status(), "succeeded");
}

TEST(ObjectsCowTest, ScalarAndStringChangesLeaveTheCopyAndShareTheRest) {
  const Charge original = MakeTokVisaCharge(1);
  Charge changed = original;
  changed.set_captured(false);
  changed.set_description("a new description");
  changed.mutable_id()->append("_x");
  EXPECT_TRUE(original.captured());
  EXPECT_FALSE(original.has_description());
  EXPECT_EQ(original.id(), "ch_3MmlLrLkdIwHu7ix0snN0100001");
  EXPECT_EQ(changed.id(), "ch_3MmlLrLkdIwHu7ix0snN0100001_x");
  EXPECT_FALSE(changed.SharesRepWith(original));
  // Unchanged children are the same nodes.
  EXPECT_TRUE(changed.outcome().SharesRepWith(original.outcome()));
  EXPECT_TRUE(changed.source().SharesRepWith(original.source()));
  EXPECT_TRUE(changed.payment_method_details().SharesRepWith(original.payment_method_details()));
  EXPECT_TRUE(changed.billing_details().SharesRepWith(original.billing_details()));
  EXPECT_EQ(&changed.currency(), &original.currency());  // the same string node
}

TEST(ObjectsCowTest, NestedChangeCopiesOnlyThePath) {
  const Charge original = MakeTokVisaCharge(2);
  Charge changed = original;
  changed.mutable_payment_method_details()->mutable_card()->mutable_checks()->set_cvc_check("fail");
  EXPECT_EQ(original.payment_method_details().card().checks().cvc_check(), "pass");
  EXPECT_EQ(changed.payment_method_details().card().checks().cvc_check(), "fail");
  EXPECT_FALSE(changed.payment_method_details().SharesRepWith(original.payment_method_details()));
  EXPECT_FALSE(changed.payment_method_details().card().SharesRepWith(
      original.payment_method_details().card()));
  EXPECT_TRUE(changed.outcome().SharesRepWith(original.outcome()));
  EXPECT_TRUE(changed.source().SharesRepWith(original.source()));
  EXPECT_NE(changed, original);
  changed.mutable_payment_method_details()->mutable_card()->mutable_checks()->set_cvc_check("pass");
  EXPECT_EQ(changed, original);  // deep equality
}

TEST(ObjectsCowTest, AssignThroughMutablePointer) {
  Charge charge;
  ChargeOutcome outcome;
  outcome.set_type("authorized");
  *charge.mutable_outcome() = outcome;
  EXPECT_TRUE(charge.has_outcome());
  EXPECT_TRUE(charge.outcome().SharesRepWith(outcome));
  charge.mutable_outcome()->set_type("blocked");
  EXPECT_EQ(outcome.type(), "authorized");
  charge.clear_outcome();
  EXPECT_FALSE(charge.has_outcome());
  EXPECT_EQ(charge.outcome().type(), "");
}

TEST(ObjectsCowTest, RepeatedAndMapChangesLeaveTheCopy) {
  PaymentIntent intent;
  intent.add_payment_method_types("card");
  (*intent.mutable_metadata())["order"] = "42";
  const PaymentIntent copy = intent;
  intent.add_payment_method_types(std::string("link"));
  *intent.mutable_payment_method_types(0) = "us_bank_account";
  (*intent.mutable_metadata())["order"] = "43";
  intent.mutable_metadata()->insert({"plan", "gold"});
  EXPECT_THAT(copy.payment_method_types(), ElementsAre("card"));
  EXPECT_THAT(copy.metadata(), ElementsAre(Pair("order", "42")));
  EXPECT_THAT(intent.payment_method_types(), ElementsAre("us_bank_account", "link"));
  EXPECT_THAT(intent.metadata(), ElementsAre(Pair("order", "43"), Pair("plan", "gold")));
  EXPECT_EQ(intent.payment_method_types_size(), 2);
  EXPECT_EQ(intent.payment_method_types(1), "link");
  EXPECT_EQ(intent.metadata().at("plan"), "gold");
  EXPECT_TRUE(intent.metadata().contains("order"));
  EXPECT_EQ(intent.metadata().count("nope"), 0u);
  EXPECT_NE(std::find(intent.payment_method_types().begin(), intent.payment_method_types().end(),
                      "link"),
            intent.payment_method_types().end());
}

TEST(ObjectsCowTest, RepeatedMessagesShareTheirElements) {
  Balance balance;
  balance.add_available()->set_amount(100);
  balance.add_available()->set_amount(200);
  const Balance copy = balance;
  balance.mutable_available(1)->set_amount(250);
  EXPECT_EQ(copy.available(1).amount(), 200);
  EXPECT_EQ(balance.available(1).amount(), 250);
  EXPECT_TRUE(balance.available(0).SharesRepWith(copy.available(0)));
}

TEST(ObjectsCowTest, AssignFromProtobufContainers) {
  google::protobuf::RepeatedPtrField<std::string> types;
  types.Add("card");
  types.Add("link");
  google::protobuf::Map<std::string, std::string> metadata;
  metadata["z"] = "1";
  metadata["a"] = "2";
  PaymentIntent intent;
  *intent.mutable_payment_method_types() = types;
  *intent.mutable_metadata() = metadata;
  EXPECT_THAT(intent.payment_method_types(), ElementsAre("card", "link"));
  EXPECT_THAT(intent.metadata(), ElementsAre(Pair("a", "2"), Pair("z", "1")));
}

TEST(ObjectsCowTest, OneofSetsOneMemberAndCopiesStayApart) {
  StripeObject object;
  EXPECT_EQ(object.kind_case(), StripeObject::KIND_NOT_SET);
  object.mutable_charge()->set_id("ch_1");
  const StripeObject copy = object;
  object.mutable_customer()->set_id("cus_1");
  EXPECT_EQ(object.kind_case(), StripeObject::kCustomer);
  EXPECT_FALSE(object.has_charge());
  EXPECT_EQ(object.charge().id(), "");  // the default instance
  EXPECT_EQ(object.customer().id(), "cus_1");
  EXPECT_EQ(copy.kind_case(), StripeObject::kCharge);
  EXPECT_EQ(copy.charge().id(), "ch_1");
  object.clear_charge();  // not the member: nothing happens
  EXPECT_TRUE(object.has_customer());
  object.clear_kind();
  EXPECT_EQ(object.kind_case(), StripeObject::KIND_NOT_SET);
  object.set_payment_intent(PaymentIntent());
  EXPECT_EQ(object.kind_case(), StripeObject::kPaymentIntent);
}

TEST(ObjectsCowTest, SettersOfEveryStringForm) {
  static const obj::InternedString kUsd("usd");
  Customer customer;
  const std::string text = "from a std::string";
  customer.set_description(text);
  EXPECT_EQ(customer.description(), text);
  customer.set_description(std::string("moved"));
  EXPECT_EQ(customer.description(), "moved");
  customer.set_description(absl::string_view("view"));
  EXPECT_EQ(customer.description(), "view");
  customer.set_description("literal");
  EXPECT_EQ(customer.description(), "literal");
  customer.set_description("sized", 3);
  EXPECT_EQ(customer.description(), "siz");
  customer.set_currency(kUsd);
  EXPECT_EQ(customer.currency(), "usd");
  customer.set_description(customer.description());  // aliasing
  EXPECT_EQ(customer.description(), "siz");
  EXPECT_TRUE(customer.has_description());
  customer.clear_description();
  EXPECT_FALSE(customer.has_description());
  customer.set_email("");
  EXPECT_TRUE(customer.has_email());  // presence, not emptiness
}

TEST(ObjectsCowTest, ASharedStringIsSetWithoutCopyingItsText) {
  Charge charge = MakeTokVisaCharge(1);
  charge.set_customer("cus_" + std::string(24, 'x'));  // longer than a short-string buffer
  Refund refund;
  refund.set_charge("ch_1");  // the refund's rep is its own before the timed set
  if (HeapCountingWorks()) {
    EXPECT_EQ(AllocationsDuring([&] { refund.set_charge(charge.customer_shared()); }), 0);
  } else {
    refund.set_charge(charge.customer_shared());
  }
  EXPECT_EQ(refund.charge(), charge.customer());
  EXPECT_TRUE(refund.charge_shared().SameNode(charge.customer_shared()));
  EXPECT_EQ(charge.customer_shared().node_refs(), 2);
  // Either field set anew leaves the other's text as it was.
  charge.set_customer("cus_other");
  EXPECT_EQ(refund.charge(), "cus_" + std::string(24, 'x'));
  EXPECT_EQ(refund.charge_shared().node_refs(), 1);
  Customer customer;
  customer.set_email(refund.charge_shared());  // presence is set too
  EXPECT_TRUE(customer.has_email());
}

TEST(ObjectsCowTest, ADerivedStringFollowsTheIdAndIsNotStored) {
  Charge charge;
  charge.set_id("ch_1");
  EXPECT_FALSE(charge.has_receipt_url());
  EXPECT_EQ(charge.receipt_url(), "");
  const Charge unset = charge;
  charge.set_receipt_url_from_id();
  EXPECT_TRUE(charge.has_receipt_url());
  EXPECT_FALSE(unset.has_receipt_url());
  EXPECT_EQ(charge.receipt_url(), "https://pay.stripe.com/receipts/payment/Y2hfMQ?s=ap");
  EXPECT_NE(charge, unset);
  // Read through the protobuf class, ObjectRef, JSON and previous_attributes.
  const auto* field = Charge::descriptor()->FindFieldByName("receipt_url");
  EXPECT_EQ(charge.ToProto().receipt_url(), charge.receipt_url());
  EXPECT_FALSE(unset.ToProto().has_receipt_url());
  EXPECT_EQ(Charge::FromProto(charge.ToProto()), charge);
  EXPECT_EQ(obj::ObjectRef(charge).GetString(*field), charge.receipt_url());
  EXPECT_EQ(obj::ObjectRef(unset).GetString(*field), "");
  std::string json;
  JsonWriter out(&json);
  charge.WriteJson(out);
  EXPECT_NE(json.find("\"receipt_url\": \"https://pay.stripe.com/receipts/payment/Y2hfMQ?s=ap\""),
            std::string::npos);
  EXPECT_EQ(obj::PreviousAttributes(unset, charge), R"({"receipt_url":null})");
  // It follows the id; setting it again or on a unique rep allocates nothing.
  charge.set_id("ch_22");
  EXPECT_EQ(charge.receipt_url(), "https://pay.stripe.com/receipts/payment/Y2hfMjI?s=ap");
  if (HeapCountingWorks()) {
    EXPECT_EQ(AllocationsDuring([&] { charge.set_receipt_url_from_id(); }), 0);
    Charge fresh;
    fresh.set_id("ch_3");
    EXPECT_EQ(AllocationsDuring([&] { fresh.set_receipt_url_from_id(); }), 0);
  }
  charge.clear_receipt_url();
  EXPECT_FALSE(charge.has_receipt_url());
  EXPECT_EQ(charge.receipt_url(), "");
}

// A charge's amount, currency, description, metadata... are stable fields (`// stable` in
// charge.proto): kept in one block that the charge's versions share.
TEST(ObjectsCowTest, StableFieldsAreSharedByEveryVersion) {
  const Charge created = MakeTokVisaCharge(4);
  Charge captured = created;
  captured.set_amount_captured(600);  // a field of the lifecycle: the rep is copied
  Charge described = captured;
  described.set_description("renamed");  // a stable field: the block is copied
  (*described.mutable_metadata())["k"] = "v";
  EXPECT_EQ(created.amount_captured(), 2004);
  EXPECT_EQ(captured.amount_captured(), 600);
  EXPECT_EQ(described.amount_captured(), 600);
  EXPECT_FALSE(captured.has_description());
  EXPECT_EQ(described.description(), "renamed");
  EXPECT_TRUE(captured.metadata().empty());
  EXPECT_EQ(described.metadata_size(), 1);
  EXPECT_EQ(&captured.currency(), &created.currency());
  EXPECT_NE(captured, created);
  EXPECT_NE(described, captured);
  // Read through the protobuf class, ObjectRef, JSON and previous_attributes.
  EXPECT_EQ(Charge::FromProto(described.ToProto()), described);
  EXPECT_EQ(described.ToProto().description(), "renamed");
  const auto* field = Charge::descriptor()->FindFieldByName("description");
  EXPECT_EQ(obj::ObjectRef(described).GetString(*field), "renamed");
  EXPECT_EQ(obj::PreviousAttributes(captured, described),
            R"({"description":null,"metadata":{"k":null}})");
  std::string json;
  JsonWriter out(&json);
  described.WriteJson(out);
  EXPECT_NE(json.find("\"description\": \"renamed\""), std::string::npos);
  if (HeapCountingWorks()) {
    // A new version copies the rep only, and a rep copies the block once.
    Charge next = captured;
    EXPECT_EQ(AllocationsDuring([&] { next.set_amount_refunded(100); }), 1);
    EXPECT_EQ(AllocationsDuring([&] { next.set_amount(7); }), 1);
    EXPECT_EQ(AllocationsDuring([&] { next.set_amount(8); }), 0);
    EXPECT_EQ(captured.amount(), 2004);
    // A charge whose stable fields were never set has no block of its own.
    Charge fresh;
    EXPECT_EQ(AllocationsDuring([&] {
                fresh.set_captured(true);
                fresh.clear_amount();  // already 0: the default block stays
                fresh.clear_description();
              }),
              1);
  }
}

TEST(ObjectsCowTest, ClearingADoubleWithoutPresenceLeavesPositiveZero) {
  TaxRate rate;
  rate.set_percentage(-0.0);
  const TaxRate negative_zero = rate;
  rate.clear_percentage();
  EXPECT_EQ(rate.percentage(), 0.0);
  EXPECT_FALSE(std::signbit(rate.percentage()));
  EXPECT_TRUE(std::signbit(negative_zero.percentage()));  // the copy keeps its value
  rate.set_percentage(8.25);
  rate.clear_percentage();
  EXPECT_EQ(rate.percentage(), 0.0);
}

TEST(ObjectsCowTest, SwapMoveAndClear) {
  Charge a = MakeTokVisaCharge(3);
  Charge b;
  swap(a, b);
  EXPECT_EQ(a, Charge());
  EXPECT_EQ(b.status(), "succeeded");
  Charge c = std::move(b);
  EXPECT_EQ(b, Charge());
  c.Clear();
  EXPECT_TRUE(c.SharesRepWith(Charge::default_instance()));
}

}  // namespace
}  // namespace objgen
}  // namespace paysim
