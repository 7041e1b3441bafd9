// Behaviour tests of a mandate's status after it is made: revoked when its PaymentMethod is
// detached (or its customer deleted) or when the bank returns a debit as unauthorized or from
// a closed account, used up when a single-use mandate's payment settles (each on the clock,
// one second either side); mandate.updated; an inactive mandate refused for later debits.
#include <string>
#include <vector>

#include "testing/paysim_testing.h"

namespace paysim {
namespace {

using ::paysim::testing::FakeClock;
using ::paysim::testing::IsOk;
using ::paysim::testing::StripeErrorWithParam;

constexpr char kSucceedsIban[] = "DE89370400440532013000";

class MandateStatusTest : public ::testing::Test {
 protected:
  MandateStatusTest() {
    engine_.events().Subscribe({"mandate.updated"}, [this](const Event& e) {
      updates_.push_back(e);
    });
  }

  std::string NewCustomer() {
    return engine_.customers().Create(CustomerCreateParams()).value_or(Customer()).id();
  }

  static MandateDataParams Online() {
    MandateDataParams mandate;
    mandate.mutable_customer_acceptance()->set_type("online");
    mandate.mutable_customer_acceptance()->mutable_online()->set_ip_address("127.0.0.1");
    mandate.mutable_customer_acceptance()->mutable_online()->set_user_agent("Mozilla/5.0");
    return mandate;
  }

  // A confirmed debit of 1000 from the ACH test account `account` (sepa_debit when empty),
  // saved for `customer` when it is given.
  PaymentIntent Debit(const std::string& account, const std::string& customer = "") {
    PaymentIntentCreateParams params;
    params.set_amount(1000);
    params.set_currency(account.empty() ? "eur" : "usd");
    params.add_payment_method_types(account.empty() ? "sepa_debit" : "us_bank_account");
    PaymentMethodDataParams* data = params.mutable_payment_method_data();
    if (account.empty()) {
      data->set_type("sepa_debit");
      data->mutable_sepa_debit()->set_iban(kSucceedsIban);
    } else {
      data->set_type("us_bank_account");
      data->mutable_us_bank_account()->set_account_number(account);
      data->mutable_us_bank_account()->set_routing_number("110000000");
    }
    data->mutable_billing_details()->set_name("Jenny Rosen");
    data->mutable_billing_details()->set_email("jenny@example.com");
    if (!customer.empty()) {
      params.set_customer(customer);
      params.set_setup_future_usage("off_session");
    }
    *params.mutable_mandate_data() = Online();
    params.set_confirm(true);
    absl::StatusOr<PaymentIntent> pi = engine_.payment_intents().Create(params);
    EXPECT_THAT(pi, IsOk());
    return pi.value_or(PaymentIntent());
  }

  std::string MandateOf(const PaymentIntent& pi) {
    absl::StatusOr<Charge> charge = engine_.charges().Retrieve(pi.latest_charge());
    EXPECT_THAT(charge, IsOk());
    if (!charge.ok()) return "";
    const PaymentMethodDetails& details = charge->payment_method_details();
    return details.has_sepa_debit() ? details.sepa_debit().mandate()
                                    : details.us_bank_account().mandate();
  }

  std::string Status(const std::string& mandate) {
    absl::StatusOr<Mandate> m = engine_.mandates().Retrieve(mandate);
    EXPECT_THAT(m, IsOk());
    return m.ok() ? m->status() : "";
  }

  FakeClock clock_;
  Engine engine_{{.clock = &clock_, .seed = 42}};
  std::vector<Event> updates_;
};

TEST_F(MandateStatusTest, DetachingThePaymentMethodRevokesItsMultiUseMandate) {
  const std::string customer = NewCustomer();
  const PaymentIntent pi = Debit("", customer);
  const std::string mandate = MandateOf(pi);
  clock_.Advance(kBankDebitSettlementDelay);  // the debit succeeds: the PaymentMethod is saved
  ASSERT_EQ(Status(mandate), "active");
  ASSERT_THAT(engine_.payment_methods().Detach(pi.payment_method()), IsOk());
  EXPECT_EQ(Status(mandate), "inactive");
  ASSERT_EQ(updates_.size(), 1u);
  EXPECT_EQ(updates_[0].data().object().mandate().id(), mandate);
  EXPECT_EQ(updates_[0].data().object().mandate().status(), "inactive");
  EXPECT_EQ(updates_[0].data().previous_attributes(), R"({"status":"active"})");
}

TEST_F(MandateStatusTest, AnInactiveMandateNoLongerCoversDebits) {
  const std::string customer = NewCustomer();
  const PaymentIntent pi = Debit("000333333335", customer);  // returned: debit_not_authorized
  const std::string mandate = MandateOf(pi);
  clock_.Advance(kBankDebitSettlementDelay);
  ASSERT_EQ(Status(mandate), "inactive");
  PaymentIntentCreateParams params;
  params.set_amount(500);
  params.set_currency("usd");
  params.add_payment_method_types("us_bank_account");
  params.set_customer(customer);
  params.set_payment_method(pi.payment_method());
  params.set_confirm(true);
  params.set_mandate(mandate);
  EXPECT_THAT(engine_.payment_intents().Create(params),
              StripeErrorWithParam("invalid_request_error", "", "mandate"));
  params.clear_mandate();
  params.set_off_session(true);  // the saved mandate no longer covers it: new mandate_data
  EXPECT_THAT(engine_.payment_intents().Create(params),
              StripeErrorWithParam("invalid_request_error", "", "mandate_data"));
}

TEST_F(MandateStatusTest, ASingleUseMandateIsUsedWhenItsDebitSettles) {
  const PaymentIntent pi = Debit("000123456789");
  const std::string mandate = MandateOf(pi);
  clock_.Advance(kBankDebitSettlementDelay - absl::Seconds(1));
  EXPECT_EQ(Status(mandate), "active");
  EXPECT_TRUE(updates_.empty());
  clock_.Advance(absl::Seconds(1));
  EXPECT_EQ(Status(mandate), "inactive");
  EXPECT_EQ(updates_.size(), 1u);
}

TEST_F(MandateStatusTest, AMultiUseMandateOutlivesASettledDebit) {
  const std::string customer = NewCustomer();
  const std::string mandate = MandateOf(Debit("000123456789", customer));
  clock_.Advance(kBankDebitSettlementDelay);
  EXPECT_EQ(Status(mandate), "active");
  EXPECT_TRUE(updates_.empty());
}

TEST_F(MandateStatusTest, AnUnauthorizedReturnRevokesTheMandate) {
  const std::string customer = NewCustomer();
  const std::string mandate = MandateOf(Debit("000333333335", customer));  // debit_not_authorized
  clock_.Advance(kBankDebitSettlementDelay - absl::Seconds(1));
  EXPECT_EQ(Status(mandate), "active");
  clock_.Advance(absl::Seconds(1));
  EXPECT_EQ(Status(mandate), "inactive");
}

TEST_F(MandateStatusTest, InsufficientFundsLeaveAMultiUseMandateActive) {
  const std::string customer = NewCustomer();
  const std::string mandate = MandateOf(Debit("000222222227", customer));
  clock_.Advance(kBankDebitSettlementDelay);
  EXPECT_EQ(Status(mandate), "active");
}

TEST_F(MandateStatusTest, DeletingTheCustomerRevokesItsMandates) {
  const std::string customer = NewCustomer();
  const PaymentIntent pi = Debit("", customer);
  const std::string mandate = MandateOf(pi);
  clock_.Advance(kBankDebitSettlementDelay);  // the debit succeeds: the PaymentMethod is saved
  ASSERT_THAT(engine_.customers().Delete(customer), IsOk());
  EXPECT_EQ(Status(mandate), "inactive");
  absl::StatusOr<PaymentMethod> pm = engine_.payment_methods().Retrieve(pi.payment_method());
  ASSERT_THAT(pm, IsOk());
  EXPECT_FALSE(pm->has_customer());
}

}  // namespace
}  // namespace paysim
