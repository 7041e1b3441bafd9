// Behaviour tests of the payment lists filtered by their owner among other owners' objects:
// charges by PaymentIntent (a declined attempt and the paid one), refunds by charge and by
// PaymentIntent, SetupIntents and Checkout Sessions by customer (one given its customer by an
// update or by Checkout's customer creation), Checkout Sessions by PaymentIntent; newest first,
// the other filters applied on top, and the same on a restored engine, which keeps up with
// what it makes next.
#include <memory>
#include <string>
#include <vector>

#include "engine/checkout_sessions_test_fixture.h"
#include "testing/paysim_testing.h"

namespace paysim {
namespace checkout_sessions_test {
namespace {

using ::testing::ElementsAreArray;
using LookupListsTest = CheckoutTest;

template <typename T>
std::vector<std::string> Ids(const absl::StatusOr<ListResult<T>>& page) {
  EXPECT_THAT(page, IsOk());
  std::vector<std::string> ids;
  if (page.ok()) {
    for (const T& object : page->data) ids.push_back(object.id());
  }
  return ids;
}

std::vector<std::string> ChargesOf(Engine& engine, const std::string& intent,
                                   const std::string& customer = "") {
  ChargeListParams params;
  params.set_payment_intent(intent);
  if (!customer.empty()) params.set_customer(customer);
  return Ids(engine.charges().List(params));
}

std::vector<std::string> RefundsOf(Engine& engine, const std::string& charge,
                                   const std::string& intent = "") {
  RefundListParams params;
  params.set_charge(charge);
  if (!intent.empty()) params.set_payment_intent(intent);
  return Ids(engine.refunds().List(params));
}

std::vector<std::string> RefundsOfIntent(Engine& engine, const std::string& intent) {
  RefundListParams params;
  params.set_payment_intent(intent);
  return Ids(engine.refunds().List(params));
}

std::vector<std::string> SessionsOfIntent(Engine& engine, const std::string& intent,
                                          const std::string& status = "") {
  CheckoutSessionListParams params;
  params.set_payment_intent(intent);
  if (!status.empty()) params.set_status(status);
  return Ids(engine.checkout_sessions().List(params));
}

std::vector<std::string> SetupIntentsOf(Engine& engine, const std::string& customer,
                                        const std::string& payment_method = "") {
  SetupIntentListParams params;
  params.set_customer(customer);
  if (!payment_method.empty()) params.set_payment_method(payment_method);
  return Ids(engine.setup_intents().List(params));
}

std::vector<std::string> SessionsOf(Engine& engine, const std::string& customer,
                                    const std::string& status = "") {
  CheckoutSessionListParams params;
  params.set_customer(customer);
  if (!status.empty()) params.set_status(status);
  return Ids(engine.checkout_sessions().List(params));
}

std::unique_ptr<Engine> Restored(Engine& engine, FakeClock* clock) {
  absl::StatusOr<std::unique_ptr<Engine>> restored =
      testing::RestoredCopy(engine, {.clock = clock});
  EXPECT_THAT(restored, IsOk());
  return restored.ok() ? *std::move(restored) : nullptr;
}

TEST_F(LookupListsTest, ChargesOfOneIntentAndRefundsOfOneCharge) {
  const std::string customer = NewCustomer();
  auto intent = [&](bool with_customer) {
    PaymentIntentCreateParams params;
    params.set_amount(3000);
    params.set_currency("usd");
    if (with_customer) params.set_customer(customer);
    absl::StatusOr<PaymentIntent> made = engine_.payment_intents().Create(params);
    EXPECT_THAT(made, IsOk());
    return made.ok() ? made->id() : "";
  };
  auto confirm = [&](const std::string& id, const std::string& card) {
    PaymentIntentConfirmParams params;
    params.set_payment_method(card);
    return engine_.payment_intents().Confirm(id, params);
  };
  const std::string first = intent(/*with_customer=*/true);
  const std::string second = intent(/*with_customer=*/false);
  EXPECT_THAT(confirm(first, "pm_card_chargeDeclined"),
              StripeErrorIs("card_error", "card_declined"));
  absl::StatusOr<PaymentIntent> other = confirm(second, "pm_card_visa");
  ASSERT_THAT(other, IsOk());
  absl::StatusOr<PaymentIntent> paid = confirm(first, "pm_card_visa");
  ASSERT_THAT(paid, IsOk());
  ChargeCreateParams direct;  // a charge of no intent
  direct.set_amount(500);
  direct.set_currency("usd");
  direct.set_source("tok_visa");
  ASSERT_THAT(engine_.charges().Create(direct), IsOk());

  const std::vector<std::string> charges = ChargesOf(engine_, first);
  ASSERT_THAT(charges, SizeIs(2));  // the paid attempt, then the declined one
  EXPECT_EQ(charges[0], paid->latest_charge());
  absl::StatusOr<Charge> declined = engine_.charges().Retrieve(charges[1]);
  ASSERT_THAT(declined, IsOk());
  EXPECT_EQ(declined->status(), "failed");
  EXPECT_THAT(ChargesOf(engine_, second), ElementsAre(other->latest_charge()));
  EXPECT_THAT(ChargesOf(engine_, first, customer), ElementsAreArray(charges));
  EXPECT_THAT(ChargesOf(engine_, second, customer), IsEmpty());  // second has no customer
  EXPECT_THAT(ChargesOf(engine_, "pi_unknown"), IsEmpty());

  auto refund = [&](Engine& engine, const std::string& charge) {
    RefundCreateParams params;
    params.set_charge(charge);
    params.set_amount(100);
    absl::StatusOr<Refund> made = engine.refunds().Create(params);
    EXPECT_THAT(made, IsOk());
    return made.ok() ? made->id() : "";
  };
  const std::string r1 = refund(engine_, paid->latest_charge());
  const std::string r2 = refund(engine_, other->latest_charge());
  const std::string r3 = refund(engine_, paid->latest_charge());
  EXPECT_THAT(RefundsOf(engine_, paid->latest_charge()), ElementsAre(r3, r1));
  EXPECT_THAT(RefundsOf(engine_, other->latest_charge()), ElementsAre(r2));
  EXPECT_THAT(RefundsOf(engine_, paid->latest_charge(), first), ElementsAre(r3, r1));
  EXPECT_THAT(RefundsOf(engine_, paid->latest_charge(), second), IsEmpty());
  EXPECT_THAT(RefundsOf(engine_, charges[1]), IsEmpty());  // the declined attempt

  std::unique_ptr<Engine> restored = Restored(engine_, &clock_);
  ASSERT_NE(restored, nullptr);
  EXPECT_EQ(ChargesOf(*restored, first), charges);
  EXPECT_THAT(RefundsOf(*restored, paid->latest_charge()), ElementsAre(r3, r1));
  const std::string r4 = refund(*restored, paid->latest_charge());
  EXPECT_THAT(RefundsOf(*restored, paid->latest_charge()), ElementsAre(r4, r3, r1));
  EXPECT_THAT(RefundsOf(engine_, paid->latest_charge()), ElementsAre(r3, r1));
}

TEST_F(LookupListsTest, RefundsOfOneIntent) {
  auto paid_intent = [](Engine& engine, const std::string& declined_first) {
    PaymentIntentCreateParams params;
    params.set_amount(3000);
    params.set_currency("usd");
    absl::StatusOr<PaymentIntent> made = engine.payment_intents().Create(params);
    EXPECT_THAT(made, IsOk());
    if (!made.ok()) return std::string();
    PaymentIntentConfirmParams confirm;
    if (!declined_first.empty()) {
      confirm.set_payment_method(declined_first);
      EXPECT_THAT(engine.payment_intents().Confirm(made->id(), confirm),
                  StripeErrorIs("card_error", "card_declined"));
    }
    confirm.set_payment_method("pm_card_visa");
    EXPECT_THAT(engine.payment_intents().Confirm(made->id(), confirm), IsOk());
    return made->id();
  };
  auto refund = [](Engine& engine, const std::string& intent, const std::string& charge) {
    RefundCreateParams params;
    if (!intent.empty()) params.set_payment_intent(intent);
    if (!charge.empty()) params.set_charge(charge);
    params.set_amount(100);
    absl::StatusOr<Refund> made = engine.refunds().Create(params);
    EXPECT_THAT(made, IsOk());
    return made.ok() ? made->id() : "";
  };
  const std::string first = paid_intent(engine_, "pm_card_chargeDeclined");
  const std::string second = paid_intent(engine_, "");
  ChargeCreateParams direct;  // a charge of no intent, refunded too
  direct.set_amount(500);
  direct.set_currency("usd");
  direct.set_source("tok_visa");
  absl::StatusOr<Charge> charge = engine_.charges().Create(direct);
  ASSERT_THAT(charge, IsOk());
  const std::string r1 = refund(engine_, first, "");
  const std::string r2 = refund(engine_, second, "");
  const std::string r3 = refund(engine_, "", charge->id());
  absl::StatusOr<PaymentIntent> first_paid = engine_.payment_intents().Retrieve(first);
  ASSERT_THAT(first_paid, IsOk());
  const std::string r4 = refund(engine_, "", first_paid->latest_charge());  // named by charge
  EXPECT_THAT(RefundsOfIntent(engine_, first), ElementsAre(r4, r1));
  EXPECT_THAT(RefundsOfIntent(engine_, second), ElementsAre(r2));
  EXPECT_THAT(RefundsOfIntent(engine_, "pi_unknown"), IsEmpty());
  EXPECT_THAT(RefundsOf(engine_, charge->id()), ElementsAre(r3));

  std::unique_ptr<Engine> restored = Restored(engine_, &clock_);
  ASSERT_NE(restored, nullptr);
  EXPECT_THAT(RefundsOfIntent(*restored, first), ElementsAre(r4, r1));
  const std::string r5 = refund(*restored, second, "");
  EXPECT_THAT(RefundsOfIntent(*restored, second), ElementsAre(r5, r2));
  const std::string third = paid_intent(*restored, "pm_card_chargeDeclined");
  const std::string r6 = refund(*restored, third, "");
  EXPECT_THAT(RefundsOfIntent(*restored, third), ElementsAre(r6));
  EXPECT_THAT(RefundsOfIntent(engine_, second), ElementsAre(r2));
}

TEST_F(LookupListsTest, SetupIntentsOfOneCustomer) {
  const std::string a = NewCustomer("a@example.com");
  const std::string b = NewCustomer("b@example.com");
  auto setup = [](Engine& engine, const std::string& customer, const std::string& card) {
    SetupIntentCreateParams params;
    if (!customer.empty()) params.set_customer(customer);
    if (!card.empty()) params.set_payment_method(card);
    absl::StatusOr<SetupIntent> made = engine.setup_intents().Create(params);
    EXPECT_THAT(made, IsOk());
    return made.value_or(SetupIntent());
  };
  const SetupIntent a1 = setup(engine_, a, "");
  const SetupIntent b1 = setup(engine_, b, "");
  const SetupIntent unowned = setup(engine_, "", "");
  const SetupIntent a2 = setup(engine_, a, "pm_card_visa");
  EXPECT_THAT(SetupIntentsOf(engine_, a), ElementsAre(a2.id(), a1.id()));
  EXPECT_THAT(SetupIntentsOf(engine_, a, a2.payment_method()), ElementsAre(a2.id()));
  EXPECT_THAT(SetupIntentsOf(engine_, b), ElementsAre(b1.id()));
  EXPECT_THAT(SetupIntentsOf(engine_, "cus_unknown"), IsEmpty());
  // An update gives the unowned intent a customer: it joins that customer's list in place.
  SetupIntentUpdateParams update;
  update.set_customer(b);
  ASSERT_THAT(engine_.setup_intents().Update(unowned.id(), update), IsOk());
  EXPECT_THAT(SetupIntentsOf(engine_, b), ElementsAre(unowned.id(), b1.id()));

  std::unique_ptr<Engine> restored = Restored(engine_, &clock_);
  ASSERT_NE(restored, nullptr);
  EXPECT_EQ(SetupIntentsOf(*restored, b), SetupIntentsOf(engine_, b));
  const SetupIntent a3 = setup(*restored, a, "");
  EXPECT_THAT(SetupIntentsOf(*restored, a), ElementsAre(a3.id(), a2.id(), a1.id()));
}

TEST_F(LookupListsTest, CheckoutSessionsOfOneCustomer) {
  const std::string a = NewCustomer("a@example.com");
  const std::string b = NewCustomer("b@example.com");
  const CheckoutSessionCreateParams one_item = PaymentParams();  // its price made once
  auto session = [&](Engine& engine, const std::string& customer) {
    CheckoutSessionCreateParams params = one_item;
    if (customer.empty()) {
      params.set_customer_creation("always");
    } else {
      params.set_customer(customer);
    }
    absl::StatusOr<CheckoutSession> made = engine.checkout_sessions().Create(params);
    EXPECT_THAT(made, IsOk());
    return made.ok() ? made->id() : "";
  };
  const std::string a1 = session(engine_, a);
  const std::string b1 = session(engine_, b);
  const std::string guest = session(engine_, "");
  const std::string a2 = session(engine_, a);
  EXPECT_THAT(SessionsOf(engine_, a), ElementsAre(a2, a1));
  EXPECT_THAT(SessionsOf(engine_, b), ElementsAre(b1));
  MustPay(a1, PayWith("pm_card_visa", "a@example.com"));
  EXPECT_THAT(SessionsOf(engine_, a, "open"), ElementsAre(a2));
  EXPECT_THAT(SessionsOf(engine_, a, "complete"), ElementsAre(a1));
  // Checkout makes the guest's customer when it pays: the session joins that customer's list.
  MustPay(guest, PayWith("pm_card_visa", "new@example.com"));
  const CheckoutSession done = MustRetrieve(guest);
  ASSERT_TRUE(done.has_customer());
  EXPECT_THAT(SessionsOf(engine_, done.customer()), ElementsAre(guest));

  std::unique_ptr<Engine> restored = Restored(engine_, &clock_);
  ASSERT_NE(restored, nullptr);
  EXPECT_EQ(SessionsOf(*restored, a), SessionsOf(engine_, a));
  const std::string a3 = session(*restored, a);
  EXPECT_THAT(SessionsOf(*restored, a), ElementsAre(a3, a2, a1));
  EXPECT_THAT(SessionsOf(*restored, done.customer()), ElementsAre(guest));
}

TEST_F(LookupListsTest, CheckoutSessionsOfOnePaymentIntent) {
  const CheckoutSessionCreateParams one_item = PaymentParams();  // its price made once
  auto paid_session = [&](Engine& engine, bool pay) {
    absl::StatusOr<CheckoutSession> made = engine.checkout_sessions().Create(one_item);
    EXPECT_THAT(made, IsOk());
    if (!made.ok()) return CheckoutSession();
    if (pay) {
      EXPECT_THAT(engine.checkout_page().Pay(made->id(), PayWith("pm_card_visa")), IsOk());
    }
    absl::StatusOr<CheckoutSession> now = engine.checkout_sessions().Retrieve(made->id());
    EXPECT_THAT(now, IsOk());
    return now.value_or(CheckoutSession());
  };
  const CheckoutSession a = paid_session(engine_, /*pay=*/true);
  const CheckoutSession open = paid_session(engine_, /*pay=*/false);
  const CheckoutSession b = paid_session(engine_, /*pay=*/true);
  ASSERT_FALSE(a.payment_intent().empty());
  ASSERT_FALSE(b.payment_intent().empty());
  ASSERT_NE(a.payment_intent(), b.payment_intent());
  EXPECT_THAT(SessionsOfIntent(engine_, a.payment_intent()), ElementsAre(a.id()));
  EXPECT_THAT(SessionsOfIntent(engine_, b.payment_intent()), ElementsAre(b.id()));
  EXPECT_THAT(SessionsOfIntent(engine_, a.payment_intent(), "complete"), ElementsAre(a.id()));
  EXPECT_THAT(SessionsOfIntent(engine_, a.payment_intent(), "open"), IsEmpty());
  EXPECT_THAT(SessionsOfIntent(engine_, "pi_unknown"), IsEmpty());
  if (!open.payment_intent().empty()) {  // an intent made with the session, before payment
    EXPECT_THAT(SessionsOfIntent(engine_, open.payment_intent()), ElementsAre(open.id()));
  }

  std::unique_ptr<Engine> restored = Restored(engine_, &clock_);
  ASSERT_NE(restored, nullptr);
  EXPECT_THAT(SessionsOfIntent(*restored, b.payment_intent()), ElementsAre(b.id()));
  const CheckoutSession c = paid_session(*restored, /*pay=*/true);
  ASSERT_FALSE(c.payment_intent().empty());
  EXPECT_THAT(SessionsOfIntent(*restored, c.payment_intent()), ElementsAre(c.id()));
  EXPECT_THAT(SessionsOfIntent(*restored, a.payment_intent()), ElementsAre(a.id()));
}

}  // namespace
}  // namespace checkout_sessions_test
}  // namespace paysim
