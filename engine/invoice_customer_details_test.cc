// Behaviour tests of what an invoice copies from its customer (customer_email, _name, _phone,
// _address, _shipping: as the customer is while a draft, frozen at finalization), its
// hosted_invoice_url and invoice_pdf (from finalization on), and `test_clock` on invoices and
// subscriptions of a customer on a test clock, customer_tax_exempt and customer_tax_ids (the
// customer's own live ones, oldest first, also after a snapshot is restored).
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "engine/billing_test_fixture.h"

namespace paysim {
namespace {

using ::paysim::testing::IsOk;
using ::paysim::testing::ParseParams;
using ::testing::ElementsAre;
using ::testing::EndsWith;
using ::testing::HasSubstr;

class InvoiceCustomerDetailsTest : public BillingTest {
 protected:
  // A customer with every detail an invoice copies, and a default card.
  std::string DetailedCustomer(const std::string& more = "") {
    absl::StatusOr<Customer> customer = engine_.customers().Create(
        ParseParams<CustomerCreateParams>(absl::StrCat(
            "email: \"jenny@example.com\" name: \"Jenny Rosen\" phone: \"+15555550100\" "
            "address { line1: \"1 Main St\" city: \"Springfield\" country: \"US\" } "
            "shipping { name: \"Jenny\" address { line1: \"2 Side St\" country: \"US\" } } ",
            more)));
    EXPECT_THAT(customer, IsOk());
    if (!customer.ok()) return "";
    SetDefaultCard(customer->id(), AttachCard(customer->id(), "pm_card_visa"));
    return customer->id();
  }

  void SetEmail(const std::string& customer, const std::string& email) {
    ASSERT_THAT(engine_.customers().Update(
                    customer, ParseParams<CustomerUpdateParams>(
                                  absl::StrCat("email: \"", email, "\""))),
                IsOk());
  }
};

TEST_F(InvoiceCustomerDetailsTest, AFinalizedInvoiceHasTheCustomersDetailsAndItsUrls) {
  const std::string customer = DetailedCustomer();
  absl::StatusOr<Subscription> sub = Subscribe(customer, NewPrice(2000));
  ASSERT_THAT(sub, IsOk());
  const Invoice invoice = Inv(sub->latest_invoice());
  EXPECT_EQ(invoice.status(), "paid");
  EXPECT_EQ(invoice.customer_email(), "jenny@example.com");
  EXPECT_EQ(invoice.customer_name(), "Jenny Rosen");
  EXPECT_EQ(invoice.customer_phone(), "+15555550100");
  EXPECT_EQ(invoice.customer_address().line1(), "1 Main St");
  EXPECT_EQ(invoice.customer_address().city(), "Springfield");
  EXPECT_EQ(invoice.customer_shipping().name(), "Jenny");
  EXPECT_EQ(invoice.customer_shipping().address().line1(), "2 Side St");
  EXPECT_THAT(invoice.hosted_invoice_url(), HasSubstr("https://invoice.stripe.com/i/"));
  EXPECT_THAT(invoice.hosted_invoice_url(), EndsWith(invoice.id()));
  EXPECT_THAT(invoice.invoice_pdf(), EndsWith(absl::StrCat(invoice.id(), "/pdf")));
  EXPECT_FALSE(invoice.has_test_clock());
  EXPECT_FALSE(sub->has_test_clock());
}

TEST_F(InvoiceCustomerDetailsTest, ADraftFollowsTheCustomerUntilFinalizedThenKeepsItsCopy) {
  const std::string customer = DetailedCustomer();
  absl::StatusOr<Subscription> sub = Subscribe(customer, NewPrice(2000));
  ASSERT_THAT(sub, IsOk());
  At(kFeb1);
  const std::string renewal = Sub(sub->id()).latest_invoice();
  Invoice draft = Inv(renewal);
  EXPECT_EQ(draft.status(), "draft");
  EXPECT_EQ(draft.customer_email(), "jenny@example.com");
  EXPECT_FALSE(draft.has_hosted_invoice_url());
  EXPECT_FALSE(draft.has_invoice_pdf());
  SetEmail(customer, "billing@example.com");
  // The draft follows at once, without an event of its own.
  const size_t mark = events_.size();
  ASSERT_THAT(engine_.customers().Update(
                  customer, ParseParams<CustomerUpdateParams>(
                                R"pb(name: "Jenny R." phone: "+15555550199"
                                     address { line1: "9 Elm St" country: "US" })pb")),
              IsOk());
  EXPECT_THAT(TypesSince(mark, "invoice"), ::testing::IsEmpty());
  draft = Inv(renewal);
  EXPECT_EQ(draft.customer_email(), "billing@example.com");
  EXPECT_EQ(draft.customer_name(), "Jenny R.");
  EXPECT_EQ(draft.customer_phone(), "+15555550199");
  EXPECT_EQ(draft.customer_address().line1(), "9 Elm St");
  At(kFeb1 + kHour - 1);
  EXPECT_FALSE(Inv(renewal).has_hosted_invoice_url());
  At(kFeb1 + kHour);  // finalized (and paid) with the customer as it is now
  Invoice finalized = Inv(renewal);
  EXPECT_EQ(finalized.status(), "paid");
  EXPECT_EQ(finalized.customer_email(), "billing@example.com");
  EXPECT_THAT(finalized.hosted_invoice_url(), EndsWith(renewal));
  SetEmail(customer, "later@example.com");
  EXPECT_EQ(Inv(renewal).customer_email(), "billing@example.com");
  // The first invoice, finalized before both changes, kept the first address.
  EXPECT_EQ(Inv(sub->latest_invoice()).customer_email(), "jenny@example.com");
}

TEST_F(InvoiceCustomerDetailsTest, TaxExemptAndTaxIdsAreCopiedThenFrozenAtFinalization) {
  const std::string customer = DetailedCustomer("tax_exempt: \"reverse\"");
  for (const auto& [type, value] : {std::pair<std::string, std::string>{"eu_vat", "DE123456789"},
                                    {"us_ein", "12-3456789"}}) {
    TaxIdCreateParams params;
    params.set_type(type);
    params.set_value(value);
    ASSERT_THAT(engine_.tax_ids().Create(customer, params), IsOk());
  }
  absl::StatusOr<Subscription> sub = Subscribe(customer, NewPrice(2000));
  ASSERT_THAT(sub, IsOk());
  Invoice invoice = Inv(sub->latest_invoice());
  EXPECT_EQ(invoice.customer_tax_exempt(), "reverse");
  ASSERT_EQ(invoice.customer_tax_ids_size(), 2);
  EXPECT_EQ(invoice.customer_tax_ids(0).type(), "eu_vat");  // oldest first
  EXPECT_EQ(invoice.customer_tax_ids(0).value(), "DE123456789");
  EXPECT_EQ(invoice.customer_tax_ids(1).type(), "us_ein");
  // Finalized: a later change of the customer does not reach it.
  ASSERT_THAT(engine_.customers().Update(
                  customer, ParseParams<CustomerUpdateParams>("tax_exempt: \"exempt\"")),
              IsOk());
  invoice = Inv(invoice.id());
  EXPECT_EQ(invoice.customer_tax_exempt(), "reverse");
  // The next renewal's draft copies the customer as it is then.
  At(kFeb1);
  const Invoice renewal = Inv(Sub(sub->id()).latest_invoice());
  EXPECT_EQ(renewal.customer_tax_exempt(), "exempt");
  EXPECT_EQ(renewal.customer_tax_ids_size(), 2);
}

TEST_F(InvoiceCustomerDetailsTest, OnlyTheCustomersLiveTaxIdsAreCopiedAlsoAfterARestore) {
  const std::string other = NewCustomer();
  const std::string customer = NewCustomer();
  std::vector<std::string> ids;
  for (const auto& [owner, value] : {std::pair{other, "DE111111111"}, {customer, "DE222222222"},
                                     {customer, "DE333333333"}, {customer, "DE444444444"}}) {
    TaxIdCreateParams params;
    params.set_type("eu_vat");
    params.set_value(value);
    absl::StatusOr<TaxId> tax_id = engine_.tax_ids().Create(owner, params);
    ASSERT_THAT(tax_id, IsOk());
    ids.push_back(tax_id->id());
  }
  ASSERT_THAT(engine_.tax_ids().Delete(customer, ids[2]), IsOk());
  auto values = [](const Invoice& invoice) {
    std::vector<std::string> out;
    for (const InvoiceCustomerTaxId& id : invoice.customer_tax_ids()) out.push_back(id.value());
    return out;
  };
  absl::StatusOr<Subscription> sub = Subscribe(customer, NewPrice(2000));
  ASSERT_THAT(sub, IsOk());
  EXPECT_THAT(values(Inv(sub->latest_invoice())), ElementsAre("DE222222222", "DE444444444"));
  absl::StatusOr<std::unique_ptr<Engine>> restored =
      testing::RestoredCopy(engine_, {.clock = &clock_});
  ASSERT_THAT(restored, IsOk());
  // A tax ID added and one deleted after the restore; the renewal copies what is left.
  TaxIdCreateParams params;
  params.set_type("eu_vat");
  params.set_value("DE555555555");
  ASSERT_THAT((*restored)->tax_ids().Create(customer, params), IsOk());
  ASSERT_THAT((*restored)->tax_ids().Delete(customer, ids[1]), IsOk());
  clock_.SetTime(absl::FromUnixSeconds(kFeb1));
  (*restored)->FireDueTimers();
  absl::StatusOr<Subscription> renewed = (*restored)->subscriptions().Retrieve(sub->id());
  ASSERT_THAT(renewed, IsOk());
  absl::StatusOr<Invoice> renewal = (*restored)->invoices().Retrieve(renewed->latest_invoice());
  ASSERT_THAT(renewal, IsOk());
  EXPECT_NE(renewal->id(), sub->latest_invoice());
  EXPECT_THAT(values(*renewal), ElementsAre("DE444444444", "DE555555555"));
}

TEST_F(InvoiceCustomerDetailsTest, ACustomerWithoutDetailsLeavesThemNull) {
  absl::StatusOr<Subscription> sub = Subscribe(NewCustomer(), NewPrice(2000));
  ASSERT_THAT(sub, IsOk());
  const Invoice invoice = Inv(sub->latest_invoice());
  EXPECT_FALSE(invoice.has_customer_email());
  EXPECT_FALSE(invoice.has_customer_name());
  EXPECT_FALSE(invoice.has_customer_phone());
  EXPECT_FALSE(invoice.has_customer_address());
  EXPECT_FALSE(invoice.has_customer_shipping());
  EXPECT_EQ(invoice.customer_tax_exempt(), "none");
  EXPECT_EQ(invoice.customer_tax_ids_size(), 0);
}

TEST_F(InvoiceCustomerDetailsTest, ATestClocksSubscriptionsAndInvoicesNameTheClock) {
  absl::StatusOr<TestClock> clock = engine_.test_clocks().Create(
      ParseParams<TestClockCreateParams>(absl::StrCat("frozen_time: ", kStart)));
  ASSERT_THAT(clock, IsOk());
  const std::string customer =
      DetailedCustomer(absl::StrCat("test_clock: \"", clock->id(), "\""));
  absl::StatusOr<Subscription> sub = Subscribe(customer, NewPrice(2000));
  ASSERT_THAT(sub, IsOk());
  EXPECT_EQ(sub->test_clock(), clock->id());
  EXPECT_EQ(Sub(sub->id()).test_clock(), clock->id());
  EXPECT_EQ(Inv(sub->latest_invoice()).test_clock(), clock->id());
}

}  // namespace
}  // namespace paysim
