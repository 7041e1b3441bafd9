// Behaviour tests of invoices paid by bank debits that are returned: the PaymentIntent
// processes for kBankDebitSettlementDelay, then its failure fails the invoice's attempt
// (invoice.payment_failed after the intent's events; one second either side of the
// settlement). A renewal's subscription goes past_due and is retried on the engine's
// schedule; a first invoice's incomplete subscription, kept while the debit processed,
// expires; a one-off invoice stays open, attempted once.
#include <string>
#include <vector>

#include "engine/billing_test_fixture.h"
#include "engine/checkout_sessions.h"

namespace paysim {
namespace {

using ::paysim::testing::IsOk;
using ::paysim::testing::StripeErrorWithParam;
using ::testing::ElementsAre;

constexpr int64_t kJan1 = 1767225600;  // 2026-01-01T00:00:00Z
constexpr char kSettles[] = "000123456789";
constexpr char kInsufficientFunds[] = "000222222227";

class InvoiceBankDebitFailuresTest : public BillingTest {
 protected:
  static int64_t Settlement() { return absl::ToInt64Seconds(kBankDebitSettlementDelay); }

  // An ACH account `number` saved on `customer` with a multi-use mandate.
  std::string SetUpAch(const std::string& customer, const std::string& number) {
    SetupIntentCreateParams params;
    params.set_customer(customer);
    params.add_payment_method_types("us_bank_account");
    PaymentMethodDataParams* data = params.mutable_payment_method_data();
    data->set_type("us_bank_account");
    data->mutable_us_bank_account()->set_account_number(number);
    data->mutable_us_bank_account()->set_routing_number("110000000");
    data->mutable_billing_details()->set_name("Jenny Rosen");
    params.mutable_mandate_data()->mutable_customer_acceptance()->set_type("offline");
    params.set_confirm(true);
    absl::StatusOr<SetupIntent> si = engine_.setup_intents().Create(params);
    EXPECT_THAT(si, IsOk());
    return si.ok() ? si->payment_method() : "";
  }

  std::string IntentStatus(const Invoice& invoice) {
    return engine_.payment_intents()
        .Retrieve(invoice.payment_intent_id())
        .value_or(PaymentIntent())
        .status();
  }
};

TEST_F(InvoiceBankDebitFailuresTest, ARenewalsReturnedDebitMakesItPastDueAndIsRetried) {
  At(kJan1);
  const std::string customer = NewCustomer("");
  const std::string good = SetUpAch(customer, kSettles);
  absl::StatusOr<Subscription> sub =
      Subscribe(customer, NewPrice(), absl::StrCat("default_payment_method: \"", good, "\""));
  ASSERT_THAT(sub, IsOk());
  At(kJan1 + Settlement());
  ASSERT_EQ(Sub(sub->id()).status(), "active");

  // The renewal debits an account without the funds.
  const std::string poor = SetUpAch(customer, kInsufficientFunds);
  SubscriptionChangeParams change;
  change.set_default_payment_method(poor);
  ASSERT_THAT(engine_.subscriptions().Update(sub->id(), change), IsOk());
  const int64_t attempted = kFeb1 + kHour;  // finalized an hour after the period's end
  At(attempted);
  std::vector<Invoice> invoices = InvoicesOf(sub->id());
  ASSERT_EQ(invoices.size(), 2u);
  const std::string renewal = invoices[1].id();
  EXPECT_EQ(IntentStatus(invoices[1]), "processing");
  EXPECT_EQ(Sub(sub->id()).status(), "active");

  At(attempted + Settlement() - 1);
  EXPECT_EQ(Inv(renewal).attempt_count(), 0);
  EXPECT_EQ(Sub(sub->id()).status(), "active");
  const size_t first = events_.size();
  At(attempted + Settlement());
  const Invoice failed = Inv(renewal);
  EXPECT_EQ(failed.status(), "open");
  EXPECT_EQ(failed.attempt_count(), 1);
  EXPECT_TRUE(failed.attempted());
  const int64_t retry = attempted + Settlement() + 3 * kDay;  // the schedule's first retry
  EXPECT_EQ(failed.next_payment_attempt(), retry);
  EXPECT_EQ(IntentStatus(failed), "requires_payment_method");
  EXPECT_EQ(Sub(sub->id()).status(), "past_due");
  EXPECT_THAT(TypesSince(first),
              ElementsAre("charge.failed", "payment_intent.payment_failed",
                          "invoice.payment_failed", "invoice.updated",
                          "customer.subscription.updated"));
  At(attempted + Settlement() + 1);
  EXPECT_EQ(Inv(renewal).attempt_count(), 1);

  // The retry debits the account again (processing); a card made the default pays it.
  SubscriptionChangeParams card;
  card.set_default_payment_method(AttachCard(customer, "pm_card_visa"));
  ASSERT_THAT(engine_.subscriptions().Update(sub->id(), card), IsOk());
  At(retry - 1);
  EXPECT_EQ(Inv(renewal).status(), "open");
  At(retry);
  EXPECT_EQ(Inv(renewal).status(), "paid");
  EXPECT_EQ(Sub(sub->id()).status(), "active");
}

TEST_F(InvoiceBankDebitFailuresTest, AFirstDebitReturnedAfter23HoursExpiresTheSubscription) {
  At(kJan1);
  const std::string customer = NewCustomer("");
  const std::string poor = SetUpAch(customer, kInsufficientFunds);
  absl::StatusOr<Subscription> sub =
      Subscribe(customer, NewPrice(), absl::StrCat("default_payment_method: \"", poor, "\""));
  ASSERT_THAT(sub, IsOk());
  EXPECT_EQ(sub->status(), "incomplete");
  const std::string first_invoice = sub->latest_invoice();

  At(kJan1 + 23 * kHour);  // the window's end: the debit still processing keeps it
  EXPECT_EQ(Sub(sub->id()).status(), "incomplete");
  At(kJan1 + Settlement() - 1);
  EXPECT_EQ(Sub(sub->id()).status(), "incomplete");
  EXPECT_EQ(Inv(first_invoice).status(), "open");
  const size_t first = events_.size();
  At(kJan1 + Settlement());
  EXPECT_EQ(Sub(sub->id()).status(), "incomplete_expired");
  const Invoice voided = Inv(first_invoice);
  EXPECT_EQ(voided.status(), "void");
  EXPECT_EQ(voided.attempt_count(), 1);
  EXPECT_THAT(TypesSince(first, "invoice."),
              ElementsAre("invoice.payment_failed", "invoice.updated", "invoice.voided"));
  At(kJan1 + 2 * Settlement());  // the window's second look changes nothing
  EXPECT_EQ(Sub(sub->id()).status(), "incomplete_expired");
}

TEST_F(InvoiceBankDebitFailuresTest, AOneOffInvoiceStaysOpenAttemptedOnce) {
  At(kJan1);
  const std::string customer = NewCustomer("");
  const std::string poor = SetUpAch(customer, kInsufficientFunds);
  InvoiceItemCreateParams item;
  item.set_customer(customer);
  item.set_amount(2500);
  item.set_currency("usd");
  ASSERT_THAT(engine_.invoice_items().Create(item), IsOk());
  InvoiceCreateParams create;
  create.set_customer(customer);
  create.set_pending_invoice_items_behavior("include");
  create.set_default_payment_method(poor);
  absl::StatusOr<Invoice> draft = engine_.invoices().Create(create);
  ASSERT_THAT(draft, IsOk());
  ASSERT_THAT(engine_.invoices().Finalize(draft->id(), InvoiceFinalizeParams()), IsOk());
  absl::StatusOr<Invoice> paying = engine_.invoices().Pay(draft->id(), InvoicePayParams());
  ASSERT_THAT(paying, IsOk());
  EXPECT_EQ(IntentStatus(*paying), "processing");

  At(kJan1 + Settlement() - 1);
  EXPECT_EQ(Inv(draft->id()).attempt_count(), 0);
  At(kJan1 + Settlement());
  const Invoice failed = Inv(draft->id());
  EXPECT_EQ(failed.status(), "open");
  EXPECT_EQ(failed.attempt_count(), 1);
  EXPECT_FALSE(failed.has_next_payment_attempt());
}

TEST_F(InvoiceBankDebitFailuresTest, AnInvoiceWhoseDebitProcessesIsNotPaidAgain) {
  At(kJan1);
  const std::string customer = NewCustomer("");
  const std::string ach = SetUpAch(customer, kSettles);
  absl::StatusOr<Subscription> sub =
      Subscribe(customer, NewPrice(), absl::StrCat("default_payment_method: \"", ach, "\""));
  ASSERT_THAT(sub, IsOk());
  const Invoice processing = Inv(sub->latest_invoice());
  ASSERT_EQ(IntentStatus(processing), "processing");
  const size_t events = events_.size();
  InvoicePayParams pay;
  pay.set_payment_method(AttachCard(customer, "pm_card_visa"));
  EXPECT_THAT(engine_.invoices().Pay(processing.id(), pay),
              StripeErrorWithParam("invalid_request_error", "", ""));
  EXPECT_EQ(events_.size(), events + 1);  // the card's attachment only
  const Invoice unchanged = Inv(processing.id());
  EXPECT_EQ(unchanged.status(), "open");
  EXPECT_EQ(unchanged.attempt_count(), 0);
  EXPECT_EQ(IntentStatus(unchanged), "processing");
  At(kJan1 + Settlement());
  EXPECT_EQ(Inv(processing.id()).status(), "paid");
  EXPECT_EQ(Inv(processing.id()).amount_paid(), 1500);
}

}  // namespace
}  // namespace paysim
