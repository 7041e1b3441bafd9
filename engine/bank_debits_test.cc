// Behaviour tests of bank debits outside Checkout: SEPA Direct Debit and ACH PaymentMethods
// (POST /v1/payment_methods and payment_method_data), their checks and errors, PaymentIntents
// confirmed with them (processing, then succeeded or requires_payment_method
// kBankDebitSettlementDelay later, one second either side), mandates, charges and fees.
#include <string>
#include <vector>

#include "engine/balance.h"
#include "engine/checkout_sessions.h"
#include "testing/paysim_testing.h"

namespace paysim {
namespace {

using ::paysim::testing::FakeClock;
using ::paysim::testing::IsOk;
using ::paysim::testing::StripeErrorIs;
using ::paysim::testing::StripeErrorWithParam;
using ::testing::ElementsAre;
using ::testing::StartsWith;

constexpr char kSucceedsIban[] = "DE89370400440532013000";
constexpr char kFailsIban[] = "DE62370400440532013001";
constexpr char kCliIban[] = "AT321904300235473204";  // the Stripe CLI's fixture

PaymentMethodCreateParams Sepa(const std::string& iban) {
  PaymentMethodCreateParams params;
  params.set_type("sepa_debit");
  params.mutable_sepa_debit()->set_iban(iban);
  params.mutable_billing_details()->set_name("Jenny Rosen");
  params.mutable_billing_details()->set_email("jenny@example.com");
  return params;
}

PaymentMethodCreateParams Ach(const std::string& account_number) {
  PaymentMethodCreateParams params;
  params.set_type("us_bank_account");
  params.mutable_us_bank_account()->set_account_number(account_number);
  params.mutable_us_bank_account()->set_routing_number("110000000");
  params.mutable_us_bank_account()->set_account_holder_type("individual");
  params.mutable_billing_details()->set_name("Jenny Rosen");
  return params;
}

MandateDataParams Online() {
  MandateDataParams mandate;
  mandate.mutable_customer_acceptance()->set_type("online");
  mandate.mutable_customer_acceptance()->mutable_online()->set_ip_address("127.0.0.1");
  mandate.mutable_customer_acceptance()->mutable_online()->set_user_agent("Mozilla/5.0");
  return mandate;
}

class BankDebitsTest : public ::testing::Test {
 protected:
  PaymentMethod MustCreate(const PaymentMethodCreateParams& params) {
    absl::StatusOr<PaymentMethod> pm = engine_.payment_methods().Create(params);
    EXPECT_THAT(pm, IsOk());
    return pm.value_or(PaymentMethod());
  }

  // A confirmed PaymentIntent of `amount` paid by `pm` (of `type`, in `currency`).
  absl::StatusOr<PaymentIntent> Pay(const std::string& pm, const std::string& type,
                                    const std::string& currency, int64_t amount = 1000) {
    PaymentIntentCreateParams params;
    params.set_amount(amount);
    params.set_currency(currency);
    params.add_payment_method_types(type);
    params.set_payment_method(pm);
    params.set_confirm(true);
    *params.mutable_mandate_data() = Online();
    return engine_.payment_intents().Create(params);
  }

  std::vector<std::string> EventTypes() {
    EventListParams params;
    params.set_limit(100);
    absl::StatusOr<ListResult<Event>> page = engine_.events().List(params);
    std::vector<std::string> types;
    if (!page.ok()) return types;
    for (auto it = page->data.rbegin(); it != page->data.rend(); ++it) types.push_back(it->type());
    return types;
  }

  PaymentIntent Intent(const std::string& id) {
    return engine_.payment_intents().Retrieve(id).value_or(PaymentIntent());
  }

  FakeClock clock_;
  Engine engine_{{.clock = &clock_, .seed = 42}};
};

TEST_F(BankDebitsTest, SepaPaymentMethodShowsItsAccount) {
  PaymentMethod pm = MustCreate(Sepa("DE89 3704 0044 0532 0130 00"));
  EXPECT_EQ(pm.type(), "sepa_debit");
  EXPECT_EQ(pm.sepa_debit().bank_code(), "37040044");
  EXPECT_EQ(pm.sepa_debit().branch_code(), "");
  EXPECT_EQ(pm.sepa_debit().country(), "DE");
  EXPECT_EQ(pm.sepa_debit().last4(), "3000");
  EXPECT_FALSE(pm.sepa_debit().fingerprint().empty());
  EXPECT_EQ(pm.billing_details().name(), "Jenny Rosen");
  EXPECT_EQ(MustCreate(Sepa(kSucceedsIban)).sepa_debit().fingerprint(),
            pm.sepa_debit().fingerprint());
}

TEST_F(BankDebitsTest, AchPaymentMethodShowsItsAccount) {
  PaymentMethod pm = MustCreate(Ach("000123456789"));
  EXPECT_EQ(pm.type(), "us_bank_account");
  EXPECT_EQ(pm.us_bank_account().account_holder_type(), "individual");
  EXPECT_EQ(pm.us_bank_account().account_type(), "checking");
  EXPECT_EQ(pm.us_bank_account().bank_name(), "STRIPE TEST BANK");
  EXPECT_EQ(pm.us_bank_account().last4(), "6789");
  EXPECT_EQ(pm.us_bank_account().routing_number(), "110000000");
  EXPECT_EQ(pm.us_bank_account().networks().preferred(), "ach");
}

TEST_F(BankDebitsTest, BadPaymentMethodParamsGetStripesErrorsAndCreateNothing) {
  PaymentMethodCreateParams no_iban = Sepa(kSucceedsIban);
  no_iban.mutable_sepa_debit()->clear_iban();
  EXPECT_THAT(engine_.payment_methods().Create(no_iban),
              StripeErrorWithParam("invalid_request_error", "parameter_missing",
                                   "sepa_debit[iban]"));
  EXPECT_THAT(engine_.payment_methods().Create(Sepa("DE89370400440532013001")),
              StripeErrorWithParam("invalid_request_error", "", "sepa_debit[iban]"));
  EXPECT_THAT(engine_.payment_methods().Create(Sepa("XX12")),
              StripeErrorWithParam("invalid_request_error", "", "sepa_debit[iban]"));
  PaymentMethodCreateParams no_name = Sepa(kSucceedsIban);
  no_name.mutable_billing_details()->clear_name();
  EXPECT_THAT(engine_.payment_methods().Create(no_name),
              StripeErrorWithParam("invalid_request_error", "parameter_missing",
                                   "billing_details[name]"));
  PaymentMethodCreateParams no_email = Sepa(kSucceedsIban);
  no_email.mutable_billing_details()->clear_email();
  EXPECT_THAT(engine_.payment_methods().Create(no_email),
              StripeErrorWithParam("invalid_request_error", "parameter_missing",
                                   "billing_details[email]"));
  PaymentMethodCreateParams bad_routing = Ach("000123456789");
  bad_routing.mutable_us_bank_account()->set_routing_number("021000021");
  EXPECT_THAT(engine_.payment_methods().Create(bad_routing),
              StripeErrorWithParam("invalid_request_error", "",
                                   "us_bank_account[routing_number]"));
  PaymentMethodCreateParams bad_holder = Ach("000123456789");
  bad_holder.mutable_us_bank_account()->set_account_holder_type("person");
  EXPECT_THAT(engine_.payment_methods().Create(bad_holder),
              StripeErrorWithParam("invalid_request_error", "",
                                   "us_bank_account[account_holder_type]"));
  EXPECT_TRUE(EventTypes().empty());
  PaymentMethodListParams list;
  list.set_type("sepa_debit");
  EXPECT_THAT(engine_.payment_methods().Create(Sepa(kSucceedsIban)), IsOk());
}

TEST_F(BankDebitsTest, SepaDebitSucceedsAfterTheSettlementDelayOneSecondEitherSide) {
  PaymentMethod pm = MustCreate(Sepa(kSucceedsIban));
  absl::StatusOr<PaymentIntent> pi = Pay(pm.id(), "sepa_debit", "eur");
  ASSERT_THAT(pi, IsOk());
  EXPECT_EQ(pi->status(), "processing");
  absl::StatusOr<Charge> charge = engine_.charges().Retrieve(pi->latest_charge());
  ASSERT_THAT(charge, IsOk());
  EXPECT_EQ(charge->status(), "pending");
  EXPECT_EQ(charge->payment_method_details().type(), "sepa_debit");
  EXPECT_EQ(charge->payment_method_details().sepa_debit().last4(), "3000");
  EXPECT_THAT(charge->payment_method_details().sepa_debit().mandate(), StartsWith("mandate_"));
  EXPECT_THAT(EventTypes(), ElementsAre("payment_intent.created", "charge.pending",
                                        "payment_intent.processing"));

  clock_.Advance(kBankDebitSettlementDelay - absl::Seconds(1));
  EXPECT_EQ(Intent(pi->id()).status(), "processing");
  clock_.Advance(absl::Seconds(1));
  PaymentIntent settled = Intent(pi->id());
  EXPECT_EQ(settled.status(), "succeeded");
  EXPECT_EQ(settled.amount_received(), 1000);
  charge = engine_.charges().Retrieve(pi->latest_charge());
  ASSERT_THAT(charge, IsOk());
  EXPECT_EQ(charge->status(), "succeeded");
  EXPECT_TRUE(charge->paid());
  absl::StatusOr<BalanceTransaction> txn =
      engine_.balance().RetrieveTransaction(charge->balance_transaction());
  ASSERT_THAT(txn, IsOk());
  EXPECT_EQ(txn->fee(), SepaDebitFee(1000));
  EXPECT_EQ(txn->fee(), 38);  // 0.8% + 30
  EXPECT_THAT(EventTypes(), ElementsAre("payment_intent.created", "charge.pending",
                                        "payment_intent.processing", "charge.succeeded",
                                        "payment_intent.succeeded",
                                        "mandate.updated"));  // its single-use mandate used
}

TEST_F(BankDebitsTest, FailingIbanReturnsToRequiresPaymentMethodLater) {
  PaymentMethod pm = MustCreate(Sepa(kFailsIban));
  absl::StatusOr<PaymentIntent> pi = Pay(pm.id(), "sepa_debit", "eur");
  ASSERT_THAT(pi, IsOk());
  EXPECT_EQ(pi->status(), "processing");
  clock_.Advance(kBankDebitSettlementDelay - absl::Seconds(1));
  EXPECT_EQ(Intent(pi->id()).status(), "processing");
  clock_.Advance(absl::Seconds(1));
  PaymentIntent failed = Intent(pi->id());
  EXPECT_EQ(failed.status(), "requires_payment_method");
  EXPECT_EQ(failed.last_payment_error().code(), "insufficient_funds");
  EXPECT_EQ(failed.last_payment_error().payment_method(), pm.id());
  EXPECT_FALSE(failed.has_payment_method());
  absl::StatusOr<Charge> charge = engine_.charges().Retrieve(pi->latest_charge());
  ASSERT_THAT(charge, IsOk());
  EXPECT_EQ(charge->status(), "failed");
  EXPECT_THAT(EventTypes(), ElementsAre("payment_intent.created", "charge.pending",
                                        "payment_intent.processing", "charge.failed",
                                        "payment_intent.payment_failed", "mandate.updated"));
}

TEST_F(BankDebitsTest, CliFixtureIbanWithOfflineMandate) {
  PaymentMethod pm = MustCreate(Sepa(kCliIban));
  PaymentIntentCreateParams params;
  params.set_amount(1000);
  params.set_currency("eur");
  params.add_payment_method_types("sepa_debit");
  params.set_payment_method(pm.id());
  params.set_confirm(true);
  params.mutable_mandate_data()->mutable_customer_acceptance()->set_type("offline");
  params.mutable_mandate_data()->mutable_customer_acceptance()->set_accepted_at(1590590577);
  absl::StatusOr<PaymentIntent> pi = engine_.payment_intents().Create(params);
  ASSERT_THAT(pi, IsOk());
  EXPECT_EQ(pi->status(), "processing");
}

TEST_F(BankDebitsTest, AchDebitByPaymentMethodDataWithAchFee) {
  PaymentIntentCreateParams params;
  params.set_amount(100000);  // $1,000: the fee reaches its $5 cap
  params.set_currency("usd");
  params.add_payment_method_types("us_bank_account");
  PaymentMethodDataParams* data = params.mutable_payment_method_data();
  data->set_type("us_bank_account");
  data->mutable_us_bank_account()->set_account_number("000123456789");
  data->mutable_us_bank_account()->set_routing_number("110000000");
  data->mutable_billing_details()->set_name("Jenny Rosen");
  absl::StatusOr<PaymentIntent> pi = engine_.payment_intents().Create(params);
  ASSERT_THAT(pi, IsOk());
  EXPECT_EQ(pi->status(), "requires_confirmation");
  PaymentIntentConfirmParams confirm;
  EXPECT_THAT(engine_.payment_intents().Confirm(pi->id(), confirm),
              StripeErrorWithParam("invalid_request_error", "", "mandate_data"));
  *confirm.mutable_mandate_data() = Online();
  confirm.mutable_mandate_data()->mutable_customer_acceptance()->mutable_online()
      ->clear_user_agent();
  EXPECT_THAT(engine_.payment_intents().Confirm(pi->id(), confirm),
              StripeErrorWithParam("invalid_request_error", "parameter_missing",
                                   "mandate_data[customer_acceptance][online][user_agent]"));
  EXPECT_EQ(Intent(pi->id()).status(), "requires_confirmation");
  *confirm.mutable_mandate_data() = Online();
  absl::StatusOr<PaymentIntent> confirmed = engine_.payment_intents().Confirm(pi->id(), confirm);
  ASSERT_THAT(confirmed, IsOk());
  EXPECT_EQ(confirmed->status(), "processing");
  clock_.Advance(kBankDebitSettlementDelay);
  EXPECT_EQ(Intent(pi->id()).status(), "succeeded");
  absl::StatusOr<Charge> charge = engine_.charges().Retrieve(confirmed->latest_charge());
  ASSERT_THAT(charge, IsOk());
  EXPECT_EQ(charge->payment_method_details().type(), "us_bank_account");
  EXPECT_EQ(charge->payment_method_details().us_bank_account().last4(), "6789");
  absl::StatusOr<BalanceTransaction> txn =
      engine_.balance().RetrieveTransaction(charge->balance_transaction());
  ASSERT_THAT(txn, IsOk());
  EXPECT_EQ(txn->fee(), kAchDebitFeeCap);
  EXPECT_EQ(AchDebitFee(10000), 80);
}

TEST_F(BankDebitsTest, ReturnedAchAccountFailsWithTheAccountsError) {
  PaymentMethod pm = MustCreate(Ach("000111111113"));
  absl::StatusOr<PaymentIntent> pi = Pay(pm.id(), "us_bank_account", "usd");
  ASSERT_THAT(pi, IsOk());
  clock_.Advance(kBankDebitSettlementDelay);
  PaymentIntent failed = Intent(pi->id());
  EXPECT_EQ(failed.status(), "requires_payment_method");
  EXPECT_EQ(failed.last_payment_error().code(), "account_closed");
}

TEST_F(BankDebitsTest, RefusedAtOnceAnswersTheErrorAndFailsTheIntent) {
  PaymentMethod pm = MustCreate(Ach("000777777771"));
  EXPECT_THAT(Pay(pm.id(), "us_bank_account", "usd"),
              StripeErrorIs("invalid_request_error", "charge_exceeds_weekly_limit"));
  EXPECT_THAT(EventTypes(), ElementsAre("payment_intent.created", "charge.failed",
                                        "payment_intent.payment_failed"));
}

TEST_F(BankDebitsTest, ProcessingForeverAccountNeverSettles) {
  PaymentMethod pm = MustCreate(Ach("000000000009"));
  absl::StatusOr<PaymentIntent> pi = Pay(pm.id(), "us_bank_account", "usd");
  ASSERT_THAT(pi, IsOk());
  clock_.Advance(kBankDebitSettlementDelay * 10);
  EXPECT_EQ(Intent(pi->id()).status(), "processing");
}

TEST_F(BankDebitsTest, IntentChecksTypesCurrencyAndMandateAndChangesNothing) {
  PaymentMethod sepa = MustCreate(Sepa(kSucceedsIban));
  // A sepa_debit PaymentMethod on an intent that takes cards only.
  EXPECT_THAT(Pay(sepa.id(), "card", "eur"),
              StripeErrorWithParam("invalid_request_error", "", "payment_method"));
  // sepa_debit takes euros only.
  EXPECT_THAT(Pay(sepa.id(), "sepa_debit", "usd"),
              StripeErrorWithParam("invalid_request_error", "", "currency"));
  PaymentIntentCreateParams no_mandate;
  no_mandate.set_amount(1000);
  no_mandate.set_currency("eur");
  no_mandate.add_payment_method_types("sepa_debit");
  no_mandate.set_payment_method(sepa.id());
  no_mandate.set_confirm(true);
  EXPECT_THAT(engine_.payment_intents().Create(no_mandate),
              StripeErrorWithParam("invalid_request_error", "", "mandate_data"));
  no_mandate.mutable_mandate_data()->mutable_customer_acceptance()->set_type("online");
  EXPECT_THAT(engine_.payment_intents().Create(no_mandate),
              StripeErrorWithParam("invalid_request_error", "parameter_missing",
                                   "mandate_data[customer_acceptance][online]"));
  PaymentIntentCreateParams bad_data;
  bad_data.set_amount(1000);
  bad_data.set_currency("eur");
  bad_data.add_payment_method_types("sepa_debit");
  bad_data.mutable_payment_method_data()->set_type("sepa_debit");
  bad_data.mutable_payment_method_data()->mutable_sepa_debit()->set_iban(kSucceedsIban);
  EXPECT_THAT(engine_.payment_intents().Create(bad_data),
              StripeErrorWithParam("invalid_request_error", "parameter_missing",
                                   "payment_method_data[billing_details][name]"));
  EXPECT_TRUE(EventTypes().empty());
  PaymentIntentListParams list;
  EXPECT_TRUE(engine_.payment_intents().List(list)->data.empty());
}

TEST(BankDebitFees, NamedConstants) {
  EXPECT_EQ(AchDebitFee(0), 0);
  EXPECT_EQ(AchDebitFee(62500), 500);
  EXPECT_EQ(AchDebitFee(1000000), 500);
  EXPECT_EQ(SepaDebitFee(1000), 38);
  EXPECT_EQ(SepaDebitFee(1000000), kSepaDebitFeeCap);
  EXPECT_EQ(FeeFor("card", 1000), CardFee(1000));
}

}  // namespace
}  // namespace paysim
