#include "engine/internal/card_details.h"
#include "engine/internal/interned.h"

#include <string>
#include <tuple>
#include <utility>

#include "absl/container/flat_hash_map.h"
#include "absl/hash/hash.h"
#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "engine/internal/shared_values.h"
#include "engine/stripe_error.h"

namespace paysim {
namespace internal {
namespace {

absl::Status CardError(absl::string_view code, absl::string_view param, absl::string_view message,
                       absl::string_view decline_code = "") {
  StripeError error;
  error.set_type(PAYSIM_INTERNED("card_error"));
  error.set_code(std::string(code));
  if (!decline_code.empty()) error.set_decline_code(std::string(decline_code));
  if (!param.empty()) error.set_param(std::string(param));
  error.set_message(std::string(message));
  error.set_http_status(402);
  return MakeStripeError(std::move(error));
}

// The fingerprint of the card `number`, interned: computed, copied and looked up in the
// process-wide table once per thread and number (the card numbers that reach here are the test
// catalog's, a few dozen), then found in this thread's cache.
const obj::InternedString& InternedFingerprint(absl::string_view number) {
  thread_local absl::flat_hash_map<std::string, const obj::InternedString*> cache;
  auto it = cache.find(number);
  if (it != cache.end()) return *it->second;
  const obj::InternedString& interned = InternedCopy(CardFingerprint(number));
  cache.emplace(std::string(number), &interned);
  return interned;
}

// The UTC year and month of `now`, without a time zone lookup: the days since 1970-01-01 to
// a civil date (Howard Hinnant's days_from_civil inverse, exact on the proleptic Gregorian
// calendar). absl::ToCivilMonth gives the same, at ten times the cost; cards are checked on
// every charge.
struct YearMonth {
  int64_t year;
  int32_t month;
};
YearMonth UtcYearMonth(absl::Time now) {
  const int64_t seconds = absl::ToUnixSeconds(now);
  int64_t days = (seconds >= 0 ? seconds : seconds - 86399) / 86400;
  days += 719468;  // days from 0000-03-01 to 1970-01-01
  const int64_t era = (days >= 0 ? days : days - 146096) / 146097;
  const int64_t day_of_era = days - era * 146097;
  const int64_t year_of_era =
      (day_of_era - day_of_era / 1460 + day_of_era / 36524 - day_of_era / 146096) / 365;
  const int64_t day_of_year =
      day_of_era - (365 * year_of_era + year_of_era / 4 - year_of_era / 100);
  const int64_t shifted_month = (5 * day_of_year + 2) / 153;  // 0 = March
  const int32_t month =
      static_cast<int32_t>(shifted_month < 10 ? shifted_month + 3 : shifted_month - 9);
  return YearMonth{year_of_era + era * 400 + (month <= 2 ? 1 : 0), month};
}

bool AllDigits(absl::string_view s) {
  if (s.empty()) return false;
  for (char c : s) {
    if (!absl::ascii_isdigit(static_cast<unsigned char>(c))) return false;
  }
  return true;
}

std::string StripSpaces(absl::string_view number) {
  std::string out;
  for (char c : number) {
    if (c != ' ' && c != '-') out.push_back(c);
  }
  return out;
}

}  // namespace

absl::StatusOr<CheckedCard> CheckCardParams(const CardParams& params, absl::Time now,
                                            absl::string_view prefix) {
  if (!params.has_number()) return ParameterMissing(absl::StrCat(prefix, "[number]"));
  if (!params.has_exp_month()) return ParameterMissing(absl::StrCat(prefix, "[exp_month]"));
  if (!params.has_exp_year()) return ParameterMissing(absl::StrCat(prefix, "[exp_year]"));
  const std::string number = StripSpaces(params.number());
  if (!AllDigits(number) || number.size() < 12 || number.size() > 19 || !PassesLuhn(number)) {
    return CardError("incorrect_number", "number", "Your card number is incorrect.");
  }
  const TestCard* card = FindTestCardByNumber(number);
  if (card == nullptr) {
    return CardError("card_declined", "",
                     "Your card was declined. Your request was in test mode, but used a non "
                     "test (live) card. For a list of valid test cards, visit: "
                     "https://stripe.com/docs/testing.",
                     "live_mode_test_card");
  }
  const int32_t month = params.exp_month();
  if (month < 1 || month > 12) {
    return CardError("invalid_expiry_month", "exp_month",
                     "Your card's expiration month is invalid.");
  }
  int32_t year = params.exp_year();
  if (year >= 0 && year < 100) year += 2000;  // two-digit years, as Stripe accepts them
  const YearMonth today = UtcYearMonth(now);
  if (year < today.year || (year == today.year && month < today.month) ||
      year > today.year + 50) {
    return CardError("invalid_expiry_year", "exp_year", "Your card's expiration year is invalid.");
  }
  if (params.has_cvc()) {
    const size_t want = card->brand == "amex" ? 4 : 3;
    if (!AllDigits(params.cvc()) || params.cvc().size() != want) {
      return CardError("invalid_cvc", "cvc", "Your card's security code is invalid.");
    }
  }
  return CheckedCard{card, month, year, params.has_cvc()};
}

CheckedCard CheckedTestCard(const TestCard& card, absl::Time now) {
  const YearMonth today = UtcYearMonth(now);
  return CheckedCard{&card, today.month, static_cast<int32_t>(today.year + 3), true};
}

namespace {

Card MakeLegacyCardWithoutId(const CheckedCard& checked, const CardParams* params,
                             absl::string_view cvc_check) {
  const TestCard& card = *checked.card;
  Card out;
  out.set_object(PAYSIM_INTERNED("card"));
  if (params != nullptr) {
    if (params->has_address_city()) out.set_address_city(params->address_city());
    if (params->has_address_country()) out.set_address_country(params->address_country());
    if (params->has_address_line1()) {
      out.set_address_line1(params->address_line1());
      out.set_address_line1_check(PAYSIM_INTERNED("unchecked"));
    }
    if (params->has_address_line2()) out.set_address_line2(params->address_line2());
    if (params->has_address_state()) out.set_address_state(params->address_state());
    if (params->has_address_zip()) {
      out.set_address_zip(params->address_zip());
      out.set_address_zip_check(PAYSIM_INTERNED("unchecked"));
    }
    if (params->has_name()) out.set_name(params->name());
  }
  out.set_brand(Interned(LegacyBrandName(card.brand)));
  out.set_country(Interned(card.country));
  if (checked.cvc_provided) out.set_cvc_check(Interned(cvc_check));
  out.set_exp_month(checked.exp_month);
  out.set_exp_year(checked.exp_year);
  out.set_fingerprint(InternedFingerprint(card.number));
  out.set_funding(Interned(card.funding));
  out.set_last4(Interned(card.number.substr(card.number.size() - 4)));
  out.set_number(Interned(card.number));
  out.set_cvc_provided(checked.cvc_provided);
  // Cards of the same test card, expiry and check are equal but for their ids: they share one
  // stable block (every field but the id is stable, proto/card.proto).
  thread_local SharedValues<Card, 16> cards;
  cards.Share(absl::HashOf(card.number, checked.exp_month, checked.exp_year,
                           checked.cvc_provided, cvc_check),
              out);
  return out;
}

}  // namespace

Card MakeLegacyCard(std::string id, const CheckedCard& checked, const CardParams* params,
                    absl::string_view cvc_check) {
  const TestCard& card = *checked.card;
  if (params == nullptr) {
    // A test card's alias (tok_visa): everything but the id follows from the card, its expiry
    // and check. Built once per such key; cards of one key share one stable block.
    using Key = std::tuple<const TestCard*, int32_t, int32_t, bool, std::string>;
    thread_local Memo<Key, Card, 16> made;
    Key key(&card, checked.exp_month, checked.exp_year, checked.cvc_provided,
            std::string(cvc_check));
    Card out = made.Get(absl::HashOf(card.number, checked.exp_month, checked.exp_year,
                                     checked.cvc_provided, cvc_check),
                        key,
                        [&] { return MakeLegacyCardWithoutId(checked, nullptr, cvc_check); });
    out.set_id(std::move(id));
    return out;
  }
  Card out = MakeLegacyCardWithoutId(checked, params, cvc_check);
  out.set_id(std::move(id));
  return out;
}

PaymentMethodCard MakePaymentMethodCard(const CheckedCard& checked) {
  const TestCard& card = *checked.card;
  // The same test card, expiry and check: one value, built once and shared by the
  // PaymentMethods that have it.
  using Key = std::tuple<const TestCard*, int32_t, int32_t, bool>;
  thread_local Memo<Key, PaymentMethodCard, 16> cards;
  const Key key(&card, checked.exp_month, checked.exp_year, checked.cvc_provided);
  return cards.Get(
      absl::HashOf(card.number, checked.exp_month, checked.exp_year, checked.cvc_provided), key,
      [&] {
        PaymentMethodCard out;
        out.set_brand(Interned(card.brand));
        CardChecks* checks = out.mutable_checks();
        if (checked.cvc_provided) checks->set_cvc_check(PAYSIM_INTERNED("unchecked"));
        out.set_country(Interned(card.country));
        out.set_display_brand(Interned(card.co_brand.empty() ? card.brand : card.co_brand));
        out.set_exp_month(checked.exp_month);
        out.set_exp_year(checked.exp_year);
        out.set_fingerprint(InternedFingerprint(card.number));
        out.set_funding(Interned(card.funding));
        out.set_last4(Interned(card.number.substr(card.number.size() - 4)));
        out.mutable_networks()->add_available(std::string(card.brand));
        out.mutable_three_d_secure_usage()->set_supported(card.three_d_secure !=
                                                          ThreeDSecure::kNotSupported);
        out.set_number(Interned(card.number));
        out.set_cvc_provided(checked.cvc_provided);
        return out;
      });
}

ChargeCardDetails MakeChargeCardDetails(const TestCard& card, int32_t exp_month, int32_t exp_year,
                                        bool cvc_provided, int64_t amount) {
  ChargeCardDetails out;
  out.set_amount_authorized(amount);
  out.set_brand(Interned(card.brand));
  CardChecks* checks = out.mutable_checks();
  if (cvc_provided) checks->set_cvc_check(Interned(card.cvc_check));
  out.set_country(Interned(card.country));
  out.set_exp_month(exp_month);
  out.set_exp_year(exp_year);
  out.set_fingerprint(InternedFingerprint(card.number));
  out.set_funding(Interned(card.funding));
  out.set_last4(Interned(card.number.substr(card.number.size() - 4)));
  out.set_network(Interned(card.brand));
  return out;
}

absl::Status CardDeclinedError(const TestCard& card, absl::string_view charge_id) {
  StripeError error;
  error.set_type(PAYSIM_INTERNED("card_error"));
  if (!card.advice_code.empty()) error.set_advice_code(Interned(card.advice_code));
  error.set_charge(std::string(charge_id));
  error.set_code(std::string(card.code.empty() ? "card_declined" : card.code));
  if (!card.decline_code.empty()) error.set_decline_code(Interned(card.decline_code));
  error.set_message(std::string(card.message.empty() ? "Your card was declined." : card.message));
  if (!card.network_advice_code.empty()) {
    error.set_network_advice_code(Interned(card.network_advice_code));
  }
  if (!card.network_decline_code.empty()) {
    error.set_network_decline_code(Interned(card.network_decline_code));
  }
  if (!card.param.empty()) error.set_param(Interned(card.param));
  error.set_http_status(402);
  return MakeStripeError(std::move(error));
}

}  // namespace internal
}  // namespace paysim
