#include "tools/objgen/charge_fixture.h"

#include <string>

#include "absl/strings/str_cat.h"

namespace paysim {
namespace objgen {
namespace {

using obj::InternedString;

const InternedString kCharge("charge");
const InternedString kCard("card");
const InternedString kUsd("usd");
const InternedString kSucceeded("succeeded");
const InternedString kDescriptor("PAYSIM TEST");
const InternedString kApproved("approved_by_network");
const InternedString kNormal("normal");
const InternedString kPaymentComplete("Payment complete.");
const InternedString kAuthorized("authorized");
const InternedString kVisaLower("visa");
const InternedString kVisa("Visa");
const InternedString kUs("US");
const InternedString kFingerprint("6VGF7Qce3sGle7mv");
const InternedString kCredit("credit");
const InternedString k4242("4242");
const InternedString kPass("pass");
const InternedString kNumber("4242424242424242");

}  // namespace

Charge MakeTokVisaCharge(int64_t n) {
  Charge charge;
  const std::string card_id = absl::StrCat("card_1QqTHLRhAhzB5xrPOxp", 100000 + n);
  charge.set_id(absl::StrCat("ch_3MmlLrLkdIwHu7ix0snN0", 100000 + n));
  charge.set_object(kCharge);
  charge.set_amount(2000 + n % 100);
  charge.set_amount_captured(charge.amount());
  charge.set_balance_transaction(absl::StrCat("txn_3MmlLrLkdIwHu7ix0uke", 100000 + n));
  charge.mutable_billing_details()->mutable_address();
  charge.set_calculated_statement_descriptor(kDescriptor);
  charge.set_captured(true);
  charge.set_created(1767225600 + n);
  charge.set_currency(kUsd);
  charge.set_livemode(false);
  ChargeOutcome* outcome = charge.mutable_outcome();
  outcome->set_network_status(kApproved);
  outcome->set_risk_level(kNormal);
  outcome->set_risk_score(11);
  outcome->set_seller_message(kPaymentComplete);
  outcome->set_type(kAuthorized);
  charge.set_paid(true);
  charge.set_payment_method(card_id);
  PaymentMethodDetails* details = charge.mutable_payment_method_details();
  ChargeCardDetails* card = details->mutable_card();
  card->set_amount_authorized(charge.amount());
  card->set_brand(kVisaLower);
  card->mutable_checks()->set_cvc_check(kPass);
  card->set_country(kUs);
  card->set_exp_month(12);
  card->set_exp_year(2030);
  card->set_fingerprint(kFingerprint);
  card->set_funding(kCredit);
  card->set_last4(k4242);
  card->set_network(kVisaLower);
  details->set_type(kCard);
  Card* source = charge.mutable_source();
  source->set_id(card_id);
  source->set_object(kCard);
  source->set_brand(kVisa);
  source->set_country(kUs);
  source->set_cvc_check(kPass);
  source->set_exp_month(12);
  source->set_exp_year(2030);
  source->set_fingerprint(kFingerprint);
  source->set_funding(kCredit);
  source->set_last4(k4242);
  source->set_number(kNumber);
  source->set_cvc_provided(true);
  charge.set_status(kSucceeded);
  return charge;
}

}  // namespace objgen
}  // namespace paysim
