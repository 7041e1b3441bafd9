// Behaviour tests of Mandates made by PaymentIntents' bank debits: one mandate per accepted
// mandate_data (single_use for a one-off payment, multi_use when the PaymentMethod is saved),
// named by the debit's charge; a saved PaymentMethod's later debits reuse it; the `mandate`
// parameter; Retrieve and its errors.
#include <string>

#include "testing/paysim_testing.h"

namespace paysim {
namespace {

using ::paysim::testing::FakeClock;
using ::paysim::testing::HttpStatusIs;
using ::paysim::testing::IsOk;
using ::paysim::testing::StripeErrorWithParam;
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

class MandatesTest : public ::testing::Test {
 protected:
  std::string NewCustomer() {
    return engine_.customers().Create(CustomerCreateParams()).value_or(Customer()).id();
  }

  // A sepa_debit PaymentIntent of 1000 eur, not yet confirmed.
  PaymentIntentCreateParams SepaIntent() {
    PaymentIntentCreateParams params;
    params.set_amount(1000);
    params.set_currency("eur");
    params.add_payment_method_types("sepa_debit");
    return params;
  }

  std::string MandateOf(const PaymentIntent& pi) {
    absl::StatusOr<Charge> charge = engine_.charges().Retrieve(pi.latest_charge());
    EXPECT_THAT(charge, IsOk());
    return charge.ok() ? charge->payment_method_details().sepa_debit().mandate() : "";
  }

  FakeClock clock_;
  Engine engine_{{.clock = &clock_, .seed = 42}};
};

TEST_F(MandatesTest, OneOffDebitMakesOneSingleUseMandateNamedByItsCharge) {
  PaymentIntentCreateParams params = SepaIntent();
  *params.mutable_payment_method_data() = SepaData(kSucceedsIban);
  *params.mutable_mandate_data() = Online();
  params.set_confirm(true);
  absl::StatusOr<PaymentIntent> pi = engine_.payment_intents().Create(params);
  ASSERT_THAT(pi, IsOk());
  const std::string mandate_id = MandateOf(*pi);
  ASSERT_THAT(mandate_id, StartsWith("mandate_"));

  absl::StatusOr<Mandate> mandate = engine_.mandates().Retrieve(mandate_id);
  ASSERT_THAT(mandate, IsOk());
  EXPECT_EQ(mandate->object(), "mandate");
  EXPECT_EQ(mandate->status(), "active");
  EXPECT_EQ(mandate->type(), "single_use");
  EXPECT_EQ(mandate->single_use().amount(), 1000);
  EXPECT_EQ(mandate->single_use().currency(), "eur");
  EXPECT_FALSE(mandate->has_multi_use());
  EXPECT_EQ(mandate->payment_method(), pi->payment_method());
  EXPECT_EQ(mandate->payment_method_details().type(), "sepa_debit");
  EXPECT_EQ(mandate->payment_method_details().sepa_debit().reference().size(), 16u);
  EXPECT_FALSE(mandate->livemode());
  const MandateCustomerAcceptance& acceptance = mandate->customer_acceptance();
  EXPECT_EQ(acceptance.type(), "online");
  EXPECT_EQ(acceptance.accepted_at(), absl::ToUnixSeconds(clock_.Now()));
  EXPECT_EQ(acceptance.online().ip_address(), "127.0.0.1");
  EXPECT_EQ(acceptance.online().user_agent(), "Mozilla/5.0");
  EXPECT_FALSE(acceptance.has_offline());
}

TEST_F(MandatesTest, SavedPaymentMethodsMandateIsMultiUseAndCoversLaterOffSessionDebits) {
  const std::string customer = NewCustomer();
  PaymentIntentCreateParams first = SepaIntent();
  first.set_customer(customer);
  first.set_setup_future_usage("off_session");
  *first.mutable_payment_method_data() = SepaData(kSucceedsIban);
  first.mutable_mandate_data()->mutable_customer_acceptance()->set_type("offline");
  first.mutable_mandate_data()->mutable_customer_acceptance()->set_accepted_at(1590590577);
  first.set_confirm(true);
  absl::StatusOr<PaymentIntent> paid = engine_.payment_intents().Create(first);
  ASSERT_THAT(paid, IsOk());
  const std::string mandate_id = MandateOf(*paid);
  absl::StatusOr<Mandate> mandate = engine_.mandates().Retrieve(mandate_id);
  ASSERT_THAT(mandate, IsOk());
  EXPECT_EQ(mandate->type(), "multi_use");
  EXPECT_TRUE(mandate->has_multi_use());
  EXPECT_FALSE(mandate->has_single_use());
  EXPECT_EQ(mandate->customer_acceptance().type(), "offline");
  EXPECT_EQ(mandate->customer_acceptance().accepted_at(), 1590590577);
  EXPECT_TRUE(mandate->customer_acceptance().has_offline());

  // Later, off-session, with the saved PaymentMethod and no mandate_data: the same mandate.
  PaymentIntentCreateParams later = SepaIntent();
  later.set_amount(2500);
  later.set_customer(customer);
  later.set_payment_method(paid->payment_method());
  later.set_off_session(true);
  later.set_confirm(true);
  absl::StatusOr<PaymentIntent> again = engine_.payment_intents().Create(later);
  ASSERT_THAT(again, IsOk());
  EXPECT_EQ(again->status(), "processing");
  EXPECT_EQ(MandateOf(*again), mandate_id);

  // The `mandate` parameter names it too.
  later.clear_off_session();
  later.set_mandate(mandate_id);
  absl::StatusOr<PaymentIntent> named = engine_.payment_intents().Create(later);
  ASSERT_THAT(named, IsOk());
  EXPECT_EQ(MandateOf(*named), mandate_id);
}

TEST_F(MandatesTest, DebitWithoutAnyMandateIsRefusedAndChangesNothing) {
  const std::string customer = NewCustomer();
  PaymentMethodCreateParams pm_params;
  pm_params.set_type("sepa_debit");
  pm_params.mutable_sepa_debit()->set_iban(kSucceedsIban);
  pm_params.mutable_billing_details()->set_name("Jenny Rosen");
  pm_params.mutable_billing_details()->set_email("jenny@example.com");
  absl::StatusOr<PaymentMethod> pm = engine_.payment_methods().Create(pm_params);
  ASSERT_THAT(pm, IsOk());

  PaymentIntentCreateParams params = SepaIntent();
  params.set_payment_method(pm->id());
  params.set_confirm(true);
  absl::StatusOr<PaymentIntent> refused = engine_.payment_intents().Create(params);
  EXPECT_THAT(refused, StripeErrorWithParam("invalid_request_error", "", "mandate_data"));
  EXPECT_THAT(refused, HttpStatusIs(400));
  EXPECT_TRUE(engine_.payment_intents().List(PaymentIntentListParams())->data.empty());
}

TEST_F(MandatesTest, UnknownOrForeignMandateParamIsRefusedAndChangesNothing) {
  PaymentIntentCreateParams first = SepaIntent();
  *first.mutable_payment_method_data() = SepaData(kSucceedsIban);
  *first.mutable_mandate_data() = Online();
  first.set_confirm(true);
  absl::StatusOr<PaymentIntent> paid = engine_.payment_intents().Create(first);
  ASSERT_THAT(paid, IsOk());
  const std::string mandate_id = MandateOf(*paid);

  absl::StatusOr<PaymentIntent> pending = engine_.payment_intents().Create(SepaIntent());
  ASSERT_THAT(pending, IsOk());
  PaymentIntentConfirmParams confirm;
  *confirm.mutable_payment_method_data() = SepaData(kSucceedsIban);
  confirm.set_mandate("mandate_unknown");
  absl::StatusOr<PaymentIntent> unknown = engine_.payment_intents().Confirm(pending->id(), confirm);
  EXPECT_THAT(unknown, StripeErrorWithParam("invalid_request_error", "resource_missing",
                                            "mandate"));
  EXPECT_THAT(unknown, HttpStatusIs(400));  // an id given as a parameter, not in the URL

  // Another PaymentMethod's mandate.
  confirm.set_mandate(mandate_id);
  EXPECT_THAT(engine_.payment_intents().Confirm(pending->id(), confirm),
              StripeErrorWithParam("invalid_request_error", "", "mandate"));
  EXPECT_EQ(engine_.payment_intents().Retrieve(pending->id())->status(),
            "requires_payment_method");

  // Only with confirm=true.
  PaymentIntentCreateParams unconfirmed = SepaIntent();
  unconfirmed.set_mandate(mandate_id);
  EXPECT_THAT(engine_.payment_intents().Create(unconfirmed),
              StripeErrorWithParam("invalid_request_error", "", "mandate"));
}

TEST_F(MandatesTest, AchDebitNamesAUsBankAccountMandate) {
  PaymentIntentCreateParams params;
  params.set_amount(1234);
  params.set_currency("usd");
  params.add_payment_method_types("us_bank_account");
  PaymentMethodDataParams* data = params.mutable_payment_method_data();
  data->set_type("us_bank_account");
  data->mutable_us_bank_account()->set_account_number("000123456789");
  data->mutable_us_bank_account()->set_routing_number("110000000");
  data->mutable_billing_details()->set_name("Jenny Rosen");
  *params.mutable_mandate_data() = Online();
  params.set_confirm(true);
  absl::StatusOr<PaymentIntent> pi = engine_.payment_intents().Create(params);
  ASSERT_THAT(pi, IsOk());
  absl::StatusOr<Charge> charge = engine_.charges().Retrieve(pi->latest_charge());
  ASSERT_THAT(charge, IsOk());
  const std::string mandate_id = charge->payment_method_details().us_bank_account().mandate();
  absl::StatusOr<Mandate> mandate = engine_.mandates().Retrieve(mandate_id);
  ASSERT_THAT(mandate, IsOk());
  EXPECT_EQ(mandate->payment_method_details().type(), "us_bank_account");
  EXPECT_TRUE(mandate->payment_method_details().has_us_bank_account());
  EXPECT_FALSE(mandate->payment_method_details().has_sepa_debit());
  EXPECT_EQ(mandate->type(), "single_use");
  EXPECT_EQ(mandate->single_use().amount(), 1234);
  EXPECT_EQ(mandate->single_use().currency(), "usd");
}

TEST_F(MandatesTest, RetrieveOfAnUnknownIdIsResourceMissing) {
  absl::StatusOr<Mandate> missing = engine_.mandates().Retrieve("mandate_nope");
  EXPECT_THAT(missing, StripeErrorWithParam("invalid_request_error", "resource_missing",
                                            "mandate"));
  EXPECT_THAT(missing, HttpStatusIs(404));
  EXPECT_EQ(GetStripeError(missing.status())->message(), "No such mandate: 'mandate_nope'");
}

}  // namespace
}  // namespace paysim
