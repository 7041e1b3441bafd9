// Invoice payments: the default payment an invoice gets with its PaymentIntent, paid when the
// PaymentIntent pays the invoice, following amount_remaining while open (a credit note),
// canceled when the invoice is voided or paid out of band; retrieve and the list's filters
// (`created` one second either side of each bound) and refusals.
#include <string>
#include <vector>

#include "engine/billing_test_fixture.h"
#include "testing/paysim_testing.h"

namespace paysim {
namespace {

using ::paysim::testing::IsOk;
using ::paysim::testing::ParseParams;
using ::paysim::testing::StripeErrorWithParam;
using ::testing::ElementsAre;
using ::testing::IsEmpty;
using ::testing::SizeIs;
using ::testing::StartsWith;

class InvoicePaymentsTest : public BillingTest {
 protected:
  std::vector<InvoicePayment> Payments(const std::string& text) {
    absl::StatusOr<ListResult<InvoicePayment>> page =
        engine_.invoice_payments().List(ParseParams<InvoicePaymentListParams>(text));
    EXPECT_THAT(page, IsOk());
    return page.ok() ? page->data : std::vector<InvoicePayment>();
  }

  // An incomplete subscription's first invoice, open with its PaymentIntent.
  Invoice OpenFirstInvoice(int64_t amount = 1500) {
    absl::StatusOr<Subscription> sub = Subscribe(NewCustomer(""), NewPrice(amount),
                                                 "payment_behavior: \"default_incomplete\"");
    EXPECT_THAT(sub, IsOk());
    return Inv(sub->latest_invoice());
  }
};

TEST_F(InvoicePaymentsTest, TheDefaultPaymentIsPaidWithTheInvoice) {
  const Invoice open = OpenFirstInvoice();
  ASSERT_EQ(open.status(), "open");
  std::vector<InvoicePayment> payments = Payments("invoice: \"" + open.id() + "\"");
  ASSERT_THAT(payments, SizeIs(1));
  const InvoicePayment pending = payments[0];
  EXPECT_THAT(pending.id(), StartsWith("inpay_"));
  EXPECT_EQ(pending.object(), "invoice_payment");
  EXPECT_TRUE(pending.is_default());
  EXPECT_EQ(pending.status(), "open");
  EXPECT_EQ(pending.amount_requested(), 1500);
  EXPECT_FALSE(pending.has_amount_paid());
  EXPECT_EQ(pending.currency(), "usd");
  EXPECT_EQ(pending.invoice(), open.id());
  EXPECT_EQ(pending.payment().type(), "payment_intent");
  EXPECT_EQ(pending.payment().payment_intent(), open.payment_intent_id());
  EXPECT_FALSE(pending.status_transitions().has_paid_at());

  clock_.Advance(absl::Minutes(5));
  PaymentIntentConfirmParams confirm;
  confirm.set_payment_method("pm_card_visa");
  const size_t mark = events_.size();
  ASSERT_THAT(engine_.payment_intents().Confirm(open.payment_intent_id(), confirm), IsOk());
  EXPECT_EQ(Inv(open.id()).status(), "paid");
  EXPECT_THAT(TypesSince(mark, "invoice"),
              ::testing::ElementsAre("invoice.paid", "invoice.payment_succeeded",
                                     "invoice_payment.paid"));
  Event announced;
  for (size_t i = mark; i < events_.size(); ++i) {
    if (events_[i].type() == "invoice_payment.paid") announced = events_[i];
  }
  EXPECT_EQ(announced.data().object().invoice_payment().id(), pending.id());
  EXPECT_EQ(announced.data().object().invoice_payment().status(), "paid");
  absl::StatusOr<InvoicePayment> paid = engine_.invoice_payments().Retrieve(pending.id());
  ASSERT_THAT(paid, IsOk());
  EXPECT_EQ(paid->status(), "paid");
  EXPECT_EQ(paid->amount_paid(), 1500);
  EXPECT_EQ(paid->status_transitions().paid_at(), kStart + 300);
  EXPECT_FALSE(paid->status_transitions().has_canceled_at());
  // Filters: by PaymentIntent, by status.
  EXPECT_THAT(Payments("payment { payment_intent: \"" + open.payment_intent_id() + "\" }"),
              SizeIs(1));
  EXPECT_THAT(Payments("payment { type: \"payment_intent\" } status: \"paid\""), SizeIs(1));
  EXPECT_THAT(Payments("status: \"open\""), SizeIs(0));
}

TEST_F(InvoicePaymentsTest, ACreditNoteLowersTheRequestAndVoidingCancels) {
  const Invoice open = OpenFirstInvoice(2000);
  absl::StatusOr<CreditNote> note = engine_.credit_notes().Create(
      ParseParams<CreditNoteCreateParams>("invoice: \"" + open.id() + "\" amount: 500"));
  ASSERT_THAT(note, IsOk());
  std::vector<InvoicePayment> payments = Payments("invoice: \"" + open.id() + "\"");
  ASSERT_THAT(payments, SizeIs(1));
  EXPECT_EQ(payments[0].amount_requested(), 1500);  // the invoice's amount_remaining

  clock_.Advance(absl::Seconds(42));
  ASSERT_THAT(engine_.invoices().Void(open.id()), IsOk());
  payments = Payments("invoice: \"" + open.id() + "\"");
  ASSERT_THAT(payments, SizeIs(1));
  EXPECT_EQ(payments[0].status(), "canceled");
  EXPECT_EQ(payments[0].status_transitions().canceled_at(), kStart + 42);
  EXPECT_FALSE(payments[0].has_amount_paid());
}

TEST_F(InvoicePaymentsTest, NewestFirstAndPaginated) {
  std::vector<std::string> ids;
  for (int i = 0; i < 3; ++i) {
    ids.push_back(Payments("invoice: \"" + OpenFirstInvoice().id() + "\"")[0].id());
    clock_.Advance(absl::Seconds(1));
  }
  std::vector<InvoicePayment> all = Payments("");
  ASSERT_THAT(all, SizeIs(3));
  EXPECT_EQ(all[0].id(), ids[2]);
  EXPECT_EQ(all[2].id(), ids[0]);
  absl::StatusOr<ListResult<InvoicePayment>> page = engine_.invoice_payments().List(
      ParseParams<InvoicePaymentListParams>("limit: 1 starting_after: \"" + ids[2] + "\""));
  ASSERT_THAT(page, IsOk());
  ASSERT_THAT(page->data, SizeIs(1));
  EXPECT_EQ(page->data[0].id(), ids[1]);
  EXPECT_TRUE(page->has_more);
}

TEST_F(InvoicePaymentsTest, CreatedFiltersByTheSecondEitherSideOfEachBound) {
  const int64_t t0 = absl::ToUnixSeconds(clock_.Now());
  const std::string first = Payments("invoice: \"" + OpenFirstInvoice().id() + "\"")[0].id();
  clock_.Advance(absl::Seconds(10));
  const std::string second = Payments("invoice: \"" + OpenFirstInvoice().id() + "\"")[0].id();
  auto ids = [&](const std::string& created) {
    std::vector<std::string> out;
    for (const InvoicePayment& p : Payments("created { " + created + " }")) out.push_back(p.id());
    return out;
  };
  EXPECT_THAT(ids(absl::StrCat("gte: ", t0 + 10)), ElementsAre(second));
  EXPECT_THAT(ids(absl::StrCat("gte: ", t0 + 11)), IsEmpty());
  EXPECT_THAT(ids(absl::StrCat("gt: ", t0 + 9)), ElementsAre(second));
  EXPECT_THAT(ids(absl::StrCat("gt: ", t0 + 10)), IsEmpty());
  EXPECT_THAT(ids(absl::StrCat("lt: ", t0 + 10)), ElementsAre(first));
  EXPECT_THAT(ids(absl::StrCat("lte: ", t0 + 10)), ElementsAre(second, first));
  EXPECT_THAT(ids(absl::StrCat("lte: ", t0 - 1)), IsEmpty());
  EXPECT_THAT(ids(absl::StrCat("exact: ", t0)), ElementsAre(first));
}

TEST_F(InvoicePaymentsTest, RefusalsNameTheirParam) {
  EXPECT_THAT(engine_.invoice_payments().List(
                  ParseParams<InvoicePaymentListParams>(R"pb(status: "settled")pb")),
              StripeErrorWithParam("invalid_request_error", "", "status"));
  EXPECT_THAT(engine_.invoice_payments().List(
                  ParseParams<InvoicePaymentListParams>(R"pb(payment { type: "cash" })pb")),
              StripeErrorWithParam("invalid_request_error", "", "payment[type]"));
  EXPECT_THAT(engine_.invoice_payments().Retrieve("inpay_missing"),
              StripeErrorWithParam("invalid_request_error", "resource_missing", "id"));
  // An invoice paid out of band has its default payment canceled, not paid.
  const Invoice open = OpenFirstInvoice();
  ASSERT_THAT(engine_.invoices().Pay(open.id(), ParseParams<InvoicePayParams>(
                                                    R"pb(paid_out_of_band: true)pb")),
              IsOk());
  EXPECT_EQ(Payments("invoice: \"" + open.id() + "\"")[0].status(), "canceled");
}

}  // namespace
}  // namespace paysim
