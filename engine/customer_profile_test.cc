// Behaviour of the customer parameters that describe the customer: preferred_locales,
// tax_exempt, invoice_prefix and next_invoice_sequence (and the invoice numbers they make),
// and cash_balance[settings][reconciliation_mode], on create and on update; each refusal
// changes nothing.
#include <string>

#include "engine/billing_test_fixture.h"

namespace paysim {
namespace {

using ::paysim::testing::HttpStatusIs;
using ::paysim::testing::IsOk;
using ::paysim::testing::ParseParams;
using ::paysim::testing::StripeErrorWithParam;
using ::testing::ElementsAre;
using ::testing::IsEmpty;

class CustomerProfileTest : public BillingTest {
 protected:
  absl::StatusOr<Customer> Create(const std::string& text) {
    return engine_.customers().Create(ParseParams<CustomerCreateParams>(text));
  }
  absl::StatusOr<Customer> Update(const std::string& id, const std::string& text) {
    return engine_.customers().Update(id, ParseParams<CustomerUpdateParams>(text));
  }
  // Finalizes a one-off invoice of one item for `customer`; returns its number.
  std::string FinalizedNumber(const std::string& customer) {
    EXPECT_THAT(engine_.invoice_items().Create(ParseParams<InvoiceItemCreateParams>(absl::StrCat(
                    "customer: \"", customer, "\" currency: \"usd\" amount: 500"))),
                IsOk());
    absl::StatusOr<Invoice> invoice = engine_.invoices().Create(ParseParams<InvoiceCreateParams>(
        absl::StrCat("customer: \"", customer, "\" pending_invoice_items_behavior: \"include\"")));
    EXPECT_THAT(invoice, IsOk());
    if (!invoice.ok()) return "";
    absl::StatusOr<Invoice> finalized = engine_.invoices().Finalize(invoice->id(), {});
    EXPECT_THAT(finalized, IsOk());
    return finalized.ok() ? finalized->number() : "";
  }
};

TEST_F(CustomerProfileTest, CreateKeepsTheProfile) {
  absl::StatusOr<Customer> customer = Create(
      "preferred_locales: \"fr-FR\" preferred_locales: \"en\" tax_exempt: \"reverse\" "
      "invoice_prefix: \"ACME42\" next_invoice_sequence: 7");
  ASSERT_THAT(customer, IsOk());
  EXPECT_THAT(customer->preferred_locales(), ElementsAre("fr-FR", "en"));
  EXPECT_EQ(customer->tax_exempt(), "reverse");
  EXPECT_EQ(customer->invoice_prefix(), "ACME42");
  EXPECT_EQ(customer->next_invoice_sequence(), 7);
  absl::StatusOr<Customer> fetched = engine_.customers().Retrieve(customer->id());
  ASSERT_THAT(fetched, IsOk());
  EXPECT_THAT(fetched->preferred_locales(), ElementsAre("fr-FR", "en"));
  EXPECT_EQ(fetched->tax_exempt(), "reverse");
}

TEST_F(CustomerProfileTest, InvoiceNumbersUseThePrefixAndTheSequence) {
  absl::StatusOr<Customer> customer =
      Create("invoice_prefix: \"ACME\" next_invoice_sequence: 7");
  ASSERT_THAT(customer, IsOk());
  EXPECT_EQ(FinalizedNumber(customer->id()), "ACME-0007");
  EXPECT_EQ(FinalizedNumber(customer->id()), "ACME-0008");
  ASSERT_THAT(Update(customer->id(), "invoice_prefix: \"NEW\" next_invoice_sequence: 100"),
              IsOk());
  EXPECT_EQ(FinalizedNumber(customer->id()), "NEW-0100");
  absl::StatusOr<Customer> after = engine_.customers().Retrieve(customer->id());
  ASSERT_THAT(after, IsOk());
  EXPECT_EQ(after->next_invoice_sequence(), 101);
}

TEST_F(CustomerProfileTest, UpdateReplacesOrEmptiesTheLocales) {
  absl::StatusOr<Customer> customer = Create("preferred_locales: \"de\"");
  ASSERT_THAT(customer, IsOk());
  absl::StatusOr<Customer> updated = Update(customer->id(), "tax_exempt: \"exempt\"");
  ASSERT_THAT(updated, IsOk());
  EXPECT_THAT(updated->preferred_locales(), ElementsAre("de"));  // not given: kept
  EXPECT_EQ(updated->tax_exempt(), "exempt");
  updated = Update(customer->id(), "preferred_locales: \"es\" preferred_locales: \"it\"");
  ASSERT_THAT(updated, IsOk());
  EXPECT_THAT(updated->preferred_locales(), ElementsAre("es", "it"));
  updated = Update(customer->id(), "preferred_locales_emptied: true tax_exempt: \"\"");
  ASSERT_THAT(updated, IsOk());
  EXPECT_THAT(updated->preferred_locales(), IsEmpty());
  EXPECT_EQ(updated->tax_exempt(), "none");  // "" is none
}

TEST_F(CustomerProfileTest, UpdateAnnouncesWhatChanged) {
  absl::StatusOr<Customer> customer = Create("");
  ASSERT_THAT(customer, IsOk());
  const size_t first = events_.size();
  ASSERT_THAT(Update(customer->id(), "tax_exempt: \"exempt\" preferred_locales: \"nl\""), IsOk());
  ASSERT_EQ(events_.size(), first + 1);
  EXPECT_EQ(events_[first].type(), "customer.updated");
  const std::string previous = events_[first].data().previous_attributes();
  EXPECT_NE(previous.find("\"tax_exempt\":\"none\""), std::string::npos) << previous;
  EXPECT_NE(previous.find("\"preferred_locales\":[]"), std::string::npos) << previous;
}

TEST_F(CustomerProfileTest, CashBalanceSettingsOnCreateAndUpdate) {
  absl::StatusOr<Customer> customer =
      Create("cash_balance { settings { reconciliation_mode: \"manual\" } }");
  ASSERT_THAT(customer, IsOk());
  absl::StatusOr<CashBalance> balance = engine_.cash_balances().Retrieve(customer->id());
  ASSERT_THAT(balance, IsOk());
  EXPECT_EQ(balance->settings().reconciliation_mode(), "manual");
  EXPECT_FALSE(balance->settings().using_merchant_default());
  ASSERT_THAT(Update(customer->id(),
                     "cash_balance { settings { reconciliation_mode: \"merchant_default\" } }"),
              IsOk());
  balance = engine_.cash_balances().Retrieve(customer->id());
  ASSERT_THAT(balance, IsOk());
  EXPECT_EQ(balance->settings().reconciliation_mode(), "automatic");
  EXPECT_TRUE(balance->settings().using_merchant_default());
}

TEST_F(CustomerProfileTest, BadValuesAreRefusedAndChangeNothing) {
  struct Case {
    std::string params;
    std::string param;
  };
  const Case cases[] = {
      {"tax_exempt: \"sometimes\"", "tax_exempt"},
      {"invoice_prefix: \"AB\"", "invoice_prefix"},
      {"invoice_prefix: \"ABCDEFGHIJKLM\"", "invoice_prefix"},
      {"invoice_prefix: \"acme\"", "invoice_prefix"},
      {"invoice_prefix: \"AC-ME\"", "invoice_prefix"},
      {"next_invoice_sequence: 0", "next_invoice_sequence"},
      {"cash_balance { settings { reconciliation_mode: \"sometimes\" } }",
       "cash_balance[settings][reconciliation_mode]"},
      {"preferred_locales: \"en\" preferred_locales: \"\"", "preferred_locales[1]"},
  };
  absl::StatusOr<Customer> existing = Create("invoice_prefix: \"KEEP\"");
  ASSERT_THAT(existing, IsOk());
  for (const Case& c : cases) {
    SCOPED_TRACE(c.params);
    const size_t first = events_.size();
    EXPECT_THAT(Create(c.params), StripeErrorWithParam("invalid_request_error", "", c.param));
    EXPECT_THAT(Update(existing->id(), c.params), HttpStatusIs(400));
    EXPECT_EQ(events_.size(), first);
  }
  absl::StatusOr<Customer> after = engine_.customers().Retrieve(existing->id());
  ASSERT_THAT(after, IsOk());
  EXPECT_EQ(after->invoice_prefix(), "KEEP");
  EXPECT_EQ(after->tax_exempt(), "none");
  EXPECT_EQ(after->next_invoice_sequence(), 1);
}

TEST_F(CustomerProfileTest, SequenceOfOneAndPrefixesAtTheLimitsAreAccepted) {
  EXPECT_THAT(Create("next_invoice_sequence: 1"), IsOk());
  EXPECT_THAT(Create("invoice_prefix: \"AB1\""), IsOk());
  EXPECT_THAT(Create("invoice_prefix: \"ABCDEFGHIJ12\""), IsOk());
}

}  // namespace
}  // namespace paysim
