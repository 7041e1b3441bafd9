// Checkout paid from the ACH test account whose microdeposits fail: the session completes
// without the money and the payment fails later (payment_method_microdeposit_failed,
// checkout.session.async_payment_failed), one second either side of the settlement; in setup
// mode the account is refused at once.
#include <string>
#include <vector>

#include "testing/checkout_fixture.h"

namespace paysim {
namespace {

using ::paysim::testing::HttpStatusIs;
using ::paysim::testing::IsOk;
using ::testing::ElementsAre;

class CheckoutAchMicrodepositsTest : public testing::CheckoutFixture {
 protected:
  CheckoutAchMicrodepositsTest() {
    engine_.events().Subscribe({"*"}, [this](const Event& e) { types_.push_back(e.type()); });
  }
  std::vector<std::string> types_;
};

TEST_F(CheckoutAchMicrodepositsTest, TheSessionCompletesAndThePaymentFailsLater) {
  CheckoutSessionCreateParams params = SessionParams(NewPrice(5000));
  params.add_payment_method_types("us_bank_account");
  absl::StatusOr<CheckoutSession> session = engine_.checkout_sessions().Create(params);
  ASSERT_THAT(session, IsOk());
  absl::StatusOr<CheckoutPage> page =
      Pay(session->id(), "pm_usBankAccount_failMicrodeposits", "name: \"Jenny Rosen\"");
  ASSERT_THAT(page, IsOk());
  EXPECT_EQ(page->status(), "complete");
  absl::StatusOr<CheckoutSession> completed = engine_.checkout_sessions().Retrieve(session->id());
  ASSERT_THAT(completed, IsOk());
  EXPECT_EQ(completed->payment_status(), "unpaid");

  const size_t mark = types_.size();
  clock_.Advance(kBankDebitSettlementDelay - absl::Seconds(1));
  absl::StatusOr<PaymentIntent> pi =
      engine_.payment_intents().Retrieve(completed->payment_intent());
  ASSERT_THAT(pi, IsOk());
  EXPECT_EQ(pi->status(), "processing");
  EXPECT_EQ(types_.size(), mark);
  clock_.Advance(absl::Seconds(1));
  pi = engine_.payment_intents().Retrieve(completed->payment_intent());
  ASSERT_THAT(pi, IsOk());
  EXPECT_EQ(pi->status(), "requires_payment_method");
  EXPECT_EQ(pi->last_payment_error().code(), "payment_method_microdeposit_failed");
  EXPECT_EQ(std::vector<std::string>(types_.begin() + mark, types_.end()),
            std::vector<std::string>({"charge.failed", "payment_intent.payment_failed",
                                      "mandate.updated", "checkout.session.async_payment_failed"}));
}

TEST_F(CheckoutAchMicrodepositsTest, SetupModeRefusesTheAccountAtOnce) {
  CheckoutSessionCreateParams params;
  params.set_mode("setup");
  params.set_currency("usd");
  params.set_success_url("https://example.com/success");
  params.add_payment_method_types("us_bank_account");
  absl::StatusOr<CheckoutSession> session = engine_.checkout_sessions().Create(params);
  ASSERT_THAT(session, IsOk());
  const size_t mark = types_.size();
  EXPECT_THAT(Pay(session->id(), "pm_usBankAccount_failMicrodeposits", "name: \"Jenny Rosen\""),
              HttpStatusIs(400));
  EXPECT_EQ(types_.size(), mark);
}

}  // namespace
}  // namespace paysim
