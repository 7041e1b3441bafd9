// A Payment Link's subscription_data: the subscription its sessions start (description,
// metadata, a trial and its end behavior), rendered on the link, changed by update, refused on
// a link that sells no subscription, and its trial's limits (nothing changed on a refusal).
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
using ::testing::HasSubstr;

constexpr int64_t kStart = 1767225600;  // FakeClock's default: 2026-01-01T00:00:00Z
constexpr int64_t kDay = 86400;

class PaymentLinkSubscriptionDataTest : public payment_link_test::PaymentLinkTest {};

TEST_F(PaymentLinkSubscriptionDataTest, ItsSessionsStartTheSubscriptionItDescribes) {
  const PaymentLink link = Create(Link(
      true,
      "subscription_data { description: \"Pro plan\" metadata { key: \"tier\" value: \"pro\" } "
      "trial_period_days: 7 trial_settings { end_behavior { missing_payment_method: "
      "\"pause\" } } }"));
  EXPECT_EQ(link.subscription_data().description(), "Pro plan");
  EXPECT_EQ(link.subscription_data().trial_period_days(), 7);
  EXPECT_EQ(link.subscription_data().trial_settings().end_behavior().missing_payment_method(),
            "pause");
  EXPECT_EQ(link.subscription_data().invoice_settings().issuer().type(), "self");
  EXPECT_THAT(RenderJson(link), HasSubstr("\"trial_period_days\": 7"));

  absl::StatusOr<CheckoutSession> session = engine_.payment_links().Open(link.id());
  ASSERT_THAT(session, IsOk());
  EXPECT_EQ(session->amount_total(), 0);  // the trial is free
  CheckoutPayParams pay;
  pay.set_payment_method("pm_card_visa");
  pay.set_email("link@example.com");
  ASSERT_THAT(engine_.checkout_page().Pay(session->id(), pay), IsOk());
  absl::StatusOr<CheckoutSession> done = engine_.checkout_sessions().Retrieve(session->id());
  ASSERT_THAT(done, IsOk());
  absl::StatusOr<Subscription> sub = engine_.subscriptions().Retrieve(done->subscription());
  ASSERT_THAT(sub, IsOk());
  EXPECT_EQ(sub->status(), "trialing");
  EXPECT_EQ(sub->trial_end(), kStart + 7 * kDay);
  EXPECT_EQ(sub->description(), "Pro plan");
  EXPECT_EQ(sub->metadata().at("tier"), "pro");
  EXPECT_EQ(sub->trial_settings().end_behavior().missing_payment_method(), "pause");
}

TEST_F(PaymentLinkSubscriptionDataTest, ASubscriptionLinkRendersItsDefaultsAPaymentLinkNull) {
  const PaymentLink subscription = Create(Link(true, ""));
  EXPECT_TRUE(subscription.has_subscription_data());
  EXPECT_FALSE(subscription.subscription_data().has_trial_period_days());
  EXPECT_THAT(RenderJson(subscription), HasSubstr("\"trial_settings\": null"));
  const PaymentLink payment = Create(Link(false, ""));
  EXPECT_FALSE(payment.has_subscription_data());
  EXPECT_THAT(RenderJson(payment), HasSubstr("\"subscription_data\": null"));
}

TEST_F(PaymentLinkSubscriptionDataTest, UpdateReplacesTheTrialAndMetadata) {
  const PaymentLink link = Create(Link(
      true, "subscription_data { metadata { key: \"a\" value: \"1\" } trial_period_days: 7 }"));
  absl::StatusOr<PaymentLink> updated = engine_.payment_links().Update(
      link.id(), ParseParams<PaymentLinkUpdateParams>(
                     "subscription_data { metadata { key: \"b\" value: \"2\" } "
                     "trial_period_days: 14 }"));
  ASSERT_THAT(updated, IsOk());
  EXPECT_EQ(updated->subscription_data().trial_period_days(), 14);
  EXPECT_EQ(updated->subscription_data().metadata().size(), 1u);  // replaced, not merged
  EXPECT_EQ(updated->subscription_data().metadata().at("b"), "2");
  absl::StatusOr<CheckoutSession> session = engine_.payment_links().Open(link.id());
  ASSERT_THAT(session, IsOk());
  EXPECT_EQ(session->amount_total(), 0);
  EXPECT_THAT(engine_.payment_links().Update(
                  link.id(), ParseParams<PaymentLinkUpdateParams>(
                                 "subscription_data { trial_period_days: 0 }")),
              StripeErrorWithParam("invalid_request_error", "",
                                   "subscription_data[trial_period_days]"));
  EXPECT_EQ(engine_.payment_links().Retrieve(link.id())->subscription_data().trial_period_days(),
            14);
}

TEST_F(PaymentLinkSubscriptionDataTest, RefusedWithoutARecurringPriceOrOutsideItsLimits) {
  ExpectRefused(Link(false, "subscription_data { trial_period_days: 7 }"), "subscription_data");
  ExpectRefused(Link(true, "subscription_data { trial_period_days: 0 }"),
                "subscription_data[trial_period_days]");
  ExpectRefused(Link(true, "subscription_data { trial_period_days: 731 }"),
                "subscription_data[trial_period_days]");
  ExpectRefused(
      Link(true, "subscription_data { trial_settings { end_behavior { "
                 "missing_payment_method: \"later\" } } }"),
      "subscription_data[trial_settings][end_behavior][missing_payment_method]");
  EXPECT_THAT(TryCreate(Link(true, "subscription_data { trial_period_days: 730 }")), IsOk());
}

}  // namespace
}  // namespace paysim
