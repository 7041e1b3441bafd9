// Behaviour tests of a subscription's trial: customer.subscription.trial_will_end (3 days
// before, one second either side; at once when fewer remain), moving trial_end or ending it
// now, what trial_settings.end_behavior.missing_payment_method does when the trial ends with
// nothing to pay (create_invoice, pause, cancel), resuming a paused subscription, and
// invoice.payment_action_required for a card that needs authentication.
#include <string>
#include <vector>

#include "engine/billing_test_fixture.h"

namespace paysim {
namespace {

using ::paysim::testing::HttpStatusIs;
using ::paysim::testing::IsOk;
using ::paysim::testing::ParseParams;
using ::paysim::testing::StripeErrorIs;
using ::paysim::testing::StripeErrorWithParam;
using ::testing::Contains;
using ::testing::ElementsAre;
using ::testing::IsEmpty;
using ::testing::Not;

using SubscriptionTrialsTest = BillingTest;

constexpr char kTrialWillEnd[] = "customer.subscription.trial_will_end";

SubscriptionChangeParams TrialEnd(const std::string& value) {
  SubscriptionChangeParams update;
  update.set_trial_end(value);
  return update;
}

TEST_F(SubscriptionTrialsTest, TrialWillEndComesThreeDaysBeforeTheTrialEnds) {
  const std::string customer = NewCustomer();
  absl::StatusOr<Subscription> sub = Subscribe(customer, NewPrice(), "trial_period_days: 7");
  ASSERT_THAT(sub, IsOk());
  EXPECT_EQ(sub->trial_settings().end_behavior().missing_payment_method(), "create_invoice");
  const size_t first = events_.size();
  At(kStart + 4 * kDay - 1);
  EXPECT_THAT(TypesSince(first), IsEmpty());
  At(kStart + 4 * kDay);
  ASSERT_THAT(TypesSince(first), ElementsAre(kTrialWillEnd));
  EXPECT_EQ(events_.back().data().object().subscription().id(), sub->id());
  At(kStart + 7 * kDay - 1);
  EXPECT_THAT(TypesSince(first), ElementsAre(kTrialWillEnd));  // once
  EXPECT_EQ(Sub(sub->id()).status(), "trialing");
  At(kStart + 7 * kDay);
  EXPECT_EQ(Sub(sub->id()).status(), "active");
}

TEST_F(SubscriptionTrialsTest, TrialWillEndComesAtOnceWhenFewerThanThreeDaysRemain) {
  const std::string customer = NewCustomer();
  const size_t first = events_.size();
  absl::StatusOr<Subscription> sub = Subscribe(customer, NewPrice(), "trial_period_days: 1");
  ASSERT_THAT(sub, IsOk());
  EXPECT_THAT(TypesSince(first, "customer.subscription"),
              ElementsAre("customer.subscription.created", kTrialWillEnd));
  // Exactly three days: the notice is due now.
  const size_t second = events_.size();
  ASSERT_THAT(Subscribe(customer, NewPrice(), "trial_end: " + std::to_string(kStart + 3 * kDay)),
              IsOk());
  EXPECT_THAT(TypesSince(second, "customer.subscription"),
              ElementsAre("customer.subscription.created", kTrialWillEnd));
  // Three days and a second: one second later.
  const size_t third = events_.size();
  ASSERT_THAT(
      Subscribe(customer, NewPrice(), "trial_end: " + std::to_string(kStart + 3 * kDay + 1)),
      IsOk());
  EXPECT_THAT(TypesSince(third, "customer.subscription"),
              ElementsAre("customer.subscription.created"));
  At(kStart + 1);
  EXPECT_THAT(TypesSince(third, "customer.subscription"),
              ElementsAre("customer.subscription.created", kTrialWillEnd));
}

TEST_F(SubscriptionTrialsTest, MovingTrialEndMovesThePeriodAndTheNotice) {
  const std::string customer = NewCustomer();
  absl::StatusOr<Subscription> sub = Subscribe(customer, NewPrice(), "trial_period_days: 7");
  ASSERT_THAT(sub, IsOk());
  const int64_t later = kStart + 10 * kDay;
  const size_t first = events_.size();
  // Its subscription events (invoice.upcoming comes a week before the moved end too).
  auto types = [&] { return TypesSince(first, "customer.subscription"); };
  absl::StatusOr<Subscription> moved =
      engine_.subscriptions().Update(sub->id(), TrialEnd(std::to_string(later)));
  ASSERT_THAT(moved, IsOk());
  EXPECT_EQ(moved->trial_end(), later);
  EXPECT_EQ(moved->billing_cycle_anchor(), later);
  EXPECT_EQ(moved->items().data(0).current_period_end(), later);
  ASSERT_THAT(types(), ElementsAre("customer.subscription.updated"));
  At(kStart + 4 * kDay);  // the old notice time: nothing
  EXPECT_THAT(types(), ElementsAre("customer.subscription.updated"));
  At(later - 3 * kDay - 1);
  EXPECT_THAT(types(), ElementsAre("customer.subscription.updated"));
  At(later - 3 * kDay);
  EXPECT_THAT(types(), ElementsAre("customer.subscription.updated", kTrialWillEnd));
  At(kStart + 7 * kDay);  // the old trial end: still trialing
  EXPECT_EQ(Sub(sub->id()).status(), "trialing");
  At(later - 1);
  EXPECT_EQ(Sub(sub->id()).status(), "trialing");
  At(later);
  const Subscription active = Sub(sub->id());
  EXPECT_EQ(active.status(), "active");
  EXPECT_EQ(active.items().data(0).current_period_start(), later);
  EXPECT_EQ(InvoicesOf(sub->id()).size(), 2u);  // the free trial invoice and the first period's
}

TEST_F(SubscriptionTrialsTest, TrialEndNowEndsTheTrialAtOnce) {
  const std::string customer = NewCustomer();
  absl::StatusOr<Subscription> sub = Subscribe(customer, NewPrice(1500), "trial_period_days: 7");
  ASSERT_THAT(sub, IsOk());
  At(kStart + kHour);
  const size_t first = events_.size();
  absl::StatusOr<Subscription> ended = engine_.subscriptions().Update(sub->id(), TrialEnd("now"));
  ASSERT_THAT(ended, IsOk());
  EXPECT_EQ(ended->status(), "active");
  EXPECT_EQ(ended->trial_end(), kStart + kHour);
  EXPECT_EQ(ended->items().data(0).current_period_start(), kStart + kHour);
  EXPECT_THAT(TypesSince(first, "customer.subscription"),
              ElementsAre(kTrialWillEnd, "customer.subscription.updated"));
  const Invoice invoice = Inv(ended->latest_invoice());
  EXPECT_EQ(invoice.billing_reason(), "subscription_cycle");
  EXPECT_EQ(invoice.total(), 1500);
  EXPECT_EQ(invoice.status(), "draft");  // finalized and charged an hour later, as a renewal
  At(kStart + 2 * kHour);
  EXPECT_EQ(Inv(ended->latest_invoice()).status(), "paid");
}

TEST_F(SubscriptionTrialsTest, TrialEndOnlyWhileTrialingAndInTheFuture) {
  const std::string customer = NewCustomer();
  absl::StatusOr<Subscription> trialing = Subscribe(customer, NewPrice(), "trial_period_days: 7");
  absl::StatusOr<Subscription> active = Subscribe(customer, NewPrice());
  ASSERT_THAT(trialing, IsOk());
  ASSERT_THAT(active, IsOk());
  const size_t first = events_.size();
  EXPECT_THAT(
      engine_.subscriptions().Update(trialing->id(), TrialEnd("soon")),
      StripeErrorWithParam("invalid_request_error", "parameter_invalid_integer", "trial_end"));
  EXPECT_THAT(engine_.subscriptions().Update(trialing->id(), TrialEnd(std::to_string(kStart))),
              StripeErrorWithParam("invalid_request_error", "", "trial_end"));
  EXPECT_THAT(
      engine_.subscriptions().Update(trialing->id(), TrialEnd(std::to_string(kStart + 731 * kDay))),
      StripeErrorWithParam("invalid_request_error", "", "trial_end"));
  EXPECT_THAT(engine_.subscriptions().Update(active->id(), TrialEnd("now")),
              StripeErrorWithParam("invalid_request_error", "", "trial_end"));
  EXPECT_THAT(engine_.subscriptions().Update(trialing->id(), TrialEnd("soon")), HttpStatusIs(400));
  EXPECT_THAT(TypesSince(first), IsEmpty());
  EXPECT_EQ(Sub(trialing->id()).trial_end(), kStart + 7 * kDay);
}

TEST_F(SubscriptionTrialsTest, TrialEndingWithoutPaymentMethodPausesWhenAsked) {
  const std::string customer = NewCustomer(/*alias=*/"");
  absl::StatusOr<Subscription> sub = Subscribe(
      customer, NewPrice(),
      "trial_period_days: 7 trial_settings { end_behavior { missing_payment_method: \"pause\" } }");
  ASSERT_THAT(sub, IsOk());
  EXPECT_EQ(sub->status(), "trialing");
  EXPECT_EQ(sub->trial_settings().end_behavior().missing_payment_method(), "pause");
  At(kStart + 7 * kDay - 1);
  EXPECT_EQ(Sub(sub->id()).status(), "trialing");
  const size_t first = events_.size();
  At(kStart + 7 * kDay);
  EXPECT_EQ(Sub(sub->id()).status(), "paused");
  EXPECT_THAT(TypesSince(first),
              ElementsAre("customer.subscription.updated", "customer.subscription.paused"));
  // Paused: no invoices at the following period ends.
  At(kStart + 70 * kDay);
  EXPECT_EQ(Sub(sub->id()).status(), "paused");
  EXPECT_EQ(InvoicesOf(sub->id()).size(), 1u);  // the trial's own, free
}

TEST_F(SubscriptionTrialsTest, TrialEndingWithoutPaymentMethodCancelsWhenAsked) {
  const std::string customer = NewCustomer(/*alias=*/"");
  absl::StatusOr<Subscription> sub = Subscribe(customer, NewPrice(),
                                               "trial_period_days: 7 trial_settings { end_behavior "
                                               "{ missing_payment_method: \"cancel\" } }");
  ASSERT_THAT(sub, IsOk());
  At(kStart + 7 * kDay - 1);
  EXPECT_EQ(Sub(sub->id()).status(), "trialing");
  const size_t first = events_.size();
  At(kStart + 7 * kDay);
  const Subscription canceled = Sub(sub->id());
  EXPECT_EQ(canceled.status(), "canceled");
  EXPECT_EQ(canceled.canceled_at(), kStart + 7 * kDay);
  EXPECT_THAT(TypesSince(first), ElementsAre("customer.subscription.deleted"));
}

TEST_F(SubscriptionTrialsTest, TrialEndingWithoutPaymentMethodInvoicesByDefault) {
  const std::string customer = NewCustomer(/*alias=*/"");
  absl::StatusOr<Subscription> sub = Subscribe(customer, NewPrice(), "trial_period_days: 7");
  ASSERT_THAT(sub, IsOk());
  At(kStart + 7 * kDay);
  EXPECT_EQ(Sub(sub->id()).status(), "active");
  EXPECT_EQ(InvoicesOf(sub->id()).size(), 2u);
  At(kStart + 7 * kDay + kHour);  // finalized; nothing can pay it
  EXPECT_EQ(Sub(sub->id()).status(), "past_due");
}

TEST_F(SubscriptionTrialsTest, APaymentMethodMakesThePauseSettingIrrelevant) {
  const std::string customer = NewCustomer();
  absl::StatusOr<Subscription> sub = Subscribe(
      customer, NewPrice(),
      "trial_period_days: 7 trial_settings { end_behavior { missing_payment_method: \"pause\" } }");
  ASSERT_THAT(sub, IsOk());
  At(kStart + 7 * kDay);
  EXPECT_EQ(Sub(sub->id()).status(), "active");
}

TEST_F(SubscriptionTrialsTest, TrialEndNowWithoutPaymentMethodPauses) {
  const std::string customer = NewCustomer(/*alias=*/"");
  absl::StatusOr<Subscription> sub = Subscribe(
      customer, NewPrice(),
      "trial_period_days: 7 trial_settings { end_behavior { missing_payment_method: \"pause\" } }");
  ASSERT_THAT(sub, IsOk());
  const size_t first = events_.size();
  absl::StatusOr<Subscription> paused = engine_.subscriptions().Update(sub->id(), TrialEnd("now"));
  ASSERT_THAT(paused, IsOk());
  EXPECT_EQ(paused->status(), "paused");
  EXPECT_THAT(TypesSince(first), ElementsAre(kTrialWillEnd, "customer.subscription.updated",
                                             "customer.subscription.paused"));
}

TEST_F(SubscriptionTrialsTest, ResumeStartsANewPaidPeriod) {
  const std::string customer = NewCustomer(/*alias=*/"");
  absl::StatusOr<Subscription> sub = Subscribe(
      customer, NewPrice(2000),
      "trial_period_days: 7 trial_settings { end_behavior { missing_payment_method: \"pause\" } }");
  ASSERT_THAT(sub, IsOk());
  At(kStart + 7 * kDay);
  ASSERT_EQ(Sub(sub->id()).status(), "paused");
  At(kStart + 10 * kDay);
  SetDefaultCard(customer, AttachCard(customer, "pm_card_visa"));
  const size_t first = events_.size();
  absl::StatusOr<Subscription> resumed =
      engine_.subscriptions().Resume(sub->id(), SubscriptionResumeParams());
  ASSERT_THAT(resumed, IsOk());
  EXPECT_EQ(resumed->status(), "active");
  EXPECT_EQ(resumed->billing_cycle_anchor(), kStart + 10 * kDay);
  EXPECT_EQ(resumed->items().data(0).current_period_start(), kStart + 10 * kDay);
  EXPECT_EQ(resumed->items().data(0).current_period_end(), kStart + 10 * kDay + 31 * kDay);
  EXPECT_THAT(TypesSince(first, "customer.subscription"),
              ElementsAre("customer.subscription.updated", "customer.subscription.resumed"));
  const Invoice invoice = Inv(resumed->latest_invoice());
  EXPECT_EQ(invoice.status(), "paid");
  EXPECT_EQ(invoice.total(), 2000);
  // It renews from the new anchor.
  At(kStart + 41 * kDay - 1);
  EXPECT_EQ(InvoicesOf(sub->id()).size(), 2u);
  At(kStart + 41 * kDay);
  EXPECT_EQ(InvoicesOf(sub->id()).size(), 3u);
}

TEST_F(SubscriptionTrialsTest, ResumeWithADecliningCardLeavesItPastDue) {
  const std::string customer = NewCustomer(/*alias=*/"");
  absl::StatusOr<Subscription> sub = Subscribe(
      customer, NewPrice(),
      "trial_period_days: 7 trial_settings { end_behavior { missing_payment_method: \"pause\" } }");
  ASSERT_THAT(sub, IsOk());
  At(kStart + 7 * kDay);
  SetDefaultCard(customer, AttachCard(customer, "pm_card_chargeCustomerFail"));
  absl::StatusOr<Subscription> resumed =
      engine_.subscriptions().Resume(sub->id(), SubscriptionResumeParams());
  ASSERT_THAT(resumed, IsOk());
  EXPECT_EQ(resumed->status(), "past_due");
  const Invoice invoice = Inv(resumed->latest_invoice());
  EXPECT_EQ(invoice.status(), "open");
  EXPECT_TRUE(invoice.has_next_payment_attempt());
}

// A 7-day trial from Jan 1 paused on Jan 8 (the anchor): resumed on Feb 18 with the anchor
// unchanged, the period is Feb 8 - Mar 8 (28 days), 18 of them left.
class ResumeUnchangedTest : public SubscriptionTrialsTest {
 protected:
  static constexpr int64_t kJan8 = kStart + 7 * kDay;
  static constexpr int64_t kFeb8 = kJan8 + 31 * kDay;
  static constexpr int64_t kMar8 = kFeb8 + 28 * kDay;
  static constexpr int64_t kFeb18 = kFeb8 + 10 * kDay;

  void SetUp() override {
    customer_ = NewCustomer(/*alias=*/"");
    absl::StatusOr<Subscription> sub = Subscribe(
        customer_, NewPrice(2800),
        "trial_period_days: 7 trial_settings { end_behavior { missing_payment_method: "
        "\"pause\" } }");
    ASSERT_THAT(sub, IsOk());
    sub_ = sub->id();
    At(kJan8);
    ASSERT_EQ(Sub(sub_).status(), "paused");
    At(kFeb18);
    SetDefaultCard(customer_, AttachCard(customer_, "pm_card_visa"));
  }

  absl::StatusOr<Subscription> Resume(const std::string& behavior, int64_t date = 0) {
    SubscriptionResumeParams params;
    params.set_billing_cycle_anchor("unchanged");
    if (!behavior.empty()) params.set_proration_behavior(behavior);
    if (date != 0) params.set_proration_date(date);
    return engine_.subscriptions().Resume(sub_, params);
  }

  std::string customer_, sub_;
};

TEST_F(ResumeUnchangedTest, KeepsTheAnchorAndProratesTheRestOfThePeriod) {
  const size_t first = events_.size();
  absl::StatusOr<Subscription> resumed = Resume("");
  ASSERT_THAT(resumed, IsOk());
  EXPECT_EQ(resumed->status(), "active");
  EXPECT_EQ(resumed->billing_cycle_anchor(), kJan8);
  EXPECT_EQ(resumed->items().data(0).current_period_start(), kFeb8);
  EXPECT_EQ(resumed->items().data(0).current_period_end(), kMar8);
  EXPECT_THAT(TypesSince(first), ElementsAre("customer.subscription.updated",
                                             "customer.subscription.resumed",
                                             "invoiceitem.created"));
  const std::vector<InvoiceItem> items = InvoiceItemsOf(customer_);
  ASSERT_EQ(items.size(), 1u);
  EXPECT_EQ(items[0].amount(), 1800);  // 2800 x 18/28 days
  EXPECT_TRUE(items[0].proration());
  EXPECT_FALSE(items[0].has_invoice());
  EXPECT_EQ(items[0].period().start(), kFeb18);
  EXPECT_EQ(items[0].period().end(), kMar8);
  // Pending until the renewal at the anchor's next period, which bills it with the period.
  At(kMar8 - 1);
  EXPECT_EQ(InvoicesOf(sub_).size(), 1u);
  At(kMar8 + kHour);
  const Invoice renewal = Inv(Sub(sub_).latest_invoice());
  EXPECT_EQ(renewal.status(), "paid");
  EXPECT_EQ(renewal.total(), 2800 + 1800);
}

TEST_F(ResumeUnchangedTest, AlwaysInvoiceChargesTheRestNow) {
  absl::StatusOr<Subscription> resumed = Resume("always_invoice");
  ASSERT_THAT(resumed, IsOk());
  const Invoice invoice = Inv(resumed->latest_invoice());
  EXPECT_EQ(invoice.status(), "paid");
  EXPECT_EQ(invoice.total(), 1800);
  EXPECT_EQ(invoice.billing_reason(), "subscription_update");
}

TEST_F(ResumeUnchangedTest, NoneLeavesTheRestFree) {
  ASSERT_THAT(Resume("none"), IsOk());
  EXPECT_TRUE(InvoiceItemsOf(customer_).empty());
  EXPECT_EQ(Sub(sub_).status(), "active");
}

TEST_F(ResumeUnchangedTest, ProrationDateWithinThePeriod) {
  EXPECT_THAT(Resume("", kFeb8 - 1),
              StripeErrorWithParam("invalid_request_error", "", "proration_date"));
  EXPECT_THAT(Resume("", kFeb18 + 1),
              StripeErrorWithParam("invalid_request_error", "", "proration_date"));
  EXPECT_EQ(Sub(sub_).status(), "paused");
  ASSERT_THAT(Resume("", kFeb8), IsOk());  // the whole period
  EXPECT_EQ(InvoiceItemsOf(customer_).at(0).amount(), 2800);
}

TEST_F(SubscriptionTrialsTest, RefusedResumesChangeNothing) {
  const std::string customer = NewCustomer();
  absl::StatusOr<Subscription> active = Subscribe(customer, NewPrice());
  ASSERT_THAT(active, IsOk());
  const size_t first = events_.size();
  EXPECT_THAT(engine_.subscriptions().Resume(active->id(), SubscriptionResumeParams()),
              StripeErrorIs("invalid_request_error", ""));
  EXPECT_THAT(engine_.subscriptions().Resume("sub_missing", SubscriptionResumeParams()),
              HttpStatusIs(404));
  SubscriptionResumeParams bad_anchor;
  bad_anchor.set_billing_cycle_anchor("later");
  EXPECT_THAT(engine_.subscriptions().Resume(active->id(), bad_anchor),
              StripeErrorWithParam("invalid_request_error", "", "billing_cycle_anchor"));
  SubscriptionResumeParams unchanged;
  unchanged.set_billing_cycle_anchor("unchanged");
  EXPECT_THAT(engine_.subscriptions().Resume(active->id(), unchanged),
              StripeErrorIs("invalid_request_error", ""));  // not paused
  SubscriptionResumeParams bad_proration;
  bad_proration.set_proration_behavior("sometimes");
  EXPECT_THAT(engine_.subscriptions().Resume(active->id(), bad_proration),
              StripeErrorWithParam("invalid_request_error", "", "proration_behavior"));
  EXPECT_THAT(TypesSince(first), IsEmpty());
  EXPECT_EQ(Sub(active->id()).status(), "active");
}

TEST_F(SubscriptionTrialsTest, TrialSettingsAreValidated) {
  const std::string customer = NewCustomer();
  const size_t first = events_.size();
  EXPECT_THAT(
      Subscribe(customer, NewPrice(),
                "trial_period_days: 7 trial_settings { end_behavior { missing_payment_method: "
                "\"wait\" } }"),
      StripeErrorWithParam("invalid_request_error", "",
                           "trial_settings[end_behavior][missing_payment_method]"));
  EXPECT_THAT(TypesSince(first, "customer.subscription"), IsEmpty());
  absl::StatusOr<Subscription> sub = Subscribe(customer, NewPrice(), "trial_period_days: 7");
  ASSERT_THAT(sub, IsOk());
  SubscriptionChangeParams update;
  update.mutable_trial_settings()->mutable_end_behavior()->set_missing_payment_method("cancel");
  absl::StatusOr<Subscription> updated = engine_.subscriptions().Update(sub->id(), update);
  ASSERT_THAT(updated, IsOk());
  EXPECT_EQ(updated->trial_settings().end_behavior().missing_payment_method(), "cancel");
}

TEST_F(SubscriptionTrialsTest, AnInvoiceWhoseCardNeedsAuthenticationAsksForAction) {
  const std::string customer = NewCustomer(/*alias=*/"");
  const std::string card = AttachCard(customer, "pm_card_threeDSecure2Required");
  ASSERT_THAT(engine_.invoice_items().Create(ParseParams<InvoiceItemCreateParams>(
                  "customer: \"" + customer + "\" amount: 2000 currency: \"usd\"")),
              IsOk());
  absl::StatusOr<Invoice> invoice = engine_.invoices().Create(ParseParams<InvoiceCreateParams>(
      "customer: \"" + customer + "\" pending_invoice_items_behavior: \"include\""));
  ASSERT_THAT(invoice, IsOk());
  const size_t first = events_.size();
  InvoicePayParams pay;
  pay.set_payment_method(card);
  EXPECT_THAT(engine_.invoices().Pay(invoice->id(), pay), HttpStatusIs(402));
  EXPECT_THAT(TypesSince(first, "invoice.payment"),
              ElementsAre("invoice.payment_failed", "invoice.payment_action_required"));
  // On-session, the PaymentIntent waits for the customer: asked, not failed.
  const size_t second = events_.size();
  pay.set_off_session(false);
  EXPECT_THAT(engine_.invoices().Pay(invoice->id(), pay), IsOk());
  EXPECT_THAT(TypesSince(second, "invoice.payment"),
              ElementsAre("invoice.payment_action_required"));
  EXPECT_THAT(TypesSince(second), Not(Contains("invoice.payment_failed")));
}

}  // namespace
}  // namespace paysim
