// Behaviour tests of a customer's own lists among other customers' objects: its payment
// methods (saved cards merged in; detached ones gone; by type), its card sources (a deleted
// one gone, the next default the newest left), its subscriptions by status, its charges and
// PaymentIntents (one given a customer by an update), its balance transactions, newest first
// with cursors; and the same lists from an engine restored from a snapshot, which then keeps
// them up to date.
#include <algorithm>
#include <memory>
#include <string>
#include <vector>

#include "engine/billing_test_fixture.h"

namespace paysim {
namespace {

using ::paysim::testing::IsOk;
using ::testing::ElementsAre;
using ::testing::ElementsAreArray;

class CustomerListsTest : public BillingTest {
 protected:
  static std::string Attach(Engine& engine, const std::string& customer) {
    PaymentMethodAttachParams attach;
    attach.set_customer(customer);
    absl::StatusOr<PaymentMethod> pm = engine.payment_methods().Attach("pm_card_visa", attach);
    EXPECT_THAT(pm, IsOk());
    return pm.ok() ? pm->id() : "";
  }

  static std::string Source(Engine& engine, const std::string& customer) {
    CustomerSourceCreateParams params;
    params.set_source("tok_visa");
    absl::StatusOr<Card> card = engine.customer_sources().Create(customer, params);
    EXPECT_THAT(card, IsOk());
    return card.ok() ? card->id() : "";
  }

  // The ids of `customer`'s payment methods, newest first, then "(more)" if the page says so.
  static std::vector<std::string> PaymentMethods(Engine& engine, const std::string& customer,
                                                 const std::string& after = "",
                                                 int64_t limit = 100) {
    PaymentMethodListParams params;
    params.set_customer(customer);
    params.set_limit(limit);
    if (!after.empty()) params.set_starting_after(after);
    absl::StatusOr<ListResult<PaymentMethod>> page = engine.payment_methods().List(params);
    EXPECT_THAT(page, IsOk());
    std::vector<std::string> ids;
    if (!page.ok()) return ids;
    for (const PaymentMethod& pm : page->data) ids.push_back(pm.id());
    if (page->has_more) ids.push_back("(more)");
    return ids;
  }

  static std::vector<std::string> Sources(Engine& engine, const std::string& customer) {
    absl::StatusOr<ListResult<Card>> page =
        engine.customer_sources().List(customer, CustomerSourceListParams());
    EXPECT_THAT(page, IsOk());
    std::vector<std::string> ids;
    if (!page.ok()) return ids;
    for (const Card& card : page->data) ids.push_back(card.id());
    return ids;
  }
};

TEST_F(CustomerListsTest, PaymentMethodsAndSourcesOfOneCustomerAmongOthers) {
  const std::string customer = NewCustomer("");
  const std::string other = NewCustomer("");
  std::vector<std::string> mine;  // oldest first
  for (int i = 0; i < 4; ++i) {
    mine.push_back(Attach(engine_, customer));
    Attach(engine_, other);
  }
  ASSERT_THAT(engine_.payment_methods().Detach(mine[1]), IsOk());
  EXPECT_THAT(PaymentMethods(engine_, customer), ElementsAre(mine[3], mine[2], mine[0]));
  EXPECT_THAT(PaymentMethods(engine_, customer, "", 2), ElementsAre(mine[3], mine[2], "(more)"));
  EXPECT_THAT(PaymentMethods(engine_, customer, mine[2]), ElementsAre(mine[0]));
  PaymentMethodListParams cards;
  cards.set_customer(customer);
  cards.set_type("sepa_debit");  // none of that type: the walk of the customer's is empty
  absl::StatusOr<ListResult<PaymentMethod>> none = engine_.payment_methods().List(cards);
  ASSERT_THAT(none, IsOk());
  EXPECT_TRUE(none->data.empty());
  // Card sources: two of each customer's, interleaved; the default is deleted.
  std::vector<std::string> sources;
  for (int i = 0; i < 2; ++i) {
    sources.push_back(Source(engine_, customer));
    Source(engine_, other);
  }
  const std::string third = Source(engine_, customer);
  EXPECT_THAT(Sources(engine_, customer), ElementsAre(third, sources[1], sources[0]));
  ASSERT_THAT(engine_.customer_sources().Delete(customer, sources[0]), IsOk());  // the default
  absl::StatusOr<Customer> after = engine_.customers().Retrieve(customer);
  ASSERT_THAT(after, IsOk());
  EXPECT_EQ(after->default_source(), third);  // the newest left
  EXPECT_THAT(Sources(engine_, customer), ElementsAre(third, sources[1]));
  // The customer's payment method list holds its saved cards too.
  std::vector<std::string> all = PaymentMethods(engine_, customer);
  EXPECT_EQ(all.size(), 5u);
  EXPECT_NE(std::find(all.begin(), all.end(), third), all.end());
}

TEST_F(CustomerListsTest, ARestoredEngineListsTheSameAndKeepsUp) {
  const std::string customer = NewCustomer("");
  const std::string other = NewCustomer("");
  const std::string first = Attach(engine_, customer);
  Attach(engine_, other);
  const std::string second = Attach(engine_, customer);
  const std::string source = Source(engine_, customer);
  // The original engine has answered lists (its indexes are built); the restored one has not.
  const std::vector<std::string> before = PaymentMethods(engine_, customer);
  ASSERT_EQ(before.size(), 3u);
  absl::StatusOr<std::unique_ptr<Engine>> restored =
      testing::RestoredCopy(engine_, {.clock = &clock_});
  ASSERT_THAT(restored, IsOk());
  for (Engine* engine : {&engine_, restored->get()}) {
    EXPECT_THAT(PaymentMethods(*engine, customer), ElementsAreArray(before));
    ASSERT_THAT(engine->payment_methods().Detach(first), IsOk());
    const std::string third = Attach(*engine, customer);
    EXPECT_THAT(Sources(*engine, customer), ElementsAre(source));
    const std::vector<std::string> now = PaymentMethods(*engine, customer);
    ASSERT_EQ(now.size(), 3u);
    EXPECT_EQ(now[0], third);
    EXPECT_EQ(std::count(now.begin(), now.end(), first), 0);
    EXPECT_EQ(std::count(now.begin(), now.end(), second), 1);
  }
  // Same seed, same calls: both engines made the same third payment method.
  EXPECT_EQ(PaymentMethods(engine_, customer), PaymentMethods(**restored, customer));
}

TEST_F(CustomerListsTest, SubscriptionsOfOneCustomerByStatusWithCursors) {
  const std::string customer = NewCustomer();
  const std::string other = NewCustomer();
  const std::string price = NewPrice();
  std::vector<std::string> mine;  // oldest first
  for (int i = 0; i < 3; ++i) {
    for (const std::string& owner : {customer, other}) {
      absl::StatusOr<Subscription> sub = Subscribe(owner, price);
      ASSERT_THAT(sub, IsOk());
      if (owner == customer) mine.push_back(sub->id());
    }
  }
  ASSERT_THAT(engine_.subscriptions().Cancel(mine[1], SubscriptionCancelNowParams()), IsOk());
  auto list = [&](Engine& engine, const std::string& status, const std::string& after) {
    SubscriptionListParams params;
    params.set_customer(customer);
    if (!status.empty()) params.set_status(status);
    if (!after.empty()) params.set_starting_after(after);
    absl::StatusOr<ListResult<Subscription>> page = engine.subscriptions().List(params);
    EXPECT_THAT(page, IsOk());
    std::vector<std::string> ids;
    if (!page.ok()) return ids;
    for (const Subscription& sub : page->data) ids.push_back(sub.id());
    return ids;
  };
  EXPECT_THAT(list(engine_, "", ""), ElementsAre(mine[2], mine[0]));  // not the canceled one
  EXPECT_THAT(list(engine_, "all", ""), ElementsAre(mine[2], mine[1], mine[0]));
  EXPECT_THAT(list(engine_, "canceled", ""), ElementsAre(mine[1]));
  EXPECT_THAT(list(engine_, "all", mine[2]), ElementsAre(mine[1], mine[0]));
  absl::StatusOr<std::unique_ptr<Engine>> restored =
      testing::RestoredCopy(engine_, {.clock = &clock_});
  ASSERT_THAT(restored, IsOk());
  EXPECT_THAT(list(**restored, "all", ""), ElementsAre(mine[2], mine[1], mine[0]));
  absl::StatusOr<Subscription> later = Subscribe(customer, price);  // on the original engine
  ASSERT_THAT(later, IsOk());
  EXPECT_THAT(list(engine_, "", ""), ElementsAre(later->id(), mine[2], mine[0]));
  EXPECT_THAT(list(**restored, "", ""), ElementsAre(mine[2], mine[0]));
}

TEST_F(CustomerListsTest, ChargesAndPaymentIntentsOfOneCustomer) {
  const std::string a = NewCustomer();
  const std::string b = NewCustomer();
  absl::StatusOr<Customer> a_now = engine_.customers().Retrieve(a);
  ASSERT_THAT(a_now, IsOk());
  const std::string a_card = a_now->invoice_settings().default_payment_method();
  auto charge = [&](const std::string& customer) {
    ChargeCreateParams params;
    params.set_amount(1000);
    params.set_currency("usd");
    if (customer.empty()) {
      params.set_source("tok_visa");
    } else {
      params.set_customer(customer);
    }
    absl::StatusOr<Charge> made = engine_.charges().Create(params);
    EXPECT_THAT(made, IsOk());
    return made.ok() ? made->id() : "";
  };
  auto intent = [&](Engine& engine, const std::string& customer, bool confirm) {
    PaymentIntentCreateParams params;
    params.set_amount(2000);
    params.set_currency("usd");
    if (!customer.empty()) params.set_customer(customer);
    if (confirm) {
      params.set_payment_method(a_card);
      params.set_confirm(true);
    }
    absl::StatusOr<PaymentIntent> made = engine.payment_intents().Create(params);
    EXPECT_THAT(made, IsOk());
    return made.ok() ? *made : PaymentIntent();
  };
  const std::string a1 = charge(a);
  charge(b);
  charge("");
  const std::string a2 = charge(a);
  const PaymentIntent paid = intent(engine_, a, /*confirm=*/true);  // its charge is a's too
  const PaymentIntent unowned = intent(engine_, "", /*confirm=*/false);
  const PaymentIntent bs = intent(engine_, b, /*confirm=*/false);
  auto charges = [](Engine& engine, const std::string& customer) {
    ChargeListParams params;
    params.set_customer(customer);
    absl::StatusOr<ListResult<Charge>> page = engine.charges().List(params);
    EXPECT_THAT(page, IsOk());
    std::vector<std::string> ids;
    for (const Charge& c : page.ok() ? page->data : std::vector<Charge>()) ids.push_back(c.id());
    return ids;
  };
  auto intents = [](Engine& engine, const std::string& customer) {
    PaymentIntentListParams params;
    params.set_customer(customer);
    absl::StatusOr<ListResult<PaymentIntent>> page = engine.payment_intents().List(params);
    EXPECT_THAT(page, IsOk());
    std::vector<std::string> ids;
    for (const PaymentIntent& pi : page.ok() ? page->data : std::vector<PaymentIntent>()) {
      ids.push_back(pi.id());
    }
    return ids;
  };
  EXPECT_THAT(charges(engine_, a), ElementsAre(paid.latest_charge(), a2, a1));
  EXPECT_EQ(charges(engine_, b).size(), 1u);
  EXPECT_THAT(intents(engine_, a), ElementsAre(paid.id()));
  EXPECT_THAT(intents(engine_, b), ElementsAre(bs.id()));
  // An update gives the unowned intent a customer: it joins that customer's list in place.
  PaymentIntentUpdateParams update;
  update.set_customer(b);
  ASSERT_THAT(engine_.payment_intents().Update(unowned.id(), update), IsOk());
  EXPECT_THAT(intents(engine_, b), ElementsAre(bs.id(), unowned.id()));
  // A restored engine lists the same, and keeps up with a new intent of a's.
  absl::StatusOr<std::unique_ptr<Engine>> restored =
      testing::RestoredCopy(engine_, {.clock = &clock_});
  ASSERT_THAT(restored, IsOk());
  EXPECT_EQ(charges(**restored, a), charges(engine_, a));
  EXPECT_EQ(intents(**restored, b), intents(engine_, b));
  const PaymentIntent later = intent(**restored, a, /*confirm=*/false);
  EXPECT_THAT(intents(**restored, a), ElementsAre(later.id(), paid.id()));
}

TEST_F(CustomerListsTest, BalanceTransactionsOfOneCustomerAmongOthers) {
  const std::string a = NewCustomer("");
  const std::string b = NewCustomer("");
  auto move = [](Engine& engine, const std::string& customer, int64_t amount) {
    CustomerBalanceTransactionCreateParams params;
    params.set_amount(amount);
    params.set_currency("usd");
    absl::StatusOr<CustomerBalanceTransaction> made =
        engine.customer_balance_transactions().Create(customer, params);
    EXPECT_THAT(made, IsOk());
    return made.ok() ? made->id() : "";
  };
  auto history = [](Engine& engine, const std::string& customer) {
    absl::StatusOr<ListResult<CustomerBalanceTransaction>> page =
        engine.customer_balance_transactions().List(customer,
                                                    CustomerBalanceTransactionListParams());
    EXPECT_THAT(page, IsOk());
    std::vector<std::string> ids;
    if (page.ok()) {
      for (const CustomerBalanceTransaction& t : page->data) ids.push_back(t.id());
    }
    return ids;
  };
  const std::string a1 = move(engine_, a, -500);
  const std::string b1 = move(engine_, b, 300);
  const std::string a2 = move(engine_, a, 200);
  EXPECT_THAT(history(engine_, a), ElementsAre(a2, a1));
  EXPECT_THAT(history(engine_, b), ElementsAre(b1));
  // An update (description) keeps the transaction in its customer's list.
  CustomerBalanceTransactionUpdateParams update;
  update.set_description("goodwill");
  ASSERT_THAT(engine_.customer_balance_transactions().Update(a, a1, update), IsOk());
  EXPECT_THAT(history(engine_, a), ElementsAre(a2, a1));
  absl::StatusOr<std::unique_ptr<Engine>> restored =
      testing::RestoredCopy(engine_, {.clock = &clock_});
  ASSERT_THAT(restored, IsOk());
  EXPECT_EQ(history(**restored, a), history(engine_, a));
  const std::string b2 = move(**restored, b, -100);
  EXPECT_THAT(history(**restored, b), ElementsAre(b2, b1));
  EXPECT_THAT(history(engine_, b), ElementsAre(b1));
}

}  // namespace
}  // namespace paysim
