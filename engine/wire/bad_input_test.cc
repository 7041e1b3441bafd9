// Bad input everywhere: every endpoint of the wire door receives missing, unknown, wrong-typed,
// out-of-range and oversized parameters (and ids that do not exist, and requests too large),
// and must answer Stripe's error (HTTP status, type, code, param) while changing nothing: the
// engine's state summary (objects per store, events, timers, idempotency keys, ids drawn,
// balance) is the same before and after.
//
// The table is the specification; each row is one request. `{cus}`, `{ch}`, ... in a path or
// body are replaced by the ids of objects the fixture made.
#include <string>
#include <utility>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_replace.h"
#include "engine/engine.h"
#include "engine/json_render.h"
#include "engine/wire/wire.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "testing/fake_clock.h"

namespace paysim {
namespace wire {
namespace {

struct BadInput {
  const char* name;
  const char* method;
  std::string path;
  std::string body;
  int status;
  const char* type;
  const char* code;   // "" : no code
  std::string param;  // "" : no param
};

std::string Many(char c, size_t n) { return std::string(n, c); }

// `metadata[k0]=v&...` with `n` keys.
std::string ManyKeys(int n) {
  std::string out;
  for (int i = 0; i < n; ++i) absl::StrAppend(&out, i ? "&" : "", "metadata[k", i, "]=v");
  return out;
}

const std::string kCard = "card[number]=4242424242424242&card[exp_month]=12&card[exp_year]=2030";
const std::string kLong = Many('x', 5001);  // one past Stripe's 5000-character limit

std::vector<BadInput> Table() {
  return {
      // ---- tokens ----
      {"token: no card", "POST", "/v1/tokens", "", 400, "invalid_request_error",
       "parameter_missing", "card"},
      {"token: no exp_year", "POST", "/v1/tokens",
       "card[number]=4242424242424242&card[exp_month]=12", 400, "invalid_request_error",
       "parameter_missing", "card[exp_year]"},
      {"token: exp_month 13", "POST", "/v1/tokens",
       "card[number]=4242424242424242&card[exp_month]=13&card[exp_year]=2030", 402, "card_error",
       "invalid_expiry_month", "exp_month"},
      {"token: exp_month not a number", "POST", "/v1/tokens",
       "card[number]=4242424242424242&card[exp_month]=twelve&card[exp_year]=2030", 400,
       "invalid_request_error", "parameter_invalid_integer", "card[exp_month]"},
      {"token: Luhn", "POST", "/v1/tokens",
       "card[number]=4242424242424241&card[exp_month]=12&card[exp_year]=2030", 402, "card_error",
       "incorrect_number", "number"},
      {"token: unknown param", "POST", "/v1/tokens", kCard + "&color=blue", 400,
       "invalid_request_error", "parameter_unknown", "color"},
      {"token: unknown nested param", "POST", "/v1/tokens", kCard + "&card[pin]=1234", 400,
       "invalid_request_error", "parameter_unknown", "card[pin]"},
      {"token: card is not a hash", "POST", "/v1/tokens", "card=4242424242424242", 400,
       "invalid_request_error", "", "card"},
      {"token: name too long", "POST", "/v1/tokens", kCard + "&card[name]=" + kLong, 400,
       "invalid_request_error", "", "card[name]"},
      {"token: retrieve unknown", "GET", "/v1/tokens/tok_missing", "", 404, "invalid_request_error",
       "resource_missing", "id"},
      {"token: retrieve with a param", "GET", "/v1/tokens/{tok}?card=1", "", 400,
       "invalid_request_error", "parameter_unknown", "card"},

      // ---- customers ----
      {"customer: bad email", "POST", "/v1/customers", "email=not-an-email", 400,
       "invalid_request_error", "email_invalid", "email"},
      {"customer: unknown param", "POST", "/v1/customers", "favorite_color=blue", 400,
       "invalid_request_error", "parameter_unknown", "favorite_color"},
      {"customer: tax_exempt not one of Stripe's", "POST", "/v1/customers", "tax_exempt=maybe",
       400, "invalid_request_error", "", "tax_exempt"},
      {"customer: malformed tax_id_data", "POST", "/v1/customers",
       "tax_id_data[0][type]=us_ein&tax_id_data[0][value]=12", 400, "invalid_request_error",
       "tax_id_invalid", "tax_id_data[0][value]"},
      {"tax id: unknown type", "POST", "/v1/customers/{cus}/tax_ids", "type=xx_vat&value=1",
       400, "invalid_request_error", "", "type"},
      {"customer: balance not an integer", "POST", "/v1/customers", "balance=lots", 400,
       "invalid_request_error", "parameter_invalid_integer", "balance"},
      {"customer: 51 metadata keys", "POST", "/v1/customers", ManyKeys(51), 400,
       "invalid_request_error", "", "metadata"},
      {"customer: metadata key of 41", "POST", "/v1/customers", "metadata[" + Many('k', 41) + "]=v",
       400, "invalid_request_error", "", "metadata[" + Many('k', 41) + "]"},
      {"customer: metadata value of 501", "POST", "/v1/customers", "metadata[k]=" + Many('v', 501),
       400, "invalid_request_error", "", "metadata[k]"},
      {"customer: description too long", "POST", "/v1/customers", "description=" + kLong, 400,
       "invalid_request_error", "", "description"},
      {"customer: address is not a hash", "POST", "/v1/customers", "address=Main+St", 400,
       "invalid_request_error", "", "address"},
      {"customer: unknown token", "POST", "/v1/customers", "source=tok_missing", 400,
       "invalid_request_error", "resource_missing", "source"},
      {"customer: unknown payment method", "POST", "/v1/customers", "payment_method=pm_missing",
       400, "invalid_request_error", "resource_missing", "payment_method"},
      {"customer: declining card as source", "POST", "/v1/customers", "source=tok_chargeDeclined",
       402, "card_error", "card_declined", ""},
      {"customer: list limit 0", "GET", "/v1/customers?limit=0", "", 400, "invalid_request_error",
       "", "limit"},
      {"customer: list limit 101", "GET", "/v1/customers?limit=101", "", 400,
       "invalid_request_error", "", "limit"},
      {"customer: list limit not a number", "GET", "/v1/customers?limit=ten", "", 400,
       "invalid_request_error", "parameter_invalid_integer", "limit"},
      {"customer: list unknown cursor", "GET", "/v1/customers?starting_after=cus_missing", "", 400,
       "invalid_request_error", "resource_missing", "starting_after"},
      {"customer: list both cursors", "GET",
       "/v1/customers?starting_after={cus}&ending_before={cus}", "", 400, "invalid_request_error",
       "parameters_exclusive", "ending_before"},
      {"customer: retrieve unknown", "GET", "/v1/customers/cus_missing", "", 404,
       "invalid_request_error", "resource_missing", "id"},
      {"customer: update bad email", "POST", "/v1/customers/{cus}", "email=@", 400,
       "invalid_request_error", "email_invalid", "email"},
      {"customer: update unknown default_source", "POST", "/v1/customers/{cus}",
       "default_source=card_missing", 400, "invalid_request_error", "", "default_source"},
      {"customer: update unknown default payment method", "POST", "/v1/customers/{cus}",
       "invoice_settings[default_payment_method]=pm_missing", 400, "invalid_request_error",
       "resource_missing", "invoice_settings[default_payment_method]"},
      {"customer: update unknown", "POST", "/v1/customers/cus_missing", "name=x", 404,
       "invalid_request_error", "resource_missing", "id"},
      {"customer: delete unknown", "DELETE", "/v1/customers/cus_missing", "", 404,
       "invalid_request_error", "resource_missing", "id"},
      {"customer: delete with a param", "DELETE", "/v1/customers/{cus}?force=true", "", 400,
       "invalid_request_error", "parameter_unknown", "force"},
      {"customer: payment methods with customer param", "GET",
       "/v1/customers/{cus}/payment_methods?customer={cus}", "", 400, "invalid_request_error",
       "parameter_unknown", "customer"},

      // ---- a customer's card sources ----
      {"source: unknown customer", "POST", "/v1/customers/cus_missing/sources", "source=tok_visa",
       404, "invalid_request_error", "resource_missing", "id"},
      {"source: no source", "POST", "/v1/customers/{cus}/sources", "", 400,
       "invalid_request_error", "parameter_missing", "source"},
      {"source: unknown token", "POST", "/v1/customers/{cus}/sources", "source=tok_missing", 400,
       "invalid_request_error", "resource_missing", "source"},
      {"source: declining card", "POST", "/v1/customers/{cus}/sources",
       "source=tok_chargeDeclined", 402, "card_error", "card_declined", ""},
      {"source: unknown param", "POST", "/v1/customers/{cus}/sources", "source=tok_visa&color=red",
       400, "invalid_request_error", "parameter_unknown", "color"},
      {"source: 51 metadata keys", "POST", "/v1/customers/{cus}/sources",
       "source=tok_visa&" + ManyKeys(51), 400, "invalid_request_error", "", "metadata"},
      {"source: retrieve unknown", "GET", "/v1/customers/{cus}/sources/card_missing", "", 404,
       "invalid_request_error", "resource_missing", "id"},
      {"source: update unknown", "POST", "/v1/customers/{cus}/sources/card_missing", "name=x", 404,
       "invalid_request_error", "resource_missing", "id"},
      {"source: update exp_month not a number", "POST", "/v1/customers/{cus}/sources/card_missing",
       "exp_month=july", 400, "invalid_request_error", "parameter_invalid_integer", "exp_month"},
      {"source: delete unknown", "DELETE", "/v1/customers/{cus}/cards/card_missing", "", 404,
       "invalid_request_error", "resource_missing", "id"},
      {"source: list other object", "GET", "/v1/customers/{cus}/sources?object=coin", "", 400,
       "invalid_request_error", "", "object"},
      {"source: list limit 0", "GET", "/v1/customers/{cus}/sources?limit=0", "", 400,
       "invalid_request_error", "", "limit"},
      {"source: expand a list", "GET", "/v1/customers/{cus}?expand[]=sources.data", "", 400,
       "invalid_request_error", "", "expand"},

      // ---- a customer's balance transactions ----
      {"customer balance: unknown customer", "POST",
       "/v1/customers/cus_missing/balance_transactions", "amount=100&currency=usd", 404,
       "invalid_request_error", "resource_missing", "id"},
      {"customer balance: no amount", "POST", "/v1/customers/{cus}/balance_transactions",
       "currency=usd", 400, "invalid_request_error", "parameter_missing", "amount"},
      {"customer balance: no currency", "POST", "/v1/customers/{cus}/balance_transactions",
       "amount=100", 400, "invalid_request_error", "parameter_missing", "currency"},
      {"customer balance: amount 0", "POST", "/v1/customers/{cus}/balance_transactions",
       "amount=0&currency=usd", 400, "invalid_request_error", "", "amount"},
      {"customer balance: amount not an integer", "POST",
       "/v1/customers/{cus}/balance_transactions", "amount=1.5&currency=usd", 400,
       "invalid_request_error", "parameter_invalid_integer", "amount"},
      {"customer balance: unknown currency", "POST", "/v1/customers/{cus}/balance_transactions",
       "amount=100&currency=xyz", 400, "invalid_request_error", "", "currency"},
      {"customer balance: description too long", "POST",
       "/v1/customers/{cus}/balance_transactions",
       "amount=100&currency=usd&description=" + kLong, 400, "invalid_request_error", "",
       "description"},
      {"customer balance: 51 metadata keys", "POST", "/v1/customers/{cus}/balance_transactions",
       "amount=100&currency=usd&" + ManyKeys(51), 400, "invalid_request_error", "", "metadata"},
      {"customer balance: retrieve unknown", "GET",
       "/v1/customers/{cus}/balance_transactions/cbtx_missing", "", 404, "invalid_request_error",
       "resource_missing", "id"},
      {"customer balance: update unknown", "POST",
       "/v1/customers/{cus}/balance_transactions/cbtx_missing", "description=x", 404,
       "invalid_request_error", "resource_missing", "id"},
      {"customer balance: update amount", "POST",
       "/v1/customers/{cus}/balance_transactions/cbtx_missing", "amount=5", 400,
       "invalid_request_error", "parameter_unknown", "amount"},
      {"customer balance: list limit 0", "GET",
       "/v1/customers/{cus}/balance_transactions?limit=0", "", 400, "invalid_request_error", "",
       "limit"},

      // ---- payment methods ----
      {"payment method: no type", "POST", "/v1/payment_methods", kCard, 400,
       "invalid_request_error", "parameter_missing", "type"},
      {"payment method: no card", "POST", "/v1/payment_methods", "type=card", 400,
       "invalid_request_error", "parameter_missing", "card"},
      {"payment method: other type", "POST", "/v1/payment_methods", "type=ideal&" + kCard, 400,
       "invalid_request_error", "", "type"},
      {"payment method: token and number", "POST", "/v1/payment_methods",
       "type=card&card[token]=tok_visa&card[number]=4242424242424242", 400, "invalid_request_error",
       "parameters_exclusive", "card[token]"},
      {"payment method: bad allow_redisplay", "POST", "/v1/payment_methods",
       "type=card&allow_redisplay=sometimes&" + kCard, 400, "invalid_request_error", "",
       "allow_redisplay"},
      {"payment method: exp_year not a number", "POST", "/v1/payment_methods",
       "type=card&card[number]=4242424242424242&card[exp_month]=1&card[exp_year]=soon", 400,
       "invalid_request_error", "parameter_invalid_integer", "card[exp_year]"},
      {"payment method: exp_year overflows", "POST", "/v1/payment_methods",
       "type=card&card[number]=4242424242424242&card[exp_month]=1&card[exp_year]=99999999999", 400,
       "invalid_request_error", "parameter_invalid_integer", "card[exp_year]"},
      {"payment method: bad billing email", "POST", "/v1/payment_methods",
       "type=card&billing_details[email]=nope&" + kCard, 400, "invalid_request_error",
       "email_invalid", "billing_details[email]"},
      {"payment method: attach without customer", "POST", "/v1/payment_methods/{pm_free}/attach",
       "", 400, "invalid_request_error", "parameter_missing", "customer"},
      {"payment method: attach to unknown customer", "POST", "/v1/payment_methods/{pm_free}/attach",
       "customer=cus_missing", 400, "invalid_request_error", "resource_missing", "customer"},
      {"payment method: attach unknown", "POST", "/v1/payment_methods/pm_missing/attach",
       "customer={cus}", 404, "invalid_request_error", "resource_missing", "id"},
      {"payment method: attach a declining card", "POST",
       "/v1/payment_methods/pm_card_visa_chargeDeclined/attach", "customer={cus}", 402,
       "card_error", "card_declined", ""},
      {"payment method: detach unattached", "POST", "/v1/payment_methods/{pm_free}/detach", "", 400,
       "invalid_request_error", "", "payment_method"},
      {"payment method: detach with a param", "POST", "/v1/payment_methods/{pm}/detach",
       "customer={cus}", 400, "invalid_request_error", "parameter_unknown", "customer"},
      {"payment method: update exp_month 13", "POST", "/v1/payment_methods/{pm}",
       "card[exp_month]=13", 400, "invalid_request_error", "invalid_expiry_month",
       "card[exp_month]"},
      {"payment method: update unattached", "POST", "/v1/payment_methods/{pm_free}",
       "metadata[a]=1", 400, "invalid_request_error", "", "payment_method"},
      {"payment method: list other type", "GET", "/v1/payment_methods?type=ideal", "", 400,
       "invalid_request_error", "", "type"},
      {"payment method: retrieve unknown", "GET", "/v1/payment_methods/pm_missing", "", 404,
       "invalid_request_error", "resource_missing", "id"},

      // ---- charges ----
      {"charge: no amount", "POST", "/v1/charges", "currency=usd&source=tok_visa", 400,
       "invalid_request_error", "parameter_missing", "amount"},
      {"charge: no currency", "POST", "/v1/charges", "amount=999&source=tok_visa", 400,
       "invalid_request_error", "parameter_missing", "currency"},
      {"charge: no source", "POST", "/v1/charges", "amount=999&currency=usd", 400,
       "invalid_request_error", "parameter_missing", "source"},
      {"charge: amount not a number", "POST", "/v1/charges",
       "amount=9.99&currency=usd&source=tok_visa", 400, "invalid_request_error",
       "parameter_invalid_integer", "amount"},
      {"charge: amount overflows", "POST", "/v1/charges",
       "amount=99999999999999999999&currency=usd&source=tok_visa", 400, "invalid_request_error",
       "parameter_invalid_integer", "amount"},
      {"charge: amount below the minimum", "POST", "/v1/charges",
       "amount=49&currency=usd&source=tok_visa", 400, "invalid_request_error", "amount_too_small",
       "amount"},
      {"charge: negative amount", "POST", "/v1/charges", "amount=-100&currency=usd&source=tok_visa",
       400, "invalid_request_error", "amount_too_small", "amount"},
      {"charge: amount above the maximum", "POST", "/v1/charges",
       "amount=100000000&currency=usd&source=tok_visa", 400, "invalid_request_error",
       "amount_too_large", "amount"},
      {"charge: unknown currency", "POST", "/v1/charges", "amount=999&currency=xyz&source=tok_visa",
       400, "invalid_request_error", "", "currency"},
      {"charge: capture not a boolean", "POST", "/v1/charges",
       "amount=999&currency=usd&source=tok_visa&capture=yes", 400, "invalid_request_error", "",
       "capture"},
      {"charge: descriptor of 23", "POST", "/v1/charges",
       "amount=999&currency=usd&source=tok_visa&statement_descriptor=" + Many('A', 23), 400,
       "invalid_request_error", "", "statement_descriptor"},
      {"charge: bad receipt email", "POST", "/v1/charges",
       "amount=999&currency=usd&source=tok_visa&receipt_email=nope", 400, "invalid_request_error",
       "email_invalid", "receipt_email"},
      {"charge: metadata key of 41", "POST", "/v1/charges",
       "amount=999&currency=usd&source=tok_visa&metadata[" + Many('k', 41) + "]=v", 400,
       "invalid_request_error", "", "metadata[" + Many('k', 41) + "]"},
      {"charge: metadata is not a hash", "POST", "/v1/charges",
       "amount=999&currency=usd&source=tok_visa&metadata=x", 400, "invalid_request_error", "",
       "metadata"},
      {"charge: description too long", "POST", "/v1/charges",
       "amount=999&currency=usd&source=tok_visa&description=" + kLong, 400, "invalid_request_error",
       "", "description"},
      {"charge: unknown token", "POST", "/v1/charges", "amount=999&currency=usd&source=tok_missing",
       400, "invalid_request_error", "resource_missing", "source"},
      {"charge: unknown customer", "POST", "/v1/charges",
       "amount=999&currency=usd&customer=cus_missing", 400, "invalid_request_error",
       "resource_missing", "customer"},
      {"charge: unknown param", "POST", "/v1/charges",
       "amount=999&currency=usd&source=tok_visa&destination=acct_1", 400, "invalid_request_error",
       "parameter_unknown", "destination"},
      {"charge: duplicate param", "POST", "/v1/charges",
       "amount=999&amount=999&currency=usd&source=tok_visa", 400, "invalid_request_error", "",
       "amount"},
      {"charge: list limit 1000", "GET", "/v1/charges?limit=1000", "", 400, "invalid_request_error",
       "", "limit"},
      {"charge: retrieve unknown", "GET", "/v1/charges/ch_missing", "", 404,
       "invalid_request_error", "resource_missing", "id"},
      {"charge: update bad email", "POST", "/v1/charges/{ch}", "receipt_email=nope", 400,
       "invalid_request_error", "email_invalid", "receipt_email"},
      {"charge: update amount", "POST", "/v1/charges/{ch}", "amount=5", 400,
       "invalid_request_error", "parameter_unknown", "amount"},
      {"charge: capture captured", "POST", "/v1/charges/{ch}/capture", "", 400,
       "invalid_request_error", "charge_already_captured", ""},
      {"charge: capture more than held", "POST", "/v1/charges/{hold}/capture", "amount=1000", 400,
       "invalid_request_error", "amount_too_large", "amount"},
      {"charge: capture below the minimum", "POST", "/v1/charges/{hold}/capture", "amount=10", 400,
       "invalid_request_error", "amount_too_small", "amount"},
      {"charge: capture amount not a number", "POST", "/v1/charges/{hold}/capture", "amount=all",
       400, "invalid_request_error", "parameter_invalid_integer", "amount"},
      {"charge: capture unknown", "POST", "/v1/charges/ch_missing/capture", "", 404,
       "invalid_request_error", "resource_missing", "id"},
      {"charge: nested refund names the charge", "POST", "/v1/charges/{ch}/refunds", "charge={ch}",
       400, "invalid_request_error", "parameter_unknown", "charge"},
      {"charge: nested refund too large", "POST", "/v1/charges/{ch}/refunds", "amount=100000", 400,
       "invalid_request_error", "amount_too_large", "amount"},

      // ---- refunds ----
      {"refund: no charge", "POST", "/v1/refunds", "", 400, "invalid_request_error",
       "parameter_missing", "charge"},
      {"refund: amount 0", "POST", "/v1/refunds", "charge={ch}&amount=0", 400,
       "invalid_request_error", "parameter_invalid_integer", "amount"},
      {"refund: negative amount", "POST", "/v1/refunds", "charge={ch}&amount=-5", 400,
       "invalid_request_error", "parameter_invalid_integer", "amount"},
      {"refund: amount too large", "POST", "/v1/refunds", "charge={ch}&amount=1000", 400,
       "invalid_request_error", "amount_too_large", "amount"},
      {"refund: bad reason", "POST", "/v1/refunds", "charge={ch}&reason=because", 400,
       "invalid_request_error", "", "reason"},
      {"refund: unknown charge", "POST", "/v1/refunds", "charge=ch_missing", 400,
       "invalid_request_error", "resource_missing", "charge"},
      {"refund: unknown payment intent", "POST", "/v1/refunds", "payment_intent=pi_missing", 400,
       "invalid_request_error", "resource_missing", "payment_intent"},
      {"refund: failed charge", "POST", "/v1/refunds", "charge={failed}", 400,
       "invalid_request_error", "charge_not_refundable", "charge"},
      {"refund: update metadata value of 501", "POST", "/v1/refunds/{re}",
       "metadata[k]=" + Many('v', 501), 400, "invalid_request_error", "", "metadata[k]"},
      {"refund: update amount", "POST", "/v1/refunds/{re}", "amount=1", 400,
       "invalid_request_error", "parameter_unknown", "amount"},
      {"refund: retrieve unknown", "GET", "/v1/refunds/re_missing", "", 404,
       "invalid_request_error", "resource_missing", "id"},
      {"refund: list limit negative", "GET", "/v1/refunds?limit=-1", "", 400,
       "invalid_request_error", "", "limit"},

      // ---- balance ----
      {"balance: unknown param", "GET", "/v1/balance?currency=usd", "", 400,
       "invalid_request_error", "parameter_unknown", "currency"},
      {"balance transactions: limit 0", "GET", "/v1/balance_transactions?limit=0", "", 400,
       "invalid_request_error", "", "limit"},
      {"balance transactions: unknown cursor", "GET",
       "/v1/balance_transactions?starting_after=txn_missing", "", 400, "invalid_request_error",
       "resource_missing", "starting_after"},
      {"balance transaction: retrieve unknown", "GET", "/v1/balance_transactions/txn_missing", "",
       404, "invalid_request_error", "resource_missing", "id"},

      // ---- payment intents ----
      {"payment intent: no amount", "POST", "/v1/payment_intents", "currency=usd", 400,
       "invalid_request_error", "parameter_missing", "amount"},
      {"payment intent: no currency", "POST", "/v1/payment_intents", "amount=1000", 400,
       "invalid_request_error", "parameter_missing", "currency"},
      {"payment intent: amount below the minimum", "POST", "/v1/payment_intents",
       "amount=10&currency=usd", 400, "invalid_request_error", "amount_too_small", "amount"},
      {"payment intent: bad capture_method", "POST", "/v1/payment_intents",
       "amount=1000&currency=usd&capture_method=later", 400, "invalid_request_error", "",
       "capture_method"},
      {"payment intent: bad confirmation_method", "POST", "/v1/payment_intents",
       "amount=1000&currency=usd&confirmation_method=never", 400, "invalid_request_error", "",
       "confirmation_method"},
      {"payment intent: bad setup_future_usage", "POST", "/v1/payment_intents",
       "amount=1000&currency=usd&setup_future_usage=always", 400, "invalid_request_error", "",
       "setup_future_usage"},
      {"payment intent: off_session without confirm", "POST", "/v1/payment_intents",
       "amount=1000&currency=usd&off_session=true", 400, "invalid_request_error", "",
       "off_session"},
      {"payment intent: statement_descriptor for a card", "POST", "/v1/payment_intents",
       "amount=1000&currency=usd&statement_descriptor=PAYSIM", 400, "invalid_request_error", "",
       "statement_descriptor"},
      {"payment intent: other method type", "POST", "/v1/payment_intents",
       "amount=1000&currency=usd&payment_method_types[]=ideal", 400, "invalid_request_error",
       "", "payment_method_types[0]"},
      {"payment intent: confirm not a boolean", "POST", "/v1/payment_intents",
       "amount=1000&currency=usd&confirm=1", 400, "invalid_request_error", "", "confirm"},
      {"payment intent: confirm without a payment method", "POST", "/v1/payment_intents",
       "amount=1000&currency=usd&confirm=true", 400, "invalid_request_error",
       "payment_intent_unexpected_state", ""},
      {"payment intent: unknown customer", "POST", "/v1/payment_intents",
       "amount=1000&currency=usd&customer=cus_missing", 400, "invalid_request_error",
       "resource_missing", "customer"},
      {"payment intent: unknown payment method", "POST", "/v1/payment_intents",
       "amount=1000&currency=usd&payment_method=pm_missing", 400, "invalid_request_error",
       "resource_missing", "payment_method"},
      {"payment intent: description too long", "POST", "/v1/payment_intents",
       "amount=1000&currency=usd&description=" + kLong, 400, "invalid_request_error", "",
       "description"},
      {"payment intent: update amount below the minimum", "POST", "/v1/payment_intents/{pi}",
       "amount=10", 400, "invalid_request_error", "amount_too_small", "amount"},
      {"payment intent: confirm without a payment method", "POST",
       "/v1/payment_intents/{pi}/confirm", "", 400, "invalid_request_error",
       "payment_intent_unexpected_state", ""},
      {"payment intent: capture before confirming", "POST", "/v1/payment_intents/{pi}/capture", "",
       400, "invalid_request_error", "payment_intent_unexpected_state", ""},
      {"payment intent: bad cancellation_reason", "POST", "/v1/payment_intents/{pi}/cancel",
       "cancellation_reason=bored", 400, "invalid_request_error", "", "cancellation_reason"},
      {"payment intent: 3D Secure without a challenge", "POST",
       "/v1/test_helpers/payment_intents/{pi}/complete_three_d_secure", "", 400,
       "invalid_request_error", "payment_intent_unexpected_state", ""},
      {"payment intent: 3D Secure helper with a param", "POST",
       "/v1/test_helpers/payment_intents/{pi}/fail_three_d_secure", "outcome=fail", 400,
       "invalid_request_error", "parameter_unknown", "outcome"},
      {"payment intent: retrieve unknown", "GET", "/v1/payment_intents/pi_missing", "", 404,
       "invalid_request_error", "resource_missing", "id"},
      {"payment intent: list limit 0", "GET", "/v1/payment_intents?limit=0", "", 400,
       "invalid_request_error", "", "limit"},

      // ---- setup intents ----
      {"setup intent: bad usage", "POST", "/v1/setup_intents", "usage=sometimes", 400,
       "invalid_request_error", "", "usage"},
      {"setup intent: return_url without confirm", "POST", "/v1/setup_intents",
       "return_url=https://example.com", 400, "invalid_request_error", "", "return_url"},
      {"setup intent: confirm without a payment method", "POST", "/v1/setup_intents",
       "confirm=true", 400, "invalid_request_error", "setup_intent_unexpected_state", ""},
      {"setup intent: unknown customer", "POST", "/v1/setup_intents", "customer=cus_missing", 400,
       "invalid_request_error", "resource_missing", "customer"},
      {"setup intent: confirm without a payment method", "POST", "/v1/setup_intents/{seti}/confirm",
       "", 400, "invalid_request_error", "setup_intent_unexpected_state", ""},
      {"setup intent: bad cancellation_reason", "POST", "/v1/setup_intents/{seti}/cancel",
       "cancellation_reason=bored", 400, "invalid_request_error", "", "cancellation_reason"},
      {"setup intent: retrieve unknown", "GET", "/v1/setup_intents/seti_missing", "", 404,
       "invalid_request_error", "resource_missing", "id"},
      {"setup intent: update with an unknown card", "POST", "/v1/setup_intents/{seti}",
       "payment_method=pm_missing", 400, "invalid_request_error", "resource_missing",
       "payment_method"},
      {"setup intent: update with a bad 3D Secure request", "POST", "/v1/setup_intents/{seti}",
       "payment_method_options[card][request_three_d_secure]=always", 400,
       "invalid_request_error", "", "payment_method_options[card][request_three_d_secure]"},
      {"setup intent: update unknown", "POST", "/v1/setup_intents/seti_missing", "", 404,
       "invalid_request_error", "resource_missing", "id"},

      // ---- events ----
      {"events: limit not a number", "GET", "/v1/events?limit=many", "", 400,
       "invalid_request_error", "parameter_invalid_integer", "limit"},
      {"events: type too long", "GET", "/v1/events?type=" + kLong, "", 400, "invalid_request_error",
       "", "type"},
      {"events: type and types", "GET",
       "/v1/events?type=charge.succeeded&types[]=charge.refunded", "", 400,
       "invalid_request_error", "", "types"},
      {"events: 21 types", "GET", "/v1/events?" + [] {
         std::string q;
         for (int i = 0; i < 21; ++i) absl::StrAppend(&q, i ? "&" : "", "types[]=charge.succeeded");
         return q;
       }(), "", 400, "invalid_request_error", "", "types"},
      {"events: delivery_success not a boolean", "GET", "/v1/events?delivery_success=maybe", "",
       400, "invalid_request_error", "", "delivery_success"},
      {"event: retrieve unknown", "GET", "/v1/events/evt_missing", "", 404, "invalid_request_error",
       "resource_missing", "id"},

      // ---- top-ups ----
      {"topup: no amount", "POST", "/v1/topups", "currency=usd", 400, "invalid_request_error",
       "parameter_missing", "amount"},
      {"topup: amount not a number", "POST", "/v1/topups", "amount=lots&currency=usd", 400,
       "invalid_request_error", "parameter_invalid_integer", "amount"},
      {"topup: not usd", "POST", "/v1/topups", "amount=2000&currency=eur", 400,
       "invalid_request_error", "", "currency"},
      {"topup: unknown source", "POST", "/v1/topups", "amount=2000&currency=usd&source=btok_x",
       400, "invalid_request_error", "resource_missing", "source"},
      {"topup: statement descriptor too long", "POST", "/v1/topups",
       "amount=2000&currency=usd&statement_descriptor=ABCDEFGHIJKLMNOP", 400,
       "invalid_request_error", "", "statement_descriptor"},
      {"topup: list status reversed", "GET", "/v1/topups?status=reversed", "", 400,
       "invalid_request_error", "", "status"},
      {"topup: cancel unknown", "POST", "/v1/topups/tu_missing/cancel", "", 404,
       "invalid_request_error", "resource_missing", "id"},

      // ---- quotes ----
      {"quote: line without a price", "POST", "/v1/quotes", "line_items[0][quantity]=2", 400,
       "invalid_request_error", "parameter_missing", "line_items[0][price]"},
      {"quote: price_data without a product", "POST", "/v1/quotes",
       "line_items[0][price_data][currency]=usd&line_items[0][price_data][unit_amount]=5", 400,
       "invalid_request_error", "parameter_missing", "line_items[0][price_data][product]"},
      {"quote: unknown price", "POST", "/v1/quotes", "line_items[0][price]=price_missing", 400,
       "invalid_request_error", "resource_missing", "line_items[0][price]"},
      {"quote: unknown customer", "POST", "/v1/quotes", "customer=cus_missing", 400,
       "invalid_request_error", "resource_missing", "customer"},
      {"quote: expires_at in the past", "POST", "/v1/quotes", "expires_at=1000", 400,
       "invalid_request_error", "", "expires_at"},
      {"quote: collection method", "POST", "/v1/quotes", "collection_method=by_hand", 400,
       "invalid_request_error", "", "collection_method"},
      {"quote: price_data's decimal amount not yet", "POST", "/v1/quotes",
       "line_items[0][price_data][unit_amount_decimal]=1.5", 400, "invalid_request_error",
       "parameter_unknown", "line_items[0][price_data][unit_amount_decimal]"},
      {"quote: list status", "GET", "/v1/quotes?status=sent", "", 400, "invalid_request_error",
       "", "status"},
      {"quote: accept unknown", "POST", "/v1/quotes/qt_missing/accept", "", 404,
       "invalid_request_error", "resource_missing", "id"},
      {"quote: finalize a draft without a customer", "POST", "/v1/quotes/{quote}/finalize", "",
       400, "invalid_request_error", "", "customer"},

      // ---- products and prices ----
      {"product: no name", "POST", "/v1/products", "", 400, "invalid_request_error",
       "parameter_missing", "name"},
      {"product: active not a boolean", "POST", "/v1/products", "name=Tee&active=maybe", 400,
       "invalid_request_error", "", "active"},
      {"product: name too long", "POST", "/v1/products", "name=" + kLong, 400,
       "invalid_request_error", "", "name"},
      {"product: list limit 0", "GET", "/v1/products?limit=0", "", 400, "invalid_request_error", "",
       "limit"},
      {"product: retrieve unknown", "GET", "/v1/products/prod_missing", "", 404,
       "invalid_request_error", "resource_missing", "id"},
      {"product: delete unknown", "DELETE", "/v1/products/prod_missing", "", 404,
       "invalid_request_error", "resource_missing", "id"},
      {"price: no currency", "POST", "/v1/prices", "unit_amount=100&product={prod}", 400,
       "invalid_request_error", "parameter_missing", "currency"},
      {"price: unknown currency", "POST", "/v1/prices",
       "currency=xyz&unit_amount=100&product={prod}", 400, "invalid_request_error", "",
       "currency"},
      {"price: unknown product", "POST", "/v1/prices",
       "currency=usd&unit_amount=100&product=prod_missing", 400, "invalid_request_error",
       "resource_missing", "product"},
      {"price: unit_amount not a number", "POST", "/v1/prices",
       "currency=usd&unit_amount=1.5&product={prod}", 400, "invalid_request_error",
       "parameter_invalid_integer", "unit_amount"},
      {"price: retrieve unknown", "GET", "/v1/prices/price_missing", "", 404,
       "invalid_request_error", "resource_missing", "id"},

      // ---- Checkout Sessions and the simulated page ----
      {"checkout: no mode", "POST", "/v1/checkout/sessions", "success_url=https://example.com",
       400, "invalid_request_error", "parameter_missing", "mode"},
      {"checkout: unknown mode", "POST", "/v1/checkout/sessions",
       "mode=rent&success_url=https://example.com", 400, "invalid_request_error", "", "mode"},
      {"checkout: payment without line items", "POST", "/v1/checkout/sessions",
       "mode=payment&success_url=https://example.com", 400, "invalid_request_error",
       "parameter_missing", "line_items"},
      {"checkout: unknown price", "POST", "/v1/checkout/sessions",
       "mode=payment&success_url=https://example.com&line_items[0][price]=price_missing"
       "&line_items[0][quantity]=1",
       400, "invalid_request_error", "resource_missing", "line_items[0][price]"},
      {"checkout: quantity 0", "POST", "/v1/checkout/sessions",
       "mode=payment&success_url=https://example.com&line_items[0][price]={price}"
       "&line_items[0][quantity]=0",
       400, "invalid_request_error", "parameter_invalid_integer", "line_items[0][quantity]"},
      {"checkout: a full statement descriptor on a session that takes cards", "POST",
       "/v1/checkout/sessions",
       "mode=payment&success_url=https://example.com&line_items[0][price]={price}"
       "&line_items[0][quantity]=1&payment_intent_data[statement_descriptor]=SHOP",
       400, "invalid_request_error", "", "payment_intent_data[statement_descriptor]"},
      {"payment link: payment_intent_data on a subscription link", "POST", "/v1/payment_links",
       "line_items[0][price]={monthly}&line_items[0][quantity]=1"
       "&payment_intent_data[description]=x",
       400, "invalid_request_error", "", "payment_intent_data"},
      {"payment link: a full statement descriptor on a link that takes cards", "POST",
       "/v1/payment_links",
       "line_items[0][price]={price}&line_items[0][quantity]=1"
       "&payment_intent_data[statement_descriptor]=SHOP",
       400, "invalid_request_error", "", "payment_intent_data[statement_descriptor]"},
      {"checkout: an adjustable quantity above its maximum", "POST", "/v1/checkout/sessions",
       "mode=payment&success_url=https://example.com&line_items[0][price]={price}"
       "&line_items[0][quantity]=1&line_items[0][adjustable_quantity][enabled]=true"
       "&line_items[0][adjustable_quantity][maximum]=1000000",
       400, "invalid_request_error", "parameter_invalid_integer",
       "line_items[0][adjustable_quantity][maximum]"},
      {"checkout page: a quantity for a line item the session lacks", "POST",
       "/v1/test_helpers/checkout/sessions/{cs}/quantity", "line_item=li_missing&quantity=2",
       400, "invalid_request_error", "", "line_item"},
      {"checkout: a dropdown custom field without options", "POST", "/v1/checkout/sessions",
       "mode=payment&success_url=https://example.com&line_items[0][price]={price}"
       "&line_items[0][quantity]=1&custom_fields[0][key]=size"
       "&custom_fields[0][label][type]=custom&custom_fields[0][label][custom]=Size"
       "&custom_fields[0][type]=dropdown",
       400, "invalid_request_error", "parameter_missing", "custom_fields[0][dropdown]"},
      {"checkout page: a custom field the session lacks", "POST",
       "/v1/test_helpers/checkout/sessions/{cs}/pay",
       "payment_method=pm_card_visa&email=a@example.com&custom_fields[color]=red",
       400, "invalid_request_error", "", "custom_fields[color]"},
      {"checkout: invoice creation enabled in setup mode", "POST", "/v1/checkout/sessions",
       "mode=setup&currency=usd&success_url=https://example.com&invoice_creation[enabled]=true",
       400, "invalid_request_error", "", "invoice_creation[enabled]"},
      {"checkout: an invoice rendering option Stripe lacks", "POST", "/v1/checkout/sessions",
       "mode=payment&success_url=https://example.com&line_items[0][price]={price}"
       "&line_items[0][quantity]=1&invoice_creation[enabled]=true"
       "&invoice_creation[invoice_data][rendering_options][amount_tax_display]=always",
       400, "invalid_request_error", "",
       "invoice_creation[invoice_data][rendering_options][amount_tax_display]"},
      {"checkout: a recovery without enabled", "POST", "/v1/checkout/sessions",
       "mode=payment&success_url=https://example.com&line_items[0][price]={price}"
       "&line_items[0][quantity]=1&after_expiration[recovery][allow_promotion_codes]=true",
       400, "invalid_request_error", "parameter_missing", "after_expiration[recovery][enabled]"},
      {"checkout: an update's metadata key over 40 characters", "POST",
       "/v1/checkout/sessions/{cs}", "metadata[" + std::string(41, 'k') + "]=v", 400,
       "invalid_request_error", "", "metadata[" + std::string(41, 'k') + "]"},
      {"checkout: an update's unknown shipping rate", "POST", "/v1/checkout/sessions/{cs}",
       "shipping_options[0][shipping_rate]=shr_missing", 400, "invalid_request_error",
       "resource_missing", "shipping_options[0][shipping_rate]"},
      {"checkout: an update's shipping option with both a rate and its data", "POST",
       "/v1/checkout/sessions/{cs}",
       "shipping_options[0][shipping_rate]=shr_x&shipping_options[0][shipping_rate_data]"
       "[display_name]=Ground",
       400, "invalid_request_error", "", "shipping_options[0][shipping_rate]"},
      {"checkout: an update's collected information on a hosted session", "POST",
       "/v1/checkout/sessions/{cs}",
       "collected_information[shipping_details][name]=J&collected_information[shipping_details]"
       "[address][line1]=1&collected_information[shipping_details][address][country]=US",
       400, "invalid_request_error", "", "collected_information"},
      {"checkout: permissions on a hosted session", "POST", "/v1/checkout/sessions",
       "mode=payment&success_url=https://example.com&line_items[0][price]={price}"
       "&line_items[0][quantity]=1&permissions[update_shipping_details]=server_only",
       400, "invalid_request_error", "", "permissions"},
      {"checkout: an unknown update_shipping_details", "POST", "/v1/checkout/sessions",
       "mode=payment&ui_mode=embedded_page&return_url=https://example.com"
       "&line_items[0][price]={price}&line_items[0][quantity]=1"
       "&permissions[update_shipping_details]=anyone",
       400, "invalid_request_error", "", "permissions[update_shipping_details]"},
      {"checkout: an update's line_items on a hosted session", "POST",
       "/v1/checkout/sessions/{cs}", "line_items[0][quantity]=2", 400, "invalid_request_error",
       "", "line_items"},
      {"checkout: an update's line item metadata (not yet)", "POST",
       "/v1/checkout/sessions/{cs}", "line_items[0][metadata][k]=v", 400,
       "invalid_request_error", "parameter_unknown", "line_items[0][metadata][k]"},
      {"checkout page: the recovery URL of an open session", "POST",
       "/v1/test_helpers/checkout/sessions/{cs}/recover", "", 400, "invalid_request_error", "",
       ""},
      {"checkout: an optional item without a quantity", "POST", "/v1/checkout/sessions",
       "mode=payment&success_url=https://example.com&line_items[0][price]={price}"
       "&line_items[0][quantity]=1&optional_items[0][price]={price}",
       400, "invalid_request_error", "parameter_missing", "optional_items[0][quantity]"},
      {"checkout page: an optional item the session does not offer", "POST",
       "/v1/test_helpers/checkout/sessions/{cs}/optional_items", "price={price}", 400,
       "invalid_request_error", "", "price"},
      {"checkout: a locale Stripe lacks", "POST", "/v1/checkout/sessions",
       "mode=payment&success_url=https://example.com&line_items[0][price]={price}"
       "&line_items[0][quantity]=1&locale=xx",
       400, "invalid_request_error", "", "locale"},
      {"checkout: setup without currency", "POST", "/v1/checkout/sessions",
       "mode=setup&success_url=https://example.com", 400, "invalid_request_error",
       "parameter_missing", "currency"},
      {"checkout: expires in the past", "POST", "/v1/checkout/sessions",
       "mode=setup&currency=usd&success_url=https://example.com&expires_at=1", 400,
       "invalid_request_error", "", "expires_at"},
      {"checkout: client_reference_id of 201", "POST", "/v1/checkout/sessions",
       "mode=setup&currency=usd&success_url=https://example.com&client_reference_id=" +
           Many('r', 201),
       400, "invalid_request_error", "", "client_reference_id"},
      {"checkout: unknown customer", "POST", "/v1/checkout/sessions",
       "mode=setup&currency=usd&success_url=https://example.com&customer=cus_missing", 400,
       "invalid_request_error", "resource_missing", "customer"},
      {"payment page: unknown session", "GET", "/v1/payment_pages/cs_test_missing", "", 404,
       "invalid_request_error", "resource_missing", "id"},
      {"payment page: confirm unknown session", "POST",
       "/v1/payment_pages/cs_test_missing/confirm", "payment_method=pm_card_visa", 404,
       "invalid_request_error", "resource_missing", "id"},
      {"payment page: confirm without payment method", "POST", "/v1/payment_pages/{cs}/confirm",
       "expected_payment_method_type=card", 400, "invalid_request_error", "parameter_missing",
       "payment_method"},
      {"payment page: confirm another amount", "POST", "/v1/payment_pages/{cs}/confirm",
       "payment_method=pm_card_visa&expected_amount=1", 400, "invalid_request_error", "",
       "expected_amount"},
      {"checkout: retrieve unknown", "GET", "/v1/checkout/sessions/cs_test_missing", "", 404,
       "invalid_request_error", "resource_missing", "id"},
      {"checkout: expire unknown", "POST", "/v1/checkout/sessions/cs_test_missing/expire", "",
       404, "invalid_request_error", "resource_missing", "id"},
      {"checkout: line items limit 0", "GET", "/v1/checkout/sessions/{cs}/line_items?limit=0", "",
       400, "invalid_request_error", "", "limit"},
      {"checkout page: pay without a payment method", "POST",
       "/v1/test_helpers/checkout/sessions/{cs}/pay", "email=jenny@example.com", 400,
       "invalid_request_error", "parameter_missing", "payment_method"},
      {"checkout page: pay with an unknown payment method", "POST",
       "/v1/test_helpers/checkout/sessions/{cs}/pay",
       "payment_method=pm_missing&email=jenny@example.com", 400, "invalid_request_error",
       "resource_missing", "payment_method"},
      {"checkout page: pay with a bad email", "POST",
       "/v1/test_helpers/checkout/sessions/{cs}/pay", "payment_method=pm_card_visa&email=nope",
       400, "invalid_request_error", "email_invalid", "email"},
      {"checkout page: 3D Secure without a challenge", "POST",
       "/v1/test_helpers/checkout/sessions/{cs}/complete_three_d_secure", "", 400,
       "invalid_request_error", "", ""},
      {"checkout page: settings not on or off", "POST", "/v1/test_helpers/payment_method_settings",
       "apple_pay=maybe", 400, "invalid_request_error", "", "apple_pay"},
      {"subscription: retrieve unknown", "GET", "/v1/subscriptions/sub_missing", "", 404,
       "invalid_request_error", "resource_missing", "id"},
      {"subscription: list limit 0", "GET", "/v1/subscriptions?limit=0", "", 400,
       "invalid_request_error", "", "limit"},
      {"subscription: add_invoice_items of a recurring price", "POST", "/v1/subscriptions",
       "customer={cus}&items[0][price]={monthly}&add_invoice_items[0][price]={monthly}", 400,
       "invalid_request_error", "", "add_invoice_items[0][price]"},
      {"subscription: add_invoice_items quantity 0", "POST", "/v1/subscriptions",
       "customer={cus}&items[0][price]={monthly}&add_invoice_items[0][price]={price}"
       "&add_invoice_items[0][quantity]=0",
       400, "invalid_request_error", "parameter_invalid_integer",
       "add_invoice_items[0][quantity]"},
      {"subscription: price_data without recurring", "POST", "/v1/subscriptions",
       "customer={cus}&items[0][price_data][currency]=usd&items[0][price_data][product]={prod}"
       "&items[0][price_data][unit_amount]=100",
       400, "invalid_request_error", "parameter_missing", "items[0][price_data][recurring]"},
      {"subscription: price_data with a usage_type", "POST", "/v1/subscriptions",
       "customer={cus}&items[0][price_data][currency]=usd&items[0][price_data][product]={prod}"
       "&items[0][price_data][unit_amount]=100&items[0][price_data][recurring][interval]=month"
       "&items[0][price_data][recurring][usage_type]=metered",
       400, "invalid_request_error", "parameter_unknown",
       "items[0][price_data][recurring][usage_type]"},
      {"subscription: add_invoice_items price_data of an unknown product", "POST",
       "/v1/subscriptions",
       "customer={cus}&items[0][price]={monthly}&add_invoice_items[0][price_data][currency]=usd"
       "&add_invoice_items[0][price_data][product]=prod_missing"
       "&add_invoice_items[0][price_data][unit_amount]=100",
       400, "invalid_request_error", "resource_missing",
       "add_invoice_items[0][price_data][product]"},
      {"schedule: phase price_data without a product", "POST", "/v1/subscription_schedules",
       "customer={cus}&phases[0][items][0][price_data][currency]=usd"
       "&phases[0][items][0][price_data][unit_amount]=100"
       "&phases[0][items][0][price_data][recurring][interval]=month",
       400, "invalid_request_error", "parameter_missing",
       "phases[0][items][0][price_data][product]"},
      {"schedule: phase add_invoice_items of a recurring price", "POST",
       "/v1/subscription_schedules",
       "customer={cus}&phases[0][items][0][price]={monthly}"
       "&phases[0][add_invoice_items][0][price]={monthly}",
       400, "invalid_request_error", "", "phases[0][add_invoice_items][0][price]"},
      {"schedule: two discounts on a phase", "POST", "/v1/subscription_schedules",
       "customer={cus}&phases[0][items][0][price]={monthly}"
       "&phases[0][discounts][0][coupon]=c1&phases[0][discounts][1][coupon]=c2",
       400, "invalid_request_error", "", "phases[0][discounts]"},
      {"schedule: a phase's unknown coupon", "POST", "/v1/subscription_schedules",
       "customer={cus}&phases[0][items][0][price]={monthly}"
       "&phases[0][discounts][0][coupon]=coupon_missing",
       400, "invalid_request_error", "resource_missing", "phases[0][discounts][0][coupon]"},
      {"subscription: add_invoice_items of an unknown tax rate", "POST", "/v1/subscriptions",
       "customer={cus}&items[0][price]={monthly}&add_invoice_items[0][price]={price}"
       "&add_invoice_items[0][tax_rates][0]=txr_missing",
       400, "invalid_request_error", "resource_missing", "add_invoice_items[0][tax_rates][0]"},
      {"quote: a line's unknown tax rate", "POST", "/v1/quotes",
       "customer={cus}&line_items[0][price]={price}&line_items[0][tax_rates][0]=txr_missing",
       400, "invalid_request_error", "resource_missing", "line_items[0][tax_rates][0]"},
      {"subscription: no customer", "POST", "/v1/subscriptions", "items[0][price]={monthly}", 400,
       "invalid_request_error", "parameter_missing", "customer"},
      {"subscription: no items", "POST", "/v1/subscriptions", "customer={cus}", 400,
       "invalid_request_error", "parameter_missing", "items"},
      {"subscription: unknown price", "POST", "/v1/subscriptions",
       "customer={cus}&items[0][price]=price_missing", 400, "invalid_request_error",
       "resource_missing", "items[0][price]"},
      {"subscription: one-time price", "POST", "/v1/subscriptions",
       "customer={cus}&items[0][price]={price}", 400, "invalid_request_error", "",
       "items[0][price]"},
      {"subscription: negative quantity", "POST", "/v1/subscriptions",
       "customer={cus}&items[0][price]={monthly}&items[0][quantity]=-1", 400,
       "invalid_request_error", "parameter_invalid_integer", "items[0][quantity]"},
      {"subscription: send_invoice without days_until_due", "POST", "/v1/subscriptions",
       "customer={cus}&items[0][price]={monthly}&collection_method=send_invoice", 400,
       "invalid_request_error", "parameter_missing", "days_until_due"},
      {"subscription: unknown payment_behavior", "POST", "/v1/subscriptions",
       "customer={cus}&items[0][price]={monthly}&payment_behavior=sometimes", 400,
       "invalid_request_error", "", "payment_behavior"},
      {"subscription: automatic_tax[enabled] not a boolean", "POST", "/v1/subscriptions",
       "customer={cus}&items[0][price]={monthly}&automatic_tax[enabled]=maybe", 400,
       "invalid_request_error", "", "automatic_tax[enabled]"},
      {"subscription: automatic tax for a customer with no place", "POST", "/v1/subscriptions",
       "customer={cus}&items[0][price]={monthly}&automatic_tax[enabled]=true", 400,
       "invalid_request_error", "customer_tax_location_invalid", "customer"},
      {"subscription: trial of 731 days", "POST", "/v1/subscriptions",
       "customer={cus}&items[0][price]={monthly}&trial_period_days=731", 400,
       "invalid_request_error", "", "trial_period_days"},
      {"subscription: default payment method not the customer's", "POST", "/v1/subscriptions",
       "customer={cus}&items[0][price]={monthly}&default_payment_method={pm_free}", 400,
       "invalid_request_error", "", "default_payment_method"},
      {"subscription: update unknown", "POST", "/v1/subscriptions/sub_missing",
       "metadata[a]=b", 404, "invalid_request_error", "resource_missing", "id"},
      {"subscription: update an unknown field", "POST", "/v1/subscriptions/{sub}", "color=red",
       400, "invalid_request_error", "parameter_unknown", "color"},
      {"subscription: cancel unknown", "DELETE", "/v1/subscriptions/sub_missing", "", 404,
       "invalid_request_error", "resource_missing", "id"},
      {"invoice: retrieve unknown", "GET", "/v1/invoices/in_missing", "", 404,
       "invalid_request_error", "resource_missing", "id"},
      {"invoice: list with an unknown status", "GET", "/v1/invoices?status=opened", "", 400,
       "invalid_request_error", "", "status"},
      {"invoice: finalize an open invoice", "POST", "/v1/invoices/{in}/finalize", "", 400,
       "invalid_request_error", "", ""},
      {"invoice: pay with an unknown payment method", "POST", "/v1/invoices/{in}/pay",
       "payment_method=pm_missing", 400, "invalid_request_error", "resource_missing",
       "payment_method"},
      {"invoice: void unknown", "POST", "/v1/invoices/in_missing/void", "", 404,
       "invalid_request_error", "resource_missing", "id"},
      {"invoice preview: unknown item", "POST", "/v1/invoices/create_preview",
       "subscription={sub}&subscription_details[items][0][id]=si_missing&"
       "subscription_details[items][0][quantity]=2",
       400, "invalid_request_error", "resource_missing", "subscription_details[items][0][id]"},
      {"invoice preview: unknown price", "POST", "/v1/invoices/create_preview",
       "subscription={sub}&subscription_details[items][0][price]=price_missing", 400,
       "invalid_request_error", "resource_missing", "subscription_details[items][0][price]"},
      {"invoice preview: negative quantity", "POST", "/v1/invoices/create_preview",
       "subscription={sub}&subscription_details[items][0][price]={monthly}&"
       "subscription_details[items][0][quantity]=-1",
       400, "invalid_request_error", "parameter_invalid_integer",
       "subscription_details[items][0][quantity]"},
      {"invoice preview: new item without price", "POST", "/v1/invoices/create_preview",
       "subscription={sub}&subscription_details[items][0][quantity]=2", 400,
       "invalid_request_error", "parameter_missing", "subscription_details[items][0][price]"},
      {"invoice preview: unknown proration_behavior", "POST", "/v1/invoices/create_preview",
       "subscription={sub}&subscription_details[proration_behavior]=sometimes", 400,
       "invalid_request_error", "", "subscription_details[proration_behavior]"},
      {"invoice preview: proration_date not an integer", "POST", "/v1/invoices/create_preview",
       "subscription={sub}&subscription_details[proration_date]=soon", 400,
       "invalid_request_error", "parameter_invalid_integer",
       "subscription_details[proration_date]"},
      {"invoice preview: proration_date outside the period", "POST",
       "/v1/invoices/create_preview",
       "subscription={sub}&subscription_details[proration_date]=1", 400,
       "invalid_request_error", "", "subscription_details[proration_date]"},
      {"invoice preview: cancel_at_period_end not a boolean", "POST",
       "/v1/invoices/create_preview",
       "subscription={sub}&subscription_details[cancel_at_period_end]=maybe", 400,
       "invalid_request_error", "", "subscription_details[cancel_at_period_end]"},
      {"invoice preview: trial_end neither now nor an integer", "POST",
       "/v1/invoices/create_preview", "subscription={sub}&subscription_details[trial_end]=soon",
       400, "invalid_request_error", "parameter_invalid_integer",
       "subscription_details[trial_end]"},
      {"invoice preview: trial_end of a subscription not trialing", "POST",
       "/v1/invoices/create_preview", "subscription={sub}&subscription_details[trial_end]=now",
       400, "invalid_request_error", "", "subscription_details[trial_end]"},
      {"invoice preview: unknown details param", "POST", "/v1/invoices/create_preview",
       "subscription={sub}&subscription_details[color]=red", 400, "invalid_request_error",
       "parameter_unknown", "subscription_details[color]"},
      {"invoice preview: details without subscription", "POST", "/v1/invoices/create_preview",
       "customer={cus}&subscription_details[proration_behavior]=none", 400,
       "invalid_request_error", "parameter_missing", "subscription"},
      {"invoice preview: upcoming lines gone from basil on", "GET",
       "/v1/invoices/upcoming/lines?subscription={sub}", "", 404, "invalid_request_error", "",
       ""},

      // ---- every request ----
      {"any: body over 1 MiB", "POST", "/v1/customers", "description=" + Many('x', 1 << 20), 400,
       "invalid_request_error", "", ""},
      {"any: more than 1000 params", "POST", "/v1/customers", ManyKeys(1001), 400,
       "invalid_request_error", "", ""},
      {"any: name nested too deeply", "POST", "/v1/customers", "a[b][c][d][e][f][g][h][i][j]=1",
       400, "invalid_request_error", "", "a[b][c][d][e][f][g][h][i][j]"},
      {"any: bad escape", "POST", "/v1/customers", "name=%ZZ", 400, "invalid_request_error", "",
       ""},
      {"any: unknown path", "GET", "/v1/spaceships", "", 404, "invalid_request_error", "", ""},
      {"any: known path, other method", "DELETE", "/v1/charges", "", 404, "invalid_request_error",
       "", ""},
  };
}

class BadInputTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ids_["{cus}"] = Id("POST", "/v1/customers", "email=jenny@example.com");
    ids_["{pm}"] =
        Id("POST", "/v1/payment_methods/pm_card_visa/attach", "customer=" + ids_["{cus}"]);
    ids_["{pm_free}"] = Id("POST", "/v1/payment_methods", "type=card&" + kCard);
    ids_["{tok}"] = Id("POST", "/v1/tokens", kCard);
    ids_["{ch}"] = Id("POST", "/v1/charges", "amount=999&currency=usd&source=tok_visa");
    ids_["{hold}"] =
        Id("POST", "/v1/charges", "amount=999&currency=usd&source=tok_visa&capture=false");
    ids_["{re}"] = Id("POST", "/v1/refunds", "amount=100&charge=" + ids_["{ch}"]);
    ids_["{pi}"] = Id("POST", "/v1/payment_intents", "amount=1000&currency=usd");
    ids_["{seti}"] = Id("POST", "/v1/setup_intents", "");
    ids_["{prod}"] = Id("POST", "/v1/products", "name=Tee");
    ids_["{price}"] =
        Id("POST", "/v1/prices", "currency=usd&unit_amount=1500&product=" + ids_["{prod}"]);
    ids_["{cs}"] = Id("POST", "/v1/checkout/sessions",
                      "mode=payment&success_url=https://example.com&line_items[0][price]=" +
                          ids_["{price}"] + "&line_items[0][quantity]=1");
    ids_["{monthly}"] = Id("POST", "/v1/prices",
                           "currency=usd&unit_amount=900&recurring[interval]=month&product=" +
                               ids_["{prod}"]);
    ids_["{sub}"] = Id("POST", "/v1/subscriptions",
                       "customer=" + ids_["{cus}"] + "&items[0][price]=" + ids_["{monthly}"] +
                           "&collection_method=send_invoice&days_until_due=30");
    ids_["{in}"] = Json::parse(Call("GET", "/v1/subscriptions/" + ids_["{sub}"], "").body)
        ["latest_invoice"];
    ids_["{quote}"] = Id("POST", "/v1/quotes", "line_items[0][price]=" + ids_["{price}"]);
    // A declined charge: the error body names it.
    WireApi::Response declined =
        Call("POST", "/v1/charges", "amount=999&currency=usd&source=tok_chargeDeclined");
    ids_["{failed}"] = Json::parse(declined.body)["error"]["charge"];
  }

  WireApi::Response Call(absl::string_view method, absl::string_view path, absl::string_view body,
                         WireApi::Headers headers = {}) {
    headers.insert(headers.begin(), {"Authorization", "Bearer sk_test_bad_input"});
    return api_.Handle(method, path, headers, body);
  }

  std::string Id(absl::string_view method, absl::string_view path, const std::string& body) {
    WireApi::Response r = Call(method, path, body);
    EXPECT_EQ(r.status, 200) << path << " " << body << "\n" << r.body;
    return Json::parse(r.body)["id"];
  }

  std::string Fill(const std::string& text) {
    std::vector<std::pair<std::string, std::string>> replacements(ids_.begin(), ids_.end());
    return absl::StrReplaceAll(text, replacements);
  }

  testing::FakeClock clock_;
  Engine engine_{{.clock = &clock_, .seed = 6}};
  WireApi api_{&engine_};
  std::map<std::string, std::string> ids_;
};

TEST_F(BadInputTest, EveryEndpointRefusesBadParamsAndChangesNothing) {
  for (const BadInput& row : Table()) {
    SCOPED_TRACE(row.name);
    const std::string path = Fill(row.path);
    const std::string body = Fill(row.body);
    const std::vector<std::pair<std::string, int64_t>> before = engine_.StateSummary();

    WireApi::Response r = Call(row.method, path, body);

    EXPECT_EQ(r.status, row.status) << r.body.substr(0, 500);
    Json json = Json::parse(r.body, nullptr, /*allow_exceptions=*/false);
    ASSERT_TRUE(json.is_object() && json.contains("error")) << r.body.substr(0, 500);
    const Json& error = json["error"];
    EXPECT_EQ(error.value("type", ""), row.type);
    EXPECT_EQ(error.value("code", ""), row.code) << error.value("message", "");
    EXPECT_EQ(error.value("param", ""), row.param) << error.value("message", "");
    EXPECT_FALSE(error.value("message", "").empty());
    EXPECT_EQ(engine_.StateSummary(), before) << "the refused request changed the state";
  }
}

TEST_F(BadInputTest, AnOversizedIdempotencyKeyIsRefusedAndChangesNothing) {
  const std::vector<std::pair<std::string, int64_t>> before = engine_.StateSummary();
  WireApi::Response r = Call("POST", "/v1/charges", "amount=999&currency=usd&source=tok_visa",
                             {{"Idempotency-Key", Many('k', 256)}});
  EXPECT_EQ(r.status, 400);
  EXPECT_EQ(Json::parse(r.body)["error"]["param"], "Idempotency-Key");
  EXPECT_EQ(engine_.StateSummary(), before);
}

TEST_F(BadInputTest, AStringOfExactly5000CharactersIsAccepted) {
  WireApi::Response r = Call("POST", "/v1/customers", "description=" + Many('x', 5000));
  EXPECT_EQ(r.status, 200) << r.body.substr(0, 300);
}

TEST_F(BadInputTest, TheTooLongMessageShowsBothEndsOfTheValue) {
  WireApi::Response r =
      Call("POST", "/v1/customers", "description=0123456789" + Many('x', 4990) + "ABCDEFGHIJ");
  EXPECT_EQ(r.status, 400);
  EXPECT_EQ(Json::parse(r.body)["error"]["message"],
            "Invalid string: 0123456789...ABCDEFGHIJ; must be at most 5000 characters");
}

}  // namespace
}  // namespace wire
}  // namespace paysim
