// A Checkout Session's consent_collection (what the page asks the customer to agree to) and
// consent (what the customer agreed to, once the session completes), and the session's
// payment_method_options.
#include <string>

#include "testing/checkout_fixture.h"

namespace paysim {
namespace {

using ::paysim::testing::HttpStatusIs;
using ::paysim::testing::IsOk;
using ::paysim::testing::ParseParams;
using ::paysim::testing::StripeErrorWithParam;

class CheckoutConsentTest : public testing::CheckoutFixture {
 protected:
  CheckoutSessionCreateParams WithConsent(absl::string_view consent_collection) {
    CheckoutSessionCreateParams params = SessionParams(NewPrice(2000));
    *params.mutable_consent_collection() =
        ParseParams<CheckoutConsentCollectionParams>(consent_collection);
    return params;
  }
};

TEST_F(CheckoutConsentTest, WithoutConsentCollectionBothAreNull) {
  absl::StatusOr<CheckoutSession> session =
      engine_.checkout_sessions().Create(SessionParams(NewPrice(2000)));
  ASSERT_THAT(session, IsOk());
  EXPECT_FALSE(session->has_consent_collection());
  ASSERT_THAT(Pay(session->id(), "pm_card_visa"), IsOk());
  absl::StatusOr<CheckoutSession> completed = engine_.checkout_sessions().Retrieve(session->id());
  ASSERT_THAT(completed, IsOk());
  EXPECT_FALSE(completed->has_consent());
}

TEST_F(CheckoutConsentTest, RequiredTermsOfServiceAreAcceptedOnCompletion) {
  absl::StatusOr<CheckoutSession> session = engine_.checkout_sessions().Create(WithConsent(
      "terms_of_service: \"required\" promotions: \"auto\" "
      "payment_method_reuse_agreement { position: \"hidden\" }"));
  ASSERT_THAT(session, IsOk());
  EXPECT_EQ(session->consent_collection().terms_of_service(), "required");
  EXPECT_EQ(session->consent_collection().promotions(), "auto");
  EXPECT_EQ(session->consent_collection().payment_method_reuse_agreement().position(), "hidden");
  EXPECT_FALSE(session->has_consent());  // nothing agreed to while open

  ASSERT_THAT(Pay(session->id(), "pm_card_visa"), IsOk());
  absl::StatusOr<CheckoutSession> completed = engine_.checkout_sessions().Retrieve(session->id());
  ASSERT_THAT(completed, IsOk());
  ASSERT_TRUE(completed->has_consent());
  EXPECT_EQ(completed->consent().terms_of_service(), "accepted");
  EXPECT_FALSE(completed->consent().has_promotions());  // the page asks no promotions question
}

TEST_F(CheckoutConsentTest, TermsOfServiceNoneCollectsNothing) {
  absl::StatusOr<CheckoutSession> session =
      engine_.checkout_sessions().Create(WithConsent("terms_of_service: \"none\""));
  ASSERT_THAT(session, IsOk());
  EXPECT_FALSE(session->consent_collection().has_payment_method_reuse_agreement());
  ASSERT_THAT(Pay(session->id(), "pm_card_visa"), IsOk());
  absl::StatusOr<CheckoutSession> completed = engine_.checkout_sessions().Retrieve(session->id());
  ASSERT_THAT(completed, IsOk());
  EXPECT_FALSE(completed->has_consent());
}

TEST_F(CheckoutConsentTest, AnExpiredSessionAgreedToNothing) {
  absl::StatusOr<CheckoutSession> session =
      engine_.checkout_sessions().Create(WithConsent("terms_of_service: \"required\""));
  ASSERT_THAT(session, IsOk());
  ASSERT_THAT(engine_.checkout_sessions().Expire(session->id()), IsOk());
  absl::StatusOr<CheckoutSession> expired = engine_.checkout_sessions().Retrieve(session->id());
  ASSERT_THAT(expired, IsOk());
  EXPECT_EQ(expired->status(), "expired");
  EXPECT_FALSE(expired->has_consent());
}

TEST_F(CheckoutConsentTest, BadValuesAreRefusedAndNothingIsCreated) {
  const size_t before = SessionCount();
  EXPECT_THAT(engine_.checkout_sessions().Create(WithConsent("terms_of_service: \"yes\"")),
              StripeErrorWithParam("invalid_request_error", "",
                                   "consent_collection[terms_of_service]"));
  EXPECT_THAT(engine_.checkout_sessions().Create(WithConsent("promotions: \"always\"")),
              StripeErrorWithParam("invalid_request_error", "", "consent_collection[promotions]"));
  EXPECT_THAT(
      engine_.checkout_sessions().Create(
          WithConsent("payment_method_reuse_agreement { position: \"top\" }")),
      StripeErrorWithParam("invalid_request_error", "",
                           "consent_collection[payment_method_reuse_agreement][position]"));
  absl::StatusOr<CheckoutSession> missing = engine_.checkout_sessions().Create(
      WithConsent("payment_method_reuse_agreement { }"));
  EXPECT_THAT(missing, StripeErrorWithParam(
                           "invalid_request_error", "parameter_missing",
                           "consent_collection[payment_method_reuse_agreement][position]"));
  EXPECT_THAT(missing, HttpStatusIs(400));
  EXPECT_EQ(SessionCount(), before);
}

TEST_F(CheckoutConsentTest, PaymentMethodOptionsNameTheCardWhenTheSessionTakesCards) {
  absl::StatusOr<CheckoutSession> card =
      engine_.checkout_sessions().Create(SessionParams(NewPrice(2000)));
  ASSERT_THAT(card, IsOk());
  ASSERT_TRUE(card->has_payment_method_options());
  EXPECT_EQ(card->payment_method_options().card().request_three_d_secure(), "automatic");

  CheckoutSessionCreateParams sepa = SessionParams(NewPrice(2000, "eur"));
  sepa.add_payment_method_types("sepa_debit");
  absl::StatusOr<CheckoutSession> debit = engine_.checkout_sessions().Create(sepa);
  ASSERT_THAT(debit, IsOk());
  ASSERT_TRUE(debit->has_payment_method_options());
  EXPECT_FALSE(debit->payment_method_options().has_card());
}

}  // namespace
}  // namespace paysim
