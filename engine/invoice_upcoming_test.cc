// Behaviour tests of upcoming invoices: invoice.upcoming 7 days before a renewal (one second
// either side), its preview equal to the invoice the renewal then creates (coupon and tax
// rates), none with cancel_at_period_end or send_invoice, the next notice after a renewal, a
// moved trial end moving it, a test clock's subscription on the clock's time, the engine option
// changing the lead time or disabling it, and InvoiceService::CreatePreview / Upcoming with
// their errors.
#include <string>
#include <vector>

#include "engine/billing_test_fixture.h"
#include "engine/json_render.h"

namespace paysim {
namespace {

using ::paysim::testing::HttpStatusIs;
using ::paysim::testing::IsOk;
using ::paysim::testing::ParseParams;
using ::paysim::testing::StripeErrorIs;
using ::paysim::testing::StripeErrorWithParam;
using ::testing::ElementsAre;
using ::testing::IsEmpty;
using ::testing::SizeIs;
using ::testing::StartsWith;

constexpr int64_t kWeek = 7 * 86400;

class InvoiceUpcomingTest : public BillingTest {
 protected:
  // The invoice.upcoming events' objects since `first`.
  std::vector<Invoice> UpcomingSince(size_t first) {
    std::vector<Invoice> previews;
    for (size_t i = first; i < events_.size(); ++i) {
      if (events_[i].type() == "invoice.upcoming") {
        previews.push_back(events_[i].data().object().invoice());
      }
    }
    return previews;
  }

  absl::StatusOr<Invoice> Preview(const std::string& text, const RequestOptions& options = {}) {
    return engine_.invoices().CreatePreview(ParseParams<InvoiceCreatePreviewParams>(text),
                                            options);
  }
};

TEST_F(InvoiceUpcomingTest, SentSevenDaysBeforeRenewalThenBeforeTheNext) {
  absl::StatusOr<Subscription> sub = Subscribe(NewCustomer(), NewPrice(2000));
  ASSERT_THAT(sub, IsOk());

  At(kFeb1 - kWeek - 1);
  EXPECT_THAT(UpcomingSince(0), IsEmpty());
  size_t first = events_.size();
  At(kFeb1 - kWeek);
  EXPECT_THAT(TypesSince(first), ElementsAre("invoice.upcoming"));
  std::vector<Invoice> previews = UpcomingSince(first);
  ASSERT_THAT(previews, SizeIs(1));
  const Invoice& preview = previews[0];
  EXPECT_FALSE(preview.has_id());
  EXPECT_EQ(preview.billing_reason(), "upcoming");
  EXPECT_EQ(preview.customer(), sub->customer());
  EXPECT_EQ(preview.subscription_id(), sub->id());
  EXPECT_EQ(preview.created(), kFeb1);
  EXPECT_EQ(preview.period_start(), kFeb1);
  EXPECT_EQ(preview.period_end(), kMar1);
  EXPECT_EQ(preview.amount_due(), 2000);
  EXPECT_EQ(preview.next_payment_attempt(), kFeb1 + kHour);
  ASSERT_THAT(preview.lines().data(), SizeIs(1));
  EXPECT_THAT(preview.lines().data(0).id(), StartsWith("il_tmp_"));
  EXPECT_EQ(preview.lines().data(0).period().start(), kFeb1);
  EXPECT_EQ(preview.lines().data(0).period().end(), kMar1);
  EXPECT_EQ(RenderJson(preview).find("\"id\": \"\""), std::string::npos);

  first = events_.size();
  At(kFeb1 - 1);
  EXPECT_THAT(UpcomingSince(first), IsEmpty());  // sent once
  At(kFeb1 + kHour);  // renewed and paid
  At(kMar1 - kWeek - 1);
  EXPECT_THAT(UpcomingSince(first), IsEmpty());
  At(kMar1 - kWeek);
  previews = UpcomingSince(first);
  ASSERT_THAT(previews, SizeIs(1));
  EXPECT_EQ(previews[0].period_start(), kMar1);
}

TEST_F(InvoiceUpcomingTest, PreviewHasTheAmountsOfTheRenewalInvoice) {
  ASSERT_THAT(engine_.coupons().Create(ParseParams<CouponCreateParams>(
                  R"pb(id: "QUARTER" percent_off: 25 duration: "forever")pb")),
              IsOk());
  TaxRateCreateParams tax;
  tax.set_display_name("Sales tax");
  tax.set_percentage(8.25);
  tax.set_inclusive(false);
  absl::StatusOr<TaxRate> rate = engine_.tax_rates().Create(tax);
  ASSERT_THAT(rate, IsOk());
  absl::StatusOr<Subscription> sub =
      Subscribe(NewCustomer(), NewPrice(1999),
                absl::StrCat("coupon: \"QUARTER\" default_tax_rates: \"", rate->id(), "\""));
  ASSERT_THAT(sub, IsOk());

  At(kFeb1 - kWeek);
  std::vector<Invoice> previews = UpcomingSince(0);
  ASSERT_THAT(previews, SizeIs(1));
  At(kFeb1);
  const Invoice renewal = Inv(Sub(sub->id()).latest_invoice());
  const Invoice& preview = previews[0];
  EXPECT_EQ(preview.subtotal(), renewal.subtotal());
  EXPECT_EQ(preview.total(), renewal.total());
  EXPECT_EQ(preview.total_excluding_tax(), renewal.total_excluding_tax());
  EXPECT_EQ(preview.amount_due(), renewal.amount_due());
  EXPECT_EQ(preview.amount_remaining(), renewal.amount_remaining());
  ASSERT_THAT(preview.total_discount_amounts(), SizeIs(1));
  ASSERT_THAT(preview.total_taxes(), SizeIs(1));
  EXPECT_EQ(preview.total_discount_amounts(0).amount(), renewal.total_discount_amounts(0).amount());
  EXPECT_EQ(preview.total_taxes(0).amount(), renewal.total_taxes(0).amount());
  EXPECT_EQ(preview.total_taxes(0).tax_rate_details().tax_rate(),
            renewal.total_taxes(0).tax_rate_details().tax_rate());
  EXPECT_EQ(preview.discounts(0), renewal.discounts(0));
  ASSERT_THAT(preview.lines().data(), SizeIs(1));
  EXPECT_EQ(preview.lines().data(0).amount(), renewal.lines().data(0).amount());
  EXPECT_EQ(preview.lines().data(0).description(), renewal.lines().data(0).description());
  EXPECT_LT(preview.amount_due(), 1999);  // 25% off, then 8.25% on
  EXPECT_GT(preview.total_taxes(0).amount(), 0);
}

TEST_F(InvoiceUpcomingTest, NoneForASubscriptionThatWillCancel) {
  absl::StatusOr<Subscription> sub = Subscribe(NewCustomer(), NewPrice());
  ASSERT_THAT(sub, IsOk());
  SubscriptionChangeParams update;
  update.set_cancel_at_period_end(true);
  ASSERT_THAT(engine_.subscriptions().Update(sub->id(), update), IsOk());
  At(kFeb1 - kWeek);
  EXPECT_THAT(UpcomingSince(0), IsEmpty());
  EXPECT_THAT(Preview(absl::StrCat("subscription: \"", sub->id(), "\"")),
              StripeErrorIs("invalid_request_error", "invoice_upcoming_none"));
  At(kFeb1);
  EXPECT_EQ(Sub(sub->id()).status(), "canceled");
  EXPECT_THAT(UpcomingSince(0), IsEmpty());
}

TEST_F(InvoiceUpcomingTest, NoneForSendInvoiceButPreviewed) {
  absl::StatusOr<Subscription> sub = Subscribe(
      NewCustomer(), NewPrice(700), "collection_method: \"send_invoice\" days_until_due: 30");
  ASSERT_THAT(sub, IsOk());
  At(kFeb1 - kWeek);
  EXPECT_THAT(UpcomingSince(0), IsEmpty());
  absl::StatusOr<Invoice> preview = Preview(absl::StrCat("subscription: \"", sub->id(), "\""));
  ASSERT_THAT(preview, IsOk());
  EXPECT_EQ(preview->amount_due(), 700);
  EXPECT_EQ(preview->collection_method(), "send_invoice");
  EXPECT_FALSE(preview->has_next_payment_attempt());
}

TEST_F(InvoiceUpcomingTest, MovedTrialEndMovesTheNotice) {
  absl::StatusOr<Subscription> sub =
      Subscribe(NewCustomer(), NewPrice(), "trial_period_days: 31");  // ends on Feb 1
  ASSERT_THAT(sub, IsOk());
  SubscriptionChangeParams update;
  update.set_trial_end(absl::StrCat(kFeb1 + 10 * kDay));
  ASSERT_THAT(engine_.subscriptions().Update(sub->id(), update), IsOk());
  At(kFeb1 - kWeek);
  EXPECT_THAT(UpcomingSince(0), IsEmpty());  // the old period's notice
  At(kFeb1 + 3 * kDay - 1);
  EXPECT_THAT(UpcomingSince(0), IsEmpty());
  At(kFeb1 + 3 * kDay);
  std::vector<Invoice> previews = UpcomingSince(0);
  ASSERT_THAT(previews, SizeIs(1));
  EXPECT_EQ(previews[0].period_start(), kFeb1 + 10 * kDay);
  EXPECT_EQ(previews[0].amount_due(), 1500);
}

TEST_F(InvoiceUpcomingTest, TrialEndMovedAwayAndBackSendsOneNotice) {
  absl::StatusOr<Subscription> sub =
      Subscribe(NewCustomer(), NewPrice(), "trial_period_days: 31");  // ends on Feb 1
  ASSERT_THAT(sub, IsOk());
  for (int64_t end : {kFeb1 + 10 * kDay, kFeb1}) {
    SubscriptionChangeParams update;
    update.set_trial_end(absl::StrCat(end));
    ASSERT_THAT(engine_.subscriptions().Update(sub->id(), update), IsOk());
  }
  At(kFeb1 - kWeek);
  EXPECT_THAT(UpcomingSince(0), SizeIs(1));
  At(kFeb1 + 3 * kDay);  // the notice of the abandoned end
  EXPECT_THAT(UpcomingSince(0), SizeIs(1));
}

TEST_F(InvoiceUpcomingTest, PreviewEqualsTheEventObject) {
  absl::StatusOr<Subscription> sub = Subscribe(NewCustomer(), NewPrice());
  ASSERT_THAT(sub, IsOk());
  At(kFeb1 - kWeek);
  std::vector<Invoice> previews = UpcomingSince(0);
  ASSERT_THAT(previews, SizeIs(1));
  const size_t before = events_.size();
  absl::StatusOr<Invoice> preview = Preview(absl::StrCat("subscription: \"", sub->id(), "\""));
  ASSERT_THAT(preview, IsOk());
  EXPECT_EQ(RenderJson(*preview), RenderJson(previews[0]));
  // The customer alone (before basil): its subscription renewing first.
  RequestOptions legacy;
  legacy.api_version = "2024-06-20";
  absl::StatusOr<Invoice> by_customer =
      Preview(absl::StrCat("customer: \"", sub->customer(), "\""), legacy);
  ASSERT_THAT(by_customer, IsOk());
  EXPECT_EQ(by_customer->subscription_id(), sub->id());
  absl::StatusOr<Invoice> upcoming = engine_.invoices().Upcoming(
      ParseParams<InvoiceUpcomingParams>(absl::StrCat("customer: \"", sub->customer(), "\"")),
      legacy);
  ASSERT_THAT(upcoming, IsOk());
  EXPECT_EQ(upcoming->amount_due(), 1500);
  EXPECT_EQ(events_.size(), before);  // previews emit nothing
  EXPECT_THAT(InvoicesOf(sub->id()), SizeIs(1));  // nor store anything
}

TEST_F(InvoiceUpcomingTest, PreviewErrors) {
  const std::string customer = NewCustomer();
  absl::StatusOr<Subscription> sub = Subscribe(customer, NewPrice());
  ASSERT_THAT(sub, IsOk());
  const std::string other = NewCustomer();
  EXPECT_THAT(Preview(""), StripeErrorWithParam("invalid_request_error", "parameter_missing",
                                                 "customer"));
  absl::StatusOr<Invoice> missing = Preview("customer: \"cus_nope\"");
  EXPECT_THAT(missing,
              StripeErrorWithParam("invalid_request_error", "resource_missing", "customer"));
  EXPECT_THAT(missing, HttpStatusIs(400));
  EXPECT_THAT(Preview("subscription: \"sub_nope\""),
              StripeErrorWithParam("invalid_request_error", "resource_missing", "subscription"));
  EXPECT_THAT(Preview(absl::StrCat("customer: \"", other, "\" subscription: \"", sub->id(),
                                   "\"")),
              StripeErrorWithParam("invalid_request_error", "", "subscription"));
  // From basil on, a customer alone is not previewed.
  EXPECT_THAT(Preview(absl::StrCat("customer: \"", customer, "\"")),
              StripeErrorWithParam("invalid_request_error", "parameter_missing", "subscription"));
  RequestOptions legacy;
  legacy.api_version = "2024-06-20";
  absl::StatusOr<Invoice> none = Preview(absl::StrCat("customer: \"", other, "\""), legacy);
  EXPECT_THAT(none, StripeErrorIs("invalid_request_error", "invoice_upcoming_none"));
  EXPECT_THAT(none, HttpStatusIs(404));
  ASSERT_THAT(engine_.subscriptions().Cancel(sub->id(), SubscriptionCancelNowParams()), IsOk());
  EXPECT_THAT(Preview(absl::StrCat("subscription: \"", sub->id(), "\"")),
              StripeErrorIs("invalid_request_error", "invoice_upcoming_none"));
  // GET /v1/invoices/upcoming is gone from basil on.
  absl::StatusOr<Invoice> gone = engine_.invoices().Upcoming(
      ParseParams<InvoiceUpcomingParams>(absl::StrCat("customer: \"", customer, "\"")));
  EXPECT_THAT(gone, StripeErrorIs("invalid_request_error", ""));
  EXPECT_THAT(gone, HttpStatusIs(404));
}

TEST_F(InvoiceUpcomingTest, OnATestClockFollowsTheClock) {
  constexpr int64_t kJun1 = 1748736000;  // 2025-06-01T00:00:00Z
  constexpr int64_t kJul1 = 1751328000;  // 2025-07-01T00:00:00Z
  absl::StatusOr<TestClock> clock = engine_.test_clocks().Create(
      ParseParams<TestClockCreateParams>(absl::StrCat("frozen_time: ", kJun1)));
  ASSERT_THAT(clock, IsOk());
  absl::StatusOr<Customer> customer = engine_.customers().Create(
      ParseParams<CustomerCreateParams>(absl::StrCat("test_clock: \"", clock->id(), "\"")));
  ASSERT_THAT(customer, IsOk());
  SetDefaultCard(customer->id(), AttachCard(customer->id(), "pm_card_visa"));
  absl::StatusOr<Subscription> sub = Subscribe(customer->id(), NewPrice(2500));
  ASSERT_THAT(sub, IsOk());
  auto advance = [&](int64_t to) {
    return engine_.test_clocks().Advance(
        clock->id(), ParseParams<TestClockAdvanceParams>(absl::StrCat("frozen_time: ", to)));
  };

  At(kStart + 60 * kDay);  // the engine's clock: nothing on the test clock
  EXPECT_THAT(UpcomingSince(0), IsEmpty());
  ASSERT_THAT(advance(kJul1 - kWeek - 1), IsOk());
  EXPECT_THAT(UpcomingSince(0), IsEmpty());
  const size_t first = events_.size();
  ASSERT_THAT(advance(kJul1 - kWeek), IsOk());
  std::vector<Invoice> previews = UpcomingSince(first);
  ASSERT_THAT(previews, SizeIs(1));
  EXPECT_EQ(previews[0].period_start(), kJul1);
  EXPECT_EQ(previews[0].amount_due(), 2500);
  for (size_t i = first; i < events_.size(); ++i) {
    if (events_[i].type() == "invoice.upcoming") EXPECT_EQ(events_[i].created(), kJul1 - kWeek);
  }
}

// An engine with `days` as its upcoming_invoice_days: the invoice.upcoming times of a monthly
// subscription created at FakeClock's start, through its first renewal.
std::vector<int64_t> NoticeTimes(int64_t days) {
  testing::FakeClock clock;
  EngineOptions options;
  options.clock = &clock;
  options.upcoming_invoice_days = days;
  Engine engine(options);
  std::vector<int64_t> times;
  engine.events().Subscribe({"invoice.upcoming"},
                            [&](const Event& e) { times.push_back(e.created()); });
  absl::StatusOr<Customer> customer = engine.customers().Create(CustomerCreateParams());
  EXPECT_THAT(customer, IsOk());
  absl::StatusOr<Price> price = engine.prices().Create(ParseParams<PriceCreateParams>(
      R"pb(currency: "usd" unit_amount: 900 product_data { name: "Plan" }
           recurring { interval: "month" })pb"));
  EXPECT_THAT(price, IsOk());
  PaymentMethodAttachParams attach;
  attach.set_customer(customer->id());
  absl::StatusOr<PaymentMethod> pm = engine.payment_methods().Attach("pm_card_visa", attach);
  EXPECT_THAT(pm, IsOk());
  EXPECT_THAT(engine.subscriptions().Create(ParseParams<SubscriptionCreateParams>(absl::StrCat(
                  "customer: \"", customer->id(), "\" items { price: \"", price->id(),
                  "\" } default_payment_method: \"", pm->id(), "\""))),
              IsOk());
  clock.Advance(absl::Hours(24 * 32));
  engine.FireDueTimers();
  return times;
}

TEST(InvoiceUpcomingOptionsTest, LeadTimeIsAnEngineOption) {
  constexpr int64_t kFeb1 = 1769904000;
  EXPECT_THAT(NoticeTimes(7), ElementsAre(kFeb1 - 7 * 86400));
  EXPECT_THAT(NoticeTimes(3), ElementsAre(kFeb1 - 3 * 86400));
  EXPECT_THAT(NoticeTimes(0), IsEmpty());
  EXPECT_THAT(NoticeTimes(40), IsEmpty());  // already inside the window when the period began
}

}  // namespace
}  // namespace paysim
