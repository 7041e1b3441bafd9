#include "testing/json_path.h"

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "testing/status_matchers.h"

namespace paysim::testing {
namespace {

using ::testing::HasSubstr;

const JsonValue kResponse = JsonValue::parse(R"({
  "id": "ch_1", "amount": 999, "captured": false, "customer": null,
  "outcome": {"type": "authorized"},
  "data": [{"id": "a"}, {"id": "b", "tags": [1, 2]}]
})");

TEST(FindJsonPath, FollowsKeysAndIndexes) {
  EXPECT_EQ(FindJsonPath(kResponse, "outcome.type")->get<std::string>(), "authorized");
  EXPECT_EQ(FindJsonPath(kResponse, "data[1].id")->get<std::string>(), "b");
  EXPECT_EQ(FindJsonPath(kResponse, "data[1].tags[1]")->get<int>(), 2);
  EXPECT_EQ(FindJsonPath(kResponse, "data[2]"), nullptr);
  EXPECT_EQ(FindJsonPath(kResponse, "outcome.missing"), nullptr);
  EXPECT_EQ(FindJsonPath(kResponse, "amount.x"), nullptr);
  EXPECT_EQ(FindJsonPath(kResponse, "data[x]"), nullptr);
}

TEST(CheckJsonExpectation, ComparesJsonValues) {
  EXPECT_THAT(CheckJsonExpectation(kResponse, "amount == 999"), IsOk());
  EXPECT_THAT(CheckJsonExpectation(kResponse, R"(id == "ch_1")"), IsOk());
  EXPECT_THAT(CheckJsonExpectation(kResponse, "captured == false"), IsOk());
  EXPECT_THAT(CheckJsonExpectation(kResponse, "customer == null"), IsOk());
  EXPECT_THAT(CheckJsonExpectation(kResponse, "amount != 1000"), IsOk());
}

TEST(CheckJsonExpectation, ExplainsFailures) {
  EXPECT_THAT(CheckJsonExpectation(kResponse, "amount == 1000"),
              StatusIs(absl::StatusCode::kFailedPrecondition,
                       HasSubstr("amount: expected 1000, got 999")));
  EXPECT_THAT(CheckJsonExpectation(kResponse, "nope == 1"),
              StatusIs(absl::StatusCode::kFailedPrecondition, HasSubstr("no such path")));
  EXPECT_THAT(CheckJsonExpectation(kResponse, "id == ch_1"),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("quote strings")));
  EXPECT_THAT(CheckJsonExpectation(kResponse, "amount 999"),
              StatusIs(absl::StatusCode::kInvalidArgument));
}

TEST(JsonValueText, UnquotesStrings) {
  EXPECT_EQ(JsonValueText(JsonValue("ch_1")), "ch_1");
  EXPECT_EQ(JsonValueText(JsonValue(5)), "5");
}

}  // namespace
}  // namespace paysim::testing
