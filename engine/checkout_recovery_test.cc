// Checkout's after_expiration[recovery]: rendered as given (null when not), the URL and its
// 30 days set when the session expires (in checkout.session.expired), the copy a customer
// opening it gets (recovered_from, the same request, promotion codes when allowed), the URL's
// end one second either side, and the refusals (nothing made).
#include <string>

#include "engine/checkout_sessions_test_fixture.h"

namespace paysim {
namespace checkout_sessions_test {
namespace {

constexpr int64_t kThirtyDays = 30 * 24 * 3600;

class CheckoutRecoveryTest : public CheckoutTest {
 protected:
  CheckoutSessionCreateParams WithRecovery(bool allow_promotion_codes = false) {
    CheckoutSessionCreateParams params = PaymentParams(2500, 2);
    CheckoutRecoveryParams* recovery = params.mutable_after_expiration()->mutable_recovery();
    recovery->set_enabled(true);
    if (allow_promotion_codes) recovery->set_allow_promotion_codes(true);
    return params;
  }

  // The customer opens `session`'s recovery URL: the new session.
  CheckoutSession MustRecover(const std::string& session) {
    absl::StatusOr<CheckoutPage> page = engine_.checkout_page().Recover(session);
    EXPECT_THAT(page, IsOk());
    return page.ok() ? MustRetrieve(page->checkout_session()) : CheckoutSession();
  }

  // Opening `session`'s recovery URL is refused (400) and makes nothing.
  void ExpectNoRecovery(const std::string& session) {
    const uint64_t events = engine_.events().emitted();
    const size_t sessions = AllSessions().size();
    absl::StatusOr<CheckoutPage> page = engine_.checkout_page().Recover(session);
    EXPECT_THAT(page, StripeErrorIs("invalid_request_error", ""));
    EXPECT_THAT(page, HttpStatusIs(400));
    EXPECT_EQ(engine_.events().emitted(), events);
    EXPECT_EQ(AllSessions().size(), sessions);
  }
};

TEST_F(CheckoutRecoveryTest, RenderedAsGivenThenCompletedWhenTheSessionExpires) {
  const CheckoutSession plain = MustCreate(PaymentParams());
  EXPECT_FALSE(plain.has_after_expiration());
  EXPECT_TRUE(ToJson(plain)["after_expiration"].is_null());
  EXPECT_TRUE(ToJson(plain)["recovered_from"].is_null());

  CheckoutSessionCreateParams params = WithRecovery(/*allow_promotion_codes=*/true);
  params.set_expires_at(kStart + 3600);
  const CheckoutSession session = MustCreate(params);
  const Json open = ToJson(session)["after_expiration"]["recovery"];
  EXPECT_EQ(open["enabled"], true);
  EXPECT_EQ(open["allow_promotion_codes"], true);
  EXPECT_TRUE(open["url"].is_null());
  EXPECT_TRUE(open["expires_at"].is_null());

  clock_.SetTime(absl::FromUnixSeconds(kStart + 3599));
  EXPECT_FALSE(MustRetrieve(session.id()).after_expiration().recovery().has_url());
  const size_t mark = engine_.events().size();
  clock_.SetTime(absl::FromUnixSeconds(kStart + 3600));
  const CheckoutSession expired = MustRetrieve(session.id());
  ASSERT_EQ(expired.status(), "expired");
  EXPECT_EQ(expired.after_expiration().recovery().url(),
            "https://buy.stripe.com/r/" + session.id());
  EXPECT_EQ(expired.after_expiration().recovery().expires_at(), kStart + 3600 + kThirtyDays);
  ASSERT_EQ(TypesSince(mark), std::vector<std::string>{"checkout.session.expired"});
  const Json event = ToJson(AllEvents().back())["data"]["object"]["after_expiration"];
  EXPECT_EQ(event["recovery"]["url"], "https://buy.stripe.com/r/" + session.id());
  EXPECT_EQ(event["recovery"]["expires_at"], kStart + 3600 + kThirtyDays);

  // Given but not enabled: rendered, and no URL on expiry.
  CheckoutSessionCreateParams off = PaymentParams();
  off.mutable_after_expiration()->mutable_recovery()->set_enabled(false);
  const CheckoutSession disabled = MustCreate(off);
  EXPECT_FALSE(disabled.after_expiration().recovery().enabled());
  ASSERT_THAT(engine_.checkout_sessions().Expire(disabled.id()), IsOk());
  EXPECT_FALSE(MustRetrieve(disabled.id()).after_expiration().recovery().has_url());
  ExpectNoRecovery(disabled.id());
}

TEST_F(CheckoutRecoveryTest, TheUrlMakesACopyOfTheExpiredSession) {
  const std::string customer = NewCustomer();
  CheckoutSessionCreateParams params = WithRecovery(/*allow_promotion_codes=*/true);
  params.set_customer(customer);
  (*params.mutable_metadata())["order"] = "A-17";
  params.set_client_reference_id("cart-9");
  params.set_expires_at(kStart + 3600);
  const CheckoutSession original = MustCreate(params);
  ASSERT_THAT(engine_.checkout_sessions().Expire(original.id()), IsOk());
  CheckoutSessionUpdateParams update;  // the copy takes the session's metadata as it is now
  (*update.mutable_metadata())["order"] = "A-18";
  ASSERT_THAT(engine_.checkout_sessions().Update(original.id(), update), IsOk());

  clock_.SetTime(absl::FromUnixSeconds(kStart + 600));
  const size_t events = engine_.events().size();
  const CheckoutSession copy = MustRecover(original.id());
  EXPECT_NE(copy.id(), original.id());
  EXPECT_EQ(copy.status(), "open");
  EXPECT_EQ(copy.recovered_from(), original.id());
  EXPECT_EQ(ToJson(copy)["recovered_from"], original.id());
  EXPECT_EQ(copy.mode(), "payment");
  EXPECT_EQ(copy.customer(), customer);
  EXPECT_EQ(copy.amount_total(), 5000);  // 2 x 25.00, as the original
  EXPECT_EQ(copy.metadata().at("order"), "A-18");
  EXPECT_EQ(copy.client_reference_id(), "cart-9");
  EXPECT_TRUE(copy.allow_promotion_codes());  // recovery[allow_promotion_codes]
  EXPECT_FALSE(original.allow_promotion_codes());
  EXPECT_EQ(copy.created(), kStart + 600);
  EXPECT_EQ(copy.expires_at(), kStart + 600 + 24 * 3600);  // its own default expiry
  EXPECT_TRUE(copy.has_url());
  EXPECT_EQ(engine_.events().size(), events);  // no event for a new session
  // Each opening makes a new session; the copy is paid as any other.
  const CheckoutSession again = MustRecover(original.id());
  EXPECT_NE(again.id(), copy.id());
  MustPay(copy.id(), PayWith("pm_card_visa"));
  EXPECT_EQ(MustRetrieve(copy.id()).status(), "complete");
  EXPECT_EQ(MustRetrieve(original.id()).status(), "expired");
}

TEST_F(CheckoutRecoveryTest, TheUrlWorksForThirtyDaysOneSecondEitherSide) {
  const CheckoutSession session = MustCreate(WithRecovery());
  ASSERT_THAT(engine_.checkout_sessions().Expire(session.id()), IsOk());
  const int64_t ends = kStart + kThirtyDays;
  clock_.SetTime(absl::FromUnixSeconds(ends - 1));
  const CheckoutSession copy = MustRecover(session.id());
  EXPECT_FALSE(copy.allow_promotion_codes());  // not allowed by the recovery
  clock_.SetTime(absl::FromUnixSeconds(ends));
  ExpectNoRecovery(session.id());
}

TEST_F(CheckoutRecoveryTest, Refusals) {
  // recovery without enabled: refused, nothing made.
  CheckoutSessionCreateParams missing = PaymentParams();
  missing.mutable_after_expiration()->mutable_recovery()->set_allow_promotion_codes(true);
  ExpectRejected(missing, "parameter_missing", "after_expiration[recovery][enabled]");

  // An open or completed session, one without recovery, and an unknown one.
  const CheckoutSession open = MustCreate(WithRecovery());
  ExpectNoRecovery(open.id());
  MustPay(open.id(), PayWith("pm_card_visa"));
  ExpectNoRecovery(open.id());
  const CheckoutSession without = MustCreate(PaymentParams());
  ASSERT_THAT(engine_.checkout_sessions().Expire(without.id()), IsOk());
  ExpectNoRecovery(without.id());
  EXPECT_THAT(engine_.checkout_page().Recover("cs_test_missing"), HttpStatusIs(404));

  // A price archived since the session was created: the copy is refused as a new request is.
  const CheckoutSession session = MustCreate(WithRecovery());
  ASSERT_THAT(engine_.checkout_sessions().Expire(session.id()), IsOk());
  PriceUpdateParams archive;
  archive.set_active(false);
  ASSERT_THAT(engine_.prices().Update(session.line_items(0).price().id(), archive), IsOk());
  const size_t sessions = AllSessions().size();
  EXPECT_THAT(engine_.checkout_page().Recover(session.id()), HttpStatusIs(400));
  EXPECT_EQ(AllSessions().size(), sessions);
}

}  // namespace
}  // namespace checkout_sessions_test
}  // namespace paysim
