#include "engine/card_catalog.h"

#include <string>

#include "absl/container/flat_hash_set.h"
#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/types/span.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace paysim {
namespace {

using ::testing::IsNull;
using ::testing::NotNull;

// Looks up an alias and fails the test (with the name) if it is unknown.
const TestCard& Alias(absl::string_view name) {
  static const TestCard kMissing{};
  const TestCard* card = FindTestCardByAlias(name);
  EXPECT_THAT(card, NotNull()) << name;
  return card != nullptr ? *card : kMissing;
}

TEST(CardCatalogTest, VisaTokenIsTheSucceedingVisa) {
  const TestCard& card = Alias("tok_visa");
  EXPECT_EQ(card.number, "4242424242424242");
  EXPECT_EQ(card.brand, "visa");
  EXPECT_EQ(card.funding, "credit");
  EXPECT_EQ(card.country, "US");
  EXPECT_EQ(card.charge_outcome, CardOutcome::kSucceeded);
  EXPECT_EQ(card.code, "");
  EXPECT_EQ(card.cvc_check, "pass");
  EXPECT_EQ(card.risk_level, "normal");
  EXPECT_EQ(&card, FindTestCardByAlias("pm_card_visa"));
  EXPECT_EQ(&card, FindTestCardByNumber("4242424242424242"));
  EXPECT_EQ(&card, FindTestCardByAlias("pm_card_us"));
}

TEST(CardCatalogTest, BrandsFundingAndCountries) {
  EXPECT_EQ(Alias("pm_card_mastercard").brand, "mastercard");
  EXPECT_EQ(Alias("tok_visa_debit").funding, "debit");
  EXPECT_EQ(Alias("pm_card_mastercard_prepaid").funding, "prepaid");
  EXPECT_EQ(Alias("tok_amex").number, "378282246310005");
  EXPECT_EQ(Alias("tok_amex").three_d_secure, ThreeDSecure::kNotSupported);
  EXPECT_EQ(&Alias("pm_card_amex_threeDSecureNotSupported"), &Alias("pm_card_amex"));
  EXPECT_EQ(Alias("pm_card_diners").brand, "diners");
  EXPECT_EQ(Alias("pm_card_jcb").country, "JP");
  EXPECT_EQ(Alias("tok_unionpay").brand, "unionpay");

  const TestCard& cb = Alias("pm_card_visa_cartesBancaires");
  EXPECT_EQ(cb.brand, "visa");
  EXPECT_EQ(cb.co_brand, "cartes_bancaires");
  EXPECT_EQ(cb.country, "FR");
  const TestCard& eftpos = Alias("tok_mastercard_debit_eftposAuCoBranded");
  EXPECT_EQ(eftpos.brand, "mastercard");
  EXPECT_EQ(eftpos.co_brand, "eftpos_au");
  EXPECT_EQ(eftpos.funding, "debit");

  EXPECT_EQ(Alias("tok_br").number, "4000000760000002");
  EXPECT_EQ(Alias("tok_br").country, "BR");
  EXPECT_EQ(Alias("pm_card_de").country, "DE");
  EXPECT_EQ(Alias("pm_card_gb_debit").funding, "debit");
  EXPECT_EQ(Alias("pm_card_gb_debit").country, "GB");
  EXPECT_EQ(Alias("tok_gb_mastercard").brand, "mastercard");
  EXPECT_EQ(Alias("tok_gb_mastercard").country, "GB");
  EXPECT_EQ(Alias("pm_card_sg").country, "SG");

  const TestCard* nineteen = FindTestCardByNumber("6205500000000000004");
  ASSERT_THAT(nineteen, NotNull());
  EXPECT_EQ(nineteen->brand, "unionpay");
  EXPECT_THAT(FindTestCardByNumber("36227206271667"), NotNull());  // 14-digit Diners
}

TEST(CardCatalogTest, InsufficientFundsDecline) {
  const TestCard& card = Alias("pm_card_visa_chargeDeclinedInsufficientFunds");
  EXPECT_EQ(card.number, "4000000000009995");
  EXPECT_EQ(card.charge_outcome, CardOutcome::kDeclined);
  EXPECT_EQ(card.code, "card_declined");
  EXPECT_EQ(card.decline_code, "insufficient_funds");
  EXPECT_EQ(card.message, "Your card has insufficient funds.");
  EXPECT_EQ(card.param, "");
  EXPECT_EQ(card.advice_code, "try_again_later");
  EXPECT_EQ(card.network_advice_code, "02");
  EXPECT_EQ(card.network_decline_code, "51");
  EXPECT_EQ(&card, FindTestCardByAlias("tok_chargeDeclinedInsufficientFunds"));
}

TEST(CardCatalogTest, GenericDeclineUnderEveryName) {
  for (absl::string_view name :
       {"tok_chargeDeclined", "tok_visa_chargeDeclined", "pm_card_visa_chargeDeclined",
        "pm_card_chargeDeclined"}) {
    const TestCard& card = Alias(name);
    EXPECT_EQ(card.number, "4000000000000002") << name;
    EXPECT_EQ(card.charge_outcome, CardOutcome::kDeclined) << name;
    EXPECT_EQ(card.code, "card_declined") << name;
    EXPECT_EQ(card.decline_code, "generic_decline") << name;
    EXPECT_EQ(card.message, "Your card was declined.") << name;
  }
}

TEST(CardCatalogTest, LostAndStolenCardsHideTheReasonInTheMessage) {
  const TestCard& lost = Alias("tok_visa_chargeDeclinedLostCard");
  EXPECT_EQ(lost.decline_code, "lost_card");
  EXPECT_EQ(lost.message, "Your card was declined.");
  EXPECT_EQ(lost.advice_code, "do_not_try_again");
  const TestCard& stolen = Alias("pm_card_visa_chargeDeclinedStolenCard");
  EXPECT_EQ(stolen.decline_code, "stolen_card");
  EXPECT_EQ(stolen.network_decline_code, "43");
}

TEST(CardCatalogTest, ExpiredCardRepeatsTheCodeAndNamesTheParam) {
  for (absl::string_view name : {"pm_card_chargeDeclinedExpiredCard",
                                 "tok_chargeDeclinedExpiredCard",
                                 "tok_visa_chargeDeclinedExpiredCard"}) {
    const TestCard& card = Alias(name);
    EXPECT_EQ(card.number, "4000000000000069") << name;
    EXPECT_EQ(card.charge_outcome, CardOutcome::kDeclined) << name;
    EXPECT_EQ(card.code, "expired_card") << name;
    EXPECT_EQ(card.decline_code, "expired_card") << name;
    EXPECT_EQ(card.param, "exp_month") << name;
    EXPECT_EQ(card.message, "Your card has expired.") << name;
    EXPECT_EQ(card.advice_code, "confirm_card_data") << name;
  }
}

TEST(CardCatalogTest, IncorrectCvcAndProcessingError) {
  const TestCard& cvc = Alias("pm_card_chargeDeclinedIncorrectCvc");
  EXPECT_EQ(cvc.code, "incorrect_cvc");
  EXPECT_EQ(cvc.decline_code, "incorrect_cvc");
  EXPECT_EQ(cvc.param, "cvc");
  EXPECT_EQ(cvc.cvc_check, "fail");
  EXPECT_EQ(cvc.network_decline_code, "N7");

  const TestCard& processing = Alias("tok_chargeDeclinedProcessingError");
  EXPECT_EQ(processing.code, "processing_error");
  EXPECT_EQ(processing.decline_code, "processing_error");
  EXPECT_EQ(processing.param, "");
  EXPECT_EQ(processing.message,
            "An error occurred while processing your card. Try again in a little bit.");

  EXPECT_EQ(Alias("tok_visa_chargeDeclinedVelocityLimitExceeded").decline_code,
            "card_velocity_exceeded");
}

TEST(CardCatalogTest, RadarBlockIsAFraudulentDecline) {
  for (absl::string_view name : {"pm_card_radarBlock", "tok_radarBlock",
                                 "tok_chargeDeclinedFraudulent",
                                 "pm_card_chargeDeclinedFraudulent"}) {
    const TestCard& card = Alias(name);
    EXPECT_EQ(card.number, "4100000000000019") << name;
    EXPECT_EQ(card.charge_outcome, CardOutcome::kBlocked) << name;
    EXPECT_EQ(card.code, "card_declined") << name;
    EXPECT_EQ(card.decline_code, "fraudulent") << name;
    EXPECT_EQ(card.message, "Your card was declined.") << name;
    EXPECT_EQ(card.risk_level, "highest") << name;
  }
}

TEST(CardCatalogTest, RiskLevelCardsSucceedWithTheirRisk) {
  const TestCard& highest = Alias("pm_card_riskLevelHighest");
  EXPECT_EQ(highest.charge_outcome, CardOutcome::kSucceeded);
  EXPECT_EQ(highest.risk_level, "highest");
  EXPECT_EQ(Alias("tok_riskLevelElevated").risk_level, "elevated");
}

TEST(CardCatalogTest, CheckFailureCards) {
  const TestCard& cvc = Alias("pm_card_cvcCheckFail");
  EXPECT_EQ(cvc.charge_outcome, CardOutcome::kSucceeded);
  EXPECT_EQ(cvc.cvc_check, "fail");
  EXPECT_EQ(cvc.address_postal_code_check, "pass");

  const TestCard& zip = Alias("tok_avsZipFail");
  EXPECT_EQ(zip.address_postal_code_check, "fail");
  EXPECT_EQ(zip.address_line1_check, "pass");

  const TestCard& line1 = Alias("pm_card_avsLine1Fail");
  EXPECT_EQ(line1.address_line1_check, "fail");
  EXPECT_EQ(line1.address_postal_code_check, "pass");

  const TestCard& both = Alias("pm_card_avsFail");
  EXPECT_EQ(both.address_line1_check, "fail");
  EXPECT_EQ(both.address_postal_code_check, "fail");

  const TestCard& unchecked = Alias("tok_avsUnchecked");
  EXPECT_EQ(unchecked.address_line1_check, "unavailable");
  EXPECT_EQ(unchecked.address_postal_code_check, "unavailable");
  EXPECT_EQ(unchecked.cvc_check, "pass");

  const TestCard& cvc_elevated = Alias("pm_card_cvcCheckFailElevatedRisk");
  EXPECT_EQ(cvc_elevated.cvc_check, "fail");
  EXPECT_EQ(cvc_elevated.risk_level, "elevated");
  const TestCard& zip_elevated = Alias("tok_avsZipFailElevatedRisk");
  EXPECT_EQ(zip_elevated.address_postal_code_check, "fail");
  EXPECT_EQ(zip_elevated.risk_level, "elevated");
}

TEST(CardCatalogTest, DeclineAfterAttach) {
  for (absl::string_view name :
       {"pm_card_chargeCustomerFail", "tok_chargeCustomerFail", "tok_visa_chargeCustomerFail"}) {
    const TestCard& card = Alias(name);
    EXPECT_EQ(card.number, "4000000000000341") << name;
    EXPECT_EQ(card.charge_outcome, CardOutcome::kDeclinedAfterAttach) << name;
    EXPECT_EQ(card.code, "card_declined") << name;
    EXPECT_EQ(card.decline_code, "generic_decline") << name;
    EXPECT_EQ(card.message, "Your card was declined.") << name;
  }
  const TestCard& lost = Alias("tok_visa_chargeCustomerFailLostCard");
  EXPECT_EQ(lost.charge_outcome, CardOutcome::kDeclinedAfterAttach);
  EXPECT_EQ(lost.decline_code, "lost_card");
  const TestCard& stolen = Alias("tok_visa_chargeCustomerFailStolenCard");
  EXPECT_EQ(stolen.charge_outcome, CardOutcome::kDeclinedAfterAttach);
  EXPECT_EQ(stolen.decline_code, "stolen_card");
  EXPECT_NE(lost.number, stolen.number);
}

TEST(CardCatalogTest, ThreeDSecureCards) {
  EXPECT_EQ(Alias("pm_card_visa").three_d_secure, ThreeDSecure::kOptional);
  EXPECT_EQ(Alias("pm_card_authenticationRequiredOnSetup").three_d_secure,
            ThreeDSecure::kRequiredOnSetup);
  EXPECT_EQ(Alias("pm_card_authenticationRequired").three_d_secure, ThreeDSecure::kRequired);
  EXPECT_EQ(Alias("pm_card_authenticationRequiredSetupForOffSession").three_d_secure,
            ThreeDSecure::kSetupForOffSession);
  EXPECT_EQ(Alias("tok_threeDSecure2Required").three_d_secure, ThreeDSecure::kRequired);
  EXPECT_EQ(Alias("tok_threeDSecureOptional").three_d_secure,
            ThreeDSecure::kPromptsWhenRequested);
  EXPECT_EQ(Alias("pm_card_visa").three_d_secure, ThreeDSecure::kOptional);
  EXPECT_EQ(Alias("tok_threeDSecureOptional").charge_outcome, CardOutcome::kSucceeded);

  const TestCard& then_declined = Alias("pm_card_threeDSecureRequiredChargeDeclined");
  EXPECT_EQ(then_declined.three_d_secure, ThreeDSecure::kRequiredThenDeclined);
  EXPECT_EQ(then_declined.code, "card_declined");

  const TestCard& insufficient =
      Alias("pm_card_authenticationRequiredChargeDeclinedInsufficientFunds");
  EXPECT_EQ(insufficient.three_d_secure, ThreeDSecure::kRequiredThenDeclined);
  EXPECT_EQ(insufficient.charge_outcome, CardOutcome::kDeclinedAfterAttach);
  EXPECT_EQ(insufficient.decline_code, "insufficient_funds");

  const TestCard& lookup_fails = Alias("tok_threeDSecureRequiredProcessingError");
  EXPECT_EQ(lookup_fails.charge_outcome, CardOutcome::kDeclined);
  EXPECT_EQ(lookup_fails.code, "card_declined");

  const TestCard& request_fails = Alias("pm_card_threeDSecureOptionalProcessingError");
  EXPECT_EQ(request_fails.charge_outcome, CardOutcome::kSucceeded);
  EXPECT_EQ(request_fails.three_d_secure, ThreeDSecure::kOptionalProcessingError);
  EXPECT_EQ(request_fails.code, "processing_error");

  const TestCard* mobile = FindTestCardByNumber("4000582600000094");
  ASSERT_THAT(mobile, NotNull());
  EXPECT_EQ(mobile->three_d_secure, ThreeDSecure::kRequired);
}

TEST(CardCatalogTest, RefundBalanceAndDisputeCards) {
  const TestCard& pending = Alias("pm_card_pendingRefund");
  EXPECT_TRUE(pending.refund_pending);
  EXPECT_FALSE(pending.refund_fails);
  const TestCard& fails = Alias("tok_refundFail");
  EXPECT_TRUE(fails.refund_fails);
  EXPECT_FALSE(fails.refund_pending);
  EXPECT_TRUE(Alias("pm_card_bypassPending").bypass_pending);
  const TestCard& international = Alias("tok_bypassPendingInternational");
  EXPECT_TRUE(international.bypass_pending);
  EXPECT_EQ(international.country, "IE");

  const TestCard& dispute = Alias("pm_card_createDispute");
  EXPECT_EQ(dispute.charge_outcome, CardOutcome::kSucceeded);
  EXPECT_TRUE(dispute.dispute);
  EXPECT_EQ(dispute.dispute_kind, "fraudulent");
  EXPECT_EQ(Alias("tok_createDisputeProductNotReceived").dispute_kind, "product_not_received");
  EXPECT_EQ(Alias("pm_card_createIssuerFraudRecord").dispute_kind, "early_fraud_warning");

  const TestCard& plain = Alias("pm_card_visa");
  EXPECT_FALSE(plain.refund_pending || plain.refund_fails || plain.bypass_pending ||
               plain.dispute);
}

TEST(CardCatalogTest, UnknownNumbersAndNames) {
  EXPECT_THAT(FindTestCardByNumber("4242424242424241"), IsNull());
  EXPECT_FALSE(PassesLuhn("4242424242424241"));
  EXPECT_THAT(FindTestCardByNumber("4000000000000000"), IsNull());
  EXPECT_THAT(FindTestCardByNumber(""), IsNull());
  EXPECT_THAT(FindTestCardByNumber("4242 4242 4242 4242"), IsNull());
  EXPECT_THAT(FindTestCardByAlias("pm_card_nope"), IsNull());
  EXPECT_THAT(FindTestCardByAlias("4242424242424242"), IsNull());
  EXPECT_THAT(FindTestCardByAlias("tok_VISA"), IsNull());
}

TEST(CardCatalogTest, Luhn) {
  EXPECT_TRUE(PassesLuhn("4242424242424242"));
  EXPECT_TRUE(PassesLuhn("378282246310005"));
  EXPECT_TRUE(PassesLuhn("0"));
  EXPECT_FALSE(PassesLuhn("4242424242424243"));
  EXPECT_FALSE(PassesLuhn(""));
  EXPECT_FALSE(PassesLuhn("4242-4242-4242-4242"));
  EXPECT_FALSE(PassesLuhn("424242424242424a"));
}

TEST(CardCatalogTest, EveryAliasResolvesToAValidCard) {
  absl::Span<const absl::string_view> aliases = AllTestCardAliases();
  EXPECT_GT(aliases.size(), 100u);
  absl::flat_hash_set<absl::string_view> seen;
  for (absl::string_view name : aliases) {
    EXPECT_TRUE(seen.insert(name).second) << "duplicate alias " << name;
    EXPECT_TRUE(absl::StartsWith(name, "pm_card_") || absl::StartsWith(name, "tok_")) << name;
    const TestCard* card = FindTestCardByAlias(name);
    ASSERT_THAT(card, NotNull()) << name;
    EXPECT_TRUE(PassesLuhn(card->number)) << name;
    EXPECT_EQ(FindTestCardByNumber(card->number), card) << name;
  }
}

TEST(CardCatalogTest, EveryCardIsWellFormed) {
  absl::Span<const TestCard> cards = AllTestCards();
  EXPECT_GT(cards.size(), 80u);
  absl::flat_hash_set<absl::string_view> numbers;
  for (const TestCard& card : cards) {
    EXPECT_TRUE(numbers.insert(card.number).second) << "duplicate number " << card.number;
    EXPECT_TRUE(PassesLuhn(card.number)) << card.number;
    EXPECT_EQ(FindTestCardByNumber(card.number), &card) << card.number;
    EXPECT_NE(LegacyBrandName(card.brand), "Unknown") << card.number;
    EXPECT_TRUE(card.funding == "credit" || card.funding == "debit" ||
                card.funding == "prepaid")
        << card.number;
    EXPECT_EQ(card.country.size(), 2u) << card.number;
    const bool has_error = !card.code.empty();
    const bool needs_error = card.charge_outcome != CardOutcome::kSucceeded ||
                             card.three_d_secure == ThreeDSecure::kRequiredThenDeclined ||
                             card.three_d_secure == ThreeDSecure::kOptionalProcessingError;
    EXPECT_EQ(has_error, needs_error) << card.number;
    if (has_error) {
      EXPECT_FALSE(card.message.empty()) << card.number;
    }
    EXPECT_EQ(card.dispute, !card.dispute_kind.empty()) << card.number;
  }
}

TEST(CardCatalogTest, LegacyBrandNames) {
  EXPECT_EQ(LegacyBrandName("visa"), "Visa");
  EXPECT_EQ(LegacyBrandName("mastercard"), "MasterCard");
  EXPECT_EQ(LegacyBrandName("amex"), "American Express");
  EXPECT_EQ(LegacyBrandName("discover"), "Discover");
  EXPECT_EQ(LegacyBrandName("diners"), "Diners Club");
  EXPECT_EQ(LegacyBrandName("jcb"), "JCB");
  EXPECT_EQ(LegacyBrandName("unionpay"), "UnionPay");
  EXPECT_EQ(LegacyBrandName("cartes_bancaires"), "Unknown");
  EXPECT_EQ(LegacyBrandName(""), "Unknown");
}

TEST(CardCatalogTest, Fingerprint) {
  const std::string visa = CardFingerprint("4242424242424242");
  EXPECT_EQ(visa.size(), 16u);
  EXPECT_EQ(visa, CardFingerprint("4242424242424242"));
  for (char c : visa) EXPECT_TRUE(absl::ascii_isalnum(static_cast<unsigned char>(c))) << visa;
  EXPECT_NE(visa, CardFingerprint("5555555555554444"));
  EXPECT_NE(visa, CardFingerprint("4000056655665556"));
  EXPECT_EQ(CardFingerprint("").size(), 16u);
}

}  // namespace
}  // namespace paysim
