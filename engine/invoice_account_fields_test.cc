// Behaviour tests of an invoice's account and presentation fields (account_country, issuer,
// payment_settings, rendering, webhooks_delivered_at), of automatically_finalizes_at (a
// renewal's draft one second either side of its finalization; auto_advance turned off and on;
// a one-off draft), and of subscription_details and a line's amount excluding tax before
// basil.
#include <string>

#include "engine/billing_test_fixture.h"
#include "engine/json_render.h"
#include "nlohmann/json.hpp"

namespace paysim {
namespace {

using ::paysim::testing::IsOk;
using ::paysim::testing::ParseParams;

class InvoiceAccountFieldsTest : public BillingTest {
 protected:
  // The invoice as the wire renders it.
  nlohmann::json Rendered(const Invoice& invoice) {
    return nlohmann::json::parse(RenderJson(invoice));
  }
};

TEST_F(InvoiceAccountFieldsTest, AnInvoiceNamesTheAccountAndStripesDefaults) {
  absl::StatusOr<Subscription> sub = Subscribe(NewCustomer(), NewPrice(2000));
  ASSERT_THAT(sub, IsOk());
  const nlohmann::json invoice = Rendered(Inv(sub->latest_invoice()));
  EXPECT_EQ(invoice["account_country"], "US");
  EXPECT_TRUE(invoice["account_name"].is_null());
  EXPECT_TRUE(invoice["account_tax_ids"].is_null());
  EXPECT_EQ(invoice["issuer"], nlohmann::json::parse(R"({"type":"self"})"));
  EXPECT_EQ(invoice["payment_settings"],
            nlohmann::json::parse(R"({"default_mandate":null,"payment_method_options":null,)"
                                  R"("payment_method_types":null})"));
  EXPECT_EQ(invoice["rendering"],
            nlohmann::json::parse(R"({"amount_tax_display":null,"pdf":{"page_size":"auto"},)"
                                  R"("template":null,"template_version":null})"));
  EXPECT_EQ(invoice["webhooks_delivered_at"], kStart);
  EXPECT_EQ(invoice["amount_shipping"], 0);
  EXPECT_EQ(invoice["amount_overpaid"], 0);  // from basil on
  for (const char* null_field : {"application", "custom_fields", "default_source", "footer",
                                 "from_invoice", "last_finalization_error", "latest_revision",
                                 "on_behalf_of", "receipt_number", "shipping_cost",
                                 "shipping_details", "statement_descriptor",
                                 "threshold_reason"}) {
    ASSERT_TRUE(invoice.contains(null_field)) << null_field;
    EXPECT_TRUE(invoice[null_field].is_null()) << null_field;
  }
  // Fields of the shape before basil are not rendered from basil on.
  EXPECT_FALSE(invoice.contains("subscription_details"));
  EXPECT_FALSE(invoice.contains("quote"));
  EXPECT_FALSE(invoice.contains("transfer_data"));
}

TEST_F(InvoiceAccountFieldsTest, BeforeBasilAnInvoiceCarriesTheSubscriptionsMetadata) {
  RequestOptions old;
  old.api_version = "2024-06-20";
  absl::StatusOr<Subscription> sub = engine_.subscriptions().Create(
      ParseParams<SubscriptionCreateParams>(
          absl::StrCat("customer: \"", NewCustomer(), "\" items { price: \"", NewPrice(),
                       "\" } metadata { key: \"plan\" value: \"pro\" }")),
      old);
  ASSERT_THAT(sub, IsOk());
  const nlohmann::json invoice = Rendered(Inv(sub->latest_invoice()));
  EXPECT_EQ(invoice["subscription_details"],
            nlohmann::json::parse(R"({"metadata":{"plan":"pro"}})"));
  for (const char* null_field : {"application_fee_amount", "quote", "rendering_options",
                                 "transfer_data"}) {
    ASSERT_TRUE(invoice.contains(null_field)) << null_field;
    EXPECT_TRUE(invoice[null_field].is_null()) << null_field;
  }
  EXPECT_FALSE(invoice.contains("amount_overpaid"));
}

TEST_F(InvoiceAccountFieldsTest, BeforeBasilALineSaysItsAmountExcludingTax) {
  absl::StatusOr<TaxRate> vat = engine_.tax_rates().Create(ParseParams<TaxRateCreateParams>(
      R"pb(display_name: "VAT" percentage: 20 inclusive: true)pb"));
  ASSERT_THAT(vat, IsOk());
  RequestOptions old;
  old.api_version = "2024-06-20";
  // 3 x 1000 with 20% VAT included: 500 of the 3000 is tax.
  absl::StatusOr<Subscription> sub = engine_.subscriptions().Create(
      ParseParams<SubscriptionCreateParams>(absl::StrCat(
          "customer: \"", NewCustomer(), "\" items { price: \"", NewPrice(1000),
          "\" quantity: 3 } default_tax_rates: \"", vat->id(), "\"")),
      old);
  ASSERT_THAT(sub, IsOk());
  const nlohmann::json line = Rendered(Inv(sub->latest_invoice()))["lines"]["data"][0];
  EXPECT_EQ(line["amount"], 3000);
  EXPECT_EQ(line["amount_excluding_tax"], 2500);
  EXPECT_EQ(line["unit_amount_excluding_tax"], "833.333333333333");
  // From basil on the line has neither.
  absl::StatusOr<Subscription> basil = Subscribe(NewCustomer(), NewPrice(1000));
  ASSERT_THAT(basil, IsOk());
  const nlohmann::json later = Rendered(Inv(basil->latest_invoice()))["lines"]["data"][0];
  EXPECT_FALSE(later.contains("amount_excluding_tax"));
  EXPECT_FALSE(later.contains("unit_amount_excluding_tax"));
}

TEST_F(InvoiceAccountFieldsTest, ARenewalDraftSaysWhenItWillBeFinalized) {
  absl::StatusOr<Subscription> sub = Subscribe(NewCustomer(), NewPrice());
  ASSERT_THAT(sub, IsOk());
  EXPECT_FALSE(Inv(sub->latest_invoice()).has_automatically_finalizes_at());  // paid at once
  At(kFeb1);
  const std::string renewal = Sub(sub->id()).latest_invoice();
  Invoice draft = Inv(renewal);
  EXPECT_EQ(draft.status(), "draft");
  EXPECT_EQ(draft.automatically_finalizes_at(), kFeb1 + kHour);
  EXPECT_EQ(draft.webhooks_delivered_at(), kFeb1);
  At(kFeb1 + kHour - 1);
  EXPECT_EQ(Inv(renewal).status(), "draft");
  At(kFeb1 + kHour);
  const Invoice paid = Inv(renewal);
  EXPECT_EQ(paid.status(), "paid");
  EXPECT_FALSE(paid.has_automatically_finalizes_at());
}

TEST_F(InvoiceAccountFieldsTest, TurningAutoAdvanceOffAndOnFollowsTheRenewalsTimer) {
  absl::StatusOr<Subscription> sub = Subscribe(NewCustomer(), NewPrice());
  ASSERT_THAT(sub, IsOk());
  At(kFeb1);
  const std::string renewal = Sub(sub->id()).latest_invoice();
  absl::StatusOr<Invoice> off = engine_.invoices().Update(
      renewal, ParseParams<InvoiceUpdateParams>("auto_advance: false"));
  ASSERT_THAT(off, IsOk());
  EXPECT_FALSE(off->has_automatically_finalizes_at());
  absl::StatusOr<Invoice> on = engine_.invoices().Update(
      renewal, ParseParams<InvoiceUpdateParams>("auto_advance: true"));
  ASSERT_THAT(on, IsOk());
  EXPECT_EQ(on->automatically_finalizes_at(), kFeb1 + kHour);
  At(kFeb1 + kHour);
  EXPECT_EQ(Inv(renewal).status(), "paid");
}

TEST_F(InvoiceAccountFieldsTest, AOneOffDraftAutoAdvancingIsFinalizedAnHourLater) {
  const std::string customer = NewCustomer();
  ASSERT_THAT(engine_.invoice_items().Create(ParseParams<InvoiceItemCreateParams>(absl::StrCat(
                  "customer: \"", customer, "\" amount: 500 currency: \"usd\""))),
              IsOk());
  absl::StatusOr<Invoice> manual = engine_.invoices().Create(ParseParams<InvoiceCreateParams>(
      absl::StrCat("customer: \"", customer, "\"")));
  ASSERT_THAT(manual, IsOk());
  EXPECT_FALSE(manual->has_automatically_finalizes_at());
  EXPECT_EQ(manual->webhooks_delivered_at(), kStart);
  absl::StatusOr<Invoice> automatic = engine_.invoices().Create(ParseParams<InvoiceCreateParams>(
      absl::StrCat("customer: \"", customer, "\" auto_advance: true")));
  ASSERT_THAT(automatic, IsOk());
  EXPECT_EQ(automatic->automatically_finalizes_at(), kStart + kHour);
  At(kStart + kHour - 1);
  EXPECT_EQ(Inv(automatic->id()).status(), "draft");
  At(kStart + kHour);
  EXPECT_NE(Inv(automatic->id()).status(), "draft");
  EXPECT_FALSE(Inv(automatic->id()).has_automatically_finalizes_at());
}

}  // namespace
}  // namespace paysim
