// Behaviour tests of the customer's balance on invoices (Stripe's customer credit balance):
// `balance` on customer create and update; a draft's starting_balance is the current
// balance; finalization applies it (a credit lowers amount_due, never under 0, and what is
// left stays the customer's; an amount owed is added; a negative total becomes a credit) and
// records starting_balance and ending_balance; voiding gives the applied balance back.
#include <string>

#include "absl/strings/str_cat.h"
#include "engine/billing_test_fixture.h"

namespace paysim {
namespace {

using ::paysim::testing::IsOk;
using ::paysim::testing::ParseParams;

class CustomerBalanceTest : public BillingTest {
 protected:
  // A customer with a saved Visa and `balance`.
  std::string CustomerWithBalance(int64_t balance) {
    const std::string id = NewCustomer();
    CustomerUpdateParams params;
    params.set_balance(balance);
    EXPECT_THAT(engine_.customers().Update(id, params), IsOk());
    return id;
  }

  int64_t BalanceOf(const std::string& customer) {
    return engine_.customers().Retrieve(customer)->balance();
  }

  // A one-off invoice of one item of `amount`, finalized; returns it.
  Invoice FinalizedOneOff(const std::string& customer, int64_t amount) {
    EXPECT_THAT(engine_.invoice_items().Create(ParseParams<InvoiceItemCreateParams>(absl::StrCat(
                    "customer: \"", customer, "\" currency: \"usd\" amount: ", amount))),
                IsOk());
    absl::StatusOr<Invoice> draft = engine_.invoices().Create(ParseParams<InvoiceCreateParams>(
        absl::StrCat("customer: \"", customer,
                     "\" pending_invoice_items_behavior: \"include\" "
                     "collection_method: \"send_invoice\" days_until_due: 30")));
    EXPECT_THAT(draft, IsOk());
    absl::StatusOr<Invoice> open = engine_.invoices().Finalize(draft->id(), {});
    EXPECT_THAT(open, IsOk());
    return open.value_or(Invoice());
  }
};

TEST_F(CustomerBalanceTest, BalanceOnCreateAndUpdate) {
  CustomerCreateParams create;
  create.set_balance(-250);
  absl::StatusOr<Customer> customer = engine_.customers().Create(create);
  ASSERT_THAT(customer, IsOk());
  EXPECT_EQ(customer->balance(), -250);
  CustomerUpdateParams update;
  update.set_balance(400);
  EXPECT_EQ(engine_.customers().Update(customer->id(), update)->balance(), 400);
}

TEST_F(CustomerBalanceTest, CreditLowersTheFirstInvoice) {
  const std::string customer = CustomerWithBalance(-500);
  absl::StatusOr<Subscription> sub = Subscribe(customer, NewPrice(1500));
  ASSERT_THAT(sub, IsOk());
  const Invoice first = Inv(sub->latest_invoice());
  EXPECT_EQ(first.total(), 1500);
  EXPECT_EQ(first.starting_balance(), -500);
  EXPECT_EQ(first.ending_balance(), 0);
  EXPECT_EQ(first.amount_due(), 1000);
  EXPECT_EQ(first.amount_paid(), 1000);
  EXPECT_EQ(first.status(), "paid");
  EXPECT_EQ(BalanceOf(customer), 0);
}

TEST_F(CustomerBalanceTest, CreditLargerThanTheInvoiceCarriesOver) {
  const std::string customer = CustomerWithBalance(-2000);
  absl::StatusOr<Subscription> sub = Subscribe(customer, NewPrice(1500));
  ASSERT_THAT(sub, IsOk());
  const Invoice first = Inv(sub->latest_invoice());
  EXPECT_EQ(first.amount_due(), 0);
  EXPECT_EQ(first.status(), "paid");
  EXPECT_EQ(first.ending_balance(), -500);
  EXPECT_EQ(BalanceOf(customer), -500);
  // The renewal takes the rest of the credit.
  At(kFeb1);
  At(kFeb1 + kHour);
  const Invoice renewal = InvoicesOf(sub->id()).back();
  EXPECT_EQ(renewal.starting_balance(), -500);
  EXPECT_EQ(renewal.amount_due(), 1000);
  EXPECT_EQ(renewal.amount_paid(), 1000);
  EXPECT_EQ(BalanceOf(customer), 0);
}

TEST_F(CustomerBalanceTest, AmountOwedIsAdded) {
  const std::string customer = CustomerWithBalance(300);
  const Invoice invoice = FinalizedOneOff(customer, 1500);
  EXPECT_EQ(invoice.starting_balance(), 300);
  EXPECT_EQ(invoice.amount_due(), 1800);
  EXPECT_EQ(invoice.amount_remaining(), 1800);
  EXPECT_EQ(invoice.ending_balance(), 0);
  EXPECT_EQ(BalanceOf(customer), 0);
}

TEST_F(CustomerBalanceTest, NegativeTotalBecomesACredit) {
  const std::string customer = CustomerWithBalance(0);
  const Invoice invoice = FinalizedOneOff(customer, -700);
  EXPECT_EQ(invoice.total(), -700);
  EXPECT_EQ(invoice.amount_due(), 0);
  EXPECT_EQ(invoice.status(), "paid");
  EXPECT_EQ(invoice.ending_balance(), -700);
  EXPECT_EQ(BalanceOf(customer), -700);
}

TEST_F(CustomerBalanceTest, DraftShowsTheCurrentBalanceAndVoidGivesItBack) {
  const std::string customer = CustomerWithBalance(-500);
  ASSERT_THAT(engine_.invoice_items().Create(ParseParams<InvoiceItemCreateParams>(absl::StrCat(
                  "customer: \"", customer, "\" currency: \"usd\" amount: 1500"))),
              IsOk());
  absl::StatusOr<Invoice> draft = engine_.invoices().Create(ParseParams<InvoiceCreateParams>(
      absl::StrCat("customer: \"", customer,
                   "\" pending_invoice_items_behavior: \"include\" "
                   "collection_method: \"send_invoice\" days_until_due: 30")));
  ASSERT_THAT(draft, IsOk());
  EXPECT_EQ(draft->starting_balance(), -500);
  EXPECT_EQ(draft->amount_due(), 1000);
  EXPECT_FALSE(draft->has_ending_balance());
  EXPECT_EQ(BalanceOf(customer), -500);  // nothing applied before finalization

  absl::StatusOr<Invoice> open = engine_.invoices().Finalize(draft->id(), {});
  ASSERT_THAT(open, IsOk());
  EXPECT_EQ(open->amount_due(), 1000);
  EXPECT_EQ(BalanceOf(customer), 0);
  ASSERT_THAT(engine_.invoices().Void(draft->id()), IsOk());
  EXPECT_EQ(BalanceOf(customer), -500);
}

}  // namespace
}  // namespace paysim
