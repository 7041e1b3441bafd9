// Behaviour tests of customers' cash balances: funding (test helper), transactions retrieve
// and list; customer_balance PaymentIntents waiting for a bank transfer, partially then fully
// funded, or paid at once by a balance that covers them; the cash_balance object and its
// settings (manual reconciliation), cash_balance.funds_available; refusals change nothing;
// each customer's balances and transactions apart from other customers', also after a restore.
#include <memory>
#include <string>
#include <vector>

#include "engine/billing_test_fixture.h"
#include "engine/json_render.h"

namespace paysim {
namespace {

using ::paysim::testing::IsOk;
using ::paysim::testing::ParseParams;
using ::paysim::testing::StripeErrorWithParam;
using ::testing::ElementsAre;

class CashBalancesTest : public BillingTest {
 protected:
  absl::StatusOr<CustomerCashBalanceTransaction> Fund(const std::string& customer,
                                                      const std::string& text) {
    return engine_.cash_balances().Fund(customer, ParseParams<FundCashBalanceParams>(text));
  }

  absl::StatusOr<CashBalance> SetMode(const std::string& customer, const std::string& mode) {
    return engine_.cash_balances().Update(
        customer, ParseParams<CashBalanceUpdateParams>("settings { reconciliation_mode: '" +
                                                       mode + "' }"));
  }

  absl::StatusOr<PaymentIntent> CreateIntent(const std::string& customer, int64_t amount,
                                             const std::string& extra = "") {
    return engine_.payment_intents().Create(ParseParams<PaymentIntentCreateParams>(
        "amount: " + std::to_string(amount) + " currency: 'jpy' customer: '" + customer +
        "' payment_method_types: 'customer_balance' "
        "payment_method_data { type: 'customer_balance' } "
        "payment_method_options { customer_balance { funding_type: 'bank_transfer' "
        "bank_transfer { type: 'jp_bank_transfer' } } } confirm: true " + extra));
  }

  PaymentIntent Pi(const std::string& id) {
    absl::StatusOr<PaymentIntent> pi = engine_.payment_intents().Retrieve(id);
    EXPECT_THAT(pi, IsOk());
    return pi.value_or(PaymentIntent());
  }

  std::vector<std::string> TypesSince(size_t from) {
    std::vector<std::string> types;
    for (size_t i = from; i < events_.size(); ++i) types.push_back(events_[i].type());
    return types;
  }

  size_t TransactionCount(const std::string& customer) {
    CashBalanceTransactionListParams params;
    params.set_limit(100);
    absl::StatusOr<ListResult<CustomerCashBalanceTransaction>> page =
        engine_.cash_balances().ListTransactions(customer, params);
    EXPECT_THAT(page, IsOk());
    return page.ok() ? page->data.size() : 0;
  }
};

TEST_F(CashBalancesTest, FundingRecordsAFundedTransaction) {
  const std::string customer = NewCustomer("");
  const size_t before = events_.size();
  absl::StatusOr<CustomerCashBalanceTransaction> funded =
      Fund(customer, "amount: 1000 currency: 'usd'");
  ASSERT_THAT(funded, IsOk());
  EXPECT_EQ(funded->id().substr(0, 8), "ccsbtxn_");
  EXPECT_EQ(funded->object(), "customer_cash_balance_transaction");
  EXPECT_EQ(funded->type(), "funded");
  EXPECT_EQ(funded->net_amount(), 1000);
  EXPECT_EQ(funded->ending_balance(), 1000);
  EXPECT_EQ(funded->currency(), "usd");
  EXPECT_EQ(funded->customer(), customer);
  EXPECT_EQ(funded->funded().bank_transfer().type(), "us_bank_transfer");
  EXPECT_FALSE(funded->funded().bank_transfer().reference().empty());
  EXPECT_EQ(TypesSince(before), (std::vector<std::string>{
                                    "customer_cash_balance_transaction.created",
                                    "cash_balance.funds_available"}));
  absl::StatusOr<CustomerCashBalanceTransaction> again =
      Fund(customer, "amount: 500 currency: 'usd' reference: 'REF1'");
  ASSERT_THAT(again, IsOk());
  EXPECT_EQ(again->ending_balance(), 1500);
  EXPECT_EQ(again->funded().bank_transfer().reference(), "REF1");
  EXPECT_EQ(*engine_.cash_balances().RetrieveTransaction(customer, funded->id()), *funded);
  EXPECT_EQ(TransactionCount(customer), 2u);
}

TEST_F(CashBalancesTest, PartialThenFullFunding) {
  const std::string customer = NewCustomer("");
  absl::StatusOr<PaymentIntent> pi = CreateIntent(customer, 20000);
  ASSERT_THAT(pi, IsOk());
  EXPECT_EQ(pi->status(), "requires_action");
  EXPECT_EQ(pi->next_action().type(), "display_bank_transfer_instructions");
  const DisplayBankTransferInstructions& instructions =
      pi->next_action().display_bank_transfer_instructions();
  EXPECT_EQ(instructions.amount_remaining(), 20000);
  EXPECT_EQ(instructions.currency(), "jpy");
  EXPECT_EQ(instructions.type(), "jp_bank_transfer");
  ASSERT_EQ(instructions.financial_addresses_size(), 1);
  EXPECT_EQ(instructions.financial_addresses(0).type(), "zengin");

  size_t before = events_.size();
  ASSERT_THAT(Fund(customer, "amount: 10000 currency: 'jpy'"), IsOk());
  EXPECT_EQ(TypesSince(before), (std::vector<std::string>{
                                    "customer_cash_balance_transaction.created",
                                    "customer_cash_balance_transaction.created",
                                    "payment_intent.partially_funded"}));
  PaymentIntent partial = Pi(pi->id());
  EXPECT_EQ(partial.status(), "requires_action");
  EXPECT_EQ(partial.next_action().display_bank_transfer_instructions().amount_remaining(), 10000);
  EXPECT_EQ(TransactionCount(customer), 2u);

  before = events_.size();
  absl::StatusOr<CustomerCashBalanceTransaction> rest =
      Fund(customer, "amount: 12000 currency: 'jpy'");
  ASSERT_THAT(rest, IsOk());
  EXPECT_EQ(rest->ending_balance(), 12000);
  PaymentIntent paid = Pi(pi->id());
  EXPECT_EQ(paid.status(), "succeeded");
  EXPECT_EQ(paid.amount_received(), 20000);
  EXPECT_FALSE(paid.has_next_action());
  ASSERT_TRUE(paid.has_latest_charge());
  absl::StatusOr<Charge> charge = engine_.charges().Retrieve(paid.latest_charge());
  ASSERT_THAT(charge, IsOk());
  EXPECT_EQ(charge->payment_method_details().type(), "customer_balance");
  EXPECT_EQ(charge->amount_captured(), 20000);
  const std::vector<std::string> types = TypesSince(before);
  ASSERT_GE(types.size(), 2u);
  EXPECT_EQ(types[types.size() - 2], "payment_intent.succeeded");
  // 2000 remains in the cash balance.
  EXPECT_EQ(types.back(), "cash_balance.funds_available");
  EXPECT_EQ(events_.back().data().object().cash_balance().available().jpy(), 2000);
  absl::StatusOr<PaymentIntent> covered = CreateIntent(customer, 2000);
  ASSERT_THAT(covered, IsOk());
  EXPECT_EQ(covered->status(), "succeeded");
}

TEST_F(CashBalancesTest, BalanceCoveringTheAmountPaysAtConfirm) {
  const std::string customer = NewCustomer("");
  ASSERT_THAT(Fund(customer, "amount: 30000 currency: 'jpy'"), IsOk());
  const size_t before = events_.size();
  absl::StatusOr<PaymentIntent> pi = CreateIntent(customer, 20000);
  ASSERT_THAT(pi, IsOk());
  EXPECT_EQ(pi->status(), "succeeded");
  EXPECT_EQ(pi->amount_received(), 20000);
  EXPECT_EQ(TypesSince(before).back(), "payment_intent.succeeded");
  EXPECT_EQ(TransactionCount(customer), 2u);
}

TEST_F(CashBalancesTest, CashBalanceObject) {
  const std::string customer = NewCustomer("");
  absl::StatusOr<CashBalance> empty = engine_.cash_balances().Retrieve(customer);
  ASSERT_THAT(empty, IsOk());
  EXPECT_EQ(empty->object(), "cash_balance");
  EXPECT_EQ(empty->customer(), customer);
  EXPECT_FALSE(empty->livemode());
  EXPECT_FALSE(empty->has_available());
  EXPECT_EQ(empty->settings().reconciliation_mode(), "automatic");
  EXPECT_TRUE(empty->settings().using_merchant_default());
  EXPECT_EQ(ToJson(*empty)["available"], nullptr);

  ASSERT_THAT(Fund(customer, "amount: 1000 currency: 'usd'"), IsOk());
  const Event& funds_available = events_.back();
  EXPECT_EQ(funds_available.type(), "cash_balance.funds_available");
  EXPECT_EQ(funds_available.data().object().cash_balance().customer(), customer);
  EXPECT_EQ(funds_available.data().object().cash_balance().available().usd(), 1000);
  ASSERT_THAT(Fund(customer, "amount: 500 currency: 'eur'"), IsOk());
  absl::StatusOr<CashBalance> funded = engine_.cash_balances().Retrieve(customer);
  ASSERT_THAT(funded, IsOk());
  // Stripe's hash by currency, keys in order.
  EXPECT_EQ(ToJson(*funded)["available"].dump(), R"({"eur":500,"usd":1000})");
  EXPECT_EQ(ToJson(*funded)["settings"].dump(),
            R"({"reconciliation_mode":"automatic","using_merchant_default":true})");
}

TEST_F(CashBalancesTest, EachCustomersBalancesAndTransactionsAreItsOwn) {
  const std::string a = NewCustomer("");
  const std::string b = NewCustomer("");
  auto ids = [](Engine& engine, const std::string& customer) {
    absl::StatusOr<ListResult<CustomerCashBalanceTransaction>> page =
        engine.cash_balances().ListTransactions(customer, CashBalanceTransactionListParams());
    EXPECT_THAT(page, IsOk());
    std::vector<std::string> out;
    if (page.ok()) {
      for (const CustomerCashBalanceTransaction& t : page->data) out.push_back(t.id());
    }
    return out;
  };
  auto available = [](Engine& engine, const std::string& customer) {
    absl::StatusOr<CashBalance> balance = engine.cash_balances().Retrieve(customer);
    EXPECT_THAT(balance, IsOk());
    return balance.ok() ? ToJson(*balance)["available"].dump() : "";
  };
  absl::StatusOr<CustomerCashBalanceTransaction> a1 = Fund(a, "amount: 1000 currency: 'usd'");
  absl::StatusOr<CustomerCashBalanceTransaction> b1 = Fund(b, "amount: 7000 currency: 'jpy'");
  absl::StatusOr<CustomerCashBalanceTransaction> a2 = Fund(a, "amount: 300 currency: 'eur'");
  absl::StatusOr<CustomerCashBalanceTransaction> a3 = Fund(a, "amount: 200 currency: 'usd'");
  ASSERT_THAT(a1, IsOk());
  ASSERT_THAT(b1, IsOk());
  ASSERT_THAT(a2, IsOk());
  ASSERT_THAT(a3, IsOk());
  EXPECT_EQ(a3->ending_balance(), 1200);  // the newest usd transaction's, not b's or eur's
  EXPECT_THAT(ids(engine_, a), ElementsAre(a3->id(), a2->id(), a1->id()));
  EXPECT_THAT(ids(engine_, b), ElementsAre(b1->id()));
  EXPECT_EQ(available(engine_, a), R"({"eur":300,"usd":1200})");
  EXPECT_EQ(available(engine_, b), R"({"jpy":7000})");
  // b's balance pays b's intent; a's is untouched.
  absl::StatusOr<PaymentIntent> paid = CreateIntent(b, 5000);
  ASSERT_THAT(paid, IsOk());
  EXPECT_EQ(paid->status(), "succeeded");
  EXPECT_EQ(available(engine_, b), R"({"jpy":2000})");
  EXPECT_EQ(available(engine_, a), R"({"eur":300,"usd":1200})");

  absl::StatusOr<std::unique_ptr<Engine>> restored =
      testing::RestoredCopy(engine_, {.clock = &clock_});
  ASSERT_THAT(restored, IsOk());
  Engine& engine = **restored;
  EXPECT_EQ(ids(engine, a), ids(engine_, a));
  EXPECT_EQ(ids(engine, b), ids(engine_, b));
  EXPECT_EQ(available(engine, b), R"({"jpy":2000})");
  absl::StatusOr<CustomerCashBalanceTransaction> a4 = engine.cash_balances().Fund(
      a, ParseParams<FundCashBalanceParams>("amount: 50 currency: 'eur'"));
  ASSERT_THAT(a4, IsOk());
  EXPECT_EQ(a4->ending_balance(), 350);
  EXPECT_THAT(ids(engine, a), ElementsAre(a4->id(), a3->id(), a2->id(), a1->id()));
  EXPECT_EQ(available(engine, a), R"({"eur":350,"usd":1200})");
  EXPECT_EQ(available(engine_, a), R"({"eur":300,"usd":1200})");
}

TEST_F(CashBalancesTest, ManualReconciliationKeepsFundsInTheBalance) {
  const std::string customer = NewCustomer("");
  absl::StatusOr<CashBalance> manual = SetMode(customer, "manual");
  ASSERT_THAT(manual, IsOk());
  EXPECT_EQ(manual->settings().reconciliation_mode(), "manual");
  EXPECT_FALSE(manual->settings().using_merchant_default());
  absl::StatusOr<PaymentIntent> waiting = CreateIntent(customer, 20000);
  ASSERT_THAT(waiting, IsOk());
  EXPECT_EQ(waiting->status(), "requires_action");

  const size_t before = events_.size();
  ASSERT_THAT(Fund(customer, "amount: 30000 currency: 'jpy'"), IsOk());
  EXPECT_EQ(TypesSince(before), (std::vector<std::string>{
                                    "customer_cash_balance_transaction.created",
                                    "cash_balance.funds_available"}));
  EXPECT_EQ(Pi(waiting->id()).status(), "requires_action");
  EXPECT_EQ(
      Pi(waiting->id()).next_action().display_bank_transfer_instructions().amount_remaining(),
      20000);
  EXPECT_EQ(engine_.cash_balances().Retrieve(customer)->available().jpy(), 30000);

  // A PaymentIntent confirmed with a balance that covers it is paid from it.
  absl::StatusOr<PaymentIntent> covered = CreateIntent(customer, 5000);
  ASSERT_THAT(covered, IsOk());
  EXPECT_EQ(covered->status(), "succeeded");
  EXPECT_EQ(engine_.cash_balances().Retrieve(customer)->available().jpy(), 25000);

  // Back to the account's default: funds arriving are applied again.
  absl::StatusOr<CashBalance> automatic = SetMode(customer, "merchant_default");
  ASSERT_THAT(automatic, IsOk());
  EXPECT_EQ(automatic->settings().reconciliation_mode(), "automatic");
  EXPECT_TRUE(automatic->settings().using_merchant_default());
  ASSERT_THAT(Fund(customer, "amount: 100 currency: 'jpy'"), IsOk());
  EXPECT_EQ(Pi(waiting->id()).status(), "succeeded");
  EXPECT_EQ(engine_.cash_balances().Retrieve(customer)->available().jpy(), 5100);
}

TEST_F(CashBalancesTest, CashBalanceRefusalsChangeNothing) {
  const std::string customer = NewCustomer("");
  ASSERT_THAT(SetMode(customer, "manual"), IsOk());
  const size_t before = events_.size();
  EXPECT_THAT(SetMode(customer, "sometimes"),
              StripeErrorWithParam("invalid_request_error", "", "settings[reconciliation_mode]"));
  EXPECT_THAT(SetMode("cus_missing", "automatic"),
              StripeErrorWithParam("invalid_request_error", "resource_missing", "id"));
  EXPECT_THAT(engine_.cash_balances().Retrieve("cus_missing"),
              StripeErrorWithParam("invalid_request_error", "resource_missing", "id"));
  EXPECT_EQ(engine_.cash_balances().Retrieve(customer)->settings().reconciliation_mode(),
            "manual");
  EXPECT_EQ(events_.size(), before);
}

TEST_F(CashBalancesTest, RefusalsChangeNothing) {
  const std::string customer = NewCustomer("");
  const size_t before = events_.size();
  EXPECT_THAT(Fund(customer, "currency: 'usd'"),
              StripeErrorWithParam("invalid_request_error", "parameter_missing", "amount"));
  EXPECT_THAT(Fund(customer, "amount: 0 currency: 'usd'"),
              StripeErrorWithParam("invalid_request_error", "", "amount"));
  EXPECT_THAT(Fund(customer, "amount: 100"),
              StripeErrorWithParam("invalid_request_error", "parameter_missing", "currency"));
  EXPECT_THAT(Fund(customer, "amount: 100 currency: 'cad'"),
              StripeErrorWithParam("invalid_request_error", "", "currency"));
  EXPECT_THAT(Fund("cus_missing", "amount: 100 currency: 'usd'"),
              StripeErrorWithParam("invalid_request_error", "resource_missing", "id"));
  EXPECT_THAT(engine_.payment_intents().Create(ParseParams<PaymentIntentCreateParams>(
                  "amount: 1000 currency: 'jpy' payment_method_types: 'customer_balance' "
                  "payment_method_data { type: 'customer_balance' } confirm: true")),
              StripeErrorWithParam("invalid_request_error", "", "customer"));
  EXPECT_THAT(CreateIntent(customer, 1000, "").status().ok(), true);
  const size_t after_ok = events_.size();
  EXPECT_THAT(engine_.payment_intents().Create(ParseParams<PaymentIntentCreateParams>(
                  "amount: 1000 currency: 'jpy' customer: '" + customer +
                  "' payment_method_types: 'customer_balance' "
                  "payment_method_data { type: 'customer_balance' } "
                  "payment_method_options { customer_balance { funding_type: 'bank_transfer' "
                  "bank_transfer { type: 'ca_bank_transfer' } } } confirm: true")),
              StripeErrorWithParam("invalid_request_error", "",
                                   "payment_method_options[customer_balance][bank_transfer][type]"));
  EXPECT_EQ(events_.size(), after_ok);
  EXPECT_GT(after_ok, before);
  EXPECT_EQ(TransactionCount(customer), 0u);
}

TEST_F(CashBalancesTest, ApplyCustomerBalanceByHandInManualMode) {
  const std::string customer = NewCustomer("");
  ASSERT_THAT(SetMode(customer, "manual"), IsOk());
  absl::StatusOr<PaymentIntent> waiting = CreateIntent(customer, 20000);
  ASSERT_THAT(waiting, IsOk());
  ASSERT_THAT(Fund(customer, "amount: 15000 currency: 'jpy'"), IsOk());

  size_t before = events_.size();
  absl::StatusOr<PaymentIntent> part = engine_.payment_intents().ApplyCustomerBalance(
      waiting->id(), ParseParams<PaymentIntentApplyCustomerBalanceParams>(
                         "amount: 5000 currency: 'JPY'"));
  ASSERT_THAT(part, IsOk());
  EXPECT_EQ(part->status(), "requires_action");
  EXPECT_EQ(part->next_action().display_bank_transfer_instructions().amount_remaining(), 15000);
  EXPECT_EQ(TypesSince(before), (std::vector<std::string>{
                                    "customer_cash_balance_transaction.created",
                                    "payment_intent.partially_funded"}));
  EXPECT_EQ(engine_.cash_balances().Retrieve(customer)->available().jpy(), 10000);

  // Without an amount, the whole remaining amount, which the balance does not cover yet.
  before = events_.size();
  EXPECT_THAT(engine_.payment_intents().ApplyCustomerBalance(
                  waiting->id(), PaymentIntentApplyCustomerBalanceParams()),
              StripeErrorWithParam("invalid_request_error", "", ""));
  EXPECT_EQ(events_.size(), before);
  EXPECT_EQ(Pi(waiting->id()), *part);

  ASSERT_THAT(Fund(customer, "amount: 5000 currency: 'jpy'"), IsOk());
  EXPECT_EQ(Pi(waiting->id()).status(), "requires_action");  // manual: not applied on arrival
  absl::StatusOr<PaymentIntent> paid = engine_.payment_intents().ApplyCustomerBalance(
      waiting->id(), PaymentIntentApplyCustomerBalanceParams());
  ASSERT_THAT(paid, IsOk());
  EXPECT_EQ(paid->status(), "succeeded");
  EXPECT_EQ(paid->amount_received(), 20000);
  EXPECT_FALSE(paid->has_next_action());
  EXPECT_EQ(engine_.cash_balances().Retrieve(customer)->available().jpy(), 0);
  EXPECT_EQ(TransactionCount(customer), 4u);  // two fundings, two applied_to_payment
}

TEST_F(CashBalancesTest, ApplyCustomerBalanceRefusalsChangeNothing) {
  const std::string customer = NewCustomer("");
  ASSERT_THAT(SetMode(customer, "manual"), IsOk());
  absl::StatusOr<PaymentIntent> waiting = CreateIntent(customer, 2000);
  ASSERT_THAT(waiting, IsOk());
  ASSERT_THAT(Fund(customer, "amount: 5000 currency: 'jpy'"), IsOk());
  absl::StatusOr<PaymentIntent> card = engine_.payment_intents().Create(
      ParseParams<PaymentIntentCreateParams>(
          "amount: 2000 currency: 'jpy' payment_method: 'pm_card_visa' confirm: true"));
  ASSERT_THAT(card, IsOk());
  const size_t before = events_.size();
  auto apply = [&](const std::string& id, const std::string& text) {
    return engine_.payment_intents().ApplyCustomerBalance(
        id, ParseParams<PaymentIntentApplyCustomerBalanceParams>(text));
  };
  EXPECT_THAT(apply(card->id(), ""),
              StripeErrorWithParam("invalid_request_error", "payment_intent_unexpected_state", ""));
  EXPECT_THAT(apply(waiting->id(), "amount: 0"),
              StripeErrorWithParam("invalid_request_error", "parameter_invalid_integer",
                                   "amount"));
  EXPECT_THAT(apply(waiting->id(), "amount: 2001"),
              StripeErrorWithParam("invalid_request_error", "amount_too_large", "amount"));
  EXPECT_THAT(apply(waiting->id(), "currency: 'usd'"),
              StripeErrorWithParam("invalid_request_error", "", "currency"));
  EXPECT_THAT(apply("pi_missing", ""),
              StripeErrorWithParam("invalid_request_error", "resource_missing", "id"));
  EXPECT_EQ(events_.size(), before);
  EXPECT_EQ(Pi(waiting->id()), *waiting);
  EXPECT_EQ(engine_.cash_balances().Retrieve(customer)->available().jpy(), 5000);
}

}  // namespace
}  // namespace paysim
