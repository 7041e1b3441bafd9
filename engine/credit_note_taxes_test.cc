// Behaviour tests of credit notes on discounted and taxed invoices
// (engine/internal/credit_note_totals.h): a line crediting an invoice line takes its share of
// the line's discount and is taxed at the line's rates (exclusive on top, inclusive inside);
// the note's totals, `amount` checks and creditable limit count the taxes; the shapes by
// version (tax_amounts, amount_excluding_tax and `refund` before 2025-03-31.basil; taxes,
// total_taxes, pretax_credit_amounts, refunds and the pre/post payment amounts from basil on).
#include <string>

#include "absl/strings/str_cat.h"
#include "engine/billing_test_fixture.h"
#include "engine/json_render.h"
#include "nlohmann/json.hpp"

namespace paysim {
namespace {

using ::paysim::testing::IsOk;
using ::paysim::testing::ParseParams;
using ::paysim::testing::StripeErrorWithParam;
using ::testing::StartsWith;

class CreditNoteTaxesTest : public BillingTest {
 protected:
  // An open one-off invoice of `customer`: one item, `quantity` x `unit_amount` usd taxed at
  // `rate`, with `coupon` (if not empty) as its discount.
  Invoice OpenInvoice(const std::string& customer, int64_t unit_amount, int64_t quantity,
                      const std::string& rate, const std::string& coupon,
                      const RequestOptions& options = RequestOptions()) {
    EXPECT_THAT(engine_.invoice_items().Create(
                    ParseParams<InvoiceItemCreateParams>(absl::StrCat(
                        "customer: \"", customer, "\" unit_amount: ", unit_amount,
                        " quantity: ", quantity, " currency: \"usd\" tax_rates: \"", rate,
                        "\" description: \"Seats\"")),
                    options),
                IsOk());
    std::string text = absl::StrCat("customer: \"", customer,
                                    "\" pending_invoice_items_behavior: \"include\"");
    if (!coupon.empty()) absl::StrAppend(&text, " discounts { coupon: \"", coupon, "\" }");
    absl::StatusOr<Invoice> draft =
        engine_.invoices().Create(ParseParams<InvoiceCreateParams>(text), options);
    EXPECT_THAT(draft, IsOk());
    absl::StatusOr<Invoice> open = engine_.invoices().Finalize(
        draft.ok() ? draft->id() : "", InvoiceFinalizeParams(), options);
    EXPECT_THAT(open, IsOk());
    return open.value_or(Invoice());
  }

  // The 25%-off, 10%-sales-tax invoice of 2 x 1000 usd: subtotal 2000, discount 500, tax 150,
  // total 1650.
  Invoice DiscountedTaxedInvoice(const std::string& customer,
                                 const RequestOptions& options = RequestOptions()) {
    EXPECT_THAT(engine_.coupons().Create(ParseParams<CouponCreateParams>(
                    R"pb(id: "QUARTER" percent_off: 25 duration: "forever")pb")),
                IsOk());
    return OpenInvoice(customer, 1000, 2, NewTaxRate(10, false), "QUARTER", options);
  }

  absl::StatusOr<CreditNote> Create(const std::string& text,
                                    const RequestOptions& options = RequestOptions()) {
    return engine_.credit_notes().Create(ParseParams<CreditNoteCreateParams>(text), options);
  }

  static std::string LineOf(const Invoice& invoice, const std::string& rest) {
    return absl::StrCat("invoice: \"", invoice.id(),
                        "\" lines { type: \"invoice_line_item\" invoice_line_item: \"",
                        invoice.lines().data(0).id(), "\" ", rest, " }");
  }

  static nlohmann::json Rendered(const CreditNote& note) {
    return nlohmann::json::parse(RenderJson(note));
  }
};

TEST_F(CreditNoteTaxesTest, PartOfADiscountedTaxedLineTakesItsShareOfBoth) {
  const Invoice invoice = DiscountedTaxedInvoice(NewCustomer(""));
  ASSERT_EQ(invoice.subtotal(), 2000);
  ASSERT_EQ(invoice.total(), 1650);
  absl::StatusOr<CreditNote> note = Create(LineOf(invoice, "quantity: 1"));
  ASSERT_THAT(note, IsOk());
  const CreditNoteLineItem& line = note->lines().data(0);
  EXPECT_EQ(line.amount(), 1000);
  EXPECT_EQ(line.quantity(), 1);
  EXPECT_EQ(line.discount_amount(), 250);
  ASSERT_EQ(line.discount_amounts_size(), 1);
  EXPECT_EQ(line.discount_amounts(0).amount(), 250);
  EXPECT_THAT(line.discount_amounts(0).discount(), StartsWith("di_"));
  ASSERT_EQ(line.pretax_credit_amounts_size(), 1);
  EXPECT_EQ(line.pretax_credit_amounts(0).amount(), 250);
  EXPECT_EQ(line.pretax_credit_amounts(0).type(), "discount");
  ASSERT_EQ(line.taxes_size(), 1);
  EXPECT_EQ(line.taxes(0).amount(), 75);
  EXPECT_EQ(line.taxes(0).taxable_amount(), 750);
  EXPECT_EQ(line.taxes(0).tax_behavior(), "exclusive");
  ASSERT_EQ(line.tax_rates_size(), 1);
  EXPECT_EQ(line.tax_rates(0).percentage(), 10);

  EXPECT_EQ(note->subtotal(), 1000);
  EXPECT_EQ(note->subtotal_excluding_tax(), 1000);
  EXPECT_EQ(note->discount_amount(), 250);
  EXPECT_EQ(note->total(), 825);
  EXPECT_EQ(note->amount(), 825);
  EXPECT_EQ(note->total_excluding_tax(), 750);
  ASSERT_EQ(note->total_taxes_size(), 1);
  EXPECT_EQ(note->total_taxes(0).amount(), 75);
  ASSERT_EQ(note->pretax_credit_amounts_size(), 1);
  EXPECT_EQ(note->pretax_credit_amounts(0).amount(), 250);
  EXPECT_EQ(note->pre_payment_amount(), 825);
  EXPECT_EQ(note->post_payment_amount(), 0);
  // What is due drops by the note's total, taxes included.
  EXPECT_EQ(Inv(invoice.id()).amount_due(), 1650 - 825);
}

TEST_F(CreditNoteTaxesTest, TheWholeLineCreditsTheWholeInvoice) {
  const Invoice invoice = DiscountedTaxedInvoice(NewCustomer(""));
  absl::StatusOr<CreditNote> note = Create(LineOf(invoice, ""));
  ASSERT_THAT(note, IsOk());
  EXPECT_EQ(note->discount_amount(), 500);
  EXPECT_EQ(note->total_taxes(0).amount(), 150);
  EXPECT_EQ(note->total(), 1650);
  EXPECT_EQ(Inv(invoice.id()).status(), "paid");
}

TEST_F(CreditNoteTaxesTest, AnAmountOfALineIsSharedAndRoundedHalfUp) {
  const Invoice invoice = DiscountedTaxedInvoice(NewCustomer(""));
  // 333 of 2000: a discount of 83.25 -> 83; tax 10% of 250 = 25.
  absl::StatusOr<CreditNote> note = Create(LineOf(invoice, "amount: 333"));
  ASSERT_THAT(note, IsOk());
  EXPECT_EQ(note->lines().data(0).discount_amount(), 83);
  EXPECT_EQ(note->lines().data(0).taxes(0).amount(), 25);
  EXPECT_EQ(note->total(), 333 - 83 + 25);
}

TEST_F(CreditNoteTaxesTest, LargeAmountsShareWithoutOverflow) {
  // 40,000 seats of 99,999,999: a line of about 4e12, whose discount times a part of it
  // passes 64 bits.
  EXPECT_THAT(engine_.coupons().Create(ParseParams<CouponCreateParams>(
                  R"pb(id: "HALF" percent_off: 50 duration: "forever")pb")),
              IsOk());
  const Invoice invoice = OpenInvoice(NewCustomer(""), 99999999, 40000, NewTaxRate(10, false),
                                      "HALF");
  ASSERT_EQ(invoice.subtotal(), int64_t{3999999960000});
  absl::StatusOr<CreditNote> note = Create(LineOf(invoice, "quantity: 30001"));
  ASSERT_THAT(note, IsOk());
  EXPECT_EQ(note->lines().data(0).amount(), int64_t{99999999} * 30001);
  // Half of it, exactly: 1,500,049,984,999.5 rounds half up.
  EXPECT_EQ(note->discount_amount(), int64_t{1500049985000});
}

TEST_F(CreditNoteTaxesTest, InclusiveTaxIsInsideTheAmount) {
  const Invoice invoice = OpenInvoice(NewCustomer(""), 1200, 1, NewTaxRate(20, true), "");
  ASSERT_EQ(invoice.total(), 1200);
  absl::StatusOr<CreditNote> note = Create(LineOf(invoice, "amount: 600"));
  ASSERT_THAT(note, IsOk());
  EXPECT_EQ(note->lines().data(0).taxes(0).amount(), 100);
  EXPECT_EQ(note->lines().data(0).taxes(0).tax_behavior(), "inclusive");
  EXPECT_EQ(note->total(), 600);
  EXPECT_EQ(note->subtotal_excluding_tax(), 500);
  EXPECT_EQ(note->total_excluding_tax(), 500);
}

TEST_F(CreditNoteTaxesTest, AmountAndLimitCountTheTaxes) {
  const Invoice invoice = DiscountedTaxedInvoice(NewCustomer(""));
  const size_t before = events_.size();
  // The line's amount is 1000, but the note's total is 825.
  EXPECT_THAT(Create(LineOf(invoice, "quantity: 1") + " amount: 1000"),
              StripeErrorWithParam("invalid_request_error", "", "amount"));
  EXPECT_EQ(events_.size(), before);
  ASSERT_THAT(Create(LineOf(invoice, "quantity: 1") + " amount: 825"), IsOk());
  // 825 is left to credit: one cent more is refused, exactly that is taken.
  EXPECT_THAT(Create(absl::StrCat("invoice: \"", invoice.id(), "\" amount: 826")),
              StripeErrorWithParam("invalid_request_error", "", "amount"));
  ASSERT_THAT(Create(LineOf(invoice, "quantity: 1")), IsOk());
  EXPECT_EQ(Inv(invoice.id()).status(), "paid");
}

TEST_F(CreditNoteTaxesTest, PreviewComputesTheSameAndChangesNothing) {
  const Invoice invoice = DiscountedTaxedInvoice(NewCustomer(""));
  const size_t before = events_.size();
  absl::StatusOr<CreditNote> preview = engine_.credit_notes().Preview(
      ParseParams<CreditNoteCreateParams>(LineOf(invoice, "quantity: 1")));
  ASSERT_THAT(preview, IsOk());
  EXPECT_EQ(preview->total(), 825);
  EXPECT_EQ(preview->total_taxes(0).amount(), 75);
  EXPECT_EQ(events_.size(), before);
  EXPECT_EQ(Inv(invoice.id()).amount_due(), 1650);
}

TEST_F(CreditNoteTaxesTest, BasilShapeListsRefundsAndTaxes) {
  const std::string customer = NewCustomer("");
  const Invoice invoice = DiscountedTaxedInvoice(customer);
  InvoicePayParams pay;
  pay.set_payment_method(AttachCard(customer, "pm_card_visa"));
  ASSERT_THAT(engine_.invoices().Pay(invoice.id(), pay), IsOk());
  absl::StatusOr<CreditNote> note =
      Create(LineOf(invoice, "quantity: 1") + " refund_amount: 825");
  ASSERT_THAT(note, IsOk());
  EXPECT_EQ(note->type(), "post_payment");
  EXPECT_EQ(note->post_payment_amount(), 825);
  const nlohmann::json json = Rendered(*note);
  ASSERT_EQ(json["refunds"].size(), 1u);
  EXPECT_EQ(json["refunds"][0]["amount_refunded"], 825);
  EXPECT_EQ(json["refunds"][0]["type"], "refund");
  EXPECT_TRUE(json["refunds"][0]["refund"].get<std::string>().rfind("re_", 0) == 0);
  EXPECT_EQ(json["total_taxes"][0]["amount"], 75);
  EXPECT_EQ(json["total_taxes"][0]["taxability_reason"], "not_available");
  EXPECT_EQ(json["pretax_credit_amounts"][0]["type"], "discount");
  EXPECT_EQ(json["discount_amounts"][0]["amount"], 250);
  EXPECT_TRUE(json["customer_account"].is_null());
  EXPECT_EQ(json["pre_payment_amount"], 0);
  EXPECT_FALSE(json.contains("refund"));
  EXPECT_FALSE(json.contains("tax_amounts"));
  const nlohmann::json& line = json["lines"]["data"][0];
  EXPECT_EQ(line["taxes"][0]["amount"], 75);
  EXPECT_EQ(line["tax_rates"][0]["object"], "tax_rate");
  EXPECT_TRUE(line["metadata"].is_null());
  EXPECT_FALSE(line.contains("tax_amounts"));
  EXPECT_FALSE(line.contains("amount_excluding_tax"));
  EXPECT_FALSE(line.contains("unit_amount_excluding_tax"));
}

TEST_F(CreditNoteTaxesTest, BeforeBasilTheNoteNamesItsRefundAndTaxAmounts) {
  RequestOptions old;
  old.api_version = "2024-06-20";
  const std::string customer = NewCustomer("");
  const Invoice invoice = DiscountedTaxedInvoice(customer, old);
  InvoicePayParams pay;
  pay.set_payment_method(AttachCard(customer, "pm_card_visa"));
  ASSERT_THAT(engine_.invoices().Pay(invoice.id(), pay, old), IsOk());
  absl::StatusOr<CreditNote> note =
      Create(LineOf(invoice, "quantity: 1") + " refund_amount: 825", old);
  ASSERT_THAT(note, IsOk());
  EXPECT_EQ(note->total(), 825);
  const nlohmann::json json = Rendered(*note);
  EXPECT_TRUE(json["refund"].get<std::string>().rfind("re_", 0) == 0);
  ASSERT_EQ(json["tax_amounts"].size(), 1u);
  EXPECT_EQ(json["tax_amounts"][0]["amount"], 75);
  EXPECT_EQ(json["tax_amounts"][0]["inclusive"], false);
  EXPECT_EQ(json["discount_amounts"][0]["amount"], 250);
  for (const char* basil : {"refunds", "total_taxes", "pretax_credit_amounts",
                            "pre_payment_amount", "post_payment_amount", "customer_account"}) {
    EXPECT_FALSE(json.contains(basil)) << basil;
  }
  const nlohmann::json& line = json["lines"]["data"][0];
  EXPECT_EQ(line["tax_amounts"][0]["amount"], 75);
  EXPECT_EQ(line["amount_excluding_tax"], 1000);
  EXPECT_EQ(line["unit_amount_excluding_tax"], "1000");
  EXPECT_FALSE(line.contains("taxes"));
  EXPECT_FALSE(line.contains("pretax_credit_amounts"));
  EXPECT_FALSE(line.contains("metadata"));
}

TEST_F(CreditNoteTaxesTest, CustomLinesTakeNeitherDiscountNorTax) {
  const Invoice invoice = DiscountedTaxedInvoice(NewCustomer(""));
  absl::StatusOr<CreditNote> note = Create(absl::StrCat(
      "invoice: \"", invoice.id(),
      "\" lines { type: \"custom_line_item\" unit_amount: 300 description: \"Goodwill\" }"));
  ASSERT_THAT(note, IsOk());
  EXPECT_EQ(note->lines().data(0).discount_amount(), 0);
  EXPECT_EQ(note->lines().data(0).taxes_size(), 0);
  EXPECT_EQ(note->lines().data(0).tax_rates_size(), 0);
  EXPECT_EQ(note->total(), 300);
  EXPECT_EQ(note->total_taxes_size(), 0);
}

TEST_F(CreditNoteTaxesTest, CustomLineIsTaxedAtItsOwnRates) {
  const Invoice invoice = DiscountedTaxedInvoice(NewCustomer(""));
  const std::string vat = NewTaxRate(20, false);
  absl::StatusOr<CreditNote> note = Create(absl::StrCat(
      "invoice: \"", invoice.id(),
      "\" lines { type: \"custom_line_item\" unit_amount: 500 description: \"Goodwill\" "
      "tax_rates: \"", vat, "\" }"));
  ASSERT_THAT(note, IsOk());
  const CreditNoteLineItem& line = note->lines().data(0);
  ASSERT_EQ(line.tax_rates_size(), 1);
  EXPECT_EQ(line.tax_rates(0).id(), vat);
  ASSERT_EQ(line.taxes_size(), 1);
  EXPECT_EQ(line.taxes(0).amount(), 100);
  EXPECT_EQ(line.discount_amount(), 0);
  EXPECT_EQ(note->total(), 600);
  EXPECT_EQ(note->total_excluding_tax(), 500);
}

TEST_F(CreditNoteTaxesTest, TaxRatesAreRefusedWhereStripeRefusesThem) {
  const Invoice invoice = DiscountedTaxedInvoice(NewCustomer(""));
  const std::string vat = NewTaxRate(20, false);
  const size_t before = events_.size();
  // On an invoice line (credited at that line's rates).
  EXPECT_THAT(Create(LineOf(invoice, absl::StrCat("tax_rates: \"", vat, "\""))),
              StripeErrorWithParam("invalid_request_error", "", "lines[0][tax_rates]"));
  // An unknown rate.
  EXPECT_THAT(Create(absl::StrCat("invoice: \"", invoice.id(),
                                  "\" lines { type: \"custom_line_item\" unit_amount: 500 "
                                  "description: \"x\" tax_rates: \"txr_missing\" }")),
              StripeErrorWithParam("invalid_request_error", "resource_missing",
                                   "lines[0][tax_rates][0]"));
  EXPECT_EQ(events_.size(), before);
}

TEST_F(CreditNoteTaxesTest, EffectiveAtAndEmailType) {
  const Invoice invoice = DiscountedTaxedInvoice(NewCustomer(""));
  const int64_t issued = absl::ToUnixSeconds(clock_.Now()) - 86400;
  absl::StatusOr<CreditNote> note =
      Create(absl::StrCat("invoice: \"", invoice.id(), "\" amount: 100 effective_at: ", issued,
                          " email_type: \"none\""));
  ASSERT_THAT(note, IsOk());
  EXPECT_EQ(note->effective_at(), issued);
  EXPECT_EQ(note->created(), issued + 86400);
  const size_t before = events_.size();
  EXPECT_THAT(Create(absl::StrCat("invoice: \"", invoice.id(),
                                  "\" amount: 100 email_type: \"fax\"")),
              StripeErrorWithParam("invalid_request_error", "", "email_type"));
  EXPECT_THAT(Create(absl::StrCat("invoice: \"", invoice.id(), "\" amount: 100 effective_at: -1")),
              StripeErrorWithParam("invalid_request_error", "parameter_invalid_integer",
                                   "effective_at"));
  EXPECT_EQ(events_.size(), before);
}

}  // namespace
}  // namespace paysim
