// Partial payments: PaymentIntents attached to an open invoice (attach_payment), paying part
// of it and then the rest; the default payment and PaymentIntent following; canceling an
// attached intent; void and mark_uncollectible refused while payments are attached; every
// refusal of attach_payment, each changing nothing; each payment found by its id and by its
// PaymentIntent among several invoices, also on a restored engine.
#include <memory>
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
using ::testing::HasSubstr;
using ::testing::IsEmpty;
using ::testing::SizeIs;

class InvoiceAttachPaymentTest : public BillingTest {
 protected:
  // A one-off invoice of `amount` for `customer`, finalized: send_invoice (no PaymentIntent of
  // its own) or charge_automatically (its default payment and PaymentIntent).
  Invoice OpenInvoice(const std::string& customer, int64_t amount, bool send_invoice) {
    EXPECT_THAT(engine_.invoice_items().Create(ParseParams<InvoiceItemCreateParams>(absl::StrCat(
                    "customer: \"", customer, "\" currency: \"usd\" amount: ", amount))),
                IsOk());
    absl::StatusOr<Invoice> draft = engine_.invoices().Create(ParseParams<InvoiceCreateParams>(
        absl::StrCat("customer: \"", customer, "\" pending_invoice_items_behavior: \"include\" ",
                     send_invoice ? "collection_method: \"send_invoice\" days_until_due: 30"
                                  : "")));
    EXPECT_THAT(draft, IsOk());
    InvoiceFinalizeParams finalize;
    finalize.set_auto_advance(false);
    absl::StatusOr<Invoice> open = engine_.invoices().Finalize(draft->id(), finalize);
    EXPECT_THAT(open, IsOk());
    return *open;
  }

  // A PaymentIntent of `customer` for `amount`; `pay`: confirmed with a Visa card at once.
  PaymentIntent Intent(const std::string& customer, int64_t amount, bool pay = false,
                       const std::string& currency = "usd") {
    absl::StatusOr<PaymentIntent> pi =
        engine_.payment_intents().Create(ParseParams<PaymentIntentCreateParams>(absl::StrCat(
            "amount: ", amount, " currency: \"", currency, "\" customer: \"", customer, "\"",
            pay ? " payment_method: \"pm_card_visa\" confirm: true" : "")));
    EXPECT_THAT(pi, IsOk());
    return *pi;
  }

  absl::StatusOr<Invoice> Attach(const std::string& invoice, const std::string& params) {
    return engine_.invoices().AttachPayment(invoice,
                                            ParseParams<InvoiceAttachPaymentParams>(params));
  }
  absl::StatusOr<Invoice> Attach(const std::string& invoice, const PaymentIntent& pi) {
    return Attach(invoice, absl::StrCat("payment_intent: \"", pi.id(), "\""));
  }

  absl::Status Confirm(const PaymentIntent& pi) {
    PaymentIntentConfirmParams confirm;
    confirm.set_payment_method("pm_card_visa");
    return engine_.payment_intents().Confirm(pi.id(), confirm).status();
  }

  std::vector<InvoicePayment> Payments(const std::string& invoice) {
    absl::StatusOr<ListResult<InvoicePayment>> page = engine_.invoice_payments().List(
        ParseParams<InvoicePaymentListParams>(absl::StrCat("invoice: \"", invoice, "\"")));
    EXPECT_THAT(page, IsOk());
    return page.ok() ? page->data : std::vector<InvoicePayment>();
  }
};

TEST_F(InvoiceAttachPaymentTest, TwoPaymentsPayASentInvoice) {
  const std::string customer = NewCustomer();
  const Invoice open = OpenInvoice(customer, 3000, /*send_invoice=*/true);
  ASSERT_EQ(open.status(), "open");
  const PaymentIntent first = Intent(customer, 1000);
  size_t mark = events_.size();
  absl::StatusOr<Invoice> attached = Attach(open.id(), first);
  ASSERT_THAT(attached, IsOk());
  EXPECT_THAT(TypesSince(mark), IsEmpty());  // attaching announces nothing
  EXPECT_EQ(attached->amount_remaining(), 3000);
  ASSERT_THAT(attached->payments().data(), SizeIs(1));
  const InvoicePayment pending = attached->payments().data(0);
  EXPECT_FALSE(pending.is_default());
  EXPECT_EQ(pending.status(), "open");
  EXPECT_EQ(pending.amount_requested(), 1000);
  EXPECT_FALSE(pending.has_amount_paid());
  EXPECT_EQ(pending.payment().payment_intent(), first.id());

  clock_.Advance(absl::Minutes(10));
  mark = events_.size();
  ASSERT_THAT(Confirm(first), IsOk());
  Invoice partly = Inv(open.id());
  EXPECT_EQ(partly.status(), "open");
  EXPECT_EQ(partly.amount_paid(), 1000);
  EXPECT_EQ(partly.amount_remaining(), 2000);
  EXPECT_EQ(partly.amount_due(), 3000);
  EXPECT_THAT(TypesSince(mark, "invoice"), ElementsAre("invoice.updated", "invoice_payment.paid"));
  for (size_t i = mark; i < events_.size(); ++i) {
    if (events_[i].type() != "invoice.updated") continue;
    const std::string& previous = events_[i].data().previous_attributes();
    EXPECT_THAT(previous, HasSubstr("\"amount_paid\":0"));
    EXPECT_THAT(previous, HasSubstr("\"amount_remaining\":3000"));
  }
  absl::StatusOr<InvoicePayment> paid = engine_.invoice_payments().Retrieve(pending.id());
  ASSERT_THAT(paid, IsOk());
  EXPECT_EQ(paid->status(), "paid");
  EXPECT_EQ(paid->amount_paid(), 1000);
  EXPECT_EQ(paid->status_transitions().paid_at(), kStart + 600);

  // The second asks for exactly what is left and pays the invoice.
  const PaymentIntent second = Intent(customer, 2000);
  ASSERT_THAT(Attach(open.id(), second), IsOk());
  mark = events_.size();
  ASSERT_THAT(Confirm(second), IsOk());
  const Invoice done = Inv(open.id());
  EXPECT_EQ(done.status(), "paid");
  EXPECT_EQ(done.amount_paid(), 3000);
  EXPECT_EQ(done.amount_remaining(), 0);
  EXPECT_THAT(TypesSince(mark, "invoice"),
              ElementsAre("invoice.paid", "invoice.payment_succeeded", "invoice_payment.paid"));
  const std::vector<InvoicePayment> all = Payments(open.id());
  ASSERT_THAT(all, SizeIs(2));
  EXPECT_EQ(all[0].status(), "paid");
  EXPECT_EQ(all[1].status(), "paid");
  EXPECT_EQ(all[0].amount_paid() + all[1].amount_paid(), 3000);
}

TEST_F(InvoiceAttachPaymentTest, TheDefaultPaymentFollowsAndPaysTheRest) {
  const std::string customer = NewCustomer();
  const Invoice open = OpenInvoice(customer, 5000, /*send_invoice=*/false);
  ASSERT_FALSE(open.payment_intent_id().empty());
  // An intent that already succeeded pays at once.
  const PaymentIntent early = Intent(customer, 1500, /*pay=*/true);
  ASSERT_EQ(early.status(), "succeeded");
  absl::StatusOr<Invoice> partly = Attach(open.id(), early);
  ASSERT_THAT(partly, IsOk());
  EXPECT_EQ(partly->status(), "open");
  EXPECT_EQ(partly->amount_paid(), 1500);
  EXPECT_EQ(partly->amount_remaining(), 3500);
  std::vector<InvoicePayment> payments = Payments(open.id());
  ASSERT_THAT(payments, SizeIs(2));
  const InvoicePayment& default_payment = payments[0].is_default() ? payments[0] : payments[1];
  EXPECT_EQ(default_payment.status(), "open");
  EXPECT_EQ(default_payment.amount_requested(), 3500);
  EXPECT_EQ(engine_.payment_intents().Retrieve(open.payment_intent_id())->amount(), 3500);

  // Paying the invoice charges what is left through its own PaymentIntent.
  absl::StatusOr<Invoice> paid = engine_.invoices().Pay(open.id(), InvoicePayParams());
  ASSERT_THAT(paid, IsOk());
  EXPECT_EQ(paid->status(), "paid");
  EXPECT_EQ(paid->amount_paid(), 5000);
  absl::StatusOr<InvoicePayment> settled =
      engine_.invoice_payments().Retrieve(default_payment.id());
  ASSERT_THAT(settled, IsOk());
  EXPECT_EQ(settled->status(), "paid");
  EXPECT_EQ(settled->amount_paid(), 3500);
}

TEST_F(InvoiceAttachPaymentTest, PaidInFullByAttachedPaymentsCancelsTheInvoicesOwnIntent) {
  const std::string customer = NewCustomer();
  const Invoice open = OpenInvoice(customer, 2000, /*send_invoice=*/false);
  const PaymentIntent whole = Intent(customer, 2000);
  ASSERT_THAT(Attach(open.id(), whole), IsOk());
  const size_t mark = events_.size();
  ASSERT_THAT(Confirm(whole), IsOk());
  EXPECT_EQ(Inv(open.id()).status(), "paid");
  absl::StatusOr<PaymentIntent> own = engine_.payment_intents().Retrieve(open.payment_intent_id());
  ASSERT_THAT(own, IsOk());
  EXPECT_EQ(own->status(), "canceled");
  EXPECT_EQ(own->cancellation_reason(), "automatic");
  EXPECT_THAT(TypesSince(mark, "invoice"),
              ElementsAre("invoice.paid", "invoice.payment_succeeded", "invoice_payment.paid"));
  for (const InvoicePayment& payment : Payments(open.id())) {
    EXPECT_EQ(payment.status(), payment.is_default() ? "canceled" : "paid");
  }
}

TEST_F(InvoiceAttachPaymentTest, CancelingAnAttachedIntentCancelsItsPayment) {
  const std::string customer = NewCustomer();
  const Invoice open = OpenInvoice(customer, 3000, /*send_invoice=*/true);
  const PaymentIntent pi = Intent(customer, 1000);
  ASSERT_THAT(Attach(open.id(), pi), IsOk());
  // While it is open the invoice is neither voided nor marked uncollectible.
  EXPECT_THAT(engine_.invoices().Void(open.id()),
              StripeErrorWithParam("invalid_request_error", "", ""));
  EXPECT_THAT(engine_.invoices().MarkUncollectible(open.id()),
              StripeErrorWithParam("invalid_request_error", "", ""));
  EXPECT_EQ(Inv(open.id()).status(), "open");
  clock_.Advance(absl::Minutes(1));
  ASSERT_THAT(engine_.payment_intents().Cancel(pi.id(), PaymentIntentCancelParams()), IsOk());
  std::vector<InvoicePayment> payments = Payments(open.id());
  ASSERT_THAT(payments, SizeIs(1));
  EXPECT_EQ(payments[0].status(), "canceled");
  EXPECT_EQ(payments[0].status_transitions().canceled_at(), kStart + 60);
  EXPECT_EQ(Inv(open.id()).amount_remaining(), 3000);
  // With no open payment left it may be marked uncollectible; a paid one still forbids
  // voiding.
  const PaymentIntent paid = Intent(customer, 500, /*pay=*/true);
  ASSERT_THAT(Attach(open.id(), paid), IsOk());
  EXPECT_THAT(engine_.invoices().Void(open.id()),
              StripeErrorWithParam("invalid_request_error", "", ""));
  absl::StatusOr<Invoice> uncollectible = engine_.invoices().MarkUncollectible(open.id());
  ASSERT_THAT(uncollectible, IsOk());
  EXPECT_EQ(uncollectible->status(), "uncollectible");
  EXPECT_EQ(uncollectible->amount_remaining(), 2500);
}

TEST_F(InvoiceAttachPaymentTest, APaymentPaysNoMoreThanItAsked) {
  const std::string customer = NewCustomer();
  const Invoice open = OpenInvoice(customer, 3000, /*send_invoice=*/true);
  const PaymentIntent pi = Intent(customer, 1000);
  ASSERT_THAT(Attach(open.id(), pi), IsOk());
  // The intent's amount raised after it was attached: its payment still pays what it asked.
  PaymentIntentUpdateParams raise;
  raise.set_amount(1500);
  ASSERT_THAT(engine_.payment_intents().Update(pi.id(), raise), IsOk());
  ASSERT_THAT(Confirm(pi), IsOk());
  const Invoice partly = Inv(open.id());
  EXPECT_EQ(partly.amount_paid(), 1000);
  EXPECT_EQ(partly.amount_remaining(), 2000);
  ASSERT_THAT(partly.payments().data(), SizeIs(1));
  EXPECT_EQ(partly.payments().data(0).amount_paid(), 1000);
}

TEST_F(InvoiceAttachPaymentTest, RefusalsChangeNothing) {
  const std::string customer = NewCustomer();
  const std::string other = NewCustomer();
  const Invoice open = OpenInvoice(customer, 3000, /*send_invoice=*/true);
  const PaymentIntent fits = Intent(customer, 2000);
  ASSERT_THAT(Attach(open.id(), fits), IsOk());
  const Invoice before = Inv(open.id());

  EXPECT_THAT(Attach("in_missing", fits), StripeErrorWithParam("invalid_request_error",
                                                               "resource_missing", "id"));
  EXPECT_THAT(Attach(open.id(), "payment_intent: \"pi_missing\""),
              StripeErrorWithParam("invalid_request_error", "resource_missing", "payment_intent"));
  EXPECT_THAT(Attach(open.id(), "payment_record: \"pr_1\""),
              StripeErrorWithParam("invalid_request_error", "resource_missing", "payment_record"));
  EXPECT_THAT(Attach(open.id(), ""),
              StripeErrorWithParam("invalid_request_error", "parameter_missing", "payment_intent"));
  EXPECT_THAT(
      Attach(open.id(), absl::StrCat("payment_intent: \"", fits.id(), "\" payment_record: \"x\"")),
      StripeErrorWithParam("invalid_request_error", "", "payment_intent"));
  // Already attached; another customer's; another currency; more than is left unrequested
  // (3000 less the 2000 asked for); canceled.
  EXPECT_THAT(Attach(open.id(), fits),
              StripeErrorWithParam("invalid_request_error", "", "payment_intent"));
  EXPECT_THAT(Attach(open.id(), Intent(other, 500)),
              StripeErrorWithParam("invalid_request_error", "", "payment_intent"));
  EXPECT_THAT(Attach(open.id(), Intent(customer, 500, false, "eur")),
              StripeErrorWithParam("invalid_request_error", "", "payment_intent"));
  EXPECT_THAT(Attach(open.id(), Intent(customer, 1001)),
              StripeErrorWithParam("invalid_request_error", "", "payment_intent"));
  const PaymentIntent canceled = Intent(customer, 100);
  ASSERT_THAT(engine_.payment_intents().Cancel(canceled.id(), PaymentIntentCancelParams()),
              IsOk());
  EXPECT_THAT(Attach(open.id(), canceled),
              StripeErrorWithParam("invalid_request_error", "", "payment_intent"));
  EXPECT_EQ(Inv(open.id()).payments().data_size(), before.payments().data_size());
  EXPECT_EQ(Inv(open.id()).amount_remaining(), 3000);
  // The exact remainder still fits.
  EXPECT_THAT(Attach(open.id(), Intent(customer, 1000)), IsOk());

  // An invoice's own PaymentIntent; a draft; a charge_automatically subscription invoice.
  const Invoice charged = OpenInvoice(customer, 1000, /*send_invoice=*/false);
  EXPECT_THAT(Attach(charged.id(), absl::StrCat("payment_intent: \"",
                                                charged.payment_intent_id(), "\"")),
              StripeErrorWithParam("invalid_request_error", "", "payment_intent"));
  ASSERT_THAT(engine_.invoice_items().Create(ParseParams<InvoiceItemCreateParams>(absl::StrCat(
                  "customer: \"", customer, "\" currency: \"usd\" amount: 700"))),
              IsOk());
  absl::StatusOr<Invoice> draft = engine_.invoices().Create(ParseParams<InvoiceCreateParams>(
      absl::StrCat("customer: \"", customer, "\" pending_invoice_items_behavior: \"include\"")));
  ASSERT_THAT(draft, IsOk());
  EXPECT_THAT(Attach(draft->id(), Intent(customer, 100)),
              StripeErrorWithParam("invalid_request_error", "", ""));
  absl::StatusOr<Subscription> sub =
      Subscribe(NewCustomer(""), NewPrice(1500), "payment_behavior: \"default_incomplete\"");
  ASSERT_THAT(sub, IsOk());
  EXPECT_THAT(Attach(sub->latest_invoice(), Intent(sub->customer(), 100)),
              StripeErrorWithParam("invalid_request_error", "", ""));
  EXPECT_THAT(Inv(sub->latest_invoice()).payments().data(), SizeIs(1));
}

TEST_F(InvoiceAttachPaymentTest, EachPaymentIsFoundByItsIdAndItsIntentAlsoAfterARestore) {
  const std::string customer = NewCustomer();
  const Invoice a = OpenInvoice(customer, 3000, /*send_invoice=*/false);  // a default payment
  ASSERT_THAT(a.payments().data(), SizeIs(1));
  // The first retrieve finds the payments made so far; those opened later are found too.
  absl::StatusOr<InvoicePayment> a_default =
      engine_.invoice_payments().Retrieve(a.payments().data(0).id());
  ASSERT_THAT(a_default, IsOk());
  EXPECT_EQ(a_default->invoice(), a.id());
  const Invoice b = OpenInvoice(customer, 2000, /*send_invoice=*/true);
  ASSERT_THAT(Attach(b.id(), Intent(customer, 500)), IsOk());
  absl::StatusOr<Invoice> both = Attach(b.id(), Intent(customer, 700));
  ASSERT_THAT(both, IsOk());
  ASSERT_THAT(both->payments().data(), SizeIs(2));
  std::vector<InvoicePayment> all = {*a_default};
  for (const InvoicePayment& payment : both->payments().data()) all.push_back(payment);
  for (const InvoicePayment& payment : all) {
    absl::StatusOr<InvoicePayment> found = engine_.invoice_payments().Retrieve(payment.id());
    ASSERT_THAT(found, IsOk());
    EXPECT_EQ(found->invoice(), payment.invoice());
    EXPECT_EQ(found->payment().payment_intent(), payment.payment().payment_intent());
    EXPECT_EQ(found->amount_requested(), payment.amount_requested());
  }
  EXPECT_THAT(engine_.invoice_payments().Retrieve("inpay_missing"),
              StripeErrorWithParam("invalid_request_error", "resource_missing", "id"));
  // Listed by PaymentIntent: each intent's own payment, on whichever invoice holds it.
  auto by_intent = [&](const std::string& intent) {
    absl::StatusOr<ListResult<InvoicePayment>> page =
        engine_.invoice_payments().List(ParseParams<InvoicePaymentListParams>(
            absl::StrCat("payment { payment_intent: \"", intent, "\" }")));
    EXPECT_THAT(page, IsOk());
    std::vector<std::string> ids;
    if (page.ok()) {
      for (const InvoicePayment& payment : page->data) ids.push_back(payment.id());
    }
    return ids;
  };
  for (const InvoicePayment& payment : all) {
    EXPECT_THAT(by_intent(payment.payment().payment_intent()), ElementsAre(payment.id()));
  }
  EXPECT_THAT(by_intent(Intent(customer, 900).id()), IsEmpty());  // on no invoice
  EXPECT_THAT(by_intent("pi_missing"), IsEmpty());

  absl::StatusOr<std::unique_ptr<Engine>> restored =
      testing::RestoredCopy(engine_, {.clock = &clock_});
  ASSERT_THAT(restored, IsOk());
  Engine& engine = **restored;
  for (const InvoicePayment& payment : all) {
    absl::StatusOr<InvoicePayment> found = engine.invoice_payments().Retrieve(payment.id());
    ASSERT_THAT(found, IsOk());
    EXPECT_EQ(found->invoice(), payment.invoice());
  }
  absl::StatusOr<PaymentIntent> third =
      engine.payment_intents().Create(ParseParams<PaymentIntentCreateParams>(absl::StrCat(
          "amount: 300 currency: \"usd\" customer: \"", customer, "\"")));
  ASSERT_THAT(third, IsOk());
  absl::StatusOr<Invoice> three = engine.invoices().AttachPayment(
      b.id(), ParseParams<InvoiceAttachPaymentParams>(
                  absl::StrCat("payment_intent: \"", third->id(), "\"")));
  ASSERT_THAT(three, IsOk());
  ASSERT_THAT(three->payments().data(), SizeIs(3));
  const std::string newest = three->payments().data(2).id();
  absl::StatusOr<InvoicePayment> found = engine.invoice_payments().Retrieve(newest);
  ASSERT_THAT(found, IsOk());
  EXPECT_EQ(found->payment().payment_intent(), third->id());
  EXPECT_THAT(engine_.invoice_payments().Retrieve(newest),
              StripeErrorWithParam("invalid_request_error", "resource_missing", "id"));
}

}  // namespace
}  // namespace paysim
