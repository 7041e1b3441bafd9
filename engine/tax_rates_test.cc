// Behaviour tests of Tax rates: what create sets, every refused parameter (with its param,
// nothing changed), update (percentage immutable), list filters and the events.
#include <string>
#include <vector>

#include "testing/paysim_testing.h"

namespace paysim {
namespace {

using ::paysim::testing::FakeClock;
using ::paysim::testing::HttpStatusIs;
using ::paysim::testing::IsOk;
using ::paysim::testing::ParseParams;
using ::paysim::testing::StripeErrorWithParam;
using ::testing::ElementsAre;
using ::testing::IsEmpty;

constexpr int64_t kStart = 1767225600;  // FakeClock's default: 2026-01-01T00:00:00Z

class TaxRatesTest : public ::testing::Test {
 protected:
  TaxRate Create(const std::string& text) {
    absl::StatusOr<TaxRate> rate =
        engine_.tax_rates().Create(ParseParams<TaxRateCreateParams>(text));
    EXPECT_THAT(rate, IsOk());
    return rate.ok() ? *rate : TaxRate();
  }

  std::vector<Event> Events() {
    EventListParams params;
    params.set_limit(100);
    absl::StatusOr<ListResult<Event>> page = engine_.events().List(params);
    EXPECT_THAT(page, IsOk());
    if (!page.ok()) return {};
    return std::vector<Event>(page->data.rbegin(), page->data.rend());
  }

  std::vector<std::string> ListNames(const std::string& text) {
    absl::StatusOr<ListResult<TaxRate>> list =
        engine_.tax_rates().List(ParseParams<TaxRateListParams>(text));
    EXPECT_THAT(list, IsOk());
    std::vector<std::string> names;
    if (list.ok()) {
      for (const TaxRate& r : list->data) names.push_back(r.display_name());
    }
    return names;
  }

  FakeClock clock_;
  Engine engine_{{.clock = &clock_, .seed = 7}};
};

TEST_F(TaxRatesTest, CreateSetsWhatWasGiven) {
  TaxRate rate = Create(R"pb(display_name: "VAT" percentage: 19 inclusive: false country: "de"
                             jurisdiction: "DE" description: "VAT Germany" tax_type: "vat"
                             metadata { key: "k" value: "v" })pb");
  EXPECT_EQ(rate.id().substr(0, 4), "txr_");
  EXPECT_EQ(rate.object(), "tax_rate");
  EXPECT_TRUE(rate.active());
  EXPECT_EQ(rate.display_name(), "VAT");
  EXPECT_EQ(rate.percentage(), 19);
  EXPECT_FALSE(rate.inclusive());
  EXPECT_EQ(rate.country(), "DE");
  EXPECT_EQ(rate.jurisdiction(), "DE");
  EXPECT_EQ(rate.description(), "VAT Germany");
  EXPECT_EQ(rate.tax_type(), "vat");
  EXPECT_FALSE(rate.has_state());
  EXPECT_FALSE(rate.has_effective_percentage());
  EXPECT_EQ(rate.created(), kStart);
  EXPECT_EQ(rate.metadata().at("k"), "v");
  ASSERT_EQ(Events().size(), 1u);
  EXPECT_EQ(Events()[0].type(), "tax_rate.created");
  absl::StatusOr<TaxRate> read = engine_.tax_rates().Retrieve(rate.id());
  ASSERT_THAT(read, IsOk());
  EXPECT_EQ(*read, rate);
}

TEST_F(TaxRatesTest, FractionalAndBoundaryPercentages) {
  EXPECT_EQ(Create(R"pb(display_name: "A" percentage: 8.875 inclusive: true)pb").percentage(),
            8.875);
  EXPECT_EQ(Create(R"pb(display_name: "B" percentage: 0 inclusive: true)pb").percentage(), 0);
  EXPECT_EQ(Create(R"pb(display_name: "C" percentage: 100 inclusive: true)pb").percentage(),
            100);
}

TEST_F(TaxRatesTest, BadInputIsRefusedWithItsParamAndChangesNothing) {
  struct Case {
    const char* params;
    const char* code;
    const char* param;
  };
  const Case cases[] = {
      {R"pb(percentage: 10 inclusive: true)pb", "parameter_missing", "display_name"},
      {R"pb(display_name: "T" percentage: 10)pb", "parameter_missing", "inclusive"},
      {R"pb(display_name: "T" inclusive: true)pb", "parameter_missing", "percentage"},
      {R"pb(display_name: "T" inclusive: true percentage: -0.5)pb", "", "percentage"},
      {R"pb(display_name: "T" inclusive: true percentage: 100.5)pb", "", "percentage"},
      {R"pb(display_name: "" inclusive: true percentage: 5)pb", "", "display_name"},
      {R"pb(display_name: "T" inclusive: true percentage: 5 country: "DEU")pb", "", "country"},
      {R"pb(display_name: "T" inclusive: true percentage: 5 state: "CAL")pb", "", "state"},
      {R"pb(display_name: "T" inclusive: true percentage: 5 tax_type: "tithe")pb", "",
       "tax_type"},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.params);
    const absl::Status status =
        engine_.tax_rates().Create(ParseParams<TaxRateCreateParams>(c.params)).status();
    EXPECT_THAT(status, StripeErrorWithParam("invalid_request_error", c.code, c.param));
    EXPECT_THAT(status, HttpStatusIs(400));
  }
  EXPECT_THAT(ListNames(""), IsEmpty());
  EXPECT_THAT(Events(), IsEmpty());
}

TEST_F(TaxRatesTest, UpdateChangesLabelsAndActiveButNotThePercentage) {
  TaxRate rate = Create(R"pb(display_name: "Sales tax" percentage: 7.25 inclusive: false
                             country: "US" state: "CA" description: "d")pb");
  absl::StatusOr<TaxRate> updated = engine_.tax_rates().Update(
      rate.id(), ParseParams<TaxRateUpdateParams>(
                     R"pb(active: false display_name: "CA tax" description: ""
                          metadata { key: "foo" value: "bar" })pb"));
  ASSERT_THAT(updated, IsOk());
  EXPECT_FALSE(updated->active());
  EXPECT_EQ(updated->display_name(), "CA tax");
  EXPECT_FALSE(updated->has_description());
  EXPECT_EQ(updated->percentage(), 7.25);
  EXPECT_EQ(updated->state(), "CA");
  std::vector<Event> events = Events();
  ASSERT_EQ(events.size(), 2u);
  EXPECT_EQ(events[1].type(), "tax_rate.updated");
  EXPECT_EQ(events[1].data().previous_attributes(),
            R"({"active":true,"description":"d","display_name":"Sales tax","metadata":{"foo":null}})");
  EXPECT_THAT(engine_.tax_rates().Update(
                  rate.id(), ParseParams<TaxRateUpdateParams>(R"pb(tax_type: "bogus")pb")),
              StripeErrorWithParam("invalid_request_error", "", "tax_type"));
  EXPECT_THAT(engine_.tax_rates().Update("txr_missing", TaxRateUpdateParams()),
              HttpStatusIs(404));
}

TEST_F(TaxRatesTest, ListFilters) {
  Create(R"pb(display_name: "A" percentage: 5 inclusive: true)pb");
  clock_.Advance(absl::Seconds(1));
  TaxRate b = Create(R"pb(display_name: "B" percentage: 5 inclusive: false)pb");
  ASSERT_THAT(engine_.tax_rates().Update(b.id(),
                                         ParseParams<TaxRateUpdateParams>(R"pb(active: false)pb")),
              IsOk());
  EXPECT_THAT(ListNames(""), ElementsAre("B", "A"));
  EXPECT_THAT(ListNames(R"pb(active: true)pb"), ElementsAre("A"));
  EXPECT_THAT(ListNames(R"pb(inclusive: false)pb"), ElementsAre("B"));
}

}  // namespace
}  // namespace paysim
