// A Payment Link's custom_fields: rendered on the link without values (`[]` without fields),
// checked as Checkout's (at most 3, one either side), passed to each session the link opens
// (what the customer enters becomes that session's value), replaced or removed by update, and
// the refusals (nothing changed).
#include <string>

#include "absl/strings/str_cat.h"
#include "engine/json_render.h"
#include "engine/payment_link_test_fixture.h"
#include "testing/paysim_testing.h"

namespace paysim {
namespace {

using ::paysim::testing::IsOk;
using ::paysim::testing::ParseParams;
using ::paysim::testing::StripeErrorWithParam;

std::string Field(const std::string& key, const std::string& type) {
  return absl::StrCat("custom_fields { key: \"", key, "\" label { type: \"custom\" custom: \"",
                      key, "\" } type: \"", type, "\" ",
                      type == "dropdown"
                          ? "dropdown { options { label: \"Red\" value: \"red\" } "
                            "options { label: \"Blue\" value: \"blue\" } default_value: \"red\" }"
                          : "",
                      "} ");
}

class PaymentLinkCustomFieldsTest : public payment_link_test::PaymentLinkTest {
 protected:
  absl::StatusOr<CheckoutSession> Open(const std::string& link) {
    return engine_.payment_links().Open(link);
  }
  absl::Status PayWith(const std::string& session, const std::string& entries) {
    CheckoutPayParams pay = ParseParams<CheckoutPayParams>(entries);
    pay.set_payment_method("pm_card_visa");
    pay.set_email("buyer@example.com");
    return engine_.checkout_page().Pay(session, pay).status();
  }
};

TEST_F(PaymentLinkCustomFieldsTest, TheLinksFieldsAskEachSessionsCustomer) {
  const PaymentLink link =
      Create(Link(false, Field("company", "text") + Field("color", "dropdown")));
  ASSERT_EQ(link.custom_fields_size(), 2);
  EXPECT_EQ(link.custom_fields(0).key(), "company");
  EXPECT_EQ(link.custom_fields(1).dropdown().default_value(), "red");
  const Json json = ToJson(link);
  EXPECT_FALSE(json["custom_fields"][0]["text"].contains("value"));  // a link holds no entry
  EXPECT_FALSE(json["custom_fields"][1]["dropdown"].contains("value"));
  EXPECT_TRUE(json["custom_fields"][0]["dropdown"].is_null());

  absl::StatusOr<CheckoutSession> session = Open(link.id());
  ASSERT_THAT(session, IsOk());
  ASSERT_EQ(session->custom_fields_size(), 2);
  EXPECT_EQ(session->custom_fields(1).dropdown().options_size(), 2);
  EXPECT_THAT(PayWith(session->id(), ""),
              StripeErrorWithParam("invalid_request_error", "", "custom_fields[company]"));
  ASSERT_THAT(PayWith(session->id(), R"pb(custom_fields { key: "company" value: "Acme" })pb"),
              IsOk());
  absl::StatusOr<CheckoutSession> done = engine_.checkout_sessions().Retrieve(session->id());
  ASSERT_THAT(done, IsOk());
  EXPECT_EQ(done->custom_fields(0).text().value(), "Acme");
  EXPECT_EQ(done->custom_fields(1).dropdown().value(), "red");  // its default
}

TEST_F(PaymentLinkCustomFieldsTest, UpdateReplacesOrRemovesThem) {
  const PaymentLink plain = Create(Link(false, ""));
  EXPECT_TRUE(ToJson(plain)["custom_fields"].is_array());
  EXPECT_TRUE(ToJson(plain)["custom_fields"].empty());
  const PaymentLink link = Create(Link(false, Field("company", "text")));
  absl::StatusOr<PaymentLink> replaced = Update(link.id(), Field("po", "numeric"));
  ASSERT_THAT(replaced, IsOk());
  ASSERT_EQ(replaced->custom_fields_size(), 1);
  EXPECT_EQ(replaced->custom_fields(0).key(), "po");
  EXPECT_TRUE(replaced->custom_fields(0).has_numeric());
  absl::StatusOr<PaymentLink> kept = Update(link.id(), "active: true");
  ASSERT_THAT(kept, IsOk());
  EXPECT_EQ(kept->custom_fields_size(), 1);
  absl::StatusOr<PaymentLink> removed = Update(link.id(), "custom_fields_emptied: true");
  ASSERT_THAT(removed, IsOk());
  EXPECT_EQ(removed->custom_fields_size(), 0);
  absl::StatusOr<CheckoutSession> session = Open(link.id());
  ASSERT_THAT(session, IsOk());
  EXPECT_EQ(session->custom_fields_size(), 0);
}

TEST_F(PaymentLinkCustomFieldsTest, AtMostThreeAndCheckedAsCheckoutChecksThem) {
  const std::string three = Field("a", "text") + Field("b", "text") + Field("c", "numeric");
  EXPECT_EQ(Create(Link(false, three)).custom_fields_size(), 3);
  ExpectRefused(Link(false, three + Field("d", "text")), "custom_fields");
  const PaymentLink link = Create(Link(false, ""));
  const size_t events = engine_.events().size();
  EXPECT_THAT(Update(link.id(), Field("a", "text") + Field("a", "numeric")),
              StripeErrorWithParam("invalid_request_error", "", "custom_fields[1][key]"));
  EXPECT_EQ(engine_.events().size(), events);
  absl::StatusOr<PaymentLink> unchanged = engine_.payment_links().Retrieve(link.id());
  ASSERT_THAT(unchanged, IsOk());
  EXPECT_EQ(unchanged->custom_fields_size(), 0);
}

}  // namespace
}  // namespace paysim
