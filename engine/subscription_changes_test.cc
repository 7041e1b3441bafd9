// Behaviour tests of subscription changes: prorations exact to the second for an upgrade, a
// downgrade and a quantity change; the boundaries (at the period's start, one second after,
// one second before its end); always_invoice charging now; none; a new interval restarting the
// cycle; pending prorations on the next renewal; cancel with prorate / invoice_now.
#include <string>
#include <vector>

#include "engine/billing_test_fixture.h"

namespace paysim {
namespace {

using ::paysim::testing::IsOk;
using ::paysim::testing::ParseParams;
using ::paysim::testing::HttpStatusIs;
using ::paysim::testing::StripeErrorIs;
using ::paysim::testing::StripeErrorWithParam;
using ::testing::ElementsAre;

class SubscriptionChangesTest : public BillingTest {
 protected:
  // January has 31 days: a change on Jan 22 leaves 10 of 31 days.
  static constexpr int64_t kJan22 = kStart + 21 * kDay;

  void SetUp() override {
    customer_ = NewCustomer();
    price_ = NewPrice(3100);
    absl::StatusOr<Subscription> sub = Subscribe(customer_, price_);
    ASSERT_THAT(sub, IsOk());
    sub_ = sub->id();
    item_ = sub->items().data(0).id();
  }

  absl::StatusOr<Subscription> Change(const std::string& text) {
    return engine_.subscriptions().Update(sub_, ParseParams<SubscriptionChangeParams>(text));
  }

  std::string ItemChange(const std::string& fields, const std::string& more = "") {
    return absl::StrCat("items { id: \"", item_, "\" ", fields, " } ", more);
  }

  std::vector<InvoiceItem> Items() { return InvoiceItemsOf(customer_); }

  std::string customer_, price_, sub_, item_;
};

TEST_F(SubscriptionChangesTest, UpgradeProratesToTheSecond) {
  const std::string gold = NewPrice(6200);
  At(kJan22);
  const size_t first = events_.size();
  absl::StatusOr<Subscription> after = Change(ItemChange(absl::StrCat("price: \"", gold, "\"")));
  ASSERT_THAT(after, IsOk());
  EXPECT_EQ(after->items().data(0).id(), item_);  // the item keeps its id
  EXPECT_EQ(after->items().data(0).price().id(), gold);
  EXPECT_THAT(TypesSince(first), ElementsAre("customer.subscription.updated",
                                             "invoiceitem.created", "invoiceitem.created"));
  EXPECT_NE(events_[first].data().previous_attributes(), "");
  std::vector<InvoiceItem> items = Items();
  ASSERT_EQ(items.size(), 2u);
  EXPECT_EQ(items[0].amount(), -1000);  // 3100 x 10/31 days
  EXPECT_EQ(items[0].description(), "Unused time on 1 × Plan after 22 Jan 2026");
  EXPECT_EQ(items[1].amount(), 2000);   // 6200 x 10/31 days
  EXPECT_EQ(items[1].description(), "Remaining time on 1 × Plan after 22 Jan 2026");
  for (const InvoiceItem& item : items) {
    EXPECT_TRUE(item.proration());
    EXPECT_FALSE(item.has_invoice());  // pending until the next invoice
    EXPECT_EQ(item.subscription(), sub_);
    EXPECT_EQ(item.subscription_item(), item_);
    EXPECT_EQ(item.period().start(), kJan22);
    EXPECT_EQ(item.period().end(), kFeb1);
  }
  EXPECT_EQ(InvoicesOf(sub_).size(), 1u);  // nothing invoiced now
}

TEST_F(SubscriptionChangesTest, DowngradeAndQuantityChange) {
  const std::string basic = NewPrice(1550);
  At(kJan22);
  ASSERT_THAT(Change(ItemChange(absl::StrCat("price: \"", basic, "\""))), IsOk());
  At(kJan22 + 5 * kDay);  // 5 of 31 days remain; the quantity goes to 3
  ASSERT_THAT(Change(ItemChange("quantity: 3")), IsOk());
  std::vector<InvoiceItem> items = Items();
  ASSERT_EQ(items.size(), 4u);
  EXPECT_EQ(items[0].amount(), -1000);
  EXPECT_EQ(items[1].amount(), 500);   // 1550 x 10/31
  EXPECT_EQ(items[2].amount(), -250);  // 1550 x 5/31
  EXPECT_EQ(items[3].amount(), 750);   // 3 x 1550 x 5/31
  EXPECT_EQ(items[3].quantity(), 3);
  EXPECT_EQ(items[3].description(), "Remaining time on 3 × Plan after 27 Jan 2026");
}

TEST_F(SubscriptionChangesTest, Boundaries) {
  // At the period's start: the whole period credited at the old quantity, debited at the new.
  ASSERT_THAT(Change(ItemChange("quantity: 2")), IsOk());
  std::vector<InvoiceItem> items = Items();
  ASSERT_EQ(items.size(), 2u);
  EXPECT_EQ(items[0].amount(), -3100);
  EXPECT_EQ(items[1].amount(), 6200);
  // One second later: the full amounts, rounded (3100 x (period - 1) / period).
  At(kStart + 1);
  ASSERT_THAT(Change(ItemChange("quantity: 3")), IsOk());
  items = Items();
  ASSERT_EQ(items.size(), 4u);
  EXPECT_EQ(items[2].amount(), -6200);
  EXPECT_EQ(items[3].amount(), 9300);
  // One second before the period's end: one second is worth nothing.
  At(kFeb1 - 1);
  ASSERT_THAT(Change(ItemChange("quantity: 1")), IsOk());
  items = Items();
  ASSERT_EQ(items.size(), 6u);
  EXPECT_EQ(items[4].amount(), 0);
  EXPECT_EQ(items[5].amount(), 0);
  EXPECT_EQ(items[4].period().start(), kFeb1 - 1);
}

TEST_F(SubscriptionChangesTest, ProrationDateChoosesTheInstant) {
  At(kJan22);
  ASSERT_THAT(Change(ItemChange("quantity: 2", absl::StrCat("proration_date: ", kStart + 11 * kDay))),
              IsOk());
  std::vector<InvoiceItem> items = Items();
  ASSERT_EQ(items.size(), 2u);
  EXPECT_EQ(items[0].amount(), -2000);  // 3100 x 20/31
  EXPECT_EQ(items[1].amount(), 4000);
  EXPECT_THAT(Change(ItemChange("quantity: 3", absl::StrCat("proration_date: ", kFeb1 + 1))),
              StripeErrorWithParam("invalid_request_error", "", "proration_date"));
  EXPECT_EQ(Items().size(), 2u);
}

TEST_F(SubscriptionChangesTest, AlwaysInvoiceChargesNow) {
  const std::string gold = NewPrice(6200);
  At(kJan22);
  const size_t first = events_.size();
  absl::StatusOr<Subscription> after = Change(
      ItemChange(absl::StrCat("price: \"", gold, "\""), "proration_behavior: \"always_invoice\""));
  ASSERT_THAT(after, IsOk());
  std::vector<Invoice> invoices = InvoicesOf(sub_);
  ASSERT_EQ(invoices.size(), 2u);
  const Invoice& invoice = invoices[1];
  EXPECT_EQ(after->latest_invoice(), invoice.id());
  EXPECT_EQ(invoice.billing_reason(), "subscription_update");
  EXPECT_EQ(invoice.status(), "paid");
  EXPECT_EQ(invoice.amount_due(), 1000);
  EXPECT_EQ(invoice.amount_paid(), 1000);
  ASSERT_EQ(invoice.lines().data_size(), 2);
  EXPECT_EQ(invoice.lines().data(0).amount(), -1000);
  EXPECT_EQ(invoice.lines().data(1).amount(), 2000);
  for (const InvoiceItem& item : Items()) EXPECT_EQ(item.invoice(), invoice.id());
  EXPECT_THAT(TypesSince(first, "invoice."),
              ElementsAre("invoice.created", "invoice.finalized", "invoice.paid",
                          "invoice.payment_succeeded"));
}

TEST_F(SubscriptionChangesTest, NoneCreatesNoItems) {
  At(kJan22);
  const size_t first = events_.size();
  ASSERT_THAT(Change(ItemChange("quantity: 4", "proration_behavior: \"none\"")), IsOk());
  EXPECT_EQ(Sub(sub_).items().data(0).quantity(), 4);
  EXPECT_TRUE(Items().empty());
  EXPECT_THAT(TypesSince(first), ElementsAre("customer.subscription.updated"));
}

TEST_F(SubscriptionChangesTest, NextRenewalTakesPendingProrations) {
  At(kJan22);
  ASSERT_THAT(Change(ItemChange("quantity: 2")), IsOk());
  At(kFeb1);
  Invoice renewal = Inv(Sub(sub_).latest_invoice());
  EXPECT_EQ(renewal.billing_reason(), "subscription_cycle");
  ASSERT_EQ(renewal.lines().data_size(), 3);
  EXPECT_EQ(renewal.lines().data(0).amount(), 6200);  // the new period, 2 x 3100
  EXPECT_EQ(renewal.lines().data(1).amount(), -1000);
  EXPECT_EQ(renewal.lines().data(2).amount(), 2000);
  EXPECT_EQ(renewal.amount_due(), 7200);
  for (const InvoiceItem& item : Items()) EXPECT_EQ(item.invoice(), renewal.id());
  At(kFeb1 + kHour);
  EXPECT_EQ(Inv(renewal.id()).status(), "paid");
  EXPECT_EQ(Inv(renewal.id()).amount_paid(), 7200);
}

TEST_F(SubscriptionChangesTest, AddAndRemoveItems) {
  const std::string seats = NewPrice(620);
  At(kJan22);
  absl::StatusOr<Subscription> added = Change(absl::StrCat("items { price: \"", seats, "\" quantity: 2 }"));
  ASSERT_THAT(added, IsOk());
  ASSERT_EQ(added->items().data_size(), 2);
  const std::string seat_item = added->items().data(1).id();
  std::vector<InvoiceItem> items = Items();
  ASSERT_EQ(items.size(), 1u);
  EXPECT_EQ(items[0].amount(), 400);  // 2 x 620 x 10/31
  EXPECT_EQ(items[0].subscription_item(), seat_item);
  ASSERT_THAT(Change(absl::StrCat("items { id: \"", seat_item, "\" deleted: true }")), IsOk());
  EXPECT_EQ(Sub(sub_).items().data_size(), 1);
  items = Items();
  ASSERT_EQ(items.size(), 2u);
  EXPECT_EQ(items[1].amount(), -400);
}

TEST_F(SubscriptionChangesTest, NewIntervalRestartsTheCycle) {
  const std::string yearly = NewPrice(31000, "year");
  At(kJan22);
  absl::StatusOr<Subscription> after = Change(ItemChange(absl::StrCat("price: \"", yearly, "\"")));
  ASSERT_THAT(after, IsOk());
  EXPECT_EQ(after->billing_cycle_anchor(), kJan22);
  EXPECT_EQ(after->items().data(0).current_period_start(), kJan22);
  Invoice invoice = Inv(after->latest_invoice());
  EXPECT_EQ(invoice.billing_reason(), "subscription_update");
  ASSERT_EQ(invoice.lines().data_size(), 2);
  EXPECT_EQ(invoice.lines().data(0).amount(), 31000);  // the new year
  EXPECT_EQ(invoice.lines().data(1).amount(), -1000);  // the month's unused time
  EXPECT_EQ(invoice.status(), "paid");
  EXPECT_EQ(invoice.amount_paid(), 30000);
  At(kFeb1);  // the old period's end no longer renews
  EXPECT_EQ(Sub(sub_).latest_invoice(), invoice.id());
}

TEST_F(SubscriptionChangesTest, RefusedChangesChangeNothing) {
  const Subscription before = Sub(sub_);
  const size_t first = events_.size();
  EXPECT_THAT(Change(ItemChange("quantity: -1")),
              StripeErrorWithParam("invalid_request_error", "parameter_invalid_integer",
                                   "items[0][quantity]"));
  EXPECT_THAT(Change(ItemChange("quantity: 2", "proration_behavior: \"sometimes\"")),
              StripeErrorWithParam("invalid_request_error", "", "proration_behavior"));
  EXPECT_THAT(Change("items { id: \"si_nope\" quantity: 2 }"),
              StripeErrorWithParam("invalid_request_error", "resource_missing", "items[0][id]"));
  EXPECT_THAT(Change("items { price: \"price_nope\" }"),
              StripeErrorWithParam("invalid_request_error", "resource_missing", "items[0][price]"));
  EXPECT_THAT(Change(ItemChange("deleted: true")), HttpStatusIs(400));
  EXPECT_THAT(Change(absl::StrCat("items { price: \"", price_, "\" }")),
              StripeErrorWithParam("invalid_request_error", "", "items[0][price]"));
  EXPECT_EQ(Sub(sub_).DebugString(), before.DebugString());
  EXPECT_TRUE(Items().empty());
  EXPECT_EQ(events_.size(), first);
}

TEST_F(SubscriptionChangesTest, CancelWithProrateAndInvoiceNow) {
  At(kJan22);
  SubscriptionCancelNowParams params;
  params.set_prorate(true);
  params.set_invoice_now(true);
  absl::StatusOr<Subscription> canceled = engine_.subscriptions().Cancel(sub_, params);
  ASSERT_THAT(canceled, IsOk());
  EXPECT_EQ(canceled->status(), "canceled");
  std::vector<InvoiceItem> items = Items();
  ASSERT_EQ(items.size(), 1u);
  EXPECT_EQ(items[0].amount(), -1000);
  EXPECT_TRUE(items[0].proration());
  std::vector<Invoice> invoices = InvoicesOf(sub_);
  ASSERT_EQ(invoices.size(), 2u);
  EXPECT_EQ(items[0].invoice(), invoices[1].id());
  EXPECT_EQ(invoices[1].total(), -1000);
  EXPECT_EQ(invoices[1].amount_due(), 0);
  EXPECT_EQ(invoices[1].status(), "paid");
}

TEST_F(SubscriptionChangesTest, CancelWithProrateLeavesTheCreditPending) {
  At(kJan22);
  SubscriptionCancelNowParams params;
  params.set_prorate(true);
  ASSERT_THAT(engine_.subscriptions().Cancel(sub_, params), IsOk());
  std::vector<InvoiceItem> items = Items();
  ASSERT_EQ(items.size(), 1u);
  EXPECT_FALSE(items[0].has_invoice());
  EXPECT_EQ(InvoicesOf(sub_).size(), 1u);
}

}  // namespace
}  // namespace paysim
