// Checkout paid by bank debit: completion unpaid, settlement four days later one second
// either side, returned debits, detached and saved accounts, account and routing numbers.
#include <string>
#include <vector>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "engine/checkout_sessions_test_fixture.h"
#include "engine/json_render.h"
#include "testing/paysim_testing.h"

namespace paysim {
namespace checkout_sessions_test {
namespace {

// ======================= delayed payment methods =======================

class BankDebitTest : public CheckoutTest {
 protected:
  CheckoutSession BankSession() {
    CheckoutSessionCreateParams params = PaymentParams(5000);
    params.add_payment_method_types("card");
    params.add_payment_method_types("us_bank_account");
    return MustCreate(params);
  }

  CheckoutPayParams Bank(const std::string& alias) {
    CheckoutPayParams params = PayWith(alias);
    params.set_name("Jenny Rosen");
    return params;
  }
};

TEST_F(BankDebitTest, SucceedsFourDaysLaterOneSecondEitherSide) {
  CheckoutSession s = BankSession();
  size_t mark = engine_.events().size();
  CheckoutPage page = MustPay(s.id(), Bank("pm_usBankAccount_success"));
  EXPECT_EQ(page.status(), "complete");
  EXPECT_THAT(TypesSince(mark),
              ElementsAre("payment_intent.created", "charge.pending", "payment_intent.processing",
                          "checkout.session.completed"));
  CheckoutSession done = MustRetrieve(s.id());
  EXPECT_EQ(done.payment_status(), "unpaid");
  PaymentIntent pi = MustRetrievePi(done.payment_intent());
  EXPECT_EQ(pi.status(), "processing");
  EXPECT_THAT(pi.latest_charge(), StartsWith("py_"));
  absl::StatusOr<PaymentMethod> pm = engine_.payment_methods().Retrieve(pi.payment_method());
  ASSERT_THAT(pm, IsOk());
  EXPECT_EQ(pm->type(), "us_bank_account");
  absl::StatusOr<Charge> charge = engine_.charges().Retrieve(pi.latest_charge());
  ASSERT_THAT(charge, IsOk());
  EXPECT_EQ(charge->status(), "pending");
  EXPECT_EQ(charge->payment_method_details().type(), "us_bank_account");

  clock_.SetTime(absl::FromUnixSeconds(kStart) + kBankDebitSettlementDelay - absl::Seconds(1));
  EXPECT_EQ(MustRetrievePi(pi.id()).status(), "processing");
  mark = engine_.events().size();
  clock_.SetTime(absl::FromUnixSeconds(kStart) + kBankDebitSettlementDelay);
  EXPECT_EQ(MustRetrieve(s.id()).payment_status(), "paid");
  EXPECT_THAT(TypesSince(mark),
              ElementsAre("charge.succeeded", "payment_intent.succeeded",
                          "mandate.updated",  // the single-use mandate used
                          "checkout.session.async_payment_succeeded"));
  EXPECT_EQ(MustRetrievePi(pi.id()).amount_received(), 5000);
  charge = engine_.charges().Retrieve(pi.latest_charge());
  ASSERT_THAT(charge, IsOk());
  EXPECT_EQ(charge->status(), "succeeded");
  EXPECT_TRUE(charge->has_balance_transaction());
}

TEST_F(BankDebitTest, ReturnedDebitFailsLater) {
  CheckoutSession s = BankSession();
  MustPay(s.id(), Bank("pm_usBankAccount_insufficientFunds"));
  EXPECT_EQ(MustRetrieve(s.id()).status(), "complete");
  const size_t mark = engine_.events().size();
  clock_.Advance(kBankDebitSettlementDelay);
  CheckoutSession after = MustRetrieve(s.id());
  EXPECT_EQ(after.status(), "complete");
  EXPECT_EQ(after.payment_status(), "unpaid");
  EXPECT_THAT(TypesSince(mark), ElementsAre("charge.failed", "payment_intent.payment_failed",
                                            "mandate.updated",
                                            "checkout.session.async_payment_failed"));
  PaymentIntent pi = MustRetrievePi(after.payment_intent());
  EXPECT_EQ(pi.status(), "requires_payment_method");
  EXPECT_EQ(pi.last_payment_error().code(), "insufficient_funds");
}

TEST_F(BankDebitTest, EveryReturnedAccount) {
  for (const char* alias :
       {"pm_usBankAccount_accountClosed", "pm_usBankAccount_noAccount",
        "pm_usBankAccount_debitNotAuthorized", "pm_usBankAccount_invalidCurrency"}) {
    SCOPED_TRACE(alias);
    CheckoutSession s = BankSession();
    MustPay(s.id(), Bank(alias));
    clock_.Advance(kBankDebitSettlementDelay);
    EXPECT_EQ(MustRetrievePi(MustRetrieve(s.id()).payment_intent()).status(),
              "requires_payment_method");
  }
}

// The bank account saved for later (setup_future_usage) is attached when the debit settles,
// unless it was detached while the debit was processing: a detached PaymentMethod is never
// attached again, for bank debits as for cards.
TEST_F(BankDebitTest, SettlementDoesNotReattachAPaymentMethodDetachedMeanwhile) {
  const std::string customer = NewCustomer();
  CheckoutSessionCreateParams params = PaymentParams(5000);
  params.add_payment_method_types("us_bank_account");
  params.set_customer(customer);
  params.mutable_payment_intent_data()->set_setup_future_usage("off_session");
  CheckoutSession s = MustCreate(params);
  MustPay(s.id(), Bank("pm_usBankAccount_success"));
  const PaymentIntent pi = MustRetrievePi(MustRetrieve(s.id()).payment_intent());
  ASSERT_EQ(pi.status(), "processing");
  const std::string pm = pi.payment_method();
  ASSERT_THAT(engine_.payment_methods().Attach(
                  pm, ParseParams<PaymentMethodAttachParams>(
                          absl::StrCat("customer: \"", customer, "\""))),
              IsOk());
  ASSERT_THAT(engine_.payment_methods().Detach(pm), IsOk());

  const size_t mark = engine_.events().size();
  clock_.Advance(kBankDebitSettlementDelay);
  EXPECT_EQ(MustRetrievePi(pi.id()).status(), "succeeded");
  EXPECT_THAT(TypesSince(mark),
              ElementsAre("charge.succeeded", "payment_intent.succeeded",
                          "checkout.session.async_payment_succeeded"));
  absl::StatusOr<PaymentMethod> after = engine_.payment_methods().Retrieve(pm);
  ASSERT_THAT(after, IsOk());
  EXPECT_FALSE(after->has_customer());
}

// Without the detach, the settled debit saves the account on the customer first.
TEST_F(BankDebitTest, SettlementSavesTheAccountForLater) {
  const std::string customer = NewCustomer();
  CheckoutSessionCreateParams params = PaymentParams(5000);
  params.add_payment_method_types("us_bank_account");
  params.set_customer(customer);
  params.mutable_payment_intent_data()->set_setup_future_usage("off_session");
  CheckoutSession s = MustCreate(params);
  MustPay(s.id(), Bank("pm_usBankAccount_success"));
  const PaymentIntent pi = MustRetrievePi(MustRetrieve(s.id()).payment_intent());
  const size_t mark = engine_.events().size();
  clock_.Advance(kBankDebitSettlementDelay);
  EXPECT_THAT(TypesSince(mark),
              ElementsAre("charge.succeeded", "payment_method.attached",
                          "payment_intent.succeeded", "checkout.session.async_payment_succeeded"));
  absl::StatusOr<PaymentMethod> after = engine_.payment_methods().Retrieve(pi.payment_method());
  ASSERT_THAT(after, IsOk());
  EXPECT_EQ(after->customer(), customer);
}

TEST_F(BankDebitTest, RefusedAtOnceLeavesTheSessionOpen) {
  CheckoutSession s = BankSession();
  const size_t mark = engine_.events().size();
  CheckoutPage blocked = MustPay(s.id(), Bank("pm_usBankAccount_riskLevelHighest"));
  EXPECT_EQ(blocked.status(), "open");
  EXPECT_TRUE(blocked.has_error());
  EXPECT_THAT(TypesSince(mark), ElementsAre("payment_intent.created", "charge.failed",
                                            "payment_intent.payment_failed"));
  CheckoutPage limited = MustPay(s.id(), Bank("pm_usBankAccount_weeklyLimitExceeded"));
  EXPECT_EQ(limited.error().code(), "charge_exceeds_weekly_limit");
  EXPECT_EQ(MustPay(s.id(), PayWith("pm_card_visa")).status(), "complete");
  EXPECT_THAT(engine_.checkout_page().Pay(s.id(), Bank("pm_usBankAccount_failMicrodeposits")),
              HttpStatusIs(400));
}

TEST_F(BankDebitTest, StaysProcessing) {
  CheckoutSession s = BankSession();
  MustPay(s.id(), Bank("pm_usBankAccount_processing"));
  clock_.Advance(absl::Hours(24 * 30));
  EXPECT_EQ(MustRetrievePi(MustRetrieve(s.id()).payment_intent()).status(), "processing");
  EXPECT_EQ(MustRetrieve(s.id()).payment_status(), "unpaid");
}

TEST_F(BankDebitTest, AccountAndRoutingNumbers) {
  CheckoutSession s = BankSession();
  CheckoutPayParams pay = PayWith("");
  pay.clear_payment_method();
  pay.mutable_us_bank_account()->set_account_number("000123456789");
  EXPECT_THAT(engine_.checkout_page().Pay(s.id(), pay),
              StripeErrorWithParam("invalid_request_error", "parameter_missing",
                                   "us_bank_account[routing_number]"));
  pay.mutable_us_bank_account()->set_routing_number("021000021");
  EXPECT_THAT(engine_.checkout_page().Pay(s.id(), pay),
              StripeErrorWithParam("invalid_request_error", "", "us_bank_account[routing_number]"));
  pay.mutable_us_bank_account()->set_routing_number("110000000");
  pay.mutable_us_bank_account()->set_account_number("123");
  EXPECT_THAT(engine_.checkout_page().Pay(s.id(), pay),
              StripeErrorWithParam("invalid_request_error", "", "us_bank_account[account_number]"));
  pay.mutable_us_bank_account()->set_account_number("000123456789");
  EXPECT_EQ(MustPay(s.id(), pay).status(), "complete");

  CheckoutSession cards_only = MustCreate(PaymentParams());
  EXPECT_THAT(engine_.checkout_page().Pay(cards_only.id(), Bank("pm_usBankAccount_success")),
              StripeErrorWithParam("invalid_request_error", "", "payment_method"));
}

}  // namespace
}  // namespace checkout_sessions_test
}  // namespace paysim
