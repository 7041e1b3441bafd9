// The wire door of subscription schedules: the Stripe CLI's subscription_schedule.* fixtures
// as the CLI sends them (phases as indexed hashes, start_date `now` or a time, cancel's
// prorate and invoice_now as text), the object's JSON shape, the list filter, expansion, and
// Stripe's errors for bad input.
#include <string>

#include "engine/engine.h"
#include "engine/json_render.h"
#include "engine/wire/wire.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "testing/fake_clock.h"

namespace paysim {
namespace wire {
namespace {

constexpr absl::string_view kKey = "Bearer sk_test_4eC39HqLyjWDarjtT1zdp7dc";

class SubscriptionScheduleRoutesTest : public ::testing::Test {
 protected:
  Json Answer(int status, absl::string_view method, absl::string_view path,
              absl::string_view body = "") {
    WireApi::Response r =
        api_.Handle(method, path, {{"Authorization", std::string(kKey)}}, body);
    EXPECT_EQ(r.status, status) << method << " " << path << " " << body << "\n" << r.body;
    return Json::parse(r.body);
  }
  void ExpectError(int status, absl::string_view body, absl::string_view code,
                   absl::string_view param) {
    const Json error = Answer(status, "POST", "/v1/subscription_schedules", body)["error"];
    EXPECT_EQ(error["type"], "invalid_request_error") << body;
    if (code.empty()) {
      EXPECT_FALSE(error.contains("code")) << body << "\n" << error.dump();
    } else {
      EXPECT_EQ(error["code"], std::string(code)) << body;
    }
    EXPECT_EQ(error["param"], std::string(param)) << body;
  }
  size_t EventCount(const std::string& type) {
    return Answer(200, "GET", "/v1/events?limit=100&type=" + type)["data"].size();
  }
  // The CLI's setup: a customer paying with tok_visa and a monthly price.
  void MakeCustomerAndPrice() {
    customer_ = Answer(200, "POST", "/v1/customers",
                       "description=cli&source=tok_visa")["id"].get<std::string>();
    const std::string product =
        Answer(200, "POST", "/v1/products", "name=myproduct")["id"].get<std::string>();
    price_ = Answer(200, "POST", "/v1/prices",
                    "product=" + product +
                        "&unit_amount=1500&currency=usd&recurring[interval]=month")["id"]
                 .get<std::string>();
  }
  std::string TwoPhases() {
    return "customer=" + customer_ + "&start_date=now" +
           "&phases[0][iterations]=1&phases[0][items][0][price]=" + price_ +
           "&phases[0][items][0][quantity]=1" +
           "&phases[1][iterations]=1&phases[1][items][0][price]=" + price_ +
           "&phases[1][items][0][quantity]=2";
  }

  testing::FakeClock clock_;
  Engine engine_{{.clock = &clock_, .seed = 42}};
  WireApi api_{&engine_};
  std::string customer_;
  std::string price_;
};

TEST_F(SubscriptionScheduleRoutesTest, CreatedFixtureAndShape) {
  MakeCustomerAndPrice();
  const Json s = Answer(200, "POST", "/v1/subscription_schedules", TwoPhases());
  EXPECT_EQ(EventCount("subscription_schedule.created"), 1u);
  EXPECT_EQ(s["object"], "subscription_schedule");
  EXPECT_EQ(s["status"], "active");
  EXPECT_EQ(s["end_behavior"], "release");
  EXPECT_EQ(s["customer"], customer_);
  EXPECT_TRUE(s["current_phase"].is_object());
  EXPECT_EQ(s["default_settings"]["billing_cycle_anchor"], "automatic");
  EXPECT_EQ(s["default_settings"]["invoice_settings"]["issuer"]["type"], "self");
  ASSERT_EQ(s["phases"].size(), 2u);
  const Json& phase = s["phases"][1];
  EXPECT_EQ(phase["items"][0]["price"], price_);
  EXPECT_EQ(phase["items"][0]["plan"], price_);
  EXPECT_EQ(phase["items"][0]["quantity"], 2);
  EXPECT_EQ(phase["currency"], "usd");
  EXPECT_TRUE(phase["trial_end"].is_null());
  EXPECT_TRUE(phase["add_invoice_items"].is_array());
  for (const char* null_field : {"application", "canceled_at", "completed_at", "released_at",
                                 "released_subscription", "test_clock"}) {
    ASSERT_TRUE(s.contains(null_field)) << null_field;
    EXPECT_TRUE(s[null_field].is_null()) << null_field;
  }
  EXPECT_FALSE(s.contains("phase_index"));
  const std::string id = s["id"].get<std::string>();
  const std::string sub = s["subscription"].get<std::string>();
  EXPECT_EQ(Answer(200, "GET", "/v1/subscriptions/" + sub)["schedule"], id);
  EXPECT_EQ(Answer(200, "GET", "/v1/subscription_schedules/" + id), s);
  const Json expanded =
      Answer(200, "GET", "/v1/subscription_schedules/" + id + "?expand[]=subscription");
  EXPECT_EQ(expanded["subscription"]["id"], sub);
  EXPECT_EQ(Answer(200, "GET", "/v1/subscription_schedules?customer=" + customer_)["data"].size(),
            1u);
  EXPECT_EQ(Answer(200, "GET", "/v1/subscription_schedules?customer=cus_other")["data"].size(),
            0u);

  // The updated fixture: metadata.
  const Json updated = Answer(200, "POST", "/v1/subscription_schedules/" + id, "metadata[foo]=bar");
  EXPECT_EQ(updated["metadata"]["foo"], "bar");
  EXPECT_EQ(EventCount("subscription_schedule.updated"), 1u);
  // The released fixture.
  const Json released = Answer(200, "POST", "/v1/subscription_schedules/" + id + "/release");
  EXPECT_EQ(released["status"], "released");
  EXPECT_EQ(released["released_subscription"], sub);
  EXPECT_TRUE(released["subscription"].is_null());
  EXPECT_EQ(EventCount("subscription_schedule.released"), 1u);
  Answer(400, "POST", "/v1/subscription_schedules/" + id + "/release");
}

TEST_F(SubscriptionScheduleRoutesTest, CanceledAndAbortedFixtures) {
  MakeCustomerAndPrice();
  const std::string active =
      Answer(200, "POST", "/v1/subscription_schedules", TwoPhases())["id"].get<std::string>();
  EXPECT_EQ(Answer(200, "POST", "/v1/subscription_schedules/" + active + "/cancel")["status"],
            "canceled");
  EXPECT_EQ(EventCount("subscription_schedule.canceled"), 1u);
  EXPECT_EQ(EventCount("subscription_schedule.aborted"), 0u);
  const Json later = Answer(200, "POST", "/v1/subscription_schedules",
                            "customer=" + customer_ + "&start_date=1893456000" +
                                "&phases[0][items][0][price]=" + price_ +
                                "&phases[0][items][0][quantity]=1");
  EXPECT_EQ(later["status"], "not_started");
  EXPECT_TRUE(later["subscription"].is_null());
  EXPECT_TRUE(later["current_phase"].is_null());
  Answer(200, "POST", "/v1/subscription_schedules/" + later["id"].get<std::string>() + "/cancel",
         "prorate=false&invoice_now=false");
  EXPECT_EQ(EventCount("subscription_schedule.aborted"), 1u);
}

TEST_F(SubscriptionScheduleRoutesTest, BadInput) {
  MakeCustomerAndPrice();
  ExpectError(400, "start_date=now&phases[0][items][0][price]=" + price_, "parameter_missing",
              "customer");
  ExpectError(400, "customer=" + customer_ + "&phases[0][items][0][price]=price_nope",
              "resource_missing", "phases[0][items][0][price]");
  ExpectError(400, "customer=" + customer_ + "&end_behavior=later&phases[0][items][0][price]=" +
                       price_, "", "end_behavior");
  ExpectError(400, "customer=" + customer_ + "&start_date=tomorrow&phases[0][items][0][price]=" +
                       price_, "parameter_invalid_integer", "start_date");
  ExpectError(400, "customer=" + customer_ + "&phases[0][items][0][price]=" + price_ +
                       "&phases[0][bogus]=1", "parameter_unknown", "phases[0][bogus]");
  EXPECT_EQ(Answer(404, "GET", "/v1/subscription_schedules/sub_sched_nope")["error"]["code"],
            "resource_missing");
  EXPECT_EQ(Answer(200, "GET", "/v1/subscription_schedules")["data"].size(), 0u);
  EXPECT_EQ(EventCount("subscription_schedule.created"), 0u);
}

TEST_F(SubscriptionScheduleRoutesTest, PhasesTakePricesInlineAsForms) {
  MakeCustomerAndPrice();
  const std::string product =
      Answer(200, "POST", "/v1/products", "name=credit")["id"].get<std::string>();
  const Json s = Answer(
      200, "POST", "/v1/subscription_schedules",
      "customer=" + customer_ + "&start_date=now&phases[0][iterations]=1" +
          "&phases[0][items][0][price_data][currency]=usd" +
          "&phases[0][items][0][price_data][product]=" + product +
          "&phases[0][items][0][price_data][unit_amount]=800" +
          "&phases[0][items][0][price_data][recurring][interval]=month" +
          "&phases[0][add_invoice_items][0][price_data][currency]=usd" +
          "&phases[0][add_invoice_items][0][price_data][product]=" + product +
          "&phases[0][add_invoice_items][0][price_data][unit_amount_decimal]=-250" +
          "&phases[0][add_invoice_items][0][quantity]=2");
  const Json& phase = s["phases"][0];
  const std::string item_price = phase["items"][0]["price"].get<std::string>();
  EXPECT_EQ(phase["items"][0]["plan"], item_price);
  ASSERT_EQ(phase["add_invoice_items"].size(), 1u);
  const Json& added = phase["add_invoice_items"][0];
  EXPECT_EQ(added["quantity"], 2);
  EXPECT_EQ(added["discounts"], Json::array());
  EXPECT_EQ(added["tax_rates"], Json::array());
  const Json credit = Answer(200, "GET", "/v1/prices/" + added["price"].get<std::string>());
  EXPECT_EQ(credit["active"], false);
  EXPECT_EQ(credit["type"], "one_time");
  EXPECT_EQ(credit["unit_amount"], -250);
  const Json sub = Answer(200, "GET", "/v1/subscriptions/" + s["subscription"].get<std::string>());
  EXPECT_EQ(sub["items"]["data"][0]["price"]["id"], item_price);
  const Json invoice =
      Answer(200, "GET", "/v1/invoices/" + sub["latest_invoice"].get<std::string>());
  EXPECT_EQ(invoice["amount_paid"], 800 - 500);
  ExpectError(400,
              "customer=" + customer_ + "&phases[0][items][0][price_data][currency]=usd" +
                  "&phases[0][items][0][price_data][product]=" + product +
                  "&phases[0][items][0][price_data][unit_amount]=800",
              "parameter_missing", "phases[0][items][0][price_data][recurring]");
}

TEST_F(SubscriptionScheduleRoutesTest, InvoiceSettingsGiveTheDaysUntilDue) {
  MakeCustomerAndPrice();
  const std::string base = "customer=" + customer_ +
                           "&default_settings[collection_method]=send_invoice"
                           "&phases[0][items][0][price]=" + price_;
  const Json by_default =
      Answer(200, "POST", "/v1/subscription_schedules",
             base + "&default_settings[invoice_settings][days_until_due]=7");
  EXPECT_EQ(by_default["default_settings"]["invoice_settings"]["days_until_due"], 7);
  EXPECT_TRUE(by_default["phases"][0]["invoice_settings"].is_null());
  const Json sub =
      Answer(200, "GET", "/v1/subscriptions/" + by_default["subscription"].get<std::string>());
  EXPECT_EQ(sub["days_until_due"], 7);
  const Json by_phase =
      Answer(200, "POST", "/v1/subscription_schedules",
             base + "&default_settings[invoice_settings][days_until_due]=7"
                    "&phases[0][invoice_settings][days_until_due]=14");
  EXPECT_EQ(by_phase["phases"][0]["invoice_settings"]["days_until_due"], 14);
  const Json invoice = Answer(
      200, "GET",
      "/v1/invoices/" + Answer(200, "GET", "/v1/subscriptions/" +
                                               by_phase["subscription"].get<std::string>())
                            ["latest_invoice"]
                                .get<std::string>());
  EXPECT_EQ(invoice["due_date"].get<int64_t>() - invoice["created"].get<int64_t>(), 14 * 86400);
  ExpectError(400, base + "&phases[0][invoice_settings][days_until_due]=1096",
              "parameter_invalid_integer", "phases[0][invoice_settings][days_until_due]");
  ExpectError(400, base + "&default_settings[invoice_settings][days_until_due]=-1",
              "parameter_invalid_integer", "default_settings[invoice_settings][days_until_due]");
}

TEST_F(SubscriptionScheduleRoutesTest, PhaseDiscountsRenderAsGivenAndApplyAtTheirPhase) {
  MakeCustomerAndPrice();
  const std::string coupon =
      Answer(200, "POST", "/v1/coupons", "percent_off=20&duration=forever")["id"]
          .get<std::string>();
  const Json s = Answer(200, "POST", "/v1/subscription_schedules",
                        TwoPhases() + "&phases[0][discounts][0][coupon]=" + coupon);
  ASSERT_EQ(s["phases"][0]["discounts"].size(), 1u);
  const Json& discount = s["phases"][0]["discounts"][0];
  EXPECT_EQ(discount["coupon"], coupon);
  EXPECT_TRUE(discount["discount"].is_null());
  EXPECT_TRUE(discount["promotion_code"].is_null());
  EXPECT_EQ(s["phases"][1]["discounts"], Json::array());
  const Json sub = Answer(200, "GET", "/v1/subscriptions/" + s["subscription"].get<std::string>());
  EXPECT_EQ(sub["discounts"].size(), 1u);
  const Json invoice =
      Answer(200, "GET", "/v1/invoices/" + sub["latest_invoice"].get<std::string>());
  EXPECT_EQ(invoice["amount_paid"], 1200);
  ExpectError(400, TwoPhases() + "&phases[1][discounts][0][coupon]=nope", "resource_missing",
              "phases[1][discounts][0][coupon]");
  ExpectError(400, TwoPhases() + "&phases[0][discounts][0][discount]=di_nope",
              "resource_missing", "phases[0][discounts][0][discount]");
}

}  // namespace
}  // namespace wire
}  // namespace paysim
