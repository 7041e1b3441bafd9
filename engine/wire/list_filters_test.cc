// The `created` filter of list endpoints: `created=T` and `created[gt|gte|lt|lte]=T`, each
// bound one second either side, combined with pagination, and its bad input.
#include <cstdint>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/time/time.h"
#include "engine/engine.h"
#include "engine/wire/wire.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "nlohmann/json.hpp"
#include "testing/fake_clock.h"

namespace paysim {
namespace wire {
namespace {

using Json = nlohmann::json;
using ::testing::ElementsAre;
using ::testing::IsEmpty;

class ListFiltersTest : public ::testing::Test {
 protected:
  // Three charges and three customers, created at t0, t0 + 10 s and t0 + 20 s.
  void SetUp() override {
    t0_ = absl::ToUnixSeconds(clock_.Now());
    for (int i = 0; i < 3; ++i) {
      charges_.push_back(Id("/v1/charges", "amount=1000&currency=usd&source=tok_visa"));
      customers_.push_back(Id("/v1/customers", absl::StrCat("email=c", i, "@example.com")));
      clock_.Advance(absl::Seconds(10));
    }
  }

  WireApi::Response Call(absl::string_view method, absl::string_view path,
                         absl::string_view body = "") {
    return api_.Handle(method, path, {{"Authorization", "Bearer sk_test_list_filters"}}, body);
  }

  std::string Id(absl::string_view path, absl::string_view body) {
    WireApi::Response r = Call("POST", path, body);
    EXPECT_EQ(r.status, 200) << r.body;
    return Json::parse(r.body)["id"];
  }

  // The ids a GET list returns, in order.
  std::vector<std::string> Ids(const std::string& path_and_query, bool* has_more = nullptr) {
    WireApi::Response r = Call("GET", path_and_query);
    EXPECT_EQ(r.status, 200) << path_and_query << "\n" << r.body;
    const Json page = Json::parse(r.body);
    if (has_more != nullptr) *has_more = page["has_more"];
    std::vector<std::string> ids;
    for (const Json& object : page["data"]) ids.push_back(object["id"]);
    return ids;
  }

  std::string At(int64_t offset) { return std::to_string(t0_ + offset); }

  testing::FakeClock clock_;
  Engine engine_{{.clock = &clock_, .seed = 12}};
  WireApi api_{&engine_};
  int64_t t0_ = 0;
  std::vector<std::string> charges_;
  std::vector<std::string> customers_;
};

TEST_F(ListFiltersTest, EachBoundIsExactToTheSecond) {
  const std::vector<std::string>& c = charges_;
  EXPECT_THAT(Ids("/v1/charges?created[gte]=" + At(10)), ElementsAre(c[2], c[1]));
  EXPECT_THAT(Ids("/v1/charges?created[gte]=" + At(11)), ElementsAre(c[2]));
  EXPECT_THAT(Ids("/v1/charges?created[gt]=" + At(9)), ElementsAre(c[2], c[1]));
  EXPECT_THAT(Ids("/v1/charges?created[gt]=" + At(10)), ElementsAre(c[2]));
  EXPECT_THAT(Ids("/v1/charges?created[lte]=" + At(10)), ElementsAre(c[1], c[0]));
  EXPECT_THAT(Ids("/v1/charges?created[lte]=" + At(9)), ElementsAre(c[0]));
  EXPECT_THAT(Ids("/v1/charges?created[lt]=" + At(11)), ElementsAre(c[1], c[0]));
  EXPECT_THAT(Ids("/v1/charges?created[lt]=" + At(10)), ElementsAre(c[0]));
  EXPECT_THAT(Ids("/v1/charges?created=" + At(10)), ElementsAre(c[1]));
  EXPECT_THAT(Ids("/v1/charges?created=" + At(11)), IsEmpty());
  EXPECT_THAT(Ids("/v1/charges?created[gt]=" + At(0) + "&created[lt]=" + At(20)),
              ElementsAre(c[1]));
  EXPECT_THAT(Ids("/v1/charges?created[gt]=" + At(20) + "&created[lt]=" + At(0)), IsEmpty());
}

TEST_F(ListFiltersTest, TheFilterAppliesBeforeThePageIsCut) {
  bool has_more = false;
  EXPECT_THAT(Ids("/v1/customers?limit=1&created[lte]=" + At(10), &has_more),
              ElementsAre(customers_[1]));
  EXPECT_TRUE(has_more);
  EXPECT_THAT(Ids("/v1/customers?limit=1&created[lte]=" + At(10) +
                      "&starting_after=" + customers_[1],
                  &has_more),
              ElementsAre(customers_[0]));
  EXPECT_FALSE(has_more);
}

TEST_F(ListFiltersTest, EventsAndRefundsTakeItToo) {
  // charge.succeeded at t0, t0 + 10, t0 + 20; customer.created beside each.
  EXPECT_EQ(Ids("/v1/events?created[gte]=" + At(20)).size(), 2u);
  EXPECT_EQ(Ids("/v1/events?type=charge.succeeded&created[lt]=" + At(20)).size(), 2u);
  const std::string refund = Id("/v1/refunds", "charge=" + charges_[0]);
  EXPECT_THAT(Ids("/v1/refunds?created=" + At(30)), ElementsAre(refund));
  EXPECT_THAT(Ids("/v1/refunds?created[lt]=" + At(30)), IsEmpty());
}

TEST_F(ListFiltersTest, BadValuesAreRefused) {
  struct Row {
    std::string query;
    std::string code;
    std::string param;
  };
  for (const Row& row : std::vector<Row>{
           {"created=yesterday", "parameter_invalid_integer", "created"},
           {"created[gt]=soon", "parameter_invalid_integer", "created[gt]"},
           {"created[after]=1", "parameter_unknown", "created[after]"},
           {"created[exact]=1", "parameter_unknown", "created[exact]"},
       }) {
    SCOPED_TRACE(row.query);
    WireApi::Response r = Call("GET", "/v1/charges?" + row.query);
    EXPECT_EQ(r.status, 400) << r.body;
    const Json error = Json::parse(r.body)["error"];
    EXPECT_EQ(error.value("code", ""), row.code);
    EXPECT_EQ(error.value("param", ""), row.param);
  }
}

}  // namespace
}  // namespace wire
}  // namespace paysim
