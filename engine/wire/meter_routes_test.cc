// The wire door of billing meters (/v1/billing/meters), meter events
// (/v1/billing/meter_events), their adjustments and event summaries: the rendered shapes, the
// events, a metered price's recurring.meter, and Stripe's errors.
#include <string>

#include "absl/strings/str_cat.h"
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

class MeterRoutesTest : public ::testing::Test {
 protected:
  Json Answer(int status, absl::string_view method, absl::string_view path,
              absl::string_view body = "") {
    WireApi::Response r =
        api_.Handle(method, path, {{"Authorization", std::string(kKey)}}, body);
    EXPECT_EQ(r.status, status) << method << " " << path << " " << body << "\n" << r.body;
    return Json::parse(r.body);
  }

  testing::FakeClock clock_;
  Engine engine_{{.clock = &clock_, .seed = 42}};
  WireApi api_{&engine_};
};

TEST_F(MeterRoutesTest, MeterShapeAndLifecycle) {
  const Json meter = Answer(200, "POST", "/v1/billing/meters",
                            "display_name=Search+API+Calls&event_name=ai_search_api"
                            "&default_aggregation[formula]=sum");
  const std::string id = meter["id"].get<std::string>();
  const int64_t now = absl::ToUnixSeconds(clock_.Now());
  const Json expected = Json::parse(absl::StrCat(
      R"({"id":")", id, R"(","object":"billing.meter","created":)", now,
      R"(,"customer_mapping":{"event_payload_key":"stripe_customer_id","type":"by_id"},)"
      R"("default_aggregation":{"formula":"sum"},"display_name":"Search API Calls",)"
      R"("event_name":"ai_search_api","event_time_window":null,"livemode":false,)"
      R"("status":"active","status_transitions":{"deactivated_at":null},"updated":)",
      now, R"(,"value_settings":{"event_payload_key":"value"}})"));
  EXPECT_EQ(meter, expected);
  EXPECT_EQ(Answer(200, "GET", "/v1/billing/meters/" + id), expected);

  const Json renamed = Answer(200, "POST", "/v1/billing/meters/" + id, "display_name=Searches");
  EXPECT_EQ(renamed["display_name"], "Searches");
  const Json deactivated =
      Answer(200, "POST", absl::StrCat("/v1/billing/meters/", id, "/deactivate"));
  EXPECT_EQ(deactivated["status"], "inactive");
  EXPECT_EQ(deactivated["status_transitions"]["deactivated_at"], now);
  const Json list = Answer(200, "GET", "/v1/billing/meters?status=inactive");
  EXPECT_EQ(list["url"], "/v1/billing/meters");
  ASSERT_EQ(list["data"].size(), 1u);
  EXPECT_EQ(Answer(200, "POST", absl::StrCat("/v1/billing/meters/", id, "/reactivate"))["status"],
            "active");

  const Json events = Answer(200, "GET", "/v1/events");
  ASSERT_EQ(events["data"].size(), 4u);
  EXPECT_EQ(events["data"][0]["type"], "billing.meter.reactivated");
  EXPECT_EQ(events["data"][1]["type"], "billing.meter.deactivated");
  EXPECT_EQ(events["data"][2]["type"], "billing.meter.updated");
  EXPECT_EQ(events["data"][2]["data"]["previous_attributes"]["display_name"], "Search API Calls");
  EXPECT_EQ(events["data"][3]["type"], "billing.meter.created");
  EXPECT_EQ(events["data"][3]["data"]["object"]["object"], "billing.meter");

  const Json missing = Answer(400, "POST", "/v1/billing/meters", "display_name=X&event_name=x");
  EXPECT_EQ(missing["error"]["code"], "parameter_missing");
  EXPECT_EQ(missing["error"]["param"], "default_aggregation");
  EXPECT_EQ(Answer(404, "GET", "/v1/billing/meters/mtr_nope")["error"]["code"],
            "resource_missing");
}

TEST_F(MeterRoutesTest, EventsAdjustmentsAndSummaries) {
  const std::string cus = Answer(200, "POST", "/v1/customers")["id"].get<std::string>();
  const std::string meter =
      Answer(200, "POST", "/v1/billing/meters",
             "display_name=Calls&event_name=api_call&default_aggregation[formula]=sum")["id"]
          .get<std::string>();
  const int64_t now = absl::ToUnixSeconds(clock_.Now());
  const Json event = Answer(200, "POST", "/v1/billing/meter_events",
                            absl::StrCat("event_name=api_call&identifier=req_1&payload[value]=25"
                                         "&payload[stripe_customer_id]=",
                                         cus));
  EXPECT_EQ(event["object"], "billing.meter_event");
  EXPECT_EQ(event["created"], now);
  EXPECT_EQ(event["event_name"], "api_call");
  EXPECT_EQ(event["identifier"], "req_1");
  EXPECT_EQ(event["livemode"], false);
  EXPECT_EQ(event["payload"]["value"], "25");
  EXPECT_EQ(event["payload"]["stripe_customer_id"], cus);
  EXPECT_EQ(event["timestamp"], now);
  EXPECT_FALSE(event.contains("id"));
  const Json duplicate = Answer(400, "POST", "/v1/billing/meter_events",
                                absl::StrCat("event_name=api_call&identifier=req_1"
                                             "&payload[value]=1&payload[stripe_customer_id]=",
                                             cus));
  EXPECT_EQ(duplicate["error"]["param"], "identifier");

  const int64_t start = now - now % 60;
  const std::string summaries =
      absl::StrCat("/v1/billing/meters/", meter, "/event_summaries?customer=", cus,
                   "&start_time=", start, "&end_time=", start + 60);
  Json page = Answer(200, "GET", summaries);
  EXPECT_EQ(page["object"], "list");
  ASSERT_EQ(page["data"].size(), 1u);
  EXPECT_EQ(page["data"][0]["object"], "billing.meter_event_summary");
  EXPECT_EQ(page["data"][0]["aggregated_value"], 25);
  EXPECT_EQ(page["data"][0]["meter"], meter);
  EXPECT_EQ(page["data"][0]["start_time"], start);
  EXPECT_EQ(page["data"][0]["end_time"], start + 60);

  const Json adjustment =
      Answer(200, "POST", "/v1/billing/meter_event_adjustments",
             "event_name=api_call&type=cancel&cancel[identifier]=req_1");
  EXPECT_EQ(adjustment, Json::parse(R"({"object":"billing.meter_event_adjustment",)"
                                    R"("cancel":{"identifier":"req_1"},"event_name":"api_call",)"
                                    R"("livemode":false,"status":"pending","type":"cancel"})"));
  page = Answer(200, "GET", summaries);
  EXPECT_EQ(page["data"][0]["aggregated_value"], 0);

  const Json unaligned =
      Answer(400, "GET", absl::StrCat("/v1/billing/meters/", meter, "/event_summaries?customer=",
                                      cus, "&start_time=", start + 1, "&end_time=", start + 60));
  EXPECT_EQ(unaligned["error"]["param"], "start_time");

  // A metered price names its meter.
  const Json price = Answer(200, "POST", "/v1/prices",
                            absl::StrCat("currency=usd&unit_amount=2&product_data[name]=Calls"
                                         "&recurring[interval]=month"
                                         "&recurring[usage_type]=metered&recurring[meter]=",
                                         meter));
  EXPECT_EQ(price["recurring"]["meter"], meter);
  EXPECT_EQ(price["recurring"]["usage_type"], "metered");
  const Json no_meter = Answer(400, "POST", "/v1/prices",
                               "currency=usd&unit_amount=2&product_data[name]=Calls"
                               "&recurring[interval]=month&recurring[usage_type]=metered");
  EXPECT_EQ(no_meter["error"]["param"], "recurring[meter]");
  EXPECT_EQ(Answer(200, "GET", "/v1/prices/" + price["id"].get<std::string>())["recurring"]
                  ["meter"],
            meter);
  // A metered subscription item has no quantity key; Checkout and subscriptions refuse one.
  const std::string price_id = price["id"].get<std::string>();
  const Json sub = Answer(200, "POST", "/v1/subscriptions",
                          absl::StrCat("customer=", cus, "&items[0][price]=", price_id,
                                       "&payment_behavior=default_incomplete"));
  EXPECT_FALSE(sub["items"]["data"][0].contains("quantity"));
  EXPECT_EQ(sub["items"]["data"][0]["price"]["recurring"]["meter"], meter);
  const Json with_quantity =
      Answer(400, "POST", "/v1/subscriptions",
             absl::StrCat("customer=", cus, "&items[0][price]=", price_id,
                          "&items[0][quantity]=2"));
  EXPECT_EQ(with_quantity["error"]["message"], "You cannot set the quantity for metered plans.");
  EXPECT_EQ(with_quantity["error"]["param"], "items[0][quantity]");
  const std::string session_base =
      absl::StrCat("mode=subscription&success_url=https://example.com/ok&line_items[0][price]=",
                   price_id);
  const Json checkout_refused =
      Answer(400, "POST", "/v1/checkout/sessions", session_base + "&line_items[0][quantity]=1");
  EXPECT_EQ(checkout_refused["error"]["message"],
            "Quantity should not be specified where usage_type is `metered`. Remove quantity "
            "from `line_items[0]`");
  EXPECT_EQ(Answer(200, "POST", "/v1/checkout/sessions", session_base)["mode"], "subscription");

  const Json licensed = Answer(200, "POST", "/v1/prices",
                               "currency=usd&unit_amount=2&product_data[name]=Seats"
                               "&recurring[interval]=month");
  EXPECT_TRUE(licensed["recurring"]["meter"].is_null());
}

}  // namespace
}  // namespace wire
}  // namespace paysim
