// A Checkout Session in subscription mode with a trial (subscription_data[trial_period_days]
// or [trial_end]): nothing due for the recurring items, the card saved for the renewals, the
// subscription trialing from completion until the trial's end (one second either side), then
// billed with the saved card; one-time items still paid at once; the trial's limits.
#include <string>

#include "engine/checkout_sessions_test_fixture.h"

namespace paysim {
namespace checkout_sessions_test {
namespace {

constexpr int64_t kDay = 86400;

using CheckoutSubscriptionTrialTest = CheckoutTest;

TEST_F(CheckoutSubscriptionTrialTest, TheTrialIsFreeAndTheSavedCardPaysAfterIt) {
  CheckoutSessionCreateParams params = SubscriptionParams();
  params.mutable_subscription_data()->set_trial_period_days(7);
  const CheckoutSession s = MustCreate(params);
  EXPECT_EQ(s.amount_subtotal(), 0);
  EXPECT_EQ(s.amount_total(), 0);
  EXPECT_EQ(s.line_items(0).amount_total(), 0);

  MustPay(s.id(), PayWith("pm_card_visa", "trial@example.com"));
  const CheckoutSession done = MustRetrieve(s.id());
  EXPECT_EQ(done.status(), "complete");
  EXPECT_EQ(done.payment_status(), "no_payment_required");
  const Subscription sub = MustRetrieveSubscription(done.subscription());
  const int64_t trial_end = kStart + 7 * kDay;
  EXPECT_EQ(sub.status(), "trialing");
  EXPECT_EQ(sub.trial_start(), kStart);
  EXPECT_EQ(sub.trial_end(), trial_end);
  EXPECT_EQ(sub.items().data(0).current_period_end(), trial_end);
  EXPECT_FALSE(sub.default_payment_method().empty());
  const Invoice first = MustRetrieveInvoice(done.invoice());
  EXPECT_EQ(first.status(), "paid");
  EXPECT_EQ(first.total(), 0);

  clock_.SetTime(absl::FromUnixSeconds(trial_end - 1));
  EXPECT_EQ(MustRetrieveSubscription(sub.id()).status(), "trialing");
  clock_.SetTime(absl::FromUnixSeconds(trial_end));
  const Subscription active = MustRetrieveSubscription(sub.id());
  EXPECT_EQ(active.status(), "active");
  EXPECT_NE(active.latest_invoice(), done.invoice());
  EXPECT_EQ(MustRetrieveInvoice(active.latest_invoice()).amount_due(), 1500);
  clock_.Advance(absl::Hours(1));
  EXPECT_EQ(MustRetrieveInvoice(active.latest_invoice()).status(), "paid");
}

TEST_F(CheckoutSubscriptionTrialTest, OneTimeItemsArePaidAtOnceDuringTheTrial) {
  CheckoutSessionCreateParams params = SubscriptionParams();
  CheckoutLineItemParams* setup_fee = params.add_line_items();
  setup_fee->set_price(OneTimePrice(500));
  setup_fee->set_quantity(1);
  params.mutable_subscription_data()->set_trial_end(kStart + 3 * kDay);
  const CheckoutSession s = MustCreate(params);
  EXPECT_EQ(s.amount_total(), 500);
  MustPay(s.id(), PayWith("pm_card_visa", "fee@example.com"));
  const CheckoutSession done = MustRetrieve(s.id());
  EXPECT_EQ(done.payment_status(), "paid");
  const Subscription sub = MustRetrieveSubscription(done.subscription());
  EXPECT_EQ(sub.status(), "trialing");
  EXPECT_EQ(sub.trial_end(), kStart + 3 * kDay);
  const Invoice first = MustRetrieveInvoice(done.invoice());
  EXPECT_EQ(first.total(), 500);
  EXPECT_EQ(first.amount_paid(), 500);
}

TEST_F(CheckoutSubscriptionTrialTest, TheTrialsLimits) {
  auto with = [&](const std::string& data) {
    CheckoutSessionCreateParams params = SubscriptionParams();
    *params.mutable_subscription_data() = ParseParams<CheckoutIntentDataParams>(data);
    return engine_.checkout_sessions().Create(params);
  };
  EXPECT_THAT(with("trial_period_days: 0"),
              StripeErrorWithParam("invalid_request_error", "",
                                   "subscription_data[trial_period_days]"));
  EXPECT_THAT(with("trial_period_days: 731"),
              StripeErrorWithParam("invalid_request_error", "",
                                   "subscription_data[trial_period_days]"));
  EXPECT_THAT(with("trial_period_days: 730"), IsOk());
  // trial_end: at least 48 hours ahead.
  EXPECT_THAT(with(absl::StrCat("trial_end: ", kStart + 2 * kDay - 1)),
              StripeErrorWithParam("invalid_request_error", "", "subscription_data[trial_end]"));
  EXPECT_THAT(with(absl::StrCat("trial_end: ", kStart + 2 * kDay)), IsOk());
  EXPECT_THAT(with(absl::StrCat("trial_end: ", kStart + 3 * kDay, " trial_period_days: 3")),
              StripeErrorWithParam("invalid_request_error", "", "subscription_data[trial_end]"));
  EXPECT_THAT(with("trial_settings { end_behavior { missing_payment_method: \"later\" } }"),
              StripeErrorWithParam(
                  "invalid_request_error", "",
                  "subscription_data[trial_settings][end_behavior][missing_payment_method]"));
  // Only subscription_data takes a trial.
  CheckoutSessionCreateParams setup = SetupParams();
  setup.mutable_setup_intent_data()->set_trial_period_days(3);
  EXPECT_THAT(engine_.checkout_sessions().Create(setup),
              StripeErrorWithParam("invalid_request_error", "parameter_unknown",
                                   "setup_intent_data[trial_period_days]"));
}

}  // namespace
}  // namespace checkout_sessions_test
}  // namespace paysim
