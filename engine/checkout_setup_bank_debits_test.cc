// Behaviour tests of bank debits in Checkout's setup mode: a setup session offering sepa_debit
// (eur) or us_bank_account (usd), completed on the page with a bank account, confirms its
// SetupIntent with a multi-use mandate the customer accepts online, saves the PaymentMethod on
// the session's customer and completes (no_payment_required); the ACH accounts that cannot be
// set up leave the session open with the error on the page; a currency the debit does not
// take, or subscription mode, is refused and creates nothing; a later off-session PaymentIntent
// debits the saved PaymentMethod under the setup's mandate.
#include <string>
#include <utility>
#include <vector>

#include "absl/strings/str_cat.h"
#include "engine/checkout_sessions.h"
#include "testing/checkout_fixture.h"
#include "testing/paysim_testing.h"

namespace paysim {
namespace {

using ::paysim::testing::HttpStatusIs;
using ::paysim::testing::IsOk;
using ::paysim::testing::ParseParams;
using ::paysim::testing::StripeErrorIs;
using ::paysim::testing::StripeErrorWithParam;
using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::StartsWith;

constexpr char kSucceedsIban[] = "DE89370400440532013000";

class CheckoutSetupBankDebitsTest : public ::paysim::testing::CheckoutFixture {
 protected:
  // A hosted setup session offering `type`, in `currency` ("" none), for `customer` ("" none).
  CheckoutSessionCreateParams SetupParams(const std::string& type, const std::string& currency,
                                          const std::string& customer = "") {
    CheckoutSessionCreateParams params;
    params.set_mode("setup");
    if (!currency.empty()) params.set_currency(currency);
    if (!customer.empty()) params.set_customer(customer);
    params.add_payment_method_types(type);
    params.set_success_url("https://example.com/success");
    return params;
  }

  CheckoutSession MustCreate(const CheckoutSessionCreateParams& params) {
    absl::StatusOr<CheckoutSession> session = engine_.checkout_sessions().Create(params);
    EXPECT_THAT(session, IsOk());
    return session.value_or(CheckoutSession());
  }

  // The sepa_debit PaymentMethod the page makes from the IBAN the customer typed.
  std::string SepaPaymentMethod(const std::string& iban) {
    PaymentMethodCreateParams params;
    params.set_type("sepa_debit");
    params.mutable_sepa_debit()->set_iban(iban);
    params.mutable_billing_details()->set_name("Jenny Rosen");
    params.mutable_billing_details()->set_email("jenny@example.com");
    absl::StatusOr<PaymentMethod> pm = engine_.payment_methods().Create(params);
    EXPECT_THAT(pm, IsOk());
    return pm.ok() ? pm->id() : "";
  }

  // What the customer enters with a bank account (as the payment-mode tests' Bank()).
  absl::StatusOr<CheckoutPage> PayBank(const std::string& session,
                                       const std::string& payment_method) {
    return Pay(session, payment_method, R"pb(name: "Jenny Rosen")pb");
  }

  std::vector<std::string> TypesSince(size_t mark) {
    EventListParams params;
    params.set_limit(100);
    absl::StatusOr<ListResult<Event>> page = engine_.events().List(params);
    std::vector<std::string> types;
    if (!page.ok()) return types;
    for (auto it = page->data.rbegin(); it != page->data.rend(); ++it) types.push_back(it->type());
    return std::vector<std::string>(types.begin() + static_cast<long>(mark), types.end());
  }

  CheckoutSession Session(const std::string& id) {
    return engine_.checkout_sessions().Retrieve(id).value_or(CheckoutSession());
  }
  SetupIntent Intent(const std::string& id) {
    return engine_.setup_intents().Retrieve(id).value_or(SetupIntent());
  }
  PaymentMethod Method(const std::string& id) {
    return engine_.payment_methods().Retrieve(id).value_or(PaymentMethod());
  }
  size_t SetupIntentCount() {
    return engine_.setup_intents().List(SetupIntentListParams())->data.size();
  }

  // Checks the saved setup: the intent succeeded with `pm` under an online multi-use mandate
  // of it, the session complete. Returns the intent.
  SetupIntent ExpectSetUp(const CheckoutSession& s, const std::string& pm,
                          const std::string& type) {
    const CheckoutSession done = Session(s.id());
    EXPECT_EQ(done.status(), "complete");
    EXPECT_EQ(done.payment_status(), "no_payment_required");
    EXPECT_EQ(done.setup_intent(), s.setup_intent());
    const SetupIntent si = Intent(s.setup_intent());
    EXPECT_EQ(si.status(), "succeeded");
    EXPECT_EQ(si.payment_method(), pm);
    EXPECT_FALSE(si.has_last_setup_error());
    EXPECT_THAT(si.mandate(), StartsWith("mandate_"));
    absl::StatusOr<Mandate> mandate = engine_.mandates().Retrieve(si.mandate());
    EXPECT_THAT(mandate, IsOk());
    if (mandate.ok()) {
      EXPECT_EQ(mandate->status(), "active");
      EXPECT_EQ(mandate->type(), "multi_use");
      EXPECT_EQ(mandate->payment_method(), pm);
      EXPECT_EQ(mandate->payment_method_details().type(), type);
      EXPECT_EQ(mandate->customer_acceptance().type(), "online");
    }
    EXPECT_EQ(Method(pm).type(), type);
    return si;
  }
};

TEST_F(CheckoutSetupBankDebitsTest, SepaAccountIsSavedOnTheCustomerWithAMultiUseMandate) {
  const std::string customer = NewCustomer(R"pb(email: "jenny@example.com")pb").id();
  size_t mark = engine_.events().size();
  const CheckoutSession s = MustCreate(SetupParams("sepa_debit", "eur", customer));
  EXPECT_THAT(TypesSince(mark), ElementsAre("setup_intent.created"));
  EXPECT_THAT(s.payment_method_types(), ElementsAre("sepa_debit"));
  EXPECT_EQ(s.currency(), "eur");
  EXPECT_EQ(s.payment_status(), "no_payment_required");
  EXPECT_THAT(Intent(s.setup_intent()).payment_method_types(), ElementsAre("sepa_debit"));

  const std::string pm = SepaPaymentMethod(kSucceedsIban);
  mark = engine_.events().size();
  absl::StatusOr<CheckoutPage> page = PayBank(s.id(), pm);
  ASSERT_THAT(page, IsOk());
  EXPECT_EQ(page->status(), "complete");
  EXPECT_EQ(page->redirect_url(), "https://example.com/success");
  EXPECT_THAT(TypesSince(mark), ElementsAre("payment_method.attached", "setup_intent.succeeded",
                                            "checkout.session.completed"));
  const SetupIntent si = ExpectSetUp(s, pm, "sepa_debit");
  EXPECT_EQ(si.customer(), customer);
  const PaymentMethod saved = Method(pm);
  EXPECT_EQ(saved.customer(), customer);
  EXPECT_EQ(saved.mandate(), si.mandate());
}

TEST_F(CheckoutSetupBankDebitsTest, AchTestAccountIsSavedOnTheCustomerCheckoutCreates) {
  CheckoutSessionCreateParams params = SetupParams("us_bank_account", "usd");
  params.set_customer_creation("always");
  const CheckoutSession s = MustCreate(params);
  const size_t mark = engine_.events().size();
  absl::StatusOr<CheckoutPage> page = PayBank(s.id(), "pm_usBankAccount_success");
  ASSERT_THAT(page, IsOk());
  EXPECT_EQ(page->status(), "complete");
  EXPECT_THAT(TypesSince(mark),
              ElementsAre("customer.created", "payment_method.attached", "setup_intent.succeeded",
                          "checkout.session.completed"));
  const CheckoutSession done = Session(s.id());
  EXPECT_THAT(done.customer(), StartsWith("cus_"));
  const SetupIntent si = Intent(s.setup_intent());
  EXPECT_THAT(si.payment_method(), StartsWith("pm_"));
  ExpectSetUp(s, si.payment_method(), "us_bank_account");
  EXPECT_EQ(si.customer(), done.customer());
  EXPECT_EQ(Method(si.payment_method()).customer(), done.customer());
  EXPECT_EQ(done.customer_details().email(), "jenny@example.com");
}

// Without a customer the account is set up (and its mandate made) but attached to no one.
TEST_F(CheckoutSetupBankDebitsTest, AchAccountNumbersWithoutACustomer) {
  const CheckoutSession s = MustCreate(SetupParams("us_bank_account", "usd"));
  CheckoutPayParams pay = ParseParams<CheckoutPayParams>(
      R"pb(email: "jenny@example.com"
           name: "Jenny Rosen"
           us_bank_account { account_number: "000123456789" routing_number: "110000000" })pb");
  const size_t mark = engine_.events().size();
  absl::StatusOr<CheckoutPage> page = engine_.checkout_page().Pay(s.id(), pay);
  ASSERT_THAT(page, IsOk());
  EXPECT_EQ(page->status(), "complete");
  EXPECT_THAT(TypesSince(mark), ElementsAre("setup_intent.succeeded", "checkout.session.completed"));
  const SetupIntent si = Intent(s.setup_intent());
  ExpectSetUp(s, si.payment_method(), "us_bank_account");
  EXPECT_FALSE(Method(si.payment_method()).has_customer());
  EXPECT_EQ(Method(si.payment_method()).us_bank_account().last4(), "6789");
}

// As in payment mode, the blocked ACH account leaves the session open with the error on the
// page; as through the SetupIntents API, the intent's setup fails (setup_failed,
// last_setup_error) and the customer may try again.
TEST_F(CheckoutSetupBankDebitsTest, BlockedAchAccountFailsTheSetupAndLeavesTheSessionOpen) {
  const std::string customer = NewCustomer().id();
  const CheckoutSession s = MustCreate(SetupParams("us_bank_account", "usd", customer));
  size_t mark = engine_.events().size();
  absl::StatusOr<CheckoutPage> blocked = PayBank(s.id(), "pm_usBankAccount_riskLevelHighest");
  ASSERT_THAT(blocked, IsOk());
  EXPECT_EQ(blocked->status(), "open");
  EXPECT_EQ(blocked->error().code(), "payment_method_bank_account_blocked");
  EXPECT_THAT(TypesSince(mark), ElementsAre("setup_intent.setup_failed"));
  EXPECT_EQ(Session(s.id()).status(), "open");
  SetupIntent si = Intent(s.setup_intent());
  EXPECT_EQ(si.status(), "requires_payment_method");
  EXPECT_FALSE(si.has_payment_method());
  EXPECT_FALSE(si.has_mandate());
  EXPECT_EQ(si.last_setup_error().code(), "payment_method_bank_account_blocked");
  EXPECT_THAT(si.last_setup_error().payment_method(), StartsWith("pm_"));
  EXPECT_TRUE(Method(si.last_setup_error().payment_method()).mandate().empty());
  EXPECT_FALSE(Method(si.last_setup_error().payment_method()).has_customer());

  mark = engine_.events().size();
  absl::StatusOr<CheckoutPage> retried = PayBank(s.id(), "pm_usBankAccount_success");
  ASSERT_THAT(retried, IsOk());
  EXPECT_EQ(retried->status(), "complete");
  EXPECT_FALSE(retried->has_error());
  EXPECT_THAT(TypesSince(mark), ElementsAre("payment_method.attached", "setup_intent.succeeded",
                                            "checkout.session.completed"));
  si = ExpectSetUp(s, Intent(s.setup_intent()).payment_method(), "us_bank_account");
  EXPECT_EQ(Method(si.payment_method()).customer(), customer);
}

// The account whose verification fails is refused on the page, as in payment mode: 400,
// nothing created or changed.
TEST_F(CheckoutSetupBankDebitsTest, AccountThatCannotBeVerifiedIsRefused) {
  const CheckoutSession s = MustCreate(SetupParams("us_bank_account", "usd", NewCustomer().id()));
  const size_t mark = engine_.events().size();
  absl::StatusOr<CheckoutPage> refused = PayBank(s.id(), "pm_usBankAccount_failMicrodeposits");
  EXPECT_THAT(refused, StripeErrorWithParam("invalid_request_error", "", "payment_method"));
  EXPECT_THAT(refused, HttpStatusIs(400));
  EXPECT_EQ(engine_.events().size(), mark);
  EXPECT_EQ(Session(s.id()).status(), "open");
  EXPECT_EQ(Intent(s.setup_intent()).status(), "requires_payment_method");
}

TEST_F(CheckoutSetupBankDebitsTest, ACardOnlySetupSessionRefusesABankAccount) {
  CheckoutSessionCreateParams cards = SetupParams("card", "eur");
  const CheckoutSession s = MustCreate(cards);
  const std::string pm = SepaPaymentMethod(kSucceedsIban);
  const size_t mark = engine_.events().size();
  EXPECT_THAT(PayBank(s.id(), pm),
              StripeErrorWithParam("invalid_request_error", "", "payment_method"));
  EXPECT_EQ(engine_.events().size(), mark);
  EXPECT_EQ(Intent(s.setup_intent()).status(), "requires_payment_method");
}

TEST_F(CheckoutSetupBankDebitsTest, CurrencyTheDebitDoesNotTakeIsRefusedAndCreatesNothing) {
  const size_t events = engine_.events().size();
  for (const auto& [type, currency] : {std::pair<std::string, std::string>{"sepa_debit", "usd"},
                                       {"us_bank_account", "eur"}}) {
    SCOPED_TRACE(type);
    absl::StatusOr<CheckoutSession> refused =
        engine_.checkout_sessions().Create(SetupParams(type, currency));
    EXPECT_THAT(refused,
                StripeErrorWithParam("invalid_request_error", "", "payment_method_types[0]"));
    EXPECT_THAT(refused, StripeErrorIs("invalid_request_error", ""));
    EXPECT_THAT(refused, HttpStatusIs(400));
    EXPECT_THAT(refused.status().message(), HasSubstr(type));
  }
  // A second type is checked as the first.
  CheckoutSessionCreateParams second = SetupParams("card", "usd");
  second.add_payment_method_types("sepa_debit");
  EXPECT_THAT(engine_.checkout_sessions().Create(second),
              StripeErrorWithParam("invalid_request_error", "", "payment_method_types[1]"));
  EXPECT_EQ(engine_.events().size(), events);
  EXPECT_EQ(SessionCount(), 0u);
  EXPECT_EQ(SetupIntentCount(), 0u);
}

// Stripe requires `currency` in setup mode only without payment_method_types.
TEST_F(CheckoutSetupBankDebitsTest, SetupSessionNamingADebitMayLeaveOutTheCurrency) {
  const CheckoutSession s = MustCreate(SetupParams("sepa_debit", ""));
  EXPECT_FALSE(s.has_currency());
  const std::string pm = SepaPaymentMethod(kSucceedsIban);
  absl::StatusOr<CheckoutPage> page = PayBank(s.id(), pm);
  ASSERT_THAT(page, IsOk());
  EXPECT_EQ(page->status(), "complete");
  ExpectSetUp(s, pm, "sepa_debit");
}

TEST_F(CheckoutSetupBankDebitsTest, SubscriptionModeStillRefusesBankDebits) {
  absl::StatusOr<Price> monthly = engine_.prices().Create(ParseParams<PriceCreateParams>(
      R"pb(currency: "eur" unit_amount: 1000 recurring { interval: "month" }
           product_data { name: "plan" })pb"));
  ASSERT_THAT(monthly, IsOk());
  CheckoutSessionCreateParams params = SessionParams(*monthly, "subscription");
  params.add_payment_method_types("sepa_debit");
  const size_t events = engine_.events().size();
  absl::StatusOr<CheckoutSession> refused = engine_.checkout_sessions().Create(params);
  EXPECT_THAT(refused,
              StripeErrorWithParam("invalid_request_error", "", "payment_method_types[0]"));
  EXPECT_THAT(refused.status().message(), HasSubstr("in payment and setup mode only"));
  EXPECT_EQ(engine_.events().size(), events);
  EXPECT_EQ(SessionCount(), 0u);
}

// The account saved through Checkout is debited later off-session under the setup's mandate,
// without new mandate_data.
TEST_F(CheckoutSetupBankDebitsTest, LaterOffSessionPaymentReusesTheSetupsMandate) {
  const std::string customer = NewCustomer().id();
  std::vector<std::string> mandates;
  for (const auto& [type, currency] : {std::pair<std::string, std::string>{"sepa_debit", "eur"},
                                       {"us_bank_account", "usd"}}) {
    SCOPED_TRACE(type);
    const CheckoutSession s = MustCreate(SetupParams(type, currency, customer));
    const std::string entered =
        type == "sepa_debit" ? SepaPaymentMethod(kSucceedsIban) : "pm_usBankAccount_success";
    ASSERT_THAT(PayBank(s.id(), entered), IsOk());
    const SetupIntent si = Intent(s.setup_intent());
    ASSERT_EQ(si.status(), "succeeded");

    PaymentIntentCreateParams pay;
    pay.set_amount(4200);
    pay.set_currency(currency);
    pay.add_payment_method_types(type);
    pay.set_customer(customer);
    pay.set_payment_method(si.payment_method());
    pay.set_off_session(true);
    pay.set_confirm(true);
    absl::StatusOr<PaymentIntent> pi = engine_.payment_intents().Create(pay);
    ASSERT_THAT(pi, IsOk());
    EXPECT_EQ(pi->status(), "processing");
    absl::StatusOr<Charge> charge = engine_.charges().Retrieve(pi->latest_charge());
    ASSERT_THAT(charge, IsOk());
    const std::string& mandate = type == "sepa_debit"
                                     ? charge->payment_method_details().sepa_debit().mandate()
                                     : charge->payment_method_details().us_bank_account().mandate();
    EXPECT_EQ(mandate, si.mandate());
    mandates.push_back(mandate);
  }
  ASSERT_EQ(mandates.size(), 2u);
  EXPECT_NE(mandates[0], mandates[1]);  // one per saved account
}

}  // namespace
}  // namespace paysim
