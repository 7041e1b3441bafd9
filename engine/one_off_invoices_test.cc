// Behaviour tests of one-off invoices: created from pending invoice items (and the
// pending_invoice_items_behavior default by API version), numbers at finalization, auto_advance
// on the clock (each boundary one second either side), send_invoice due dates and send,
// update, delete, pay, void, mark_uncollectible, lines, and refused calls.
#include <string>

#include "engine/billing_test_fixture.h"

namespace paysim {
namespace {

using ::paysim::testing::HttpStatusIs;
using ::paysim::testing::IsOk;
using ::paysim::testing::ParseParams;
using ::paysim::testing::StripeErrorIs;
using ::paysim::testing::StripeErrorWithParam;
using ::testing::ElementsAre;

class OneOffInvoicesTest : public BillingTest {
 protected:
  void NewItem(const std::string& customer, int64_t amount) {
    ASSERT_THAT(engine_.invoice_items().Create(ParseParams<InvoiceItemCreateParams>(absl::StrCat(
                    "customer: \"", customer, "\" currency: \"usd\" amount: ", amount))),
                IsOk());
  }

  absl::StatusOr<Invoice> Create(const std::string& customer, const std::string& more = "",
                                 const RequestOptions& options = {}) {
    return engine_.invoices().Create(
        ParseParams<InvoiceCreateParams>(absl::StrCat(
            "customer: \"", customer, "\" pending_invoice_items_behavior: \"include\" ", more)),
        options);
  }
};

TEST_F(OneOffInvoicesTest, ADraftOfThePendingItems) {
  const std::string customer = NewCustomer();
  NewItem(customer, 2000);
  const size_t first = events_.size();
  absl::StatusOr<Invoice> invoice = Create(customer, "description: \"Consulting\"");
  ASSERT_THAT(invoice, IsOk());
  EXPECT_EQ(invoice->status(), "draft");
  EXPECT_EQ(invoice->billing_reason(), "manual");
  EXPECT_FALSE(invoice->auto_advance());
  EXPECT_EQ(invoice->collection_method(), "charge_automatically");
  EXPECT_FALSE(invoice->has_number());
  EXPECT_EQ(invoice->amount_due(), 2000);
  EXPECT_EQ(invoice->amount_remaining(), 2000);
  ASSERT_EQ(invoice->lines().data_size(), 1);
  EXPECT_EQ(invoice->lines().data(0).parent().type(), "invoice_item_details");
  EXPECT_THAT(TypesSince(first), ElementsAre("invoice.created"));
  // Nothing happens on the clock without auto_advance.
  At(kStart + 2 * kDay);
  EXPECT_EQ(Inv(invoice->id()).status(), "draft");
}

TEST_F(OneOffInvoicesTest, PendingItemsAreExcludedByDefaultFromTwentyTwentyTwo) {
  const std::string customer = NewCustomer();
  NewItem(customer, 2000);
  absl::StatusOr<Invoice> invoice = engine_.invoices().Create(
      ParseParams<InvoiceCreateParams>(absl::StrCat("customer: \"", customer, "\"")));
  ASSERT_THAT(invoice, IsOk());
  EXPECT_EQ(invoice->lines().data_size(), 0);
  EXPECT_EQ(invoice->amount_due(), 0);
}

TEST_F(OneOffInvoicesTest, BeforeTwentyTwentyTwoPendingItemsAreRequired) {
  const std::string customer = NewCustomer();
  RequestOptions old;
  old.api_version = "2020-08-27";
  const InvoiceCreateParams params =
      ParseParams<InvoiceCreateParams>(absl::StrCat("customer: \"", customer, "\""));
  EXPECT_THAT(engine_.invoices().Create(params, old),
              StripeErrorIs("invalid_request_error", "invoice_no_customer_line_items"));
  NewItem(customer, 2000);
  absl::StatusOr<Invoice> invoice = engine_.invoices().Create(params, old);
  ASSERT_THAT(invoice, IsOk());
  EXPECT_EQ(invoice->amount_due(), 2000);
}

TEST_F(OneOffInvoicesTest, NumbersAreAssignedAtFinalization) {
  const std::string customer = NewCustomer();
  const std::string prefix = engine_.customers().Retrieve(customer)->invoice_prefix();
  NewItem(customer, 100);
  absl::StatusOr<Invoice> a = Create(customer);
  NewItem(customer, 200);
  absl::StatusOr<Invoice> b = Create(customer);
  ASSERT_THAT(a, IsOk());
  ASSERT_THAT(b, IsOk());
  ASSERT_THAT(engine_.invoices().Finalize(b->id(), InvoiceFinalizeParams()), IsOk());
  ASSERT_THAT(engine_.invoices().Finalize(a->id(), InvoiceFinalizeParams()), IsOk());
  EXPECT_EQ(Inv(b->id()).number(), prefix + "-0001");
  EXPECT_EQ(Inv(a->id()).number(), prefix + "-0002");
  EXPECT_EQ(engine_.customers().Retrieve(customer)->next_invoice_sequence(), 3);
}

TEST_F(OneOffInvoicesTest, AutoAdvanceFinalizesAnHourAfterCreationThenCharges) {
  const std::string customer = NewCustomer();
  NewItem(customer, 2000);
  absl::StatusOr<Invoice> invoice = Create(customer, "auto_advance: true");
  ASSERT_THAT(invoice, IsOk());
  At(kStart + kHour - 1);
  EXPECT_EQ(Inv(invoice->id()).status(), "draft");
  At(kStart + kHour);
  const Invoice open = Inv(invoice->id());
  EXPECT_EQ(open.status(), "open");
  EXPECT_EQ(open.next_payment_attempt(), kStart + 2 * kHour);
  At(kStart + 2 * kHour - 1);
  EXPECT_EQ(Inv(invoice->id()).status(), "open");
  const size_t first = events_.size();
  At(kStart + 2 * kHour);
  const Invoice paid = Inv(invoice->id());
  EXPECT_EQ(paid.status(), "paid");
  EXPECT_EQ(paid.amount_paid(), 2000);
  EXPECT_EQ(paid.status_transitions().paid_at(), kStart + 2 * kHour);
  EXPECT_THAT(TypesSince(first, "invoice"),
              ElementsAre("invoice.paid", "invoice.payment_succeeded", "invoice_payment.paid"));
}

TEST_F(OneOffInvoicesTest, SendInvoiceIsDueAfterItsDays) {
  const std::string customer = NewCustomer();
  NewItem(customer, 2000);
  absl::StatusOr<Invoice> invoice =
      Create(customer, "collection_method: \"send_invoice\" days_until_due: 7");
  ASSERT_THAT(invoice, IsOk());
  EXPECT_EQ(invoice->due_date(), kStart + 7 * kDay);
  const size_t first = events_.size();
  absl::StatusOr<Invoice> sent = engine_.invoices().Send(invoice->id(), InvoiceSendParams());
  ASSERT_THAT(sent, IsOk());
  EXPECT_EQ(sent->status(), "open");
  EXPECT_THAT(TypesSince(first, "invoice"), ElementsAre("invoice.finalized", "invoice.sent"));
  EXPECT_FALSE(sent->has_next_payment_attempt());
  EXPECT_THAT(Create(customer, "collection_method: \"send_invoice\""),
              StripeErrorWithParam("invalid_request_error", "", "days_until_due"));
  EXPECT_THAT(Create(customer, "days_until_due: 3"),
              StripeErrorWithParam("invalid_request_error", "", "days_until_due"));
  EXPECT_THAT(Create(customer, "collection_method: \"mail\""),
              StripeErrorWithParam("invalid_request_error", "", "collection_method"));
}

TEST_F(OneOffInvoicesTest, UpdateADraft) {
  const std::string customer = NewCustomer();
  absl::StatusOr<Invoice> invoice = Create(customer);
  ASSERT_THAT(invoice, IsOk());
  const size_t first = events_.size();
  absl::StatusOr<Invoice> updated = engine_.invoices().Update(
      invoice->id(), ParseParams<InvoiceUpdateParams>("metadata { key: \"foo\" value: \"bar\" }"));
  ASSERT_THAT(updated, IsOk());
  EXPECT_EQ(updated->metadata().at("foo"), "bar");
  EXPECT_THAT(TypesSince(first), ElementsAre("invoice.updated"));
  EXPECT_NE(events_.back().data().previous_attributes().find("metadata"), std::string::npos);
}

TEST_F(OneOffInvoicesTest, DeleteADraftLeavesItsItemsPending) {
  const std::string customer = NewCustomer();
  NewItem(customer, 2000);
  absl::StatusOr<Invoice> invoice = Create(customer);
  ASSERT_THAT(invoice, IsOk());
  const size_t first = events_.size();
  absl::StatusOr<DeletedObject> deleted = engine_.invoices().Delete(invoice->id());
  ASSERT_THAT(deleted, IsOk());
  EXPECT_TRUE(deleted->deleted());
  EXPECT_THAT(TypesSince(first), ElementsAre("invoice.deleted"));
  EXPECT_THAT(engine_.invoices().Retrieve(invoice->id()), HttpStatusIs(404));
  absl::StatusOr<Invoice> again = Create(customer);
  ASSERT_THAT(again, IsOk());
  EXPECT_EQ(again->amount_due(), 2000);
  ASSERT_THAT(engine_.invoices().Finalize(again->id(), InvoiceFinalizeParams()), IsOk());
  EXPECT_THAT(engine_.invoices().Delete(again->id()),
              StripeErrorWithParam("invalid_request_error", "", ""));
  EXPECT_EQ(Inv(again->id()).status(), "open");
}

TEST_F(OneOffInvoicesTest, PayADraftWithACard) {
  const std::string customer = NewCustomer("");
  const std::string card = AttachCard(customer, "pm_card_visa");
  NewItem(customer, 2000);
  absl::StatusOr<Invoice> invoice = Create(customer);
  ASSERT_THAT(invoice, IsOk());
  const size_t first = events_.size();
  InvoicePayParams pay;
  pay.set_payment_method(card);
  absl::StatusOr<Invoice> paid = engine_.invoices().Pay(invoice->id(), pay);
  ASSERT_THAT(paid, IsOk());
  EXPECT_EQ(paid->status(), "paid");
  EXPECT_EQ(paid->amount_remaining(), 0);
  EXPECT_THAT(TypesSince(first, "invoice."),
              ElementsAre("invoice.finalized", "invoice.paid", "invoice.payment_succeeded"));
}

TEST_F(OneOffInvoicesTest, ADeclinedPayIsAFailedPayment) {
  const std::string customer = NewCustomer("");
  const std::string card = AttachCard(customer, "pm_card_chargeCustomerFail");
  NewItem(customer, 2000);
  absl::StatusOr<Invoice> invoice = Create(customer);
  ASSERT_THAT(invoice, IsOk());
  InvoicePayParams pay;
  pay.set_payment_method(card);
  const size_t first = events_.size();
  EXPECT_THAT(engine_.invoices().Pay(invoice->id(), pay),
              StripeErrorIs("card_error", "card_declined", "generic_decline"));
  EXPECT_EQ(Inv(invoice->id()).status(), "open");
  EXPECT_EQ(Inv(invoice->id()).attempt_count(), 1);
  EXPECT_THAT(TypesSince(first, "invoice.payment"), ElementsAre("invoice.payment_failed"));
}

TEST_F(OneOffInvoicesTest, VoidAndMarkUncollectible) {
  const std::string customer = NewCustomer("");
  NewItem(customer, 2000);
  absl::StatusOr<Invoice> a = Create(customer);
  ASSERT_THAT(a, IsOk());
  ASSERT_THAT(engine_.invoices().Finalize(a->id(), InvoiceFinalizeParams()), IsOk());
  EXPECT_EQ(engine_.invoices().Void(a->id())->status(), "void");
  NewItem(customer, 300);
  absl::StatusOr<Invoice> b = Create(customer);
  ASSERT_THAT(b, IsOk());
  ASSERT_THAT(engine_.invoices().Finalize(b->id(), InvoiceFinalizeParams()), IsOk());
  EXPECT_EQ(engine_.invoices().MarkUncollectible(b->id())->status(), "uncollectible");
}

TEST_F(OneOffInvoicesTest, LinesPage) {
  const std::string customer = NewCustomer();
  NewItem(customer, 100);
  NewItem(customer, 200);
  NewItem(customer, 300);
  absl::StatusOr<Invoice> invoice = Create(customer);
  ASSERT_THAT(invoice, IsOk());
  absl::StatusOr<ListResult<InvoiceLineItem>> page = engine_.invoices().ListLines(
      invoice->id(), ParseParams<InvoiceLinesListParams>("limit: 2"));
  ASSERT_THAT(page, IsOk());
  ASSERT_EQ(page->data.size(), 2u);
  EXPECT_TRUE(page->has_more);
  EXPECT_EQ(page->data[0].amount(), 100);
  InvoiceLinesListParams next;
  next.set_starting_after(page->data[1].id());
  page = engine_.invoices().ListLines(invoice->id(), next);
  ASSERT_THAT(page, IsOk());
  ASSERT_EQ(page->data.size(), 1u);
  EXPECT_FALSE(page->has_more);
  EXPECT_EQ(page->data[0].amount(), 300);
}

}  // namespace
}  // namespace paysim
