// An invoice's footer and custom fields: the customer's defaults (`invoice_settings[footer]`,
// `invoice_settings[custom_fields]`) taken by every invoice made for it (one-off, a
// subscription's, a preview), replaced on create, changed on drafts and open invoices, and
// the refusals (over the limits, a paid invoice), which change nothing.
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

// "name=value" of each custom field.
std::vector<std::string> Fields(const obj::Repeated<InvoiceSettingCustomField>& fields) {
  std::vector<std::string> out;
  for (const InvoiceSettingCustomField& field : fields) {
    out.push_back(field.name() + "=" + field.value());
  }
  return out;
}

class InvoiceCustomTextTest : public BillingTest {
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

TEST_F(InvoiceCustomTextTest, InvoicesTakeTheCustomersDefaultFooter) {
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

TEST_F(InvoiceCustomTextTest, NoDefaultMeansNoFooterAndRemovingTheDefaultWorks) {
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

TEST_F(InvoiceCustomTextTest, FooterOnCreateReplacesTheDefault) {
  const std::string customer = CustomerWithFooter("Default footer.");
  absl::StatusOr<Invoice> own = NewInvoice(customer, "footer: \"Paid by wire.\"");
  ASSERT_THAT(own, IsOk());
  EXPECT_EQ(own->footer(), "Paid by wire.");
  absl::StatusOr<Invoice> none = NewInvoice(customer, "footer: \"\"");
  ASSERT_THAT(none, IsOk());
  EXPECT_FALSE(none->has_footer());
}

TEST_F(InvoiceCustomTextTest, UpdatedOnDraftsAndOpenInvoicesOnly) {
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

TEST_F(InvoiceCustomTextTest, AFooterOver5000CharactersIsRefusedAndChangesNothing) {
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

TEST_F(InvoiceCustomTextTest, ACustomerCreatedWithAFooterPassesItOn) {
  CustomerCreateParams create;
  create.mutable_invoice_settings()->set_footer("Registered in Delaware.");
  absl::StatusOr<Customer> customer = engine_.customers().Create(create);
  ASSERT_THAT(customer, IsOk());
  EXPECT_EQ(customer->invoice_settings().footer(), "Registered in Delaware.");
  absl::StatusOr<Invoice> invoice = NewInvoice(customer->id());
  ASSERT_THAT(invoice, IsOk());
  EXPECT_EQ(invoice->footer(), "Registered in Delaware.");
}

TEST_F(InvoiceCustomTextTest, CustomFieldsComeFromTheCustomerAndCanBeReplaced) {
  const std::string customer = NewCustomer();
  absl::StatusOr<Customer> set = engine_.customers().Update(
      customer, ParseParams<CustomerUpdateParams>(
                    "invoice_settings { custom_fields { name: \"PO number\" value: \"4471\" } "
                    "custom_fields { name: \"VAT\" value: \"GB123456789\" } }"));
  ASSERT_THAT(set, IsOk());
  EXPECT_THAT(Fields(set->invoice_settings().custom_fields()),
              ElementsAre("PO number=4471", "VAT=GB123456789"));

  absl::StatusOr<Invoice> invoice = NewInvoice(customer);
  ASSERT_THAT(invoice, IsOk());
  EXPECT_THAT(Fields(invoice->custom_fields()), ElementsAre("PO number=4471", "VAT=GB123456789"));
  absl::StatusOr<Subscription> sub = Subscribe(customer, NewPrice());
  ASSERT_THAT(sub, IsOk());
  EXPECT_THAT(Fields(Inv(sub->latest_invoice()).custom_fields()),
              ElementsAre("PO number=4471", "VAT=GB123456789"));

  // Given on create: they replace the defaults; `custom_fields=` means none.
  absl::StatusOr<Invoice> own =
      NewInvoice(customer, "custom_fields { name: \"Project\" value: \"Apollo\" }");
  ASSERT_THAT(own, IsOk());
  EXPECT_THAT(Fields(own->custom_fields()), ElementsAre("Project=Apollo"));
  absl::StatusOr<Invoice> none = NewInvoice(customer, "custom_fields_emptied: true");
  ASSERT_THAT(none, IsOk());
  EXPECT_THAT(Fields(none->custom_fields()), IsEmpty());

  // Updated: a new list replaces the old; an empty one removes them.
  absl::StatusOr<Invoice> replaced = engine_.invoices().Update(
      invoice->id(), ParseParams<InvoiceUpdateParams>(
                         "custom_fields { name: \"Ref\" value: \"R-9\" }"));
  ASSERT_THAT(replaced, IsOk());
  EXPECT_THAT(Fields(replaced->custom_fields()), ElementsAre("Ref=R-9"));
  absl::StatusOr<Invoice> emptied = engine_.invoices().Update(
      invoice->id(), ParseParams<InvoiceUpdateParams>("custom_fields_emptied: true"));
  ASSERT_THAT(emptied, IsOk());
  EXPECT_THAT(Fields(emptied->custom_fields()), IsEmpty());

  // The customer's defaults removed: later invoices have none; earlier ones keep theirs.
  ASSERT_THAT(engine_.customers().Update(customer, ParseParams<CustomerUpdateParams>(
                                                       "invoice_settings { "
                                                       "custom_fields_emptied: true }")),
              IsOk());
  absl::StatusOr<Invoice> later = NewInvoice(customer);
  ASSERT_THAT(later, IsOk());
  EXPECT_THAT(Fields(later->custom_fields()), IsEmpty());
  EXPECT_THAT(Fields(Inv(sub->latest_invoice()).custom_fields()),
              ElementsAre("PO number=4471", "VAT=GB123456789"));
}

TEST_F(InvoiceCustomTextTest, CustomFieldsOverTheLimitsAreRefusedAndChangeNothing) {
  const std::string customer = NewCustomer();
  auto field = [](const std::string& name, const std::string& value) {
    return "custom_fields { name: \"" + name + "\" value: \"" + value + "\" } ";
  };
  const std::string four = field("a", "1") + field("b", "2") + field("c", "3") + field("d", "4");
  absl::StatusOr<Invoice> invoice = NewInvoice(customer, four);
  ASSERT_THAT(invoice, IsOk());
  EXPECT_EQ(invoice->custom_fields_size(), 4);
  EXPECT_THAT(NewInvoice(customer, four + field("e", "5")),
              StripeErrorWithParam("invalid_request_error", "", "custom_fields"));
  const std::string name40(40, 'n');
  const std::string value140(140, 'v');
  EXPECT_THAT(NewInvoice(customer, field(name40, value140)), IsOk());
  EXPECT_THAT(NewInvoice(customer, field(name40 + "n", "v")),
              StripeErrorWithParam("invalid_request_error", "", "custom_fields[0][name]"));
  EXPECT_THAT(NewInvoice(customer, field("n", value140 + "v")),
              StripeErrorWithParam("invalid_request_error", "", "custom_fields[0][value]"));
  EXPECT_THAT(NewInvoice(customer, "custom_fields { name: \"n\" }"),
              StripeErrorWithParam("invalid_request_error", "parameter_missing",
                                   "custom_fields[0][value]"));
  EXPECT_EQ(InvoiceCount(customer), 2u);  // the two accepted above

  EXPECT_THAT(engine_.invoices().Update(invoice->id(), ParseParams<InvoiceUpdateParams>(
                                                           field("x", value140 + "v"))),
              StripeErrorWithParam("invalid_request_error", "", "custom_fields[0][value]"));
  EXPECT_EQ(Inv(invoice->id()).custom_fields_size(), 4);
  EXPECT_THAT(engine_.customers().Update(
                  customer, ParseParams<CustomerUpdateParams>(
                                "invoice_settings { " + four + field("e", "5") + "}")),
              StripeErrorWithParam("invalid_request_error", "",
                                   "invoice_settings[custom_fields]"));
  absl::StatusOr<Customer> unchanged = engine_.customers().Retrieve(customer);
  ASSERT_THAT(unchanged, IsOk());
  EXPECT_EQ(unchanged->invoice_settings().custom_fields_size(), 0);
}

}  // namespace
}  // namespace paysim
