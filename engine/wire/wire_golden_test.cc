// Golden transcript of the wire door: a fixed script of requests over every route family,
// every expandable field, lists, errors (with their expanded objects), events with
// previous_attributes and awkward strings, compared byte for byte (status, headers, body)
// with testdata/wire_golden.txt. The file was recorded from the nlohmann::ordered_json
// rendering that the streaming writer replaced, so it pins the wire output to that rendering.
//
// After an intended change of the output, re-record with
//   PAYSIM_GOLDEN_OUT=$PWD/engine/wire/testdata/wire_golden.txt ./bazelw test
//   //engine/wire:wire_golden_test
// and review the diff.
#include <cstdlib>
#include <fstream>
#include <map>
#include <sstream>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_replace.h"
#include "absl/strings/str_split.h"
#include "engine/engine.h"
#include "engine/json_render.h"
#include "engine/wire/wire.h"
#include "gtest/gtest.h"
#include "testing/data_path.h"
#include "testing/fake_clock.h"

namespace paysim {
namespace wire {
namespace {

constexpr char kGoldenPath[] = "engine/wire/testdata/wire_golden.txt";
constexpr char kKey[] = "Bearer sk_test_4eC39HqLyjWDarjtT1zdp7dc";

// One step: a request (`{name.field}` in path or body is replaced by that field of the
// response saved as `name`), or a clock advance when method is "ADVANCE" (path: seconds).
struct Step {
  std::string save_as;
  std::string method;
  std::string path;
  std::string body;
  WireApi::Headers headers = {{"Authorization", kKey}};
};

std::vector<Step> Script() {
  // Strings that exercise escaping: quotes, backslash, control characters, DEL, non-ASCII.
  const std::string awkward =
      "q%22uote+back%5Cslash+nl%0Atab%09cr%0Dbs%08ff%0Cx%01y%1Fz%7F+%C3%A9%E2%82%AC%F0%9F%98%80+%"
      "2F";
  return {
      {"tok", "POST", "/v1/tokens",
       "card[number]=4242424242424242&card[exp_month]=12&card[exp_year]=2030&card[cvc]=123"},
      {"", "GET", "/v1/tokens/{tok.id}", ""},
      {"cus", "POST", "/v1/customers",
       "email=jenny%40example.com&name=Jenny+Rosen&source={tok.id}&metadata[zeta]=z&metadata[alpha]"
       "=a&metadata[k%22%5C%0A%01%7F%C3%A9%F0%9F%98%80]=" +
           awkward + "&description=" + awkward},
      {"", "POST", "/v1/customers/{cus.id}", "name=Jenny+R&metadata[alpha]=&phone=%2B15555550100"},
      {"pm", "POST", "/v1/payment_methods/pm_card_visa/attach", "customer={cus.id}"},
      {"", "POST", "/v1/customers/{cus.id}", "invoice_settings[default_payment_method]={pm.id}"},
      {"", "GET",
       "/v1/customers/{cus.id}?expand[]=invoice_settings.default_payment_method.customer", ""},
      {"", "GET", "/v1/customers/{cus.id}/payment_methods?expand[]=data.customer", ""},
      {"", "POST", "/v1/payment_methods/{pm.id}",
       "allow_redisplay=always&billing_details[name]=Jenny&billing_details[address][country]=US"},
      {"ch", "POST", "/v1/charges",
       "amount=2000&currency=usd&customer={cus.id}&capture=false&description=" + awkward +
           "&expand[]=customer&expand[]=payment_method"},
      {"", "POST", "/v1/charges/{ch.id}/capture", "amount=1500&expand[]=balance_transaction"},
      {"", "POST", "/v1/charges/{ch.id}", "metadata[order]=6735&description=changed"},
      {"ch2", "POST", "/v1/charges",
       "amount=999&currency=usd&source=tok_visa&statement_descriptor_suffix=ORDER+1"},
      {"re", "POST", "/v1/charges/{ch2.id}/refunds",
       "amount=100&reason=requested_by_customer&expand[]=charge.customer"},
      {"", "GET",
       "/v1/refunds/"
       "{re.id}?expand[]=charge.balance_transaction.source&expand[]=balance_transaction",
       ""},
      {"", "GET", "/v1/refunds?limit=2", ""},
      {"", "GET", "/v1/balance_transactions/{ch2.balance_transaction}?expand[]=source.customer",
       ""},
      {"", "GET", "/v1/balance_transactions?limit=3", ""},
      {"", "GET", "/v1/charges?limit=3&expand[]=data.customer&expand[]=data.balance_transaction",
       ""},
      {"", "POST", "/v1/charges", "amount=999&currency=usd&source=tok_chargeDeclined"},
      {"", "POST", "/v1/charges",
       "amount=999&currency=usd&source=tok_chargeDeclinedInsufficientFunds&customer={cus.id}"},
      {"pi", "POST", "/v1/payment_intents",
       "amount=2500&currency=eur&payment_method=pm_card_threeDSecure2Required&confirm=true&return_"
       "url=https%3A%2F%2Fshop.example%2Freturn"},
      {"", "POST", "/v1/test_helpers/payment_intents/{pi.id}/complete_three_d_secure",
       "expand[]=latest_charge"},
      {"pi2", "POST", "/v1/payment_intents",
       "amount=2500&currency=eur&payment_method=pm_card_threeDSecure2Required&confirm=true"},
      {"", "POST", "/v1/test_helpers/payment_intents/{pi2.id}/fail_three_d_secure", ""},
      {"pi3", "POST", "/v1/payment_intents",
       "amount=700&currency=usd&customer={cus.id}&capture_method=manual&metadata[k]=v"},
      {"", "POST", "/v1/payment_intents/{pi3.id}/confirm", "payment_method=pm_card_chargeDeclined"},
      {"", "POST", "/v1/payment_intents/{pi3.id}/confirm",
       "payment_method=pm_card_visa&expand[]=customer&expand[]=payment_method"},
      {"", "POST", "/v1/payment_intents/{pi3.id}/capture", "amount_to_capture=500"},
      {"pi4", "POST", "/v1/payment_intents", "amount=800&currency=usd"},
      {"", "POST", "/v1/payment_intents/{pi4.id}/cancel", "cancellation_reason=abandoned"},
      {"", "GET", "/v1/payment_intents?limit=2&expand[]=data.latest_charge", ""},
      {"cus2", "POST", "/v1/customers", "email=sam%40example.com"},
      {"seti", "POST", "/v1/setup_intents",
       "customer={cus2.id}&payment_method=pm_card_authenticationRequiredOnSetup&confirm=true&usage="
       "off_session"},
      {"", "POST", "/v1/test_helpers/setup_intents/{seti.id}/complete_three_d_secure",
       "expand[]=payment_method"},
      {"seti2", "POST", "/v1/setup_intents",
       "customer={cus2.id}&payment_method=pm_card_chargeDeclined&confirm=true"},
      {"", "GET", "/v1/setup_intents?limit=2&expand[]=data.customer", ""},
      {"pm2", "POST", "/v1/payment_methods/pm_card_authenticationRequired/attach",
       "customer={cus2.id}"},
      {"", "POST", "/v1/payment_intents",
       "amount=1999&currency=usd&customer={cus2.id}&payment_method={pm2.id}&off_session=true&"
       "confirm=true"},
      {"prod", "POST", "/v1/products",
       "name=T-shirt&default_price_data[currency]=usd&default_price_data[unit_amount]=2000"},
      {"", "GET", "/v1/products/{prod.id}?expand[]=default_price.product", ""},
      {"price", "POST", "/v1/prices",
       "product={prod.id}&currency=usd&unit_amount=500&recurring[interval]=month&lookup_key="
       "monthly"},
      {"", "GET", "/v1/prices?expand[]=data.product", ""},
      {"cs", "POST", "/v1/checkout/sessions",
       "mode=payment&customer={cus.id}&line_items[0][price]={prod.default_price}&line_items[0]["
       "quantity]=2"
       "&success_url=https%3A%2F%2Fshop.example%2Fsuccess%3Fsession_id%3D%7BCHECKOUT_SESSION_ID%"
       "7D"},
      {"", "POST", "/v1/test_helpers/checkout/sessions/{cs.id}/view", ""},
      {"", "POST", "/v1/test_helpers/checkout/sessions/{cs.id}/pay", "payment_method=pm_card_visa"},
      {"", "GET", "/v1/checkout/sessions/{cs.id}?expand[]=payment_intent&expand[]=customer", ""},
      {"", "GET", "/v1/checkout/sessions/{cs.id}/line_items?expand[]=data.price.product", ""},
      {"cs2", "POST", "/v1/checkout/sessions",
       "mode=subscription&customer={cus2.id}&line_items[0][price]={price.id}&line_items[0]["
       "quantity]=1"
       "&success_url=https%3A%2F%2Fshop.example%2Fok"},
      {"", "POST", "/v1/test_helpers/checkout/sessions/{cs2.id}/pay",
       "payment_method=pm_card_visa"},
      {"", "GET",
       "/v1/checkout/sessions/{cs2.id}?expand[]=subscription.customer&expand[]=setup_intent", ""},
      {"", "GET", "/v1/subscriptions?expand[]=data.default_payment_method", ""},
      {"cs3", "POST", "/v1/checkout/sessions",
       "mode=payment&payment_method_types[]=us_bank_account&line_items[0][price_data][currency]=usd"
       "&line_items[0][price_data][unit_amount]=12000&line_items[0][price_data][product_data][name]"
       "=Annual+plan"
       "&line_items[0][quantity]=1"},
      {"", "POST", "/v1/test_helpers/checkout/sessions/{cs3.id}/pay",
       "payment_method=pm_usBankAccount_insufficientFunds&email=sam%40example.com&name=Sam+Roe"},
      {"", "GET", "/v1/test_helpers/payment_method_settings", ""},
      {"", "ADVANCE", "691200", ""},  // 8 days: holds expire, funds settle
      {"", "GET", "/v1/checkout/sessions/{cs3.id}?expand[]=payment_intent", ""},
      {"", "GET", "/v1/balance", ""},
      {"", "DELETE", "/v1/customers/{cus2.id}", ""},
      {"", "GET", "/v1/payment_methods/{pm2.id}?expand[]=customer", ""},
      {"", "GET", "/v1/events?limit=100", ""},
      {"", "GET", "/v1/events?limit=100&starting_after=evt_none", ""},
      // Errors and headers.
      {"", "GET", "/v1/nope", ""},
      {"", "GET", "/v1/charges/ch_missing", ""},
      {"", "POST", "/v1/charges", "amount=abc&currency=usd"},
      {"", "POST", "/v1/charges", "amount=999&currency=usd&source=tok_visa&expand[]=foo"},
      {"", "GET", "/v1/balance", "", {}},
      {"", "GET", "/v1/balance", "", {{"Authorization", "Bearer sk_live_x"}}},
      {"", "GET", "/v1/balance", "", {{"Authorization", kKey}, {"Stripe-Version", "2024-01-01"}}},
      {"",
       "GET",
       "/v1/charges?limit=1",
       "",
       {{"Authorization", kKey}, {"Stripe-Version", "2024-04-10"}}},
      {"",
       "POST",
       "/v1/customers",
       "email=a%40b.co",
       {{"Authorization", kKey}, {"Idempotency-Key", "key-1"}}},
      {"",
       "POST",
       "/v1/customers",
       "email=a%40b.co",
       {{"Authorization", kKey}, {"Idempotency-Key", "key-1"}}},
      {"",
       "POST",
       "/v1/customers",
       "email=other%40b.co",
       {{"Authorization", kKey}, {"Idempotency-Key", "key-1"}}},
  };
}

// `{name.field}` -> the saved response's field (a top-level string).
std::string Substitute(std::string text, const std::map<std::string, Json>& saved) {
  for (const auto& [name, json] : saved) {
    for (auto it = json.begin(); it != json.end(); ++it) {
      if (!it.value().is_string()) continue;
      absl::StrReplaceAll(
          {{absl::StrCat("{", name, ".", it.key(), "}"), it.value().get<std::string>()}}, &text);
    }
  }
  return text;
}

// Runs the script on `engine` (on `clock`) and returns the transcript.
std::string Transcript(testing::FakeClock& clock, Engine& engine) {
  WireApi api(&engine);
  std::map<std::string, Json> saved;
  std::ostringstream out;
  for (const Step& step : Script()) {
    const std::string path = Substitute(step.path, saved);
    const std::string body = Substitute(step.body, saved);
    if (step.method == "ADVANCE") {
      clock.Advance(absl::Seconds(std::stoll(path)));
      out << "=== ADVANCE " << path << "\n";
      continue;
    }
    WireApi::Response r = api.Handle(step.method, path, step.headers, body);
    out << "=== " << step.method << " " << path << "\n";
    for (const auto& [name, value] : step.headers) out << name << ": " << value << "\n";
    out << body << "\n--- " << r.status << "\n";
    for (const auto& [name, value] : r.headers) out << name << ": " << value << "\n";
    out << r.body << "\n";
    if (!step.save_as.empty()) saved[step.save_as] = Json::parse(r.body);
  }
  return out.str();
}

TEST(WireGoldenTest, ResponsesMatchTheRecordedTranscript) {
  testing::FakeClock clock;
  Engine engine({.clock = &clock, .seed = 42});
  const std::string transcript = Transcript(clock, engine);
  if (const char* out = std::getenv("PAYSIM_GOLDEN_OUT"); out != nullptr) {
    std::ofstream(out) << transcript;
    GTEST_SKIP() << "recorded " << out;
  }
  std::ifstream in(testing::DataPath(kGoldenPath));
  ASSERT_TRUE(in.good()) << testing::DataPath(kGoldenPath);
  std::stringstream golden;
  golden << in.rdbuf();
  const std::vector<std::string> want = absl::StrSplit(golden.str(), "\n=== ");
  const std::vector<std::string> got = absl::StrSplit(transcript, "\n=== ");
  ASSERT_EQ(got.size(), want.size());
  for (size_t i = 0; i < got.size(); ++i) EXPECT_EQ(got[i], want[i]) << "request " << i;
}

// Every event the script caused (so every object type the engine emits, as data.object and
// in previous_attributes) renders the same through RenderJson and through ToJson's DOM.
TEST(WireGoldenTest, EveryEventRendersAsTheDomDoes) {
  testing::FakeClock clock;
  Engine engine({.clock = &clock, .seed = 42});
  Transcript(clock, engine);
  EventListParams params;
  params.set_limit(100);
  int events = 0;
  while (true) {
    absl::StatusOr<ListResult<Event>> page = engine.events().List(params);
    ASSERT_TRUE(page.ok()) << page.status();
    for (const Event& event : page->data) {
      ++events;
      EXPECT_EQ(RenderJson(event),
                ToJson(event).dump(2, ' ', false, Json::error_handler_t::replace))
          << event.id();
    }
    if (!page->has_more) break;
    params.set_starting_after(page->data.back().id());
  }
  EXPECT_GT(events, 50);
}

}  // namespace
}  // namespace wire
}  // namespace paysim
