// Stripe's Search API on the wire: the search_result envelope (data, has_more, next_page,
// url), pages through `page`, every searchable resource, Stripe's refusals (param `query`,
// `limit`, an unknown param) that change nothing; the object routes beside them still read
// their ids.
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

TEST_F(SearchRoutesTest, SearchResultEnvelopeAndPages) {
  const Json jenny = Answer(200, "POST", "/v1/customers",
                            "email=jenny%40example.com&metadata[plan]=pro");
  const Json bob = Answer(200, "POST", "/v1/customers", "email=bob%40example.com");
  const Json first = Answer(200, "GET", "/v1/customers/search?query=email~%27example%27&limit=1");
  EXPECT_EQ(first["object"], "search_result");
  ASSERT_EQ(first["data"].size(), 1u);
  EXPECT_EQ(first["data"][0]["id"], bob["id"]);
  EXPECT_EQ(first["data"][0]["object"], "customer");
  EXPECT_EQ(first["has_more"], true);
  EXPECT_EQ(first["next_page"], bob["id"]);
  EXPECT_EQ(first["url"], "/v1/customers/search");
  const Json second =
      Answer(200, "GET",
             absl::StrCat("/v1/customers/search?query=email~%27example%27&limit=1&page=",
                          std::string(first["next_page"])));
  ASSERT_EQ(second["data"].size(), 1u);
  EXPECT_EQ(second["data"][0]["id"], jenny["id"]);
  EXPECT_EQ(second["has_more"], false);
  EXPECT_TRUE(second["next_page"].is_null());
  // metadata['key'], %-encoded as a client sends it.
  const Json pro =
      Answer(200, "GET", "/v1/customers/search?query=metadata%5B%27plan%27%5D%3A%27pro%27");
  ASSERT_EQ(pro["data"].size(), 1u);
  EXPECT_EQ(pro["data"][0]["id"], jenny["id"]);
}

TEST_F(SearchRoutesTest, EveryResourceSearchesAndRefusesWhatItCannot) {
  const auto before = engine_.StateSummary();
  for (const char* resource : {"charges", "customers", "invoices", "payment_intents", "prices",
                               "products", "subscriptions"}) {
    const std::string path = absl::StrCat("/v1/", resource, "/search");
    SCOPED_TRACE(path);
    EXPECT_EQ(Answer(200, "GET", path + "?query=metadata%5B%27x%27%5D%3Anull")["object"], "search_result");
    Json error = Answer(400, "GET", path)["error"];
    EXPECT_EQ(error["type"], "invalid_request_error");
    EXPECT_EQ(error["param"], "query");
    error = Answer(400, "GET", path + "?query=nope%3A%27x%27")["error"];
    EXPECT_EQ(error["param"], "query");
    EXPECT_TRUE(absl::StrContains(std::string(error["message"]), "unsupported search field"));
    EXPECT_EQ(Answer(400, "GET", path + "?query=metadata%5B%27x%27%5D%3Anull&limit=0")["error"]["param"],
              "limit");
    EXPECT_EQ(Answer(400, "GET", path + "?query=metadata%5B%27x%27%5D%3Anull&bogus=1")["error"]["param"],
              "bogus");
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
