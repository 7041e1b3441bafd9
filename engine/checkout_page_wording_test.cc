// A Checkout Session's locale and submit_type: rendered as given (null when not), Stripe's
// locales, the submit types each mode takes, a Payment Link's submit_type passed to its
// sessions, and the refusals (nothing changed).
#include <string>

#include "engine/checkout_sessions_test_fixture.h"

namespace paysim {
namespace checkout_sessions_test {
namespace {

class CheckoutPageWordingTest : public CheckoutTest {};

TEST_F(CheckoutPageWordingTest, RenderedAsGiven) {
  CheckoutSessionCreateParams params = PaymentParams();
  const CheckoutSession plain = MustCreate(params);
  EXPECT_FALSE(plain.has_locale());
  EXPECT_FALSE(plain.has_submit_type());
  EXPECT_TRUE(ToJson(plain)["locale"].is_null());
  EXPECT_TRUE(ToJson(plain)["submit_type"].is_null());
  for (const char* locale : {"auto", "fr", "pt-BR", "zh-TW", "es-419"}) {
    params.set_locale(locale);
    params.set_submit_type("donate");
    const CheckoutSession session = MustCreate(params);
    EXPECT_EQ(session.locale(), locale);
    EXPECT_EQ(session.submit_type(), "donate");
  }
  CheckoutSessionCreateParams subscription = SubscriptionParams();
  subscription.set_submit_type("subscribe");
  EXPECT_EQ(MustCreate(subscription).submit_type(), "subscribe");
}

TEST_F(CheckoutPageWordingTest, RefusedAndNothingChanged) {
  CheckoutSessionCreateParams params = PaymentParams();
  params.set_locale("xx");
  ExpectRejected(params, "", "locale");
  params.set_locale("FR");  // tags are case-sensitive
  ExpectRejected(params, "", "locale");
  params = PaymentParams();
  params.set_submit_type("buy");
  ExpectRejected(params, "", "submit_type");
  CheckoutSessionCreateParams subscription = SubscriptionParams();
  subscription.set_submit_type("pay");
  ExpectRejected(subscription, "", "submit_type");
  CheckoutSessionCreateParams setup = SetupParams();
  setup.set_submit_type("auto");
  ExpectRejected(setup, "", "submit_type");
}

TEST_F(CheckoutPageWordingTest, APaymentLinksSubmitTypeGoesToItsSessions) {
  absl::StatusOr<PaymentLink> link =
      engine_.payment_links().Create(ParseParams<PaymentLinkCreateParams>(absl::StrCat(
          "line_items { price: \"", OneTimePrice(700), "\" quantity: 1 } submit_type: \"book\"")));
  ASSERT_THAT(link, IsOk());
  absl::StatusOr<CheckoutSession> session = engine_.payment_links().Open(link->id());
  ASSERT_THAT(session, IsOk());
  EXPECT_EQ(session->submit_type(), "book");
}

}  // namespace
}  // namespace checkout_sessions_test
}  // namespace paysim
