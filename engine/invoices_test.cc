// Behaviour tests of Invoices: lines and amounts, finalize, pay (a declined pay, a new card),
// void, mark_uncollectible, the list filters (a customer's invoices paged around other
// customers' and deleted drafts), and refused calls (Stripe's error, nothing changed).
#include <string>
#include <vector>

#include "engine/billing_test_fixture.h"

namespace paysim {
namespace {

using ::paysim::testing::HttpStatusIs;
using ::paysim::testing::IsOk;
using ::paysim::testing::ParseParams;
using ::paysim::testing::StripeErrorIs;
using ::paysim::testing::StripeErrorWithParam;
using ::testing::ElementsAre;

using InvoicesTest = BillingTest;

TEST_F(InvoicesTest, LinesAndAmounts) {
  const std::string customer = NewCustomer();
  const std::string a = NewPrice(1000);
  const std::string b = NewPrice(250);
  absl::StatusOr<Subscription> sub =
      Subscribe(customer, a, "items { price: \"" + b + "\" quantity: 4 }");
  ASSERT_THAT(sub, IsOk());
  const Invoice invoice = Inv(sub->latest_invoice());
  EXPECT_EQ(invoice.customer(), customer);
  EXPECT_EQ(invoice.currency(), "usd");
  EXPECT_EQ(invoice.subtotal(), 2000);
  EXPECT_EQ(invoice.total(), 2000);
  EXPECT_EQ(invoice.amount_due(), 2000);
  ASSERT_EQ(invoice.lines().data_size(), 2);
  EXPECT_EQ(invoice.lines().total_count(), 2);
  const InvoiceLineItem& line = invoice.lines().data(1);
  EXPECT_EQ(line.amount(), 1000);
  EXPECT_EQ(line.quantity(), 4);
  EXPECT_EQ(line.pricing().price_details().price(), b);
  EXPECT_EQ(line.subscription_item(), sub->items().data(1).id());
  EXPECT_EQ(line.period().start(), kStart);
  EXPECT_EQ(line.period().end(), kFeb1);
  EXPECT_EQ(invoice.parent().subscription_details().subscription(), sub->id());
  EXPECT_FALSE(invoice.has_paid());  // basil: no `paid`
}

TEST_F(InvoicesTest, PayWithANewCardAfterADecline) {
  const std::string customer = NewCustomer("pm_card_chargeCustomerFail");
  absl::StatusOr<Subscription> sub = Subscribe(customer, NewPrice());
  ASSERT_THAT(sub, IsOk());
  const std::string id = sub->latest_invoice();
  const size_t first = events_.size();
  EXPECT_THAT(engine_.invoices().Pay(id, InvoicePayParams()),
              StripeErrorIs("card_error", "card_declined", "generic_decline"));
  EXPECT_EQ(Inv(id).attempt_count(), 2);
  EXPECT_THAT(TypesSince(first, "invoice"),
              ElementsAre("invoice.payment_failed", "invoice.updated"));
  InvoicePayParams pay;
  pay.set_payment_method(AttachCard(customer, "pm_card_visa"));
  absl::StatusOr<Invoice> paid = engine_.invoices().Pay(id, pay);
  ASSERT_THAT(paid, IsOk());
  EXPECT_EQ(paid->status(), "paid");
  EXPECT_EQ(paid->amount_paid(), paid->amount_due());
  EXPECT_EQ(Sub(sub->id()).status(), "active");
  EXPECT_THAT(engine_.invoices().Pay(id, InvoicePayParams()),
              StripeErrorIs("invalid_request_error", ""));
}

TEST_F(InvoicesTest, AnInvoicesPaymentIntentIsCanceledOnlyByVoidingTheInvoice) {
  const std::string customer = NewCustomer("pm_card_chargeCustomerFail");
  absl::StatusOr<Subscription> sub = Subscribe(customer, NewPrice());
  ASSERT_THAT(sub, IsOk());
  const Invoice invoice = Inv(sub->latest_invoice());
  ASSERT_EQ(invoice.status(), "open");
  const size_t first = events_.size();
  EXPECT_THAT(engine_.payment_intents().Cancel(invoice.payment_intent_id(),
                                               PaymentIntentCancelParams()),
              StripeErrorIs("invalid_request_error", ""));
  EXPECT_EQ(events_.size(), first);
  // A card that works still pays it through that PaymentIntent.
  InvoicePayParams pay;
  pay.set_payment_method(AttachCard(customer, "pm_card_visa"));
  ASSERT_THAT(engine_.invoices().Pay(invoice.id(), pay), IsOk());
  absl::StatusOr<PaymentIntent> pi =
      engine_.payment_intents().Retrieve(invoice.payment_intent_id());
  ASSERT_THAT(pi, IsOk());
  EXPECT_EQ(pi->status(), "succeeded");
}

TEST_F(InvoicesTest, PayingADraftChecksThePaymentMethodBeforeFinalizingIt) {
  // A draft made while the customer's credit covered it: the credit is gone by the time it
  // is paid, and the customer has no payment method.
  const std::string customer = NewCustomer("");
  ASSERT_THAT(engine_.customers().Update(customer, ParseParams<CustomerUpdateParams>(
                                                       "balance: -5000")),
              IsOk());
  ASSERT_THAT(engine_.invoice_items().Create(ParseParams<InvoiceItemCreateParams>(absl::StrCat(
                  "customer: \"", customer, "\" amount: 2000 currency: \"usd\""))),
              IsOk());
  absl::StatusOr<Invoice> draft = engine_.invoices().Create(ParseParams<InvoiceCreateParams>(
      absl::StrCat("customer: \"", customer,
                   "\" pending_invoice_items_behavior: \"include\" auto_advance: false")));
  ASSERT_THAT(draft, IsOk());
  EXPECT_EQ(draft->amount_due(), 0);
  ASSERT_THAT(engine_.customers().Update(customer, ParseParams<CustomerUpdateParams>(
                                                       "balance: 0")),
              IsOk());
  const size_t first = events_.size();
  EXPECT_THAT(engine_.invoices().Pay(draft->id(), InvoicePayParams()),
              StripeErrorIs("invalid_request_error", ""));
  EXPECT_EQ(events_.size(), first);
  EXPECT_EQ(Inv(draft->id()).status(), "draft");
}

TEST_F(InvoicesTest, VoidAndMarkUncollectible) {
  const std::string customer = NewCustomer("");
  const std::string price = NewPrice();
  absl::StatusOr<Subscription> one = Subscribe(
      customer, price, "collection_method: \"send_invoice\" days_until_due: 7");
  ASSERT_THAT(one, IsOk());
  const std::string id = one->latest_invoice();
  absl::StatusOr<Invoice> uncollectible = engine_.invoices().MarkUncollectible(id);
  ASSERT_THAT(uncollectible, IsOk());
  EXPECT_EQ(uncollectible->status(), "uncollectible");
  EXPECT_EQ(uncollectible->status_transitions().marked_uncollectible_at(), kStart);
  EXPECT_EQ(events_.back().type(), "invoice.marked_uncollectible");
  absl::StatusOr<Invoice> voided = engine_.invoices().Void(id);
  ASSERT_THAT(voided, IsOk());
  EXPECT_EQ(voided->status(), "void");
  EXPECT_EQ(events_.back().type(), "invoice.voided");
  const size_t first = events_.size();
  EXPECT_THAT(engine_.invoices().Void(id), StripeErrorIs("invalid_request_error", ""));
  EXPECT_THAT(engine_.invoices().MarkUncollectible(id),
              StripeErrorIs("invalid_request_error", ""));
  EXPECT_THAT(engine_.invoices().Finalize(id, InvoiceFinalizeParams()),
              StripeErrorIs("invalid_request_error", ""));
  EXPECT_EQ(events_.size(), first);
  EXPECT_EQ(Inv(id).status(), "void");
}

TEST_F(InvoicesTest, SendInvoicePaidOutOfBand) {
  const std::string customer = NewCustomer("");
  absl::StatusOr<Subscription> sub = Subscribe(
      customer, NewPrice(), "collection_method: \"send_invoice\" days_until_due: 7");
  ASSERT_THAT(sub, IsOk());
  EXPECT_THAT(engine_.invoices().Pay(sub->latest_invoice(), InvoicePayParams()),
              HttpStatusIs(400));
  InvoicePayParams pay;
  pay.set_paid_out_of_band(true);
  absl::StatusOr<Invoice> paid = engine_.invoices().Pay(sub->latest_invoice(), pay);
  ASSERT_THAT(paid, IsOk());
  EXPECT_EQ(paid->status(), "paid");
}

TEST_F(InvoicesTest, ListFilters) {
  const std::string c1 = NewCustomer();
  const std::string c2 = NewCustomer("pm_card_chargeCustomerFail");
  const std::string price = NewPrice();
  ASSERT_THAT(Subscribe(c1, price), IsOk());
  ASSERT_THAT(Subscribe(c2, price), IsOk());
  InvoiceListParams params;
  params.set_customer(c2);
  EXPECT_EQ(engine_.invoices().List(params)->data.size(), 1u);
  params.set_status("paid");
  EXPECT_EQ(engine_.invoices().List(params)->data.size(), 0u);
  params.clear_customer();
  EXPECT_EQ(engine_.invoices().List(params)->data.size(), 1u);
  params.set_status("opened");
  EXPECT_THAT(engine_.invoices().List(params),
              StripeErrorWithParam("invalid_request_error", "", "status"));
  EXPECT_THAT(engine_.invoices().Retrieve("in_missing"), HttpStatusIs(404));
  EXPECT_THAT(engine_.invoices().Pay("in_missing", InvoicePayParams()),
              StripeErrorIs("invalid_request_error", "resource_missing"));
}

TEST_F(InvoicesTest, PayRefusesSomeoneElsesCard) {
  const std::string customer = NewCustomer("pm_card_chargeCustomerFail");
  absl::StatusOr<Subscription> sub = Subscribe(customer, NewPrice());
  ASSERT_THAT(sub, IsOk());
  const std::string other = NewCustomer();
  InvoicePayParams pay;
  pay.set_payment_method(AttachCard(other, "pm_card_visa"));
  const size_t first = events_.size();
  EXPECT_THAT(engine_.invoices().Pay(sub->latest_invoice(), pay),
              StripeErrorWithParam("invalid_request_error", "", "payment_method"));
  EXPECT_EQ(events_.size(), first);
  EXPECT_EQ(Inv(sub->latest_invoice()).attempt_count(), 1);
}

TEST_F(InvoicesTest, ACustomersInvoicesPageNewestFirstAroundOthersAndDeletedDrafts) {
  const std::string customer = NewCustomer();
  const std::string other = NewCustomer();
  std::vector<std::string> mine;  // oldest first
  for (int i = 0; i < 5; ++i) {
    for (const std::string& owner : {customer, other}) {
      ASSERT_THAT(engine_.invoice_items().Create(ParseParams<InvoiceItemCreateParams>(
                      absl::StrCat("customer: \"", owner, "\" currency: \"usd\" amount: 100"))),
                  IsOk());
      absl::StatusOr<Invoice> invoice = engine_.invoices().Create(ParseParams<InvoiceCreateParams>(
          absl::StrCat("customer: \"", owner, "\" pending_invoice_items_behavior: \"include\"")));
      ASSERT_THAT(invoice, IsOk());
      if (owner == customer) mine.push_back(invoice->id());
    }
  }
  ASSERT_THAT(engine_.invoices().Delete(mine[2]), IsOk());
  auto page = [&](const std::string& after, const std::string& before, int64_t limit) {
    InvoiceListParams params;
    params.set_customer(customer);
    params.set_limit(limit);
    if (!after.empty()) params.set_starting_after(after);
    if (!before.empty()) params.set_ending_before(before);
    absl::StatusOr<ListResult<Invoice>> result = engine_.invoices().List(params);
    std::vector<std::string> ids;
    if (result.ok()) {
      for (const Invoice& invoice : result->data) ids.push_back(invoice.id());
      if (result->has_more) ids.push_back("(more)");
    }
    return ids;
  };
  EXPECT_THAT(page("", "", 10), ElementsAre(mine[4], mine[3], mine[1], mine[0]));
  EXPECT_THAT(page("", "", 2), ElementsAre(mine[4], mine[3], "(more)"));
  EXPECT_THAT(page(mine[3], "", 2), ElementsAre(mine[1], mine[0]));
  EXPECT_THAT(page(mine[0], "", 2), ElementsAre());
  EXPECT_THAT(page("", mine[0], 2), ElementsAre(mine[3], mine[1], "(more)"));
  EXPECT_THAT(page("", mine[1], 10), ElementsAre(mine[4], mine[3]));
  // A cursor of the other customer's places the page by creation all the same.
  InvoiceListParams params;
  params.set_customer(other);
  params.set_limit(1);
  const std::string others_newest = engine_.invoices().List(params)->data[0].id();
  EXPECT_THAT(page(others_newest, "", 10), ElementsAre(mine[4], mine[3], mine[1], mine[0]));
  EXPECT_THAT(page("in_missing", "", 10), ElementsAre());
  InvoiceListParams missing;
  missing.set_customer(customer);
  missing.set_starting_after("in_missing");
  EXPECT_THAT(engine_.invoices().List(missing),
              StripeErrorWithParam("invalid_request_error", "resource_missing", "starting_after"));
}

}  // namespace
}  // namespace paysim
