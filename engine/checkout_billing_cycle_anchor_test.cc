// A Checkout Session in subscription mode with a future billing cycle anchor
// (subscription_data[billing_cycle_anchor], [proration_behavior]): the stub up to the anchor
// billed in proportion at the payment (repriced at each attempt) or free, whole periods from
// the anchor on (one second either side), an anchor passed before the payment, and the limits.
#include <string>

#include "engine/checkout_sessions_test_fixture.h"

namespace paysim {
namespace checkout_sessions_test {
namespace {

constexpr int64_t kDay = 86400;
// Jan 16: the whole interval ending there runs from Dec 16 (31 days).
constexpr int64_t kAnchor = kStart + 15 * kDay;
constexpr int64_t kFeb1 = kStart + 31 * kDay;  // a month from kStart: the natural date

class CheckoutBillingCycleAnchorTest : public CheckoutTest {
 protected:
  CheckoutSessionCreateParams Anchored(int64_t anchor, const std::string& proration = "") {
    CheckoutSessionCreateParams params = SubscriptionParams();
    params.mutable_subscription_data()->set_billing_cycle_anchor(anchor);
    if (!proration.empty()) params.mutable_subscription_data()->set_proration_behavior(proration);
    return params;
  }
};

TEST_F(CheckoutBillingCycleAnchorTest, TheStubIsProratedAtThePaymentThenWholePeriodsFollow) {
  const CheckoutSession s = MustCreate(Anchored(kAnchor));
  // 15 of the 31 days ending at the anchor: 1500 x 15 / 31 = 725.8.
  EXPECT_EQ(s.line_items(0).amount_subtotal(), 726);
  EXPECT_EQ(s.amount_total(), 726);

  // A declined attempt 6 hours later asks for 14.75 days; the next, 6 hours on, for 14.5.
  clock_.SetTime(absl::FromUnixSeconds(kStart + 6 * 3600));
  MustPay(s.id(), PayWith("pm_card_chargeDeclined", "stub@example.com"));
  const CheckoutSession declined = MustRetrieve(s.id());
  EXPECT_EQ(declined.status(), "open");
  EXPECT_EQ(declined.amount_total(), 714);  // 1500 x 14.75 / 31 = 713.7
  clock_.SetTime(absl::FromUnixSeconds(kStart + 12 * 3600));
  MustPay(s.id(), PayWith("pm_card_visa", "stub@example.com"));
  const CheckoutSession done = MustRetrieve(s.id());
  EXPECT_EQ(done.status(), "complete");
  EXPECT_EQ(done.payment_status(), "paid");
  EXPECT_EQ(done.amount_total(), 702);  // 1500 x 14.5 / 31 = 701.6

  const Subscription sub = MustRetrieveSubscription(done.subscription());
  EXPECT_EQ(sub.status(), "active");
  EXPECT_EQ(sub.billing_cycle_anchor(), kAnchor);
  EXPECT_EQ(sub.items().data(0).current_period_start(), kStart + 12 * 3600);
  EXPECT_EQ(sub.items().data(0).current_period_end(), kAnchor);
  const Invoice first = MustRetrieveInvoice(done.invoice());
  EXPECT_EQ(first.status(), "paid");
  EXPECT_EQ(first.total(), 702);
  EXPECT_EQ(first.amount_paid(), 702);
  ASSERT_EQ(first.lines().data_size(), 1);
  EXPECT_EQ(first.lines().data(0).period().end(), kAnchor);
  EXPECT_EQ(MustRetrievePi(first.payments().data(0).payment().payment_intent()).amount(), 702);

  // The first whole period starts at the anchor.
  clock_.SetTime(absl::FromUnixSeconds(kAnchor - 1));
  EXPECT_EQ(MustRetrieveSubscription(sub.id()).latest_invoice(), done.invoice());
  clock_.SetTime(absl::FromUnixSeconds(kAnchor));
  const Subscription renewed = MustRetrieveSubscription(sub.id());
  EXPECT_NE(renewed.latest_invoice(), done.invoice());
  EXPECT_EQ(renewed.items().data(0).current_period_start(), kAnchor);
  EXPECT_EQ(renewed.items().data(0).current_period_end(), kAnchor + 31 * kDay);  // Feb 16
  EXPECT_EQ(MustRetrieveInvoice(renewed.latest_invoice()).amount_due(), 1500);
  clock_.Advance(absl::Hours(1));
  EXPECT_EQ(MustRetrieveInvoice(renewed.latest_invoice()).status(), "paid");
}

TEST_F(CheckoutBillingCycleAnchorTest, AnAuthenticatedPaymentKeepsThePriceOfItsAttempt) {
  const CheckoutSession s = MustCreate(Anchored(kAnchor));
  clock_.SetTime(absl::FromUnixSeconds(kStart + 12 * 3600));
  EXPECT_EQ(MustPay(s.id(), PayWith("pm_card_threeDSecure2Required")).next_action(),
            "three_d_secure");
  // The customer authenticates an hour later: the stub runs from the attempt it paid for.
  clock_.SetTime(absl::FromUnixSeconds(kStart + 13 * 3600));
  ASSERT_THAT(engine_.checkout_page().CompleteThreeDSecure(s.id()), IsOk());
  const CheckoutSession done = MustRetrieve(s.id());
  EXPECT_EQ(done.status(), "complete");
  EXPECT_EQ(done.amount_total(), 702);
  const Subscription sub = MustRetrieveSubscription(done.subscription());
  EXPECT_EQ(sub.created(), kStart + 13 * 3600);
  EXPECT_EQ(sub.items().data(0).current_period_start(), kStart + 12 * 3600);
  const Invoice first = MustRetrieveInvoice(done.invoice());
  EXPECT_EQ(first.total(), 702);
  EXPECT_EQ(first.amount_paid(), 702);
  EXPECT_EQ(first.amount_remaining(), 0);
}

TEST_F(CheckoutBillingCycleAnchorTest, AFreeStubIsOnlySavedAndMakesNoInvoice) {
  const CheckoutSession s = MustCreate(Anchored(kAnchor, "none"));
  EXPECT_EQ(s.amount_total(), 0);
  EXPECT_EQ(s.line_items(0).amount_total(), 0);
  MustPay(s.id(), PayWith("pm_card_visa", "free@example.com"));
  const CheckoutSession done = MustRetrieve(s.id());
  EXPECT_EQ(done.status(), "complete");
  EXPECT_EQ(done.payment_status(), "no_payment_required");
  EXPECT_FALSE(done.has_invoice());
  const Subscription sub = MustRetrieveSubscription(done.subscription());
  EXPECT_EQ(sub.status(), "active");
  EXPECT_FALSE(sub.has_latest_invoice());
  EXPECT_FALSE(sub.default_payment_method().empty());
  EXPECT_EQ(sub.items().data(0).current_period_end(), kAnchor);

  clock_.SetTime(absl::FromUnixSeconds(kAnchor - 1));
  EXPECT_FALSE(MustRetrieveSubscription(sub.id()).has_latest_invoice());
  clock_.SetTime(absl::FromUnixSeconds(kAnchor));
  const Subscription renewed = MustRetrieveSubscription(sub.id());
  ASSERT_TRUE(renewed.has_latest_invoice());
  EXPECT_EQ(MustRetrieveInvoice(renewed.latest_invoice()).amount_due(), 1500);
  clock_.Advance(absl::Hours(1));
  EXPECT_EQ(MustRetrieveInvoice(renewed.latest_invoice()).status(), "paid");
  EXPECT_EQ(MustRetrieveSubscription(sub.id()).status(), "active");
}

TEST_F(CheckoutBillingCycleAnchorTest, OneTimeItemsArePaidInFullBesideAFreeStub) {
  CheckoutSessionCreateParams params = Anchored(kAnchor, "none");
  CheckoutLineItemParams* fee = params.add_line_items();
  fee->set_price(OneTimePrice(500));
  fee->set_quantity(1);
  const CheckoutSession s = MustCreate(params);
  EXPECT_EQ(s.amount_total(), 500);
  MustPay(s.id(), PayWith("pm_card_visa", "fee@example.com"));
  const CheckoutSession done = MustRetrieve(s.id());
  EXPECT_EQ(done.payment_status(), "paid");
  const Invoice first = MustRetrieveInvoice(done.invoice());
  EXPECT_EQ(first.total(), 500);
  EXPECT_EQ(first.amount_paid(), 500);
  const Subscription sub = MustRetrieveSubscription(done.subscription());
  EXPECT_EQ(sub.items().data(0).current_period_end(), kAnchor);
}

TEST_F(CheckoutBillingCycleAnchorTest, AnAnchorPassedBeforeThePaymentChargesAWholePeriod) {
  const int64_t anchor = kStart + 3600;
  const CheckoutSession early = MustCreate(Anchored(anchor));
  const CheckoutSession late = MustCreate(Anchored(anchor));
  EXPECT_EQ(late.amount_total(), 2);  // 1500 x 3600 / (31 days)

  // A second before the anchor the stub is all but free (1500 x 1 / (31 days) rounds to 0).
  clock_.SetTime(absl::FromUnixSeconds(anchor - 1));
  MustPay(early.id(), PayWith("pm_card_visa", "early@example.com"));
  const CheckoutSession early_done = MustRetrieve(early.id());
  EXPECT_EQ(early_done.amount_total(), 0);
  const Subscription stub = MustRetrieveSubscription(early_done.subscription());
  EXPECT_EQ(stub.items().data(0).current_period_end(), anchor);
  EXPECT_EQ(MustRetrieveInvoice(early_done.invoice()).total(), 0);

  clock_.SetTime(absl::FromUnixSeconds(anchor));
  MustPay(late.id(), PayWith("pm_card_visa", "late@example.com"));
  const CheckoutSession done = MustRetrieve(late.id());
  EXPECT_EQ(done.amount_total(), 1500);
  const Subscription sub = MustRetrieveSubscription(done.subscription());
  EXPECT_EQ(sub.billing_cycle_anchor(), anchor);
  EXPECT_EQ(sub.items().data(0).current_period_start(), anchor);
  EXPECT_EQ(sub.items().data(0).current_period_end(), kFeb1 + 3600);
  EXPECT_EQ(MustRetrieveInvoice(done.invoice()).amount_paid(), 1500);
}

TEST_F(CheckoutBillingCycleAnchorTest, TheAnchorsLimits) {
  constexpr char kParam[] = "subscription_data[billing_cycle_anchor]";
  ExpectRejected(Anchored(kStart), "", kParam);  // not ahead
  EXPECT_THAT(engine_.checkout_sessions().Create(Anchored(kStart + 1)), IsOk());
  ExpectRejected(Anchored(kFeb1 + 1), "", kParam);  // past the natural billing date
  EXPECT_THAT(engine_.checkout_sessions().Create(Anchored(kFeb1)), IsOk());
  CheckoutSessionCreateParams trial = Anchored(kAnchor);
  trial.mutable_subscription_data()->set_trial_period_days(7);
  ExpectRejected(trial, "", kParam);
  ExpectRejected(Anchored(kAnchor, "always_invoice"), "",
                 "subscription_data[proration_behavior]");
  CheckoutSessionCreateParams setup = SetupParams();
  setup.mutable_setup_intent_data()->set_billing_cycle_anchor(kAnchor);
  ExpectRejected(setup, "parameter_unknown", "setup_intent_data[billing_cycle_anchor]");
  CheckoutSessionCreateParams payment = PaymentParams();
  payment.mutable_subscription_data()->set_billing_cycle_anchor(kAnchor);
  ExpectRejected(payment, "", "subscription_data");
}

}  // namespace
}  // namespace checkout_sessions_test
}  // namespace paysim
