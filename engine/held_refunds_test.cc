// Behaviour tests of refunds of bank debits that have not settled: accepted and held
// (`pending`, pending_reason charge_pending, no balance transaction) until the debit settles
// kBankDebitSettlementDelay after confirmation (then succeeded) or is returned (then canceled),
// one second either side; partial refunds, the limit, cancelling a held refund, and the API
// versions before pending_reason.
#include <set>
#include <string>
#include <vector>

#include "engine/balance.h"
#include "engine/checkout_sessions.h"
#include "testing/paysim_testing.h"

namespace paysim {
namespace {

using ::paysim::testing::FakeClock;
using ::paysim::testing::IsOk;
using ::paysim::testing::StripeErrorWithParam;
using ::testing::ElementsAre;
using ::testing::IsEmpty;

constexpr char kSucceedsIban[] = "DE89370400440532013000";
constexpr char kFailsIban[] = "DE62370400440532013001";

class HeldRefundsTest : public ::testing::Test {
 protected:
  // A SEPA PaymentIntent of 1000 EUR, confirmed: processing, its charge pending.
  PaymentIntent Processing(const std::string& iban) {
    PaymentMethodCreateParams pm;
    pm.set_type("sepa_debit");
    pm.mutable_sepa_debit()->set_iban(iban);
    pm.mutable_billing_details()->set_name("Jenny Rosen");
    pm.mutable_billing_details()->set_email("jenny@example.com");
    absl::StatusOr<PaymentMethod> method = engine_.payment_methods().Create(pm);
    EXPECT_THAT(method, IsOk());
    PaymentIntentCreateParams params;
    params.set_amount(1000);
    params.set_currency("eur");
    params.add_payment_method_types("sepa_debit");
    params.set_payment_method(method.value_or(PaymentMethod()).id());
    params.set_confirm(true);
    auto* acceptance = params.mutable_mandate_data()->mutable_customer_acceptance();
    acceptance->set_type("online");
    acceptance->mutable_online()->set_ip_address("127.0.0.1");
    acceptance->mutable_online()->set_user_agent("Mozilla/5.0");
    absl::StatusOr<PaymentIntent> pi = engine_.payment_intents().Create(params);
    EXPECT_THAT(pi, IsOk());
    EXPECT_EQ(pi.value_or(PaymentIntent()).status(), "processing");
    return pi.value_or(PaymentIntent());
  }

  absl::StatusOr<Refund> RefundOf(const PaymentIntent& pi, int64_t amount = 0,
                                  const RequestOptions& options = {}) {
    RefundCreateParams params;
    params.set_payment_intent(pi.id());
    if (amount > 0) params.set_amount(amount);
    return engine_.refunds().Create(params, options);
  }

  Charge ChargeOf(const PaymentIntent& pi) {
    return engine_.charges().Retrieve(pi.latest_charge()).value_or(Charge());
  }
  Refund Get(const std::string& id) { return engine_.refunds().Retrieve(id).value_or(Refund()); }

  // The event types since the last call, oldest first.
  std::vector<std::string> NewEvents() {
    EventListParams params;
    params.set_limit(100);
    absl::StatusOr<ListResult<Event>> page = engine_.events().List(params);
    std::vector<std::string> types;
    if (!page.ok()) return types;
    for (auto it = page->data.rbegin(); it != page->data.rend(); ++it) {
      if (seen_.insert(it->id()).second) types.push_back(it->type());
    }
    return types;
  }

  FakeClock clock_;
  Engine engine_{{.clock = &clock_, .seed = 7}};
  std::set<std::string> seen_;
};

TEST_F(HeldRefundsTest, RefundOfProcessingDebitIsHeldUntilTheDebitSettlesOneSecondEitherSide) {
  PaymentIntent pi = Processing(kSucceedsIban);
  NewEvents();
  absl::StatusOr<Refund> refund = RefundOf(pi, 400);
  ASSERT_THAT(refund, IsOk());
  EXPECT_EQ(refund->status(), "pending");
  EXPECT_EQ(refund->pending_reason(), "charge_pending");
  EXPECT_FALSE(refund->has_balance_transaction());
  EXPECT_EQ(refund->charge(), pi.latest_charge());
  Charge charge = ChargeOf(pi);
  EXPECT_EQ(charge.status(), "pending");
  EXPECT_EQ(charge.amount_refunded(), 400);
  EXPECT_FALSE(charge.refunded());
  EXPECT_THAT(NewEvents(), ElementsAre("refund.created", "charge.refunded"));

  clock_.Advance(kBankDebitSettlementDelay - absl::Seconds(1));
  EXPECT_EQ(Get(refund->id()).status(), "pending");
  EXPECT_THAT(NewEvents(), IsEmpty());
  clock_.Advance(absl::Seconds(1));
  Refund submitted = Get(refund->id());
  EXPECT_EQ(submitted.status(), "succeeded");
  EXPECT_FALSE(submitted.has_pending_reason());
  ASSERT_TRUE(submitted.has_balance_transaction());
  absl::StatusOr<BalanceTransaction> txn =
      engine_.balance().RetrieveTransaction(submitted.balance_transaction());
  ASSERT_THAT(txn, IsOk());
  EXPECT_EQ(txn->amount(), -400);
  EXPECT_EQ(txn->type(), "refund");
  EXPECT_EQ(ChargeOf(pi).amount_refunded(), 400);
  EXPECT_THAT(NewEvents(), ElementsAre("charge.succeeded", "charge.refund.updated",
                                       "refund.updated", "payment_intent.succeeded",
                                       "mandate.updated"));  // its single-use mandate used
}

TEST_F(HeldRefundsTest, HeldRefundsAddUpToTheChargeAndNoFurther) {
  PaymentIntent pi = Processing(kSucceedsIban);
  ASSERT_THAT(RefundOf(pi, 600), IsOk());
  absl::StatusOr<Refund> too_much = RefundOf(pi, 401);
  EXPECT_THAT(too_much, StripeErrorWithParam("invalid_request_error", "amount_too_large",
                                             "amount"));
  absl::StatusOr<Refund> rest = RefundOf(pi);
  ASSERT_THAT(rest, IsOk());
  EXPECT_EQ(rest->amount(), 400);
  EXPECT_TRUE(ChargeOf(pi).refunded());
  EXPECT_THAT(RefundOf(pi), StripeErrorWithParam("invalid_request_error",
                                                 "charge_already_refunded", "charge"));
  clock_.Advance(kBankDebitSettlementDelay);
  RefundListParams list;
  list.set_charge(pi.latest_charge());
  absl::StatusOr<ListResult<Refund>> refunds = engine_.refunds().List(list);
  ASSERT_THAT(refunds, IsOk());
  ASSERT_EQ(refunds->data.size(), 2u);
  for (const Refund& r : refunds->data) EXPECT_EQ(r.status(), "succeeded");
}

TEST_F(HeldRefundsTest, ReturnedDebitCancelsItsHeldRefundOneSecondEitherSide) {
  PaymentIntent pi = Processing(kFailsIban);
  absl::StatusOr<Refund> refund = RefundOf(pi);
  ASSERT_THAT(refund, IsOk());
  NewEvents();
  clock_.Advance(kBankDebitSettlementDelay - absl::Seconds(1));
  EXPECT_EQ(Get(refund->id()).status(), "pending");
  clock_.Advance(absl::Seconds(1));
  Refund canceled = Get(refund->id());
  EXPECT_EQ(canceled.status(), "canceled");
  EXPECT_FALSE(canceled.has_balance_transaction());
  EXPECT_FALSE(canceled.has_failure_balance_transaction());
  EXPECT_FALSE(canceled.has_pending_reason());
  Charge charge = ChargeOf(pi);
  EXPECT_EQ(charge.status(), "failed");
  EXPECT_EQ(charge.amount_refunded(), 0);
  EXPECT_FALSE(charge.refunded());
  EXPECT_THAT(NewEvents(), ElementsAre("charge.refund.updated", "refund.updated",
                                       "charge.failed", "payment_intent.payment_failed",
                                       "mandate.updated"));
  // No money moved either way: the balance has no transaction for the charge or the refund.
  BalanceTransactionListParams txns;
  absl::StatusOr<ListResult<BalanceTransaction>> all = engine_.balance().ListTransactions(txns);
  ASSERT_THAT(all, IsOk());
  EXPECT_THAT(all->data, IsEmpty());
}

TEST_F(HeldRefundsTest, CancelingAHeldRefundMakesTheAmountRefundableAgain) {
  PaymentIntent pi = Processing(kSucceedsIban);
  absl::StatusOr<Refund> refund = RefundOf(pi);
  ASSERT_THAT(refund, IsOk());
  NewEvents();
  absl::StatusOr<Refund> canceled = engine_.refunds().Cancel(refund->id());
  ASSERT_THAT(canceled, IsOk());
  EXPECT_EQ(canceled->status(), "canceled");
  EXPECT_FALSE(canceled->has_pending_reason());
  EXPECT_EQ(ChargeOf(pi).amount_refunded(), 0);
  EXPECT_THAT(NewEvents(), ElementsAre("charge.refund.updated", "refund.updated",
                                       "charge.updated"));
  clock_.Advance(kBankDebitSettlementDelay);
  EXPECT_EQ(Get(refund->id()).status(), "canceled");
  EXPECT_EQ(ChargeOf(pi).amount_refunded(), 0);
  absl::StatusOr<Refund> again = RefundOf(pi);
  ASSERT_THAT(again, IsOk());
  EXPECT_EQ(again->status(), "succeeded");
  EXPECT_EQ(again->amount(), 1000);
}

TEST_F(HeldRefundsTest, VersionsBeforePendingReasonOmitIt) {
  PaymentIntent pi = Processing(kSucceedsIban);
  RequestOptions before;
  before.api_version = "2025-03-31.basil";
  absl::StatusOr<Refund> refund = RefundOf(pi, 100, before);
  ASSERT_THAT(refund, IsOk());
  EXPECT_EQ(refund->status(), "pending");
  EXPECT_FALSE(refund->has_pending_reason());
}

TEST_F(HeldRefundsTest, HeldIntentIsStillRefusedAsBefore) {
  PaymentIntentCreateParams params;
  params.set_amount(1000);
  params.set_currency("usd");
  params.set_payment_method("pm_card_visa");
  params.set_capture_method("manual");
  params.set_confirm(true);
  absl::StatusOr<PaymentIntent> held = engine_.payment_intents().Create(params);
  ASSERT_THAT(held, IsOk());
  ASSERT_EQ(held->status(), "requires_capture");
  EXPECT_THAT(RefundOf(*held), StripeErrorWithParam("invalid_request_error",
                                                    "payment_intent_unexpected_state",
                                                    "payment_intent"));
}

}  // namespace
}  // namespace paysim
