// Behaviour of Tokens: card checks, the embedded card, single use, expiry, idempotency.
#include <string>

#include "engine/card_catalog.h"
#include "engine/request_options.h"
#include "testing/paysim_testing.h"

namespace paysim {
namespace {

using ::paysim::testing::FakeClock;
using ::paysim::testing::HttpStatusIs;
using ::paysim::testing::IsOk;
using ::paysim::testing::ParseParams;
using ::paysim::testing::StatusIs;
using ::paysim::testing::StripeErrorIs;
using ::paysim::testing::StripeErrorWithParam;
using ::testing::Eq;
using ::testing::MatchesRegex;

constexpr int64_t kStart = 1767225600;  // FakeClock's default: 2026-01-01T00:00:00Z

TokenCreateParams TokenParams(absl::string_view number, int exp_month = 12, int exp_year = 2030,
                       absl::string_view cvc = "") {
  TokenCreateParams params;
  params.mutable_card()->set_number(std::string(number));
  params.mutable_card()->set_exp_month(exp_month);
  params.mutable_card()->set_exp_year(exp_year);
  if (!cvc.empty()) params.mutable_card()->set_cvc(std::string(cvc));
  return params;
}

ChargeCreateParams ChargeWith(absl::string_view source) {
  ChargeCreateParams params;
  params.set_amount(1000);
  params.set_currency("usd");
  params.set_source(std::string(source));
  return params;
}

class TokensTest : public ::testing::Test {
 protected:
  FakeClock clock_;
  Engine engine_{{.clock = &clock_, .seed = 7}};
};

// ---- create ----

TEST_F(TokensTest, CreateFromCardDetailsEmbedsTheCard) {
  absl::StatusOr<Token> token = engine_.tokens().Create(TokenParams("4242424242424242", 9, 2027, "314"));
  ASSERT_THAT(token, IsOk());
  EXPECT_THAT(token->id(), MatchesRegex("tok_[0-9A-Za-z]{24}"));
  EXPECT_EQ(token->object(), "token");
  EXPECT_EQ(token->type(), "card");
  EXPECT_EQ(token->created(), kStart);
  EXPECT_FALSE(token->livemode());
  EXPECT_FALSE(token->used());
  EXPECT_FALSE(token->has_client_ip());

  const Card& card = token->card();
  EXPECT_THAT(card.id(), MatchesRegex("card_[0-9A-Za-z]{24}"));
  EXPECT_EQ(card.object(), "card");
  EXPECT_EQ(card.brand(), "Visa");
  EXPECT_EQ(card.last4(), "4242");
  EXPECT_EQ(card.exp_month(), 9);
  EXPECT_EQ(card.exp_year(), 2027);
  EXPECT_EQ(card.funding(), "credit");
  EXPECT_EQ(card.country(), "US");
  EXPECT_EQ(card.cvc_check(), "unchecked");
  EXPECT_EQ(card.fingerprint(), CardFingerprint("4242424242424242"));
  EXPECT_EQ(card.fingerprint().size(), 16u);
  EXPECT_FALSE(card.has_customer());
  EXPECT_FALSE(card.has_name());
  EXPECT_FALSE(card.has_address_line1_check());
  EXPECT_FALSE(card.has_address_zip_check());
}

TEST_F(TokensTest, CvcCheckIsNullWithoutACvc) {
  absl::StatusOr<Token> token = engine_.tokens().Create(TokenParams("4242424242424242"));
  ASSERT_THAT(token, IsOk());
  EXPECT_FALSE(token->card().has_cvc_check());
}

TEST_F(TokensTest, BrandFundingAndCountryFollowTheTestCard) {
  absl::StatusOr<Token> mastercard =
      engine_.tokens().Create(TokenParams("5105105105105100", 1, 2031, "123"));
  ASSERT_THAT(mastercard, IsOk());
  EXPECT_EQ(mastercard->card().brand(), "MasterCard");
  EXPECT_EQ(mastercard->card().funding(), "prepaid");
  EXPECT_EQ(mastercard->card().last4(), "5100");

  absl::StatusOr<Token> jcb = engine_.tokens().Create(TokenParams("3566002020360505"));
  ASSERT_THAT(jcb, IsOk());
  EXPECT_EQ(jcb->card().brand(), "JCB");
  EXPECT_EQ(jcb->card().country(), "JP");
}

TEST_F(TokensTest, FingerprintIsStablePerNumber) {
  absl::StatusOr<Token> first = engine_.tokens().Create(TokenParams("4242424242424242", 1, 2030));
  absl::StatusOr<Token> second = engine_.tokens().Create(TokenParams("4242424242424242", 5, 2033, "999"));
  absl::StatusOr<Token> other = engine_.tokens().Create(TokenParams("5555555555554444"));
  FakeClock other_clock;
  Engine other_engine({.clock = &other_clock, .seed = 99});
  absl::StatusOr<Token> elsewhere = other_engine.tokens().Create(TokenParams("4242424242424242"));
  ASSERT_THAT(first, IsOk());
  ASSERT_THAT(second, IsOk());
  ASSERT_THAT(other, IsOk());
  ASSERT_THAT(elsewhere, IsOk());
  EXPECT_EQ(first->card().fingerprint(), second->card().fingerprint());
  EXPECT_EQ(first->card().fingerprint(), elsewhere->card().fingerprint());
  EXPECT_NE(first->card().fingerprint(), other->card().fingerprint());
  EXPECT_NE(first->card().id(), second->card().id());
}

TEST_F(TokensTest, NameAndAddressAreKeptWithUncheckedChecks) {
  TokenCreateParams params = ParseParams<TokenCreateParams>(R"pb(
    card {
      number: "4242 4242 4242 4242"
      exp_month: 3
      exp_year: 2029
      name: "Jenny Rosen"
      address_line1: "1 Main St"
      address_city: "Springfield"
      address_zip: "12345"
      address_country: "US"
    })pb");
  absl::StatusOr<Token> token = engine_.tokens().Create(params);
  ASSERT_THAT(token, IsOk());
  EXPECT_EQ(token->card().name(), "Jenny Rosen");
  EXPECT_EQ(token->card().address_line1(), "1 Main St");
  EXPECT_EQ(token->card().address_line1_check(), "unchecked");
  EXPECT_EQ(token->card().address_city(), "Springfield");
  EXPECT_EQ(token->card().address_zip(), "12345");
  EXPECT_EQ(token->card().address_zip_check(), "unchecked");
  EXPECT_EQ(token->card().address_country(), "US");
  EXPECT_FALSE(token->card().has_address_line2());
  EXPECT_EQ(token->card().last4(), "4242");
}

TEST_F(TokensTest, TwoDigitExpiryYearMeansThisCentury) {
  absl::StatusOr<Token> token = engine_.tokens().Create(TokenParams("4242424242424242", 6, 30));
  ASSERT_THAT(token, IsOk());
  EXPECT_EQ(token->card().exp_year(), 2030);
}

TEST_F(TokensTest, CreateSchedulesNoEventsAndOneExpiryTimer) {
  ASSERT_THAT(engine_.tokens().Create(TokenParams("4242424242424242")), IsOk());
  EXPECT_EQ(engine_.events().size(), 0u);
  EXPECT_EQ(engine_.pending_timers(), 1u);
}

// ---- validation ----

TEST_F(TokensTest, MissingCardIsParameterMissing) {
  absl::StatusOr<Token> token = engine_.tokens().Create(TokenCreateParams());
  EXPECT_THAT(token, StripeErrorWithParam("invalid_request_error", "parameter_missing", "card"));
  EXPECT_THAT(token, HttpStatusIs(400));
  EXPECT_THAT(token, StatusIs(absl::StatusCode::kInvalidArgument, "Missing required param: card."));
}

TEST_F(TokensTest, MissingNumberIsParameterMissing) {
  TokenCreateParams params = TokenParams("4242424242424242");
  params.mutable_card()->clear_number();
  absl::StatusOr<Token> token = engine_.tokens().Create(params);
  EXPECT_THAT(token,
              StripeErrorWithParam("invalid_request_error", "parameter_missing", "card[number]"));
  EXPECT_THAT(token, HttpStatusIs(400));
}

TEST_F(TokensTest, MissingExpMonthIsParameterMissing) {
  TokenCreateParams params = TokenParams("4242424242424242");
  params.mutable_card()->clear_exp_month();
  absl::StatusOr<Token> token = engine_.tokens().Create(params);
  EXPECT_THAT(token,
              StripeErrorWithParam("invalid_request_error", "parameter_missing", "card[exp_month]"));
  EXPECT_THAT(token, HttpStatusIs(400));
}

TEST_F(TokensTest, MissingExpYearIsParameterMissing) {
  TokenCreateParams params = TokenParams("4242424242424242");
  params.mutable_card()->clear_exp_year();
  absl::StatusOr<Token> token = engine_.tokens().Create(params);
  EXPECT_THAT(token,
              StripeErrorWithParam("invalid_request_error", "parameter_missing", "card[exp_year]"));
  EXPECT_THAT(token, HttpStatusIs(400));
}

TEST_F(TokensTest, LuhnFailureIsIncorrectNumber) {
  absl::StatusOr<Token> token = engine_.tokens().Create(TokenParams("4242424242424241"));
  EXPECT_THAT(token, StripeErrorWithParam("card_error", "incorrect_number", "number"));
  EXPECT_THAT(token, HttpStatusIs(402));
  EXPECT_THAT(token, StatusIs(absl::StatusCode::kFailedPrecondition,
                              "Your card number is incorrect."));
}

TEST_F(TokensTest, NonDigitsAndShortNumbersAreIncorrectNumbers) {
  EXPECT_THAT(engine_.tokens().Create(TokenParams("4242x24242424242")),
              StripeErrorIs("card_error", "incorrect_number"));
  EXPECT_THAT(engine_.tokens().Create(TokenParams("42")), StripeErrorIs("card_error", "incorrect_number"));
  EXPECT_THAT(engine_.tokens().Create(TokenParams("")), StripeErrorIs("card_error", "incorrect_number"));
}

TEST_F(TokensTest, RealCardNumberIsDeclinedAsLiveModeTestCard) {
  absl::StatusOr<Token> token = engine_.tokens().Create(TokenParams("4111111111111111"));
  EXPECT_THAT(token, StripeErrorIs("card_error", "card_declined", "live_mode_test_card"));
  EXPECT_THAT(token, HttpStatusIs(402));
}

TEST_F(TokensTest, MonthThirteenIsInvalidExpiryMonth) {
  absl::StatusOr<Token> token = engine_.tokens().Create(TokenParams("4242424242424242", 13, 2030));
  EXPECT_THAT(token, StripeErrorWithParam("card_error", "invalid_expiry_month", "exp_month"));
  EXPECT_THAT(token, HttpStatusIs(402));
  EXPECT_THAT(engine_.tokens().Create(TokenParams("4242424242424242", 0, 2030)),
              StripeErrorIs("card_error", "invalid_expiry_month"));
}

TEST_F(TokensTest, PastYearIsInvalidExpiryYear) {
  absl::StatusOr<Token> token = engine_.tokens().Create(TokenParams("4242424242424242", 12, 2025));
  EXPECT_THAT(token, StripeErrorWithParam("card_error", "invalid_expiry_year", "exp_year"));
  EXPECT_THAT(token, HttpStatusIs(402));
}

TEST_F(TokensTest, TwoDigitYearNinetyFiveIsInvalidExpiryYear) {
  EXPECT_THAT(engine_.tokens().Create(TokenParams("4242424242424242", 12, 95)),
              StripeErrorIs("card_error", "invalid_expiry_year"));
}

TEST(TokenExpiryDateTest, CardIsValidThroughItsExpiryMonth) {
  FakeClock clock(absl::FromCivil(absl::CivilSecond(2026, 6, 15, 12, 0, 0), absl::UTCTimeZone()));
  Engine engine({.clock = &clock, .seed = 1});
  EXPECT_THAT(engine.tokens().Create(TokenParams("4242424242424242", 6, 2026)), IsOk());
  EXPECT_THAT(engine.tokens().Create(TokenParams("4242424242424242", 5, 2026)),
              StripeErrorIs("card_error", "invalid_expiry_year"));
}

TEST_F(TokensTest, TwoDigitCvcIsInvalidCvc) {
  absl::StatusOr<Token> token = engine_.tokens().Create(TokenParams("4242424242424242", 12, 2030, "12"));
  EXPECT_THAT(token, StripeErrorWithParam("card_error", "invalid_cvc", "cvc"));
  EXPECT_THAT(token, HttpStatusIs(402));
}

TEST_F(TokensTest, NonDigitCvcIsInvalidCvc) {
  EXPECT_THAT(engine_.tokens().Create(TokenParams("4242424242424242", 12, 2030, "1a3")),
              StripeErrorIs("card_error", "invalid_cvc"));
}

TEST_F(TokensTest, FourDigitCvcIsInvalidForVisa) {
  EXPECT_THAT(engine_.tokens().Create(TokenParams("4242424242424242", 12, 2030, "1234")),
              StripeErrorIs("card_error", "invalid_cvc"));
}

TEST_F(TokensTest, AmexNeedsAFourDigitCvc) {
  EXPECT_THAT(engine_.tokens().Create(TokenParams("378282246310005", 12, 2030, "123")),
              StripeErrorWithParam("card_error", "invalid_cvc", "cvc"));
  absl::StatusOr<Token> token = engine_.tokens().Create(TokenParams("378282246310005", 12, 2030, "1234"));
  ASSERT_THAT(token, IsOk());
  EXPECT_EQ(token->card().brand(), "American Express");
  EXPECT_EQ(token->card().last4(), "0005");
}

TEST_F(TokensTest, RejectedCreateChangesNothing) {
  ASSERT_THAT(engine_.tokens().Create(TokenParams("4242424242424242", 13, 2030)),
              StripeErrorIs("card_error", "invalid_expiry_month"));
  EXPECT_EQ(engine_.pending_timers(), 0u);
  EXPECT_EQ(engine_.events().size(), 0u);
  // The next token gets the id a fresh engine would give its first token.
  FakeClock clock;
  Engine fresh({.clock = &clock, .seed = 7});
  EXPECT_EQ(engine_.tokens().Create(TokenParams("4242424242424242"))->id(),
            fresh.tokens().Create(TokenParams("4242424242424242"))->id());
}

// ---- retrieve ----

TEST_F(TokensTest, RetrieveReturnsTheToken) {
  absl::StatusOr<Token> token = engine_.tokens().Create(TokenParams("4242424242424242", 12, 2030, "123"));
  ASSERT_THAT(token, IsOk());
  absl::StatusOr<Token> retrieved = engine_.tokens().Retrieve(token->id());
  ASSERT_THAT(retrieved, IsOk());
  EXPECT_EQ(retrieved->SerializeAsString(), token->SerializeAsString());
}

TEST_F(TokensTest, RetrieveUnknownIsResourceMissing) {
  absl::StatusOr<Token> token = engine_.tokens().Retrieve("tok_doesnotexist");
  EXPECT_THAT(token, StripeErrorWithParam("invalid_request_error", "resource_missing", "id"));
  EXPECT_THAT(token, HttpStatusIs(404));
  EXPECT_THAT(token, StatusIs(absl::StatusCode::kNotFound, "No such token: 'tok_doesnotexist'"));
}

// ---- single use ----

TEST_F(TokensTest, TokenCanBeUsedOnlyOnce) {
  absl::StatusOr<Token> token = engine_.tokens().Create(TokenParams("4242424242424242", 12, 2030, "123"));
  ASSERT_THAT(token, IsOk());
  ASSERT_THAT(engine_.charges().Create(ChargeWith(token->id())), IsOk());
  EXPECT_TRUE(engine_.tokens().Retrieve(token->id())->used());

  absl::StatusOr<Charge> again = engine_.charges().Create(ChargeWith(token->id()));
  EXPECT_THAT(again, StripeErrorWithParam("invalid_request_error", "token_already_used", "source"));
  EXPECT_THAT(again, HttpStatusIs(400));
  EXPECT_THAT(again, StatusIs(absl::StatusCode::kFailedPrecondition,
                              "You cannot use a Stripe token more than once: " + token->id() + "."));
}

TEST_F(TokensTest, TokenUsedByACustomerCannotPayACharge) {
  absl::StatusOr<Token> token = engine_.tokens().Create(TokenParams("4242424242424242"));
  ASSERT_THAT(token, IsOk());
  CustomerCreateParams customer;
  customer.set_source(token->id());
  ASSERT_THAT(engine_.customers().Create(customer), IsOk());
  EXPECT_THAT(engine_.charges().Create(ChargeWith(token->id())),
              StripeErrorIs("invalid_request_error", "token_already_used"));
}

TEST_F(TokensTest, TestTokenNamesCanBeUsedAnyNumberOfTimes) {
  EXPECT_THAT(engine_.charges().Create(ChargeWith("tok_visa")), IsOk());
  EXPECT_THAT(engine_.charges().Create(ChargeWith("tok_visa")), IsOk());
}

// ---- expiry ----

TEST_F(TokensTest, TokenWorksOneSecondBeforeItsLifetimeEnds) {
  absl::StatusOr<Token> token = engine_.tokens().Create(TokenParams("4242424242424242"));
  ASSERT_THAT(token, IsOk());
  clock_.Advance(kTokenLifetime - absl::Seconds(1));
  EXPECT_THAT(engine_.charges().Create(ChargeWith(token->id())), IsOk());
}

TEST_F(TokensTest, TokenIsGoneWhenItsLifetimeEnds) {
  absl::StatusOr<Token> token = engine_.tokens().Create(TokenParams("4242424242424242"));
  ASSERT_THAT(token, IsOk());
  clock_.Advance(kTokenLifetime);
  absl::StatusOr<Charge> charge = engine_.charges().Create(ChargeWith(token->id()));
  EXPECT_THAT(charge, StripeErrorWithParam("invalid_request_error", "resource_missing", "source"));
  // The token is a request parameter, not the URL's object: 400, as Stripe answers.
  EXPECT_THAT(charge, HttpStatusIs(400));
  EXPECT_THAT(charge,
              StatusIs(absl::StatusCode::kInvalidArgument, "No such token: '" + token->id() + "'"));
}

TEST_F(TokensTest, ExpiredTokenCannotCreateACustomerOrPaymentMethod) {
  absl::StatusOr<Token> token = engine_.tokens().Create(TokenParams("4242424242424242"));
  ASSERT_THAT(token, IsOk());
  clock_.Advance(kTokenLifetime);
  CustomerCreateParams customer;
  customer.set_source(token->id());
  EXPECT_THAT(engine_.customers().Create(customer),
              StripeErrorWithParam("invalid_request_error", "resource_missing", "source"));
  PaymentMethodCreateParams pm;
  pm.set_type("card");
  pm.mutable_card()->set_token(token->id());
  EXPECT_THAT(engine_.payment_methods().Create(pm),
              StripeErrorWithParam("invalid_request_error", "resource_missing", "card[token]"));
}

TEST_F(TokensTest, ExpiredTokenCanStillBeRetrieved) {
  absl::StatusOr<Token> token = engine_.tokens().Create(TokenParams("4242424242424242"));
  ASSERT_THAT(token, IsOk());
  clock_.Advance(kTokenLifetime + absl::Hours(1));
  absl::StatusOr<Token> retrieved = engine_.tokens().Retrieve(token->id());
  ASSERT_THAT(retrieved, IsOk());
  EXPECT_FALSE(retrieved->used());
  EXPECT_EQ(engine_.pending_timers(), 0u);
}

TEST_F(TokensTest, UsedTokenStaysUsedAfterItsLifetime) {
  absl::StatusOr<Token> token = engine_.tokens().Create(TokenParams("4242424242424242"));
  ASSERT_THAT(token, IsOk());
  ASSERT_THAT(engine_.charges().Create(ChargeWith(token->id())), IsOk());
  clock_.Advance(kTokenLifetime);
  EXPECT_TRUE(engine_.tokens().Retrieve(token->id())->used());
}

// ---- idempotency ----

TEST_F(TokensTest, SameIdempotencyKeyAndParamsReplaysTheToken) {
  bool replayed = false;
  RequestOptions options{.idempotency_key = "token-1"};
  absl::StatusOr<Token> first = engine_.tokens().Create(TokenParams("4242424242424242"), options);
  options.idempotent_replayed = &replayed;
  absl::StatusOr<Token> second = engine_.tokens().Create(TokenParams("4242424242424242"), options);
  ASSERT_THAT(first, IsOk());
  ASSERT_THAT(second, IsOk());
  EXPECT_TRUE(replayed);
  EXPECT_EQ(second->SerializeAsString(), first->SerializeAsString());
  // One token timer and one idempotency timer: the replay scheduled nothing.
  EXPECT_EQ(engine_.pending_timers(), 2u);
}

TEST_F(TokensTest, SameIdempotencyKeyWithOtherParamsIsAnIdempotencyError) {
  RequestOptions options{.idempotency_key = "token-1"};
  ASSERT_THAT(engine_.tokens().Create(TokenParams("4242424242424242"), options), IsOk());
  absl::StatusOr<Token> other = engine_.tokens().Create(TokenParams("5555555555554444"), options);
  EXPECT_THAT(other, StripeErrorIs("idempotency_error", ""));
  EXPECT_THAT(other, HttpStatusIs(400));
  EXPECT_THAT(other, StatusIs(absl::StatusCode::kInvalidArgument,
                              ::testing::HasSubstr("other than 'token-1'")));
}

TEST_F(TokensTest, RequestRejectedByValidationIsNotRemembered) {
  RequestOptions options{.idempotency_key = "token-1"};
  ASSERT_THAT(engine_.tokens().Create(TokenCreateParams(), options),
              StripeErrorIs("invalid_request_error", "parameter_missing"));
  EXPECT_THAT(engine_.tokens().Create(TokenParams("4242424242424242"), options), IsOk());
}

TEST_F(TokensTest, IdempotencyKeyLongerThan255CharactersIsRejected) {
  absl::StatusOr<Token> too_long = engine_.tokens().Create(
      TokenParams("4242424242424242"), {.idempotency_key = std::string(256, 'k')});
  EXPECT_THAT(too_long, StripeErrorWithParam("invalid_request_error", "", "Idempotency-Key"));
  EXPECT_THAT(too_long, HttpStatusIs(400));
  EXPECT_EQ(engine_.pending_timers(), 0u);
  EXPECT_THAT(engine_.tokens().Create(TokenParams("4242424242424242"),
                                      {.idempotency_key = std::string(255, 'k')}),
              IsOk());
}

TEST_F(TokensTest, IdempotencyKeyIsForgottenAfter24Hours) {
  RequestOptions options{.idempotency_key = "token-1"};
  absl::StatusOr<Token> first = engine_.tokens().Create(TokenParams("4242424242424242"), options);
  ASSERT_THAT(first, IsOk());
  clock_.Advance(kIdempotencyKeyLifetime - absl::Seconds(1));
  absl::StatusOr<Token> replay = engine_.tokens().Create(TokenParams("4242424242424242"), options);
  ASSERT_THAT(replay, IsOk());
  EXPECT_EQ(replay->id(), first->id());
  clock_.Advance(absl::Seconds(1));
  absl::StatusOr<Token> fresh = engine_.tokens().Create(TokenParams("4242424242424242"), options);
  ASSERT_THAT(fresh, IsOk());
  EXPECT_NE(fresh->id(), first->id());
  EXPECT_EQ(fresh->created(), kStart + 24 * 3600);
}

}  // namespace
}  // namespace paysim
