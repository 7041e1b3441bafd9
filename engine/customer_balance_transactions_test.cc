// Behaviour tests of a customer's balance transactions (/v1/customers/{id}/balance_transactions):
// create (the balance moves, customer.updated, the customer's currency set or checked),
// retrieve, update (description and metadata only), list; the transactions the engine records
// where it moves a balance itself (customer create and update, invoice finalization and void,
// credit notes); refusals change nothing.
#include <memory>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "engine/billing_test_fixture.h"

namespace paysim {
namespace {

using ::paysim::testing::IsOk;
using ::paysim::testing::ParseParams;
using ::paysim::testing::StripeErrorWithParam;
using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::StartsWith;

class CustomerBalanceTransactionsTest : public BillingTest {
 protected:
  absl::StatusOr<CustomerBalanceTransaction> Create(const std::string& customer,
                                                    const std::string& text) {
    return engine_.customer_balance_transactions().Create(
        customer, ParseParams<CustomerBalanceTransactionCreateParams>(text));
  }

  CustomerBalanceTransaction MustCreate(const std::string& customer, const std::string& text) {
    absl::StatusOr<CustomerBalanceTransaction> transaction = Create(customer, text);
    EXPECT_THAT(transaction, IsOk());
    return transaction.value_or(CustomerBalanceTransaction());
  }

  Customer Cus(const std::string& id) {
    absl::StatusOr<Customer> customer = engine_.customers().Retrieve(id);
    EXPECT_THAT(customer, IsOk());
    return customer.value_or(Customer());
  }

  // The customer's transactions, oldest first.
  std::vector<CustomerBalanceTransaction> TransactionsOf(const std::string& customer) {
    CustomerBalanceTransactionListParams params;
    params.set_limit(100);
    absl::StatusOr<ListResult<CustomerBalanceTransaction>> page =
        engine_.customer_balance_transactions().List(customer, params);
    EXPECT_THAT(page, IsOk());
    if (!page.ok()) return {};
    return std::vector<CustomerBalanceTransaction>(page->data.rbegin(), page->data.rend());
  }

  // A refused create: the error, and nothing changed (events, customer, transactions).
  void ExpectRefused(const std::string& customer, const std::string& text,
                     const std::string& code, const std::string& param) {
    const size_t events = events_.size();
    const Customer before = Cus(customer);
    const size_t transactions = TransactionsOf(customer).size();
    EXPECT_THAT(Create(customer, text), StripeErrorWithParam("invalid_request_error", code, param))
        << text;
    EXPECT_EQ(events_.size(), events) << text;
    EXPECT_EQ(Cus(customer), before) << text;
    EXPECT_EQ(TransactionsOf(customer).size(), transactions) << text;
  }
};

TEST_F(CustomerBalanceTransactionsTest, CreateMovesTheBalance) {
  const std::string customer = NewCustomer("");
  const size_t before = events_.size();
  const CustomerBalanceTransaction credit =
      MustCreate(customer,
                 "amount: -500 currency: \"usd\" description: \"Goodwill\" "
                 "metadata { key: \"ticket\" value: \"42\" }");
  EXPECT_THAT(credit.id(), StartsWith("cbtx_"));
  EXPECT_EQ(credit.object(), "customer_balance_transaction");
  EXPECT_EQ(credit.amount(), -500);
  EXPECT_FALSE(credit.has_checkout_session());
  EXPECT_EQ(credit.created(), kStart);
  EXPECT_FALSE(credit.has_credit_note());
  EXPECT_EQ(credit.currency(), "usd");
  EXPECT_EQ(credit.customer(), customer);
  EXPECT_EQ(credit.description(), "Goodwill");
  EXPECT_EQ(credit.ending_balance(), -500);
  EXPECT_FALSE(credit.has_invoice());
  EXPECT_FALSE(credit.livemode());
  EXPECT_EQ(credit.metadata().at("ticket"), "42");
  EXPECT_EQ(credit.type(), "adjustment");
  const Customer after = Cus(customer);
  EXPECT_EQ(after.balance(), -500);
  EXPECT_EQ(after.currency(), "usd");  // the first movement sets it
  // Only the customer's own event: Stripe has no customer_balance_transaction events.
  EXPECT_THAT(TypesSince(before), ElementsAre("customer.updated"));
  EXPECT_THAT(events_.back().data().previous_attributes(), HasSubstr("\"balance\":0"));

  const CustomerBalanceTransaction debit = MustCreate(customer, "amount: 200 currency: \"USD\"");
  EXPECT_EQ(debit.ending_balance(), -300);
  EXPECT_FALSE(debit.has_description());
  EXPECT_EQ(Cus(customer).balance(), -300);
  EXPECT_THAT(events_.back().data().previous_attributes(), HasSubstr("\"balance\":-500"));
}

TEST_F(CustomerBalanceTransactionsTest, RetrieveUpdateList) {
  const std::string customer = NewCustomer("");
  const CustomerBalanceTransaction first = MustCreate(customer, "amount: 100 currency: \"usd\"");
  const CustomerBalanceTransaction second =
      MustCreate(customer, "amount: 250 currency: \"usd\" description: \"Fee\"");
  EXPECT_EQ(*engine_.customer_balance_transactions().Retrieve(customer, first.id()), first);

  const size_t events = events_.size();
  absl::StatusOr<CustomerBalanceTransaction> updated =
      engine_.customer_balance_transactions().Update(
          customer, second.id(),
          ParseParams<CustomerBalanceTransactionUpdateParams>(
              "description: \"\" metadata { key: \"a\" value: \"b\" }"));
  ASSERT_THAT(updated, IsOk());
  EXPECT_FALSE(updated->has_description());
  EXPECT_EQ(updated->metadata().at("a"), "b");
  EXPECT_EQ(updated->amount(), 250);
  EXPECT_EQ(updated->ending_balance(), 350);
  EXPECT_EQ(events_.size(), events);  // no event
  EXPECT_EQ(Cus(customer).balance(), 350);
  EXPECT_EQ(*engine_.customer_balance_transactions().Retrieve(customer, second.id()), *updated);

  // Newest first, paginated; another customer's transactions are not listed.
  const std::string other = NewCustomer("");
  MustCreate(other, "amount: 1 currency: \"usd\"");
  CustomerBalanceTransactionListParams params;
  params.set_limit(1);
  absl::StatusOr<ListResult<CustomerBalanceTransaction>> page =
      engine_.customer_balance_transactions().List(customer, params);
  ASSERT_THAT(page, IsOk());
  ASSERT_EQ(page->data.size(), 1u);
  EXPECT_EQ(page->data[0].id(), second.id());
  EXPECT_TRUE(page->has_more);
  EXPECT_EQ(page->url, absl::StrCat("/v1/customers/", customer, "/balance_transactions"));
  params.set_starting_after(second.id());
  page = engine_.customer_balance_transactions().List(customer, params);
  ASSERT_THAT(page, IsOk());
  ASSERT_EQ(page->data.size(), 1u);
  EXPECT_EQ(page->data[0].id(), first.id());
  EXPECT_FALSE(page->has_more);
}

TEST_F(CustomerBalanceTransactionsTest, RefusalsChangeNothing) {
  const std::string customer = NewCustomer("");
  MustCreate(customer, "amount: 100 currency: \"usd\"");
  ExpectRefused(customer, "currency: \"usd\"", "parameter_missing", "amount");
  ExpectRefused(customer, "amount: 100", "parameter_missing", "currency");
  ExpectRefused(customer, "amount: 0 currency: \"usd\"", "", "amount");
  ExpectRefused(customer, "amount: 100 currency: \"zzz\"", "", "currency");
  ExpectRefused(customer, "amount: 100 currency: \"eur\"", "", "currency");  // the balance is usd
  std::string metadata;
  for (int i = 0; i < 51; ++i) absl::StrAppend(&metadata, "metadata { key: \"k", i, "\" value: \"v\" } ");
  ExpectRefused(customer, "amount: 100 currency: \"usd\" " + metadata, "", "metadata");

  const size_t events = events_.size();
  EXPECT_THAT(Create("cus_missing", "amount: 100 currency: \"usd\""),
              StripeErrorWithParam("invalid_request_error", "resource_missing", "id"));
  EXPECT_THAT(engine_.customer_balance_transactions().Retrieve(customer, "cbtx_missing"),
              StripeErrorWithParam("invalid_request_error", "resource_missing", "id"));
  EXPECT_THAT(engine_.customer_balance_transactions().Update(
                  customer, "cbtx_missing", CustomerBalanceTransactionUpdateParams()),
              StripeErrorWithParam("invalid_request_error", "resource_missing", "id"));
  EXPECT_THAT(engine_.customer_balance_transactions().List(
                  "cus_missing", CustomerBalanceTransactionListParams()),
              StripeErrorWithParam("invalid_request_error", "resource_missing", "id"));
  // Another customer's transaction is not found through this one.
  const std::string other = NewCustomer("");
  const CustomerBalanceTransaction theirs = MustCreate(other, "amount: 5 currency: \"usd\"");
  EXPECT_THAT(engine_.customer_balance_transactions().Retrieve(customer, theirs.id()),
              StripeErrorWithParam("invalid_request_error", "resource_missing", "id"));
  EXPECT_EQ(Cus(customer).balance(), 100);
  EXPECT_EQ(events_.size(), events + 2);  // the other customer's creation and transaction
}

TEST_F(CustomerBalanceTransactionsTest, BalanceOnCustomerCreateAndUpdateIsRecorded) {
  CustomerCreateParams create;
  create.set_balance(-250);
  absl::StatusOr<Customer> customer = engine_.customers().Create(create);
  ASSERT_THAT(customer, IsOk());
  EXPECT_EQ(customer->currency(), "usd");
  CustomerUpdateParams update;
  update.set_balance(400);
  ASSERT_THAT(engine_.customers().Update(customer->id(), update), IsOk());
  update.set_balance(400);  // no change: nothing recorded
  ASSERT_THAT(engine_.customers().Update(customer->id(), update), IsOk());
  const std::vector<CustomerBalanceTransaction> transactions = TransactionsOf(customer->id());
  ASSERT_EQ(transactions.size(), 2u);
  EXPECT_EQ(transactions[0].type(), "initial");
  EXPECT_EQ(transactions[0].amount(), -250);
  EXPECT_EQ(transactions[0].ending_balance(), -250);
  EXPECT_EQ(transactions[1].type(), "adjustment");
  EXPECT_EQ(transactions[1].amount(), 650);
  EXPECT_EQ(transactions[1].ending_balance(), 400);
  EXPECT_EQ(transactions[1].currency(), "usd");

  // A customer without a balance records nothing.
  EXPECT_TRUE(TransactionsOf(NewCustomer("")).empty());
}

TEST_F(CustomerBalanceTransactionsTest, InvoiceAppliesTheBalanceAndVoidGivesItBack) {
  const std::string customer = NewCustomer("");
  MustCreate(customer, "amount: -500 currency: \"usd\"");
  ASSERT_THAT(engine_.invoice_items().Create(ParseParams<InvoiceItemCreateParams>(absl::StrCat(
                  "customer: \"", customer, "\" currency: \"usd\" amount: 1500"))),
              IsOk());
  absl::StatusOr<Invoice> draft = engine_.invoices().Create(ParseParams<InvoiceCreateParams>(
      absl::StrCat("customer: \"", customer,
                   "\" pending_invoice_items_behavior: \"include\" "
                   "collection_method: \"send_invoice\" days_until_due: 30")));
  ASSERT_THAT(draft, IsOk());
  EXPECT_EQ(TransactionsOf(customer).size(), 1u);  // a draft applies nothing
  ASSERT_THAT(engine_.invoices().Finalize(draft->id(), {}), IsOk());
  std::vector<CustomerBalanceTransaction> transactions = TransactionsOf(customer);
  ASSERT_EQ(transactions.size(), 2u);
  EXPECT_EQ(transactions[1].type(), "applied_to_invoice");
  EXPECT_EQ(transactions[1].amount(), 500);
  EXPECT_EQ(transactions[1].ending_balance(), 0);
  EXPECT_EQ(transactions[1].invoice(), draft->id());

  ASSERT_THAT(engine_.invoices().Void(draft->id()), IsOk());
  transactions = TransactionsOf(customer);
  ASSERT_EQ(transactions.size(), 3u);
  EXPECT_EQ(transactions[2].type(), "unapplied_from_invoice");
  EXPECT_EQ(transactions[2].amount(), -500);
  EXPECT_EQ(transactions[2].ending_balance(), -500);
  EXPECT_EQ(transactions[2].invoice(), draft->id());
  EXPECT_EQ(Cus(customer).balance(), -500);
}

TEST_F(CustomerBalanceTransactionsTest, CreditNoteCreditsTheBalance) {
  const std::string customer = NewCustomer();
  absl::StatusOr<Subscription> sub = Subscribe(customer, NewPrice(3000));
  ASSERT_THAT(sub, IsOk());
  const Invoice paid = Inv(sub->latest_invoice());
  ASSERT_EQ(paid.status(), "paid");
  absl::StatusOr<CreditNote> note = engine_.credit_notes().Create(
      ParseParams<CreditNoteCreateParams>(absl::StrCat(
          "invoice: \"", paid.id(), "\" amount: 700 credit_amount: 700")));
  ASSERT_THAT(note, IsOk());
  std::vector<CustomerBalanceTransaction> transactions = TransactionsOf(customer);
  ASSERT_EQ(transactions.size(), 1u);
  EXPECT_EQ(transactions[0].type(), "credit_note");
  EXPECT_EQ(transactions[0].amount(), -700);
  EXPECT_EQ(transactions[0].ending_balance(), -700);
  EXPECT_EQ(transactions[0].credit_note(), note->id());
  EXPECT_EQ(note->customer_balance_transaction(), transactions[0].id());

  ASSERT_THAT(engine_.credit_notes().Void(note->id()), IsOk());
  transactions = TransactionsOf(customer);
  ASSERT_EQ(transactions.size(), 2u);
  EXPECT_EQ(transactions[1].type(), "credit_note");
  EXPECT_EQ(transactions[1].amount(), 700);
  EXPECT_EQ(transactions[1].ending_balance(), 0);
  EXPECT_EQ(Cus(customer).balance(), 0);
}

TEST_F(CustomerBalanceTransactionsTest, SnapshotKeepsThem) {
  const std::string customer = NewCustomer("");
  const CustomerBalanceTransaction credit = MustCreate(customer, "amount: -900 currency: \"usd\"");
  absl::StatusOr<std::unique_ptr<Engine>> restored =
      testing::RestoredCopy(engine_, {.clock = &clock_});
  ASSERT_THAT(restored, IsOk());
  EXPECT_EQ(*(*restored)->customer_balance_transactions().Retrieve(customer, credit.id()), credit);
  // Both continue identically: the next transaction has the same id and ending balance.
  const auto params = ParseParams<CustomerBalanceTransactionCreateParams>(
      "amount: 400 currency: \"usd\"");
  absl::StatusOr<CustomerBalanceTransaction> here =
      engine_.customer_balance_transactions().Create(customer, params);
  absl::StatusOr<CustomerBalanceTransaction> there =
      (*restored)->customer_balance_transactions().Create(customer, params);
  ASSERT_THAT(here, IsOk());
  ASSERT_THAT(there, IsOk());
  EXPECT_EQ(*here, *there);
  EXPECT_EQ(there->ending_balance(), -500);
}

}  // namespace
}  // namespace paysim
