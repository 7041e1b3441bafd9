// An invoice's footer: the customer's default (`invoice_settings[footer]`) taken by every
// invoice made for it (one-off, a subscription's, a preview), replaced by `footer` on create,
// changed on drafts and open invoices, and the refusals (over 5000 characters, a paid
// invoice), which change nothing.
#include <string>

#include "engine/billing_test_fixture.h"

namespace paysim {
namespace {

using ::paysim::testing::IsOk;
using ::paysim::testing::ParseParams;
using ::paysim::testing::StripeErrorWithParam;

class InvoiceFooterTest : public BillingTest {
 protected:
  std::string CustomerWithFooter(const std::string& footer) {
    const std::string customer = NewCustomer();
    CustomerUpdateParams update;
    update.mutable_invoice_settings()->set_footer(footer);
    EXPECT_THAT(engine_.customers().Update(customer, update), IsOk());
    return customer;
  }

  absl::StatusOr<Invoice> NewInvoice(const std::string& customer, const std::string& more = "") {
    return engine_.invoices().Create(
        ParseParams<InvoiceCreateParams>("customer: \"" + customer + "\" " + more));
  }

  absl::StatusOr<Invoice> SetFooter(const std::string& invoice, const std::string& footer) {
    InvoiceUpdateParams update;
    update.set_footer(footer);
    return engine_.invoices().Update(invoice, update);
  }

  size_t InvoiceCount(const std::string& customer) {
    InvoiceListParams params;
    params.set_customer(customer);
    params.set_limit(100);
    absl::StatusOr<ListResult<Invoice>> page = engine_.invoices().List(params);
    EXPECT_THAT(page, IsOk());
    return page.ok() ? page->data.size() : 0;
  }
};

TEST_F(InvoiceFooterTest, InvoicesTakeTheCustomersDefaultFooter) {
  const std::string customer = CustomerWithFooter("Thank you for your business.");
  absl::StatusOr<Customer> stored = engine_.customers().Retrieve(customer);
  ASSERT_THAT(stored, IsOk());
  EXPECT_EQ(stored->invoice_settings().footer(), "Thank you for your business.");

  absl::StatusOr<Invoice> one_off = NewInvoice(customer);
  ASSERT_THAT(one_off, IsOk());
  EXPECT_EQ(one_off->footer(), "Thank you for your business.");

  absl::StatusOr<Subscription> sub = Subscribe(customer, NewPrice());
  ASSERT_THAT(sub, IsOk());
  EXPECT_EQ(Inv(sub->latest_invoice()).footer(), "Thank you for your business.");
  InvoiceCreatePreviewParams preview;
  preview.set_subscription(sub->id());
  absl::StatusOr<Invoice> upcoming = engine_.invoices().CreatePreview(preview);
  ASSERT_THAT(upcoming, IsOk());
  EXPECT_EQ(upcoming->footer(), "Thank you for your business.");

  // A renewal a month later takes the default as it is then; earlier invoices keep theirs.
  CustomerUpdateParams change;
  change.mutable_invoice_settings()->set_footer("Questions? billing@shop.example");
  ASSERT_THAT(engine_.customers().Update(customer, change), IsOk());
  At(kFeb1);
  const Subscription renewed = Sub(sub->id());
  ASSERT_NE(renewed.latest_invoice(), sub->latest_invoice());
  EXPECT_EQ(Inv(renewed.latest_invoice()).footer(), "Questions? billing@shop.example");
  EXPECT_EQ(Inv(sub->latest_invoice()).footer(), "Thank you for your business.");
  EXPECT_EQ(Inv(one_off->id()).footer(), "Thank you for your business.");
}

TEST_F(InvoiceFooterTest, NoDefaultMeansNoFooterAndRemovingTheDefaultWorks) {
  const std::string plain = NewCustomer();
  absl::StatusOr<Invoice> invoice = NewInvoice(plain);
  ASSERT_THAT(invoice, IsOk());
  EXPECT_FALSE(invoice->has_footer());

  const std::string customer = CustomerWithFooter("Net 30.");
  CustomerUpdateParams remove;
  remove.mutable_invoice_settings()->set_footer("");
  absl::StatusOr<Customer> removed = engine_.customers().Update(customer, remove);
  ASSERT_THAT(removed, IsOk());
  EXPECT_FALSE(removed->invoice_settings().has_footer());
  invoice = NewInvoice(customer);
  ASSERT_THAT(invoice, IsOk());
  EXPECT_FALSE(invoice->has_footer());
}

TEST_F(InvoiceFooterTest, FooterOnCreateReplacesTheDefault) {
  const std::string customer = CustomerWithFooter("Default footer.");
  absl::StatusOr<Invoice> own = NewInvoice(customer, "footer: \"Paid by wire.\"");
  ASSERT_THAT(own, IsOk());
  EXPECT_EQ(own->footer(), "Paid by wire.");
  absl::StatusOr<Invoice> none = NewInvoice(customer, "footer: \"\"");
  ASSERT_THAT(none, IsOk());
  EXPECT_FALSE(none->has_footer());
}

TEST_F(InvoiceFooterTest, UpdatedOnDraftsAndOpenInvoicesOnly) {
  const std::string customer = NewCustomer();
  ASSERT_THAT(engine_.invoice_items().Create(ParseParams<InvoiceItemCreateParams>(
                  "customer: \"" + customer + "\" amount: 2500 currency: \"usd\"")),
              IsOk());
  absl::StatusOr<Invoice> invoice =
      NewInvoice(customer, "collection_method: \"send_invoice\" days_until_due: 30 "
                           "pending_invoice_items_behavior: \"include\"");
  ASSERT_THAT(invoice, IsOk());
  absl::StatusOr<Invoice> draft = SetFooter(invoice->id(), "Draft footer.");
  ASSERT_THAT(draft, IsOk());
  EXPECT_EQ(draft->footer(), "Draft footer.");

  ASSERT_THAT(engine_.invoices().Finalize(invoice->id(), InvoiceFinalizeParams()), IsOk());
  absl::StatusOr<Invoice> open = SetFooter(invoice->id(), "Open footer.");
  ASSERT_THAT(open, IsOk());
  EXPECT_EQ(open->status(), "open");
  EXPECT_EQ(open->footer(), "Open footer.");
  absl::StatusOr<Invoice> cleared = SetFooter(invoice->id(), "");
  ASSERT_THAT(cleared, IsOk());
  EXPECT_FALSE(cleared->has_footer());

  InvoicePayParams out_of_band;
  out_of_band.set_paid_out_of_band(true);
  ASSERT_THAT(engine_.invoices().Pay(invoice->id(), out_of_band), IsOk());
  EXPECT_FALSE(SetFooter(invoice->id(), "Too late.").ok());
  EXPECT_FALSE(Inv(invoice->id()).has_footer());
}

TEST_F(InvoiceFooterTest, AFooterOver5000CharactersIsRefusedAndChangesNothing) {
  const std::string customer = NewCustomer();
  const std::string longest(5000, 'x');
  const std::string too_long(5001, 'x');

  EXPECT_THAT(NewInvoice(customer, "footer: \"" + too_long + "\""),
              StripeErrorWithParam("invalid_request_error", "", "footer"));
  EXPECT_EQ(InvoiceCount(customer), 0u);
  absl::StatusOr<Invoice> invoice = NewInvoice(customer, "footer: \"" + longest + "\"");
  ASSERT_THAT(invoice, IsOk());
  EXPECT_EQ(invoice->footer().size(), 5000u);

  EXPECT_THAT(SetFooter(invoice->id(), too_long),
              StripeErrorWithParam("invalid_request_error", "", "footer"));
  EXPECT_EQ(Inv(invoice->id()).footer(), longest);

  CustomerUpdateParams update;
  update.mutable_invoice_settings()->set_footer(too_long);
  EXPECT_THAT(engine_.customers().Update(customer, update),
              StripeErrorWithParam("invalid_request_error", "", "invoice_settings[footer]"));
  CustomerCreateParams create;
  create.mutable_invoice_settings()->set_footer(too_long);
  EXPECT_THAT(engine_.customers().Create(create),
              StripeErrorWithParam("invalid_request_error", "", "invoice_settings[footer]"));
  absl::StatusOr<Customer> unchanged = engine_.customers().Retrieve(customer);
  ASSERT_THAT(unchanged, IsOk());
  EXPECT_FALSE(unchanged->invoice_settings().has_footer());
}

TEST_F(InvoiceFooterTest, ACustomerCreatedWithAFooterPassesItOn) {
  CustomerCreateParams create;
  create.mutable_invoice_settings()->set_footer("Registered in Delaware.");
  absl::StatusOr<Customer> customer = engine_.customers().Create(create);
  ASSERT_THAT(customer, IsOk());
  EXPECT_EQ(customer->invoice_settings().footer(), "Registered in Delaware.");
  absl::StatusOr<Invoice> invoice = NewInvoice(customer->id());
  ASSERT_THAT(invoice, IsOk());
  EXPECT_EQ(invoice->footer(), "Registered in Delaware.");
}

}  // namespace
}  // namespace paysim
