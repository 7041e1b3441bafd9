// What a credit proration credits (Stripe's proration_details.credited_items): the lines of
// the invoice that billed the credited time, or the pending debit proration of an earlier
// change in the same period; carried to the line that bills the credit (on the line before
// basil, under parent.invoice_item_details from basil on, with the item's subscription).
#include <string>
#include <vector>

#include "engine/billing_test_fixture.h"

namespace paysim {
namespace {

using ::paysim::testing::IsOk;
using ::paysim::testing::ParseParams;
using ::testing::ElementsAre;

class ProrationCreditsTest : public BillingTest {
 protected:
  static constexpr int64_t kJan22 = kStart + 21 * kDay;

  void SetUp() override {
    customer_ = NewCustomer();
    absl::StatusOr<Subscription> sub = Subscribe(customer_, NewPrice(3100));
    ASSERT_THAT(sub, IsOk());
    sub_ = sub->id();
    item_ = sub->items().data(0).id();
    first_invoice_ = sub->latest_invoice();
  }

  void SetQuantity(int quantity) {
    ASSERT_THAT(engine_.subscriptions().Update(
                    sub_, ParseParams<SubscriptionChangeParams>(absl::StrCat(
                              "items { id: \"", item_, "\" quantity: ", quantity, " }"))),
                IsOk());
  }

  std::vector<InvoiceItem> Items() { return InvoiceItemsOf(customer_); }

  std::string customer_, sub_, item_, first_invoice_;
};

TEST_F(ProrationCreditsTest, ACreditNamesTheLineThatBilledThePeriodAndADebitNamesNothing) {
  const Invoice first = Inv(first_invoice_);
  ASSERT_EQ(first.lines().data_size(), 1);
  At(kJan22);
  SetQuantity(2);
  std::vector<InvoiceItem> items = Items();
  ASSERT_EQ(items.size(), 2u);
  const InvoiceItem& credit = items[0];
  ASSERT_LT(credit.amount(), 0);
  ASSERT_TRUE(credit.proration_details().has_credited_items());
  const InvoiceItemCreditedItems& credited = credit.proration_details().credited_items();
  EXPECT_EQ(credited.type(), "invoice_line_items");
  EXPECT_FALSE(credited.has_invoice_item());
  EXPECT_EQ(credited.invoice_line_item_details().invoice(), first_invoice_);
  EXPECT_THAT(credited.invoice_line_item_details().invoice_line_items(),
              ElementsAre(first.lines().data(0).id()));
  const InvoiceItem& debit = items[1];
  ASSERT_GT(debit.amount(), 0);
  EXPECT_TRUE(debit.has_proration_details());  // present, credited_items null
  EXPECT_FALSE(debit.proration_details().has_credited_items());
}

TEST_F(ProrationCreditsTest, TheRenewalLineOfACreditCarriesWhatItCredits) {
  const std::string first_line = Inv(first_invoice_).lines().data(0).id();
  At(kJan22);
  SetQuantity(2);
  At(kFeb1);
  const Invoice renewal = Inv(Sub(sub_).latest_invoice());
  ASSERT_EQ(renewal.lines().data_size(), 3);
  const InvoiceLineItem& own = renewal.lines().data(0);  // the new period
  EXPECT_TRUE(own.has_proration_details());              // before basil: credited_items null
  EXPECT_FALSE(own.proration_details().has_credited_items());
  const InvoiceLineItem& credit = renewal.lines().data(1);
  const InvoiceLineItemDetails& details = credit.parent().invoice_item_details();
  EXPECT_EQ(details.subscription(), sub_);
  EXPECT_TRUE(details.proration());
  EXPECT_EQ(details.proration_details().credited_items().invoice(), first_invoice_);
  EXPECT_THAT(details.proration_details().credited_items().invoice_line_items(),
              ElementsAre(first_line));
  EXPECT_EQ(credit.proration_details().credited_items().invoice(), first_invoice_);
  const InvoiceLineItem& debit = renewal.lines().data(2);
  EXPECT_TRUE(debit.parent().invoice_item_details().has_proration_details());
  EXPECT_FALSE(debit.parent().invoice_item_details().proration_details().has_credited_items());
}

TEST_F(ProrationCreditsTest, ASecondChangeCreditsThePendingDebitOfTheFirst) {
  At(kJan22);
  SetQuantity(2);
  At(kJan22 + kDay);
  SetQuantity(3);
  std::vector<InvoiceItem> items = Items();
  ASSERT_EQ(items.size(), 4u);
  const InvoiceItem& first_debit = items[1];
  const InvoiceItem& second_credit = items[2];
  ASSERT_LT(second_credit.amount(), 0);
  const InvoiceItemCreditedItems& credited = second_credit.proration_details().credited_items();
  EXPECT_EQ(credited.type(), "invoice_item");
  EXPECT_EQ(credited.invoice_item(), first_debit.id());
  EXPECT_FALSE(credited.has_invoice_line_item_details());
  // On the renewal invoice the credit's line names the debit's line on that same invoice.
  At(kFeb1);
  const Invoice renewal = Inv(Sub(sub_).latest_invoice());
  std::string debit_line, credit_line_credits;
  for (const InvoiceLineItem& line : renewal.lines().data()) {
    const InvoiceLineItemDetails& details = line.parent().invoice_item_details();
    if (details.invoice_item() == first_debit.id()) debit_line = line.id();
    if (details.invoice_item() == second_credit.id()) {
      EXPECT_EQ(details.proration_details().credited_items().invoice(), renewal.id());
      ASSERT_EQ(details.proration_details().credited_items().invoice_line_items_size(), 1);
      credit_line_credits = details.proration_details().credited_items().invoice_line_items(0);
    }
  }
  EXPECT_FALSE(debit_line.empty());
  EXPECT_EQ(credit_line_credits, debit_line);
}

TEST_F(ProrationCreditsTest, AtThePeriodsLastSecondTheFirstInvoiceIsCreditedAtItsEndTheRenewal) {
  At(kFeb1 - 1);
  SetQuantity(2);
  std::vector<InvoiceItem> items = Items();
  ASSERT_EQ(items.size(), 2u);
  EXPECT_TRUE(items[0].proration_details().has_credited_items());
  EXPECT_EQ(items[0].proration_details().credited_items().invoice_line_item_details().invoice(),
            first_invoice_);
  // One second later the period has renewed: a change credits the renewal's line.
  At(kFeb1);
  const Invoice renewal = Inv(Sub(sub_).latest_invoice());
  ASSERT_NE(renewal.id(), first_invoice_);
  SetQuantity(3);
  items = Items();
  ASSERT_EQ(items.size(), 4u);
  const InvoiceItemCreditedLines& lines =
      items[2].proration_details().credited_items().invoice_line_item_details();
  EXPECT_EQ(lines.invoice(), renewal.id());
  EXPECT_THAT(lines.invoice_line_items(), ElementsAre(renewal.lines().data(0).id()));
}

}  // namespace
}  // namespace paysim
