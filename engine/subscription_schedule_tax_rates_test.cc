// Behaviour tests of tax rates on a subscription schedule's phases: `phases[i][items][j]
// [tax_rates]` and `phases[i][default_tax_rates]` (the rates the subscription's invoices apply
// while the phase runs, changed at the phase's boundary, one second either side), copied from
// the subscription by `from_subscription`; refusals that name the parameter and change nothing.
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "engine/billing_test_fixture.h"
#include "testing/paysim_testing.h"

namespace paysim {
namespace {

using ::paysim::testing::IsOk;
using ::paysim::testing::ParseParams;
using ::paysim::testing::StripeErrorWithParam;

class ScheduleTaxRatesTest : public BillingTest {
 protected:
  absl::StatusOr<SubscriptionSchedule> Schedule(const std::string& text) {
    return engine_.subscription_schedules().Create(
        ParseParams<SubscriptionScheduleCreateParams>(text));
  }
};

TEST_F(ScheduleTaxRatesTest, EachPhaseBillsItsOwnRatesFromItsStart) {
  const std::string customer = NewCustomer();
  const std::string monthly = NewPrice(1000);
  const std::string ten = NewTaxRate(10, /*inclusive=*/false);
  const std::string twenty = NewTaxRate(20, /*inclusive=*/false);
  absl::StatusOr<SubscriptionSchedule> s = Schedule(absl::StrCat(
      "customer: \"", customer, "\" start_date: \"now\" phases { items { price: \"", monthly,
      "\" tax_rates: \"", ten, "\" } iterations: 1 } phases { items { price: \"", monthly,
      "\" } default_tax_rates: \"", twenty, "\" iterations: 1 }"));
  ASSERT_THAT(s, IsOk());
  ASSERT_EQ(s->phases(0).items(0).tax_rates_size(), 1);
  EXPECT_EQ(s->phases(0).items(0).tax_rates(0).id(), ten);
  EXPECT_EQ(s->phases(0).items(0).tax_rates(0).percentage(), 10);
  EXPECT_EQ(s->phases(0).default_tax_rates_size(), 0);
  ASSERT_EQ(s->phases(1).default_tax_rates_size(), 1);
  EXPECT_EQ(s->phases(1).default_tax_rates(0).id(), twenty);

  const std::string id = s->subscription();
  Subscription sub = Sub(id);
  ASSERT_EQ(sub.items().data(0).tax_rates_size(), 1);
  EXPECT_EQ(sub.items().data(0).tax_rates(0).id(), ten);
  EXPECT_EQ(Inv(sub.latest_invoice()).amount_paid(), 1100);

  At(kFeb1 - 1);
  EXPECT_EQ(Sub(id).default_tax_rates_size(), 0);
  EXPECT_EQ(Sub(id).items().data(0).tax_rates_size(), 1);
  At(kFeb1);
  sub = Sub(id);
  EXPECT_EQ(sub.items().data(0).tax_rates_size(), 0);
  ASSERT_EQ(sub.default_tax_rates_size(), 1);
  EXPECT_EQ(sub.default_tax_rates(0).id(), twenty);
  const std::vector<Invoice> invoices = InvoicesOf(id);
  ASSERT_EQ(invoices.size(), 2u);
  EXPECT_EQ(invoices[1].amount_due(), 1200);
}

TEST_F(ScheduleTaxRatesTest, AScheduleOfASubscriptionKeepsItsRates) {
  const std::string customer = NewCustomer();
  const std::string monthly = NewPrice(1000);
  const std::string ten = NewTaxRate(10, /*inclusive=*/false);
  const std::string vat = NewTaxRate(20, /*inclusive=*/true);
  absl::StatusOr<Subscription> sub =
      Subscribe(customer, monthly,
                absl::StrCat("default_tax_rates: \"", vat, "\" items { price: \"", NewPrice(500),
                             "\" tax_rates: \"", ten, "\" }"));
  ASSERT_THAT(sub, IsOk());
  absl::StatusOr<SubscriptionSchedule> s =
      Schedule(absl::StrCat("from_subscription: \"", sub->id(), "\""));
  ASSERT_THAT(s, IsOk());
  ASSERT_EQ(s->phases(0).default_tax_rates_size(), 1);
  EXPECT_EQ(s->phases(0).default_tax_rates(0).id(), vat);
  ASSERT_EQ(s->phases(0).items_size(), 2);
  EXPECT_EQ(s->phases(0).items(0).tax_rates_size(), 0);
  ASSERT_EQ(s->phases(0).items(1).tax_rates_size(), 1);
  EXPECT_EQ(s->phases(0).items(1).tax_rates(0).id(), ten);
}

TEST_F(ScheduleTaxRatesTest, RefusalsNameThePhaseParameterAndChangeNothing) {
  const std::string customer = NewCustomer();
  const std::string monthly = NewPrice(1000);
  const std::string archived = NewTaxRate(5, /*inclusive=*/false);
  TaxRateUpdateParams archive;
  archive.set_active(false);
  ASSERT_THAT(engine_.tax_rates().Update(archived, archive), IsOk());
  const std::string before = Snapshot();
  struct Case {
    std::string phase;
    std::string code;
    std::string param;
  };
  const std::vector<Case> cases = {
      {absl::StrCat("items { price: \"", monthly, "\" tax_rates: \"txr_nope\" }"),
       "resource_missing", "phases[0][items][0][tax_rates][0]"},
      {absl::StrCat("items { price: \"", monthly, "\" } default_tax_rates: \"txr_nope\""),
       "resource_missing", "phases[0][default_tax_rates][0]"},
      {absl::StrCat("items { price: \"", monthly, "\" } default_tax_rates: \"", archived, "\""),
       "", "phases[0][default_tax_rates][0]"},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.phase);
    EXPECT_THAT(Schedule(absl::StrCat("customer: \"", customer, "\" start_date: \"now\" phases { ",
                                      c.phase, " iterations: 1 }")),
                StripeErrorWithParam("invalid_request_error", c.code, c.param));
  }
  EXPECT_EQ(Snapshot(), before);
}

}  // namespace
}  // namespace paysim
