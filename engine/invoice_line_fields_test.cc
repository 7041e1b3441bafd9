// Fields Stripe added to invoices, their lines and invoice items after basil, rendered in the
// basil shape: a line's `subtotal` and `pretax_credit_amounts`, the invoice's
// `total_pretax_credit_amounts` and `amount_paid_off_stripe`, and decimal quantities
// (`quantity_decimal`, a parameter from 2026-03-25.dahlia).
#include <string>

#include "engine/billing_test_fixture.h"
#include "engine/json_render.h"
#include "nlohmann/json.hpp"

namespace paysim {
namespace {

using ::paysim::testing::IsOk;
using ::paysim::testing::ParseParams;
using ::paysim::testing::StripeErrorWithParam;

class InvoiceLineFieldsTest : public BillingTest {
 protected:
  // The object as the wire renders it.
  template <typename T>
  nlohmann::json Rendered(const T& object) {
    return nlohmann::json::parse(RenderJson(object));
  }

  absl::StatusOr<InvoiceItem> NewItem(const std::string& customer, const std::string& more,
                                      const RequestOptions& options = {}) {
    return engine_.invoice_items().Create(
        ParseParams<InvoiceItemCreateParams>(
            absl::StrCat("customer: \"", customer, "\" currency: \"usd\" ", more)),
        options);
  }
};

TEST_F(InvoiceLineFieldsTest, DecimalQuantityPricesTheItemAndTruncatesQuantity) {
  const std::string customer = NewCustomer();
  absl::StatusOr<InvoiceItem> item =
      NewItem(customer, R"pb(unit_amount: 1000 quantity_decimal: "2.55")pb");
  ASSERT_THAT(item, IsOk());
  EXPECT_EQ(item->amount(), 2550);
  EXPECT_EQ(item->quantity(), 2);
  EXPECT_EQ(item->quantity_decimal(), "2.55");
  const nlohmann::json json = Rendered(*item);
  EXPECT_EQ(json["quantity_decimal"], "2.55");
  EXPECT_TRUE(json["customer_account"].is_null());

  // Rounded half up once: 0.333 x 1.5 = 0.4995 -> 0; x 3 = 0.999 -> 1.
  absl::StatusOr<InvoiceItem> tiny =
      NewItem(customer, R"pb(unit_amount_decimal: "0.333" quantity_decimal: "1.5")pb");
  ASSERT_THAT(tiny, IsOk());
  EXPECT_EQ(tiny->amount(), 0);
  InvoiceItemUpdateParams update;
  update.set_quantity_decimal("3");
  absl::StatusOr<InvoiceItem> updated = engine_.invoice_items().Update(tiny->id(), update);
  ASSERT_THAT(updated, IsOk());
  EXPECT_EQ(updated->amount(), 1);
  EXPECT_EQ(updated->quantity(), 3);
  EXPECT_EQ(updated->quantity_decimal(), "3");

  // An integer quantity shows as a decimal too; an update keeps a decimal one.
  absl::StatusOr<InvoiceItem> whole = NewItem(customer, R"pb(unit_amount: 700 quantity: 4)pb");
  ASSERT_THAT(whole, IsOk());
  EXPECT_EQ(whole->quantity_decimal(), "4");
  InvoiceItemUpdateParams cheaper;
  cheaper.set_unit_amount(600);
  absl::StatusOr<InvoiceItem> repriced = engine_.invoice_items().Update(item->id(), cheaper);
  ASSERT_THAT(repriced, IsOk());
  EXPECT_EQ(repriced->amount(), 1530);  // 600 x 2.55
  EXPECT_EQ(repriced->quantity_decimal(), "2.55");
}

TEST_F(InvoiceLineFieldsTest, BadDecimalQuantitiesAreRefused) {
  const std::string customer = NewCustomer();
  EXPECT_THAT(NewItem(customer, R"pb(unit_amount: 1000 quantity: 2 quantity_decimal: "2")pb"),
              StripeErrorWithParam("invalid_request_error", "", "quantity_decimal"));
  EXPECT_THAT(NewItem(customer, R"pb(unit_amount: 1000 quantity_decimal: "-1")pb"),
              StripeErrorWithParam("invalid_request_error", "parameter_invalid_decimal",
                                   "quantity_decimal"));
  EXPECT_THAT(NewItem(customer, R"pb(unit_amount: 1000 quantity_decimal: "1.0000000000001")pb"),
              StripeErrorWithParam("invalid_request_error", "parameter_invalid_decimal",
                                   "quantity_decimal"));
  EXPECT_THAT(NewItem(customer, R"pb(unit_amount: 1000 quantity_decimal: "1000000000.5")pb"),
              StripeErrorWithParam("invalid_request_error", "", "quantity_decimal"));
  // Before 2026-03-25.dahlia the parameter does not exist.
  RequestOptions clover;
  clover.api_version = "2025-12-15.clover";
  EXPECT_THAT(NewItem(customer, R"pb(unit_amount: 1000 quantity_decimal: "2")pb", clover),
              StripeErrorWithParam("invalid_request_error", "parameter_unknown",
                                   "quantity_decimal"));
  InvoiceItemListParams all;
  all.set_customer(customer);
  absl::StatusOr<ListResult<InvoiceItem>> items = engine_.invoice_items().List(all);
  ASSERT_THAT(items, IsOk());
  EXPECT_TRUE(items->data.empty());
}

TEST_F(InvoiceLineFieldsTest, LinesShowSubtotalDecimalQuantityAndPretaxCredits) {
  ASSERT_THAT(engine_.coupons().Create(ParseParams<CouponCreateParams>(
                  R"pb(id: "TEN" percent_off: 10 duration: "forever")pb")),
              IsOk());
  const std::string customer = NewCustomer();
  // A subscription's line, discounted.
  absl::StatusOr<Subscription> sub = Subscribe(customer, NewPrice(2000), R"pb(coupon: "TEN")pb");
  ASSERT_THAT(sub, IsOk());
  const Invoice first = Inv(sub->latest_invoice());
  const nlohmann::json invoice = Rendered(first);
  ASSERT_EQ(invoice["lines"]["data"].size(), 1u);
  const nlohmann::json& plan_line = invoice["lines"]["data"][0];
  EXPECT_EQ(plan_line["subtotal"], 2000);
  EXPECT_EQ(plan_line["quantity_decimal"], "1");
  ASSERT_EQ(first.discounts_size(), 1);
  const std::string discount = first.discounts(0);
  EXPECT_EQ(plan_line["pretax_credit_amounts"],
            nlohmann::json::parse(absl::StrCat(R"([{"amount":200,"discount":")", discount,
                                               R"(","type":"discount"}])")));
  EXPECT_EQ(plan_line["pretax_credit_amounts"][0]["amount"],
            plan_line["discount_amounts"][0]["amount"]);
  EXPECT_EQ(invoice["total_pretax_credit_amounts"], plan_line["pretax_credit_amounts"]);
  EXPECT_TRUE(invoice["customer_account"].is_null());
  EXPECT_FALSE(invoice.contains("amount_paid_off_stripe"));  // paid by card

  // An invoice item's line keeps its decimal quantity; no discount, no pretax credits.
  ASSERT_THAT(NewItem(customer, R"pb(unit_amount: 1000 quantity_decimal: "1.5")pb"), IsOk());
  absl::StatusOr<Invoice> one_off = engine_.invoices().Create(ParseParams<InvoiceCreateParams>(
      absl::StrCat("customer: \"", customer, "\" pending_invoice_items_behavior: \"include\"")));
  ASSERT_THAT(one_off, IsOk());
  const nlohmann::json items = Rendered(*one_off);
  ASSERT_EQ(items["lines"]["data"].size(), 1u);
  const nlohmann::json& item_line = items["lines"]["data"][0];
  EXPECT_EQ(item_line["quantity"], 1);
  EXPECT_EQ(item_line["quantity_decimal"], "1.5");
  EXPECT_EQ(item_line["subtotal"], 1500);
  EXPECT_EQ(item_line["pretax_credit_amounts"], nlohmann::json::array());
  EXPECT_EQ(items["total_pretax_credit_amounts"], nlohmann::json::array());
}

TEST_F(InvoiceLineFieldsTest, BeforeBasilNoneOfThemRender) {
  RequestOptions old;
  old.api_version = "2024-06-20";
  const std::string customer = NewCustomer();
  absl::StatusOr<InvoiceItem> item =
      engine_.invoice_items().Create(ParseParams<InvoiceItemCreateParams>(absl::StrCat(
                                         "customer: \"", customer,
                                         "\" currency: \"usd\" unit_amount: 100 quantity: 2")),
                                     old);
  ASSERT_THAT(item, IsOk());
  EXPECT_FALSE(Rendered(*item).contains("quantity_decimal"));
  absl::StatusOr<Subscription> sub = engine_.subscriptions().Create(
      ParseParams<SubscriptionCreateParams>(
          absl::StrCat("customer: \"", customer, "\" items { price: \"", NewPrice(), "\" }")),
      old);
  ASSERT_THAT(sub, IsOk());
  const nlohmann::json invoice = Rendered(Inv(sub->latest_invoice()));
  EXPECT_FALSE(invoice.contains("total_pretax_credit_amounts"));
  EXPECT_FALSE(invoice.contains("customer_account"));
  for (const nlohmann::json& line : invoice["lines"]["data"]) {
    EXPECT_FALSE(line.contains("subtotal"));
    EXPECT_FALSE(line.contains("quantity_decimal"));
    EXPECT_FALSE(line.contains("pretax_credit_amounts"));
  }
}

TEST_F(InvoiceLineFieldsTest, PaidOutOfBandShowsTheAmountPaidOffStripe) {
  absl::StatusOr<Subscription> sub = Subscribe(
      NewCustomer(""), NewPrice(1500), "collection_method: \"send_invoice\" days_until_due: 7");
  ASSERT_THAT(sub, IsOk());
  InvoicePayParams pay;
  pay.set_paid_out_of_band(true);
  absl::StatusOr<Invoice> paid = engine_.invoices().Pay(sub->latest_invoice(), pay);
  ASSERT_THAT(paid, IsOk());
  EXPECT_EQ(paid->amount_paid_off_stripe(), 1500);
  EXPECT_EQ(Rendered(*paid)["amount_paid_off_stripe"], 1500);
}

}  // namespace
}  // namespace paysim
