// Checkout custom fields: what create checks and renders, what the simulated customer fills in
// (defaults, optional fields, dropdown options, digits, lengths one either side), the values
// on the completed session, and the refusals (nothing changed).
#include <string>

#include "absl/strings/str_cat.h"
#include "engine/json_render.h"
#include "testing/checkout_fixture.h"

namespace paysim {
namespace {

using ::paysim::testing::IsOk;
using ::paysim::testing::ParseParams;
using ::paysim::testing::StripeErrorWithParam;
using ::testing::HasSubstr;

constexpr char kCompany[] =
    R"pb(custom_fields {
           key: "company"
           label { type: "custom" custom: "Company" }
           type: "text"
           text { minimum_length: 2 maximum_length: 5 }
         })pb";
constexpr char kSize[] =
    R"pb(custom_fields {
           key: "size"
           label { type: "custom" custom: "Size" }
           type: "dropdown"
           dropdown {
             options { label: "Small" value: "S" }
             options { label: "Large" value: "L" }
             default_value: "S"
           }
         })pb";
constexpr char kPo[] =
    R"pb(custom_fields {
           key: "po"
           label { type: "custom" custom: "PO number" }
           type: "numeric"
           optional: true
         })pb";

class CheckoutCustomFieldsTest : public testing::CheckoutFixture {
 protected:
  CheckoutSessionCreateParams Params(const std::string& fields) {
    CheckoutSessionCreateParams params = SessionParams(NewPrice(2500));
    params.MergeFrom(ParseParams<CheckoutSessionCreateParams>(fields));
    return params;
  }
  CheckoutSession MustCreate(const std::string& fields) {
    absl::StatusOr<CheckoutSession> session =
        engine_.checkout_sessions().Create(Params(fields));
    EXPECT_THAT(session, IsOk());
    return session.value_or(CheckoutSession());
  }
  absl::StatusOr<CheckoutPage> PayWith(const CheckoutSession& session,
                                       const std::string& entries) {
    return Pay(session.id(), "pm_card_visa", entries);
  }
  CheckoutSession Retrieve(const std::string& id) {
    return engine_.checkout_sessions().Retrieve(id).value_or(CheckoutSession());
  }
  void ExpectCreateRefused(const std::string& fields, const std::string& code,
                           const std::string& param) {
    const size_t before = SessionCount();
    EXPECT_THAT(engine_.checkout_sessions().Create(Params(fields)),
                StripeErrorWithParam("invalid_request_error", code, param));
    EXPECT_EQ(SessionCount(), before);
  }
  static std::string Entry(const std::string& key, const std::string& value) {
    return absl::StrCat("custom_fields { key: \"", key, "\" value: \"", value, "\" } ");
  }
};

TEST_F(CheckoutCustomFieldsTest, TheCompletedSessionHoldsWhatTheCustomerFilledIn) {
  const CheckoutSession session = MustCreate(absl::StrCat(kCompany, kSize, kPo));
  ASSERT_EQ(session.custom_fields_size(), 3);
  EXPECT_EQ(session.custom_fields(0).label().custom(), "Company");
  EXPECT_FALSE(session.custom_fields(0).optional());
  EXPECT_EQ(session.custom_fields(1).dropdown().options_size(), 2);
  EXPECT_TRUE(session.custom_fields(2).optional());
  const std::string open = RenderJson(session);
  EXPECT_THAT(open, HasSubstr("\"value\": null"));  // nothing filled in yet
  EXPECT_THAT(open, HasSubstr("\"dropdown\": null"));  // on the text field

  ASSERT_THAT(PayWith(session, Entry("company", "Acme") + Entry("po", "0042")), IsOk());
  const CheckoutSession done = Retrieve(session.id());
  EXPECT_EQ(done.status(), "complete");
  EXPECT_EQ(done.custom_fields(0).text().value(), "Acme");
  EXPECT_EQ(done.custom_fields(1).dropdown().value(), "S");  // its default_value
  EXPECT_EQ(done.custom_fields(2).numeric().value(), "0042");
}

TEST_F(CheckoutCustomFieldsTest, AnOptionalFieldMayStayEmpty) {
  const CheckoutSession session = MustCreate(kPo);
  ASSERT_THAT(PayWith(session, ""), IsOk());
  const CheckoutSession done = Retrieve(session.id());
  EXPECT_EQ(done.status(), "complete");
  EXPECT_FALSE(done.custom_fields(0).numeric().has_value());
}

TEST_F(CheckoutCustomFieldsTest, ThePageRefusesEntriesOutsideTheRules) {
  const CheckoutSession session = MustCreate(absl::StrCat(kCompany, kSize, kPo));
  auto refused = [&](const std::string& entries, const std::string& key) {
    EXPECT_THAT(PayWith(session, entries),
                StripeErrorWithParam("invalid_request_error", "",
                                     absl::StrCat("custom_fields[", key, "]")));
  };
  refused("", "company");                                       // required
  refused(Entry("company", "A"), "company");                    // 1 < minimum 2
  refused(Entry("company", "Acme99"), "company");               // 6 > maximum 5
  refused(Entry("company", "Acme") + Entry("size", "M"), "size");  // no such option
  refused(Entry("company", "Acme") + Entry("po", "4x"), "po");  // digits only
  refused(Entry("company", "Acme") + Entry("color", "red"), "color");  // no such field
  EXPECT_EQ(Retrieve(session.id()).status(), "open");
  EXPECT_TRUE(Retrieve(session.id()).payment_intent().empty());  // nothing was charged
  ASSERT_THAT(PayWith(session, Entry("company", "Ac") + Entry("size", "L")), IsOk());  // 2
  EXPECT_EQ(Retrieve(session.id()).custom_fields(1).dropdown().value(), "L");
}

TEST_F(CheckoutCustomFieldsTest, CreateRefusesBadFields) {
  ExpectCreateRefused(absl::StrCat(kCompany, kSize, kPo,
                                   R"pb(custom_fields {
                                          key: "fourth"
                                          label { type: "custom" custom: "Fourth" }
                                          type: "text"
                                        })pb"),
                      "", "custom_fields");
  ExpectCreateRefused(R"pb(custom_fields { label { type: "custom" custom: "X" } type: "text" })pb",
                      "parameter_missing", "custom_fields[0][key]");
  ExpectCreateRefused(R"pb(custom_fields {
                             key: "not-alnum"
                             label { type: "custom" custom: "X" }
                             type: "text"
                           })pb",
                      "", "custom_fields[0][key]");
  ExpectCreateRefused(absl::StrCat(kCompany, kCompany), "", "custom_fields[1][key]");
  ExpectCreateRefused(absl::StrCat("custom_fields { key: \"a\" label { type: \"custom\" custom: \"",
                                   std::string(51, 'l'), "\" } type: \"text\" }"),
                      "", "custom_fields[0][label][custom]");
  ExpectCreateRefused(R"pb(custom_fields { key: "a" label { type: "custom" custom: "X" } })pb",
                      "parameter_missing", "custom_fields[0][type]");
  ExpectCreateRefused(R"pb(custom_fields {
                             key: "a"
                             label { type: "custom" custom: "X" }
                             type: "dropdown"
                           })pb",
                      "parameter_missing", "custom_fields[0][dropdown]");
  ExpectCreateRefused(R"pb(custom_fields {
                             key: "a"
                             label { type: "custom" custom: "X" }
                             type: "dropdown"
                             dropdown { options { label: "A" value: "A" } default_value: "B" }
                           })pb",
                      "", "custom_fields[0][dropdown][default_value]");
  ExpectCreateRefused(R"pb(custom_fields {
                             key: "a"
                             label { type: "custom" custom: "X" }
                             type: "text"
                             dropdown { options { label: "A" value: "A" } }
                           })pb",
                      "", "custom_fields[0][dropdown]");
  ExpectCreateRefused(R"pb(custom_fields {
                             key: "a"
                             label { type: "custom" custom: "X" }
                             type: "text"
                             text { maximum_length: 256 }
                           })pb",
                      "parameter_invalid_integer", "custom_fields[0][text][maximum_length]");
  ExpectCreateRefused(R"pb(custom_fields {
                             key: "a"
                             label { type: "custom" custom: "X" }
                             type: "numeric"
                             numeric { minimum_length: 4 maximum_length: 3 }
                           })pb",
                      "", "custom_fields[0][numeric][minimum_length]");
  ExpectCreateRefused(R"pb(custom_fields {
                             key: "a"
                             label { type: "custom" custom: "X" }
                             type: "numeric"
                             numeric { default_value: "12a" }
                           })pb",
                      "", "custom_fields[0][numeric][default_value]");
  // The bounds themselves are accepted.
  EXPECT_THAT(engine_.checkout_sessions().Create(Params(R"pb(custom_fields {
                                                               key: "a"
                                                               label { type: "custom" custom: "X" }
                                                               type: "text"
                                                               text {
                                                                 minimum_length: 1
                                                                 maximum_length: 255
                                                               }
                                                             })pb")),
              IsOk());
}

TEST_F(CheckoutCustomFieldsTest, NotWithTheElementsUi) {
  CheckoutSessionCreateParams params = Params(kCompany);
  params.clear_success_url();
  params.set_ui_mode("elements");
  params.set_return_url("https://example.com/return");
  const size_t before = SessionCount();
  EXPECT_THAT(engine_.checkout_sessions().Create(params),
              StripeErrorWithParam("invalid_request_error", "", "custom_fields"));
  EXPECT_EQ(SessionCount(), before);
}

}  // namespace
}  // namespace paysim
