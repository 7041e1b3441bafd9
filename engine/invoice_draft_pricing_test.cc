// Behaviour tests of repricing a draft invoice: default_tax_rates and discounts on update
// (the lines of invoice items without rates of their own take the new defaults; the amounts
// follow at once), `discounts=` removing the invoice's discount and any it would inherit from
// its customer (on create too), finalized invoices refusing both, bad input changing nothing.
#include <string>
#include <vector>

#include "engine/billing_test_fixture.h"

namespace paysim {
namespace {

using ::paysim::testing::IsOk;
using ::paysim::testing::ParseParams;
using ::paysim::testing::StripeErrorWithParam;
using ::testing::ElementsAre;
using ::testing::IsEmpty;

class InvoiceDraftPricingTest : public BillingTest {
 protected:
  // A one-off draft of `customer` billing a pending item of 10,000 usd cents (and one with a
  // 5% rate of its own when `with_own_rate`).
  Invoice Draft(const std::string& customer, const std::string& more = "",
                const std::string& own_rate = "") {
    InvoiceItemCreateParams item;
    item.set_customer(customer);
    item.set_amount(10000);
    item.set_currency("usd");
    EXPECT_THAT(engine_.invoice_items().Create(item), IsOk());
    if (!own_rate.empty()) {
      item.set_amount(2000);
      item.add_tax_rates(own_rate);
      EXPECT_THAT(engine_.invoice_items().Create(item), IsOk());
    }
    InvoiceCreateParams params = ParseParams<InvoiceCreateParams>(
        absl::StrCat("pending_invoice_items_behavior: \"include\" ", more));
    params.set_customer(customer);
    absl::StatusOr<Invoice> draft = engine_.invoices().Create(params);
    EXPECT_THAT(draft, IsOk());
    return draft.value_or(Invoice());
  }

  absl::StatusOr<Invoice> Update(const std::string& id, const std::string& text) {
    return engine_.invoices().Update(id, ParseParams<InvoiceUpdateParams>(text));
  }

  void NewCoupon(const std::string& text) {
    ASSERT_THAT(engine_.coupons().Create(ParseParams<CouponCreateParams>(text)), IsOk());
  }
};

TEST_F(InvoiceDraftPricingTest, DefaultTaxRatesRepriceTheItemLinesWithoutTheirOwn) {
  const std::string customer = NewCustomer();
  const std::string ten = NewTaxRate(10, /*inclusive=*/false);
  const std::string five = NewTaxRate(5, /*inclusive=*/false);
  const Invoice draft = Draft(customer, "", five);
  EXPECT_EQ(draft.total(), 12100);  // 10,000 untaxed; 2,000 + 5%

  absl::StatusOr<Invoice> taxed =
      Update(draft.id(), absl::StrCat("default_tax_rates: \"", ten, "\""));
  ASSERT_THAT(taxed, IsOk());
  ASSERT_EQ(taxed->default_tax_rates_size(), 1);
  EXPECT_EQ(taxed->default_tax_rates(0).id(), ten);
  EXPECT_EQ(taxed->subtotal(), 12000);
  EXPECT_EQ(taxed->total(), 13100);  // 10,000 + 10%; the item's own 5% stays
  EXPECT_EQ(taxed->amount_due(), 13100);
  EXPECT_EQ(Inv(draft.id()).total(), 13100);

  absl::StatusOr<Invoice> untaxed = Update(draft.id(), "default_tax_rates_emptied: true");
  ASSERT_THAT(untaxed, IsOk());
  EXPECT_THAT(untaxed->default_tax_rates(), IsEmpty());
  EXPECT_EQ(untaxed->total(), 12100);
}

TEST_F(InvoiceDraftPricingTest, DiscountsReplaceAndRemoveTheInvoicesDiscount) {
  NewCoupon(R"pb(id: "TWENTY" percent_off: 20)pb");
  NewCoupon(R"pb(id: "FIVEOFF" amount_off: 500 currency: "usd")pb");
  const std::string customer = NewCustomer();
  const Invoice draft = Draft(customer);
  EXPECT_EQ(draft.total(), 10000);

  absl::StatusOr<Invoice> twenty = Update(draft.id(), R"pb(discounts { coupon: "TWENTY" })pb");
  ASSERT_THAT(twenty, IsOk());
  EXPECT_EQ(twenty->total(), 8000);
  ASSERT_EQ(twenty->discounts_size(), 1);
  const std::string first_discount = twenty->discounts(0);

  absl::StatusOr<Invoice> five = Update(draft.id(), R"pb(discounts { coupon: "FIVEOFF" })pb");
  ASSERT_THAT(five, IsOk());
  EXPECT_EQ(five->total(), 9500);
  ASSERT_EQ(five->discounts_size(), 1);
  EXPECT_NE(five->discounts(0), first_discount);

  absl::StatusOr<Invoice> none = Update(draft.id(), "discounts_emptied: true");
  ASSERT_THAT(none, IsOk());
  EXPECT_EQ(none->total(), 10000);
  EXPECT_THAT(none->discounts(), IsEmpty());
}

TEST_F(InvoiceDraftPricingTest, EmptiedDiscountsInheritNoneFromTheCustomer) {
  NewCoupon(R"pb(id: "LOYAL" percent_off: 10 duration: "forever")pb");
  const std::string customer = NewCustomer();
  CustomerUpdateParams coupon;
  coupon.set_coupon("LOYAL");
  ASSERT_THAT(engine_.customers().Update(customer, coupon), IsOk());

  EXPECT_EQ(Draft(customer).total(), 9000);  // the customer's discount
  const Invoice plain = Draft(customer, "discounts_emptied: true");
  EXPECT_EQ(plain.total(), 10000);
  EXPECT_THAT(plain.discounts(), IsEmpty());

  const Invoice later = Draft(customer);
  EXPECT_EQ(later.total(), 9000);
  absl::StatusOr<Invoice> removed = Update(later.id(), "discounts_emptied: true");
  ASSERT_THAT(removed, IsOk());
  EXPECT_EQ(removed->total(), 10000);
  absl::StatusOr<Invoice> finalized =
      engine_.invoices().Finalize(later.id(), InvoiceFinalizeParams());
  ASSERT_THAT(finalized, IsOk());
  EXPECT_EQ(finalized->amount_due(), 10000);
}

TEST_F(InvoiceDraftPricingTest, FinalizedInvoicesAndBadInputAreRefusedChangingNothing) {
  NewCoupon(R"pb(id: "TWENTY" percent_off: 20)pb");
  const std::string customer = NewCustomer();
  const std::string ten = NewTaxRate(10, /*inclusive=*/false);
  const Invoice draft = Draft(customer);

  EXPECT_THAT(Update(draft.id(), R"pb(discounts { coupon: "NOPE" })pb"),
              StripeErrorWithParam("invalid_request_error", "resource_missing",
                                   "discounts[0][coupon]"));
  EXPECT_THAT(Update(draft.id(), R"pb(default_tax_rates: "txr_missing")pb"),
              StripeErrorWithParam("invalid_request_error", "resource_missing",
                                   "default_tax_rates[0]"));
  EXPECT_THAT(Update(draft.id(), R"pb(discounts { coupon: "TWENTY" }
                                      discounts { coupon: "TWENTY" })pb"),
              StripeErrorWithParam("invalid_request_error", "", "discounts"));
  const Invoice unchanged = Inv(draft.id());
  EXPECT_EQ(unchanged.total(), 10000);
  EXPECT_THAT(unchanged.default_tax_rates(), IsEmpty());
  EXPECT_FALSE(unchanged.has_own_discount());

  ASSERT_THAT(engine_.invoices().Finalize(draft.id(), InvoiceFinalizeParams()), IsOk());
  EXPECT_THAT(Update(draft.id(), R"pb(discounts { coupon: "TWENTY" })pb"),
              StripeErrorWithParam("invalid_request_error", "", "discounts"));
  EXPECT_THAT(Update(draft.id(), absl::StrCat("default_tax_rates: \"", ten, "\"")),
              StripeErrorWithParam("invalid_request_error", "", "default_tax_rates"));
  EXPECT_EQ(Inv(draft.id()).amount_due(), 10000);
}

}  // namespace
}  // namespace paysim
