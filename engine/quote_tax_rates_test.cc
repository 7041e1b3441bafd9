// Behaviour tests of tax rates on quotes: `line_items[i][tax_rates]` and `default_tax_rates`
// (each line taxed by its own rates, else the quote's defaults, exclusive and inclusive, in the
// quote's totals, computed.recurring and computed.upfront), kept and cleared by updates, and
// carried into what acceptance makes (the subscription's items and defaults, the invoice's
// items and defaults); refusals that name the parameter and change nothing.
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

class QuoteTaxRatesTest : public BillingTest {
 protected:
  void SetUp() override {
    customer_ = NewCustomer();
    monthly_ = NewPrice(1000);
    absl::StatusOr<Price> once = engine_.prices().Create(ParseParams<PriceCreateParams>(
        R"pb(currency: "usd" unit_amount: 600 product_data { name: "Setup" })pb"));
    ASSERT_THAT(once, IsOk());
    once_ = once->id();
    ten_ = NewTaxRate(10, /*inclusive=*/false);
    vat_ = NewTaxRate(20, /*inclusive=*/true);
  }

  absl::StatusOr<Quote> Create(const std::string& rest) {
    return engine_.quotes().Create(
        ParseParams<QuoteCreateParams>(absl::StrCat("customer: \"", customer_, "\" ", rest)));
  }

  // A seat line (1000 x 2 a month) taxed 10% exclusive, and a setup fee (600) taxed by the
  // quote's default: 20% inclusive.
  std::string TwoLines() const {
    return absl::StrCat("line_items { price: \"", monthly_, "\" quantity: 2 tax_rates: \"", ten_,
                        "\" } line_items { price: \"", once_, "\" } default_tax_rates: \"",
                        vat_, "\"");
  }

  Quote Accepted(const std::string& id) {
    EXPECT_THAT(engine_.quotes().Finalize(id, QuoteFinalizeParams()), IsOk());
    absl::StatusOr<Quote> accepted = engine_.quotes().Accept(id);
    EXPECT_THAT(accepted, IsOk());
    return accepted.ok() ? *accepted : Quote();
  }

  std::string customer_;
  std::string monthly_;
  std::string once_;
  std::string ten_;
  std::string vat_;
};

TEST_F(QuoteTaxRatesTest, EachLineIsTaxedByItsOwnRatesElseTheQuotesDefaults) {
  absl::StatusOr<Quote> quote = Create(TwoLines());
  ASSERT_THAT(quote, IsOk());
  ASSERT_EQ(quote->default_tax_rates_size(), 1);
  EXPECT_EQ(quote->default_tax_rates(0), vat_);
  ASSERT_EQ(quote->line_items_size(), 2);
  const LineItem& seats = quote->line_items(0);
  EXPECT_EQ(seats.amount_subtotal(), 2000);
  EXPECT_EQ(seats.amount_tax(), 200);
  EXPECT_EQ(seats.amount_total(), 2200);
  ASSERT_EQ(seats.taxes_size(), 1);
  EXPECT_EQ(seats.taxes(0).rate().id(), ten_);
  const LineItem& setup = quote->line_items(1);
  EXPECT_EQ(setup.amount_subtotal(), 600);
  EXPECT_EQ(setup.amount_tax(), 100);  // 600 is 500 and 20% of it
  EXPECT_EQ(setup.amount_total(), 600);
  EXPECT_EQ(quote->amount_subtotal(), 2600);
  EXPECT_EQ(quote->amount_total(), 2800);
  EXPECT_EQ(quote->total_details().amount_tax(), 300);
  EXPECT_EQ(quote->computed().recurring().amount_total(), 2200);
  EXPECT_EQ(quote->computed().recurring().total_details().amount_tax(), 200);
  EXPECT_EQ(quote->computed().upfront().amount_total(), 2800);
  EXPECT_EQ(quote->computed().upfront().total_details().amount_tax(), 300);
}

TEST_F(QuoteTaxRatesTest, ATrialsUpfrontTaxesOnlyWhatItBills) {
  absl::StatusOr<Quote> quote =
      Create(absl::StrCat(TwoLines(), " subscription_data { trial_period_days: 7 }"));
  ASSERT_THAT(quote, IsOk());
  EXPECT_EQ(quote->computed().upfront().amount_total(), 600);
  EXPECT_EQ(quote->computed().upfront().total_details().amount_tax(), 100);
  EXPECT_EQ(quote->computed().recurring().amount_total(), 2200);
}

TEST_F(QuoteTaxRatesTest, UpdatesKeepALinesRatesUnlessGivenAndClearTheDefaults) {
  absl::StatusOr<Quote> quote = Create(TwoLines());
  ASSERT_THAT(quote, IsOk());
  const std::string seats = quote->line_items(0).id();
  absl::StatusOr<Quote> updated = engine_.quotes().Update(
      quote->id(), ParseParams<QuoteUpdateParams>(absl::StrCat(
                       "line_items { id: \"", seats, "\" quantity: 3 } line_items { price: \"",
                       once_, "\" } default_tax_rates_emptied: true")));
  ASSERT_THAT(updated, IsOk());
  EXPECT_EQ(updated->default_tax_rates_size(), 0);
  EXPECT_EQ(updated->line_items(0).amount_tax(), 300);  // its own 10%, kept
  EXPECT_EQ(updated->line_items(1).amount_tax(), 0);    // no defaults any more
  EXPECT_EQ(updated->amount_total(), 3300 + 600);
  updated = engine_.quotes().Update(
      quote->id(), ParseParams<QuoteUpdateParams>(absl::StrCat(
                       "line_items { id: \"", seats, "\" tax_rates_emptied: true }")));
  ASSERT_THAT(updated, IsOk());
  EXPECT_EQ(updated->line_items(0).amount_tax(), 0);
  EXPECT_EQ(updated->amount_total(), 3000);
}

TEST_F(QuoteTaxRatesTest, AcceptanceCarriesTheRatesIntoTheSubscription) {
  absl::StatusOr<Quote> quote = Create(TwoLines());
  ASSERT_THAT(quote, IsOk());
  const Quote accepted = Accepted(quote->id());
  const Subscription sub = Sub(accepted.subscription());
  ASSERT_EQ(sub.items().data(0).tax_rates_size(), 1);
  EXPECT_EQ(sub.items().data(0).tax_rates(0).id(), ten_);
  ASSERT_EQ(sub.default_tax_rates_size(), 1);
  EXPECT_EQ(sub.default_tax_rates(0).id(), vat_);
  const Invoice first = Inv(sub.latest_invoice());
  EXPECT_EQ(first.amount_paid(), quote->computed().upfront().amount_total());
  At(kFeb1 + kHour);
  const std::vector<Invoice> invoices = InvoicesOf(sub.id());
  ASSERT_EQ(invoices.size(), 2u);
  EXPECT_EQ(invoices[1].amount_due(), quote->computed().recurring().amount_total());
}

TEST_F(QuoteTaxRatesTest, AcceptanceCarriesTheRatesIntoTheInvoice) {
  absl::StatusOr<Quote> quote =
      Create(absl::StrCat("line_items { price: \"", once_, "\" quantity: 2 tax_rates: \"", ten_,
                          "\" } default_tax_rates: \"", vat_, "\""));
  ASSERT_THAT(quote, IsOk());
  EXPECT_EQ(quote->amount_total(), 1320);
  const Quote accepted = Accepted(quote->id());
  const Invoice invoice = Inv(accepted.invoice());
  ASSERT_EQ(invoice.default_tax_rates_size(), 1);
  EXPECT_EQ(invoice.default_tax_rates(0).id(), vat_);
  EXPECT_EQ(invoice.total(), 1320);
}

TEST_F(QuoteTaxRatesTest, RefusalsNameTheParameterAndChangeNothing) {
  TaxRateUpdateParams archive;
  archive.set_active(false);
  const std::string archived = NewTaxRate(5, /*inclusive=*/false);
  ASSERT_THAT(engine_.tax_rates().Update(archived, archive), IsOk());
  const std::string before = Snapshot();
  const std::string line = absl::StrCat("line_items { price: \"", monthly_, "\" ");
  EXPECT_THAT(Create(absl::StrCat(line, "tax_rates: \"txr_nope\" }")),
              StripeErrorWithParam("invalid_request_error", "resource_missing",
                                   "line_items[0][tax_rates][0]"));
  EXPECT_THAT(Create(absl::StrCat(line, "} default_tax_rates: \"", archived, "\"")),
              StripeErrorWithParam("invalid_request_error", "", "default_tax_rates[0]"));
  EXPECT_THAT(Create(absl::StrCat(line, "} default_tax_rates: \"txr_nope\"")),
              StripeErrorWithParam("invalid_request_error", "resource_missing",
                                   "default_tax_rates[0]"));
  EXPECT_EQ(Snapshot(), before);
}

}  // namespace
}  // namespace paysim
