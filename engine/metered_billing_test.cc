// Behaviour tests of usage-based billing: metered prices on a billing meter, what the first,
// renewal, upcoming and final invoices bill (usage in arrears, each period end one second either
// side), trials, prorations, tiers, and the refusals of recurring[meter].
#include <string>
#include <vector>

#include "engine/billing_test_fixture.h"

namespace paysim {
namespace {

using ::paysim::testing::IsOk;
using ::paysim::testing::ParseParams;
using ::paysim::testing::StripeErrorWithParam;

class MeteredBillingTest : public BillingTest {
 protected:
  MeteredBillingTest() {
    absl::StatusOr<BillingMeter> meter =
        engine_.meters().Create(ParseParams<BillingMeterCreateParams>(
            R"pb(display_name: "API calls" event_name: "api_call"
                 default_aggregation { formula: "sum" })pb"));
    EXPECT_THAT(meter, IsOk());
    meter_ = meter.value_or(BillingMeter()).id();
  }

  absl::StatusOr<Price> CreatePrice(const std::string& more) {
    return engine_.prices().Create(ParseParams<PriceCreateParams>(
        absl::StrCat("currency: \"usd\" product_data { name: \"API\" } ", more)));
  }

  // A metered price of `unit_amount` per call, monthly, on the fixture's meter.
  std::string MeteredPrice(int64_t unit_amount = 10) {
    absl::StatusOr<Price> price = CreatePrice(absl::StrCat(
        "unit_amount: ", unit_amount, " recurring { interval: \"month\" usage_type: \"metered\" ",
        "meter: \"", meter_, "\" }"));
    EXPECT_THAT(price, IsOk());
    return price.ok() ? price->id() : "";
  }

  void Report(const std::string& customer, int64_t value, int64_t timestamp) {
    BillingMeterEventCreateParams params;
    params.set_event_name("api_call");
    (*params.mutable_payload())["stripe_customer_id"] = customer;
    (*params.mutable_payload())["value"] = std::to_string(value);
    params.set_timestamp(timestamp);
    EXPECT_THAT(engine_.meter_events().Create(params), IsOk());
  }

  // The line of `invoice` that bills `price`.
  static InvoiceLineItem LineOf(const Invoice& invoice, const std::string& price) {
    for (const InvoiceLineItem& line : invoice.lines().data()) {
      if (line.pricing().price_details().price() == price) return line;
    }
    ADD_FAILURE() << "no line of " << price;
    return InvoiceLineItem();
  }

  std::string meter_;
};

TEST_F(MeteredBillingTest, AMeteredPriceNamesItsMeter) {
  const std::string id = MeteredPrice();
  absl::StatusOr<Price> price = engine_.prices().Retrieve(id);
  ASSERT_THAT(price, IsOk());
  EXPECT_EQ(price->recurring().usage_type(), "metered");
  EXPECT_EQ(price->recurring().meter(), meter_);
  // A licensed price has none.
  absl::StatusOr<Price> licensed = engine_.prices().Retrieve(NewPrice());
  ASSERT_THAT(licensed, IsOk());
  EXPECT_FALSE(licensed->recurring().has_meter());
}

TEST_F(MeteredBillingTest, RecurringMeterRefusals) {
  EXPECT_THAT(CreatePrice(
                  R"pb(unit_amount: 10 recurring { interval: "month" usage_type: "metered" })pb"),
              StripeErrorWithParam("invalid_request_error", "parameter_missing",
                                   "recurring[meter]"));
  EXPECT_THAT(CreatePrice(absl::StrCat(
                  R"pb(unit_amount: 10 recurring { interval: "month" meter: ")pb", meter_, "\" }")),
              StripeErrorWithParam("invalid_request_error", "", "recurring[meter]"));
  EXPECT_THAT(CreatePrice(R"pb(unit_amount: 10 recurring { interval: "month" usage_type: "metered"
                               meter: "mtr_missing" })pb"),
              StripeErrorWithParam("invalid_request_error", "resource_missing",
                                   "recurring[meter]"));
  ASSERT_THAT(engine_.meters().Deactivate(meter_, BillingMeterDeactivateParams()), IsOk());
  EXPECT_THAT(CreatePrice(absl::StrCat(R"pb(unit_amount: 10 recurring { interval: "month"
                                            usage_type: "metered" meter: ")pb",
                                       meter_, "\" }")),
              StripeErrorWithParam("invalid_request_error", "", "recurring[meter]"));
  PriceListParams all;
  EXPECT_TRUE(engine_.prices().List(all)->data.empty());
}

TEST_F(MeteredBillingTest, BeforeBasilAMeteredPriceMayGoWithoutAMeter) {
  RequestOptions acacia;
  acacia.api_version = "2025-02-24.acacia";
  absl::StatusOr<Price> price = engine_.prices().Create(
      ParseParams<PriceCreateParams>(
          R"pb(currency: "usd" unit_amount: 10 product_data { name: "Legacy" }
               recurring { interval: "month" usage_type: "metered" })pb"),
      acacia);
  ASSERT_THAT(price, IsOk());
  EXPECT_FALSE(price->recurring().has_meter());
}

TEST_F(MeteredBillingTest, UsageIsBilledInArrearsAtEachRenewal) {
  const std::string customer = NewCustomer();
  const std::string metered = MeteredPrice(10);
  const std::string licensed = NewPrice(1500);
  absl::StatusOr<Subscription> sub =
      Subscribe(customer, licensed, absl::StrCat("items { price: \"", metered, "\" }"));
  ASSERT_THAT(sub, IsOk());
  // The first invoice bills the licensed month ahead and no usage yet.
  std::vector<Invoice> invoices = InvoicesOf(sub->id());
  ASSERT_EQ(invoices.size(), 1u);
  EXPECT_EQ(invoices[0].total(), 1500);
  InvoiceLineItem usage = LineOf(invoices[0], metered);
  EXPECT_EQ(usage.quantity(), 0);
  EXPECT_EQ(usage.amount(), 0);
  EXPECT_EQ(usage.description(), "0 × API (at 10 / month)");

  // Usage in January, one second inside each end, and one second after it (February's).
  Report(customer, 1, kStart - 1);  // before the subscription: never billed
  Report(customer, 25, kStart);
  At(kFeb1 - 10);
  Report(customer, 5, kFeb1 - 1);
  // The upcoming invoice shows the usage so far.
  InvoiceUpcomingParams upcoming;
  upcoming.set_subscription(sub->id());
  RequestOptions acacia;
  acacia.api_version = "2025-02-24.acacia";
  absl::StatusOr<Invoice> preview = engine_.invoices().Upcoming(upcoming, acacia);
  ASSERT_THAT(preview, IsOk());
  EXPECT_EQ(preview->total(), 1500 + 300);
  Report(customer, 7, kFeb1);

  At(kFeb1 - 1);
  EXPECT_EQ(InvoicesOf(sub->id()).size(), 1u);
  At(kFeb1);
  invoices = InvoicesOf(sub->id());
  ASSERT_EQ(invoices.size(), 2u);
  usage = LineOf(invoices[1], metered);
  EXPECT_EQ(usage.quantity(), 30);
  EXPECT_EQ(usage.amount(), 300);
  EXPECT_EQ(usage.period().start(), kStart);
  EXPECT_EQ(usage.period().end(), kFeb1);
  const InvoiceLineItem month = LineOf(invoices[1], licensed);
  EXPECT_EQ(month.period().start(), kFeb1);
  EXPECT_EQ(month.period().end(), kMar1);
  EXPECT_EQ(invoices[1].total(), 1800);

  // February's usage comes with March's renewal.
  At(kMar1);
  invoices = InvoicesOf(sub->id());
  ASSERT_EQ(invoices.size(), 3u);
  EXPECT_EQ(LineOf(invoices[2], metered).quantity(), 7);
  EXPECT_EQ(invoices[2].total(), 1570);
}

TEST_F(MeteredBillingTest, ATrialsUsageIsFree) {
  const std::string customer = NewCustomer();
  const std::string metered = MeteredPrice(10);
  absl::StatusOr<Subscription> sub = Subscribe(customer, metered, "trial_period_days: 7");
  ASSERT_THAT(sub, IsOk());
  const int64_t trial_end = kStart + 7 * kDay;
  At(kStart + kDay);
  Report(customer, 40, kStart + kDay);
  At(trial_end - 1);
  Report(customer, 3, trial_end);
  At(trial_end);
  std::vector<Invoice> invoices = InvoicesOf(sub->id());
  ASSERT_EQ(invoices.size(), 2u);
  EXPECT_EQ(LineOf(invoices[1], metered).quantity(), 0);
  EXPECT_EQ(invoices[1].total(), 0);
  // The first paid period's usage is billed at its end.
  const int64_t next = Sub(sub->id()).items().data(0).current_period_end();
  At(next);
  invoices = InvoicesOf(sub->id());
  ASSERT_EQ(invoices.size(), 3u);
  EXPECT_EQ(LineOf(invoices[2], metered).quantity(), 3);
  EXPECT_EQ(invoices[2].total(), 30);
}

TEST_F(MeteredBillingTest, MeteredItemsAreNeverProrated) {
  const std::string customer = NewCustomer();
  const std::string metered = MeteredPrice(10);
  absl::StatusOr<Subscription> sub = Subscribe(customer, metered);
  ASSERT_THAT(sub, IsOk());
  At(kStart + 10 * kDay);
  SubscriptionChangeParams change;
  SubscriptionUpdateItemParams* item = change.add_items();
  item->set_id(sub->items().data(0).id());
  item->set_price(MeteredPrice(20));
  ASSERT_THAT(engine_.subscriptions().Update(sub->id(), change), IsOk());
  EXPECT_TRUE(InvoiceItemsOf(customer).empty());
}

TEST_F(MeteredBillingTest, TieredUsageBillsItsTiers) {
  const std::string customer = NewCustomer();
  absl::StatusOr<Price> price = CreatePrice(absl::StrCat(
      R"pb(billing_scheme: "tiered" tiers_mode: "graduated"
           tiers { up_to: "100" unit_amount: 5 } tiers { up_to: "inf" unit_amount: 2 }
           recurring { interval: "month" usage_type: "metered" meter: ")pb",
      meter_, "\" }"));
  ASSERT_THAT(price, IsOk());
  absl::StatusOr<Subscription> sub = Subscribe(customer, price->id());
  ASSERT_THAT(sub, IsOk());
  At(kStart + kDay);
  Report(customer, 150, kStart + kDay);
  At(kFeb1);
  std::vector<Invoice> invoices = InvoicesOf(sub->id());
  ASSERT_EQ(invoices.size(), 2u);
  EXPECT_EQ(invoices[1].total(), 100 * 5 + 50 * 2);
}

TEST_F(MeteredBillingTest, CancellingBillsTheUsageSoFar) {
  const std::string customer = NewCustomer();
  const std::string metered = MeteredPrice(10);
  absl::StatusOr<Subscription> now_sub = Subscribe(customer, metered);
  ASSERT_THAT(now_sub, IsOk());
  At(kStart + 5 * kDay);
  Report(customer, 12, kStart + 5 * kDay);
  At(kStart + 9 * kDay);
  // invoice_now: a final invoice bills the usage so far.
  SubscriptionCancelNowParams cancel;
  cancel.set_invoice_now(true);
  ASSERT_THAT(engine_.subscriptions().Cancel(now_sub->id(), cancel), IsOk());
  std::vector<Invoice> invoices = InvoicesOf(now_sub->id());
  ASSERT_EQ(invoices.size(), 2u);
  const InvoiceLineItem usage = LineOf(invoices[1], metered);
  EXPECT_EQ(usage.quantity(), 12);
  EXPECT_EQ(usage.period().start(), kStart);
  EXPECT_EQ(usage.period().end(), kStart + 9 * kDay);
  EXPECT_EQ(invoices[1].status(), "paid");
  EXPECT_EQ(invoices[1].amount_paid(), 120);

  // cancel_at_period_end: the period's usage is billed as it ends (one second early: nothing).
  const std::string other = NewCustomer();
  absl::StatusOr<Subscription> later = Subscribe(other, metered);
  ASSERT_THAT(later, IsOk());
  Report(other, 3, kStart + 9 * kDay);
  SubscriptionChangeParams at_end;
  at_end.set_cancel_at_period_end(true);
  ASSERT_THAT(engine_.subscriptions().Update(later->id(), at_end), IsOk());
  const int64_t end = Sub(later->id()).items().data(0).current_period_end();
  At(end - 1);
  EXPECT_EQ(InvoicesOf(later->id()).size(), 1u);
  At(end);
  EXPECT_EQ(Sub(later->id()).status(), "canceled");
  invoices = InvoicesOf(later->id());
  ASSERT_EQ(invoices.size(), 2u);
  EXPECT_EQ(LineOf(invoices[1], metered).quantity(), 3);
  EXPECT_EQ(invoices[1].amount_paid(), 30);
}

TEST_F(MeteredBillingTest, UsageReportedWithinTheGraceHourIsBilled) {
  const std::string customer = NewCustomer();
  const std::string metered = MeteredPrice(10);
  absl::StatusOr<Subscription> sub = Subscribe(customer, metered);
  ASSERT_THAT(sub, IsOk());
  At(kFeb1 - 60);
  Report(customer, 4, kFeb1 - 60);
  At(kFeb1);
  std::vector<Invoice> invoices = InvoicesOf(sub->id());
  ASSERT_EQ(invoices.size(), 2u);
  EXPECT_EQ(invoices[1].status(), "draft");
  EXPECT_EQ(LineOf(invoices[1], metered).quantity(), 4);
  // Reported late, dated in January: the draft takes it when it is finalized, an hour later.
  At(kFeb1 + 30 * 60);
  Report(customer, 6, kFeb1 - 1);
  Report(customer, 100, kFeb1);  // February's
  At(kFeb1 + kHour - 1);
  EXPECT_EQ(Inv(invoices[1].id()).status(), "draft");
  At(kFeb1 + kHour);
  const Invoice finalized = Inv(invoices[1].id());
  EXPECT_EQ(finalized.status(), "paid");
  const InvoiceLineItem usage = LineOf(finalized, metered);
  EXPECT_EQ(usage.id(), LineOf(invoices[1], metered).id());
  EXPECT_EQ(usage.quantity(), 10);
  EXPECT_EQ(usage.amount(), 100);
  EXPECT_EQ(usage.description(), "10 × API (at 10 / month)");
  EXPECT_EQ(finalized.total(), 100);
  EXPECT_EQ(finalized.amount_paid(), 100);
  // Too late: the invoice is final; the usage is not billed twice or later.
  Report(customer, 9, kFeb1 - 1);
  EXPECT_EQ(Inv(invoices[1].id()).total(), 100);
}

TEST_F(MeteredBillingTest, AMeteredItemHasNoQuantity) {
  const std::string customer = NewCustomer();
  const std::string metered = MeteredPrice(10);
  const std::string licensed = NewPrice(1500);
  EXPECT_THAT(Subscribe(customer, metered, "items { price: \"" + licensed + "\" }")
                  .status(),
              IsOk());
  // Given a quantity, Stripe refuses it.
  absl::StatusOr<Subscription> refused = engine_.subscriptions().Create(
      ParseParams<SubscriptionCreateParams>(absl::StrCat(
          "customer: \"", customer, "\" items { price: \"", metered, "\" quantity: 2 }")));
  EXPECT_THAT(refused, StripeErrorWithParam("invalid_request_error", "", "items[0][quantity]"));
  absl::StatusOr<Subscription> sub = Subscribe(customer, metered);
  ASSERT_THAT(sub, IsOk());
  EXPECT_FALSE(sub->items().data(0).has_quantity());
  SubscriptionChangeParams change;
  SubscriptionUpdateItemParams* item = change.add_items();
  item->set_id(sub->items().data(0).id());
  item->set_quantity(3);
  EXPECT_THAT(engine_.subscriptions().Update(sub->id(), change),
              StripeErrorWithParam("invalid_request_error", "", "items[0][quantity]"));
  // Moved to a licensed price it has one again (1), and back to a metered price none.
  item->clear_quantity();
  item->set_price(licensed);
  absl::StatusOr<Subscription> moved = engine_.subscriptions().Update(sub->id(), change);
  ASSERT_THAT(moved, IsOk());
  EXPECT_EQ(moved->items().data(0).quantity(), 1);
  item->set_price(metered);
  moved = engine_.subscriptions().Update(sub->id(), change);
  ASSERT_THAT(moved, IsOk());
  EXPECT_FALSE(moved->items().data(0).has_quantity());
  // POST /v1/subscription_items the same.
  SubscriptionItemCreateParams add;
  add.set_subscription(sub->id());
  add.set_price(MeteredPrice(5));
  add.set_quantity(1);
  EXPECT_THAT(engine_.subscription_items().Create(add),
              StripeErrorWithParam("invalid_request_error", "", "quantity"));
  add.clear_quantity();
  absl::StatusOr<SubscriptionItem> added = engine_.subscription_items().Create(add);
  ASSERT_THAT(added, IsOk());
  EXPECT_FALSE(added->has_quantity());
}

TEST_F(MeteredBillingTest, ASchedulePhaseOfAMeteredPrice) {
  const std::string customer = NewCustomer();
  const std::string metered = MeteredPrice(10);
  const std::string base = absl::StrCat("customer: \"", customer,
                                        "\" start_date: \"now\" phases { iterations: 2 ");
  EXPECT_THAT(engine_.subscription_schedules().Create(
                  ParseParams<SubscriptionScheduleCreateParams>(absl::StrCat(
                      base, "items { price: \"", metered, "\" quantity: 1 } }"))),
              StripeErrorWithParam("invalid_request_error", "",
                                   "phases[0][items][0][quantity]"));
  absl::StatusOr<SubscriptionSchedule> schedule = engine_.subscription_schedules().Create(
      ParseParams<SubscriptionScheduleCreateParams>(
          absl::StrCat(base, "items { price: \"", metered, "\" } }")));
  ASSERT_THAT(schedule, IsOk());
  EXPECT_FALSE(schedule->phases(0).items(0).has_quantity());
  const Subscription sub = Sub(schedule->subscription());
  EXPECT_FALSE(sub.items().data(0).has_quantity());
  At(kStart + kDay);
  Report(customer, 8, kStart + kDay);
  At(kFeb1);
  std::vector<Invoice> invoices = InvoicesOf(sub.id());
  ASSERT_EQ(invoices.size(), 2u);
  EXPECT_EQ(LineOf(invoices[1], metered).quantity(), 8);
}

}  // namespace
}  // namespace paysim
