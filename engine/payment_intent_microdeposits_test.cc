// Behaviour tests of microdeposit verification of ACH accounts on PaymentIntents: with
// payment_method_options[us_bank_account][verification_method]=microdeposits a confirmed
// payment waits in requires_action (verify_with_microdeposits) until Stripe's test amounts or
// descriptor code verify the account, and the debit then runs as any bank debit (processing,
// settled kBankDebitSettlementDelay later); wrong answers count until the attempts are
// exceeded; unverified microdeposits time out after kMicrodepositVerificationWindow (one second
// either side), failing the payment.
#include <memory>
#include <string>
#include <vector>

#include "engine/checkout_sessions.h"
#include "testing/paysim_testing.h"

namespace paysim {
namespace {

using ::paysim::testing::FakeClock;
using ::paysim::testing::IsOk;
using ::paysim::testing::StripeErrorIs;
using ::paysim::testing::StripeErrorWithParam;
using ::testing::Contains;
using ::testing::Not;
using ::testing::StartsWith;

constexpr char kSucceeds[] = "000123456789";

MandateDataParams Online() {
  MandateDataParams mandate;
  mandate.mutable_customer_acceptance()->set_type("online");
  mandate.mutable_customer_acceptance()->mutable_online()->set_ip_address("127.0.0.1");
  mandate.mutable_customer_acceptance()->mutable_online()->set_user_agent("Mozilla/5.0");
  return mandate;
}

template <typename Params>
void PayWithAccount(const std::string& account_number, Params* params) {
  PaymentMethodDataParams* data = params->mutable_payment_method_data();
  data->set_type("us_bank_account");
  data->mutable_us_bank_account()->set_account_number(account_number);
  data->mutable_us_bank_account()->set_routing_number("110000000");
  data->mutable_billing_details()->set_name("Jenny Rosen");
  *params->mutable_mandate_data() = Online();
}

class PaymentIntentMicrodepositsTest : public ::testing::Test {
 protected:
  // A PaymentIntent of $10 confirmed with the ACH test account `account_number`, verified by
  // microdeposits unless `method` says otherwise ("" none given).
  absl::StatusOr<PaymentIntent> Confirmed(const std::string& account_number,
                                          const std::string& method = "microdeposits") {
    PaymentIntentCreateParams params;
    params.set_amount(1000);
    params.set_currency("usd");
    params.add_payment_method_types("us_bank_account");
    PayWithAccount(account_number, &params);
    if (!method.empty()) {
      params.mutable_payment_method_options()->mutable_us_bank_account()->set_verification_method(
          method);
    }
    params.set_confirm(true);
    return engine_.payment_intents().Create(params);
  }

  PaymentIntent Waiting(const std::string& account_number = kSucceeds) {
    absl::StatusOr<PaymentIntent> pi = Confirmed(account_number);
    EXPECT_THAT(pi, IsOk());
    EXPECT_EQ(pi.value_or(PaymentIntent()).status(), "requires_action");
    return pi.value_or(PaymentIntent());
  }

  absl::StatusOr<PaymentIntent> Verify(const std::string& id, std::vector<int64_t> amounts,
                                       const std::string* code = nullptr) {
    VerifyMicrodepositsParams params;
    for (int64_t amount : amounts) params.add_amounts(amount);
    if (code != nullptr) params.set_descriptor_code(*code);
    return engine_.payment_intents().VerifyMicrodeposits(id, params);
  }
  absl::StatusOr<PaymentIntent> VerifyCode(const std::string& id, const std::string& code) {
    return Verify(id, {}, &code);
  }

  PaymentIntent Intent(const std::string& id) {
    return engine_.payment_intents().Retrieve(id).value_or(PaymentIntent());
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

  // The intent failed its microdeposits with `code`: requires_payment_method, nothing charged.
  void ExpectFailed(const std::string& id, const std::string& code) {
    PaymentIntent failed = Intent(id);
    EXPECT_EQ(failed.status(), "requires_payment_method");
    EXPECT_EQ(failed.last_payment_error().code(), code);
    EXPECT_FALSE(failed.has_payment_method());
    EXPECT_FALSE(failed.has_next_action());
    EXPECT_FALSE(failed.has_latest_charge());
    EXPECT_EQ(EventTypes().back(), "payment_intent.payment_failed");
  }

  FakeClock clock_;
  Engine engine_{{.clock = &clock_, .seed = 42}};
};

TEST_F(PaymentIntentMicrodepositsTest, WithoutTheOptionTheDebitIsSubmittedAtOnce) {
  absl::StatusOr<PaymentIntent> automatic = Confirmed(kSucceeds, "automatic");
  ASSERT_THAT(automatic, IsOk());
  EXPECT_EQ(automatic->status(), "processing");
  EXPECT_EQ(automatic->payment_method_options().us_bank_account().verification_method(),
            "automatic");
  absl::StatusOr<PaymentIntent> none = Confirmed(kSucceeds, "");
  ASSERT_THAT(none, IsOk());
  EXPECT_EQ(none->status(), "processing");
  EXPECT_FALSE(none->payment_method_options().has_us_bank_account());
}

TEST_F(PaymentIntentMicrodepositsTest, ConfirmWaitsForMicrodeposits) {
  PaymentIntent pi = Waiting();
  EXPECT_EQ(pi.next_action().type(), "verify_with_microdeposits");
  const VerifyWithMicrodeposits& verify = pi.next_action().verify_with_microdeposits();
  EXPECT_EQ(verify.microdeposit_type(), "descriptor_code");
  EXPECT_EQ(verify.arrival_date(), absl::ToUnixSeconds(clock_.Now() + kMicrodepositArrivalDelay));
  EXPECT_THAT(verify.hosted_verification_url(), StartsWith("https://"));
  EXPECT_EQ(pi.payment_method_options().us_bank_account().verification_method(), "microdeposits");
  EXPECT_THAT(pi.payment_method(), StartsWith("pm_"));
  EXPECT_FALSE(pi.has_latest_charge());
  EXPECT_EQ(EventTypes().back(), "payment_intent.requires_action");
  EXPECT_THAT(EventTypes(), Not(Contains("charge.pending")));
}

TEST_F(PaymentIntentMicrodepositsTest, TestAmountsVerifyAndTheDebitSettles) {
  PaymentIntent pi = Waiting();
  absl::StatusOr<PaymentIntent> verified = Verify(pi.id(), {32, 45});
  ASSERT_THAT(verified, IsOk());
  EXPECT_EQ(verified->status(), "processing");
  EXPECT_FALSE(verified->has_next_action());
  EXPECT_EQ(verified->payment_method(), pi.payment_method());
  absl::StatusOr<Charge> charge = engine_.charges().Retrieve(verified->latest_charge());
  ASSERT_THAT(charge, IsOk());
  EXPECT_EQ(charge->status(), "pending");
  // The mandate the customer accepted at confirmation is made with the debit.
  const std::string mandate_id = charge->payment_method_details().us_bank_account().mandate();
  ASSERT_THAT(mandate_id, StartsWith("mandate_"));
  absl::StatusOr<Mandate> mandate = engine_.mandates().Retrieve(mandate_id);
  ASSERT_THAT(mandate, IsOk());
  EXPECT_EQ(mandate->payment_method(), pi.payment_method());
  EXPECT_EQ(EventTypes().back(), "payment_intent.processing");
  EXPECT_THAT(EventTypes(), Contains("charge.pending"));

  clock_.Advance(kBankDebitSettlementDelay - absl::Seconds(1));
  EXPECT_EQ(Intent(pi.id()).status(), "processing");
  clock_.Advance(absl::Seconds(1));
  PaymentIntent settled = Intent(pi.id());
  EXPECT_EQ(settled.status(), "succeeded");
  EXPECT_EQ(settled.amount_received(), 1000);
  EXPECT_THAT(EventTypes(), Contains("payment_intent.succeeded"));
  EXPECT_EQ(EventTypes().back(), "mandate.updated");  // its single-use mandate used
  EXPECT_THAT(EventTypes(), Contains("charge.succeeded"));
}

TEST_F(PaymentIntentMicrodepositsTest, TestDescriptorCodeVerifies) {
  PaymentIntent pi = Waiting();
  absl::StatusOr<PaymentIntent> verified = VerifyCode(pi.id(), "SM11AA");
  ASSERT_THAT(verified, IsOk());
  EXPECT_EQ(verified->status(), "processing");
}

TEST_F(PaymentIntentMicrodepositsTest, AMismatchThenTheRightAnswer) {
  PaymentIntent pi = Waiting();
  EXPECT_THAT(Verify(pi.id(), {1, 2}),
              StripeErrorIs("invalid_request_error",
                            "payment_method_microdeposit_verification_amounts_mismatch"));
  EXPECT_THAT(VerifyCode(pi.id(), "SM99ZZ"),
              StripeErrorIs("invalid_request_error",
                            "payment_method_microdeposit_verification_descriptor_code_mismatch"));
  PaymentIntent still = Intent(pi.id());
  EXPECT_EQ(still.status(), "requires_action");
  EXPECT_FALSE(still.has_last_payment_error());
  ASSERT_THAT(Verify(pi.id(), {45, 32}), IsOk());
  EXPECT_EQ(Intent(pi.id()).status(), "processing");
}

TEST_F(PaymentIntentMicrodepositsTest, WrongAnswersCountUntilTheAttemptsAreExceeded) {
  PaymentIntent pi = Waiting();
  for (int attempt = 1; attempt < kMicrodepositAttempts; ++attempt) {
    EXPECT_THAT(Verify(pi.id(), {1, 2}),
                StripeErrorIs("invalid_request_error",
                              "payment_method_microdeposit_verification_amounts_mismatch"));
    EXPECT_EQ(Intent(pi.id()).status(), "requires_action");
  }
  EXPECT_THAT(VerifyCode(pi.id(), "SM00XX"),
              StripeErrorIs("invalid_request_error",
                            "payment_method_microdeposit_verification_attempts_exceeded"));
  ExpectFailed(pi.id(), "payment_method_microdeposit_verification_attempts_exceeded");
}

TEST_F(PaymentIntentMicrodepositsTest, TestValuesThatExceedTheAttemptsOrTimeOut) {
  PaymentIntent exceeded = Waiting();
  EXPECT_THAT(Verify(exceeded.id(), {10, 11}),
              StripeErrorIs("invalid_request_error",
                            "payment_method_microdeposit_verification_attempts_exceeded"));
  ExpectFailed(exceeded.id(), "payment_method_microdeposit_verification_attempts_exceeded");
  PaymentIntent exceeded_code = Waiting();
  EXPECT_THAT(VerifyCode(exceeded_code.id(), "SM33CC"),
              StripeErrorIs("invalid_request_error",
                            "payment_method_microdeposit_verification_attempts_exceeded"));
  PaymentIntent timeout = Waiting();
  EXPECT_THAT(Verify(timeout.id(), {40, 41}),
              StripeErrorIs("invalid_request_error",
                            "payment_method_microdeposit_verification_timeout"));
  ExpectFailed(timeout.id(), "payment_method_microdeposit_verification_timeout");
  PaymentIntent timeout_code = Waiting();
  EXPECT_THAT(VerifyCode(timeout_code.id(), "SM44DD"),
              StripeErrorIs("invalid_request_error",
                            "payment_method_microdeposit_verification_timeout"));
}

TEST_F(PaymentIntentMicrodepositsTest, UnverifiedMicrodepositsTimeOutAfterTheWindow) {
  PaymentIntent pi = Waiting();
  clock_.Advance(kMicrodepositVerificationWindow - absl::Seconds(1));
  EXPECT_EQ(Intent(pi.id()).status(), "requires_action");
  clock_.Advance(absl::Seconds(1));
  ExpectFailed(pi.id(), "payment_method_microdeposit_verification_timeout");
  EXPECT_THAT(Verify(pi.id(), {32, 45}),
              StripeErrorIs("invalid_request_error", "payment_intent_unexpected_state"));
}

TEST_F(PaymentIntentMicrodepositsTest, VerifiedBeforeTheWindowEndsIsNotTimedOut) {
  PaymentIntent pi = Waiting();
  clock_.Advance(kMicrodepositVerificationWindow - absl::Seconds(1));
  ASSERT_THAT(Verify(pi.id(), {32, 45}), IsOk());
  clock_.Advance(absl::Seconds(1));
  EXPECT_EQ(Intent(pi.id()).status(), "processing");
  clock_.Advance(kBankDebitSettlementDelay);
  EXPECT_EQ(Intent(pi.id()).status(), "succeeded");
}

TEST_F(PaymentIntentMicrodepositsTest, BadInputChangesNothing) {
  PaymentIntent pi = Waiting();
  const std::vector<std::string> before = EventTypes();
  EXPECT_THAT(Verify(pi.id(), {}),
              StripeErrorWithParam("invalid_request_error", "parameter_missing", "amounts"));
  EXPECT_THAT(Verify(pi.id(), {32}), StripeErrorWithParam("invalid_request_error", "", "amounts"));
  EXPECT_THAT(Verify(pi.id(), {32, 45, 1}),
              StripeErrorWithParam("invalid_request_error", "", "amounts"));
  const std::string code = "SM11AA";
  EXPECT_THAT(Verify(pi.id(), {32, 45}, &code),
              StripeErrorWithParam("invalid_request_error", "", "descriptor_code"));
  EXPECT_THAT(Confirmed(kSucceeds, "sometimes"),
              StripeErrorWithParam("invalid_request_error", "",
                                   "payment_method_options[us_bank_account][verification_method]"));
  EXPECT_EQ(EventTypes(), before);
  PaymentIntent after = Intent(pi.id());
  EXPECT_EQ(after.status(), "requires_action");
  EXPECT_EQ(after.next_action().type(), "verify_with_microdeposits");
  // The answers refused above were not counted: two mismatches still leave one attempt.
  for (int i = 0; i < 2; ++i) {
    EXPECT_THAT(Verify(pi.id(), {1, 2}),
                StripeErrorIs("invalid_request_error",
                              "payment_method_microdeposit_verification_amounts_mismatch"));
  }
  ASSERT_THAT(Verify(pi.id(), {32, 45}), IsOk());
}

TEST_F(PaymentIntentMicrodepositsTest, AnIntentNotWaitingForMicrodepositsIsRefused) {
  absl::StatusOr<PaymentIntent> processing = Confirmed(kSucceeds, "");
  ASSERT_THAT(processing, IsOk());
  EXPECT_THAT(Verify(processing->id(), {32, 45}),
              StripeErrorIs("invalid_request_error", "payment_intent_unexpected_state"));
  EXPECT_EQ(Intent(processing->id()).status(), "processing");

  PaymentIntentCreateParams params;
  params.set_amount(1000);
  params.set_currency("usd");
  absl::StatusOr<PaymentIntent> fresh = engine_.payment_intents().Create(params);
  ASSERT_THAT(fresh, IsOk());
  EXPECT_THAT(VerifyCode(fresh->id(), "SM11AA"),
              StripeErrorIs("invalid_request_error", "payment_intent_unexpected_state"));
  EXPECT_EQ(Intent(fresh->id()).status(), "requires_payment_method");
}

TEST_F(PaymentIntentMicrodepositsTest, TheOptionOnConfirm) {
  PaymentIntentCreateParams create;
  create.set_amount(1000);
  create.set_currency("usd");
  create.add_payment_method_types("us_bank_account");
  absl::StatusOr<PaymentIntent> pi = engine_.payment_intents().Create(create);
  ASSERT_THAT(pi, IsOk());
  PaymentIntentConfirmParams confirm;
  PayWithAccount(kSucceeds, &confirm);
  confirm.mutable_payment_method_options()->mutable_us_bank_account()->set_verification_method(
      "microdeposits");
  absl::StatusOr<PaymentIntent> waiting = engine_.payment_intents().Confirm(pi->id(), confirm);
  ASSERT_THAT(waiting, IsOk());
  EXPECT_EQ(waiting->status(), "requires_action");
  EXPECT_EQ(waiting->payment_method_options().us_bank_account().verification_method(),
            "microdeposits");
  ASSERT_THAT(VerifyCode(pi->id(), "SM11AA"), IsOk());
  EXPECT_EQ(Intent(pi->id()).status(), "processing");
}

TEST_F(PaymentIntentMicrodepositsTest, TheFailingAccountFailsAtConfirm) {
  EXPECT_THAT(Confirmed("000666666661"),
              StripeErrorIs("invalid_request_error", "bank_account_verification_failed"));
}

TEST_F(PaymentIntentMicrodepositsTest, ABlockedAccountIsRefusedWhenVerified) {
  PaymentIntent pi = Waiting("000000004954");
  EXPECT_THAT(Verify(pi.id(), {32, 45}),
              StripeErrorIs("invalid_request_error", "payment_method_bank_account_blocked"));
  PaymentIntent refused = Intent(pi.id());
  EXPECT_EQ(refused.status(), "requires_payment_method");
  EXPECT_EQ(refused.last_payment_error().code(), "payment_method_bank_account_blocked");
}

TEST_F(PaymentIntentMicrodepositsTest, CancelStopsTheWait) {
  PaymentIntent pi = Waiting();
  ASSERT_THAT(engine_.payment_intents().Cancel(pi.id(), PaymentIntentCancelParams()), IsOk());
  clock_.Advance(kMicrodepositVerificationWindow);
  PaymentIntent canceled = Intent(pi.id());
  EXPECT_EQ(canceled.status(), "canceled");
  EXPECT_EQ(EventTypes().back(), "payment_intent.canceled");
}

TEST_F(PaymentIntentMicrodepositsTest, AWaitingIntentRestoredFromASnapshotStillTimesOut) {
  PaymentIntent pi = Waiting();
  clock_.Advance(absl::Hours(24));
  absl::StatusOr<EngineSnapshot> snapshot = engine_.Snapshot();
  ASSERT_THAT(snapshot, IsOk());
  FakeClock restored_clock(clock_.Now());
  absl::StatusOr<std::unique_ptr<Engine>> restored =
      Engine::Restore(*snapshot, {.clock = &restored_clock});
  ASSERT_THAT(restored, IsOk());
  restored_clock.Advance(kMicrodepositVerificationWindow - absl::Hours(24) - absl::Seconds(1));
  EXPECT_EQ((*restored)->payment_intents().Retrieve(pi.id())->status(), "requires_action");
  restored_clock.Advance(absl::Seconds(1));
  absl::StatusOr<PaymentIntent> failed = (*restored)->payment_intents().Retrieve(pi.id());
  ASSERT_THAT(failed, IsOk());
  EXPECT_EQ(failed->status(), "requires_payment_method");
  EXPECT_EQ(failed->last_payment_error().code(),
            "payment_method_microdeposit_verification_timeout");
}

}  // namespace
}  // namespace paysim
