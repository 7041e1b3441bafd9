// Checkout's and Payment Links' custom_text: each position's message rendered (null when not
// given or given empty), the 1200-character limit one either side, a message required, a
// Payment Link's texts passed to its sessions and changed by update (an empty position removes
// it), and the refusals (nothing changed).
#include <string>

#include "absl/strings/str_cat.h"
#include "engine/checkout_sessions_test_fixture.h"

namespace paysim {
namespace checkout_sessions_test {
namespace {

class CheckoutCustomTextTest : public CheckoutTest {
 protected:
  CheckoutSessionCreateParams WithText(const std::string& text) {
    CheckoutSessionCreateParams params = PaymentParams();
    params.MergeFrom(ParseParams<CheckoutSessionCreateParams>(text));
    return params;
  }
  absl::StatusOr<PaymentLink> NewLink(const std::string& text,
                                      const std::string& price = "") {
    return engine_.payment_links().Create(ParseParams<PaymentLinkCreateParams>(absl::StrCat(
        "line_items { price: \"", price.empty() ? OneTimePrice(900) : price,
        "\" quantity: 1 } ", text)));
  }
};

TEST_F(CheckoutCustomTextTest, EachPositionRendersItsMessage) {
  const CheckoutSession session = MustCreate(WithText(
      R"pb(custom_text {
             submit { message: "We ship in 2 days" }
             after_submit { message: "Questions? Write to us" }
             shipping_address { message: "" }
           })pb"));
  EXPECT_EQ(session.custom_text().submit().message(), "We ship in 2 days");
  EXPECT_EQ(session.custom_text().after_submit().message(), "Questions? Write to us");
  EXPECT_FALSE(session.custom_text().has_shipping_address());  // given empty: null
  EXPECT_FALSE(session.custom_text().has_terms_of_service_acceptance());
  const Json json = ToJson(session);
  EXPECT_EQ(json["custom_text"]["submit"]["message"], "We ship in 2 days");
  EXPECT_TRUE(json["custom_text"]["shipping_address"].is_null());
  EXPECT_TRUE(json["custom_text"]["terms_of_service_acceptance"].is_null());
  const CheckoutSession plain = MustCreate(PaymentParams());
  EXPECT_FALSE(plain.custom_text().has_submit());
}

TEST_F(CheckoutCustomTextTest, MessagesUpTo1200Characters) {
  const std::string at_limit(1200, 'm');
  const CheckoutSession session = MustCreate(WithText(
      absl::StrCat("custom_text { terms_of_service_acceptance { message: \"", at_limit,
                   "\" } }")));
  EXPECT_EQ(session.custom_text().terms_of_service_acceptance().message().size(), 1200u);
  ExpectRejected(WithText(absl::StrCat("custom_text { submit { message: \"", at_limit,
                                       "m\" } }")),
                 "", "custom_text[submit][message]");
}

TEST_F(CheckoutCustomTextTest, APaymentLinksTextsGoToItsSessions) {
  absl::StatusOr<PaymentLink> link = NewLink(
      R"pb(custom_text {
             submit { message: "Thanks for your order" }
             shipping_address { message: "No PO boxes" }
           })pb");
  ASSERT_THAT(link, IsOk());
  EXPECT_EQ(link->custom_text().submit().message(), "Thanks for your order");
  absl::StatusOr<CheckoutSession> session = engine_.payment_links().Open(link->id());
  ASSERT_THAT(session, IsOk());
  EXPECT_EQ(session->custom_text().submit().message(), "Thanks for your order");
  EXPECT_EQ(session->custom_text().shipping_address().message(), "No PO boxes");

  // Update: an empty position removes it, a message replaces it, the others stay.
  absl::StatusOr<PaymentLink> updated = engine_.payment_links().Update(
      link->id(), ParseParams<PaymentLinkUpdateParams>(
                      R"pb(custom_text {
                             submit {}
                             after_submit { message: "See you soon" }
                           })pb"));
  ASSERT_THAT(updated, IsOk());
  EXPECT_FALSE(updated->custom_text().has_submit());
  EXPECT_EQ(updated->custom_text().after_submit().message(), "See you soon");
  EXPECT_EQ(updated->custom_text().shipping_address().message(), "No PO boxes");

  const std::string price = OneTimePrice(900);
  const size_t events = engine_.events().size();
  EXPECT_THAT(NewLink("custom_text { submit { } after_submit { message: \"\" } "
                      "shipping_address { message: \"" + std::string(1201, 's') + "\" } }",
                      price),
              StripeErrorWithParam("invalid_request_error", "",
                                   "custom_text[shipping_address][message]"));
  EXPECT_EQ(engine_.events().size(), events);
}

}  // namespace
}  // namespace checkout_sessions_test
}  // namespace paysim
