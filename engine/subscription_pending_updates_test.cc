// Behaviour tests of payment_behavior on subscription changes and of pending updates: a
// pending_if_incomplete upgrade paid at once, declined (held in pending_update), paid later
// (applied), expiring at 23 hours or at the period's end (one second either side), discarded by
// a later change or by voiding its invoice; error_if_incomplete refused with the decline;
// default_incomplete awaiting the customer; the Subscription Items API; refusals.
#include <string>
#include <vector>

#include "engine/billing_test_fixture.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace paysim {
namespace {

using ::paysim::testing::IsOk;
using ::paysim::testing::ParseParams;
using ::paysim::testing::StripeErrorIs;
using ::paysim::testing::StripeErrorWithParam;
using ::testing::ElementsAre;
using ::testing::HasSubstr;

class PendingUpdatesTest : public BillingTest {
 protected:
  // January has 31 days: a change on Jan 22 leaves 10 of 31 days.
  static constexpr int64_t kJan22 = kStart + 21 * kDay;

  void SetUp() override {
    customer_ = NewCustomer();
    price_ = NewPrice(3100);
    gold_ = NewPrice(6200);
    absl::StatusOr<Subscription> sub = Subscribe(customer_, price_);
    ASSERT_THAT(sub, IsOk());
    sub_ = sub->id();
    item_ = sub->items().data(0).id();
    first_invoice_ = sub->latest_invoice();
  }

  // Later payments fail (the subscription's first invoice was paid with the good card).
  void CardDeclines() {
    SetDefaultCard(customer_, AttachCard(customer_, "pm_card_chargeCustomerFail"));
  }

  absl::StatusOr<Subscription> Change(const std::string& text) {
    return engine_.subscriptions().Update(sub_, ParseParams<SubscriptionChangeParams>(text));
  }

  // The upgrade to gold on Jan 22, invoiced now, with `behavior`.
  absl::StatusOr<Subscription> Upgrade(const std::string& behavior) {
    At(kJan22);
    return Change(absl::StrCat("items { id: \"", item_, "\" price: \"", gold_,
                               "\" } proration_behavior: \"always_invoice\" payment_behavior: \"",
                               behavior, "\""));
  }

  std::string customer_, price_, gold_, sub_, item_, first_invoice_;
};

TEST_F(PendingUpdatesTest, PaidAtOnceAppliesAsUsual) {
  const size_t first = events_.size();
  absl::StatusOr<Subscription> after = Upgrade("pending_if_incomplete");
  ASSERT_THAT(after, IsOk());
  EXPECT_EQ(after->items().data(0).price().id(), gold_);
  EXPECT_FALSE(after->has_pending_update());
  EXPECT_EQ(after->status(), "active");
  const Invoice invoice = Inv(after->latest_invoice());
  EXPECT_NE(invoice.id(), first_invoice_);
  EXPECT_EQ(invoice.status(), "paid");
  EXPECT_EQ(invoice.amount_paid(), 1000);  // 2000 - 1000 for the 10 remaining days
  EXPECT_EQ(invoice.billing_reason(), "subscription_update");
  // The prorations and their invoice, then the subscription's update (no pending event).
  const std::vector<std::string> types = TypesSince(first, "customer.subscription");
  EXPECT_THAT(types, ElementsAre("customer.subscription.updated"));
  EXPECT_EQ(events_.back().type(), "customer.subscription.updated");
}

TEST_F(PendingUpdatesTest, DeclinedChangeIsHeldUntilItsInvoiceIsPaid) {
  CardDeclines();
  const size_t first = events_.size();
  absl::StatusOr<Subscription> held = Upgrade("pending_if_incomplete");
  ASSERT_THAT(held, IsOk());
  // Nothing changed but the pending update and the invoice that waits for payment.
  EXPECT_EQ(held->items().data(0).price().id(), price_);
  EXPECT_EQ(held->status(), "active");
  ASSERT_TRUE(held->has_pending_update());
  const SubscriptionPendingUpdate& pending = held->pending_update();
  EXPECT_EQ(pending.expires_at(), kJan22 + 23 * kHour);
  ASSERT_EQ(pending.subscription_items_size(), 1);
  EXPECT_EQ(pending.subscription_items(0).id(), item_);
  EXPECT_EQ(pending.subscription_items(0).price().id(), gold_);
  EXPECT_FALSE(pending.has_billing_cycle_anchor());
  EXPECT_FALSE(pending.has_trial_end());
  const Invoice open = Inv(held->latest_invoice());
  EXPECT_EQ(open.status(), "open");
  EXPECT_EQ(open.amount_due(), 1000);
  EXPECT_EQ(open.attempt_count(), 1);
  EXPECT_FALSE(open.has_next_payment_attempt());  // not retried as a renewal
  EXPECT_THAT(TypesSince(first, "customer.subscription"),
              ElementsAre("customer.subscription.updated"));
  EXPECT_THAT(events_.back().data().previous_attributes(), HasSubstr("\"pending_update\":null"));
  // The renewal's retries never made it past_due; paying the invoice applies the change.
  At(kJan22 + 2 * kHour);
  InvoicePayParams pay;
  pay.set_payment_method(AttachCard(customer_, "pm_card_visa"));
  const size_t before_pay = events_.size();
  ASSERT_THAT(engine_.invoices().Pay(open.id(), pay), IsOk());
  const Subscription applied = Sub(sub_);
  EXPECT_FALSE(applied.has_pending_update());
  EXPECT_EQ(applied.items().data(0).price().id(), gold_);
  EXPECT_EQ(applied.items().data(0).id(), item_);
  EXPECT_EQ(applied.latest_invoice(), open.id());
  EXPECT_EQ(applied.period_end(), kFeb1);  // the same cycle
  EXPECT_THAT(TypesSince(before_pay, "customer.subscription"),
              ElementsAre("customer.subscription.updated",
                          "customer.subscription.pending_update_applied"));
  // The renewal bills the new price.
  At(kFeb1 + kHour);
  EXPECT_EQ(Inv(Sub(sub_).latest_invoice()).subtotal(), 6200);
}

// add_invoice_items, which pending updates take, are billed on the invoice the update waits
// for, and paid with it (once: not again by the renewal).
TEST_F(PendingUpdatesTest, AddInvoiceItemsRideOnTheInvoiceTheUpdateWaitsFor) {
  CardDeclines();
  At(kJan22);
  const std::string fee = absl::StrCat(
      "add_invoice_items { price_data { currency: \"usd\" product: \"",
      Sub(sub_).items().data(0).price().product(), "\" unit_amount: 500 } }");
  absl::StatusOr<Subscription> held = Change(absl::StrCat(
      "items { id: \"", item_, "\" price: \"", gold_, "\" } proration_behavior: ",
      "\"always_invoice\" payment_behavior: \"pending_if_incomplete\" ", fee));
  ASSERT_THAT(held, IsOk());
  ASSERT_TRUE(held->has_pending_update());
  const Invoice open = Inv(held->latest_invoice());
  EXPECT_EQ(open.status(), "open");
  EXPECT_EQ(open.amount_due(), 1000 + 500);
  InvoicePayParams pay;
  pay.set_payment_method(AttachCard(customer_, "pm_card_visa"));
  ASSERT_THAT(engine_.invoices().Pay(open.id(), pay), IsOk());
  EXPECT_EQ(Sub(sub_).items().data(0).price().id(), gold_);
  At(kFeb1 + kHour);  // the fee was billed once
  EXPECT_EQ(Inv(Sub(sub_).latest_invoice()).subtotal(), 6200);

}

TEST_F(PendingUpdatesTest, ExpiresAfter23HoursAndVoidsItsInvoice) {
  CardDeclines();
  absl::StatusOr<Subscription> held = Upgrade("pending_if_incomplete");
  ASSERT_THAT(held, IsOk());
  const std::string invoice = held->latest_invoice();
  At(kJan22 + 23 * kHour - 1);
  EXPECT_TRUE(Sub(sub_).has_pending_update());
  EXPECT_EQ(Inv(invoice).status(), "open");
  const size_t first = events_.size();
  At(kJan22 + 23 * kHour);
  const Subscription after = Sub(sub_);
  EXPECT_FALSE(after.has_pending_update());
  EXPECT_EQ(after.items().data(0).price().id(), price_);
  EXPECT_EQ(after.status(), "active");
  EXPECT_EQ(Inv(invoice).status(), "void");
  EXPECT_THAT(TypesSince(first), ElementsAre("customer.subscription.pending_update_expired",
                                             "payment_intent.canceled", "invoice.voided"));
  // The renewal bills the old price.
  At(kFeb1 + kHour);
  EXPECT_EQ(Inv(Sub(sub_).latest_invoice()).subtotal(), 3100);
}

TEST_F(PendingUpdatesTest, ExpiresAtThePeriodsEndWhenThatComesFirst) {
  CardDeclines();
  At(kFeb1 - 2 * kHour);
  ASSERT_THAT(Change(absl::StrCat("items { id: \"", item_, "\" quantity: 2 } "
                                  "proration_behavior: \"always_invoice\" "
                                  "payment_behavior: \"pending_if_incomplete\"")),
              IsOk());
  EXPECT_EQ(Sub(sub_).pending_update().expires_at(), kFeb1);
  At(kFeb1 - 1);
  EXPECT_TRUE(Sub(sub_).has_pending_update());
  const size_t first = events_.size();
  At(kFeb1);
  EXPECT_FALSE(Sub(sub_).has_pending_update());
  const std::vector<std::string> types = TypesSince(first, "customer.subscription");
  ASSERT_GE(types.size(), 2u);
  EXPECT_EQ(types[0], "customer.subscription.pending_update_expired");  // before the renewal
  EXPECT_EQ(types[1], "customer.subscription.updated");
  EXPECT_EQ(Sub(sub_).items().data(0).quantity(), 1);
}

TEST_F(PendingUpdatesTest, ANewIntervalStartsWhenTheUpdateWasMade) {
  const std::string yearly = NewPrice(36500, "year");
  CardDeclines();
  At(kJan22);
  absl::StatusOr<Subscription> held =
      Change(absl::StrCat("items { id: \"", item_, "\" price: \"", yearly,
                          "\" } payment_behavior: \"pending_if_incomplete\""));
  ASSERT_THAT(held, IsOk());
  ASSERT_TRUE(held->has_pending_update());
  EXPECT_EQ(held->pending_update().billing_cycle_anchor(), kJan22);
  EXPECT_EQ(held->billing_cycle_anchor(), kStart);  // unchanged meanwhile
  EXPECT_EQ(held->period_end(), kFeb1);
  At(kJan22 + 3 * kHour);
  InvoicePayParams pay;
  pay.set_payment_method(AttachCard(customer_, "pm_card_visa"));
  ASSERT_THAT(engine_.invoices().Pay(held->latest_invoice(), pay), IsOk());
  const Subscription applied = Sub(sub_);
  EXPECT_EQ(applied.billing_cycle_anchor(), kJan22);
  EXPECT_EQ(applied.period_start(), kJan22);
  EXPECT_EQ(applied.items().data(0).price().id(), yearly);
  // The old period's end no longer renews it; the year from Jan 22 does.
  const size_t first = events_.size();
  At(kFeb1 + 2 * kHour);
  EXPECT_THAT(TypesSince(first, "invoice.created"), ::testing::IsEmpty());
}

TEST_F(PendingUpdatesTest, ALaterChangeOfTheItemsDiscardsIt) {
  CardDeclines();
  absl::StatusOr<Subscription> held = Upgrade("pending_if_incomplete");
  ASSERT_THAT(held, IsOk());
  const std::string invoice = held->latest_invoice();
  const size_t first = events_.size();
  absl::StatusOr<Subscription> after =
      Change(absl::StrCat("items { id: \"", item_, "\" quantity: 3 }"));
  ASSERT_THAT(after, IsOk());
  EXPECT_FALSE(after->has_pending_update());
  EXPECT_EQ(after->items().data(0).quantity(), 3);
  EXPECT_EQ(after->items().data(0).price().id(), price_);
  EXPECT_EQ(Inv(invoice).status(), "void");
  EXPECT_EQ(TypesSince(first).front(), "customer.subscription.pending_update_expired");
  // A change of something else keeps it.
  CardDeclines();
  ASSERT_THAT(Upgrade("pending_if_incomplete"), IsOk());
  ASSERT_THAT(Change("description: \"kept\""), IsOk());
  EXPECT_TRUE(Sub(sub_).has_pending_update());
}

TEST_F(PendingUpdatesTest, VoidingItsInvoiceDiscardsIt) {
  CardDeclines();
  absl::StatusOr<Subscription> held = Upgrade("pending_if_incomplete");
  ASSERT_THAT(held, IsOk());
  const size_t first = events_.size();
  ASSERT_THAT(engine_.invoices().Void(held->latest_invoice()), IsOk());
  EXPECT_FALSE(Sub(sub_).has_pending_update());
  EXPECT_THAT(TypesSince(first, "customer.subscription"),
              ElementsAre("customer.subscription.updated"));
  // Its expiry then does nothing.
  const size_t later = events_.size();
  At(kJan22 + 23 * kHour);
  EXPECT_THAT(TypesSince(later, "customer.subscription"), ::testing::IsEmpty());
}

TEST_F(PendingUpdatesTest, CancelingDiscardsIt) {
  CardDeclines();
  ASSERT_THAT(Upgrade("pending_if_incomplete"), IsOk());
  const size_t first = events_.size();
  ASSERT_THAT(engine_.subscriptions().Cancel(sub_, SubscriptionCancelNowParams()), IsOk());
  EXPECT_FALSE(Sub(sub_).has_pending_update());
  EXPECT_EQ(TypesSince(first, "customer.subscription").front(),
            "customer.subscription.pending_update_expired");
}

TEST_F(PendingUpdatesTest, AChangeBilledLaterAppliesAtOnce) {
  CardDeclines();
  At(kJan22);
  absl::StatusOr<Subscription> after =
      Change(absl::StrCat("items { id: \"", item_, "\" price: \"", gold_,
                          "\" } payment_behavior: \"pending_if_incomplete\""));
  ASSERT_THAT(after, IsOk());
  EXPECT_FALSE(after->has_pending_update());
  EXPECT_EQ(after->items().data(0).price().id(), gold_);
}

TEST_F(PendingUpdatesTest, ErrorIfIncompleteRefusesWithTheDecline) {
  CardDeclines();
  const Subscription before = Sub(sub_);
  EXPECT_THAT(Upgrade("error_if_incomplete"), StripeErrorIs("card_error", "card_declined"));
  const Subscription after = Sub(sub_);
  EXPECT_EQ(after.items().data(0).price().id(), price_);
  EXPECT_FALSE(after.has_pending_update());
  EXPECT_EQ(after.latest_invoice(), first_invoice_);
  EXPECT_EQ(after.status(), "active");
  const std::vector<Invoice> invoices = InvoicesOf(sub_);
  ASSERT_EQ(invoices.size(), 2u);
  EXPECT_EQ(invoices[1].status(), "void");
  // Paid, it applies.
  SetDefaultCard(customer_, AttachCard(customer_, "pm_card_visa"));
  absl::StatusOr<Subscription> paid = Change(
      absl::StrCat("items { id: \"", item_, "\" price: \"", gold_,
                   "\" } proration_behavior: \"always_invoice\" "
                   "payment_behavior: \"error_if_incomplete\""));
  ASSERT_THAT(paid, IsOk());
  EXPECT_EQ(paid->items().data(0).price().id(), gold_);
}

TEST_F(PendingUpdatesTest, ErrorIfIncompleteWithoutAPaymentMethodChangesNothing) {
  // Active, then its only card detached.
  const std::string bare = NewCustomer("");
  const std::string card = AttachCard(bare, "pm_card_visa");
  SetDefaultCard(bare, card);
  absl::StatusOr<Subscription> sub = Subscribe(bare, price_);
  ASSERT_THAT(sub, IsOk());
  ASSERT_EQ(sub->status(), "active");
  ASSERT_THAT(engine_.payment_methods().Detach(card), IsOk());
  const Subscription before = Sub(sub->id());
  const size_t first = events_.size();
  EXPECT_THAT(engine_.subscriptions().Update(
                  sub->id(), ParseParams<SubscriptionChangeParams>(absl::StrCat(
                                 "items { id: \"", sub->items().data(0).id(),
                                 "\" quantity: 2 } proration_behavior: \"always_invoice\" "
                                 "payment_behavior: \"error_if_incomplete\""))),
              StripeErrorIs("invalid_request_error", ""));
  EXPECT_EQ(events_.size(), first);
  EXPECT_EQ(Sub(sub->id()), before);
}

TEST_F(PendingUpdatesTest, ErrorIfIncompleteRefusesWhenAuthenticationIsNeeded) {
  SetDefaultCard(customer_, AttachCard(customer_, "pm_card_authenticationRequired"));
  EXPECT_THAT(Upgrade("error_if_incomplete"),
              StripeErrorIs("card_error", "authentication_required"));
  EXPECT_EQ(Sub(sub_).items().data(0).price().id(), price_);
}

TEST_F(PendingUpdatesTest, DefaultIncompleteAwaitsTheCustomer) {
  absl::StatusOr<Subscription> after = Upgrade("default_incomplete");
  ASSERT_THAT(after, IsOk());
  EXPECT_EQ(after->items().data(0).price().id(), gold_);
  EXPECT_EQ(after->status(), "past_due");
  const Invoice open = Inv(after->latest_invoice());
  EXPECT_EQ(open.status(), "open");
  EXPECT_EQ(open.attempt_count(), 0);
  ASSERT_THAT(engine_.invoices().Pay(open.id(), InvoicePayParams()), IsOk());
  EXPECT_EQ(Sub(sub_).status(), "active");
}

TEST_F(PendingUpdatesTest, SubscriptionItemsApiHoldsToo) {
  CardDeclines();
  At(kJan22);
  SubscriptionItemCreateParams create;
  create.set_subscription(sub_);
  create.set_price(NewPrice(3100));
  create.set_proration_behavior("always_invoice");
  create.set_payment_behavior("pending_if_incomplete");
  absl::StatusOr<SubscriptionItem> item = engine_.subscription_items().Create(create);
  ASSERT_THAT(item, IsOk());
  const Subscription held = Sub(sub_);
  EXPECT_EQ(held.items().data_size(), 1);
  ASSERT_EQ(held.pending_update().subscription_items_size(), 2);
  EXPECT_EQ(held.pending_update().subscription_items(1).id(), item->id());
  // metadata is not a pending update's.
  SubscriptionItemUpdateParams update;
  update.set_quantity(2);
  (*update.mutable_metadata())["k"] = "v";
  update.set_payment_behavior("pending_if_incomplete");
  EXPECT_THAT(engine_.subscription_items().Update(item_, update),
              StripeErrorWithParam("invalid_request_error", "", "metadata"));
}

TEST_F(PendingUpdatesTest, MetadataWaitsInThePendingUpdate) {
  // From 2026-05-27.dahlia (the engine's version here is later): held with the change, merged
  // into the subscription's metadata when the invoice is paid.
  ASSERT_THAT(Change("metadata { key: \"team\" value: \"ops\" }"), IsOk());
  CardDeclines();
  At(kJan22);
  absl::StatusOr<Subscription> held = Change(absl::StrCat(
      "items { id: \"", item_, "\" price: \"", gold_,
      "\" } proration_behavior: \"always_invoice\" payment_behavior: \"pending_if_incomplete\" "
      "metadata { key: \"plan\" value: \"gold\" } metadata { key: \"team\" value: \"\" }"));
  ASSERT_THAT(held, IsOk());
  ASSERT_TRUE(held->has_pending_update());
  EXPECT_EQ(held->metadata().size(), 1u);  // unchanged: team=ops
  EXPECT_EQ(held->metadata().at("team"), "ops");
  EXPECT_EQ(held->pending_update().metadata().at("plan"), "gold");
  EXPECT_EQ(held->pending_update().metadata().at("team"), "");

  InvoicePayParams pay;
  pay.set_payment_method(AttachCard(customer_, "pm_card_visa"));
  ASSERT_THAT(engine_.invoices().Pay(held->latest_invoice(), pay), IsOk());
  const Subscription applied = Sub(sub_);
  EXPECT_FALSE(applied.has_pending_update());
  EXPECT_EQ(applied.items().data(0).price().id(), gold_);
  EXPECT_EQ(applied.metadata().size(), 1u);  // plan added, team removed
  EXPECT_EQ(applied.metadata().at("plan"), "gold");

  // Paid at once, the metadata applies with the change, as any update's.
  SetDefaultCard(customer_, AttachCard(customer_, "pm_card_visa"));
  absl::StatusOr<Subscription> direct = Change(absl::StrCat(
      "items { id: \"", item_, "\" price: \"", price_,
      "\" } proration_behavior: \"always_invoice\" payment_behavior: \"pending_if_incomplete\" "
      "metadata { key: \"plan\" value: \"basic\" }"));
  ASSERT_THAT(direct, IsOk());
  EXPECT_FALSE(direct->has_pending_update());
  EXPECT_EQ(direct->metadata().at("plan"), "basic");
}

TEST_F(PendingUpdatesTest, Refusals) {
  const Subscription before = Sub(sub_);
  const size_t first = events_.size();
  EXPECT_THAT(Change("payment_behavior: \"sometimes\""),
              StripeErrorWithParam("invalid_request_error", "", "payment_behavior"));
  // metadata: refused before 2026-05-27.dahlia (MetadataWaitsInThePendingUpdate below).
  RequestOptions before_metadata;
  before_metadata.api_version = "2026-04-22.dahlia";
  EXPECT_THAT(engine_.subscriptions().Update(
                  sub_,
                  ParseParams<SubscriptionChangeParams>(
                      "payment_behavior: \"pending_if_incomplete\" metadata { key: \"k\" "
                      "value: \"v\" }"),
                  before_metadata),
              StripeErrorWithParam("invalid_request_error", "", "metadata"));
  EXPECT_THAT(Change(absl::StrCat("payment_behavior: \"pending_if_incomplete\" items { id: \"",
                                  item_, "\" quantity: 2 metadata { key: \"k\" value: \"v\" } }")),
              StripeErrorWithParam("invalid_request_error", "", "items[0][metadata]"));
  EXPECT_THAT(Change("payment_behavior: \"pending_if_incomplete\" cancel_at_period_end: true"),
              StripeErrorWithParam("invalid_request_error", "", "cancel_at_period_end"));
  EXPECT_EQ(events_.size(), first);
  EXPECT_EQ(Sub(sub_), before);
  const std::string invoiced = Subscribe(customer_, NewPrice(),
                                         "collection_method: \"send_invoice\" "
                                         "days_until_due: 30")
                                   ->id();
  EXPECT_THAT(engine_.subscriptions().Update(
                  invoiced, ParseParams<SubscriptionChangeParams>(
                                "payment_behavior: \"pending_if_incomplete\"")),
              StripeErrorWithParam("invalid_request_error", "", "payment_behavior"));
}

}  // namespace
}  // namespace paysim
