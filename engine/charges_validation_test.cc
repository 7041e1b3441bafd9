// Charges: what a create refuses (amounts, currencies, metadata, statement descriptors,
// receipt email, unknown sources, shipping), each refusal changing nothing.
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_replace.h"
#include "engine/charges_test_fixture.h"
#include "testing/paysim_testing.h"

namespace paysim {
namespace charges_test {
namespace {

// ---- create: validation ----

TEST_F(ChargesTest, MissingAmountIsRejected) {
  ChargeCreateParams params = ChargeParams(1000, "tok_visa");
  params.clear_amount();
  ExpectCreateRejected(params, "parameter_missing", "amount");
}

TEST_F(ChargesTest, MissingCurrencyIsRejected) {
  ChargeCreateParams params = ChargeParams(1000, "tok_visa");
  params.clear_currency();
  ExpectCreateRejected(params, "parameter_missing", "currency");
}

TEST_F(ChargesTest, InvalidCurrencyIsRejected) {
  ChargeCreateParams params = ChargeParams(1000, "tok_visa");
  params.set_currency("xyz");
  ExpectCreateRejected(params, "", "currency");
  EXPECT_THAT(engine_.charges().Create(params).status().message(),
              HasSubstr("Invalid currency: xyz"));
}

TEST_F(ChargesTest, MissingSourceAndCustomerIsRejected) {
  ChargeCreateParams params = ChargeParams(1000, "tok_visa");
  params.clear_source();
  ExpectCreateRejected(params, "parameter_missing", "source");
}

TEST_F(ChargesTest, AmountBelowCurrencyMinimumIsRejected) {
  ExpectCreateRejected(ChargeParams(49, "tok_visa"), "amount_too_small", "amount");
  EXPECT_EQ(engine_.charges().Create(ChargeParams(49, "tok_visa")).status().message(),
            "Amount must be at least $0.50 usd");
  EXPECT_THAT(engine_.charges().Create(ChargeParams(50, "tok_visa")),
              IsOkAndHolds(Property(&Charge::amount, 50)));
}

TEST_F(ChargesTest, AmountMinimumFollowsTheCurrency) {
  ChargeCreateParams params = ChargeParams(1499, "tok_visa");
  params.set_currency("czk");
  ExpectCreateRejected(params, "amount_too_small", "amount");
  params.set_amount(1500);
  EXPECT_THAT(engine_.charges().Create(params), IsOk());
}

TEST_F(ChargesTest, AmountAboveEightDigitsIsRejected) {
  ExpectCreateRejected(ChargeParams(100000000, "tok_visa"), "amount_too_large", "amount");
  EXPECT_THAT(engine_.charges().Create(ChargeParams(99999999, "tok_visa")),
              IsOkAndHolds(Property(&Charge::amount, 99999999)));
}

TEST_F(ChargesTest, NegativeAmountIsRejected) {
  ExpectCreateRejected(ChargeParams(-100, "tok_visa"), "amount_too_small", "amount");
}

TEST_F(ChargesTest, MetadataWith51KeysIsRejected) {
  ChargeCreateParams params = ChargeParams(1000, "tok_visa");
  for (int i = 0; i < 51; ++i) (*params.mutable_metadata())[absl::StrCat("k", i)] = "v";
  ExpectCreateRejected(params, "", "metadata");
  params.mutable_metadata()->erase("k50");
  EXPECT_THAT(engine_.charges().Create(params),
              IsOkAndHolds(Property(&Charge::metadata, SizeIs(50))));
}

TEST_F(ChargesTest, MetadataKeyOf41CharactersIsRejected) {
  ChargeCreateParams params = ChargeParams(1000, "tok_visa");
  const std::string key(41, 'k');
  (*params.mutable_metadata())[key] = "v";
  ExpectCreateRejected(params, "", absl::StrCat("metadata[", key, "]"));
  params.mutable_metadata()->clear();
  (*params.mutable_metadata())[std::string(40, 'k')] = "v";
  EXPECT_THAT(engine_.charges().Create(params), IsOk());
}

TEST_F(ChargesTest, MetadataValueOf501CharactersIsRejected) {
  ChargeCreateParams params = ChargeParams(1000, "tok_visa");
  (*params.mutable_metadata())["note"] = std::string(501, 'v');
  ExpectCreateRejected(params, "", "metadata[note]");
  (*params.mutable_metadata())["note"] = std::string(500, 'v');
  EXPECT_THAT(engine_.charges().Create(params), IsOk());
}

TEST_F(ChargesTest, MetadataKeyWithSquareBracketIsRejected) {
  ChargeCreateParams params = ChargeParams(1000, "tok_visa");
  (*params.mutable_metadata())["order[id]"] = "42";
  ExpectCreateRejected(params, "", "metadata[order[id]]");
}

TEST_F(ChargesTest, MetadataIsStored) {
  ChargeCreateParams params = ChargeParams(1000, "tok_visa");
  (*params.mutable_metadata())["order_id"] = "42";
  Charge charge = MustCreate(params);
  EXPECT_EQ(charge.metadata().at("order_id"), "42");
}

TEST_F(ChargesTest, StatementDescriptorLengthIsFiveToTwentyTwo) {
  ChargeCreateParams params = ChargeParams(1000, "tok_visa");
  params.set_statement_descriptor("ABCD");
  ExpectCreateRejected(params, "", "statement_descriptor");
  params.set_statement_descriptor(std::string(23, 'A'));
  ExpectCreateRejected(params, "", "statement_descriptor");

  params.set_statement_descriptor("ABCDE");
  Charge five = MustCreate(params);
  EXPECT_EQ(five.statement_descriptor(), "ABCDE");
  params.set_statement_descriptor(std::string(22, 'A'));
  Charge twenty_two = MustCreate(params);
  EXPECT_EQ(twenty_two.statement_descriptor(), std::string(22, 'A'));
}

TEST_F(ChargesTest, StatementDescriptorNeedsALetter) {
  ChargeCreateParams params = ChargeParams(1000, "tok_visa");
  params.set_statement_descriptor("12345 678");
  ExpectCreateRejected(params, "", "statement_descriptor");
}

TEST_F(ChargesTest, StatementDescriptorForbiddenCharactersAreRejected) {
  for (const char* descriptor :
       {"SHOP<ONE", "SHOP>ONE", "SHOP\\ONE", "SHOP'ONE", "SHOP\"ONE", "SHOP*ONE"}) {
    SCOPED_TRACE(descriptor);
    ChargeCreateParams params = ChargeParams(1000, "tok_visa");
    params.set_statement_descriptor(descriptor);
    ExpectCreateRejected(params, "", "statement_descriptor");
  }
}

TEST_F(ChargesTest, StatementDescriptorSuffixFitsAfterThePrefix) {
  // "PAYSIM* " takes 8 of the 22 characters: the suffix may have 14.
  ChargeCreateParams params = ChargeParams(1000, "tok_visa");
  params.set_statement_descriptor_suffix(std::string(15, 'S'));
  ExpectCreateRejected(params, "", "statement_descriptor_suffix");
  EXPECT_THAT(engine_.charges().Create(params).status().message(), HasSubstr("PAYSIM"));

  params.set_statement_descriptor_suffix("order 12345678");
  Charge charge = MustCreate(params);
  EXPECT_EQ(charge.statement_descriptor_suffix(), "order 12345678");
  EXPECT_EQ(charge.calculated_statement_descriptor(), "PAYSIM* ORDER 12345678");
}

TEST_F(ChargesTest, StatementDescriptorSuffixNeedsALetter) {
  ChargeCreateParams params = ChargeParams(1000, "tok_visa");
  params.set_statement_descriptor_suffix("1234");
  ExpectCreateRejected(params, "", "statement_descriptor_suffix");
}

TEST_F(ChargesTest, CardChargeUsesStatementDescriptorAsSuffixWithinTwentyTwo) {
  ChargeCreateParams params = ChargeParams(1000, "tok_visa");
  params.set_statement_descriptor("Run Club");
  EXPECT_EQ(MustCreate(params).calculated_statement_descriptor(), "PAYSIM* RUN CLUB");

  params.set_statement_descriptor("Spring Marathon Entry");
  Charge long_one = MustCreate(params);
  EXPECT_EQ(long_one.calculated_statement_descriptor(), "PAYSIM* SPRING MARATHO");
  EXPECT_EQ(long_one.calculated_statement_descriptor().size(), 22u);
}

TEST_F(ChargesTest, BadReceiptEmailIsRejected) {
  ChargeCreateParams params = ChargeParams(1000, "tok_visa");
  params.set_receipt_email("not-an-email");
  ExpectCreateRejected(params, "email_invalid", "receipt_email");
  params.set_receipt_email("jenny@example.com");
  EXPECT_THAT(engine_.charges().Create(params),
              IsOkAndHolds(Property(&Charge::receipt_email, "jenny@example.com")));
}

TEST_F(ChargesTest, UnknownTokenIsRejected) {
  // An id given as a parameter is a 400 (404 is for the object the URL names).
  ExpectCreateRejected(ChargeParams(1000, "tok_doesnotexist"), "resource_missing", "source", 400);
  EXPECT_EQ(engine_.charges().Create(ChargeParams(1000, "tok_doesnotexist")).status().message(),
            "No such token: 'tok_doesnotexist'");
}

TEST_F(ChargesTest, UnknownSourceIsRejected) {
  ExpectCreateRejected(ChargeParams(1000, "src_doesnotexist"), "resource_missing", "source", 400);
  ExpectCreateRejected(ChargeParams(1000, "pm_card_doesnotexist"), "resource_missing", "source",
                       400);
  ExpectCreateRejected(ChargeParams(1000, "pm_doesnotexist"), "resource_missing", "source", 400);
}

TEST_F(ChargesTest, ShippingNeedsNameAddressAndLine1) {
  ChargeCreateParams params = ChargeParams(1000, "tok_visa");
  params.mutable_shipping()->set_name("Jenny Rosen");
  ExpectCreateRejected(params, "parameter_missing", "shipping[address]");
  params.mutable_shipping()->mutable_address()->set_city("Paris");
  ExpectCreateRejected(params, "parameter_missing", "shipping[address][line1]");
}

}  // namespace
}  // namespace charges_test
}  // namespace paysim
