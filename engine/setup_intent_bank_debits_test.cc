// Behaviour tests of SetupIntents with bank debits: sepa_debit and us_bank_account
// PaymentMethods (given or made from payment_method_data) set up with the customer's mandate
// (mandate_data): succeeded at once with a multi-use Mandate, the PaymentMethod attached; the
// ACH accounts that fail verification or are blocked fail the setup; refused inputs change
// nothing; a later off-session PaymentIntent debits the saved PaymentMethod under the mandate.
#include <string>
#include <vector>

#include "testing/paysim_testing.h"

namespace paysim {
namespace {

using ::paysim::testing::FakeClock;
using ::paysim::testing::HttpStatusIs;
using ::paysim::testing::IsOk;
using ::paysim::testing::StripeErrorIs;
using ::paysim::testing::StripeErrorWithParam;
using ::testing::ElementsAre;
using ::testing::StartsWith;

constexpr char kSucceedsIban[] = "DE89370400440532013000";

MandateDataParams Online() {
  MandateDataParams mandate;
  mandate.mutable_customer_acceptance()->set_type("online");
  mandate.mutable_customer_acceptance()->mutable_online()->set_ip_address("127.0.0.1");
  mandate.mutable_customer_acceptance()->mutable_online()->set_user_agent("Mozilla/5.0");
  return mandate;
}

PaymentMethodDataParams SepaData(const std::string& iban) {
  PaymentMethodDataParams data;
  data.set_type("sepa_debit");
  data.mutable_sepa_debit()->set_iban(iban);
  data.mutable_billing_details()->set_name("Jenny Rosen");
  data.mutable_billing_details()->set_email("jenny@example.com");
  return data;
}

PaymentMethodDataParams AchData(const std::string& account_number) {
  PaymentMethodDataParams data;
  data.set_type("us_bank_account");
  data.mutable_us_bank_account()->set_account_number(account_number);
  data.mutable_us_bank_account()->set_routing_number("110000000");
  data.mutable_billing_details()->set_name("Jenny Rosen");
  return data;
}

class SetupIntentBankDebitsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    customer_ = engine_.customers().Create(CustomerCreateParams()).value_or(Customer()).id();
  }

  // A confirmed SetupIntent for the customer, paid by `data` (of its type).
  SetupIntentCreateParams SetupWith(const PaymentMethodDataParams& data) {
    SetupIntentCreateParams params;
    params.set_customer(customer_);
    params.add_payment_method_types(data.type());
    *params.mutable_payment_method_data() = data;
    *params.mutable_mandate_data() = Online();
    params.set_confirm(true);
    return params;
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

  size_t SetupIntentCount() {
    return engine_.setup_intents().List(SetupIntentListParams())->data.size();
  }

  FakeClock clock_;
  Engine engine_{{.clock = &clock_, .seed = 42}};
  std::string customer_;
};

TEST_F(SetupIntentBankDebitsTest, SepaSetupSucceedsAtOnceWithAMultiUseMandate) {
  absl::StatusOr<SetupIntent> si = engine_.setup_intents().Create(SetupWith(SepaData(kSucceedsIban)));
  ASSERT_THAT(si, IsOk());
  EXPECT_EQ(si->status(), "succeeded");
  EXPECT_THAT(si->payment_method(), StartsWith("pm_"));
  EXPECT_THAT(si->mandate(), StartsWith("mandate_"));
  EXPECT_FALSE(si->has_single_use_mandate());
  EXPECT_FALSE(si->has_last_setup_error());

  absl::StatusOr<Mandate> mandate = engine_.mandates().Retrieve(si->mandate());
  ASSERT_THAT(mandate, IsOk());
  EXPECT_EQ(mandate->status(), "active");
  EXPECT_EQ(mandate->type(), "multi_use");
  EXPECT_EQ(mandate->payment_method(), si->payment_method());
  EXPECT_EQ(mandate->payment_method_details().type(), "sepa_debit");
  EXPECT_EQ(mandate->customer_acceptance().online().ip_address(), "127.0.0.1");

  absl::StatusOr<PaymentMethod> pm = engine_.payment_methods().Retrieve(si->payment_method());
  ASSERT_THAT(pm, IsOk());
  EXPECT_EQ(pm->type(), "sepa_debit");
  EXPECT_EQ(pm->customer(), customer_);
  EXPECT_THAT(EventTypes(), ElementsAre("customer.created", "setup_intent.created",
                                        "payment_method.attached", "setup_intent.succeeded"));
}

TEST_F(SetupIntentBankDebitsTest, SetupThenConfirmWithAnExistingSepaPaymentMethod) {
  PaymentMethodCreateParams pm_params;
  pm_params.set_type("sepa_debit");
  pm_params.mutable_sepa_debit()->set_iban(kSucceedsIban);
  pm_params.mutable_billing_details()->set_name("Jenny Rosen");
  pm_params.mutable_billing_details()->set_email("jenny@example.com");
  absl::StatusOr<PaymentMethod> pm = engine_.payment_methods().Create(pm_params);
  ASSERT_THAT(pm, IsOk());

  SetupIntentCreateParams create;
  create.set_customer(customer_);
  create.add_payment_method_types("sepa_debit");
  create.set_payment_method(pm->id());
  absl::StatusOr<SetupIntent> si = engine_.setup_intents().Create(create);
  ASSERT_THAT(si, IsOk());
  EXPECT_EQ(si->status(), "requires_confirmation");

  // Confirming without the customer's acceptance is refused; nothing changes.
  absl::StatusOr<SetupIntent> refused =
      engine_.setup_intents().Confirm(si->id(), SetupIntentConfirmParams());
  EXPECT_THAT(refused, StripeErrorWithParam("invalid_request_error", "", "mandate_data"));
  EXPECT_THAT(refused, HttpStatusIs(400));
  EXPECT_EQ(engine_.setup_intents().Retrieve(si->id())->status(), "requires_confirmation");
  EXPECT_FALSE(engine_.payment_methods().Retrieve(pm->id())->has_customer());

  SetupIntentConfirmParams confirm;
  confirm.mutable_mandate_data()->mutable_customer_acceptance()->set_type("offline");
  absl::StatusOr<SetupIntent> confirmed = engine_.setup_intents().Confirm(si->id(), confirm);
  ASSERT_THAT(confirmed, IsOk());
  EXPECT_EQ(confirmed->status(), "succeeded");
  EXPECT_EQ(engine_.mandates().Retrieve(confirmed->mandate())->customer_acceptance().type(),
            "offline");
}

TEST_F(SetupIntentBankDebitsTest, AchTestAccountIsVerifiedAtOnce) {
  absl::StatusOr<SetupIntent> si = engine_.setup_intents().Create(SetupWith(AchData("000123456789")));
  ASSERT_THAT(si, IsOk());
  EXPECT_EQ(si->status(), "succeeded");
  absl::StatusOr<Mandate> mandate = engine_.mandates().Retrieve(si->mandate());
  ASSERT_THAT(mandate, IsOk());
  EXPECT_EQ(mandate->payment_method_details().type(), "us_bank_account");
  EXPECT_TRUE(mandate->payment_method_details().has_us_bank_account());
  EXPECT_EQ(mandate->type(), "multi_use");
}

TEST_F(SetupIntentBankDebitsTest, AccountThatFailsVerificationFailsTheSetup) {
  absl::StatusOr<SetupIntent> failed =
      engine_.setup_intents().Create(SetupWith(AchData("000666666661")));
  EXPECT_THAT(failed, StripeErrorIs("invalid_request_error", "bank_account_verification_failed"));
  EXPECT_THAT(failed, HttpStatusIs(400));
  ListResult<SetupIntent> all = *engine_.setup_intents().List(SetupIntentListParams());
  ASSERT_EQ(all.data.size(), 1u);
  const SetupIntent& si = all.data[0];
  EXPECT_EQ(si.status(), "requires_payment_method");
  EXPECT_FALSE(si.has_payment_method());
  EXPECT_FALSE(si.has_mandate());
  EXPECT_EQ(si.last_setup_error().code(), "bank_account_verification_failed");
  EXPECT_THAT(si.last_setup_error().payment_method(), StartsWith("pm_"));
  EXPECT_THAT(EventTypes(), ElementsAre("customer.created", "setup_intent.created",
                                        "setup_intent.setup_failed"));
}

TEST_F(SetupIntentBankDebitsTest, BlockedAccountFailsTheSetup) {
  absl::StatusOr<SetupIntent> failed =
      engine_.setup_intents().Create(SetupWith(AchData("000000004954")));
  EXPECT_THAT(failed,
              StripeErrorIs("invalid_request_error", "payment_method_bank_account_blocked"));
  ListResult<SetupIntent> all = *engine_.setup_intents().List(SetupIntentListParams());
  ASSERT_EQ(all.data.size(), 1u);
  EXPECT_EQ(all.data[0].status(), "requires_payment_method");
  EXPECT_EQ(all.data[0].last_setup_error().code(), "payment_method_bank_account_blocked");
}

TEST_F(SetupIntentBankDebitsTest, BadInputIsRefusedAndChangesNothing) {
  SetupIntentCreateParams no_mandate = SetupWith(SepaData(kSucceedsIban));
  no_mandate.clear_mandate_data();
  absl::StatusOr<SetupIntent> refused = engine_.setup_intents().Create(no_mandate);
  EXPECT_THAT(refused, StripeErrorWithParam("invalid_request_error", "", "mandate_data"));
  EXPECT_THAT(refused, HttpStatusIs(400));

  SetupIntentCreateParams bad_iban = SetupWith(SepaData("DE89370400440532013001"));
  EXPECT_THAT(engine_.setup_intents().Create(bad_iban),
              StripeErrorWithParam("invalid_request_error", "",
                                   "payment_method_data[sepa_debit][iban]"));

  SetupIntentCreateParams no_online_ip = SetupWith(SepaData(kSucceedsIban));
  no_online_ip.mutable_mandate_data()->mutable_customer_acceptance()->mutable_online()
      ->clear_ip_address();
  EXPECT_THAT(engine_.setup_intents().Create(no_online_ip),
              StripeErrorWithParam("invalid_request_error", "parameter_missing",
                                   "mandate_data[customer_acceptance][online][ip_address]"));

  SetupIntentCreateParams not_allowed = SetupWith(SepaData(kSucceedsIban));
  not_allowed.clear_payment_method_types();
  not_allowed.add_payment_method_types("card");
  EXPECT_THAT(engine_.setup_intents().Create(not_allowed),
              StripeErrorWithParam("invalid_request_error", "", "payment_method_data[type]"));

  SetupIntentCreateParams unconfirmed = SetupWith(SepaData(kSucceedsIban));
  unconfirmed.clear_confirm();
  EXPECT_THAT(engine_.setup_intents().Create(unconfirmed),
              StripeErrorWithParam("invalid_request_error", "", "mandate_data"));

  EXPECT_EQ(SetupIntentCount(), 0u);
  EXPECT_THAT(EventTypes(), ElementsAre("customer.created"));
}

TEST_F(SetupIntentBankDebitsTest, LaterOffSessionPaymentDebitsUnderTheSetupsMandate) {
  absl::StatusOr<SetupIntent> si = engine_.setup_intents().Create(SetupWith(SepaData(kSucceedsIban)));
  ASSERT_THAT(si, IsOk());

  PaymentIntentCreateParams pay;
  pay.set_amount(4200);
  pay.set_currency("eur");
  pay.add_payment_method_types("sepa_debit");
  pay.set_customer(customer_);
  pay.set_payment_method(si->payment_method());
  pay.set_off_session(true);
  pay.set_confirm(true);
  absl::StatusOr<PaymentIntent> pi = engine_.payment_intents().Create(pay);
  ASSERT_THAT(pi, IsOk());
  EXPECT_EQ(pi->status(), "processing");
  absl::StatusOr<Charge> charge = engine_.charges().Retrieve(pi->latest_charge());
  ASSERT_THAT(charge, IsOk());
  EXPECT_EQ(charge->payment_method_details().sepa_debit().mandate(), si->mandate());
}

}  // namespace
}  // namespace paysim
