// Behaviour tests of renewals on the clock: each boundary one second either side (period end,
// finalization an hour later, each retry, the last retry canceling), the card updated before a
// retry recovering, cancel_at_period_end, calendar months from the 31st, and the retry
// schedule as an engine option.
#include <string>
#include <vector>

#include "engine/billing_test_fixture.h"
#include "engine/json_render.h"

namespace paysim {
namespace {

using ::paysim::testing::IsOk;
using ::paysim::testing::ParseParams;
using ::testing::ElementsAre;

using RenewalsTest = BillingTest;

TEST_F(RenewalsTest, RenewsAtPeriodEndAndPaysAnHourLater) {
  const std::string customer = NewCustomer();
  absl::StatusOr<Subscription> sub = Subscribe(customer, NewPrice(2000));
  ASSERT_THAT(sub, IsOk());
  const std::string first_invoice = sub->latest_invoice();

  At(kFeb1 - 1);
  EXPECT_EQ(Sub(sub->id()).latest_invoice(), first_invoice);
  size_t first = events_.size();
  At(kFeb1);
  Subscription renewed = Sub(sub->id());
  EXPECT_EQ(renewed.status(), "active");
  EXPECT_EQ(renewed.items().data(0).current_period_start(), kFeb1);
  EXPECT_EQ(renewed.items().data(0).current_period_end(), kMar1);
  EXPECT_THAT(TypesSince(first), ElementsAre("customer.subscription.updated", "invoice.created"));
  Invoice invoice = Inv(renewed.latest_invoice());
  EXPECT_EQ(invoice.status(), "draft");
  EXPECT_EQ(invoice.billing_reason(), "subscription_cycle");
  EXPECT_EQ(invoice.period_start(), kFeb1);
  EXPECT_EQ(invoice.period_end(), kMar1);
  EXPECT_EQ(invoice.lines().data(0).period().start(), kFeb1);
  EXPECT_EQ(invoice.lines().data(0).amount(), 2000);
  EXPECT_EQ(invoice.next_payment_attempt(), kFeb1 + kHour);

  At(kFeb1 + kHour - 1);
  EXPECT_EQ(Inv(invoice.id()).status(), "draft");
  first = events_.size();
  At(kFeb1 + kHour);
  invoice = Inv(invoice.id());
  EXPECT_EQ(invoice.status(), "paid");
  EXPECT_EQ(invoice.status_transitions().finalized_at(), kFeb1 + kHour);
  EXPECT_EQ(invoice.status_transitions().paid_at(), kFeb1 + kHour);
  EXPECT_FALSE(invoice.has_next_payment_attempt());
  EXPECT_THAT(TypesSince(first, "invoice"),
              ElementsAre("invoice.finalized", "invoice.paid", "invoice.payment_succeeded",
                          "invoice_payment.paid"));
  absl::StatusOr<PaymentIntent> pi = engine_.payment_intents().Retrieve(invoice.payment_intent_id());
  ASSERT_THAT(pi, IsOk());
  EXPECT_EQ(pi->status(), "succeeded");
  EXPECT_EQ(pi->description(), "Subscription update");
  EXPECT_EQ(InvoicesOf(sub->id()).size(), 2u);
}

TEST_F(RenewalsTest, FailedRenewalIsRetriedThenCanceledAfterTheLastRetry) {
  const std::string customer = NewCustomer();
  absl::StatusOr<Subscription> sub = Subscribe(customer, NewPrice());
  ASSERT_THAT(sub, IsOk());
  SetDefaultCard(customer, AttachCard(customer, "pm_card_chargeCustomerFail"));
  const int64_t first_attempt = kFeb1 + kHour;

  size_t first = events_.size();
  At(first_attempt);
  Subscription s = Sub(sub->id());
  EXPECT_EQ(s.status(), "past_due");
  Invoice invoice = Inv(s.latest_invoice());
  EXPECT_EQ(invoice.status(), "open");
  EXPECT_EQ(invoice.attempt_count(), 1);
  EXPECT_EQ(invoice.next_payment_attempt(), first_attempt + 3 * kDay);
  // invoice.upcoming first: the clock jumped over the renewal's notice (7 days before).
  EXPECT_THAT(TypesSince(first, "invoice"),
              ElementsAre("invoice.upcoming", "invoice.created", "invoice.finalized",
                          "invoice.payment_failed", "invoice.updated"));
  EXPECT_THAT(TypesSince(first, "customer.subscription"),
              ElementsAre("customer.subscription.updated", "customer.subscription.updated"));

  const int64_t retries[] = {first_attempt + 3 * kDay, first_attempt + 5 * kDay,
                             first_attempt + 7 * kDay};
  for (int r = 0; r < 3; ++r) {
    At(retries[r] - 1);
    EXPECT_EQ(Inv(invoice.id()).attempt_count(), r + 1) << "before retry " << r + 1;
    EXPECT_EQ(Sub(sub->id()).status(), "past_due");
    At(retries[r]);
    EXPECT_EQ(Inv(invoice.id()).attempt_count(), r + 2) << "at retry " << r + 1;
  }
  s = Sub(sub->id());
  EXPECT_EQ(s.status(), "canceled");
  EXPECT_EQ(s.canceled_at(), retries[2]);
  invoice = Inv(invoice.id());
  EXPECT_EQ(invoice.status(), "open");
  EXPECT_FALSE(invoice.has_next_payment_attempt());
  EXPECT_FALSE(invoice.auto_advance());
  ASSERT_GE(events_.size(), 2u);
  EXPECT_EQ(events_[events_.size() - 2].type(), "customer.subscription.deleted");
  // Its invoice is no longer collected: invoice.updated (auto_advance off).
  EXPECT_EQ(events_.back().type(), "invoice.updated");
  EXPECT_NE(events_.back().data().previous_attributes().find("\"auto_advance\":true"),
            std::string::npos)
      << events_.back().data().previous_attributes();
  // No renewal after the cancellation.
  At(kMar1 + kDay);
  EXPECT_EQ(InvoicesOf(sub->id()).size(), 2u);
}

TEST_F(RenewalsTest, UpdatedCardRecoversAtTheNextRetry) {
  const std::string customer = NewCustomer();
  absl::StatusOr<Subscription> sub = Subscribe(customer, NewPrice());
  ASSERT_THAT(sub, IsOk());
  SetDefaultCard(customer, AttachCard(customer, "pm_card_chargeCustomerFail"));
  const int64_t first_attempt = kFeb1 + kHour;
  At(first_attempt);
  EXPECT_EQ(Sub(sub->id()).status(), "past_due");
  SetDefaultCard(customer, AttachCard(customer, "pm_card_mastercard"));
  At(first_attempt + 3 * kDay - 1);
  EXPECT_EQ(Sub(sub->id()).status(), "past_due");
  At(first_attempt + 3 * kDay);
  const Subscription s = Sub(sub->id());
  EXPECT_EQ(s.status(), "active");
  const Invoice invoice = Inv(s.latest_invoice());
  EXPECT_EQ(invoice.status(), "paid");
  EXPECT_EQ(invoice.attempt_count(), 2);
  EXPECT_FALSE(invoice.has_next_payment_attempt());
  // And it keeps renewing.
  At(kMar1 + kHour);
  EXPECT_EQ(Inv(Sub(sub->id()).latest_invoice()).status(), "paid");
}

TEST_F(RenewalsTest, CancelAtPeriodEndEndsOnTheSecond) {
  const std::string customer = NewCustomer();
  absl::StatusOr<Subscription> sub = Subscribe(customer, NewPrice(), "cancel_at_period_end: true");
  ASSERT_THAT(sub, IsOk());
  EXPECT_EQ(sub->cancel_at(), kFeb1);
  At(kFeb1 - 1);
  EXPECT_EQ(Sub(sub->id()).status(), "active");
  const size_t first = events_.size();
  At(kFeb1);
  const Subscription s = Sub(sub->id());
  EXPECT_EQ(s.status(), "canceled");
  EXPECT_EQ(s.ended_at(), kFeb1);
  EXPECT_THAT(TypesSince(first), ElementsAre("customer.subscription.deleted"));
  EXPECT_EQ(InvoicesOf(sub->id()).size(), 1u);
}

TEST_F(RenewalsTest, MonthsFromThe31stComeBackToThe31st) {
  const int64_t jan31 = kStart + 30 * kDay;
  At(jan31);
  const std::string customer = NewCustomer();
  absl::StatusOr<Subscription> sub = Subscribe(customer, NewPrice());
  ASSERT_THAT(sub, IsOk());
  const int64_t feb28 = kStart + 58 * kDay;
  const int64_t mar31 = kStart + 89 * kDay;
  EXPECT_EQ(sub->items().data(0).current_period_end(), feb28);
  At(feb28);
  EXPECT_EQ(Sub(sub->id()).items().data(0).current_period_end(), mar31);
}

TEST_F(RenewalsTest, ACheckoutSubscriptionRenewsToo) {
  const std::string price = NewPrice(1500);
  CheckoutSessionCreateParams params;
  params.set_mode("subscription");
  params.add_line_items()->set_price(price);
  params.mutable_line_items(0)->set_quantity(1);
  params.set_success_url("https://example.com/success");
  absl::StatusOr<CheckoutSession> session = engine_.checkout_sessions().Create(params);
  ASSERT_THAT(session, IsOk());
  CheckoutPayParams pay;
  pay.set_payment_method("pm_card_visa");
  pay.set_email("sub@example.com");
  ASSERT_THAT(engine_.checkout_page().Pay(session->id(), pay), IsOk());
  absl::StatusOr<CheckoutSession> done = engine_.checkout_sessions().Retrieve(session->id());
  ASSERT_THAT(done, IsOk());
  const std::string sub = done->subscription();
  EXPECT_EQ(Sub(sub).latest_invoice(), done->invoice());  // paid by the session's payment
  At(kFeb1 - 1);
  ASSERT_EQ(InvoicesOf(sub).size(), 1u);
  At(kFeb1 + kHour);
  const std::vector<Invoice> invoices = InvoicesOf(sub);
  ASSERT_EQ(invoices.size(), 2u);
  EXPECT_EQ(invoices[0].billing_reason(), "subscription_create");  // oldest first
  EXPECT_EQ(invoices[1].id(), Sub(sub).latest_invoice());
  EXPECT_EQ(invoices[1].billing_reason(), "subscription_cycle");
  EXPECT_EQ(invoices[1].status(), "paid");  // the card saved by Checkout, off-session
  EXPECT_EQ(Sub(sub).items().data(0).current_period_end(), kMar1);
}

TEST_F(RenewalsTest, ARestoredSnapshotRetriesAsTheSavedEngineWould) {
  const std::string customer = NewCustomer();
  absl::StatusOr<Subscription> sub = Subscribe(customer, NewPrice());
  ASSERT_THAT(sub, IsOk());
  SetDefaultCard(customer, AttachCard(customer, "pm_card_chargeCustomerFail"));
  At(kFeb1 + kHour);  // the renewal failed: past_due, a retry pending
  absl::StatusOr<EngineSnapshot> snapshot = engine_.Snapshot();
  ASSERT_THAT(snapshot, IsOk());
  testing::FakeClock clock(absl::FromUnixSeconds(kFeb1 + kHour));
  EngineOptions options;
  options.clock = &clock;
  absl::StatusOr<std::unique_ptr<Engine>> restored = Engine::Restore(*snapshot, options);
  ASSERT_THAT(restored, IsOk());
  for (Engine* e : {&engine_, restored->get()}) {
    ASSERT_EQ(e->subscriptions().Retrieve(sub->id())->status(), "past_due");
  }
  At(kFeb1 + kHour + 7 * kDay);
  clock.SetTime(absl::FromUnixSeconds(kFeb1 + kHour + 7 * kDay));
  (*restored)->FireDueTimers();
  EXPECT_EQ(Sub(sub->id()).status(), "canceled");
  EXPECT_EQ((*restored)->subscriptions().Retrieve(sub->id())->status(), "canceled");
  EXPECT_EQ(RenderJson(*(*restored)->subscriptions().Retrieve(sub->id())),
            RenderJson(Sub(sub->id())));
}

TEST(RenewalsOptionsTest, WithoutRetriesTheFirstRenewalFailureCancels) {
  testing::FakeClock clock;
  EngineOptions options;
  options.clock = &clock;
  options.invoice_retry_schedule.clear();
  Engine engine(options);
  absl::StatusOr<Customer> customer = engine.customers().Create(CustomerCreateParams());
  ASSERT_THAT(customer, IsOk());
  PaymentMethodAttachParams attach;
  attach.set_customer(customer->id());
  absl::StatusOr<PaymentMethod> pm =
      engine.payment_methods().Attach("pm_card_chargeCustomerFail", attach);
  ASSERT_THAT(pm, IsOk());
  absl::StatusOr<Price> price = engine.prices().Create(ParseParams<PriceCreateParams>(
      R"pb(currency: "usd" unit_amount: 900 product_data { name: "Plan" }
           recurring { interval: "week" })pb"));
  ASSERT_THAT(price, IsOk());
  // A trial, so that creation needs no payment.
  absl::StatusOr<Subscription> sub =
      engine.subscriptions().Create(ParseParams<SubscriptionCreateParams>(absl::StrCat(
          "customer: \"", customer->id(), "\" items { price: \"", price->id(),
          "\" } trial_period_days: 7 default_payment_method: \"", pm->id(), "\"")));
  ASSERT_THAT(sub, IsOk());
  clock.Advance(absl::Hours(24 * 7 + 1));
  absl::StatusOr<Subscription> after = engine.subscriptions().Retrieve(sub->id());
  ASSERT_THAT(after, IsOk());
  EXPECT_EQ(after->status(), "canceled");
}

}  // namespace
}  // namespace paysim
