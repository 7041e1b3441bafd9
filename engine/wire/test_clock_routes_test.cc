// The wire door of test clocks: the Stripe CLI's fixtures for test_helpers.test_clock.* as the
// CLI sends them, the object's JSON shape, the list, a customer's `test_clock`, and Stripe's
// errors (type, code, param, HTTP status) for bad input.
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
constexpr int64_t kStart = 1767225600;  // 2026-01-01T00:00:00Z
constexpr int64_t kFixtureStart = 1577836800;    // the CLI fixtures' frozen_time
constexpr int64_t kFixtureAdvance = 1580515200;  // and their advance

class TestClockRoutesTest : public ::testing::Test {
 protected:
  Json Answer(int status, absl::string_view method, absl::string_view path,
              absl::string_view body = "") {
    WireApi::Response r =
        api_.Handle(method, path, {{"Authorization", std::string(kKey)}}, body);
    EXPECT_EQ(r.status, status) << method << " " << path << " " << body << "\n" << r.body;
    return Json::parse(r.body);
  }
  void ExpectError(int status, absl::string_view method, absl::string_view path,
                   absl::string_view body, absl::string_view code, absl::string_view param) {
    const Json error = Answer(status, method, path, body)["error"];
    EXPECT_EQ(error["type"], "invalid_request_error") << body;
    if (code.empty()) {
      EXPECT_FALSE(error.contains("code")) << body << "\n" << error.dump();
    } else {
      EXPECT_EQ(error["code"], std::string(code)) << body;
    }
    EXPECT_EQ(error["param"], std::string(param)) << body << "\n" << error.dump();
  }
  std::string LastEventType(absl::string_view type) {
    const Json events = Answer(200, "GET", absl::StrCat("/v1/events?type=", type));
    EXPECT_EQ(events["data"].size(), 1u) << type;
    return events["data"].empty() ? "" : events["data"][0]["type"].get<std::string>();
  }
  std::string CreateClock() {
    return Answer(200, "POST", "/v1/test_helpers/test_clocks",
                  "frozen_time=1577836800&name=%28created+by+Stripe+CLI%29")["id"];
  }

  testing::FakeClock clock_;
  Engine engine_{{.clock = &clock_, .seed = 42}};
  WireApi api_{&engine_};
};

TEST_F(TestClockRoutesTest, CreatedFixtureAndShape) {
  const Json clock = Answer(200, "POST", "/v1/test_helpers/test_clocks",
                            "frozen_time=1577836800&name=%28created+by+Stripe+CLI%29");
  EXPECT_EQ(LastEventType("test_helpers.test_clock.created"), "test_helpers.test_clock.created");
  EXPECT_EQ(clock.dump(),
            Json::parse(absl::StrCat(R"({"id":")", clock["id"].get<std::string>(),
                                     R"(","object":"test_helpers.test_clock","created":)", kStart,
                                     R"(,"deletes_after":)", kStart + 30 * 86400,
                                     R"(,"frozen_time":1577836800,"livemode":false,)"
                                     R"j("name":"(created by Stripe CLI)","status":"ready",)j"
                                     R"j("status_details":{}})j"))
                .dump());
  const std::string id = clock["id"];
  EXPECT_EQ(id.rfind("clock_", 0), 0u);
  EXPECT_EQ(Answer(200, "GET", absl::StrCat("/v1/test_helpers/test_clocks/", id))["id"], id);
  const Json list = Answer(200, "GET", "/v1/test_helpers/test_clocks?limit=1");
  EXPECT_EQ(list["object"], "list");
  EXPECT_EQ(list["url"], "/v1/test_helpers/test_clocks");
  EXPECT_EQ(list["data"][0]["id"], id);
  const Json unnamed = Answer(200, "POST", "/v1/test_helpers/test_clocks", "frozen_time=1");
  EXPECT_TRUE(unnamed["name"].is_null());
}

TEST_F(TestClockRoutesTest, AdvancingAndReadyFixture) {
  const std::string id = CreateClock();
  const Json advancing =
      Answer(200, "POST", absl::StrCat("/v1/test_helpers/test_clocks/", id, "/advance"),
             absl::StrCat("frozen_time=", kFixtureAdvance));
  EXPECT_EQ(advancing["status"], "advancing");
  EXPECT_EQ(advancing["status_details"]["advancing"]["target_frozen_time"], kFixtureAdvance);
  EXPECT_EQ(LastEventType("test_helpers.test_clock.advancing"),
            "test_helpers.test_clock.advancing");
  EXPECT_EQ(LastEventType("test_helpers.test_clock.ready"), "test_helpers.test_clock.ready");
  const Json ready = Answer(200, "GET", absl::StrCat("/v1/test_helpers/test_clocks/", id));
  EXPECT_EQ(ready["status"], "ready");
  EXPECT_EQ(ready["frozen_time"], kFixtureAdvance);
  EXPECT_EQ(ready["status_details"].dump(), "{}");
}

TEST_F(TestClockRoutesTest, DeletedFixture) {
  const std::string id = CreateClock();
  const Json deleted = Answer(200, "DELETE", absl::StrCat("/v1/test_helpers/test_clocks/", id));
  EXPECT_EQ(deleted.dump(), Json::parse(absl::StrCat(R"({"id":")", id,
                                                     R"(","object":"test_helpers.test_clock",)"
                                                     R"("deleted":true})"))
                                .dump());
  EXPECT_EQ(LastEventType("test_helpers.test_clock.deleted"), "test_helpers.test_clock.deleted");
}

TEST_F(TestClockRoutesTest, CustomerOnAClock) {
  const std::string id = CreateClock();
  const Json customer = Answer(200, "POST", "/v1/customers",
                               absl::StrCat("description=x&test_clock=", id));
  EXPECT_EQ(customer["test_clock"], id);
  EXPECT_EQ(customer["created"], kFixtureStart);
  EXPECT_TRUE(Answer(200, "POST", "/v1/customers", "")["test_clock"].is_null());
}

TEST_F(TestClockRoutesTest, Errors) {
  const std::string id = CreateClock();
  ExpectError(400, "POST", "/v1/test_helpers/test_clocks", "", "parameter_missing",
              "frozen_time");
  ExpectError(400, "POST", "/v1/test_helpers/test_clocks", "frozen_time=soon",
              "parameter_invalid_integer", "frozen_time");
  ExpectError(400, "POST", absl::StrCat("/v1/test_helpers/test_clocks/", id, "/advance"),
              "frozen_time=1577836800", "", "frozen_time");
  ExpectError(400, "POST", absl::StrCat("/v1/test_helpers/test_clocks/", id, "/advance"),
              "frozen_time=1700000000", "", "frozen_time");
  ExpectError(404, "GET", "/v1/test_helpers/test_clocks/clock_nope", "", "resource_missing",
              "id");
  ExpectError(404, "POST", "/v1/test_helpers/test_clocks/clock_nope/advance",
              "frozen_time=1580515200", "resource_missing", "id");
  ExpectError(404, "DELETE", "/v1/test_helpers/test_clocks/clock_nope", "", "resource_missing",
              "id");
  ExpectError(400, "POST", "/v1/customers", "test_clock=clock_nope", "resource_missing",
              "test_clock");
}

}  // namespace
}  // namespace wire
}  // namespace paysim
