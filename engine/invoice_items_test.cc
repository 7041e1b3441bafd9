// Behaviour tests of invoice items: amounts (amount, unit amount x quantity, decimals, prices),
// pending until an invoice takes them, items on a draft invoice, update and delete rules, the
// list filters, and refused calls (Stripe's error, nothing changed).
#include <string>

#include "engine/billing_test_fixture.h"

namespace paysim {
namespace {

using ::paysim::testing::HttpStatusIs;
using ::paysim::testing::IsOk;
using ::paysim::testing::ParseParams;
using ::paysim::testing::StripeErrorWithParam;
using ::testing::ElementsAre;

class InvoiceItemsTest : public BillingTest {
 protected:
  absl::StatusOr<InvoiceItem> NewItem(const std::string& customer, const std::string& more) {
    return engine_.invoice_items().Create(ParseParams<InvoiceItemCreateParams>(
        absl::StrCat("customer: \"", customer, "\" ", more)));
  }

  std::string NewDraft(const std::string& customer) {
    absl::StatusOr<Invoice> invoice = engine_.invoices().Create(ParseParams<InvoiceCreateParams>(
        absl::StrCat("customer: \"", customer, "\" pending_invoice_items_behavior: \"include\"")));
    EXPECT_THAT(invoice, IsOk());
    return invoice.ok() ? invoice->id() : "";
  }

  InvoiceItem Item(const std::string& id) {
    absl::StatusOr<InvoiceItem> item = engine_.invoice_items().Retrieve(id);
    EXPECT_THAT(item, IsOk());
    return item.ok() ? *item : InvoiceItem();
  }
};

TEST_F(InvoiceItemsTest, AmountAndCurrencyMakeAPendingItem) {
  const std::string customer = NewCustomer();
  const size_t first = events_.size();
  absl::StatusOr<InvoiceItem> item =
      NewItem(customer, "amount: 2000 currency: \"USD\" description: \"Setup\"");
  ASSERT_THAT(item, IsOk());
  EXPECT_EQ(item->object(), "invoiceitem");
  EXPECT_EQ(item->amount(), 2000);
  EXPECT_EQ(item->currency(), "usd");
  EXPECT_EQ(item->quantity(), 1);
  EXPECT_EQ(item->date(), kStart);
  EXPECT_EQ(item->period().start(), kStart);
  EXPECT_EQ(item->period().end(), kStart);
  EXPECT_FALSE(item->has_invoice());
  EXPECT_TRUE(item->discountable());
  EXPECT_EQ(item->description(), "Setup");
  EXPECT_THAT(TypesSince(first), ElementsAre("invoiceitem.created"));
}

TEST_F(InvoiceItemsTest, UnitAmountTimesQuantity) {
  const std::string customer = NewCustomer();
  absl::StatusOr<InvoiceItem> item =
      NewItem(customer, "unit_amount: 250 quantity: 3 currency: \"usd\"");
  ASSERT_THAT(item, IsOk());
  EXPECT_EQ(item->amount(), 750);
  EXPECT_EQ(item->pricing().unit_amount_decimal(), "250");
  // 10.5 x 3 = 31.5: rounded half up.
  item = NewItem(customer, "unit_amount_decimal: \"10.5\" quantity: 3 currency: \"usd\"");
  ASSERT_THAT(item, IsOk());
  EXPECT_EQ(item->amount(), 32);
}

TEST_F(InvoiceItemsTest, OneTimePrice) {
  const std::string customer = NewCustomer();
  absl::StatusOr<Price> price = engine_.prices().Create(ParseParams<PriceCreateParams>(
      "currency: \"eur\" unit_amount: 400 product_data { name: \"Seat\" }"));
  ASSERT_THAT(price, IsOk());
  absl::StatusOr<InvoiceItem> item =
      NewItem(customer, absl::StrCat("price: \"", price->id(), "\" quantity: 2"));
  ASSERT_THAT(item, IsOk());
  EXPECT_EQ(item->amount(), 800);
  EXPECT_EQ(item->currency(), "eur");
  EXPECT_EQ(item->pricing().price_details().price(), price->id());
  EXPECT_THAT(NewItem(customer, absl::StrCat("price: \"", NewPrice(), "\"")),
              StripeErrorWithParam("invalid_request_error", "", "price"));
}

TEST_F(InvoiceItemsTest, RefusedCreatesChangeNothing) {
  const std::string customer = NewCustomer();
  const size_t first = events_.size();
  EXPECT_THAT(engine_.invoice_items().Create(ParseParams<InvoiceItemCreateParams>(
                  "amount: 100 currency: \"usd\"")),
              StripeErrorWithParam("invalid_request_error", "parameter_missing", "customer"));
  EXPECT_THAT(NewItem("cus_missing", "amount: 100 currency: \"usd\""),
              StripeErrorWithParam("invalid_request_error", "resource_missing", "customer"));
  EXPECT_THAT(NewItem(customer, "amount: 100"),
              StripeErrorWithParam("invalid_request_error", "parameter_missing", "currency"));
  EXPECT_THAT(NewItem(customer, "currency: \"usd\""),
              StripeErrorWithParam("invalid_request_error", "parameter_missing", "amount"));
  EXPECT_THAT(NewItem(customer, "amount: 100 unit_amount: 100 currency: \"usd\""),
              StripeErrorWithParam("invalid_request_error", "", "unit_amount"));
  EXPECT_THAT(NewItem(customer, "unit_amount_decimal: \"1.2.3\" currency: \"usd\""),
              StripeErrorWithParam("invalid_request_error", "parameter_invalid_decimal",
                                   "unit_amount_decimal"));
  EXPECT_THAT(NewItem(customer, "unit_amount: 5 quantity: -1 currency: \"usd\""),
              StripeErrorWithParam("invalid_request_error", "parameter_invalid_integer",
                                   "quantity"));
  EXPECT_THAT(NewItem(customer, "amount: 1 currency: \"usd\" period { start: 10 end: 9 }"),
              StripeErrorWithParam("invalid_request_error", "", "period[end]"));
  EXPECT_THAT(NewItem(customer, "amount: 1 currency: \"usd\" invoice: \"in_missing\""),
              HttpStatusIs(400));
  EXPECT_TRUE(TypesSince(first).empty());
  absl::StatusOr<ListResult<InvoiceItem>> all =
      engine_.invoice_items().List(InvoiceItemListParams());
  ASSERT_THAT(all, IsOk());
  EXPECT_TRUE(all->data.empty());
}

TEST_F(InvoiceItemsTest, AnInvoiceTakesThePendingItems) {
  const std::string customer = NewCustomer();
  const std::string other = NewCustomer();
  ASSERT_THAT(NewItem(customer, "amount: 2000 currency: \"usd\""), IsOk());
  ASSERT_THAT(NewItem(customer, "amount: 500 currency: \"usd\""), IsOk());
  ASSERT_THAT(NewItem(other, "amount: 700 currency: \"usd\""), IsOk());
  const std::string invoice_id = NewDraft(customer);
  const Invoice invoice = Inv(invoice_id);
  EXPECT_EQ(invoice.lines().data_size(), 2);
  EXPECT_EQ(invoice.total(), 2500);
  EXPECT_EQ(invoice.amount_due(), 2500);
  InvoiceItemListParams pending;
  pending.set_pending(true);
  absl::StatusOr<ListResult<InvoiceItem>> left = engine_.invoice_items().List(pending);
  ASSERT_THAT(left, IsOk());
  ASSERT_EQ(left->data.size(), 1u);
  EXPECT_EQ(left->data[0].customer(), other);
  InvoiceItemListParams on_invoice;
  on_invoice.set_invoice(invoice_id);
  absl::StatusOr<ListResult<InvoiceItem>> taken = engine_.invoice_items().List(on_invoice);
  ASSERT_THAT(taken, IsOk());
  EXPECT_EQ(taken->data.size(), 2u);
}

TEST_F(InvoiceItemsTest, ItemsOnADraftMoveItsAmounts) {
  const std::string customer = NewCustomer();
  const std::string invoice_id = NewDraft(customer);
  absl::StatusOr<InvoiceItem> item = NewItem(
      customer, absl::StrCat("amount: 900 currency: \"usd\" invoice: \"", invoice_id, "\""));
  ASSERT_THAT(item, IsOk());
  EXPECT_EQ(item->invoice(), invoice_id);
  EXPECT_EQ(Inv(invoice_id).amount_due(), 900);

  const size_t first = events_.size();
  absl::StatusOr<InvoiceItem> updated = engine_.invoice_items().Update(
      item->id(), ParseParams<InvoiceItemUpdateParams>("unit_amount: 300 quantity: 2"));
  ASSERT_THAT(updated, IsOk());
  EXPECT_EQ(updated->amount(), 600);
  EXPECT_EQ(Inv(invoice_id).amount_due(), 600);
  EXPECT_THAT(TypesSince(first), ElementsAre("invoiceitem.updated", "invoice.updated"));

  absl::StatusOr<DeletedObject> deleted = engine_.invoice_items().Delete(item->id());
  ASSERT_THAT(deleted, IsOk());
  EXPECT_TRUE(deleted->deleted());
  EXPECT_EQ(Inv(invoice_id).amount_due(), 0);
  EXPECT_EQ(Inv(invoice_id).lines().data_size(), 0);
  EXPECT_THAT(engine_.invoice_items().Retrieve(item->id()), HttpStatusIs(404));
}

TEST_F(InvoiceItemsTest, ItemsOfAFinalizedInvoiceCannotChange) {
  const std::string customer = NewCustomer();
  absl::StatusOr<InvoiceItem> item = NewItem(customer, "amount: 900 currency: \"usd\"");
  ASSERT_THAT(item, IsOk());
  const std::string invoice_id = NewDraft(customer);
  ASSERT_THAT(engine_.invoices().Finalize(invoice_id, InvoiceFinalizeParams()), IsOk());
  const size_t first = events_.size();
  EXPECT_THAT(engine_.invoice_items().Update(
                  item->id(), ParseParams<InvoiceItemUpdateParams>("amount: 1")),
              StripeErrorWithParam("invalid_request_error", "", ""));
  EXPECT_THAT(engine_.invoice_items().Delete(item->id()),
              StripeErrorWithParam("invalid_request_error", "", ""));
  EXPECT_THAT(NewItem(customer, absl::StrCat("amount: 1 currency: \"usd\" invoice: \"",
                                             invoice_id, "\"")),
              StripeErrorWithParam("invalid_request_error", "", "invoice"));
  EXPECT_EQ(Item(item->id()).amount(), 900);
  EXPECT_TRUE(TypesSince(first).empty());
}

TEST_F(InvoiceItemsTest, DeletingAPendingItem) {
  const std::string customer = NewCustomer();
  absl::StatusOr<InvoiceItem> item = NewItem(customer, "amount: 900 currency: \"usd\"");
  ASSERT_THAT(item, IsOk());
  const size_t first = events_.size();
  ASSERT_THAT(engine_.invoice_items().Delete(item->id()), IsOk());
  EXPECT_THAT(TypesSince(first), ElementsAre("invoiceitem.deleted"));
  EXPECT_EQ(events_.back().data().object().invoiceitem().id(), item->id());
  EXPECT_THAT(engine_.invoice_items().Delete(item->id()), HttpStatusIs(404));
}

}  // namespace
}  // namespace paysim
