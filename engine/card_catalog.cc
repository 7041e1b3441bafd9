// card_catalog.cc: the static table of Stripe's test cards and their test-mode behaviour.
//
// Layout: the errors a card can return, then one row per card number (built with a small
// constexpr builder so each row states only what differs from a plain US credit card), then
// the `pm_card_*` / `tok_*` names mapped to those numbers. Lookups go through hash indexes
// built once on first use.
#include "engine/card_catalog.h"

#include <openssl/evp.h>

#include <cstddef>
#include <string>
#include <vector>

#include "absl/container/flat_hash_map.h"

namespace paysim {
namespace {

// --- The errors ------------------------------------------------------------------------------

// What Stripe returns when it refuses a card (always HTTP 402, type "card_error").
struct CardError {
  absl::string_view code;
  absl::string_view decline_code;
  absl::string_view message;
  absl::string_view param;
  absl::string_view advice_code;
  absl::string_view network_advice_code;
  absl::string_view network_decline_code;
};

constexpr absl::string_view kDeclinedMessage = "Your card was declined.";

// The advice and network codes are those of 2026 test-mode responses. For expired_card,
// incorrect_cvc and processing_error, current API versions repeat the code as decline_code.
constexpr CardError kGenericDecline = {
    "card_declined", "generic_decline", kDeclinedMessage, "", "try_again_later", "", "01"};
constexpr CardError kInsufficientFunds = {
    "card_declined",   "insufficient_funds", "Your card has insufficient funds.", "",
    "try_again_later", "02",                 "51"};
// Lost and stolen cards get the generic message: Stripe does not reveal the reason.
constexpr CardError kLostCard = {
    "card_declined", "lost_card", kDeclinedMessage, "", "do_not_try_again", "01", "41"};
constexpr CardError kStolenCard = {
    "card_declined", "stolen_card", kDeclinedMessage, "", "do_not_try_again", "01", "43"};
constexpr CardError kExpiredCard = {
    "expired_card",      "expired_card", "Your card has expired.", "exp_month",
    "confirm_card_data", "03",           "54"};
constexpr CardError kIncorrectCvc = {
    "incorrect_cvc",     "incorrect_cvc", "Your card's security code is incorrect.", "cvc",
    "confirm_card_data", "03",            "N7"};
constexpr CardError kProcessingError = {
    "processing_error",
    "processing_error",
    "An error occurred while processing your card. Try again in a little bit.",
    "",
    "try_again_later",
    "",
    "06"};
constexpr CardError kVelocityExceeded = {
    "card_declined",
    "card_velocity_exceeded",
    "Your card was declined for making repeated attempts too frequently or exceeding its amount "
    "limit.",
    "",
    "try_again_later",
    "02",
    "61"};
// Radar's block: same shape as an issuer decline, decline_code "fraudulent".
constexpr CardError kFraudulent = {"card_declined", "fraudulent", kDeclinedMessage, "", "", "", ""};

// --- The row builder -------------------------------------------------------------------------

// Starts from a plain US credit card that succeeds; each call returns a changed copy.
class Row {
  // (private) With() and its helpers come first: clang evaluates a constexpr call to a member
  // function template only if it is defined before the member functions that call it.
  template <typename Change>
  constexpr Row With(Change change) const {
    Row copy = *this;
    change(copy.card_);
    return copy;
  }
  constexpr Row Outcome(CardOutcome outcome) const {
    return With([outcome](TestCard& c) { c.charge_outcome = outcome; });
  }
  constexpr Row Error(const CardError& e) const {
    return With([&e](TestCard& c) {
      c.code = e.code;
      c.decline_code = e.decline_code;
      c.message = e.message;
      c.param = e.param;
      c.advice_code = e.advice_code;
      c.network_advice_code = e.network_advice_code;
      c.network_decline_code = e.network_decline_code;
    });
  }

 public:
  constexpr Row(absl::string_view number, absl::string_view brand) : card_() {
    card_.number = number;
    card_.brand = brand;
    card_.funding = "credit";
    card_.country = "US";
  }
  constexpr operator TestCard() const { return card_; }  // NOLINT: rows convert implicitly

  constexpr Row Debit() const { return With([](TestCard& c) { c.funding = "debit"; }); }
  constexpr Row Prepaid() const { return With([](TestCard& c) { c.funding = "prepaid"; }); }
  constexpr Row Country(absl::string_view cc) const {
    return With([cc](TestCard& c) { c.country = cc; });
  }
  constexpr Row CoBrand(absl::string_view network) const {
    return With([network](TestCard& c) { c.co_brand = network; });
  }

  // The issuer declines every charge; the card cannot be attached to a customer.
  constexpr Row Declines(const CardError& e) const {
    return Outcome(CardOutcome::kDeclined).Error(e);
  }
  // Attaching to a customer works; every charge is then declined.
  constexpr Row DeclinesAfterAttach(const CardError& e) const {
    return Outcome(CardOutcome::kDeclinedAfterAttach).Error(e);
  }
  // Radar always blocks it.
  constexpr Row Blocked() const {
    return Outcome(CardOutcome::kBlocked).Error(kFraudulent).Risk("highest");
  }

  constexpr Row Risk(absl::string_view level) const {
    return With([level](TestCard& c) { c.risk_level = level; });
  }
  constexpr Row Cvc(absl::string_view result) const {
    return With([result](TestCard& c) { c.cvc_check = result; });
  }
  constexpr Row Line1(absl::string_view result) const {
    return With([result](TestCard& c) { c.address_line1_check = result; });
  }
  constexpr Row PostalCode(absl::string_view result) const {
    return With([result](TestCard& c) { c.address_postal_code_check = result; });
  }

  constexpr Row ThreeDS(ThreeDSecure mode) const {
    return With([mode](TestCard& c) { c.three_d_secure = mode; });
  }
  // Authentication is required; afterwards the payment is declined with `e`.
  constexpr Row ThreeDSThenDeclines(const CardError& e) const {
    return Declines(e).ThreeDS(ThreeDSecure::kRequiredThenDeclined);
  }
  // Authentication is never required; asking for it anyway fails with a processing error.
  constexpr Row ThreeDSRequestFails() const {
    return ThreeDS(ThreeDSecure::kOptionalProcessingError).Error(kProcessingError);
  }

  constexpr Row RefundPending() const { return With([](TestCard& c) { c.refund_pending = true; }); }
  constexpr Row RefundFails() const { return With([](TestCard& c) { c.refund_fails = true; }); }
  constexpr Row BypassPending() const {
    return With([](TestCard& c) { c.bypass_pending = true; });
  }
  constexpr Row Disputed(absl::string_view kind) const {
    return With([kind](TestCard& c) {
      c.dispute = true;
      c.dispute_kind = kind;
    });
  }

 private:
  TestCard card_;
};

constexpr Row Visa(absl::string_view number) { return Row(number, "visa"); }
constexpr Row Mastercard(absl::string_view number) { return Row(number, "mastercard"); }

// --- The cards -------------------------------------------------------------------------------

constexpr TestCard kCards[] = {
    // Successful payments, by brand. 4242… is also the US country card.
    Visa("4242424242424242"),
    Visa("4000056655665556").Debit(),
    Mastercard("5555555555554444"),
    Mastercard("2223003122003222"),  // 2-series BIN
    Mastercard("5200828282828210").Debit(),
    Mastercard("5105105105105100").Prepaid(),
    Row("378282246310005", "amex").ThreeDS(ThreeDSecure::kNotSupported),  // 4-digit CVC
    Row("371449635398431", "amex"),
    Row("6011111111111117", "discover"),
    Row("6011000990139424", "discover"),
    Row("6011981111111113", "discover").Debit(),
    Row("3056930009020004", "diners"),
    Row("36227206271667", "diners"),    // 14 digits
    Row("6555900000604105", "discover"),  // BC Card / DinaCard, on the Discover Global Network
    Row("3566002020360505", "jcb").Country("JP"),
    Row("6200000000000005", "unionpay").Country("CN"),
    Row("6200000000000047", "unionpay").Debit().Country("CN"),
    Row("6205500000000000004", "unionpay").Country("CN"),  // 19 digits

    // Co-branded cards.
    Visa("4000002500001001").CoBrand("cartes_bancaires").Country("FR"),
    Mastercard("5555552500001001").CoBrand("cartes_bancaires").Country("FR"),
    Visa("4000050360000001").CoBrand("eftpos_au").Debit().Country("AU"),
    Mastercard("5555050360000080").CoBrand("eftpos_au").Debit().Country("AU"),

    // Country cards (EU/EEA ones succeed without authentication).
    Visa("4000000760000002").Country("BR"),
    Visa("4000001240000000").Country("CA"),
    Visa("4000004840008001").Country("MX"),
    Visa("4000002760000016").Country("DE"),
    Visa("4000002500000003").Country("FR"),
    Visa("4000008260000000").Country("GB"),
    Visa("4000058260000005").Debit().Country("GB"),
    Mastercard("5555558265554449").Country("GB"),
    Visa("4000003720000005").Country("IE"),
    Visa("4000003560000008").Country("IN"),
    Visa("4000003920000003").Country("JP"),
    Visa("4000000360000006").Country("AU"),
    Visa("4000007020000003").Country("SG"),

    // Health-savings (HSA/FSA) product codes.
    Visa("4000051230000072").Debit(),
    Mastercard("5200828282828897").Debit(),

    // Card-present only (Terminal PIN verification); online they behave as plain cards.
    Visa("4001007020000002"),  // offline PIN
    Visa("4000008260000075"),  // offline PIN, SCA retry
    Visa("4001000360000005"),  // online PIN
    Visa("4000002760000008"),  // online PIN, SCA retry

    // Captcha challenge on Stripe-hosted pages; the API payment itself succeeds.
    Visa("4000000000001208"),
    Visa("4000000000003725"),

    // Issuer declines.
    Visa("4000000000000002").Declines(kGenericDecline),
    Visa("4000000000009995").Declines(kInsufficientFunds),
    Visa("4000000000009987").Declines(kLostCard),
    Visa("4000000000009979").Declines(kStolenCard),
    Visa("4000000000000069").Declines(kExpiredCard),
    Visa("4000000000000127").Declines(kIncorrectCvc).Cvc("fail"),
    Visa("4000000000000119").Declines(kProcessingError),
    Visa("4000000000006975").Declines(kVelocityExceeded),

    // Attach to a customer works, then charges are declined. Stripe documents no number for
    // the lost- and stolen-card variants (tokens only), so these two numbers are paysim's own.
    Visa("4000000000000341").DeclinesAfterAttach(kGenericDecline),
    Visa("4000000000341984").DeclinesAfterAttach(kLostCard),
    Visa("4000000000341976").DeclinesAfterAttach(kStolenCard),

    // Radar. Cards other than 0019 succeed unless the account's rules block them.
    Visa("4100000000000019").Blocked(),
    Visa("4000000000004954").Risk("highest"),
    Visa("4000000000009235").Risk("elevated"),
    Visa("4000000000000101").Cvc("fail"),
    Visa("4000000000000036").PostalCode("fail"),
    Visa("4000058400307872").Cvc("fail").Risk("elevated"),
    Visa("4000058400306072").PostalCode("fail").Risk("elevated"),
    Visa("4000000000000028").Line1("fail"),
    Visa("4000000000000010").Line1("fail").PostalCode("fail"),
    Visa("4000000000000044").Line1("unavailable").PostalCode("unavailable"),

    // Disputes: the payment succeeds, then is disputed.
    Visa("4000000000000259").Disputed("fraudulent"),
    Visa("4000000000002685").Disputed("product_not_received"),
    Visa("4000000000001976").Disputed("inquiry"),
    Visa("4000000000005423").Disputed("early_fraud_warning"),
    Visa("4000000404000079").Disputed("multiple"),
    Visa("4000000404000038").Disputed("ce3_eligible"),
    Visa("4000008400000779").Disputed("compliance"),

    // Refunds and balance.
    Visa("4000000000007726").RefundPending(),
    Visa("4000000000005126").RefundFails(),
    Visa("4000000000000077").BypassPending(),
    Visa("4000003720000278").BypassPending().Country("IE"),

    // 3D Secure.
    Visa("4000002500003155").ThreeDS(ThreeDSecure::kRequiredOnSetup),
    Visa("4000002760003184").ThreeDS(ThreeDSecure::kRequired),
    Visa("4000003800000446").ThreeDS(ThreeDSecure::kSetupForOffSession),
    // Declined with insufficient funds even after authentication or setup; setting it up
    // (attaching) works.
    Visa("4000008260003178")
        .DeclinesAfterAttach(kInsufficientFunds)
        .ThreeDS(ThreeDSecure::kRequiredThenDeclined),
    Visa("4000000000003220").ThreeDS(ThreeDSecure::kRequired),
    Visa("4000008400001629").ThreeDSThenDeclines(kGenericDecline),
    // The 3DS lookup itself fails, so the payment is declined without asking for authentication.
    Visa("4000008400001280").Declines(kGenericDecline),
    Visa("4000000000003055").ThreeDS(ThreeDSecure::kPromptsWhenRequested),
    Visa("4000000000003097").ThreeDSRequestFails(),
    // Mobile SDK challenge screens (out-of-band, one-time code, single and multi select).
    Visa("4000582600000094").ThreeDS(ThreeDSecure::kRequired),
    Visa("4000582600000045").ThreeDS(ThreeDSecure::kRequired),
    Visa("4000582600000102").ThreeDS(ThreeDSecure::kRequired),
    Visa("4000582600000110").ThreeDS(ThreeDSecure::kRequired),
};

// --- The names -------------------------------------------------------------------------------

struct Alias {
  absl::string_view name;    // pm_card_* or tok_*
  absl::string_view number;  // a number in kCards
};

constexpr Alias kAliases[] = {
    // Brands.
    {"pm_card_visa", "4242424242424242"},
    {"tok_visa", "4242424242424242"},
    {"pm_card_visa_debit", "4000056655665556"},
    {"tok_visa_debit", "4000056655665556"},
    {"pm_card_mastercard", "5555555555554444"},
    {"tok_mastercard", "5555555555554444"},
    {"pm_card_mastercard_debit", "5200828282828210"},
    {"tok_mastercard_debit", "5200828282828210"},
    {"pm_card_mastercard_prepaid", "5105105105105100"},
    {"tok_mastercard_prepaid", "5105105105105100"},
    {"pm_card_amex", "378282246310005"},
    {"tok_amex", "378282246310005"},
    {"pm_card_amex_threeDSecureNotSupported", "378282246310005"},
    {"tok_amex_threeDSecureNotSupported", "378282246310005"},
    {"pm_card_discover", "6011111111111117"},
    {"tok_discover", "6011111111111117"},
    {"pm_card_diners", "3056930009020004"},
    {"tok_diners", "3056930009020004"},
    {"pm_card_jcb", "3566002020360505"},
    {"tok_jcb", "3566002020360505"},
    {"pm_card_unionpay", "6200000000000005"},
    {"tok_unionpay", "6200000000000005"},
    {"pm_card_visa_cartesBancaires", "4000002500001001"},
    {"tok_visa_cartesBancaires", "4000002500001001"},
    {"pm_card_mastercard_cartesBancaires", "5555552500001001"},
    {"tok_mastercard_cartesBancaires", "5555552500001001"},
    {"pm_card_visa_debit_eftposAuCoBranded", "4000050360000001"},
    {"tok_visa_debit_eftposAuCoBranded", "4000050360000001"},
    {"pm_card_mastercard_debit_eftposAuCoBranded", "5555050360000080"},
    {"tok_mastercard_debit_eftposAuCoBranded", "5555050360000080"},
    {"pm_card_debit_visaFsaProductCode", "4000051230000072"},
    {"pm_card_debit_visaHsaProductCode", "4000051230000072"},
    {"pm_card_mastercard_debit_mastercardFsaProductCode", "5200828282828897"},

    // Countries.
    {"pm_card_us", "4242424242424242"},
    {"tok_us", "4242424242424242"},
    {"pm_card_br", "4000000760000002"},
    {"tok_br", "4000000760000002"},
    {"pm_card_ca", "4000001240000000"},
    {"tok_ca", "4000001240000000"},
    {"pm_card_mx", "4000004840008001"},
    {"tok_mx", "4000004840008001"},
    {"pm_card_de", "4000002760000016"},
    {"tok_de", "4000002760000016"},
    {"pm_card_fr", "4000002500000003"},
    {"tok_fr", "4000002500000003"},
    {"pm_card_gb", "4000008260000000"},
    {"tok_gb", "4000008260000000"},
    {"pm_card_gb_debit", "4000058260000005"},
    {"tok_gb_debit", "4000058260000005"},
    {"pm_card_gb_mastercard", "5555558265554449"},
    {"tok_gb_mastercard", "5555558265554449"},
    {"pm_card_ie", "4000003720000005"},
    {"tok_ie", "4000003720000005"},
    {"pm_card_in", "4000003560000008"},
    {"tok_in", "4000003560000008"},
    {"pm_card_jp", "4000003920000003"},
    {"tok_jp", "4000003920000003"},
    {"pm_card_au", "4000000360000006"},
    {"tok_au", "4000000360000006"},
    {"pm_card_sg", "4000007020000003"},
    {"tok_sg", "4000007020000003"},

    // Declines. The tok_chargeDeclined* names without "visa" are older spellings.
    {"pm_card_visa_chargeDeclined", "4000000000000002"},
    {"tok_visa_chargeDeclined", "4000000000000002"},
    {"tok_chargeDeclined", "4000000000000002"},
    {"pm_card_chargeDeclined", "4000000000000002"},  // as Stripe's CLI fixtures spell it
    {"pm_card_visa_chargeDeclinedInsufficientFunds", "4000000000009995"},
    {"tok_visa_chargeDeclinedInsufficientFunds", "4000000000009995"},
    {"tok_chargeDeclinedInsufficientFunds", "4000000000009995"},
    // No debit number is documented for this token; it shares the credit card's decline.
    {"tok_visa_debit_chargeDeclinedInsufficientFunds", "4000000000009995"},
    {"pm_card_visa_chargeDeclinedLostCard", "4000000000009987"},
    {"tok_visa_chargeDeclinedLostCard", "4000000000009987"},
    {"pm_card_visa_chargeDeclinedStolenCard", "4000000000009979"},
    {"tok_visa_chargeDeclinedStolenCard", "4000000000009979"},
    {"pm_card_chargeDeclinedExpiredCard", "4000000000000069"},
    {"tok_chargeDeclinedExpiredCard", "4000000000000069"},
    {"tok_visa_chargeDeclinedExpiredCard", "4000000000000069"},
    {"pm_card_chargeDeclinedIncorrectCvc", "4000000000000127"},
    {"tok_chargeDeclinedIncorrectCvc", "4000000000000127"},
    {"tok_visa_chargeDeclinedIncorrectCvc", "4000000000000127"},
    {"pm_card_chargeDeclinedProcessingError", "4000000000000119"},
    {"tok_chargeDeclinedProcessingError", "4000000000000119"},
    {"tok_visa_chargeDeclinedProcessingError", "4000000000000119"},
    {"pm_card_visa_chargeDeclinedVelocityLimitExceeded", "4000000000006975"},
    {"tok_visa_chargeDeclinedVelocityLimitExceeded", "4000000000006975"},
    {"pm_card_chargeCustomerFail", "4000000000000341"},
    {"tok_chargeCustomerFail", "4000000000000341"},
    {"tok_visa_chargeCustomerFail", "4000000000000341"},
    {"tok_visa_chargeCustomerFailLostCard", "4000000000341984"},
    {"tok_visa_chargeCustomerFailStolenCard", "4000000000341976"},

    // Radar.
    {"pm_card_radarBlock", "4100000000000019"},
    {"tok_radarBlock", "4100000000000019"},
    {"pm_card_chargeDeclinedFraudulent", "4100000000000019"},
    {"tok_chargeDeclinedFraudulent", "4100000000000019"},
    // Stripe's token table pairs this name with expired_card, which reads as a typo for the
    // fraudulent block; paysim treats it as the block.
    {"tok_visa_chargeDeclinedFraudulent", "4100000000000019"},
    {"pm_card_riskLevelHighest", "4000000000004954"},
    {"tok_riskLevelHighest", "4000000000004954"},
    {"pm_card_riskLevelElevated", "4000000000009235"},
    {"tok_riskLevelElevated", "4000000000009235"},
    {"pm_card_cvcCheckFail", "4000000000000101"},
    {"tok_cvcCheckFail", "4000000000000101"},
    {"pm_card_avsZipFail", "4000000000000036"},
    {"tok_avsZipFail", "4000000000000036"},
    {"pm_card_cvcCheckFailElevatedRisk", "4000058400307872"},
    {"tok_cvcCheckFailElevatedRisk", "4000058400307872"},
    {"pm_card_avsZipFailElevatedRisk", "4000058400306072"},
    {"tok_avsZipFailElevatedRisk", "4000058400306072"},
    {"pm_card_avsLine1Fail", "4000000000000028"},
    {"tok_avsLine1Fail", "4000000000000028"},
    {"pm_card_avsFail", "4000000000000010"},
    {"tok_avsFail", "4000000000000010"},
    {"pm_card_avsUnchecked", "4000000000000044"},
    {"tok_avsUnchecked", "4000000000000044"},

    // Disputes.
    {"pm_card_createDispute", "4000000000000259"},
    {"tok_createDispute", "4000000000000259"},
    {"pm_card_createDisputeProductNotReceived", "4000000000002685"},
    {"tok_createDisputeProductNotReceived", "4000000000002685"},
    {"pm_card_createDisputeInquiry", "4000000000001976"},
    {"tok_createDisputeInquiry", "4000000000001976"},
    {"pm_card_createIssuerFraudRecord", "4000000000005423"},
    {"tok_createIssuerFraudRecord", "4000000000005423"},
    {"pm_card_createMultipleDisputes", "4000000404000079"},
    {"tok_createMultipleDisputes", "4000000404000079"},
    {"pm_card_createCe3EligibleDispute", "4000000404000038"},
    {"tok_createCe3EligibleDispute", "4000000404000038"},
    {"pm_card_createComplianceDispute", "4000008400000779"},
    {"tok_createComplianceDispute", "4000008400000779"},

    // Refunds and balance.
    {"pm_card_pendingRefund", "4000000000007726"},
    {"tok_pendingRefund", "4000000000007726"},
    {"pm_card_refundFail", "4000000000005126"},
    {"tok_refundFail", "4000000000005126"},
    {"pm_card_bypassPending", "4000000000000077"},
    {"tok_bypassPending", "4000000000000077"},
    {"pm_card_bypassPendingInternational", "4000003720000278"},
    {"tok_bypassPendingInternational", "4000003720000278"},

    // 3D Secure.
    {"pm_card_authenticationRequiredOnSetup", "4000002500003155"},
    {"pm_card_authenticationRequired", "4000002760003184"},
    {"pm_card_authenticationRequiredSetupForOffSession", "4000003800000446"},
    {"pm_card_authenticationRequiredChargeDeclinedInsufficientFunds", "4000008260003178"},
    {"pm_card_threeDSecure2Required", "4000000000003220"},
    {"tok_threeDSecure2Required", "4000000000003220"},
    {"pm_card_threeDSecureRequiredChargeDeclined", "4000008400001629"},
    {"tok_threeDSecureRequiredChargeDeclined", "4000008400001629"},
    {"pm_card_threeDSecureRequiredProcessingError", "4000008400001280"},
    {"tok_threeDSecureRequiredProcessingError", "4000008400001280"},
    {"pm_card_threeDSecureOptional", "4000000000003055"},
    {"tok_threeDSecureOptional", "4000000000003055"},
    {"pm_card_threeDSecureOptionalProcessingError", "4000000000003097"},
    {"tok_threeDSecureOptionalProcessingError", "4000000000003097"},
};

// --- The indexes -----------------------------------------------------------------------------

using Index = absl::flat_hash_map<absl::string_view, const TestCard*>;

const Index& NumberIndex() {
  static const Index* const index = [] {
    auto* by_number = new Index();
    by_number->reserve(sizeof(kCards) / sizeof(kCards[0]));
    for (const TestCard& card : kCards) by_number->emplace(card.number, &card);
    return by_number;
  }();
  return *index;
}

const Index& AliasIndex() {
  static const Index* const index = [] {
    const Index& by_number = NumberIndex();
    auto* by_alias = new Index();
    by_alias->reserve(sizeof(kAliases) / sizeof(kAliases[0]));
    for (const Alias& alias : kAliases) {
      auto it = by_number.find(alias.number);
      // An alias whose number is missing from kCards stays unknown (the tests catch it).
      if (it != by_number.end()) by_alias->emplace(alias.name, it->second);
    }
    return by_alias;
  }();
  return *index;
}

}  // namespace

const TestCard* FindTestCardByNumber(absl::string_view number) {
  const Index& index = NumberIndex();
  auto it = index.find(number);
  return it == index.end() ? nullptr : it->second;
}

const TestCard* FindTestCardByAlias(absl::string_view alias) {
  const Index& index = AliasIndex();
  auto it = index.find(alias);
  return it == index.end() ? nullptr : it->second;
}

absl::Span<const TestCard> AllTestCards() { return absl::MakeConstSpan(kCards); }

absl::Span<const absl::string_view> AllTestCardAliases() {
  static const std::vector<absl::string_view>* const names = [] {
    auto* out = new std::vector<absl::string_view>();
    out->reserve(sizeof(kAliases) / sizeof(kAliases[0]));
    for (const Alias& alias : kAliases) out->push_back(alias.name);
    return out;
  }();
  return *names;
}

bool PassesLuhn(absl::string_view number) {
  if (number.empty()) return false;
  int sum = 0;
  bool double_it = false;  // every second digit from the right is doubled
  for (auto it = number.rbegin(); it != number.rend(); ++it) {
    if (*it < '0' || *it > '9') return false;
    int digit = *it - '0';
    if (double_it) {
      digit *= 2;
      if (digit > 9) digit -= 9;
    }
    sum += digit;
    double_it = !double_it;
  }
  return sum % 10 == 0;
}

absl::string_view LegacyBrandName(absl::string_view brand) {
  if (brand == "visa") return "Visa";
  if (brand == "mastercard") return "MasterCard";
  if (brand == "amex") return "American Express";
  if (brand == "discover") return "Discover";
  if (brand == "diners") return "Diners Club";
  if (brand == "jcb") return "JCB";
  if (brand == "unionpay") return "UnionPay";
  return "Unknown";
}

namespace {

std::string ComputeFingerprint(absl::string_view number) {
  constexpr absl::string_view kDomain = "paysim card fingerprint v1:";
  constexpr char kBase62[] = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
  std::string input;
  input.reserve(kDomain.size() + number.size());
  input.append(kDomain.data(), kDomain.size());
  input.append(number.data(), number.size());

  unsigned char digest[EVP_MAX_MD_SIZE] = {};
  unsigned int digest_size = 0;
  EVP_Digest(input.data(), input.size(), digest, &digest_size, EVP_sha256(), nullptr);

  std::string fingerprint;
  fingerprint.reserve(16);
  for (int i = 0; i < 16; ++i) fingerprint.push_back(kBase62[digest[i] % 62]);
  return fingerprint;
}

// Every catalog card's fingerprint, computed once: a charge needs one on every call.
const absl::flat_hash_map<absl::string_view, std::string>& FingerprintIndex() {
  static const auto* const index = [] {
    auto* fingerprints = new absl::flat_hash_map<absl::string_view, std::string>();
    for (const auto& [number, card] : NumberIndex()) {
      fingerprints->emplace(number, ComputeFingerprint(number));
    }
    return fingerprints;
  }();
  return *index;
}

}  // namespace

std::string CardFingerprint(absl::string_view number) {
  const auto& index = FingerprintIndex();
  auto it = index.find(number);
  return it != index.end() ? it->second : ComputeFingerprint(number);
}

}  // namespace paysim
