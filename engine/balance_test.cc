// Behaviour tests of the balance: charge and refund balance transactions, fees, pending funds
// becoming available two days later, bypass-pending cards, and listing transactions.
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "testing/paysim_testing.h"

namespace paysim {
namespace {

using ::paysim::testing::FakeClock;
using ::paysim::testing::HttpStatusIs;
using ::paysim::testing::IsOk;
using ::paysim::testing::StripeErrorWithParam;
using ::testing::ElementsAre;
using ::testing::IsEmpty;
using ::testing::SizeIs;

constexpr int64_t kStart = 1767225600;  // FakeClock's default: 2026-01-01T00:00:00Z
constexpr int64_t kTwoDays = 2 * 24 * 3600;

ChargeCreateParams ChargeParams(int64_t amount, const std::string& source, bool capture = true) {
  ChargeCreateParams params;
  params.set_amount(amount);
  params.set_currency("usd");
  params.set_source(source);
  if (!capture) params.set_capture(false);
  return params;
}

RefundCreateParams RefundOf(const std::string& charge_id, int64_t amount) {
  RefundCreateParams params;
  params.set_charge(charge_id);
  params.set_amount(amount);
  return params;
}

// Available and pending amounts of one currency.
struct Funds {
  int64_t available = -1;
  int64_t pending = -1;
  bool operator==(const Funds& other) const {
    return available == other.available && pending == other.pending;
  }
};

std::ostream& operator<<(std::ostream& os, const Funds& funds) {
  return os << "{available " << funds.available << ", pending " << funds.pending << "}";
}

Funds FundsIn(const Balance& balance, const std::string& currency) {
  Funds funds;
  for (const BalanceAmount& amount : balance.available()) {
    if (amount.currency() == currency) {
      funds.available = amount.amount();
      EXPECT_EQ(amount.source_types().card(), amount.amount());
    }
  }
  for (const BalanceAmount& amount : balance.pending()) {
    if (amount.currency() == currency) funds.pending = amount.amount();
  }
  return funds;
}

std::vector<std::string> Ids(const std::vector<BalanceTransaction>& txns) {
  std::vector<std::string> ids;
  for (const BalanceTransaction& txn : txns) ids.push_back(txn.id());
  return ids;
}

class BalanceTest : public ::testing::Test {
 protected:
  Charge MustCharge(const ChargeCreateParams& params) {
    absl::StatusOr<Charge> charge = engine_.charges().Create(params);
    EXPECT_THAT(charge, IsOk());
    return charge.value_or(Charge());
  }
  BalanceTransaction Txn(const std::string& id) {
    absl::StatusOr<BalanceTransaction> txn = engine_.balance().RetrieveTransaction(id);
    EXPECT_THAT(txn, IsOk());
    return txn.value_or(BalanceTransaction());
  }
  Funds Usd() {
    absl::StatusOr<Balance> balance = engine_.balance().Retrieve();
    EXPECT_THAT(balance, IsOk());
    return balance.ok() ? FundsIn(*balance, "usd") : Funds();
  }
  std::vector<BalanceTransaction> List(const BalanceTransactionListParams& params) {
    absl::StatusOr<ListResult<BalanceTransaction>> page =
        engine_.balance().ListTransactions(params);
    EXPECT_THAT(page, IsOk());
    return page.ok() ? page->data : std::vector<BalanceTransaction>();
  }
  std::vector<Event> EventsOfType(const std::string& type) {
    EventListParams params;
    params.set_type(type);
    params.set_limit(100);
    absl::StatusOr<ListResult<Event>> page = engine_.events().List(params);
    EXPECT_THAT(page, IsOk());
    return page.ok() ? std::vector<Event>(page->data.rbegin(), page->data.rend())
                     : std::vector<Event>();
  }

  FakeClock clock_;
  Engine engine_{{.clock = &clock_, .seed = 5}};
};

TEST_F(BalanceTest, EmptyAccountListsItsDefaultCurrency) {
  absl::StatusOr<Balance> balance = engine_.balance().Retrieve();
  ASSERT_THAT(balance, IsOk());
  EXPECT_EQ(balance->object(), "balance");
  EXPECT_FALSE(balance->livemode());
  ASSERT_THAT(balance->available(), SizeIs(1));
  ASSERT_THAT(balance->pending(), SizeIs(1));
  EXPECT_EQ(FundsIn(*balance, "usd"), (Funds{0, 0}));
}

TEST_F(BalanceTest, CaptureCreatesAPendingChargeTransactionNetOfFees) {
  ChargeCreateParams params = ChargeParams(1000, "tok_visa");
  params.set_description("Order 42");
  Charge charge = MustCharge(params);
  BalanceTransaction txn = Txn(charge.balance_transaction());

  EXPECT_EQ(txn.object(), "balance_transaction");
  EXPECT_EQ(txn.type(), "charge");
  EXPECT_EQ(txn.reporting_category(), "charge");
  EXPECT_EQ(txn.source(), charge.id());
  EXPECT_EQ(txn.amount(), 1000);
  EXPECT_EQ(txn.fee(), 59);  // 2.9% of 1000 + 30
  EXPECT_EQ(txn.net(), 941);
  EXPECT_EQ(txn.currency(), "usd");
  EXPECT_EQ(txn.description(), "Order 42");
  EXPECT_EQ(txn.status(), "pending");
  EXPECT_EQ(txn.created(), kStart);
  EXPECT_EQ(txn.available_on(), kStart + kTwoDays);
  EXPECT_FALSE(txn.has_exchange_rate());
  ASSERT_THAT(txn.fee_details(), SizeIs(1));
  EXPECT_EQ(txn.fee_details(0).amount(), 59);
  EXPECT_EQ(txn.fee_details(0).currency(), "usd");
  EXPECT_EQ(txn.fee_details(0).type(), "stripe_fee");
  EXPECT_EQ(txn.fee_details(0).description(), "Stripe processing fees");

  EXPECT_EQ(Usd(), (Funds{0, 941}));
}

TEST_F(BalanceTest, FeeRoundsHalfUp) {
  struct Case {
    int64_t amount;
    int64_t fee;
  };
  for (const Case& c : {Case{50, 31},    // 1.45 -> 1
                        Case{1500, 74},  // 43.5 -> 44
                        Case{1482, 73},  // 42.978 -> 43
                        Case{2017, 88},  // 58.493 -> 58
                        Case{99999999, 2900030}}) {
    SCOPED_TRACE(c.amount);
    Charge charge = MustCharge(ChargeParams(c.amount, "tok_visa"));
    BalanceTransaction txn = Txn(charge.balance_transaction());
    EXPECT_EQ(txn.fee(), c.fee);
    EXPECT_EQ(txn.net(), c.amount - c.fee);
  }
}

TEST_F(BalanceTest, FundsBecomeAvailableAfterTwoDays) {
  Charge charge = MustCharge(ChargeParams(1000, "tok_visa"));

  clock_.Advance(absl::Seconds(kTwoDays - 1));
  EXPECT_EQ(Txn(charge.balance_transaction()).status(), "pending");
  EXPECT_EQ(Usd(), (Funds{0, 941}));
  EXPECT_THAT(EventsOfType("balance.available"), IsEmpty());

  clock_.Advance(absl::Seconds(1));
  EXPECT_EQ(Txn(charge.balance_transaction()).status(), "available");
  EXPECT_EQ(Usd(), (Funds{941, 0}));
  std::vector<Event> available = EventsOfType("balance.available");
  ASSERT_THAT(available, SizeIs(1));
  EXPECT_EQ(available[0].created(), kStart + kTwoDays);
  EXPECT_FALSE(available[0].request().has_id());
  EXPECT_EQ(FundsIn(available[0].data().object().balance(), "usd"), (Funds{941, 0}));
}

TEST_F(BalanceTest, FundsAvailableEventKeepsItsDueTimeWhenTheClockJumpsPast) {
  Charge first = MustCharge(ChargeParams(1000, "tok_visa"));
  clock_.Advance(absl::Hours(1));
  Charge second = MustCharge(ChargeParams(2000, "tok_visa"));  // fee 88, net 1912
  clock_.Advance(absl::Hours(24 * 10));
  engine_.FireDueTimers();

  std::vector<Event> available = EventsOfType("balance.available");
  ASSERT_THAT(available, SizeIs(2));
  EXPECT_EQ(available[0].created(), kStart + kTwoDays);
  EXPECT_EQ(FundsIn(available[0].data().object().balance(), "usd"), (Funds{941, 1912}));
  EXPECT_EQ(available[1].created(), kStart + kTwoDays + 3600);
  EXPECT_EQ(FundsIn(available[1].data().object().balance(), "usd"), (Funds{2853, 0}));
  EXPECT_EQ(Usd(), (Funds{2853, 0}));
}

TEST_F(BalanceTest, RefundTransactionIsNegativeAndAvailableAtOnce) {
  Charge charge = MustCharge(ChargeParams(1000, "tok_visa"));
  clock_.Advance(absl::Hours(3));
  absl::StatusOr<Refund> refund = engine_.refunds().Create(RefundOf(charge.id(), 400));
  ASSERT_THAT(refund, IsOk());

  BalanceTransaction txn = Txn(refund->balance_transaction());
  EXPECT_EQ(txn.type(), "refund");
  EXPECT_EQ(txn.reporting_category(), "refund");
  EXPECT_EQ(txn.source(), refund->id());
  EXPECT_EQ(txn.amount(), -400);
  EXPECT_EQ(txn.fee(), 0);
  EXPECT_THAT(txn.fee_details(), IsEmpty());
  EXPECT_EQ(txn.net(), -400);
  EXPECT_EQ(txn.status(), "available");
  EXPECT_EQ(txn.created(), kStart + 3 * 3600);
  EXPECT_EQ(txn.available_on(), kStart + 3 * 3600);

  EXPECT_EQ(Usd(), (Funds{-400, 941}));
  clock_.Advance(absl::Hours(48));
  EXPECT_EQ(Usd(), (Funds{541, 0}));
  EXPECT_EQ(Txn(charge.balance_transaction()).amount(), 1000);  // unchanged by the refund
}

TEST_F(BalanceTest, BypassPendingCardsAreAvailableAtOnce) {
  for (const char* source : {"pm_card_bypassPending", "tok_bypassPending"}) {
    SCOPED_TRACE(source);
    Charge charge = MustCharge(ChargeParams(1000, source));
    BalanceTransaction txn = Txn(charge.balance_transaction());
    EXPECT_EQ(txn.status(), "available");
    EXPECT_EQ(txn.available_on(), kStart);
    EXPECT_EQ(txn.net(), 941);
  }
  EXPECT_EQ(Usd(), (Funds{1882, 0}));
  // Announced at once, each with the balance it made (Stripe's CLI fixture for
  // balance.available is such a charge).
  std::vector<Event> available = EventsOfType("balance.available");
  ASSERT_THAT(available, SizeIs(2));
  EXPECT_EQ(FundsIn(available[0].data().object().balance(), "usd"), (Funds{941, 0}));
  EXPECT_EQ(FundsIn(available[1].data().object().balance(), "usd"), (Funds{1882, 0}));
}

TEST_F(BalanceTest, BypassPendingAppliesOnLaterCaptureToo) {
  Charge charge = MustCharge(ChargeParams(1000, "pm_card_bypassPending", /*capture=*/false));
  clock_.Advance(absl::Hours(5));
  absl::StatusOr<Charge> captured = engine_.charges().Capture(charge.id(), {});
  ASSERT_THAT(captured, IsOk());
  BalanceTransaction txn = Txn(captured->balance_transaction());
  EXPECT_EQ(txn.status(), "available");
  EXPECT_EQ(txn.available_on(), kStart + 5 * 3600);
  EXPECT_EQ(Usd(), (Funds{941, 0}));
}

TEST_F(BalanceTest, UncapturedChargeMovesNoMoneyUntilCaptured) {
  Charge charge = MustCharge(ChargeParams(1000, "tok_visa", /*capture=*/false));
  EXPECT_THAT(List({}), IsEmpty());
  EXPECT_EQ(Usd(), (Funds{0, 0}));

  clock_.Advance(absl::Hours(24));
  ChargeCaptureParams capture;
  capture.set_amount(600);
  absl::StatusOr<Charge> captured = engine_.charges().Capture(charge.id(), capture);
  ASSERT_THAT(captured, IsOk());
  BalanceTransaction txn = Txn(captured->balance_transaction());
  EXPECT_EQ(txn.amount(), 600);
  EXPECT_EQ(txn.fee(), 47);  // 17.4 -> 17, + 30
  EXPECT_EQ(txn.net(), 553);
  EXPECT_EQ(txn.created(), kStart + 24 * 3600);
  EXPECT_EQ(txn.available_on(), kStart + 24 * 3600 + kTwoDays);
  EXPECT_THAT(List({}), SizeIs(1));
  EXPECT_EQ(Usd(), (Funds{0, 553}));
}

TEST_F(BalanceTest, DeclinedChargeMovesNoMoney) {
  engine_.charges().Create(ChargeParams(1000, "tok_chargeDeclined")).IgnoreError();
  EXPECT_THAT(List({}), IsEmpty());
  EXPECT_EQ(Usd(), (Funds{0, 0}));
}

TEST_F(BalanceTest, EachCurrencyHasItsOwnBalance) {
  ChargeCreateParams eur = ChargeParams(2000, "tok_visa");
  eur.set_currency("eur");
  MustCharge(eur);
  MustCharge(ChargeParams(1000, "tok_visa"));

  absl::StatusOr<Balance> balance = engine_.balance().Retrieve();
  ASSERT_THAT(balance, IsOk());
  EXPECT_THAT(balance->pending(), SizeIs(2));
  EXPECT_EQ(FundsIn(*balance, "eur"), (Funds{0, 1912}));
  EXPECT_EQ(FundsIn(*balance, "usd"), (Funds{0, 941}));
}

TEST_F(BalanceTest, ListTransactionsBySourceAndType) {
  Charge first = MustCharge(ChargeParams(1000, "tok_visa"));
  Charge second = MustCharge(ChargeParams(3000, "tok_visa"));
  absl::StatusOr<Refund> r1 = engine_.refunds().Create(RefundOf(first.id(), 100));
  absl::StatusOr<Refund> r2 = engine_.refunds().Create(RefundOf(second.id(), 200));
  ASSERT_THAT(r1, IsOk());
  ASSERT_THAT(r2, IsOk());

  absl::StatusOr<ListResult<BalanceTransaction>> all = engine_.balance().ListTransactions({});
  ASSERT_THAT(all, IsOk());
  EXPECT_EQ(all->url, "/v1/balance_transactions");
  EXPECT_FALSE(all->has_more);
  EXPECT_THAT(Ids(all->data),
              ElementsAre(r2->balance_transaction(), r1->balance_transaction(),
                          second.balance_transaction(), first.balance_transaction()));

  BalanceTransactionListParams by_source;
  by_source.set_source(first.id());
  EXPECT_THAT(Ids(List(by_source)), ElementsAre(first.balance_transaction()));
  by_source.set_source(r2->id());
  EXPECT_THAT(Ids(List(by_source)), ElementsAre(r2->balance_transaction()));

  BalanceTransactionListParams by_type;
  by_type.set_type("refund");
  EXPECT_THAT(Ids(List(by_type)),
              ElementsAre(r2->balance_transaction(), r1->balance_transaction()));
  by_type.set_type("charge");
  EXPECT_THAT(Ids(List(by_type)),
              ElementsAre(second.balance_transaction(), first.balance_transaction()));

  BalanceTransactionListParams page;
  page.set_limit(3);
  absl::StatusOr<ListResult<BalanceTransaction>> first_page =
      engine_.balance().ListTransactions(page);
  ASSERT_THAT(first_page, IsOk());
  EXPECT_TRUE(first_page->has_more);
  EXPECT_THAT(first_page->data, SizeIs(3));
}

TEST_F(BalanceTest, ListTransactionsValidatesPagination) {
  BalanceTransactionListParams params;
  params.set_limit(0);
  absl::StatusOr<ListResult<BalanceTransaction>> result =
      engine_.balance().ListTransactions(params);
  EXPECT_THAT(result, StripeErrorWithParam("invalid_request_error", "", "limit"));
  EXPECT_THAT(result, HttpStatusIs(400));
}

TEST_F(BalanceTest, RetrieveUnknownTransactionIsNotFound) {
  absl::StatusOr<BalanceTransaction> result = engine_.balance().RetrieveTransaction("txn_missing");
  EXPECT_THAT(result, StripeErrorWithParam("invalid_request_error", "resource_missing", "id"));
  EXPECT_THAT(result, HttpStatusIs(404));
}

}  // namespace
}  // namespace paysim
