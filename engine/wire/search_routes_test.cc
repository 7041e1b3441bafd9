// Stripe's Search API paths, which paysim does not implement: each answers a clear 400 naming
// `query` and the list endpoint to use, with or without a query, and changes nothing; the
// object routes beside them still read their ids.
#include <string>

#include "absl/strings/match.h"
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

class SearchRoutesTest : public ::testing::Test {
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

TEST_F(SearchRoutesTest, EverySearchPathSaysWhatToUseInstead) {
  Answer(200, "POST", "/v1/customers", "email=jenny%40example.com");
  const auto before = engine_.StateSummary();
  for (const char* resource : {"charges", "customers", "invoices", "payment_intents", "prices",
                               "products", "subscriptions"}) {
    for (const std::string query : {"", "?query=email%3A%27jenny%40example.com%27"}) {
      const std::string path = absl::StrCat("/v1/", resource, "/search");
      SCOPED_TRACE(path + query);
      const Json error = Answer(400, "GET", path + query)["error"];
      EXPECT_EQ(error["type"], "invalid_request_error");
      EXPECT_EQ(error["param"], "query");
      const std::string message = error["message"];
      EXPECT_TRUE(absl::StrContains(message, "Search API")) << message;
      EXPECT_TRUE(absl::StrContains(message, absl::StrCat("GET /v1/", resource, " ")))
          << message;
    }
  }
  EXPECT_EQ(engine_.StateSummary(), before);
}

TEST_F(SearchRoutesTest, ObjectRoutesStillReadTheirIds) {
  const Json customer = Answer(200, "POST", "/v1/customers", "email=jenny%40example.com");
  EXPECT_EQ(Answer(200, "GET", absl::StrCat("/v1/customers/", std::string(customer["id"])))["id"],
            customer["id"]);
  // Only GET is a search: another method on the path is the object route's answer.
  EXPECT_EQ(Answer(404, "DELETE", "/v1/customers/search")["error"]["code"], "resource_missing");
}

}  // namespace
}  // namespace wire
}  // namespace paysim
