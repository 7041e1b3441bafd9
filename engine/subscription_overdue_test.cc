// Behaviour tests of what happens when a subscription's invoice stays unpaid, as the engine's
// settings (EngineOptions::after_last_retry, send_invoice_overdue_days/send_invoice_overdue)
// say: canceled (the default after the last retry), marked `unpaid` (later invoices left as
// drafts, paying the latest makes it active), or left past_due with the invoice marked
// uncollectible; and the Automations notices invoice.will_be_due and invoice.overdue
// (EngineOptions::invoice_will_be_due_days, invoice_overdue_days), each one second either side.
#include <string>

#include "engine/billing_test_fixture.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace paysim {
namespace {

using ::paysim::testing::IsOk;
using ::testing::ElementsAre;
using ::testing::IsEmpty;
using Outcome = EngineOptions::OverdueSettings::Outcome;

EngineOptions AfterLastRetry(Outcome outcome, bool uncollectible) {
  EngineOptions options;
  options.after_last_retry.subscription = outcome;
  options.after_last_retry.mark_invoice_uncollectible = uncollectible;
  return options;
}

// With the default schedule the renewal of 2026-02-01 is attempted at +1h and retried 3, 5
// and 7 days later; the last retry is at kLastRetry.
constexpr int64_t kFirstAttempt = 1769904000 + 3600;  // 2026-02-01T01:00:00Z
constexpr int64_t kLastRetry = kFirstAttempt + 7 * 86400;

class MarkUnpaidTest : public BillingTest {
 protected:
  MarkUnpaidTest() : BillingTest(AfterLastRetry(Outcome::kMarkUnpaid, false)) {}
};

TEST_F(MarkUnpaidTest, TheLastFailedRetryMarksItUnpaidAndLaterInvoicesStayDrafts) {
  const std::string customer = NewCustomer();
  absl::StatusOr<Subscription> sub = Subscribe(customer, NewPrice());
  ASSERT_THAT(sub, IsOk());
  SetDefaultCard(customer, AttachCard(customer, "pm_card_chargeCustomerFail"));
  At(kLastRetry - 1);
  EXPECT_EQ(Sub(sub->id()).status(), "past_due");
  const std::string failed = Sub(sub->id()).latest_invoice();

  size_t first = events_.size();
  At(kLastRetry);
  Subscription s = Sub(sub->id());
  EXPECT_EQ(s.status(), "unpaid");
  EXPECT_FALSE(s.has_canceled_at());
  ASSERT_GE(events_.size(), 2u);
  // The subscription's update, then its invoice's (no longer collected).
  const Event& updated = events_[events_.size() - 2];
  EXPECT_EQ(updated.type(), "customer.subscription.updated");
  EXPECT_NE(updated.data().previous_attributes().find("\"status\":\"past_due\""),
            std::string::npos)
      << updated.data().previous_attributes();
  EXPECT_EQ(events_.back().type(), "invoice.updated");
  // The invoice stays open, no longer collected.
  Invoice invoice = Inv(failed);
  EXPECT_EQ(invoice.status(), "open");
  EXPECT_FALSE(invoice.auto_advance());
  EXPECT_FALSE(invoice.has_next_payment_attempt());

  // No invoice.upcoming for an unpaid subscription; the next period is drafted, never
  // finalized or charged.
  first = events_.size();
  At(kMar1 - 1);
  EXPECT_THAT(TypesSince(first), IsEmpty());
  At(kMar1);
  s = Sub(sub->id());
  EXPECT_EQ(s.status(), "unpaid");
  EXPECT_NE(s.latest_invoice(), failed);
  const std::string draft = s.latest_invoice();
  EXPECT_EQ(Inv(draft).status(), "draft");
  EXPECT_FALSE(Inv(draft).auto_advance());
  EXPECT_THAT(TypesSince(first),
              ElementsAre("customer.subscription.updated", "invoice.created"));
  At(kMar1 + kHour + 1);
  EXPECT_EQ(Inv(draft).status(), "draft");
  EXPECT_EQ(InvoicesOf(sub->id()).size(), 3u);

  // Paying the latest invoice (finalized by hand) with a working card: active again.
  const std::string good = AttachCard(customer, "pm_card_visa");
  ASSERT_THAT(engine_.invoices().Finalize(draft, InvoiceFinalizeParams()), IsOk());
  EXPECT_EQ(Sub(sub->id()).status(), "unpaid");
  InvoicePayParams pay;
  pay.set_payment_method(good);
  ASSERT_THAT(engine_.invoices().Pay(draft, pay), IsOk());
  EXPECT_EQ(Inv(draft).status(), "paid");
  EXPECT_EQ(Sub(sub->id()).status(), "active");
}

TEST_F(MarkUnpaidTest, PayingTheFailedInvoiceBeforeTheNextPeriodMakesItActive) {
  const std::string customer = NewCustomer("pm_card_chargeCustomerFail");
  // A trial, so that creation needs no payment.
  absl::StatusOr<Subscription> sub = Subscribe(customer, NewPrice(), "trial_period_days: 31");
  ASSERT_THAT(sub, IsOk());
  At(kLastRetry);
  ASSERT_EQ(Sub(sub->id()).status(), "unpaid");
  InvoicePayParams pay;
  pay.set_paid_out_of_band(true);
  ASSERT_THAT(engine_.invoices().Pay(Sub(sub->id()).latest_invoice(), pay), IsOk());
  EXPECT_EQ(Sub(sub->id()).status(), "active");
  // Active again, the next renewal is finalized and charged as usual (and fails again).
  At(kMar1 + kHour);
  EXPECT_EQ(Inv(Sub(sub->id()).latest_invoice()).status(), "open");
  EXPECT_EQ(Sub(sub->id()).status(), "past_due");
}

TEST_F(MarkUnpaidTest, AnUnpaidSubscriptionCanBeCanceled) {
  const std::string customer = NewCustomer("pm_card_chargeCustomerFail");
  absl::StatusOr<Subscription> sub = Subscribe(customer, NewPrice(), "trial_period_days: 31");
  ASSERT_THAT(sub, IsOk());
  At(kLastRetry);
  ASSERT_EQ(Sub(sub->id()).status(), "unpaid");
  absl::StatusOr<Subscription> canceled =
      engine_.subscriptions().Cancel(sub->id(), SubscriptionCancelNowParams());
  ASSERT_THAT(canceled, IsOk());
  EXPECT_EQ(canceled->status(), "canceled");
  EXPECT_EQ(events_.back().type(), "customer.subscription.deleted");
}

class LeavePastDueTest : public BillingTest {
 protected:
  LeavePastDueTest() : BillingTest(AfterLastRetry(Outcome::kLeavePastDue, true)) {}
};

TEST_F(LeavePastDueTest, TheInvoiceIsMarkedUncollectibleAndTheSubscriptionStaysPastDue) {
  const std::string customer = NewCustomer("pm_card_chargeCustomerFail");
  absl::StatusOr<Subscription> sub = Subscribe(customer, NewPrice(), "trial_period_days: 31");
  ASSERT_THAT(sub, IsOk());
  At(kLastRetry - 1);
  const std::string failed = Sub(sub->id()).latest_invoice();
  EXPECT_EQ(Inv(failed).status(), "open");
  const size_t first = events_.size();
  At(kLastRetry);
  EXPECT_EQ(Inv(failed).status(), "uncollectible");
  EXPECT_EQ(Sub(sub->id()).status(), "past_due");
  EXPECT_THAT(TypesSince(first, "invoice."),
              ElementsAre("invoice.payment_failed", "invoice.updated",
                          "invoice.marked_uncollectible"));
  EXPECT_THAT(TypesSince(first, "customer.subscription"), IsEmpty());
  // The next period is billed and collected as usual.
  At(kMar1 + kHour);
  const Invoice next = Inv(Sub(sub->id()).latest_invoice());
  EXPECT_NE(next.id(), failed);
  EXPECT_EQ(next.status(), "open");
  EXPECT_EQ(next.attempt_count(), 1);
  EXPECT_TRUE(next.has_next_payment_attempt());
}

TEST_F(BillingTest, ByDefaultTheLastFailedRetryCancelsAndLeavesTheInvoiceOpen) {
  const std::string customer = NewCustomer("pm_card_chargeCustomerFail");
  absl::StatusOr<Subscription> sub = Subscribe(customer, NewPrice(), "trial_period_days: 31");
  ASSERT_THAT(sub, IsOk());
  At(kLastRetry);
  EXPECT_EQ(Sub(sub->id()).status(), "canceled");
  EXPECT_EQ(Inv(Sub(sub->id()).latest_invoice()).status(), "open");
}

// send_invoice, 10 days to pay from 2026-01-01: due 2026-01-11.
constexpr int64_t kDue = 1767225600 + 10 * 86400;

EngineOptions SendInvoiceOverdue(int64_t days, Outcome outcome, bool uncollectible) {
  EngineOptions options;
  options.send_invoice_overdue_days = days;
  options.send_invoice_overdue.subscription = outcome;
  options.send_invoice_overdue.mark_invoice_uncollectible = uncollectible;
  return options;
}

class SendInvoiceCancelTest : public BillingTest {
 protected:
  SendInvoiceCancelTest() : BillingTest(SendInvoiceOverdue(5, Outcome::kCancel, false)) {}
};

TEST_F(SendInvoiceCancelTest, AnInvoiceLongPastDueCancelsTheSubscription) {
  absl::StatusOr<Subscription> sub = Subscribe(
      NewCustomer(""), NewPrice(), "collection_method: \"send_invoice\" days_until_due: 10");
  ASSERT_THAT(sub, IsOk());
  At(kDue);
  EXPECT_EQ(Sub(sub->id()).status(), "past_due");
  At(kDue + 5 * kDay - 1);
  EXPECT_EQ(Sub(sub->id()).status(), "past_due");
  const size_t first = events_.size();
  At(kDue + 5 * kDay);
  EXPECT_EQ(Sub(sub->id()).status(), "canceled");
  EXPECT_THAT(TypesSince(first), ElementsAre("customer.subscription.deleted", "invoice.updated"));
  EXPECT_EQ(Inv(sub->latest_invoice()).status(), "open");
}

TEST_F(SendInvoiceCancelTest, APaidInvoiceCancelsNothing) {
  absl::StatusOr<Subscription> sub = Subscribe(
      NewCustomer(""), NewPrice(), "collection_method: \"send_invoice\" days_until_due: 10");
  ASSERT_THAT(sub, IsOk());
  At(kDue);
  InvoicePayParams pay;
  pay.set_paid_out_of_band(true);
  ASSERT_THAT(engine_.invoices().Pay(sub->latest_invoice(), pay), IsOk());
  At(kDue + 5 * kDay);
  EXPECT_EQ(Sub(sub->id()).status(), "active");
}

class SendInvoiceUnpaidTest : public BillingTest {
 protected:
  SendInvoiceUnpaidTest() : BillingTest(SendInvoiceOverdue(5, Outcome::kMarkUnpaid, true)) {}
};

TEST_F(SendInvoiceUnpaidTest, AnInvoiceLongPastDueIsUncollectibleAndTheSubscriptionUnpaid) {
  absl::StatusOr<Subscription> sub = Subscribe(
      NewCustomer(""), NewPrice(), "collection_method: \"send_invoice\" days_until_due: 10");
  ASSERT_THAT(sub, IsOk());
  const size_t first = events_.size();
  At(kDue + 5 * kDay);
  EXPECT_EQ(Sub(sub->id()).status(), "unpaid");
  EXPECT_EQ(Inv(sub->latest_invoice()).status(), "uncollectible");
  EXPECT_THAT(TypesSince(first),
              ElementsAre("customer.subscription.updated", "invoice.marked_uncollectible",
                          "customer.subscription.updated"));
}

EngineOptions Automations(int64_t will_be_due, int64_t overdue) {
  EngineOptions options;
  options.invoice_will_be_due_days = will_be_due;
  options.invoice_overdue_days = overdue;
  return options;
}

class AutomationsTest : public BillingTest {
 protected:
  AutomationsTest() : BillingTest(Automations(3, 2)) {}
};

TEST_F(AutomationsTest, WillBeDueAndOverdueComeOnTheSecond) {
  absl::StatusOr<Subscription> sub = Subscribe(
      NewCustomer(""), NewPrice(), "collection_method: \"send_invoice\" days_until_due: 10");
  ASSERT_THAT(sub, IsOk());
  size_t first = events_.size();
  At(kDue - 3 * kDay - 1);
  EXPECT_THAT(TypesSince(first, "invoice."), IsEmpty());
  At(kDue - 3 * kDay);
  EXPECT_THAT(TypesSince(first, "invoice."), ElementsAre("invoice.will_be_due"));
  EXPECT_EQ(events_.back().data().object().invoice().id(), sub->latest_invoice());
  first = events_.size();
  At(kDue + 2 * kDay - 1);
  EXPECT_THAT(TypesSince(first, "invoice."), IsEmpty());
  At(kDue + 2 * kDay);
  EXPECT_THAT(TypesSince(first, "invoice."), ElementsAre("invoice.overdue"));
}

TEST_F(AutomationsTest, APaidInvoiceGetsNoNotice) {
  absl::StatusOr<Subscription> sub = Subscribe(
      NewCustomer(""), NewPrice(), "collection_method: \"send_invoice\" days_until_due: 10");
  ASSERT_THAT(sub, IsOk());
  InvoicePayParams pay;
  pay.set_paid_out_of_band(true);
  ASSERT_THAT(engine_.invoices().Pay(sub->latest_invoice(), pay), IsOk());
  const size_t first = events_.size();
  At(kDue + 2 * kDay);
  EXPECT_THAT(TypesSince(first, "invoice."), IsEmpty());
}

TEST_F(BillingTest, WithoutAutomationsNoNoticeIsSent) {
  absl::StatusOr<Subscription> sub = Subscribe(
      NewCustomer(""), NewPrice(), "collection_method: \"send_invoice\" days_until_due: 10");
  ASSERT_THAT(sub, IsOk());
  const size_t first = events_.size();
  At(kDue + 20 * kDay);
  for (const std::string& type : TypesSince(first)) {
    EXPECT_NE(type, "invoice.will_be_due");
    EXPECT_NE(type, "invoice.overdue");
  }
  EXPECT_EQ(Sub(sub->id()).status(), "past_due");
}

}  // namespace
}  // namespace paysim
