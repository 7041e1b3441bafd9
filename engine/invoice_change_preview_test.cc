// Behaviour tests of previews of subscription changes (create_preview's subscription_details,
// upcoming's subscription_items): the preview of a change equals what the same change then
// bills (create_prorations on the next renewal, always_invoice now, none), to the second and
// at the period's boundaries; proration lines as Stripe renders them; the legacy names and
// GET /v1/invoices/upcoming/lines; the errors; and that a preview changes nothing (events,
// objects, the id generator: the engine's snapshot is unchanged).
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "engine/billing_test_fixture.h"
#include "engine/json_render.h"

namespace paysim {
namespace {

using ::paysim::testing::IsOk;
using ::paysim::testing::ParseParams;
using ::paysim::testing::StripeErrorIs;
using ::paysim::testing::StripeErrorWithParam;
using ::testing::ElementsAre;
using ::testing::SizeIs;
using ::testing::StartsWith;

class InvoiceChangePreviewTest : public BillingTest {
 protected:
  // January has 31 days: a change on Jan 22 leaves 10 of 31 days.
  static constexpr int64_t kJan22 = kStart + 21 * kDay;

  void SetUp() override {
    price_ = NewPrice(3100);
    gold_ = NewPrice(6200);
  }

  // A subscription to `price_` of a new customer; its only item in `*item`.
  std::string NewSub(std::string* item) {
    absl::StatusOr<Subscription> sub = Subscribe(NewCustomer(), price_);
    EXPECT_THAT(sub, IsOk());
    if (!sub.ok()) return "";
    *item = sub->items().data(0).id();
    return sub->id();
  }

  absl::StatusOr<Invoice> Preview(const std::string& sub, const std::string& details,
                                  const RequestOptions& options = {}) {
    return engine_.invoices().CreatePreview(
        ParseParams<InvoiceCreatePreviewParams>(
            absl::StrCat("subscription: \"", sub, "\" subscription_details { ", details, " }")),
        options);
  }

  absl::StatusOr<Subscription> Change(const std::string& sub, const std::string& text) {
    return engine_.subscriptions().Update(sub, ParseParams<SubscriptionChangeParams>(text));
  }

  // An invoice's lines and amounts as a customer sees them (line ids and the invoice items
  // behind them left out: a preview's are temporary).
  static std::vector<std::string> Billed(const Invoice& invoice) {
    std::vector<std::string> out;
    out.push_back(absl::StrCat("subtotal ", invoice.subtotal(), " total ", invoice.total(),
                               " due ", invoice.amount_due(), " period ",
                               invoice.period_start(), "-", invoice.period_end()));
    for (const InvoiceLineItem& line : invoice.lines().data()) {
      out.push_back(absl::StrCat(
          line.amount(), " | ", line.description(), " | ", line.period().start(), "-",
          line.period().end(), " | q", line.quantity(), " | proration ",
          line.parent().invoice_item_details().proration() || line.proration(), " | ",
          invoice.legacy_shape() ? line.price().id() : line.pricing().price_details().price(),
          " | ", line.subscription_item()));
    }
    return out;
  }

  std::string price_, gold_;
};

TEST_F(InvoiceChangePreviewTest, UpgradePreviewEqualsTheRenewalAfterTheUpgrade) {
  std::string item;
  const std::string sub = NewSub(&item);
  const int64_t date = kJan22 + 12345;  // any second
  At(date + 600);
  const std::string change = absl::StrCat("items { id: \"", item, "\" price: \"", gold_,
                                          "\" } proration_date: ", date);
  absl::StatusOr<Invoice> preview = Preview(sub, change);
  ASSERT_THAT(preview, IsOk());
  EXPECT_FALSE(preview->has_id());
  EXPECT_EQ(preview->billing_reason(), "upcoming");
  EXPECT_EQ(preview->created(), kFeb1);
  ASSERT_THAT(preview->lines().data(), SizeIs(3));
  // The next period at the new price, then the credit and the debit of the change.
  const InvoiceLineItem& credit = preview->lines().data(1);
  const InvoiceLineItem& debit = preview->lines().data(2);
  EXPECT_EQ(preview->lines().data(0).amount(), 6200);
  EXPECT_FALSE(preview->lines().data(0).parent().invoice_item_details().proration());
  EXPECT_THAT(credit.id(), StartsWith("il_tmp_"));
  EXPECT_NE(credit.id(), debit.id());
  EXPECT_TRUE(credit.parent().invoice_item_details().proration());
  EXPECT_TRUE(debit.parent().invoice_item_details().proration());
  EXPECT_EQ(credit.description(), "Unused time on 1 × Plan after 22 Jan 2026");
  EXPECT_EQ(debit.description(), "Remaining time on 1 × Plan after 22 Jan 2026");
  EXPECT_EQ(credit.period().start(), date);
  EXPECT_EQ(credit.period().end(), kFeb1);
  const int64_t remaining = kFeb1 - date;
  const int64_t period = kFeb1 - kStart;
  EXPECT_EQ(credit.amount(), -((3100 * remaining * 2 + period) / (2 * period)));
  EXPECT_EQ(debit.amount(), (6200 * remaining * 2 + period) / (2 * period));
  EXPECT_EQ(preview->total(), 6200 + credit.amount() + debit.amount());

  // The same change, made later with the same proration_date, bills exactly that.
  At(date + 3600);
  ASSERT_THAT(Change(sub, change), IsOk());
  At(kFeb1);
  std::vector<Invoice> invoices = InvoicesOf(sub);
  ASSERT_THAT(invoices, SizeIs(2));
  EXPECT_EQ(invoices[1].billing_reason(), "subscription_cycle");
  EXPECT_EQ(Billed(invoices[1]), Billed(*preview));
}

TEST_F(InvoiceChangePreviewTest, PreviewEqualsTheChangeAtThePeriodsBoundaries) {
  // One subscription per proration_date: the period's start, a second after, a second before
  // its end (a change worth 0 after rounding, still two proration lines) and its end (nothing
  // left to prorate).
  const std::vector<int64_t> dates = {kStart, kStart + 1, kFeb1 - 1, kFeb1};
  std::vector<std::string> subs, changes;
  std::vector<Invoice> previews;
  for (int64_t date : dates) {
    std::string item;
    subs.push_back(NewSub(&item));
    changes.push_back(absl::StrCat("items { id: \"", item, "\" price: \"", gold_,
                                   "\" quantity: 2 } proration_date: ", date));
  }
  At(kJan22);
  for (size_t i = 0; i < dates.size(); ++i) {
    absl::StatusOr<Invoice> preview = Preview(subs[i], changes[i]);
    ASSERT_THAT(preview, IsOk()) << i;
    previews.push_back(*preview);
  }
  EXPECT_THAT(previews[0].lines().data(), SizeIs(3));
  EXPECT_EQ(previews[0].lines().data(1).amount(), -3100);      // the whole period credited
  EXPECT_EQ(previews[0].lines().data(2).amount(), 2 * 6200);   // and billed again
  EXPECT_THAT(previews[2].lines().data(), SizeIs(3));
  EXPECT_EQ(previews[2].lines().data(1).amount(), 0);
  EXPECT_THAT(previews[3].lines().data(), SizeIs(1));  // at the end: no proration
  for (size_t i = 0; i < dates.size(); ++i) ASSERT_THAT(Change(subs[i], changes[i]), IsOk());
  At(kFeb1);
  for (size_t i = 0; i < dates.size(); ++i) {
    std::vector<Invoice> invoices = InvoicesOf(subs[i]);
    ASSERT_THAT(invoices, SizeIs(2)) << i;
    EXPECT_EQ(Billed(invoices[1]), Billed(previews[i])) << i;
  }
  // A second outside the period either side is refused, naming the preview's param.
  std::string item;
  const std::string sub = NewSub(&item);
  const SubscriptionItem& period = Sub(sub).items().data(0);
  for (int64_t date : {period.current_period_start() - 1, period.current_period_end() + 1}) {
    EXPECT_THAT(Preview(sub, absl::StrCat("items { id: \"", item, "\" quantity: 2 } "
                                          "proration_date: ", date)),
                StripeErrorWithParam("invalid_request_error", "",
                                     "subscription_details[proration_date]"));
  }
}

TEST_F(InvoiceChangePreviewTest, AlwaysInvoicePreviewsTheInvoiceOfNow) {
  std::string item;
  const std::string sub = NewSub(&item);
  At(kJan22);
  const std::string change = absl::StrCat("items { id: \"", item, "\" price: \"", gold_,
                                          "\" } proration_behavior: \"always_invoice\"");
  absl::StatusOr<Invoice> preview = Preview(sub, change);
  ASSERT_THAT(preview, IsOk());
  EXPECT_EQ(preview->created(), kJan22);
  ASSERT_THAT(preview->lines().data(), SizeIs(2));  // the prorations only
  EXPECT_EQ(preview->amount_due(), 1000);             // -1000 + 2000
  ASSERT_THAT(Change(sub, change), IsOk());
  std::vector<Invoice> invoices = InvoicesOf(sub);
  ASSERT_THAT(invoices, SizeIs(2));
  EXPECT_EQ(invoices[1].billing_reason(), "subscription_update");
  EXPECT_EQ(Billed(invoices[1]), Billed(*preview));
}

TEST_F(InvoiceChangePreviewTest, AnotherIntervalPreviewsTheNewCyclesInvoiceNow) {
  std::string item;
  const std::string sub = NewSub(&item);
  const std::string yearly = NewPrice(30000, "year");
  At(kJan22);
  const std::string change =
      absl::StrCat("items { id: \"", item, "\" price: \"", yearly, "\" }");
  absl::StatusOr<Invoice> preview = Preview(sub, change);
  ASSERT_THAT(preview, IsOk());
  EXPECT_EQ(preview->created(), kJan22);
  EXPECT_EQ(preview->period_start(), kJan22);
  ASSERT_THAT(preview->lines().data(), SizeIs(2));  // the year, and the month's credit
  EXPECT_EQ(preview->amount_due(), 30000 - 1000);
  ASSERT_THAT(Change(sub, change), IsOk());
  std::vector<Invoice> invoices = InvoicesOf(sub);
  ASSERT_THAT(invoices, SizeIs(2));
  EXPECT_EQ(Billed(invoices[1]), Billed(*preview));
}

TEST_F(InvoiceChangePreviewTest, NoneHasNoProrations) {
  std::string item;
  const std::string sub = NewSub(&item);
  At(kJan22);
  const std::string change = absl::StrCat("items { id: \"", item, "\" price: \"", gold_,
                                          "\" } proration_behavior: \"none\"");
  absl::StatusOr<Invoice> preview = Preview(sub, change);
  ASSERT_THAT(preview, IsOk());
  ASSERT_THAT(preview->lines().data(), SizeIs(1));
  EXPECT_EQ(preview->amount_due(), 6200);
  ASSERT_THAT(Change(sub, change), IsOk());
  At(kFeb1);
  EXPECT_EQ(Billed(InvoicesOf(sub)[1]), Billed(*preview));
}

TEST_F(InvoiceChangePreviewTest, AddedAndDeletedItems) {
  std::string item;
  const std::string sub = NewSub(&item);
  At(kJan22);
  const std::string change =
      absl::StrCat("items { id: \"", item, "\" deleted: true } items { price: \"", gold_,
                   "\" quantity: 3 } proration_date: ", kJan22);
  absl::StatusOr<Invoice> preview = Preview(sub, change);
  ASSERT_THAT(preview, IsOk());
  ASSERT_THAT(preview->lines().data(), SizeIs(3));
  EXPECT_EQ(preview->lines().data(0).amount(), 3 * 6200);
  EXPECT_EQ(preview->lines().data(0).subscription_item(), "si_tmp_0");  // no id drawn
  EXPECT_EQ(preview->lines().data(1).amount(), -1000);
  EXPECT_EQ(preview->lines().data(2).amount(), 6000);
  EXPECT_EQ(preview->lines().data(2).description(),
            "Remaining time on 3 × Plan after 22 Jan 2026");
  ASSERT_THAT(Change(sub, change), IsOk());
  At(kFeb1);
  std::vector<std::string> billed = Billed(InvoicesOf(sub)[1]);
  std::vector<std::string> previewed = Billed(*preview);
  ASSERT_EQ(billed.size(), previewed.size());
  EXPECT_EQ(billed[0], previewed[0]);
  EXPECT_EQ(billed[2], previewed[2]);  // the credit names the deleted item
  // The new item's lines name its id once it exists.
  EXPECT_THAT(billed[1], ::testing::HasSubstr(Sub(sub).items().data(0).id()));
}

TEST_F(InvoiceChangePreviewTest, CancelAtPeriodEnd) {
  std::string item;
  const std::string sub = NewSub(&item);
  EXPECT_THAT(Preview(sub, "cancel_at_period_end: true"),
              StripeErrorIs("invalid_request_error", "invoice_upcoming_none"));
  ASSERT_THAT(Change(sub, "cancel_at_period_end: true"), IsOk());
  absl::StatusOr<Invoice> resumed = Preview(sub, "cancel_at_period_end: false");
  ASSERT_THAT(resumed, IsOk());
  EXPECT_EQ(resumed->amount_due(), 3100);
}

TEST_F(InvoiceChangePreviewTest, CancelAtInTheNextPeriodEqualsItsRenewal) {
  std::string item;
  const std::string sub = NewSub(&item);
  const std::string change = absl::StrCat("cancel_at: \"", kFeb1 + 10 * kDay, "\"");
  absl::StatusOr<Invoice> preview = Preview(sub, change);
  ASSERT_THAT(preview, IsOk());
  ASSERT_THAT(preview->lines().data(), SizeIs(1));
  // 10 days of February's 28 at 3100: 1107.1.
  EXPECT_EQ(preview->lines().data(0).amount(), 1107);
  EXPECT_EQ(preview->period_end(), kFeb1 + 10 * kDay);
  ASSERT_THAT(Change(sub, change), IsOk());
  At(kFeb1);
  std::vector<Invoice> invoices = InvoicesOf(sub);
  ASSERT_THAT(invoices, SizeIs(2));
  EXPECT_EQ(Billed(invoices[1]), Billed(*preview));
  // A cancel_at before the period's end: nothing renews.
  EXPECT_THAT(Preview(sub, absl::StrCat("cancel_at: \"", kFeb1 + 5 * kDay, "\"")),
              StripeErrorIs("invalid_request_error", "invoice_upcoming_none"));
  EXPECT_THAT(Preview(sub, "cancel_at: \"later\""),
              StripeErrorWithParam("invalid_request_error", "parameter_invalid_integer",
                                   "subscription_details[cancel_at]"));
}

TEST_F(InvoiceChangePreviewTest, TrialEndMovedOrNow) {
  absl::StatusOr<Subscription> a = Subscribe(NewCustomer(), price_, "trial_period_days: 14");
  absl::StatusOr<Subscription> b = Subscribe(NewCustomer(), price_, "trial_period_days: 14");
  ASSERT_THAT(a, IsOk());
  ASSERT_THAT(b, IsOk());
  At(kStart + 3 * kDay);
  // Moved to day 20: the first paid period starts then.
  const int64_t moved = kStart + 20 * kDay;
  const std::string move = absl::StrCat("trial_end: \"", moved, "\"");
  absl::StatusOr<Invoice> later = Preview(a->id(), move);
  ASSERT_THAT(later, IsOk());
  EXPECT_EQ(later->created(), moved);
  EXPECT_EQ(later->period_start(), moved);
  EXPECT_EQ(later->amount_due(), 3100);
  // Ended now: billed now.
  absl::StatusOr<Invoice> now = Preview(b->id(), "trial_end: \"now\"");
  ASSERT_THAT(now, IsOk());
  EXPECT_EQ(now->created(), kStart + 3 * kDay);
  EXPECT_EQ(now->amount_due(), 3100);

  ASSERT_THAT(Change(b->id(), "trial_end: \"now\""), IsOk());
  std::vector<Invoice> b_invoices = InvoicesOf(b->id());
  ASSERT_THAT(b_invoices, SizeIs(2));
  EXPECT_EQ(Billed(b_invoices[1]), Billed(*now));
  ASSERT_THAT(Change(a->id(), move), IsOk());
  At(moved);
  std::vector<Invoice> a_invoices = InvoicesOf(a->id());
  ASSERT_THAT(a_invoices, SizeIs(2));
  EXPECT_EQ(Billed(a_invoices[1]), Billed(*later));
  // Only a trial moves (as an update).
  EXPECT_THAT(Preview(b->id(), move),
              StripeErrorWithParam("invalid_request_error", "", "subscription_details[trial_end]"));
  EXPECT_THAT(Preview(a->id(), "trial_end: \"soon\""),
              StripeErrorWithParam("invalid_request_error", "parameter_invalid_integer",
                                   "subscription_details[trial_end]"));
}

TEST_F(InvoiceChangePreviewTest, OnATestClockProratesAtTheClocksNow) {
  constexpr int64_t kJun1 = 1748736000;   // 2025-06-01T00:00:00Z
  constexpr int64_t kJun21 = 1750464000;  // 2025-06-21T00:00:00Z: 10 of 30 days left
  absl::StatusOr<TestClock> clock = engine_.test_clocks().Create(
      ParseParams<TestClockCreateParams>(absl::StrCat("frozen_time: ", kJun1)));
  ASSERT_THAT(clock, IsOk());
  absl::StatusOr<Customer> customer = engine_.customers().Create(
      ParseParams<CustomerCreateParams>(absl::StrCat("test_clock: \"", clock->id(), "\"")));
  ASSERT_THAT(customer, IsOk());
  SetDefaultCard(customer->id(), AttachCard(customer->id(), "pm_card_visa"));
  absl::StatusOr<Subscription> sub = Subscribe(customer->id(), NewPrice(3000));
  ASSERT_THAT(sub, IsOk());
  ASSERT_THAT(engine_.test_clocks().Advance(clock->id(), ParseParams<TestClockAdvanceParams>(
                                                             absl::StrCat("frozen_time: ", kJun21))),
              IsOk());
  At(kJan22);  // the engine's own clock elsewhere
  absl::StatusOr<Invoice> preview =
      Preview(sub->id(), absl::StrCat("items { id: \"", sub->items().data(0).id(),
                                      "\" quantity: 2 }"));
  ASSERT_THAT(preview, IsOk());
  ASSERT_THAT(preview->lines().data(), SizeIs(3));
  EXPECT_EQ(preview->lines().data(1).period().start(), kJun21);
  EXPECT_EQ(preview->lines().data(1).amount(), -1000);
  EXPECT_EQ(preview->lines().data(2).amount(), 2000);
}

TEST_F(InvoiceChangePreviewTest, LegacyUpcomingAndItsLines) {
  std::string item;
  const std::string sub = NewSub(&item);
  At(kJan22);
  RequestOptions legacy;
  legacy.api_version = "2024-06-20";
  const std::string legacy_change =
      absl::StrCat("subscription: \"", sub, "\" subscription_items { id: \"", item,
                   "\" price: \"", gold_, "\" } subscription_proration_date: ", kJan22);
  absl::StatusOr<Invoice> upcoming = engine_.invoices().Upcoming(
      ParseParams<InvoiceUpcomingParams>(legacy_change), legacy);
  ASSERT_THAT(upcoming, IsOk());
  ASSERT_THAT(upcoming->lines().data(), SizeIs(3));
  EXPECT_EQ(upcoming->amount_due(), 6200 - 1000 + 2000);
  // Before basil every line says whether it is a proration.
  EXPECT_THAT(RenderJson(upcoming->lines().data(0)),
              ::testing::HasSubstr("\"proration\": false"));
  EXPECT_THAT(RenderJson(upcoming->lines().data(1)),
              ::testing::HasSubstr("\"proration\": true"));
  absl::StatusOr<Invoice> basil =
      Preview(sub, absl::StrCat("items { id: \"", item, "\" price: \"", gold_,
                                "\" } proration_date: ", kJan22));
  ASSERT_THAT(basil, IsOk());
  EXPECT_EQ(Billed(*upcoming), Billed(*basil));

  absl::StatusOr<ListResult<InvoiceLineItem>> page = engine_.invoices().UpcomingLines(
      ParseParams<InvoiceUpcomingLinesParams>(absl::StrCat(legacy_change, " limit: 2")),
      legacy);
  ASSERT_THAT(page, IsOk());
  ASSERT_THAT(page->data, SizeIs(2));
  EXPECT_TRUE(page->has_more);
  EXPECT_EQ(page->url, "/v1/invoices/upcoming/lines");
  absl::StatusOr<ListResult<InvoiceLineItem>> rest = engine_.invoices().UpcomingLines(
      ParseParams<InvoiceUpcomingLinesParams>(absl::StrCat(
          legacy_change, " limit: 2 starting_after: \"", page->data[1].id(), "\"")),
      legacy);
  ASSERT_THAT(rest, IsOk());
  ASSERT_THAT(rest->data, SizeIs(1));
  EXPECT_FALSE(rest->has_more);
  EXPECT_EQ(rest->data[0].amount(), 2000);
  // Errors name the legacy params.
  EXPECT_THAT(engine_.invoices().Upcoming(
                  ParseParams<InvoiceUpcomingParams>(absl::StrCat(
                      "subscription: \"", sub, "\" subscription_proration_behavior: \"x\"")),
                  legacy),
              StripeErrorWithParam("invalid_request_error", "",
                                   "subscription_proration_behavior"));
  EXPECT_THAT(engine_.invoices().Upcoming(
                  ParseParams<InvoiceUpcomingParams>(absl::StrCat(
                      "subscription: \"", sub, "\" subscription_items { id: \"si_nope\" }")),
                  legacy),
              StripeErrorWithParam("invalid_request_error", "resource_missing",
                                   "subscription_items[0][id]"));
  // Gone from basil on.
  EXPECT_THAT(engine_.invoices().UpcomingLines(
                  ParseParams<InvoiceUpcomingLinesParams>(legacy_change)),
              StripeErrorIs("invalid_request_error", ""));
}

TEST_F(InvoiceChangePreviewTest, ErrorsNameTheDetailsParams) {
  std::string item;
  const std::string sub = NewSub(&item);
  At(kJan22);
  EXPECT_THAT(Preview(sub, "items { id: \"si_nope\" quantity: 2 }"),
              StripeErrorWithParam("invalid_request_error", "resource_missing",
                                   "subscription_details[items][0][id]"));
  EXPECT_THAT(Preview(sub, absl::StrCat("items { id: \"", item,
                                        "\" price: \"price_nope\" }")),
              StripeErrorWithParam("invalid_request_error", "resource_missing",
                                   "subscription_details[items][0][price]"));
  EXPECT_THAT(Preview(sub, absl::StrCat("items { id: \"", item, "\" quantity: -1 }")),
              StripeErrorWithParam("invalid_request_error", "parameter_invalid_integer",
                                   "subscription_details[items][0][quantity]"));
  EXPECT_THAT(Preview(sub, "proration_behavior: \"sometimes\""),
              StripeErrorWithParam("invalid_request_error", "",
                                   "subscription_details[proration_behavior]"));
  EXPECT_THAT(Preview(sub, "items { quantity: 2 }"),
              StripeErrorWithParam("invalid_request_error", "parameter_missing",
                                   "subscription_details[items][0][price]"));
  // A change needs the subscription it changes.
  EXPECT_THAT(engine_.invoices().CreatePreview(ParseParams<InvoiceCreatePreviewParams>(
                  absl::StrCat("customer: \"", Sub(sub).customer(),
                               "\" subscription_details { proration_behavior: \"none\" }"))),
              StripeErrorWithParam("invalid_request_error", "parameter_missing",
                                   "subscription"));
  ASSERT_THAT(engine_.subscriptions().Cancel(sub, SubscriptionCancelNowParams()), IsOk());
  EXPECT_THAT(Preview(sub, "proration_behavior: \"none\""),
              StripeErrorWithParam("invalid_request_error", "", "subscription"));
}

TEST_F(InvoiceChangePreviewTest, APreviewChangesNothing) {
  std::string item;
  const std::string sub = NewSub(&item);
  const std::string silver = NewPrice(4000);
  At(kJan22);
  const size_t events = events_.size();
  const std::string before = Snapshot();
  // A refused preview, then one of each behaviour (a new item among them).
  EXPECT_THAT(Preview(sub, absl::StrCat("items { id: \"", item, "\" price: \"", gold_,
                                        "\" } items { price: \"", gold_, "\" }")),
              StripeErrorWithParam("invalid_request_error", "",
                                   "subscription_details[items][1][price]"));
  for (const char* behavior : {"create_prorations", "always_invoice", "none"}) {
    EXPECT_THAT(Preview(sub, absl::StrCat("items { id: \"", item, "\" price: \"", gold_,
                                          "\" } items { price: \"", silver, "\" } ",
                                          "proration_behavior: \"", behavior, "\"")),
                IsOk());
  }
  EXPECT_EQ(events_.size(), events);  // no event
  EXPECT_EQ(Snapshot(), before);      // no object, no id drawn, no timer
}

}  // namespace
}  // namespace paysim
