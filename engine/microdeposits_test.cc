// Behaviour tests of microdeposit verification of ACH accounts on SetupIntents: with
// payment_method_options[us_bank_account][verification_method]=microdeposits the setup waits in
// requires_action (verify_with_microdeposits) until Stripe's test amounts or descriptor code
// verify it; wrong answers count until the attempts are exceeded; unverified microdeposits time
// out after kMicrodepositVerificationWindow. Without the option, the setup succeeds at once.
#include <string>
#include <vector>

#include "testing/paysim_testing.h"

namespace paysim {
namespace {

using ::paysim::testing::FakeClock;
using ::paysim::testing::IsOk;
using ::paysim::testing::StripeErrorIs;
using ::paysim::testing::StripeErrorWithParam;
using ::testing::ElementsAre;
using ::testing::StartsWith;

MandateDataParams Online() {
  MandateDataParams mandate;
  mandate.mutable_customer_acceptance()->set_type("online");
  mandate.mutable_customer_acceptance()->mutable_online()->set_ip_address("127.0.0.1");
  mandate.mutable_customer_acceptance()->mutable_online()->set_user_agent("Mozilla/5.0");
  return mandate;
}

class MicrodepositsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    customer_ = engine_.customers().Create(CustomerCreateParams()).value_or(Customer()).id();
  }

  // A confirmed SetupIntent for the customer with the ACH test account `account_number`,
  // verified by microdeposits unless `method` says otherwise ("" none given).
  absl::StatusOr<SetupIntent> Confirmed(const std::string& account_number,
                                        const std::string& method = "microdeposits") {
    SetupIntentCreateParams params;
    params.set_customer(customer_);
    params.add_payment_method_types("us_bank_account");
    PaymentMethodDataParams* data = params.mutable_payment_method_data();
    data->set_type("us_bank_account");
    data->mutable_us_bank_account()->set_account_number(account_number);
    data->mutable_us_bank_account()->set_routing_number("110000000");
    data->mutable_billing_details()->set_name("Jenny Rosen");
    *params.mutable_mandate_data() = Online();
    if (!method.empty()) {
      params.mutable_payment_method_options()->mutable_us_bank_account()->set_verification_method(
          method);
    }
    params.set_confirm(true);
    return engine_.setup_intents().Create(params);
  }

  SetupIntent Waiting() {
    absl::StatusOr<SetupIntent> si = Confirmed("000123456789");
    EXPECT_THAT(si, IsOk());
    EXPECT_EQ(si.value_or(SetupIntent()).status(), "requires_action");
    return si.value_or(SetupIntent());
  }

  absl::StatusOr<SetupIntent> Verify(const std::string& id, std::vector<int64_t> amounts,
                                     const std::string* code = nullptr) {
    VerifyMicrodepositsParams params;
    for (int64_t amount : amounts) params.add_amounts(amount);
    if (code != nullptr) params.set_descriptor_code(*code);
    return engine_.setup_intents().VerifyMicrodeposits(id, params);
  }
  absl::StatusOr<SetupIntent> VerifyCode(const std::string& id, const std::string& code) {
    return Verify(id, {}, &code);
  }

  SetupIntent Intent(const std::string& id) {
    return engine_.setup_intents().Retrieve(id).value_or(SetupIntent());
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

  FakeClock clock_;
  Engine engine_{{.clock = &clock_, .seed = 42}};
  std::string customer_;
};

TEST_F(MicrodepositsTest, WithoutTheOptionTheSetupSucceedsAtOnce) {
  absl::StatusOr<SetupIntent> automatic = Confirmed("000123456789", "automatic");
  ASSERT_THAT(automatic, IsOk());
  EXPECT_EQ(automatic->status(), "succeeded");
  absl::StatusOr<SetupIntent> none = Confirmed("000123456789", "");
  ASSERT_THAT(none, IsOk());
  EXPECT_EQ(none->status(), "succeeded");
  EXPECT_FALSE(none->payment_method_options().has_us_bank_account());
}

TEST_F(MicrodepositsTest, ConfirmWaitsForMicrodeposits) {
  SetupIntent si = Waiting();
  EXPECT_EQ(si.next_action().type(), "verify_with_microdeposits");
  const VerifyWithMicrodeposits& verify = si.next_action().verify_with_microdeposits();
  EXPECT_EQ(verify.microdeposit_type(), "descriptor_code");
  EXPECT_EQ(verify.arrival_date(),
            absl::ToUnixSeconds(clock_.Now() + kMicrodepositArrivalDelay));
  EXPECT_THAT(verify.hosted_verification_url(), StartsWith("https://"));
  EXPECT_FALSE(si.has_mandate());
  EXPECT_EQ(si.payment_method_options().us_bank_account().verification_method(),
            "microdeposits");
  EXPECT_THAT(EventTypes(), ElementsAre("customer.created", "setup_intent.created",
                                        "setup_intent.requires_action"));
}

TEST_F(MicrodepositsTest, TestAmountsVerifyAndTheSetupSucceedsWithItsMandate) {
  SetupIntent si = Waiting();
  absl::StatusOr<SetupIntent> verified = Verify(si.id(), {32, 45});
  ASSERT_THAT(verified, IsOk());
  EXPECT_EQ(verified->status(), "succeeded");
  EXPECT_FALSE(verified->has_next_action());
  EXPECT_THAT(verified->mandate(), StartsWith("mandate_"));
  absl::StatusOr<Mandate> mandate = engine_.mandates().Retrieve(verified->mandate());
  ASSERT_THAT(mandate, IsOk());
  EXPECT_EQ(mandate->status(), "active");
  EXPECT_EQ(mandate->payment_method(), verified->payment_method());
  absl::StatusOr<PaymentMethod> pm = engine_.payment_methods().Retrieve(verified->payment_method());
  ASSERT_THAT(pm, IsOk());
  EXPECT_EQ(pm->customer(), customer_);
  EXPECT_EQ(EventTypes().back(), "setup_intent.succeeded");
}

TEST_F(MicrodepositsTest, TestDescriptorCodeVerifies) {
  SetupIntent si = Waiting();
  absl::StatusOr<SetupIntent> verified = VerifyCode(si.id(), "SM11AA");
  ASSERT_THAT(verified, IsOk());
  EXPECT_EQ(verified->status(), "succeeded");
}

TEST_F(MicrodepositsTest, WrongAnswersCountUntilTheAttemptsAreExceeded) {
  SetupIntent si = Waiting();
  for (int attempt = 1; attempt < kMicrodepositAttempts; ++attempt) {
    EXPECT_THAT(Verify(si.id(), {1, 2}),
                StripeErrorIs("invalid_request_error",
                              "payment_method_microdeposit_verification_amounts_mismatch"));
    EXPECT_EQ(Intent(si.id()).status(), "requires_action");
  }
  EXPECT_THAT(VerifyCode(si.id(), "SM00XX"),
              StripeErrorIs("invalid_request_error",
                            "payment_method_microdeposit_verification_attempts_exceeded"));
  SetupIntent failed = Intent(si.id());
  EXPECT_EQ(failed.status(), "requires_payment_method");
  EXPECT_EQ(failed.last_setup_error().code(),
            "payment_method_microdeposit_verification_attempts_exceeded");
  EXPECT_FALSE(failed.has_payment_method());
  EXPECT_FALSE(failed.has_next_action());
  EXPECT_EQ(EventTypes().back(), "setup_intent.setup_failed");
}

TEST_F(MicrodepositsTest, AWrongDescriptorCodeIsAMismatch) {
  SetupIntent si = Waiting();
  EXPECT_THAT(VerifyCode(si.id(), "SM99ZZ"),
              StripeErrorIs("invalid_request_error",
                            "payment_method_microdeposit_verification_descriptor_code_mismatch"));
  ASSERT_THAT(VerifyCode(si.id(), "SM11AA"), IsOk());
  EXPECT_EQ(Intent(si.id()).status(), "succeeded");
}

TEST_F(MicrodepositsTest, TestValuesThatExceedTheAttemptsOrTimeOut) {
  SetupIntent exceeded = Waiting();
  EXPECT_THAT(Verify(exceeded.id(), {10, 11}),
              StripeErrorIs("invalid_request_error",
                            "payment_method_microdeposit_verification_attempts_exceeded"));
  EXPECT_EQ(Intent(exceeded.id()).status(), "requires_payment_method");
  SetupIntent exceeded_code = Waiting();
  EXPECT_THAT(VerifyCode(exceeded_code.id(), "SM33CC"),
              StripeErrorIs("invalid_request_error",
                            "payment_method_microdeposit_verification_attempts_exceeded"));
  SetupIntent timeout = Waiting();
  EXPECT_THAT(Verify(timeout.id(), {40, 41}),
              StripeErrorIs("invalid_request_error",
                            "payment_method_microdeposit_verification_timeout"));
  EXPECT_EQ(Intent(timeout.id()).last_setup_error().code(),
            "payment_method_microdeposit_verification_timeout");
  SetupIntent timeout_code = Waiting();
  EXPECT_THAT(VerifyCode(timeout_code.id(), "SM44DD"),
              StripeErrorIs("invalid_request_error",
                            "payment_method_microdeposit_verification_timeout"));
}

TEST_F(MicrodepositsTest, UnverifiedMicrodepositsTimeOutAfterTheWindow) {
  SetupIntent si = Waiting();
  clock_.Advance(kMicrodepositVerificationWindow - absl::Seconds(1));
  EXPECT_EQ(Intent(si.id()).status(), "requires_action");
  clock_.Advance(absl::Seconds(1));
  SetupIntent failed = Intent(si.id());
  EXPECT_EQ(failed.status(), "requires_payment_method");
  EXPECT_EQ(failed.last_setup_error().code(), "payment_method_microdeposit_verification_timeout");
  EXPECT_EQ(EventTypes().back(), "setup_intent.setup_failed");
  EXPECT_THAT(Verify(si.id(), {32, 45}),
              StripeErrorIs("invalid_request_error", "setup_intent_unexpected_state"));
}

TEST_F(MicrodepositsTest, VerifiedBeforeTheWindowEndsStaysSucceeded) {
  SetupIntent si = Waiting();
  clock_.Advance(kMicrodepositVerificationWindow - absl::Seconds(1));
  ASSERT_THAT(Verify(si.id(), {45, 32}), IsOk());
  clock_.Advance(absl::Seconds(1));
  EXPECT_EQ(Intent(si.id()).status(), "succeeded");
}

TEST_F(MicrodepositsTest, BadInputChangesNothing) {
  SetupIntent si = Waiting();
  const std::vector<std::string> before = EventTypes();
  EXPECT_THAT(Verify(si.id(), {}), StripeErrorWithParam("invalid_request_error", "parameter_missing", "amounts"));
  EXPECT_THAT(Verify(si.id(), {32}), StripeErrorWithParam("invalid_request_error", "", "amounts"));
  const std::string code = "SM11AA";
  EXPECT_THAT(Verify(si.id(), {32, 45}, &code), StripeErrorWithParam("invalid_request_error", "", "descriptor_code"));
  EXPECT_THAT(Confirmed("000123456789", "sometimes"),
              StripeErrorWithParam("invalid_request_error", "",
                                   "payment_method_options[us_bank_account][verification_method]"));
  EXPECT_EQ(EventTypes(), before);
  SetupIntent after = Intent(si.id());
  EXPECT_EQ(after.status(), "requires_action");
  // The answers refused above were not counted: two mismatches still leave one attempt.
  EXPECT_THAT(Verify(si.id(), {1, 2}),
              StripeErrorIs("invalid_request_error",
                            "payment_method_microdeposit_verification_amounts_mismatch"));
  EXPECT_THAT(Verify(si.id(), {1, 2}),
              StripeErrorIs("invalid_request_error",
                            "payment_method_microdeposit_verification_amounts_mismatch"));
  ASSERT_THAT(Verify(si.id(), {32, 45}), IsOk());
}

TEST_F(MicrodepositsTest, AnIntentNotWaitingForMicrodepositsIsRefused) {
  absl::StatusOr<SetupIntent> si = Confirmed("000123456789", "");
  ASSERT_THAT(si, IsOk());
  EXPECT_THAT(Verify(si->id(), {32, 45}),
              StripeErrorIs("invalid_request_error", "setup_intent_unexpected_state"));
}

TEST_F(MicrodepositsTest, TheFailingAccountStillFailsAtConfirm) {
  EXPECT_THAT(Confirmed("000666666661"),
              StripeErrorIs("invalid_request_error", "bank_account_verification_failed"));
}

TEST_F(MicrodepositsTest, CancelStopsTheWait) {
  SetupIntent si = Waiting();
  ASSERT_THAT(engine_.setup_intents().Cancel(si.id(), SetupIntentCancelParams()), IsOk());
  clock_.Advance(kMicrodepositVerificationWindow);
  EXPECT_EQ(Intent(si.id()).status(), "canceled");
}

}  // namespace
}  // namespace paysim
