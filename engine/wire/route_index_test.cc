// RouteIndex finds the route FindRoute() finds: for every engine route, and for paths that
// fit no route.
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "engine/wire/routes.h"
#include "gtest/gtest.h"

namespace paysim {
namespace wire {
namespace {

// The segments of a path that fits `pattern`, "{}" filled with "id_1", "id_2", ...
std::vector<std::string> PathFor(absl::string_view pattern) {
  std::vector<std::string> segments = absl::StrSplit(pattern.substr(1), '/');
  int n = 0;
  for (std::string& segment : segments) {
    if (segment == "{}") segment = absl::StrCat("id_", ++n);
  }
  return segments;
}

void ExpectSameAsScan(absl::string_view method, const std::vector<std::string>& segments) {
  std::vector<std::string> scanned_ids;
  std::vector<std::string> indexed_ids;
  const Route* scanned = FindRoute(EngineRoutes(), method, segments, &scanned_ids);
  const Route* indexed = EngineRouteIndex().Find(method, segments, &indexed_ids);
  EXPECT_EQ(indexed, scanned) << method << " " << absl::StrJoin(segments, "/");
  if (scanned != nullptr) EXPECT_EQ(indexed_ids, scanned_ids);
}

TEST(RouteIndexTest, FindsTheRouteTheTableScanFindsForEveryEngineRoute) {
  ASSERT_GT(EngineRoutes().size(), 100u);
  for (const Route& route : EngineRoutes()) {
    ExpectSameAsScan(route.method, PathFor(route.pattern));
  }
}

TEST(RouteIndexTest, PathsThatFitNoRouteFindNone) {
  for (const Route& route : EngineRoutes()) {
    std::vector<std::string> longer = PathFor(route.pattern);
    longer.push_back("extra");
    ExpectSameAsScan(route.method, longer);
    ExpectSameAsScan("PATCH", PathFor(route.pattern));
  }
  std::vector<std::string> ids = {"left", "over"};
  EXPECT_EQ(EngineRouteIndex().Find("GET", {"v1", "nothing_here"}, &ids), nullptr);
  EXPECT_TRUE(ids.empty());
  EXPECT_EQ(EngineRouteIndex().Find("GET", {"v1"}, &ids), nullptr);
  EXPECT_EQ(EngineRouteIndex().Find("GET", {}, &ids), nullptr);
}

TEST(RouteIndexTest, TheFirstRouteOfTheTableWins) {
  std::vector<std::string> ids;
  // /v1/charges/search comes before /v1/charges/{}: "search" is not an id.
  const Route* search = EngineRouteIndex().Find("GET", {"v1", "charges", "search"}, &ids);
  ASSERT_NE(search, nullptr);
  EXPECT_EQ(search->pattern, "/v1/charges/search");
  EXPECT_TRUE(ids.empty());
  const Route* retrieve = EngineRouteIndex().Find("GET", {"v1", "charges", "ch_1"}, &ids);
  ASSERT_NE(retrieve, nullptr);
  EXPECT_EQ(retrieve->pattern, "/v1/charges/{}");
  EXPECT_EQ(ids, std::vector<std::string>{"ch_1"});
}

TEST(RouteIndexTest, RoutesWithAnIdInTheirFirstTwoSegmentsKeepTheirPlace) {
  static const auto* table = new std::vector<Route>{
      {"GET", "/v1/{}/a", "x", false, nullptr, ""},
      {"GET", "/v1/things/a", "y", false, nullptr, ""},
      {"GET", "/v1/things/{}", "z", false, nullptr, ""},
      {"GET", "/{}", "w", false, nullptr, ""},
  };
  const RouteIndex index(*table);
  std::vector<std::string> ids;
  EXPECT_EQ(index.Find("GET", {"v1", "things", "a"}, &ids), &(*table)[0]);
  EXPECT_EQ(ids, std::vector<std::string>{"things"});
  EXPECT_EQ(index.Find("GET", {"v1", "things", "b"}, &ids), &(*table)[2]);
  EXPECT_EQ(ids, std::vector<std::string>{"b"});
  EXPECT_EQ(index.Find("GET", {"v2"}, &ids), &(*table)[3]);
  EXPECT_EQ(ids, std::vector<std::string>{"v2"});
  EXPECT_EQ(index.Find("POST", {"v2"}, &ids), nullptr);
}

}  // namespace
}  // namespace wire
}  // namespace paysim
