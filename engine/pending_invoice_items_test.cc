// Behaviour tests of which pending invoice items an invoice takes: the customer's own, oldest
// first, an item released by a deleted draft back at its place among newer ones, deleted
// items never, each subscription's renewal only its own prorations, and the same after a
// snapshot is restored (the engine's index of pending items is rebuilt from the store); a
// customer's item list (pending and invoiced, by index); an invoice's item list as invoices
// take, release and get items.
#include <memory>
#include <string>
#include <vector>

#include "engine/billing_test_fixture.h"

namespace paysim {
namespace {

using ::paysim::testing::IsOk;
using ::paysim::testing::ParseParams;
using ::testing::ElementsAre;
using ::testing::IsEmpty;

class PendingInvoiceItemsTest : public BillingTest {
 protected:
  static std::string NewItem(Engine& engine, const std::string& customer, int64_t amount) {
    absl::StatusOr<InvoiceItem> item =
        engine.invoice_items().Create(ParseParams<InvoiceItemCreateParams>(absl::StrCat(
            "customer: \"", customer, "\" currency: \"usd\" amount: ", amount)));
    EXPECT_THAT(item, IsOk());
    return item.ok() ? item->id() : "";
  }
  std::string NewItem(const std::string& customer, int64_t amount) {
    return NewItem(engine_, customer, amount);
  }

  // A draft of the customer's pending items.
  static absl::StatusOr<Invoice> Draft(Engine& engine, const std::string& customer) {
    return engine.invoices().Create(ParseParams<InvoiceCreateParams>(absl::StrCat(
        "customer: \"", customer, "\" pending_invoice_items_behavior: \"include\"")));
  }
  absl::StatusOr<Invoice> Draft(const std::string& customer) { return Draft(engine_, customer); }

  // The amounts of an invoice's lines, in the invoice's order.
  static std::vector<int64_t> Amounts(const Invoice& invoice) {
    std::vector<int64_t> amounts;
    for (const InvoiceLineItem& line : invoice.lines().data()) amounts.push_back(line.amount());
    return amounts;
  }
};

TEST_F(PendingInvoiceItemsTest, AnInvoiceTakesTheCustomersOwnPendingItemsOldestFirst) {
  const std::string customer = NewCustomer();
  const std::string other = NewCustomer();
  NewItem(customer, 100);
  NewItem(other, 7000);
  NewItem(customer, 200);
  const std::string deleted = NewItem(customer, 900);
  NewItem(customer, 300);
  ASSERT_THAT(engine_.invoice_items().Delete(deleted), IsOk());
  absl::StatusOr<Invoice> invoice = Draft(customer);
  ASSERT_THAT(invoice, IsOk());
  EXPECT_THAT(Amounts(*invoice), ElementsAre(100, 200, 300));
  EXPECT_EQ(invoice->amount_due(), 600);
  // Taken: a second invoice finds nothing left but the other customer's item.
  absl::StatusOr<Invoice> empty = Draft(customer);
  ASSERT_THAT(empty, IsOk());
  EXPECT_THAT(Amounts(*empty), IsEmpty());
  absl::StatusOr<Invoice> others = Draft(other);
  ASSERT_THAT(others, IsOk());
  EXPECT_THAT(Amounts(*others), ElementsAre(7000));
}

TEST_F(PendingInvoiceItemsTest, AnItemReleasedByADeletedDraftKeepsItsPlaceAmongNewerOnes) {
  const std::string customer = NewCustomer();
  NewItem(customer, 100);
  absl::StatusOr<Invoice> first = Draft(customer);
  ASSERT_THAT(first, IsOk());
  ASSERT_THAT(Amounts(*first), ElementsAre(100));
  NewItem(customer, 200);  // pending while the 100 is on the draft
  ASSERT_THAT(engine_.invoices().Delete(first->id()), IsOk());
  absl::StatusOr<Invoice> second = Draft(customer);
  ASSERT_THAT(second, IsOk());
  EXPECT_THAT(Amounts(*second), ElementsAre(100, 200));
}

TEST_F(PendingInvoiceItemsTest, EachSubscriptionsRenewalTakesOnlyItsOwnProrations) {
  const std::string customer = NewCustomer();
  const std::string price = NewPrice(1500);
  absl::StatusOr<Subscription> one = Subscribe(customer, price);
  absl::StatusOr<Subscription> two = Subscribe(customer, price);
  ASSERT_THAT(one, IsOk());
  ASSERT_THAT(two, IsOk());
  At(kStart + 15 * kDay);
  for (const auto& [sub, quantity] : {std::pair{&*one, 2}, std::pair{&*two, 3}}) {
    ASSERT_THAT(engine_.subscriptions().Update(
                    sub->id(), ParseParams<SubscriptionChangeParams>(absl::StrCat(
                                   "items { id: \"", sub->items().data(0).id(), "\" quantity: ",
                                   quantity, " } proration_behavior: \"create_prorations\""))),
                IsOk());
  }
  const std::string one_off = NewItem(customer, 50);  // the customer's, no subscription's
  int64_t prorated_one = 0;
  int64_t prorated_two = 0;
  int prorations = 0;
  for (const InvoiceItem& item : InvoiceItemsOf(customer)) {
    if (item.subscription() == one->id()) prorated_one += item.amount();
    if (item.subscription() == two->id()) prorated_two += item.amount();
    prorations += item.proration() ? 1 : 0;
  }
  ASSERT_EQ(prorations, 4);  // a credit and a debit each
  ASSERT_GT(prorated_one, 0);
  ASSERT_GT(prorated_two, prorated_one);
  At(kFeb1);  // both renew
  const std::vector<Invoice> ones = InvoicesOf(one->id());
  const std::vector<Invoice> twos = InvoicesOf(two->id());
  ASSERT_EQ(ones.size(), 2u);
  ASSERT_EQ(twos.size(), 2u);
  EXPECT_EQ(ones[1].subtotal(), 2 * 1500 + prorated_one);
  EXPECT_EQ(twos[1].subtotal(), 3 * 1500 + prorated_two);
  // The one-off item stays pending for a one-off invoice.
  absl::StatusOr<InvoiceItem> left = engine_.invoice_items().Retrieve(one_off);
  ASSERT_THAT(left, IsOk());
  EXPECT_FALSE(left->has_invoice());
}

TEST_F(PendingInvoiceItemsTest, ARestoredEngineFindsThePendingItemsOfTheSnapshot) {
  const std::string customer = NewCustomer();
  NewItem(customer, 100);
  absl::StatusOr<Invoice> taken = Draft(customer);  // the 100 is on this draft
  ASSERT_THAT(taken, IsOk());
  NewItem(customer, 200);
  NewItem(customer, 300);
  absl::StatusOr<std::unique_ptr<Engine>> restored =
      testing::RestoredCopy(engine_, {.clock = &clock_});
  ASSERT_THAT(restored, IsOk());
  Engine& engine = **restored;
  NewItem(engine, customer, 400);
  // The draft's deletion releases the 100 to its place; the restored pending items follow.
  ASSERT_THAT(engine.invoices().Delete(taken->id()), IsOk());
  absl::StatusOr<Invoice> invoice = Draft(engine, customer);
  ASSERT_THAT(invoice, IsOk());
  EXPECT_THAT(Amounts(*invoice), ElementsAre(100, 200, 300, 400));
  // The same calls on the original engine give the same invoice.
  NewItem(customer, 400);
  ASSERT_THAT(engine_.invoices().Delete(taken->id()), IsOk());
  absl::StatusOr<Invoice> original = Draft(customer);
  ASSERT_THAT(original, IsOk());
  EXPECT_EQ(original->id(), invoice->id());
  EXPECT_THAT(Amounts(*original), ElementsAre(100, 200, 300, 400));
}

TEST_F(PendingInvoiceItemsTest, ACustomersItemListHoldsItsPendingAndInvoicedItems) {
  const std::string customer = NewCustomer();
  const std::string other = NewCustomer();
  const std::string first = NewItem(customer, 100);
  const std::string others = NewItem(other, 7000);
  const std::string second = NewItem(customer, 200);
  const std::string deleted = NewItem(customer, 900);
  ASSERT_THAT(engine_.invoice_items().Delete(deleted), IsOk());
  absl::StatusOr<Invoice> draft = Draft(customer);  // takes the 100 and the 200
  ASSERT_THAT(draft, IsOk());
  const std::string third = NewItem(customer, 300);
  auto ids = [](Engine& engine, const std::string& text) {
    absl::StatusOr<ListResult<InvoiceItem>> page =
        engine.invoice_items().List(ParseParams<InvoiceItemListParams>(text));
    EXPECT_THAT(page, IsOk());
    std::vector<std::string> out;
    if (page.ok()) {
      for (const InvoiceItem& item : page->data) out.push_back(item.id());
    }
    return out;
  };
  const std::string mine = absl::StrCat("customer: \"", customer, "\" ");
  EXPECT_THAT(ids(engine_, mine), ElementsAre(third, second, first));
  EXPECT_THAT(ids(engine_, mine + "pending: true"), ElementsAre(third));
  EXPECT_THAT(ids(engine_, mine + "pending: false"), ElementsAre(second, first));
  EXPECT_THAT(ids(engine_, mine + "invoice: \"" + draft->id() + "\""),
              ElementsAre(second, first));
  EXPECT_THAT(ids(engine_, absl::StrCat("customer: \"", other, "\"")), ElementsAre(others));
  ASSERT_THAT(engine_.invoice_items().Update(
                  third, ParseParams<InvoiceItemUpdateParams>(R"pb(description: "Seats")pb")),
              IsOk());
  EXPECT_THAT(ids(engine_, mine), ElementsAre(third, second, first));

  absl::StatusOr<std::unique_ptr<Engine>> restored =
      testing::RestoredCopy(engine_, {.clock = &clock_});
  ASSERT_THAT(restored, IsOk());
  Engine& engine = **restored;
  EXPECT_EQ(ids(engine, mine), ids(engine_, mine));
  const std::string fourth = NewItem(engine, customer, 400);
  ASSERT_THAT(engine.invoice_items().Delete(third), IsOk());
  EXPECT_THAT(ids(engine, mine), ElementsAre(fourth, second, first));
}

TEST_F(PendingInvoiceItemsTest, AnInvoicesItemListFollowsItsItems) {
  const std::string customer = NewCustomer();
  const std::string other = NewCustomer();
  auto ids = [](Engine& engine, const std::string& invoice) {
    absl::StatusOr<ListResult<InvoiceItem>> page = engine.invoice_items().List(
        ParseParams<InvoiceItemListParams>(absl::StrCat("invoice: \"", invoice, "\"")));
    EXPECT_THAT(page, IsOk());
    std::vector<std::string> out;
    if (page.ok()) {
      for (const InvoiceItem& item : page->data) out.push_back(item.id());
    }
    return out;
  };
  auto on_invoice = [](Engine& engine, const std::string& customer, const std::string& invoice,
                       int64_t amount) {
    absl::StatusOr<InvoiceItem> item =
        engine.invoice_items().Create(ParseParams<InvoiceItemCreateParams>(absl::StrCat(
            "customer: \"", customer, "\" currency: \"usd\" invoice: \"", invoice,
            "\" amount: ", amount)));
    EXPECT_THAT(item, IsOk());
    return item.ok() ? item->id() : "";
  };
  const std::string first = NewItem(customer, 100);
  const std::string others = NewItem(other, 7000);
  const std::string second = NewItem(customer, 200);
  absl::StatusOr<Invoice> draft = Draft(customer);
  absl::StatusOr<Invoice> other_draft = Draft(other);
  ASSERT_THAT(draft, IsOk());
  ASSERT_THAT(other_draft, IsOk());
  EXPECT_THAT(ids(engine_, draft->id()), ElementsAre(second, first));
  EXPECT_THAT(ids(engine_, other_draft->id()), ElementsAre(others));
  EXPECT_THAT(ids(engine_, "in_unknown"), IsEmpty());
  // A deleted draft releases its items; the next draft takes them, and one made on it joins.
  ASSERT_THAT(engine_.invoices().Delete(draft->id()), IsOk());
  EXPECT_THAT(ids(engine_, draft->id()), IsEmpty());
  absl::StatusOr<Invoice> again = Draft(customer);
  ASSERT_THAT(again, IsOk());
  const std::string third = on_invoice(engine_, customer, again->id(), 300);
  EXPECT_THAT(ids(engine_, again->id()), ElementsAre(third, second, first));
  EXPECT_THAT(ids(engine_, again->id() + "\" customer: \"" + customer),
              ElementsAre(third, second, first));
  EXPECT_THAT(ids(engine_, again->id() + "\" customer: \"" + other), IsEmpty());

  absl::StatusOr<std::unique_ptr<Engine>> restored =
      testing::RestoredCopy(engine_, {.clock = &clock_});
  ASSERT_THAT(restored, IsOk());
  Engine& engine = **restored;
  EXPECT_EQ(ids(engine, again->id()), ids(engine_, again->id()));
  const std::string fourth = on_invoice(engine, customer, again->id(), 400);
  EXPECT_THAT(ids(engine, again->id()), ElementsAre(fourth, third, second, first));
  ASSERT_THAT(engine.invoices().Delete(again->id()), IsOk());
  EXPECT_THAT(ids(engine, again->id()), IsEmpty());
  EXPECT_THAT(ids(engine_, again->id()), ElementsAre(third, second, first));
}

}  // namespace
}  // namespace paysim
